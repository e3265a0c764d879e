/*
 * crawl_shard.c - `crawl --shard K/N`: which part of the accounts list a
 * run crawls, so that N runs on N machines (a Kubernetes Indexed Job, a
 * Slurm array, a loop over ssh: dist/) crawl the whole list once between
 * them, and `inventaire merge` joins them (crawl_join.c).
 *
 * The split is a stable hash of names, never the list's order or the
 * clock: the same account falls in the same shard on every machine and
 * every night, so each shard's state (its caches, its last results, its
 * stale records) stays its own. An owner's account ("host/owner") is in one
 * shard. A whole forge (no owner) can hold most of a night's work, so it is
 * split too: every shard lists it (a listing is one request per 100
 * repositories, a probe several per repository) and keeps the repositories
 * and owners whose name ("host/full_name", "host/login") falls in it.
 *
 * The hash is FNV-1a (64 bits) of the name in ASCII lower case: the forges
 * treat names without case (lib/repo.h, repo_same()).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/crawl/crawl_int.h"
#include "lib/alloc.h"

static uint64_t fnv_lower(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		unsigned char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 0x100000001b3ULL;
	}
	return h;
}

unsigned crawl_shard_of(const char *host, const char *name, unsigned n)
{
	uint64_t h = fnv_lower(0xcbf29ce484222325ULL, host);

	if (name) {
		h = fnv_lower(h, "/");
		h = fnv_lower(h, name);
	}
	return n ? (unsigned)(h % n) : 0;
}

bool crawl_shard_has(const struct crawl_shard *s, const char *host,
                     const char *name)
{
	return s->count <= 1 || crawl_shard_of(host, name, s->count) == s->index;
}

void crawl_shard_repos(struct repo_list *l, const struct crawl_shard *s)
{
	size_t k = 0;

	if (s->count <= 1)
		return;
	for (size_t i = 0; i < l->n; i++) {
		if (crawl_shard_has(s, l->v[i].host, l->v[i].full_name))
			l->v[k++] = l->v[i];
		else
			repo_clear(&l->v[i]);
	}
	l->n = k;
}

bool crawl_shard_keeps(const struct crawl_shard *s, const char *account_key,
                       const char *host_name, const char *name)
{
	const char *slash;
	char *host;
	bool in;

	if (s->count <= 1)
		return true;
	/* "host/owner": the account's shard; "host" (a whole forge): the
	 * record's own. */
	if (!account_key || !(slash = strchr(account_key, '/')))
		return crawl_shard_has(s, host_name, name);
	host = xstrndup(account_key, (size_t)(slash - account_key));
	in = crawl_shard_has(s, host, slash + 1);
	free(host);
	return in;
}

char *crawl_shard_name(const struct crawl_shard *s)
{
	return s && s->count > 1 ? xasprintf("%u/%u", s->index, s->count) : NULL;
}
