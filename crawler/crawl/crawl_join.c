/*
 * crawl_join.c - `inventaire merge DIR... --out DIR`: the N output folders
 * of `crawl --shard K/N` joined into the one a crawl of the whole list
 * would have written (crawl.h, crawl_join()).
 *
 * Each shard's state holds its records and the accounts list it was made
 * from (crawl_inventory.c). The records are put back in the order the
 * unsharded crawl gathers them, by account in the list's order (a
 * repository two accounts list is the first account's, crawl_merge.c), and
 * published by the same code as the crawl's (crawl_publish.c): the feeds
 * and the state come out byte for byte as one crawl's. crawl.json is
 * summed: an owner's account is in one shard, a whole forge in all of them
 * (crawl_shard.c), whose counts add up; its times are the shards' first
 * start and last end, and a whole forge's "requests" count every shard's
 * listing of it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crawler/crawl/crawl_int.h"
#include "crawler/crawl/outputs.h"
#include "crawler/crawl/record_json.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "output/feed.h"

struct shard_in {
	const char *dir;
	struct inventory inv;
	struct state_info info;
	unsigned index, count;
	json_t *coverage;           /* its crawl.json */
};

/* DIR's state and crawl.json into S. */
static int read_shard(struct shard_in *s, const char *dir)
{
	char *state = xasprintf("%s/state", dir);
	char *cov = xasprintf("%s/crawl.json", dir);
	json_error_t je;
	int e;

	s->dir = dir;
	s->count = 1;
	if ((e = state_load(&s->inv, &s->info, state)) < 0)
		goto out;
	if (!s->info.entries) {
		e = error_set(ERROR_USAGE, "%s: no inventory written by 'inventaire crawl' "
		                "0.2 or later in %s/state", dir, dir);
		goto out;
	}
	if (s->info.shard &&
	    sscanf(s->info.shard, "%u/%u", &s->index, &s->count) != 2) {
		e = error_set(ERROR_USAGE, "%s: the state names no shard it can use (%s)",
		                dir, s->info.shard);
		goto out;
	}
	if (!(s->coverage = json_load_file(cov, 0, &je)) ||
	    !json_is_array(json_object_get(s->coverage, "accounts")))
		e = error_set(ERROR_PARSE, "%s: %s; run the crawl of this shard "
		              "again", cov, s->coverage ? "not a crawl.json"
		                                         : je.text);
out:
	free(state);
	free(cov);
	return e;
}

static bool same_json(json_t *a, json_t *b)
{
	bool eq = json_equal(a, b);

	json_decref(a);
	json_decref(b);
	return eq;
}

static json_t *entries_json(const struct state_info *info)
{
	json_t *v = json_array();

	for (size_t i = 0; i < info->nentries; i++)
		json_array_append_new(v, record_entry_to_json(&info->entries[i]));
	return v;
}

/* The shards S[0..n) are the N shards of one crawl, each once. */
static int check_shards(const struct shard_in *s, size_t n)
{
	unsigned count = s[0].count;
	bool *seen;
	int e = 0;

	if (n != count) {
		char want[32], got[32];

		snprintf(want, sizeof(want), "%u", count);
		snprintf(got, sizeof(got), "%zu", n);
		return error_set(ERROR_USAGE, "%s is shard %u of a crawl in %s "
		                 "shards, and %s folders were given: give every "
		                 "shard's folder, once", s[0].dir, s[0].index, want,
		                 got);
	}
	seen = xcalloc(count, sizeof(*seen));
	for (size_t i = 0; i < n && e == 0; i++) {
		if (s[i].count != count || seen[s[i].index])
			e = error_set(ERROR_USAGE, "%s and %s are not two shards of one crawl "
			                "(another shard count, or the same shard twice)",
			                s[0].dir, s[i].dir);
		else if (!same_json(entries_json(&s[0].info),
		                    entries_json(&s[i].info)))
			e = error_set(ERROR_USAGE, "%s and %s were crawled from different "
			                "accounts lists", s[0].dir, s[i].dir);
		else if ((s[0].inv.checker || s[i].inv.checker) &&
		         (!s[0].inv.checker || !s[i].inv.checker ||
		          strcmp(s[0].inv.checker, s[i].inv.checker)))
			e = error_set(ERROR_USAGE, "%s and %s were crawled by different versions "
			                "of inventaire", s[0].dir, s[i].dir);
		else
			seen[s[i].index] = true;
	}
	free(seen);
	return e;
}

/* The key of entry E, as crawl_accounts.c makes it. */
static char *entry_key(const struct record_entry *e)
{
	char *k = e->account.owner ? xasprintf("%s/%s", e->account.host,
	                                       e->account.owner)
	                           : xstrdup(e->account.host ? e->account.host
	                                                     : "");

	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return k;
}

struct keyed {
	char *key;
	size_t index;
};

static int keyed_cmp(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key,
	              ((const struct keyed *)b)->key);
}

/* Where account KEY comes in the accounts list (INFO's order); after every
 * entry when it is not there. */
static size_t rank_of(const struct keyed *v, size_t n, const char *key)
{
	struct keyed k = { (char *)(key ? key : ""), 0 }, *p;

	p = bsearch(&k, v, n, sizeof(*v), keyed_cmp);
	return p ? p->index : n;
}

/* A record with where its account comes, for a stable sort. */
struct ranked {
	size_t rank, seq;
	void *rec;
};

