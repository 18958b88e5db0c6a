/* What a database driver implements; db.c dispatches to it. Private to
 * src/store/. */
#ifndef LOKET_DB_DRIVER_H
#define LOKET_DB_DRIVER_H

#include "store/db.h"

struct db_driver {
	const char *name;
	enum db_kind kind;
	const char *begin_sql;	    /* how a write transaction starts */
	const char *begin_read_sql; /* a read-only one, or NULL when not worth it */
	int (*open)(const char *target, int pool, struct db **out, struct loket_err *err);
	void (*close)(struct db *db);
	int (*acquire)(struct db *db, bool write, struct db_conn **out, struct loket_err *err);
	void (*release)(struct db_conn *c);
	int (*exec)(struct db_conn *c, const char *sql, struct loket_err *err);
	int (*prepare)(struct db_conn *c, const char *sql, struct db_stmt **out,
		       struct loket_err *err);
	void (*bind_int)(struct db_stmt *s, int idx, int64_t v);
	void (*bind_text)(struct db_stmt *s, int idx, const char *v);
	void (*bind_null)(struct db_stmt *s, int idx);
	int (*step)(struct db_stmt *s, struct loket_err *err);
	int64_t (*col_int)(struct db_stmt *s, int col);
	const char *(*col_text)(struct db_stmt *s, int col);
	bool (*col_null)(struct db_stmt *s, int col);
	void (*reset)(struct db_stmt *s);
	int64_t (*changes)(struct db_stmt *s);
	int (*backup)(struct db *db, const char *path, struct loket_err *err);
};

/* Every driver's struct db, db_conn and db_stmt start with these. */
struct db_base {
	const struct db_driver *drv;
	enum db_kind kind;
};
struct db_conn_base {
	const struct db_driver *drv;
	int tx_depth; /* 0 none, 1 transaction, 2+ savepoints */
};
struct db_stmt_base {
	const struct db_driver *drv;
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_postgres_driver;

/* A small per-connection cache of prepared statements keyed by SQL text. */
struct db_stmt_cache_entry {
	const char *sql; /* owned copy */
	unsigned long hash;
	void *stmt;
};
struct db_stmt_cache {
	struct db_stmt_cache_entry *slots;
	int nslots, used;
};
void *db_stmt_cache_get(struct db_stmt_cache *c, const char *sql, unsigned long *hash);
void db_stmt_cache_put(struct db_stmt_cache *c, const char *sql, unsigned long hash, void *stmt);
/* Calls fin(stmt) for every entry and frees the cache. */
void db_stmt_cache_release(struct db_stmt_cache *c, void (*fin)(void *stmt));

/* Adds the elapsed time since 'start_ns' to this thread's database time. */
void db_time_add(long long start_ns);
long long db_now_ns(void);

#endif
