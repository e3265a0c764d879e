/* http_int.h - what http_list.c (and the engine's tests) need from the
 * engine's insides. */
#ifndef INVENTAIRE_HTTP_INT_H
#define INVENTAIRE_HTTP_INT_H

#include "crawler/net/http.h"

unsigned http_engine_max_pages(const struct http_engine *e);
/* The most response-body bytes held at once so far (tests). */
size_t http_engine_peak_buffered(const struct http_engine *e);

/*
 * One request, sent with retries, rate-limit waits, redirects and the
 * cache; each attempt it sends adds one to *REQUESTS (NULL: no count).
 * ACCT (may be NULL) scopes the token: it is sent, through FORGE's
 * auth_header(), only to the origin of ACCT->api_url. DONE is called once
 * with rc 0 and the final response (any status the engine does not retry:
 * 2xx, 3xx without Location, 4xx), or with a negative code (error_last()
 * says why) and RESP NULL. RESP lives until DONE returns. REQ and ACCT are
 * copied.
 */
typedef void (*http_done_cb)(int rc, const struct http_resp *resp,
                             void *payload);
int http_engine_fetch(struct http_engine *e, const struct http_req *req,
                      const struct forge *forge, const struct account *acct,
                      http_done_cb done, void *payload,
                      unsigned long *requests);

#endif
