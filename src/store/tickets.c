#include "store/tickets.h"

#include <string.h>

#include "core/search.h"
#include "store/rows.h"
#include "util/buf.h"
#include "util/timefmt.h"

int store_ticket_number(struct store *st, const char *prefix, const char **out,
			struct loket_err *err)
{
	static const char sql[] =
		"UPDATE ticket_counters SET next = next + 1 WHERE prefix = $1 RETURNING next - 1";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_text(q, 1, prefix);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		*out = arena_printf(st->arena, "%s-%lld", prefix, (long long)db_col_int(q, 0));
	db_reset(q);
	if (rc == DB_DONE)
		return loket_err_set(err, LOKET_EINTERNAL, NULL, "no counter for %s", prefix);
	return rc < 0 ? rc : 0;
}

int store_ticket_by_number(struct store *st, const char *number, int64_t *id, struct loket_err *err)
{
	static const char sql[] = "SELECT id FROM tickets WHERE number = $1";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_text(q, 1, number);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		*id = db_col_int(q, 0);
	db_reset(q);
	if (rc == DB_DONE)
		return loket_err_set(err, LOKET_ENOTFOUND, NULL, "no ticket %s", number);
	return rc < 0 ? rc : 0;
}

static bool on_postgres(struct store *st)
{
	return db_conn_kind(st->conn) == DB_POSTGRES;
}

/* Words are what search_word_byte() says on both backends: PostgreSQL's own
 * parser would read "INC-1000" as the words "inc" and "-1000". */
static const char *words_only(struct store *st, const char *text)
{
	char *out = arena_strdup(st->arena, text);

	for (char *p = out; *p; p++)
		if (!search_word_byte((unsigned char)*p))
			*p = ' ';
	return out;
}

/* Replaces one row of the index: key is the ticket id for the ticket's
 * own text, minus the comment id for a comment. */
static int index_row(struct store *st, int64_t key, int64_t ticket, bool internal, const char *text,
		     struct loket_err *err)
{
	static const char del_sqlite[] = "DELETE FROM ticket_text WHERE rowid = $1";
	static const char ins_sqlite[] = "INSERT INTO ticket_text (rowid, body, ticket_id, "
					 "internal) VALUES ($1, $2, $3, $4)";
	static const char del_pg[] = "DELETE FROM ticket_text WHERE row_key = $1";
	/* The words as written ('simple'), and their stems in the language of
	 * the ticket's requester, so that "printers" finds "printer" in English
	 * and "printers" in Dutch alike, and a stop word can still be found. */
	static const char ins_pg[] =
		"INSERT INTO ticket_text (row_key, doc, ticket_id, internal) VALUES ($1,"
		" to_tsvector('simple', $2) || to_tsvector(CASE (SELECT u.language FROM tickets t"
		" JOIN users u ON u.id = t.requester_id WHERE t.id = $3)"
		" WHEN 'nl' THEN 'dutch'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig"
		" WHEN 'sv' THEN 'swedish'::regconfig ELSE 'english'::regconfig END, $2), $3, $4)";
	bool pg = on_postgres(st);
	struct db_stmt *q;
	int rc = db_prepare(st->conn, pg ? del_pg : del_sqlite, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, key);
	rc = db_step(q, err);
	db_reset(q);
	if (rc < 0 || (rc = db_prepare(st->conn, pg ? ins_pg : ins_sqlite, &q, err)))
		return rc;
	db_bind_int(q, 1, key);
	db_bind_text(q, 2, pg ? words_only(st, text) : text);
	db_bind_int(q, 3, ticket);
	db_bind_int(q, 4, internal);
	rc = db_step(q, err);
	db_reset(q);
	return rc < 0 ? rc : 0;
}

int store_ticket_index(struct store *st, int64_t id, const char *number, const char *title,
		       const char *description, struct loket_err *err)
{
	const char *text =
		arena_printf(st->arena, "%s %s %s", number, title, description ? description : "");

	return index_row(st, id, id, false, text, err);
}

int store_comment_add(struct store *st, int64_t ticket, int64_t author, const char *visibility,
		      const char *body, int64_t *id, struct loket_err *err)
{
	static const char sql[] =
		"INSERT INTO ticket_comments (ticket_id, author_id, visibility, body, created_at)"
		" VALUES ($1, $2, $3, $4, $5) RETURNING id";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, ticket);
	if (author)
		db_bind_int(q, 2, author);
	else
		db_bind_null(q, 2);
	db_bind_text(q, 3, visibility);
	db_bind_text(q, 4, body);
	db_bind_int(q, 5, st->now);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		*id = db_col_int(q, 0);
	db_reset(q);
	if (rc < 0)
		return rc;
	return index_row(st, -*id, ticket, strcmp(visibility, "public") != 0, body, err);
}

static const struct col comment_cols[] = {
	{"id", COL_INT},	  {"author_id", COL_INT}, {"author_name", COL_TEXT},
	{"visibility", COL_TEXT}, {"body", COL_TEXT},	  {"created_at", COL_TIME},
};

int store_comment_list(struct store *st, int64_t ticket, bool internal, struct view **items,
		       struct loket_err *err)
{
	static const char sql[] =
		"SELECT c.id, c.author_id, u.name, c.visibility, c.body, c.created_at"
		" FROM ticket_comments c LEFT JOIN users u ON u.id = c.author_id"
		" WHERE c.ticket_id = $1 AND ($2 = 1 OR c.visibility = 'public') ORDER BY c.id";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, ticket);
	db_bind_int(q, 2, internal);
	return rows_all(st, q, comment_cols, NCOLS(comment_cols), items, err);
}

