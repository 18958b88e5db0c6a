#include "web/mustache.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/xalloc.h"

enum node_kind { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL, N_PARENT, N_BLOCK };

struct node {
	enum node_kind kind;
	struct node *next;
	/* N_TEXT: at most one line, its line ending last; len 0 when a
	 * standalone tag took it. Others: the name as written. */
	const char *s;
	size_t len;
	const char **path; /* N_VAR, N_SECTION, N_INVERTED: s split at dots; none for "." */
	int npath;
	bool raw;	    /* N_VAR: {{{name}}} or {{&name}} */
	bool soft;	    /* N_TEXT: a line end, written only to end a line that has text */
	const char *indent; /* N_PARTIAL, N_PARENT, N_BLOCK: put before each line they expand */
	size_t indent_len;
	struct node *kids; /* N_SECTION, N_INVERTED, N_BLOCK: the content; N_PARENT: its blocks */
};

struct mustache {
	struct arena arena; /* the name, every node and string */
	const char *name;
	struct node *root;
};

/* ---- Compiling ---- */

enum { DELIM_MAX = 16 };

struct tag {
	char type;	  /* 0 for {{name}}, else one of ! # ^ / > < $ = & { */
	const char *name; /* what is between the delimiters, blanks trimmed */
	size_t len;
	const char *end; /* just past the closing delimiter */
	int line;
	bool left_clear;   /* only blanks before it on its line */
	bool ends_line;	   /* only blanks after it on its line */
	bool standalone;   /* both, and not an interpolation: its line goes */
	struct node *lead; /* the blanks before it, when left_clear */
	const char *lead_s;
	size_t lead_len;
};

/* A block's intrinsic indentation, dropped from the start of its lines. */
struct strip {
	const char *s;
	size_t len;
};

struct parser {
	struct mustache *m;
	const char *pos, *end;
	const char *next; /* the next open delimiter at or after pos; end: none; NULL: unknown */
	char otag[DELIM_MAX], ctag[DELIM_MAX];
	size_t olen, clen;
	int line;
	bool dirty; /* the current line has text or a tag before pos */
	struct node *lead;
	const char *lead_s;
	size_t lead_len;
	struct strip strips[MUSTACHE_MAX_NESTING];
	int nstrips, nesting;
	struct loket_err *err;
};

/* A section, parent or block being parsed, and then its closing tag. */
struct open {
	enum node_kind kind;
	struct tag tag, close;
};

static int parse_list(struct parser *p, struct open *open, struct node **list);

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
	return is_blank(c) || c == '\n' || c == '\r';
}

static bool all_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_blank(s[i]))
			return false;
	return true;
}

static size_t blank_run(const char *s, const char *end)
{
	const char *b = s;

	while (b < end && is_blank(*b))
		b++;
	return (size_t)(b - s);
}

/* Past the end of the line if only blanks are left on it, else NULL. */
static const char *rest_of_line(const char *s, const char *end)
{
	s += blank_run(s, end);
	if (s == end)
		return end;
	if (*s == '\n')
		return s + 1;
	if (*s == '\r' && s + 1 < end && s[1] == '\n')
		return s + 2;
	return NULL;
}

static int fail(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, int line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return loket_err_set(p->err, LOKET_EINVAL, NULL, "%s:%d: %s", p->m->name, line, msg);
}

static void skip_to(struct parser *p, const char *to)
{
	for (const char *c = p->pos; c < to; c++)
		p->line += *c == '\n';
	p->pos = to;
}

static void start_line(struct parser *p)
{
	p->dirty = false;
	p->lead = NULL;
}

/* Drops the intrinsic indentation of the blocks around us, outermost first:
 * each was measured after the ones outside it were gone. */
static void strip_line(struct parser *p)
{
	for (int i = 0; i < p->nstrips; i++) {
		const struct strip *st = &p->strips[i];

		if ((size_t)(p->end - p->pos) < st->len || memcmp(p->pos, st->s, st->len))
			break;
		p->pos += st->len;
	}
}

static void consume_line(struct parser *p)
{
	skip_to(p, rest_of_line(p->pos, p->end));
	start_line(p);
	strip_line(p);
}

static struct node *add(struct parser *p, struct node ***tail, enum node_kind kind)
{
	struct node *n = arena_alloc(&p->m->arena, sizeof(*n));

