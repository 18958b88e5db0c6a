/* The HTTP client of the subcommands that talk to a server, on libcurl's
 * easy interface: one handle, reset before each request so that no option
 * of the one before leaks into it, while its connection stays open. */
#include "cli/client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define RESP_CAP (64u * 1024 * 1024)

struct client {
	CURL *curl;
	char *base; /* without its trailing slashes */
	char *auth; /* the Authorization header line, or NULL */
	char errbuf[CURL_ERROR_SIZE];
};

struct client *client_new(const char *base_url, const char *token)
{
	struct client *c = xcalloc(1, sizeof(*c));
	size_t n = strlen(base_url);

	while (n && base_url[n - 1] == '/')
		n--;
	c->base = xstrndup(base_url, n);
	if (token) {
		struct buf b = BUF_INIT(0);
		buf_add_fmt(&b, "Authorization: Bearer %s", token);
		c->auth = buf_detach(&b, NULL);
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	c->curl = curl_easy_init();
	if (!c->curl)
		abort(); /* it fails only when out of memory, like xmalloc */
	return c;
}

void client_free(struct client *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->curl);
	curl_global_cleanup();
	free(c->base);
	free(c->auth);
	free(c);
}

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	/* Returning less than was given makes curl stop with CURLE_WRITE_ERROR. */
	if (b->len + size * n > RESP_CAP)
		return 0;
	buf_add(b, p, size * n);
	return buf_failed(b) ? 0 : size * n;
}

static struct curl_slist *headers(const struct client *c, bool body)
{
	struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");

	if (body)
		h = curl_slist_append(h, "Content-Type: application/json");
	if (c->auth)
		h = curl_slist_append(h, c->auth);
	/* No "Expect: 100-continue" round trip before a larger body. */
	return curl_slist_append(h, "Expect:");
}

static void set_options(struct client *c, const char *method, const char *url, const char *body,
			struct curl_slist *h, struct buf *resp)
{
	CURL *e = c->curl;

	curl_easy_reset(e);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "loket/" LOKET_VERSION);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, resp);
	if (body) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
	}
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
}

static int transport_error(const struct client *c, CURLcode cc, struct loket_err *err)
{
	const char *why = c->errbuf[0] ? c->errbuf : curl_easy_strerror(cc);

	switch (cc) {
	case CURLE_WRITE_ERROR:
		return loket_err_set(err, LOKET_EUNAVAILABLE, NULL,
				     "the answer from %s is larger than %u MiB", c->base,
				     RESP_CAP >> 20);
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
		return loket_err_set(err, LOKET_EUNAVAILABLE, NULL,
				     "cannot connect to %s (%s): is loket serve running there?"
				     " Give the address with --url or LOKET_URL",
				     c->base, why);
	case CURLE_OPERATION_TIMEDOUT:
		return loket_err_set(err, LOKET_EUNAVAILABLE, NULL,
				     "no answer from %s in time (%s)", c->base, why);
	default:
		return loket_err_set(err, LOKET_EUNAVAILABLE, NULL, "cannot talk to %s: %s",
				     c->base, why);
	}
}

int client_request(struct client *c, const char *method, const char *path, const char *json_body,
		   long *status, struct buf *resp, struct loket_err *err)
{
	struct buf url = BUF_INIT(0);
	struct curl_slist *h = headers(c, json_body != NULL);
	CURLcode cc;

	buf_add_raw(&url, c->base);
	buf_add_raw(&url, path);
	c->errbuf[0] = '\0';
	set_options(c, method, buf_str(&url), json_body, h, resp);
	cc = curl_easy_perform(c->curl);
	*status = 0;
	if (cc == CURLE_OK)
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(h);
	buf_release(&url);
	return cc == CURLE_OK ? 0 : transport_error(c, cc, err);
}

/* The LOKET_E* code the server turned into this status. */
static int code_of(long status)
{
	static const int codes[] = {
		LOKET_EINVAL,  LOKET_EAUTH,	LOKET_EFORBIDDEN,   LOKET_ENOTFOUND,
		LOKET_EMETHOD, LOKET_ECONFLICT, LOKET_EPRECOND,	    LOKET_ETOOBIG,
		LOKET_EMEDIA,  LOKET_ETOOMANY,	LOKET_EPRECOND_REQ, LOKET_EUNAVAILABLE,
	};

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (loket_err_status(codes[i]) == status)
			return codes[i];
	return LOKET_EINTERNAL;
}

static void add_field(struct loket_err *err, const char *field, const char *message)
{
	if (err->nfields >= LOKET_ERR_MAX_FIELDS)
		return;
	struct loket_field_err *f = &err->fields[err->nfields++];
	snprintf(f->field, sizeof(f->field), "%s", field);
	snprintf(f->message, sizeof(f->message), "%s", message);
}

/* An error answer: problem+json from loket, or anything from a proxy. */
static int problem(long status, const struct buf *resp, struct loket_err *err)
{
	json_t *p = json_loadb(buf_str(resp), resp->len, 0, NULL), *e;
	const char *detail = json_string_value(json_object_get(p, "detail"));
	const char *title = json_string_value(json_object_get(p, "title"));
	int code = code_of(status);
	size_t i;

	if (detail)
		loket_err_set(err, code, NULL, "%s", detail);
	else
		loket_err_set(err, code, NULL, "the server answered %ld %s", status,
			      title ? title : "without saying why");
	json_array_foreach (json_object_get(p, "errors"), i, e) {
		const char *field = json_string_value(json_object_get(e, "field"));
		const char *message = json_string_value(json_object_get(e, "message"));
		if (field && message)
			add_field(err, field, message);
	}
	json_decref(p);
	return code;
}

static int parse_answer(const struct buf *resp, json_t **answer, struct loket_err *err)
{
	json_error_t jerr;

	if (!resp->len)
		return 0;
	*answer = json_loadb(resp->data, resp->len, 0, &jerr);
	if (!*answer)
		return loket_err_set(err, LOKET_EINTERNAL, NULL,
				     "the server's answer is not JSON (%s, line %d)", jerr.text,
				     jerr.line);
	return 0;
}

int client_json(struct client *c, const char *method, const char *path, json_t *body,
		json_t **answer, struct loket_err *err)
{
	struct buf resp = BUF_INIT(0);
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	long status = 0;
	int rc = client_request(c, method, path, text, &status, &resp, err);

	free(text);
	*answer = NULL;
	if (!rc && status >= 200 && status < 300)
		rc = parse_answer(&resp, answer, err);
	else if (!rc)
		rc = problem(status, &resp, err);
	buf_release(&resp);
	return rc;
}
