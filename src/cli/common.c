/* What the subcommands share: flags, opening the database, transactions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "util/timefmt.h"
#include "util/xalloc.h"

const char *const cli_storage_settings[] = {"data", "db", NULL};

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

static const struct cli_flag *find_flag(const struct cli_flag *flags, const char *arg,
					const char **inline_value)
{
	if (strncmp(arg, "--", 2))
		return NULL;
	arg += 2;
	for (; flags && flags->name; flags++) {
		size_t n = strlen(flags->name);
		if (strncmp(arg, flags->name, n))
			continue;
		if (!arg[n]) {
			*inline_value = NULL;
			return flags;
		}
		if (arg[n] == '=' && flags->takes_value) {
			*inline_value = arg + n + 1;
			return flags;
		}
	}
	return NULL;
}

int cli_flags(int argc, char **argv, const struct cli_flag *flags, int *rest)
{
	int kept = 0;

	for (int i = 0; i < argc; i++) {
		const char *inl;
		const struct cli_flag *f = find_flag(flags, argv[i], &inl);
		if (!f) {
			argv[kept++] = argv[i];
			continue;
		}
		if (!f->takes_value) {
			*f->value = "1";
		} else if (inl) {
			*f->value = inl;
		} else if (i + 1 < argc) {
			*f->value = argv[++i];
		} else {
			fprintf(stderr, "loket: --%s needs a value\n", f->name);
			return 2;
		}
	}
	*rest = kept;
	return 0;
}

static int make_dir(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0750) && errno != EEXIST)
			goto fail;
		*s = '/';
	}
	if (mkdir(p, 0750) && errno != EEXIST)
		goto fail;
	free(p);
	return 0;
fail:
	fprintf(stderr, "loket: cannot create the folder %s: %s\n", p, strerror(errno));
	free(p);
	return -1;
}

int cli_open_db(struct config *cfg, int argc, char **argv, struct db **db)
{
	struct loket_err err = {0};
	char *url = config_db_url(cfg);
	int applied = 0, rc = 1;

	(void)argc, (void)argv;
	if (!(cfg->db && *cfg->db) && make_dir(cfg->data))
		goto out;
	if (db_open(url, cfg->threads, db, &err)) {
		fprintf(stderr, "loket: %s\n", err.message);
		goto out;
	}
	if (store_migrate(*db, &applied, &err)) {
		fprintf(stderr, "loket: %s\n", err.message);
		db_close(*db);
		*db = NULL;
		goto out;
	}
	if (applied)
		fprintf(stderr, "loket: applied %d migration%s\n", applied,
			applied == 1 ? "" : "s");
	rc = 0;
out:
	free(url);
	return rc;
}

int cli_tx_begin(struct db *db, struct store *st, struct arena *a)
{
	struct loket_err err = {0};

	memset(st, 0, sizeof(*st));
	st->arena = a;
	st->now = time_now_ms();
	st->channel = "cli";
	if (db_acquire(db, true, &st->conn, &err) || db_begin(st->conn, &err)) {
		fprintf(stderr, "loket: %s\n", err.message);
		db_release(st->conn);
		return 1;
	}
	return 0;
}

int cli_tx_end(struct store *st, int rc, struct loket_err *err)
{
	if (!rc)
		rc = db_commit(st->conn, err);
	else
		db_rollback(st->conn);
	db_release(st->conn);
	st->conn = NULL;
	if (!rc)
		return 0;
	fprintf(stderr, "loket: %s\n", err->message);
	for (int i = 0; i < err->nfields; i++)
		if (strcmp(err->fields[i].message, err->message))
			fprintf(stderr, "  %s: %s\n", err->fields[i].field, err->fields[i].message);
	return 1;
}

char *cli_read_stdin_line(void)
{
	char line[512];

	if (!fgets(line, sizeof(line), stdin))
		return NULL;
	line[strcspn(line, "\r\n")] = '\0';
	return xstrdup(line);
}
