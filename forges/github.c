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
#include "lib/buf.h"
#include "lib/str.h"

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
int github_repo(struct repo *r, const json_t *it,
                const struct account *acct)
{
	const char *full = forge_json_cstr(it, "full_name");
	const char *vis = forge_json_cstr(it, "visibility");
	const char *type;
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
	/* license.key is licensee's lower-case key ("mit", "other"), what
	 * ecosyste.ms keeps as the licence (app/models/hosts/github.rb in
	 * ecosyste-ms/repos, map_repository_data) and code.gouv.fr shows. */
	r->license_key = forge_json_str(lic, "key");
	/* is_template: ecosyste.ms's template (the same map_repository_data);
	 * subscribers_count is only in the single-repository object
	 * (repos/repos#get-a-repository), so a list page leaves it unknown
	 * (crawler/crawl/crawl_extra.c asks for it). */
	r->template = forge_json_true(it, "is_template");
	r->subscribers = forge_json_count(it, "subscribers_count");
	type = forge_json_cstr(json_object_get(it, "owner"), "type");
	r->owner_is_user = type && !strcmp(type, "User");
	/* repos/repos: id, which a rename or a transfer keeps (GitHub then
	 * redirects the old path to /repositories/ID). */
	r->forge_id = forge_json_id(it, "id");
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
	/* Both users/users#get-a-user and orgs/orgs#get-an-organization
	 * carry "followers". */
	out->followers = forge_json_count(root, "followers");
	out->is_user = req->step == GH_OWNER_USER;
	json_decref(root);
	return 0;
}

/* ---- subscribers ----------------------------------------------------
 *
 * GitHub's list endpoints omit subscribers_count, which code.gouv.fr's
 * awesome-score counts (compute-repo-score in
 * codegouvfr/codegouvfr-output-data, src/codegouvfr/codegouvfr_output_data.clj;
 * ecosyste.ms reads it from each repository's own object). This companion
 * plug-in's "listing" reads it: ACCT->owner holds "OWNER/NAME" lines. One
 * line is asked through REST (GH_WATCH_REST, GET /repos/OWNER/NAME,
 * repos/repos#get-a-repository); several through one GraphQL query
 * (GH_WATCH_GRAPHQL, POST /graphql with one aliased repository(owner, name)
 * per line and watchers { totalCount }, graphql/reference/objects#repository),
 * which needs a token (graphql/guides/forming-calls-with-graphql). Each
 * repository it gives has host, full_name, owner, name and subscribers
 * only. */

enum { GH_WATCH_REST = 20, GH_WATCH_GRAPHQL = 21 };

/* Repositories per GraphQL query: GitHub allows 500,000 nodes and 100 per
 * connection; 100 aliases of one node each stay far below. */
#define GH_WATCH_BATCH 100

/* The "OWNER/NAME" lines of ACCT->owner, split in place in a copy. */
struct watch_names {
	char *buf;
	char **v;
	size_t n;
};

static void watch_names_split(struct watch_names *w, const struct account *acct)
{
	char *p;

	w->buf = xstrdup(acct->owner ? acct->owner : "");
	w->v = xcalloc(strlen(w->buf) / 2 + 1, sizeof(*w->v));
	w->n = 0;
	for (p = w->buf; p;) {
		char *line = p, *nl = strchr(p, '\n'), *slash;

		if (nl)
			*nl = '\0';
		p = nl ? nl + 1 : NULL;
		slash = strchr(line, '/');
		if (slash && slash != line && slash[1] && !strchr(slash + 1, '/'))
			w->v[w->n++] = line;
	}
}

static void watch_names_free(struct watch_names *w)
{
	free(w->buf);
	free(w->v);
}

static int watch_graphql(struct http_req **out, const struct account *acct,
                         const struct watch_names *w)
{
	char *const *names = w->v;
	size_t n = w->n;
	json_t *body = json_object(), *vars = json_object();
	struct buf decl = BUF_INIT, sel = BUF_INIT;
	char *url = github_graphql_url(acct->api_url), *q;

	for (size_t i = 0; i < n; i++) {
		char *slash = strchr(names[i], '/');
		char *o = xasprintf("o%zu", i), *nm = xasprintf("n%zu", i);

		json_object_set_new(vars, o, json_stringn(names[i],
		                                          (size_t)(slash - names[i])));
		json_object_set_new(vars, nm, json_string(slash + 1));
		buf_addf(&decl, "%s$%s:String!,$%s:String!", i ? "," : "", o, nm);
		buf_addf(&sel, " r%zu:repository(owner:$%s,name:$%s)"
		         "{nameWithOwner watchers{totalCount}}", i, o, nm);
		free(o);
		free(nm);
	}
	q = xasprintf("query(%s){%s}", decl.data, sel.data);
	json_object_set_new(body, "query", json_string(q));
	json_object_set_new(body, "variables", vars);
	http_req_new(out, "POST", url, GH_WATCH_GRAPHQL);
	http_req_add_header(*out, "Content-Type", "application/json");
	http_req_add_header(*out, "Accept", "application/json");
	(*out)->body = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
	(*out)->body_len = (*out)->body ? strlen((*out)->body) : 0;
	json_decref(body);
	buf_free(&decl);
	buf_free(&sel);
	free(q);
	free(url);
	return (*out)->body ? 0 : ERROR_FAIL;
}

