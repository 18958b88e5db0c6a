#include "http/form.h"

#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* out may be s itself: decoding never makes text longer. */
static size_t decode_into(char *out, const char *s, size_t len)
{
	char *o = out;

	for (size_t i = 0; i < len; i++) {
		int hi, lo;
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < len && (hi = hexval(s[i + 1])) >= 0 &&
			   (lo = hexval(s[i + 2])) >= 0) {
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return (size_t)(o - out);
}

char *form_decode(const char *s, size_t len, struct arena *a)
{
	char *out = arena_alloc(a, len + 1);

	decode_into(out, s, len);
	return out;
}

size_t form_decode_inplace(char *s)
{
	return decode_into(s, s, strlen(s));
}

const char *form_field(const char *body, size_t len, const char *name, struct arena *a)
{
	size_t nlen = strlen(name), i = 0;

	while (i < len) {
		const char *amp = memchr(body + i, '&', len - i);
		size_t end = amp ? (size_t)(amp - body) : len;
		const char *eq = memchr(body + i, '=', end - i);
		size_t klen = eq ? (size_t)(eq - body) - i : end - i;
		char *key = form_decode(body + i, klen, a);
		if (strlen(key) == nlen && !memcmp(key, name, nlen)) {
			if (!eq)
				return "";
			size_t vstart = (size_t)(eq - body) + 1;
			return form_decode(body + vstart, end - vstart, a);
		}
		i = end + 1;
	}
	return NULL;
}
