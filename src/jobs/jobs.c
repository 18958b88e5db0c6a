#include "jobs/jobs.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "store/store.h"
#include "util/log.h"
#include "util/timefmt.h"
#include "util/xalloc.h"

struct jobs {
	const struct config *cfg;
	struct db *db;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
};

enum { CLOSE_BATCH = 500 };

/* Resolved tickets close themselves once the requester's time to reopen
 * them has passed. */
static int close_resolved(struct store *st, const struct config *cfg, struct loket_err *err)
{
	static const char sql[] = "SELECT id, version FROM tickets WHERE status = 'resolved'"
				  " AND resolved_at < $1 ORDER BY id LIMIT $2";
	int64_t ids[CLOSE_BATCH], versions[CLOSE_BATCH];
	struct db_stmt *q;
	int n = 0, done = 0, rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	db_bind_int(q, 1, st->now - (int64_t)cfg->reopen_days * 86400000);
	db_bind_int(q, 2, CLOSE_BATCH);
	while ((rc = db_step(q, err)) == DB_ROW) {
		ids[n] = db_col_int(q, 0);
		versions[n++] = db_col_int(q, 1);
	}
	db_reset(q);
	for (int i = 0; rc >= 0 && i < n; i++) {
		struct view *ch = view_obj(st->arena);
		view_set_str(ch, "status", "closed");
		view_set_int(ch, "closed_at", st->now);
		/* Another node may have closed it first: then there is nothing to do. */
		int r = store_record_update(st, &record_tickets, ids[i], versions[i], ch, err);
		if (r && r != LOKET_EPRECOND)
			return r;
		done += !r;
	}
	return rc < 0 ? rc : done;
}

int jobs_run_once(const struct config *cfg, struct db *db, int64_t now)
{
	struct arena arena = ARENA_INIT;
	struct loket_err err = {0};
	struct store st = {.arena = &arena, .now = now, .channel = "system"};
	int rc = db_acquire(db, true, &st.conn, &err);

	if (!rc)
		rc = db_begin(st.conn, &err);
	if (!rc)
		rc = close_resolved(&st, cfg, &err);
	if (rc >= 0) {
		int c = db_commit(st.conn, &err);
		rc = c ? c : rc;
	}
	db_release(st.conn);
	if (rc < 0)
		log_line("error", "job=close_resolved detail=\"%s\"", err.message);
	else if (rc > 0)
		log_line("info", "job=close_resolved closed=%d", rc);
	arena_release(&arena);
	return rc;
}

static void *loop(void *arg)
{
	struct jobs *j = arg;

	pthread_mutex_lock(&j->mu);
	while (!j->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += j->cfg->jobs_interval;
		pthread_cond_timedwait(&j->cv, &j->mu, &until);
		if (j->stop)
			break;
		pthread_mutex_unlock(&j->mu);
		jobs_run_once(j->cfg, j->db, time_now_ms());
		pthread_mutex_lock(&j->mu);
	}
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

struct jobs *jobs_start(const struct config *cfg, struct db *db)
{
	struct jobs *j = xcalloc(1, sizeof(*j));

	j->cfg = cfg;
	j->db = db;
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	if (pthread_create(&j->thread, NULL, loop, j))
		abort();
	return j;
}

void jobs_stop(struct jobs *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->mu);
	j->stop = true;
	pthread_cond_signal(&j->cv);
	pthread_mutex_unlock(&j->mu);
	pthread_join(j->thread, NULL);
	pthread_mutex_destroy(&j->mu);
	pthread_cond_destroy(&j->cv);
	free(j);
}
