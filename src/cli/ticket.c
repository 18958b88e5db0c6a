/* loket ticket new|list|show|reply|note|assign|escalate|resolve|reopen:
 * tickets on a running server, through its API.
 *
 * The server owns the rules: which fields are required, which values are
 * allowed, which moves the lifecycle permits. This command checks only what
 * it needs to build a request (a number where a number goes, one escalation
 * kind) and refuses the rest with exit status 2 before sending anything;
 * everything else goes to the server, whose answer is shown as it gave it
 * (exit status 1). A client of another version then never disagrees with
 * the server it talks to. */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/client.h"
#include "core/ticket.h"
#include "util/arena.h"

#define DEFAULT_URL "http://127.0.0.1:8080"

struct ticket_args {
	const char *url, *token, *json;
	const char *title, *description, *type, *impact, *urgency, *requester, *group, *channel;
	const char *status, *assignee, *priority, *q, *limit, *all;
	const char *body, *to, *functional, *hierarchical, *reason, *code, *notes;
};

/* One run of the command. */
struct run {
	struct ticket_args a;
	const char *number; /* the NUMBER argument */
	struct client *client;
	struct arena arena; /* paths and other text, for the whole run */
	json_t *names;	    /* "groups/3" -> "Service desk", each asked once */
	int64_t me;	    /* the signed-in user's id, once asked */
	bool usage;	    /* err is this command's refusal (exit 2), not the server's */
	struct loket_err err;
};

struct sub {
	const char *name;
	int (*run)(struct run *r);
	bool takes_number;
	const char *flags; /* its own flags, besides --url, --token and --json */
	const char *usage;
	void (*values)(FILE *out); /* the allowed values of its flags, or NULL */
};

static const char usage[] = "usage: loket ticket <command> [NUMBER] [flags]\n\n"
			    "Commands:\n"
			    "  new       raise a ticket and print its number\n"
			    "  list      list tickets, newest first\n"
			    "  show      show a ticket and its conversation\n"
			    "  reply     add a public reply, which the requester sees\n"
			    "  note      add an internal work note, which requesters never see\n"
			    "  assign    set a ticket's group and assignee\n"
			    "  escalate  hand a ticket to another group, or raise it to a manager\n"
			    "  resolve   resolve a ticket with a resolution code and notes\n"
			    "  reopen    take a resolved ticket back to work\n\n"
			    "Run 'loket ticket <command> --help' for the flags of a command.\n";

static const char common[] =
	"NUMBER is a ticket's number, such as INC-1042 or REQ-1001, or its id.\n"
	"Every command also takes:\n"
	"  --url URL      the server (or LOKET_URL; default " DEFAULT_URL ")\n"
	"  --token TOKEN  an API token (or LOKET_TOKEN); 'loket token create' makes one\n"
	"  --json         print the server's JSON, one document, instead of text\n"
	"Exit status: 0 done, 1 the server refused or cannot be reached, 2 bad usage\n"
	"(nothing was changed).\n";

/* --- refusing and telling --- */

static int bad_usage(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad_usage(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err.message, sizeof(r->err.message), fmt, ap);
	va_end(ap);
	r->usage = true;
	return r->err.code = LOKET_EINVAL;
}

/* "loket: <detail>" and a line per field the server named, unless the
 * detail already says it. */
static void print_error(const struct run *r)
{
	const struct loket_err *e = &r->err;

	fprintf(stderr, "loket: %s\n", e->message);
	for (int i = 0; i < e->nfields; i++) {
		char line[300];
		snprintf(line, sizeof(line), "%s: %s", e->fields[i].field, e->fields[i].message);
		if (strcmp(e->fields[i].message, e->message) &&
		    (e->nfields > 1 || strcmp(line, e->message)))
			fprintf(stderr, "  %s\n", line);
	}
	if (e->code == LOKET_EAUTH)
		fprintf(stderr, "  (the token comes from --token or LOKET_TOKEN)\n");
}

static void print_json(json_t *v)
{
	json_dumpf(v, stdout, JSON_COMPACT);
	putchar('\n');
}

/* --- values of flags --- */

static bool integer(const char *s, int64_t *out)
{
	char *end;

	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || isspace((unsigned char)*s) || *end || errno)
		return false;
	*out = v;
	return true;
}

enum { ALLOW_ME = 1, ALLOW_NONE = 2 };

static int call(struct run *r, const char *method, const char *path, json_t *body, json_t **answer)
{
	return client_json(r->client, method, path, body, answer, &r->err);
}

static int me(struct run *r, int64_t *id)
{
	json_t *u = NULL;
	int rc = 0;

	if (!r->me && !(rc = call(r, "GET", "/api/v1/me", NULL, &u)))
		r->me = json_integer_value(json_object_get(u, "id"));
	json_decref(u);
	*id = r->me;
	return rc;
}

