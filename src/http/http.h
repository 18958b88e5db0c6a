/* The HTTP layer: one request as handlers see it, the routes, and the
 * server. Handlers build a response with the http_reply_* functions or
 * return a negative LOKET_E* code with r->err filled, which becomes an
 * RFC 9457 problem (JSON for the API, a page for the browser). */
#ifndef LOKET_HTTP_H
#define LOKET_HTTP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/authz.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/view.h"

struct MHD_Connection;
struct app;
struct http_req;

typedef int (*http_handler)(struct http_req *r);

enum route_flag {
	ROUTE_PUBLIC = 1 << 0, /* no sign-in needed */
	ROUTE_HTML = 1 << 1,   /* a page for the browser (else JSON API) */
	ROUTE_FORM = 1 << 2,   /* takes an HTML form body */
	ROUTE_UPLOAD = 1 << 3, /* takes a file as the body, up to max_attachment */
};

struct route {
	const char *method;  /* GET, POST, PATCH, PUT, DELETE */
	const char *pattern; /* "/api/v1/users/{id}": {x} matches one segment */
	http_handler fn;
	unsigned flags;
	const void *data; /* what the handler serves, e.g. a record_def */
	/* For writes: work that needs no write and should not hold up the
	 * writer (checking a password), run first on the worker thread with a
	 * read connection. 0 goes on to fn; 1 means it answered; <0 an error. */
	http_handler prepare;
};

enum { HTTP_MAX_PARAMS = 4, HTTP_MAX_HEADERS = 8 };

struct http_req {
	struct app *app;
	struct MHD_Connection *conn;
	struct arena arena;
	const char *method, *path, *client_addr;
	bool write; /* the method changes things: one transaction */
	struct buf body;
	bool body_too_big;
	const struct route *route;
	int route_index, route_rc;
	const char *params[HTTP_MAX_PARAMS];
	int nparams;
	struct actor actor;
	bool via_session;    /* signed in by cookie (CSRF applies) */
	const char *csrf;    /* the session's CSRF token */
	const char *session; /* the session cookie's value */
	struct store st;
	struct loket_err err;
	/* a write waiting for the writer thread (http/writer.c) */
	bool queued;
	int rc;
	double db_ms;
	struct http_req *next_queued;
	void *prepared; /* what the route's prepare left for its handler */
	/* the response */
	int status;
	struct buf out;
	const char *content_type;
	struct {
		const char *name, *value;
	} headers[HTTP_MAX_HEADERS];
	int nheaders;
	long long start_ns;
};

/* --- request --- */

/* A request header, or NULL. */
const char *http_header(struct http_req *r, const char *name);
/* A query parameter, or NULL. */
const char *http_query(struct http_req *r, const char *name);
/* A cookie, or NULL. */
const char *http_cookie(struct http_req *r, const char *name);
/* Path parameter n (from {x} in the pattern) as a positive id; a 404 when it
 * is not one. */
int http_param_id(struct http_req *r, int n, int64_t *id);
/* Fails with a 400 naming the first query parameter not in 'allowed'
 * (NULL-terminated). */
int http_query_only(struct http_req *r, const char *const *allowed);
/* A field of an application/x-www-form-urlencoded body, decoded, or NULL. */
const char *http_form(struct http_req *r, const char *name);
/* The If-Match version: 0 when absent; LOKET_EINVAL when malformed. */
int http_if_match(struct http_req *r, int64_t *version);

/* --- response --- */

void http_add_header(struct http_req *r, const char *name, const char *value);
/* Writes v as JSON with the status. */
int http_reply_view(struct http_req *r, int status, const struct view *v);
/* A JSON record with its ETag (and Location when status is 201). */
int http_reply_record(struct http_req *r, int status, const struct view *v, int64_t version,
		      const char *location);
/* Raw text the handler produced (HTML, metrics) with its content type. */
int http_reply_text(struct http_req *r, int status, const char *content_type, const char *text,
		    size_t len);
/* 303 See Other to a path. */
int http_redirect(struct http_req *r, const char *location);
int http_reply_empty(struct http_req *r, int status);

/* --- routes (routes.c) and the OpenAPI check --- */

extern const struct route http_routes[];
extern const int http_nroutes;

#endif
