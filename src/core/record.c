#include "core/record.h"

#include <ctype.h>
#include <string.h>

#include "core/ticket.h"

static const struct field_def user_fields[] = {
	{"id", FT_ID, FF_READONLY | FF_SORT},
	{"email", FT_EMAIL, FF_REQUIRED | FF_SORT | FF_SEARCH | FF_FILTER, 254},
	{"name", FT_TEXT, FF_REQUIRED | FF_SORT | FF_SEARCH | FF_SELF, 200},
	{"language", FT_LANG, FF_FILTER | FF_SELF},
	{"time_zone", FT_TZ, FF_SELF, 64},
	{"phone", FT_TEXT, FF_NULLABLE | FF_SEARCH | FF_SELF, 50},
	{"location", FT_TEXT, FF_NULLABLE | FF_SEARCH | FF_SELF, 200},
	{"manager_id", FT_REF, FF_NULLABLE | FF_FILTER, 0, "users"},
	{"active", FT_BOOL, FF_FILTER},
	{"leaving_date", FT_DATE, FF_NULLABLE},
	{"roles", FT_ROLES, 0},
	{"organisation_id", FT_REF, FF_NULLABLE | FF_FILTER, 0, "organisations"},
	{"group_ids", FT_LINKS, 0, 0, "groups", "group_members", "user_id", "group_id"},
	{"created_at", FT_TIME, FF_READONLY | FF_SORT},
	{"updated_at", FT_TIME, FF_READONLY | FF_SORT},
};

static const struct field_def group_fields[] = {
	{"id", FT_ID, FF_READONLY | FF_SORT},
	{"name", FT_TEXT, FF_REQUIRED | FF_SORT | FF_SEARCH, 100},
	{"description", FT_TEXT, FF_SEARCH, 2000},
	{"email", FT_EMAIL, FF_NULLABLE, 254},
	{"active", FT_BOOL, FF_FILTER},
	{"member_ids", FT_LINKS, 0, 0, "users", "group_members", "group_id", "user_id"},
	{"created_at", FT_TIME, FF_READONLY | FF_SORT},
	{"updated_at", FT_TIME, FF_READONLY | FF_SORT},
};

static const struct field_def organisation_fields[] = {
	{"id", FT_ID, FF_READONLY | FF_SORT},
	{"name", FT_TEXT, FF_REQUIRED | FF_SORT | FF_SEARCH, 200},
	{"description", FT_TEXT, FF_SEARCH, 2000},
	{"email_domain", FT_TEXT, FF_NULLABLE | FF_FILTER, 253},
	{"share_tickets", FT_BOOL, 0},
	{"active", FT_BOOL, FF_FILTER},
	{"created_at", FT_TIME, FF_READONLY | FF_SORT},
	{"updated_at", FT_TIME, FF_READONLY | FF_SORT},
};

/* API tokens: made and revoked by their own handlers (the secret is shown
 * once), listed and read like any record. The hash is never a field. */
static const struct field_def token_fields[] = {
	{"id", FT_ID, FF_READONLY | FF_SORT},
	{"user_id", FT_REF, FF_READONLY | FF_FILTER, 0, "users"},
	{"name", FT_TEXT, FF_SORT | FF_SEARCH, 100},
	{"created_at", FT_TIME, FF_READONLY | FF_SORT},
	{"revoked_at", FT_TIME, FF_READONLY | FF_NULLABLE},
};

/* Incidents and service requests: the lifecycle and the other rules are in
 * core/ticket.c; here is what is stored and how it is listed. */
#define T(n, t, f, ...)                                       \
	{                                                     \
		.name = n, .type = t, .flags = f, __VA_ARGS__ \
	}
