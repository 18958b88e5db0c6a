/* The service catalogue and the requests made from it: a request is a
 * REQ ticket with the form's values; an approval (the requester's manager,
 * or the item's approvers) comes first when the item asks for one; then
 * fulfilment tasks for the groups that do the work; the request resolves
 * itself when the last task is done. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/decode.h"
#include "api/form.h"
#include "store/auth.h"
#include "store/catalog.h"
#include "store/tickets.h"

#define ITEMS (&record_catalog_items)

static int check_tasks(struct http_req *r, const json_t *tasks)
{
	const json_t *t;
	size_t i;

	if (!json_is_array(tasks) || json_array_size(tasks) > 50)
		return loket_err_field(&r->err, "tasks", "must be an array of at most 50 tasks");
	json_array_foreach (tasks, i, t) {
		const json_t *title = json_object_get(t, "title"),
			     *g = json_object_get(t, "group_id");
		struct view *rec;
		if (!json_is_object(t) || json_object_size(t) != 2 || !json_is_string(title) ||
		    !json_string_length(title) || json_string_length(title) > 200 ||
		    !json_is_integer(g))
			return loket_err_field(&r->err, "tasks",
					       "tasks[%zu] must be {\"title\": text,"
					       " \"group_id\": id}",
					       i);
		if (store_record_get(&r->st, &record_groups, json_integer_value(g), &rec, NULL,
				     NULL, NULL))
			return loket_err_field(&r->err, "tasks",
					       "tasks[%zu].group_id: there is no"
					       " group %lld",
					       i, (long long)json_integer_value(g));
	}
	return 0;
}

/* The shapes a record description cannot check: the form and the tasks. */
static int check_item(struct http_req *r, const json_t *body)
{
	const json_t *form = json_object_get(body, "form"), *tasks = json_object_get(body, "tasks");
	int rc = 0;

	if (form)
		rc = form_check_definition(form, &r->err);
	if (!rc && tasks)
		rc = check_tasks(r, tasks);
	return rc;
}

int api_catalog_create(struct http_req *r)
{
	json_t *body = NULL;
	int64_t id;
	int rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err);

	if (!rc && authz_scope(&r->actor, AUTHZ_CREATE, ITEMS->name) != AUTHZ_ALL)
		rc = loket_err_set(&r->err, LOKET_EFORBIDDEN, NULL,
				   "only administrators keep the catalogue");
	if (!rc)
		rc = check_item(r, body);
	if (!rc)
		rc = api_record_post(r, ITEMS, body, &id);
	json_decref(body);
	return rc ? rc : api_record_reply(r, ITEMS, id, 201);
}

int api_catalog_update(struct http_req *r)
{
	json_t *body = NULL;
	int64_t id;
	int rc = http_param_id(r, 0, &id);

	if (!rc)
		rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err);
	if (!rc)
		rc = check_item(r, body);
	if (!rc)
		rc = api_record_patch(r, ITEMS, id, body);
	json_decref(body);
	return rc ? rc : api_record_reply(r, ITEMS, id, 200);
}

/* --- requests --- */

struct submission {
	json_t *values;
	int64_t requester; /* 0: the actor */
};

static int decode_submission(struct http_req *r, json_t *body, struct submission *s)
{
	const char *key;
	json_t *v;

	memset(s, 0, sizeof(*s));
	json_object_foreach (body, key, v) {
		if (!strcmp(key, "values"))
			s->values = v;
		else if (!strcmp(key, "requester_id") && json_is_integer(v) &&
			 json_integer_value(v) > 0)
			s->requester = json_integer_value(v);
		else
			return loket_err_field(&r->err, key, "%s",
					       !strcmp(key, "requester_id")
						       ? "must be a user id"
						       : "is not a field of a request");
	}
	if (!s->values)
		return loket_err_field(&r->err, "values",
				       "is required: the form's values ({} for none)");
	return 0;
}

static int check_users(struct http_req *r, const int64_t *users)
{
	struct actor who;

	for (; *users >= 0; users++)
		if (store_actor_by_id(&r->st, *users, &who, NULL))
			return loket_err_field(&r->err, "values",
					       "there is no active user with id %lld",
					       (long long)*users);
	return 0;
}

