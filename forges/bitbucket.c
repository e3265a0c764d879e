/*
 * bitbucket.c - Bitbucket Cloud (bitbucket.org, API 2.0 at
 * https://api.bitbucket.org/2.0). API:
 * https://developer.atlassian.com/cloud/bitbucket/rest/, pages cited below
 * by their path under it. Bitbucket Server/Data Center speaks another API
 * (/rest/api/1.0) and is not handled here.
 *
 * Listing flow (req->step): any account kind with an owner:
 *   BB_LIST GET /repositories/WORKSPACE?pagelen=100, then the body's "next"
 *   (a full URL) until absent (intro/#pagination). Teams and users are
 *   both workspaces (api-group-repositories/#api-repositories-workspace-get),
 *   so there is no org/user question. No whole-site listing.
 * Owner flow: BB_OWNER GET /workspaces/WORKSPACE.
 */
#include "forges/forge_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/url.h"

enum {
	BB_LIST = 1,
	BB_OWNER = 10,
};

static int bitbucket_api_root(char **out, const char *host)
{
	if (!strcasecmp(host, "bitbucket.org") || !strcasecmp(host, "www.bitbucket.org"))
		*out = xstrdup("https://api.bitbucket.org/2.0");
	else	/* a proxy or a test double serving the Cloud API */
		*out = xasprintf("https://%s/2.0", host);
	return 0;
}

static char *base64(const char *s)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	struct buf b = BUF_INIT;

	buf_adds(&b, "");
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		buf_addc(&b, tab[v >> 18 & 63]);
		buf_addc(&b, tab[v >> 12 & 63]);
		buf_addc(&b, i + 1 < n ? tab[v >> 6 & 63] : '=');
		buf_addc(&b, i + 2 < n ? tab[v & 63] : '=');
	}
	return buf_detach(&b);
}

static int bitbucket_auth_header(char **name, char **value, const char *token)
{
	/* intro/#authentication: HTTP Basic "username:app_password"; a token
	 * without ':' is an access token, sent as Bearer. */
	*name = xstrdup("Authorization");
	if (strchr(token, ':')) {
		char *b = base64(token);

		*value = xasprintf("Basic %s", b);
		free(b);
	} else {
		*value = xasprintf("Bearer %s", token);
	}
	return 0;
}

static int bitbucket_list_first(struct http_req **out, const struct account *acct)
{
	char *o;

	*out = NULL;
	/* Bitbucket Cloud has no "every repository of the site" listing. */
	if (acct->kind == ACCOUNT_INSTANCE || !acct->owner || !*acct->owner)
		return forge_need_owner(acct);
	o = forge_url_encode(acct->owner);
	/* intro/#pagination: pagelen up to 100 */
	forge_get(out, BB_LIST, "%s/repositories/%s?pagelen=100", acct->api_url, o);
	free(o);
	return 0;
}

/* links.KEY.href, or for KEY "clone" the entry named "https". */
static const char *bb_link(const json_t *it, const char *key)
{
	json_t *l = json_object_get(json_object_get(it, "links"), key), *v;
	size_t i;

	if (json_is_object(l))
		return forge_json_cstr(l, "href");
	json_array_foreach(l, i, v) {
		const char *n = forge_json_cstr(v, "name");

		if (n && !strcmp(n, "https"))
			return forge_json_cstr(v, "href");
	}
	return NULL;
}

/* URL without "user@" (authenticated calls put the caller's login into
 * the https clone link), or NULL when URL is not a URL. */
static char *bb_clean_url(const char *url)
{
	struct url u;
	char *s;

	if (url_parse(&u, url) < 0)
		return NULL;
	free(u.userinfo);
	u.userinfo = NULL;
	s = url_format(&u);
	url_clear(&u);
	return s;
}

/* "owner/name" from a clone or web URL, for partial (fields=) pages. */
static char *bb_full_from_url(const char *url)
{
	struct url u;
	char *full = NULL;
	size_t n;

	if (!url || url_parse(&u, url) < 0)
		return NULL;
	n = strlen(u.path);
	if (n > 4 && !strcmp(u.path + n - 4, ".git"))
		n -= 4;
	if (n > 1 && memchr(u.path + 1, '/', n - 1))
		full = xstrndup(u.path + 1, n - 1);
	url_clear(&u);
	return full;
}

