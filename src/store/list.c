/* Lists of records with filters, a text filter, sorting and keyset
 * pagination: the cursor holds the sort key and id of the last row shown,
 * so that a page costs the same at row 50 as at row 5,000,000. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/record_row.h"
#include "store/store.h"
#include "store/tickets.h"
#include "util/buf.h"

struct cursor {
	json_int_t id;
	struct view *key; /* VIEW_INT or VIEW_STR */
};

static const char *sort_name(const struct list_query *q)
{
	return q->sort ? q->sort->name : "id";
}

static const char *encode_cursor(struct store *st, const struct list_query *q,
				 const struct view *last)
{
	const struct view *key = view_get(last, sort_name(q));
	json_t *k = key->kind == VIEW_STR ? json_string(key->u.str.s) : json_integer(key->u.i);
	json_t *arr = json_pack("[s,b,o,I]", sort_name(q), q->desc, k,
				(json_int_t)view_get(last, "id")->u.i);
	char *text = json_dumps(arr, JSON_COMPACT);
	size_t len = strlen(text);
	size_t outlen = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(st->arena, outlen);

	sodium_bin2base64(out, outlen, (const unsigned char *)text, len,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(text);
	json_decref(arr);
	return out;
}

static int bad_cursor(struct loket_err *err)
{
	return loket_err_field(err, "cursor", "is not a cursor of this list and sort order");
}

static int decode_cursor(struct store *st, const struct list_query *q, struct cursor *c,
			 struct loket_err *err)
{
	size_t inlen = strlen(q->cursor), binlen;
	unsigned char *bin = arena_alloc(st->arena, inlen + 1);
	json_t *arr, *k;
	const char *name;
	int desc, rc = 0;

	if (sodium_base642bin(bin, inlen, q->cursor, inlen, NULL, &binlen, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return bad_cursor(err);
	arr = json_loadb((const char *)bin, binlen, 0, NULL);
	if (!arr || json_unpack(arr, "[s,b,o,I]", &name, &desc, &k, &c->id) ||
	    strcmp(name, sort_name(q)) || desc != q->desc)
		rc = bad_cursor(err);
	else if (json_is_string(k))
		c->key = view_str(st->arena, json_string_value(k));
	else if (json_is_integer(k))
		c->key = view_int(st->arena, json_integer_value(k));
	else
		rc = bad_cursor(err);
	json_decref(arr);
	return rc;
}

/* Each condition binds its values in order; 'binds' collects them. */
struct where {
	struct buf sql;
	struct view *binds;
	int n;
};

static int bind_next(struct where *w, struct view *v)
{
	view_push(w->binds, v);
	return ++w->n;
}

/* ?tags=vpn: the label between commas, case-insensitively. */
static void add_tag_filter(struct store *st, const struct field_def *f, const struct view *v,
			   struct where *w)
{
	struct buf pat = BUF_INIT(0);

	buf_add_raw(&pat, "%,");
	for (const char *p = v->u.str.s; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_add_char(&pat, '\\');
		buf_add_char(&pat, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
	}
	buf_add_raw(&pat, ",%");
	buf_add_fmt(&w->sql, " AND %s LIKE $%d ESCAPE '\\'", f->name,
		    bind_next(w, view_str(st->arena, buf_str(&pat))));
	buf_release(&pat);
}

static void add_in_filter(const struct field_def *f, struct view *values, struct where *w)
{
	buf_add_fmt(&w->sql, " AND %s IN (", f->name);
	for (struct view_item *it = values->u.list.head; it; it = it->next)
		buf_add_fmt(&w->sql, "%s$%d", it == values->u.list.head ? "" : ", ",
			    bind_next(w, it->val));
	buf_add_char(&w->sql, ')');
}

static void add_filters(struct store *st, const struct record_def *d, const struct list_query *q,
			struct where *w)
{
	for (int i = 0; i < q->nfilters; i++) {
		if (q->filters[i].field->type == FT_TAGS) {
			add_tag_filter(st, q->filters[i].field, q->filters[i].value, w);
			continue;
		}
		if (q->filters[i].value->kind == VIEW_ARR) {
			add_in_filter(q->filters[i].field, q->filters[i].value, w);
			continue;
		}
		if (q->filters[i].value->kind == VIEW_NULL)
			buf_add_fmt(&w->sql, " AND %s IS NULL", q->filters[i].field->name);
		else
			buf_add_fmt(&w->sql, " AND %s = $%d", q->filters[i].field->name,
				    bind_next(w, q->filters[i].value));
	}
	if (q->owner_id > 0)
		buf_add_fmt(&w->sql, " AND %s = $%d", d->owner_field,
			    bind_next(w, view_int(st->arena, q->owner_id)));
	if (q->org_id > 0)
		buf_add_fmt(&w->sql, " AND %s = $%d", d->org_field,
			    bind_next(w, view_int(st->arena, q->org_id)));
	else if (q->org_id < 0)
		buf_add_raw(&w->sql, " AND 1 = 0"); /* the actor has no organisation */
}

/* ?q= matches any searchable field, case-insensitively, as a substring. */
static void add_text_filter(struct store *st, const struct record_def *d, const char *text,
			    struct where *w)
{
	struct buf pat = BUF_INIT(0);
	bool first = true;

	buf_add_char(&pat, '%');
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_add_char(&pat, '\\');
		buf_add_char(&pat, *p);
	}
	buf_add_char(&pat, '%');
	int n = bind_next(w, view_str(st->arena, buf_str(&pat)));
	buf_release(&pat);
	buf_add_raw(&w->sql, " AND (");
	for (int i = 0; i < d->nfields; i++) {
		if (!(d->fields[i].flags & FF_SEARCH))
			continue;
		buf_add_fmt(&w->sql, "%slower(%s) LIKE lower($%d) ESCAPE '\\'", first ? "" : " OR ",
			    d->fields[i].name, n);
		first = false;
	}
	buf_add_char(&w->sql, ')');
}

/* ?q= on a record type with a full-text index: every word must appear
 * somewhere in the record's text. */
static void add_fulltext(struct store *st, const struct list_query *q, struct where *w)
{
	const char *words[8];
	int n = store_search_words(st, q->q, words, 8);

	if (!n)
		buf_add_raw(&w->sql, " AND 1 = 0"); /* nothing to look for: nothing found */
	for (int i = 0; i < n; i++) {
		buf_add_raw(&w->sql, " AND ");
		buf_add_fmt(&w->sql, store_search_condition(st, q->public_only),
			    bind_next(w, view_str(st->arena, words[i])));
	}
}

static void add_keyset(const struct list_query *q, struct cursor *c, struct where *w)
{
	const char *col = sort_name(q), *op = q->desc ? "<" : ">";

	if (!strcmp(col, "id")) {
		buf_add_fmt(&w->sql, " AND id %s $%d", op,
			    bind_next(w, view_int(w->binds->arena, c->id)));
		return;
	}
	int k = bind_next(w, c->key);
	int i = bind_next(w, view_int(w->binds->arena, c->id));
	buf_add_fmt(&w->sql, " AND (%s %s $%d OR (%s = $%d AND id %s $%d))", col, op, k, col, k, op,
		    i);
}

static void bind_all(struct db_stmt *s, const struct view *binds)
{
	int n = 0;

	for (const struct view_item *it = binds->u.list.head; it; it = it->next) {
		n++;
		if (it->val->kind == VIEW_INT)
			db_bind_int(s, n, it->val->u.i);
		else if (it->val->kind == VIEW_BOOL)
			db_bind_int(s, n, it->val->u.b);
		else if (it->val->kind == VIEW_STR)
			db_bind_text(s, n, it->val->u.str.s);
		else
			db_bind_null(s, n);
	}
}

/* What a list is filtered by, whatever its order and page. */
static void add_conditions(struct store *st, const struct record_def *d, const struct list_query *q,
			   struct where *w)
{
	add_filters(st, d, q, w);
	if (q->q && *q->q && d->fulltext)
		add_fulltext(st, q, w);
	else if (q->q && *q->q)
		add_text_filter(st, d, q->q, w);
}

/* Relevance: the best of the newest matches (a bounded candidate set,
 * so that a common word costs what a rare one does), one page. */
enum { RANK_CANDIDATES = 2000 };

static int build_ranked(struct store *st, const struct record_def *d, const struct list_query *q,
			struct where *w)
{
	const char *words[8];
	int n = store_search_words(st, q->q, words, 8), first;

	if (!n) { /* nothing to look for: nothing found */
		buf_add_raw(&w->sql, "SELECT ");
		rec_add_columns(&w->sql, d);
		buf_add_fmt(&w->sql, " FROM %s WHERE 1 = 0", d->table);
		return 0;
	}
	buf_add_fmt(&w->sql, "WITH cand AS (SELECT id FROM %s WHERE 1 = 1", d->table);
	add_conditions(st, d, q, w);
	buf_add_fmt(&w->sql, " ORDER BY id DESC LIMIT %d), score AS (", RANK_CANDIDATES);
	if (store_rank_ascending(st)) { /* SQLite: one "a" OR "b" */
		struct buf any = BUF_INIT(0);
		for (int i = 0; i < n; i++)
			buf_add_fmt(&any, "%s%s", i ? " OR " : "", words[i]);
		first = bind_next(w, view_str(st->arena, buf_str(&any)));
		buf_release(&any);
	} else {
		first = w->n + 1;
		for (int i = 0; i < n; i++)
			bind_next(w, view_str(st->arena, words[i]));
	}
	store_rank_sql(st, &w->sql, q->public_only, first, n);
	buf_add_raw(&w->sql, ") SELECT ");
	rec_add_columns(&w->sql, d);
	buf_add_fmt(&w->sql,
		    " FROM %s JOIN score ON score.ticket_id = %s.id ORDER BY score.s%s, id DESC"
		    " LIMIT %d",
		    d->table, d->table, store_rank_ascending(st) ? "" : " DESC", q->limit);
	return 0;
}

static int build_query(struct store *st, const struct record_def *d, const struct list_query *q,
		       struct where *w, struct loket_err *err)
{
	if (q->relevance)
		return build_ranked(st, d, q, w);
	struct cursor c = {0};
	int rc;

	buf_add_raw(&w->sql, "SELECT ");
	rec_add_columns(&w->sql, d);
	buf_add_fmt(&w->sql, " FROM %s WHERE 1 = 1", d->table);
	add_conditions(st, d, q, w);
	if (q->cursor && *q->cursor) {
		if ((rc = decode_cursor(st, q, &c, err)))
			return rc;
		add_keyset(q, &c, w);
	}
	const char *dir = q->desc ? " DESC" : "";
	if (q->sort && strcmp(q->sort->name, "id"))
		buf_add_fmt(&w->sql, " ORDER BY %s%s, id%s", q->sort->name, dir, dir);
	else
		buf_add_fmt(&w->sql, " ORDER BY id%s", dir);
	buf_add_fmt(&w->sql, " LIMIT %d", q->limit + 1);
	return 0;
}

/* One link field for every row of a page in one query, not one a row: on
 * PostgreSQL each query is a round trip. */
static int links_for_page(struct store *st, const struct field_def *f, struct view *rows,
			  struct loket_err *err)
{
	struct buf sql = BUF_INIT(0);
	struct db_stmt *q;
	int n = 0, rc;

	buf_add_fmt(&sql, "SELECT %s, %s FROM %s WHERE %s IN (", f->link_self, f->link_other,
		    f->link_table, f->link_self);
	for (struct view_item *it = rows->u.list.head; it; it = it->next) {
		buf_add_fmt(&sql, "%s$%d", n ? ", " : "", n + 1);
		view_append(it->val, f->name, view_arr(st->arena));
		n++;
	}
	buf_add_fmt(&sql, ") ORDER BY %s, %s", f->link_self, f->link_other);
	rc = db_prepare(st->conn, buf_str(&sql), &q, err);
	buf_release(&sql);
	if (rc)
		return rc;
	n = 0;
	for (struct view_item *it = rows->u.list.head; it; it = it->next)
		db_bind_int(q, ++n, view_get(it->val, "id")->u.i);
	while ((rc = db_step(q, err)) == DB_ROW) {
		int64_t self = db_col_int(q, 0);
		/* A page is at most 200 rows: a walk over them is cheap. */
		for (struct view_item *it = rows->u.list.head; it; it = it->next) {
			if (view_get(it->val, "id")->u.i == self) {
				view_push(view_get(it->val, f->name),
					  view_int(st->arena, db_col_int(q, 1)));
				break;
			}
		}
	}
	db_reset(q);
	return rc < 0 ? rc : 0;
}

static int add_links_bulk(struct store *st, const struct record_def *d, struct view *rows,
			  struct loket_err *err)
{
	int rc = 0;

	if (!rows->u.list.count)
		return 0;
	for (int i = 0; !rc && i < d->nfields; i++)
		if (d->fields[i].type == FT_LINKS)
			rc = links_for_page(st, &d->fields[i], rows, err);
	return rc;
}

int store_record_list(struct store *st, const struct record_def *d, const struct list_query *q,
		      struct view **items, const char **next, struct loket_err *err)
{
	struct where w = {BUF_INIT(0), view_arr(st->arena), 0};
	struct db_stmt *s;
	struct view *rows = view_arr(st->arena), *last = NULL;
	int rc, count = 0;

	*next = NULL;
	*items = view_arr(st->arena);
	rc = build_query(st, d, q, &w, err);
	if (!rc)
		rc = db_prepare(st->conn, buf_str(&w.sql), &s, err);
	buf_release(&w.sql);
	if (rc)
		return rc;
	bind_all(s, w.binds);
	while ((rc = db_step(s, err)) == DB_ROW && count++ < q->limit)
		view_push(rows, rec_read_row(st, d, s, NULL));
	bool more = rc == DB_ROW;
	db_reset(s);
	if (rc < 0)
		return rc;
	if ((rc = add_links_bulk(st, d, rows, err)))
		return rc;
	for (const struct view_item *it = rows->u.list.head; it; it = it->next) {
		view_push(*items, rec_api_view(st, d, it->val));
		last = it->val;
	}
	if (more && last)
		*next = encode_cursor(st, q, last);
	return 0;
}

int store_record_count(struct store *st, const struct record_def *d, const struct list_query *q,
		       int64_t *count, struct loket_err *err)
{
	struct where w = {BUF_INIT(0), view_arr(st->arena), 0};
	struct db_stmt *s;
	int rc;

	buf_add_fmt(&w.sql, "SELECT count(*) FROM %s WHERE 1 = 1", d->table);
	add_conditions(st, d, q, &w);
	rc = db_prepare(st->conn, buf_str(&w.sql), &s, err);
	buf_release(&w.sql);
	if (rc)
		return rc;
	bind_all(s, w.binds);
	rc = db_step(s, err);
	*count = rc == DB_ROW ? db_col_int(s, 0) : 0;
	db_reset(s);
	return rc < 0 ? rc : 0;
}
