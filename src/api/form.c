#include "api/form.h"

#include <string.h>

#include "core/record.h"
#include "util/buf.h"

static const char *const types[] = {"text", "long_text", "choice", "multi_choice",
				    "date", "user",	 "ci",	   NULL};

static bool is_type(const char *t)
{
	for (const char *const *p = types; *p; p++)
		if (!strcmp(*p, t))
			return true;
	return false;
}

static bool slug(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 40)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* A text of 1 to max characters without control characters (line breaks
 * allowed in long ones), as every text field of Loket. */
static bool short_text(const json_t *v, size_t max)
{
	struct field_def def = {.name = "text", .type = FT_TEXT, .max_len = (int)max};

	return json_is_string(v) && json_string_length(v) &&
	       strlen(json_string_value(v)) == json_string_length(v) &&
	       !field_check_text(&def, json_string_value(v), json_string_length(v), NULL);
}

static int choices_ok(const json_t *f, size_t i, struct loket_err *err)
{
	const json_t *c = json_object_get(f, "choices"), *item;
	size_t k;

	if (!json_is_array(c) || !json_array_size(c) || json_array_size(c) > 100)
		return loket_err_field(err, "form", "form[%zu].choices must be 1 to 100 texts", i);
	json_array_foreach (c, k, item)
		if (!short_text(item, 200))
			return loket_err_field(err, "form",
					       "form[%zu].choices[%zu] must be a text of"
					       " 1 to 200 characters",
					       i, k);
	return 0;
}

static int field_ok(const json_t *f, size_t i, struct loket_err *err)
{
	const char *key, *type;
	const json_t *v;

	if (!json_is_object(f))
		return loket_err_field(err, "form", "form[%zu] must be an object", i);
	json_object_foreach ((json_t *)f, key, v)
		if (strcmp(key, "name") && strcmp(key, "label") && strcmp(key, "type") &&
		    strcmp(key, "required") && strcmp(key, "choices") && strcmp(key, "max_length"))
			return loket_err_field(err, "form", "form[%zu].%s is not part of a field",
					       i, key);
	v = json_object_get(f, "name");
	if (!json_is_string(v) || !slug(json_string_value(v)))
		return loket_err_field(err, "form", "form[%zu].name must be 1 to 40 of a-z, 0-9, _",
				       i);
	if (!short_text(json_object_get(f, "label"), 200))
		return loket_err_field(err, "form",
				       "form[%zu].label must be a text of 1 to 200"
				       " characters",
				       i);
	v = json_object_get(f, "type");
	type = json_is_string(v) ? json_string_value(v) : "";
	if (!is_type(type))
		return loket_err_field(err, "form",
				       "form[%zu].type must be text, long_text, choice,"
				       " multi_choice, date, user or ci",
				       i);
	v = json_object_get(f, "required");
	if (v && !json_is_boolean(v))
		return loket_err_field(err, "form", "form[%zu].required must be true or false", i);
	v = json_object_get(f, "max_length");
	if (v &&
	    (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 10000))
		return loket_err_field(err, "form", "form[%zu].max_length must be 1 to 10000", i);
	if (strstr(type, "choice"))
		return choices_ok(f, i, err);
	if (json_object_get(f, "choices"))
		return loket_err_field(err, "form", "form[%zu].choices are for choice fields", i);
	return 0;
}

int form_check_definition(const json_t *form, struct loket_err *err)
{
	const json_t *f;
	size_t i;

	if (!json_is_array(form) || json_array_size(form) > 100)
		return loket_err_field(err, "form", "must be an array of at most 100 fields");
	json_array_foreach (form, i, f) {
		int rc = field_ok(f, i, err);
		if (rc)
			return rc;
		for (size_t k = 0; k < i; k++)
			if (json_equal(json_object_get(json_array_get(form, k), "name"),
				       json_object_get(f, "name")))
				return loket_err_field(err, "form", "form[%zu].name is used twice",
						       i);
	}
	return 0;
}

static const json_t *field_named(const json_t *form, const char *name)
{
	const json_t *f;
	size_t i;

	json_array_foreach (form, i, f)
		if (!strcmp(json_string_value(json_object_get(f, "name")), name))
			return f;
	return NULL;
}

static bool in_choices(const json_t *f, const json_t *v)
{
	const json_t *c;
	size_t i;

	json_array_foreach (json_object_get(f, "choices"), i, c)
		if (json_equal(c, v))
			return true;
	return false;
}

