/* The PostgreSQL driver: a pool of libpq connections, any of which may
 * write (the server does the locking). Statements are prepared on the server
 * once per connection; values travel as text, results come back as text. */
#include <inttypes.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/db_driver.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* The type oid of boolean (catalog/pg_type_d.h is in the server headers). */
enum { PG_BOOLOID = 16 };

struct pg_conn {
	struct db_conn_base base;
	struct pg_db *db;
	PGconn *h;
	struct db_stmt_cache cache;
	int nstmts; /* names the server-side statements s1, s2, ... */
	bool in_use;
};

struct db_stmt {
	struct db_stmt_base base;
	struct pg_conn *conn;
	char name[16];
	int nparams;
	char **values; /* bound values as text, NULL for SQL NULL */
	PGresult *res; /* the rows of the current run */
	int row;
	int64_t changes;
};

struct pg_db {
	struct db_base base;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct pg_conn *conns;
	int nconns;
};

/* libpq prints notices (NOTICE, WARNING) on stderr by default: "there is no
 * transaction in progress" after a failed COMMIT, "table does not exist,
 * skipping" in migrations. None of them is an error the caller must see. */
static void quiet(void *arg, const char *message)
{
}

/* libpq's messages run over several lines ("...failed: Connection
 * refused\n\tIs the server running...?"); one line reads better in a log.
 * Any 'secret' (the password) is masked wherever it appears. */
static void clean(char *dst, size_t n, const char *msg, const char *secret)
{
	struct buf b = BUF_INIT(n);
	size_t slen = secret ? strlen(secret) : 0;
	bool space = false;

	for (const char *p = msg ? msg : ""; *p; p++) {
		if (slen && !strncmp(p, secret, slen)) {
			buf_add_raw(&b, "***");
			p += slen - 1;
			space = false;
		} else if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			space = true;
		} else {
			if (space && b.len)
				buf_add_char(&b, ' ');
			buf_add_char(&b, *p);
			space = false;
		}
	}
	snprintf(dst, n, "%s", buf_str(&b));
	buf_release(&b);
}

static bool is(const char *state, const char *code)
{
	return !strcmp(state, code);
}

static int code_for(const char *state, PGconn *h)
{
	if (!state)
		return PQstatus(h) == CONNECTION_BAD ? LOKET_EUNAVAILABLE : LOKET_EDB;
	if (is(state, "23505") || is(state, "23503"))
		return LOKET_ECONFLICT;
	/* Serialization failure, deadlock, lock not available: worth a retry. */
	if (is(state, "40001") || is(state, "40P01") || is(state, "55P03"))
		return LOKET_EUNAVAILABLE;
	/* The connection broke or the server is going down (restart, failover):
	 * the next acquire reconnects. */
	if (!strncmp(state, "08", 2) || is(state, "57P01") || is(state, "57P02") ||
	    is(state, "57P03"))
		return LOKET_EUNAVAILABLE;
	return LOKET_EDB;
}

/* The primary message alone, without "ERROR:" and the DETAIL lines (which
 * quote row values): "statement failed: duplicate key value violates unique
 * constraint ...", the shape SQLite's messages have. */
static int fail(struct loket_err *err, struct pg_conn *c, const PGresult *r, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char text[200];

	if (!msg && r && *PQresultErrorMessage(r))
		msg = PQresultErrorMessage(r);
	if (!msg)
		msg = PQerrorMessage(c->h);
	clean(text, sizeof(text), msg, NULL);
	return loket_err_set(err, code_for(state, c->h), NULL, "%s: %s", what, text);
}

/* libpq's complaint about a URL it cannot parse with the quoted token masked:
 * "invalid percent-encoded token: "s3cret%zz"" may quote the password. One
 * quoted character ("=", "]") is kept, it names the syntax. */
