/* Which files may be attached: a declared content type from an allowed
 * list, and bytes that are what the type says (a "PNG" must start like a
 * PNG). Programs are refused whatever they are called. */
#ifndef LOKET_FILETYPE_H
#define LOKET_FILETYPE_H

#include <stddef.h>

#include "util/err.h"

/* 0 when 'data' may be attached as 'content_type' (parameters such as
 * "; charset=utf-8" ignored); else LOKET_EMEDIA naming content_type. */
int filetype_check(const char *content_type, const void *data, size_t size, struct loket_err *err);
/* 0 when a file name is 1 to 200 characters of valid UTF-8 without path
 * separators or control characters; else LOKET_EINVAL naming filename. */
int filetype_check_name(const char *name, struct loket_err *err);

#endif
