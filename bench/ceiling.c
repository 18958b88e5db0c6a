/* The libmicrohttpd ceiling: the fastest answer Loket's HTTP setup could give.
 *
 * Same daemon setup as src/http/server.c (epoll internal thread, a pool of 2
 * threads, answer on the second access-handler call), no routing, no auth,
 * no database: GET answers a fixed JSON body of GET_SIZE bytes, POST reads
 * the request body and answers 201 with a fixed JSON body of POST_SIZE bytes.
 * The headers are the ones Loket sends, so the bytes on the wire match.
 *
 * Usage: ceiling GET_SIZE POST_SIZE [ADDRESS:PORT]   (default 127.0.0.1:0)
 * Prints "ceiling is serving on http://ADDRESS:PORT/" and runs until SIGINT
 * or SIGTERM.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SIZE_MAX_BODY = 1 << 20 };

/* Loket's default: max_header (8192) + 4096 (conn_memory() in
 * src/http/server.c). libmicrohttpd clears this pool between keep-alive
 * requests, so it is part of the per-request cost of both. */
static const size_t CONN_MEMORY = 12288;

struct answer {
	struct MHD_Response *resp;
	unsigned status;
};

static struct answer get_answer, post_answer;

/* A JSON object of exactly 'size' bytes: {"pad":"xxx…"} (size >= 10). */
static char *json_of_size(size_t size)
{
	static const char head[] = "{\"pad\":\"", tail[] = "\"}";
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, head, sizeof(head) - 1);
	memset(s + sizeof(head) - 1, 'x', size - (sizeof(head) - 1) - (sizeof(tail) - 1));
	memcpy(s + size - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
	s[size] = '\0';
	return s;
}

/* Built once and reused for every request, as a bare server would. */
static void answer_init(struct answer *a, size_t size, unsigned status, const char *location)
{
	char *body = json_of_size(size);

	a->resp = MHD_create_response_from_buffer(size, body, MHD_RESPMEM_MUST_FREE);
	a->status = status;
	if (!a->resp)
		abort();
	MHD_add_response_header(a->resp, "Content-Type", "application/json");
	MHD_add_response_header(a->resp, "ETag", "\"1\"");
	if (location)
		MHD_add_response_header(a->resp, "Location", location);
	MHD_add_response_header(a->resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(a->resp, "Cache-Control", "no-store");
}

/* One per request: a marker that the first call has happened, and the body
 * size read so far (read, counted, dropped). */
struct req {
	size_t body_len;
};

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct req *r = *con_cls;

	/* Never answer in the first call: libmicrohttpd 0.9.75 then sends
	 * "Connection: close" (../shared/research/stack.md). */
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return MHD_NO;
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_data_size) {
		r->body_len += *upload_data_size;
		*upload_data_size = 0;
		return r->body_len > SIZE_MAX_BODY ? MHD_NO : MHD_YES;
	}
	const struct answer *a = strcmp(method, "POST") ? &get_answer : &post_answer;
	return MHD_queue_response(conn, a->status, a->resp);
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
		    enum MHD_RequestTerminationCode toe)
{
	free(*con_cls);
	*con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	const char *colon = strrchr(listen, ':');
	char host[64];
	char *end;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

static long parse_size(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *end || n < 10 || n > SIZE_MAX_BODY ? -1 : n;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	sigset_t set;
	int sig;
	long get_size = argc > 2 ? parse_size(argv[1]) : -1;
	long post_size = argc > 2 ? parse_size(argv[2]) : -1;

	if (argc < 3 || argc > 4 || get_size < 0 || post_size < 0 ||
	    parse_listen(argc > 3 ? argv[3] : "127.0.0.1:0", &sa)) {
		fprintf(stderr, "usage: ceiling GET_SIZE POST_SIZE [ADDRESS:PORT]\n"
				"sizes in bytes, at least 10\n");
		return 2;
	}
	/* Only sigwait() below receives these; the pool threads inherit the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	answer_init(&get_answer, (size_t)get_size, MHD_HTTP_OK, NULL);
	answer_init(&post_answer, (size_t)post_size, MHD_HTTP_CREATED, "/api/v1/users/2");

	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, ntohs(sa.sin_port),
		NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &sa,
		MHD_OPTION_THREAD_POOL_SIZE, 2u, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONN_MEMORY,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "ceiling: cannot listen\n");
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &sa.sin_addr, host, sizeof(host));
	printf("ceiling is serving on http://%s:%u/\n", host, di ? di->port : ntohs(sa.sin_port));
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(get_answer.resp);
	MHD_destroy_response(post_answer.resp);
	return 0;
}
