/* Errors a user must be able to read: a code (which becomes the HTTP status
 * in http/), a message, and for validation the fields that are wrong.
 * Functions return 0 or a negative LOKET_E* code and fill 'err' when given. */
#ifndef LOKET_ERR_H
#define LOKET_ERR_H

enum loket_code {
	LOKET_OK = 0,
	LOKET_EINVAL = -1,	  /* 400: bad input, see fields */
	LOKET_EAUTH = -2,	  /* 401: who are you? */
	LOKET_EFORBIDDEN = -3,	  /* 403: not allowed for your roles */
	LOKET_ENOTFOUND = -4,	  /* 404 */
	LOKET_EMETHOD = -5,	  /* 405 */
	LOKET_ECONFLICT = -6,	  /* 409: state or uniqueness */
	LOKET_EPRECOND = -7,	  /* 412: stale If-Match */
	LOKET_ETOOBIG = -8,	  /* 413 */
	LOKET_EMEDIA = -9,	  /* 415 */
	LOKET_ETOOMANY = -10,	  /* 429: throttled, see retry_after */
	LOKET_EPRECOND_REQ = -11, /* 428: If-Match required */
	LOKET_EDB = -20,	  /* 500: the database failed */
	LOKET_EINTERNAL = -21,	  /* 500 */
	LOKET_EUNAVAILABLE = -22  /* 503 */
};

enum { LOKET_ERR_MAX_FIELDS = 16 };

struct loket_field_err {
	char field[64];
	char message[200];
};

struct loket_err {
	int code;
	char message[256];
	int nfields;
	struct loket_field_err fields[LOKET_ERR_MAX_FIELDS];
	int retry_after; /* seconds, with LOKET_ETOOMANY */
};

/* Sets code and message (and one field when 'field' is not NULL); returns
 * code so that callers can write 'return loket_err_set(...)'. err may be NULL. */
int loket_err_set(struct loket_err *err, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Adds a field error (code becomes LOKET_EINVAL); returns LOKET_EINVAL. */
int loket_err_field(struct loket_err *err, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void loket_err_clear(struct loket_err *err);
/* HTTP status for a code. */
int loket_err_status(int code);
/* Short title for a code ("Bad Request", ...). */
const char *loket_err_title(int code);

#endif
