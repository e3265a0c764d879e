/*
 * github_graphql.c - GitHub's listing through its GraphQL API, many
 * accounts to a request: the batch operations of forge_github (forge.h,
 * batch_first/batch_parse). API: https://docs.github.com/en/graphql, pages
 * cited below by their path under it.
 *
 * One query holds an alias per account, "aN: repositoryOwner(login: $lN)",
 * which answers for an organization and a user alike (the REST listing
 * needs /users/X first to tell), with the owner's metadata on its first
 * page and 100 repositories a page (the most a connection gives,
 * guides/using-pagination-in-the-graphql-api). Variables carry the logins
 * and cursors, so no name is ever spliced into the query text.
 *
 * The cost: GitHub counts, per query, the connections it resolves, 100 to
 * a point, at least one point a query (overview/rate-limits-and-node-limits-
 * for-the-graphql-api, "Calculating a rate limit score"). The repositories
 * connection of 25 accounts is 25 requests (and a user's followers one
 * more each, on the first page): one point for 25 accounts and
 * up to 2,500 repositories, where the REST listing spends two or three
 * requests an account. A connection nested in each repository would cost a
 * request per repository: so the open issues and the topics, which the
 * REST listing gives but no published file uses, are not asked for here
 * (struct repo: open_issues -1, no topics); nor the subscribers (the
 * watchers connection), which the REST listing does not give either:
 * crawler/crawl/crawl_extra.c asks for those of the repositories whose
 * listing changed, a hundred to a query. Every other field is the REST
 * listing's (github.c, github_repo()), for the same repository, its id
 * (databaseId) included.
 *
 * The GraphQL API answers only with a token (guides/forming-calls-with-
 * graphql, "Authenticating with GraphQL"): forge.batch_token.
 */
#include "forges/forge_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"

static const char owner_fragment[] =
	"fragment O on RepositoryOwner { __typename login url avatarUrl "
	"... on Organization { name description websiteUrl email location "
	"createdAt } "
	"... on User { name bio websiteUrl email location createdAt "
	"followers { totalCount } } } ";

/* reference/objects#repository */
static const char repo_fragment[] =
	"fragment R on Repository { nameWithOwner name url description isFork "
	"isArchived isPrivate visibility mirrorUrl diskUsage createdAt updatedAt "
	"pushedAt stargazerCount forkCount primaryLanguage { name } "
	"licenseInfo { spdxId key } defaultBranchRef { name } databaseId "
	"isTemplate owner { __typename } } ";

char *github_graphql_url(const char *api)
{
	size_t n = strlen(api);

	if (n >= 7 && !strcmp(api + n - 7, "/api/v3"))
		return xasprintf("%.*s/api/graphql", (int)(n - 7), api);
	return xasprintf("%s/graphql", api);
}

int github_graphql_first(struct http_req **out,
                         struct forge_batch *const *items, size_t n)
{
	struct buf q = BUF_INIT, args = BUF_INIT;
	json_t *vars = json_object(), *body;
	bool owner = false;
	char key[32], *url, *text;

	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct forge_batch *b = items[i];

