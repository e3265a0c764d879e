/* crawl.c - one run, phase after phase (crawl.h says which). */
#include "crawler/crawl/crawl.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crawler/crawl/crawl_int.h"
#include "crawler/crawl/outputs.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "lib/i18n.h"
#include "output/feed.h"
#include "version.h"

static int prev_cmp(const void *pa, const void *pb)
{
	struct record_repo *const *a = pa, *const *b = pb;

	return repo_key_cmp(&(*a)->repo, &(*b)->repo);
}

/* Take the output folder: its lock, last run's inventory, the journal. */
/* kill -9 in the middle of an atomic write leaves its temporary beside
 * the file: under the lock, no writer is running, so they go. */
static void sweep_temporaries(struct crawl *c)
{
	const char *sub[] = { "", "/schema", "/state", "/state/previous",
	                      "/state/http" };

	for (size_t i = 0; i < sizeof(sub) / sizeof(*sub); i++) {
		char *dir = xasprintf("%s%s", c->o->out_dir, sub[i]);

		if (atomic_file_sweep(dir) < 0)
			crawl_log(&c->log, LOG_WARNING, NULL, "%s", error_last());
		free(dir);
	}
}

static int open_state(struct crawl *c, int *lock)
{
	const char *out = c->o->out_dir;
	int e;

	c->state_dir = xasprintf("%s/state", out);
	c->cache_dir = xasprintf("%s/git", c->state_dir);
	if (mkdir(out, 0755) < 0 && errno != EEXIST)
		e = error_errno(errno, "cannot create the output folder %s", out);
	else if (access(out, W_OK) < 0)
		e = error_errno(errno, "cannot write in the output folder %s", out);
	else if ((e = state_lock(lock, c->state_dir)) == 0 &&
	         (e = state_load(&c->prev, NULL, c->state_dir)) == 0)
		e = journal_open(&c->journal, c->state_dir, c->checker);
	/* Before the crawl consumes PREV (outputs.h). */
	if (e == 0)
		c->prev_changes = outputs_previous_repos(out, &c->prev);
	if (e < 0) {
		crawl_log(&c->log, LOG_ERROR, NULL, "%s", error_last());
		return e;
	}
	mkdir(c->cache_dir, 0755);
	sweep_temporaries(c);
	/* Last run's records, for the probes to look up (crawl_record.c). */
	c->prev_sorted = xcalloc(c->prev.nrepos ? c->prev.nrepos : 1,
	                         sizeof(*c->prev_sorted));
	for (size_t i = 0; i < c->prev.nrepos; i++)
		c->prev_sorted[i] = &c->prev.repos[i];
	qsort(c->prev_sorted, c->prev.nrepos, sizeof(*c->prev_sorted), prev_cmp);
	c->prev_taken = xcalloc(c->prev.nrepos ? c->prev.nrepos : 1,
	                        sizeof(*c->prev_taken));
	return 0;
}

static bool resumed_any(const struct crawl *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].resumed)
			return true;
	return false;
}

/* The feeds, crawl.json, then the state (crawl_publish.c). */
static int write_all(struct crawl *c, const struct inventory *inv,
                     size_t stale)
{
	struct feed_input in = { .inv = inv };
	struct record_entry *entries = crawl_entries(&c->accounts, &in.nentries);
	struct record_entry *upstream = c->have_upstream
		? crawl_entries(&c->upstream, &in.nupstream) : NULL;
	json_t *cov = crawl_coverage(c, stale);
	int e;

	in.entries = entries;
	in.upstream = upstream;
	/* The first crawl of a folder made by a version without the changes
	 * compares with the last crawl, not with nothing. A run that resumed
	 * a killed one does not: the files there may be that run's own, half
	 * published, not a last crawl's. */
	if (!resumed_any(c))
		outputs_seed_previous(c->o->out_dir);
	if ((e = crawl_publish(c->o->out_dir, &in, cov, &c->o->shard)) < 0)
		crawl_log(&c->log, LOG_ERROR, NULL, "%s", error_last());
	json_decref(cov);
	crawl_entries_free(entries, in.nentries);
	if (upstream)
		crawl_entries_free(upstream, in.nupstream);
	return e;
}

