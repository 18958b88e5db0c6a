/* Pages from the embedded Mustache templates (src/web/templates, *.mustache),
 * compiled once at first use and shared by every thread. */
#ifndef LOKET_RENDER_H
#define LOKET_RENDER_H

#include "http/http.h"

/* Renders template 'name' (without .mustache) against v as the response. */
int web_render(struct http_req *r, int status, const char *name, struct view *v);

#endif
