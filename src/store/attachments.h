/* Files attached to tickets, kept once per content (SHA-256): as files
 * under the data folder with SQLite, in a bytea table with PostgreSQL. */
#ifndef LOKET_STORE_ATTACHMENTS_H
#define LOKET_STORE_ATTACHMENTS_H

#include "store/store.h"

struct attachment {
	const char *filename, *content_type, *visibility;
	const void *data;
	size_t size;
	int64_t comment_id; /* the reply or note it belongs to, 0 when none */
};

/* Keeps the bytes and records the attachment; '*id' gets its id. */
int store_attachment_add(struct store *st, int64_t ticket, const struct attachment *a, int64_t *id,
			 struct loket_err *err);
/* A ticket's attachments, oldest first; internal ones only when asked. */
int store_attachment_list(struct store *st, int64_t ticket, bool internal, struct view **items,
			  struct loket_err *err);
/* One attachment's record (ticket_id, filename, content_type, size,
 * sha256, visibility, ...). */
int store_attachment_get(struct store *st, int64_t id, struct view **out, struct loket_err *err);
/* The visibility of a ticket's comment ("public" or "internal"), from the
 * arena; LOKET_ENOTFOUND when the ticket has no such comment. */
int store_comment_visibility(struct store *st, int64_t ticket, int64_t comment,
			     const char **visibility, struct loket_err *err);
/* Its bytes, from the arena. */
int store_attachment_data(struct store *st, const char *sha256, size_t size, const void **data,
			  struct loket_err *err);

#endif
