/* Storage of any record type described in core/record.h: SQL is built from
 * the description (names from the description only, every value bound), so
 * users, groups and organisations share one tested path, and so will the
 * record types to come. */
#include <stdio.h>
#include <string.h>

#include "core/roles.h"
#include "store/record_row.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/jsonview.h"
#include "util/timefmt.h"
#include "util/xalloc.h"

static bool is_column(const struct field_def *f)
{
	return f->type != FT_LINKS;
}

static bool is_int_type(enum field_type t)
{
	return t == FT_ID || t == FT_INT || t == FT_REF || t == FT_TIME || t == FT_ROLES;
}

/* "id, email, name, ..., version" */
void rec_add_columns(struct buf *b, const struct record_def *d)
{
	for (int i = 0; i < d->nfields; i++) {
		if (!is_column(&d->fields[i]))
			continue;
		buf_add_raw(b, d->fields[i].name);
		buf_add_raw(b, ", ");
	}
	buf_add_raw(b, "version");
}

static struct view *column_value(struct store *st, const struct field_def *f, struct db_stmt *q,
				 int col)
{
	if (db_col_null(q, col))
		return view_null(st->arena);
	if (f->type == FT_BOOL)
		return view_bool(st->arena, db_col_int(q, col) != 0);
	if (is_int_type(f->type))
		return view_int(st->arena, db_col_int(q, col));
	return view_str(st->arena, db_col_text(q, col));
}

/* A row read with add_columns() into storage form; '*version' gets the last
 * column. */
struct view *rec_read_row(struct store *st, const struct record_def *d, struct db_stmt *q,
			  int64_t *version)
{
	struct view *v = view_obj(st->arena);
	int col = 0;

	for (int i = 0; i < d->nfields; i++)
		if (is_column(&d->fields[i]))
			view_append(v, d->fields[i].name,
				    column_value(st, &d->fields[i], q, col++));
	if (version)
		*version = db_col_int(q, col);
	return v;
}

static int load_links(struct store *st, const struct field_def *f, int64_t id, struct view **out,
		      struct loket_err *err)
{
	char sql[256];
	struct db_stmt *q;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE %s = $1 ORDER BY %s", f->link_other,
		 f->link_table, f->link_self, f->link_other);
	if ((rc = db_prepare(st->conn, sql, &q, err)))
		return rc;
	db_bind_int(q, 1, id);
	*out = view_arr(st->arena);
	while ((rc = db_step(q, err)) == DB_ROW)
		view_push(*out, view_int(st->arena, db_col_int(q, 0)));
	db_reset(q);
	return rc < 0 ? rc : 0;
}

int rec_add_links(struct store *st, const struct record_def *d, struct view *row,
		  struct loket_err *err)
{
	int64_t id = view_get(row, "id")->u.i;

	for (int i = 0; i < d->nfields; i++) {
		struct view *links;
		int rc;
		if (is_column(&d->fields[i]))
			continue;
		if ((rc = load_links(st, &d->fields[i], id, &links, err)))
			return rc;
		view_append(row, d->fields[i].name, links);
	}
	return 0;
}

static struct view *roles_view(struct arena *a, int64_t set)
{
	struct view *arr = view_arr(a);

	for (int i = 0; i < ROLE_COUNT; i++)
		if (set & ((int64_t)1 << i))
			view_push(arr, view_str_static(a, role_name(i)));
	return arr;
}

/* A row's keys are the description's own name pointers: compare those
 * first, and text only for keys from elsewhere. */
static const struct field_def *field_by_key(const struct record_def *d, const char *key)
{
	for (int i = 0; i < d->nfields; i++)
		if (d->fields[i].name == key)
			return &d->fields[i];
	return record_field(d, key);
}

/* ",vpn,wifi," to ["vpn", "wifi"]. */
static struct view *tags_view(struct arena *a, const struct view *stored)
{
	struct view *arr = view_arr(a);
	const char *s = stored->kind == VIEW_STR ? stored->u.str.s : "";

