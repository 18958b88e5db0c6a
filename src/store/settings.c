#include "store/settings.h"

#include <jansson.h>

static int setting_id(struct store *st, const char *key, int64_t *id, struct loket_err *err)
{
	static const char sql[] = "SELECT id FROM settings WHERE key = $1";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_text(q, 1, key);
	rc = db_step(q, err);
	*id = rc == DB_ROW ? db_col_int(q, 0) : 0;
	db_reset(q);
	return rc < 0 ? rc : 0;
}

int store_setting_get(struct store *st, const char *key, const char **value, int64_t *version,
		      struct loket_err *err)
{
	static const char sql[] = "SELECT value, version FROM settings WHERE key = $1";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	*value = NULL;
	*version = 0;
	if (rc)
		return rc;
	db_bind_text(q, 1, key);
	rc = db_step(q, err);
	if (rc == DB_ROW) {
		*value = arena_strdup(st->arena, db_col_text(q, 0));
		*version = db_col_int(q, 1);
	}
	db_reset(q);
	return rc < 0 ? rc : 0;
}

int store_setting_put(struct store *st, const char *key, const char *value, int64_t if_version,
		      struct loket_err *err)
{
	/* Version 1 is the default, before anyone sets it: a first setting is 2. */
	static const char ins[] = "INSERT INTO settings (key, value, version, updated_at)"
				  " VALUES ($1, $2, 2, $3) RETURNING id";
	static const char upd[] = "UPDATE settings SET value = $1, version = version + 1,"
				  " updated_at = $2 WHERE key = $3 AND version = $4";
	const char *old;
	int64_t version, id = 0;
	struct db_stmt *q;
	int rc = store_setting_get(st, key, &old, &version, err);

	if (rc)
		return rc;
	if (if_version && if_version != (version ? version : 1))
		return loket_err_set(err, LOKET_EPRECOND, NULL,
				     "the setting was changed by someone else meanwhile");
	if ((rc = db_prepare(st->conn, old ? upd : ins, &q, err)))
		return rc;
	if (old) {
		db_bind_text(q, 1, value);
		db_bind_int(q, 2, st->now);
		db_bind_text(q, 3, key);
		db_bind_int(q, 4, version);
	} else {
		db_bind_text(q, 1, key);
		db_bind_text(q, 2, value);
		db_bind_int(q, 3, st->now);
	}
	rc = db_step(q, err);
	if (rc == DB_ROW)
		id = db_col_int(q, 0);
	db_reset(q);
	if (rc < 0)
		return rc;
	if (!id && (rc = setting_id(st, key, &id, err)))
		return rc;
	return store_audit_append(st, "settings", id, old ? "update" : "create", key, old, value,
				  err);
}

int store_setting_history(struct store *st, const char *key, struct view **items,
			  struct loket_err *err)
{
	int64_t id;
	int rc = setting_id(st, key, &id, err);

	if (rc)
		return rc;
	if (!id) {
		*items = view_arr(st->arena);
		return 0;
	}
	return store_audit_list(st, "settings", id, items, err);
}

/* [[1,2,3],[2,3,4],[3,4,5]] into m; -1 when it is not that shape. */
static int matrix_from_json(const json_t *j, struct tkt_matrix *m)
{
	if (!json_is_array(j) || json_array_size(j) != 3)
		return -1;
	for (int i = 0; i < 3; i++) {
		const json_t *row = json_array_get(j, (size_t)i);
		if (!json_is_array(row) || json_array_size(row) != 3)
			return -1;
		for (int k = 0; k < 3; k++)
			m->p[i][k] = (int)json_integer_value(json_array_get(row, (size_t)k));
	}
	return tkt_matrix_valid(m) ? 0 : -1;
}

int store_priority_matrix(struct store *st, struct tkt_matrix *m, struct loket_err *err)
{
	const char *value;
	int64_t version;
	int rc = store_setting_get(st, "priority_matrix", &value, &version, err);
	json_t *j;

	*m = tkt_default_matrix;
	if (rc || !value)
		return rc;
	/* Checked when it was set: a value that does not parse keeps the default. */
	if (!(j = json_loads(value, 0, NULL)) || matrix_from_json(j, m))
		*m = tkt_default_matrix;
	json_decref(j);
	return 0;
}