static void bind_opt(struct db_stmt *q, int idx, int64_t v)
{
	if (v)
		db_bind_int(q, idx, v);
	else
		db_bind_null(q, idx);
}

int store_escalation_add(struct store *st, int64_t ticket, const char *kind, int64_t from_group,
			 int64_t to_group, int64_t to_user, const char *reason,
			 struct loket_err *err)
{
	static const char sql[] =
		"INSERT INTO ticket_escalations (ticket_id, kind, from_group_id, to_group_id,"
		" to_user_id, reason, actor_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
		"$8)";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, ticket);
	db_bind_text(q, 2, kind);
	bind_opt(q, 3, from_group);
	bind_opt(q, 4, to_group);
	bind_opt(q, 5, to_user);
	db_bind_text(q, 6, reason);
	bind_opt(q, 7, st->actor_id);
	db_bind_int(q, 8, st->now);
	rc = db_step(q, err);
	db_reset(q);
	return rc < 0 ? rc : 0;
}

static const struct col escalation_cols[] = {
	{"id", COL_INT},	  {"kind", COL_TEXT},	    {"from_group_id", COL_INT},
	{"to_group_id", COL_INT}, {"to_user_id", COL_INT},  {"reason", COL_TEXT},
	{"actor_id", COL_INT},	  {"created_at", COL_TIME},
};

int store_escalation_list(struct store *st, int64_t ticket, struct view **items,
			  struct loket_err *err)
{
	static const char sql[] = "SELECT id, kind, from_group_id, to_group_id, to_user_id, "
				  "reason, actor_id, created_at"
				  " FROM ticket_escalations WHERE ticket_id = $1 ORDER BY id";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, ticket);
	return rows_all(st, q, escalation_cols, NCOLS(escalation_cols), items, err);
}

const char *store_search_condition(struct store *st, bool public_only)
{
	/* A word matches as written or by its stem in any of Loket's languages
	 * (one constant query: the GIN index serves it). "%1$d" names the one
	 * parameter each time. */
#define PG_QUERY(n)                                                               \
	"(plainto_tsquery('simple', " n ") || plainto_tsquery('english', " n      \
	") || plainto_tsquery('dutch', " n ") || plainto_tsquery('norwegian', " n \
	") || plainto_tsquery('swedish', " n "))"
	if (on_postgres(st))
		return public_only
			       ? "id IN (SELECT ticket_id FROM ticket_text WHERE doc @@ " PG_QUERY(
					 "$%1$d") " AND internal = 0)"
			       : "id IN (SELECT ticket_id FROM ticket_text WHERE doc @@ " PG_QUERY(
					 "$%1$d") ")";
	return public_only
		       ? "id IN (SELECT ticket_id FROM ticket_text WHERE ticket_text MATCH $%d"
			 " AND internal = 0)"
		       : "id IN (SELECT ticket_id FROM ticket_text WHERE ticket_text MATCH $%d)";
}

/* FTS5 takes a query language: each word goes in quotes so that what people
 * type is only ever a word. PostgreSQL's plainto_tsquery takes it as is. */
int store_search_words(struct store *st, const char *q, const char **words, int max)
{
	int n = search_words(q, words, max, st->arena);

	if (!on_postgres(st))
		for (int i = 0; i < n; i++)
			words[i] = arena_printf(st->arena, "\"%s\"", words[i]);
	return n;
}

/* The score of each candidate ticket: SQLite's bm25 (lower is better) of
 * its best row, PostgreSQL's ts_rank_cd (higher is better). The words are
 * the parameters first..first+n-1 (PostgreSQL) or one "a" OR "b" text at
 * 'first' (SQLite). */
void store_rank_sql(struct store *st, struct buf *sql, bool public_only, int first, int n)
{
	const char *internal = public_only ? " AND internal = 0" : "";

	if (!on_postgres(st)) {
		/* bm25() works only in the full-text query itself, not in an
		 * aggregate: score the rows first (the LIMIT keeps SQLite from
		 * flattening the subquery), then take each ticket's best. */
		buf_add_fmt(sql,
			    "SELECT ticket_id, min(r) AS s FROM (SELECT ticket_id, "
			    "bm25(ticket_text) AS r"
			    " FROM ticket_text WHERE ticket_text MATCH $%d%s"
			    " AND ticket_id IN (SELECT id FROM cand) LIMIT -1 OFFSET 0) GROUP BY "
			    "ticket_id",
			    first, internal);
		return;
	}
	struct buf q = BUF_INIT(0);
	for (int i = 0; i < n; i++)
		buf_add_fmt(&q, PG_QUERY("$%1$d") "%2$s", first + i, i + 1 < n ? " || " : "");
	buf_add_fmt(sql,
		    "SELECT ticket_id, max(ts_rank_cd(doc, %s)) AS s FROM ticket_text WHERE doc @@ "
		    "(%s)%s"
		    " AND ticket_id IN (SELECT id FROM cand) GROUP BY ticket_id",
		    buf_str(&q), buf_str(&q), internal);
	buf_release(&q);
}

bool store_rank_ascending(struct store *st)
{
	return !on_postgres(st);
}
