/* The JSON API's handlers (one file per resource). Routes name them in
 * http/routes.c; each takes the request and answers through http_reply_*. */
#ifndef LOKET_API_H
#define LOKET_API_H

#include <jansson.h>

#include "http/http.h"

/* Any record type (route data: its struct record_def). */
int api_record_list(struct http_req *r);
int api_record_get(struct http_req *r);
int api_record_create(struct http_req *r);
int api_record_update(struct http_req *r);
int api_record_delete(struct http_req *r);
int api_record_history(struct http_req *r);

/* Users: records plus a write-only password. */
int api_user_create(struct http_req *r);
int api_user_update(struct http_req *r);
int api_me(struct http_req *r);

int api_token_create(struct http_req *r);
int api_token_revoke(struct http_req *r);

int api_ticket_create(struct http_req *r);
int api_ticket_get(struct http_req *r);
int api_ticket_update(struct http_req *r);
int api_ticket_bulk(struct http_req *r);
int api_ticket_history(struct http_req *r);
int api_comment_list(struct http_req *r);
int api_comment_create(struct http_req *r);
int api_escalation_list(struct http_req *r);
int api_escalation_create(struct http_req *r);
int api_link_list(struct http_req *r);
int api_attachment_create(struct http_req *r);
int api_attachment_list(struct http_req *r);
int api_attachment_get(struct http_req *r);
/* The ticket named by {id} (an id or INC-/REQ- number) if the actor may
 * 'act' on it; 'row' gets its stored values. */
int api_ticket_load(struct http_req *r, enum authz_action act, int64_t *id, struct view **row);
/* The ticket id {id} names: an id, or a number such as INC-1042. */
int api_ticket_id(struct http_req *r, int64_t *id);
/* The same, with the ticket as the API shows it and its version. */
int api_ticket_fetch(struct http_req *r, enum authz_action act, int64_t *id, struct view **rec,
		     int64_t *version, struct view **row);
int api_link_create(struct http_req *r);
int api_link_delete(struct http_req *r);

/* Raises a ticket from storage-form values (the rules of POST /tickets). */
int api_ticket_raise(struct http_req *r, struct view *in, int64_t *id);
int api_catalog_create(struct http_req *r);
int api_catalog_update(struct http_req *r);
int api_catalog_request(struct http_req *r);
int api_approval_list(struct http_req *r);
int api_approval_decide(struct http_req *r);
int api_approvals_waiting(struct http_req *r);
/* api_ticket_load for reading, which also lets an approver of the ticket in. */
int api_ticket_load_or_approve(struct http_req *r, int64_t *id, struct view **rec, int64_t *version,
			       struct view **row);
int api_task_update(struct http_req *r);

int api_matrix_get(struct http_req *r);
int api_matrix_put(struct http_req *r);
int api_matrix_history(struct http_req *r);

int api_healthz(struct http_req *r);
int api_metrics(struct http_req *r);
int api_openapi(struct http_req *r);

/* A query parameter's value as given, except that in a filter "me" is the
 * actor's id and "mine" their groups' ids (comma-separated), so saved
 * queues suit whoever opens them; q, sort, cursor and limit stay words. */
const char *api_query_value(struct http_req *r, const char *name, const char *v);
/* Narrows a list to what the actor may see; 403 when they may see none. */
int api_list_scope(struct http_req *r, const struct record_def *d, struct list_query *q);
int api_ticket_scope(struct http_req *r, struct list_query *q);
/* Decodes a saved queue's filter (a ticket list query string) into q; a 400
 * naming "filter" when it is not one. */
int api_queue_filter(struct http_req *r, const char *text, struct list_query *q);
int api_queue_summary(struct http_req *r);
int api_queue_create(struct http_req *r);
int api_queue_update(struct http_req *r);

/* Shared by the resource files: read/check/write one record. */
/* Loads a record the actor may see (else 404) and may 'act' on (else 403);
 * 'stored' (may be NULL) gets the storage form. */
int api_record_load(struct http_req *r, const struct record_def *d, int64_t id,
		    enum authz_action act, struct view **out, int64_t *version,
		    struct view **stored);
/* An integer member of a row, 0 when absent or null. */
int64_t api_field_int(const struct view *row, const char *name);
int api_record_reply(struct http_req *r, const struct record_def *d, int64_t id, int status);
int api_record_patch(struct http_req *r, const struct record_def *d, int64_t id, json_t *body);
int api_record_post(struct http_req *r, const struct record_def *d, json_t *body, int64_t *id);

#endif
