/* Catalogue forms: a form is a JSON array of field definitions
 *   {"name": "laptop_model", "label": "Model", "type": "choice",
 *    "required": true, "choices": ["14 inch", "16 inch"], "max_length": 200}
 * with types text, long_text, choice, multi_choice, date, user and ci.
 * Nothing here touches the database: the fuzzers drive it directly. */
#ifndef LOKET_FORM_DEF_H
#define LOKET_FORM_DEF_H

#include <jansson.h>

#include "util/arena.h"
#include "util/err.h"

/* Checks a form definition; errors name "form[i].key". */
int form_check_definition(const json_t *form, struct loket_err *err);
/* Checks submitted values against a (valid) form: every required field,
 * the type of each, no unknown names; errors name "values.<name>". Fills
 * '*users' (from the arena, -1 terminated) with the ids of user fields,
 * which the caller checks exist. */
int form_check_values(const json_t *form, const json_t *values, struct arena *a,
		      const int64_t **users, struct loket_err *err);
/* "Label: value" lines of the values, for the ticket's description. */
const char *form_describe(const json_t *form, const json_t *values, struct arena *a);

#endif