/* An id, or where allowed "me" (the signed-in user) or "none" (null). */
static int ref_value(struct run *r, const char *flag, const char *v, int allow, json_t **out)
{
	static const char *const words[] = {"", " or me", " or none", ", me or none"};
	int64_t id;
	int rc = 0;

	*out = NULL;
	if ((allow & ALLOW_NONE) && !strcmp(v, "none")) {
		*out = json_null();
		return 0;
	}
	if ((allow & ALLOW_ME) && !strcmp(v, "me"))
		rc = me(r, &id);
	else if (!integer(v, &id))
		return bad_usage(r, "--%s wants an id%s, not '%s'", flag, words[allow], v);
	if (!rc)
		*out = json_integer(id);
	return rc;
}

static int set_ref(struct run *r, json_t *obj, const char *key, const char *flag, const char *v,
		   int allow)
{
	json_t *val;
	int rc = v ? ref_value(r, flag, v, allow, &val) : 0;

	if (v && !rc)
		json_object_set_new(obj, key, val);
	return rc;
}

static int set_int(struct run *r, json_t *obj, const char *key, const char *flag, const char *v)
{
	int64_t n;

	if (!v)
		return 0;
	if (!integer(v, &n))
		return bad_usage(r, "--%s wants a whole number, not '%s'", flag, v);
	json_object_set_new(obj, key, json_integer(n));
	return 0;
}

static int set_text(struct run *r, json_t *obj, const char *key, const char *flag, const char *v)
{
	json_t *s = v ? json_string(v) : NULL;

	if (v && !s)
		return bad_usage(r, "--%s is not valid UTF-8", flag);
	if (s)
		json_object_set_new(obj, key, s);
	return 0;
}

/* NUMBER goes into the path: letters, digits and dashes keep it one
 * segment that no dot or slash can move. */
static bool number_ok(const char *s)
{
	return *s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") ==
			     strlen(s);
}

static const char *ticket_path(struct run *r, const char *suffix)
{
	return arena_printf(&r->arena, "/api/v1/tickets/%s%s", r->number, suffix);
}

/* --- text for people --- */

static const char *str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "-";
}

static long long num(const json_t *obj, const char *key)
{
	return (long long)json_integer_value(json_object_get(obj, key));
}

/* Bytes in the UTF-8 character at p (the server sends valid UTF-8). */
static size_t char_len(const unsigned char *p)
{
	size_t n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;

	for (size_t i = 1; i < n; i++)
		if (!p[i])
			return i;
	return n;
}

/* C0 and C1 controls: text from the server must not steer the terminal. */
static bool is_control(const unsigned char *p)
{
	return *p < 0x20 || *p == 0x7f || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0);
}

static int char_count(const char *s)
{
	int n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p += char_len(p))
		n++;
	return n;
}

/* s in at most width characters, an ellipsis marking a cut, controls as
 * spaces; padded to width when pad. */
static void add_cell(struct buf *b, const char *s, int width, bool pad)
{
	const unsigned char *p = (const unsigned char *)s;
	bool cut = char_count(s) > width;
	int n = 0;

	for (; *p && n < width - (cut ? 1 : 0); p += char_len(p), n++)
		if (is_control(p))
			buf_add_char(b, ' ');
		else
			buf_add(b, (const char *)p, char_len(p));
	if (cut && width > 0) {
		buf_add_raw(b, "\u2026");
		n++;
	}
	while (pad && n++ < width)
		buf_add_char(b, ' ');
}

/* Text of many lines, each after indent; controls other than newline and
 * tab left out. */
static void add_text(struct buf *b, const char *s, const char *indent)
{
	buf_add_raw(b, indent);
	for (const unsigned char *p = (const unsigned char *)s; *p; p += char_len(p))
		if (*p == '\n') {
			buf_add_char(b, '\n');
			buf_add_raw(b, indent);
		} else if (*p == '\t' || !is_control(p)) {
			buf_add(b, (const char *)p, char_len(p));
		}
	buf_add_char(b, '\n');
}

static json_t *look_up_name(struct run *r, const char *key)
{
	struct loket_err ignored = {0};
	json_t *rec = NULL, *name = NULL;

	if (!client_json(r->client, "GET", arena_printf(&r->arena, "/api/v1/%s", key), NULL, &rec,
			 &ignored))
		name = json_object_get(rec, "name");
	name = json_is_string(name) ? json_incref(name) : json_null();
	json_decref(rec);
	return name;
}

/* The name of users/ID or groups/ID, asked once per run; NULL when the
 * server will not say (requesters may not read groups). */