static const struct field_def ticket_fields[] = {
	T("id", FT_ID, FF_READONLY | FF_SORT),
	T("number", FT_TEXT, FF_READONLY | FF_FILTER, .max_len = 20),
	T("type", FT_ENUM, FF_FILTER, .choices = tkt_types),
	T("title", FT_TEXT, FF_REQUIRED | FF_SORT, .max_len = 200),
	T("description", FT_TEXT, 0, .max_len = 20000),
	T("status", FT_ENUM, FF_FILTER,
	  .choices = (const char *const[]){"new", "assigned", "in_progress", "pending", "resolved",
					   "closed", "cancelled", NULL}),
	T("pending_reason", FT_ENUM, FF_NULLABLE | FF_FILTER, .choices = tkt_pending_reasons),
	T("impact", FT_INT, FF_FILTER, .min = 1, .max = 3),
	T("urgency", FT_INT, FF_FILTER, .min = 1, .max = 3),
	T("priority", FT_INT, FF_SORT | FF_FILTER, .min = 1, .max = 5),
	T("priority_reason", FT_TEXT, FF_NULLABLE, .max_len = 500),
	T("category_id", FT_REF, FF_NULLABLE | FF_FILTER, .ref = "categories"),
	T("service", FT_TEXT, FF_NULLABLE | FF_FILTER, .max_len = 200),
	T("requester_id", FT_REF, FF_FILTER, .ref = "users"),
	T("organisation_id", FT_REF, FF_READONLY | FF_NULLABLE | FF_FILTER, .ref = "organisations"),
	T("channel", FT_ENUM, FF_FILTER, .choices = tkt_channels),
	T("group_id", FT_REF, FF_NULLABLE | FF_FILTER, .ref = "groups"),
	T("assignee_id", FT_REF, FF_NULLABLE | FF_FILTER, .ref = "users"),
	T("watcher_ids", FT_LINKS, 0, .ref = "users", .link_table = "ticket_watchers",
	  .link_self = "ticket_id", .link_other = "user_id"),
	/* Until the CMDB exists its ids are kept as given, unchecked. */
	T("ci_ids", FT_LINKS, 0, .link_table = "ticket_cis", .link_self = "ticket_id",
	  .link_other = "ci_id"),
	T("tags", FT_TAGS, FF_FILTER, .max_len = 50),
	T("resolution_code", FT_ENUM, FF_NULLABLE | FF_FILTER, .choices = tkt_resolution_codes),
	T("resolution_notes", FT_TEXT, FF_NULLABLE, .max_len = 5000),
	T("reassignment_count", FT_INT, FF_READONLY),
	T("escalation_count", FT_INT, FF_READONLY),
	T("first_response_at", FT_TIME, FF_READONLY | FF_NULLABLE),
	T("resolved_at", FT_TIME, FF_READONLY | FF_NULLABLE),
	T("closed_at", FT_TIME, FF_READONLY | FF_NULLABLE),
	T("created_at", FT_TIME, FF_READONLY | FF_SORT),
	T("updated_at", FT_TIME, FF_READONLY | FF_SORT),
};

/* The admin-managed category tree: a category with a parent is a
 * subcategory. */
static const struct field_def category_fields[] = {
	T("id", FT_ID, FF_READONLY | FF_SORT),
	T("name", FT_TEXT, FF_REQUIRED | FF_SORT | FF_SEARCH, .max_len = 100),
	T("parent_id", FT_REF, FF_NULLABLE | FF_FILTER, .ref = "categories"),
	T("active", FT_BOOL, FF_FILTER),
	T("created_at", FT_TIME, FF_READONLY | FF_SORT),
	T("updated_at", FT_TIME, FF_READONLY | FF_SORT),
};

/* A person's saved ticket list: a name and the query string of the list. */
static const struct field_def queue_fields[] = {
	T("id", FT_ID, FF_READONLY | FF_SORT),
	T("user_id", FT_REF, FF_READONLY | FF_FILTER, .ref = "users"),
	T("name", FT_TEXT, FF_REQUIRED | FF_SORT | FF_SEARCH, .max_len = 100),
	T("filter", FT_TEXT, FF_REQUIRED, .max_len = 1000),
	T("created_at", FT_TIME, FF_READONLY | FF_SORT),
	T("updated_at", FT_TIME, FF_READONLY | FF_SORT),
};

