/*
 * feed_stats.c - stats_preprod.json, as output-stats-json writes it
 * (codegouvfr/codegouvfr-output-data, src/codegouvfr/codegouvfr_output_data.clj)
 * and the front end's statistics page reads it (stats-page in
 * src/codegouvfr/core.cljs, codegouvfr/codegouvfr-sources). Same keys, same
 * rules, over the published records (output/feed_view.c):
 *
 *   repos_cnt, orgas_cnt       the numbers of repositories and of
 *                              organisations, as strings
 *   top_orgs_by_stars          [[name, id], stars] of the 10 organisations
 *                              with the most stars, when more than 1
 *                              (get-top-owners-by); stars are ecosyste.ms's
 *                              total_stars, the sum over its repositories
 *   top_orgs_by_repos          the same with the repository count
 *   top_orgs_repos_stars       {owner, total_stars, repositories_count} of
 *                              those with more than 200 stars and more than
 *                              1 repository (get-top-owners-repos-k)
 *   top_orgs_repos_followers   {owner, followers, repositories_count}, more
 *                              than 20 followers and 1 repository
 *   top_repos_by_score_range   [["0-100", count], ...] of the repositories
 *                              repos_preprod.json keeps (a >= 0), by
 *                              hundreds, ascending (get-top-repos-by-score-range)
 *   top_licenses               [[key, count]] of the 10 most used licence
 *                              keys, "other" aside (get-top-x)
 *   top_languages              [[language, count]] of the 10 most used
 *
 * Upstream's ties fall in a hash map's order; ours are broken by name, so
 * that the same records give the same bytes.
 */
#include "output/feed_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

#define TOP 10

struct tally {
	const char *name;
	long count;
};

static int tally_name_cmp(const void *pa, const void *pb)
{
	return strcmp(((const struct tally *)pa)->name,
	              ((const struct tally *)pb)->name);
}

/* Most first; ties by name. */
static int tally_top_cmp(const void *pa, const void *pb)
{
	const struct tally *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return strcmp(a->name, b->name);
}

/* [[name, count]] of the TOP most frequent of NAMES[0..n). */
static json_t *top_names(const char **names, size_t n)
{
	struct tally *t = xcalloc(n + 1, sizeof(*t));
	json_t *a = json_array();
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		t[i] = (struct tally){ names[i], 1 };
	qsort(t, n, sizeof(*t), tally_name_cmp);
	for (size_t i = 0; i < n; i++) {
		if (k && !strcmp(t[k - 1].name, t[i].name))
			t[k - 1].count++;
		else
			t[k++] = t[i];
	}
	qsort(t, k, sizeof(*t), tally_top_cmp);
	for (size_t i = 0; i < k && i < TOP; i++)
		json_array_append_new(a, json_pack("[o, I]",
		                      feed_str_or_empty(t[i].name),
		                      (json_int_t)t[i].count));
	free(t);
	return a;
}

/* (get-top-x 10 :license #"(?i)other") and (get-top-x 10 :language). */
static json_t *top_of(const struct feed_view *v, bool licenses)
{
	const char **names = xcalloc(v->nrepos + 1, sizeof(*names));
	size_t n = 0;
	json_t *a;

	for (size_t i = 0; i < v->nrepos; i++) {
		const char *s = licenses ? feed_license_key(v->repos[i].rec)
		                         : v->repos[i].rec->repo.language;

		if (feed_nonempty(s) && !(licenses && !feed_casecmp(s, "other")))
			names[n++] = s;
	}
	a = top_names(names, n);
	free(names);
	return a;
}

struct ranked {
	const struct feed_owner *o;
	long value;
	size_t pos;
};

