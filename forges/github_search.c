/*
 * github_search.c - account search on GitHub (github.com and Enterprise
 * Server), for `inventaire discover` (search.h). API:
 * https://docs.github.com/en/rest, pages cited by their path under it.
 *
 * Flows (req->step):
 *   GHS_SEARCH   GET /search/users?q=QUERY in:login,name&per_page=N
 *                (search/search#search-users). Without `type:` both
 *                organisations and people come back (search-github/
 *                searching-on-github/searching-users, "By default,
 *                searching users will return both personal and
 *                organizations"); without `in:` only the login and the
 *                e-mail are searched, and "you cannot search by email
 *                domain name" (same page): the domains come from the
 *                profiles. Best matches first; one page.
 *   GHS_ORG      GET /orgs/O (orgs/orgs#get-an-organization): blog,
 *                email, location, description, is_verified.
 *   GHS_USER     GET /users/U (users/users#get-a-user): blog, email,
 *                location, bio; "type" Organization leads to GHS_ORG.
 *   GHS_REPOS    GET /users/O/repos?type=owner&sort=pushed&per_page=N
 *                (repos/repos#list-repositories-for-a-user: answers for
 *                an organisation's login too).
 *   GHS_FILE     GET /repos/O/R/readme, /repos/O/R/contents/PATH with
 *                Accept: application/vnd.github.raw+json, which "returns
 *                the raw file contents" (repos/contents).
 *
 * Verified domains: the REST API says only whether an organisation is
 * verified, `is_verified` in the organization object; it does not say
 * which domains (there is no public endpoint listing them). GitHub shows
 * the "Verified" badge only when "the website and email information shown
 * on an organization's profile [...] match the verified domain or domains"
 * (organizations/managing-organization-settings/verifying-or-approving-a-
 * domain-for-your-organization). So is_verified with a website or e-mail on
 * an actor's domain is that domain, verified: the scorer reads it so.
 *
 * The search API has its own rate limit, 30 requests a minute with a
 * token and 10 without (search/search, "Rate limit"), told by the
 * x-ratelimit-* headers with x-ratelimit-resource: search: the caller
 * paces itself on them (crawler/discover/).
 */
#include "forges/search_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

enum {
	GHS_SEARCH = 100,
	GHS_ORG = 101,
	GHS_USER = 102,
	GHS_REPOS = 103,
	GHS_FILE = 104,
};

static int gh_get(struct http_req **out, int step, char *url, const char *accept)
{
	http_req_new(out, "GET", url, step);
	http_req_add_header(*out, "Accept", accept ? accept
	                    : "application/vnd.github+json");
	http_req_add_header(*out, "X-GitHub-Api-Version", "2022-11-28");
	free(url);
	return 0;
}

static int ghs_search_first(struct http_req **out, const struct account *site,
                            const char *query, unsigned max)
{
	char *words = search_words(query);
	char *q = xasprintf("%s in:login,name", words);
	char *enc = forge_url_encode(q);

	gh_get(out, GHS_SEARCH, xasprintf("%s/search/users?q=%s&per_page=%u",
	                                  site->api_url, enc, max ? max : 10),
	       NULL);
	free(words);
	free(q);
	free(enc);
	return 0;
}

static int ghs_search_parse(struct search_hits *hits, struct http_req **next,
                            const struct account *site,
                            const struct http_req *req,
                            const struct http_resp *resp)
{
	json_t *root, *items;
	size_t i;
	int rc;

	*next = NULL;
	if ((rc = forge_check_status(site, req, resp)) ||
	    (rc = forge_json_parse(&root, site, req, resp)))
		return rc;
	items = json_object_get(root, "items");
	if (!json_is_array(items)) {
		json_decref(root);
		return forge_fail(ERROR_PARSE, site, req, resp, "expected a search "
		                  "answer with an \"items\" array");
	}
	for (i = 0; i < json_array_size(items); i++) {
		const json_t *it = json_array_get(items, i);
		const char *type = forge_json_cstr(it, "type");
		struct search_hit h;

		search_hit_init(&h);
		h.login = forge_json_str(it, "login");
		if (!h.login || strchr(h.login, '/')) {
			search_hit_clear(&h);
			json_decref(root);
			return forge_fail(ERROR_PARSE, site, req, resp, "search result "
			                  "%zu has no usable \"login\"", i + 1);
		}
		h.html_url = forge_json_str(it, "html_url");
		h.kind = type && !strcmp(type, "Organization") ? ACCOUNT_ORG
		         : type && !strcmp(type, "User") ? ACCOUNT_USER
		         : ACCOUNT_UNKNOWN;
		search_hits_push(hits, &h);
	}
	json_decref(root);
	return 0;
}