static void mask_quoted(char *dst, size_t n, const char *msg)
{
	struct buf b = BUF_INIT(n);
	const char *end;

	for (const char *p = msg; *p; p++) {
		if (*p == '"' && (end = strchr(p + 1, '"'))) {
			if (end - p > 2)
				buf_add_raw(&b, "\"***\"");
			else
				buf_add(&b, p, (size_t)(end - p) + 1);
			p = end;
		} else {
			buf_add_char(&b, *p);
		}
	}
	snprintf(dst, n, "%s", buf_str(&b));
	buf_release(&b);
}

/* Finds the password in 'url' so that no message shows it. */
static int url_secret(const char *url, char **secret, struct loket_err *err)
{
	char *perr = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, &perr);
	char why[200];

	*secret = NULL;
	if (!opts) {
		clean(why, sizeof(why), perr ? perr : "out of memory", NULL);
		PQfreemem(perr);
		char masked[200];
		mask_quoted(masked, sizeof(masked), why);
		return loket_err_set(err, LOKET_EDB, NULL, "the PostgreSQL URL is not valid: %s",
				     masked);
	}
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (!strcmp(o->keyword, "password") && o->val && *o->val)
			*secret = xstrdup(o->val);
	PQconninfoFree(opts);
	return 0;
}

/* client_encoding after the URL so that it wins: the store speaks UTF-8. A
 * connect timeout before it so that the URL may change it; without one an
 * unreachable host hangs start-up for minutes. Both survive PQreset(). */
static int conn_open(struct pg_db *db, struct pg_conn *c, const char *url, const char *secret,
		     struct loket_err *err)
{
	static const char *const keys[] = {"connect_timeout", "fallback_application_name", "dbname",
					   "client_encoding", NULL};
	const char *const vals[] = {"10", "loket", url, "UTF8", NULL};
	char why[200];

	c->base.drv = &db_postgres_driver;
	c->db = db;
	c->h = PQconnectdbParams(keys, vals, 1);
	if (!c->h)
		return loket_err_set(err, LOKET_EDB, NULL, "cannot connect to PostgreSQL: %s",
				     "out of memory");
	if (PQstatus(c->h) != CONNECTION_OK) {
		clean(why, sizeof(why), PQerrorMessage(c->h), secret);
		return loket_err_set(err, LOKET_EDB, NULL, "cannot connect to PostgreSQL: %s", why);
	}
	PQsetNoticeProcessor(c->h, quiet, NULL);
	return 0;
}

static void stmt_clear(struct db_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	for (int i = 0; i < s->nparams; i++) {
		free(s->values[i]);
		s->values[i] = NULL;
	}
}

static void stmt_free(void *p)
{
	struct db_stmt *s = p;

	stmt_clear(s);
	free(s->values);
	free(s);
}

static void conn_close(struct pg_conn *c)
{
	if (!c->h)
		return;
	/* The server forgets the prepared statements with the session. */
	db_stmt_cache_release(&c->cache, stmt_free);
	PQfinish(c->h);
	c->h = NULL;
}

static void pg_close(struct db *d)
{
	struct pg_db *db = (struct pg_db *)d;

	for (int i = 0; i < db->nconns; i++)
		conn_close(&db->conns[i]);
	free(db->conns);
	pthread_mutex_destroy(&db->mu);
	pthread_cond_destroy(&db->cv);
	free(db);
}

static int pg_open(const char *url, int pool, struct db **out, struct loket_err *err)
{
	char *secret;
	int rc = url_secret(url, &secret, err);

	if (rc)
		return rc;
	struct pg_db *db = xcalloc(1, sizeof(*db));
	db->base.drv = &db_postgres_driver;
	db->base.kind = DB_POSTGRES;
	pthread_mutex_init(&db->mu, NULL);
	pthread_cond_init(&db->cv, NULL);
	db->conns = xcalloc((size_t)pool, sizeof(*db->conns));
	db->nconns = pool;
	/* Eagerly: a wrong URL or a server that is down shows at start-up. */
	for (int i = 0; !rc && i < pool; i++)
		rc = conn_open(db, &db->conns[i], url, secret, err);
	free(secret);
	if (rc) {
		pg_close((struct db *)db);
		return rc;
	}
	*out = (struct db *)db;
	return 0;
}

