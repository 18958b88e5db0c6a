#include "store/auth.h"

#include <string.h>

#include "util/timefmt.h"

static int one_actor(struct store *st, const char *sql, const char *key, int64_t id,
		     struct actor *out, const char **csrf, struct loket_err *err)
{
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	if (key) {
		db_bind_text(q, 1, key);
		db_bind_int(q, 2, st->now);
	} else {
		db_bind_int(q, 1, id);
	}
	rc = db_step(q, err);
	if (rc == DB_ROW) {
		out->user_id = db_col_int(q, 0);
		out->roles = db_col_int(q, 1);
		out->org_id = db_col_null(q, 2) ? 0 : db_col_int(q, 2);
		out->org_shares = db_col_int(q, 3) != 0;
		if (csrf)
			*csrf = arena_strdup(st->arena, db_col_text(q, 4));
	}
	db_reset(q);
	if (rc == DB_DONE)
		return loket_err_set(err, LOKET_EAUTH, NULL, "not signed in");
	return rc < 0 ? rc : 0;
}

int store_actor_by_token(struct store *st, const char *token_hash, struct actor *out,
			 struct loket_err *err)
{
	static const char sql[] =
		"SELECT u.id, u.roles, u.organisation_id, coalesce(o.share_tickets, 0) FROM "
		"api_tokens t"
		" JOIN users u ON u.id = t.user_id LEFT JOIN organisations o ON o.id = "
		"u.organisation_id"
		" WHERE t.token_hash = $1"
		" AND (t.revoked_at IS NULL OR t.revoked_at > $2) AND u.active = 1";

	return one_actor(st, sql, token_hash, 0, out, NULL, err);
}

int store_actor_by_session(struct store *st, const char *session_hash, struct actor *out,
			   const char **csrf, struct loket_err *err)
{
	static const char sql[] = "SELECT u.id, u.roles, u.organisation_id, "
				  "coalesce(o.share_tickets, 0), s.csrf_token"
				  " FROM sessions s JOIN users u ON u.id = s.user_id"
				  " LEFT JOIN organisations o ON o.id = u.organisation_id"
				  " WHERE s.token_hash = $1 AND s.expires_at > $2"
				  " AND u.active = 1";

	return one_actor(st, sql, session_hash, 0, out, csrf, err);
}

int store_actor_by_id(struct store *st, int64_t user_id, struct actor *out, struct loket_err *err)
{
	static const char sql[] =
		"SELECT u.id, u.roles, u.organisation_id, coalesce(o.share_tickets, 0) FROM users u"
		" LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1 AND "
		"u.active = 1";

	return one_actor(st, sql, NULL, user_id, out, NULL, err);
}

int store_login_lookup(struct store *st, const char *email, int64_t *id, const char **hash,
		       bool *active, struct loket_err *err)
{
	static const char sql[] = "SELECT id, password_hash, active FROM users WHERE email = $1";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_text(q, 1, email);
	rc = db_step(q, err);
	if (rc == DB_ROW) {
		*id = db_col_int(q, 0);
		*hash = db_col_null(q, 1) ? NULL : arena_strdup(st->arena, db_col_text(q, 1));
		*active = db_col_int(q, 2) != 0;
	}
	db_reset(q);
	if (rc == DB_DONE)
		return loket_err_set(err, LOKET_ENOTFOUND, "email", "no account for this address");
	return rc < 0 ? rc : 0;
}

int store_user_id_by_email(struct store *st, const char *email, int64_t *id, struct loket_err *err)
{
	const char *hash;
	bool active;

	return store_login_lookup(st, email, id, &hash, &active, err);
}

static int exec_one(struct store *st, const char *sql, struct db_stmt **out, struct loket_err *err)
{
	return db_prepare(st->conn, sql, out, err);
}

static int finish(struct db_stmt *q, struct loket_err *err)
{
	int rc = db_step(q, err);

	db_reset(q);
	return rc < 0 ? rc : 0;
}

int store_password_set(struct store *st, int64_t user_id, const char *hash, struct loket_err *err)
{
	static const char sql[] = "UPDATE users SET password_hash = $1, updated_at = $2"
				  " WHERE id = $3";
	struct db_stmt *q;
	int rc = exec_one(st, sql, &q, err);

	if (rc)
		return rc;
	db_bind_text(q, 1, hash);
	db_bind_int(q, 2, st->now);
	db_bind_int(q, 3, user_id);
	if ((rc = finish(q, err)))
		return rc;
	/* The journal says that it changed, never what it is. */
	return store_audit_append(st, "users", user_id, "update", "password", NULL, "(changed)",
				  err);
}

int store_token_create(struct store *st, int64_t user_id, const char *name, const char *token_hash,
		       int64_t *id, struct loket_err *err)
{
	static const char sql[] = "INSERT INTO api_tokens (user_id, name, token_hash, created_at)"
				  " VALUES ($1, $2, $3, $4) RETURNING id";
	struct db_stmt *q;
	int rc = exec_one(st, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, user_id);
	db_bind_text(q, 2, name);
	db_bind_text(q, 3, token_hash);
	db_bind_int(q, 4, st->now);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		*id = db_col_int(q, 0);
	db_reset(q);
	if (rc < 0)
		return rc;
	return store_audit_append(st, "tokens", *id, "create", "name", NULL, name, err);
}

