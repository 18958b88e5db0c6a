/* Users: the generic record handlers, plus a write-only password. */
#include <string.h>

#include "api/api.h"
#include "api/decode.h"
#include "core/record.h"
#include "store/auth.h"
#include "util/secret.h"

enum { PASSWORD_MIN = 8, PASSWORD_MAX = 200 };

/* Takes "password" (and "current_password") out of the body so that the
 * rest is an ordinary record. */
static int take_password(struct http_req *r, json_t *body, const char **pw, const char **current)
{
	json_t *p = json_object_get(body, "password");
	json_t *c = json_object_get(body, "current_password");

	*pw = *current = NULL;
	if (c && !json_is_string(c))
		return loket_err_field(&r->err, "current_password", "must be a string");
	if (c)
		*current = arena_strdup(&r->arena, json_string_value(c));
	if (p) {
		if (!json_is_string(p) || json_string_length(p) < PASSWORD_MIN ||
		    json_string_length(p) > PASSWORD_MAX ||
		    strlen(json_string_value(p)) != json_string_length(p))
			return loket_err_field(&r->err, "password",
					       "must be a string of %d to %d characters",
					       PASSWORD_MIN, PASSWORD_MAX);
		*pw = arena_strdup(&r->arena, json_string_value(p));
	}
	json_object_del(body, "password");
	json_object_del(body, "current_password");
	return 0;
}

static int set_password(struct http_req *r, int64_t id, const char *pw)
{
	char hash[SECRET_PWHASH_LEN];

	if (secret_password_hash(pw, hash))
		return loket_err_set(&r->err, LOKET_EINTERNAL, NULL, "cannot hash the password");
	return store_password_set(&r->st, id, hash, &r->err);
}

int api_user_create(struct http_req *r)
{
	json_t *body = NULL;
	const char *pw, *current;
	int64_t id;
	int rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err);

	if (!rc)
		rc = take_password(r, body, &pw, &current);
	if (!rc)
		rc = api_record_post(r, &record_users, body, &id);
	if (!rc && pw)
		rc = set_password(r, id, pw);
	json_decref(body);
	return rc ? rc : api_record_reply(r, &record_users, id, 201);
}

/* Admins set anyone's password; people change their own by giving the
 * current one. */
static int may_set_password(struct http_req *r, int64_t id, const char *current)
{
	int64_t uid, org;
	const char *hash;
	bool active;
	struct view *rec;

	if (store_record_int(&r->st, &record_users, id, "organisation_id", &org, &r->err))
		return r->err.code;
	if (authz_allows(&r->actor, AUTHZ_UPDATE_ALL, "users", id, org))
		return 0;
	if (id == r->actor.user_id && current &&
	    !store_record_get(&r->st, &record_users, id, &rec, NULL, NULL, &r->err) &&
	    !store_login_lookup(&r->st, view_get_str(rec, "email"), &uid, &hash, &active,
				&r->err) &&
	    secret_password_verify(hash, current))
		return 0;
	return loket_err_set(&r->err, LOKET_EFORBIDDEN, "current_password",
			     "to change your password, give your current one correctly");
}

int api_user_update(struct http_req *r)
{
	json_t *body = NULL;
	const char *pw, *current;
	int64_t id;
	int rc = http_param_id(r, 0, &id);

	if (!rc)
		rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err);
	if (!rc)
		rc = take_password(r, body, &pw, &current);
	if (!rc && pw)
		rc = may_set_password(r, id, current);
	if (!rc)
		rc = api_record_patch(r, &record_users, id, body);
	if (!rc && pw)
		rc = set_password(r, id, pw);
	json_decref(body);
	return rc ? rc : api_record_reply(r, &record_users, id, 200);
}

int api_me(struct http_req *r)
{
	return api_record_reply(r, &record_users, r->actor.user_id, 200);
}
