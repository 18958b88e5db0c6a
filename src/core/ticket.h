/* The rules of incidents and service requests: the lifecycle, the priority
 * matrix, what resolving and pending need. Pure: no I/O, no clock. */
#ifndef LOKET_TICKET_H
#define LOKET_TICKET_H

#include <stdbool.h>
#include <stddef.h>

enum tkt_state {
	TKT_NEW,
	TKT_ASSIGNED,
	TKT_IN_PROGRESS,
	TKT_PENDING,
	TKT_RESOLVED,
	TKT_CLOSED,
	TKT_CANCELLED,
	TKT_NSTATES
};

/* The API name of a state ("in_progress"), and back (-1 when unknown). */
const char *tkt_state_name(enum tkt_state s);
int tkt_state_from_name(const char *name);

/* True when a ticket may go from one state to the other. */
bool tkt_may_move(enum tkt_state from, enum tkt_state to);
/* The states a ticket may go to from 'from', as "a, b, c" into out. */
void tkt_moves_text(enum tkt_state from, char *out, size_t len);
/* Resolved, closed and cancelled tickets are no longer worked on. */
bool tkt_is_open(enum tkt_state s);
/* The same by state name; false for an unknown name. */
bool tkt_open_name(const char *state);

/* The priority matrix: p[impact - 1][urgency - 1], each 1 (high) to 3
 * (low), gives a priority 1 (highest) to 5. Administrators may set their
 * own; the default is the usual ITIL one. */
struct tkt_matrix {
	int p[3][3];
};
extern const struct tkt_matrix tkt_default_matrix;

/* Priority by matrix m; 0 when impact or urgency is out of range. */
int tkt_priority_in(const struct tkt_matrix *m, int impact, int urgency);
/* By the default matrix. */
int tkt_priority(int impact, int urgency);
/* True when every cell is a priority 1 to 5. */
bool tkt_matrix_valid(const struct tkt_matrix *m);

/* Allowed values of the enumerated ticket fields, NULL-terminated. */
extern const char *const tkt_types[];		 /* incident, request */
extern const char *const tkt_channels[];	 /* portal, email, phone, api, walk_in */
extern const char *const tkt_pending_reasons[];	 /* awaiting_requester, ... */
extern const char *const tkt_resolution_codes[]; /* fixed, workaround, ... */

/* The human number's prefix for a type: "INC" or "REQ". */
const char *tkt_prefix(const char *type);

#endif