static const char *name_of(struct run *r, const char *kind, const json_t *id)
{
	const char *key =
		arena_printf(&r->arena, "%s/%lld", kind, (long long)json_integer_value(id));
	json_t *name = json_object_get(r->names, key);

	if (!name) {
		name = look_up_name(r, key);
		json_object_set_new(r->names, key, name);
	}
	return json_string_value(name);
}

/* The name of a reference for a table: "-" for none, "#ID" when unknown. */
static const char *name_or_id(struct run *r, const char *kind, const json_t *id)
{
	const char *name = json_is_integer(id) ? name_of(r, kind, id) : "-";

	return name ? name : arena_printf(&r->arena, "#%lld", (long long)json_integer_value(id));
}

/* --- new --- */

static int requester_value(struct run *r, json_t *body)
{
	const char *v = r->a.requester;
	json_t *page = NULL, *first;
	int rc;

	if (!v || !strchr(v, '@'))
		return set_ref(r, body, "requester_id", "requester", v, ALLOW_ME);
	struct buf path = BUF_INIT(0);
	buf_add_raw(&path, "/api/v1/users?email=");
	buf_add_url(&path, v);
	rc = call(r, "GET", buf_str(&path), NULL, &page);
	buf_release(&path);
	first = json_array_get(json_object_get(page, "items"), 0);
	if (!rc && !first)
		rc = loket_err_set(&r->err, LOKET_ENOTFOUND, NULL,
				   "there is no user with the address %s", v);
	if (!rc)
		json_object_set(body, "requester_id", json_object_get(first, "id"));
	json_decref(page);
	return rc;
}

static int new_body(struct run *r, json_t *body)
{
	const struct ticket_args *a = &r->a;
	int rc;

	if ((rc = set_text(r, body, "title", "title", a->title)) ||
	    (rc = set_text(r, body, "description", "description", a->description)) ||
	    (rc = set_text(r, body, "type", "type", a->type)) ||
	    (rc = set_text(r, body, "channel", "channel", a->channel)) ||
	    (rc = set_int(r, body, "impact", "impact", a->impact)) ||
	    (rc = set_int(r, body, "urgency", "urgency", a->urgency)) ||
	    (rc = set_ref(r, body, "group_id", "group", a->group, ALLOW_NONE)))
		return rc;
	return requester_value(r, body);
}

static int ticket_new(struct run *r)
{
	json_t *body = json_object(), *t = NULL;
	int rc = new_body(r, body);

	if (!rc)
		rc = call(r, "POST", "/api/v1/tickets", body, &t);
	if (!rc && r->a.json)
		print_json(t);
	else if (!rc)
		printf("%s\n", str(t, "number"));
	json_decref(body);
	json_decref(t);
	return rc;
}

/* --- list --- */

static void add_param(struct buf *q, const char *name, const char *value)
{
	if (!value)
		return;
	buf_add_fmt(q, "&%s=", name);
	buf_add_url(q, value);
}

/* "3" or "3,7": the server takes several values with commas. */
static bool id_list(const char *v)
{
	for (const char *p = v;; p++) {
		size_t n = strspn(p, "0123456789");
		if (!n)
			return false;
		p += n;
		if (!*p)
			return true;
		if (*p != ',')
			return false;
	}
}

/* Ids, the server's own word for a reference (me, mine), or none. */
static int add_ref_filter(struct run *r, struct buf *q, const char *name, const char *flag,
			  const char *v, const char *word)
{
	if (!v)
		return 0;
	if (strcmp(v, word) && strcmp(v, "none") && !id_list(v))
		return bad_usage(r, "--%s wants an id (or several: 3,7), %s or none, not '%s'",
				 flag, word, v);
	add_param(q, name, strcmp(v, "none") ? v : "null");
	return 0;
}

/* "P1,P2" (or "1,2") as the server's "1,2". */
static int add_priority_filter(struct run *r, struct buf *q, const char *v)
{
	char *digits = v ? arena_strdup(&r->arena, v) : NULL, *o = digits;

	if (!v)
		return 0;
	for (const char *p = v; *p; p++)
		if (!((*p == 'P' || *p == 'p') && (p == v || p[-1] == ',')))
			*o++ = *p;
	*o = '\0';
	if (!id_list(digits))
		return bad_usage(r, "--priority wants P1 to P5 (or several: P1,P2), not '%s'", v);
	add_param(q, "priority", digits);
	return 0;
}

/* The query of the first page: the filters, and the page size (the
 * server's largest for --all, fewer round trips). */