/* The report, its history and the changes, from the files just published
 * (crawler/crawl/outputs.h). The feeds are out: a failure here makes the
 * night partial, not fatal. False when it failed. */
static bool write_report(bool *keep, struct crawl *c)
{
	struct changes_inventory *prev = c->prev_changes;

	c->prev_changes = NULL;   /* taken */
	if (outputs_after_crawl(keep, c->o->out_dir, &c->accounts,
	                        c->have_actors ? &c->actors : NULL, prev) == 0)
		return true;
	crawl_log(&c->log, LOG_ERROR, NULL, "%s", error_last());
	return false;
}

/* Last run's records are this run's now, or dropped (crawl_merge.c): free
 * what is left of them before the report reads both runs back. */
static void release_prev(struct crawl *c)
{
	free(c->prev_sorted);
	free(c->prev_taken);
	c->prev_sorted = NULL;
	c->prev_taken = NULL;
	inventory_clear(&c->prev);
}

/* List, probe and check every selected account; false when stopped. */
static bool crawl_accounts(struct crawl *c, size_t *failed)
{
#ifdef __GLIBC__
	/* glibc gives each thread an arena of its own, and a probe thread's
	 * arena mixes the records it makes, which live to the end, with
	 * libgit2's short-lived objects: the arenas could not shrink, and at
	 * 2,000 repositories with 8 probe threads they were 62 of the 143 MB
	 * of the crawl's peak. Two arenas: 101 MB, in the same time
	 * (tests/bench/bench_crawl.py). */
	mallopt(M_ARENA_MAX, 2);
#endif
	crawl_resume(c);
	crawl_log_accounts(&c->log, 0, c->n);
	/* Probes start as soon as an account is listed (crawl_list.c). */
	probe_pool_start(&c->pool, c);
	crawl_list(c);
	*failed = 0;
	for (size_t k = 0; k < c->n; k++)
		*failed += !c->v[k].listed;
	crawl_log_accounts(&c->log, c->n - *failed, c->n);
	probe_pool_finish(c->pool);
	c->pool = NULL;
	if (!crawl_stopping(c))
		return true;
	/* What is finished is in the journal for the next run; the published
	 * files stay last run's. */
	crawl_log_finish(&c->log);
	crawl_log(&c->log, LOG_WARNING, NULL, "interrupted: the next run "
	          "resumes where this one stopped");
	return false;
}

static void crawl_free(struct crawl *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct crawl_account *a = &c->v[i];

		free(a->key);
		record_account_unref(a->rec_account);
		record_actor_unref(a->rec_actor);
		account_target_clear(&a->target);
		free(a->error);
		free(a->owner_error);
		free(a->followers_at);
		owner_clear(&a->owner);
		inventory_clear(&a->found);
		repo_list_clear(&a->repos);
		json_decref(a->methods);
		json_decref(a->paths);
		crawl_extra_free(a);
	}
	free(c->v);
	accounts_clear(&c->accounts);
	if (c->have_upstream)
		accounts_clear(&c->upstream);
	if (c->have_actors)
		actors_clear(&c->actors);
	release_prev(c);
	changes_inventory_free(c->prev_changes);
	pthread_mutex_destroy(&c->prev_mu);
	journal_free(c->journal);
	free(c->state_dir);
	free(c->cache_dir);
	free(c->checker);
	crawl_log_free(&c->log);
}

/* More than O->max_failed percent of the N accounts were not listed. */
static bool too_many_failed(const struct crawl_opts *o, size_t failed,
                            size_t n)
{
	return o->max_failed >= 0 && n > 0 &&
	       (double)failed * 100.0 > o->max_failed * (double)n;
}

/*
 * The run's last line. Each count is its own clause, translated with the
 * plural its number asks for (ngettext(3)): a sentence has one plural
 * form, and this line has three counts.
 */
