/* The generic handlers for record types described in core/record.h:
 * list, get, create, update, delete and history, with permissions from
 * core/authz and values checked by api/decode. */
#include <string.h>

#include "api/api.h"
#include "api/decode.h"

static const struct record_def *def(struct http_req *r)
{
	return r->route->data;
}

static int forbidden(struct http_req *r, const struct record_def *d, const char *what)
{
	return loket_err_set(&r->err, LOKET_EFORBIDDEN, NULL,
			     "your roles do not allow you to %s %s", what, d->name);
}

/* The actor's groups as "3,7", for ?group_id=mine. A person in no group
 * gets an id no group has, so that the filter finds nothing. */
static const char *my_groups(struct http_req *r)
{
	struct view *me, *row;
	struct buf b = BUF_INIT(0);

	if (!store_record_get(&r->st, &record_users, r->actor.user_id, &me, NULL, &row, NULL))
		for (struct view_item *it = view_get(row, "group_ids")->u.list.head; it;
		     it = it->next)
			buf_add_fmt(&b, "%s%lld", b.len ? "," : "", (long long)it->val->u.i);
	const char *out = arena_strdup(&r->arena, b.len ? buf_str(&b) : "9223372036854775807");
	buf_release(&b);
	return out;
}

const char *api_query_value(struct http_req *r, const char *name, const char *v)
{
	if (!v || !strcmp(name, "q") || !strcmp(name, "sort") || !strcmp(name, "cursor") ||
	    !strcmp(name, "limit"))
		return v;
	if (!strcmp(v, "me"))
		return arena_printf(&r->arena, "%lld", (long long)r->actor.user_id);
	if (!strcmp(v, "mine"))
		return my_groups(r);
	return v;
}

static const char *query_get(void *ctx, const char *name)
{
	return api_query_value(ctx, name, http_query(ctx, name));
}

int64_t api_field_int(const struct view *row, const char *name)
{
	const struct view *v = name ? view_get(row, name) : NULL;

	return v && v->kind == VIEW_INT ? v->u.i : 0;
}

/* A record the actor may not see is, for them, not there. */
int api_record_load(struct http_req *r, const struct record_def *d, int64_t id,
		    enum authz_action act, struct view **out, int64_t *version,
		    struct view **stored)
{
	struct view *row;
	int rc = store_record_get(&r->st, d, id, out, version, &row, &r->err);

	/* Missing and not visible say the same, so that nothing leaks. */
	if (rc == LOKET_ENOTFOUND || (!rc && !authz_allows(&r->actor, AUTHZ_READ, d->name,
							   api_field_int(row, d->owner_field),
							   api_field_int(row, d->org_field)))) {
		loket_err_clear(&r->err);
		return loket_err_set(&r->err, LOKET_ENOTFOUND, NULL, "there is nothing at %s",
				     r->path);
	}
	if (rc)
		return rc;
	if (act != AUTHZ_READ &&
	    !authz_allows(&r->actor, act, d->name, api_field_int(row, d->owner_field),
			  api_field_int(row, d->org_field)))
		return forbidden(r, d, act == AUTHZ_DELETE ? "delete" : "change");
	if (stored)
		*stored = row;
	return 0;
}

int api_list_scope(struct http_req *r, const struct record_def *d, struct list_query *q)
{
	enum authz_scope scope = authz_scope(&r->actor, AUTHZ_READ, d->name);

	if (scope == AUTHZ_DENY)
		return forbidden(r, d, "list");
	if (scope == AUTHZ_OWN)
		q->owner_id = r->actor.user_id;
	if (scope == AUTHZ_ORG)
		q->org_id = r->actor.org_id ? r->actor.org_id : -1;
	q->public_only = !authz_is_staff(&r->actor);
	return 0;
}

int api_ticket_scope(struct http_req *r, struct list_query *q)
{
	return api_list_scope(r, &record_tickets, q);
}

int api_record_list(struct http_req *r)
{
	const struct record_def *d = def(r);
	struct list_query q;
	struct view *items, *page;
	const char *next;
	int rc;

	if (authz_scope(&r->actor, AUTHZ_READ, d->name) == AUTHZ_DENY)
		return forbidden(r, d, "list");
	if ((rc = http_query_only(r, api_list_params(d, &r->arena))) ||
	    (rc = api_decode_list(d, query_get, r, &r->arena, &q, &r->err)) ||
	    (rc = api_list_scope(r, d, &q)) ||
	    (rc = store_record_list(&r->st, d, &q, &items, &next, &r->err)))
		return rc;
	page = view_obj(&r->arena);
	view_set(page, "items", items);
	view_set_str(page, "next", next);
	return http_reply_view(r, 200, page);
}

