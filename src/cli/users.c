/* loket user add|list|passwd|disable */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"
#include "cli/cli.h"
#include "core/roles.h"
#include "store/auth.h"
#include "util/secret.h"

static const char usage[] =
	"usage: loket user add --email ADDRESS --name NAME [--role ROLE[,ROLE...]]\n"
	"                      [--language en|nl|nb|sv] [--time-zone ZONE] [--password-stdin]\n"
	"       loket user list\n"
	"       loket user passwd --email ADDRESS (reads the password from standard input)\n"
	"       loket user disable --email ADDRESS\n"
	"Each also takes --data DIR or --db URL (and --config FILE).\n";

struct user_args {
	const char *email, *name, *role, *language, *tz, *pw_stdin;
};

static json_t *roles_json(const char *list)
{
	json_t *arr = json_array();
	char *copy = strdup(list), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		json_array_append_new(arr, json_string(t));
	free(copy);
	return arr;
}

/* A password read from standard input (never from the command line, where
 * ps would show it), hashed and stored. */
static int password_from_stdin(struct store *st, int64_t id, struct loket_err *err)
{
	char *pw = cli_read_stdin_line();
	char hash[SECRET_PWHASH_LEN];
	int rc;

	if (!pw || strlen(pw) < 8)
		rc = loket_err_set(
			err, LOKET_EINVAL, "password",
			"the password on standard input must have at least 8 characters");
	else if (secret_password_hash(pw, hash))
		rc = loket_err_set(err, LOKET_EINTERNAL, NULL, "cannot hash the password");
	else
		rc = store_password_set(st, id, hash, err);
	free(pw);
	return rc;
}

/* The same validation as the API: build the JSON a client would send. */
static int add(struct store *st, const struct user_args *a, struct loket_err *err)
{
	json_t *obj = json_object();
	struct view *in;
	int64_t id;
	int rc;

	json_object_set_new(obj, "email", a->email ? json_string(a->email) : json_null());
	json_object_set_new(obj, "name", a->name ? json_string(a->name) : json_null());
	json_object_set_new(obj, "roles", roles_json(a->role ? a->role : "requester"));
	if (a->language)
		json_object_set_new(obj, "language", json_string(a->language));
	if (a->tz)
		json_object_set_new(obj, "time_zone", json_string(a->tz));
	rc = api_decode_record(&record_users, obj, true, st->arena, &in, err);
	json_decref(obj);
	if (!rc)
		rc = store_record_create(st, &record_users, in, &id, err);
	if (!rc && a->pw_stdin)
		rc = password_from_stdin(st, id, err);
	if (!rc)
		printf("added user %lld <%s>\n", (long long)id, view_get_str(in, "email"));
	return rc;
}

static int list(struct store *st, struct loket_err *err)
{
	struct list_query q = {.limit = 200};
	struct view *items;
	const char *next;
	int rc;

	printf("%-6s %-32s %-28s %-6s %s\n", "ID", "EMAIL", "NAME", "ACTIVE", "ROLES");
	do {
		if ((rc = store_record_list(st, &record_users, &q, &items, &next, err)))
			return rc;
		for (struct view_item *it = items->u.list.head; it; it = it->next) {
			struct buf roles = BUF_INIT(0);
			for (struct view_item *r = view_get(it->val, "roles")->u.list.head; r;
			     r = r->next)
				buf_add_fmt(&roles, "%s%s", roles.len ? "," : "", r->val->u.str.s);
			printf("%-6lld %-32s %-28s %-6s %s\n",
			       (long long)view_get(it->val, "id")->u.i,
			       view_get_str(it->val, "email"), view_get_str(it->val, "name"),
			       view_get(it->val, "active")->u.b ? "yes" : "no", buf_str(&roles));
			buf_release(&roles);
		}
		q.cursor = next;
	} while (next);
	return 0;
}

static int find(struct store *st, const char *email, int64_t *id, struct loket_err *err)
{
	if (!email)
		return loket_err_set(err, LOKET_EINVAL, "email", "give the user's --email");
	int rc = store_user_id_by_email(st, email, id, err);
	if (rc == LOKET_ENOTFOUND)
		loket_err_set(err, rc, "email", "there is no user with the address %s", email);
	return rc;
}

static int passwd(struct store *st, const char *email, struct loket_err *err)
{
	int64_t id;
	int rc = find(st, email, &id, err);

	if (!rc)
		rc = password_from_stdin(st, id, err);
	if (!rc)
		printf("password set for %s\n", email);
	return rc;
}

static int disable(struct store *st, const char *email, struct loket_err *err)
{
	int64_t id;
	int rc = find(st, email, &id, err);

	if (rc)
		return rc;
	struct view *ch = view_obj(st->arena);
	view_set_bool(ch, "active", false);
	rc = store_record_update(st, &record_users, id, 0, ch, err);
	if (!rc)
		printf("disabled %s\n", email);
	return rc;
}

static int run(const char *sub, struct db *db, const struct user_args *a)
{
	struct store st;
	struct arena arena = ARENA_INIT;
	struct loket_err err = {0};
	int rc;

	if (cli_tx_begin(db, &st, &arena))
		return 1;
	if (!strcmp(sub, "add"))
		rc = add(&st, a, &err);
	else if (!strcmp(sub, "list"))
		rc = list(&st, &err);
	else if (!strcmp(sub, "passwd"))
		rc = passwd(&st, a->email, &err);
	else
		rc = disable(&st, a->email, &err);
	rc = cli_tx_end(&st, rc, &err);
	arena_release(&arena);
	return rc;
}

int cli_user(int argc, char **argv)
{
	struct user_args a = {0};
	const struct cli_flag flags[] = {{"email", true, &a.email},
					 {"name", true, &a.name},
					 {"role", true, &a.role},
					 {"language", true, &a.language},
					 {"time-zone", true, &a.tz},
					 {"password-stdin", false, &a.pw_stdin},
					 {0}};
	struct config cfg;
	struct db *db = NULL;
	int rest, rc;

	if (!argc || cli_wants_help(argc, argv)) {
		fputs(usage, argc ? stdout : stderr);
		return argc ? 0 : 2;
	}
	const char *sub = argv[0];
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "passwd") &&
	    strcmp(sub, "disable")) {
		fprintf(stderr, "loket: unknown user command '%s' (add, list, passwd, disable)\n",
			sub);
		return 2;
	}
	config_init(&cfg);
	if ((rc = cli_flags(argc - 1, argv + 1, flags, &rest)) ||
	    config_load(&cfg, rest, argv + 1, cli_storage_settings)) {
		config_release(&cfg);
		return 2;
	}
	rc = cli_open_db(&cfg, rest, argv + 1, &db);
	if (!rc)
		rc = run(sub, db, &a);
	db_close(db);
	config_release(&cfg);
	return rc;
}
