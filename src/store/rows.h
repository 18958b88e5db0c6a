/* Rows into views by a column list: the shape most store reads share.
 * Private to src/store/. */
#ifndef LOKET_ROWS_H
#define LOKET_ROWS_H

#include "store/store.h"

enum col_kind {
	COL_INT,  /* an integer; null stays null */
	COL_TEXT, /* text; null stays null */
	COL_TIME, /* epoch ms as RFC 3339; null stays null */
};

struct col {
	const char *name; /* the member's name, static */
	enum col_kind kind;
};

/* One row of q (columns in the order of cols) as an object. */
struct view *rows_one(struct store *st, struct db_stmt *q, const struct col *cols, int ncols);
/* Steps q to its end, appending each row to '*items' (a new array), then
 * resets q. */
int rows_all(struct store *st, struct db_stmt *q, const struct col *cols, int ncols,
	     struct view **items, struct loket_err *err);

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#endif
