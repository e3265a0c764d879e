/*
 * discover_cache.c - what discover keeps between runs, under
 * OUT/state/discover/ (discover_int.h): a lock, and the forges' answers,
 * one file per answer, so that a run stopped by a rate limit, a forge
 * down or a signal resumes without asking again what it had.
 *
 * Why one file per answer rather than one file for all: each is written
 * atomically as it comes (lib/file.h), so a kill -9 loses at most the
 * answers in flight, and no run rewrites thousands of answers to add one.
 */
#include "crawler/discover/discover_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"

/* One cached answer is one search page, profile or README excerpt. */
#define ENTRY_MAX ((size_t)1 << 20)

static int make_dir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return error_errno(errno, "%s", path);
	return 0;
}

int dcache_open(struct dcache *c, const char *out_dir, long max_age_s)
{
	char *state = xasprintf("%s/state", out_dir), *cache, *lock;
	int e;

	memset(c, 0, sizeof(*c));
	c->lock = -1;
	c->max_age_s = max_age_s;
	c->dir = xasprintf("%s/discover", state);
	cache = xasprintf("%s/cache", c->dir);
	lock = xasprintf("%s/lock", c->dir);
	if ((e = make_dir(out_dir)) < 0 || (e = make_dir(state)) < 0 ||
	    (e = make_dir(c->dir)) < 0 || (e = make_dir(cache)) < 0)
		goto out;
	c->lock = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (c->lock < 0) {
		e = error_errno(errno, "%s", lock);
		goto out;
	}
	/* flock dies with the process: kill -9 leaves no stale lock. */
	if (flock(c->lock, LOCK_EX | LOCK_NB) < 0)
		e = error_set(ERROR_ACCESS, "%s: another `inventaire discover` is "
		              "running on this output folder; wait for it, or give "
		              "another --out", lock);
out:
	free(state);
	free(cache);
	free(lock);
	if (e < 0)
		dcache_close(c);
	return e;
}

void dcache_close(struct dcache *c)
{
	if (c->lock >= 0)
		close(c->lock);
	c->lock = -1;
	free(c->dir);
	c->dir = NULL;
}

/* A folder name for HOST: itself when it is a plain host[:port]. */
static char *host_dir(const char *host)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	bool plain = *host && *host != '.';

	for (const char *p = host; *p; p++) {
		char ch = *p;

		h = (h ^ (unsigned char)ch) * 0x100000001b3ULL;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '.' || ch == '-' || ch == ':'))
			plain = false;
	}
	return plain ? xstrdup(host) : xasprintf("h-%016llx",
	                                         (unsigned long long)h);
}

static char *entry_path(const struct dcache *c, const char *host,
                        const char *kind, const char *key, char **dir)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char *hd = host_dir(host), *path;

	for (const char *p = kind; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	h = (h ^ 0xff) * 0x100000001b3ULL;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	*dir = xasprintf("%s/cache/%s", c->dir, hd);
	path = xasprintf("%s/%s-%016llx.json", *dir, kind, (unsigned long long)h);
	free(hd);
	return path;
}

json_t *dcache_get(const struct dcache *c, const char *host, const char *kind,
                   const char *key, char **fetched_at)
{
	char *dir, *path = entry_path(c, host, kind, key, &dir), *text = NULL;
	json_t *root = NULL, *data = NULL;
	const json_t *epoch;
	size_t len;

	if (fetched_at)
		*fetched_at = NULL;
	if (file_read(&text, &len, path, ENTRY_MAX) == 0 &&
	    (root = json_loadb(text, len, 0, NULL)) &&
	    json_is_string(json_object_get(root, "key")) &&
	    !strcmp(json_string_value(json_object_get(root, "key")), key) &&
	    json_is_integer(epoch = json_object_get(root, "epoch")) &&
	    (c->max_age_s < 0 ||
	     time(NULL) - (time_t)json_integer_value(epoch) < c->max_age_s) &&
	    (data = json_object_get(root, "data"))) {
		json_incref(data);
		if (fetched_at && json_is_string(json_object_get(root, "fetched_at")))
			*fetched_at = xstrdup(json_string_value(
				json_object_get(root, "fetched_at")));
	}
	error_clear();    /* a missing or bad entry is only a miss */
	json_decref(root);
	free(text);
	free(path);
	free(dir);
	return data;
}

