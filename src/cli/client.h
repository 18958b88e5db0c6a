/* A small HTTP client for the subcommands that talk to a running server
 * (loket ticket, ...): JSON over libcurl with a bearer token, one
 * connection kept alive between requests. Not for use from several threads. */
#ifndef LOKET_CLIENT_H
#define LOKET_CLIENT_H

#include <jansson.h>

#include "util/buf.h"
#include "util/err.h"

struct client;

/* A client for the server at base_url (such as "http://127.0.0.1:8080", a
 * trailing slash is fine) sending token (NULL for none) as a bearer token.
 * Copies both. Free with client_free(). */
struct client *client_new(const char *base_url, const char *token);
void client_free(struct client *c); /* NULL is fine */

/* Sends method to path (from the root, with its query: "/api/v1/me") with
 * json_body (NULL for none) as application/json. Whatever the server
 * answers, returns 0 with the HTTP status in *status and the body appended to
 * resp (capped at 64 MiB). Returns LOKET_EUNAVAILABLE with err's message
 * saying why when no answer came: the server cannot be reached, timed out
 * (10 s to connect, 30 s in all) or sent more than the cap. */
int client_request(struct client *c, const char *method, const char *path, const char *json_body,
		   long *status, struct buf *resp, struct loket_err *err);

/* client_request() for a JSON API: sends body (NULL for none; the caller
 * keeps it) and on a 2xx answer sets *answer to the parsed body (yours:
 * json_decref() it; NULL when there was none). An error answer becomes the
 * LOKET_E* code of its status with err filled from the problem+json: the
 * detail as message and each of errors[] as a field. */
int client_json(struct client *c, const char *method, const char *path, json_t *body,
		json_t **answer, struct loket_err *err);

#endif
