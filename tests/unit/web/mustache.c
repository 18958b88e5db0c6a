/* tests/unit/web/mustache.c: the Mustache spec's own tests, each one check,
 * read from ../shared/conformance/mustache (or $LOKET_MUSTACHE_SPEC) at run
 * time; then the errors and limits that the spec leaves to us. */
#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/jsonview.h"
#include "util/view.h"
#include "web/mustache.h"

enum { MAX_PARTIALS = 16, MAX_FILES = 32 };

/* A name-to-template table standing in for the web layer's cache. */
struct partials {
	int n;
	const char *names[MAX_PARTIALS];
	struct mustache *tpl[MAX_PARTIALS];
};

static const struct mustache *partials_load(void *ctx, const char *name)
{
	const struct partials *ps = ctx;

	for (int i = 0; i < ps->n; i++)
		if (!strcmp(ps->names[i], name))
			return ps->tpl[i];
	return NULL;
}

static int partials_add(struct partials *ps, const char *name, const char *src,
			struct loket_err *err)
{
	if (ps->n == MAX_PARTIALS)
		return loket_err_set(err, LOKET_EINTERNAL, NULL, "more than %d partials",
				     MAX_PARTIALS);
	int rc = mustache_compile(name, src, strlen(src), &ps->tpl[ps->n], err);
	if (!rc)
		ps->names[ps->n++] = name;
	return rc;
}

static void partials_release(struct partials *ps)
{
	for (int i = 0; i < ps->n; i++)
		mustache_free(ps->tpl[i]);
	ps->n = 0;
}

/* Compiles the test's template and partials and renders its data. */
static int spec_render(const json_t *test, struct buf *out, struct loket_err *err)
{
	const char *tpl = json_string_value(json_object_get(test, "template"));
	struct partials ps = {0};
	struct mustache_loader loader = {partials_load, &ps};
	struct arena a = ARENA_INIT;
	struct mustache *m = NULL;
	const char *name;
	json_t *src;
	int rc = 0;

	json_object_foreach (json_object_get(test, "partials"), name, src)
		if (!rc)
			rc = partials_add(&ps, name, json_string_value(src), err);
	if (!rc)
		rc = mustache_compile("template", tpl, strlen(tpl), &m, err);
	if (!rc)
		rc = mustache_render(m, view_from_json(&a, json_object_get(test, "data")), &loader,
				     out, err);
	mustache_free(m);
	partials_release(&ps);
	arena_release(&a);
	return rc;
}

static void print_quoted(const char *what, const char *s)
{
	fprintf(stderr, "    %s \"", what);
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", stderr);
		else if (*s == '\r')
			fputs("\\r", stderr);
		else if (*s == '\t')
			fputs("\\t", stderr);
		else
			fputc(*s, stderr);
	}
	fputs("\"\n", stderr);
}

static bool spec_test(const char *file, const json_t *test)
{
	const char *name = json_string_value(json_object_get(test, "name"));
	const char *expected = json_string_value(json_object_get(test, "expected"));
	struct buf out = BUF_INIT(0);
	struct loket_err err = {0};
	int rc = spec_render(test, &out, &err);
	bool pass = !rc && expected && !strcmp(buf_str(&out), expected);

	ok_msg(pass, "%s: %s", file, name);
	if (!pass && rc) {
		fprintf(stderr, "    error %s\n", err.message);
	} else if (!pass) {
		print_quoted("expected", expected ? expected : "");
		print_quoted("got     ", buf_str(&out));
	}
	buf_release(&out);
	return pass;
}

static void spec_file(const char *dir, const char *file)
{
	char path[1024];
	json_error_t jerr;
	json_t *test;
	size_t i;
	int passed = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	json_t *spec = json_load_file(path, 0, &jerr);
	json_t *tests = json_object_get(spec, "tests");
	ok_msg(json_array_size(tests) > 0, "%s: no tests (%s)", path, jerr.text);
	json_array_foreach (tests, i, test)
		passed += spec_test(file, test);
	printf("spec %-20s %d of %zu passed\n", file, passed, json_array_size(tests));
	json_decref(spec);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void spec_suite(void)
{
	const char *dir = getenv("LOKET_MUSTACHE_SPEC");
	char *files[MAX_FILES];
	int n = 0;

	if (!dir || !*dir)
		dir = "../shared/conformance/mustache";
	DIR *d = opendir(dir);
	ok_msg(d != NULL, "cannot read the spec in %s (set LOKET_MUSTACHE_SPEC)", dir);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d)) && n < MAX_FILES;) {
		size_t len = strlen(e->d_name);
		if (len > 5 && !strcmp(e->d_name + len - 5, ".json"))
			files[n++] = strdup(e->d_name);
	}
	closedir(d);
	ok_msg(n >= 7, "only %d spec files in %s", n, dir);
	qsort(files, (size_t)n, sizeof(*files), by_name);
	for (int i = 0; i < n; i++) {
		spec_file(dir, files[i]);
		free(files[i]);
	}
}

