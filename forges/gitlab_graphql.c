/*
 * gitlab_graphql.c - GitLab groups listed several to a request through
 * GitLab's GraphQL API: the batch operations of forge_gitlab (forge.h,
 * batch_accepts/batch_first/batch_parse). API:
 * https://docs.gitlab.com/api/graphql/reference/ ("Query.group",
 * "Group", "Group.projects", "Project", "Repository"), endpoint
 * POST https://HOST/api/graphql (docs.gitlab.com/api/graphql/,
 * "GraphQL API endpoint"), the REST root's /api/v4 replaced.
 *
 * One query holds an alias per group, "gN: group(fullPath: $pN)", with
 * the group's own metadata on its first page and its projects, subgroups
 * included, 100 a page (GitlabSchema.default_max_page_size in GitLab's
 * app/graphql/gitlab_schema.rb), each group at its own cursor $cN.
 * Variables carry the paths and cursors: no name is spliced into the
 * query text.
 *
 * The same records as the REST listing (gitlab.c, gitlab_repo() and
 * gitlab_owner_parse()), field for field:
 *   REST                         GraphQL (Project)
 *   id                           id "gid://gitlab/Project/N": N
 *   path, path_with_namespace    path, fullPath
 *   web_url, http_url_to_repo    webUrl, httpUrlToRepo
 *   description, visibility      description, visibility
 *   default_branch               repository.rootRef
 *   empty_repo                   repository.empty
 *   archived                     archived
 *   forked_from_project present  forkedFrom not null (GitLab 17.10 on;
 *                                both null when the upstream project is
 *                                not readable)
 *   star_count, forks_count      starCount, forksCount
 *   open_issues_count            openIssuesCount
 *   topics                       topics
 *   created_at, last_activity_at createdAt, lastActivityAt
 *   updated_at                   updatedAt
 *   namespace.kind               none: a group's projects, subgroups
 *                                included, are all in group namespaces
 *   (group) full_path, name,     fullPath, name, description, webUrl,
 *   description, web_url,        avatarUrl, createdAt
 *   avatar_url, created_at
 * The REST list has no licence (only ?license=true on a single project)
 * and no language; neither is asked here. One field differs: REST's
 * "mirror" (a pull mirror, GitLab Premium) has no GraphQL counterpart in
 * the Project type, so a project listed here is never flagged a mirror.
 *
 * The cost: GitLab refuses a query whose complexity exceeds 200 (250
 * with a token: GitlabSchema::DEFAULT_MAX_COMPLEXITY and
 * AUTHENTICATED_MAX_COMPLEXITY in app/graphql/gitlab_schema.rb), with
 * "Query has complexity of N, which exceeds max complexity of 200"
 * (docs.gitlab.com/api/graphql/, "Limits"). Every field costs 1, 2 when
 * it calls Gitaly (forksCount, repository.rootRef, repository.empty); a
 * field with a resolver (group, projects) costs its children plus 1, and
 * a connection multiplies that by 1 + 1% per item asked, so 2 for 100
 * (Types::BaseField#field_resolver_complexity in
 * app/graphql/types/base_field.rb; Resolvers::BaseResolver.
 * complexity_multiplier in app/graphql/resolvers/base_resolver.rb). Here:
 *   P (a project node)   14 plain fields + forksCount 2 + forkedFrom { id }
 *                        2 + repository { rootRef empty } 5          = 23
 *   projects             (pageInfo { hasNextPage endCursor } 3 + nodes 1
 *                        + P 23 + 1) x 2                              = 56
 *   G (the group's own)  6 fields, on its first page only             =  6
 *   group                projects 56 + G 6 + 1                        = 63
 * so three groups, 189, fit under the anonymous 200 (GITLAB_GRAPHQL_BATCH).
 * A forge that counts otherwise answers the error above, and the groups
 * of that query are listed through REST (forge.batch_fallback).
 *
 * Tokens: the group's public projects answer without one; the engine
 * sends the REST listing's token, when token_scope allows one for this
 * API root, to this endpoint too (same origin), and GitLab takes the
 * PRIVATE-TOKEN header there as on REST (docs.gitlab.com/api/graphql/,
 * "Authentication"). So batching needs no token (forge.batch_token
 * false).
 *
 * Any trouble for a group (an error whose path names its alias, a node
 * not as documented) or for the whole answer (an error status, no data:
 * a GitLab without GraphQL, without forkedFrom, or over the complexity
 * limit) sets its FALLBACK: the engine lists it again through REST, from
 * its first page. A group that does not exist ("gN": null and no error)
 * fails as REST's 404 does; a name without '/' of unknown kind may be a
 * user, which REST tells (gitlab.c), so it falls back.
 */
#include "forges/forge_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"

/* The groups a query holds (forge_int.h): 3 x 63 = 189 <= 200 (above). */
#define GITLAB_GQL_COST_GROUP 63
#define GITLAB_GQL_MAX_COMPLEXITY 200
_Static_assert(GITLAB_GRAPHQL_BATCH * GITLAB_GQL_COST_GROUP <=
               GITLAB_GQL_MAX_COMPLEXITY, "a query over GitLab's limit");