	while (*s) {
		const char *end = strchr(s + 1, ',');
		if (*s == ',' && end && end > s + 1)
			view_push(arr, view_strn(a, s + 1, (size_t)(end - s - 1)));
		s = end ? end : s + strlen(s);
	}
	return arr;
}

/* Storage form to what the API shows: times as RFC 3339, roles by name. */
struct view *rec_api_view(struct store *st, const struct record_def *d, const struct view *row)
{
	struct view *v = view_obj(st->arena);

	for (const struct view_item *it = row->u.list.head; it; it = it->next) {
		const struct field_def *f = field_by_key(d, it->key);
		struct view *val = it->val;
		if (f && f->type == FT_TIME && val->kind == VIEW_INT) {
			char t[TIME_RFC3339_LEN];
			time_rfc3339(val->u.i, t);
			val = view_str(st->arena, t);
		} else if (f && f->type == FT_ROLES && val->kind == VIEW_INT) {
			val = roles_view(st->arena, val->u.i);
		} else if (f && f->type == FT_TAGS) {
			val = tags_view(st->arena, val);
		} else if (f && f->type == FT_JSON && val->kind == VIEW_STR) {
			val = view_from_json_text(st->arena, val->u.str.s);
		}
		view_append(v, it->key, val);
	}
	return v;
}

/* A value as the journal keeps it: text, or NULL for null. */
static const char *audit_text(struct store *st, const struct field_def *f, const struct view *v)
{
	struct buf b = BUF_INIT(0);

	if (!v || v->kind == VIEW_NULL)
		return NULL;
	if (f->type == FT_ROLES) {
		char names[200];
		role_set_text(v->u.i, names, sizeof(names));
		return arena_strdup(st->arena, names);
	}
	if (f->type == FT_TAGS && v->kind == VIEW_STR) {
		size_t n = v->u.str.len;
		return n > 2 ? arena_strndup(st->arena, v->u.str.s + 1, n - 2) : "";
	}
	if (f->type == FT_TIME) {
		char t[TIME_RFC3339_LEN];
		time_rfc3339(v->u.i, t);
		return arena_strdup(st->arena, t);
	}
	if (v->kind == VIEW_ARR) {
		for (const struct view_item *it = v->u.list.head; it; it = it->next) {
			if (it != v->u.list.head)
				buf_add_char(&b, ',');
			view_write_text(it->val, &b);
		}
	} else {
		view_write_text(v, &b);
	}
	const char *s = arena_strdup(st->arena, buf_str(&b));
	buf_release(&b);
	return s;
}

static int fetch_row(struct store *st, const struct record_def *d, int64_t id, struct view **row,
		     int64_t *version, struct loket_err *err)
{
	struct buf sql = BUF_INIT(0);
	struct db_stmt *q;
	int rc;

	buf_add_raw(&sql, "SELECT ");
	rec_add_columns(&sql, d);
	buf_add_fmt(&sql, " FROM %s WHERE id = $1", d->table);
	rc = db_prepare(st->conn, buf_str(&sql), &q, err);
	buf_release(&sql);
	if (rc)
		return rc;
	db_bind_int(q, 1, id);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		*row = rec_read_row(st, d, q, version);
	db_reset(q);
	if (rc == DB_DONE)
		return loket_err_set(err, LOKET_ENOTFOUND, NULL, "no %s with id %lld", d->label,
				     (long long)id);
	if (rc < 0)
		return rc;
	return rec_add_links(st, d, *row, err);
}

int store_record_get(struct store *st, const struct record_def *d, int64_t id, struct view **out,
		     int64_t *version, struct view **storage, struct loket_err *err)
{
	struct view *row;
	int rc = fetch_row(st, d, id, &row, version, err);

	if (rc)
		return rc;
	if (storage)
		*storage = row;
	*out = rec_api_view(st, d, row);
	return 0;
}

