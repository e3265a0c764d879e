/*
 * crawl.h - the nightly job: from the accounts list to the code.gouv.fr
 * files (README.md, "inventaire crawl"). One run:
 *
 *   1. config:  accounts.yml (+ actors.yml) -> the accounts to list
 *   2. list:    every account through its forge plug-in, concurrently, by
 *               the HTTP engine (per-host limits, retries, ETags)
 *   3. probe:   each repository's default branch fetched into the cache and
 *               checked by the same code as `inventaire check`; unchanged
 *               tips reuse last run's results
 *   4. merge:   an account that could not be listed keeps last run's
 *               repositories, marked stale; nothing is lost
 *   5. write:   the feeds, crawl.json and the state, each atomically
 *
 * What travels from step 2 to step 5 is the inventory of lib/record.h.
 */
#ifndef INVENTAIRE_CRAWL_H
#define INVENTAIRE_CRAWL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* Bump when the checks change what they report: records checked by an
 * older checker are checked again even when their tip has not moved. */
#define CHECKER_VERSION "2"

enum log_format { LOG_TEXT, LOG_JSON };

/*
 * --shard K/N: this run crawls the accounts whose stable hash falls in
 * shard K of N (crawl_shard.c), and `inventaire merge` joins the N
 * outputs. COUNT 0 or 1: the whole list.
 */
struct crawl_shard {
	unsigned index;            /* K, from 0 */
	unsigned count;            /* N */
};

struct crawl_opts {
	const char *config_path;   /* NULL: the embedded accounts.yml */
	const char *actors_path;   /* NULL: embedded when the config is */
	const char *out_dir;
	const char *only;          /* an actor (acronym, name, pso_id) or a host */
	const char *upstream_path; /* the national accounts list: write what it
	                              lacks (comptes-organismes-publics.additions.yml),
	                              or NULL */
	unsigned jobs;             /* HTTP requests in flight per host */
	unsigned probe_jobs;       /* repositories probed at once */
	long max_time_ms;          /* retry budget of one API request */
	/* More than this percentage of the accounts not listed (stale) makes
	 * the run CRAWL_TOO_MANY_FAILED; below 0, no limit. */
	double max_failed;
	bool dry_run;
	bool quiet;                /* errors and the summary only */
	enum log_format log_format;
	struct crawl_shard shard;
	const char *today;         /* "YYYY-MM-DD", for ignored_since */
	const char *now;           /* RFC 3339 UTC time this run started */
	long long now_s;           /* the same, in seconds since the epoch */
	/* Set (by a signal handler) to stop: no new work is started, the
	 * published files stay as they were, the journal resumes. */
	const volatile sig_atomic_t *stop;
};

/* How a run that did its job ended. */
enum crawl_outcome {
	CRAWL_COMPLETE,      /* every account listed; everything written (or,
	                        with dry_run, printed) */
	CRAWL_PARTIAL,       /* written, but some accounts could not be listed
	                        (their last records are kept, stale), some
	                        repositories could not be fetched (their last
	                        verdicts are kept), or the report failed */
	CRAWL_TOO_MANY_FAILED, /* written, but more than max_failed percent of
	                          the accounts could not be listed */
	CRAWL_INTERRUPTED,   /* *stop was set: nothing published; the next run
	                        resumes from the journal */
};

/*
 * Run the crawl. 0 and *OUT; or ERROR_USAGE when the accounts list, the
 * actors file or --only cannot be used (nothing was crawled); or another
 * negative code when the output folder cannot be used or written (nothing
 * was published). Errors are logged as they happen (crawl_log.h), so
 * error_last() only repeats the last of them.
 */
int crawl_run(enum crawl_outcome *out, const struct crawl_opts *o);

/*
 * `inventaire merge`: join the output folders DIRS (each a sharded crawl's
 * --out) into OUT_DIR, as one crawl of the whole list would have written
 * it: the feeds, crawl.json and the state (crawl_join.c); the report is
 * outputs_after_crawl()'s, as after a crawl (outputs.h). 0 and *OUT
 * (CRAWL_PARTIAL when a shard could not list some accounts); or a negative
 * code with error_last() naming the folder and what is wrong (ERROR_USAGE
 * when the folders are not the shards of one crawl).
 */
int crawl_join(enum crawl_outcome *out, const char *out_dir,
               const char *const *dirs, size_t ndirs);

#endif
