/* tests/fuzz/mustache.c: any bytes compiled as a template and, when they
 * compile, rendered against a small fixed view with every partial and
 * parent resolving to the template itself, so that self-inclusion has to
 * be cut off by MUSTACHE_MAX_DEPTH. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/view.h"
#include "web/mustache.h"

enum {
	OUT_CAP = 1024 * 1024,
	/* A chain of self-inclusions ends the render at depth 64, so real
	 * renders load far fewer; this only makes sure every input ends. */
	LOAD_BUDGET = 4096,
};

struct self_loader {
	const struct mustache *m;
	int loads;
};

static struct arena view_arena;
static struct view *model;

/* List items hide 'items' and 'user': a section over a list inside one of
 * its items finds false. Otherwise 32 nested sections over a two-item list
 * are 2^32 passes that write nothing (no cap stops them) and the fuzzer
 * would stall on the first such input. Templates are ours, not users'. */
static struct view *item(const char *name, int n)
{
	struct view *v = view_obj(&view_arena);

	view_set_str(v, "name", name);
	view_set_int(v, "n", n);
	view_set_bool(v, "items", false);
	view_set_bool(v, "user", false);
	return v;
}

static struct view *build_model(void)
{
	struct view *v = view_obj(&view_arena), *items = view_arr(&view_arena);
	struct view *user = view_obj(&view_arena), *roles = view_arr(&view_arena);

	view_set_str(v, "title", "Tickets & <changes>");
	view_set_str(v, "lang", "nl");
	view_set_str(v, "empty", "");
	view_set_str(v, "lines", "one\ntwo\r\nthree");
	view_set_int(v, "count", -42);
	view_set(v, "ratio", view_num(&view_arena, 0.1));
	view_set_bool(v, "flag", true);
	view_set_bool(v, "off", false);
	view_set_null(v, "none");
	view_set(v, "nothing", view_arr(&view_arena));
	view_push(items, item("first", 1));
	view_push(items, item("\"second\" = 'x'", 2));
	view_set(v, "items", items);
	view_set_str(user, "name", "Anna");
	view_set_str(user, "email", "anna@example.org");
	view_push(roles, item("agent", 3));
	view_push(roles, item("admin", 4));
	view_set(user, "roles", roles);
	view_set(v, "user", user);
	return v;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	model = build_model();
	return 0;
}

static const struct mustache *load_self(void *ctx, const char *name)
{
	struct self_loader *l = ctx;

	return l->loads++ < LOAD_BUDGET ? l->m : NULL;
}

/* Text without an open delimiter has no tags: it renders as it is. */
static void check_plain(const char *src, size_t len, const struct buf *out)
{
	if (!memmem(src, len, "{{", 2) && (out->len != len || memcmp(buf_str(out), src, len)))
		abort();
}

static void render(const struct mustache *m, const char *src, size_t len)
{
	struct self_loader self = {m, 0};
	const struct mustache_loader loader = {load_self, &self};
	struct loket_err err = {0};
	struct buf out = BUF_INIT(OUT_CAP);

	int rc = mustache_render(m, model, &loader, &out, &err);
	if (rc != 0 && rc != LOKET_EINTERNAL && rc != LOKET_ETOOBIG)
		abort();
	/* The cap holds, and a render that hit it says so. */
	if (out.len > OUT_CAP || (rc == LOKET_ETOOBIG && !buf_failed(&out)) ||
	    (!rc && buf_failed(&out)))
		abort();
	if (!rc)
		check_plain(src, len, &out);
	buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loket_err err = {0};
	struct mustache *m = NULL;
	int rc = mustache_compile("fuzz", (const char *)data, size, &m, &err);

	if (rc) {
		if (rc != LOKET_EINVAL || m || strncmp(err.message, "fuzz:", 5))
			abort();
		return 0;
	}
	render(m, (const char *)data, size);
	mustache_free(m);
	return 0;
}