static bool date_ok(const char *s)
{
	static const struct field_def def = {.name = "date", .type = FT_DATE};

	return field_check_text(&def, s, strlen(s), NULL) == 0;
}

/* One value against its field: NULL when right, else what is wrong. */
static const char *value_error(const json_t *f, const json_t *v)
{
	const char *type = json_string_value(json_object_get(f, "type"));
	const json_t *max = json_object_get(f, "max_length");
	size_t limit = max			    ? (size_t)json_integer_value(max)
		       : !strcmp(type, "long_text") ? 10000
						    : 200;
	const json_t *item;
	size_t i;

	if (!strcmp(type, "text") || !strcmp(type, "long_text"))
		return short_text(v, limit) ? NULL : "must be a text within the field's length";
	if (!strcmp(type, "choice"))
		return in_choices(f, v) ? NULL : "must be one of the field's choices";
	if (!strcmp(type, "multi_choice")) {
		if (!json_is_array(v) || !json_array_size(v))
			return "must be a non-empty array of the field's choices";
		json_array_foreach (v, i, item)
			if (!in_choices(f, item))
				return "must be a non-empty array of the field's choices";
		return NULL;
	}
	if (!strcmp(type, "date"))
		return json_is_string(v) && date_ok(json_string_value(v))
			       ? NULL
			       : "must be a date (YYYY-MM-DD)";
	return json_is_integer(v) && json_integer_value(v) > 0 ? NULL : "must be an id";
}

static int64_t *add_user(int64_t *users, size_t *n, struct arena *a, int64_t id)
{
	int64_t *grown = arena_alloc(a, (*n + 2) * sizeof(*grown));

	if (*n)
		memcpy(grown, users, *n * sizeof(*grown));
	grown[(*n)++] = id;
	grown[*n] = -1;
	return grown;
}

int form_check_values(const json_t *form, const json_t *values, struct arena *a,
		      const int64_t **users, struct loket_err *err)
{
	const char *key;
	const json_t *v, *f;
	int64_t *ids = arena_alloc(a, sizeof(*ids));
	size_t i, n = 0;
	int rc = 0;

	ids[0] = -1;
	if (!json_is_object(values))
		return loket_err_field(err, "values", "must be an object of the form's fields");
	json_object_foreach ((json_t *)values, key, v) {
		const char *why =
			(f = field_named(form, key)) ? value_error(f, v) : "is not on the form";
		if (why)
			rc = loket_err_field(err, arena_printf(a, "values.%.60s", key), "%s", why);
		else if (!strcmp(json_string_value(json_object_get(f, "type")), "user"))
			ids = add_user(ids, &n, a, json_integer_value(v));
	}
	json_array_foreach (form, i, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		if (json_is_true(json_object_get(f, "required")) && !json_object_get(values, name))
			rc = loket_err_field(err, arena_printf(a, "values.%s", name),
					     "is required");
	}
	*users = ids;
	return rc;
}

const char *form_describe(const json_t *form, const json_t *values, struct arena *a)
{
	struct buf b = BUF_INIT(0);
	const json_t *f, *v, *item;
	size_t i, k;

	json_array_foreach (form, i, f) {
		if (!(v = json_object_get(values, json_string_value(json_object_get(f, "name")))))
			continue;
		buf_add_fmt(&b, "%s: ", json_string_value(json_object_get(f, "label")));
		if (json_is_array(v)) {
			json_array_foreach (v, k, item)
				buf_add_fmt(&b, "%s%s", k ? ", " : "", json_string_value(item));
		} else if (json_is_string(v)) {
			buf_add_raw(&b, json_string_value(v));
		} else {
			buf_add_int(&b, json_integer_value(v));
		}
		buf_add_char(&b, '\n');
	}
	/* A ticket's description holds 20,000 characters: the values may be
	 * longer together; the ticket's request record keeps them whole. */
	size_t n = b.len, chars = 0, i2;
	for (i2 = 0; i2 < n && chars < 19990; i2++)
		chars += ((unsigned char)b.data[i2] & 0xc0) != 0x80;
	while (i2 < n && ((unsigned char)b.data[i2] & 0xc0) == 0x80)
		i2++;
	const char *out =
		i2 < n ? arena_printf(a, "%.*s…", (int)i2, b.data) : arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return out;
}
