/* tests/fuzz/catalog_form.c: a catalogue form and a request made with it.
 * The input splits at its first NUL: before it a form definition, after it
 * the submitted values (none at all, as the server takes a body without
 * them, when there is no NUL), each parsed as the API parses JSON. A form
 * accepted must be one the request path can lean on: known keys and types,
 * unique names. Values accepted must be on the form, include every required
 * field and be of their field's type; the description written from them
 * must be each given field's "Label: value" line, in form order. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/form.h"
#include "core/record.h"
#include "util/buf.h"

static const char *const known_keys[] = {"name",    "label",	  "type", "required",
					 "choices", "max_length", NULL};
static const char *const known_types[] = {"text", "long_text", "choice", "multi_choice",
					  "date", "user",      "ci",	 NULL};

static bool among(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

static const char *str_of(const json_t *f, const char *key)
{
	return json_string_value(json_object_get(f, key));
}

/* A refusal is named, and names what was sent: "form" or "values...". */
static void check_failure(int rc, const struct loket_err *err, const char *prefix)
{
	if (rc != LOKET_EINVAL || err->code != LOKET_EINVAL || err->nfields < 1)
		abort();
	for (int i = 0; i < err->nfields; i++)
		if (strncmp(err->fields[i].field, prefix, strlen(prefix)) ||
		    !utf8_valid(err->fields[i].field, strlen(err->fields[i].field)) ||
		    !utf8_valid(err->fields[i].message, strlen(err->fields[i].message)))
			abort();
	/* Whatever was cut to fit, the problem document stays valid UTF-8. */
	if (!utf8_valid(err->message, strlen(err->message)))
		abort();
}

static void check_field_def(const json_t *f)
{
	const char *key, *type = str_of(f, "type");
	const json_t *v;

	if (!json_is_object(f) || !type || !among(known_types, type) || !str_of(f, "name") ||
	    !*str_of(f, "name") || !str_of(f, "label") || !*str_of(f, "label"))
		abort();
	json_object_foreach ((json_t *)f, key, v)
		if (!among(known_keys, key))
			abort();
}

static void check_definition(const json_t *form)
{
	const json_t *f;
	size_t i;

	if (!json_is_array(form))
		abort();
	json_array_foreach (form, i, f) {
		check_field_def(f);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(str_of(json_array_get(form, k), "name"), str_of(f, "name")))
				abort();
	}
}

static const json_t *field_named(const json_t *form, const char *name)
{
	const json_t *f;
	size_t i;

	json_array_foreach (form, i, f)
		if (!strcmp(str_of(f, "name"), name))
			return f;
	return NULL;
}

static bool is_choice(const json_t *f, const json_t *v)
{
	const json_t *c;
	size_t i;

	json_array_foreach (json_object_get(f, "choices"), i, c)
		if (json_is_string(v) && !strcmp(json_string_value(c), json_string_value(v)))
			return true;
	return false;
}

static bool is_date(const json_t *v)
{
	const char *s = json_string_value(v);

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

/* Of the field's type, judged more loosely than the form does: any text,
 * any date-shaped string. */
static bool right_type(const json_t *f, const json_t *v)
{
	const char *type = str_of(f, "type");
	const json_t *item;
	size_t i;

	if (!strcmp(type, "text") || !strcmp(type, "long_text"))
		return json_is_string(v) && json_string_length(v);
	if (!strcmp(type, "choice"))
		return is_choice(f, v);
	if (!strcmp(type, "multi_choice")) {
		json_array_foreach (v, i, item)
			if (!is_choice(f, item))
				return false;
		return json_array_size(v) > 0;
	}
	if (!strcmp(type, "date"))
		return is_date(v);
	return json_is_integer(v) && json_integer_value(v) > 0; /* user, ci */
}

/* Every value on the form and of its type, the user ids in the order
 * given, every required field there. */
static void check_values(const json_t *form, const json_t *values, const int64_t *users)
{
	const char *key;
	const json_t *v, *f;
	size_t i, n = 0;

	json_object_foreach ((json_t *)values, key, v) {
		if (!(f = field_named(form, key)) || !right_type(f, v))
			abort();
		if (!strcmp(str_of(f, "type"), "user") && users[n++] != json_integer_value(v))
			abort();
	}
	if (users[n] != -1)
		abort();
	json_array_foreach (form, i, f)
		if (json_is_true(json_object_get(f, "required")) &&
		    !json_object_get(values, str_of(f, "name")))
			abort();
}

static void add_value(struct buf *b, const json_t *v)
{
	const json_t *item;
	size_t k;

	if (json_is_integer(v)) {
		buf_add_int(b, json_integer_value(v));
		return;
	}
	if (!json_is_array(v)) {
		buf_add_raw(b, json_string_value(v));
		return;
	}
	json_array_foreach (v, k, item) {
		if (k)
			buf_add_raw(b, ", ");
		buf_add_raw(b, json_string_value(item));
	}
}

static void check_describe(const json_t *form, const json_t *values, const char *got)
{
	struct buf want = BUF_INIT(0);
	const json_t *f, *v;
	size_t i;

	json_array_foreach (form, i, f) {
		if (!(v = json_object_get(values, str_of(f, "name"))))
			continue;
		buf_add_raw(&want, str_of(f, "label"));
		buf_add_raw(&want, ": ");
		add_value(&want, v);
		buf_add_char(&want, '\n');
	}
	if (!got || buf_failed(&want) || strcmp(got, buf_str(&want)))
		abort();
	buf_release(&want);
}

static void submit(const json_t *form, const json_t *values)
{
	struct arena a = ARENA_INIT;
	struct loket_err err = {0};
	const int64_t *users = NULL;
	int rc = form_check_values(form, values, &a, &users, &err);

	if (rc) {
		check_failure(rc, &err, "values");
	} else {
		check_values(form, values, users);
		check_describe(form, values, form_describe(form, values, &a));
	}
	arena_release(&a);
}

/* As the API reads a body, except that any JSON value may stand alone:
 * the form and the values arrive as members of an object. */
static json_t *parse(const uint8_t *data, size_t size)
{
	return json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t head = nul ? (size_t)(nul - data) : size;
	struct loket_err err = {0};
	json_t *form = parse(data, head), *values;
	int rc;

	if (!form)
		return 0;
	if ((rc = form_check_definition(form, &err))) {
		check_failure(rc, &err, "form");
		json_decref(form);
		return 0;
	}
	check_definition(form);
	values = nul ? parse(nul + 1, size - head - 1) : json_object();
	if (values)
		submit(form, values);
	json_decref(values);
	json_decref(form);
	return 0;
}