/* The service catalogue: what people may request, its form (an array of
 * field definitions), its approval and its fulfilment tasks (an array of
 * {title, group_id}); api/catalog.c checks the shapes. */
static const struct field_def catalog_item_fields[] = {
	T("id", FT_ID, FF_READONLY | FF_SORT),
	T("name", FT_TEXT, FF_REQUIRED | FF_SORT | FF_SEARCH, .max_len = 200),
	T("description", FT_TEXT, FF_SEARCH, .max_len = 5000),
	T("category_id", FT_REF, FF_NULLABLE | FF_FILTER, .ref = "categories"),
	T("form", FT_JSON, 0, .max_len = 65536),
	T("approval", FT_ENUM, FF_FILTER,
	  .choices = (const char *const[]){"none", "manager", "approvers", NULL}),
	T("approver_ids", FT_LINKS, 0, .ref = "users", .link_table = "catalog_item_approvers",
	  .link_self = "item_id", .link_other = "user_id"),
	T("tasks", FT_JSON, 0, .max_len = 65536),
	T("active", FT_BOOL, FF_FILTER),
	T("created_at", FT_TIME, FF_READONLY | FF_SORT),
	T("updated_at", FT_TIME, FF_READONLY | FF_SORT),
};

/* Fulfilment tasks of a service request, one per group that has work. */
static const struct field_def task_fields[] = {
	T("id", FT_ID, FF_READONLY | FF_SORT),
	T("ticket_id", FT_REF, FF_READONLY | FF_FILTER, .ref = "tickets"),
	T("title", FT_TEXT, FF_REQUIRED | FF_SEARCH, .max_len = 200),
	T("group_id", FT_REF, FF_NULLABLE | FF_FILTER, .ref = "groups"),
	T("assignee_id", FT_REF, FF_NULLABLE | FF_FILTER, .ref = "users"),
	T("status", FT_ENUM, FF_FILTER,
	  .choices = (const char *const[]){"open", "done", "cancelled", NULL}),
	T("done_at", FT_TIME, FF_READONLY | FF_NULLABLE),
	T("created_at", FT_TIME, FF_READONLY | FF_SORT),
	T("updated_at", FT_TIME, FF_READONLY | FF_SORT),
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

const struct record_def record_users = {
	"users", "users", "user", user_fields, COUNT(user_fields), "id", "organisation_id"};
const struct record_def record_groups = {
	"groups", "assignment_groups", "group", group_fields, COUNT(group_fields), NULL, NULL};
const struct record_def record_organisations = {"organisations",
						"organisations",
						"organisation",
						organisation_fields,
						COUNT(organisation_fields),
						NULL,
						"id"};

const struct record_def record_tokens = {
	"tokens", "api_tokens", "token", token_fields, COUNT(token_fields), "user_id", NULL};

const struct record_def record_tickets = {
	"tickets",	"tickets",	   "ticket", ticket_fields, COUNT(ticket_fields),
	"requester_id", "organisation_id", "-id",    true};
const struct record_def record_categories = {
	"categories",		"categories", "category", category_fields,
	COUNT(category_fields), NULL,	      NULL};

const struct record_def record_queues = {
	"queues", "saved_queues", "queue", queue_fields, COUNT(queue_fields), "user_id", NULL};

const struct record_def record_catalog_items = {
	.name = "catalog_items",
	.table = "catalog_items",
	.label = "catalogue item",
	.fields = catalog_item_fields,
	.nfields = COUNT(catalog_item_fields),
	.path = "catalog/items",
};
const struct record_def record_tasks = {
	"tasks", "ticket_tasks", "task", task_fields, COUNT(task_fields), NULL, NULL};

static const struct record_def *const all[] = {
	&record_users,	    &record_groups, &record_organisations, &record_tokens, &record_tickets,
	&record_categories, &record_queues, &record_catalog_items, &record_tasks};

const struct record_def *record_find(const char *name)
{
	for (int i = 0; i < COUNT(all); i++)
		if (!strcmp(all[i]->name, name))
			return all[i];
	return NULL;
}

const struct field_def *record_field(const struct record_def *d, const char *name)
{
	for (int i = 0; i < d->nfields; i++)
		if (!strcmp(d->fields[i].name, name))
			return &d->fields[i];
	return NULL;
}

bool utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		int n;
		unsigned cp, min;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1, cp = c & 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2, cp = c & 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if (i + (size_t)n >= len)
			return false;
		for (int k = 1; k <= n; k++) {
			if ((s[i + (size_t)k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + (size_t)k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += (size_t)n + 1;
	}
	return true;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static bool has_control(const char *s, size_t len, bool allow_newlines)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t'))) ||
		    c == 0x7f)
			return true;
	}
	return false;
}

/* Deliberately plain: one @, a dot in the domain, no spaces. Whether the
 * mailbox exists is for the mail system to say. */
static bool email_ok(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);

	if (!at || at == s || memchr(at + 1, '@', len - (size_t)(at - s) - 1))
		return false;
	const char *dom = at + 1;
	size_t dlen = len - (size_t)(dom - s);
	if (dlen < 3 || !memchr(dom, '.', dlen) || dom[0] == '.' || dom[dlen - 1] == '.')
		return false;
	for (size_t i = 0; i < len; i++)
		if (isspace((unsigned char)s[i]) || s[i] == ',' || s[i] == '<' || s[i] == '>')
			return false;
	return true;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool date_ok(const char *s, size_t len)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

static bool lang_ok(const char *s, size_t len)
{
	static const char *const langs[] = {"en", "nl", "nb", "sv"};

	for (int i = 0; i < COUNT(langs); i++)
		if (len == 2 && !memcmp(s, langs[i], 2))
			return true;
	return false;
}

/* The syntax of an IANA name ("Europe/Amsterdam", "UTC"); whether the zone
 * exists is checked against the system's zone database by the caller. */
static bool tz_ok(const char *s, size_t len)
{
	if (!len || s[0] == '/' || s[len - 1] == '/')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!isalnum((unsigned char)c) && c != '/' && c != '_' && c != '-' && c != '+')
			return false;
		if (c == '.' || (c == '/' && s[i + 1] == '/'))
			return false;
	}
	return true;
}