	n->kind = kind;
	**tail = n;
	*tail = &n->next;
	return n;
}

static struct node *add_text(struct parser *p, struct node ***tail, const char *s, size_t len)
{
	if (!len)
		return NULL;
	struct node *n = add(p, tail, N_TEXT);
	n->s = arena_strndup(&p->m->arena, s, len);
	n->len = len;
	return n;
}

static void drop(struct node *text)
{
	if (text)
		text->len = 0;
}

static const char *find_open(struct parser *p)
{
	if (!p->next || p->next < p->pos) {
		p->next = memmem(p->pos, (size_t)(p->end - p->pos), p->otag, p->olen);
		if (!p->next)
			p->next = p->end;
	}
	return p->next == p->end ? NULL : p->next;
}

/* Adds the text up to the next tag or line end: lines are added one by one
 * so that each can lose the indentation of the blocks around it. Blanks
 * that start a line and end at a tag are kept apart as its 'lead': they go
 * if the tag stands alone. True when pos is at a tag. */
static bool add_text_piece(struct parser *p, struct node ***tail)
{
	const char *tag = find_open(p);
	const char *stop = tag ? tag : p->end;
	const char *nl = memchr(p->pos, '\n', (size_t)(stop - p->pos));

	if (nl) {
		add_text(p, tail, p->pos, (size_t)(nl + 1 - p->pos));
		skip_to(p, nl + 1);
		start_line(p);
		strip_line(p);
		return false;
	}
	size_t len = (size_t)(stop - p->pos);
	struct node *n = add_text(p, tail, p->pos, len);
	if (all_blank(p->pos, len) && !p->dirty && tag) {
		p->lead = n;
		p->lead_s = p->pos;
		p->lead_len = len;
	} else if (!all_blank(p->pos, len)) {
		p->dirty = true;
	}
	skip_to(p, stop);
	return tag != NULL;
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s))
		(*s)++, (*len)--;
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

static int check_name(struct parser *p, const struct tag *t)
{
	if (t->type == '!' || t->type == '=')
		return 0;
	for (size_t i = 0; i < t->len; i++)
		if (is_space(t->name[i]))
			return fail(p, t->line, "tag name '%.*s' has a space in it", (int)t->len,
				    t->name);
	if (!t->len)
		return fail(p, t->line, "tag without a name");
	return 0;
}

/* Reads the tag at pos; pos stays. {{{name}}} ends at "}" and the close
 * delimiter, {{=<% %>=}} at "=" and it. */
static int read_tag(struct parser *p, struct tag *t)
{
	const char *s = p->pos + p->olen;
	char close[DELIM_MAX + 1];
	size_t clen = 0;

	*t = (struct tag){.line = p->line};
	if (s < p->end && *s && strchr("!#^/><$=&{", *s))
		t->type = *s++;
	if (t->type == '{' || t->type == '=')
		close[clen++] = t->type == '{' ? '}' : '=';
	memcpy(close + clen, p->ctag, p->clen);
	clen += p->clen;
	const char *e = memmem(s, (size_t)(p->end - s), close, clen);
	if (!e)
		return fail(p, t->line, "tag '%.*s' is not closed", (int)p->olen, p->otag);
	t->end = e + clen;
	t->name = s;
	t->len = (size_t)(e - s);
	trim(&t->name, &t->len);
	return check_name(p, t);
}

/* A tag alone on its line takes the line with it (blanks and line end);
 * interpolations never do. */
static void place_tag(struct parser *p, struct tag *t)
{
	const char *after = rest_of_line(t->end, p->end);

	t->left_clear = !p->dirty;
	t->lead = p->lead;
	t->lead_s = p->lead ? p->lead_s : NULL;
	t->lead_len = p->lead ? p->lead_len : 0;
	t->ends_line = after != NULL;
	t->standalone = t->type && t->type != '&' && t->type != '{' && t->left_clear && after;
	if (!t->standalone) {
		skip_to(p, t->end);
		p->dirty = true;
		p->lead = NULL;
		return;
	}
	drop(t->lead);
	skip_to(p, after);
	start_line(p);
	/* After a close tag the next line is outside the block: the one who
	 * opened it strips that line once its own indentation is gone. */
	if (t->type != '/')
		strip_line(p);
}

static const char *copy(struct parser *p, const char *s, size_t len)
{
	return arena_strndup(&p->m->arena, s, len);
}

