/*
 * discover_run.c - one `inventaire discover` run (discover.h): the
 * configuration, the plan, the engine's loop with its waits for rate
 * limits, then discover.json and the proposal.
 */
#include "crawler/discover/discover_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "lib/str.h"

char *discover_utc_now(void)
{
	char buf[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

void discover_log(const struct dsc_run *r, bool warning, const char *fmt, ...)
{
	va_list ap;
	char *raw, *msg;

	if (r->o->quiet && !warning)
		return;
	va_start(ap, fmt);
	raw = xvasprintf(_(fmt), ap);
	va_end(ap);
	/* Forge answers and URLs reach this line: no control character
	 * reaches the terminal raw (lib/str.h). */
	msg = str_printable(raw, strlen(raw));
	fprintf(stderr, "inventaire discover: %s\n", msg);
	free(msg);
	free(raw);
}

static int load_config(struct dsc_run *r)
{
	const struct discover_opts *o = r->o;

	if (accounts_load(&r->accounts, o->config_path, o->today) < 0)
		return ERROR_USAGE;
	/* As the crawl: the embedded accounts come with their actors; a
	 * national file needs --actors to name them. */
	if (!o->actors_path && o->config_path)
		return error_set(ERROR_USAGE, "discover searches for the actors of "
		                 "an actors file: with --config, give --actors FILE");
	if (actors_load(&r->actors, o->actors_path) < 0) {
		if (r->actors.source)
			actors_clear(&r->actors);
		return ERROR_USAGE;
	}
	r->have_actors = true;
	if (config_check_actors(&r->accounts, &r->actors) < 0)
		return ERROR_USAGE;
	return 0;
}

static bool stop_asked(const struct dsc_run *r)
{
	return dsc_stopping(r);
}

/* Sleep until WAKE (epoch), waking for a signal. */
static void sleep_until(const struct dsc_run *r, time_t wake)
{
	while (!stop_asked(r) && time(NULL) < wake) {
		struct timespec ts = { 0, 200 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
}

/* Every site whose searches wait for a window that ends by WAKE is
 * pumped again; the others, beyond --max-time, give up. Returns the
 * earliest end of a window that can be waited for, or 0. */
static time_t next_window(struct dsc_run *r)
{
	time_t now = time(NULL), wake = 0;

	for (size_t i = 0; i < r->nsites; i++) {
		struct site *s = &r->sites[i];
		char *why;

		if (s->down || s->qhead >= s->nqueue || s->remaining != 0 ||
		    s->reset <= now)
			continue;
		if ((long long)(s->reset - now) * 1000 > r->o->max_time_ms) {
			struct tm tm;
			char at[32];

			gmtime_r(&s->reset, &tm);
			strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
			/* WHY stays English: discover.json keeps it for machines. */
			why = xasprintf("rate limited: the forge's search limit is "
			                "spent until %s, %lld s away, beyond --max-time; "
			                "run again after then", at,
			                (long long)(s->reset - now));
			discover_log(r, true, "%s: rate limited: the forge's search "
			             "limit is spent until %s, %lld s away, beyond "
			             "--max-time; run again after then", s->host, at,
			             (long long)(s->reset - now));
			site_give_up(s, why);
			free(why);
			continue;
		}
		if (!wake || s->reset < wake)
			wake = s->reset;
	}
	return wake;
}

static bool searches_left(const struct dsc_run *r)
{
	for (size_t i = 0; i < r->nsites; i++)
		if (!r->sites[i].down && r->sites[i].qhead < r->sites[i].nqueue)
			return true;
	return false;
}

/* The engine's loop, with the waits for search windows between. */
static void run_loop(struct dsc_run *r)
{
	for (;;) {
		time_t wake;

		for (size_t i = 0; i < r->nsites; i++)
			site_pump(&r->sites[i]);
		if (http_engine_run(r->engine) == ERROR_INTERRUPTED || stop_asked(r)) {
			r->stopping = true;
			return;
		}
		if (!searches_left(r))
			return;
		wake = next_window(r);
		if (!wake)
			continue;    /* a site gave up, or can go on now */
		discover_log(r, false, "search rate limit reached; waiting %lld s "
		             "for the next window", (long long)(wake - time(NULL) + 1));
		/* One second past the reset: clocks differ a little. */
		sleep_until(r, wake + 1);
		if (stop_asked(r)) {
			r->stopping = true;
			return;
		}
		for (size_t i = 0; i < r->nsites; i++)
			if (r->sites[i].remaining == 0 && r->sites[i].reset <= time(NULL))
				r->sites[i].remaining = -1;
	}
}

static int open_engine(struct dsc_run *r)
{
	static const struct http_engine_opts defaults = HTTP_ENGINE_OPTS_INIT;
	struct http_engine_opts h = defaults;

	h.per_host = r->o->jobs ? r->o->jobs : 2;
	if (r->o->max_time_ms > 0) {
		h.retry_budget_ms = r->o->max_time_ms;
		if (h.backoff_base_ms > h.retry_budget_ms / 8)
			h.backoff_base_ms = h.retry_budget_ms / 8 + 1;
	}
	h.stop = r->o->stop;
	return http_engine_new(&r->engine, &h);
}

/* The summary line. Each count is a noun phrase translated with the
 * plural its number asks for (ngettext(3)), so that the line reads right
 * in every language whatever the five numbers are. */
static void log_summary(const struct dsc_run *r, size_t actors, size_t cands,
                        size_t incomplete, unsigned long requests)
{
	/* TRANSLATORS: the noun phrases of discover's last line, "%s" in
	 * "%s searched for on %s: %s; %s; %s. Nothing is added by itself:
	 * ...". */
	char *a = xasprintf(P_("%zu actor", "%zu actors", actors), actors);
	char *f = xasprintf(P_("%zu forge", "%zu forges", r->nsites), r->nsites);
	char *c = xasprintf(P_("%zu candidate", "%zu candidates", cands), cands);
	char *i = xasprintf(P_("%zu search not complete",
	                       "%zu searches not complete", incomplete),
	                    incomplete);
	char *q = xasprintf(P_("%lu request", "%lu requests", requests),
	                    requests);

	discover_log(r, true, "%s searched for on %s: %s; %s; %s. Nothing is "
	             "added by itself: review the candidates, then add the right "
	             "accounts to the accounts list", a, f, c, i, q);
	free(a);
	free(f);
	free(c);
	free(i);
	free(q);
}

/* The summary line, and the outcome. */
static enum discover_outcome summary(const struct dsc_run *r)
{
	size_t actors = r->nsites ? r->ntasks / r->nsites : 0;
	size_t incomplete = 0, cands = 0;
	unsigned long requests = 0;

	for (size_t i = 0; i < r->nsites; i++)
		requests += r->sites[i].requests;
	for (size_t i = 0; i < r->ntasks; i++)
		incomplete += !task_complete(&r->tasks[i]);
	/* Tasks go actor by actor, one per site (plan_tasks). */
	for (size_t i = 0; i < r->ntasks; i += r->nsites) {
		const struct discovery_actor *a =
			discovery_find(&r->record, r->tasks[i].actor->id);

		for (size_t c = 0; a && c < a->ncandidates; c++)
			for (size_t s = 0; s < r->nsites; s++)
				cands += !strcasecmp(a->candidates[c].host,
				                     r->sites[s].host);
	}
	log_summary(r, actors, cands, incomplete, requests);
	if (r->stopping)
		return DISCOVER_INTERRUPTED;
	return incomplete ? DISCOVER_PARTIAL : DISCOVER_COMPLETE;
}

static int record_and_propose(struct dsc_run *r)
{
	int e;

	free(r->record.updated_at);
	r->record.updated_at = xstrdup(r->o->now);
	if ((e = discovery_write(r->o->out_dir, &r->record, &r->actors,
	                         &r->accounts)) < 0) {
		discover_log(r, true, "%s", error_last());
		return e;
	}
	if ((e = discover_write_proposal(r)) < 0)
		discover_log(r, true, "%s", error_last());
	return e;
}

static void run_free(struct dsc_run *r)
{
	plan_free(r);
	http_engine_free(r->engine);
	dcache_close(&r->cache);
	discovery_clear(&r->record);
	if (r->actors.source)
		actors_clear(&r->actors);
	accounts_clear(&r->accounts);
}

int discover_run(enum discover_outcome *out, const struct discover_opts *o)
{
	struct dsc_run r = { .o = o };
	int e;

	*out = DISCOVER_COMPLETE;
	if ((e = load_config(&r)) < 0 || (e = plan_sites(&r)) < 0 ||
	    (e = plan_tasks(&r)) < 0) {
		discover_log(&r, true, "%s", error_last());
		run_free(&r);
		return ERROR_USAGE;
	}
	if ((e = dcache_open(&r.cache, o->out_dir, o->max_age_s)) < 0 ||
	    (e = discovery_load(&r.record, o->out_dir)) < 0 ||
	    (e = open_engine(&r)) < 0) {
		discover_log(&r, true, "%s", error_last());
		run_free(&r);
		return e;
	}
	if (!r.ntasks)
		discover_log(&r, false, "every actor has an account in the accounts "
		             "list: nothing to search (--all searches them all, "
		             "--actor one)");
	for (size_t i = 0; i < r.ntasks; i++)
		task_start(&r.tasks[i]);
	run_loop(&r);
	/* What was not sent will not be this run. */
	for (size_t i = 0; i < r.nsites; i++) {
		site_give_up(&r.sites[i], r.stopping ? "interrupted"
		             : "not sent (the run ended)");
		site_drain(&r.sites[i]);
	}
	*out = summary(&r);
	e = record_and_propose(&r);
	run_free(&r);
	return e;
}
