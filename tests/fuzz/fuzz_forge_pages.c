/*
 * fuzz_forge_pages.c - each forge plug-in's listing and owner parsers
 * (one file each in forges/) on any answer. The input is:
 *   byte 0   which plug-in (forge_registry order)
 *   byte 1   the account: an organisation, a user or a whole instance;
 *            its high bits, the step of the request answered
 *   byte 2   the HTTP status: 200, or another the plug-ins look at
 *   then     a Link header line, an X-Next-Page line, then the body.
 */
#include "tests/fuzz/fuzz.h"

#include "forges/forge.h"
#include "lib/error.h"
#include "lib/repo.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* The next line of P[0..*len), NUL-terminated copy; P and *LEN advance. */
static char *line(const uint8_t **p, size_t *len)
{
	const uint8_t *nl = memchr(*p, '\n', *len);
	size_t n = nl ? (size_t)(nl - *p) : *len;
	char *s = fuzz_string(*p, n);

	*p += n + (nl != NULL);
	*len -= n + (nl != NULL);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 200, 200, 200, 200, 404, 401, 403, 500 };
	static const enum account_kind kinds[] = { ACCOUNT_ORG, ACCOUNT_USER,
	                                           ACCOUNT_INSTANCE,
	                                           ACCOUNT_UNKNOWN };
	size_t nforges = 0;
	const struct forge *f;
	struct account acct = { "example.org", "https://example.org/api", "owner",
	                        ACCOUNT_ORG };
	struct http_header h[2];
	struct http_resp resp = { 0 };
	struct http_req *req = NULL, *next = NULL;
	struct repo_list repos = { 0 };
	struct owner ow;
	char *link, *xnext, *body;

	if (size < 3)
		return 0;
	while (forge_registry[nforges])
		nforges++;
	f = forge_registry[data[0] % nforges];
	acct.kind = kinds[data[1] & 3];
	if (acct.kind == ACCOUNT_INSTANCE)
		acct.owner = NULL;
	resp.status = statuses[data[2] & 7];
	data += 3;
	size -= 3;
	link = line(&data, &size);
	xnext = line(&data, &size);
	body = fuzz_exact(data, size);
	h[0] = (struct http_header){ "Link", link };
	h[1] = (struct http_header){ "X-Next-Page", xnext };
	resp.headers = h;
	resp.nheaders = 2;
	resp.body = body;
	resp.len = size;
	resp.url = "https://example.org/api/page";
	if (f->list_first(&req, &acct) == 0 && req) {
		req->step += (data[-1] >> 2) & 3;   /* a later request, too */
		f->list_parse(&repos, &next, &acct, req, &resp);
		http_req_free(next);
		next = NULL;
	}
	http_req_free(req);
	req = NULL;
	repo_list_clear(&repos);
	if (f->owner_first && f->owner_parse &&
	    f->owner_first(&req, &acct) == 0 && req) {
		owner_init(&ow);
		f->owner_parse(&ow, &next, &acct, req, &resp);
		owner_clear(&ow);
		http_req_free(next);
	}
	http_req_free(req);
	free(body);
	free(link);
	free(xnext);
	error_clear();
	return 0;
}
