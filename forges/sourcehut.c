/*
 * sourcehut.c - SourceHut git (git.sr.ht): GraphQL, POST https://HOST/query
 * (https://man.sr.ht/git.sr.ht/graphql.md; the schema is
 * api/graph/schema.graphqls in the git.sr.ht repository).
 *
 * A token is mandatory: /query answers 401 without one, 403 for a bad one
 * (https://man.sr.ht/graphql.md, "Authentication"; core-go's
 * auth/middleware.go). The engine finds it in the environment
 * variable INVENTAIRE_TOKEN_<HOST>, the host upper-cased with '.' and '-'
 * turned into '_': INVENTAIRE_TOKEN_GIT_SR_HT for git.sr.ht. It needs the
 * PROFILE:RO, REPOSITORIES:RO and OBJECTS:RO (for HEAD) scopes.
 *
 * Listing flow (req->step): users only (no organisations on SourceHut):
 *   SH_LIST POST /query {user(username){repositories(cursor, filter)}};
 *   the returned "cursor" goes into the next identical POST, null ends it.
 *   Only PUBLIC repositories are kept: the resolver also returns the
 *   UNLISTED and PRIVATE ones the token may see.
 * Owner flow: SH_OWNER POST /query {user(username){...}}.
 */
#include "forges/forge_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/str.h"

enum {
	SH_LIST = 1,
	SH_OWNER = 10,
};

/* 25 is the server default page (core-go's model/cursor.go); 9 fields per
 * result (225 in all) keep the query under the complexity limit of 250
 * (core-go's server/server.go). */
static const char list_query[] =
	"query($username: String!, $cursor: Cursor) {"
	" user(username: $username) { canonicalName"
	" repositories(cursor: $cursor, filter: {count: 25}) {"
	" results { id name description visibility created updated HEAD { name } }"
	" cursor } } }";

static const char owner_query[] =
	"query($username: String!) {"
	" user(username: $username) { canonicalName username email url"
	" location bio created } }";

static int sourcehut_api_root(char **out, const char *host)
{
	*out = xasprintf("https://%s", host);
	return 0;
}

static int sourcehut_auth_header(char **name, char **value, const char *token)
{
	*name = xstrdup("Authorization");
	*value = xasprintf("Bearer %s", token);
	return 0;
}

/* "~user" and "user" both name user "user". */
static const char *sh_username(const struct account *acct)
{
	return acct->owner[0] == '~' ? acct->owner + 1 : acct->owner;
}

static int sh_post(struct http_req **out, int step, const struct account *acct,
                   const char *query, const char *cursor)
{
	json_t *body = json_object(), *vars = json_object();
	char *url = xasprintf("%s/query", acct->api_url);

	json_object_set_new(vars, "username", json_string(sh_username(acct)));
	if (step == SH_LIST)
		json_object_set_new(vars, "cursor",
		                    cursor ? json_string(cursor) : json_null());
	json_object_set_new(body, "query", json_string(query));
	json_object_set_new(body, "variables", vars);
	http_req_new(out, "POST", url, step);
	http_req_add_header(*out, "Content-Type", "application/json");
	http_req_add_header(*out, "Accept", "application/json");
	(*out)->body = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	if (!(*out)->body) {
		fputs("inventaire: out of memory\n", stderr);
		exit(4);
	}
	(*out)->body_len = strlen((*out)->body);
	json_decref(body);
	free(url);
	return 0;
}

static int sourcehut_list_first(struct http_req **out, const struct account *acct)
{
	*out = NULL;
	if (acct->kind == ACCOUNT_INSTANCE || !acct->owner || !*sh_username(acct))
		return forge_need_owner(acct);
	return sh_post(out, SH_LIST, acct, list_query, NULL);
}

static char *sh_token_env(const char *host)
{
	char *s = xasprintf("INVENTAIRE_TOKEN_%s", host);

	for (char *p = s; *p; p++)
		*p = *p == '.' || *p == '-' ? '_' : (char)toupper((unsigned char)*p);
	return s;
}

/* Statuses and GraphQL "errors" common to both queries; on success
 * *USER is the borrowed data.user object inside *ROOT. */
static int sh_user(json_t **root, json_t **user, const struct account *acct, const struct http_req *req,
                   const struct http_resp *resp)
{
	json_t *errors;
	int rc;

	*root = *user = NULL;
	if (resp->status == 401 || resp->status == 403) {
		char *env = sh_token_env(acct->host);

		rc = forge_fail(ERROR_AUTH, acct, req, resp,
		                "SourceHut's API needs a personal access token (HTTP %ld); set %s to a token with the PROFILE:RO, REPOSITORIES:RO and OBJECTS:RO scopes",
		                resp->status, env);
		free(env);
		return rc;
	}
	if ((rc = forge_check_status(acct, req, resp)))
		return rc;
	if ((rc = forge_json_parse(root, acct, req, resp)))
		return rc;
	if (!json_is_object(*root))
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "expected a GraphQL response object");
	*user = json_object_get(json_object_get(*root, "data"), "user");
	errors = json_object_get(*root, "errors");
	if (json_is_array(errors) && json_array_size(errors) > 0) {
		const char *m = forge_json_cstr(json_array_get(errors, 0), "message");
		char *pm = m ? str_printable(m, strlen(m) > 200 ? 200 : strlen(m)) : NULL;

		rc = forge_fail(ERROR_STATUS, acct, req, resp,
		                "the GraphQL query failed: %s", pm ? pm : "(no message)");
		free(pm);
		return rc;
	}
	if (json_is_null(*user) || (*user == NULL && json_is_object(json_object_get(*root, "data"))))
		return forge_fail(ERROR_NOTFOUND, acct, req, resp,
		                  "no such user; check the account name");
	if (!json_is_object(*user))
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "expected data.user to be an object");
	return 0;
}

