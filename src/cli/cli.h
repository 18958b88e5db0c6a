/* Subcommands of the loket program. Each returns the process exit status:
 * 0 done, 1 failed, 2 bad usage. */
#ifndef LOKET_CLI_H
#define LOKET_CLI_H

#include <stdbool.h>

#include "store/store.h"
#include "util/config.h"

int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_token(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_routes(int argc, char **argv);
int cli_ticket(int argc, char **argv);

/* A command's own flag: its name without dashes, whether it takes a value,
 * and where the value (or "1" for a switch) goes. */
struct cli_flag {
	const char *name;
	bool takes_value;
	const char **value;
};

/* Takes the command's own flags out of argv; what is left (settings such as
 * --data) is moved to the front and counted in *rest. Prints a one-line
 * error and returns 2 on a flag without its value. */
int cli_flags(int argc, char **argv, const struct cli_flag *flags, int *rest);
/* True when argv has --help or -h. */
bool cli_wants_help(int argc, char **argv);

/* Opens the database the settings point at, creating the data folder and
 * applying migrations. Prints why and returns 1 when it cannot. */
int cli_open_db(struct config *cfg, int argc, char **argv, struct db **db);
/* A write transaction on the database for a command: st gets a connection
 * and arena; finish with cli_tx_end(). */
int cli_tx_begin(struct db *db, struct store *st, struct arena *a);
int cli_tx_end(struct store *st, int rc, struct loket_err *err);

/* Loads the demo organisation into an empty database; prints its logins. */
int cli_demo_load(struct db *db);
/* Adds the demo's tickets to the demo organisation, in st's transaction. */
int cli_demo_tickets(struct store *st, struct loket_err *err);

/* Reads one line (a password) from standard input, without its newline. */
char *cli_read_stdin_line(void);

extern const char *const cli_storage_settings[];

#endif