static int list_query(struct run *r, struct buf *q)
{
	const struct ticket_args *a = &r->a;
	int64_t n;
	int rc;

	if (a->limit && !integer(a->limit, &n))
		return bad_usage(r, "--limit wants a whole number, not '%s'", a->limit);
	buf_add_raw(q, "/api/v1/tickets?limit=");
	buf_add_url(q, a->limit ? a->limit : a->all ? "200" : "50");
	add_param(q, "status", a->status);
	add_param(q, "q", a->q);
	if ((rc = add_priority_filter(r, q, a->priority)) ||
	    (rc = add_ref_filter(r, q, "group_id", "group", a->group, "mine")))
		return rc;
	return add_ref_filter(r, q, "assignee_id", "assignee", a->assignee, "me");
}

static const char *page_path(struct run *r, const char *first, const char *cursor)
{
	struct buf b = BUF_INIT(0);

	buf_add_raw(&b, first);
	buf_add_raw(&b, "&cursor=");
	buf_add_url(&b, cursor);
	const char *path = arena_strdup(&r->arena, buf_str(&b));
	buf_release(&b);
	return path;
}

/* Every ticket of the pages asked for into items; *next is the cursor of
 * the page after them (NULL on the last). */
static int fetch_pages(struct run *r, const char *first, json_t *items, const char **next)
{
	json_t *page = NULL;
	int rc;

	*next = NULL;
	do {
		const char *path = *next ? page_path(r, first, *next) : first;
		if ((rc = call(r, "GET", path, NULL, &page)))
			return rc;
		json_array_extend(items, json_object_get(page, "items"));
		const char *cursor = json_string_value(json_object_get(page, "next"));
		*next = cursor ? arena_strdup(&r->arena, cursor) : NULL;
		json_decref(page);
	} while (r->a.all && *next);
	return 0;
}

enum { W_NUMBER = 11, W_PRIO = 9, W_STATUS = 12, W_GROUP = 17, W_ASSIGNEE = 17 };

/* Titles fill a terminal's width; into a pipe they are cut at 60. */
static int title_width(void)
{
	const int fixed = W_NUMBER + W_PRIO + W_STATUS + W_GROUP + W_ASSIGNEE;
	struct winsize ws;

	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) || !ws.ws_col)
		return 60;
	return ws.ws_col > fixed + 20 ? ws.ws_col - fixed : 20;
}

static void print_row(struct run *r, const json_t *t, int width)
{
	struct buf line = BUF_INIT(0);
	char prio[24];

	snprintf(prio, sizeof(prio), "P%lld", num(t, "priority"));
	add_cell(&line, str(t, "number"), W_NUMBER - 1, true);
	buf_add_char(&line, ' ');
	add_cell(&line, prio, W_PRIO - 1, true);
	buf_add_char(&line, ' ');
	add_cell(&line, str(t, "status"), W_STATUS - 1, true);
	buf_add_char(&line, ' ');
	add_cell(&line, name_or_id(r, "groups", json_object_get(t, "group_id")), W_GROUP - 1, true);
	buf_add_char(&line, ' ');
	add_cell(&line, name_or_id(r, "users", json_object_get(t, "assignee_id")), W_ASSIGNEE - 1,
		 true);
	buf_add_char(&line, ' ');
	add_cell(&line, str(t, "title"), width, false);
	puts(buf_str(&line));
	buf_release(&line);
}

static void print_table(struct run *r, const json_t *items)
{
	int width = title_width();
	const json_t *t;
	size_t i;

	if (!json_array_size(items)) {
		puts("no tickets");
		return;
	}
	printf("%-*s%-*s%-*s%-*s%-*s%s\n", W_NUMBER, "NUMBER", W_PRIO, "PRIORITY", W_STATUS,
	       "STATUS", W_GROUP, "GROUP", W_ASSIGNEE, "ASSIGNEE", "TITLE");
	json_array_foreach (items, i, t)
		print_row(r, t, width);
}

static int ticket_list(struct run *r)
{
	struct buf first = BUF_INIT(0);
	json_t *items = json_array();
	const char *next = NULL;
	int rc = list_query(r, &first);

	if (!rc)
		rc = fetch_pages(r, buf_str(&first), items, &next);
	if (!rc && r->a.json) {
		json_t *page = json_pack("{s:O,s:s?}", "items", items, "next", next);
		print_json(page);
		json_decref(page);
	} else if (!rc) {
		print_table(r, items);
		if (next)
			fprintf(stderr, "there are more tickets: --all lists every page\n");
	}
	json_decref(items);
	buf_release(&first);
	return rc;
}

/* --- show --- */

static void print_field(struct buf *b, const char *label, const char *value)
{
	buf_add_fmt(b, "%-13s", label);
	add_cell(b, value, 1000, false);
	buf_add_char(b, '\n');
}

