/*
 * crawl_coverage.c - crawl.json: what a run reached, per account (listed
 * or not, the error, the API requests, the repositories found, checked,
 * unchanged, probe failures and each probe's path), per host (reachable or
 * not), totals, version and times (output/schema/crawl.schema.json).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crawler/crawl/crawl_int.h"
#include "lib/alloc.h"
#include "lib/report.h"
#include "output/discovery.h"
#include "version.h"

static char *utc_now(void)
{
	char buf[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

static json_t *skipped(const struct crawl *c)
{
	json_t *v = json_array();

	for (size_t i = 0; i < c->accounts.n; i++)
		if (c->accounts.v[i].ignored)
			json_array_append_new(v, json_pack("{s:s, s:o, s:s}",
				"host", c->accounts.v[i].host,
				"owner", report_string(c->accounts.v[i].owner),
				"ignored_since", c->accounts.v[i].ignored_since));
	return v;
}

/* HOSTS[A's host], counting A in. */
static void count_host(json_t *hosts, const struct crawl_account *a)
{
	const char *name = a->entry->host;
	json_t *host = json_object_get(hosts, name);

	if (!host) {
		host = json_pack("{s:s, s:b, s:i, s:i}", "host", name,
		                 "reachable", 0, "accounts", 0, "failed", 0);
		json_object_set_new(hosts, name, host);
	}
	json_object_set_new(host, "accounts", json_integer(
		json_integer_value(json_object_get(host, "accounts")) + 1));
	if (a->listed)
		json_object_set_new(host, "reachable", json_true());
	else
		json_object_set_new(host, "failed", json_integer(
			json_integer_value(json_object_get(host, "failed")) + 1));
}

/* The API's requests only (listing and owner metadata), not the probe's
 * git requests. */
static json_t *account_json(const struct crawl_account *a)
{
	const struct actor *act = a->actor;
	json_t *o = json_pack(
		"{s:s, s:s, s:o, s:s, s:o, s:o, s:b, s:b, s:o, s:o, s:I, s:I, s:I, "
		"s:I, s:I, s:O, s:O, s:I}",
		"key", a->key, "host", a->entry->host,
		"owner", report_string(a->entry->owner), "forge", a->entry->forge,
		"api_url", report_string(a->target.api_url),
		"actor", report_string(act ? (act->acronym ? act->acronym
		                                           : act->name) : NULL),
		"listed", a->listed, "resumed", a->resumed,
		"error", report_string(a->error),
		"owner_error", report_string(a->owner_error),
		"repositories", (json_int_t)(a->listed ? a->nfound : 0),
		"checked", (json_int_t)a->checked,
		"unchanged", (json_int_t)a->reused,
		"trusted", (json_int_t)a->trusted,
		"probe_errors", (json_int_t)a->probe_errors,
		"probes", a->methods, "probe_paths", a->paths,
		"requests", (json_int_t)a->requests);

	crawl_extra_report(o, a);
	return o;
}

