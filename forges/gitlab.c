/*
 * gitlab.c - GitLab (gitlab.com and self-hosted, REST v4 under
 * https://HOST/api/v4). API: https://docs.gitlab.com/ee/api/, pages cited
 * below by their name under it.
 *
 * Listing flows (req->step):
 *   ACCOUNT_ORG:      GL_GROUP  GET /groups/ENC(path)/projects?include_subgroups=true
 *                     &with_shared=false&per_page=100 (subgroups in one
 *                     walk: groups.html, "List a group's projects")
 *   ACCOUNT_USER:     GL_USER   GET /users/U/projects?per_page=100
 *   ACCOUNT_UNKNOWN:  GL_GROUP first; a 404 there (only for a name without
 *                     '/', which cannot be a user) gives *next = GL_USER and
 *                     no repositories. /namespaces/X tells the kind
 *                     (namespaces.html) but may need a token, so "try the
 *                     group, then the user" works anonymously (as
 *                     ecosyste-ms/repos does, app/models/hosts/gitlab.rb).
 *   ACCOUNT_INSTANCE: GL_ALL    GET /projects?pagination=keyset&order_by=id&sort=asc
 *                     &visibility=public&per_page=100 (keyset pagination:
 *                     rest/index.html, "Keyset-based pagination")
 *   Each page: Link rel="next", else a non-empty X-Next-Page sets page=
 *   on the request URL; never totals (rest/index.html, "Pagination
 *   response headers": omitted past 10,000 records). Same step.
 * Owner flow: ORG/UNKNOWN: GL_OWNER_GROUP GET /groups/ENC(path)?with_projects=false;
 *   404 and UNKNOWN -> GL_OWNER_USER GET /users?username=U (an array).
 *   USER: GL_OWNER_USER directly.
 * Archived projects are listed (no archived= filter) and flagged.
 *
 * Groups (ACCOUNT_ORG, and ACCOUNT_UNKNOWN until GraphQL says it is no
 * group) are listed several to a request through the GraphQL API
 * instead (gitlab_graphql.c), with the same records; this REST listing
 * remains for users, whole instances and whatever GraphQL cannot answer.
 */
#include "forges/forge_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

enum {
	GL_GROUP = 1,
	GL_USER = 2,
	GL_ALL = 3,
	GL_OWNER_GROUP = 10,
	GL_OWNER_USER = 11,
};

static int gitlab_api_root(char **out, const char *host)
{
	*out = xasprintf("https://%s/api/v4", host);
	return 0;
}

static int gitlab_auth_header(char **name, char **value, const char *token)
{
	/* PRIVATE-TOKEN works for personal access tokens
	 * (rest/authentication.html). */
	*name = xstrdup("PRIVATE-TOKEN");
	*value = xstrdup(token);
	return 0;
}

static int gitlab_user_request(struct http_req **out, const struct account *acct)
{
	char *o = forge_url_encode(acct->owner);

	forge_get(out, GL_USER, "%s/users/%s/projects?visibility=public&per_page=100",
	          acct->api_url, o);
	free(o);
	return 0;
}

static int gitlab_list_first(struct http_req **out, const struct account *acct)
{
	char *o;

	*out = NULL;
	if (acct->kind == ACCOUNT_INSTANCE)
		return forge_get(out, GL_ALL,
		                 "%s/projects?pagination=keyset&order_by=id&sort=asc&visibility=public&per_page=100",
		                 acct->api_url);
	if (!acct->owner || !*acct->owner)
		return forge_need_owner(acct);
	if (acct->kind == ACCOUNT_USER)
		return gitlab_user_request(out, acct);
	/* rest/index.html, "Namespaced paths": parent%2Fchild */
	o = forge_url_encode(acct->owner);
	forge_get(out, GL_GROUP,
	          "%s/groups/%s/projects?include_subgroups=true&with_shared=false&visibility=public&per_page=100",
	          acct->api_url, o);
	free(o);
	return 0;
}

