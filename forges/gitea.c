/*
 * gitea.c - Gitea, and the same code registered as Forgejo (a Gitea fork,
 * same API: https://forgejo.org/docs/latest/user/api-usage/) and Gogs
 * (Gitea's ancestor; differences below). API root https://HOST/api/v1;
 * endpoints and objects: Gitea's swagger (https://gitea.com/api/swagger),
 * usage: https://docs.gitea.com/development/api-usage.
 *
 * Listing flows (req->step):
 *   ACCOUNT_ORG:      GT_ORG   GET /orgs/O/repos?limit=50
 *   ACCOUNT_USER:     GT_USER  GET /users/U/repos?limit=50
 *   ACCOUNT_UNKNOWN:  GT_ORG first; its 404 gives *next = GT_USER and no
 *                     repositories (as italia/publiccode-crawler does,
 *                     scanner/gitea.go).
 *   ACCOUNT_INSTANCE: GT_ALL   GET /repos/search?limit=50 ({"ok","data"}
 *                     envelope; Gogs needs q=_, see gogs_list_first)
 *   Each page: follow Link rel="next"; its absence ends the listing. A
 *   short page does not: servers cap limit at MAX_RESPONSE_ITEMS.
 *   Gogs sends no Link on its unpaginated org/user lists: one page.
 * Owner flow: ORG/UNKNOWN: GT_OWNER_ORG GET /orgs/O; 404 and UNKNOWN ->
 *   GT_OWNER_USER GET /users/U. USER: GT_OWNER_USER directly.
 */
#include "forges/forge_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"

enum {
	GT_ORG = 1,
	GT_USER = 2,
	GT_ALL = 3,
	GT_OWNER_ORG = 10,
	GT_OWNER_USER = 11,
};

/* The default MAX_RESPONSE_ITEMS (docs.gitea.com/development/api-usage,
 * and the config cheat sheet's [api] section); asking more is capped. */
#define GT_LIMIT "50"

static int gitea_api_root(char **out, const char *host)
{
	*out = xasprintf("https://%s/api/v1", host);
	return 0;
}

static int gitea_auth_header(char **name, char **value, const char *token)
{
	/* "Authorization: token <t>" (docs.gitea.com/development/api-usage;
	 * Forgejo and Gogs take the same) */
	*name = xstrdup("Authorization");
	*value = xasprintf("token %s", token);
	return 0;
}

static int gitea_user_request(struct http_req **out, const struct account *acct)
{
	char *o = forge_url_encode(acct->owner);

	forge_get(out, GT_USER, "%s/users/%s/repos?limit=" GT_LIMIT, acct->api_url, o);
	free(o);
	return 0;
}

static int gitea_list_first(struct http_req **out, const struct account *acct)
{
	char *o;

	*out = NULL;
	if (acct->kind == ACCOUNT_INSTANCE)
		return forge_get(out, GT_ALL, "%s/repos/search?limit=" GT_LIMIT,
		                 acct->api_url);
	if (!acct->owner || !*acct->owner)
		return forge_need_owner(acct);
	if (acct->kind == ACCOUNT_USER)
		return gitea_user_request(out, acct);
	o = forge_url_encode(acct->owner);
	forge_get(out, GT_ORG, "%s/orgs/%s/repos?limit=" GT_LIMIT, acct->api_url, o);
	free(o);
	return 0;
}

static int gogs_list_first(struct http_req **out, const struct account *acct)
{
	*out = NULL;
	/* Gogs' search wants a query (gogs/docs-api, Repositories: "Search
	 * repositories", q required); "_" matches all */
	if (acct->kind == ACCOUNT_INSTANCE)
		return forge_get(out, GT_ALL, "%s/repos/search?q=_&limit=" GT_LIMIT,
		                 acct->api_url);
	return gitea_list_first(out, acct);
}

int gitea_repo(struct repo *r, const json_t *it,
               const struct account *acct)
{
	const char *full = forge_json_cstr(it, "full_name");
	const char *ovis;
	json_t *lic;

	if (!json_is_object(it) || !full || !strchr(full, '/'))
		return -1;
	/* The swagger's Repository: private, internal; a repository of a
	 * "limited" or "private" organisation is not public either. */
	ovis = forge_json_cstr(json_object_get(it, "owner"), "visibility");
	if (forge_json_true(it, "private") || forge_json_true(it, "internal") ||
	    (ovis && strcmp(ovis, "public")))
		return 0;
	forge_repo_common(r, it, acct, full);
	r->mirror = forge_json_true(it, "mirror");
	r->empty = forge_json_true(it, "empty");
	r->created_at = forge_json_date(it, "created_at");
	r->updated_at = forge_json_date(it, "updated_at");
	r->stars = forge_json_count(it, "stars_count");
	r->forks = forge_json_count(it, "forks_count");
	r->open_issues = forge_json_count(it, "open_issues_count");
	r->language = forge_json_str(it, "language");
	forge_json_topics(r, it, "topics");
	/* The swagger's Repository: template, watchers_count. ecosyste.ms
	 * records template too (app/models/hosts/gitea.rb, map_repository_data);
	 * it has no subscribers for Gitea, where the forge gives them. */
	r->template = forge_json_true(it, "template");
	r->subscribers = forge_json_count(it, "watchers_count");
	/* The swagger's Repository: id, the same across a rename or a
	 * transfer. */
	r->forge_id = forge_json_id(it, "id");
	/* "licenses": SPDX ids of the licence files (newer Gitea); several
	 * files mean all apply. */
	lic = json_object_get(it, "licenses");
	if (json_is_array(lic)) {
		struct buf b = BUF_INIT;
		size_t i;
		json_t *v;

		json_array_foreach(lic, i, v) {
			if (!json_is_string(v) || !*json_string_value(v) ||
			    strlen(json_string_value(v)) != json_string_length(v))
				continue;
			if (b.len)
				buf_adds(&b, " AND ");
			buf_adds(&b, json_string_value(v));
		}
		if (b.len)
			r->license = buf_detach(&b);
	}
	return 1;
}

