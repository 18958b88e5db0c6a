#include "web/render.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/embed.h"
#include "util/log.h"
#include "web/mustache.h"

#define PREFIX "web/templates/"
#define SUFFIX ".mustache"

struct tmpl {
	char name[64];
	struct mustache *m;
};

static struct tmpl *templates;
static int ntemplates;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static bool template_name(const char *file, char out[64])
{
	size_t plen = strlen(PREFIX), slen = strlen(SUFFIX), n = strlen(file);

	if (strncmp(file, PREFIX, plen) || n < plen + slen || strcmp(file + n - slen, SUFFIX) ||
	    n - plen - slen >= 64)
		return false;
	memcpy(out, file + plen, n - plen - slen);
	out[n - plen - slen] = '\0';
	return true;
}

/* A template that does not compile is a build mistake: stop at once. */
static void compile_all(void)
{
	int n = 0;

	for (const struct embedded_file *f = embedded_files; f->name; f++)
		n++;
	templates = calloc((size_t)n + 1, sizeof(*templates));
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		struct tmpl *t = &templates[ntemplates];
		struct loket_err err = {0};
		if (!template_name(f->name, t->name))
			continue;
		if (mustache_compile(t->name, (const char *)f->data, (size_t)f->size, &t->m,
				     &err)) {
			fprintf(stderr, "loket: template %s: %s\n", f->name, err.message);
			abort();
		}
		ntemplates++;
	}
}

static const struct mustache *find(void *ctx, const char *name)
{
	for (int i = 0; i < ntemplates; i++)
		if (!strcmp(templates[i].name, name))
			return templates[i].m;
	return NULL;
}

int web_render(struct http_req *r, int status, const char *name, struct view *v)
{
	static const struct mustache_loader loader = {find, NULL};
	const struct mustache *m;
	int rc;

	pthread_once(&once, compile_all);
	if (!(m = find(NULL, name)))
		return loket_err_set(&r->err, LOKET_EINTERNAL, NULL, "no template %s", name);
	buf_reset(&r->out);
	if ((rc = mustache_render(m, v, &loader, &r->out, &r->err)))
		return rc;
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
	return 0;
}
