/* Incidents and service requests: the generic record path for storage,
 * lists and history, with the ticket rules of core/ticket.c on top. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/decode.h"
#include "core/roles.h"
#include "core/ticket.h"
#include "http/app.h"
#include "store/auth.h"
#include "store/settings.h"
#include "store/tickets.h"

#define D (&record_tickets)

/* What a requester may set when raising a ticket; the rest is the desk's. */
static const char *const requester_fields[] = {"type",	  "title",	  "description",
					       "impact",  "urgency",	  "category_id",
					       "service", "requester_id", NULL};

static bool listed(const char *const *names, const char *name)
{
	for (; *names; names++)
		if (!strcmp(*names, name))
			return true;
	return false;
}

static const char *str_of(const struct view *v, const char *key)
{
	return view_get_str(v, key);
}

static bool has_key(const struct view *v, const char *key)
{
	return view_get(v, key) != NULL;
}

/* The assignee must be an agent and, when there is a group, one of its
 * members. */
static int check_assignee(struct http_req *r, int64_t group, int64_t assignee)
{
	struct actor who;
	struct view *g, *row;

	if (!assignee)
		return 0;
	if (store_actor_by_id(&r->st, assignee, &who, NULL) ||
	    !(who.roles & (ROLE_AGENT | ROLE_MANAGER)))
		return loket_err_field(&r->err, "assignee_id", "must be an active agent");
	if (!group)
		return 0;
	if (store_record_get(&r->st, &record_groups, group, &g, NULL, &row, &r->err))
		return loket_err_field(&r->err, "group_id", "there is no group with id %lld",
				       (long long)group);
	for (const struct view_item *it = view_get(row, "member_ids")->u.list.head; it;
	     it = it->next)
		if (it->val->u.i == assignee)
			return 0;
	return loket_err_field(&r->err, "assignee_id", "is not a member of the group %s",
			       view_get_str(row, "name"));
}

/* Priority follows impact and urgency; another priority needs a reason,
 * and changing impact or urgency later drops the override. */
static int set_priority(struct http_req *r, struct view *in, const struct view *old)
{
	const struct view *vi = view_get(in, "impact"), *vu = view_get(in, "urgency");
	const struct view *vp = view_get(in, "priority");
	int64_t impact = vi ? vi->u.i : old ? api_field_int(old, "impact") : 3;
	int64_t urgency = vu ? vu->u.i : old ? api_field_int(old, "urgency") : 3;
	struct tkt_matrix matrix;
	int rc = store_priority_matrix(&r->st, &matrix, &r->err);
	int computed = tkt_priority_in(&matrix, (int)impact, (int)urgency);
	const char *reason = str_of(in, "priority_reason");

	if (rc)
		return rc;
	view_set_int(in, "impact", impact);
	view_set_int(in, "urgency", urgency);
	if (!vp || vp->u.i == computed) {
		view_set_int(in, "priority", computed);
		view_set_null(in, "priority_reason");
		return 0;
	}
	if (!reason || !*reason)
		return loket_err_field(&r->err, "priority_reason",
				       "is required to set a priority other than P%d, which impact"
				       " and urgency give",
				       computed);
	return 0;
}

static int requester_of(struct http_req *r, struct view *in, int64_t *org)
{
	const struct view *v = view_get(in, "requester_id");
	int64_t requester = v ? v->u.i : r->actor.user_id;
	struct view *u, *row;

	if (requester != r->actor.user_id && !authz_is_staff(&r->actor))
		return loket_err_set(&r->err, LOKET_EFORBIDDEN, "requester_id",
				     "you may raise tickets only for yourself");
	if (store_record_get(&r->st, &record_users, requester, &u, NULL, &row, &r->err))
		return loket_err_field(&r->err, "requester_id", "there is no user with id %lld",
				       (long long)requester);
	view_set_int(in, "requester_id", requester);
	*org = api_field_int(row, "organisation_id");
	return 0;
}

