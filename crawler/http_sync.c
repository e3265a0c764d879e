/*
 * http_sync.c - http_get_sync(): one blocking GET through a throw-away
 * engine, for callers that want a page, not a listing.
 */
#include <stdlib.h>

#include "http.h"
#include "util.h"

struct sync_result {
	int rc;
	char *err;
	char *body;
	size_t len;
	long status;
};

static void sync_done(int rc, const char *err, const struct http_resp *resp,
                      void *payload)
{
	struct sync_result *r = payload;

	r->rc = rc;
	if (rc < 0) {
		r->err = xstrdup(err ? err : "request failed");
		return;
	}
	r->status = resp->status;
	r->body = xstrndup(resp->body, resp->len);
	r->len = resp->len;
}

int http_get_sync(char **body, size_t *len, long *status, char **err,
                  const struct http_engine_opts *opts, const char *url)
{
	struct http_engine *e;
	struct http_req req = { 0 };
	struct sync_result r = { HTTP_ETRANSPORT, NULL, NULL, 0, 0 };
	int rc;

	*body = NULL;
	*len = 0;
	*status = 0;
	*err = NULL;
	rc = http_engine_new(&e, opts);
	if (rc < 0) {
		*err = xstrdup("cannot start libcurl");
		return rc;
	}
	req.method = (char *)"GET";
	req.url = (char *)url;
	rc = http_engine_fetch(e, &req, NULL, NULL, sync_done, &r);
	if (rc == 0)
		http_engine_run(e);
	else
		r.err = xasprintf("%s: cannot send", url);
	http_engine_free(e);
	if (r.rc < 0 || rc < 0) {
		*err = r.err ? r.err : xstrdup("request failed");
		free(r.body);
		return r.rc < 0 ? r.rc : rc;
	}
	*body = r.body;
	*len = r.len;
	*status = r.status;
	return 0;
}
