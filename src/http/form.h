/* application/x-www-form-urlencoded bodies (HTML forms). */
#ifndef LOKET_FORM_H
#define LOKET_FORM_H

#include <stddef.h>

#include "util/arena.h"

/* The decoded value of the first field called 'name' in body[0..len), from
 * the arena, or NULL when absent. '+' is a space and %XX a byte; a bad %
 * escape is kept as it is. The result may contain any bytes: validate it. */
const char *form_field(const char *body, size_t len, const char *name, struct arena *a);
/* Decodes one percent-encoded component into the arena. */
char *form_decode(const char *s, size_t len, struct arena *a);

/* Decodes a percent-encoded component in place ('+' is a space); returns
 * the new length. For query strings, which libmicrohttpd hands over. */
size_t form_decode_inplace(char *s);

#endif
