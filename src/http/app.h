/* What lives as long as the server: settings, the database, metrics. */
#ifndef LOKET_APP_H
#define LOKET_APP_H

#include "store/db.h"
#include "util/config.h"

struct metrics;
struct writer;

struct app {
	const struct config *cfg;
	struct db *db;
	struct metrics *metrics;
	struct writer *writer; /* the thread that runs every write */
	long long started_ns;
};

/* Serves until SIGINT or SIGTERM, then stops accepting, lets the requests
 * in flight finish, and returns 0 (or -1 when it could not start). */
int http_serve(struct app *app);

#endif