int store_record_int(struct store *st, const struct record_def *d, int64_t id, const char *field,
		     int64_t *out, struct loket_err *err)
{
	char sql[200];
	struct db_stmt *q;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = $1", field, d->table);
	if ((rc = db_prepare(st->conn, sql, &q, err)))
		return rc;
	db_bind_int(q, 1, id);
	rc = db_step(q, err);
	*out = rc == DB_ROW ? db_col_int(q, 0) : 0;
	db_reset(q);
	if (rc == DB_DONE)
		return loket_err_set(err, LOKET_ENOTFOUND, NULL, "no %s with id %lld", d->label,
				     (long long)id);
	return rc < 0 ? rc : 0;
}

/* --- references --- */

static int check_ref(struct store *st, const struct field_def *f, int64_t id, struct loket_err *err)
{
	const struct record_def *rd = record_find(f->ref);
	char sql[160];
	struct db_stmt *q;
	int rc;

	/* A new reference goes to an active record: no tickets for a group that
	 * was wound up, no manager who has left. */
	bool has_active = record_field(rd, "active") != NULL;
	int64_t active = 1;

	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = $1", has_active ? "active" : "1",
		 rd->table);
	if ((rc = db_prepare(st->conn, sql, &q, err)))
		return rc;
	db_bind_int(q, 1, id);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		active = db_col_int(q, 0);
	db_reset(q);
	if (rc == DB_DONE)
		return loket_err_field(err, f->name, "there is no %s with id %lld", rd->label,
				       (long long)id);
	if (rc == DB_ROW && !active)
		return loket_err_field(err, f->name, "the %s with id %lld is not active", rd->label,
				       (long long)id);
	return rc < 0 ? rc : 0;
}

/* Every id a value refers to must exist: a precise 400 rather than the
 * database's foreign-key error. */
static int check_refs(struct store *st, const struct record_def *d, const struct view *in,
		      struct loket_err *err)
{
	int rc = 0;

	for (const struct view_item *it = in->u.list.head; it; it = it->next) {
		const struct field_def *f = record_field(d, it->key);
		if (f->type == FT_REF && it->val->kind == VIEW_INT) {
			int r = check_ref(st, f, it->val->u.i, err);
			rc = rc ? rc : r;
		} else if (f->type == FT_LINKS && f->ref) {
			for (const struct view_item *l = it->val->u.list.head; l; l = l->next) {
				int r = check_ref(st, f, l->val->u.i, err);
				rc = rc ? rc : r;
			}
		}
	}
	return rc;
}

static void bind_value(struct db_stmt *q, int idx, const struct view *v)
{
	switch (v->kind) {
	case VIEW_NULL: db_bind_null(q, idx); break;
	case VIEW_BOOL: db_bind_int(q, idx, v->u.b); break;
	case VIEW_INT: db_bind_int(q, idx, v->u.i); break;
	case VIEW_STR: db_bind_text(q, idx, v->u.str.s); break;
	default: db_bind_null(q, idx); break;
	}
}

static int set_links(struct store *st, const struct field_def *f, int64_t id,
		     const struct view *ids, struct loket_err *err)
{
	char del[200], ins[200];
	struct db_stmt *q;
	int rc;

	snprintf(del, sizeof(del), "DELETE FROM %s WHERE %s = $1", f->link_table, f->link_self);
	snprintf(ins, sizeof(ins), "INSERT INTO %s (%s, %s) VALUES ($1, $2)", f->link_table,
		 f->link_self, f->link_other);
	if ((rc = db_prepare(st->conn, del, &q, err)))
		return rc;
	db_bind_int(q, 1, id);
	rc = db_step(q, err);
	db_reset(q);
	if (rc < 0 || !ids)
		return rc < 0 ? rc : 0;
	if ((rc = db_prepare(st->conn, ins, &q, err)))
		return rc;
	for (const struct view_item *it = ids->u.list.head; it && rc >= 0; it = it->next) {
		db_bind_int(q, 1, id);
		db_bind_int(q, 2, it->val->u.i);
		rc = db_step(q, err);
		db_reset(q);
	}
	return rc < 0 ? rc : 0;
}