static const char *with_id(struct run *r, const char *kind, const json_t *t, const char *key)
{
	const json_t *id = json_object_get(t, key);
	const char *name = json_is_integer(id) ? name_of(r, kind, id) : NULL;
	long long n = (long long)json_integer_value(id);

	if (!json_is_integer(id))
		return "-";
	return name ? arena_printf(&r->arena, "%s (%lld)", name, n)
		    : arena_printf(&r->arena, "%lld", n);
}

static void add_state(struct run *r, struct buf *b, const json_t *t)
{
	const char *pending = json_string_value(json_object_get(t, "pending_reason"));
	const char *why = json_string_value(json_object_get(t, "priority_reason"));

	print_field(b, "Status:",
		    pending ? arena_printf(&r->arena, "%s (%s)", str(t, "status"), pending)
			    : str(t, "status"));
	print_field(b, "Priority:",
		    arena_printf(&r->arena, "P%lld (impact %lld, urgency %lld%s%s)",
				 num(t, "priority"), num(t, "impact"), num(t, "urgency"),
				 why ? "; set by hand: " : "", why ? why : ""));
	print_field(b, "Type:",
		    arena_printf(&r->arena, "%s, via %s", str(t, "type"), str(t, "channel")));
}

static void add_block(struct buf *b, const char *label, const char *text)
{
	if (!text || !*text)
		return;
	buf_add_fmt(b, "\n%s:\n", label);
	add_text(b, text, "    ");
}

static void add_fields(struct run *r, struct buf *b, const json_t *t)
{
	buf_add_fmt(b, "%s  ", str(t, "number"));
	add_cell(b, str(t, "title"), 1000, false);
	buf_add_char(b, '\n');
	add_state(r, b, t);
	print_field(b, "Requester:", with_id(r, "users", t, "requester_id"));
	print_field(b, "Group:", with_id(r, "groups", t, "group_id"));
	print_field(b, "Assignee:", with_id(r, "users", t, "assignee_id"));
	print_field(b, "Created:", str(t, "created_at"));
	print_field(b, "Updated:", str(t, "updated_at"));
	print_field(b, "Escalations:",
		    arena_printf(&r->arena, "%lld (reassignments: %lld)",
				 num(t, "escalation_count"), num(t, "reassignment_count")));
	if (json_is_string(json_object_get(t, "resolved_at")))
		print_field(b, "Resolved:",
			    arena_printf(&r->arena, "%s, %s", str(t, "resolved_at"),
					 str(t, "resolution_code")));
	add_block(b, "Description", json_string_value(json_object_get(t, "description")));
	add_block(b, "Resolution notes", json_string_value(json_object_get(t, "resolution_notes")));
}

static void add_conversation(struct buf *b, const json_t *items)
{
	const json_t *c;
	size_t i;

	buf_add_fmt(b, "\nConversation (%zu):\n", json_array_size(items));
	json_array_foreach (items, i, c) {
		bool internal = strcmp(str(c, "visibility"), "public");
		buf_add_fmt(b, "\n  %s  ", str(c, "created_at"));
		add_cell(b, str(c, "author_name"), 200, false);
		buf_add_raw(b, internal ? "  [internal note]\n" : "  [reply]\n");
		add_text(b, str(c, "body"), "    ");
	}
}

static int ticket_show(struct run *r)
{
	json_t *t = NULL, *comments = NULL, *items;
	struct buf b = BUF_INIT(0);
	int rc = call(r, "GET", ticket_path(r, ""), NULL, &t);

	if (!rc)
		rc = call(r, "GET", ticket_path(r, "/comments"), NULL, &comments);
	items = json_object_get(comments, "items");
	if (!rc && r->a.json) {
		json_t *both = json_pack("{s:O,s:O}", "ticket", t, "comments", items);
		print_json(both);
		json_decref(both);
	} else if (!rc) {
		add_fields(r, &b, t);
		add_conversation(&b, items);
		fputs(buf_str(&b), stdout);
	}
	buf_release(&b);
	json_decref(t);
	json_decref(comments);
	return rc;
}

/* --- reply and note --- */

/* --body TEXT, or with "-" standard input without its last line breaks. */
static int body_text(struct run *r, const char **text)
{
	struct buf in = BUF_INIT(1024 * 1024);
	char chunk[4096];
	size_t n;

	*text = r->a.body;
	if (!*text || strcmp(*text, "-"))
		return 0;
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		buf_add(&in, chunk, n);
	while (in.len && (in.data[in.len - 1] == '\n' || in.data[in.len - 1] == '\r'))
		in.data[--in.len] = '\0';
	*text = arena_strdup(&r->arena, buf_str(&in));
	bool big = buf_failed(&in);
	buf_release(&in);
	return big ? bad_usage(r, "--body - read more than 1 MiB from standard input") : 0;
}

