/* Health, metrics and the API's own description. */
#include <string.h>

#include "api/api.h"
#include "http/app.h"
#include "http/metrics.h"
#include "util/embed.h"

int api_healthz(struct http_req *r)
{
	struct view *v = view_obj(&r->arena);
	int version = 0;
	int rc = store_schema_version(&r->st, &version, &r->err);

	view_set_str(v, "status", rc ? "failing" : "ok");
	view_set_str(v, "database", rc ? r->err.message : "ok");
	view_set_int(v, "schema_version", version);
	view_set_str(v, "version", LOKET_VERSION);
	return http_reply_view(r, rc ? 503 : 200, v);
}

int api_metrics(struct http_req *r)
{
	struct buf b = BUF_INIT(0);

	metrics_write(r->app->metrics, &b);
	http_reply_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", buf_str(&b), b.len);
	buf_release(&b);
	return 0;
}

int api_openapi(struct http_req *r)
{
	const struct embedded_file *f = embed_find("api/openapi.json");

	if (!f)
		return loket_err_set(&r->err, LOKET_ENOTFOUND, NULL,
				     "no API document in this build");
	return http_reply_text(r, 200, "application/json", (const char *)f->data, (size_t)f->size);
}
