/* Queues: the ticket lists people work from, each with its count. The
 * built-in ones fit every desk; people save their own as a name and the
 * query string of /api/v1/tickets ("me" and "mine" stand for whoever opens
 * it and their groups). */
#include <string.h>

#include "api/api.h"
#include "api/decode.h"
#include "http/form.h"

#define OPEN "status=new,assigned,in_progress,pending"

struct builtin {
	const char *key, *name, *filter;
	bool staff; /* for the desk; else for requesters */
};

static const struct builtin builtins[] = {
	{"mine", "My open tickets", "assignee_id=me&" OPEN, true},
	{"unassigned", "Unassigned in my groups", "group_id=mine&assignee_id=null&" OPEN, true},
	{"urgent", "Open P1/P2", "priority=1,2&" OPEN, true},
	{"pending", "Pending on me", "assignee_id=me&status=pending", true},
	{"recent", "Recently updated", "sort=-updated_at&" OPEN, true},
	{"my-requests", "My tickets", "requester_id=me", false},
};

/* A query string read like the request's own query, 'me' and 'mine'
 * included (api_query_value). */
struct text_query {
	struct http_req *r;
	const char *text;
};

static const char *text_get(void *ctx, const char *name)
{
	struct text_query *t = ctx;
	const char *v = form_field(t->text, strlen(t->text), name, &t->r->arena);

	return api_query_value(t->r, name, v);
}

/* Every key must be a parameter of the ticket list (paging excluded). */
static int check_keys(struct http_req *r, const char *text)
{
	const char *const *allowed = api_list_params(&record_tickets, &r->arena);

	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "=&");
		const char *key = form_decode(p, n, &r->arena);
		bool ok = strcmp(key, "limit") && strcmp(key, "cursor");
		for (const char *const *a = allowed; ok && *a && strcmp(*a, key); a++)
			ok = a[1] != NULL;
		if (!ok || !*key)
			return loket_err_field(&r->err, "filter",
					       "'%.40s' is not a parameter of the"
					       " ticket list",
					       key);
		p += strcspn(p, "&");
		p += *p == '&';
	}
	return 0;
}

int api_queue_filter(struct http_req *r, const char *text, struct list_query *q)
{
	struct text_query t = {r, text};
	struct loket_err inner = {0};
	int rc = check_keys(r, text);

	if (rc)
		return rc;
	if (api_decode_list(&record_tickets, text_get, &t, &r->arena, q, &inner))
		return loket_err_field(&r->err, "filter", "%s", inner.message);
	return 0;
}

static int count_of(struct http_req *r, const char *filter, int64_t *count)
{
	struct list_query q;
	int rc = api_queue_filter(r, filter, &q);

	if (!rc)
		rc = api_ticket_scope(r, &q);
	return rc ? rc : store_record_count(&r->st, &record_tickets, &q, count, &r->err);
}

static int add_queue(struct http_req *r, struct view *items, const char *key, int64_t id,
		     const char *name, const char *filter)
{
	struct view *v = view_obj(&r->arena);
	int64_t count;
	int rc = count_of(r, filter, &count);

	if (rc)
		return rc;
	view_set_str(v, "key", key);
	view_set_opt_int(v, "id", id > 0, id);
	view_set_str(v, "name", name);
	view_set_str(v, "filter", filter);
	view_set_bool(v, "builtin", id == 0);
	view_set_int(v, "count", count);
	view_push(items, v);
	return 0;
}

int api_queue_summary(struct http_req *r)
{
	struct list_query q = {.limit = 200, .owner_id = r->actor.user_id};
	struct view *items = view_arr(&r->arena), *saved, *page;
	bool staff = authz_is_staff(&r->actor);
	const char *next;
	int rc = 0;

	for (size_t i = 0; !rc && i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (builtins[i].staff == staff)
			rc = add_queue(r, items, builtins[i].key, 0, builtins[i].name,
				       builtins[i].filter);
	if (!rc)
		rc = store_record_list(&r->st, &record_queues, &q, &saved, &next, &r->err);
	for (struct view_item *it = rc ? NULL : saved->u.list.head; !rc && it; it = it->next) {
		int64_t id = view_get(it->val, "id")->u.i;
		rc = add_queue(r, items, arena_printf(&r->arena, "%lld", (long long)id), id,
			       view_get_str(it->val, "name"), view_get_str(it->val, "filter"));
	}
	if (rc)
		return rc;
	page = view_obj(&r->arena);
	view_set(page, "items", items);
	view_set_null(page, "next");
	return http_reply_view(r, 200, page);
}

static int check_filter(struct http_req *r, json_t *body)
{
	json_t *f = json_object_get(body, "filter");
	struct list_query q;

	if (!f || !json_is_string(f))
		return 0; /* the record's own checks name what is wrong */
	return api_queue_filter(r, json_string_value(f), &q);
}

int api_queue_create(struct http_req *r)
{
	json_t *body = NULL;
	struct view *in;
	int64_t id;
	int rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err);

	if (!rc)
		rc = api_decode_record(&record_queues, body, true, &r->arena, &in, &r->err);
	if (!rc)
		rc = check_filter(r, body);
	json_decref(body);
	if (rc)
		return rc;
	if (authz_scope(&r->actor, AUTHZ_CREATE, "queues") == AUTHZ_DENY)
		return loket_err_set(&r->err, LOKET_EFORBIDDEN, NULL,
				     "your roles do not allow you to save queues");
	view_set_int(in, "user_id", r->actor.user_id);
	if ((rc = store_record_create(&r->st, &record_queues, in, &id, &r->err)))
		return rc;
	return api_record_reply(r, &record_queues, id, 201);
}

int api_queue_update(struct http_req *r)
{
	json_t *body = NULL;
	int64_t id;
	int rc = http_param_id(r, 0, &id);

	if (!rc)
		rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err);
	if (!rc)
		rc = check_filter(r, body);
	if (!rc)
		rc = api_record_patch(r, &record_queues, id, body);
	json_decref(body);
	return rc ? rc : api_record_reply(r, &record_queues, id, 200);
}