/* A unique column taken already: name the field when there is one. */
static int unique_conflict(const struct record_def *d, const struct view *in, int rc,
			   struct loket_err *err)
{
	if (rc != LOKET_ECONFLICT || !err)
		return rc;
	for (const char *const *f = (const char *const[]){"email", "name", NULL}; *f; f++) {
		if (view_get(in, *f) && strstr(err->message, *f)) {
			loket_err_clear(err);
			return loket_err_set(err, LOKET_ECONFLICT, *f, "another %s has this %s",
					     d->label, *f);
		}
	}
	return rc;
}

/* --- create --- */

static int insert_row(struct store *st, const struct record_def *d, const struct view *in,
		      int64_t *id, struct loket_err *err)
{
	struct buf sql = BUF_INIT(0), vals = BUF_INIT(0);
	struct db_stmt *q;
	int n = 0, rc;

	buf_add_fmt(&sql, "INSERT INTO %s (", d->table);
	for (const struct view_item *it = in->u.list.head; it; it = it->next) {
		if (!is_column(record_field(d, it->key)))
			continue;
		buf_add_fmt(&sql, "%s, ", it->key);
		buf_add_fmt(&vals, "$%d, ", ++n);
	}
	buf_add_fmt(&sql, "created_at, updated_at, version) VALUES (%s$%d, $%d, 1) RETURNING id",
		    buf_str(&vals), n + 1, n + 1);
	rc = db_prepare(st->conn, buf_str(&sql), &q, err);
	buf_release(&sql);
	buf_release(&vals);
	if (rc)
		return rc;
	n = 0;
	for (const struct view_item *it = in->u.list.head; it; it = it->next)
		if (is_column(record_field(d, it->key)))
			bind_value(q, ++n, it->val);
	db_bind_int(q, n + 1, st->now);
	rc = db_step(q, err);
	if (rc == DB_ROW)
		*id = db_col_int(q, 0);
	db_reset(q);
	return rc < 0 ? unique_conflict(d, in, rc, err) : 0;
}

int store_record_create(struct store *st, const struct record_def *d, const struct view *in,
			int64_t *id, struct loket_err *err)
{
	int rc = check_refs(st, d, in, err);

	if (!rc)
		rc = insert_row(st, d, in, id, err);
	for (const struct view_item *it = in->u.list.head; !rc && it; it = it->next) {
		const struct field_def *f = record_field(d, it->key);
		if (!is_column(f))
			rc = set_links(st, f, *id, it->val, err);
		if (!rc)
			rc = store_audit_append(st, d->name, *id, "create", f->name, NULL,
						audit_text(st, f, it->val), err);
	}
	return rc;
}

/* --- update --- */

static int update_row(struct store *st, const struct record_def *d, int64_t id, int64_t version,
		      const struct view *changed, struct loket_err *err)
{
	struct buf sql = BUF_INIT(0);
	struct db_stmt *q;
	int n = 0, rc;

	buf_add_fmt(&sql, "UPDATE %s SET ", d->table);
	for (const struct view_item *it = changed->u.list.head; it; it = it->next)
		if (is_column(record_field(d, it->key)))
			buf_add_fmt(&sql, "%s = $%d, ", it->key, ++n);
	buf_add_fmt(&sql,
		    "version = version + 1, updated_at = $%d WHERE id = $%d AND version = $%d",
		    n + 1, n + 2, n + 3);
	rc = db_prepare(st->conn, buf_str(&sql), &q, err);
	buf_release(&sql);
	if (rc)
		return rc;
	n = 0;
	for (const struct view_item *it = changed->u.list.head; it; it = it->next)
		if (is_column(record_field(d, it->key)))
			bind_value(q, ++n, it->val);
	db_bind_int(q, n + 1, st->now);
	db_bind_int(q, n + 2, id);
	db_bind_int(q, n + 3, version);
	rc = db_step(q, err);
	int64_t changes = rc == DB_DONE ? db_changes(q) : 0;
	db_reset(q);
	if (rc < 0)
		return unique_conflict(d, changed, rc, err);
	if (changes != 1)
		return loket_err_set(err, LOKET_EPRECOND, NULL,
				     "the %s was changed by someone else meanwhile", d->label);
	return 0;
}

