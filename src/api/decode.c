#include "api/decode.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"

int api_parse_object(const char *body, size_t len, json_t **out, struct loket_err *err)
{
	json_error_t je;
	json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);

	if (!j)
		return loket_err_set(err, LOKET_EINVAL, "body",
				     "the body is not valid JSON: %s (line %d, column %d)", je.text,
				     je.line, je.column);
	if (!json_is_object(j)) {
		json_decref(j);
		return loket_err_set(err, LOKET_EINVAL, "body", "the body must be a JSON object");
	}
	*out = j;
	return 0;
}

/* A zone is a file of the system's zone database that starts "TZif";
 * "Europe" (a folder) or "leapseconds" (a data file) are not zones. */
static bool tz_exists(const char *name)
{
	char path[160], magic[4];
	FILE *f;
	bool ok;

	if (!strcmp(name, "UTC"))
		return true;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
	if (!(f = fopen(path, "rb")))
		return false;
	ok = fread(magic, 1, 4, f) == 4 && !memcmp(magic, "TZif", 4);
	fclose(f);
	return ok;
}

static struct view *text_value(const struct field_def *f, json_t *v, struct arena *a,
			       struct loket_err *err)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);

	if (field_check_text(f, s, len, err))
		return NULL;
	if (f->type == FT_TZ && !tz_exists(s)) {
		loket_err_field(err, f->name, "is not a known time zone");
		return NULL;
	}
	struct view *out = view_strn(a, s, len);
	if (f->type == FT_EMAIL)
		for (char *p = (char *)out->u.str.s; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return out;
}

static struct view *roles_value(const struct field_def *f, json_t *v, struct arena *a,
				struct loket_err *err)
{
	int64_t set = 0;
	size_t i;
	json_t *item;

	if (!json_is_array(v) || !json_array_size(v)) {
		loket_err_field(err, f->name, "must be a non-empty array of role names");
		return NULL;
	}
	json_array_foreach (v, i, item) {
		int64_t bit = json_is_string(item) ? role_from_name(json_string_value(item)) : 0;
		if (!bit) {
			loket_err_field(err, f->name,
					"has an unknown role; roles are requester, agent, manager,"
					" change_manager, cab_member, problem_manager,"
					" configuration_manager, auditor, admin");
			return NULL;
		}
		set |= bit;
	}
	return view_int(a, set);
}

static struct view *links_value(const struct field_def *f, json_t *v, struct arena *a,
				struct loket_err *err)
{
	struct view *arr = view_arr(a);
	size_t i;
	json_t *item;

	if (!json_is_array(v) || json_array_size(v) > 1000) {
		loket_err_field(err, f->name, "must be an array of at most 1000 ids");
		return NULL;
	}
	/* Kept sorted and unique so that comparing with what is stored is
	 * comparing sets. */
	int64_t *ids = arena_alloc(a, (json_array_size(v) + 1) * sizeof(*ids));
	size_t n = 0;
	json_array_foreach (v, i, item) {
		if (!json_is_integer(item) || json_integer_value(item) <= 0) {
			loket_err_field(err, f->name, "must contain only positive integer ids");
			return NULL;
		}
		int64_t id = json_integer_value(item);
		size_t k = n;
		while (k > 0 && ids[k - 1] > id)
			k--;
		if (k > 0 && ids[k - 1] == id)
			continue;
		memmove(ids + k + 1, ids + k, (n - k) * sizeof(*ids));
		ids[k] = id;
		n++;
	}
	for (size_t k = 0; k < n; k++)
		view_push(arr, view_int(a, ids[k]));
	return arr;
}

static bool int_in_range(const struct field_def *f, int64_t v)
{
	return f->max <= f->min || (v >= f->min && v <= f->max);
}

static void int_error(const struct field_def *f, struct loket_err *err)
{
	if (f->max > f->min)
		loket_err_field(err, f->name, "must be a whole number from %d to %d", f->min,
				f->max);
	else
		loket_err_field(err, f->name, "must be a whole number");
}

