/* Files on tickets: sent as the request body with ?filename=, checked for
 * type and size, served back as downloads (never shown inline). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/filetype.h"
#include "core/ticket.h"
#include "store/attachments.h"

#define D (&record_tickets)

static int visibility_of(struct http_req *r, const char **out)
{
	const char *v = http_query(r, "visibility");

	*out = v ? v : "public";
	if (strcmp(*out, "public") && strcmp(*out, "internal"))
		return loket_err_field(&r->err, "visibility", "must be public or internal");
	if (!strcmp(*out, "internal") && !authz_is_staff(&r->actor))
		return loket_err_set(&r->err, LOKET_EFORBIDDEN, "visibility",
				     "only the service desk attaches internal files");
	return 0;
}

/* ?comment_id=: the file belongs to that reply or note and is exactly as
 * visible as it is. */
static int reply_of(struct http_req *r, int64_t ticket, struct attachment *a)
{
	const char *c = http_query(r, "comment_id");
	char *end;

	if (!c)
		return 0;
	a->comment_id = strtoll(c, &end, 10);
	if (*end || a->comment_id <= 0)
		return loket_err_field(&r->err, "comment_id", "must be the id of a comment");
	if (http_query(r, "visibility"))
		return loket_err_field(&r->err, "visibility",
				       "comes from the comment when a file"
				       " belongs to one");
	return store_comment_visibility(&r->st, ticket, a->comment_id, &a->visibility, &r->err);
}

int api_attachment_create(struct http_req *r)
{
	static const char *const params[] = {"filename", "visibility", "comment_id", NULL};
	struct attachment a = {0};
	struct view *row, *item;
	int64_t id, aid;
	int rc;

	if ((rc = api_ticket_load(r, AUTHZ_UPDATE, &id, &row)) ||
	    (rc = http_query_only(r, params)) || (rc = visibility_of(r, &a.visibility)))
		return rc;
	if (!tkt_open_name(view_get_str(row, "status")) &&
	    strcmp(view_get_str(row, "status"), "resolved"))
		return loket_err_set(&r->err, LOKET_ECONFLICT, "status",
				     "a %s ticket takes nothing more; raise a new one",
				     view_get_str(row, "status"));
	if ((rc = reply_of(r, id, &a)))
		return rc;
	if (!strcmp(a.visibility, "internal") && !authz_is_staff(&r->actor))
		return loket_err_field(&r->err, "comment_id", "this ticket has no comment %lld",
				       (long long)a.comment_id);
	a.filename = http_query(r, "filename");
	a.content_type = http_header(r, "Content-Type");
	a.data = r->body.data;
	a.size = r->body.len;
	if ((rc = filetype_check_name(a.filename, &r->err)) ||
	    (rc = filetype_check(a.content_type, a.data, a.size, &r->err)))
		return rc;
	a.content_type = arena_strndup(&r->arena, a.content_type, strcspn(a.content_type, "; "));
	if ((rc = store_attachment_add(&r->st, id, &a, &aid, &r->err)) ||
	    (rc = store_attachment_get(&r->st, aid, &item, &r->err)))
		return rc;
	http_add_header(r, "Location", view_get_str(item, "url"));
	return http_reply_view(r, 201, item);
}

int api_attachment_list(struct http_req *r)
{
	struct view *row, *items, *page;
	int64_t id;
	int rc;

	if ((rc = api_ticket_load(r, AUTHZ_READ, &id, &row)) ||
	    (rc = store_attachment_list(&r->st, id, authz_is_staff(&r->actor), &items, &r->err)))
		return rc;
	page = view_obj(&r->arena);
	view_set(page, "items", items);
	return http_reply_view(r, 200, page);
}

/* "Content-Disposition: attachment" with the name for old and new browsers:
 * an ASCII fallback and the UTF-8 name percent-encoded (RFC 6266). */
static const char *disposition(struct http_req *r, const char *name)
{
	struct buf b = BUF_INIT(0);

	buf_add_raw(&b, "attachment; filename=\"");
	for (const char *p = name; *p; p++)
		buf_add_char(&b, (*p & 0x80) || *p == '"' || *p == '\\' ? '_' : *p);
	buf_add_raw(&b, "\"; filename*=UTF-8''");
	buf_add_url(&b, name);
	const char *out = arena_strdup(&r->arena, buf_str(&b));
	buf_release(&b);
	return out;
}

int api_attachment_get(struct http_req *r)
{
	struct view *a, *rec, *row;
	int64_t id, version;
	const void *data;
	int rc;

	if ((rc = http_param_id(r, 0, &id)) || (rc = store_attachment_get(&r->st, id, &a, &r->err)))
		return rc;
	/* Not visible is not there. */
	if (api_record_load(r, D, view_get(a, "ticket_id")->u.i, AUTHZ_READ, &rec, &version,
			    &row) ||
	    (!authz_is_staff(&r->actor) && strcmp(view_get_str(a, "visibility"), "public"))) {
		loket_err_clear(&r->err);
		return loket_err_set(&r->err, LOKET_ENOTFOUND, NULL, "no attachment %lld",
				     (long long)id);
	}
	size_t size = (size_t)view_get(a, "size")->u.i;
	if ((rc = store_attachment_data(&r->st, view_get_str(a, "sha256"), size, &data, &r->err)))
		return rc;
	http_add_header(r, "Content-Disposition", disposition(r, view_get_str(a, "filename")));
	http_add_header(r, "Content-Security-Policy", "sandbox; default-src 'none'");
	http_add_header(r, "ETag", arena_printf(&r->arena, "\"%s\"", view_get_str(a, "sha256")));
	return http_reply_text(r, 200, view_get_str(a, "content_type"), data, size);
}
