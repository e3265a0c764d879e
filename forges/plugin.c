/*
 * plugin.c - what every plug-in does the same way: error messages that
 * name the account and the URL, the status policy, checked JSON decoding
 * and typed member access. Forge responses are untrusted input (STYLE.md):
 * they are checked here, where they enter.
 */
#include "forges/forge_int.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/date.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "lib/str.h"

/* "github.com account socialgouv" / "git.drees.fr (whole instance)". */
static char *forge_account_name(const struct account *acct)
{
	const char *host = acct && acct->host ? acct->host : "?";
	char *h = str_printable(host, strlen(host)), *o, *s;

	if (!acct || !acct->owner)
		s = xasprintf("%s (whole instance)", h);
	else {
		o = str_printable(acct->owner, strlen(acct->owner));
		s = xasprintf("%s account %s", h, o);
		free(o);
	}
	free(h);
	return s;
}

int forge_fail(int code, const struct account *acct,
               const struct http_req *req, const struct http_resp *resp,
               const char *fmt, ...)
{
	const char *url = resp && resp->url ? resp->url : req ? req->url : NULL;
	char *who = forge_account_name(acct), *msg, *u = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = xvasprintf(_(fmt), ap);
	va_end(ap);
	if (url)
		u = str_printable(url, strlen(url));
	if (u)
		error_set(code, "%s: %s (%s)", who, msg, u);
	else
		error_set(code, "%s: %s", who, msg);
	free(who);
	free(msg);
	free(u);
	return code;
}

int forge_need_owner(const struct account *acct)
{
	char *who = forge_account_name(acct);
	const char *host = acct && acct->host ? acct->host : "HOST";
	int rc = error_set(ERROR_INVALID, "%s: this forge lists repositories "
	                   "per account; give one, e.g. https://%s/ACCOUNT", who,
	                   host);

	free(who);
	return rc;
}

/* The API's "message" (GitHub, Gitea, GitLab) or "error.message"
 * (Bitbucket) when the body is a small JSON object, made printable. */
static char *api_message(const struct http_resp *resp)
{
	json_t *root, *m;
	json_error_t je;
	char *s = NULL;

	if (!resp->body || resp->len == 0 || resp->len > 65536)
		return NULL;
	root = json_loadb(resp->body, resp->len, JSON_ALLOW_NUL, &je);
	if (!json_is_object(root)) {
		json_decref(root);
		return NULL;
	}
	m = json_object_get(root, "message");
	if (!json_is_string(m))
		m = json_object_get(json_object_get(root, "error"), "message");
	if (!json_is_string(m) && json_is_string(json_object_get(root, "error")))
		m = json_object_get(root, "error");
	if (json_is_string(m)) {
		size_t n = json_string_length(m);

		s = str_printable(json_string_value(m), n > 200 ? 200 : n);
	}
	json_decref(root);
	return s;
}

int forge_check_status(const struct account *acct,
                       const struct http_req *req,
                       const struct http_resp *resp)
{
	char *m;
	int code;

	if (resp->status >= 200 && resp->status < 300)
		return 0;
	m = api_message(resp);
	if (resp->status == 404)
		code = forge_fail(ERROR_NOTFOUND, acct, req, resp,
		                  "not found (HTTP 404%s%s%s); check the account name",
		                  m ? ": \"" : "", m ? m : "", m ? "\"" : "");
	else if (resp->status == 401 || resp->status == 403)
		code = forge_fail(ERROR_AUTH, acct, req, resp,
		                  "access refused (HTTP %ld%s%s%s); check the token",
		                  resp->status, m ? ": \"" : "", m ? m : "",
		                  m ? "\"" : "");
	else
		code = forge_fail(ERROR_STATUS, acct, req, resp,
		                  "unexpected HTTP status %ld%s%s%s", resp->status,
		                  m ? ": \"" : "", m ? m : "", m ? "\"" : "");
	free(m);
	return code;
}

int forge_json_parse(json_t **out, const struct account *acct,
                     const struct http_req *req,
                     const struct http_resp *resp)
{
	json_error_t je;
	size_t i = 0;

	*out = NULL;
	if (!resp->body || resp->len == 0)
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "empty response body where JSON was expected");
	if (resp->len > FORGE_MAX_BODY)
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "response body of %zu bytes is too large (limit %zu)",
		                  resp->len, FORGE_MAX_BODY);
	while (i < resp->len && strchr(" \t\r\n", resp->body[i]) && resp->body[i])
		i++;
	if (i < resp->len && resp->body[i] == '<')
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "got an HTML page instead of JSON; is this the API URL of a forge of that kind?");
	*out = json_loadb(resp->body, resp->len, JSON_ALLOW_NUL, &je);
	if (!*out) {
		char *t = str_printable(je.text, strlen(je.text));
		int code = forge_fail(ERROR_PARSE, acct, req, resp,
		                      "invalid JSON at byte %d: %s", je.position, t);

		free(t);
		return code;
	}
	return 0;
}

