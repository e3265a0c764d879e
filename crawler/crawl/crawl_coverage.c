/*
 * crawl_coverage.c - crawl.json: what a run reached, per account (listed
 * or not, the error, the API requests, the repositories found, checked,
 * unchanged, probe failures and each probe's path), per host (reachable or
 * not), totals, version and times (output/schema/crawl.schema.json).
 */
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
		"s:I, s:O, s:O, s:I}",
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
		"probe_errors", (json_int_t)a->probe_errors,
		"probes", a->methods, "probe_paths", a->paths,
		"requests", (json_int_t)a->requests);

	crawl_extra_report(o, a);
	return o;
}

json_t *crawl_coverage(const struct crawl *c, size_t stale)
{
	json_t *accounts = json_array(), *hosts = json_object(), *hosts_arr;
	size_t listed = 0, failed = 0, nrepos = 0, checked = 0, reused = 0;
	size_t perr = 0;
	unsigned long requests = 0;
	char *end = utc_now();
	json_t *actors;
	const char *h;
	json_t *v;

	for (size_t i = 0; i < c->n; i++) {
		const struct crawl_account *a = &c->v[i];

		count_host(hosts, a);
		listed += a->listed;
		failed += !a->listed;
		nrepos += a->listed ? a->nfound : 0;
		checked += a->checked;
		reused += a->reused;
		perr += a->probe_errors;
		requests += a->requests;
		json_array_append_new(accounts, account_json(a));
	}
	hosts_arr = json_array();
	json_object_foreach(hosts, h, v)
		json_array_append(hosts_arr, v);
	json_decref(hosts);
	v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, "
	              "s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}}",
	              "inventaire", INVENTAIRE_VERSION, "checker", c->checker,
	              "started_at", c->o->now, "finished_at", end,
	              "config", c->accounts.source,
	              "accounts", accounts, "hosts", hosts_arr,
	              "skipped", skipped(c),
	              "totals", "accounts", (json_int_t)c->n,
	              "listed", (json_int_t)listed, "failed", (json_int_t)failed,
	              "repositories", (json_int_t)nrepos,
	              "checked", (json_int_t)checked, "unchanged", (json_int_t)reused,
	              "probe_errors", (json_int_t)perr, "stale", (json_int_t)stale,
	              "requests", (json_int_t)requests);
	free(end);
	crawl_extra_totals(json_object_get(v, "totals"), c);
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