/* A reference to the record's own type (a category's parent) must not make
 * a record its own ancestor. */
static int check_no_cycle(struct store *st, const struct record_def *d, int64_t id,
			  const struct view *changed, struct loket_err *err)
{
	for (const struct view_item *it = changed->u.list.head; it; it = it->next) {
		const struct field_def *f = record_field(d, it->key);
		int64_t up = it->val->kind == VIEW_INT ? it->val->u.i : 0;
		if (f->type != FT_REF || !f->ref || strcmp(f->ref, d->name))
			continue;
		for (int depth = 0; up && depth < 1000; depth++) {
			if (up == id)
				return loket_err_set(err, LOKET_ECONFLICT, f->name,
						     "that would make the %s its own ancestor",
						     d->label);
			int rc = store_record_int(st, d, up, f->name, &up, err);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int store_record_update(struct store *st, const struct record_def *d, int64_t id,
			int64_t if_version, const struct view *changes, struct loket_err *err)
{
	struct view *old, *changed = view_obj(st->arena);
	int64_t version;
	int rc = fetch_row(st, d, id, &old, &version, err);

	if (rc)
		return rc;
	if (if_version && if_version != version)
		return loket_err_set(
			err, LOKET_EPRECOND, NULL,
			"the %s was changed by someone else (it is now at version %lld)", d->label,
			(long long)version);
	for (const struct view_item *it = changes->u.list.head; it; it = it->next)
		if (!view_equal(view_get(old, it->key), it->val))
			view_set(changed, it->key, it->val);
	if (!changed->u.list.count)
		return 0;
	if ((rc = check_refs(st, d, changed, err)) ||
	    (rc = check_no_cycle(st, d, id, changed, err)) ||
	    (rc = update_row(st, d, id, version, changed, err)))
		return rc;
	for (const struct view_item *it = changed->u.list.head; !rc && it; it = it->next) {
		const struct field_def *f = record_field(d, it->key);
		if (!is_column(f))
			rc = set_links(st, f, id, it->val, err);
		if (!rc)
			rc = store_audit_append(st, d->name, id, "update", f->name,
						audit_text(st, f, view_get(old, f->name)),
						audit_text(st, f, it->val), err);
	}
	return rc;
}

/* --- delete --- */

int store_record_delete(struct store *st, const struct record_def *d, int64_t id,
			int64_t if_version, struct loket_err *err)
{
	struct view *old;
	int64_t version;
	char sql[160];
	struct db_stmt *q;
	int rc = fetch_row(st, d, id, &old, &version, err);

	if (rc)
		return rc;
	if (if_version && if_version != version)
		return loket_err_set(err, LOKET_EPRECOND, NULL,
				     "the %s was changed by someone else meanwhile", d->label);
	for (int i = 0; !rc && i < d->nfields; i++) {
		const struct field_def *f = &d->fields[i];
		const char *text = audit_text(st, f, view_get(old, f->name));
		if (!is_column(f))
			rc = set_links(st, f, id, NULL, err);
		if (!rc && text && *text)
			rc = store_audit_append(st, d->name, id, "delete", f->name, text, NULL,
						err);
	}
	if (rc)
		return rc;
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = $1", d->table);
	if ((rc = db_prepare(st->conn, sql, &q, err)))
		return rc;
	db_bind_int(q, 1, id);
	rc = db_step(q, err);
	db_reset(q);
	if (rc == LOKET_ECONFLICT) {
		loket_err_clear(err);
		return loket_err_set(err, LOKET_ECONFLICT, NULL,
				     "the %s is still referred to by other records", d->label);
	}
	return rc < 0 ? rc : 0;
}
