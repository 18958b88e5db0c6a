/* tests/fuzz/json_record.c: a request body decoded into a record of each
 * type, as a create and as a change. Whatever decodes must be a record the
 * store can take (known, writable fields only; the required ones on
 * create) and must write back as JSON that parses. */
#include <ctype.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "util/buf.h"

/* Every record type, looked up by its name as the routes name it. */
static const char *const type_names[] = {"users",  "groups",	    "organisations",
					 "tokens", "tickets",	    "categories",
					 "queues", "catalog_items", "tasks"};

/* A failure is named: every field error carries a field. */
static void check_failure(int rc, const struct loket_err *err)
{
	if (rc != LOKET_EINVAL || err->code != LOKET_EINVAL || err->nfields < 1)
		abort();
}

static bool same_text(const struct view *v, json_t *j, bool lower)
{
	const char *s = json_string_value(j);
	size_t len = json_string_length(j);

	if (v->kind != VIEW_STR || v->u.str.len != len || strlen(v->u.str.s) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (v->u.str.s[i] != (lower ? (char)tolower((unsigned char)s[i]) : s[i]))
			return false;
	return true;
}

static bool is_choice(const struct field_def *f, const char *s)
{
	for (const char *const *c = f->choices; *c; c++)
		if (!strcmp(*c, s))
			return true;
	return false;
}

/* Links are stored as a set: ascending, no repeats, each one given. */
static bool same_links(const struct view *v, json_t *j)
{
	int64_t last = 0;

	if (v->kind != VIEW_ARR || v->u.list.count > json_array_size(j))
		return false;
	for (const struct view_item *it = v->u.list.head; it; it = it->next) {
		size_t i;
		json_t *x;
		bool given = false;
		if (it->val->kind != VIEW_INT || it->val->u.i <= last)
			return false;
		last = it->val->u.i;
		json_array_foreach (j, i, x)
			given |= json_integer_value(x) == last;
		if (!given)
			return false;
	}
	return true;
}

/* Tags are stored as ",a,b,": lower case, each one given, "" for none. */
static bool same_tags(const struct view *v, json_t *j)
{
	size_t i;
	json_t *x;

	if (v->kind != VIEW_STR)
		return false;
	if (!json_array_size(j))
		return !v->u.str.len;
	if (v->u.str.len < 3 || v->u.str.s[0] != ',' || v->u.str.s[v->u.str.len - 1] != ',')
		return false;
	json_array_foreach (j, i, x) {
		struct buf b = BUF_INIT(0);
		buf_add_char(&b, ',');
		for (const char *c = json_string_value(x); *c; c++)
			buf_add_char(&b, (char)tolower((unsigned char)*c));
		buf_add_char(&b, ',');
		bool found = strstr(v->u.str.s, buf_str(&b)) != NULL;
		buf_release(&b);
		if (!found)
			return false;
	}
	return true;
}

/* Each decoded value is the one given, in storage form. */
static bool same_value(const struct field_def *f, const struct view *v, json_t *j)
{
	if (json_is_null(j))
		return v->kind == VIEW_NULL && (f->flags & FF_NULLABLE);
	switch (f->type) {
	case FT_EMAIL: return same_text(v, j, true);
	case FT_BOOL: return v->kind == VIEW_BOOL && v->u.b == json_is_true(j);
	case FT_INT:
		return v->kind == VIEW_INT && v->u.i == json_integer_value(j) &&
		       (f->max <= f->min || (v->u.i >= f->min && v->u.i <= f->max));
	case FT_REF: return v->kind == VIEW_INT && v->u.i > 0 && v->u.i == json_integer_value(j);
	case FT_ENUM: return same_text(v, j, false) && is_choice(f, v->u.str.s);
	case FT_ROLES: return v->kind == VIEW_INT && v->u.i > 0;
	case FT_LINKS: return same_links(v, j);
	case FT_TAGS: return same_tags(v, j);
	case FT_TEXT:
	case FT_DATE:
	case FT_LANG:
	case FT_TZ: return same_text(v, j, false);
	default: return true; /* a type this target does not know yet */
	}
}

static void check_fields(const struct record_def *d, const struct view *v, json_t *obj, bool create)
{
	if (v->u.list.count != json_object_size(obj))
		abort();
	for (const struct view_item *it = v->u.list.head; it; it = it->next) {
		const struct field_def *f = record_field(d, it->key);
		if (!f || (f->flags & FF_READONLY) ||
		    !same_value(f, it->val, json_object_get(obj, f->name)))
			abort();
	}
	for (int i = 0; create && i < d->nfields; i++)
		if ((d->fields[i].flags & FF_REQUIRED) && !view_get(v, d->fields[i].name))
			abort();
}

/* The view goes out as a response body: it must be JSON, an object. */
static void check_json(const struct view *v)
{
	struct buf b = BUF_INIT(0);
	json_error_t je;

	view_write_json(v, &b);
	if (buf_failed(&b))
		abort();
	json_t *j = json_loadb(buf_str(&b), b.len, JSON_REJECT_DUPLICATES, &je);
	if (!j || !json_is_object(j) || json_object_size(j) != v->u.list.count)
		abort();
	json_decref(j);
	buf_release(&b);
}

static void decode(const struct record_def *d, json_t *obj, bool create, bool *ok)
{
	struct arena a = ARENA_INIT;
	struct loket_err err = {0};
	struct view *v = NULL;
	int rc = api_decode_record(d, obj, create, &a, &v, &err);

	if (rc) {
		check_failure(rc, &err);
	} else {
		check_fields(d, v, obj, create);
		check_json(v);
	}
	*ok = !rc;
	arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loket_err err = {0};
	json_t *obj = NULL;

	if (api_parse_object((const char *)data, size, &obj, &err)) {
		check_failure(err.code, &err);
		return 0;
	}
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++) {
		const struct record_def *d = record_find(type_names[i]);
		bool created, changed;
		if (!d)
			abort(); /* the list above names a type Loket does not have */
		decode(d, obj, true, &created);
		decode(d, obj, false, &changed);
		/* A create only adds the required-field rule to a change. */
		if (created && !changed)
			abort();
	}
	json_decref(obj);
	return 0;
}
