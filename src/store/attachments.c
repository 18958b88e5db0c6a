#include "store/attachments.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/timefmt.h"

static bool on_postgres(struct store *st)
{
	return db_conn_kind(st->conn) == DB_POSTGRES;
}

static void sha256_hex(const void *data, size_t size, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, size);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static const char *blob_path(struct store *st, const char *sha)
{
	return arena_printf(st->arena, "%s/files/%.2s/%s", st->files_dir, sha, sha);
}

static int io_error(struct loket_err *err, const char *what, const char *path)
{
	return loket_err_set(err, LOKET_EINTERNAL, NULL, "cannot %s %s: %s", what, path,
			     strerror(errno));
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w, n -= (size_t)w;
	}
	return 0;
}

/* Written to a temporary name, synced, then renamed: a file under its hash
 * is always whole. A failed transaction may leave a file nothing refers
 * to; it is harmless (and the next upload of the same bytes uses it). */
static int write_blob(struct store *st, const char *sha, const void *data, size_t size,
		      struct loket_err *err)
{
	const char *path = blob_path(st, sha);
	const char *dir = arena_printf(st->arena, "%s/files/%.2s", st->files_dir, sha);
	const char *tmp = arena_printf(st->arena, "%s.%ld.tmp", path, (long)getpid());
	int fd;

	if (access(path, F_OK) == 0)
		return 0;
	mkdir(arena_printf(st->arena, "%s/files", st->files_dir), 0750);
	if (mkdir(dir, 0750) && errno != EEXIST)
		return io_error(err, "create", dir);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0640)) < 0)
		return io_error(err, "write", tmp);
	if (write_all(fd, data, size) || fsync(fd)) {
		int rc = io_error(err, "write", tmp);
		close(fd);
		unlink(tmp);
		return rc;
	}
	close(fd);
	if (rename(tmp, path))
		return io_error(err, "rename", tmp);
	return 0;
}

static int put_blob_pg(struct store *st, const char *sha, const void *data, size_t size,
		       struct loket_err *err)
{
	static const char sql[] =
		"INSERT INTO attachment_blobs (sha256, data) VALUES ($1, decode($2, 'hex'))"
		" ON CONFLICT (sha256) DO NOTHING";
	char *hex = arena_alloc(st->arena, size * 2 + 1);
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	sodium_bin2hex(hex, size * 2 + 1, data, size);
	db_bind_text(q, 1, sha);
	db_bind_text(q, 2, hex);
	rc = db_step(q, err);
	db_reset(q);
	return rc < 0 ? rc : 0;
}

int store_attachment_add(struct store *st, int64_t ticket, const struct attachment *a, int64_t *id,
			 struct loket_err *err)
{
	static const char sql[] =
		"INSERT INTO ticket_attachments (ticket_id, filename, content_type, size, sha256,"
		" visibility, uploader_id, created_at, comment_id)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
	char sha[65];
	struct db_stmt *q;
	int rc;

	sha256_hex(a->data, a->size, sha);
	rc = on_postgres(st) ? put_blob_pg(st, sha, a->data, a->size, err)
			     : write_blob(st, sha, a->data, a->size, err);
	if (rc || (rc = db_prepare(st->conn, sql, &q, err)))
		return rc;
	db_bind_int(q, 1, ticket);
	db_bind_text(q, 2, a->filename);
	db_bind_text(q, 3, a->content_type);
	db_bind_int(q, 4, (int64_t)a->size);
	db_bind_text(q, 5, sha);
	db_bind_text(q, 6, a->visibility);
	if (st->actor_id)
		db_bind_int(q, 7, st->actor_id);
	else
		db_bind_null(q, 7);
	db_bind_int(q, 8, st->now);
	if (a->comment_id)
		db_bind_int(q, 9, a->comment_id);
	else
		db_bind_null(q, 9);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		*id = db_col_int(q, 0);
	db_reset(q);
	if (rc < 0)
		return rc;
	return store_audit_append(st, "tickets", ticket, "update", "attachments", NULL,
				  arena_printf(st->arena, "%s (%zu bytes)", a->filename, a->size),
				  err);
}

#define COLUMNS                                                                          \
	"id, ticket_id, filename, content_type, size, sha256, visibility, uploader_id, " \
	"created_at,"                                                                    \
	" comment_id"