int field_check_text(const struct field_def *f, const char *s, size_t len, struct loket_err *err)
{
	if (!utf8_valid(s, len))
		return loket_err_field(err, f->name, "is not valid UTF-8");
	if (has_control(s, len, f->type == FT_TEXT && f->max_len > 200))
		return loket_err_field(err, f->name, "contains control characters");
	if (f->max_len && utf8_length(s, len) > (size_t)f->max_len)
		return loket_err_field(err, f->name, "is longer than %d characters", f->max_len);
	if ((f->flags & FF_REQUIRED) && f->type == FT_TEXT && len == 0)
		return loket_err_field(err, f->name, "must not be empty");
	switch (f->type) {
	case FT_EMAIL:
		if (!email_ok(s, len))
			return loket_err_field(err, f->name, "is not a valid e-mail address");
		break;
	case FT_DATE:
		if (!date_ok(s, len))
			return loket_err_field(err, f->name, "is not a date (YYYY-MM-DD)");
		break;
	case FT_LANG:
		if (!lang_ok(s, len))
			return loket_err_field(err, f->name, "must be one of en, nl, nb, sv");
		break;
	case FT_TZ:
		if (!tz_ok(s, len))
			return loket_err_field(err, f->name, "is not a time zone name");
		break;
	default: break;
	}
	return 0;
}
