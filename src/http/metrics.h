/* Prometheus metrics: requests by route and status, a latency histogram,
 * time spent in the database. Counting is lock-free. */
#ifndef LOKET_METRICS_H
#define LOKET_METRICS_H

#include "util/buf.h"

struct metrics;

struct metrics *metrics_new(int nroutes);
void metrics_free(struct metrics *m);
/* One request: route index (-1: no route), status, seconds, database seconds. */
void metrics_count(struct metrics *m, int route, int status, double secs, double db_secs);
/* The text exposition format. */
void metrics_write(const struct metrics *m, struct buf *b);

#endif
