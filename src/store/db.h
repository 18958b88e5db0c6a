/* The database driver interface under the store: connections, prepared
 * statements, transactions. Two drivers: SQLite (db_sqlite.c) and
 * PostgreSQL (db_postgres.c). Only the store uses this header; handlers see
 * store functions, never SQL.
 *
 * Statements are written once with $1..$N placeholders in the portable SQL
 * subset both engines share; a driver translates what it must. Values are
 * int64, text (UTF-8) or NULL; booleans are 0/1; times are int64 epoch ms. */
#ifndef LOKET_DB_H
#define LOKET_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

struct db;	/* a database: its pool of connections; thread-safe */
struct db_conn; /* one connection, used by one thread at a time */
struct db_stmt; /* a prepared statement, owned by its connection */

enum db_kind { DB_SQLITE, DB_POSTGRES };

enum { DB_DONE = 0, DB_ROW = 1 };

/* Opens 'url': "postgres://..." or "postgresql://..." selects PostgreSQL,
 * anything else is a SQLite file path ("sqlite:" prefix optional).
 * 'pool' is the number of connections for concurrent requests (one per
 * worker thread). Free with db_close(). */
int db_open(const char *url, int pool, struct db **out, struct loket_err *err);
void db_close(struct db *db); /* NULL is fine */
enum db_kind db_kind(const struct db *db);
/* The kind of database a connection talks to. */
enum db_kind db_conn_kind(const struct db_conn *c);

/* Takes a connection from the pool, waiting for one if all are in use.
 * 'write' asks for a connection that may write (SQLite has one writer).
 * Give it back with db_release(); an open transaction is rolled back then. */
int db_acquire(struct db *db, bool write, struct db_conn **out, struct loket_err *err);
void db_release(struct db_conn *c);

/* A write transaction (SQLite: BEGIN IMMEDIATE). */
int db_begin(struct db_conn *c, struct loket_err *err);
/* A read transaction where the driver gains by one (SQLite: a single
 * snapshot and one lock for all of a request's reads); end it with
 * db_commit() or db_rollback(). */
int db_begin_read(struct db_conn *c, struct loket_err *err);
int db_commit(struct db_conn *c, struct loket_err *err);
void db_rollback(struct db_conn *c);
/* A savepoint inside the transaction; release or roll back to it. */
int db_savepoint(struct db_conn *c, struct loket_err *err);
int db_savepoint_release(struct db_conn *c, struct loket_err *err);
void db_savepoint_rollback(struct db_conn *c);

/* Runs SQL text with no parameters, possibly several statements
 * (migrations). */
int db_exec(struct db_conn *c, const char *sql, struct loket_err *err);

/* Prepares 'sql' on this connection, or returns the one prepared before
 * (cached by text). The statement is the connection's; call db_reset()
 * when done with its rows. */
int db_prepare(struct db_conn *c, const char *sql, struct db_stmt **out, struct loket_err *err);
/* Parameters are numbered from 1. Text is copied. NULL text binds NULL. */
void db_bind_int(struct db_stmt *s, int idx, int64_t v);
void db_bind_text(struct db_stmt *s, int idx, const char *v);
void db_bind_null(struct db_stmt *s, int idx);
/* Runs or advances: DB_ROW, DB_DONE, or a negative code (a unique or
 * foreign-key violation is LOKET_ECONFLICT; anything else LOKET_EDB). */
int db_step(struct db_stmt *s, struct loket_err *err);
/* Columns are numbered from 0; valid until the next db_step()/db_reset(). */
int64_t db_col_int(struct db_stmt *s, int col);
const char *db_col_text(struct db_stmt *s, int col); /* NULL for SQL NULL */
bool db_col_null(struct db_stmt *s, int col);
/* Clears bindings and results so that the statement can run again. */
void db_reset(struct db_stmt *s);
/* Rows changed by the last INSERT/UPDATE/DELETE run on s. */
int64_t db_changes(struct db_stmt *s);

/* Milliseconds spent inside the database by this thread so far. */
double db_thread_time_ms(void);

/* SQLite only: online backup into a new file at 'path'. */
int db_backup(struct db *db, const char *path, struct loket_err *err);

#endif
