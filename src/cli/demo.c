/* The demo organisation: a municipality's IT department serving its own
 * staff and a school under contract. Loaded into an empty database by
 * 'loket serve --demo'. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/roles.h"
#include "store/auth.h"
#include "util/secret.h"

#define DEMO_PASSWORD "loket-demo"

struct demo_user {
	const char *email, *name;
	int64_t roles;
	int org;   /* 1: municipality, 2: school */
	int group; /* 0 none, else index into groups + 1 */
	const char *lang;
};

static const char *const groups[] = {"Service desk", "Network", "Workplace", "Applications"};

static const struct demo_user people[] = {
	{"admin@zuiderveld.example", "Aisha Bakker", ROLE_ADMIN | ROLE_AGENT, 1, 1, "en"},
	{"manager@zuiderveld.example", "Sanne de Vries", ROLE_MANAGER | ROLE_AGENT, 1, 1, "nl"},
	{"agent@zuiderveld.example", "Daan Jansen", ROLE_AGENT, 1, 1, "nl"},
	{"lotte.visser@zuiderveld.example", "Lotte Visser", ROLE_AGENT, 1, 1, "nl"},
	{"ingrid.nilsson@zuiderveld.example", "Ingrid Nilsson", ROLE_AGENT, 1, 1, "sv"},
	{"ole.hansen@zuiderveld.example", "Ole Hansen", ROLE_AGENT, 1, 1, "nb"},
	{"tom.smit@zuiderveld.example", "Tom Smit", ROLE_AGENT, 1, 1, "nl"},
	{"network@zuiderveld.example", "Ruben Mulder", ROLE_AGENT, 1, 2, "nl"},
	{"emma.deboer@zuiderveld.example", "Emma de Boer", ROLE_AGENT, 1, 2, "nl"},
	{"lars.berg@zuiderveld.example", "Lars Berg", ROLE_AGENT | ROLE_CHANGE_MANAGER, 1, 2, "nb"},
	{"workplace@zuiderveld.example", "Fleur Meijer", ROLE_AGENT, 1, 3, "nl"},
	{"sven.lindqvist@zuiderveld.example", "Sven Lindqvist", ROLE_AGENT, 1, 3, "sv"},
	{"noah.bos@zuiderveld.example", "Noah Bos", ROLE_AGENT, 1, 3, "nl"},
	{"apps@zuiderveld.example", "Julia Dekker", ROLE_AGENT | ROLE_PROBLEM_MANAGER, 1, 4, "nl"},
	{"kari.olsen@zuiderveld.example", "Kari Olsen", ROLE_AGENT, 1, 4, "nb"},
	{"milan.peters@zuiderveld.example", "Milan Peters", ROLE_AGENT | ROLE_CONFIGURATION_MANAGER,
	 1, 4, "nl"},
	{"cab@zuiderveld.example", "Petra Hendriks", ROLE_CAB_MEMBER | ROLE_MANAGER, 1, 0, "nl"},
	{"auditor@zuiderveld.example", "Erik Johansson", ROLE_AUDITOR, 1, 0, "sv"},
	{"user@zuiderveld.example", "Anna van Dijk", ROLE_REQUESTER, 1, 0, "nl"},
	{"bram.vanleeuwen@zuiderveld.example", "Bram van Leeuwen", ROLE_REQUESTER, 1, 0, "nl"},
	{"sophie.dejong@zuiderveld.example", "Sophie de Jong", ROLE_REQUESTER, 1, 0, "nl"},
	{"jesper.andersson@zuiderveld.example", "Jesper Andersson", ROLE_REQUESTER, 1, 0, "sv"},
	{"maria.vos@zuiderveld.example", "Maria Vos", ROLE_REQUESTER, 1, 0, "nl"},
	{"thijs.kok@zuiderveld.example", "Thijs Kok", ROLE_REQUESTER, 1, 0, "nl"},
	{"nora.haugen@zuiderveld.example", "Nora Haugen", ROLE_REQUESTER, 1, 0, "nb"},
	{"ruud.bakker@zuiderveld.example", "Ruud Bakker", ROLE_REQUESTER, 1, 0, "nl"},
	{"eva.schouten@zuiderveld.example", "Eva Schouten", ROLE_REQUESTER, 1, 0, "nl"},
	{"karin.willems@zuiderveld.example", "Karin Willems", ROLE_REQUESTER, 1, 0, "nl"},
	{"jan.prins@zuiderveld.example", "Jan Prins", ROLE_REQUESTER, 1, 0, "nl"},
	{"femke.post@zuiderveld.example", "Femke Post", ROLE_REQUESTER, 1, 0, "nl"},
	{"henk.kuipers@zuiderveld.example", "Henk Kuipers", ROLE_REQUESTER, 1, 0, "nl"},
	{"linnea.ek@zuiderveld.example", "Linnea Ek", ROLE_REQUESTER, 1, 0, "sv"},
	{"mark.huisman@zuiderveld.example", "Mark Huisman", ROLE_REQUESTER, 1, 0, "nl"},
	{"sara.brouwer@zuiderveld.example", "Sara Brouwer", ROLE_REQUESTER, 1, 0, "nl"},
	{"teacher@noorderhaven.example", "Joost Verhoeven", ROLE_REQUESTER, 2, 0, "nl"},
	{"ilse.koster@noorderhaven.example", "Ilse Koster", ROLE_REQUESTER, 2, 0, "nl"},
	{"wouter.graaf@noorderhaven.example", "Wouter de Graaf", ROLE_REQUESTER, 2, 0, "nl"},
	{"astrid.lund@noorderhaven.example", "Astrid Lund", ROLE_REQUESTER, 2, 0, "nb"},
	{"pieter.bosman@noorderhaven.example", "Pieter Bosman", ROLE_REQUESTER, 2, 0, "nl"},
	{"mila.vanderberg@noorderhaven.example", "Mila van der Berg", ROLE_REQUESTER, 2, 0, "nl"},
	{"olaf.strand@noorderhaven.example", "Olaf Strand", ROLE_REQUESTER, 2, 0, "nb"},
	{"lisa.hermans@noorderhaven.example", "Lisa Hermans", ROLE_REQUESTER, 2, 0, "nl"},
	{"koen.maas@noorderhaven.example", "Koen Maas", ROLE_REQUESTER, 2, 0, "nl"},
	{"elin.forsberg@noorderhaven.example", "Elin Forsberg", ROLE_REQUESTER, 2, 0, "sv"},
	{"daniel.timmer@noorderhaven.example", "Daniël Timmer", ROLE_REQUESTER, 2, 0, "nl"},
	{"yara.elamrani@noorderhaven.example", "Yara El Amrani", ROLE_REQUESTER, 2, 0, "nl"},
	{"finn.vanes@noorderhaven.example", "Finn van Es", ROLE_REQUESTER, 2, 0, "nl"},
	{"tess.wouters@noorderhaven.example", "Tess Wouters", ROLE_REQUESTER, 2, 0, "nl"},
	{"ict@noorderhaven.example", "Rik Vermeulen", ROLE_REQUESTER, 2, 0, "nl"},
	{"head@noorderhaven.example", "Marloes Dijkstra", ROLE_REQUESTER, 2, 0, "nl"},
};

