/* tests/fuzz/text_fields.c: any bytes as the text of every field of every
 * record type, and utf8_valid()/utf8_length() against a decoder written
 * from RFC 3629's table of well-formed sequences. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/record.h"

/* Every record type, looked up by its name as the routes name it. */
static const char *const type_names[] = {"users",  "groups",	    "organisations",
					 "tokens", "tickets",	    "categories",
					 "queues", "catalog_items", "tasks"};

/* The length of the well-formed sequence at s[0..n), or 0 (RFC 3629
 * section 4: the second byte's range rules out overlongs and surrogates). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	static const struct {
		unsigned char lo, hi, lo2, hi2;
		size_t len;
	} seqs[] = {
		{0x00, 0x7f, 0, 0, 1},	     {0xc2, 0xdf, 0x80, 0xbf, 2},
		{0xe0, 0xe0, 0xa0, 0xbf, 3}, {0xe1, 0xec, 0x80, 0xbf, 3},
		{0xed, 0xed, 0x80, 0x9f, 3}, {0xee, 0xef, 0x80, 0xbf, 3},
		{0xf0, 0xf0, 0x90, 0xbf, 4}, {0xf1, 0xf3, 0x80, 0xbf, 4},
		{0xf4, 0xf4, 0x80, 0x8f, 4},
	};

	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		if (s[0] < seqs[i].lo || s[0] > seqs[i].hi)
			continue;
		if (seqs[i].len == 1)
			return 1;
		if (n < seqs[i].len || s[1] < seqs[i].lo2 || s[1] > seqs[i].hi2)
			return 0;
		for (size_t k = 2; k < seqs[i].len; k++)
			if ((s[k] & 0xc0) != 0x80)
				return 0;
		return seqs[i].len;
	}
	return 0;
}

/* Code points in s, or -1 when it is not well-formed. */
static long reference_length(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	long n = 0;

	for (size_t i = 0, k; i < len; i += k, n++)
		if (!(k = utf8_seq(s + i, len - i)))
			return -1;
	return n;
}

static void check_utf8(const char *s, size_t len)
{
	long want = reference_length(s, len);

	if (utf8_valid(s, len) != (want >= 0))
		abort();
	if (want >= 0 && utf8_length(s, len) != (size_t)want)
		abort();
}

/* What passes goes to SQL, JSON and C strings: no NUL, no broken UTF-8,
 * and the type's own syntax holds. */
static void check_accepted(const struct field_def *f, const char *s, size_t len)
{
	if (memchr(s, '\0', len) || !utf8_valid(s, len))
		abort();
	if (f->max_len && utf8_length(s, len) > (size_t)f->max_len)
		abort();
	switch (f->type) {
	case FT_EMAIL:
		if (!memchr(s, '@', len))
			abort();
		break;
	case FT_DATE:
		if (len != 10)
			abort();
		break;
	case FT_LANG:
		if (len != 2)
			abort();
		break;
	case FT_TZ:
		if (!len || s[0] == '/' || memchr(s, '.', len))
			abort();
		break;
	default: break;
	}
}

static void check_field(const struct field_def *f, const char *s, size_t len)
{
	struct loket_err err = {0};
	int rc = field_check_text(f, s, len, &err);

	if (!rc)
		check_accepted(f, s, len);
	else if (rc != LOKET_EINVAL || err.nfields != 1 || strcmp(err.fields[0].field, f->name))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	check_utf8(s, size);
	for (size_t t = 0; t < sizeof(type_names) / sizeof(type_names[0]); t++) {
		const struct record_def *d = record_find(type_names[t]);
		for (int i = 0; d && i < d->nfields; i++)
			check_field(&d->fields[i], s, size);
	}
	return 0;
}
