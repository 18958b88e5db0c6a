#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/embed.h"
#include "util/timefmt.h"

static const char *prefix(struct db *db)
{
	return db_kind(db) == DB_POSTGRES ? "store/migrations/postgres/"
					  : "store/migrations/sqlite/";
}

/* Migration files are named NNN_what.sql; embed lists them sorted. */
static int file_version(const struct embedded_file *f, const char *pre)
{
	if (strncmp(f->name, pre, strlen(pre)))
		return 0;
	return atoi(f->name + strlen(pre));
}

static int known_version(struct db *db)
{
	int max = 0;

	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		int v = file_version(f, prefix(db));
		if (v > max)
			max = v;
	}
	return max;
}

int store_schema_version(struct store *st, int *version, struct loket_err *err)
{
	static const char sql[] = "SELECT coalesce(max(version), 0) FROM schema_migrations";
	struct db_stmt *q;
	int rc = db_prepare(st->conn, sql, &q, err);

	if (rc)
		return rc;
	rc = db_step(q, err);
	if (rc == DB_ROW) {
		*version = (int)db_col_int(q, 0);
		rc = 0;
	}
	db_reset(q);
	return rc;
}

static int apply(struct db_conn *c, const struct embedded_file *f, int version,
		 struct loket_err *err)
{
	static const char sql[] =
		"INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)";
	struct db_stmt *q;
	int rc = db_exec(c, (const char *)f->data, err);

	if (rc) {
		if (err)
			snprintf(err->message + strlen(err->message),
				 sizeof(err->message) - strlen(err->message), " (in %s)", f->name);
		return rc;
	}
	if ((rc = db_prepare(c, sql, &q, err)))
		return rc;
	db_bind_int(q, 1, version);
	db_bind_int(q, 2, time_now_ms());
	rc = db_step(q, err);
	db_reset(q);
	return rc < 0 ? rc : 0;
}

static int migrate_locked(struct db *db, struct store *st, int *applied, struct loket_err *err)
{
	int current = 0, known = known_version(db), rc;

	if ((rc = store_schema_version(st, &current, err)))
		return rc;
	if (current > known)
		return loket_err_set(
			err, LOKET_ECONFLICT, NULL,
			"the database schema is version %d, newer than this loket knows"
			" (%d): run a newer loket",
			current, known);
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		int v = file_version(f, prefix(db));
		if (v <= current)
			continue;
		if ((rc = apply(st->conn, f, v, err)))
			return rc;
		if (applied)
			(*applied)++;
	}
	return 0;
}

int store_migrate(struct db *db, int *applied, struct loket_err *err)
{
	struct store st = {0};
	int rc;

	if (applied)
		*applied = 0;
	if ((rc = db_acquire(db, true, &st.conn, err)))
		return rc;
	rc = db_exec(st.conn,
		     "CREATE TABLE IF NOT EXISTS schema_migrations ("
		     "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)",
		     err);
	if (!rc)
		rc = db_begin(st.conn, err);
	/* Nodes sharing one PostgreSQL may start together: one migrates, the
	 * others wait here and then find nothing left to do. */
	if (!rc && db_kind(db) == DB_POSTGRES)
		rc = db_exec(st.conn, "LOCK TABLE schema_migrations IN EXCLUSIVE MODE", err);
	if (!rc)
		rc = migrate_locked(db, &st, applied, err);
	if (!rc)
		rc = db_commit(st.conn, err);
	db_release(st.conn);
	return rc;
}
