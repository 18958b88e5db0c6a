/* Who is asking: bearer tokens for programs, session cookies for the
 * browser (with CSRF tokens on every write). */
#ifndef LOKET_HTTP_AUTH_H
#define LOKET_HTTP_AUTH_H

#include "http/http.h"

#define SESSION_COOKIE	"loket_session"
#define PRELOGIN_COOKIE "loket_prelogin"
#define CSRF_FIELD	"csrf_token"
#define CSRF_HEADER	"X-CSRF-Token"

/* Fills r->actor from the Authorization header or the session cookie.
 * LOKET_EAUTH for a bad or revoked token; no credentials at all leave the
 * actor empty (user_id 0) and return 0. */
int auth_identify(struct http_req *r);
/* For a write signed in by cookie: the CSRF token must come with it (form
 * field or X-CSRF-Token header). */
int auth_check_csrf(struct http_req *r);
/* Whether cookies get the Secure attribute for this request. */
bool auth_secure_cookies(struct http_req *r);

#endif
