/* JSON (jansson) into the view model, for values kept as JSON text. */
#ifndef LOKET_JSONVIEW_H
#define LOKET_JSONVIEW_H

#include <jansson.h>

#include "util/view.h"

/* A copy of j in the arena. */
struct view *view_from_json(struct arena *a, const json_t *j);
/* Parsed JSON text in the arena; null when the text is not JSON. */
struct view *view_from_json_text(struct arena *a, const char *text);

#endif
