/*
 * github.c - GitHub (github.com, REST v3) and GitHub Enterprise Server
 * (https://HOST/api/v3). API: https://docs.github.com/en/rest, pages cited
 * below by their path under it.
 *
 * Listing flows (req->step):
 *   ACCOUNT_ORG:     GH_LIST_ORG   GET /orgs/O/repos?per_page=100&type=all ...
 *   ACCOUNT_USER:    GH_LIST_USER  GET /users/U/repos?per_page=100&type=owner ...
 *   ACCOUNT_UNKNOWN: GH_KIND       GET /users/X, whose "type" picks one of
 *                    the two above (users/users#get-a-user); no
 *                    repositories.
 *   ACCOUNT_INSTANCE (Enterprise only): GH_LIST_ALL GET /repositories
 *   Each page: follow Link rel="next" verbatim, same step
 *   (using-the-rest-api/using-pagination-in-the-rest-api).
 * Owner flow: ORG: GH_OWNER_ORG GET /orgs/O; USER/UNKNOWN: GH_OWNER_USER
 *   GET /users/X, then GH_OWNER_ORG when "type" is "Organization" (only
 *   /orgs/ gives the description).
 */
#include "forges/forge_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"

enum {
	GH_KIND = 1,
	GH_LIST_ORG = 2,
	GH_LIST_USER = 3,
	GH_LIST_ALL = 4,
	GH_OWNER_USER = 10,
	GH_OWNER_ORG = 11,
};

static int github_api_root(char **out, const char *host)
{
	/* github.com has its own API host; Enterprise Server serves the
	 * same API under /api/v3 (docs.github.com/en/enterprise-server@latest
	 * /rest, "http(s)://HOSTNAME/api/v3"). */
	if (!strcasecmp(host, "github.com") || !strcasecmp(host, "www.github.com"))
		*out = xstrdup("https://api.github.com");
	else
		*out = xasprintf("https://%s/api/v3", host);
	return 0;
}

static int github_auth_header(char **name, char **value, const char *token)
{
	/* "Authorization: token <PAT>"
	 * (authentication/authenticating-to-the-rest-api) */
	*name = xstrdup("Authorization");
	*value = xasprintf("token %s", token);
	return 0;
}

static int github_get(struct http_req **out, int step, char *url)
{
	http_req_new(out, "GET", url, step);
	/* about-the-rest-api/api-versions; topics were once behind the
	 * mercy-preview media type and are in the stable one since. */
	http_req_add_header(*out, "Accept", "application/vnd.github+json");
	http_req_add_header(*out, "X-GitHub-Api-Version", "2022-11-28");
	free(url);
	return 0;
}

static int github_list_request(struct http_req **out, const struct account *acct,
                               int step)
{
	char *o = forge_url_encode(acct->owner);
	int rc;

	/* repos/repos#list-organization-repositories: type=all lists
	 * sources and forks, archived included; #list-repositories-for-a-user
	 * takes owner|member|all and "owner" is what the account itself
	 * holds. sort=full_name keeps pages stable. */
	if (step == GH_LIST_ORG)
		rc = github_get(out, step, xasprintf("%s/orgs/%s/repos?per_page=100&type=all&sort=full_name",
		                                     acct->api_url, o));
	else
		rc = github_get(out, step, xasprintf("%s/users/%s/repos?per_page=100&type=owner&sort=full_name",
		                                     acct->api_url, o));
	free(o);
	return rc;
}

static int github_list_first(struct http_req **out, const struct account *acct)
{
	char *o;

	*out = NULL;
	if (acct->kind == ACCOUNT_INSTANCE) {
		/* Listing all of github.com is not an inventory of anyone. */
		if (!strcasecmp(acct->host, "github.com"))
			return forge_need_owner(acct);
		return github_get(out, GH_LIST_ALL,
		                  xasprintf("%s/repositories", acct->api_url));
	}
	if (!acct->owner || !*acct->owner)
		return forge_need_owner(acct);
	if (acct->kind == ACCOUNT_ORG)
		return github_list_request(out, acct, GH_LIST_ORG);
	if (acct->kind == ACCOUNT_USER)
		return github_list_request(out, acct, GH_LIST_USER);
	o = forge_url_encode(acct->owner);
	github_get(out, GH_KIND, xasprintf("%s/users/%s", acct->api_url, o));
	free(o);
	return 0;
}

/* Map one item of a repository list; 1 when it is kept, 0 when skipped
 * (private, internal, null), negative on a malformed item. */
static int github_repo(struct repo *r, const json_t *it,
                       const struct account *acct)
{
	const char *full = forge_json_cstr(it, "full_name");
	const char *vis = forge_json_cstr(it, "visibility");
	json_t *lic;

	if (json_is_null(it))
		return 0;	/* null entries occur in /repositories pages */
	if (!json_is_object(it) || !full || !strchr(full, '/'))
		return -1;
	if (forge_json_true(it, "private") || (vis && strcmp(vis, "public")))
		return 0;
	forge_repo_common(r, it, acct, full);
	/* repos/repos (the repository object): a non-null mirror_url marks
	 * a mirror; GitHub has no emptiness flag, size 0 is a heuristic. */
	r->mirror = forge_json_cstr(it, "mirror_url") != NULL;
	r->empty = json_is_integer(json_object_get(it, "size")) &&
	           forge_json_count(it, "size") == 0;
	r->created_at = forge_json_date(it, "created_at");
	r->updated_at = forge_json_date(it, "updated_at");
	r->pushed_at = forge_json_date(it, "pushed_at");
	r->stars = forge_json_count(it, "stargazers_count");
	r->forks = forge_json_count(it, "forks_count");
	/* GitHub counts open pull requests as issues too. */
	r->open_issues = forge_json_count(it, "open_issues_count");
	r->language = forge_json_str(it, "language");
	forge_json_topics(r, it, "topics");
	lic = json_object_get(it, "license");
	r->license = forge_json_str(lic, "spdx_id");
	return 1;
}