static int sh_repo(struct repo *r, const json_t *it, const char *canon,
                   const struct account *acct)
{
	const char *name = forge_json_cstr(it, "name");
	const char *vis = forge_json_cstr(it, "visibility");
	const char *head;

	if (!json_is_object(it) || !name || strchr(name, '/') || !vis)
		return -1;
	if (strcmp(vis, "PUBLIC"))
		return 0;
	r->host = xstrdup(acct->host);
	r->owner = xstrdup(canon);
	r->full_name = xasprintf("%s/%s", canon, name);
	r->name = xstrdup(name);
	/* Not in the schema; the web and clone URLs are the same path */
	r->html_url = xasprintf("https://%s/%s", acct->host, r->full_name);
	r->clone_url = xstrdup(r->html_url);
	r->description = forge_json_str(it, "description");
	head = forge_json_cstr(json_object_get(it, "HEAD"), "name");
	if (head)
		r->default_branch = xstrdup(!strncmp(head, "refs/heads/", 11) &&
		                            head[11] ? head + 11 : head);
	r->visibility = xstrdup("public");
	r->created_at = forge_json_date(it, "created");
	r->updated_at = forge_json_date(it, "updated");
	/* The schema's Repository.id (Int!), kept across a rename. */
	r->forge_id = forge_json_id(it, "id");
	return 1;
}

static int sourcehut_list_parse(struct repo_list *repos, struct http_req **next,
                                const struct account *acct,
                                const struct http_req *req,
                                const struct http_resp *resp)
{
	json_t *root, *user, *page, *results, *it, *cursor;
	const char *canon;
	char *owner_canon;
	size_t i;
	int rc;

	*next = NULL;
	if ((rc = sh_user(&root, &user, acct, req, resp)))
		goto out;
	page = json_object_get(user, "repositories");
	results = json_object_get(page, "results");
	cursor = json_object_get(page, "cursor");
	if (!json_is_array(results) || (cursor && !json_is_null(cursor) &&
	                                 !json_is_string(cursor))) {
		rc = forge_fail(ERROR_PARSE, acct, req, resp,
		                "expected data.user.repositories {results: [...], cursor}");
		goto out;
	}
	canon = forge_json_cstr(user, "canonicalName");
	owner_canon = canon && canon[0] == '~' && !strchr(canon, '/')
	            ? xstrdup(canon) : xasprintf("~%s", sh_username(acct));
	json_array_foreach(results, i, it) {
		struct repo r;
		int k;

		repo_init(&r);
		k = sh_repo(&r, it, owner_canon, acct);
		if (k < 0) {
			repo_clear(&r);
			rc = forge_fail(ERROR_PARSE, acct, req, resp,
			                "repository %zu of the page has no usable \"name\" and \"visibility\"",
			                i);
			break;
		}
		if (k)
			repo_list_push(repos, &r);
	}
	free(owner_canon);
	if (!rc && json_is_string(cursor)) {
		const char *c = json_string_value(cursor);

		if (!*c || strlen(c) != json_string_length(cursor))
			rc = forge_fail(ERROR_PARSE, acct, req, resp,
			                "the cursor is empty or holds a NUL byte");
		else
			rc = sh_post(next, SH_LIST, acct, list_query, c);
	}
out:
	json_decref(root);
	return rc;
}

static int sourcehut_owner_first(struct http_req **out, const struct account *acct)
{
	*out = NULL;
	if (!acct->owner || !*sh_username(acct))
		return forge_need_owner(acct);
	return sh_post(out, SH_OWNER, acct, owner_query, NULL);
}

static int sourcehut_owner_parse(struct owner *out, struct http_req **next,
                                 const struct account *acct,
                                 const struct http_req *req,
                                 const struct http_resp *resp)
{
	json_t *root, *user;
	int rc;

	*next = NULL;
	if ((rc = sh_user(&root, &user, acct, req, resp)) == 0) {
		owner_clear(out);
		out->host = xstrdup(acct->host);
		out->login = forge_json_str(user, "canonicalName");
		if (!out->login)
			out->login = xasprintf("~%s", sh_username(acct));
		out->name = forge_json_str(user, "username");
		out->description = forge_json_str(user, "bio");
		out->html_url = xasprintf("https://%s/%s", acct->host, out->login);
		out->website = forge_json_str(user, "url");
		out->email = forge_json_str(user, "email");
		out->location = forge_json_str(user, "location");
		out->created_at = forge_json_date(user, "created");
		out->is_user = true;
	}
	json_decref(root);
	return rc;
}

const struct forge forge_sourcehut = {
	.kind = "sourcehut",
	.api_root = sourcehut_api_root,
	.auth_header = sourcehut_auth_header,
	.list_first = sourcehut_list_first,
	.list_parse = sourcehut_list_parse,
	.owner_first = sourcehut_owner_first,
	.owner_parse = sourcehut_owner_parse,
};
