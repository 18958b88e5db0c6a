/* Reading a request and writing its response: the helpers every handler
 * uses, so that headers, ETags and errors look the same everywhere. */
#include <inttypes.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "http/http.h"

const char *http_header(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_query(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_cookie(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

int http_param_id(struct http_req *r, int n, int64_t *id)
{
	const char *s = n < r->nparams ? r->params[n] : NULL;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		goto bad;
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		goto bad;
	*id = v;
	return 0;
bad:
	return loket_err_set(&r->err, LOKET_ENOTFOUND, NULL, "there is nothing at %s", r->path);
}

struct query_check {
	const char *const *allowed;
	const char *bad;
};

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	struct query_check *c = cls;

	for (const char *const *a = c->allowed; *a; a++)
		if (!strcmp(*a, key))
			return MHD_YES;
	c->bad = key;
	return MHD_NO;
}

int http_query_only(struct http_req *r, const char *const *allowed)
{
	struct query_check c = {allowed, NULL};

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &c);
	if (c.bad)
		return loket_err_field(&r->err, arena_strdup(&r->arena, c.bad),
				       "is not a parameter of this list");
	return 0;
}

const char *http_form(struct http_req *r, const char *name)
{
	return form_field(buf_str(&r->body), r->body.len, name, &r->arena);
}

/* If-Match: "N" or W/"N" (what we send as ETag), or *. */
int http_if_match(struct http_req *r, int64_t *version)
{
	const char *h = http_header(r, "If-Match");
	char *end;

	*version = 0;
	if (!h || !strcmp(h, "*"))
		return 0;
	if (!strncmp(h, "W/", 2))
		h += 2;
	if (*h != '"')
		goto bad;
	long long v = strtoll(h + 1, &end, 10);
	if (v <= 0 || *end != '"' || end[1])
		goto bad;
	*version = v;
	return 0;
bad:
	return loket_err_set(&r->err, LOKET_EINVAL, "If-Match",
			     "If-Match must be an ETag this server sent, such as \"3\"");
}

void http_add_header(struct http_req *r, const char *name, const char *value)
{
	if (r->nheaders >= HTTP_MAX_HEADERS)
		abort(); /* a programming error: raise HTTP_MAX_HEADERS */
	r->headers[r->nheaders].name = name;
	r->headers[r->nheaders].value = value;
	r->nheaders++;
}

int http_reply_view(struct http_req *r, int status, const struct view *v)
{
	buf_reset(&r->out);
	view_write_json(v, &r->out);
	r->status = status;
	r->content_type = "application/json";
	return 0;
}

int http_reply_record(struct http_req *r, int status, const struct view *v, int64_t version,
		      const char *location)
{
	http_add_header(r, "ETag", arena_printf(&r->arena, "\"%" PRId64 "\"", version));
	if (location)
		http_add_header(r, "Location", location);
	return http_reply_view(r, status, v);
}

int http_reply_text(struct http_req *r, int status, const char *content_type, const char *text,
		    size_t len)
{
	buf_reset(&r->out);
	buf_add(&r->out, text, len);
	r->status = status;
	r->content_type = content_type;
	return 0;
}

int http_redirect(struct http_req *r, const char *location)
{
	http_add_header(r, "Location", location);
	return http_reply_text(r, 303, "text/plain; charset=utf-8", "", 0);
}

int http_reply_empty(struct http_req *r, int status)
{
	return http_reply_text(r, status, NULL, "", 0);
}