const char *forge_json_cstr(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	const char *s;

	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v) || !*s)
		return NULL;	/* embedded NUL, or empty: "not said" */
	return s;
}

char *forge_json_str(const json_t *obj, const char *key)
{
	const char *s = forge_json_cstr(obj, key);

	return s ? xstrdup(s) : NULL;
}

char *forge_json_date(const json_t *obj, const char *key)
{
	char *d;

	date_normalize(&d, forge_json_cstr(obj, key));
	return d;
}

long forge_json_count(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	json_int_t n;

	if (!json_is_integer(v))
		return -1;
	n = json_integer_value(v);
	if (n < 0 || n > LONG_MAX)
		return -1;
	return (long)n;
}

const json_t *forge_graphql_error(const json_t *errors, const char *alias)
{
	size_t i;
	json_t *e;

	json_array_foreach(errors, i, e) {
		const char *p = json_string_value(json_array_get(
			json_object_get(e, "path"), 0));

		if (p && !strcmp(p, alias))
			return e;
	}
	return NULL;
}

char *forge_json_id(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	const char *s;

	if (json_is_integer(v))
		return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (!(s = forge_json_cstr(obj, key)) || strlen(s) > FORGE_ID_MAX)
		return NULL;
	/* An id is compared, and written to the state: keep it one line of
	 * text (a forge's answer is untrusted). */
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return NULL;
	return xstrdup(s);
}

bool forge_json_true(const json_t *obj, const char *key)
{
	return json_is_true(json_object_get(obj, key));
}

bool forge_json_present(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return v && !json_is_null(v);
}

void forge_json_topics(struct repo *r, const json_t *obj, const char *key)
{
	json_t *a = json_object_get(obj, key), *v;
	size_t i;

	if (!json_is_array(a) || json_array_size(a) == 0)
		return;
	r->topics = xcalloc(json_array_size(a), sizeof(*r->topics));
	json_array_foreach(a, i, v) {
		const char *s;

		if (!json_is_string(v))
			continue;
		s = json_string_value(v);
		if (!*s || strlen(s) != json_string_length(v))
			continue;
		r->topics[r->ntopics++] = xstrdup(s);
	}
}

char *forge_top_owner(const char *full_name)
{
	return xstrndup(full_name, strcspn(full_name, "/"));
}

char *forge_last_component(const char *path)
{
	const char *s = strrchr(path, '/');

	return xstrdup(s ? s + 1 : path);
}

int forge_get(struct http_req **out, int step, const char *fmt, ...)
{
	va_list ap;
	char *url;

	va_start(ap, fmt);
	url = xvasprintf(fmt, ap);
	va_end(ap);
	http_req_new(out, "GET", url, step);
	http_req_add_header(*out, "Accept", "application/json");
	free(url);
	return 0;
}

int forge_follow(struct http_req **next, const struct account *acct, const struct http_req *req,
                 const struct http_resp *resp, const char *next_url)
{
	*next = NULL;
	if (!forge_url_same_host(next_url, req->url)) {
		char *u = str_printable(next_url, strlen(next_url));
		int code = forge_fail(ERROR_PARSE, acct, req, resp,
		                      "next page link %s leaves the API host; refusing to follow it (it would receive the token)",
		                      u);

		free(u);
		return code;
	}
	if (!strcmp(next_url, req->url))
		return forge_fail(ERROR_PARSE, acct, req, resp,
		                  "next page link points to the page just read; stopping to avoid a loop");
	http_req_new(next, "GET", next_url, req->step);
	for (size_t i = 0; i < req->nheaders; i++)
		http_req_add_header(*next, req->headers[i].name,
		                    req->headers[i].value);
	return 0;
}

int forge_push_repos(struct repo_list *repos, const struct account *acct, const struct http_req *req,
                     const struct http_resp *resp, const json_t *items,
                     forge_repo_map map, const char *noun, const char *must)
{
	size_t i;
	json_t *it;

	json_array_foreach(items, i, it) {
		struct repo r;
		int k;

		repo_init(&r);
		k = map(&r, it, acct);
		if (k < 0) {
			repo_clear(&r);
			return forge_fail(ERROR_PARSE, acct, req, resp,
			                  "%s %zu of the page %s", noun, i, must);
		}
		if (k)
			repo_list_push(repos, &r);
		else
			repo_clear(&r);
	}
	return 0;
}

void forge_repo_common(struct repo *r, const json_t *it,
                       const struct account *acct, const char *full)
{
	r->host = xstrdup(acct->host);
	r->full_name = xstrdup(full);
	r->owner = forge_top_owner(full);
	r->name = forge_json_str(it, "name");
	if (!r->name)
		r->name = forge_last_component(full);
	r->html_url = forge_json_str(it, "html_url");
	r->clone_url = forge_json_str(it, "clone_url");
	r->description = forge_json_str(it, "description");
	r->default_branch = forge_json_str(it, "default_branch");
	r->visibility = xstrdup("public");
	r->fork = forge_json_true(it, "fork");
	r->archived = forge_json_true(it, "archived");
}
