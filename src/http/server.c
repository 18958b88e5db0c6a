/* The server glue over libmicrohttpd: collect the request, route it, run
 * its handler in one transaction, answer, count and log. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/app.h"
#include "http/auth.h"
#include "http/form.h"
#include "http/http.h"
#include "http/metrics.h"
#include "http/writer.h"
#include "util/log.h"
#include "util/timefmt.h"

static atomic_int inflight;

static bool segment_match(const char *pat, size_t plen, const char *seg, size_t slen)
{
	if (plen >= 2 && pat[0] == '{' && pat[plen - 1] == '}')
		return slen > 0;
	return plen == slen && !memcmp(pat, seg, slen);
}

/* Matches path against pattern, collecting {x} segments into r->params. */
static bool path_match(struct http_req *r, const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;

	r->nparams = 0;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++, s++;
		size_t plen = strcspn(p, "/"), slen = strcspn(s, "/");
		if (!segment_match(p, plen, s, slen))
			return false;
		if (*p == '{' && r->nparams < HTTP_MAX_PARAMS)
			r->params[r->nparams++] = arena_strndup(&r->arena, s, slen);
		p += plen, s += slen;
	}
	return !*p && !*s;
}

static int route(struct http_req *r)
{
	const char *method = strcmp(r->method, "HEAD") ? r->method : "GET";
	struct buf allow = BUF_INIT(256);

	for (int i = 0; i < http_nroutes; i++) {
		if (!path_match(r, http_routes[i].pattern, r->path))
			continue;
		if (!strcmp(http_routes[i].method, method)) {
			r->route = &http_routes[i];
			r->route_index = i;
			buf_release(&allow);
			return 0;
		}
		buf_add_fmt(&allow, "%s%s", allow.len ? ", " : "", http_routes[i].method);
	}
	if (allow.len) {
		http_add_header(r, "Allow", arena_strdup(&r->arena, buf_str(&allow)));
		buf_release(&allow);
		return loket_err_set(&r->err, LOKET_EMETHOD, NULL,
				     "%s is not allowed on %s; use %s", r->method, r->path,
				     r->headers[r->nheaders - 1].value);
	}
	buf_release(&allow);
	return loket_err_set(&r->err, LOKET_ENOTFOUND, NULL, "there is nothing at %s", r->path);
}

static bool wants_html(struct http_req *r)
{
	if (r->route)
		return r->route->flags & ROUTE_HTML;
	if (!strncmp(r->path, "/api/", 5))
		return false;
	const char *accept = http_header(r, "Accept");
	return accept && strstr(accept, "text/html");
}

static void problem_json(struct http_req *r, int code)
{
	struct view *p = view_obj(&r->arena);
	struct loket_err *e = &r->err;

	view_set_str(p, "type", "about:blank");
	view_set_str(p, "title", loket_err_title(code));
	view_set_int(p, "status", loket_err_status(code));
	view_set_str(p, "detail", e->message[0] ? e->message : loket_err_title(code));
	if (e->nfields) {
		struct view *errs = view_arr(&r->arena);
		for (int i = 0; i < e->nfields; i++) {
			struct view *f = view_obj(&r->arena);
			view_set_str(f, "field", e->fields[i].field);
			view_set_str(f, "message", e->fields[i].message);
			view_push(errs, f);
		}
		view_set(p, "errors", errs);
	}
	http_reply_view(r, loket_err_status(code), p);
	r->content_type = "application/problem+json";
}

static void problem_html(struct http_req *r, int code)
{
	struct buf *b = &r->out;

	buf_reset(b);
	buf_add_raw(b, "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>");
	buf_add_html(b, loket_err_title(code));
	buf_add_raw(b, " · Loket</title><main><h1>");
	buf_add_html(b, loket_err_title(code));
	buf_add_raw(b, "</h1><p>");
	buf_add_html(b, r->err.message[0] ? r->err.message : loket_err_title(code));
	buf_add_raw(b, "</p><p><a href=\"/\">Loket</a></p></main></html>\n");
	r->status = loket_err_status(code);
	r->content_type = "text/html; charset=utf-8";
}

