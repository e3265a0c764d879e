/*
 * gitea_search.c - account search on Gitea and Forgejo (codeberg.org and
 * self-hosted, API v1), for `inventaire discover` (search.h). Endpoints
 * are those of Gitea's API (its swagger, served at /api/swagger; the
 * handlers are in go-gitea/gitea, routers/api/v1/).
 *
 * The API has no organisation search: GET /orgs lists every organisation
 * with only page and limit (routers/api/v1/org/org.go, GetAll), and GET
 * /users/search returns people only (routers/api/v1/user/user.go, Search:
 * `Type: UserTypeIndividual`). So organisations are found through their
 * repositories, as owners:
 *
 *   GTS_REPOS   GET /repos/search?q=QUERY&includeDesc=true&limit=N: the
 *               owners of the repositories whose name or description
 *               matches; {"ok": true, "data": [...]}. An owner's kind is
 *               not said: its profile tells.
 *   GTS_USERS   then GET /users/search?q=QUERY&limit=N: people, whose
 *               user object is their whole profile.
 *   GTS_ORG     GET /orgs/O (website, location, description; the e-mail
 *               only to signed-in callers, org.go's Get); a 404 on an
 *               owner of unknown kind leads to
 *   GTS_USER    GET /users/U.
 *   GTS_REPOS_OF GET /orgs/O/repos?limit=N, or /users/U/repos.
 *   GTS_FILE    GET /repos/O/R/raw/PATH (the default branch's file).
 */
#include "forges/search_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"

enum {
	GTS_REPOS = 100,
	GTS_USERS = 101,
	GTS_ORG = 102,
	GTS_USER = 103,
	GTS_REPOS_OF = 104,
	GTS_FILE = 105,
};

static int gts_search_first(struct http_req **out, const struct account *site,
                            const char *query, unsigned max)
{
	char *words = search_words(query), *enc = forge_url_encode(words);

	forge_get(out, GTS_REPOS, "%s/repos/search?q=%s&includeDesc=true&limit=%u",
	          site->api_url, enc, max ? max : 10);
	free(words);
	free(enc);
	return 0;
}

/* The "data" array of a search answer ({"ok": true, "data": [...]}). */
static int search_data(json_t **root, const json_t **data,
                       const struct account *site, const struct http_req *req,
                       const struct http_resp *resp)
{
	int rc;

	if ((rc = forge_check_status(site, req, resp)) ||
	    (rc = forge_json_parse(root, site, req, resp)))
		return rc;
	*data = json_object_get(*root, "data");
	if (json_is_false(json_object_get(*root, "ok")) || !json_is_array(*data)) {
		json_decref(*root);
		*root = NULL;
		return forge_fail(ERROR_PARSE, site, req, resp, "expected a search "
		                  "answer {\"ok\": true, \"data\": [...]}");
	}
	return 0;
}

/* A Gitea user or organisation object's fields into H. */
static void hit_fields(struct search_hit *h, const json_t *u)
{
	h->name = forge_json_str(u, "full_name");
	h->description = forge_json_str(u, "description");
	h->website = forge_json_str(u, "website");
	h->email = forge_json_str(u, "email");
	h->location = forge_json_str(u, "location");
	h->html_url = forge_json_str(u, "html_url");
}

static bool seen(const struct search_hits *hits, size_t from, const char *login)
{
	for (size_t i = from; i < hits->n; i++)
		if (!strcasecmp(hits->v[i].login, login))
			return true;
	return false;
}

/* Append the account objects of DATA (repository owners when OWNERS),
 * each once. */
static int push_accounts(struct search_hits *hits, const json_t *data,
                         bool owners, const struct account *site,
                         const struct http_req *req,
                         const struct http_resp *resp)
{
	size_t from = hits->n;

	for (size_t i = 0; i < json_array_size(data); i++) {
		const json_t *u = json_array_get(data, i);
		struct search_hit h;

		if (owners)
			u = json_object_get(u, "owner");
		search_hit_init(&h);
		h.login = forge_json_str(u, "login");
		if (!h.login || strchr(h.login, '/')) {
			search_hit_clear(&h);
			return forge_fail(ERROR_PARSE, site, req, resp, "%s %zu has no "
			                  "usable \"login\"", owners ? "repository owner"
			                  : "user", i + 1);
		}
		if (seen(hits, from, h.login)) {
			search_hit_clear(&h);
			continue;
		}
		hit_fields(&h, u);
		h.kind = owners ? ACCOUNT_UNKNOWN : ACCOUNT_USER;
		h.profile = !owners;
		search_hits_push(hits, &h);
	}
	return 0;
}

