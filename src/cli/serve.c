#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "http/app.h"
#include "http/http.h"
#include "http/metrics.h"
#include "jobs/jobs.h"
#include "store/db.h"

int cli_serve(int argc, char **argv)
{
	struct config cfg;
	struct app app = {0};
	struct jobs *jobs = NULL;
	int rc = 1;

	config_init(&cfg);
	if (cli_wants_help(argc, argv)) {
		printf("usage: loket serve [flags]\n\nServes the web UI and the API.\n\n");
		config_help(stdout, NULL);
		config_release(&cfg);
		return 0;
	}
	if (config_load(&cfg, argc, argv, NULL)) {
		config_release(&cfg);
		return 2;
	}
	app.cfg = &cfg;
	if (cli_open_db(&cfg, argc, argv, &app.db))
		goto out;
	if (cfg.demo && cli_demo_load(app.db))
		goto out;
	app.metrics = metrics_new(http_nroutes);
	jobs = jobs_start(&cfg, app.db);
	rc = http_serve(&app) ? 1 : 0;
	jobs_stop(jobs);
out:
	metrics_free(app.metrics);
	db_close(app.db);
	config_release(&cfg);
	return rc;
}

int cli_migrate(int argc, char **argv)
{
	struct config cfg;
	struct db *db = NULL;
	int rc;

	config_init(&cfg);
	if (cli_wants_help(argc, argv)) {
		printf("usage: loket migrate [--data DIR | --db URL]\n\n"
		       "Applies the schema migrations the database lacks.\n\n");
		config_help(stdout, cli_storage_settings);
		config_release(&cfg);
		return 0;
	}
	if (config_load(&cfg, argc, argv, cli_storage_settings)) {
		config_release(&cfg);
		return 2;
	}
	rc = cli_open_db(&cfg, argc, argv, &db);
	if (!rc)
		printf("the database is up to date\n");
	db_close(db);
	config_release(&cfg);
	return rc;
}

int cli_backup(int argc, char **argv)
{
	const char *to = NULL;
	const struct cli_flag flags[] = {{"to", true, &to}, {0}};
	struct config cfg;
	struct db *db = NULL;
	struct loket_err err = {0};
	int rest, rc;

	config_init(&cfg);
	if (cli_wants_help(argc, argv)) {
		printf("usage: loket backup --to FILE [--data DIR | --db URL]\n\n"
		       "Copies the SQLite database to FILE while Loket runs (an online backup).\n"
		       "A PostgreSQL database is backed up with pg_dump.\n\n");
		config_help(stdout, cli_storage_settings);
		config_release(&cfg);
		return 0;
	}
	if ((rc = cli_flags(argc, argv, flags, &rest)) ||
	    config_load(&cfg, rest, argv, cli_storage_settings)) {
		config_release(&cfg);
		return 2;
	}
	if (!to) {
		fprintf(stderr, "loket: backup needs --to FILE\n");
		config_release(&cfg);
		return 2;
	}
	rc = cli_open_db(&cfg, rest, argv, &db);
	if (!rc && db_backup(db, to, &err)) {
		fprintf(stderr, "loket: %s\n", err.message);
		rc = 1;
	} else if (!rc) {
		printf("backed up to %s\n", to);
	}
	db_close(db);
	config_release(&cfg);
	return rc;
}

int cli_routes(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("usage: loket routes\n\nLists every HTTP route: METHOD PATTERN.\n");
		return 0;
	}
	if (argc) {
		fprintf(stderr, "loket: routes takes no arguments\n");
		return 2;
	}
	for (int i = 0; i < http_nroutes; i++)
		printf("%s %s\n", http_routes[i].method, http_routes[i].pattern);
	return 0;
}
