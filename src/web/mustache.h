/* Mustache templates for the web UI and the mails: compiled once, rendered
 * many times against a view model (util/view.h).
 *
 * The whole spec (comments, delimiters, interpolation, inverted sections,
 * partials, sections) and its optional inheritance module (blocks
 * {{$name}}…{{/name}} and parents {{<name}}…{{/name}}); no lambdas.
 * {{name}} is escaped for HTML text and attributes (buf_add_html); {{{name}}}
 * and {{& name}} are written raw. Integers print in decimal, other numbers in
 * the shortest text that reads back the same.
 *
 * A compiled template never changes: any number of threads may render it at
 * once. Partials and parents are looked up by name while rendering, so a
 * cache of compiled templates serves them; each expansion is indented where
 * its tag stands alone on a line, as the spec asks. */
#ifndef LOKET_MUSTACHE_H
#define LOKET_MUSTACHE_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/view.h"

/* Partials, parents and blocks expand inside each other at most this deep;
 * deeper is a render error (a template that includes itself for ever). */
#define MUSTACHE_MAX_DEPTH 64
/* Nodes one render may visit: a page is thousands; nested sections over
 * lists could otherwise run for hours writing nothing. */
#define MUSTACHE_MAX_STEPS 10000000
/* Sections, parents and blocks nest at most this deep in one template. */
#define MUSTACHE_MAX_NESTING 32
/* Sections and expansions together nest at most this deep while rendering,
 * which bounds the stack a render takes (under 64 KiB optimised, 128 KiB
 * with AddressSanitizer). */
#define MUSTACHE_MAX_LEVELS 256

struct mustache;

/* Where {{>name}} and {{<name}} come from. */
struct mustache_loader {
	/* The compiled template called 'name', or NULL when there is none: it
	 * then renders as nothing, as the spec requires. Called from the
	 * rendering thread; what it returns must outlive the render. */
	const struct mustache *(*load)(void *ctx, const char *name);
	void *ctx;
};

/* Compiles 'len' bytes of template text ('src' need not end in NUL). 'name'
 * appears in error messages. A syntax error (a tag, section, parent or
 * block left open, a mismatched close, a bad name or delimiter) returns
 * LOKET_EINVAL with "name:line: what" in err and *out NULL. Free *out with
 * mustache_free(). */
int mustache_compile(const char *name, const char *src, size_t len, struct mustache **out,
		     struct loket_err *err);
void mustache_free(struct mustache *m); /* NULL is fine */
/* The name given to mustache_compile(); borrowed from m. */
const char *mustache_name(const struct mustache *m);

/* Appends m rendered against v (NULL renders as an empty context) to out.
 * 'loader' may be NULL when m uses no partials or parents. Returns 0;
 * LOKET_EINTERNAL when expansions nest deeper than MUSTACHE_MAX_DEPTH or
 * MUSTACHE_MAX_LEVELS;
 * LOKET_ETOOBIG when out reaches its cap. After an error out holds part of
 * the page: discard it. */
int mustache_render(const struct mustache *m, const struct view *v,
		    const struct mustache_loader *loader, struct buf *out, struct loket_err *err);

#endif
