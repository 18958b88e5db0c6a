/* tests/fuzz/query_list.c: a query string ("a=b&c=d", percent-encoded)
 * decoded into a list query of each record type. The pairs are split here
 * as http/ splits them and decoded with form_decode() and, as the server
 * does, form_decode_inplace(); form_field() on the whole input must agree
 * with that split. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "http/form.h"

/* Every record type, looked up by its name as the routes name it. */
static const char *const type_names[] = {"users",  "groups",	    "organisations",
					 "tokens", "tickets",	    "categories",
					 "queues", "catalog_items", "tasks"};

struct query {
	const char *const *allowed; /* what api_list_params() says a list reads */
	int n;
	const char **keys, **values;
	int *slots; /* by key hash: 1 + the key's first pair, 0 when free */
	size_t mask;
};

/* The server decodes query strings in place, as libmicrohttpd hands them
 * over (NUL-terminated): that must give what form_decode() gives. */
static char *decode(const char *s, size_t len, struct arena *a)
{
	char *out = form_decode(s, len, a);

	if (!memchr(s, '\0', len)) {
		char *copy = arena_strndup(a, s, len);
		size_t n = form_decode_inplace(copy);
		if (n > len || memcmp(copy, out, n + 1))
			abort();
	}
	return out;
}

static size_t hash(const char *s)
{
	size_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Where the first pair called 'name' is indexed: inputs of a thousand
 * pairs, each looked up by dozens of names, must stay fast. */
static int *find_slot(const struct query *q, const char *name)
{
	size_t i = hash(name) & q->mask;

	while (q->slots[i] && strcmp(q->keys[q->slots[i] - 1], name))
		i = (i + 1) & q->mask;
	return &q->slots[i];
}

static void add_pair(struct query *q, const char *key, const char *value)
{
	q->keys[q->n] = key;
	q->values[q->n++] = value;
	int *slot = find_slot(q, key);
	if (!*slot)
		*slot = q->n;
}

/* Pairs end at '&'; a pair without '=' has the empty value, as in
 * form_field(). */
static void split(struct query *q, const char *s, size_t len, struct arena *a)
{
	size_t i = 0, max = 1, size = 1;

	for (size_t k = 0; k < len; k++)
		max += s[k] == '&';
	while (size < 2 * max)
		size *= 2;
	q->keys = arena_alloc(a, max * sizeof(*q->keys));
	q->values = arena_alloc(a, max * sizeof(*q->values));
	q->slots = arena_alloc(a, size * sizeof(*q->slots));
	q->mask = size - 1;
	while (i < len) {
		const char *amp = memchr(s + i, '&', len - i);
		size_t end = amp ? (size_t)(amp - s) : len;
		const char *eq = memchr(s + i, '=', end - i);
		size_t klen = eq ? (size_t)(eq - s) - i : end - i;
		add_pair(q, decode(s + i, klen, a),
			 eq ? decode(eq + 1, end - (size_t)(eq + 1 - s), a) : "");
		i = end + 1;
	}
}

/* The value of the first pair called 'name', as the server finds it. */
static const char *lookup(const struct query *q, const char *name)
{
	const int *slot = find_slot(q, name);

	return *slot ? q->values[*slot - 1] : NULL;
}

/* A parameter the decoder reads but api_list_params() does not list would
 * be refused as unknown before it is ever read. */
static const char *query_get(void *ctx, const char *name)
{
	const struct query *q = ctx;
	const char *const *p = q->allowed;

	while (*p && strcmp(*p, name))
		p++;
	if (!*p)
		abort();
	return lookup(q, name);
}

static bool filtered(const struct list_query *lq, const struct field_def *f)
{
	for (int i = 0; i < lq->nfilters; i++)
		if (lq->filters[i].field == f)
			return true;
	return false;
}

/* A filter that is given is applied or refused, never dropped: a list that
 * ignores one shows records the client asked not to see. */
static void check_filters(const struct record_def *d, const struct query *q,
			  const struct list_query *lq)
{
	for (int i = 0; i < d->nfields; i++) {
		const struct field_def *f = &d->fields[i];
		if ((f->flags & FF_FILTER) && lookup(q, f->name) && !filtered(lq, f))
			abort();
	}
}

static void check_query(const struct record_def *d, const struct list_query *lq)
{
	if (lq->limit < 1 || lq->limit > 200 || lq->nfilters > STORE_MAX_FILTERS)
		abort();
	if (lq->sort && !(lq->sort->flags & FF_SORT))
		abort();
	if (lq->q && (!utf8_valid(lq->q, strlen(lq->q)) || utf8_length(lq->q, strlen(lq->q)) > 200))
		abort();
	for (int i = 0; i < lq->nfilters; i++)
		if (!(lq->filters[i].field->flags & FF_FILTER) || !lq->filters[i].value ||
		    lq->filters[i].field != record_field(d, lq->filters[i].field->name))
			abort();
}

static void decode_list(const struct record_def *d, struct query *q, struct arena *a)
{
	struct loket_err err = {0};
	struct list_query lq;

	q->allowed = api_list_params(d, a);
	int rc = api_decode_list(d, query_get, q, a, &lq, &err);
	if (rc && (rc != LOKET_EINVAL || err.nfields < 1))
		abort();
	if (!rc) {
		check_query(d, &lq);
		check_filters(d, q, &lq);
	}
}

static void same(const char *x, const char *y)
{
	if ((!x || !y) ? x != y : strcmp(x, y) != 0)
		abort();
}

static void check_form_field(const struct query *q, const char *s, size_t len, struct arena *a)
{
	static const char *const names[] = {"limit", "sort", "q", "cursor", "email", "active", ""};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		same(form_field(s, len, names[i], a), lookup(q, names[i]));
	if (q->n)
		same(form_field(s, len, q->keys[q->n - 1], a), lookup(q, q->keys[q->n - 1]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct query q = {0};
	const char *s = (const char *)data;

	split(&q, s, size, &a);
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (record_find(type_names[i]))
			decode_list(record_find(type_names[i]), &q, &a);
	check_form_field(&q, s, size, &a);
	arena_release(&a);
	return 0;
}
