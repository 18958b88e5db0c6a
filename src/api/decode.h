/* Request decoding: a JSON body into a record's values, a query string into
 * a list query. Every problem is named by field; nothing here touches the
 * database, so the fuzzers can drive it directly. */
#ifndef LOKET_DECODE_H
#define LOKET_DECODE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/record.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/view.h"

/* Parses a JSON object (duplicate keys refused). Free with json_decref(). */
int api_parse_object(const char *body, size_t len, json_t **out, struct loket_err *err);
/* Turns a JSON object into storage-form values of record type d. On
 * 'create', required fields must be present. Unknown and read-only fields,
 * wrong types and bad values are all reported, one error per field. */
int api_decode_record(const struct record_def *d, json_t *obj, bool create, struct arena *a,
		      struct view **out, struct loket_err *err);

/* Looks up a query parameter by name (NULL when absent). */
typedef const char *(*api_query_get)(void *ctx, const char *name);

/* The list parameters limit, cursor, sort, q and the record type's filter
 * fields, into q. Unknown parameters are checked by the caller with
 * api_list_params(). */
int api_decode_list(const struct record_def *d, api_query_get get, void *ctx, struct arena *a,
		    struct list_query *q, struct loket_err *err);
/* The parameter names a list of d accepts (NULL-terminated, from the arena). */
const char *const *api_list_params(const struct record_def *d, struct arena *a);

#endif
