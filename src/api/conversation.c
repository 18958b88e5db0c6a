/* A ticket's conversation (public replies and internal work notes) and its
 * escalations. Work notes never reach a requester through any route. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/decode.h"
#include "core/roles.h"
#include "core/ticket.h"
#include "store/auth.h"
#include "store/tickets.h"

#define D (&record_tickets)

int api_ticket_id(struct http_req *r, int64_t *id)
{
	const char *p = r->nparams ? r->params[0] : "";

	if ((!strncmp(p, "INC-", 4) || !strncmp(p, "REQ-", 4)) &&
	    store_ticket_by_number(&r->st, p, id, &r->err) == 0)
		return 0;
	loket_err_clear(&r->err);
	return http_param_id(r, 0, id);
}

int api_ticket_load(struct http_req *r, enum authz_action act, int64_t *id, struct view **row)
{
	struct view *rec;
	int64_t version;

	return api_ticket_fetch(r, act, id, &rec, &version, row);
}

int api_ticket_fetch(struct http_req *r, enum authz_action act, int64_t *id, struct view **rec,
		     int64_t *version, struct view **row)
{
	int rc = api_ticket_id(r, id);

	if (rc)
		return rc;
	return api_record_load(r, D, *id, act, rec, version, row);
}

/* Closed and cancelled tickets are over: nothing more is added to them. */
static int still_open(struct http_req *r, const struct view *row)
{
	const char *status = view_get_str(row, "status");

	if (!strcmp(status, "closed") || !strcmp(status, "cancelled"))
		return loket_err_set(&r->err, LOKET_ECONFLICT, "status",
				     "a %s ticket takes nothing more; raise a new one", status);
	return 0;
}

static int reply_items(struct http_req *r, struct view *items)
{
	struct view *page = view_obj(&r->arena);

	view_set(page, "items", items);
	return http_reply_view(r, 200, page);
}

int api_comment_list(struct http_req *r)
{
	struct view *row, *items;
	int64_t id;
	int rc;

	if ((rc = api_ticket_load(r, AUTHZ_READ, &id, &row)) ||
	    (rc = store_comment_list(&r->st, id, authz_is_staff(&r->actor), &items, &r->err)))
		return rc;
	return reply_items(r, items);
}

static int decode_comment(struct http_req *r, const char **body, const char **visibility)
{
	static const struct field_def body_def = {
		.name = "body", .type = FT_TEXT, .max_len = 65536};
	json_t *obj = NULL, *v;
	const char *key;
	int rc = api_parse_object(buf_str(&r->body), r->body.len, &obj, &r->err);

	*body = NULL;
	*visibility = "public";
	if (rc)
		return rc;
	json_object_foreach (obj, key, v) {
		if (!strcmp(key, "body") && json_is_string(v) && json_string_length(v) &&
		    !field_check_text(&body_def, json_string_value(v), json_string_length(v),
				      &r->err))
			*body = arena_strdup(&r->arena, json_string_value(v));
		else if (!strcmp(key, "body") && !r->err.nfields)
			loket_err_field(&r->err, "body", "must be a non-empty string");
		else if (!strcmp(key, "visibility") && json_is_string(v) &&
			 (!strcmp(json_string_value(v), "public") ||
			  !strcmp(json_string_value(v), "internal")))
			*visibility =
				!strcmp(json_string_value(v), "public") ? "public" : "internal";
		else if (!strcmp(key, "visibility"))
			loket_err_field(&r->err, "visibility", "must be public or internal");
		else if (strcmp(key, "body"))
			loket_err_field(&r->err, key, "is not a field of a comment");
	}
	json_decref(obj);
	if (!*body && !r->err.nfields)
		loket_err_field(&r->err, "body", "is required");
	return r->err.nfields ? LOKET_EINVAL : 0;
}

/* The first public reply from the desk is the first response (SLA); a
 * requester's answer takes a ticket waiting on them back to work. */
static int after_comment(struct http_req *r, int64_t id, const struct view *row,
			 const char *visibility)
{
	struct view *ch = view_obj(&r->arena);
	bool from_requester = api_field_int(row, "requester_id") == r->actor.user_id;
	const char *status = view_get_str(row, "status"),
		   *reason = view_get_str(row, "pending_reason");

	if (!strcmp(visibility, "public") && !from_requester && authz_is_staff(&r->actor) &&
	    view_get(row, "first_response_at")->kind == VIEW_NULL)
		view_set_int(ch, "first_response_at", r->st.now);
	if (from_requester && !strcmp(status, "pending") && reason &&
	    !strcmp(reason, "awaiting_requester")) {
		view_set_str(ch, "status", "in_progress");
		view_set_null(ch, "pending_reason");
	}
	if (!ch->u.list.count)
		return 0;
	return store_record_update(&r->st, D, id, 0, ch, &r->err);
}

