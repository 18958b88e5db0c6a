/* Record types described as data: their fields, types and rules. The store
 * turns a description into SQL, the API into validation and JSON, the audit
 * trail into per-field journal rows. One description, every layer. */
#ifndef LOKET_RECORD_H
#define LOKET_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum field_type {
	FT_ID,	  /* the primary key */
	FT_TEXT,  /* text of at most max_len characters */
	FT_EMAIL, /* an e-mail address, kept in lower case */
	FT_BOOL,  /* 0/1 in the database, true/false in JSON */
	FT_INT,
	FT_REF,	  /* the id of a record of type 'ref', or null */
	FT_DATE,  /* YYYY-MM-DD, or null */
	FT_TIME,  /* epoch ms in the database, RFC 3339 UTC in JSON */
	FT_LANG,  /* en, nl, nb, sv */
	FT_TZ,	  /* an IANA time zone name */
	FT_ROLES, /* a bit set in the database, an array of role names in JSON */
	FT_LINKS, /* ids of 'ref' records kept in a link table */
	FT_ENUM,  /* one of 'choices' */
	FT_TAGS,  /* short labels: ",a,b," in the database, an array in JSON */
	FT_JSON,  /* a JSON array, kept as text; its shape is checked by the handler */
};

enum field_flag {
	FF_REQUIRED = 1 << 0, /* must be given when the record is created */
	FF_READONLY = 1 << 1, /* kept by Loket, never written by clients */
	FF_NULLABLE = 1 << 2,
	FF_SORT = 1 << 3,   /* may be named in ?sort= (NOT NULL columns only) */
	FF_FILTER = 1 << 4, /* may be used as ?field=value */
	FF_SEARCH = 1 << 5, /* matched by ?q= */
	FF_SELF = 1 << 6,   /* users may change it on their own record */
};

struct field_def {
	const char *name; /* in JSON, in the database and in the journal */
	enum field_type type;
	unsigned flags;
	int max_len;		/* FT_TEXT: characters */
	const char *ref;	/* FT_REF, FT_LINKS: the record type referred to */
	const char *link_table; /* FT_LINKS: table(link_self, link_other) */
	const char *link_self, *link_other;
	const char *const *choices; /* FT_ENUM: NULL-terminated */
	int min, max;		    /* FT_INT: the range, when max > min */
};

struct record_def {
	const char *name;  /* the API collection and the journal's resource name */
	const char *table; /* the database table */
	const char *label; /* "user", for messages */
	const struct field_def *fields;
	int nfields;
	/* For permissions: the column naming the user a record is, or belongs
	 * to, and the column naming its organisation (NULL when none). */
	const char *owner_field, *org_field;
	const char *default_sort; /* "-id" for newest first; NULL: by id */
	bool fulltext;		  /* ?q= searches the full-text index (store/search.c) */
	const char *path;	  /* under /api/v1 when it is not 'name' ("catalog/items") */
};

extern const struct record_def record_users;
extern const struct record_def record_groups;
extern const struct record_def record_organisations;
extern const struct record_def record_tokens;
extern const struct record_def record_tickets;
extern const struct record_def record_categories;
extern const struct record_def record_queues;
extern const struct record_def record_catalog_items;
extern const struct record_def record_tasks;

/* A record type by collection name, or NULL. */
const struct record_def *record_find(const char *name);
/* A field by name, or NULL. */
const struct field_def *record_field(const struct record_def *d, const char *name);

/* Checks text for a field of type FT_TEXT, FT_EMAIL, FT_DATE, FT_LANG or
 * FT_TZ: valid UTF-8 without control characters, the length limit and the
 * type's syntax. Fills err naming the field and returns LOKET_EINVAL when
 * the text is wrong. */
int field_check_text(const struct field_def *f, const char *s, size_t len, struct loket_err *err);
/* True when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);
/* Number of code points in valid UTF-8. */
size_t utf8_length(const char *s, size_t len);

#endif