static int gitea_list_parse(struct repo_list *repos, struct http_req **next,
                            const struct account *acct,
                            const struct http_req *req,
                            const struct http_resp *resp)
{
	json_t *root, *items;
	char *link = NULL;
	int rc;

	*next = NULL;
	if (req->step == GT_ORG && resp->status == 404 &&
	    acct->kind == ACCOUNT_UNKNOWN)
		return gitea_user_request(next, acct);
	if ((rc = forge_check_status(acct, req, resp)))
		return rc;
	if (forge_link_next(&link, http_resp_header(resp, "Link"),
	                    resp->url ? resp->url : req->url))
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "malformed Link header");
	if ((rc = forge_json_parse(&root, acct, req, resp)))
		goto out;
	items = root;
	if (req->step == GT_ALL) {
		json_t *ok = json_object_get(root, "ok");

		items = json_object_get(root, "data");
		if (json_is_false(ok)) {
			rc = forge_fail(ERROR_STATUS, acct, req, resp,
			                "the search answered \"ok\": false");
			goto out;
		}
	}
	if (!json_is_array(items)) {
		rc = forge_fail(ERROR_PARSE, acct, req, resp,
		                req->step == GT_ALL ? "expected {\"data\": [repositories]}"
		                                    : "expected a JSON array of repositories");
		goto out;
	}
	rc = forge_push_repos(repos, acct, req, resp, items, gitea_repo,
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

static int gitea_owner_user_request(struct http_req **out,
                                    const struct account *acct)
{
	char *o = forge_url_encode(acct->owner);

	forge_get(out, GT_OWNER_USER, "%s/users/%s", acct->api_url, o);
	free(o);
	return 0;
}

static int gitea_owner_first(struct http_req **out, const struct account *acct)
{
	char *o;

	*out = NULL;
	if (!acct->owner || !*acct->owner)
		return forge_need_owner(acct);
	if (acct->kind == ACCOUNT_USER)
		return gitea_owner_user_request(out, acct);
	o = forge_url_encode(acct->owner);
	forge_get(out, GT_OWNER_ORG, "%s/orgs/%s", acct->api_url, o);
	free(o);
	return 0;
}

static int gitea_owner_parse(struct owner *out, struct http_req **next,
                             const struct account *acct,
                             const struct http_req *req,
                             const struct http_resp *resp)
{
	json_t *root;
	int rc;

	*next = NULL;
	if (req->step == GT_OWNER_ORG && resp->status == 404 &&
	    acct->kind == ACCOUNT_UNKNOWN)
		return gitea_owner_user_request(next, acct);
	if ((rc = forge_check_status(acct, req, resp)))
		return rc;
	if ((rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	if (!json_is_object(root)) {
		json_decref(root);
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "expected an organization or user object");
	}
	owner_clear(out);
	out->host = xstrdup(acct->host);
	/* orgs say "username" (older: also "name"), users "login" */
	out->login = forge_json_str(root, "username");
	if (!out->login)
		out->login = forge_json_str(root, "login");
	if (!out->login)
		out->login = xstrdup(acct->owner);
	out->name = forge_json_str(root, "full_name");
	out->description = forge_json_str(root, "description");
	out->avatar_url = forge_json_str(root, "avatar_url");
	out->website = forge_json_str(root, "website");
	out->email = forge_json_str(root, "email");
	out->location = forge_json_str(root, "location");
	out->created_at = forge_json_date(root, "created");
	/* A User has followers_count; an Organization none. */
	out->followers = forge_json_count(root, "followers_count");
	out->html_url = forge_json_str(root, "html_url");
	if (!out->html_url)
		out->html_url = xasprintf("https://%s/%s", acct->host, out->login);
	out->is_user = req->step == GT_OWNER_USER;
	json_decref(root);
	return 0;
}

const struct forge forge_gitea = {
	.kind = "gitea",
	.api_root = gitea_api_root,
	.auth_header = gitea_auth_header,
	.list_first = gitea_list_first,
	.list_parse = gitea_list_parse,
	.owner_first = gitea_owner_first,
	.owner_parse = gitea_owner_parse,
	.search = &forge_gitea_search,
};

const struct forge forge_forgejo = {
	.kind = "forgejo",
	.api_root = gitea_api_root,
	.auth_header = gitea_auth_header,
	.list_first = gitea_list_first,
	.list_parse = gitea_list_parse,
	.owner_first = gitea_owner_first,
	.owner_parse = gitea_owner_parse,
	.search = &forge_gitea_search,
};

const struct forge forge_gogs = {
	.kind = "gogs",
	.api_root = gitea_api_root,
	.auth_header = gitea_auth_header,
	.list_first = gogs_list_first,
	.list_parse = gitea_list_parse,
	.owner_first = gitea_owner_first,
	.owner_parse = gitea_owner_parse,
};