static bool enum_ok(const struct field_def *f, const char *s)
{
	for (const char *const *c = f->choices; *c; c++)
		if (!strcmp(*c, s))
			return true;
	return false;
}

static void enum_error(const struct field_def *f, struct loket_err *err)
{
	char list[256] = "";

	for (const char *const *c = f->choices; *c; c++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 c == f->choices ? "" : ", ", *c);
	loket_err_field(err, f->name, "must be one of %s", list);
}

static int tag_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* A label: 1 to max_len characters, no commas (the separator), lower case
 * so that "VPN" and "vpn" are one tag. */
static const char *tag_text(const struct field_def *f, json_t *item, struct arena *a,
			    struct loket_err *err)
{
	const char *s = json_is_string(item) ? json_string_value(item) : NULL;
	size_t len = s ? json_string_length(item) : 0;

	if (!s || !len || memchr(s, ',', len) || strlen(s) != len) {
		loket_err_field(err, f->name,
				"must be an array of non-empty labels without commas");
		return NULL;
	}
	if (field_check_text(f, s, len, err))
		return NULL;
	char *t = arena_strndup(a, s, len);
	for (char *p = t; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return t;
}

static struct view *tags_value(const struct field_def *f, json_t *v, struct arena *a,
			       struct loket_err *err)
{
	size_t n = json_is_array(v) ? json_array_size(v) : 0, i, k = 0;
	const char **tags;
	json_t *item;
	struct buf b = BUF_INIT(0);

	if (!json_is_array(v) || n > 50) {
		loket_err_field(err, f->name, "must be an array of at most 50 labels");
		return NULL;
	}
	tags = arena_alloc(a, (n + 1) * sizeof(*tags));
	json_array_foreach (v, i, item)
		if (!(tags[k++] = tag_text(f, item, a, err)))
			return NULL;
	qsort(tags, k, sizeof(*tags), tag_cmp);
	buf_add_char(&b, ',');
	for (i = 0; i < k; i++)
		if (!i || strcmp(tags[i], tags[i - 1]))
			buf_add_fmt(&b, "%s,", tags[i]);
	struct view *out = view_str(a, k ? buf_str(&b) : "");
	buf_release(&b);
	return out;
}

/* Kept as compact text; the handler checks the shape. */
static struct view *json_value(const struct field_def *f, json_t *v, struct arena *a,
			       struct loket_err *err)
{
	char *text;
	struct view *out;

	if (!json_is_array(v)) {
		loket_err_field(err, f->name, "must be an array");
		return NULL;
	}
	text = json_dumps(v, JSON_COMPACT);
	if (!text || (f->max_len && strlen(text) > (size_t)f->max_len)) {
		free(text);
		loket_err_field(err, f->name, "is larger than %d bytes of JSON", f->max_len);
		return NULL;
	}
	out = view_str(a, text);
	free(text);
	return out;
}

static struct view *field_value(const struct field_def *f, json_t *v, struct arena *a,
				struct loket_err *err)
{
	if (json_is_null(v)) {
		if (f->flags & FF_NULLABLE)
			return view_null(a);
		loket_err_field(err, f->name, "must not be null");
		return NULL;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_EMAIL:
	case FT_DATE:
	case FT_LANG:
	case FT_TZ:
		if (json_is_string(v))
			return text_value(f, v, a, err);
		loket_err_field(err, f->name, "must be a string");
		return NULL;
	case FT_BOOL:
		if (json_is_boolean(v))
			return view_bool(a, json_is_true(v));
		loket_err_field(err, f->name, "must be true or false");
		return NULL;
	case FT_INT:
		if (json_is_integer(v) && int_in_range(f, json_integer_value(v)))
			return view_int(a, json_integer_value(v));
		int_error(f, err);
		return NULL;
	case FT_REF:
		if (json_is_integer(v) && json_integer_value(v) > 0)
			return view_int(a, json_integer_value(v));
		loket_err_field(err, f->name, "must be the id of a %s%s",
				record_find(f->ref)->label,
				f->flags & FF_NULLABLE ? ", or null" : "");
		return NULL;
	case FT_ENUM:
		if (json_is_string(v) && enum_ok(f, json_string_value(v)))
			return view_str(a, json_string_value(v));
		enum_error(f, err);
		return NULL;
	case FT_ROLES: return roles_value(f, v, a, err);
	case FT_TAGS: return tags_value(f, v, a, err);
	case FT_JSON: return json_value(f, v, a, err);
	case FT_LINKS: return links_value(f, v, a, err);
	default: loket_err_field(err, f->name, "is read-only"); return NULL;
	}
}

int api_decode_record(const struct record_def *d, json_t *obj, bool create, struct arena *a,
		      struct view **out, struct loket_err *err)
{
	const char *key;
	json_t *v;
	bool bad = false;

