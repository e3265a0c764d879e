/* http_int.h - what http_list.c needs from the engine's insides. */
#ifndef INVENTAIRE_HTTP_INT_H
#define INVENTAIRE_HTTP_INT_H

#include "crawler/net/http.h"

unsigned http_engine_max_pages(const struct http_engine *e);
/* http_engine_fetch() that adds each attempt it sends to *REQUESTS (NULL:
 * no count). */
int http_engine_fetch_counted(struct http_engine *e, const struct http_req *req,
                              const struct forge *forge,
                              const struct account *acct, http_done_cb done,
                              void *payload, unsigned long *requests);

#endif
