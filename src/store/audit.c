#include "store/rows.h"
#include "store/store.h"
#include "util/timefmt.h"

int store_audit_append(struct store *st, const char *resource, int64_t record_id,
		       const char *action, const char *field, const char *old_value,
		       const char *new_value, struct loket_err *err)
{
	static const char sql[] =
		"INSERT INTO audit (at, actor_id, channel, resource, record_id, action, field,"
		" old_value, new_value) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, st->now);
	if (st->actor_id)
		db_bind_int(q, 2, st->actor_id);
	else
		db_bind_null(q, 2);
	db_bind_text(q, 3, st->channel ? st->channel : "system");
	db_bind_text(q, 4, resource);
	db_bind_int(q, 5, record_id);
	db_bind_text(q, 6, action);
	db_bind_text(q, 7, field);
	db_bind_text(q, 8, old_value);
	db_bind_text(q, 9, new_value);
	rc = db_step(q, err);
	db_reset(q);
	return rc < 0 ? rc : 0;
}

static const struct col audit_cols[] = {
	{"id", COL_INT},	  {"at", COL_TIME},	   {"actor_id", COL_INT},
	{"actor_name", COL_TEXT}, {"channel", COL_TEXT},   {"action", COL_TEXT},
	{"field", COL_TEXT},	  {"old_value", COL_TEXT}, {"new_value", COL_TEXT},
};

int store_audit_list(struct store *st, const char *resource, int64_t record_id, struct view **items,
		     struct loket_err *err)
{
	static const char sql[] =
		"SELECT a.id, a.at, a.actor_id, u.name, a.channel, a.action, a.field, a.old_value,"
		" a.new_value FROM audit a LEFT JOIN users u ON u.id = a.actor_id"
		" WHERE a.resource = $1 AND a.record_id = $2 ORDER BY a.id";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_text(q, 1, resource);
	db_bind_int(q, 2, record_id);
	return rows_all(st, q, audit_cols, NCOLS(audit_cols), items, err);
}