int store_token_list(struct store *st, int64_t user_id, struct view **items, struct loket_err *err)
{
	static const char sql[] =
		"SELECT t.id, t.user_id, u.email, t.name, t.created_at, t.revoked_at"
		" FROM api_tokens t JOIN users u ON u.id = t.user_id"
		" WHERE ($1 = 0 OR t.user_id = $1) ORDER BY t.id DESC";
	struct db_stmt *q;
	int rc = exec_one(st, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, user_id);
	*items = view_arr(st->arena);
	while ((rc = db_step(q, err)) == DB_ROW) {
		struct view *t = view_obj(st->arena);
		char at[TIME_RFC3339_LEN];
		view_set_int(t, "id", db_col_int(q, 0));
		view_set_int(t, "user_id", db_col_int(q, 1));
		view_set_str(t, "user_email", db_col_text(q, 2));
		view_set_str(t, "name", db_col_text(q, 3));
		time_rfc3339(db_col_int(q, 4), at);
		view_set_str(t, "created_at", at);
		if (db_col_null(q, 5)) {
			view_set_null(t, "revoked_at");
		} else {
			time_rfc3339(db_col_int(q, 5), at);
			view_set_str(t, "revoked_at", at);
		}
		view_push(*items, t);
	}
	db_reset(q);
	return rc < 0 ? rc : 0;
}

int store_token_owner(struct store *st, int64_t id, int64_t *user_id, struct loket_err *err)
{
	static const char sql[] = "SELECT user_id FROM api_tokens WHERE id = $1";
	struct db_stmt *q;
	int rc = exec_one(st, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, id);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		*user_id = db_col_int(q, 0);
	db_reset(q);
	if (rc == DB_DONE)
		return loket_err_set(err, LOKET_ENOTFOUND, NULL, "no token with id %lld",
				     (long long)id);
	return rc < 0 ? rc : 0;
}

int store_token_revoke(struct store *st, int64_t id, struct loket_err *err)
{
	static const char sql[] = "UPDATE api_tokens SET revoked_at = $1, version = version + 1"
				  " WHERE id = $2 AND revoked_at IS NULL";
	struct db_stmt *q;
	int rc = exec_one(st, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, st->now);
	db_bind_int(q, 2, id);
	rc = db_step(q, err);
	int64_t n = rc == DB_DONE ? db_changes(q) : 0;
	db_reset(q);
	if (rc < 0)
		return rc;
	if (!n)
		return 0; /* revoked already: revoking is idempotent */
	char at[TIME_RFC3339_LEN];
	time_rfc3339(st->now, at);
	return store_audit_append(st, "tokens", id, "update", "revoked_at", NULL, at, err);
}

int store_session_create(struct store *st, int64_t user_id, const char *session_hash,
			 const char *csrf, int64_t expires_at, struct loket_err *err)
{
	static const char sql[] =
		"INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)"
		" VALUES ($1, $2, $3, $4, $5)";
	static const char gc[] = "DELETE FROM sessions WHERE expires_at <= $1";
	struct db_stmt *q;
	int rc = exec_one(st, gc, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, st->now);
	if ((rc = finish(q, err)) || (rc = exec_one(st, sql, &q, err)))
		return rc;
	db_bind_text(q, 1, session_hash);
	db_bind_int(q, 2, user_id);
	db_bind_text(q, 3, csrf);
	db_bind_int(q, 4, st->now);
	db_bind_int(q, 5, expires_at);
	return finish(q, err);
}

int store_session_delete(struct store *st, const char *session_hash, struct loket_err *err)
{
	static const char sql[] = "DELETE FROM sessions WHERE token_hash = $1";
	struct db_stmt *q;
	int rc = exec_one(st, sql, &q, err);

	if (rc)
		return rc;
	db_bind_text(q, 1, session_hash);
	return finish(q, err);
}

int store_login_failure_add(struct store *st, const char *email, const char *address,
			    int64_t window, struct loket_err *err)
{
	static const char gc[] = "DELETE FROM login_failures WHERE at < $1";
	static const char sql[] =
		"INSERT INTO login_failures (email, address, at) VALUES ($1, $2, $3)";
	struct db_stmt *q;
	int rc = exec_one(st, gc, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, st->now - window);
	if ((rc = finish(q, err)) || (rc = exec_one(st, sql, &q, err)))
		return rc;
	db_bind_text(q, 1, email);
	db_bind_text(q, 2, address);
	db_bind_int(q, 3, st->now);
	return finish(q, err);
}

int store_login_failures(struct store *st, const char *email, const char *address, int64_t since,
			 int *by_email, int *by_address, int64_t *oldest, struct loket_err *err)
{
	static const char sql[] =
		"SELECT count(CASE WHEN email = $1 THEN 1 END),"
		" count(CASE WHEN address = $2 THEN 1 END), coalesce(min(at), 0)"
		" FROM login_failures WHERE at >= $3 AND (email = $1 OR address = $2)";
	struct db_stmt *q;
	int rc = exec_one(st, sql, &q, err);

	if (rc)
		return rc;
	db_bind_text(q, 1, email);
	db_bind_text(q, 2, address);
	db_bind_int(q, 3, since);
	rc = db_step(q, err);
	if (rc == DB_ROW) {
		*by_email = (int)db_col_int(q, 0);
		*by_address = (int)db_col_int(q, 1);
		*oldest = db_col_int(q, 2);
	}
	db_reset(q);
	return rc < 0 ? rc : 0;
}