int bitbucket_repo(struct repo *r, const json_t *it,
                   const struct account *acct)
{
	const char *clone, *html, *scm;
	char *full;

	if (!json_is_object(it))
		return -1;
	clone = bb_link(it, "clone");
	html = bb_link(it, "html");
	full = forge_json_str(it, "full_name");
	if (!full)
		full = bb_full_from_url(clone ? clone : html);
	if (!full || !strchr(full, '/')) {
		free(full);
		return -1;
	}
	scm = forge_json_cstr(it, "scm");
	/* The repository object: is_private; Mercurial repositories (retired
	 * in 2020) cannot be probed with git. */
	if (forge_json_true(it, "is_private") || (scm && strcmp(scm, "git"))) {
		free(full);
		return 0;
	}
	r->host = xstrdup(acct->host);
	r->full_name = full;
	r->owner = forge_top_owner(full);
	r->name = forge_last_component(full);
	r->html_url = html ? bb_clean_url(html) : NULL;
	if (!r->html_url)
		r->html_url = xasprintf("https://%s/%s", acct->host, full);
	r->clone_url = clone ? bb_clean_url(clone) : NULL;
	if (!r->clone_url)
		r->clone_url = xasprintf("https://%s/%s.git", acct->host, full);
	r->description = forge_json_str(it, "description");
	r->default_branch = forge_json_str(json_object_get(it, "mainbranch"), "name");
	r->visibility = xstrdup("public");
	r->fork = forge_json_present(it, "parent");
	r->created_at = forge_json_date(it, "created_on");
	r->updated_at = forge_json_date(it, "updated_on");
	r->language = forge_json_str(it, "language");
	/* The repository object's uuid ("{...}"), which a rename or a move to
	 * another workspace keeps. */
	r->forge_id = forge_json_id(it, "uuid");
	/* Cloud's repository object has no licence, topics, stars, archived
	 * flag or fork count: counts stay -1, flags false. */
	return 1;
}

static int bitbucket_list_parse(struct repo_list *repos, struct http_req **next,
                                const struct account *acct,
                                const struct http_req *req,
                                const struct http_resp *resp)
{
	json_t *root, *values, *nx;
	int rc;

	*next = NULL;
	if ((rc = forge_check_status(acct, req, resp)))
		return rc;
	if ((rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	values = json_object_get(root, "values");
	if (!json_is_array(values)) {
		json_decref(root);
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "expected a page object with a \"values\" array");
	}
	if ((rc = forge_push_repos(repos, acct, req, resp, values, bitbucket_repo,
	                           "repository", "has neither \"full_name\" nor a clone link"))) {
		json_decref(root);
		return rc;
	}
	nx = json_object_get(root, "next");
	if (json_is_string(nx)) {
		char *url = forge_url_resolve(resp->url ? resp->url : req->url,
		                              json_string_value(nx));

		if (!url || strlen(json_string_value(nx)) != json_string_length(nx))
			rc = forge_fail(ERROR_PARSE, acct, req, resp,
			                "\"next\" is not a usable URL");
		else
			rc = forge_follow(next, acct, req, resp, url);
		free(url);
	} else if (nx && !json_is_null(nx)) {
		rc = forge_fail(ERROR_PARSE, acct, req, resp,
		                "\"next\" is not a string");
	}
	json_decref(root);
	return rc;
}

static int bitbucket_owner_first(struct http_req **out, const struct account *acct)
{
	char *o;

	*out = NULL;
	if (!acct->owner || !*acct->owner)
		return forge_need_owner(acct);
	o = forge_url_encode(acct->owner);
	forge_get(out, BB_OWNER, "%s/workspaces/%s", acct->api_url, o);
	free(o);
	return 0;
}

static int bitbucket_owner_parse(struct owner *out, struct http_req **next,
                                 const struct account *acct,
                                 const struct http_req *req,
                                 const struct http_resp *resp)
{
	json_t *root;
	const char *html;
	int rc;

	*next = NULL;
	if ((rc = forge_check_status(acct, req, resp)))
		return rc;
	if ((rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	if (!json_is_object(root)) {
		json_decref(root);
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "expected a workspace object");
	}
	owner_clear(out);
	out->host = xstrdup(acct->host);
	out->login = forge_json_str(root, "slug");
	if (!out->login)
		out->login = xstrdup(acct->owner);
	out->name = forge_json_str(root, "name");
	html = bb_link(root, "html");
	out->html_url = html ? xstrdup(html) : xasprintf("https://%s/%s", acct->host, out->login);
	out->avatar_url = bb_link(root, "avatar") ? xstrdup(bb_link(root, "avatar")) : NULL;
	out->created_at = forge_json_date(root, "created_on");
	json_decref(root);
	return 0;
}

const struct forge forge_bitbucket = {
	.kind = "bitbucket",
	.api_root = bitbucket_api_root,
	.auth_header = bitbucket_auth_header,
	.list_first = bitbucket_list_first,
	.list_parse = bitbucket_list_parse,
	.owner_first = bitbucket_owner_first,
	.owner_parse = bitbucket_owner_parse,
};
