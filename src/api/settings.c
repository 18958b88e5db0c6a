/* Settings administrators change while Loket runs: the priority matrix. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/decode.h"
#include "store/settings.h"

#define MATRIX_KEY "priority_matrix"

static struct view *matrix_view(struct http_req *r, const struct tkt_matrix *m)
{
	struct view *v = view_obj(&r->arena), *rows = view_arr(&r->arena);

	for (int i = 0; i < 3; i++) {
		struct view *row = view_arr(&r->arena);
		for (int k = 0; k < 3; k++)
			view_push(row, view_int(&r->arena, m->p[i][k]));
		view_push(rows, row);
	}
	view_set(v, "matrix", rows);
	return v;
}

static int reply_matrix(struct http_req *r)
{
	struct tkt_matrix m;
	const char *value;
	int64_t version;
	int rc = store_setting_get(&r->st, MATRIX_KEY, &value, &version, &r->err);

	if (!rc)
		rc = store_priority_matrix(&r->st, &m, &r->err);
	/* Never set: the default, version 1. */
	return rc ? rc : http_reply_record(r, 200, matrix_view(r, &m), version ? version : 1, NULL);
}

int api_matrix_get(struct http_req *r)
{
	return reply_matrix(r);
}

static int decode_matrix(struct http_req *r, json_t *body, struct tkt_matrix *m)
{
	const char *key;
	json_t *v, *rows = json_object_get(body, "matrix");

	json_object_foreach (body, key, v)
		if (strcmp(key, "matrix"))
			return loket_err_field(&r->err, key, "is not part of the priority matrix");
	if (!json_is_array(rows) || json_array_size(rows) != 3)
		return loket_err_field(&r->err, "matrix",
				       "must be 3 rows (impact 1 to 3) of 3 priorities (urgency 1"
				       " to 3)");
	for (int i = 0; i < 3; i++) {
		json_t *row = json_array_get(rows, (size_t)i);
		for (int k = 0; k < 3; k++) {
			json_t *c = json_is_array(row) && json_array_size(row) == 3
					    ? json_array_get(row, (size_t)k)
					    : NULL;
			if (!json_is_integer(c) || json_integer_value(c) < 1 ||
			    json_integer_value(c) > 5)
				return loket_err_field(
					&r->err, arena_printf(&r->arena, "matrix[%d][%d]", i, k),
					"must be a priority from 1 to 5");
			m->p[i][k] = (int)json_integer_value(c);
		}
	}
	return 0;
}

/* Tickets keep the priority they have; new ones and changes of impact or
 * urgency follow the new matrix. */
int api_matrix_put(struct http_req *r)
{
	json_t *body = NULL;
	struct tkt_matrix m;
	int64_t if_version;
	char *text = NULL;
	int rc;

	if (authz_scope(&r->actor, AUTHZ_UPDATE_ALL, "settings") != AUTHZ_ALL)
		return loket_err_set(&r->err, LOKET_EFORBIDDEN, NULL,
				     "only administrators change the priority matrix");
	if ((rc = http_if_match(r, &if_version)) ||
	    (rc = api_parse_object(buf_str(&r->body), r->body.len, &body, &r->err)) ||
	    (rc = decode_matrix(r, body, &m)))
		goto out;
	text = json_dumps(json_object_get(body, "matrix"), JSON_COMPACT);
	rc = store_setting_put(&r->st, MATRIX_KEY, text, if_version, &r->err);
out:
	free(text);
	json_decref(body);
	return rc ? rc : reply_matrix(r);
}

int api_matrix_history(struct http_req *r)
{
	struct view *items, *page = view_obj(&r->arena);
	int rc;

	if (authz_scope(&r->actor, AUTHZ_HISTORY, "settings") == AUTHZ_DENY)
		return loket_err_set(&r->err, LOKET_EFORBIDDEN, NULL,
				     "your roles do not allow you to read the history of settings");
	if ((rc = store_setting_history(&r->st, MATRIX_KEY, &items, &r->err)))
		return rc;
	view_set(page, "items", items);
	return http_reply_view(r, 200, page);
}