/* Errors become a problem; the headers set so far (Allow) stay. */
static void problem(struct http_req *r, int code)
{
	if (!r->err.code)
		loket_err_set(&r->err, code, NULL, "%s", loket_err_title(code));
	if (code == LOKET_ETOOMANY && r->err.retry_after > 0)
		http_add_header(r, "Retry-After",
				arena_printf(&r->arena, "%d", r->err.retry_after));
	if (code == LOKET_EAUTH && !wants_html(r))
		http_add_header(r, "WWW-Authenticate", "Bearer realm=\"loket\"");
	if (loket_err_status(code) >= 500)
		log_line("error", "path=%s detail=\"%s\"", r->path, r->err.message);
	if (wants_html(r))
		problem_html(r, code);
	else
		problem_json(r, code);
}

static bool is_json(const char *ct)
{
	if (!ct)
		return false;
	size_t n = strcspn(ct, ";");
	return (n == 16 && !strncasecmp(ct, "application/json", 16)) ||
	       (n > 5 && !strncasecmp(ct + n - 5, "+json", 5));
}

/* Uploads (attachments) may be larger than other bodies. */
static size_t body_limit(const struct http_req *r)
{
	const struct config *cfg = r->app->cfg;

	if (r->route && (r->route->flags & ROUTE_UPLOAD))
		return (size_t)cfg->max_attachment;
	return (size_t)cfg->max_body;
}

static int check_body(struct http_req *r)
{
	if (r->body_too_big)
		return loket_err_set(&r->err, LOKET_ETOOBIG, NULL,
				     "the request body is larger than %zu bytes", body_limit(r));
	if (!r->write || (r->route->flags & (ROUTE_HTML | ROUTE_FORM | ROUTE_UPLOAD)) ||
	    !r->body.len)
		return 0;
	if (!is_json(http_header(r, "Content-Type")))
		return loket_err_set(&r->err, LOKET_EMEDIA, "Content-Type",
				     "send the body as application/json");
	return 0;
}

static int authenticate(struct http_req *r)
{
	int rc = auth_identify(r);

	/* A public page answers whoever asks, even with a stale token. */
	if (rc && (r->route->flags & ROUTE_PUBLIC)) {
		loket_err_clear(&r->err);
		memset(&r->actor, 0, sizeof(r->actor));
		rc = 0;
	}
	if (rc)
		return rc;
	r->st.actor_id = r->actor.user_id;
	if (r->route->flags & ROUTE_PUBLIC)
		return 0;
	if (!r->actor.user_id) {
		if (r->route->flags & ROUTE_HTML) {
			http_redirect(r, arena_printf(&r->arena, "/login?next=%s", r->path));
			return 1;
		}
		return loket_err_set(&r->err, LOKET_EAUTH, NULL,
				     "sign in first: send 'Authorization: Bearer <token>'");
	}
	if (r->via_session && r->write)
		return auth_check_csrf(r);
	return 0;
}

static int call_handler(struct http_req *r)
{
	int rc = authenticate(r);

	if (rc == 1) /* answered already (a redirect to sign in) */
		return 0;
	return rc ? rc : r->route->fn(r);
}

/* A reading request (or a writing one's prepare step): its own connection
 * and one read transaction, on the worker thread that took it. */
static int run_read(struct http_req *r, http_handler fn)
{
	int rc = db_acquire(r->app->db, false, &r->st.conn, &r->err);

	if (rc)
		return rc;
	if (!(rc = db_begin_read(r->st.conn, &r->err)))
		rc = fn ? fn(r) : call_handler(r);
	db_release(r->st.conn); /* ends the read transaction */
	r->st.conn = NULL;
	return rc;
}

