#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* snprintf cuts at a byte: never leave half a UTF-8 character at the end,
 * which would make the whole problem document invalid UTF-8. */
static void utf8_trim(char *s)
{
	size_t n = strlen(s), start = n;
	unsigned char c;
	size_t need;

	while (start > 0 && ((unsigned char)s[start - 1] & 0xc0) == 0x80)
		start--;
	if (start == 0)
		return;
	c = (unsigned char)s[start - 1];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (n - (start - 1) < need)
		s[start - 1] = '\0';
}

static void add_field(struct loket_err *err, const char *field, const char *msg)
{
	if (err->nfields >= LOKET_ERR_MAX_FIELDS)
		return;
	struct loket_field_err *f = &err->fields[err->nfields++];
	snprintf(f->field, sizeof(f->field), "%s", field);
	utf8_trim(f->field);
	snprintf(f->message, sizeof(f->message), "%.*s", (int)sizeof(f->message) - 1, msg);
	utf8_trim(f->message);
}

int loket_err_set(struct loket_err *err, int code, const char *field, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	utf8_trim(err->message);
	err->code = code;
	if (field)
		add_field(err, field, err->message);
	return code;
}

int loket_err_field(struct loket_err *err, const char *field, const char *fmt, ...)
{
	if (!err)
		return LOKET_EINVAL;
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	size_t used = strlen(err->message);
	if (err->code != LOKET_EINVAL || !err->nfields || used >= sizeof(err->message) - 1) {
		if (err->code != LOKET_EINVAL || !err->nfields)
			used = 0;
		err->code = LOKET_EINVAL;
	}
	/* "email: is not valid; name: is required": every field in the detail. */
	snprintf(err->message + used, sizeof(err->message) - used, "%s%s: %s", used ? "; " : "",
		 field, msg);
	utf8_trim(err->message);
	add_field(err, field, msg);
	return LOKET_EINVAL;
}

void loket_err_clear(struct loket_err *err)
{
	memset(err, 0, sizeof(*err));
}

static const struct {
	int code, status;
	const char *title;
} codes[] = {
	{LOKET_EINVAL, 400, "Bad Request"},
	{LOKET_EAUTH, 401, "Unauthorized"},
	{LOKET_EFORBIDDEN, 403, "Forbidden"},
	{LOKET_ENOTFOUND, 404, "Not Found"},
	{LOKET_EMETHOD, 405, "Method Not Allowed"},
	{LOKET_ECONFLICT, 409, "Conflict"},
	{LOKET_EPRECOND, 412, "Precondition Failed"},
	{LOKET_ETOOBIG, 413, "Content Too Large"},
	{LOKET_EMEDIA, 415, "Unsupported Media Type"},
	{LOKET_EPRECOND_REQ, 428, "Precondition Required"},
	{LOKET_ETOOMANY, 429, "Too Many Requests"},
	{LOKET_EUNAVAILABLE, 503, "Service Unavailable"},
};

int loket_err_status(int code)
{
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (codes[i].code == code)
			return codes[i].status;
	return 500;
}

const char *loket_err_title(int code)
{
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (codes[i].code == code)
			return codes[i].title;
	return "Internal Server Error";
}