static void set_name(struct parser *p, struct node *n, const struct tag *t)
{
	n->s = copy(p, t->name, t->len);
	n->len = t->len;
}

static void set_indent(struct parser *p, struct node *n, const char *s, size_t len)
{
	if (!len)
		return;
	n->indent = copy(p, s, len);
	n->indent_len = len;
}

/* "a.b.c" is looked up as a, then b in it, then c in that; "." is the top
 * of the context stack. */
static int set_path(struct parser *p, struct node *n, const struct tag *t)
{
	set_name(p, n, t);
	if (t->len == 1 && t->name[0] == '.')
		return 0;
	n->npath = 1;
	for (size_t i = 0; i < t->len; i++)
		n->npath += t->name[i] == '.';
	n->path = arena_alloc(&p->m->arena, (size_t)n->npath * sizeof(*n->path));
	const char *s = t->name, *end = t->name + t->len;
	for (int i = 0; i < n->npath; i++) {
		const char *dot = memchr(s, '.', (size_t)(end - s));
		const char *e = dot ? dot : end;
		if (e == s)
			return fail(p, t->line, "name '%.*s' has an empty part", (int)t->len,
				    t->name);
		n->path[i] = copy(p, s, (size_t)(e - s));
		s = e + 1;
	}
	return 0;
}

/* {{=<% %>=}}: two delimiters, neither with blanks or '=' in it. */
static int set_delims(struct parser *p, const struct tag *t)
{
	const char *s = t->name, *end = t->name + t->len;
	size_t olen = 0, clen = 0;

	while (s + olen < end && !is_space(s[olen]))
		olen++;
	const char *c = s + olen;
	while (c < end && is_space(*c))
		c++;
	while (c + clen < end && !is_space(c[clen]))
		clen++;
	if (c + clen != end || !olen || !clen || olen > DELIM_MAX || clen > DELIM_MAX ||
	    memchr(s, '=', olen) || memchr(c, '=', clen))
		return fail(p, t->line, "bad delimiters '%.*s'", (int)t->len, t->name);
	memcpy(p->otag, s, olen);
	memcpy(p->ctag, c, clen);
	p->olen = olen;
	p->clen = clen;
	p->next = NULL;
	return 0;
}

static int parse_nested(struct parser *p, struct open *o, struct node **kids, bool stripped)
{
	if (p->nesting >= MUSTACHE_MAX_NESTING)
		return fail(p, o->tag.line, "sections nested more than %d deep",
			    MUSTACHE_MAX_NESTING);
	p->nesting++;
	int rc = parse_list(p, o, kids);
	p->nesting--;
	if (stripped)
		p->nstrips--;
	if (!rc && o->close.standalone)
		strip_line(p);
	return rc;
}

static int add_section(struct parser *p, const struct tag *t, struct node ***tail)
{
	struct open o = {.kind = t->type == '#' ? N_SECTION : N_INVERTED, .tag = *t};
	struct node *n = add(p, tail, o.kind);
	int rc = set_path(p, n, t);

	if (!rc)
		rc = parse_nested(p, &o, &n->kids, false);
	return rc;
}

static int add_partial(struct parser *p, const struct tag *t, struct node ***tail)
{
	struct node *n = add(p, tail, N_PARTIAL);

	set_name(p, n, t);
	if (t->standalone)
		set_indent(p, n, t->lead_s, t->lead_len);
	return 0;
}

static struct node *only_blocks(struct node *list)
{
	struct node *blocks = NULL, **tail = &blocks;

	for (; list; list = list->next) {
		if (list->kind == N_BLOCK) {
			*tail = list;
			tail = &list->next;
		}
	}
	*tail = NULL;
	return blocks;
}

/* A parent pair is standalone when only blanks come before its opening tag
 * and after its closing tag, even on one line: like a standalone partial it
 * then takes its line and indents what it expands. Text in a parent outside
 * its blocks is ignored. */
static int add_parent(struct parser *p, const struct tag *t, struct node ***tail)
{
	struct open o = {.kind = N_PARENT, .tag = *t};
	struct node *n = add(p, tail, N_PARENT), *body = NULL;

	set_name(p, n, t);
	int rc = parse_nested(p, &o, &body, false);
	if (rc)
		return rc;
	n->kids = only_blocks(body);
	if (o.tag.left_clear && o.close.ends_line) {
		set_indent(p, n, o.tag.lead_s, o.tag.lead_len);
		drop(o.tag.lead);
		if (!o.close.standalone)
			consume_line(p);
	}
	return 0;
}

