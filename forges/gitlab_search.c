/*
 * gitlab_search.c - group search on GitLab (gitlab.com and self-hosted,
 * REST v4), for `inventaire discover` (search.h). API:
 * https://docs.gitlab.com/ee/api/, pages cited by their name under it.
 *
 * Flows (req->step):
 *   GLS_SEARCH  GET /groups?search=QUERY&order_by=similarity&per_page=N
 *               (groups.html, "List groups": `search` matches names and
 *               paths; `order_by=similarity` ranks by the search, and
 *               "when accessed without authentication, only public groups
 *               are returned"). Subgroups come back too, with their full
 *               path. A group object is all GitLab says of a group: a name,
 *               a path, a description and its web page, no website, e-mail
 *               or location; so there is no profile request.
 *   GLS_REPOS   GET /groups/ENC(path)/projects?include_subgroups=true
 *               &order_by=last_activity_at&simple=true&per_page=N
 *               (groups.html, "List a group's projects"; a person's:
 *               projects.html, "List a user's projects"). readme_url names
 *               the README.
 *   GLS_FILE    GET /projects/ENC(path)/repository/files/ENC(file)/raw?ref=B
 *               (repository_files.html, "Get raw file from repository").
 */
#include "forges/search_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

enum {
	GLS_SEARCH = 100,
	GLS_REPOS = 101,
	GLS_FILE = 102,
};

static int gls_search_first(struct http_req **out, const struct account *site,
                            const char *query, unsigned max)
{
	char *words = search_words(query), *enc = forge_url_encode(words);

	forge_get(out, GLS_SEARCH, "%s/groups?search=%s&order_by=similarity"
	          "&per_page=%u", site->api_url, enc, max ? max : 10);
	free(words);
	free(enc);
	return 0;
}

static int gls_search_parse(struct search_hits *hits, struct http_req **next,
                            const struct account *site,
                            const struct http_req *req,
                            const struct http_resp *resp)
{
	json_t *root;
	int rc;

	*next = NULL;
	if ((rc = forge_check_status(site, req, resp)) ||
	    (rc = forge_json_parse(&root, site, req, resp)))
		return rc;
	if (!json_is_array(root)) {
		json_decref(root);
		return forge_fail(ERROR_PARSE, site, req, resp, "expected a JSON "
		                  "array of groups");
	}
	for (size_t i = 0; i < json_array_size(root); i++) {
		const json_t *g = json_array_get(root, i);
		struct search_hit h;

		search_hit_init(&h);
		h.login = forge_json_str(g, "full_path");
		if (!h.login) {
			json_decref(root);
			return forge_fail(ERROR_PARSE, site, req, resp, "group %zu has "
			                  "no \"full_path\"", i + 1);
		}
		h.name = forge_json_str(g, "name");
		h.description = forge_json_str(g, "description");
		h.html_url = forge_json_str(g, "web_url");
		h.kind = ACCOUNT_ORG;
		h.profile = true;
		search_hits_push(hits, &h);
	}
	json_decref(root);
	return 0;
}

static int gls_repos_first(struct http_req **out, const struct account *acct,
                           unsigned max)
{
	char *o = forge_url_encode(acct->owner ? acct->owner : "");

	if (acct->kind == ACCOUNT_USER)
		forge_get(out, GLS_REPOS, "%s/users/%s/projects?order_by="
		          "last_activity_at&simple=true&per_page=%u", acct->api_url,
		          o, max ? max : 5);
	else
		forge_get(out, GLS_REPOS, "%s/groups/%s/projects?include_subgroups="
		          "true&order_by=last_activity_at&simple=true&per_page=%u",
		          acct->api_url, o, max ? max : 5);
	free(o);
	return 0;
}

/* The README's path in README_URL ("https://HOST/ns/p/-/blob/BRANCH/
 * docs/README.md"; before GitLab 12, ".../blob/BRANCH/..."), BRANCH being
 * the project's default branch. */
static char *readme_path(const char *readme_url, const char *branch)
{
	const char *p = readme_url ? strstr(readme_url, "/-/blob/") : NULL;
	size_t n = branch ? strlen(branch) : 0;

	if (p)
		p += strlen("/-/blob/");
	else if (readme_url && (p = strstr(readme_url, "/blob/")))
		p += strlen("/blob/");
	else
		return NULL;
	if (n && !strncmp(p, branch, n) && p[n] == '/')
		p += n + 1;
	else if ((p = strchr(p, '/')))
		p++;
	return p && *p ? xstrdup(p) : NULL;
}

static int gls_repos_parse(struct search_repos *repos, const struct account *acct,
                           const struct http_req *req,
                           const struct http_resp *resp)
{
	json_t *root;
	int rc;

	if ((rc = forge_check_status(acct, req, resp)) ||
	    (rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	if (!json_is_array(root)) {
		json_decref(root);
		return forge_fail(ERROR_PARSE, acct, req, resp, "expected a JSON "
		                  "array of projects");
	}
	for (size_t i = 0; i < json_array_size(root); i++) {
		const json_t *p = json_array_get(root, i);
		struct search_repo r = { 0 };

		r.full_name = forge_json_str(p, "path_with_namespace");
		if (!r.full_name || !strchr(r.full_name, '/')) {
			free(r.full_name);
			json_decref(root);
			return forge_fail(ERROR_PARSE, acct, req, resp, "project %zu "
			                  "has no \"path_with_namespace\"", i + 1);
		}
		r.default_branch = forge_json_str(p, "default_branch");
		r.readme = readme_path(forge_json_cstr(p, "readme_url"),
		                       r.default_branch);
		r.fork = forge_json_present(p, "forked_from_project");
		r.archived = forge_json_true(p, "archived");
		search_repos_push(repos, &r);
	}
	json_decref(root);
	return 0;
}

static int gls_file_first(struct http_req **out, const struct account *acct,
                          const struct search_repo *r, const char *path)
{
	char *proj = forge_url_encode(r->full_name);
	char *file = forge_url_encode(path ? path : r->readme ? r->readme
	                                                       : "README.md");
	char *ref = forge_url_encode(r->default_branch ? r->default_branch
	                                                : "HEAD");

	char *url = xasprintf("%s/projects/%s/repository/files/%s/raw?ref=%s",
	                      acct->api_url, proj, file, ref);

	/* Raw bytes, not JSON: no Accept: application/json. */
	http_req_new(out, "GET", url, GLS_FILE);
	free(url);
	free(proj);
	free(file);
	free(ref);
	return 0;
}

const struct forge_search forge_gitlab_search = {
	.finds = "groups and subgroups, by name and path",
	.search_first = gls_search_first,
	.search_parse = gls_search_parse,
	.repos_first = gls_repos_first,
	.repos_parse = gls_repos_parse,
	.file_first = gls_file_first,
};
