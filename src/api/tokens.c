/* API tokens: people manage their own; admins everyone's. The token itself
 * is shown once, when it is made; only its hash is kept. */
#include <string.h>

#include "api/api.h"
#include "api/decode.h"
#include "store/auth.h"
#include "util/secret.h"

int api_token_list(struct http_req *r)
{
	static const char *const params[] = {"user_id", NULL};
	enum authz_scope scope = authz_scope(&r->actor, AUTHZ_READ, "tokens");
	struct view *items, *page;
	int64_t user = r->actor.user_id;
	const char *u = http_query(r, "user_id");
	int rc;

	if ((rc = http_query_only(r, params)))
		return rc;
	if (scope == AUTHZ_ALL)
		user = u ? strtoll(u, NULL, 10) : 0;
	if ((rc = store_token_list(&r->st, user, &items, &r->err)))
		return rc;
	page = view_obj(&r->arena);
	view_set(page, "items", items);
	view_set_null(page, "next");
	return http_reply_view(r, 200, page);
}

static int decode_token_body(struct http_req *r, json_t *body, const char **name, int64_t *user)
{
	const char *key;
	json_t *v;

	*name = "";
	*user = r->actor.user_id;
	json_object_foreach(body, key, v) {
		if (!strcmp(key, "name") && json_is_string(v) && json_string_length(v) <= 100 &&
		    strlen(json_string_value(v)) == json_string_length(v))
			*name = arena_strdup(&r->arena, json_string_value(v));
		else if (!strcmp(key, "name"))
			return loket_err_field(&r->err, "name", "must be a string of at most 100 characters");
		else if (!strcmp(key, "user_id") && json_is_integer(v) && json_integer_value(v) > 0)
			*user = json_integer_value(v);
		else if (!strcmp(key, "user_id"))
			return loket_err_field(&r->err, "user_id", "must be the id of a user");
		else
			return loket_err_field(&r->err, key, "is not a field of a token");
	}
	return 0;
}

int api_token_create(struct http_req *r)
{
	json_t *body = NULL;
	const char *name = "";
	int64_t user = 0, id;
	char token[SECRET_TOKEN_LEN], hash[SECRET_HASH_LEN];
	int rc = api_parse_object(r->body.len ? buf_str(&r->body) : "{}",
				  r->body.len ? r->body.len : 2, &body, &r->err);

	if (!rc)
		rc = decode_token_body(r, body, &name, &user);
	json_decref(body);
	if (rc)
		return rc;
	if (!authz_allows(&r->actor, AUTHZ_CREATE, "tokens", user, 0))
		return loket_err_set(&r->err, LOKET_EFORBIDDEN, "user_id",
				     "your roles do not allow you to make tokens for others");
	struct actor owner;
	if (store_actor_by_id(&r->st, user, &owner, NULL))
		return loket_err_field(&r->err, "user_id", "there is no active user with id %lld",
				       (long long)user);
	secret_token("lkt_", token);
	secret_hash(token, hash);
	if ((rc = store_token_create(&r->st, user, name, hash, &id, &r->err)))
		return rc;
	struct view *t = view_obj(&r->arena);
	view_set_int(t, "id", id);
	view_set_int(t, "user_id", user);
	view_set_str(t, "name", name);
	view_set_str(t, "token", token);
	http_add_header(r, "Location", arena_printf(&r->arena, "/api/v1/tokens/%lld", (long long)id));
	return http_reply_view(r, 201, t);
}

int api_token_revoke(struct http_req *r)
{
	int64_t id, owner;
	int rc;

	if ((rc = http_param_id(r, 0, &id)) || (rc = store_token_owner(&r->st, id, &owner, &r->err)))
		return rc;
	if (!authz_allows(&r->actor, AUTHZ_DELETE, "tokens", owner, 0))
		return loket_err_set(&r->err, LOKET_ENOTFOUND, NULL, "no token with id %lld",
				     (long long)id);
	if ((rc = store_token_revoke(&r->st, id, &r->err)))
		return rc;
	return http_reply_empty(r, 204);
}