/* The intrinsic indentation of a block whose opening tag ends its line is
 * the blanks that start the next line: they are dropped from each line of
 * the block so that its text fits wherever it is expanded. An argument
 * block (one right inside a parent) counts as ending its line whatever is
 * before it. */
static bool push_strip(struct parser *p, const struct tag *t, bool arg)
{
	if (!t->standalone && !(arg && t->ends_line))
		return false;
	if (p->nesting >= MUSTACHE_MAX_NESTING)
		return false; /* parse_nested() says why */
	if (!t->standalone)
		consume_line(p);
	struct strip *st = &p->strips[p->nstrips++];
	st->s = p->pos;
	st->len = blank_run(p->pos, p->end);
	p->pos += st->len;
	return true;
}

/* After "  {{$name}}{{/name}}" the spec keeps the line end, for an argument
 * like "one\ntwo" that has none; one that ends its last line (most do)
 * would leave an empty line. So the line end is soft: written only when
 * the expansion left a line open. */
static void add_soft_line_end(struct parser *p, struct node ***tail)
{
	const char *s = p->pos + blank_run(p->pos, p->end);
	struct node *n = add_text(p, tail, s, (size_t)(rest_of_line(s, p->end) - s));

	if (n)
		n->soft = true;
	consume_line(p);
}

/* A block that a parent passes (an argument) is expanded where the parent
 * template has the block of the same name (a parameter), indented as that
 * parameter is: by its intrinsic indentation, else by the blanks before it
 * when the pair stands alone on its line or lines. */
static int add_block(struct parser *p, const struct open *in, const struct tag *t,
		     struct node ***tail)
{
	bool arg = in && in->kind == N_PARENT;
	struct open o = {.kind = N_BLOCK, .tag = *t};
	struct node *n = add(p, tail, N_BLOCK);

	set_name(p, n, t);
	bool stripped = push_strip(p, t, arg);
	const struct strip st = stripped ? p->strips[p->nstrips - 1] : (struct strip){0};
	int rc = parse_nested(p, &o, &n->kids, stripped);
	if (rc)
		return rc;
	if (arg) {
		/* The blanks before its close tag would trail its last line. */
		if (o.close.left_clear)
			drop(o.close.lead);
	} else if (stripped) {
		set_indent(p, n, st.s, st.len);
	} else if (o.tag.left_clear && o.close.ends_line) {
		set_indent(p, n, o.tag.lead_s, o.tag.lead_len);
		drop(o.tag.lead);
		if (!o.close.standalone)
			add_soft_line_end(p, tail);
	}
	return 0;
}

static int add_var(struct parser *p, const struct tag *t, struct node ***tail)
{
	struct node *n = add(p, tail, N_VAR);

	n->raw = t->type == '&' || t->type == '{';
	return set_path(p, n, t);
}

static int add_tag(struct parser *p, const struct open *in, const struct tag *t,
		   struct node ***tail)
{
	switch (t->type) {
	case '!': return 0;
	case '=': return set_delims(p, t);
	case '#':
	case '^': return add_section(p, t, tail);
	case '>': return add_partial(p, t, tail);
	case '<': return add_parent(p, t, tail);
	case '$': return add_block(p, in, t, tail);
	default: return add_var(p, t, tail);
	}
}

static int close_open(struct parser *p, struct open *open, const struct tag *t)
{
	if (!open)
		return fail(p, t->line, "'/%.*s' closes nothing", (int)t->len, t->name);
	if (t->len != open->tag.len || memcmp(t->name, open->tag.name, t->len))
		return fail(p, t->line, "'/%.*s' closes '%c%.*s' from line %d", (int)t->len,
			    t->name, open->tag.type, (int)open->tag.len, open->tag.name,
			    open->tag.line);
	open->close = *t;
	return 0;
}

