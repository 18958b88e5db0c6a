/* Storage for service requests made from the catalogue: the form's values,
 * approvals and fulfilment tasks. */
#ifndef LOKET_STORE_CATALOG_H
#define LOKET_STORE_CATALOG_H

#include "store/store.h"

/* Keeps what was asked for (the item and the values as JSON text). */
int store_request_save(struct store *st, int64_t ticket, int64_t item, const char *values,
		       struct loket_err *err);
/* The item and values of a request ticket; LOKET_ENOTFOUND for a ticket
 * that did not come from the catalogue. */
int store_request_get(struct store *st, int64_t ticket, struct view **out, struct loket_err *err);

int store_approval_add(struct store *st, int64_t ticket, int64_t approver, struct loket_err *err);
int store_approval_list(struct store *st, int64_t ticket, struct view **items,
			struct loket_err *err);
/* Records a decision ("approved" or "rejected") on an undecided approval;
 * LOKET_ECONFLICT when it was decided already. */
int store_approval_decide(struct store *st, int64_t ticket, int64_t approval, int64_t approver,
			  const char *decision, const char *comment, struct loket_err *err);
/* True (1) when the user is asked to approve the ticket, 0 when not. */
int store_is_approver(struct store *st, int64_t ticket, int64_t user, struct loket_err *err);
/* The approvals a user has still to give, oldest first, with their
 * tickets' number and title. */
int store_approvals_waiting(struct store *st, int64_t user, struct view **items,
			    struct loket_err *err);
/* How many approvals of a ticket are still undecided, and rejected. */
int store_approval_count(struct store *st, int64_t ticket, int64_t *open, int64_t *rejected,
			 struct loket_err *err);
/* Open and done tasks of a ticket. */
int store_task_count(struct store *st, int64_t ticket, int64_t *open, int64_t *done,
		     struct loket_err *err);

#endif
