/* The SQLite driver: one writer connection and one reader per worker, all
 * on the same file in WAL mode, so reads never wait for the writer. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db_driver.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct sqlite_conn {
	struct db_conn_base base;
	struct sqlite_db *db;
	sqlite3 *h;
	struct db_stmt_cache cache;
	bool in_use, writer;
};

struct db_stmt {
	struct db_stmt_base base;
	struct sqlite_conn *conn;
	sqlite3_stmt *st;
	int64_t changes;
};

struct sqlite_db {
	struct db_base base;
	char *path;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct sqlite_conn writer;
	struct sqlite_conn *readers;
	int nreaders;
};

static const char *const pragmas = "PRAGMA journal_mode=WAL;"
				   "PRAGMA synchronous=FULL;"
				   "PRAGMA foreign_keys=ON;"
				   "PRAGMA temp_store=MEMORY;";

static int fail(struct loket_err *err, sqlite3 *h, const char *what)
{
	int code = sqlite3_extended_errcode(h);
	int rc = LOKET_EDB;

	if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY ||
	    code == SQLITE_CONSTRAINT_FOREIGNKEY)
		rc = LOKET_ECONFLICT;
	else if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		rc = LOKET_EUNAVAILABLE;
	return loket_err_set(err, rc, NULL, "%s: %s", what, sqlite3_errmsg(h));
}

static int conn_open(struct sqlite_db *db, struct sqlite_conn *c, bool writer,
		     struct loket_err *err)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

	c->base.drv = &db_sqlite_driver;
	c->db = db;
	c->writer = writer;
	if (sqlite3_open_v2(db->path, &c->h, flags, NULL) != SQLITE_OK) {
		int rc = loket_err_set(err, LOKET_EDB, NULL, "cannot open the database %s: %s",
				       db->path, c->h ? sqlite3_errmsg(c->h) : "out of memory");
		sqlite3_close(c->h);
		c->h = NULL;
		return rc;
	}
	sqlite3_busy_timeout(c->h, 5000);
	/* The writer keeps a large page cache; readers a smaller one each (a
	 * write invalidates theirs, and at a million tickets three 64 MiB
	 * caches made most of the server's memory). */
	if (sqlite3_exec(c->h, pragmas, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(c->h, writer ? "PRAGMA cache_size=-65536" : "PRAGMA cache_size=-16384",
			 NULL, NULL, NULL) != SQLITE_OK)
		return fail(err, c->h, "cannot set up the database");
	return 0;
}

static void stmt_finalize(void *p)
{
	struct db_stmt *s = p;

	sqlite3_finalize(s->st);
	free(s);
}

static void conn_close(struct sqlite_conn *c)
{
	if (!c->h)
		return;
	db_stmt_cache_release(&c->cache, stmt_finalize);
	/* Let SQLite keep its query planner statistics fresh. */
	if (c->writer)
		sqlite3_exec(c->h, "PRAGMA optimize", NULL, NULL, NULL);
	sqlite3_close(c->h);
	c->h = NULL;
}

static void sq_close(struct db *d)
{
	struct sqlite_db *db = (struct sqlite_db *)d;

	for (int i = 0; i < db->nreaders; i++)
		conn_close(&db->readers[i]);
	conn_close(&db->writer);
	free(db->readers);
	pthread_mutex_destroy(&db->mu);
	pthread_cond_destroy(&db->cv);
	free(db->path);
	free(db);
}

static int sq_open(const char *path, int pool, struct db **out, struct loket_err *err)
{
	struct sqlite_db *db = xcalloc(1, sizeof(*db));
	int rc;

	db->base.drv = &db_sqlite_driver;
	db->base.kind = DB_SQLITE;
	db->path = xstrdup(path);
	pthread_mutex_init(&db->mu, NULL);
	pthread_cond_init(&db->cv, NULL);
	db->readers = xcalloc((size_t)pool, sizeof(*db->readers));
	db->nreaders = pool;
	/* The writer first: it creates the file and switches it to WAL. */
	rc = conn_open(db, &db->writer, true, err);
	for (int i = 0; !rc && i < pool; i++)
		rc = conn_open(db, &db->readers[i], false, err);
	if (rc) {
		sq_close((struct db *)db);
		return rc;
	}
	*out = (struct db *)db;
	return 0;
}

static struct sqlite_conn *free_conn(struct sqlite_db *db, bool write)
{
	if (write)
		return db->writer.in_use ? NULL : &db->writer;
	for (int i = 0; i < db->nreaders; i++)
		if (!db->readers[i].in_use)
			return &db->readers[i];
	return NULL;
}

static int sq_acquire(struct db *d, bool write, struct db_conn **out, struct loket_err *err)
{
	struct sqlite_db *db = (struct sqlite_db *)d;
	struct sqlite_conn *c;

	pthread_mutex_lock(&db->mu);
	while (!(c = free_conn(db, write)))
		pthread_cond_wait(&db->cv, &db->mu);
	c->in_use = true;
	pthread_mutex_unlock(&db->mu);
	*out = (struct db_conn *)c;
	return 0;
}

