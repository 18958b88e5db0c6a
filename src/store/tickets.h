/* Storage that tickets need beyond the generic records: human numbers, the
 * conversation, escalations, and the full-text index. */
#ifndef LOKET_STORE_TICKETS_H
#define LOKET_STORE_TICKETS_H

#include "store/store.h"

/* The next number for a prefix ("INC" gives "INC-1000"), from the arena. */
int store_ticket_number(struct store *st, const char *prefix, const char **out,
			struct loket_err *err);
/* The id of the ticket with this number; LOKET_ENOTFOUND when none. */
int store_ticket_by_number(struct store *st, const char *number, int64_t *id,
			   struct loket_err *err);
/* Puts a ticket's own text (number, title, description) in the search index,
 * replacing what was there. */
int store_ticket_index(struct store *st, int64_t id, const char *number, const char *title,
		       const char *description, struct loket_err *err);

/* Adds a reply ("public") or work note ("internal") and indexes it. */
int store_comment_add(struct store *st, int64_t ticket, int64_t author, const char *visibility,
		      const char *body, int64_t *id, struct loket_err *err);
/* The conversation, oldest first; work notes only when 'internal'. */
int store_comment_list(struct store *st, int64_t ticket, bool internal, struct view **items,
		       struct loket_err *err);
int store_escalation_add(struct store *st, int64_t ticket, const char *kind, int64_t from_group,
			 int64_t to_group, int64_t to_user, const char *reason,
			 struct loket_err *err);
int store_escalation_list(struct store *st, int64_t ticket, struct view **items,
			  struct loket_err *err);

/* The SQL condition "id IN (tickets whose text has the word $n)" for a
 * list's ?q=, for this connection's database; 'public_only' leaves work
 * notes out. A ticket matches when every word is somewhere in its text
 * (title, description or any comment). */
const char *store_search_condition(struct store *st, bool public_only);
/* Splits the user's text into at most 'max' words as the database's
 * full-text query wants each (from the arena); returns how many. */
int store_search_words(struct store *st, const char *q, const char **words, int max);

#endif