static int github_parse_kind(struct http_req **next, const struct account *acct,
                             const struct http_req *req,
                             const struct http_resp *resp)
{
	json_t *root;
	const char *type;
	int rc;

	if ((rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	type = forge_json_cstr(root, "type");
	if (type && !strcmp(type, "Organization"))
		rc = github_list_request(next, acct, GH_LIST_ORG);
	else if (type && !strcmp(type, "User"))
		rc = github_list_request(next, acct, GH_LIST_USER);
	else
		rc = forge_fail(ERROR_PARSE, acct, req, resp,
		                "the account's \"type\" is neither \"User\" nor \"Organization\"");
	json_decref(root);
	return rc;
}

static int github_list_parse(struct repo_list *repos, struct http_req **next,
                             const struct account *acct,
                             const struct http_req *req,
                             const struct http_resp *resp)
{
	json_t *root;
	char *link = NULL;
	int rc;

	*next = NULL;
	if ((rc = forge_check_status(acct, req, resp)))
		return rc;
	if (req->step == GH_KIND)
		return github_parse_kind(next, acct, req, resp);
	if (forge_link_next(&link, http_resp_header(resp, "Link"),
	                    resp->url ? resp->url : req->url))
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "malformed Link header");
	if ((rc = forge_json_parse(&root, acct, req, resp)))
		goto out;
	if (!json_is_array(root)) {
		rc = forge_fail(ERROR_PARSE, acct, req, resp,
		                "expected a JSON array of repositories");
		goto out;
	}
	rc = forge_push_repos(repos, acct, req, resp, root, github_repo,
	                      "repository", "is not an object with a \"full_name\" owner/name");
	if (rc)
		goto out;
	if (link)
		rc = forge_follow(next, acct, req, resp, link);
out:
	json_decref(root);
	free(link);
	return rc;
}

static int github_owner_first(struct http_req **out, const struct account *acct)
{
	char *o;

	*out = NULL;
	if (!acct->owner || !*acct->owner)
		return forge_need_owner(acct);
	o = forge_url_encode(acct->owner);
	if (acct->kind == ACCOUNT_ORG)
		github_get(out, GH_OWNER_ORG, xasprintf("%s/orgs/%s", acct->api_url, o));
	else
		github_get(out, GH_OWNER_USER, xasprintf("%s/users/%s", acct->api_url, o));
	free(o);
	return 0;
}

static int github_owner_parse(struct owner *out, struct http_req **next,
                              const struct account *acct,
                              const struct http_req *req,
                              const struct http_resp *resp)
{
	json_t *root;
	const char *type;
	int rc;

	*next = NULL;
	if ((rc = forge_check_status(acct, req, resp)))
		return rc;
	if ((rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	if (!json_is_object(root) || !forge_json_cstr(root, "login")) {
		json_decref(root);
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "expected an account object with a \"login\"");
	}
	type = forge_json_cstr(root, "type");
	if (req->step == GH_OWNER_USER && type && !strcmp(type, "Organization")) {
		char *o = forge_url_encode(acct->owner);

		github_get(next, GH_OWNER_ORG, xasprintf("%s/orgs/%s", acct->api_url, o));
		free(o);
		json_decref(root);
		return 0;
	}
	owner_clear(out);
	out->host = xstrdup(acct->host);
	out->login = forge_json_str(root, "login");
	out->name = forge_json_str(root, "name");
	out->description = forge_json_str(root, req->step == GH_OWNER_ORG ? "description" : "bio");
	out->html_url = forge_json_str(root, "html_url");
	out->avatar_url = forge_json_str(root, "avatar_url");
	out->website = forge_json_str(root, "blog");
	out->email = forge_json_str(root, "email");
	out->location = forge_json_str(root, "location");
	out->created_at = forge_json_date(root, "created_at");
	out->public_repos = forge_json_count(root, "public_repos");
	out->is_user = req->step == GH_OWNER_USER;
	json_decref(root);
	return 0;
}

const struct forge forge_github = {
	.kind = "github",
	.api_root = github_api_root,
	.auth_header = github_auth_header,
	.list_first = github_list_first,
	.list_parse = github_list_parse,
	.owner_first = github_owner_first,
	.owner_parse = github_owner_parse,
	/* Many accounts to a request, with a token (github_graphql.c). 25
	 * accounts: one point, and at most 2,500 repositories (about 1.5 MB)
	 * an answer, well under the 500,000 nodes and 10 seconds a query may
	 * take (docs.github.com/en/graphql/overview/rate-limits-and-node-
	 * limits-for-the-graphql-api). */
	.batch_max = 25,
	.batch_token = true,
	.batch_first = github_graphql_first,
	.batch_parse = github_graphql_parse,
	.search = &forge_github_search,
};
