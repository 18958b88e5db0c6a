/* Signing in and out in the browser. The login form is protected from
 * cross-site posts by a double-submit token (a cookie and the same value in
 * the form) until there is a session, and by the session's own token after. */
#include <pthread.h>
#include <string.h>

#include "http/app.h"
#include "http/auth.h"
#include "store/auth.h"
#include "util/secret.h"
#include "web/render.h"
#include "web/web.h"

/* Only a path on this site: never '//host' or a URL elsewhere. */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strpbrk(next, "\r\n"))
		return "/";
	return next;
}

static const char *cookie(struct http_req *r, const char *name, const char *value, int max_age,
			  const char *path)
{
	return arena_printf(&r->arena, "%s=%s; Path=%s; Max-Age=%d; HttpOnly; SameSite=Lax%s", name,
			    value, path, max_age, auth_secure_cookies(r) ? "; Secure" : "");
}

static int login_form(struct http_req *r, int status, const char *email, const char *next,
		      const char *error)
{
	char token[SECRET_TOKEN_LEN];
	struct view *v = view_obj(&r->arena);

	secret_token("", token);
	http_add_header(r, "Set-Cookie", cookie(r, PRELOGIN_COOKIE, token, 3600, "/login"));
	view_set_str(v, "csrf", token);
	view_set_str(v, "next", safe_next(next));
	view_set_str(v, "email", email ? email : "");
	if (error)
		view_set_str(v, "error", error);
	return web_render(r, status, "login", v);
}

int web_login_page(struct http_req *r)
{
	if (r->actor.user_id)
		return http_redirect(r, safe_next(http_query(r, "next")));
	return login_form(r, 200, NULL, http_query(r, "next"), NULL);
}

/* Checking a password of an unknown account takes as long as a known one,
 * so that timing does not tell which addresses have accounts. */
static char dummy_hash[SECRET_PWHASH_LEN];
static void make_dummy(void)
{
	secret_password_hash("not a password anyone has", dummy_hash);
}

static int throttled(struct http_req *r, const char *email, const char *next)
{
	const struct config *cfg = r->app->cfg;
	int64_t window = (int64_t)cfg->login_window * 1000, oldest;
	int by_email, by_addr;
	int rc = store_login_failures(&r->st, email, r->client_addr, r->st.now - window, &by_email,
				      &by_addr, &oldest, &r->err);

	if (rc)
		return rc;
	if (by_email < cfg->login_max_failures && by_addr < cfg->login_max_failures)
		return 0;
	int wait = (int)((oldest + window - r->st.now) / 1000) + 1;
	http_add_header(r, "Retry-After", arena_printf(&r->arena, "%d", wait > 0 ? wait : 1));
	rc = login_form(r, 429, email, next,
			"Too many failed sign-ins. Wait a few minutes and try again.");
	return rc ? rc : 1;
}

static int start_session(struct http_req *r, int64_t user, const char *next)
{
	char token[SECRET_TOKEN_LEN], hash[SECRET_HASH_LEN], csrf[SECRET_TOKEN_LEN];
	int hours = r->app->cfg->session_hours;
	int rc;

	secret_token("", token);
	secret_token("", csrf);
	secret_hash(token, hash);
	rc = store_session_create(&r->st, user, hash, csrf, r->st.now + (int64_t)hours * 3600000,
				  &r->err);
	if (rc)
		return rc;
	http_add_header(r, "Set-Cookie", cookie(r, SESSION_COOKIE, token, hours * 3600, "/"));
	http_add_header(r, "Set-Cookie", cookie(r, PRELOGIN_COOKIE, "", 0, "/login"));
	return http_redirect(r, safe_next(next));
}

/* What checking the password found, for the write that follows. */
struct login_outcome {
	const char *email, *next;
	int64_t user; /* 0: the e-mail address or password is not right */
};

/* Before the write: the form's token, the throttle and the password, on
 * the worker thread with a read connection. Argon2id takes tens of
 * milliseconds on purpose; in the writer it would hold up every write. */
int web_login_check(struct http_req *r)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	const char *email = http_form(r, "email"), *pw = http_form(r, "password");
	const char *next = http_form(r, "next"), *csrf = http_form(r, CSRF_FIELD);
	const char *want = http_cookie(r, PRELOGIN_COOKIE), *hash = NULL;
	struct login_outcome *o = arena_alloc(&r->arena, sizeof(*o));
	bool active = false;
	int rc;

	if (!csrf || !want || !*want || !secret_equal(csrf, want))
		return loket_err_set(&r->err, LOKET_EFORBIDDEN, CSRF_FIELD,
				     "the sign-in form expired: reload the page and try again");
	if (!email || !*email || !pw || !*pw) {
		rc = login_form(r, 400, email, next, "Enter your e-mail address and password.");
		return rc ? rc : 1;
	}
	o->email = arena_strdup(&r->arena, email);
	for (char *p = (char *)o->email; *p; p++)
		*p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
	o->next = next;
	if ((rc = throttled(r, o->email, next)))
		return rc;
	rc = store_login_lookup(&r->st, o->email, &o->user, &hash, &active, &r->err);
	if (rc && rc != LOKET_ENOTFOUND)
		return rc;
	loket_err_clear(&r->err);
	pthread_once(&once, make_dummy);
	if (!(secret_password_verify(hash ? hash : dummy_hash, pw) && hash && active))
		o->user = 0;
	r->prepared = o;
	return 0;
}

/* The write: a session, or the failure counted for throttling. */
int web_login(struct http_req *r)
{
	const struct login_outcome *o = r->prepared;
	int rc;

	if (o->user)
		return start_session(r, o->user, o->next);
	if ((rc = store_login_failure_add(&r->st, o->email, r->client_addr,
					  (int64_t)r->app->cfg->login_window * 1000, &r->err)))
		return rc;
	return login_form(r, 401, o->email, o->next,
			  "The e-mail address or password is not right.");
}

int web_logout(struct http_req *r)
{
	char hash[SECRET_HASH_LEN];
	int rc;

	if (!r->session)
		return http_redirect(r, "/login");
	secret_hash(r->session, hash);
	if ((rc = store_session_delete(&r->st, hash, &r->err)))
		return rc;
	http_add_header(r, "Set-Cookie", cookie(r, SESSION_COOKIE, "", 0, "/"));
	return http_redirect(r, "/login");
}

int web_home(struct http_req *r)
{
	struct view *v = view_obj(&r->arena), *user;
	int rc = store_record_get(&r->st, &record_users, r->actor.user_id, &user, NULL, NULL,
				  &r->err);

	if (rc)
		return rc;
	view_set(v, "user", user);
	view_set_str(v, "csrf", r->csrf);
	return web_render(r, 200, "home", v);
}
