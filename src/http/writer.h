/* Group commit: one thread runs every request that writes. It takes all
 * that are waiting, runs each in its own savepoint of one transaction,
 * commits once, and only then answers them all. A durable commit costs the
 * same for one request as for a hundred; a request that fails rolls back
 * to its savepoint alone. */
#ifndef LOKET_WRITER_H
#define LOKET_WRITER_H

#include "http/http.h"

struct writer;

/* Starts the thread; stop it with writer_stop(). */
struct writer *writer_start(struct app *app);
/* Hands over a request whose connection is suspended; the writer resumes it
 * when its answer is ready. */
void writer_submit(struct writer *w, struct http_req *r);
/* Finishes what is queued, then stops and frees (NULL is fine). */
void writer_stop(struct writer *w);

/* Provided by http/server.c for the writer: run one request inside the
 * writer's transaction; mark it failed when the commit failed; resume its
 * connection with its answer. */
void http_write_one(struct http_req *r, struct db_conn *c);
void http_write_failed(struct http_req *r, int rc, const struct loket_err *err);
void http_write_done(struct http_req *r);

#endif
