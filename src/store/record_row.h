/* Row helpers shared by records.c and list.c; private to src/store/. */
#ifndef LOKET_RECORD_ROW_H
#define LOKET_RECORD_ROW_H

#include "store/store.h"
#include "util/buf.h"

/* "id, email, ..., version": every column of the record, version last. */
void rec_add_columns(struct buf *b, const struct record_def *d);
/* A row selected with rec_add_columns() in storage form. */
struct view *rec_read_row(struct store *st, const struct record_def *d, struct db_stmt *q,
			  int64_t *version);
/* Adds the FT_LINKS fields (other tables) to a row. */
int rec_add_links(struct store *st, const struct record_def *d, struct view *row,
		  struct loket_err *err);
/* Storage form to what the API shows. */
struct view *rec_api_view(struct store *st, const struct record_def *d, const struct view *row);

#endif
