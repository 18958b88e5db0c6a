/* Storage that tickets need beyond the generic records: human numbers, the
 * conversation, escalations, and the full-text index. */
#ifndef LOKET_STORE_TICKETS_H
#define LOKET_STORE_TICKETS_H

#include "store/store.h"
#include "util/buf.h"

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

/* Link kinds: duplicate_of, caused_by, related_to, parent_of, or their
 * inverses (duplicated_by, causes, child_of): '*stored' gets the stored
 * kind and '*reverse' whether the link runs the other way. LOKET_EINVAL
 * for anything else. */
int store_link_kind(const char *name, const char **stored, bool *reverse);
/* How the other ticket reads a stored kind ("duplicated_by"). */
const char *store_link_inverse(const char *kind);
/* Links 'from' to 'to' ("from duplicate_of to"). A ticket has at most one
 * parent and is never its own ancestor (409); a link made twice is 409. */
int store_link_add(struct store *st, int64_t from, const char *kind, int64_t to, int64_t *id,
		   struct loket_err *err);
/* A ticket's links in both directions, each in the ticket's own words. */
int store_link_list(struct store *st, int64_t ticket, struct view **items, struct loket_err *err);
/* One link of a ticket (404 when it is not one of its links). */
int store_link_get(struct store *st, int64_t ticket, int64_t link, struct view **out,
		   struct loket_err *err);
int store_link_delete(struct store *st, int64_t link, struct loket_err *err);

/* The SQL condition "id IN (tickets whose text has the word $n)" for a
 * list's ?q=, for this connection's database; 'public_only' leaves work
 * notes out. A ticket matches when every word is somewhere in its text
 * (title, description or any comment). */
const char *store_search_condition(struct store *st, bool public_only);
/* Splits the user's text into at most 'max' words as the database's
 * full-text query wants each (from the arena); returns how many. */
int store_search_words(struct store *st, const char *q, const char **words, int max);

/* The SQL of a CTE body scoring the tickets of a CTE "cand" for relevance
 * (columns ticket_id, s), appended to sql; see tickets.c for parameters. */
void store_rank_sql(struct store *st, struct buf *sql, bool public_only, int first, int n);
/* Whether a lower score is the better match. */
bool store_rank_ascending(struct store *st);

#endif