/* ---- Our own ---- */

static int compile_error(const char *src, struct loket_err *err)
{
	struct mustache *m = (struct mustache *)1;
	int rc = mustache_compile("t", src, strlen(src), &m, err);

	if (!rc)
		mustache_free(m);
	else if (m)
		rc = 1; /* an error must not leave a template behind */
	return rc;
}

static void expect_compile_error(const char *src, const char *msg)
{
	struct loket_err err = {0};
	int rc = compile_error(src, &err);

	ok_msg(rc == LOKET_EINVAL && strstr(err.message, msg),
	       "compiling \"%s\": %d '%s', want '%s'", src, rc, err.message, msg);
}

static void compile_errors_name_the_line(void)
{
	expect_compile_error("a\n{{#items}}\n{{name}}\n", "t:2: '#items' is not closed");
	expect_compile_error("{{#a}}\n{{^b}}\n{{/a}}\n", "t:3: '/a' closes '^b' from line 2");
	expect_compile_error("x\n\ny {{name\nz", "t:3: tag '{{' is not closed");
	expect_compile_error("x\n{{{name}}\n", "t:2: tag '{{' is not closed");
	expect_compile_error("ok\n{{/x}}", "t:2: '/x' closes nothing");
	expect_compile_error("{{<layout}}\n{{$body}}\n", "t:2: '$body' is not closed");
	expect_compile_error("{{<layout}}{{$body}}{{/body}}", "t:1: '<layout' is not closed");
	expect_compile_error("{{!\n\n}}{{=<% %>=}}\n<%name", "t:4: tag '<%' is not closed");
	expect_compile_error("{{=<%=}}", "t:1: bad delimiters");
	expect_compile_error("{{= a= b =}}", "t:1: bad delimiters");
	expect_compile_error("\n{{}}", "t:2: tag without a name");
	expect_compile_error("{{first name}}", "t:1: tag name 'first name' has a space");
	expect_compile_error("{{a..b}}", "t:1: name 'a..b' has an empty part");
	expect_compile_error("{{#.a}}{{/.a}}", "t:1: name '.a' has an empty part");
}

static void nesting_is_bounded_when_compiling(void)
{
	struct buf src = BUF_INIT(0);
	struct loket_err err = {0};

	for (int i = 0; i <= MUSTACHE_MAX_NESTING; i++)
		buf_add_raw(&src, "{{#a}}\n");
	ok(compile_error(buf_str(&src), &err) == LOKET_EINVAL);
	ok(strstr(err.message, "nested more than") != NULL);
	buf_release(&src);
}

/* Renders 'src' with the partials given as name, text, ..., NULL. */
static int render(const char *src, const struct view *v, struct buf *out, struct loket_err *err,
		  ...)
{
	struct partials ps = {0};
	struct mustache_loader loader = {partials_load, &ps};
	struct mustache *m = NULL;
	const char *name;
	va_list ap;
	int rc = 0;

	va_start(ap, err);
	while (!rc && (name = va_arg(ap, const char *)))
		rc = partials_add(&ps, name, va_arg(ap, const char *), err);
	va_end(ap);
	if (!rc)
		rc = mustache_compile("t", src, strlen(src), &m, err);
	if (!rc)
		rc = mustache_render(m, v, &loader, out, err);
	mustache_free(m);
	partials_release(&ps);
	return rc;
}