static void sq_release(struct db_conn *conn)
{
	struct sqlite_conn *c = (struct sqlite_conn *)conn;

	pthread_mutex_lock(&c->db->mu);
	c->in_use = false;
	pthread_cond_broadcast(&c->db->cv);
	pthread_mutex_unlock(&c->db->mu);
}

static int sq_exec(struct db_conn *conn, const char *sql, struct loket_err *err)
{
	struct sqlite_conn *c = (struct sqlite_conn *)conn;

	if (sqlite3_exec(c->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(err, c->h, "statement failed");
	return 0;
}

/* $N placeholders become ?N, outside quoted text. */
static char *translate(const char *sql)
{
	struct buf b = BUF_INIT(0);
	char quote = 0;

	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			buf_add_char(&b, '?');
			continue;
		}
		buf_add_char(&b, *p);
	}
	return buf_detach(&b, NULL);
}

static int sq_prepare(struct db_conn *conn, const char *sql, struct db_stmt **out,
		      struct loket_err *err)
{
	struct sqlite_conn *c = (struct sqlite_conn *)conn;
	unsigned long hash;
	struct db_stmt *s = db_stmt_cache_get(&c->cache, sql, &hash);

	if (s) {
		/* A caller that forgot db_reset() must not see old rows. */
		sqlite3_reset(s->st);
		*out = s;
		return 0;
	}
	char *text = translate(sql);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(c->h, text, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	free(text);
	if (rc != SQLITE_OK)
		return fail(err, c->h, "cannot prepare a statement");
	s = xcalloc(1, sizeof(*s));
	s->base.drv = &db_sqlite_driver;
	s->conn = c;
	s->st = st;
	db_stmt_cache_put(&c->cache, sql, hash, s);
	*out = s;
	return 0;
}

static void sq_bind_int(struct db_stmt *s, int idx, int64_t v)
{
	sqlite3_bind_int64(s->st, idx, v);
}

static void sq_bind_text(struct db_stmt *s, int idx, const char *v)
{
	sqlite3_bind_text(s->st, idx, v, -1, SQLITE_TRANSIENT);
}

static void sq_bind_null(struct db_stmt *s, int idx)
{
	sqlite3_bind_null(s->st, idx);
}

static int sq_step(struct db_stmt *s, struct loket_err *err)
{
	int rc = sqlite3_step(s->st);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		s->changes = sqlite3_changes64(s->conn->h);
		return DB_DONE;
	}
	rc = fail(err, s->conn->h, "statement failed");
	sqlite3_reset(s->st);
	return rc;
}

static int64_t sq_col_int(struct db_stmt *s, int col)
{
	return sqlite3_column_int64(s->st, col);
}

static const char *sq_col_text(struct db_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s->st, col);
}

static bool sq_col_null(struct db_stmt *s, int col)
{
	return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

static void sq_reset(struct db_stmt *s)
{
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

static int64_t sq_changes(struct db_stmt *s)
{
	return s->changes;
}

static int sq_backup(struct db *d, const char *path, struct loket_err *err)
{
	struct sqlite_db *db = (struct sqlite_db *)d;
	struct db_conn *conn;
	sqlite3 *dst = NULL;
	int rc;

	/* A reader: the backup sees one consistent snapshot while writes go on. */
	sq_acquire(d, false, &conn, err);
	struct sqlite_conn *c = (struct sqlite_conn *)conn;
	if (access(path, F_OK) == 0) {
		rc = loket_err_set(err, LOKET_ECONFLICT, NULL, "%s already exists", path);
		goto out;
	}
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		rc = loket_err_set(err, LOKET_EINVAL, NULL, "cannot create %s: %s", path,
				   dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", c->h, "main");
	if (!bk) {
		rc = fail(err, dst, "backup failed");
		goto out;
	}
	sqlite3_backup_step(bk, -1);
	rc = sqlite3_backup_finish(bk) == SQLITE_OK ? 0 : fail(err, dst, "backup failed");
out:
	sqlite3_close(dst);
	sq_release(conn);
	(void)db;
	return rc;
}

const struct db_driver db_sqlite_driver = {
	.name = "sqlite",
	.kind = DB_SQLITE,
	.begin_sql = "BEGIN IMMEDIATE",
	/* One read transaction per request instead of one per statement: the
	 * WAL locks are taken once, and every read sees one snapshot. */
	.begin_read_sql = "BEGIN",
	.open = sq_open,
	.close = sq_close,
	.acquire = sq_acquire,
	.release = sq_release,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_null = sq_col_null,
	.reset = sq_reset,
	.changes = sq_changes,
	.backup = sq_backup,
};
