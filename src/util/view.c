#include "util/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct view *make(struct arena *a, enum view_kind kind)
{
	struct view *v = arena_alloc(a, sizeof(*v));

	v->kind = kind;
	v->arena = a;
	return v;
}

struct view *view_null(struct arena *a)
{
	return make(a, VIEW_NULL);
}

struct view *view_bool(struct arena *a, bool b)
{
	struct view *v = make(a, VIEW_BOOL);

	v->u.b = b;
	return v;
}

struct view *view_int(struct arena *a, int64_t i)
{
	struct view *v = make(a, VIEW_INT);

	v->u.i = i;
	return v;
}

struct view *view_num(struct arena *a, double d)
{
	struct view *v = make(a, VIEW_NUM);

	v->u.d = d;
	return v;
}

struct view *view_strn(struct arena *a, const char *s, size_t n)
{
	if (!s)
		return view_null(a);
	struct view *v = make(a, VIEW_STR);
	v->u.str.s = arena_strndup(a, s, n);
	v->u.str.len = n;
	return v;
}

struct view *view_str(struct arena *a, const char *s)
{
	return s ? view_strn(a, s, strlen(s)) : view_null(a);
}

struct view *view_str_static(struct arena *a, const char *s)
{
	if (!s)
		return view_null(a);
	struct view *v = make(a, VIEW_STR);
	v->u.str.s = s;
	v->u.str.len = strlen(s);
	return v;
}

struct view *view_arr(struct arena *a)
{
	return make(a, VIEW_ARR);
}

struct view *view_obj(struct arena *a)
{
	return make(a, VIEW_OBJ);
}

static void append(struct view *list, const char *key, struct view *val)
{
	struct view_item *it = arena_alloc(list->arena, sizeof(*it));

	it->key = key;
	it->val = val;
	if (list->u.list.tail)
		list->u.list.tail->next = it;
	else
		list->u.list.head = it;
	list->u.list.tail = it;
	list->u.list.count++;
}

void view_set(struct view *obj, const char *key, struct view *val)
{
	for (struct view_item *it = obj->u.list.head; it; it = it->next) {
		if (!strcmp(it->key, key)) {
			it->val = val;
			return;
		}
	}
	append(obj, arena_strdup(obj->arena, key), val);
}

void view_append(struct view *obj, const char *key, struct view *val)
{
	append(obj, key, val);
}

void view_set_str(struct view *obj, const char *key, const char *s)
{
	view_set(obj, key, view_str(obj->arena, s));
}

void view_set_int(struct view *obj, const char *key, int64_t i)
{
	view_set(obj, key, view_int(obj->arena, i));
}

void view_set_bool(struct view *obj, const char *key, bool b)
{
	view_set(obj, key, view_bool(obj->arena, b));
}

void view_set_null(struct view *obj, const char *key)
{
	view_set(obj, key, view_null(obj->arena));
}

void view_set_opt_int(struct view *obj, const char *key, bool present, int64_t i)
{
	view_set(obj, key, present ? view_int(obj->arena, i) : view_null(obj->arena));
}

void view_push(struct view *arr, struct view *val)
{
	append(arr, NULL, val);
}

struct view *view_get(const struct view *obj, const char *key)
{
	if (!obj || obj->kind != VIEW_OBJ)
		return NULL;
	for (struct view_item *it = obj->u.list.head; it; it = it->next)
		if (!strcmp(it->key, key))
			return it->val;
	return NULL;
}

const char *view_get_str(const struct view *obj, const char *key)
{
	const struct view *v = view_get(obj, key);

	return v && v->kind == VIEW_STR ? v->u.str.s : NULL;
}

bool view_falsey(const struct view *v)
{
	if (!v)
		return true;
	switch (v->kind) {
	case VIEW_NULL: return true;
	case VIEW_BOOL: return !v->u.b;
	case VIEW_ARR: return v->u.list.count == 0;
	default: return false;
	}
}

static void write_num(double d, struct buf *b)
{
	if (!isfinite(d)) {
		buf_add_raw(b, "null");
		return;
	}
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%.17g", d);
	/* Shortest text that reads back the same. */
	for (int prec = 1; prec < 17; prec++) {
		char t[32];
		snprintf(t, sizeof(t), "%.*g", prec, d);
		if (strtod(t, NULL) == d) {
			memcpy(tmp, t, sizeof(t));
			break;
		}
	}
	buf_add_raw(b, tmp);
}

void view_write_json(const struct view *v, struct buf *b)
{
	switch (v->kind) {
	case VIEW_NULL: buf_add_raw(b, "null"); break;
	case VIEW_BOOL: buf_add_raw(b, v->u.b ? "true" : "false"); break;
	case VIEW_INT: buf_add_int(b, v->u.i); break;
	case VIEW_NUM: write_num(v->u.d, b); break;
	case VIEW_STR: buf_add_json_str_n(b, v->u.str.s, v->u.str.len); break;
	case VIEW_ARR:
	case VIEW_OBJ: {
		bool obj = v->kind == VIEW_OBJ;
		buf_add_char(b, obj ? '{' : '[');
		for (struct view_item *it = v->u.list.head; it; it = it->next) {
			if (it != v->u.list.head)
				buf_add_char(b, ',');
			if (obj) {
				buf_add_json_str(b, it->key);
				buf_add_char(b, ':');
			}
			view_write_json(it->val, b);
		}
		buf_add_char(b, obj ? '}' : ']');
		break;
	}
	}
}

void view_write_text(const struct view *v, struct buf *b)
{
	switch (v->kind) {
	case VIEW_BOOL: buf_add_raw(b, v->u.b ? "true" : "false"); break;
	case VIEW_INT: buf_add_int(b, v->u.i); break;
	case VIEW_NUM: write_num(v->u.d, b); break;
	case VIEW_STR: buf_add(b, v->u.str.s, v->u.str.len); break;
	default: break;
	}
}

bool view_equal(const struct view *x, const struct view *y)
{
	if (x->kind != y->kind)
		return false;
	switch (x->kind) {
	case VIEW_NULL: return true;
	case VIEW_BOOL: return x->u.b == y->u.b;
	case VIEW_INT: return x->u.i == y->u.i;
	case VIEW_NUM: return x->u.d == y->u.d;
	case VIEW_STR:
		return x->u.str.len == y->u.str.len &&
		       !memcmp(x->u.str.s, y->u.str.s, x->u.str.len);
	case VIEW_ARR:
	case VIEW_OBJ: {
		if (x->u.list.count != y->u.list.count)
			return false;
		const struct view_item *a = x->u.list.head, *c = y->u.list.head;
		for (; a; a = a->next, c = c->next) {
			if ((a->key || c->key) && (!a->key || !c->key || strcmp(a->key, c->key)))
				return false;
			if (!view_equal(a->val, c->val))
				return false;
		}
		return true;
	}
	}
	return false;
}
