/* forge.c - request helpers shared by the plug-ins. */
#include "forges/forge.h"

#include <errno.h>
#include <stdlib.h>
#include <strings.h>

#include "lib/alloc.h"

int http_req_new(struct http_req **out, const char *method, const char *url,
                 int step)
{
	struct http_req *req = xcalloc(1, sizeof(*req));

	req->method = xstrdup(method);
	req->url = xstrdup(url);
	req->step = step;
	*out = req;
	return 0;
}

void http_req_add_header(struct http_req *req, const char *name,
                         const char *value)
{
	req->headers = xrealloc(req->headers,
	                        (req->nheaders + 1) * sizeof(*req->headers));
	req->headers[req->nheaders].name = xstrdup(name);
	req->headers[req->nheaders].value = xstrdup(value);
	req->nheaders++;
}

void http_req_free(struct http_req *req)
{
	if (!req)
		return;
	for (size_t i = 0; i < req->nheaders; i++) {
		free(req->headers[i].name);
		free(req->headers[i].value);
	}
	free(req->headers);
	free(req->method);
	free(req->url);
	free(req->body);
	free(req);
}

const char *http_resp_header(const struct http_resp *resp, const char *name)
{
	for (size_t i = 0; i < resp->nheaders; i++)
		if (!strcasecmp(resp->headers[i].name, name))
			return resp->headers[i].value;
	return NULL;
}
