#include "http/metrics.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "http/http.h"
#include "util/xalloc.h"

static const int statuses[] = {200, 201, 204, 303, 304, 400, 401, 403, 404, 405,
			       409, 412, 413, 415, 428, 429, 431, 500, 503, 0};
enum { NSTATUS = sizeof(statuses) / sizeof(statuses[0]) };
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
				 0.05,	 0.1,	0.25,	0.5,   1,    2.5};
enum { NBUCKETS = sizeof(buckets) / sizeof(buckets[0]) };

struct metrics {
	int nroutes;	       /* plus one row for "no route" */
	atomic_ullong *counts; /* [(nroutes + 1) * NSTATUS] */
	atomic_ullong hist[NBUCKETS + 1];
	atomic_ullong sum_us, db_us, total;
};

struct metrics *metrics_new(int nroutes)
{
	struct metrics *m = xcalloc(1, sizeof(*m));

	m->nroutes = nroutes;
	m->counts = xcalloc((size_t)(nroutes + 1) * NSTATUS, sizeof(*m->counts));
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	free(m->counts);
	free(m);
}

static int status_slot(int status)
{
	for (int i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

void metrics_count(struct metrics *m, int route, int status, double secs, double db_secs)
{
	int row = route >= 0 && route < m->nroutes ? route : m->nroutes;
	int b = 0;

	atomic_fetch_add_explicit(&m->counts[row * NSTATUS + status_slot(status)], 1,
				  memory_order_relaxed);
	while (b < NBUCKETS && secs > buckets[b])
		b++;
	atomic_fetch_add_explicit(&m->hist[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->sum_us, (unsigned long long)(secs * 1e6),
				  memory_order_relaxed);
	atomic_fetch_add_explicit(&m->db_us, (unsigned long long)(db_secs * 1e6),
				  memory_order_relaxed);
	atomic_fetch_add_explicit(&m->total, 1, memory_order_relaxed);
}

static void write_counts(const struct metrics *m, struct buf *b)
{
	buf_add_raw(b, "# HELP loket_http_requests_total HTTP requests by route and status.\n"
		       "# TYPE loket_http_requests_total counter\n");
	for (int r = 0; r <= m->nroutes; r++) {
		for (int s = 0; s < NSTATUS; s++) {
			unsigned long long n = atomic_load(&m->counts[r * NSTATUS + s]);
			if (!n)
				continue;
			const char *route = r < m->nroutes ? http_routes[r].pattern : "none";
			const char *method = r < m->nroutes ? http_routes[r].method : "";
			buf_add_fmt(b, "loket_http_requests_total{method=\"%s\",route=\"%s\",",
				    method, route);
			if (statuses[s])
				buf_add_fmt(b, "status=\"%d\"} %llu\n", statuses[s], n);
			else
				buf_add_fmt(b, "status=\"other\"} %llu\n", n);
		}
	}
}

void metrics_write(const struct metrics *m, struct buf *b)
{
	unsigned long long cum = 0;

	write_counts(m, b);
	buf_add_raw(b, "# HELP loket_http_request_duration_seconds Time to answer a request.\n"
		       "# TYPE loket_http_request_duration_seconds histogram\n");
	for (int i = 0; i < NBUCKETS; i++) {
		cum += atomic_load(&m->hist[i]);
		buf_add_fmt(b, "loket_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
			    buckets[i], cum);
	}
	cum += atomic_load(&m->hist[NBUCKETS]);
	buf_add_fmt(b, "loket_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", cum);
	buf_add_fmt(b, "loket_http_request_duration_seconds_sum %.6f\n",
		    (double)atomic_load(&m->sum_us) / 1e6);
	buf_add_fmt(b, "loket_http_request_duration_seconds_count %llu\n", atomic_load(&m->total));
	buf_add_raw(b, "# HELP loket_db_seconds_total Time spent in the database.\n"
		       "# TYPE loket_db_seconds_total counter\n");
	buf_add_fmt(b, "loket_db_seconds_total %.6f\n", (double)atomic_load(&m->db_us) / 1e6);
}