/* Parses into 'list' up to the tag that closes 'open' (NULL: to the end). */
static int parse_list(struct parser *p, struct open *open, struct node **list)
{
	struct node **tail = list;
	struct tag t;

	while (p->pos < p->end) {
		if (!add_text_piece(p, &tail))
			continue;
		int rc = read_tag(p, &t);
		if (rc)
			return rc;
		place_tag(p, &t);
		if (t.type == '/')
			return close_open(p, open, &t);
		rc = add_tag(p, open, &t, &tail);
		if (rc)
			return rc;
	}
	if (open)
		return fail(p, open->tag.line, "'%c%.*s' is not closed", open->tag.type,
			    (int)open->tag.len, open->tag.name);
	return 0;
}

int mustache_compile(const char *name, const char *src, size_t len, struct mustache **out,
		     struct loket_err *err)
{
	struct mustache *m = xcalloc(1, sizeof(*m));
	struct parser p = {.m = m, .pos = src ? src : "", .line = 1, .err = err};

	p.end = p.pos + (src ? len : 0);
	m->name = arena_strdup(&m->arena, name ? name : "template");
	memcpy(p.otag, "{{", 2);
	memcpy(p.ctag, "}}", 2);
	p.olen = p.clen = 2;
	int rc = parse_list(&p, NULL, &m->root);
	if (rc) {
		mustache_free(m);
		m = NULL;
	}
	*out = m;
	return rc;
}

void mustache_free(struct mustache *m)
{
	if (!m)
		return;
	arena_release(&m->arena);
	free(m);
}

const char *mustache_name(const struct mustache *m)
{
	return m->name;
}

/* ---- Rendering ---- */

struct ctx {
	const struct view *v;
	const struct ctx *up;
};

/* The blocks passed by the parents being expanded, innermost first. */
struct scope {
	const struct node *args;
	const struct scope *up;
};

/* What goes before each line, outermost part first. */
struct indent {
	const char *s;
	size_t len;
	const struct indent *up;
};

struct frame {
	const struct ctx *ctx;
	const struct scope *scope;
	const struct indent *indent;
};

struct render {
	const struct mustache_loader *loader;
	struct buf *out;
	struct loket_err *err;
	int depth, levels, rc;
	long steps;   /* nodes rendered so far, against MUSTACHE_MAX_STEPS */
	bool pending; /* at the start of a line whose indentation is not written yet */
};

static void render_list(struct render *r, const struct node *n, const struct frame *f);

static const struct view *lookup(const struct ctx *c, const struct node *n)
{
	const struct view *v = NULL;

	if (!n->npath)
		return c->v;
	for (; c && !v; c = c->up)
		v = view_get(c->v, n->path[0]);
	/* Only the first part searches the stack: "a.b" where a has no b is
	 * empty, even if an outer context has a b. */
	for (int i = 1; v && i < n->npath; i++)
		v = view_get(v, n->path[i]);
	return v;
}

static void put_indent(struct render *r, const struct indent *in)
{
	if (!in)
		return;
	put_indent(r, in->up);
	buf_add(r->out, in->s, in->len);
}

/* Indentation goes before the first thing a line writes: template lines are
 * indented, not the line breaks inside values, and empty lines stay empty. */
static void start_output(struct render *r, const struct frame *f)
{
	if (r->pending)
		put_indent(r, f->indent);
	r->pending = false;
}

static void put_text(struct render *r, const struct node *n, const struct frame *f)
{
	if (!n->len || (n->soft && r->pending))
		return;
	bool bare_eol = n->s[0] == '\n' || (n->s[0] == '\r' && n->len == 2 && n->s[1] == '\n');
	if (!bare_eol)
		start_output(r, f);
	buf_add(r->out, n->s, n->len);
	r->pending = n->s[n->len - 1] == '\n';
}

static bool writes_nothing(const struct view *v)
{
	switch (v->kind) {
	case VIEW_NULL:
	case VIEW_ARR:
	case VIEW_OBJ: return true;
	case VIEW_STR: return !v->u.str.len;
	default: return false;
	}
}

static void put_var(struct render *r, const struct node *n, const struct frame *f)
{
	const struct view *v = lookup(f->ctx, n);

	if (!v || writes_nothing(v))
		return;
	start_output(r, f);
	if (v->kind == VIEW_STR && !n->raw)
		buf_add_html_n(r->out, v->u.str.s, v->u.str.len);
	else
		view_write_text(v, r->out);
}

static void render_with(struct render *r, const struct node *kids, const struct view *v,
			const struct frame *f)
{
	struct ctx c = {v, f->ctx};
	struct frame g = {&c, f->scope, f->indent};

	render_list(r, kids, &g);
}

