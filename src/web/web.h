/* The browser's pages: sign in and out, and the start page. */
#ifndef LOKET_WEB_H
#define LOKET_WEB_H

#include "http/http.h"

int web_login_page(struct http_req *r);
int web_login_check(struct http_req *r);
int web_login(struct http_req *r);
int web_logout(struct http_req *r);
int web_home(struct http_req *r);

#endif