static json_int_t count(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

json_t *crawl_coverage_totals(const json_t *accounts, size_t stale)
{
	static const char *const sums[] = {
		"repositories", "checked", "unchanged", "trusted",
		"probe_errors", "requests", "subscribers_requests",
		"subscribers_reused", "owners_requests",
	};
	json_t *t = json_object(), *a;
	json_int_t listed = 0;
	size_t i;

	json_array_foreach(accounts, i, a)
		listed += json_is_true(json_object_get(a, "listed"));
	json_object_set_new(t, "accounts",
	                    json_integer((json_int_t)json_array_size(accounts)));
	json_object_set_new(t, "listed", json_integer(listed));
	json_object_set_new(t, "failed", json_integer(
		(json_int_t)json_array_size(accounts) - listed));
	for (size_t k = 0; k < sizeof(sums) / sizeof(*sums); k++) {
		json_int_t n = 0;

		json_array_foreach(accounts, i, a)
			n += count(a, sums[k]);
		json_object_set_new(t, sums[k], json_integer(n));
		if (!strcmp(sums[k], "probe_errors"))
			json_object_set_new(t, "stale", json_integer((json_int_t)stale));
	}
	return t;
}

json_t *crawl_coverage(const struct crawl *c, size_t stale)
{
	json_t *accounts = json_array(), *hosts = json_object(), *hosts_arr;
	char *end = utc_now(), *shard = crawl_shard_name(&c->o->shard);
	json_t *actors;
	const char *h;
	json_t *v;

	for (size_t i = 0; i < c->n; i++) {
		count_host(hosts, &c->v[i]);
		json_array_append_new(accounts, account_json(&c->v[i]));
	}
	hosts_arr = json_array();
	json_object_foreach(hosts, h, v)
		json_array_append(hosts_arr, v);
	json_decref(hosts);
	v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}",
	              "inventaire", INVENTAIRE_VERSION, "checker", c->checker,
	              "started_at", c->o->now, "finished_at", end,
	              "config", c->accounts.source,
	              "shard", report_string(shard),
	              "accounts", accounts, "hosts", hosts_arr,
	              "skipped", skipped(c),
	              "totals", crawl_coverage_totals(accounts, stale));
	free(shard);
	free(end);
	/* Every actor's discovery status (output/discovery.h). A damaged
	 * discover.json is the run's warning; the log is the run's to write
	 * to, not part of what crawl.json reads, hence the cast. */
	if (discovery_coverage_json(&actors, c->o->out_dir,
	                            c->have_actors ? &c->actors : NULL,
	                            &c->accounts) < 0)
		crawl_log((struct crawl_log *)&c->log, LOG_WARNING, NULL, "%s",
		          error_last());
	json_object_set_new(v, "actors", actors);
	return v;
}

/* ---- joining the crawl.json of shards (crawl_join.c) ------------------- */

static void add_count(json_t *to, const json_t *from, const char *key)
{
	json_object_set_new(to, key, json_integer(count(to, key) +
	                                          count(from, key)));
}

/* FROM's paths into TO's, then TO's keys in the listing's order
 * (lib/repo.h), as one run would have set them. */
static void join_paths(json_t *to, const json_t *from)
{
	const char *k, **keys;
	json_t *v, *sorted = json_object();
	size_t n = 0, i = 0;

	json_object_update(to, (json_t *)from);
	keys = xcalloc(json_object_size(to) + 1, sizeof(*keys));
	json_object_foreach(to, k, v)
		keys[n++] = k;
	for (size_t a = 1; a < n; a++)      /* insertion sort: a few merges */
		for (size_t b = a; b > 0 && repo_name_cmp(keys[b - 1], keys[b]) > 0;
		     b--) {
			const char *t = keys[b];

			keys[b] = keys[b - 1];
			keys[b - 1] = t;
		}
	for (i = 0; i < n; i++)
		json_object_set(sorted, keys[i], json_object_get(to, keys[i]));
	json_object_clear(to);
	json_object_update(to, sorted);
	json_decref(sorted);
	free(keys);
}

/* Account FROM, the same account in another shard, into TO. */
static void join_account(json_t *to, const json_t *from)
{
	static const char *const sums[] = {
		"repositories", "checked", "unchanged", "trusted",
		"probe_errors", "requests", "subscribers_requests",
		"subscribers_reused", "owners_requests",
	};
	const char *k;
	json_t *v, *probes = json_object_get(to, "probes");

	json_object_set_new(to, "listed", json_boolean(
		json_is_true(json_object_get(to, "listed")) &&
		json_is_true(json_object_get(from, "listed"))));
	json_object_set_new(to, "resumed", json_boolean(
		json_is_true(json_object_get(to, "resumed")) ||
		json_is_true(json_object_get(from, "resumed"))));
	for (size_t i = 0; i < 2; i++) {
		const char *key = i ? "owner_error" : "error";

		if (json_is_null(json_object_get(to, key)))
			json_object_set(to, key, json_object_get(from, key));
	}
	for (size_t i = 0; i < sizeof(sums) / sizeof(*sums); i++)
		add_count(to, from, sums[i]);
	json_object_foreach(json_object_get(from, "probes"), k, v)
		json_object_set_new(probes, k, json_integer(
			count(probes, k) + json_integer_value(v)));
	join_paths(json_object_get(to, "probe_paths"),
	           json_object_get(from, "probe_paths"));
}