static void endless_partials_are_an_error(void)
{
	struct buf out = BUF_INIT(0);
	struct loket_err err = {0};

	ok(render("{{>loop}}", NULL, &out, &err, "loop", "x{{>loop}}", NULL) == LOKET_EINTERNAL);
	ok(strstr(err.message, "partial 'loop' nested more than 64 deep") != NULL);
	buf_reset(&out);
	ok(render("{{<a}}{{/a}}", NULL, &out, &err, "a", "{{<b}}{{/b}}", "b", "  {{<a}}{{/a}}\n",
		  NULL) == LOKET_EINTERNAL);
	ok(strstr(err.message, "parent '") != NULL);
	/* An argument that expands its own name finds itself again. */
	buf_reset(&out);
	ok(render("{{<p}}{{$x}}<{{$x}}{{/x}}>{{/x}}{{/p}}", NULL, &out, &err, "p", "{{$x}}{{/x}}",
		  NULL) == LOKET_EINTERNAL);
	ok(strstr(err.message, "block 'x'") != NULL);
	buf_release(&out);
}

/* Sections over a list nested 25 deep: 3^25 passes that write nothing,
 * stopped by the step budget rather than run for hours. */
static void runaway_sections_are_an_error(void)
{
	struct arena a = ARENA_INIT;
	struct view *v = view_obj(&a), *l = view_arr(&a);
	struct buf tpl = BUF_INIT(0), out = BUF_INIT(0);
	struct loket_err err = {0};
	struct mustache *m = NULL;

	for (int i = 0; i < 3; i++)
		view_push(l, view_int(&a, i));
	view_set(v, "l", l);
	for (int i = 0; i < 25; i++)
		buf_add_raw(&tpl, "{{#l}}");
	for (int i = 0; i < 25; i++)
		buf_add_raw(&tpl, "{{/l}}");
	ok(mustache_compile("t", buf_str(&tpl), tpl.len, &m, &err) == 0);
	ok(mustache_render(m, v, NULL, &out, &err) == LOKET_EINTERNAL);
	ok(strstr(err.message, "steps to render") != NULL);
	mustache_free(m);
	buf_release(&tpl);
	buf_release(&out);
	arena_release(&a);
}

static void recursion_within_the_limit_renders(void)
{
	struct arena a = ARENA_INIT;
	struct view *root = view_obj(&a), *v = root;
	struct buf out = BUF_INIT(0), want = BUF_INIT(0);
	struct loket_err err = {0};

	/* Each level is one expansion of 'node'. */
	for (int i = 0; i < MUSTACHE_MAX_DEPTH - 1; i++) {
		struct view *kid = view_obj(&a);
		view_set(v, "kid", kid);
		v = kid;
		buf_add_raw(&want, "<");
	}
	view_set_null(v, "kid"); /* or the lookup finds the one outside */
	buf_add_raw(&want, "<");
	for (int i = 0; i < MUSTACHE_MAX_DEPTH; i++)
		buf_add_raw(&want, ">");
	ok(render("{{>node}}", root, &out, &err, "node", "<{{#kid}}{{>node}}{{/kid}}>", NULL) == 0);
	ok(!strcmp(buf_str(&out), buf_str(&want)));
	buf_release(&out);
	buf_release(&want);
	arena_release(&a);
}

static void expect_render(const char *src, const struct view *v, const char *want, ...)
{
	struct buf out = BUF_INIT(0);
	struct loket_err err = {0};
	const char *p1, *s1, *p2, *s2;
	va_list ap;

	va_start(ap, want);
	p1 = va_arg(ap, const char *);
	s1 = p1 ? va_arg(ap, const char *) : NULL;
	p2 = p1 ? va_arg(ap, const char *) : NULL;
	s2 = p2 ? va_arg(ap, const char *) : NULL;
	va_end(ap);
	int rc = render(src, v, &out, &err, p1, s1, p2, s2, NULL);
	ok_msg(!rc && !strcmp(buf_str(&out), want), "rendering \"%s\": %d %s: got \"%s\"", src, rc,
	       err.message, buf_str(&out));
	buf_release(&out);
}