static int ranked_cmp(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The shards' records into OUT, in the unsharded crawl's order. */
static void join_records(struct inventory *out, struct shard_in *s, size_t n)
{
	const struct state_info *info = &s[0].info;
	struct keyed *keys = xcalloc(info->nentries + 1, sizeof(*keys));
	struct ranked *r;
	size_t nr = 0, no = 0, k;

	for (size_t i = 0; i < info->nentries; i++)
		keys[i] = (struct keyed){ entry_key(&info->entries[i]), i };
	qsort(keys, info->nentries, sizeof(*keys), keyed_cmp);
	for (size_t i = 0; i < n; i++) {
		nr += s[i].inv.nrepos;
		no += s[i].inv.nowners;
	}
	r = xcalloc((nr > no ? nr : no) + 1, sizeof(*r));
	k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < s[i].inv.nrepos; j++, k++)
			r[k] = (struct ranked){ rank_of(keys, info->nentries,
			                        s[i].inv.repos[j].account_key), k,
			                        &s[i].inv.repos[j] };
	qsort(r, nr, sizeof(*r), ranked_cmp);
	for (size_t i = 0; i < nr; i++)
		inventory_add_repo(out, r[i].rec);
	k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < s[i].inv.nowners; j++, k++)
			r[k] = (struct ranked){ rank_of(keys, info->nentries,
			                        s[i].inv.owners[j].account_key), k,
			                        &s[i].inv.owners[j] };
	qsort(r, no, sizeof(*r), ranked_cmp);
	for (size_t i = 0; i < no; i++)
		inventory_add_owner(out, r[i].rec);
	inventory_sort_unique(out);
	crawl_sort_owners(out);
	free(r);
	for (size_t i = 0; i < info->nentries; i++)
		free(keys[i].key);
	free(keys);
}

/* The shards' crawl.json, summed (crawl_coverage.c). */
static json_t *join_coverage(const struct shard_in *s, size_t n,
                             const struct inventory *inv)
{
	const struct state_info *info = &s[0].info;
	const json_t **covs = xcalloc(n, sizeof(*covs));
	char **keys = xcalloc(info->nentries + 1, sizeof(*keys));
	size_t stale = 0;
	json_t *v;

	for (size_t i = 0; i < n; i++)
		covs[i] = s[i].coverage;
	for (size_t i = 0; i < info->nentries; i++)
		keys[i] = entry_key(&info->entries[i]);
	for (size_t i = 0; i < inv->nrepos; i++)
		stale += inv->repos[i].stale;
	v = crawl_coverage_join(covs, n, (const char *const *)keys,
	                        info->nentries, stale);
	for (size_t i = 0; i < info->nentries; i++)
		free(keys[i]);
	free(keys);
	free(covs);
	return v;
}

/*
 * The shards' additions to the national list (crawl --upstream,
 * output/feed_accounts.c): every shard read the same two lists and wrote
 * the same file, so the first shard's is the merge's. None when the
 * shards were run without --upstream.
 */
static int copy_additions(const char *out_dir, const char *shard_dir)
{
	char *from = xasprintf("%s/%s", shard_dir, FEED_ADDITIONS_YML);
	char *to = xasprintf("%s/%s", out_dir, FEED_ADDITIONS_YML);
	char *text = NULL;
	size_t len = 0;
	int e = file_read(&text, &len, from, 0);

	if (e == ERROR_NOTFOUND)
		e = 0;
	else if (e == 0)
		e = atomic_file_write(to, text, len);
	free(text);
	free(from);
	free(to);
	return e;
}

int crawl_join(enum crawl_outcome *outcome, const char *out_dir,
               const char *const *dirs, size_t ndirs)
{
	struct shard_in *s = xcalloc(ndirs + 1, sizeof(*s));
	struct inventory inv;
	/* No --upstream here: copy_additions() */
	struct feed_input in = { 0 };
	json_t *cov = NULL;
	char *state = xasprintf("%s/state", out_dir);
	int lock = -1, e = 0;

	*outcome = CRAWL_COMPLETE;
	inventory_init(&inv);
	for (size_t i = 0; i < ndirs && e == 0; i++)
		e = read_shard(&s[i], dirs[i]);
	if (e == 0 && ndirs == 0)
		e = error_set(ERROR_USAGE, "no folder to merge");
	if (e == 0)
		e = check_shards(s, ndirs);
	if (e == 0 && mkdir(out_dir, 0755) < 0 && errno != EEXIST)
		e = error_errno(errno, "%s", out_dir);
	/* A crawl or another merge into OUT_DIR would race this one. */
	if (e == 0)
		e = state_lock(&lock, state);
	if (e == 0) {
		inv.checker = s[0].inv.checker ? xstrdup(s[0].inv.checker) : NULL;
		/* As the crawl does (crawl.c): the changes start from the last
		 * merge's files. */
		outputs_seed_previous(out_dir);
		join_records(&inv, s, ndirs);
		cov = join_coverage(s, ndirs, &inv);
		in.inv = &inv;
		in.entries = s[0].info.entries;
		in.nentries = s[0].info.nentries;
		/* Beside the feeds, before the state (crawl_publish.c) */
		if ((e = copy_additions(out_dir, dirs[0])) == 0)
			e = crawl_publish(out_dir, &in, cov, NULL);
		if (json_integer_value(json_object_get(json_object_get(cov,
		                       "totals"), "failed")))
			*outcome = CRAWL_PARTIAL;
	}

	state_unlock(lock);
	json_decref(cov);
	inventory_clear(&inv);
	for (size_t i = 0; i < ndirs; i++) {
		inventory_clear(&s[i].inv);
		state_info_clear(&s[i].info);
		json_decref(s[i].coverage);
	}
	free(s);
	free(state);
	return e;
}
