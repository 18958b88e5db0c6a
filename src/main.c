/* loket: one program, subcommands like git's. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/secret.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
	{"serve", cli_serve, "serve the web UI and the API"},
	{"migrate", cli_migrate, "bring the database schema up to date"},
	{"user", cli_user, "add, list, disable users and set passwords"},
	{"token", cli_token, "create, list and revoke API tokens"},
	{"backup", cli_backup, "copy the SQLite database to a file while it runs"},
	{"routes", cli_routes, "list the HTTP routes the server has"},
	{"ticket", cli_ticket, "work with tickets on a running server"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: loket <command> [flags]\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "  %-9s %s\n  %-9s %s\n\n", "version", "print the version", "help",
		"print this help");
	fprintf(out, "Run 'loket <command> --help' for the flags of a command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("loket %s\n", LOKET_VERSION);
		return 0;
	}
	if (secret_init()) {
		fprintf(stderr, "loket: cannot initialise libsodium\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(argc - 2, argv + 2);
	fprintf(stderr, "loket: unknown command '%s' (see 'loket help')\n", cmd);
	return 2;
}