static void values_are_escaped_for_attributes(void)
{
	struct arena a = ARENA_INIT;
	struct view *v = view_obj(&a);

	/* Beyond the spec's & < > ": quotes, backticks and '=' break out of
	 * unquoted or single-quoted attributes. */
	view_set_str(v, "x", "<a href='x' `y`=\"1\">&");
	expect_render("{{x}}", v,
		      "&lt;a href&#61;&#39;x&#39; &#96;y&#96;&#61;&quot;1&quot;&gt;&amp;", NULL);
	expect_render("{{{x}}}|{{&x}}", v, "<a href='x' `y`=\"1\">&|<a href='x' `y`=\"1\">&", NULL);
	view_set_int(v, "i", -9007199254740993);
	view_set(v, "d", view_num(&a, 0.1));
	view_set(v, "e", view_num(&a, 1e21));
	expect_render("{{i}} {{d}} {{e}}", v, "-9007199254740993 0.1 1e+21", NULL);
	arena_release(&a);
}

static void indentation_adds_up_and_skips_empty_lines(void)
{
	expect_render("<ul>\n  {{>items}}\n</ul>\n", NULL, "<ul>\n    <li>\n\n    </li>\n</ul>\n",
		      "items", "  {{>item}}\n", "item", "<li>\n\n</li>\n", NULL);
	/* A layout's block, indented where the layout puts it. */
	expect_render("{{<layout}}\n{{$body}}\n<h1>Hi</h1>\n{{>p}}\n{{/body}}\n{{/layout}}\n", NULL,
		      "<body>\n  <h1>Hi</h1>\n  <p>\n  </p>\n</body>\n", "layout",
		      "<body>\n  {{$body}}{{/body}}\n</body>\n", "p", "<p>\n</p>\n", NULL);
	expect_render("{{<layout}}{{$body}}\n<h1>Hi</h1>\n{{/body}}{{/layout}}\n", NULL,
		      "<body>\n  <h1>Hi</h1>\n</body>\n", "layout",
		      "<body>\n  {{$body}}\n  {{/body}}\n</body>\n", NULL);
	/* An empty block takes its line with it, as a standalone tag would. */
	expect_render("{{<layout}}{{/layout}}", NULL, "<body>\n</body>\n", "layout",
		      "<body>\n  {{$body}}{{/body}}\n</body>\n", NULL);
	/* Defaults render as written. */
	expect_render("<body>\n  {{$body}}\n    <p>\n    </p>\n  {{/body}}\n</body>\n", NULL,
		      "<body>\n    <p>\n    </p>\n</body>\n", NULL);
}

static void out_of_room_is_an_error(void)
{
	struct buf out = BUF_INIT(8);
	struct loket_err err = {0};

	ok(render("0123456789", NULL, &out, &err, NULL) == LOKET_ETOOBIG);
	buf_release(&out);
}

/* One compiled template, rendered by several threads at once (run under
 * -fsanitize=thread to see races; here it checks the results). */
struct job {
	const struct mustache *m;
	const struct view *v;
	int bad;
};

static void *render_many(void *arg)
{
	struct job *j = arg;

	for (int i = 0; i < 200; i++) {
		struct buf out = BUF_INIT(0);
		struct loket_err err = {0};
		if (mustache_render(j->m, j->v, NULL, &out, &err) ||
		    strcmp(buf_str(&out), "a1 a2 a3 "))
			j->bad++;
		buf_release(&out);
	}
	return NULL;
}

static void threads_share_a_template(void)
{
	struct arena a = ARENA_INIT;
	struct view *v = view_obj(&a), *list = view_arr(&a);
	struct loket_err err = {0};
	struct mustache *m = NULL;
	const char *src = "{{#list}}{{p}}{{.}} {{/list}}";
	struct job jobs[4];
	pthread_t th[4];

	for (int i = 1; i <= 3; i++)
		view_push(list, view_int(&a, i));
	view_set(v, "list", list);
	view_set_str(v, "p", "a");
	ok(mustache_compile("t", src, strlen(src), &m, &err) == 0);
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){m, v, 0};
		pthread_create(&th[i], NULL, render_many, &jobs[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		ok(jobs[i].bad == 0);
	}
	mustache_free(m);
	arena_release(&a);
}

int main(void)
{
	spec_suite();
	compile_errors_name_the_line();
	nesting_is_bounded_when_compiling();
	endless_partials_are_an_error();
	recursion_within_the_limit_renders();
	runaway_sections_are_an_error();
	values_are_escaped_for_attributes();
	indentation_adds_up_and_skips_empty_lines();
	out_of_room_is_an_error();
	threads_share_a_template();
	return test_done();
}