		if (!b->acct->owner || !*b->acct->owner) {
			buf_free(&q);
			buf_free(&args);
			json_decref(vars);
			return forge_need_owner(b->acct);
		}
		buf_addf(&args, "%s$l%zu: String!, $c%zu: String", i ? ", " : "",
		         i, i);
		snprintf(key, sizeof(key), "l%zu", i);
		json_object_set_new(vars, key, json_string(b->acct->owner));
		snprintf(key, sizeof(key), "c%zu", i);
		json_object_set_new(vars, key, b->cursor ? json_string(b->cursor)
		                                         : json_null());
		/* repositoryOwner: reference/queries#repositoryowner;
		 * repositories: reference/interfaces#repositoryowner. */
		buf_addf(&q, "a%zu: repositoryOwner(login: $l%zu) { %s"
		         "repositories(first: 100, after: $c%zu, "
		         "ownerAffiliations: OWNER, privacy: PUBLIC, "
		         "orderBy: {field: NAME, direction: ASC}) { totalCount "
		         "pageInfo { hasNextPage endCursor } nodes { ...R } } } ",
		         i, i, b->cursor ? "" : "...O ", i);
		owner |= !b->cursor;
	}
	text = xasprintf("query(%s) { %srateLimit { cost remaining resetAt } } "
	                 "%s%s", args.data, q.data, owner ? owner_fragment : "",
	                 repo_fragment);
	body = json_pack("{s:s, s:o}", "query", text, "variables", vars);
	free(text);
	buf_free(&q);
	buf_free(&args);
	url = github_graphql_url(items[0]->acct->api_url);
	http_req_new(out, "POST", url, 1);
	free(url);
	http_req_add_header(*out, "Accept", "application/json");
	http_req_add_header(*out, "Content-Type", "application/json");
	(*out)->body = json_dumps(body, JSON_COMPACT);
	(*out)->body_len = strlen((*out)->body);
	json_decref(body);
	return 0;
}

/* One repository node, as github_repo() maps the REST one (github.c): 1
 * when kept, 0 when skipped (not public), -1 when malformed. */
static int graphql_repo(struct repo *r, const json_t *it,
                        const struct account *acct)
{
	const char *full = forge_json_cstr(it, "nameWithOwner");
	const char *vis = forge_json_cstr(it, "visibility");
	const char *type;
	char *url;

	if (!json_is_object(it) || !full || !strchr(full, '/'))
		return -1;
	if (forge_json_true(it, "isPrivate") || (vis && strcmp(vis, "PUBLIC")))
		return 0;
	r->host = xstrdup(acct->host);
	r->full_name = xstrdup(full);
	r->owner = forge_top_owner(full);
	r->name = forge_json_str(it, "name");
	if (!r->name)
		r->name = forge_last_component(full);
	r->html_url = forge_json_str(it, "url");
	/* The REST clone_url: the web URL and ".git". */
	url = r->html_url;
	r->clone_url = url ? xasprintf("%s.git", url) : NULL;
	r->description = forge_json_str(it, "description");
	r->default_branch = forge_json_str(json_object_get(it, "defaultBranchRef"),
	                                   "name");
	r->visibility = xstrdup("public");
	r->fork = forge_json_true(it, "isFork");
	r->archived = forge_json_true(it, "isArchived");
	r->mirror = forge_json_cstr(it, "mirrorUrl") != NULL;
	/* The REST listing's "size" is this diskUsage (kilobytes). */
	r->empty = json_is_integer(json_object_get(it, "diskUsage")) &&
	           forge_json_count(it, "diskUsage") == 0;
	r->created_at = forge_json_date(it, "createdAt");
	r->updated_at = forge_json_date(it, "updatedAt");
	r->pushed_at = forge_json_date(it, "pushedAt");
	r->stars = forge_json_count(it, "stargazerCount");
	r->forks = forge_json_count(it, "forkCount");
	r->language = forge_json_str(json_object_get(it, "primaryLanguage"),
	                             "name");
	r->license = forge_json_str(json_object_get(it, "licenseInfo"), "spdxId");
	r->license_key = forge_json_str(json_object_get(it, "licenseInfo"), "key");
	r->template = forge_json_true(it, "isTemplate");
	type = forge_json_cstr(json_object_get(it, "owner"), "__typename");
	r->owner_is_user = type && !strcmp(type, "User");
	/* databaseId is the REST listing's id (reference/objects#repository):
	 * the same forge_id whichever way the account was listed, or a
	 * rename would look like a removal and an addition. */
	r->forge_id = forge_json_id(it, "databaseId");
	return 1;
}