static int create(struct store *st, const struct record_def *d, struct view *in, int64_t *id,
		  struct loket_err *err)
{
	return store_record_create(st, d, in, id, err);
}

static int org(struct store *st, const char *name, const char *domain, bool share, int64_t *id,
	       struct loket_err *err)
{
	struct view *v = view_obj(st->arena);

	view_set_str(v, "name", name);
	view_set_str(v, "email_domain", domain);
	view_set_bool(v, "share_tickets", share);
	return create(st, &record_organisations, v, id, err);
}

static int group(struct store *st, const char *name, int64_t *id, struct loket_err *err)
{
	struct view *v = view_obj(st->arena);

	view_set_str(v, "name", name);
	view_set_str(v, "description", "");
	return create(st, &record_groups, v, id, err);
}

static int person(struct store *st, const struct demo_user *p, const int64_t *orgs,
		  const int64_t *gids, const char *hash, int64_t manager, struct loket_err *err)
{
	struct view *v = view_obj(st->arena);
	int64_t id;
	int rc;

	view_set_str(v, "email", p->email);
	view_set_str(v, "name", p->name);
	view_set_str(v, "language", p->lang);
	view_set_str(v, "time_zone", "Europe/Amsterdam");
	view_set_int(v, "roles", p->roles);
	view_set_int(v, "organisation_id", orgs[p->org - 1]);
	if (manager)
		view_set_int(v, "manager_id", manager);
	if (p->group) {
		struct view *g = view_arr(st->arena);
		view_push(g, view_int(st->arena, gids[p->group - 1]));
		view_set(v, "group_ids", g);
	}
	if ((rc = create(st, &record_users, v, &id, err)))
		return rc;
	return store_password_set(st, id, hash, err);
}

static int load(struct store *st, struct loket_err *err)
{
	int64_t orgs[2], gids[4];
	char hash[SECRET_PWHASH_LEN];
	int rc;

	/* One hash for every demo account: hashing fifty passwords would make
	 * the first start slow for nothing. */
	if (secret_password_hash(DEMO_PASSWORD, hash))
		return loket_err_set(err, LOKET_EINTERNAL, NULL, "cannot hash the demo password");
	if ((rc = org(st, "Gemeente Zuiderveld", "zuiderveld.example", false, &orgs[0], err)) ||
	    (rc = org(st, "Noorderhaven College", "noorderhaven.example", true, &orgs[1], err)))
		return rc;
	for (int i = 0; i < 4; i++)
		if ((rc = group(st, groups[i], &gids[i], err)))
			return rc;
	/* The first two are the administrator and the service desk manager, who
	 * is everyone else's manager in this small department. */
	for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++)
		if ((rc = person(st, &people[i], orgs, gids, hash, i > 1 ? 2 : 0, err)))
			return rc;
	if ((rc = cli_demo_tickets(st, err)))
		return rc;
	return 0;
}

static void print_logins(void)
{
	printf("Demo logins (password: %s):\n", DEMO_PASSWORD);
	printf("  admin@zuiderveld.example     administrator\n");
	printf("  manager@zuiderveld.example   service desk manager\n");
	printf("  agent@zuiderveld.example     service desk agent\n");
	printf("  network@zuiderveld.example   2nd line, Network\n");
	printf("  auditor@zuiderveld.example   auditor (reads everything)\n");
	printf("  user@zuiderveld.example      requester\n");
	fflush(stdout);
}

int cli_demo_load(struct db *db)
{
	struct store st;
	struct arena arena = ARENA_INIT;
	struct loket_err err = {0};
	struct list_query q = {.limit = 1};
	struct view *items;
	const char *next;
	int rc;

	if (cli_tx_begin(db, &st, &arena))
		return 1;
	st.channel = "system";
	rc = store_record_list(&st, &record_users, &q, &items, &next, &err);
	bool empty = !rc && items->u.list.count == 0;
	if (!rc && empty)
		rc = load(&st, &err);
	rc = cli_tx_end(&st, rc, &err);
	arena_release(&arena);
	if (!rc)
		print_logins();
	return rc;
}