int gitlab_repo(struct repo *r, const json_t *it,
                const struct account *acct)
{
	const char *full = forge_json_cstr(it, "path_with_namespace");
	const char *vis = forge_json_cstr(it, "visibility");
	const char *ns_kind;

	if (!json_is_object(it) || !full || !strchr(full, '/'))
		return -1;
	/* projects.html: anonymous callers see only public projects, and
	 * simple=true pages carry no visibility: absent means public. */
	if (vis && strcmp(vis, "public"))
		return 0;
	r->host = xstrdup(acct->host);
	r->full_name = xstrdup(full);
	r->owner = forge_top_owner(full);
	r->name = forge_json_str(it, "path");
	if (!r->name)
		r->name = forge_last_component(full);
	r->html_url = forge_json_str(it, "web_url");
	r->clone_url = forge_json_str(it, "http_url_to_repo");
	r->description = forge_json_str(it, "description");
	r->default_branch = forge_json_str(it, "default_branch");
	r->visibility = xstrdup("public");
	r->fork = forge_json_present(it, "forked_from_project");
	r->archived = forge_json_true(it, "archived");
	r->mirror = forge_json_true(it, "mirror");
	r->empty = forge_json_true(it, "empty_repo");
	r->created_at = forge_json_date(it, "created_at");
	/* last_activity_at is GitLab's closest to a push date (projects.html),
	 * and what ecosyste.ms records as a project's updated_at
	 * (app/models/hosts/gitlab.rb in ecosyste-ms/repos, fetch_repository:
	 * updated_at: project.last_activity_at), hence code.gouv.fr's `u`. */
	r->pushed_at = forge_json_date(it, "last_activity_at");
	r->updated_at = r->pushed_at ? xstrdup(r->pushed_at)
	                             : forge_json_date(it, "updated_at");
	r->stars = forge_json_count(it, "star_count");
	r->forks = forge_json_count(it, "forks_count");
	r->open_issues = forge_json_count(it, "open_issues_count");
	/* "topics" replaced the deprecated "tag_list" (projects.html); older
	 * servers only have the latter */
	forge_json_topics(r, it, "topics");
	if (!r->ntopics) {
		free(r->topics);
		r->topics = NULL;
		forge_json_topics(r, it, "tag_list");
	}
	/* Licence and language are not in lists (projects.html); only given
	 * when the server was asked ?license=true. The key is licensee's
	 * lower-case one ("mit"), as on GitHub. */
	r->license = forge_json_str(json_object_get(it, "license"), "key");
	r->license_key = r->license ? xstrdup(r->license) : NULL;
	/* A project in a user's namespace (namespaces.html: kind "user" or
	 * "group"); a user has no subgroups, so the top-level owner is that
	 * user. ecosyste.ms skips them on whole instances (SKIP_USER_REPOS,
	 * crawl_repositories in app/models/hosts/gitlab.rb). */
	ns_kind = forge_json_cstr(json_object_get(it, "namespace"), "kind");
	r->owner_is_user = ns_kind && !strcmp(ns_kind, "user");
	/* projects.html: id, which a rename or a transfer to another
	 * namespace keeps. */
	r->forge_id = forge_json_id(it, "id");
	return 1;
}

/* The next page: Link rel="next" (offset and keyset), else X-Next-Page. */
static int gitlab_next(struct http_req **next, const struct account *acct, const struct http_req *req,
                       const struct http_resp *resp)
{
	const char *base = resp->url ? resp->url : req->url;
	const char *xnp = http_resp_header(resp, "X-Next-Page");
	char *url = NULL;
	int rc = 0;

	*next = NULL;
	if (forge_link_next(&url, http_resp_header(resp, "Link"), base))
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "malformed Link header");
	if (!url && xnp) {
		const char *p = xnp;

		while (*p == ' ')
			p++;
		if (*p) {
			size_t n = strspn(p, "0123456789");

			if (n == 0 || n > 9 || p[n + strspn(p + n, " ")] != '\0')
				return forge_fail(ERROR_PARSE, acct, req, resp,
				                  "X-Next-Page is not a page number");
			url = xstrndup(p, n);
			p = url;
			url = forge_url_set_param(base, "page", p);
			free((char *)p);
		}
	}
	if (url)
		rc = forge_follow(next, acct, req, resp, url);
	free(url);
	return rc;
}