int api_comment_create(struct http_req *r)
{
	struct view *row, *items;
	const char *body, *visibility;
	int64_t id, cid;
	int rc;

	/* Reading a colleague's ticket (a shared organisation) is not writing
	 * on it: that takes the right to update. */
	if ((rc = api_ticket_load(r, AUTHZ_UPDATE, &id, &row)) || (rc = still_open(r, row)) ||
	    (rc = decode_comment(r, &body, &visibility)))
		return rc;
	if (!strcmp(visibility, "internal") && !authz_is_staff(&r->actor))
		return loket_err_set(&r->err, LOKET_EFORBIDDEN, "visibility",
				     "only the service desk writes work notes");
	if ((rc = store_comment_add(&r->st, id, r->actor.user_id, visibility, body, &cid,
				    &r->err)) ||
	    (rc = after_comment(r, id, row, visibility)) ||
	    (rc = store_comment_list(&r->st, id, true, &items, &r->err)))
		return rc;
	http_add_header(r, "Location",
			arena_printf(&r->arena, "/api/v1/tickets/%lld/comments", (long long)id));
	/* This request's comment, not whichever came last. */
	for (struct view_item *it = items->u.list.head; it; it = it->next)
		if (view_get(it->val, "id")->u.i == cid)
			return http_reply_view(r, 201, it->val);
	return loket_err_set(&r->err, LOKET_EINTERNAL, NULL, "the new comment is missing");
}

int api_escalation_list(struct http_req *r)
{
	struct view *row, *items;
	int64_t id;
	int rc;

	if (!authz_is_staff(&r->actor))
		return loket_err_set(&r->err, LOKET_EFORBIDDEN, NULL,
				     "escalations are the service desk's");
	if ((rc = api_ticket_load(r, AUTHZ_READ, &id, &row)) ||
	    (rc = store_escalation_list(&r->st, id, &items, &r->err)))
		return rc;
	return reply_items(r, items);
}

struct escalation {
	const char *kind, *reason;
	int64_t group, user;
};

static int decode_escalation(struct http_req *r, struct escalation *e)
{
	json_t *obj = NULL, *v;
	const char *key;
	int rc = api_parse_object(buf_str(&r->body), r->body.len, &obj, &r->err);

	memset(e, 0, sizeof(*e));
	if (rc)
		return rc;
	json_object_foreach (obj, key, v) {
		if (!strcmp(key, "kind") && json_is_string(v) &&
		    (!strcmp(json_string_value(v), "functional") ||
		     !strcmp(json_string_value(v), "hierarchical")))
			e->kind = !strcmp(json_string_value(v), "functional") ? "functional"
									      : "hierarchical";
		else if (!strcmp(key, "reason") && json_is_string(v) && json_string_length(v) &&
			 json_string_length(v) <= 2000)
			e->reason = arena_strdup(&r->arena, json_string_value(v));
		else if (!strcmp(key, "group_id") && json_is_integer(v) &&
			 json_integer_value(v) > 0)
			e->group = json_integer_value(v);
		else if (!strcmp(key, "user_id") && json_is_integer(v) && json_integer_value(v) > 0)
			e->user = json_integer_value(v);
		else
			loket_err_field(&r->err, key, "%s",
					!strcmp(key, "kind") ? "must be functional or hierarchical"
					: !strcmp(key, "reason")
						? "must be text of 1 to 2000 characters"
					: !strcmp(key, "group_id") || !strcmp(key, "user_id")
						? "must be an id"
						: "is not a field of an escalation");
	}
	json_decref(obj);
	if (!e->kind && !r->err.nfields)
		loket_err_field(&r->err, "kind", "is required: functional or hierarchical");
	if (!e->reason && !r->err.nfields)
		loket_err_field(&r->err, "reason", "is required");
	if (e->kind && !strcmp(e->kind, "functional") && !e->group && !r->err.nfields)
		loket_err_field(&r->err, "group_id", "is required for a functional escalation");
	if (e->kind && !strcmp(e->kind, "hierarchical") && !e->user && !r->err.nfields)
		loket_err_field(&r->err, "user_id", "is required: the manager to escalate to");
	return r->err.nfields ? LOKET_EINVAL : 0;
}