void http_write_one(struct http_req *r, struct db_conn *c)
{
	double db_before = db_thread_time_ms();
	int rc = db_savepoint(c, &r->err);

	r->st.conn = c;
	if (!rc) {
		rc = call_handler(r);
		if (!rc)
			rc = db_savepoint_release(c, &r->err);
		else
			db_savepoint_rollback(c);
	}
	r->st.conn = NULL;
	r->rc = rc;
	r->db_ms = db_thread_time_ms() - db_before;
}

void http_write_failed(struct http_req *r, int rc, const struct loket_err *err)
{
	r->nheaders = 0; /* whatever the handler answered did not happen */
	r->err = *err;
	r->rc = rc;
}

void http_write_done(struct http_req *r)
{
	if (r->rc)
		problem(r, r->rc);
	MHD_resume_connection(r->conn);
}

static void security_headers(struct http_req *r, struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (r->content_type && !strncmp(r->content_type, "text/html", 9)) {
		MHD_add_response_header(
			resp, "Content-Security-Policy",
			"default-src 'self'; frame-ancestors 'none'; form-action 'self'");
		MHD_add_response_header(resp, "X-Frame-Options", "DENY");
		MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	}
	if (!strncmp(r->path, "/api/", 5) || (r->route && (r->route->flags & ROUTE_HTML)))
		MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static enum MHD_Result respond(struct http_req *r)
{
	size_t len;
	char *data = buf_detach(&r->out, &len);
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);

	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	for (int i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
	security_headers(r, resp);
	enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static const char *client_address(struct MHD_Connection *conn, struct arena *a)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char host[INET6_ADDRSTRLEN] = "unknown";

	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, host,
				  sizeof(host));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, host,
				  sizeof(host));
	}
	return arena_strdup(a, host);
}

static struct http_req *req_new(struct app *app, struct MHD_Connection *conn, const char *method,
				const char *url)
{
	struct http_req *r = calloc(1, sizeof(*r));

	if (!r)
		abort();
	r->app = app;
	r->conn = conn;
	r->start_ns = time_mono_ns();
	r->method = arena_strdup(&r->arena, method);
	r->path = arena_strdup(&r->arena, url);
	r->write = strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
	r->route_index = -1;
	r->client_addr = client_address(conn, &r->arena);
	buf_init(&r->body, 0);
	buf_init(&r->out, 0);
	r->st.arena = &r->arena;
	r->st.now = time_now_ms();
	r->st.files_dir = app->cfg->data;
	/* Routed before the body arrives, so that its size limit is known. */
	r->route_rc = route(r);
	r->st.channel = "api";
	atomic_fetch_add(&inflight, 1);
	return r;
}

static void log_request(struct http_req *r, double ms, double db_ms)
{
	if (!r->app->cfg->log_requests)
		return;
	log_line("info", "method=%s path=%s status=%d ms=%.2f db_ms=%.2f user=%lld addr=%s",
		 r->method, r->path, r->status, ms, db_ms, (long long)r->actor.user_id,
		 r->client_addr);
}

static enum MHD_Result answer(struct http_req *r, double db_ms)
{
	double ms = (double)(time_mono_ns() - r->start_ns) / 1e6;

	metrics_count(r->app->metrics, r->route_index, r->status, ms / 1e3, db_ms / 1e3);
	log_request(r, ms, db_ms);
	return respond(r);
}

/* Requests that write go to the writer thread, which runs many in one
 * transaction (a savepoint each) and answers them after one commit; the
 * connection waits, suspended, meanwhile. */
static enum MHD_Result on_complete(struct http_req *r)
{
	int rc = r->route_rc;
	double db_before = db_thread_time_ms();