static int gitlab_list_parse(struct repo_list *repos, struct http_req **next,
                             const struct account *acct,
                             const struct http_req *req,
                             const struct http_resp *resp)
{
	json_t *root;
	int rc;

	*next = NULL;
	if (req->step == GL_GROUP && resp->status == 404 &&
	    acct->kind == ACCOUNT_UNKNOWN && acct->owner &&
	    !strchr(acct->owner, '/'))
		return gitlab_user_request(next, acct);
	if ((rc = forge_check_status(acct, req, resp)))
		return rc;
	if ((rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	if (!json_is_array(root)) {
		json_decref(root);
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "expected a JSON array of projects");
	}
	if ((rc = forge_push_repos(repos, acct, req, resp, root, gitlab_repo,
	                           "project", "is not an object with a \"path_with_namespace\""))) {
		json_decref(root);
		return rc;
	}
	json_decref(root);
	return gitlab_next(next, acct, req, resp);
}

static int gitlab_owner_user_request(struct http_req **out,
                                     const struct account *acct)
{
	char *o = forge_url_encode(acct->owner);

	forge_get(out, GL_OWNER_USER, "%s/users?username=%s", acct->api_url, o);
	free(o);
	return 0;
}

static int gitlab_owner_first(struct http_req **out, const struct account *acct)
{
	char *o;

	*out = NULL;
	if (!acct->owner || !*acct->owner)
		return forge_need_owner(acct);
	if (acct->kind == ACCOUNT_USER)
		return gitlab_owner_user_request(out, acct);
	o = forge_url_encode(acct->owner);
	forge_get(out, GL_OWNER_GROUP, "%s/groups/%s?with_projects=false",
	          acct->api_url, o);
	free(o);
	return 0;
}

static int gitlab_owner_parse(struct owner *out, struct http_req **next,
                              const struct account *acct,
                              const struct http_req *req,
                              const struct http_resp *resp)
{
	json_t *root, *o;
	int rc;

	*next = NULL;
	if (req->step == GL_OWNER_GROUP && resp->status == 404 &&
	    acct->kind == ACCOUNT_UNKNOWN && !strchr(acct->owner, '/'))
		return gitlab_owner_user_request(next, acct);
	if ((rc = forge_check_status(acct, req, resp)))
		return rc;
	if ((rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	o = root;
	if (req->step == GL_OWNER_USER) {
		/* /users?username= answers an array, empty for nobody */
		if (json_is_array(root) && json_array_size(root) == 0) {
			json_decref(root);
			return forge_fail(ERROR_NOTFOUND, acct, req, resp,
			                  "no such group or user; check the account name");
		}
		o = json_array_get(root, 0);
	}
	if (!json_is_object(o)) {
		json_decref(root);
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "expected a group or user object");
	}
	owner_clear(out);
	out->host = xstrdup(acct->host);
	if (req->step == GL_OWNER_GROUP) {
		out->login = forge_json_str(o, "full_path");
		out->description = forge_json_str(o, "description");
	} else {
		out->login = forge_json_str(o, "username");
		out->description = forge_json_str(o, "bio");
		out->website = forge_json_str(o, "website_url");
		out->location = forge_json_str(o, "location");
		out->email = forge_json_str(o, "public_email");
		out->is_user = true;
	}
	if (!out->login)
		out->login = xstrdup(acct->owner);
	/* users.html: a user's public profile has "followers" (GitLab 15.x
	 * on); groups have none. */
	out->followers = forge_json_count(o, "followers");
	out->name = forge_json_str(o, "name");
	out->html_url = forge_json_str(o, "web_url");
	out->avatar_url = forge_json_str(o, "avatar_url");
	out->created_at = forge_json_date(o, "created_at");
	json_decref(root);
	return 0;
}

const struct forge forge_gitlab = {
	.kind = "gitlab",
	.api_root = gitlab_api_root,
	.auth_header = gitlab_auth_header,
	.list_first = gitlab_list_first,
	.list_parse = gitlab_list_parse,
	.owner_first = gitlab_owner_first,
	.owner_parse = gitlab_owner_parse,
	/* Groups, several to a GraphQL query (gitlab_graphql.c); anything
	 * GraphQL cannot answer is listed here, through REST. */
	.batch_max = GITLAB_GRAPHQL_BATCH,
	.batch_accepts = gitlab_graphql_accepts,
	.batch_fallback = true,
	.batch_first = gitlab_graphql_first,
	.batch_parse = gitlab_graphql_parse,
	.search = &forge_gitlab_search,
};
