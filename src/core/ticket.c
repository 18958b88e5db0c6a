#include "core/ticket.h"

#include <stdio.h>
#include <string.h>

static const char *const state_names[TKT_NSTATES] = {
	"new", "assigned", "in_progress", "pending", "resolved", "closed", "cancelled",
};

const char *const tkt_types[] = {"incident", "request", NULL};
const char *const tkt_channels[] = {"portal", "email", "phone", "api", "walk_in", NULL};
const char *const tkt_pending_reasons[] = {"awaiting_requester", "awaiting_supplier",
					   "awaiting_change", "awaiting_approval", NULL};
const char *const tkt_resolution_codes[] = {"fixed",
					    "workaround",
					    "request_fulfilled",
					    "duplicate",
					    "not_reproducible",
					    "no_action_needed",
					    "user_error",
					    NULL};

/* moves[from] is the set of states a ticket may go to. A resolved ticket
 * goes back to work when reopened; closed and cancelled are final. */
static const unsigned moves[TKT_NSTATES] = {
	[TKT_NEW] = 1u << TKT_ASSIGNED | 1u << TKT_IN_PROGRESS | 1u << TKT_PENDING |
		    1u << TKT_RESOLVED | 1u << TKT_CANCELLED,
	[TKT_ASSIGNED] = 1u << TKT_NEW | 1u << TKT_IN_PROGRESS | 1u << TKT_PENDING |
			 1u << TKT_RESOLVED | 1u << TKT_CANCELLED,
	[TKT_IN_PROGRESS] =
		1u << TKT_ASSIGNED | 1u << TKT_PENDING | 1u << TKT_RESOLVED | 1u << TKT_CANCELLED,
	[TKT_PENDING] = 1u << TKT_ASSIGNED | 1u << TKT_IN_PROGRESS | 1u << TKT_RESOLVED |
			1u << TKT_CANCELLED,
	[TKT_RESOLVED] = 1u << TKT_IN_PROGRESS | 1u << TKT_CLOSED,
	[TKT_CLOSED] = 0,
	[TKT_CANCELLED] = 0,
};

const char *tkt_state_name(enum tkt_state s)
{
	return s < TKT_NSTATES ? state_names[s] : NULL;
}

int tkt_state_from_name(const char *name)
{
	for (int i = 0; i < TKT_NSTATES; i++)
		if (!strcmp(state_names[i], name))
			return i;
	return -1;
}

bool tkt_may_move(enum tkt_state from, enum tkt_state to)
{
	return from < TKT_NSTATES && to < TKT_NSTATES && (moves[from] & (1u << to));
}

void tkt_moves_text(enum tkt_state from, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	for (int i = 0; i < TKT_NSTATES && n < len; i++)
		if (tkt_may_move(from, (enum tkt_state)i))
			n += (size_t)snprintf(out + n, len - n, "%s%s", n ? ", " : "",
					      state_names[i]);
	if (!n)
		snprintf(out, len, "none: the ticket is %s", state_names[from]);
}

bool tkt_is_open(enum tkt_state s)
{
	return s != TKT_RESOLVED && s != TKT_CLOSED && s != TKT_CANCELLED;
}

bool tkt_open_name(const char *state)
{
	int s = state ? tkt_state_from_name(state) : -1;

	return s >= 0 && tkt_is_open((enum tkt_state)s);
}

/* (1,1)->1; (1,2),(2,1)->2; (1,3),(2,2),(3,1)->3; (2,3),(3,2)->4; (3,3)->5 */
const struct tkt_matrix tkt_default_matrix = {{{1, 2, 3}, {2, 3, 4}, {3, 4, 5}}};

int tkt_priority_in(const struct tkt_matrix *m, int impact, int urgency)
{
	if (impact < 1 || impact > 3 || urgency < 1 || urgency > 3)
		return 0;
	return m->p[impact - 1][urgency - 1];
}

int tkt_priority(int impact, int urgency)
{
	return tkt_priority_in(&tkt_default_matrix, impact, urgency);
}

bool tkt_matrix_valid(const struct tkt_matrix *m)
{
	for (int i = 0; i < 3; i++)
		for (int k = 0; k < 3; k++)
			if (m->p[i][k] < 1 || m->p[i][k] > 5)
				return false;
	return true;
}

const char *tkt_prefix(const char *type)
{
	return type && !strcmp(type, "request") ? "REQ" : "INC";
}
