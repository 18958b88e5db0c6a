#include "core/authz.h"

#include <string.h>

#include "core/roles.h"

/* Everyone who works in IT rather than only asks it for help. */
static const int64_t STAFF = ROLE_AGENT | ROLE_MANAGER | ROLE_CHANGE_MANAGER | ROLE_CAB_MEMBER |
			     ROLE_PROBLEM_MANAGER | ROLE_CONFIGURATION_MANAGER | ROLE_AUDITOR |
			     ROLE_ADMIN;

static bool has(const struct actor *a, int64_t roles)
{
	return (a->roles & roles) != 0;
}

static bool writes(enum authz_action act)
{
	return act != AUTHZ_READ && act != AUTHZ_HISTORY;
}

/* Accounts: staff see everyone; a requester sees themself. People may edit
 * their own profile; only admins create accounts or change roles. */
static enum authz_scope users(const struct actor *a, enum authz_action act)
{
	switch (act) {
	case AUTHZ_READ: return has(a, STAFF) ? AUTHZ_ALL : AUTHZ_OWN;
	case AUTHZ_UPDATE: return has(a, ROLE_ADMIN) ? AUTHZ_ALL : AUTHZ_OWN;
	default: return has(a, ROLE_ADMIN) ? AUTHZ_ALL : AUTHZ_DENY;
	}
}

/* Organisations: a requester may see their own; staff see all. */
static enum authz_scope organisations(const struct actor *a, enum authz_action act)
{
	if (act == AUTHZ_READ)
		return has(a, STAFF) ? AUTHZ_ALL : AUTHZ_ORG;
	return has(a, ROLE_ADMIN) ? AUTHZ_ALL : AUTHZ_DENY;
}

static enum authz_scope groups(const struct actor *a, enum authz_action act)
{
	if (act == AUTHZ_READ)
		return has(a, STAFF) ? AUTHZ_ALL : AUTHZ_DENY;
	return has(a, ROLE_ADMIN) ? AUTHZ_ALL : AUTHZ_DENY;
}

/* API tokens: your own; an admin manages everyone's. */
static enum authz_scope tokens(const struct actor *a, enum authz_action act)
{
	return has(a, ROLE_ADMIN) ? AUTHZ_ALL : AUTHZ_OWN;
}

/* Tickets: IT staff work on all of them; a requester reads and raises their
 * own, and reads their organisation's where it shares them (the handlers
 * decide which fields and moves a requester may change). */
static enum authz_scope tickets(const struct actor *a, enum authz_action act)
{
	if (has(a, STAFF & ~ROLE_AUDITOR) ||
	    ((act == AUTHZ_READ || act == AUTHZ_HISTORY) && has(a, ROLE_AUDITOR)))
		return AUTHZ_ALL;
	if (act == AUTHZ_UPDATE_ALL || act == AUTHZ_DELETE || act == AUTHZ_HISTORY)
		return AUTHZ_DENY;
	if (act == AUTHZ_READ && a->org_shares && a->org_id)
		return AUTHZ_ORG;
	return AUTHZ_OWN;
}

/* Categories: everyone reads them (to pick one); admins keep the tree. */
static enum authz_scope categories(const struct actor *a, enum authz_action act)
{
	if (act == AUTHZ_READ)
		return AUTHZ_ALL;
	return has(a, ROLE_ADMIN) ? AUTHZ_ALL : AUTHZ_DENY;
}

enum authz_scope authz_scope(const struct actor *a, enum authz_action act, const char *resource)
{
	if (!a || !a->user_id)
		return AUTHZ_DENY;
	/* An auditor reads everything and writes nothing, unless they also
	 * hold a role that writes. */
	if (writes(act) && has(a, ROLE_AUDITOR) && !has(a, STAFF & ~ROLE_AUDITOR))
		return AUTHZ_DENY;
	if (!strcmp(resource, "tickets"))
		return tickets(a, act);
	if (act == AUTHZ_HISTORY)
		return has(a, ROLE_AUDITOR | ROLE_ADMIN | ROLE_MANAGER) ? AUTHZ_ALL : AUTHZ_DENY;
	if (act == AUTHZ_READ && has(a, ROLE_AUDITOR))
		return AUTHZ_ALL;
	if (!strcmp(resource, "users"))
		return users(a, act);
	if (!strcmp(resource, "organisations"))
		return organisations(a, act);
	if (!strcmp(resource, "groups"))
		return groups(a, act);
	if (!strcmp(resource, "tokens"))
		return tokens(a, act);
	if (!strcmp(resource, "categories"))
		return categories(a, act);
	if (!strcmp(resource, "catalog_items")) /* everyone reads the catalogue */
		return categories(a, act);
	if (!strcmp(resource, "tasks")) /* fulfilment is the desk's work */
		return has(a, STAFF & ~ROLE_AUDITOR) || (act == AUTHZ_READ && has(a, ROLE_AUDITOR))
			       ? AUTHZ_ALL
			       : AUTHZ_DENY;
	if (!strcmp(resource, "settings")) /* everyone reads them; admins change them */
		return categories(a, act);
	if (!strcmp(resource, "queues")) /* saved lists: one's own */
		return has(a, ROLE_ADMIN) ? AUTHZ_ALL : AUTHZ_OWN;
	return AUTHZ_DENY;
}

bool authz_allows(const struct actor *a, enum authz_action act, const char *resource,
		  int64_t owner_id, int64_t org_id)
{
	switch (authz_scope(a, act, resource)) {
	case AUTHZ_ALL: return true;
	case AUTHZ_OWN: return owner_id && owner_id == a->user_id;
	case AUTHZ_ORG: return org_id && org_id == a->org_id;
	default: return false;
	}
}

bool authz_is_staff(const struct actor *a)
{
	return a && has(a, STAFF);
}
