#include "store/rows.h"

#include "util/timefmt.h"

static struct view *cell(struct store *st, struct db_stmt *q, int i, enum col_kind kind)
{
	char at[TIME_RFC3339_LEN];

	if (db_col_null(q, i))
		return view_null(st->arena);
	switch (kind) {
	case COL_INT: return view_int(st->arena, db_col_int(q, i));
	case COL_TIME: time_rfc3339(db_col_int(q, i), at); return view_str(st->arena, at);
	default: return view_str(st->arena, db_col_text(q, i));
	}
}

struct view *rows_one(struct store *st, struct db_stmt *q, const struct col *cols, int ncols)
{
	struct view *v = view_obj(st->arena);

	for (int i = 0; i < ncols; i++)
		view_append(v, cols[i].name, cell(st, q, i, cols[i].kind));
	return v;
}

int rows_all(struct store *st, struct db_stmt *q, const struct col *cols, int ncols,
	     struct view **items, struct loket_err *err)
{
	int rc;

	*items = view_arr(st->arena);
	while ((rc = db_step(q, err)) == DB_ROW)
		view_push(*items, rows_one(st, q, cols, ncols));
	db_reset(q);
	return rc < 0 ? rc : 0;
}