static struct pg_conn *free_conn(struct pg_db *db)
{
	for (int i = 0; i < db->nconns; i++)
		if (!db->conns[i].in_use)
			return &db->conns[i];
	return NULL;
}

/* The server went away (restart, failover, a killed backend): connect
 * again. Its prepared statements died with the old session. */
static int conn_revive(struct pg_conn *c, struct loket_err *err)
{
	char why[200];

	db_stmt_cache_release(&c->cache, stmt_free);
	c->nstmts = 0;
	c->base.tx_depth = 0;
	PQreset(c->h);
	if (PQstatus(c->h) == CONNECTION_OK)
		return 0;
	clean(why, sizeof(why), PQerrorMessage(c->h), NULL);
	return loket_err_set(err, LOKET_EUNAVAILABLE, NULL, "cannot reconnect to PostgreSQL: %s",
			     why);
}

static void pg_release(struct db_conn *conn)
{
	struct pg_conn *c = (struct pg_conn *)conn;
	PGTransactionStatusType ts = PQtransactionStatus(c->h);

	/* A transaction left open would keep its locks while the connection
	 * waits in the pool. */
	if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR)
		PQclear(PQexec(c->h, "ROLLBACK"));
	pthread_mutex_lock(&c->db->mu);
	c->in_use = false;
	pthread_cond_signal(&c->db->cv);
	pthread_mutex_unlock(&c->db->mu);
}

/* All connections are alike, so 'write' does not matter. */
static int pg_acquire(struct db *d, bool write, struct db_conn **out, struct loket_err *err)
{
	struct pg_db *db = (struct pg_db *)d;
	struct pg_conn *c;

	pthread_mutex_lock(&db->mu);
	while (!(c = free_conn(db)))
		pthread_cond_wait(&db->cv, &db->mu);
	c->in_use = true;
	pthread_mutex_unlock(&db->mu);
	if (PQstatus(c->h) != CONNECTION_OK) {
		int rc = conn_revive(c, err);
		if (rc) {
			pg_release((struct db_conn *)c);
			return rc;
		}
	}
	*out = (struct db_conn *)c;
	return 0;
}

static int pg_exec(struct db_conn *conn, const char *sql, struct loket_err *err)
{
	struct pg_conn *c = (struct pg_conn *)conn;
	PGresult *r = PQexec(c->h, sql);
	ExecStatusType st = PQresultStatus(r);
	int rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
		rc = fail(err, c, r, "statement failed");
	/* After an error the server refuses every statement up to the end of the
	 * transaction, and then answers COMMIT with ROLLBACK, successfully.
	 * Whoever committed must learn that nothing was. */
	else if (!strcasecmp(sql, "COMMIT") && !strcmp(PQcmdStatus(r), "ROLLBACK"))
		rc = loket_err_set(err, LOKET_EDB, NULL,
				   "the transaction was rolled back: a statement in it failed");
	PQclear(r);
	return rc;
}

static struct db_stmt *stmt_new(struct pg_conn *c, const char *name, int nparams)
{
	struct db_stmt *s = xcalloc(1, sizeof(*s));

	s->base.drv = &db_postgres_driver;
	s->conn = c;
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->nparams = nparams;
	s->values = xcalloc((size_t)nparams + 1, sizeof(*s->values));
	s->row = -1;
	return s;
}

static int prepare_new(struct pg_conn *c, const char *sql, struct db_stmt **out,
		       struct loket_err *err)
{
	char name[16];
	int rc = 0;

	snprintf(name, sizeof(name), "s%d", ++c->nstmts);
	PGresult *r = PQprepare(c->h, name, sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = fail(err, c, r, "cannot prepare a statement");
		goto out;
	}
	PQclear(r);
	/* The number of parameters, so that the unbound ones go as NULL as in
	 * SQLite rather than failing the statement. */
	r = PQdescribePrepared(c->h, name);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = fail(err, c, r, "cannot prepare a statement");
		goto out;
	}
	*out = stmt_new(c, name, PQnparams(r));