	if (r->queued) /* back from the writer, answered */
		return answer(r, r->db_ms);
	if (!rc)
		rc = check_body(r);
	if (!rc) {
		r->st.channel = (r->route->flags & ROUTE_HTML) ? "web" : "api";
		if (r->write && r->route->prepare)
			rc = run_read(r, r->route->prepare);
		if (rc == 1) /* the prepare step answered */
			return answer(r, db_thread_time_ms() - db_before);
	}
	if (!rc) {
		if (r->write) {
			r->queued = true;
			MHD_suspend_connection(r->conn);
			writer_submit(r->app->writer, r);
			return MHD_YES;
		}
		rc = run_read(r, NULL);
	}
	if (rc)
		problem(r, rc);
	return answer(r, db_thread_time_ms() - db_before);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct app *app = cls;
	struct http_req *r = *con_cls;

	/* Answer on a later call, never the first: libmicrohttpd 0.9.75 closes
	 * the connection when the first call queues the response. */
	if (!r) {
		*con_cls = req_new(app, conn, method, url);
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (r->body.len + *upload_data_size > body_limit(r))
			r->body_too_big = true;
		else
			buf_add(&r->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	return on_complete(r);
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
		    enum MHD_RequestTerminationCode toe)
{
	struct http_req *r = *con_cls;

	if (!r)
		return;
	arena_release(&r->arena);
	buf_release(&r->body);
	buf_release(&r->out);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&inflight, 1);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	const char *colon = strrchr(listen, ':');
	char host[64];

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	sa->sin_port = htons((uint16_t)port);
	if (!strcmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	return inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) == 1 ? 0 : -1;
}

/* Query strings as browsers send them: '+' is a space. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	return form_decode_inplace(s);
}

/* libmicrohttpd holds a connection's headers in this much memory and clears
 * all of it before each request on a kept-alive connection: a third of the
 * CPU of a small GET went to clearing 32 KiB. Headers plus a little. */
static size_t conn_memory(const struct config *cfg)
{
	return (size_t)cfg->max_header + 4096;
}

static struct MHD_Daemon *start(struct app *app, const struct sockaddr_in *sa)
{
	const struct config *cfg = app->cfg;

	return MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
					MHD_ALLOW_SUSPEND_RESUME,
				ntohs(sa->sin_port), NULL, NULL, on_request, app,
				MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_THREAD_POOL_SIZE,
				(unsigned)cfg->threads, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->request_timeout,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, conn_memory(cfg),
				MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, MHD_OPTION_UNESCAPE_CALLBACK,
				unescape, NULL, MHD_OPTION_END);
}

/* Stop taking connections, let what is in flight finish (up to 10 s),
 * the writes waiting for the writer included. */
static void drain(struct app *app, struct MHD_Daemon *d)
{
	MHD_socket s = MHD_quiesce_daemon(d);

	for (int i = 0; i < 1000 && atomic_load(&inflight) > 0; i++)
		usleep(10000);
	writer_stop(app->writer);
	app->writer = NULL;
	MHD_stop_daemon(d);
	if (s != MHD_INVALID_SOCKET)
		close(s);
}

int http_serve(struct app *app)
{
	struct sockaddr_in sa;
	sigset_t set;
	int sig;

	if (parse_listen(app->cfg->listen, &sa)) {
		fprintf(stderr, "loket: --listen: expected ADDRESS:PORT such as 127.0.0.1:8080\n");
		return -1;
	}
	/* Block the signals before the workers start so that only sigwait()
	 * below receives them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	app->writer = writer_start(app);
	struct MHD_Daemon *d = start(app, &sa);
	if (!d) {
		writer_stop(app->writer);
		fprintf(stderr, "loket: cannot listen on %s (in use?)\n", app->cfg->listen);
		return -1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &sa.sin_addr, host, sizeof(host));
	printf("Loket is serving on http://%s:%u/\n", host, di ? di->port : ntohs(sa.sin_port));
	fflush(stdout);
	sigwait(&set, &sig);
	log_line("info", "msg=\"stopping\" signal=%d inflight=%d", sig, atomic_load(&inflight));
	drain(app, d);
	return 0;
}