int api_record_reply(struct http_req *r, const struct record_def *d, int64_t id, int status)
{
	struct view *rec;
	int64_t version;
	int rc = api_record_load(r, d, id, AUTHZ_READ, &rec, &version, NULL);

	if (rc)
		return rc;
	return http_reply_record(r, status, rec, version,
				 status == 201
					 ? arena_printf(&r->arena, "/api/v1/%s/%lld",
							d->path ? d->path : d->name, (long long)id)
					 : NULL);
}

int api_record_get(struct http_req *r)
{
	int64_t id;
	int rc = http_param_id(r, 0, &id);

	return rc ? rc : api_record_reply(r, def(r), id, 200);
}

int api_record_post(struct http_req *r, const struct record_def *d, json_t *body, int64_t *id)
{
	struct view *in;
	int rc;

	if (authz_scope(&r->actor, AUTHZ_CREATE, d->name) != AUTHZ_ALL)
		return forbidden(r, d, "create");
	if ((rc = api_decode_record(d, body, true, &r->arena, &in, &r->err)))
		return rc;
	return store_record_create(&r->st, d, in, id, &r->err);
}

static int parse_body(struct http_req *r, json_t **body)
{
	return api_parse_object(buf_str(&r->body), r->body.len, body, &r->err);
}

int api_record_create(struct http_req *r)
{
	const struct record_def *d = def(r);
	json_t *body = NULL;
	int64_t id;
	int rc = parse_body(r, &body);

	if (!rc)
		rc = api_record_post(r, d, body, &id);
	json_decref(body);
	return rc ? rc : api_record_reply(r, d, id, 201);
}

/* Without AUTHZ_UPDATE_ALL, only the fields people may change on their own
 * record (FF_SELF) may be given. */
static int check_fields(struct http_req *r, const struct record_def *d, const struct view *in,
			int64_t owner, int64_t org)
{
	if (authz_allows(&r->actor, AUTHZ_UPDATE_ALL, d->name, owner, org))
		return 0;
	for (const struct view_item *it = in->u.list.head; it; it = it->next) {
		const struct field_def *f = record_field(d, it->key);
		if (!(f->flags & FF_SELF))
			return loket_err_set(&r->err, LOKET_EFORBIDDEN, f->name,
					     "your roles do not allow you to change %s", f->name);
	}
	return 0;
}

int api_record_patch(struct http_req *r, const struct record_def *d, int64_t id, json_t *body)
{
	struct view *rec, *in, *row;
	int64_t version, if_version;
	int rc;

	if ((rc = http_if_match(r, &if_version)) ||
	    (rc = api_record_load(r, d, id, AUTHZ_UPDATE, &rec, &version, &row)) ||
	    (rc = api_decode_record(d, body, false, &r->arena, &in, &r->err)) ||
	    (rc = check_fields(r, d, in, api_field_int(row, d->owner_field),
			       api_field_int(row, d->org_field))))
		return rc;
	return store_record_update(&r->st, d, id, if_version, in, &r->err);
}

int api_record_update(struct http_req *r)
{
	const struct record_def *d = def(r);
	json_t *body = NULL;
	int64_t id;
	int rc = http_param_id(r, 0, &id);

	if (!rc)
		rc = parse_body(r, &body);
	if (!rc)
		rc = api_record_patch(r, d, id, body);
	json_decref(body);
	return rc ? rc : api_record_reply(r, d, id, 200);
}

int api_record_delete(struct http_req *r)
{
	const struct record_def *d = def(r);
	struct view *rec;
	int64_t id, version, if_version;
	int rc;

	if ((rc = http_param_id(r, 0, &id)) || (rc = http_if_match(r, &if_version)) ||
	    (rc = api_record_load(r, d, id, AUTHZ_DELETE, &rec, &version, NULL)) ||
	    (rc = store_record_delete(&r->st, d, id, if_version, &r->err)))
		return rc;
	return http_reply_empty(r, 204);
}

int api_record_history(struct http_req *r)
{
	const struct record_def *d = def(r);
	struct view *rec, *items, *page;
	int64_t id, version;
	int rc;

	if (authz_scope(&r->actor, AUTHZ_HISTORY, d->name) == AUTHZ_DENY)
		return forbidden(r, d, "read the history of");
	if ((rc = http_param_id(r, 0, &id)) ||
	    (rc = api_record_load(r, d, id, AUTHZ_READ, &rec, &version, NULL)) ||
	    (rc = store_audit_list(&r->st, d->name, id, &items, &r->err)))
		return rc;
	page = view_obj(&r->arena);
	view_set(page, "items", items);
	return http_reply_view(r, 200, page);
}