/* Functional: to another group (2nd line), which must pick it up; the
 * ticket leaves its assignee. Hierarchical: to a manager, who is told; the
 * ticket stays where it is. Both are counted. */
static int escalate(struct http_req *r, int64_t id, const struct view *row,
		    const struct escalation *e)
{
	struct view *ch = view_obj(&r->arena), *g;
	struct actor boss;
	int64_t from = api_field_int(row, "group_id");

	view_set_int(ch, "escalation_count", api_field_int(row, "escalation_count") + 1);
	if (!strcmp(e->kind, "functional")) {
		if (store_record_get(&r->st, &record_groups, e->group, &g, NULL, NULL, &r->err))
			return loket_err_field(&r->err, "group_id",
					       "there is no group with id %lld",
					       (long long)e->group);
		if (e->group == from)
			return loket_err_field(&r->err, "group_id",
					       "is the group that has it already");
		view_set_int(ch, "group_id", e->group);
		view_set_null(ch, "assignee_id");
		view_set_int(ch, "reassignment_count",
			     api_field_int(row, "reassignment_count") + 1);
	} else if (store_actor_by_id(&r->st, e->user, &boss, NULL) ||
		   !(boss.roles & ROLE_MANAGER)) {
		return loket_err_field(&r->err, "user_id", "must be an active manager");
	}
	int rc = store_escalation_add(&r->st, id, e->kind, from, e->group, e->user, e->reason,
				      &r->err);
	return rc ? rc : store_record_update(&r->st, D, id, 0, ch, &r->err);
}

int api_escalation_create(struct http_req *r)
{
	struct view *row;
	struct escalation e;
	int64_t id;
	int rc;

	if ((rc = api_ticket_load(r, AUTHZ_UPDATE_ALL, &id, &row)) ||
	    (rc = decode_escalation(r, &e)))
		return rc;
	if (!tkt_open_name(view_get_str(row, "status")))
		return loket_err_set(&r->err, LOKET_ECONFLICT, "status",
				     "a %s ticket cannot be escalated",
				     view_get_str(row, "status"));
	if ((rc = escalate(r, id, row, &e)))
		return rc;
	return api_record_reply(r, D, id, 201);
}

/* --- links between tickets --- */

/* A link shows the other ticket's number, title and status: only when the
 * actor may see that ticket too. */
static struct view *visible_links(struct http_req *r, struct view *items)
{
	struct view *out = view_arr(&r->arena), *rec, *row;
	int64_t version;

	if (authz_is_staff(&r->actor))
		return items;
	for (struct view_item *it = items->u.list.head; it; it = it->next) {
		if (!api_record_load(r, D, view_get(it->val, "ticket_id")->u.i, AUTHZ_READ, &rec,
				     &version, &row))
			view_push(out, it->val);
		loket_err_clear(&r->err);
	}
	return out;
}

int api_link_list(struct http_req *r)
{
	struct view *row, *items;
	int64_t id;
	int rc;

	if ((rc = api_ticket_load(r, AUTHZ_READ, &id, &row)) ||
	    (rc = store_link_list(&r->st, id, &items, &r->err)))
		return rc;
	return reply_items(r, visible_links(r, items));
}

static int decode_link(struct http_req *r, const char **kind, const char **other)
{
	json_t *obj = NULL, *v;
	const char *key;
	int rc = api_parse_object(buf_str(&r->body), r->body.len, &obj, &r->err);

	*kind = *other = NULL;
	if (rc)
		return rc;
	json_object_foreach (obj, key, v) {
		if (!strcmp(key, "kind") && json_is_string(v))
			*kind = arena_strdup(&r->arena, json_string_value(v));
		else if (!strcmp(key, "ticket") && json_is_string(v) && json_string_length(v) < 30)
			*other = arena_strdup(&r->arena, json_string_value(v));
		else if (!strcmp(key, "ticket") && json_is_integer(v) && json_integer_value(v) > 0)
			*other = arena_printf(&r->arena, "%lld", (long long)json_integer_value(v));
		else
			loket_err_field(&r->err, key, "%s",
					!strcmp(key, "ticket") ? "must be a ticket id or number"
					: !strcmp(key, "kind") ? "must be a string"
							       : "is not a field of a link");
	}
	json_decref(obj);
	if (!*kind && !r->err.nfields)
		loket_err_field(&r->err, "kind", "is required");
	if (!*other && !r->err.nfields)
		loket_err_field(&r->err, "ticket", "is required: the id or number to link to");
	return r->err.nfields ? LOKET_EINVAL : 0;
}