/* Who approves: the requester's manager, or the item's approvers. */
static int approvers_of(struct http_req *r, const struct view *item, int64_t requester,
			struct view **out)
{
	const char *approval = view_get_str(item, "approval");
	struct view *u, *row;
	int rc;

	*out = view_arr(&r->arena);
	if (!strcmp(approval, "approvers")) {
		*out = view_get(item, "approver_ids");
		return (*out)->u.list.count
			       ? 0
			       : loket_err_set(&r->err, LOKET_ECONFLICT, NULL,
					       "this item needs approvers, and has none");
	}
	if (strcmp(approval, "manager"))
		return 0;
	if ((rc = store_record_get(&r->st, &record_users, requester, &u, NULL, &row, &r->err)))
		return rc;
	if (view_get(row, "manager_id")->kind != VIEW_INT)
		return loket_err_set(&r->err, LOKET_ECONFLICT, "requester_id",
				     "this item needs the approval of the requester's manager, and"
				     " the requester has none");
	view_push(*out, view_get(row, "manager_id"));
	return 0;
}

static int create_tasks(struct http_req *r, int64_t ticket, const struct view *item)
{
	const struct view *tasks = view_get(item, "tasks");
	int rc = 0;

	for (const struct view_item *it = tasks->u.list.head; !rc && it; it = it->next) {
		struct view *t = view_obj(&r->arena);
		int64_t id;
		view_set_int(t, "ticket_id", ticket);
		view_set(t, "title", view_get(it->val, "title"));
		view_set(t, "group_id", view_get(it->val, "group_id"));
		view_set_str(t, "status", "open");
		rc = store_record_create(&r->st, &record_tasks, t, &id, &r->err);
	}
	return rc;
}

/* After approval (or without one): the work starts. */
static int start_fulfilment(struct http_req *r, int64_t ticket, const struct view *item)
{
	struct view *ch = view_obj(&r->arena);
	int rc = create_tasks(r, ticket, item);

	view_set_str(ch, "status", view_get(item, "tasks")->u.list.count ? "in_progress" : "new");
	view_set_null(ch, "pending_reason");
	return rc ? rc : store_record_update(&r->st, &record_tickets, ticket, 0, ch, &r->err);
}

static int raise_request(struct http_req *r, const struct view *item, const json_t *form,
			 const struct submission *s, int64_t *ticket)
{
	struct view *in = view_obj(&r->arena), *approvers;
	char *values = s->values ? json_dumps(s->values, JSON_COMPACT) : strdup("{}");
	int64_t requester = s->requester ? s->requester : r->actor.user_id;
	int rc;

	view_set_str(in, "type", "request");
	view_set_str(in, "title", view_get_str(item, "name"));
	view_set_str(in, "description", form_describe(form, s->values, &r->arena));
	view_set_int(in, "requester_id", requester);
	if (view_get(item, "category_id")->kind == VIEW_INT)
		view_set(in, "category_id", view_get(item, "category_id"));
	rc = approvers_of(r, item, requester, &approvers);
	if (!rc)
		rc = api_ticket_raise(r, in, ticket);
	if (!rc)
		rc = store_request_save(&r->st, *ticket, view_get(item, "id")->u.i, values,
					&r->err);
	free(values);
	for (const struct view_item *a = rc ? NULL : approvers->u.list.head; !rc && a; a = a->next)
		rc = store_approval_add(&r->st, *ticket, a->val->u.i, &r->err);
	if (rc || !approvers->u.list.count)
		return rc ? rc : start_fulfilment(r, *ticket, item);
	struct view *ch = view_obj(&r->arena);
	view_set_str(ch, "status", "pending");
	view_set_str(ch, "pending_reason", "awaiting_approval");
	return store_record_update(&r->st, &record_tickets, *ticket, 0, ch, &r->err);
}

int api_catalog_request(struct http_req *r)
{
	json_t *body = NULL, *form = NULL;
	struct view *item, *row;
	struct submission s;
	const int64_t *users;
	int64_t id, version, ticket;
	int rc;

	if ((rc = http_param_id(r, 0, &id)) ||
	    (rc = api_record_load(r, ITEMS, id, AUTHZ_READ, &item, &version, &row)))
		return rc;
	if (!view_get(item, "active")->u.b)
		return loket_err_set(&r->err, LOKET_ECONFLICT, NULL,
				     "this item is no longer offered");
	form = json_loads(view_get_str(row, "form"), 0, NULL);
	if (!(rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err)) &&
	    !(rc = decode_submission(r, body, &s)) &&
	    !(rc = form_check_values(form, s.values, &r->arena, &users, &r->err)) &&
	    !(rc = check_users(r, users)))
		rc = raise_request(r, item, form, &s, &ticket);
	json_decref(body);
	json_decref(form);
	return rc ? rc : api_record_reply(r, &record_tickets, ticket, 201);
}