static int check_create_fields(struct http_req *r, const struct view *in)
{
	for (const struct view_item *it = in->u.list.head; it; it = it->next) {
		if (!strcmp(it->key, "status") || !strcmp(it->key, "pending_reason") ||
		    !strcmp(it->key, "resolution_code") || !strcmp(it->key, "resolution_notes"))
			return loket_err_field(
				&r->err, it->key,
				"is set through the lifecycle, after the ticket exists");
		if (!authz_is_staff(&r->actor) && !listed(requester_fields, it->key))
			return loket_err_set(&r->err, LOKET_EFORBIDDEN, it->key,
					     "only the service desk sets %s", it->key);
	}
	return 0;
}

static int create_values(struct http_req *r, struct view *in)
{
	int64_t org = 0;
	const char *number;
	int rc;

	if ((rc = check_create_fields(r, in)) || (rc = requester_of(r, in, &org)) ||
	    (rc = set_priority(r, in, NULL)) ||
	    (rc = check_assignee(r, api_field_int(in, "group_id"),
				 api_field_int(in, "assignee_id"))))
		return rc;
	if (!has_key(in, "type"))
		view_set_str(in, "type", "incident");
	if (!has_key(in, "channel"))
		view_set_str(in, "channel", r->route->flags & ROUTE_HTML ? "portal" : "api");
	view_set_str(in, "status", api_field_int(in, "assignee_id") ? "assigned" : "new");
	if (org)
		view_set_int(in, "organisation_id", org);
	if ((rc = store_ticket_number(&r->st, tkt_prefix(str_of(in, "type")), &number, &r->err)))
		return rc;
	view_set_str(in, "number", number);
	return 0;
}

int api_ticket_raise(struct http_req *r, struct view *in, int64_t *id)
{
	int rc = create_values(r, in);

	if (!rc)
		rc = store_record_create(&r->st, D, in, id, &r->err);
	if (!rc)
		rc = store_ticket_index(&r->st, *id, str_of(in, "number"), str_of(in, "title"),
					str_of(in, "description"), &r->err);
	return rc;
}

int api_ticket_create(struct http_req *r)
{
	json_t *body = NULL;
	struct view *in;
	int64_t id;
	int rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err);

	if (!rc && authz_scope(&r->actor, AUTHZ_CREATE, D->name) == AUTHZ_DENY)
		rc = loket_err_set(&r->err, LOKET_EFORBIDDEN, NULL,
				   "your roles do not allow you to"
				   " raise tickets");
	if (!rc)
		rc = api_decode_record(D, body, true, &r->arena, &in, &r->err);
	json_decref(body);
	if (!rc)
		rc = api_ticket_raise(r, in, &id);
	return rc ? rc : api_record_reply(r, D, id, 201);
}

int api_ticket_get(struct http_req *r)
{
	struct view *row, *rec;
	int64_t id, version;
	int rc = api_ticket_load_or_approve(r, &id, &rec, &version, &row);

	return rc ? rc : http_reply_record(r, 200, rec, version, NULL);
}

/* --- the lifecycle --- */

static int move_error(struct http_req *r, enum tkt_state from, const char *to)
{
	char allowed[200];

	tkt_moves_text(from, allowed, sizeof(allowed));
	return loket_err_set(&r->err, LOKET_ECONFLICT, "status",
			     "a ticket cannot go from %s to %s; it may go to: %s",
			     tkt_state_name(from), to, allowed);
}