static void summary_line(struct crawl *c, enum log_level level,
                         size_t failed, size_t nrepos, size_t stale,
                         size_t perr)
{
	/* TRANSLATORS: a clause of the crawl's last line, "%s" in the line
	 * "%s, %s (%zu kept from the last run as stale), %s; wrote %s". */
	char *accounts = xasprintf(P_("%zu of %zu account listed",
	                              "%zu of %zu accounts listed", c->n),
	                           c->n - failed, c->n);
	/* TRANSLATORS: the second clause of the same line. */
	char *repos = xasprintf(P_("%zu repository in the inventory",
	                           "%zu repositories in the inventory", nrepos),
	                        nrepos);
	/* TRANSLATORS: the third clause of the same line. */
	char *unfetched = xasprintf(P_("%zu repository could not be fetched",
	                               "%zu repositories could not be fetched",
	                               perr), perr);

	crawl_log(&c->log, level, NULL,
	          "%s, %s (%zu kept from the last run as stale), %s; wrote %s",
	          accounts, repos, stale, unfetched, c->o->out_dir);
	free(accounts);
	free(repos);
	free(unfetched);
}

/* The run's last line, and how it ended: an account not listed or a
 * repository not fetched is a failure the summary names, never a silent
 * stale record. */
static enum crawl_outcome crawl_summary(struct crawl *c, size_t nrepos,
                                        size_t stale, size_t failed,
                                        bool report_failed)
{
	const struct crawl_opts *o = c->o;
	bool too_many = too_many_failed(o, failed, c->n);
	size_t perr = 0;

	for (size_t k = 0; k < c->n; k++)
		perr += c->v[k].probe_errors;
	summary_line(c, too_many ? LOG_ERROR : failed || perr ? LOG_WARNING
	             : LOG_NOTICE, failed, nrepos, stale, perr);
	if (too_many) {
		crawl_log(&c->log, LOG_ERROR, NULL,
		          P_("%zu of %zu account could not be listed (%.1f%%), "
		             "more than --max-failed %g%%: crawl.json says which "
		             "and why", "%zu of %zu accounts could not be listed "
		             "(%.1f%%), more than --max-failed %g%%: crawl.json "
		             "says which and why", c->n),
		          failed, c->n, (double)failed * 100.0 / (double)c->n,
		          o->max_failed);
		return CRAWL_TOO_MANY_FAILED;
	}
	return failed || perr || report_failed ? CRAWL_PARTIAL : CRAWL_COMPLETE;
}

int crawl_run(enum crawl_outcome *out, const struct crawl_opts *o)
{
	struct crawl c = { .o = o };
	struct inventory inv;
	size_t stale = 0, failed = 0, nrepos;
	bool report_failed, keep = false;
	int lock = -1, e = 0;

	*out = CRAWL_COMPLETE;
	inventory_init(&inv);
	inventory_init(&c.prev);
	pthread_mutex_init(&c.prev_mu, NULL);
	crawl_log_init(&c.log, o->log_format, o->quiet);
	c.checker = xasprintf("%s/%s", INVENTAIRE_VERSION, CHECKER_VERSION);
	if (crawl_load_config(&c) < 0 || crawl_select_accounts(&c) < 0) {
		/* Logged; the caller only needs to know it is the input's
		 * fault. */
		e = ERROR_USAGE;
		goto done;
	}
	if (o->dry_run) {
		crawl_print_dry_run(&c);
		goto done;
	}
	if ((e = open_state(&c, &lock)) < 0)
		goto done;
	if (!crawl_accounts(&c, &failed)) {
		*out = CRAWL_INTERRUPTED;
		goto done;
	}
	crawl_merge(&inv, &c, &stale);
	release_prev(&c);
	crawl_log_finish(&c.log);
	if ((e = write_all(&c, &inv, stale)) < 0)
		goto done;
	/* Written: the report reads it back from the files. */
	nrepos = inv.nrepos;
	inventory_clear(&inv);
	report_failed = !write_report(&keep, &c);
	/* Only now has the journal served: a kill -9 before the report is
	 * written resumes this run, and the next one writes the report this
	 * run would have, not one of a second crawl. The previous crawl's
	 * files move on after it (crawler/crawl/outputs.h). */
	journal_done(c.journal);
	if (keep && outputs_keep_previous(c.o->out_dir) < 0) {
		crawl_log(&c.log, LOG_ERROR, NULL, "%s", error_last());
		report_failed = true;
	}
	*out = crawl_summary(&c, nrepos, stale, failed, report_failed);
done:
	inventory_clear(&inv);
	crawl_free(&c);
	state_unlock(lock);
	return e;
}
