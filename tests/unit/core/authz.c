/* Who may do what: the permission table, case by case. */
#include "core/authz.h"
#include "core/roles.h"
#include "test.h"

#include <string.h>

static const struct actor requester = {10, ROLE_REQUESTER, 1};
static const struct actor agent = {11, ROLE_AGENT, 1};
static const struct actor auditor = {12, ROLE_AUDITOR, 1};
static const struct actor admin = {13, ROLE_ADMIN, 1};
static const struct actor nobody = {0, 0, 0};

static void requesters_see_themselves_and_their_organisation(void)
{
	ok(authz_scope(&requester, AUTHZ_READ, "users") == AUTHZ_OWN);
	ok(authz_allows(&requester, AUTHZ_READ, "users", 10, 1));
	ok(!authz_allows(&requester, AUTHZ_READ, "users", 11, 1));
	ok(authz_scope(&requester, AUTHZ_READ, "organisations") == AUTHZ_ORG);
	ok(authz_allows(&requester, AUTHZ_READ, "organisations", 0, 1));
	ok(!authz_allows(&requester, AUTHZ_READ, "organisations", 0, 2));
	ok(authz_scope(&requester, AUTHZ_READ, "groups") == AUTHZ_DENY);
	ok(authz_allows(&requester, AUTHZ_UPDATE, "users", 10, 1));
	ok(!authz_allows(&requester, AUTHZ_UPDATE_ALL, "users", 10, 1));
	ok(authz_scope(&requester, AUTHZ_HISTORY, "users") == AUTHZ_DENY);
}

static void agents_read_but_do_not_administer(void)
{
	ok(authz_scope(&agent, AUTHZ_READ, "users") == AUTHZ_ALL);
	ok(authz_scope(&agent, AUTHZ_READ, "groups") == AUTHZ_ALL);
	ok(authz_scope(&agent, AUTHZ_CREATE, "users") == AUTHZ_DENY);
	ok(authz_scope(&agent, AUTHZ_CREATE, "groups") == AUTHZ_DENY);
	ok(authz_allows(&agent, AUTHZ_CREATE, "tokens", 11, 0));
	ok(!authz_allows(&agent, AUTHZ_CREATE, "tokens", 10, 0));
}

static void auditors_read_everything_and_write_nothing(void)
{
	const char *const all[] = {"users", "groups", "organisations", "tokens"};

	for (int i = 0; i < 4; i++) {
		ok(authz_scope(&auditor, AUTHZ_READ, all[i]) == AUTHZ_ALL);
		ok(authz_scope(&auditor, AUTHZ_CREATE, all[i]) == AUTHZ_DENY);
		ok(authz_scope(&auditor, AUTHZ_UPDATE, all[i]) == AUTHZ_DENY);
		ok(authz_scope(&auditor, AUTHZ_DELETE, all[i]) == AUTHZ_DENY);
	}
	ok(authz_scope(&auditor, AUTHZ_HISTORY, "users") == AUTHZ_ALL);
	/* An auditor who is also an admin is an admin. */
	struct actor both = {14, ROLE_AUDITOR | ROLE_ADMIN, 0};
	ok(authz_scope(&both, AUTHZ_UPDATE_ALL, "users") == AUTHZ_ALL);
}

static void admins_do_everything_and_nobody_nothing(void)
{
	ok(authz_scope(&admin, AUTHZ_UPDATE_ALL, "users") == AUTHZ_ALL);
	ok(authz_scope(&admin, AUTHZ_DELETE, "groups") == AUTHZ_ALL);
	ok(authz_scope(&nobody, AUTHZ_READ, "users") == AUTHZ_DENY);
	ok(authz_scope(&admin, AUTHZ_READ, "no-such-thing") == AUTHZ_DENY);
}

static void roles_have_names(void)
{
	char text[200];

	ok(role_from_name("change_manager") == ROLE_CHANGE_MANAGER);
	ok(role_from_name("wizard") == 0);
	role_set_text(ROLE_AGENT | ROLE_ADMIN, text, sizeof(text));
	ok_msg(!strcmp(text, "agent,admin"), "%s", text);
}

int main(void)
{
	requesters_see_themselves_and_their_organisation();
	agents_read_but_do_not_administer();
	auditors_read_everything_and_write_nothing();
	admins_do_everything_and_nobody_nothing();
	roles_have_names();
	return test_done();
}
