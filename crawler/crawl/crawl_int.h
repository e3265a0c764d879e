/* crawl_int.h - what the crawl's files share. Not for other modules. */
#ifndef INVENTAIRE_CRAWL_INT_H
#define INVENTAIRE_CRAWL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "config/config.h"
#include "crawler/crawl/crawl.h"
#include "crawler/crawl/crawl_log.h"
#include "crawler/crawl/crawl_state.h"
#include "forges/forge.h"
#include "forges/resolve.h"
#include "lib/record.h"

/* One account of the accounts list, through one run. */
struct crawl_account {
	struct crawl *crawl;             /* back to the run, for callbacks */
	const struct account_entry *entry;
	const struct actor *actor;       /* NULL when no actors file */
	char *key;                       /* "host/owner" or "host", lower case */
	struct account_target target;    /* the plug-in, API root, account */
	bool resolved;                   /* TARGET is set */

	/* listing */
	int jobs_left;                   /* listing and owner jobs not answered */
	bool listed;                     /* listed, this run or a resumed one */
	bool resumed;                    /* taken from the journal */
	char *error;                     /* why it could not be listed
	                                    (crawl.json's "error") */
	struct repo_list repos;
	struct owner owner;
	bool have_owner;
	char *owner_error;               /* crawl.json's "owner_error" */
	unsigned long requests;          /* HTTP requests of listing + owner */

	/* This run's records of the account: FOUND.repos has one slot per
	 * repository of REPOS, filled by the probe threads; FOUND.owners its
	 * owners. A resumed account's come from the journal. */
	struct inventory found;
	size_t nfound;                   /* repositories found (crawl.json) */
	size_t pending;                  /* slots the probes have not filled */
	unsigned checked, reused, probe_errors;
	json_t *methods;                 /* crawl.json: probe method -> count */
	json_t *paths;                   /* crawl.json: full_name -> probe path */
	struct crawl_extra *extra;       /* crawl_extra.c's requests, or NULL */
};

struct crawl {
	const struct crawl_opts *o;
	struct accounts accounts;
	struct actors actors;
	bool have_actors;
	struct accounts upstream;        /* --upstream, when have_upstream */
	bool have_upstream;
	struct crawl_account *v;         /* the accounts this run lists */
	size_t n;
	char *state_dir;
	char *cache_dir;
	struct inventory prev;           /* last run's inventory */
	const struct record_repo **prev_sorted; /* PREV's repositories in
	                                           lib/repo.h's order */
	struct journal *journal;
	struct crawl_log log;
	struct probe_pool *pool;         /* probes accounts as they are listed */
	struct http_engine *engine;      /* while listing: for crawl_extra.c */
	char *checker;                   /* "VERSION/CHECKER_VERSION" */
};

/* The run was asked to stop. */
static inline bool crawl_stopping(const struct crawl *c)
{
	return c->o->stop && *c->o->stop;
}

/* crawl_accounts.c: who this run lists. */
int crawl_load_config(struct crawl *c);
int crawl_select_accounts(struct crawl *c);
void crawl_print_dry_run(const struct crawl *c);
/* The public part of A's entry and actor, as a record carries them. */
void crawl_record_account(struct record_account *out,
                          const struct crawl_account *a);
struct record_actor *crawl_record_actor(const struct crawl_account *a);
/* The accounts list A as the feed writes it back (output/feed.h), *N
 * entries; free each with record_entry_clear, then the array. */
struct record_entry *crawl_entries(const struct accounts *a, size_t *n);

/* crawl_list.c: list every selected account, handing each to the probes
 * as soon as it is listed; accounts the journal says were finished are
 * taken from it instead. */
void crawl_resume(struct crawl *c);
int crawl_list(struct crawl *c);

/* crawl_record.c: one repository of A, probed and checked, into *OUT.
 * *METHOD is how it counts ("unchanged", "error", or the probe's path);
 * *PATH the probe's path itself ("v2-filter-tree", "v2-ls-refs", ...). */
void crawl_record(struct record_repo *out, struct crawl *c,
                  struct crawl_account *a, const struct repo *r,
                  const char **method, const char **path);

/* crawl_extra.c: the requests beyond A's listing that code.gouv.fr's
 * fields need (subscribers, a whole forge's owners), started on E once A
 * is listed; each counts in A's jobs_left and calls DONE(A) when it ends.
 * crawl_extra_owner: the owner LOGIN of A's whole-forge listing, with the
 * metadata they brought when they did (moved out). */
struct http_engine;
void crawl_extra_start(struct crawl_account *a, struct http_engine *e,
                       void (*done)(struct crawl_account *));
void crawl_extra_owner(struct owner *out, struct crawl_account *a,
                       const char *login, bool is_user);
/* crawl.json: A's counts into O, every account's into TOTALS. */
void crawl_extra_report(json_t *o, const struct crawl_account *a);
void crawl_extra_totals(json_t *totals, const struct crawl *c);
void crawl_extra_log(struct crawl_account *a);
void crawl_extra_free(struct crawl_account *a);

/* crawl_merge.c: this run's inventory (crawl.h, step 4). *STALE counts
 * the repositories kept stale. Consumes the accounts' and C->prev's
 * records. */
void crawl_merge(struct inventory *out, struct crawl *c, size_t *stale);

/* crawl_coverage.c: crawl.json, what this run reached. */
json_t *crawl_coverage(const struct crawl *c, size_t stale);

/* crawl_probe.c: O->probe_jobs threads probe the repositories of each
 * account added, as soon as it is added; finish waits for them all. */
struct probe_pool;
int probe_pool_start(struct probe_pool **out, struct crawl *c);
void probe_pool_add(struct probe_pool *pl, struct crawl_account *a);
void probe_pool_finish(struct probe_pool *pl);

#endif