/* --- approvals --- */

int api_approval_list(struct http_req *r)
{
	struct view *row, *items, *page;
	int64_t id;
	int rc;

	struct view *rec;
	int64_t version;
	if ((rc = api_ticket_load_or_approve(r, &id, &rec, &version, &row)) ||
	    (rc = store_approval_list(&r->st, id, &items, &r->err)))
		return rc;
	page = view_obj(&r->arena);
	view_set(page, "items", items);
	return http_reply_view(r, 200, page);
}

/* An approver reads the ticket they are asked to approve, even when it is
 * not theirs to read otherwise. */
int api_ticket_load_or_approve(struct http_req *r, int64_t *id, struct view **rec, int64_t *version,
			       struct view **row)
{
	int rc = api_ticket_fetch(r, AUTHZ_READ, id, rec, version, row);

	if (rc != LOKET_ENOTFOUND || http_param_id(r, 0, id) ||
	    store_is_approver(&r->st, *id, r->actor.user_id, NULL) != 1)
		return rc;
	loket_err_clear(&r->err);
	return store_record_get(&r->st, &record_tickets, *id, rec, version, row, &r->err);
}

int api_approvals_waiting(struct http_req *r)
{
	struct view *items, *page = view_obj(&r->arena);
	int rc = store_approvals_waiting(&r->st, r->actor.user_id, &items, &r->err);

	if (rc)
		return rc;
	view_set(page, "items", items);
	view_set_null(page, "next");
	return http_reply_view(r, 200, page);
}

static int decode_decision(struct http_req *r, const char **decision, const char **comment)
{
	json_t *body = NULL, *v;
	const char *key;
	int rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err);

	*decision = *comment = NULL;
	json_object_foreach (rc ? NULL : body, key, v) {
		if (!strcmp(key, "decision") && json_is_string(v) &&
		    (!strcmp(json_string_value(v), "approved") ||
		     !strcmp(json_string_value(v), "rejected")))
			*decision =
				!strcmp(json_string_value(v), "approved") ? "approved" : "rejected";
		else if (!strcmp(key, "comment") && json_is_string(v) &&
			 json_string_length(v) <= 2000)
			*comment = arena_strdup(&r->arena, json_string_value(v));
		else
			rc = loket_err_field(&r->err, key, "%s",
					     !strcmp(key, "decision")
						     ? "must be approved or rejected"
					     : !strcmp(key, "comment")
						     ? "must be text of at most 2000 characters"
						     : "is not a field of a decision");
	}
	json_decref(body);
	if (!rc && !*decision)
		rc = loket_err_field(&r->err, "decision", "is required: approved or rejected");
	return rc;
}

/* One rejection cancels the request; the last approval starts the work. */
static int after_decision(struct http_req *r, int64_t ticket, const char *comment)
{
	struct view *req, *item, *ch = view_obj(&r->arena);
	int64_t open, rejected, cid;
	int rc = store_approval_count(&r->st, ticket, &open, &rejected, &r->err);

	if (rc || (!rejected && open))
		return rc;
	/* A decision on a request that no longer waits (cancelled by another
	 * approver, or by the desk) is kept, and changes nothing. */
	struct view *t, *row;
	int64_t version;
	if ((rc = store_record_get(&r->st, &record_tickets, ticket, &t, &version, &row, &r->err)))
		return rc;
	if (strcmp(view_get_str(row, "status"), "pending") ||
	    !view_get_str(row, "pending_reason") ||
	    strcmp(view_get_str(row, "pending_reason"), "awaiting_approval"))
		return 0;
	if (rejected) {
		view_set_str(ch, "status", "cancelled");
		view_set_null(ch, "pending_reason");
		rc = store_comment_add(&r->st, ticket, r->actor.user_id, "public",
				       arena_printf(&r->arena, "The request was not approved.%s%s",
						    comment && *comment ? " " : "",
						    comment ? comment : ""),
				       &cid, &r->err);
		return rc ? rc
			  : store_record_update(&r->st, &record_tickets, ticket, 0, ch, &r->err);
	}
	if ((rc = store_request_get(&r->st, ticket, &req, &r->err)) ||
	    (rc = store_record_get(&r->st, ITEMS, view_get(req, "item_id")->u.i, &item, NULL, NULL,
				   &r->err)))
		return rc;
	return start_fulfilment(r, ticket, item);
}

