#include "http/auth.h"

#include <string.h>

#include "http/app.h"
#include "store/auth.h"
#include "util/secret.h"

static int by_token(struct http_req *r, const char *token)
{
	char hash[SECRET_HASH_LEN];
	int rc;

	secret_hash(token, hash);
	rc = store_actor_by_token(&r->st, hash, &r->actor, &r->err);
	if (rc == LOKET_EAUTH)
		loket_err_set(&r->err, LOKET_EAUTH, NULL,
			      "the bearer token is not known, or was revoked");
	return rc;
}

int auth_identify(struct http_req *r)
{
	const char *h = http_header(r, "Authorization");
	const char *cookie;
	char hash[SECRET_HASH_LEN];

	if (h) {
		if (strncasecmp(h, "Bearer ", 7) || !h[7])
			return loket_err_set(&r->err, LOKET_EAUTH, NULL,
					     "Authorization must be 'Bearer <token>'");
		return by_token(r, h + 7);
	}
	cookie = http_cookie(r, SESSION_COOKIE);
	if (!cookie)
		return 0;
	secret_hash(cookie, hash);
	/* An expired or unknown session is simply no session: the page asks
	 * the person to sign in again. */
	if (store_actor_by_session(&r->st, hash, &r->actor, &r->csrf, NULL) == 0) {
		r->via_session = true;
		r->session = cookie;
	}
	return 0;
}

int auth_check_csrf(struct http_req *r)
{
	const char *given = http_header(r, CSRF_HEADER);

	if (!given && (r->route->flags & ROUTE_FORM))
		given = http_form(r, CSRF_FIELD);
	if (given && r->csrf && secret_equal(given, r->csrf))
		return 0;
	return loket_err_set(&r->err, LOKET_EFORBIDDEN, CSRF_FIELD,
			     "the form's security token is missing or stale: reload the page");
}

bool auth_secure_cookies(struct http_req *r)
{
	const char *mode = r->app->cfg->secure_cookies;
	const char *proto;

	if (!strcmp(mode, "on"))
		return true;
	if (!strcmp(mode, "off"))
		return false;
	proto = http_header(r, "X-Forwarded-Proto");
	return proto && !strcasecmp(proto, "https");
}