	*out = view_obj(a);
	json_object_foreach (obj, key, v) {
		const struct field_def *f = record_field(d, key);
		struct view *val;
		if (!f) {
			loket_err_field(err, key, "is not a field of a %s", d->label);
			bad = true;
		} else if (f->flags & FF_READONLY) {
			loket_err_field(err, key, "is read-only");
			bad = true;
		} else if (!(val = field_value(f, v, a, err))) {
			bad = true;
		} else {
			view_set(*out, f->name, val);
		}
	}
	for (int i = 0; create && i < d->nfields; i++) {
		const struct field_def *f = &d->fields[i];
		if ((f->flags & FF_REQUIRED) && !json_object_get(obj, f->name)) {
			loket_err_field(err, f->name, "is required");
			bad = true;
		}
	}
	return bad ? LOKET_EINVAL : 0;
}

/* --- lists --- */

static int parse_int(const char *s, long long min, long long max, long *out)
{
	char *end;

	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int decode_sort(const struct record_def *d, const char *s, struct list_query *q,
		       struct loket_err *err)
{
	q->desc = *s == '-';
	if (d->fulltext && !strcmp(s, "relevance")) {
		q->relevance = true;
		return 0;
	}
	const struct field_def *f = record_field(d, s + q->desc);

	if (!f || !(f->flags & FF_SORT)) {
		char names[256] = "";
		for (int i = 0; i < d->nfields; i++)
			if (d->fields[i].flags & FF_SORT)
				snprintf(names + strlen(names), sizeof(names) - strlen(names),
					 "%s%s", names[0] ? ", " : "", d->fields[i].name);
		return loket_err_field(err, "sort",
				       "cannot sort by '%.60s'; use one of %s (- first for"
				       " descending)%s",
				       s, names, d->fulltext ? ", or relevance with q" : "");
	}
	q->sort = f;
	return 0;
}

static struct view *filter_value(const struct field_def *f, const char *s, struct arena *a,
				 struct loket_err *err)
{
	long v;

	if (!strcmp(s, "null") && (f->flags & FF_NULLABLE))
		return view_null(a);
	switch (f->type) {
	case FT_BOOL:
		if (!strcmp(s, "true") || !strcmp(s, "false"))
			return view_bool(a, !strcmp(s, "true"));
		loket_err_field(err, f->name, "must be true or false");
		return NULL;
	case FT_REF:
		if (!parse_int(s, 1, INT64_MAX, &v))
			return view_int(a, v);
		loket_err_field(err, f->name, "must be an id%s",
				f->flags & FF_NULLABLE ? " or null" : "");
		return NULL;
	case FT_INT:
		if (!parse_int(s, INT32_MIN, INT32_MAX, &v) && int_in_range(f, v))
			return view_int(a, v);
		int_error(f, err);
		return NULL;
	case FT_ENUM:
		if (enum_ok(f, s))
			return view_str(a, s);
		enum_error(f, err);
		return NULL;
	case FT_TAGS:
		if (!*s || strchr(s, ',') || field_check_text(f, s, strlen(s), err)) {
			if (!err || !err->nfields)
				loket_err_field(err, f->name, "must be one label");
			return NULL;
		}
		return view_str(a, s);
	default:
		if (field_check_text(f, s, strlen(s), err))
			return NULL;
		struct view *out = view_str(a, s);
		if (f->type == FT_EMAIL)
			for (char *p = (char *)out->u.str.s; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		return out;
	}
}

/* "new,assigned" is either value: an array, which the store turns into IN. */
static struct view *filter_values(const struct field_def *f, const char *s, struct arena *a,
				  struct loket_err *err)
{
	bool listable = f->type == FT_ENUM || f->type == FT_INT || f->type == FT_REF;
	struct view *arr;
	int n = 0;

	if (!listable || !strchr(s, ','))
		return filter_value(f, s, a, err);
	arr = view_arr(a);
	for (const char *p = s;; p++) {
		const char *end = strchr(p, ',');
		char *one = arena_strndup(a, p, end ? (size_t)(end - p) : strlen(p));
		struct view *v = filter_value(f, one, a, err);
		if (!v || v->kind == VIEW_NULL || ++n > 100) {
			if (v)
				loket_err_field(err, f->name,
						"takes at most 100 values, without null");
			return NULL;
		}
		view_push(arr, v);
		if (!end)
			return arr;
		p = end;
	}
}

static int decode_filters(const struct record_def *d, api_query_get get, void *ctx, struct arena *a,
			  struct list_query *q, struct loket_err *err)
{
	int rc = 0;

	for (int i = 0; i < d->nfields; i++) {
		const struct field_def *f = &d->fields[i];
		const char *s = (f->flags & FF_FILTER) ? get(ctx, f->name) : NULL;
		struct view *v;
		if (!s)
			continue;
		if (!(v = filter_values(f, s, a, err)))
			rc = LOKET_EINVAL;
		else if (q->nfilters >= STORE_MAX_FILTERS)
			rc = loket_err_field(err, f->name, "is one filter too many (at most %d)",
					     STORE_MAX_FILTERS);
		else {
			q->filters[q->nfilters].field = f;
			q->filters[q->nfilters++].value = v;
		}
	}
	return rc;
}

int api_decode_list(const struct record_def *d, api_query_get get, void *ctx, struct arena *a,
		    struct list_query *q, struct loket_err *err)
{
	const char *limit = get(ctx, "limit"), *sort = get(ctx, "sort"), *text = get(ctx, "q");
	long n = 50;
	int rc = 0;

	memset(q, 0, sizeof(*q));
	if (limit && parse_int(limit, 1, 200, &n))
		rc = loket_err_field(err, "limit", "must be a whole number from 1 to 200");
	q->limit = (int)n;
	if (!sort && d->default_sort)
		decode_sort(d, d->default_sort, q, err);
	else if (sort && decode_sort(d, sort, q, err))
		rc = LOKET_EINVAL;
	q->cursor = get(ctx, "cursor");
	if (text) {
		static const struct field_def qdef = {.name = "q", .type = FT_TEXT, .max_len = 200};
		if (field_check_text(&qdef, text, strlen(text), err))
			rc = LOKET_EINVAL;
		q->q = text;
	}
	if (decode_filters(d, get, ctx, a, q, err))
		rc = LOKET_EINVAL;
	if (q->relevance && (!q->q || !*q->q))
		rc = loket_err_field(err, "sort", "relevance needs words to search for (q)");
	if (q->relevance && q->cursor)
		rc = loket_err_field(err, "cursor",
				     "a list by relevance is one page (raise limit)");
	return rc;
}

const char *const *api_list_params(const struct record_def *d, struct arena *a)
{
	const char **names = arena_alloc(a, (size_t)(d->nfields + 5) * sizeof(*names));
	int n = 0;

	names[n++] = "limit";
	names[n++] = "cursor";
	names[n++] = "sort";
	names[n++] = "q";
	for (int i = 0; i < d->nfields; i++)
		if (d->fields[i].flags & FF_FILTER)
			names[n++] = d->fields[i].name;
	names[n] = NULL;
	return names;
}