static int github_watch_first(struct http_req **out, const struct account *acct)
{
	struct watch_names w;
	int rc;

	*out = NULL;
	watch_names_split(&w, acct);
	if (w.n == 0 || w.n > GH_WATCH_BATCH) {
		watch_names_free(&w);
		return forge_fail(ERROR_INVALID, acct, NULL, NULL,
		                  "give 1 to %d \"OWNER/NAME\" lines to read "
		                  "subscribers", GH_WATCH_BATCH);
	}
	if (w.n == 1) {
		char *slash = strchr(w.v[0], '/');
		char *own = xstrndup(w.v[0], (size_t)(slash - w.v[0]));
		char *o = forge_url_encode(own), *nm = forge_url_encode(slash + 1);

		rc = github_get(out, GH_WATCH_REST, xasprintf("%s/repos/%s/%s",
		                                             acct->api_url, o, nm));
		free(own);
		free(o);
		free(nm);
	} else {
		rc = watch_graphql(out, acct, &w);
	}
	watch_names_free(&w);
	return rc;
}

static void watch_push(struct repo_list *repos, const struct account *acct,
                       const char *full, long subscribers)
{
	struct repo r;

	repo_init(&r);
	r.host = xstrdup(acct->host);
	r.full_name = xstrdup(full);
	r.owner = forge_top_owner(full);
	r.name = forge_last_component(full);
	r.subscribers = subscribers;
	repo_list_push(repos, &r);
}

/* A GraphQL answer: data.rN, null for a repository that is gone (its
 * error in "errors" does not fail the others). */
static int watch_parse_graphql(struct repo_list *repos, const json_t *root,
                               const struct account *acct,
                               const struct http_req *req,
                               const struct http_resp *resp)
{
	json_t *data = json_object_get(root, "data"), *v;
	const char *key;

	if (!json_is_object(data)) {
		const char *m = forge_json_cstr(json_array_get(
			json_object_get(root, "errors"), 0), "message");
		char *pm = m ? str_printable(m, strlen(m) > 200 ? 200 : strlen(m))
		             : NULL;
		int rc = forge_fail(ERROR_STATUS, acct, req, resp,
		                    "the GraphQL query failed: %s",
		                    pm ? pm : "no \"data\" in the answer");

		free(pm);
		return rc;
	}
	json_object_foreach(data, key, v) {
		const char *full = forge_json_cstr(v, "nameWithOwner");
		long n = forge_json_count(json_object_get(v, "watchers"),
		                          "totalCount");

		if (full && strchr(full, '/') && n >= 0)
			watch_push(repos, acct, full, n);
	}
	return 0;
}

static int github_watch_parse(struct repo_list *repos, struct http_req **next,
                              const struct account *acct,
                              const struct http_req *req,
                              const struct http_resp *resp)
{
	json_t *root;
	int rc;

	*next = NULL;
	if ((rc = forge_check_status(acct, req, resp)) ||
	    (rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	if (!json_is_object(root))
		rc = forge_fail(ERROR_PARSE, acct, req, resp,
		                "expected a JSON object");
	else if (req->step == GH_WATCH_GRAPHQL)
		rc = watch_parse_graphql(repos, root, acct, req, resp);
	else {
		const char *full = forge_json_cstr(root, "full_name");
		long n = forge_json_count(root, "subscribers_count");

		if (!full || !strchr(full, '/') || n < 0)
			rc = forge_fail(ERROR_PARSE, acct, req, resp,
			                "expected a repository with \"full_name\" and "
			                "\"subscribers_count\"");
		else
			watch_push(repos, acct, full, n);
	}
	json_decref(root);
	return rc;
}

static const struct forge forge_github_watchers = {
	.kind = "github",
	.api_root = github_api_root,
	.auth_header = github_auth_header,
	.list_first = github_watch_first,
	.list_parse = github_watch_parse,
};

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
	/* GraphQL's Organization has no followers count (docs.github.com/
	 * en/graphql/reference/objects#organization; a User has followers
	 * { totalCount }); GET /orgs/O has (orgs/orgs#get-an-organization). */
	.batch_no_org_followers = true,
	.batch_first = github_graphql_first,
	.batch_parse = github_graphql_parse,
	.watchers = &forge_github_watchers,
	.watchers_batch = GH_WATCH_BATCH,
	.search = &forge_github_search,
};