static struct view *item(struct store *st, struct db_stmt *q)
{
	struct view *v = view_obj(st->arena);
	char at[TIME_RFC3339_LEN];
	int64_t id = db_col_int(q, 0);

	view_set_int(v, "id", id);
	view_set_int(v, "ticket_id", db_col_int(q, 1));
	view_set_str(v, "filename", db_col_text(q, 2));
	view_set_str(v, "content_type", db_col_text(q, 3));
	view_set_int(v, "size", db_col_int(q, 4));
	view_set_str(v, "sha256", db_col_text(q, 5));
	view_set_str(v, "visibility", db_col_text(q, 6));
	view_set_opt_int(v, "uploader_id", !db_col_null(q, 7), db_col_int(q, 7));
	time_rfc3339(db_col_int(q, 8), at);
	view_set_str(v, "created_at", at);
	view_set_opt_int(v, "comment_id", !db_col_null(q, 9), db_col_int(q, 9));
	view_set_str(v, "url", arena_printf(st->arena, "/api/v1/attachments/%lld", (long long)id));
	return v;
}

int store_attachment_list(struct store *st, int64_t ticket, bool internal, struct view **items,
			  struct loket_err *err)
{
	static const char sql[] = "SELECT " COLUMNS " FROM ticket_attachments"
				  " WHERE ticket_id = $1 AND ($2 = 1 OR visibility = 'public')"
				  " ORDER BY id";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, ticket);
	db_bind_int(q, 2, internal);
	*items = view_arr(st->arena);
	while ((rc = db_step(q, err)) == DB_ROW)
		view_push(*items, item(st, q));
	db_reset(q);
	return rc < 0 ? rc : 0;
}

int store_attachment_get(struct store *st, int64_t id, struct view **out, struct loket_err *err)
{
	static const char sql[] = "SELECT " COLUMNS " FROM ticket_attachments WHERE id = $1";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, id);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		*out = item(st, q);
	db_reset(q);
	if (rc == DB_DONE)
		return loket_err_set(err, LOKET_ENOTFOUND, NULL, "no attachment %lld",
				     (long long)id);
	return rc < 0 ? rc : 0;
}

static int read_blob(struct store *st, const char *sha, size_t size, const void **data,
		     struct loket_err *err)
{
	const char *path = blob_path(st, sha);
	unsigned char *buf = arena_alloc(st->arena, size + 1);
	FILE *f = fopen(path, "rb");
	size_t got = f ? fread(buf, 1, size + 1, f) : 0;

	if (f)
		fclose(f);
	if (!f || got != size)
		return loket_err_set(err, LOKET_EINTERNAL, NULL,
				     "the file %s is missing or damaged", path);
	*data = buf;
	return 0;
}

static int read_blob_pg(struct store *st, const char *sha, size_t size, const void **data,
			struct loket_err *err)
{
	static const char sql[] =
		"SELECT encode(data, 'hex') FROM attachment_blobs WHERE sha256 = $1";
	struct db_stmt *q;
	unsigned char *buf = arena_alloc(st->arena, size + 1);
	size_t got = 0;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_text(q, 1, sha);
	rc = db_step(q, err);
	if (rc == DB_ROW) {
		const char *hex = db_col_text(q, 0);
		sodium_hex2bin(buf, size + 1, hex, strlen(hex), NULL, &got, NULL);
	}
	db_reset(q);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE || got != size)
		return loket_err_set(err, LOKET_EINTERNAL, NULL, "the bytes of %s are missing",
				     sha);
	*data = buf;
	return 0;
}

int store_attachment_data(struct store *st, const char *sha256, size_t size, const void **data,
			  struct loket_err *err)
{
	return on_postgres(st) ? read_blob_pg(st, sha256, size, data, err)
			       : read_blob(st, sha256, size, data, err);
}

int store_comment_visibility(struct store *st, int64_t ticket, int64_t comment,
			     const char **visibility, struct loket_err *err)
{
	static const char sql[] =
		"SELECT visibility FROM ticket_comments WHERE id = $1 AND ticket_id = $2";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, comment);
	db_bind_int(q, 2, ticket);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		*visibility = arena_strdup(st->arena, db_col_text(q, 0));
	db_reset(q);
	if (rc == DB_DONE)
		return loket_err_field(err, "comment_id", "this ticket has no comment %lld",
				       (long long)comment);
	return rc < 0 ? rc : 0;
}