static int leave_or_enter(struct http_req *r, struct view *in, enum tkt_state to,
			  const struct view *old)
{
	if (to == TKT_PENDING && !str_of(in, "pending_reason"))
		return loket_err_field(&r->err, "pending_reason",
				       "is required to make a ticket pending (awaiting_requester,"
				       " awaiting_supplier, awaiting_change or awaiting_approval)");
	if (to != TKT_PENDING && has_key(in, "pending_reason") && str_of(in, "pending_reason"))
		return loket_err_field(&r->err, "pending_reason", "is only for pending tickets");
	if (to != TKT_PENDING)
		view_set_null(in, "pending_reason");
	if (to != TKT_RESOLVED &&
	    (has_key(in, "resolution_code") || has_key(in, "resolution_notes")))
		return loket_err_field(&r->err,
				       has_key(in, "resolution_code") ? "resolution_code"
								      : "resolution_notes",
				       "is given when resolving a ticket (status resolved)");
	if (to == TKT_RESOLVED) {
		/* Resolving asks for both; a resolved ticket keeps what it has. */
		const char *code = has_key(in, "resolution_code") ? str_of(in, "resolution_code")
								  : str_of(old, "resolution_code");
		const char *notes = has_key(in, "resolution_notes")
					    ? str_of(in, "resolution_notes")
					    : str_of(old, "resolution_notes");
		if (!code)
			loket_err_field(&r->err, "resolution_code",
					"is required to resolve a ticket");
		if (!notes || !*notes)
			loket_err_field(&r->err, "resolution_notes",
					"are required to resolve a ticket");
		if (!code || !notes || !*notes)
			return LOKET_EINVAL;
		if (!api_field_int(old, "resolved_at"))
			view_set_int(in, "resolved_at", r->st.now);
	}
	if (to == TKT_CLOSED)
		view_set_int(in, "closed_at", r->st.now);
	if (api_field_int(old, "resolved_at") && to != TKT_RESOLVED && to != TKT_CLOSED) {
		/* Reopened: the old resolution no longer holds. */
		view_set_null(in, "resolved_at");
		view_set_null(in, "resolution_code");
		view_set_null(in, "resolution_notes");
	}
	return 0;
}

/* A requester may only reopen their resolved ticket, within reopen_days. */
static int requester_change(struct http_req *r, const struct view *in, const struct view *old)
{
	int64_t days = r->app->cfg->reopen_days;
	const char *to = str_of(in, "status");

	for (const struct view_item *it = in->u.list.head; it; it = it->next)
		if (strcmp(it->key, "status"))
			return loket_err_set(&r->err, LOKET_EFORBIDDEN, it->key,
					     "only the service desk changes %s; reply instead",
					     it->key);
	if (!to || strcmp(str_of(old, "status"), "resolved") || strcmp(to, "in_progress"))
		return loket_err_set(&r->err, LOKET_EFORBIDDEN, "status",
				     "you may only reopen a resolved ticket (status in_progress)");
	if (r->st.now > api_field_int(old, "resolved_at") + days * 86400000)
		return loket_err_set(&r->err, LOKET_ECONFLICT, "status",
				     "this ticket was resolved more than %lld days ago; raise a new"
				     " one",
				     (long long)days);
	return 0;
}

static int status_change(struct http_req *r, struct view *in, const struct view *old)
{
	enum tkt_state from = (enum tkt_state)tkt_state_from_name(str_of(old, "status"));
	const char *to_name = str_of(in, "status");
	enum tkt_state to = to_name ? (enum tkt_state)tkt_state_from_name(to_name) : from;

	if (to != from && !tkt_may_move(from, to))
		return move_error(r, from, to_name);
	if (to == from && !has_key(in, "pending_reason") && !has_key(in, "resolution_code") &&
	    !has_key(in, "resolution_notes"))
		return 0;
	return leave_or_enter(r, in, to, old);
}

static int assignment_change(struct http_req *r, struct view *in, const struct view *old)
{
	int64_t group = has_key(in, "group_id") ? api_field_int(in, "group_id")
						: api_field_int(old, "group_id");
	int64_t assignee = has_key(in, "assignee_id") ? api_field_int(in, "assignee_id")
						      : api_field_int(old, "assignee_id");
	/* A reassignment moves a ticket from one group or person to another;
	 * taking it off someone is not one. */
	bool moved = (has_key(in, "group_id") && group != api_field_int(old, "group_id") &&
		      api_field_int(old, "group_id") && group) ||
		     (has_key(in, "assignee_id") && assignee != api_field_int(old, "assignee_id") &&
		      api_field_int(old, "assignee_id") && assignee);
	int rc = 0;

	if (!has_key(in, "group_id") && !has_key(in, "assignee_id"))
		return 0;
	if ((rc = check_assignee(r, group, assignee)))
		return rc;
	if (moved)
		view_set_int(in, "reassignment_count",
			     api_field_int(old, "reassignment_count") + 1);
	if (!has_key(in, "status") && assignee && !strcmp(str_of(old, "status"), "new"))
		view_set_str(in, "status", "assigned");
	if (!has_key(in, "status") && !assignee && !strcmp(str_of(old, "status"), "assigned"))
		view_set_str(in, "status", "new");
	return 0;
}

