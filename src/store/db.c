#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db_driver.h"
#include "util/timefmt.h"
#include "util/xalloc.h"

#define DRV(x)	(((struct db_base *)(x))->drv)
#define CDRV(x) (((struct db_conn_base *)(x))->drv)
#define SDRV(x) (((struct db_stmt_base *)(x))->drv)

static _Thread_local long long thread_db_ns;

long long db_now_ns(void)
{
	return time_mono_ns();
}

void db_time_add(long long start_ns)
{
	thread_db_ns += db_now_ns() - start_ns;
}

double db_thread_time_ms(void)
{
	return (double)thread_db_ns / 1e6;
}

static bool has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

int db_open(const char *url, int pool, struct db **out, struct loket_err *err)
{
	if (pool < 1)
		pool = 1;
	if (has_prefix(url, "postgres://") || has_prefix(url, "postgresql://"))
		return db_postgres_driver.open(url, pool, out, err);
	if (has_prefix(url, "sqlite:"))
		url += strlen("sqlite:");
	return db_sqlite_driver.open(url, pool, out, err);
}

void db_close(struct db *db)
{
	if (db)
		DRV(db)->close(db);
}

enum db_kind db_kind(const struct db *db)
{
	return ((const struct db_base *)db)->kind;
}

enum db_kind db_conn_kind(const struct db_conn *c)
{
	return ((const struct db_conn_base *)c)->drv->kind;
}

int db_acquire(struct db *db, bool write, struct db_conn **out, struct loket_err *err)
{
	return DRV(db)->acquire(db, write, out, err);
}

void db_release(struct db_conn *c)
{
	if (!c)
		return;
	while (((struct db_conn_base *)c)->tx_depth > 0)
		db_rollback(c);
	CDRV(c)->release(c);
}

int db_exec(struct db_conn *c, const char *sql, struct loket_err *err)
{
	long long t = db_now_ns();
	int rc = CDRV(c)->exec(c, sql, err);

	db_time_add(t);
	return rc;
}

static int run_tx(struct db_conn *c, const char *sql, struct loket_err *err)
{
	return db_exec(c, sql, err);
}

int db_begin(struct db_conn *c, struct loket_err *err)
{
	struct db_conn_base *b = (struct db_conn_base *)c;
	int rc = run_tx(c, b->drv->begin_sql, err);

	if (!rc)
		b->tx_depth = 1;
	return rc;
}

int db_begin_read(struct db_conn *c, struct loket_err *err)
{
	struct db_conn_base *b = (struct db_conn_base *)c;
	int rc;

	if (!b->drv->begin_read_sql)
		return 0;
	rc = run_tx(c, b->drv->begin_read_sql, err);
	if (!rc)
		b->tx_depth = 1;
	return rc;
}

int db_commit(struct db_conn *c, struct loket_err *err)
{
	struct db_conn_base *b = (struct db_conn_base *)c;
	int rc = run_tx(c, "COMMIT", err);

	if (rc) {
		db_rollback(c);
		return rc;
	}
	b->tx_depth = 0;
	return 0;
}

void db_rollback(struct db_conn *c)
{
	struct db_conn_base *b = (struct db_conn_base *)c;

	if (b->tx_depth > 1) {
		db_savepoint_rollback(c);
		return;
	}
	run_tx(c, "ROLLBACK", NULL);
	b->tx_depth = 0;
}

int db_savepoint(struct db_conn *c, struct loket_err *err)
{
	struct db_conn_base *b = (struct db_conn_base *)c;
	char sql[32];

	snprintf(sql, sizeof(sql), "SAVEPOINT sp%d", b->tx_depth);
	int rc = run_tx(c, sql, err);
	if (!rc)
		b->tx_depth++;
	return rc;
}

int db_savepoint_release(struct db_conn *c, struct loket_err *err)
{
	struct db_conn_base *b = (struct db_conn_base *)c;
	char sql[40];

	snprintf(sql, sizeof(sql), "RELEASE SAVEPOINT sp%d", b->tx_depth - 1);
	int rc = run_tx(c, sql, err);
	if (!rc)
		b->tx_depth--;
	return rc;
}