/* crawl.json's hosts, from its accounts (as count_host() counts them). */
static json_t *hosts_of(const json_t *accounts)
{
	json_t *hosts = json_object(), *arr = json_array(), *a, *h;
	const char *name;
	size_t i;

	json_array_foreach(accounts, i, a) {
		bool listed = json_is_true(json_object_get(a, "listed"));

		name = json_string_value(json_object_get(a, "host"));
		if (!name)
			continue;
		if (!(h = json_object_get(hosts, name))) {
			h = json_pack("{s:s, s:b, s:i, s:i}", "host", name,
			              "reachable", 0, "accounts", 0, "failed", 0);
			json_object_set_new(hosts, name, h);
		}
		json_object_set_new(h, "accounts", json_integer(count(h, "accounts")
		                                                + 1));
		if (listed)
			json_object_set_new(h, "reachable", json_true());
		else
			json_object_set_new(h, "failed", json_integer(
				count(h, "failed") + 1));
	}
	json_object_foreach(hosts, name, h)
		json_array_append(arr, h);
	json_decref(hosts);
	return arr;
}

/* A new reference to O's KEY, or null. */
static json_t *member(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return v ? json_incref(v) : json_null();
}

/* The earliest (LATEST false) or latest of the shards' times KEY. */
static json_t *time_of(const json_t *const *covs, size_t n, const char *key,
                       bool latest)
{
	const char *best = NULL;

	for (size_t i = 0; i < n; i++) {
		const char *t = json_string_value(json_object_get(covs[i], key));

		if (t && (!best || (strcmp(t, best) > 0) == latest))
			best = t;
	}
	return report_string(best);
}

json_t *crawl_coverage_join(const json_t *const *covs, size_t n,
                            const char *const *order, size_t norder,
                            size_t stale)
{
	json_t *accounts = json_array(), *a;
	const json_t *first = covs[0];
	size_t i;

	for (size_t k = 0; k < norder; k++) {
		json_t *acc = NULL;
		bool again = false;

		/* A forge's entry of its own values (crawl_accounts.c,
		 * crawl_entries) has the key of a whole-forge account. */
		for (size_t j = 0; j < k && !again; j++)
			again = !strcmp(order[j], order[k]);
		if (again)
			continue;

		for (size_t s = 0; s < n; s++)
			json_array_foreach(json_object_get(covs[s], "accounts"), i, a) {
				const char *key = json_string_value(json_object_get(a, "key"));

				if (!key || strcmp(key, order[k]))
					continue;
				if (acc)
					join_account(acc, a);
				else
					acc = json_deep_copy(a);
			}
		if (acc)
			json_array_append_new(accounts, acc);
	}
	/* "actors" last, as crawl_coverage() sets it: the first shard's, since
	 * every shard reads the same list of actors and accounts, and the
	 * same discover.json when its folder holds a copy of it
	 * (dist/man/inventaire-merge.1.scd). */
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:n, s:I, s:o, s:o, s:o, "
	                 "s:o, s:o}",
	                 "inventaire", member(first, "inventaire"),
	                 "checker", member(first, "checker"),
	                 "started_at", time_of(covs, n, "started_at", false),
	                 "finished_at", time_of(covs, n, "finished_at", true),
	                 "config", member(first, "config"),
	                 "shard", "shards", (json_int_t)n,
	                 "accounts", accounts, "hosts", hosts_of(accounts),
	                 "skipped", member(first, "skipped"),
	                 "totals", crawl_coverage_totals(accounts, stale),
	                 "actors", member(first, "actors"));
}
