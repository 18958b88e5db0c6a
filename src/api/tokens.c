/* API tokens: people manage their own; admins everyone's. The token itself
 * is shown once, when it is made; only its hash is kept. */
#include <string.h>

#include "api/api.h"
#include "api/decode.h"
#include "store/auth.h"
#include "util/secret.h"

static int decode_token_body(struct http_req *r, json_t *body, const char **name, int64_t *user)
{
	const char *key;
	json_t *v;

	*name = "";
	*user = r->actor.user_id;
	json_object_foreach (body, key, v) {
		if (!strcmp(key, "name") && json_is_string(v)) {
			if (field_check_text(record_field(&record_tokens, "name"),
					     json_string_value(v), json_string_length(v), &r->err))
				return LOKET_EINVAL;
			*name = arena_strdup(&r->arena, json_string_value(v));
		} else if (!strcmp(key, "name"))
			return loket_err_field(&r->err, "name", "must be a string");
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
	/* The one time the secret is shown: the record plus "token". */
	struct view *t;
	int64_t version;
	if ((rc = store_record_get(&r->st, &record_tokens, id, &t, &version, NULL, &r->err)))
		return rc;
	view_set_str(t, "token", token);
	return http_reply_record(r, 201, t, version,
				 arena_printf(&r->arena, "/api/v1/tokens/%lld", (long long)id));
}

int api_token_revoke(struct http_req *r)
{
	int64_t id, owner;
	int rc;

	if ((rc = http_param_id(r, 0, &id)) ||
	    (rc = store_token_owner(&r->st, id, &owner, &r->err)))
		return rc;
	if (!authz_allows(&r->actor, AUTHZ_DELETE, "tokens", owner, 0))
		return loket_err_set(&r->err, LOKET_ENOTFOUND, NULL, "no token with id %lld",
				     (long long)id);
	if ((rc = store_token_revoke(&r->st, id, &r->err)))
		return rc;
	return http_reply_empty(r, 204);
}
