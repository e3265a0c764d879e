/*
 * search.c - what the search plug-ins share (search.h): the hit and
 * repository records, and reading a raw file's answer.
 */
#include "forges/search_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void search_hit_init(struct search_hit *h)
{
	memset(h, 0, sizeof(*h));
	h->public_repos = -1;
}

void search_hit_clear(struct search_hit *h)
{
	free(h->login);
	free(h->name);
	free(h->html_url);
	free(h->description);
	free(h->website);
	free(h->email);
	free(h->location);
	search_hit_init(h);
}

void search_hit_copy(struct search_hit *dst, const struct search_hit *src)
{
	*dst = *src;
	dst->login = dup_or_null(src->login);
	dst->name = dup_or_null(src->name);
	dst->html_url = dup_or_null(src->html_url);
	dst->description = dup_or_null(src->description);
	dst->website = dup_or_null(src->website);
	dst->email = dup_or_null(src->email);
	dst->location = dup_or_null(src->location);
}

void search_hits_push(struct search_hits *l, struct search_hit *h)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = *h;
	search_hit_init(h);
}

void search_hits_clear(struct search_hits *l)
{
	for (size_t i = 0; i < l->n; i++)
		search_hit_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void search_repos_push(struct search_repos *l, struct search_repo *r)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = *r;
	memset(r, 0, sizeof(*r));
}

void search_repos_clear(struct search_repos *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].full_name);
		free(l->v[i].default_branch);
		free(l->v[i].readme);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int search_file_text(char **text, size_t *len, const struct account *acct,
                     const struct http_req *req, const struct http_resp *resp,
                     size_t max)
{
	size_t n;
	int rc;

	*text = NULL;
	*len = 0;
	if (resp->status == 404)
		return 0;
	if ((rc = forge_check_status(acct, req, resp)))
		return rc;
	/* The checks that use it look for names: the beginning of a long
	 * README says who publishes it, and the cap bounds the cache. */
	n = resp->len < max ? resp->len : max;
	*text = xmalloc(n + 1);
	memcpy(*text, resp->body, n);
	(*text)[n] = '\0';
	*len = n;
	return 0;
}

char *search_words(const char *query)
{
	char *q = xstrdup(query);

	for (char *p = q; *p; p++)
		if (*p == ':' || *p == '"' || (unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return q;
}

char *search_encode_path(const char *path)
{
	struct buf b = BUF_INIT;
	const char *p = path;

	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		char *seg = xstrndup(p, n), *enc = forge_url_encode(seg);

		if (b.len)
			buf_addc(&b, '/');
		buf_adds(&b, enc);
		free(seg);
		free(enc);
		p += n + (slash != NULL);
	}
	return buf_detach(&b);
}

int search_repos_parse(struct search_repos *repos, const struct account *acct,
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
		                  "array of repositories");
	}
	for (size_t i = 0; i < json_array_size(root); i++) {
		const json_t *it = json_array_get(root, i);
		struct search_repo r = { 0 };

		r.full_name = forge_json_str(it, "full_name");
		if (!r.full_name || !strchr(r.full_name, '/')) {
			free(r.full_name);
			json_decref(root);
			return forge_fail(ERROR_PARSE, acct, req, resp, "repository "
			                  "%zu has no \"full_name\" owner/name", i + 1);
		}
		r.default_branch = forge_json_str(it, "default_branch");
		r.fork = forge_json_true(it, "fork");
		r.archived = forge_json_true(it, "archived");
		search_repos_push(repos, &r);
	}
	json_decref(root);
	return 0;
}

char *search_repo_owner(const char *full_name)
{
	const char *slash = full_name ? strrchr(full_name, '/') : NULL;

	return slash ? xstrndup(full_name, (size_t)(slash - full_name)) : NULL;
}
