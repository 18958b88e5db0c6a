#include "util/jsonview.h"

struct view *view_from_json(struct arena *a, const json_t *j)
{
	struct view *v;
	const char *key;
	json_t *item;
	size_t i;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		v = view_obj(a);
		json_object_foreach ((json_t *)j, key, item)
			view_set(v, key, view_from_json(a, item));
		return v;
	case JSON_ARRAY:
		v = view_arr(a);
		json_array_foreach (j, i, item)
			view_push(v, view_from_json(a, item));
		return v;
	case JSON_STRING: return view_strn(a, json_string_value(j), json_string_length(j));
	case JSON_INTEGER: return view_int(a, json_integer_value(j));
	case JSON_REAL: return view_num(a, json_real_value(j));
	case JSON_TRUE: return view_bool(a, true);
	case JSON_FALSE: return view_bool(a, false);
	default: return view_null(a);
	}
}

struct view *view_from_json_text(struct arena *a, const char *text)
{
	json_t *j = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
	struct view *v = j ? view_from_json(a, j) : view_null(a);

	json_decref(j);
	return v;
}