static void render_section(struct render *r, const struct node *n, const struct frame *f)
{
	const struct view *v = lookup(f->ctx, n);

	if (n->kind == N_INVERTED) {
		if (view_falsey(v))
			render_list(r, n->kids, f);
		return;
	}
	if (view_falsey(v))
		return;
	if (v->kind != VIEW_ARR) {
		render_with(r, n->kids, v, f);
		return;
	}
	for (const struct view_item *it = v->u.list.head; it && !r->rc; it = it->next)
		render_with(r, n->kids, it->val, f);
}

/* Renders 'body' in place of n (a partial, parent or block), indented by
 * n's indentation on top of the current one. */
static void expand(struct render *r, const char *what, const struct node *n,
		   const struct node *body, const struct scope *scope, const struct frame *f)
{
	if (r->depth >= MUSTACHE_MAX_DEPTH) {
		r->rc = loket_err_set(r->err, LOKET_EINTERNAL, NULL,
				      "%s '%s' nested more than %d deep (does it include itself?)",
				      what, n->s, MUSTACHE_MAX_DEPTH);
		return;
	}
	struct indent in = {n->indent, n->indent_len, f->indent};
	struct frame g = {f->ctx, scope, n->indent_len ? &in : f->indent};

	r->depth++;
	render_list(r, body, &g);
	r->depth--;
}

static const struct mustache *load(struct render *r, const char *name)
{
	return r->loader && r->loader->load ? r->loader->load(r->loader->ctx, name) : NULL;
}

/* The outermost parent's argument wins: a page overrides its layout, and
 * the layout overrides the base it extends. */
static const struct node *find_argument(const struct scope *s, const char *name)
{
	const struct node *found = NULL;

	for (; s; s = s->up)
		for (const struct node *b = s->args; b; b = b->next)
			if (!strcmp(b->s, name))
				found = b;
	return found;
}

static void render_node(struct render *r, const struct node *n, const struct frame *f)
{
	const struct mustache *m;
	const struct node *arg;

	switch (n->kind) {
	case N_TEXT: put_text(r, n, f); break;
	case N_VAR: put_var(r, n, f); break;
	case N_SECTION:
	case N_INVERTED: render_section(r, n, f); break;
	case N_PARTIAL:
		/* A partial sees the parents' arguments too: it is a parent
		 * that overrides nothing. */
		if ((m = load(r, n->s)))
			expand(r, "partial", n, m->root, f->scope, f);
		break;
	case N_PARENT:
		if ((m = load(r, n->s))) {
			struct scope s = {n->kids, f->scope};
			expand(r, "parent", n, m->root, &s, f);
		}
		break;
	case N_BLOCK:
		arg = find_argument(f->scope, n->s);
		expand(r, "block", n, arg ? arg->kids : n->kids, f->scope, f);
		break;
	}
}

static void render_list(struct render *r, const struct node *n, const struct frame *f)
{
	/* Expansions times sections could still take megabytes of stack. */
	if (r->levels >= MUSTACHE_MAX_LEVELS) {
		r->rc = loket_err_set(r->err, LOKET_EINTERNAL, NULL,
				      "sections and expansions nested more than %d deep",
				      MUSTACHE_MAX_LEVELS);
		return;
	}
	r->levels++;
	for (; n && !r->rc && !buf_failed(r->out); n = n->next) {
		/* Sections over lists nested in each other multiply: bound the
		 * work, not only the depth and the output. */
		if (++r->steps > MUSTACHE_MAX_STEPS) {
			r->rc = loket_err_set(r->err, LOKET_EINTERNAL, NULL,
					      "the template takes more than %d steps to render",
					      MUSTACHE_MAX_STEPS);
			break;
		}
		render_node(r, n, f);
	}
	r->levels--;
}

int mustache_render(const struct mustache *m, const struct view *v,
		    const struct mustache_loader *loader, struct buf *out, struct loket_err *err)
{
	struct render r = {.loader = loader, .out = out, .err = err, .pending = true};
	struct ctx c = {v, NULL};
	struct frame f = {&c, NULL, NULL};

	render_list(&r, m->root, &f);
	if (!r.rc && buf_failed(out))
		r.rc = loket_err_set(err, LOKET_ETOOBIG, NULL,
				     "'%s' renders to more than %zu bytes", m->name, out->cap);
	return r.rc;
}