void dcache_put(const struct dcache *c, const char *host, const char *kind,
                const char *key, json_t *data, const char *fetched_at)
{
	char *dir, *path = entry_path(c, host, kind, key, &dir);
	json_t *root = json_pack("{s:s, s:s, s:s, s:I, s:o}", "key", key,
	                         "kind", kind, "fetched_at", fetched_at,
	                         "epoch", (json_int_t)time(NULL), "data", data);
	char *text = root ? json_dumps(root, JSON_COMPACT) : NULL;

	if (text && make_dir(dir) == 0)
		atomic_file_write(path, text, strlen(text));
	error_clear();    /* an answer not kept costs a request next time */
	free(text);
	json_decref(root);
	free(path);
	free(dir);
}

/* ---- the answers as JSON -------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Member KEY, a string, copied; NULL for null or missing. Invalid types
 * make *BAD true. */
static char *str_of(const json_t *o, const char *key, bool *bad)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (v && !json_is_null(v))
		*bad = true;
	return NULL;
}

json_t *dcache_hit_json(const struct search_hit *h)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:b, s:b, s:I}",
		"login", str_or_null(h->login), "name", str_or_null(h->name),
		"html_url", str_or_null(h->html_url),
		"description", str_or_null(h->description),
		"website", str_or_null(h->website), "email", str_or_null(h->email),
		"location", str_or_null(h->location), "kind", (int)h->kind,
		"verified", h->verified, "profile", h->profile,
		"public_repos", (json_int_t)h->public_repos);
}

int dcache_hit_from(struct search_hit *out, const json_t *v)
{
	const json_t *kind = json_object_get(v, "kind");
	const json_t *repos = json_object_get(v, "public_repos");
	bool bad = !json_is_object(v);

	search_hit_init(out);
	out->login = str_of(v, "login", &bad);
	out->name = str_of(v, "name", &bad);
	out->html_url = str_of(v, "html_url", &bad);
	out->description = str_of(v, "description", &bad);
	out->website = str_of(v, "website", &bad);
	out->email = str_of(v, "email", &bad);
	out->location = str_of(v, "location", &bad);
	out->verified = json_is_true(json_object_get(v, "verified"));
	out->profile = json_is_true(json_object_get(v, "profile"));
	if (!json_is_integer(kind) || json_integer_value(kind) < ACCOUNT_UNKNOWN ||
	    json_integer_value(kind) > ACCOUNT_USER || !out->login ||
	    !json_is_integer(repos))
		bad = true;
	else {
		out->kind = (enum account_kind)json_integer_value(kind);
		out->public_repos = (long)json_integer_value(repos);
	}
	if (bad) {
		search_hit_clear(out);
		return ERROR_PARSE;
	}
	return 0;
}

json_t *dcache_hits_json(const struct search_hits *l)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(arr, dcache_hit_json(&l->v[i]));
	return arr;
}

int dcache_hits_from(struct search_hits *out, const json_t *v)
{
	memset(out, 0, sizeof(*out));
	if (!json_is_array(v))
		return ERROR_PARSE;
	for (size_t i = 0; i < json_array_size(v); i++) {
		struct search_hit h;

		if (dcache_hit_from(&h, json_array_get(v, i)) < 0) {
			search_hits_clear(out);
			return ERROR_PARSE;
		}
		search_hits_push(out, &h);
	}
	return 0;
}

json_t *dcache_repos_json(const struct search_repos *l)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:o, s:o, s:b, s:b}",
			"full_name", l->v[i].full_name,
			"default_branch", str_or_null(l->v[i].default_branch),
			"readme", str_or_null(l->v[i].readme),
			"fork", l->v[i].fork, "archived", l->v[i].archived));
	return arr;
}

int dcache_repos_from(struct search_repos *out, const json_t *v)
{
	memset(out, 0, sizeof(*out));
	if (!json_is_array(v))
		return ERROR_PARSE;
	for (size_t i = 0; i < json_array_size(v); i++) {
		const json_t *o = json_array_get(v, i);
		struct search_repo r = { 0 };
		bool bad = false;

		r.full_name = str_of(o, "full_name", &bad);
		r.default_branch = str_of(o, "default_branch", &bad);
		r.readme = str_of(o, "readme", &bad);
		r.fork = json_is_true(json_object_get(o, "fork"));
		r.archived = json_is_true(json_object_get(o, "archived"));
		search_repos_push(out, &r);
		if (bad || !out->v[out->n - 1].full_name) {
			search_repos_clear(out);
			return ERROR_PARSE;
		}
	}
	return 0;
}