static int gts_search_parse(struct search_hits *hits, struct http_req **next,
                            const struct account *site,
                            const struct http_req *req,
                            const struct http_resp *resp)
{
	json_t *root;
	const json_t *data;
	int rc;

	*next = NULL;
	if ((rc = search_data(&root, &data, site, req, resp)))
		return rc;
	rc = push_accounts(hits, data, req->step == GTS_REPOS, site, req, resp);
	json_decref(root);
	if (rc == 0 && req->step == GTS_REPOS) {
		/* The same words, among people: the query is the one
		 * gts_search_first() wrote, between "?q=" and "&". */
		const char *q = strstr(req->url, "?q=");
		const char *end = q ? strchr(q + 3, '&') : NULL;
		const char *lim = strstr(req->url, "&limit=");

		if (!q || !end)
			return forge_fail(ERROR_PARSE, site, req, resp, "cannot find "
			                  "the query in the request");
		forge_get(next, GTS_USERS, "%s/users/search?q=%.*s&limit=%s",
		          site->api_url, (int)(end - q - 3), q + 3,
		          lim ? lim + 7 : "10");
	}
	return rc;
}

static int gts_profile_first(struct http_req **out, const struct account *acct)
{
	char *o;

	*out = NULL;
	if (!acct->owner || !*acct->owner)
		return forge_need_owner(acct);
	o = forge_url_encode(acct->owner);
	if (acct->kind == ACCOUNT_USER)
		forge_get(out, GTS_USER, "%s/users/%s", acct->api_url, o);
	else
		forge_get(out, GTS_ORG, "%s/orgs/%s", acct->api_url, o);
	free(o);
	return 0;
}

static void replace(char **slot, char *value)
{
	if (value) {
		free(*slot);
		*slot = value;
	}
}

static int gts_profile_parse(struct search_hit *hit, struct http_req **next,
                             const struct account *acct,
                             const struct http_req *req,
                             const struct http_resp *resp)
{
	struct search_hit h;
	json_t *root;
	int rc;

	*next = NULL;
	if (req->step == GTS_ORG && resp->status == 404 &&
	    acct->kind != ACCOUNT_ORG) {
		char *o = forge_url_encode(acct->owner);

		forge_get(next, GTS_USER, "%s/users/%s", acct->api_url, o);
		free(o);
		return 0;
	}
	if ((rc = forge_check_status(acct, req, resp)) ||
	    (rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	if (!json_is_object(root) || (!forge_json_cstr(root, "username") &&
	                              !forge_json_cstr(root, "login"))) {
		json_decref(root);
		return forge_fail(ERROR_PARSE, acct, req, resp, "expected an "
		                  "account object with a \"username\"");
	}
	search_hit_init(&h);
	hit_fields(&h, root);
	replace(&hit->name, h.name);
	replace(&hit->description, h.description);
	replace(&hit->website, h.website);
	replace(&hit->email, h.email);
	replace(&hit->location, h.location);
	replace(&hit->html_url, h.html_url);
	hit->kind = req->step == GTS_ORG ? ACCOUNT_ORG : ACCOUNT_USER;
	hit->profile = true;
	json_decref(root);
	return 0;
}

static int gts_repos_first(struct http_req **out, const struct account *acct,
                           unsigned max)
{
	char *o = forge_url_encode(acct->owner ? acct->owner : "");

	forge_get(out, GTS_REPOS_OF, "%s/%s/%s/repos?limit=%u", acct->api_url,
	          acct->kind == ACCOUNT_USER ? "users" : "orgs", o, max ? max : 5);
	free(o);
	return 0;
}

static int gts_file_first(struct http_req **out, const struct account *acct,
                          const struct search_repo *r, const char *path)
{
	char *full = search_encode_path(r->full_name);
	char *file = search_encode_path(path ? path : "README.md");
	char *url = xasprintf("%s/repos/%s/raw/%s", acct->api_url, full, file);

	/* Raw bytes, not JSON: no Accept: application/json. */
	http_req_new(out, "GET", url, GTS_FILE);
	free(full);
	free(file);
	free(url);
	return 0;
}

const struct forge_search forge_gitea_search = {
	.finds = "owners of the repositories a search finds, and people",
	.search_first = gts_search_first,
	.search_parse = gts_search_parse,
	.profile_first = gts_profile_first,
	.profile_parse = gts_profile_parse,
	.repos_first = gts_repos_first,
	.repos_parse = search_repos_parse,
	.file_first = gts_file_first,
};