static const char group_fragment[] =
	"fragment G on Group { fullPath name description webUrl avatarUrl "
	"createdAt } ";

static const char project_fragment[] =
	"fragment P on Project { id path fullPath webUrl httpUrlToRepo "
	"description visibility archived createdAt lastActivityAt updatedAt "
	"starCount forksCount openIssuesCount topics forkedFrom { id } "
	"repository { rootRef empty } } ";

/* The GraphQL endpoint of REST root API (".../api/v4"), or NULL. */
char *gitlab_graphql_url(const char *api)
{
	size_t n = api ? strlen(api) : 0;

	if (n < 7 || strcmp(api + n - 7, "/api/v4"))
		return NULL;
	return xasprintf("%.*s/api/graphql", (int)(n - 7), api);
}

bool gitlab_graphql_accepts(const struct account *acct)
{
	char *url;
	bool ok;

	if (!acct->owner || !*acct->owner ||
	    (acct->kind != ACCOUNT_ORG && acct->kind != ACCOUNT_UNKNOWN))
		return false;
	url = gitlab_graphql_url(acct->api_url);
	ok = url != NULL;
	free(url);
	return ok;
}

int gitlab_graphql_first(struct http_req **out,
                         struct forge_batch *const *items, size_t n)
{
	struct buf q = BUF_INIT, args = BUF_INIT;
	json_t *vars = json_object(), *body;
	bool owner = false;
	char key[32], *url, *text;

	*out = NULL;
	url = n ? gitlab_graphql_url(items[0]->acct->api_url) : NULL;
	for (size_t i = 0; i < n && url; i++) {
		const struct forge_batch *b = items[i];

		if (!gitlab_graphql_accepts(b->acct)) {
			free(url);
			url = NULL;
			break;
		}
		buf_addf(&args, "%s$p%zu: ID!, $c%zu: String", i ? ", " : "", i, i);
		snprintf(key, sizeof(key), "p%zu", i);
		json_object_set_new(vars, key, json_string(b->acct->owner));
		snprintf(key, sizeof(key), "c%zu", i);
		json_object_set_new(vars, key, b->cursor ? json_string(b->cursor)
		                                         : json_null());
		/* Group.projects: includeSubgroups as REST's include_subgroups,
		 * includeArchived as REST's listing without archived=. */
		buf_addf(&q, "g%zu: group(fullPath: $p%zu) { %sprojects("
		         "includeSubgroups: true, includeArchived: true, first: 100, "
		         "after: $c%zu) { pageInfo { hasNextPage endCursor } "
		         "nodes { ...P } } } ", i, i, b->cursor ? "" : "...G ", i);
		owner |= !b->cursor;
	}
	if (!url) {
		buf_free(&q);
		buf_free(&args);
		json_decref(vars);
		return error_set(ERROR_INVALID, "%s: GitLab's GraphQL API lists "
		                 "groups under an API root ending in /api/v4 only",
		                 n ? items[0]->acct->host : "?");
	}
	text = xasprintf("query(%s) { %s} %s%s", args.data, q.data,
	                 owner ? group_fragment : "", project_fragment);
	body = json_pack("{s:s, s:o}", "query", text, "variables", vars);
	free(text);
	buf_free(&q);
	buf_free(&args);
	http_req_new(out, "POST", url, 1);
	free(url);
	http_req_add_header(*out, "Accept", "application/json");
	http_req_add_header(*out, "Content-Type", "application/json");
	(*out)->body = json_dumps(body, JSON_COMPACT);
	(*out)->body_len = strlen((*out)->body);
	json_decref(body);
	return 0;
}

/* The N of "gid://gitlab/Project/N" (reference, "ProjectID"): REST's id,
 * the same forge_id whichever way the group was listed, or a rename
 * would look like a removal and an addition. NULL when ID is not that. */
static char *project_id(const char *id)
{
	static const char prefix[] = "gid://gitlab/Project/";
	size_t n;

	if (!id || strncmp(id, prefix, sizeof(prefix) - 1))
		return NULL;
	id += sizeof(prefix) - 1;
	n = strspn(id, "0123456789");
	if (n == 0 || n > 19 || id[n])
		return NULL;
	return xstrdup(id);
}

/* One project node, as gitlab_repo() maps the REST one (gitlab.c): 1
 * kept, 0 not public, -1 malformed. */
