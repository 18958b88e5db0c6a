/* A growing text buffer with a size cap, a sticky error and escaping writers.
 * Check buf_failed() once after a series of writes. */
#ifndef LOKET_BUF_H
#define LOKET_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	char *data; /* NUL-terminated while not failed; NULL until the first write */
	size_t len, alloc, cap;
	bool failed; /* a write would have passed the cap */
};

#define BUF_INIT(cap_)                    \
	{                                 \
		NULL, 0, 0, (cap_), false \
	}

void buf_init(struct buf *b, size_t cap);
void buf_add(struct buf *b, const char *s, size_t n);
/* Raw text: only for text we wrote ourselves. */
void buf_add_raw(struct buf *b, const char *s);
void buf_add_char(struct buf *b, char c);
void buf_add_fmt(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_add_int(struct buf *b, int64_t v);
/* Escaped for HTML text and attribute values (& < > " ' `=). */
void buf_add_html(struct buf *b, const char *s);
void buf_add_html_n(struct buf *b, const char *s, size_t n);
/* A JSON string literal with its quotes; control characters as \u00XX. */
void buf_add_json_str(struct buf *b, const char *s);
void buf_add_json_str_n(struct buf *b, const char *s, size_t n);
/* Percent-encoded for a URL query value (RFC 3986 unreserved kept). */
void buf_add_url(struct buf *b, const char *s);
bool buf_failed(const struct buf *b);
/* The text ("" when empty); borrowed from b. */
const char *buf_str(const struct buf *b);
/* Hands the text to the caller (free() it) and empties b. */
char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b);
void buf_release(struct buf *b);

#endif
