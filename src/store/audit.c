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

static struct view *audit_item(struct store *st, struct db_stmt *q)
{
	struct view *it = view_obj(st->arena);
	char at[TIME_RFC3339_LEN];

	time_rfc3339(db_col_int(q, 1), at);
	view_set_int(it, "id", db_col_int(q, 0));
	view_set_str(it, "at", at);
	view_set_opt_int(it, "actor_id", !db_col_null(q, 2), db_col_int(q, 2));
	view_set_str(it, "actor_name", db_col_text(q, 3));
	view_set_str(it, "channel", db_col_text(q, 4));
	view_set_str(it, "action", db_col_text(q, 5));
	view_set_str(it, "field", db_col_text(q, 6));
	view_set_str(it, "old_value", db_col_text(q, 7));
	view_set_str(it, "new_value", db_col_text(q, 8));
	return it;
}

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
	*items = view_arr(st->arena);
	while ((rc = db_step(q, err)) == DB_ROW)
		view_push(*items, audit_item(st, q));
	db_reset(q);
	return rc < 0 ? rc : 0;
}