static int ghs_profile_first(struct http_req **out, const struct account *acct)
{
	char *o;

	*out = NULL;
	if (!acct->owner || !*acct->owner)
		return forge_need_owner(acct);
	o = forge_url_encode(acct->owner);
	if (acct->kind == ACCOUNT_ORG)
		gh_get(out, GHS_ORG, xasprintf("%s/orgs/%s", acct->api_url, o), NULL);
	else
		gh_get(out, GHS_USER, xasprintf("%s/users/%s", acct->api_url, o),
		       NULL);
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

static int ghs_profile_parse(struct search_hit *hit, struct http_req **next,
                             const struct account *acct,
                             const struct http_req *req,
                             const struct http_resp *resp)
{
	json_t *root;
	const char *type;
	int rc;

	*next = NULL;
	if ((rc = forge_check_status(acct, req, resp)) ||
	    (rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	if (!json_is_object(root) || !forge_json_cstr(root, "login")) {
		json_decref(root);
		return forge_fail(ERROR_PARSE, acct, req, resp, "expected an "
		                  "account object with a \"login\"");
	}
	type = forge_json_cstr(root, "type");
	if (req->step == GHS_USER && type && !strcmp(type, "Organization")) {
		/* Only /orgs/ has the description and is_verified. */
		char *o = forge_url_encode(acct->owner);

		gh_get(next, GHS_ORG, xasprintf("%s/orgs/%s", acct->api_url, o),
		       NULL);
		free(o);
		json_decref(root);
		return 0;
	}
	hit->kind = req->step == GHS_ORG ? ACCOUNT_ORG : ACCOUNT_USER;
	replace(&hit->login, forge_json_str(root, "login"));
	replace(&hit->name, forge_json_str(root, "name"));
	replace(&hit->html_url, forge_json_str(root, "html_url"));
	replace(&hit->description, forge_json_str(root, req->step == GHS_ORG
	                                          ? "description" : "bio"));
	replace(&hit->website, forge_json_str(root, "blog"));
	replace(&hit->email, forge_json_str(root, "email"));
	replace(&hit->location, forge_json_str(root, "location"));
	hit->verified = req->step == GHS_ORG && forge_json_true(root, "is_verified");
	hit->public_repos = forge_json_count(root, "public_repos");
	hit->profile = true;
	json_decref(root);
	return 0;
}

static int ghs_repos_first(struct http_req **out, const struct account *acct,
                           unsigned max)
{
	char *o = forge_url_encode(acct->owner ? acct->owner : "");

	gh_get(out, GHS_REPOS, xasprintf("%s/users/%s/repos?type=owner&sort=pushed"
	                                 "&per_page=%u", acct->api_url, o,
	                                 max ? max : 5), NULL);
	free(o);
	return 0;
}

static int ghs_file_first(struct http_req **out, const struct account *acct,
                          const struct search_repo *r, const char *path)
{
	char *full = search_encode_path(r->full_name);
	char *p = path ? search_encode_path(path) : NULL;

	gh_get(out, GHS_FILE, p ? xasprintf("%s/repos/%s/contents/%s",
	                                    acct->api_url, full, p)
	                        : xasprintf("%s/repos/%s/readme", acct->api_url,
	                                    full),
	       "application/vnd.github.raw+json");
	free(full);
	free(p);
	return 0;
}

const struct forge_search forge_github_search = {
	.finds = "organisations and people, by login and full name",
	.search_first = ghs_search_first,
	.search_parse = ghs_search_parse,
	.profile_first = ghs_profile_first,
	.profile_parse = ghs_profile_parse,
	.repos_first = ghs_repos_first,
	.repos_parse = search_repos_parse,
	.file_first = ghs_file_first,
};
