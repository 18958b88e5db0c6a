#include "util/config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

enum kind { K_STR, K_INT, K_BOOL };

struct setting {
	const char *name; /* flag --name (with - for _), env LOKET_NAME */
	enum kind kind;
	size_t offset;
	const char *def;
	int min, max;
	const char *help;
};

#define S(n, k, d, lo, hi, h)                                   \
	{                                                       \
#n, k, offsetof(struct config, n), d, lo, hi, h \
	}
static const struct setting settings[] = {
	S(data, K_STR, "./loket-data", 0, 0, "folder for the SQLite database and files"),
	S(db, K_STR, "", 0, 0,
	  "database: a SQLite file path, or postgres://user@host:port/dbname (default: "
	  "DATA/loket.db)"),
	S(listen, K_STR, "127.0.0.1:8080", 0, 0, "address and port to serve on"),
	S(threads, K_INT, "2", 1, 256, "HTTP worker threads (each with a database connection)"),
	S(max_body, K_INT, "1048576", 1024, 1 << 30, "largest request body in bytes (413 above)"),
	S(max_attachment, K_INT, "26214400", 1024, 1 << 30,
	  "largest attachment in bytes (413 above)"),
	S(max_header, K_INT, "8192", 4096, 1 << 20, "largest request header block in bytes"),
	S(request_timeout, K_INT, "30", 1, 3600, "seconds a connection may stay idle"),
	S(session_hours, K_INT, "12", 1, 24 * 90, "hours a browser sign-in lasts"),
	S(login_max_failures, K_INT, "10", 1, 1000,
	  "failed logins per account or address within the window before 429"),
	S(login_window, K_INT, "300", 10, 86400, "seconds over which failed logins count"),
	S(secure_cookies, K_STR, "auto", 0, 0,
	  "Secure cookies: auto (when X-Forwarded-Proto is https), on, off"),
	S(reopen_days, K_INT, "7", 0, 365,
	  "days a requester may reopen a resolved ticket (closed automatically after)"),
	S(jobs_interval, K_INT, "60", 1, 86400, "seconds between passes of the background jobs"),
	S(log_requests, K_BOOL, "true", 0, 0, "log one line per request to stderr"),
	S(demo, K_BOOL, "false", 0, 0, "load the demo organisation into an empty database"),
};
#define NSETTINGS ((int)(sizeof(settings) / sizeof(settings[0])))

static bool allowed(const struct setting *s, const char *const *only)
{
	if (!only)
		return true;
	for (; *only; only++)
		if (!strcmp(*only, s->name))
			return true;
	return false;
}

static int set(struct config *cfg, const struct setting *s, const char *value, const char *from)
{
	void *p = (char *)cfg + s->offset;

	if (s->kind == K_STR) {
		if (!strcmp(s->name, "secure_cookies") && strcmp(value, "auto") &&
		    strcmp(value, "on") && strcmp(value, "off")) {
			fprintf(stderr, "loket: %s: must be auto, on or off\n", from);
			return -1;
		}
		free(*(char **)p);
		*(char **)p = xstrdup(value);
		return 0;
	}
	if (s->kind == K_BOOL) {
		if (!strcmp(value, "true") || !strcmp(value, "1") || !strcmp(value, "yes") ||
		    !strcmp(value, "on"))
			*(bool *)p = true;
		else if (!strcmp(value, "false") || !strcmp(value, "0") || !strcmp(value, "no") ||
			 !strcmp(value, "off"))
			*(bool *)p = false;
		else {
			fprintf(stderr, "loket: %s: must be true or false, not '%s'\n", from,
				value);
			return -1;
		}
		return 0;
	}
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < s->min || v > s->max) {
		fprintf(stderr, "loket: %s: must be a whole number from %d to %d, not '%s'\n", from,
			s->min, s->max, value);
		return -1;
	}
	*(int *)p = (int)v;
	return 0;
}

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (int i = 0; i < NSETTINGS; i++)
		set(cfg, &settings[i], settings[i].def, "default");
}

void config_release(struct config *cfg)
{
	for (int i = 0; i < NSETTINGS; i++) {
		if (settings[i].kind == K_STR) {
			char **p = (char **)((char *)cfg + settings[i].offset);
			free(*p);
			*p = NULL;
		}
	}
}