static int graphql_repo(struct repo *r, const json_t *it,
                        const struct account *acct)
{
	const char *full = forge_json_cstr(it, "fullPath");
	const char *vis = forge_json_cstr(it, "visibility");
	const json_t *repo = json_object_get(it, "repository");

	if (!json_is_object(it) || !full || !strchr(full, '/'))
		return -1;
	if (vis && strcmp(vis, "public"))
		return 0;
	r->forge_id = project_id(forge_json_cstr(it, "id"));
	if (forge_json_present(it, "id") && !r->forge_id)
		return -1;
	r->host = xstrdup(acct->host);
	r->full_name = xstrdup(full);
	r->owner = forge_top_owner(full);
	r->name = forge_json_str(it, "path");
	if (!r->name)
		r->name = forge_last_component(full);
	r->html_url = forge_json_str(it, "webUrl");
	r->clone_url = forge_json_str(it, "httpUrlToRepo");
	r->description = forge_json_str(it, "description");
	r->default_branch = forge_json_str(repo, "rootRef");
	r->visibility = xstrdup("public");
	r->fork = forge_json_present(it, "forkedFrom");
	r->archived = forge_json_true(it, "archived");
	r->empty = forge_json_true(repo, "empty");
	r->created_at = forge_json_date(it, "createdAt");
	/* As gitlab_repo(): last activity is the push date and the
	 * updated_at code.gouv.fr shows. */
	r->pushed_at = forge_json_date(it, "lastActivityAt");
	r->updated_at = r->pushed_at ? xstrdup(r->pushed_at)
	                             : forge_json_date(it, "updatedAt");
	r->stars = forge_json_count(it, "starCount");
	r->forks = forge_json_count(it, "forksCount");
	r->open_issues = forge_json_count(it, "openIssuesCount");
	forge_json_topics(r, it, "topics");
	return 1;
}

/* The group object O of B's account, as gitlab_owner_parse() maps REST's
 * GET /groups/PATH. */
static void graphql_owner(struct forge_batch *b, const json_t *o)
{
	struct owner *ow = &b->owner;

	owner_clear(ow);
	ow->host = xstrdup(b->acct->host);
	ow->login = forge_json_str(o, "fullPath");
	if (!ow->login)
		ow->login = xstrdup(b->acct->owner);
	ow->description = forge_json_str(o, "description");
	ow->name = forge_json_str(o, "name");
	ow->html_url = forge_json_str(o, "webUrl");
	ow->avatar_url = forge_json_str(o, "avatarUrl");
	ow->created_at = forge_json_date(o, "createdAt");
	/* Groups have no followers (REST: -1, "followers" absent). */
	ow->followers = -1;
	b->have_owner = true;
}

/* Item B of the answer: its alias's object O. Sets B's fallback when the
 * answer for it is not usable. */
static void parse_item(struct forge_batch *b, const json_t *o,
                       const json_t *errors, const char *alias,
                       const struct http_req *req,
                       const struct http_resp *resp)
{
	const json_t *projects = json_object_get(o, "projects");
	const json_t *page = json_object_get(projects, "pageInfo");
	struct repo_list got = { 0 };
	const char *next;

	if (forge_graphql_error(errors, alias) || (o && !json_is_null(o) &&
	                                 !json_is_object(o))) {
		b->fallback = true;
		return;
	}
	if (!json_is_object(o)) {
		/* "group": null, no error: no such group, or none this caller
		 * may see. A bare name of unknown kind may be a user. */
		if (b->acct->kind == ACCOUNT_UNKNOWN && !strchr(b->acct->owner, '/')) {
			b->fallback = true;
			return;
		}
		b->rc = forge_fail(ERROR_NOTFOUND, b->acct, req, resp, "no such "
		                   "group (GraphQL: group is null); check the account "
		                   "name");
		b->message = xstrdup(error_last());
		return;
	}
	if (!json_is_object(projects) ||
	    !json_is_array(json_object_get(projects, "nodes")) ||
	    !json_is_object(page) ||
	    forge_push_repos(&got, b->acct, req, resp,
	                     json_object_get(projects, "nodes"), graphql_repo,
	                     "project", "is not an object with a \"fullPath\"") < 0) {
		repo_list_clear(&got);
		b->fallback = true;
		return;
	}
	for (size_t i = 0; i < got.n; i++)
		repo_list_push(&b->repos, &got.v[i]);
	free(got.v);
	if (!b->cursor)
		graphql_owner(b, o);
	next = forge_json_cstr(page, "endCursor");
	free(b->cursor);
	b->cursor = NULL;
	if (forge_json_true(page, "hasNextPage") && next)
		b->cursor = xstrdup(next);
	else
		b->done = true;
}

int gitlab_graphql_parse(struct forge_batch *const *items, size_t n,
                         const struct http_req *req,
                         const struct http_resp *resp)
{
	json_t *root = NULL, *data, *errors;

	/* An error status, a body that is not JSON (a GitLab without
	 * GraphQL), or no data (a query refused whole: complexity, an
	 * unknown field such as forkedFrom before GitLab 17.10): REST. */
	if (!n || forge_check_status(items[0]->acct, req, resp) ||
	    forge_json_parse(&root, items[0]->acct, req, resp) ||
	    !json_is_object(data = json_object_get(root, "data"))) {
		for (size_t i = 0; i < n; i++)
			items[i]->fallback = true;
		json_decref(root);
		error_clear();
		return 0;
	}
	errors = json_object_get(root, "errors");
	for (size_t i = 0; i < n; i++) {
		char alias[32];

		snprintf(alias, sizeof(alias), "g%zu", i);
		parse_item(items[i], json_object_get(data, alias), errors, alias,
		           req, resp);
	}
	json_decref(root);
	error_clear();
	return 0;
}