/* What may not change once a ticket exists, or once it is over. */
static int check_changeable(struct http_req *r, const struct view *in, const struct view *old)
{
	const char *status = str_of(old, "status");

	if (!strcmp(status, "closed") || !strcmp(status, "cancelled"))
		return loket_err_set(&r->err, LOKET_ECONFLICT, "status",
				     "a %s ticket does not change; raise a new one", status);
	if (has_key(in, "type") && strcmp(str_of(in, "type"), str_of(old, "type")))
		return loket_err_field(&r->err, "type",
				       "does not change: its number says what it is; raise a new"
				       " ticket of the other type");
	return 0;
}

/* The ticket belongs to its requester's organisation. */
static int requester_change_org(struct http_req *r, struct view *in, const struct view *old)
{
	int64_t org = 0;
	int rc;

	if (!has_key(in, "requester_id") ||
	    api_field_int(in, "requester_id") == api_field_int(old, "requester_id"))
		return 0;
	if ((rc = requester_of(r, in, &org)))
		return rc;
	if (org)
		view_set_int(in, "organisation_id", org);
	else
		view_set_null(in, "organisation_id");
	return 0;
}

static int update_values(struct http_req *r, struct view *in, const struct view *old)
{
	int rc;

	if ((rc = check_changeable(r, in, old)))
		return rc;
	if (!authz_allows(&r->actor, AUTHZ_UPDATE_ALL, D->name, 0, 0)) {
		rc = requester_change(r, in, old);
		return rc ? rc : status_change(r, in, old);
	}
	if ((rc = assignment_change(r, in, old)) || (rc = status_change(r, in, old)) ||
	    (rc = requester_change_org(r, in, old)))
		return rc;
	if (has_key(in, "impact") || has_key(in, "urgency") || has_key(in, "priority"))
		return set_priority(r, in, old);
	return 0;
}

static int reindex_if_needed(struct http_req *r, int64_t id, const struct view *in,
			     const struct view *old)
{
	if (!has_key(in, "title") && !has_key(in, "description"))
		return 0;
	const char *title = has_key(in, "title") ? str_of(in, "title") : str_of(old, "title");
	const char *desc =
		has_key(in, "description") ? str_of(in, "description") : str_of(old, "description");
	return store_ticket_index(&r->st, id, str_of(old, "number"), title, desc, &r->err);
}

/* Adds labels to what a ticket has ("add_tags" in bulk updates). */
static int add_tags(struct http_req *r, json_t *changes, const struct view *old)
{
	json_t *add = json_object_get(changes, "add_tags"), *all;
	const char *have = view_get_str(old, "tags");

	if (!add)
		return 0;
	if (!json_is_array(add))
		return loket_err_field(&r->err, "add_tags", "must be an array of labels");
	all = json_array();
	for (const char *p = have ? have : ""; *p; p += strspn(p, ",")) {
		size_t n = strcspn(p, ",");
		if (n)
			json_array_append_new(all, json_stringn(p, n));
		p += n;
	}
	json_array_extend(all, add);
	json_object_del(changes, "add_tags");
	json_object_set_new(changes, "tags", all);
	return 0;
}

/* One ticket's change, as PATCH and bulk updates make it. */
static int update_one(struct http_req *r, int64_t id, int64_t if_version, json_t *changes)
{
	struct view *rec, *old, *in;
	int64_t version;
	int rc;

	if ((rc = api_record_load(r, D, id, AUTHZ_UPDATE, &rec, &version, &old)) ||
	    (rc = add_tags(r, changes, old)) ||
	    (rc = api_decode_record(D, changes, false, &r->arena, &in, &r->err)))
		return rc;
	if (if_version && if_version != version)
		return loket_err_set(&r->err, LOKET_EPRECOND, NULL,
				     "the ticket was changed by someone else meanwhile");
	if ((rc = update_values(r, in, old)) ||
	    (rc = store_record_update(&r->st, D, id, version, in, &r->err)))
		return rc;
	return reindex_if_needed(r, id, in, old);
}

