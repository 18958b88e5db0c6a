/* Links between tickets: duplicate of, caused by, related to, parent of.
 * Each is stored once, in the direction it was made; each side reads it
 * in its own words ("duplicate_of" here is "duplicated_by" there). */
#include <string.h>

#include "store/tickets.h"
#include "util/timefmt.h"

static const struct {
	const char *kind, *inverse;
} kinds[] = {
	{"duplicate_of", "duplicated_by"},
	{"caused_by", "causes"},
	{"related_to", "related_to"},
	{"parent_of", "child_of"},
};
enum { NKINDS = sizeof(kinds) / sizeof(kinds[0]) };

int store_link_kind(const char *name, const char **stored, bool *reverse)
{
	for (int i = 0; i < NKINDS; i++) {
		if (!strcmp(name, kinds[i].kind) || !strcmp(name, kinds[i].inverse)) {
			*stored = kinds[i].kind;
			*reverse = strcmp(name, kinds[i].kind) != 0;
			return 0;
		}
	}
	return LOKET_EINVAL;
}

const char *store_link_inverse(const char *kind)
{
	for (int i = 0; i < NKINDS; i++)
		if (!strcmp(kind, kinds[i].kind))
			return kinds[i].inverse;
	return kind;
}

static int one_int(struct store *st, const char *sql, int64_t a, int64_t b, int64_t *out,
		   struct loket_err *err)
{
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, a);
	db_bind_int(q, 2, b);
	rc = db_step(q, err);
	*out = rc == DB_ROW ? db_col_int(q, 0) : 0;
	db_reset(q);
	return rc < 0 ? rc : 0;
}

/* A ticket has one parent, and no ticket is its own ancestor. */
static int check_parent(struct store *st, int64_t parent, int64_t child, struct loket_err *err)
{
	static const char has_parent[] =
		"SELECT count(*) FROM ticket_links WHERE other_id = $1 AND kind = 'parent_of'"
		" AND ticket_id <> $2";
	static const char below[] =
		"WITH RECURSIVE below(id) AS (SELECT other_id FROM ticket_links"
		" WHERE ticket_id = $1 AND kind = 'parent_of' UNION SELECT l.other_id"
		" FROM ticket_links l JOIN below b ON l.ticket_id = b.id WHERE l.kind = "
		"'parent_of')"
		" SELECT count(*) FROM below WHERE id = $2";
	int64_t n;
	int rc = one_int(st, has_parent, child, parent, &n, err);

	if (!rc && n)
		return loket_err_set(err, LOKET_ECONFLICT, "kind",
				     "that ticket has a parent already");
	if (!rc && !(rc = one_int(st, below, child, parent, &n, err)) && n)
		return loket_err_set(err, LOKET_ECONFLICT, "kind",
				     "that would make a ticket its own ancestor");
	return rc;
}

int store_link_add(struct store *st, int64_t from, const char *kind, int64_t to, int64_t *id,
		   struct loket_err *err)
{
	static const char sql[] = "INSERT INTO ticket_links (ticket_id, kind, other_id, created_at)"
				  " VALUES ($1, $2, $3, $4) RETURNING id";
	struct db_stmt *q;
	int rc = 0;

	if (from == to)
		return loket_err_set(err, LOKET_EINVAL, "ticket",
				     "a ticket cannot be linked to itself");
	if (!strcmp(kind, "parent_of") && (rc = check_parent(st, from, to, err)))
		return rc;
	if ((rc = db_prepare(st->conn, sql, &q, err)))
		return rc;
	db_bind_int(q, 1, from);
	db_bind_text(q, 2, kind);
	db_bind_int(q, 3, to);
	db_bind_int(q, 4, st->now);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		*id = db_col_int(q, 0);
	db_reset(q);
	if (rc == LOKET_ECONFLICT) {
		loket_err_clear(err);
		return loket_err_set(err, LOKET_ECONFLICT, "ticket",
				     "the tickets are linked so already");
	}
	return rc < 0 ? rc : 0;
}

static struct view *link_item(struct store *st, struct db_stmt *q, int64_t ticket)
{
	struct view *l = view_obj(st->arena);
	bool outgoing = db_col_int(q, 1) == ticket;
	const char *kind = db_col_text(q, 2);
	char at[TIME_RFC3339_LEN];

	view_set_int(l, "id", db_col_int(q, 0));
	view_set_str(l, "kind", outgoing ? kind : store_link_inverse(kind));
	view_set_int(l, "ticket_id", db_col_int(q, 3));
	view_set_str(l, "number", db_col_text(q, 4));
	view_set_str(l, "title", db_col_text(q, 5));
	view_set_str(l, "status", db_col_text(q, 6));
	time_rfc3339(db_col_int(q, 7), at);
	view_set_str(l, "created_at", at);
	return l;
}

int store_link_list(struct store *st, int64_t ticket, struct view **items, struct loket_err *err)
{
	static const char sql[] =
		"SELECT l.id, l.ticket_id, l.kind, t.id, t.number, t.title, t.status, l.created_at"
		" FROM ticket_links l JOIN tickets t"
		" ON t.id = CASE WHEN l.ticket_id = $1 THEN l.other_id ELSE l.ticket_id END"
		" WHERE l.ticket_id = $1 OR l.other_id = $1 ORDER BY l.id";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, ticket);
	*items = view_arr(st->arena);
	while ((rc = db_step(q, err)) == DB_ROW)
		view_push(*items, link_item(st, q, ticket));
	db_reset(q);
	return rc < 0 ? rc : 0;
}

int store_link_get(struct store *st, int64_t ticket, int64_t link, struct view **out,
		   struct loket_err *err)
{
	struct view *items;
	int rc = store_link_list(st, ticket, &items, err);

	for (struct view_item *it = rc ? NULL : items->u.list.head; it; it = it->next) {
		if (view_get(it->val, "id")->u.i == link) {
			*out = it->val;
			return 0;
		}
	}
	return rc ? rc
		  : loket_err_set(err, LOKET_ENOTFOUND, NULL, "this ticket has no link %lld",
				  (long long)link);
}

int store_link_delete(struct store *st, int64_t link, struct loket_err *err)
{
	static const char sql[] = "DELETE FROM ticket_links WHERE id = $1";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, link);
	rc = db_step(q, err);
	db_reset(q);
	return rc < 0 ? rc : 0;
}