/* The owner object O of B's account, as github_owner_parse() maps it. */
static void graphql_owner(struct forge_batch *b, const json_t *o)
{
	const char *type = forge_json_cstr(o, "__typename");
	bool user = type && !strcmp(type, "User");
	struct owner *ow = &b->owner;

	owner_clear(ow);
	ow->host = xstrdup(b->acct->host);
	ow->login = forge_json_str(o, "login");
	ow->name = forge_json_str(o, "name");
	ow->description = forge_json_str(o, user ? "bio" : "description");
	ow->html_url = forge_json_str(o, "url");
	ow->avatar_url = forge_json_str(o, "avatarUrl");
	ow->website = forge_json_str(o, "websiteUrl");
	ow->email = forge_json_str(o, "email");
	ow->location = forge_json_str(o, "location");
	ow->created_at = forge_json_date(o, "createdAt");
	ow->public_repos = forge_json_count(json_object_get(o, "repositories"),
	                                    "totalCount");
	/* A user's followers; an organization's are left unknown here:
	 * GraphQL's Organization has no followers (reference/objects#
	 * organization), the REST owner answer has them, and the crawl asks
	 * it (forge.h, batch_no_org_followers). */
	ow->followers = forge_json_count(json_object_get(o, "followers"),
	                                 "totalCount");
	ow->is_user = user;
	b->have_owner = true;
}

/* Item B of the answer: its alias's object O, or its error. */
static int parse_item(struct forge_batch *b, const json_t *o,
                      const json_t *errors, const char *alias,
                      const struct http_req *req,
                      const struct http_resp *resp)
{
	const json_t *repos = json_object_get(o, "repositories");
	const json_t *page = json_object_get(repos, "pageInfo");
	const json_t *err;
	const char *next;

	if (!json_is_object(o)) {
		err = forge_graphql_error(errors, alias);
		b->rc = forge_fail(ERROR_NOTFOUND, b->acct, req, resp, "no such "
		                   "account on the forge%s%s", err ? ": " : "",
		                   err ? forge_json_cstr(err, "message")
		                         ? forge_json_cstr(err, "message") : "" : "");
		b->message = xstrdup(error_last());
		return 0;
	}
	if (!json_is_object(repos) || !json_is_array(json_object_get(repos,
	                                                              "nodes")))
		return forge_fail(ERROR_PARSE, b->acct, req, resp, "%s has no "
		                  "\"repositories\" with \"nodes\"", alias);
	if (!b->cursor)
		graphql_owner(b, o);
	if (forge_push_repos(&b->repos, b->acct, req, resp,
	                     json_object_get(repos, "nodes"), graphql_repo,
	                     "repository", "is not an object with a "
	                     "\"nameWithOwner\" owner/name") < 0)
		return ERROR_PARSE;
	next = forge_json_cstr(page, "endCursor");
	free(b->cursor);
	b->cursor = NULL;
	if (forge_json_true(page, "hasNextPage") && next)
		b->cursor = xstrdup(next);
	else
		b->done = true;
	return 0;
}

int github_graphql_parse(struct forge_batch *const *items, size_t n,
                         const struct http_req *req,
                         const struct http_resp *resp)
{
	const struct account *acct = items[0]->acct;
	json_t *root, *data, *errors;
	int rc;

	if ((rc = forge_check_status(acct, req, resp)))
		return rc;
	if ((rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	data = json_object_get(root, "data");
	errors = json_object_get(root, "errors");
	if (!json_is_object(data)) {
		const char *m = forge_json_cstr(json_array_get(errors, 0), "message");

		rc = forge_fail(ERROR_PARSE, acct, req, resp, "the GraphQL answer "
		                "has no data%s%s", m ? ": " : "", m ? m : "");
		json_decref(root);
		return rc;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		char alias[32];

		snprintf(alias, sizeof(alias), "a%zu", i);
		rc = parse_item(items[i], json_object_get(data, alias), errors,
		                alias, req, resp);
	}
	json_decref(root);
	return rc;
}