int api_ticket_update(struct http_req *r)
{
	json_t *body = NULL;
	int64_t id, if_version;
	int rc;

	if ((rc = api_ticket_id(r, &id)) || (rc = http_if_match(r, &if_version)) ||
	    (rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err)))
		return rc;
	if (json_object_get(body, "add_tags"))
		rc = loket_err_field(&r->err, "add_tags", "is for bulk updates; send tags");
	if (!rc)
		rc = update_one(r, id, if_version, body);
	json_decref(body);
	return rc ? rc : api_record_reply(r, D, id, 200);
}

enum { BULK_MAX = 500 };

static int bulk_ids(struct http_req *r, json_t *body, json_t **ids, json_t **changes)
{
	const char *key;
	json_t *v;

	*ids = json_object_get(body, "ids");
	*changes = json_object_get(body, "changes");
	json_object_foreach (body, key, v)
		if (strcmp(key, "ids") && strcmp(key, "changes"))
			return loket_err_field(&r->err, key, "is not a field of a bulk update");
	if (!json_is_array(*ids) || !json_array_size(*ids) || json_array_size(*ids) > BULK_MAX)
		return loket_err_field(&r->err, "ids", "must be an array of 1 to %d ticket ids",
				       BULK_MAX);
	if (!json_is_object(*changes) || !json_object_size(*changes))
		return loket_err_field(&r->err, "changes", "must be an object of ticket fields");
	return 0;
}

/* Names the ticket a bulk update stopped at, keeping the reason. */
static int bulk_failed(struct http_req *r, size_t i, json_t *id, int rc)
{
	char why[sizeof(r->err.message)];
	long long n = json_is_integer(id) ? (long long)json_integer_value(id) : 0;

	snprintf(why, sizeof(why), "%s", r->err.message);
	loket_err_clear(&r->err);
	loket_err_field(&r->err, arena_printf(&r->arena, "ids[%zu]", i), "%s", why);
	snprintf(r->err.message, sizeof(r->err.message),
		 "nothing was changed: ticket %lld (ids[%zu]): %.180s", n, i, why);
	r->err.code = rc;
	return rc;
}

/* All or nothing: every ticket changes, or (the request being one
 * transaction) none does. */
int api_ticket_bulk(struct http_req *r)
{
	json_t *body = NULL, *ids = NULL, *changes = NULL, *id;
	struct view *items = view_arr(&r->arena), *page;
	size_t i;
	int rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err);

	if (!rc && authz_scope(&r->actor, AUTHZ_UPDATE_ALL, D->name) != AUTHZ_ALL)
		rc = loket_err_set(&r->err, LOKET_EFORBIDDEN, NULL,
				   "only the service desk updates tickets in bulk");
	if (!rc)
		rc = bulk_ids(r, body, &ids, &changes);
	json_array_foreach (rc ? NULL : ids, i, id) {
		json_t *copy = json_deep_copy(changes);
		struct view *rec;
		int64_t version;
		if (!json_is_integer(id) || json_integer_value(id) <= 0)
			rc = loket_err_set(&r->err, LOKET_EINVAL, NULL, "is not a ticket id");
		else
			rc = update_one(r, json_integer_value(id), 0, copy);
		json_decref(copy);
		if (!rc)
			rc = store_record_get(&r->st, D, json_integer_value(id), &rec, &version,
					      NULL, &r->err);
		if (rc) {
			bulk_failed(r, i, id, rc);
			break;
		}
		view_push(items, rec);
	}
	json_decref(body);
	if (rc)
		return rc;
	page = view_obj(&r->arena);
	view_set(page, "items", items);
	view_set_null(page, "next");
	return http_reply_view(r, 200, page);
}

int api_ticket_history(struct http_req *r)
{
	struct view *rec, *items, *page;
	int64_t id, version;
	int rc;

	if (authz_scope(&r->actor, AUTHZ_HISTORY, D->name) == AUTHZ_DENY)
		return loket_err_set(&r->err, LOKET_EFORBIDDEN, NULL,
				     "your roles do not allow you to read the history of tickets");
	if ((rc = api_ticket_id(r, &id)) ||
	    (rc = api_record_load(r, D, id, AUTHZ_READ, &rec, &version, NULL)) ||
	    (rc = store_audit_list(&r->st, D->name, id, &items, &r->err)))
		return rc;
	page = view_obj(&r->arena);
	view_set(page, "items", items);
	return http_reply_view(r, 200, page);
}
