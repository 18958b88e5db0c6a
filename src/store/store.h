/* The store: the domain's storage functions over the db driver. Handlers
 * call these and never see SQL. Every function takes the request's store
 * context, which carries its connection, its arena (results live there),
 * its time and who acts through which channel (for the audit journal). */
#ifndef LOKET_STORE_H
#define LOKET_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/record.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/view.h"

struct store {
	struct db_conn *conn;
	struct arena *arena;
	int64_t now;	       /* epoch ms: the time of the request */
	int64_t actor_id;      /* 0: the system */
	const char *channel;   /* web, api, cli, mail, system */
	const char *files_dir; /* the data folder, where SQLite keeps attachments */
};

/* Applies the migrations this binary carries that the database lacks, in
 * one transaction. Refuses a database whose schema is newer than the binary
 * knows. '*applied' (may be NULL) gets how many ran. */
int store_migrate(struct db *db, int *applied, struct loket_err *err);
/* The schema version of the database (0 when new). */
int store_schema_version(struct store *st, int *version, struct loket_err *err);

/* --- records (records.c): any record type described in core/record.h --- */

enum { STORE_MAX_FILTERS = 32 };

struct list_query {
	const struct field_def *sort; /* NULL: by id */
	bool desc;
	int limit;
	const char *cursor; /* from a previous page's next, or NULL */
	const char *q;	    /* text filter over FF_SEARCH fields, or NULL */
	struct {
		const struct field_def *field;
		struct view *value; /* storage form; VIEW_NULL means IS NULL */
	} filters[STORE_MAX_FILTERS];
	int nfilters;
	int64_t owner_id; /* >0: only records the owner_field of which is this */
	int64_t org_id;	  /* >0: only records the org_field of which is this; <0: none */
	bool public_only; /* full-text: leave internal text (work notes) out */
	bool relevance;	  /* full-text: best matches first (one page) */
};

/* One record as the API shows it. 'version' (may be NULL) gets its version
 * for the ETag; 'storage' (may be NULL) gets the values as stored. */
int store_record_get(struct store *st, const struct record_def *d, int64_t id, struct view **out,
		     int64_t *version, struct view **storage, struct loket_err *err);
/* A page of records; '*next' is the cursor of the next page or NULL. */
int store_record_list(struct store *st, const struct record_def *d, const struct list_query *q,
		      struct view **items, const char **next, struct loket_err *err);
/* How many records a list would have over all its pages. */
int store_record_count(struct store *st, const struct record_def *d, const struct list_query *q,
		       int64_t *count, struct loket_err *err);
/* Creates a record from storage-form values (see api/decode.h) and journals
 * it; '*id' gets the new id. */
int store_record_create(struct store *st, const struct record_def *d, const struct view *in,
			int64_t *id, struct loket_err *err);
/* Changes the given fields when the record is still at 'if_version' (0:
 * any). Unchanged values are not journaled. */
int store_record_update(struct store *st, const struct record_def *d, int64_t id,
			int64_t if_version, const struct view *changes, struct loket_err *err);
int store_record_delete(struct store *st, const struct record_def *d, int64_t id,
			int64_t if_version, struct loket_err *err);
/* The value of an integer column of a record (for permission checks). */
int store_record_int(struct store *st, const struct record_def *d, int64_t id, const char *field,
		     int64_t *out, struct loket_err *err);

/* --- audit journal (audit.c) --- */

/* Appends one journal row; old/new may be NULL. */
int store_audit_append(struct store *st, const char *resource, int64_t record_id,
		       const char *action, const char *field, const char *old_value,
		       const char *new_value, struct loket_err *err);
/* The journal of one record, oldest first, as API items. */
int store_audit_list(struct store *st, const char *resource, int64_t record_id, struct view **items,
		     struct loket_err *err);

#endif
