/* Files embedded into the binary at build time (tools/embed.c): SQL
 * migrations, templates, static assets, the OpenAPI document. */
#ifndef LOKET_EMBED_H
#define LOKET_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name;	   /* relative to src/, e.g. "web/templates/login.html" */
	const unsigned char *data; /* NUL-terminated */
	int size;
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* The file with that name, or NULL. */
const struct embedded_file *embed_find(const char *name);

#endif
