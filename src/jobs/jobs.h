/* Background jobs: a thread that wakes every jobs_interval seconds and does
 * what has come due. Each job's cost grows with the work due, not with the
 * number of tickets, and each may run on every node at once (a second
 * node's change of the same record is refused by its version and skipped). */
#ifndef LOKET_JOBS_H
#define LOKET_JOBS_H

#include "store/db.h"
#include "util/config.h"

struct jobs;

/* Starts the thread. Stop it with jobs_stop(). */
struct jobs *jobs_start(const struct config *cfg, struct db *db);
void jobs_stop(struct jobs *j); /* NULL is fine */

/* One pass of every job, now (also for tests and the CLI). Returns how many
 * records it changed, or a negative code. */
int jobs_run_once(const struct config *cfg, struct db *db, int64_t now);

#endif