static int add_comment(struct run *r, const char *visibility)
{
	json_t *body = json_pack("{s:s}", "visibility", visibility), *c = NULL;
	const char *text;
	int rc = body_text(r, &text);

	if (!rc)
		rc = set_text(r, body, "body", "body", text);
	if (!rc)
		rc = call(r, "POST", ticket_path(r, "/comments"), body, &c);
	if (!rc && r->a.json)
		print_json(c);
	else if (!rc)
		printf("%s %s\n",
		       strcmp(visibility, "public") ? "added a work note to" : "replied on",
		       r->number);
	json_decref(body);
	json_decref(c);
	return rc;
}

static int ticket_reply(struct run *r)
{
	return add_comment(r, "public");
}

static int ticket_note(struct run *r)
{
	return add_comment(r, "internal");
}

/* --- assign, resolve, reopen: changes to the ticket --- */

static int patch(struct run *r, json_t *body, json_t **t)
{
	int rc = call(r, "PATCH", ticket_path(r, ""), body, t);

	if (!rc && r->a.json)
		print_json(*t);
	return rc;
}

static int ticket_assign(struct run *r)
{
	json_t *body = json_object(), *t = NULL;
	int rc = 0;

	if (!r->a.group && !r->a.to)
		rc = bad_usage(r, "assign needs --group ID, --to ID|me|none, or both");
	if (!rc && !(rc = set_ref(r, body, "group_id", "group", r->a.group, ALLOW_NONE)) &&
	    !(rc = set_ref(r, body, "assignee_id", "to", r->a.to, ALLOW_ME | ALLOW_NONE)))
		rc = patch(r, body, &t);
	if (!rc && !r->a.json)
		printf("%s: group %s, assignee %s (%s)\n", str(t, "number"),
		       name_or_id(r, "groups", json_object_get(t, "group_id")),
		       name_or_id(r, "users", json_object_get(t, "assignee_id")), str(t, "status"));
	json_decref(body);
	json_decref(t);
	return rc;
}

static int ticket_resolve(struct run *r)
{
	json_t *body = json_pack("{s:s}", "status", "resolved"), *t = NULL;
	int rc;

	if (!(rc = set_text(r, body, "resolution_code", "code", r->a.code)) &&
	    !(rc = set_text(r, body, "resolution_notes", "notes", r->a.notes)))
		rc = patch(r, body, &t);
	if (!rc && !r->a.json)
		printf("%s resolved (%s)\n", str(t, "number"), str(t, "resolution_code"));
	json_decref(body);
	json_decref(t);
	return rc;
}

/* The API has no reopen of its own: it is a move to in_progress, which
 * from new or pending would quietly start work instead. Only a resolved
 * ticket is reopened (a closed one is left to the server to refuse). */
static int ticket_reopen(struct run *r)
{
	json_t *body = json_pack("{s:s}", "status", "in_progress"), *t = NULL;
	int rc = call(r, "GET", ticket_path(r, ""), NULL, &t);

	if (!rc && tkt_open_name(str(t, "status")))
		rc = loket_err_set(&r->err, LOKET_ECONFLICT, NULL,
				   "%s is %s, not resolved: there is nothing to reopen",
				   str(t, "number"), str(t, "status"));
	json_decref(t);
	t = NULL;
	if (!rc)
		rc = patch(r, body, &t);
	if (!rc && !r->a.json)
		printf("%s reopened (%s)\n", str(t, "number"), str(t, "status"));
	json_decref(body);
	json_decref(t);
	return rc;
}

/* --- escalate --- */

static int escalation_body(struct run *r, json_t *body)
{
	const struct ticket_args *a = &r->a;
	int rc;

	if (!a->functional == !a->hierarchical)
		return bad_usage(r, "escalate needs --functional (to a --group) or --hierarchical"
				    " (--to a manager)");
	if (a->functional && a->to)
		return bad_usage(r, "--to is for --hierarchical; a functional escalation goes to a"
				    " --group");
	if (a->hierarchical && a->group)
		return bad_usage(r, "--group is for --functional; a hierarchical escalation goes"
				    " --to a manager");
	json_object_set_new(body, "kind",
			    json_string(a->functional ? "functional" : "hierarchical"));
	if ((rc = set_text(r, body, "reason", "reason", a->reason)) ||
	    (rc = set_ref(r, body, "group_id", "group", a->group, 0)))
		return rc;
	return set_ref(r, body, "user_id", "to", a->to, ALLOW_ME);
}

