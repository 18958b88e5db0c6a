/* Who may do what: the one function that decides every permission. */
#ifndef LOKET_AUTHZ_H
#define LOKET_AUTHZ_H

#include <stdbool.h>
#include <stdint.h>

/* The person (or program, through their token) behind a request. */
struct actor {
	int64_t user_id; /* 0: nobody is signed in */
	int64_t roles;	 /* enum role bits */
	int64_t org_id;	 /* 0: none */
	bool org_shares; /* their organisation lets its people see each other's tickets */
};

enum authz_action {
	AUTHZ_READ, /* read one record or list them */
	AUTHZ_CREATE,
	AUTHZ_UPDATE,	  /* change the ordinary fields */
	AUTHZ_UPDATE_ALL, /* change any field, roles and memberships included */
	AUTHZ_DELETE,
	AUTHZ_HISTORY, /* read the audit journal */
};

/* How far a permission reaches. */
enum authz_scope {
	AUTHZ_DENY,
	AUTHZ_OWN, /* only records that are the actor's own */
	AUTHZ_ORG, /* only the actor's organisation's records */
	AUTHZ_ALL,
};

/* What the actor may do with records of 'resource' ("users", "groups",
 * "organisations", "tokens", ...). Lists are filtered to the scope; a single
 * record is checked against it with authz_allows(). */
enum authz_scope authz_scope(const struct actor *a, enum authz_action act, const char *resource);

/* True when the actor may do 'act' on one record whose owner (the user it
 * is or belongs to) and organisation are given (0 when it has none). */
/* True for IT staff (every role but requester), who see work notes. */
bool authz_is_staff(const struct actor *a);

bool authz_allows(const struct actor *a, enum authz_action act, const char *resource,
		  int64_t owner_id, int64_t org_id);

#endif