static int ranked_cmp(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;

	if (a->value != b->value)
		return a->value < b->value ? 1 : -1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

static long owner_value(const struct feed_owner *o, char what)
{
	if (what == 's')
		return o->stars;
	if (what == 'r')
		return o->repositories;
	return o->rec->owner.followers > 0 ? o->rec->owner.followers : 0;
}

/* (get-top-owners-by 10 K): [[name, id], value] of those above 1. */
static json_t *top_owners(const struct feed_view *v, char what)
{
	struct ranked *r = xcalloc(v->nowners + 1, sizeof(*r));
	json_t *a = json_array();
	size_t n = 0;

	for (size_t i = 0; i < v->nowners; i++) {
		long value = owner_value(&v->owners[i], what);

		if (value > 1)
			r[n++] = (struct ranked){ &v->owners[i], value, i };
	}
	qsort(r, n, sizeof(*r), ranked_cmp);
	for (size_t i = 0; i < n && i < TOP; i++)
		json_array_append_new(a, json_pack("[[o, o], I]",
		                      feed_str_or_null(r[i].o->rec->owner.name),
		                      feed_str_or_empty(r[i].o->id),
		                      (json_int_t)r[i].value));
	free(r);
	return a;
}

/* (get-top-owners-repos-k 1 MIN K): in the organisations' order. */
static json_t *owners_above(const struct feed_view *v, char what, long min,
                            const char *key)
{
	json_t *a = json_array();

	for (size_t i = 0; i < v->nowners; i++) {
		const struct feed_owner *o = &v->owners[i];
		long value = owner_value(o, what);

		if (value > min && o->repositories > 1)
			json_array_append_new(a, json_pack("{s:o, s:I, s:I}",
			                      "owner", feed_str_or_null(o->rec->owner.name),
			                      key, (json_int_t)value,
			                      "repositories_count",
			                      (json_int_t)o->repositories));
	}
	return a;
}

static int long_cmp(const void *pa, const void *pb)
{
	long a = *(const long *)pa, b = *(const long *)pb;

	return (a > b) - (a < b);
}

/* (get-top-repos-by-score-range): (quot score 100) hundreds, of the
 * scores >= 0, in a sorted map: ascending. */
static json_t *score_ranges(const struct feed_view *v)
{
	long *low = xcalloc(v->nrepos + 1, sizeof(*low));
	json_t *a = json_array();
	size_t n = 0;

	for (size_t i = 0; i < v->nrepos; i++)
		if (v->repos[i].score >= 0)
			low[n++] = v->repos[i].score / 100 * 100;
	qsort(low, n, sizeof(*low), long_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		char label[64];

		for (j = i; j < n && low[j] == low[i]; j++)
			;
		snprintf(label, sizeof(label), "%ld-%ld", low[i], low[i] + 100);
		json_array_append_new(a, json_pack("[s, I]", label,
		                                   (json_int_t)(j - i)));
	}
	free(low);
	return a;
}

json_t *feed_stats_json(const struct inventory *inv)
{
	struct feed_view v;
	char repos[32], orgs[32];
	json_t *o;

	feed_view_build(&v, inv);
	snprintf(repos, sizeof(repos), "%zu", v.nrepos);
	snprintf(orgs, sizeof(orgs), "%zu", v.nowners);
	o = json_object();
	json_object_set_new(o, "repos_cnt", json_string(repos));
	json_object_set_new(o, "orgas_cnt", json_string(orgs));
	json_object_set_new(o, "top_orgs_by_stars", top_owners(&v, 's'));
	json_object_set_new(o, "top_orgs_by_repos", top_owners(&v, 'r'));
	json_object_set_new(o, "top_orgs_repos_stars",
	                    owners_above(&v, 's', 200, "total_stars"));
	json_object_set_new(o, "top_orgs_repos_followers",
	                    owners_above(&v, 'f', 20, "followers"));
	json_object_set_new(o, "top_repos_by_score_range", score_ranges(&v));
	json_object_set_new(o, "top_licenses", top_of(&v, true));
	json_object_set_new(o, "top_languages", top_of(&v, false));
	feed_view_clear(&v);
	return o;
}

int feed_write_stats(const char *dir, const struct inventory *inv)
{
	json_t *o = feed_stats_json(inv);
	int e = feed_write_json(dir, FEED_STATS_JSON, o, false);

	json_decref(o);
	return e;
}