void db_savepoint_rollback(struct db_conn *c)
{
	struct db_conn_base *b = (struct db_conn_base *)c;
	char sql[80];
	int sp = b->tx_depth - 1;

	snprintf(sql, sizeof(sql), "ROLLBACK TO SAVEPOINT sp%d; RELEASE SAVEPOINT sp%d", sp, sp);
	run_tx(c, sql, NULL);
	b->tx_depth--;
}

int db_prepare(struct db_conn *c, const char *sql, struct db_stmt **out, struct loket_err *err)
{
	long long t = db_now_ns();
	int rc = CDRV(c)->prepare(c, sql, out, err);

	db_time_add(t);
	return rc;
}

void db_bind_int(struct db_stmt *s, int idx, int64_t v)
{
	SDRV(s)->bind_int(s, idx, v);
}

void db_bind_text(struct db_stmt *s, int idx, const char *v)
{
	if (v)
		SDRV(s)->bind_text(s, idx, v);
	else
		SDRV(s)->bind_null(s, idx);
}

void db_bind_null(struct db_stmt *s, int idx)
{
	SDRV(s)->bind_null(s, idx);
}

int db_step(struct db_stmt *s, struct loket_err *err)
{
	long long t = db_now_ns();
	int rc = SDRV(s)->step(s, err);

	db_time_add(t);
	return rc;
}

int64_t db_col_int(struct db_stmt *s, int col)
{
	return SDRV(s)->col_int(s, col);
}

const char *db_col_text(struct db_stmt *s, int col)
{
	return SDRV(s)->col_text(s, col);
}

bool db_col_null(struct db_stmt *s, int col)
{
	return SDRV(s)->col_null(s, col);
}

void db_reset(struct db_stmt *s)
{
	if (s)
		SDRV(s)->reset(s);
}

int64_t db_changes(struct db_stmt *s)
{
	return SDRV(s)->changes(s);
}

int db_backup(struct db *db, const char *path, struct loket_err *err)
{
	return DRV(db)->backup(db, path, err);
}

/* FNV-1a: statements are short and few; this is plenty. */
static unsigned long hash_text(const char *s)
{
	unsigned long h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void *db_stmt_cache_get(struct db_stmt_cache *c, const char *sql, unsigned long *hash)
{
	*hash = hash_text(sql);
	if (!c->nslots)
		return NULL;
	for (int i = (int)(*hash % (unsigned long)c->nslots);; i = (i + 1) % c->nslots) {
		struct db_stmt_cache_entry *e = &c->slots[i];
		if (!e->sql)
			return NULL;
		if (e->hash == *hash && !strcmp(e->sql, sql))
			return e->stmt;
	}
}

static void cache_insert(struct db_stmt_cache *c, struct db_stmt_cache_entry e)
{
	for (int i = (int)(e.hash % (unsigned long)c->nslots);; i = (i + 1) % c->nslots) {
		if (!c->slots[i].sql) {
			c->slots[i] = e;
			c->used++;
			return;
		}
	}
}

void db_stmt_cache_put(struct db_stmt_cache *c, const char *sql, unsigned long hash, void *stmt)
{
	/* Keep the table at most half full; it only grows (the set of
	 * statements is bounded by the code). */
	if ((c->used + 1) * 2 > c->nslots) {
		struct db_stmt_cache old = *c;
		c->nslots = old.nslots ? old.nslots * 2 : 64;
		c->slots = xcalloc((size_t)c->nslots, sizeof(*c->slots));
		c->used = 0;
		for (int i = 0; i < old.nslots; i++)
			if (old.slots[i].sql)
				cache_insert(c, old.slots[i]);
		free(old.slots);
	}
	cache_insert(c, (struct db_stmt_cache_entry){xstrdup(sql), hash, stmt});
}

void db_stmt_cache_release(struct db_stmt_cache *c, void (*fin)(void *stmt))
{
	for (int i = 0; i < c->nslots; i++) {
		if (c->slots[i].sql) {
			fin(c->slots[i].stmt);
			free((void *)c->slots[i].sql);
		}
	}
	free(c->slots);
	memset(c, 0, sizeof(*c));
}