static int other_ticket(struct http_req *r, const char *ref, int64_t *id, struct view **row)
{
	struct view *rec;
	int64_t version;
	char *end;

	if (!strncmp(ref, "INC-", 4) || !strncmp(ref, "REQ-", 4)) {
		if (store_ticket_by_number(&r->st, ref, id, NULL))
			return loket_err_field(&r->err, "ticket", "there is no ticket %s", ref);
	} else {
		*id = strtoll(ref, &end, 10);
		if (*end || *id <= 0)
			return loket_err_field(&r->err, "ticket", "must be a ticket id or number");
	}
	if (api_record_load(r, D, *id, AUTHZ_READ, &rec, &version, row)) {
		loket_err_clear(&r->err);
		return loket_err_field(&r->err, "ticket", "there is no ticket %s", ref);
	}
	return 0;
}

/* The journal of both tickets tells of the link, each in its own words:
 * "duplicate_of INC-1001" on one, "duplicated_by INC-1000" on the other. */
static int journal_link(struct http_req *r, int64_t from, const struct view *from_row, int64_t to,
			const struct view *to_row, const char *kind, bool removed)
{
	const char *here = arena_printf(&r->arena, "%s %s", kind, view_get_str(to_row, "number"));
	const char *there = arena_printf(&r->arena, "%s %s", store_link_inverse(kind),
					 view_get_str(from_row, "number"));
	int rc = store_audit_append(&r->st, "tickets", from, "update", "links",
				    removed ? here : NULL, removed ? NULL : here, &r->err);

	if (!rc)
		rc = store_audit_append(&r->st, "tickets", to, "update", "links",
					removed ? there : NULL, removed ? NULL : there, &r->err);
	return rc;
}

int api_link_create(struct http_req *r)
{
	struct view *row, *other_row, *link;
	const char *kind, *ref, *stored;
	int64_t id, other, lid;
	bool reverse;
	int rc;

	if ((rc = api_ticket_load(r, AUTHZ_UPDATE_ALL, &id, &row)) || (rc = still_open(r, row)) ||
	    (rc = decode_link(r, &kind, &ref)))
		return rc;
	if (store_link_kind(kind, &stored, &reverse))
		return loket_err_field(&r->err, "kind",
				       "must be duplicate_of, duplicated_by, caused_by, causes,"
				       " related_to, parent_of or child_of");
	if ((rc = other_ticket(r, ref, &other, &other_row)))
		return rc;
	int64_t from = reverse ? other : id, to = reverse ? id : other;
	if ((rc = store_link_add(&r->st, from, stored, to, &lid, &r->err)) ||
	    (rc = journal_link(r, from, reverse ? other_row : row, to, reverse ? row : other_row,
			       stored, false)) ||
	    (rc = store_link_get(&r->st, id, lid, &link, &r->err)))
		return rc;
	http_add_header(r, "Location",
			arena_printf(&r->arena, "/api/v1/tickets/%lld/links", (long long)id));
	return http_reply_view(r, 201, link);
}

int api_link_delete(struct http_req *r)
{
	struct view *row, *link, *other_row, *rec;
	int64_t id, lid, other, version;
	char *end;
	int rc;

	if ((rc = api_ticket_load(r, AUTHZ_UPDATE_ALL, &id, &row)))
		return rc;
	lid = strtoll(r->params[1], &end, 10);
	if (*end || lid <= 0)
		return loket_err_set(&r->err, LOKET_ENOTFOUND, NULL, "there is nothing at %s",
				     r->path);
	if ((rc = store_link_get(&r->st, id, lid, &link, &r->err)))
		return rc;
	other = view_get(link, "ticket_id")->u.i;
	const char *kind = view_get_str(link, "kind"), *stored;
	bool reverse;
	store_link_kind(kind, &stored, &reverse);
	if ((rc = store_record_get(&r->st, D, other, &rec, &version, &other_row, &r->err)) ||
	    (rc = store_link_delete(&r->st, lid, &r->err)) ||
	    (rc = journal_link(r, reverse ? other : id, reverse ? other_row : row,
			       reverse ? id : other, reverse ? row : other_row, stored, true)))
		return rc;
	return http_reply_empty(r, 204);
}
