#include "http/writer.h"

#include <pthread.h>
#include <stdlib.h>

#include "http/app.h"
#include "util/xalloc.h"

/* A batch is bounded so that the first request of a long queue is not kept
 * waiting behind thousands. */
enum { BATCH_MAX = 256 };

struct writer {
	struct app *app;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct http_req *head, *tail;
	bool stop;
};

static struct http_req *take_batch(struct writer *w)
{
	struct http_req *batch, *last;
	int n = 1;

	pthread_mutex_lock(&w->mu);
	while (!w->head && !w->stop)
		pthread_cond_wait(&w->cv, &w->mu);
	batch = last = w->head;
	while (last && last->next_queued && n < BATCH_MAX) {
		last = last->next_queued;
		n++;
	}
	if (last) {
		w->head = last->next_queued;
		if (!w->head)
			w->tail = NULL;
		last->next_queued = NULL;
	}
	pthread_mutex_unlock(&w->mu);
	return batch;
}

static void finish(struct http_req *batch, int rc, const struct loket_err *err)
{
	while (batch) {
		struct http_req *next = batch->next_queued;
		if (rc)
			http_write_failed(batch, rc, err);
		http_write_done(batch); /* the request may be gone after this */
		batch = next;
	}
}

static void run_batch(struct writer *w, struct http_req *batch)
{
	struct loket_err err = {0};
	struct db_conn *c = NULL;
	int rc = db_acquire(w->app->db, true, &c, &err);

	if (!rc)
		rc = db_begin(c, &err);
	for (struct http_req *r = batch; !rc && r; r = r->next_queued)
		http_write_one(r, c);
	if (!rc)
		rc = db_commit(c, &err);
	db_release(c);
	finish(batch, rc, &err);
}

static void *loop(void *arg)
{
	struct writer *w = arg;
	struct http_req *batch;

	while ((batch = take_batch(w)))
		run_batch(w, batch);
	return NULL;
}

struct writer *writer_start(struct app *app)
{
	struct writer *w = xcalloc(1, sizeof(*w));

	w->app = app;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (pthread_create(&w->thread, NULL, loop, w))
		abort();
	return w;
}

void writer_submit(struct writer *w, struct http_req *r)
{
	r->next_queued = NULL;
	pthread_mutex_lock(&w->mu);
	if (w->tail)
		w->tail->next_queued = r;
	else
		w->head = r;
	w->tail = r;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

void writer_stop(struct writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
}