static int ticket_escalate(struct run *r)
{
	json_t *body = json_object(), *t = NULL;
	int rc = escalation_body(r, body);

	if (!rc)
		rc = call(r, "POST", ticket_path(r, "/escalations"), body, &t);
	if (!rc && r->a.json)
		print_json(t);
	else if (!rc && r->a.functional)
		printf("%s escalated to the group %s\n", str(t, "number"),
		       name_or_id(r, "groups", json_object_get(t, "group_id")));
	else if (!rc)
		printf("%s escalated to %s\n", str(t, "number"),
		       name_or_id(r, "users", json_object_get(body, "user_id")));
	json_decref(body);
	json_decref(t);
	return rc;
}

/* --- the command --- */

static void print_list(FILE *out, const char *label, const char *const *values)
{
	fprintf(out, "  %-11s", label);
	for (int i = 0; values[i]; i++)
		fprintf(out, "%s%s", i ? ", " : "", values[i]);
	fputc('\n', out);
}

static void values_new(FILE *out)
{
	print_list(out, "--type", tkt_types);
	print_list(out, "--channel", tkt_channels);
}

static void values_list(FILE *out)
{
	const char *states[TKT_NSTATES + 1] = {0};

	for (int i = 0; i < TKT_NSTATES; i++)
		states[i] = tkt_state_name((enum tkt_state)i);
	print_list(out, "--status", states);
}

static void values_resolve(FILE *out)
{
	print_list(out, "--code", tkt_resolution_codes);
}

static const struct sub subs[] = {
	{"new", ticket_new, false, "title description type impact urgency requester group channel",
	 "usage: loket ticket new --title TITLE [--description TEXT] [--type TYPE]\n"
	 "                        [--impact 1-3] [--urgency 1-3] [--requester EMAIL|ID|me]\n"
	 "                        [--group ID] [--channel CHANNEL]\n"
	 "Raises a ticket and prints its number. Impact and urgency (1 high, 3 low) give\n"
	 "the priority; the requester is you unless you name someone.\n",
	 values_new},
	{"list", ticket_list, false, "status group assignee priority q limit all",
	 "usage: loket ticket list [--status STATUS] [--group ID|mine|none]\n"
	 "                         [--assignee ID|me|none] [--priority P1-P5] [--q TEXT]\n"
	 "                         [--limit N] [--all]\n"
	 "Lists tickets, newest first: one page of --limit (default 50, at most 200) or,\n"
	 "with --all, every page. --status, --group, --assignee and --priority take\n"
	 "several values with commas (--status new,assigned); mine is your groups.\n"
	 "--q finds tickets with every word of TEXT.\n",
	 values_list},
	{"show", ticket_show, true, "",
	 "usage: loket ticket show NUMBER\n"
	 "Shows a ticket's fields and its conversation, work notes marked.\n"
	 "--json prints {\"ticket\": <the ticket>, \"comments\": <its comments>}.\n"},
	{"reply", ticket_reply, true, "body",
	 "usage: loket ticket reply NUMBER --body TEXT\n"
	 "Adds a public reply, which the requester sees. --body - reads the text from\n"
	 "standard input.\n"},
	{"note", ticket_note, true, "body",
	 "usage: loket ticket note NUMBER --body TEXT\n"
	 "Adds an internal work note, which requesters never see. --body - reads the text\n"
	 "from standard input.\n"},
	{"assign", ticket_assign, true, "group to",
	 "usage: loket ticket assign NUMBER [--group ID|none] [--to ID|me|none]\n"
	 "Sets the ticket's group, its assignee, or both. The assignee must be an agent\n"
	 "in the group.\n"},
	{"escalate", ticket_escalate, true, "functional hierarchical group to reason",
	 "usage: loket ticket escalate NUMBER --functional --group ID --reason TEXT\n"
	 "       loket ticket escalate NUMBER --hierarchical --to MANAGER_ID --reason TEXT\n"
	 "Functional: hands the ticket to another group, which picks it up; it leaves its\n"
	 "assignee. Hierarchical: raises it to a manager; it stays where it is.\n"},
	{"resolve", ticket_resolve, true, "code notes",
	 "usage: loket ticket resolve NUMBER --code CODE --notes TEXT\n"
	 "Resolves the ticket; the requester may reopen it for a while.\n",
	 values_resolve},
	{"reopen", ticket_reopen, true, "",
	 "usage: loket ticket reopen NUMBER\n"
	 "Takes a resolved ticket back to work (status in_progress).\n"},
};

static const struct sub *find_sub(const char *name)
{
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(subs[i].name, name))
			return &subs[i];
	return NULL;
}