int api_approval_decide(struct http_req *r)
{
	struct view *rec;
	int64_t ticket, approval, version;
	const char *decision, *comment;
	char *end;
	int rc;

	/* Approvers need not see the ticket otherwise: the approval is theirs. */
	if ((rc = http_param_id(r, 0, &ticket)))
		return rc;
	approval = strtoll(r->params[1], &end, 10);
	if (*end || approval <= 0)
		return loket_err_set(&r->err, LOKET_ENOTFOUND, NULL, "there is nothing at %s",
				     r->path);
	if (authz_scope(&r->actor, AUTHZ_UPDATE, record_tickets.name) == AUTHZ_DENY)
		return loket_err_set(&r->err, LOKET_EFORBIDDEN, NULL,
				     "your roles do not allow you to decide on requests");
	if ((rc = decode_decision(r, &decision, &comment)) ||
	    (rc = store_record_get(&r->st, &record_tickets, ticket, &rec, &version, NULL,
				   &r->err)) ||
	    (rc = store_approval_decide(&r->st, ticket, approval, r->actor.user_id, decision,
					comment, &r->err)) ||
	    (rc = after_decision(r, ticket, comment)))
		return rc;
	/* The approvals, which the approver sees even when the ticket is not
	 * theirs to read. */
	struct view *items, *page = view_obj(&r->arena);
	if ((rc = store_approval_list(&r->st, ticket, &items, &r->err)))
		return rc;
	view_set(page, "items", items);
	return http_reply_view(r, 200, page);
}

/* --- fulfilment tasks --- */

/* When the last open task is done, the request is fulfilled. */
static int after_task(struct http_req *r, int64_t ticket)
{
	struct view *ch = view_obj(&r->arena), *t, *row;
	int64_t open, done, version;
	int rc = store_task_count(&r->st, ticket, &open, &done, &r->err);

	if (rc || open || !done)
		return rc;
	if ((rc = store_record_get(&r->st, &record_tickets, ticket, &t, &version, &row, &r->err)))
		return rc;
	if (strcmp(view_get_str(row, "status"), "in_progress"))
		return 0;
	view_set_str(ch, "status", "resolved");
	view_set_str(ch, "resolution_code", "request_fulfilled");
	view_set_str(ch, "resolution_notes", "Every fulfilment task is done.");
	view_set_int(ch, "resolved_at", r->st.now);
	return store_record_update(&r->st, &record_tickets, ticket, 0, ch, &r->err);
}

int api_task_update(struct http_req *r)
{
	json_t *body = NULL;
	struct view *row, *rec;
	int64_t id, version;
	int rc = http_param_id(r, 0, &id);

	if (!rc)
		rc = api_record_load(r, &record_tasks, id, AUTHZ_UPDATE, &rec, &version, &row);
	if (!rc)
		rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err);
	if (!rc)
		rc = api_record_patch(r, &record_tasks, id, body);
	json_decref(body);
	if (!rc &&
	    (rc = store_record_get(&r->st, &record_tasks, id, &rec, &version, &row, &r->err)))
		return rc;
	/* done_at says when it was done: set when done, gone when reopened. */
	bool done = !rc && !strcmp(view_get_str(row, "status"), "done");
	if (!rc && done != (view_get(row, "done_at")->kind == VIEW_INT)) {
		struct view *ch = view_obj(&r->arena);
		view_set(ch, "done_at",
			 done ? view_int(&r->arena, r->st.now) : view_null(&r->arena));
		rc = store_record_update(&r->st, &record_tasks, id, 0, ch, &r->err);
	}
	if (!rc)
		rc = after_task(r, view_get(row, "ticket_id")->u.i);
	return rc ? rc : api_record_reply(r, &record_tasks, id, 200);
}
