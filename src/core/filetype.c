#include "core/filetype.h"

#include <string.h>
#include <strings.h>

#include "core/record.h"

enum magic { M_NONE, M_PNG, M_JPEG, M_GIF, M_WEBP, M_PDF, M_ZIP, M_OLE, M_TEXT };

static const struct {
	const char *type;
	enum magic magic;
} allowed[] = {
	{"image/png", M_PNG},
	{"image/jpeg", M_JPEG},
	{"image/gif", M_GIF},
	{"image/webp", M_WEBP},
	{"application/pdf", M_PDF},
	{"application/zip", M_ZIP},
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", M_ZIP},
	{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", M_ZIP},
	{"application/vnd.openxmlformats-officedocument.presentationml.presentation", M_ZIP},
	{"application/vnd.oasis.opendocument.text", M_ZIP},
	{"application/vnd.oasis.opendocument.spreadsheet", M_ZIP},
	{"application/msword", M_OLE},
	{"application/vnd.ms-excel", M_OLE},
	{"application/vnd.ms-outlook", M_OLE},
	{"text/plain", M_TEXT},
	{"text/csv", M_TEXT},
	{"message/rfc822", M_TEXT},
	{"application/octet-stream", M_NONE},
};

static bool starts(const unsigned char *d, size_t n, const char *sig, size_t len)
{
	return n >= len && !memcmp(d, sig, len);
}

static bool is_text(const unsigned char *d, size_t n)
{
	return !memchr(d, 0, n) && utf8_valid((const char *)d, n);
}

static bool matches(enum magic m, const unsigned char *d, size_t n)
{
	switch (m) {
	case M_PNG: return starts(d, n, "\x89PNG\r\n\x1a\n", 8);
	case M_JPEG: return starts(d, n, "\xff\xd8\xff", 3);
	case M_GIF: return starts(d, n, "GIF87a", 6) || starts(d, n, "GIF89a", 6);
	case M_WEBP: return starts(d, n, "RIFF", 4) && n >= 12 && !memcmp(d + 8, "WEBP", 4);
	case M_PDF: return starts(d, n, "%PDF-", 5);
	case M_ZIP: return starts(d, n, "PK\x03\x04", 4);
	case M_OLE: return starts(d, n, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	case M_TEXT: return is_text(d, n);
	default: return true;
	}
}

/* Windows and Linux programs, whatever name or type they come with. */
static bool is_program(const unsigned char *d, size_t n)
{
	return starts(d, n, "MZ", 2) ||
	       starts(d, n,
		      "\x7f"
		      "ELF",
		      4) ||
	       starts(d, n, "#!", 2);
}

int filetype_check(const char *content_type, const void *data, size_t size, struct loket_err *err)
{
	const unsigned char *d = data;
	size_t tlen = content_type ? strcspn(content_type, "; ") : 0;

	if (!size)
		return loket_err_set(err, LOKET_EINVAL, "file", "the file is empty");
	if (is_program(d, size))
		return loket_err_set(err, LOKET_EMEDIA, "content_type",
				     "programs cannot be attached");
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		if (strlen(allowed[i].type) != tlen ||
		    strncasecmp(allowed[i].type, content_type, tlen))
			continue;
		if (matches(allowed[i].magic, d, size))
			return 0;
		return loket_err_set(err, LOKET_EMEDIA, "content_type",
				     "the file is not what its type (%s) says", allowed[i].type);
	}
	return loket_err_set(err, LOKET_EMEDIA, "content_type",
			     "%.*s files cannot be attached; send images, PDF, office documents,"
			     " text, e-mails or archives",
			     (int)(tlen > 80 ? 80 : tlen), content_type ? content_type : "untyped");
}

int filetype_check_name(const char *name, struct loket_err *err)
{
	static const struct field_def def = {.name = "filename", .type = FT_TEXT, .max_len = 200};
	size_t n = name ? strlen(name) : 0;

	if (!n)
		return loket_err_field(err, "filename", "is required (?filename=)");
	if (strpbrk(name, "/\\") || !strcmp(name, ".") || !strcmp(name, ".."))
		return loket_err_field(err, "filename", "must be a name without folders");
	return field_check_text(&def, name, n, err);
}
