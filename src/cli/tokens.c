/* loket token create|list|revoke */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/auth.h"
#include "util/secret.h"

static const char usage[] =
	"usage: loket token create --user ADDRESS [--name NAME]\n"
	"       loket token list [--user ADDRESS]\n"
	"       loket token revoke --id ID\n"
	"Each also takes --data DIR or --db URL (and --config FILE).\n"
	"create prints the token as the last word of its output; it is shown once.\n";

struct token_args {
	const char *user, *name, *id;
};

static int user_id(struct store *st, const char *email, int64_t *id, struct loket_err *err)
{
	int rc = store_user_id_by_email(st, email, id, err);

	if (rc == LOKET_ENOTFOUND)
		loket_err_set(err, rc, "user", "there is no user with the address %s", email);
	return rc;
}

static int create(struct store *st, const struct token_args *a, struct loket_err *err)
{
	char token[SECRET_TOKEN_LEN], hash[SECRET_HASH_LEN];
	int64_t uid, id;
	int rc;

	if (!a->user)
		return loket_err_set(err, LOKET_EINVAL, "user", "give the token's --user ADDRESS");
	if ((rc = user_id(st, a->user, &uid, err)))
		return rc;
	secret_token("lkt_", token);
	secret_hash(token, hash);
	rc = store_token_create(st, uid, a->name ? a->name : "cli", hash, &id, err);
	if (!rc)
		printf("token %lld for %s: %s\n", (long long)id, a->user, token);
	return rc;
}

static int list(struct store *st, const struct token_args *a, struct loket_err *err)
{
	int64_t uid = 0;
	struct view *items;
	int rc = a->user ? user_id(st, a->user, &uid, err) : 0;

	if (!rc)
		rc = store_token_list(st, uid, &items, err);
	if (rc)
		return rc;
	printf("%-6s %-32s %-20s %-22s %s\n", "ID", "USER", "NAME", "CREATED", "REVOKED");
	for (struct view_item *it = items->u.list.head; it; it = it->next) {
		const char *rev = view_get_str(it->val, "revoked_at");
		printf("%-6lld %-32s %-20s %-22s %s\n", (long long)view_get(it->val, "id")->u.i,
		       view_get_str(it->val, "user_email"), view_get_str(it->val, "name"),
		       view_get_str(it->val, "created_at"), rev ? rev : "-");
	}
	return 0;
}

static int revoke(struct store *st, const struct token_args *a, struct loket_err *err)
{
	char *end;
	long long id = a->id ? strtoll(a->id, &end, 10) : 0;
	int64_t owner;

	if (!a->id || *end || id <= 0)
		return loket_err_set(err, LOKET_EINVAL, "id", "give the token's --id (a number)");
	int rc = store_token_owner(st, id, &owner, err);
	if (!rc)
		rc = store_token_revoke(st, id, err);
	if (!rc)
		printf("revoked token %lld\n", id);
	return rc;
}

int cli_token(int argc, char **argv)
{
	struct token_args a = {0};
	const struct cli_flag flags[] = {
		{"user", true, &a.user}, {"name", true, &a.name}, {"id", true, &a.id}, {0}};
	struct config cfg;
	struct db *db = NULL;
	struct store st;
	struct arena arena = ARENA_INIT;
	struct loket_err err = {0};
	int rest, rc;

	if (!argc || cli_wants_help(argc, argv)) {
		fputs(usage, argc ? stdout : stderr);
		return argc ? 0 : 2;
	}
	const char *sub = argv[0];
	if (strcmp(sub, "create") && strcmp(sub, "list") && strcmp(sub, "revoke")) {
		fprintf(stderr, "loket: unknown token command '%s' (create, list, revoke)\n", sub);
		return 2;
	}
	config_init(&cfg);
	if ((rc = cli_flags(argc - 1, argv + 1, flags, &rest)) ||
	    config_load(&cfg, rest, argv + 1, cli_storage_settings)) {
		config_release(&cfg);
		return 2;
	}
	rc = cli_open_db(&cfg, rest, argv + 1, &db);
	if (!rc && !(rc = cli_tx_begin(db, &st, &arena))) {
		if (!strcmp(sub, "create"))
			rc = create(&st, &a, &err);
		else if (!strcmp(sub, "list"))
			rc = list(&st, &a, &err);
		else
			rc = revoke(&st, &a, &err);
		rc = cli_tx_end(&st, rc, &err);
	}
	arena_release(&arena);
	db_close(db);
	config_release(&cfg);
	return rc;
}