static const struct setting *find(const char *name, size_t len)
{
	for (int i = 0; i < NSETTINGS; i++) {
		const char *n = settings[i].name;
		if (strlen(n) != len)
			continue;
		size_t k = 0;
		while (k < len && (n[k] == name[k] || (n[k] == '_' && name[k] == '-')))
			k++;
		if (k == len)
			return &settings[i];
	}
	return NULL;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int load_file(struct config *cfg, const char *path, const char *const *only)
{
	FILE *f = fopen(path, "r");
	char line[1024], from[1200];
	int n = 0, rc = 0;

	if (!f) {
		fprintf(stderr, "loket: --config %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (!rc && fgets(line, sizeof(line), f)) {
		n++;
		char *s = trim(line), *eq = strchr(s, '=');
		if (!*s || *s == '#')
			continue;
		snprintf(from, sizeof(from), "%s:%d", path, n);
		if (!eq) {
			fprintf(stderr, "loket: %s: expected 'name = value'\n", from);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *name = trim(s), *value = trim(eq + 1);
		const struct setting *st = find(name, strlen(name));
		if (!st || !allowed(st, only)) {
			fprintf(stderr, "loket: %s: unknown setting '%s'\n", from, name);
			rc = -1;
		} else {
			rc = set(cfg, st, value, from);
		}
	}
	fclose(f);
	return rc;
}

static int load_env(struct config *cfg, const char *const *only)
{
	for (int i = 0; i < NSETTINGS; i++) {
		char var[64], *p;
		snprintf(var, sizeof(var), "LOKET_%s", settings[i].name);
		for (p = var; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		const char *v = getenv(var);
		if (v && allowed(&settings[i], only) && set(cfg, &settings[i], v, var))
			return -1;
	}
	return 0;
}

/* Splits "--name=value" or "--name value" ("--name" alone for a switch);
 * advances *i past what it used. */
static int flag_at(int argc, char **argv, int *i, const struct setting **s, const char **value,
		   const char *const *only)
{
	const char *a = argv[*i], *name = a + 2, *eq;
	size_t len;

	if (strncmp(a, "--", 2) || !a[2]) {
		fprintf(stderr, "loket: unexpected argument '%s'\n", a);
		return -1;
	}
	eq = strchr(name, '=');
	len = eq ? (size_t)(eq - name) : strlen(name);
	if (len == 6 && !strncmp(name, "config", 6)) {
		*s = NULL;
		*i += !eq;
		return 0;
	}
	*s = find(name, len);
	if (!*s || !allowed(*s, only)) {
		fprintf(stderr, "loket: unknown flag --%.*s (see --help)\n", (int)len, name);
		return -1;
	}
	if (eq)
		*value = eq + 1;
	else if ((*s)->kind == K_BOOL)
		*value = "true";
	else if (*i + 1 < argc)
		*value = argv[++*i];
	else {
		fprintf(stderr, "loket: %s needs a value\n", a);
		return -1;
	}
	return 0;
}

static const char *config_flag(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--config") && i + 1 < argc)
			return argv[i + 1];
		if (!strncmp(argv[i], "--config=", 9))
			return argv[i] + 9;
	}
	return NULL;
}

int config_load(struct config *cfg, int argc, char **argv, const char *const *only)
{
	const char *file = config_flag(argc, argv);

	if (!file)
		file = getenv("LOKET_CONFIG");
	if ((file && load_file(cfg, file, only)) || load_env(cfg, only))
		return -1;
	for (int i = 0; i < argc; i++) {
		const struct setting *s;
		const char *value;
		char from[80];
		if (flag_at(argc, argv, &i, &s, &value, only))
			return -1;
		if (!s)
			continue;
		snprintf(from, sizeof(from), "--%s", s->name);
		for (char *p = from + 2; *p; p++)
			if (*p == '_')
				*p = '-';
		if (set(cfg, s, value, from))
			return -1;
	}
	return 0;
}

void config_help(FILE *out, const char *const *only)
{
	fprintf(out, "Settings (flag, environment variable, default):\n");
	fprintf(out, "  --config FILE             a file of 'name = value' lines (LOKET_CONFIG)\n");
	for (int i = 0; i < NSETTINGS; i++) {
		const struct setting *s = &settings[i];
		char flag[64], var[64], *p;
		if (!allowed(s, only))
			continue;
		snprintf(flag, sizeof(flag), "--%s", s->name);
		for (p = flag + 2; *p; p++)
			if (*p == '_')
				*p = '-';
		snprintf(var, sizeof(var), "LOKET_%s", s->name);
		for (p = var; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		fprintf(out, "  %-25s %s\n  %-25s %s (default: %s)\n", flag, s->help, "", var,
			*s->def ? s->def : "none");
	}
}

char *config_db_url(const struct config *cfg)
{
	if (cfg->db && *cfg->db)
		return xstrdup(cfg->db);
	size_t n = strlen(cfg->data) + 16;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/loket.db", cfg->data);
	return p;
}
