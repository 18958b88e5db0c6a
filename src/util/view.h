/* The view model: a tree of values built by a handler from the request's
 * arena, read by both the JSON writer (the API) and the template engine (the
 * web UI). Every node and string lives in the arena given at creation;
 * nothing here is freed by hand.
 *
 * Object members keep their insertion order (JSON output follows it) and
 * view_set() on an existing key replaces its value. */
#ifndef LOKET_VIEW_H
#define LOKET_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"

enum view_kind { VIEW_NULL, VIEW_BOOL, VIEW_INT, VIEW_NUM, VIEW_STR, VIEW_ARR, VIEW_OBJ };

struct view_item;

struct view {
	enum view_kind kind;
	union {
		bool b;
		int64_t i;
		double d;
		struct {
			const char *s;
			size_t len;
		} str;
		struct {
			struct view_item *head, *tail;
			size_t count;
		} list; /* VIEW_ARR and VIEW_OBJ */
	} u;
	struct arena *arena;
};

struct view_item {
	struct view_item *next;
	const char *key; /* NULL in arrays */
	struct view *val;
};

struct view *view_null(struct arena *a);
struct view *view_bool(struct arena *a, bool b);
struct view *view_int(struct arena *a, int64_t i);
struct view *view_num(struct arena *a, double d);
/* Copies s into the arena; NULL gives a JSON null. */
struct view *view_str(struct arena *a, const char *s);
struct view *view_strn(struct arena *a, const char *s, size_t n);
/* Borrows s: it must outlive the view (static text, or arena text). */
struct view *view_str_static(struct arena *a, const char *s);
struct view *view_arr(struct arena *a);
struct view *view_obj(struct arena *a);

/* Adds val under key (copied) to an object, replacing an existing member. */
void view_set(struct view *obj, const char *key, struct view *val);
/* Adds a member that is known not to be there yet, with a key that outlives
 * the view (static text): no search, no copy. For building rows. */
void view_append(struct view *obj, const char *key, struct view *val);
void view_set_str(struct view *obj, const char *key, const char *s);
void view_set_int(struct view *obj, const char *key, int64_t i);
void view_set_bool(struct view *obj, const char *key, bool b);
void view_set_null(struct view *obj, const char *key);
/* An integer, or null when 'present' is false (optional references). */
void view_set_opt_int(struct view *obj, const char *key, bool present, int64_t i);
/* Appends to an array. */
void view_push(struct view *arr, struct view *val);

/* Member of an object, or NULL (also when obj is not an object). */
struct view *view_get(const struct view *obj, const char *key);
/* Text of a string member, or NULL. */
const char *view_get_str(const struct view *obj, const char *key);
/* True for values a template section treats as "falsey": null, false, an
 * empty list. (Mustache: empty strings are truthy.) */
bool view_falsey(const struct view *v);

/* Writes v as compact JSON. */
void view_write_json(const struct view *v, struct buf *b);
/* Writes a scalar as text (for templates and the audit trail): strings as
 * they are, numbers in decimal, true/false, null as "". Lists give "". */
void view_write_text(const struct view *v, struct buf *b);
/* True when both are the same value (deep). */
bool view_equal(const struct view *x, const struct view *y);

#endif