out:
	PQclear(r);
	return rc;
}

static int pg_prepare(struct db_conn *conn, const char *sql, struct db_stmt **out,
		      struct loket_err *err)
{
	struct pg_conn *c = (struct pg_conn *)conn;
	unsigned long hash;
	struct db_stmt *s = db_stmt_cache_get(&c->cache, sql, &hash);

	if (s) {
		/* Rows left over by a caller that did not reset would otherwise
		 * come out of this caller's first step. */
		stmt_clear(s);
		*out = s;
		return 0;
	}
	int rc = prepare_new(c, sql, &s, err);
	if (rc)
		return rc;
	db_stmt_cache_put(&c->cache, sql, hash, s);
	*out = s;
	return 0;
}

/* Like SQLite, a parameter number out of range is ignored. */
static void set_param(struct db_stmt *s, int idx, char *v)
{
	if (idx < 1 || idx > s->nparams) {
		free(v);
		return;
	}
	free(s->values[idx - 1]);
	s->values[idx - 1] = v;
}

static void pg_bind_int(struct db_stmt *s, int idx, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%" PRId64, v);
	set_param(s, idx, xstrdup(num));
}

static void pg_bind_text(struct db_stmt *s, int idx, const char *v)
{
	set_param(s, idx, xstrdup(v));
}

static void pg_bind_null(struct db_stmt *s, int idx)
{
	set_param(s, idx, NULL);
}

static int run(struct db_stmt *s, struct loket_err *err)
{
	PGresult *r = PQexecPrepared(s->conn->h, s->name, s->nparams,
				     (const char *const *)s->values, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		int rc = fail(err, s->conn, r, "statement failed");
		PQclear(r);
		return rc;
	}
	s->res = r;
	s->row = -1;
	s->changes = strtoll(PQcmdTuples(r), NULL, 10);
	return 0;
}

/* The whole result arrives with the first step; the later steps walk it. */
static int pg_step(struct db_stmt *s, struct loket_err *err)
{
	if (!s->res) {
		int rc = run(s, err);
		if (rc)
			return rc;
	}
	if (++s->row < PQntuples(s->res))
		return DB_ROW;
	/* Done: a further step runs the statement again, as in SQLite. */
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	return DB_DONE;
}

/* The value at 'col' of the current row as text; NULL for SQL NULL or no
 * such value. Booleans (comparisons, EXISTS) read as 1/0, as in SQLite. */
static const char *cell(struct db_stmt *s, int col)
{
	if (!s->res || s->row < 0 || s->row >= PQntuples(s->res) || col < 0 ||
	    col >= PQnfields(s->res) || PQgetisnull(s->res, s->row, col))
		return NULL;
	const char *v = PQgetvalue(s->res, s->row, col);
	if (PQftype(s->res, col) == PG_BOOLOID)
		return *v == 't' ? "1" : "0";
	return v;
}

static int64_t pg_col_int(struct db_stmt *s, int col)
{
	const char *v = cell(s, col);

	return v ? strtoll(v, NULL, 10) : 0;
}

static const char *pg_col_text(struct db_stmt *s, int col)
{
	return cell(s, col);
}

static bool pg_col_null(struct db_stmt *s, int col)
{
	return !cell(s, col);
}

static void pg_reset(struct db_stmt *s)
{
	stmt_clear(s);
}

static int64_t pg_changes(struct db_stmt *s)
{
	return s->changes;
}

static int pg_backup(struct db *d, const char *path, struct loket_err *err)
{
	return loket_err_set(err, LOKET_EINVAL, NULL,
			     "a PostgreSQL database is backed up with pg_dump; see docs/admin.md");
}

const struct db_driver db_postgres_driver = {
	.name = "postgres",
	.kind = DB_POSTGRES,
	.begin_sql = "BEGIN",
	.open = pg_open,
	.close = pg_close,
	.acquire = pg_acquire,
	.release = pg_release,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_null = pg_col_null,
	.reset = pg_reset,
	.changes = pg_changes,
	.backup = pg_backup,
};
