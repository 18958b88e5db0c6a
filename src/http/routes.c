/* Every route the server has. The OpenAPI document (api/openapi.json) must
 * list the same API routes: tests/api/openapi.test.mjs checks both ways. */
#include "api/api.h"
#include "core/record.h"
#include "http/http.h"
#include "web/web.h"

#define API "/api/v1"
#define RECORDS(coll, def, create, update)                                                        \
	{"GET", API "/" coll, api_record_list, 0, &def}, {"POST", API "/" coll, create, 0, &def}, \
		{"GET", API "/" coll "/{id}", api_record_get, 0, &def},                           \
		{"PATCH", API "/" coll "/{id}", update, 0, &def},                                 \
	{                                                                                         \
		"GET", API "/" coll "/{id}/history", api_record_history, 0, &def                  \
	}

const struct route http_routes[] = {
	{"GET", "/healthz", api_healthz, ROUTE_PUBLIC, NULL},
	{"GET", "/metrics", api_metrics, ROUTE_PUBLIC, NULL},
	{"GET", API "/openapi.json", api_openapi, ROUTE_PUBLIC, NULL},
	{"GET", API "/me", api_me, 0, NULL},
	RECORDS("users", record_users, api_user_create, api_user_update),
	RECORDS("groups", record_groups, api_record_create, api_record_update),
	{"DELETE", API "/groups/{id}", api_record_delete, 0, &record_groups},
	RECORDS("organisations", record_organisations, api_record_create, api_record_update),
	{"DELETE", API "/organisations/{id}", api_record_delete, 0, &record_organisations},
	{"GET", API "/tokens", api_record_list, 0, &record_tokens},
	{"POST", API "/tokens", api_token_create, 0, &record_tokens},
	{"GET", API "/tokens/{id}", api_record_get, 0, &record_tokens},
	{"DELETE", API "/tokens/{id}", api_token_revoke, 0, &record_tokens},
	{"GET", API "/tokens/{id}/history", api_record_history, 0, &record_tokens},
	{"GET", API "/tickets", api_record_list, 0, &record_tickets},
	{"POST", API "/tickets", api_ticket_create, 0, &record_tickets},
	{"POST", API "/tickets/bulk", api_ticket_bulk, 0, &record_tickets},
	{"GET", API "/tickets/{id}", api_ticket_get, 0, &record_tickets},
	{"PATCH", API "/tickets/{id}", api_ticket_update, 0, &record_tickets},
	{"GET", API "/tickets/{id}/history", api_ticket_history, 0, &record_tickets},
	{"GET", API "/tickets/{id}/comments", api_comment_list, 0, &record_tickets},
	{"POST", API "/tickets/{id}/comments", api_comment_create, 0, &record_tickets},
	{"GET", API "/tickets/{id}/escalations", api_escalation_list, 0, &record_tickets},
	{"POST", API "/tickets/{id}/escalations", api_escalation_create, 0, &record_tickets},
	{"GET", API "/tickets/{id}/attachments", api_attachment_list, 0, &record_tickets},
	{"POST", API "/tickets/{id}/attachments", api_attachment_create, ROUTE_UPLOAD,
	 &record_tickets},
	{"GET", API "/attachments/{id}", api_attachment_get, 0, &record_tickets},
	{"GET", API "/tickets/{id}/links", api_link_list, 0, &record_tickets},
	{"POST", API "/tickets/{id}/links", api_link_create, 0, &record_tickets},
	{"DELETE", API "/tickets/{id}/links/{link}", api_link_delete, 0, &record_tickets},
	RECORDS("categories", record_categories, api_record_create, api_record_update),
	RECORDS("catalog/items", record_catalog_items, api_catalog_create, api_catalog_update),
	{"POST", API "/catalog/items/{id}/requests", api_catalog_request, 0, &record_catalog_items},
	{"GET", API "/approvals", api_approvals_waiting, 0, NULL},
	{"GET", API "/settings/priority-matrix", api_matrix_get, 0, NULL},
	{"PUT", API "/settings/priority-matrix", api_matrix_put, 0, NULL},
	{"GET", API "/settings/priority-matrix/history", api_matrix_history, 0, NULL},
	{"GET", API "/tickets/{id}/approvals", api_approval_list, 0, &record_tickets},
	{"POST", API "/tickets/{id}/approvals/{approval}", api_approval_decide, 0, &record_tickets},
	{"GET", API "/tasks", api_record_list, 0, &record_tasks},
	{"GET", API "/tasks/{id}", api_record_get, 0, &record_tasks},
	{"PATCH", API "/tasks/{id}", api_task_update, 0, &record_tasks},
	{"GET", API "/tasks/{id}/history", api_record_history, 0, &record_tasks},
	{"GET", API "/queues", api_queue_summary, 0, &record_queues},
	{"POST", API "/queues", api_queue_create, 0, &record_queues},
	{"GET", API "/queues/{id}", api_record_get, 0, &record_queues},
	{"PATCH", API "/queues/{id}", api_queue_update, 0, &record_queues},
	{"DELETE", API "/queues/{id}", api_record_delete, 0, &record_queues},
	{"GET", API "/queues/{id}/history", api_record_history, 0, &record_queues},
	{"GET", "/login", web_login_page, ROUTE_PUBLIC | ROUTE_HTML, NULL},
	{"POST", "/login", web_login, ROUTE_PUBLIC | ROUTE_HTML | ROUTE_FORM, NULL,
	 web_login_check},
	{"POST", "/logout", web_logout, ROUTE_HTML | ROUTE_FORM, NULL},
	{"GET", "/", web_home, ROUTE_HTML, NULL},
};

const int http_nroutes = (int)(sizeof(http_routes) / sizeof(http_routes[0]));
