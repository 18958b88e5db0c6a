#include "store/catalog.h"

#include "store/rows.h"
#include "util/jsonview.h"
#include "util/timefmt.h"

static int run(struct db_stmt *q, struct loket_err *err)
{
	int rc = db_step(q, err);

	db_reset(q);
	return rc < 0 ? rc : 0;
}

int store_request_save(struct store *st, int64_t ticket, int64_t item, const char *values,
		       struct loket_err *err)
{
	static const char sql[] =
		"INSERT INTO ticket_requests (ticket_id, item_id, form_values) VALUES ($1, $2, $3)";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, ticket);
	db_bind_int(q, 2, item);
	db_bind_text(q, 3, values);
	if ((rc = run(q, err)))
		return rc;
	return store_audit_append(st, "tickets", ticket, "create", "form_values", NULL, values,
				  err);
}

int store_request_get(struct store *st, int64_t ticket, struct view **out, struct loket_err *err)
{
	static const char sql[] =
		"SELECT r.item_id, i.name, r.form_values FROM ticket_requests r"
		" JOIN catalog_items i ON i.id = r.item_id WHERE r.ticket_id = $1";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, ticket);
	rc = db_step(q, err);
	if (rc == DB_ROW) {
		*out = view_obj(st->arena);
		view_set_int(*out, "item_id", db_col_int(q, 0));
		view_set_str(*out, "item_name", db_col_text(q, 1));
		view_set(*out, "values", view_from_json_text(st->arena, db_col_text(q, 2)));
	}
	db_reset(q);
	if (rc == DB_DONE)
		return loket_err_set(err, LOKET_ENOTFOUND, NULL,
				     "this ticket was not requested from the catalogue");
	return rc < 0 ? rc : 0;
}

int store_approval_add(struct store *st, int64_t ticket, int64_t approver, struct loket_err *err)
{
	static const char sql[] =
		"INSERT INTO ticket_approvals (ticket_id, approver_id, created_at)"
		" VALUES ($1, $2, $3)";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, ticket);
	db_bind_int(q, 2, approver);
	db_bind_int(q, 3, st->now);
	return run(q, err);
}

int store_approval_list(struct store *st, int64_t ticket, struct view **items,
			struct loket_err *err)
{
	static const struct col cols[] = {
		{"id", COL_INT},	  {"approver_id", COL_INT}, {"approver_name", COL_TEXT},
		{"decision", COL_TEXT},	  {"comment", COL_TEXT},    {"decided_at", COL_TIME},
		{"created_at", COL_TIME},
	};
	static const char sql[] = "SELECT a.id, a.approver_id, u.name, a.decision, a.comment, "
				  "a.decided_at, a.created_at"
				  " FROM ticket_approvals a JOIN users u ON u.id = a.approver_id"
				  " WHERE a.ticket_id = $1 ORDER BY a.id";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, ticket);
	return rows_all(st, q, cols, NCOLS(cols), items, err);
}

int store_approval_decide(struct store *st, int64_t ticket, int64_t approval, int64_t approver,
			  const char *decision, const char *comment, struct loket_err *err)
{
	static const char sql[] =
		"UPDATE ticket_approvals SET decision = $1, comment = $2, decided_at = $3"
		" WHERE id = $4 AND ticket_id = $5 AND approver_id = $6 AND decision IS NULL";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_text(q, 1, decision);
	db_bind_text(q, 2, comment);
	db_bind_int(q, 3, st->now);
	db_bind_int(q, 4, approval);
	db_bind_int(q, 5, ticket);
	db_bind_int(q, 6, approver);
	rc = db_step(q, err);
	int64_t n = rc == DB_DONE ? db_changes(q) : 0;
	db_reset(q);
	if (rc < 0)
		return rc;
	if (!n)
		return loket_err_set(err, LOKET_ECONFLICT, "decision",
				     "this approval is not yours to give, or was given already");
	return store_audit_append(
		st, "tickets", ticket, "update", "approval", NULL,
		arena_printf(st->arena, "%s by user %lld", decision, (long long)approver), err);
}

static int two_counts(struct store *st, const char *sql, int64_t ticket, int64_t *a, int64_t *b,
		      struct loket_err *err)
{
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, ticket);
	rc = db_step(q, err);
	*a = rc == DB_ROW ? db_col_int(q, 0) : 0;
	*b = rc == DB_ROW ? db_col_int(q, 1) : 0;
	db_reset(q);
	return rc < 0 ? rc : 0;
}

int store_approval_count(struct store *st, int64_t ticket, int64_t *open, int64_t *rejected,
			 struct loket_err *err)
{
	static const char sql[] = "SELECT count(CASE WHEN decision IS NULL THEN 1 END),"
				  " count(CASE WHEN decision = 'rejected' THEN 1 END)"
				  " FROM ticket_approvals WHERE ticket_id = $1";

	return two_counts(st, sql, ticket, open, rejected, err);
}

int store_task_count(struct store *st, int64_t ticket, int64_t *open, int64_t *done,
		     struct loket_err *err)
{
	static const char sql[] = "SELECT count(CASE WHEN status = 'open' THEN 1 END),"
				  " count(CASE WHEN status = 'done' THEN 1 END) FROM ticket_tasks "
				  "WHERE ticket_id = $1";

	return two_counts(st, sql, ticket, open, done, err);
}

int store_is_approver(struct store *st, int64_t ticket, int64_t user, struct loket_err *err)
{
	static const char sql[] =
		"SELECT count(*) FROM ticket_approvals WHERE ticket_id = $1 AND approver_id = $2";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);
	int64_t n = 0;

	if (rc)
		return rc;
	db_bind_int(q, 1, ticket);
	db_bind_int(q, 2, user);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		n = db_col_int(q, 0);
	db_reset(q);
	return rc < 0 ? rc : n > 0;
}

int store_approvals_waiting(struct store *st, int64_t user, struct view **items,
			    struct loket_err *err)
{
	static const struct col cols[] = {
		{"id", COL_INT},     {"ticket_id", COL_INT},	   {"number", COL_TEXT},
		{"title", COL_TEXT}, {"requester_name", COL_TEXT}, {"created_at", COL_TIME},
	};
	static const char sql[] =
		"SELECT a.id, a.ticket_id, t.number, t.title, u.name, a.created_at"
		" FROM ticket_approvals a JOIN tickets t ON t.id = a.ticket_id"
		" JOIN users u ON u.id = t.requester_id"
		" WHERE a.approver_id = $1 AND a.decision IS NULL AND t.status = 'pending'"
		" AND t.pending_reason = 'awaiting_approval' ORDER BY a.id";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, user);
	return rows_all(st, q, cols, NCOLS(cols), items, err);
}
