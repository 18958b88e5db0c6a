/* Settings: defaults, then a config file (--config FILE or LOKET_CONFIG),
 * then LOKET_* environment variables, then command-line flags. */
#ifndef LOKET_CONFIG_H
#define LOKET_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

struct config {
	char *data;	     /* folder for the SQLite database and attachments */
	char *db;	     /* database URL; empty: <data>/loket.db */
	char *listen;	     /* ADDR:PORT */
	int threads;	     /* HTTP worker threads (and database connections) */
	int max_body;	     /* bytes */
	int max_attachment;  /* bytes of one uploaded file */
	int max_header;	     /* bytes of request headers */
	int request_timeout; /* seconds a connection may stay idle */
	int session_hours;
	int login_max_failures;
	int login_window;     /* seconds */
	char *secure_cookies; /* auto, on, off */
	int reopen_days;      /* a requester may reopen a resolved ticket this long */
	int jobs_interval;    /* seconds between passes of the background jobs */
	bool log_requests;
	bool demo;
};

/* Fills cfg with the defaults. Free with config_release(). */
void config_init(struct config *cfg);
void config_release(struct config *cfg);

/* Applies the config file, the environment and the flags in argv (from
 * index 0; every element must be a setting flag "--name value" or
 * "--name=value", or "--config FILE"). On a bad name or value prints one
 * line to stderr and returns -1. 'only' (NULL: all) limits which settings
 * this command takes, as a NULL-terminated list of names. */
int config_load(struct config *cfg, int argc, char **argv, const char *const *only);
/* Prints every setting with its flag, variable, default and meaning. */
void config_help(FILE *out, const char *const *only);
/* The SQLite path or PostgreSQL URL the settings point at (malloc'd). */
char *config_db_url(const struct config *cfg);

#endif