static bool word_in(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

/* The flags s takes, into out (room for every flag and the end). */
static void sub_flags(const struct sub *s, struct ticket_args *a, struct cli_flag *out)
{
	const struct cli_flag all[] = {
		{"url", true, &a->url},
		{"token", true, &a->token},
		{"json", false, &a->json},
		{"title", true, &a->title},
		{"description", true, &a->description},
		{"type", true, &a->type},
		{"impact", true, &a->impact},
		{"urgency", true, &a->urgency},
		{"requester", true, &a->requester},
		{"group", true, &a->group},
		{"channel", true, &a->channel},
		{"status", true, &a->status},
		{"assignee", true, &a->assignee},
		{"priority", true, &a->priority},
		{"q", true, &a->q},
		{"limit", true, &a->limit},
		{"all", false, &a->all},
		{"body", true, &a->body},
		{"to", true, &a->to},
		{"functional", false, &a->functional},
		{"hierarchical", false, &a->hierarchical},
		{"reason", true, &a->reason},
		{"code", true, &a->code},
		{"notes", true, &a->notes},
	};
	int n = 0;

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (i < 3 || word_in(s->flags, all[i].name))
			out[n++] = all[i];
	out[n] = (struct cli_flag){0};
}

static int usage_error(const struct sub *s, const char *what, const char *arg)
{
	int n = (int)strcspn(arg, "="); /* not a value: it may be a secret */

	fprintf(stderr, "loket: %s '%.*s' for 'ticket %s' (see 'loket ticket %s --help')\n", what,
		n, arg, s->name, s->name);
	return 2;
}

static int parse_args(struct run *r, const struct sub *s, int argc, char **argv)
{
	struct cli_flag flags[32];
	int rest, rc;

	sub_flags(s, &r->a, flags);
	if ((rc = cli_flags(argc, argv, flags, &rest)))
		return rc;
	for (int i = 0; i < rest; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			return usage_error(s, "unknown flag", argv[i]);
		if (!s->takes_number || r->number)
			return usage_error(s, "unexpected argument", argv[i]);
		if (!number_ok(argv[i]))
			return usage_error(s, "not a ticket number", argv[i]);
		r->number = argv[i];
	}
	if (s->takes_number && !r->number) {
		fprintf(stderr, "loket: ticket %s needs the ticket's NUMBER, such as INC-1042\n",
			s->name);
		return 2;
	}
	return 0;
}

static const char *setting(const char *flag, const char *env)
{
	const char *v = flag ? flag : getenv(env);

	return v && *v ? v : NULL;
}

static int connect_to_server(struct run *r)
{
	const char *url = setting(r->a.url, "LOKET_URL"),
		   *token = setting(r->a.token, "LOKET_TOKEN");

	if (!url)
		url = DEFAULT_URL;
	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
		fprintf(stderr, "loket: the server's URL must start with http:// or https://\n");
		return 2;
	}
	if (!token) {
		fprintf(stderr, "loket: give an API token with --token or LOKET_TOKEN"
				" ('loket token create --user EMAIL' makes one)\n");
		return 2;
	}
	for (const char *p = token; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			fprintf(stderr, "loket: the token has a space or control character\n");
			return 2;
		}
	r->client = client_new(url, token);
	return 0;
}

static void sub_help(const struct sub *s)
{
	fputs(s->usage, stdout);
	if (s->values) {
		fputs("\nValues:\n", stdout);
		s->values(stdout);
	}
	fputc('\n', stdout);
	fputs(common, stdout);
}

static int run_sub(const struct sub *s, int argc, char **argv)
{
	struct run r = {.arena = ARENA_INIT};
	int rc = parse_args(&r, s, argc, argv);

	if (!rc)
		rc = connect_to_server(&r);
	if (!rc) {
		r.names = json_object();
		if (s->run(&r)) {
			print_error(&r);
			rc = r.usage ? 2 : 1;
		} else if (fflush(stdout) || ferror(stdout)) {
			fprintf(stderr, "loket: cannot write the output: %s\n", strerror(errno));
			rc = 1;
		}
	}
	json_decref(r.names);
	client_free(r.client);
	arena_release(&r.arena);
	return rc;
}

int cli_ticket(int argc, char **argv)
{
	const struct sub *s;

	if (!argc || !strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
		fputs(usage, argc ? stdout : stderr);
		return argc ? 0 : 2;
	}
	if (!(s = find_sub(argv[0]))) {
		fprintf(stderr,
			"loket: unknown ticket command '%s' (new, list, show, reply, note, assign,"
			" escalate, resolve, reopen)\n",
			argv[0]);
		return 2;
	}
	if (cli_wants_help(argc - 1, argv + 1)) {
		sub_help(s);
		return 0;
	}
	return run_sub(s, argc - 1, argv + 1);
}
