/* crawl_int.h - what the crawl's files share. Not for other modules. */
#ifndef INVENTAIRE_CRAWL_INT_H
#define INVENTAIRE_CRAWL_INT_H

#include <pthread.h>
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
#include "output/changes.h"

/* One account of the accounts list, through one run. */
struct crawl_account {
	struct crawl *crawl;             /* back to the run, for callbacks */
	const struct account_entry *entry;
	const struct actor *actor;       /* NULL when no actors file */
	/* The same, as this run's records carry them: one for all of them
	 * (lib/record.h). */
	struct record_account *rec_account;
	struct record_actor *rec_actor;  /* NULL when ACTOR is */
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
	char *followers_at;              /* when OWNER.followers was read
	                                    (struct record_owner) */
	char *owner_error;               /* crawl.json's "owner_error" */
	bool owner_kept_last;            /* ... and last run's metadata was
	                                    published instead */
	unsigned long followers_requests;/* counted in crawl.json's
	                                    "owners_requests" */
	unsigned long requests;          /* HTTP requests of listing + owner */

	/* This run's records of the account: FOUND.repos has one slot per
	 * repository of REPOS, filled by the probe threads; FOUND.owners its
	 * owners. A resumed account's come from the journal. */
	struct inventory found;
	size_t nfound;                   /* repositories found (crawl.json) */
	size_t pending;                  /* slots the probes have not filled */
	unsigned checked, reused, probe_errors;
	unsigned trusted;                /* reused on the listing's word, with
	                                    no git request (crawl_fresh.c) */
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
	struct record_repo **prev_sorted; /* PREV's repositories in
	                                     lib/repo.h's order */
	/* PREV's repositories a listing of this run has taken (by index in
	 * PREV.repos): their results moved to this run's records, and they
	 * are no longer last run's to keep. Under PREV_MU. */
	bool *prev_taken;
	pthread_mutex_t prev_mu;
	/* PREV as the changes see it, when it is also the previous crawl's
	 * (outputs.h outputs_previous_repos()); NULL: the report reads it. */
	struct changes_inventory *prev_changes;
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
/* The accounts list A as the feed writes it back (output/feed.h), *N
 * entries; free them with crawl_entries_free. */
struct record_entry *crawl_entries(const struct accounts *a, size_t *n);
void crawl_entries_free(struct record_entry *v, size_t n);

/* crawl_shard.c: which shard a name falls in (crawl.h, struct
 * crawl_shard). Accounts are split by their key ("host/owner"); a whole
 * forge, listed by every shard, by its repositories' and owners' names.
 * Every name is in shard 0 of 1. */
bool crawl_shard_has(const struct crawl_shard *s, const char *host,
                     const char *name);
/* The part, 0 to N - 1, that "HOST/NAME" (or "HOST") hashes to. */
unsigned crawl_shard_of(const char *host, const char *name, unsigned n);
/* Shard K/N's share of a whole forge's listing: the repositories whose
 * name falls in it. */
void crawl_shard_repos(struct repo_list *l, const struct crawl_shard *s);
/* A record of the last run that this shard keeps: listed by account
 * ACCOUNT_KEY, named NAME (a repository's full_name, an owner's login) on
 * HOST. */
bool crawl_shard_keeps(const struct crawl_shard *s, const char *account_key,
                       const char *host, const char *name);
/* "K/N", or NULL unsharded or for S NULL (malloc'd). */
char *crawl_shard_name(const struct crawl_shard *s);

/* crawl_fresh.c: what a listed repository needs, given last run's record
 * PREV of it (NULL when none). */
enum crawl_fresh {
	FRESH_CHECK,      /* probe and check it (no usable last result) */
	FRESH_VERIFY,     /* ask for the tip (ls-refs): check only if it moved */
	FRESH_TRUST,      /* the listing says nothing changed: reuse PREV's
	                     result with no git request */
};
enum crawl_fresh crawl_fresh(const struct crawl *c,
                             const struct record_repo *prev,
                             const struct repo *r);
/* Today is the day of the week "HOST/NAME" is looked at again, whatever
 * its listing says (a seventh of the names a day). */
bool crawl_weekday(const struct crawl *c, const char *host, const char *name);
/* What was last read about "HOST/NAME" at AT (RFC 3339 UTC; NULL or
 * unreadable: never) is due to be read again, on the repositories' weekly
 * rhythm: after a week, or on its day once a day has passed. */
bool crawl_due(const struct crawl *c, const char *at, const char *host,
               const char *name);

/* crawl_list.c: list every selected account, handing each to the probes
 * as soon as it is listed; accounts the journal says were finished are
 * taken from it instead. */
void crawl_resume(struct crawl *c);
int crawl_list(struct crawl *c);

/* crawl_record.c: one repository of A, probed and checked, into *OUT,
 * which takes R's fields. *METHOD is how it counts ("unchanged", "error",
 * or the probe's path); *PATH the probe's path itself ("v2-filter-tree",
 * "v2-ls-refs", "listing" when no git request was needed, ...). */
void crawl_record(struct record_repo *out, struct crawl *c,
                  struct crawl_account *a, struct repo *r,
                  const char **method, const char **path);

/* crawl_extra.c: the requests beyond A's listing that code.gouv.fr's
 * fields need (subscribers, a whole forge's owners), started on E once A
 * is listed; each counts in A's jobs_left and calls DONE(A) when it ends.
 * crawl_extra_owner: the owner LOGIN of A's whole-forge listing, with the
 * metadata asked this run (moved out), else last run's, else none; *AT the
 * date that metadata was read (NULL with none), for the weekly rhythm. */
struct http_engine;
void crawl_extra_start(struct crawl_account *a, struct http_engine *e,
                       void (*done)(struct crawl_account *));
void crawl_extra_owner(struct owner *out, char **at, struct crawl_account *a,
                       const char *login, bool is_user);
/* crawl.json: A's counts into O (crawl_coverage.c sums them). */
void crawl_extra_report(json_t *o, const struct crawl_account *a);
void crawl_extra_log(struct crawl_account *a);
void crawl_extra_free(struct crawl_account *a);

/* crawl_followers.c: the followers of A's owner, when A's listing could
 * not give them (forge.h, batch_no_org_followers): last run's while they
 * are not due, else one owner request on E, counted in A's jobs_left,
 * which calls DONE(A) when it ends. */
void crawl_followers_start(struct crawl_account *a, struct http_engine *e,
                           void (*done)(struct crawl_account *));
/* crawl_list.c: a deep copy of SRC; whether O holds metadata the forge
 * gave (not only what the login tells). */
void crawl_owner_copy(struct owner *dst, const struct owner *src);
bool crawl_owner_from_forge(const struct owner *o);
/* Last run's record of A's own owner (the one its entry names), or NULL. */
const struct record_owner *crawl_prev_owner(const struct crawl *c,
                                            const struct crawl_account *a);

/* crawl_merge.c: this run's inventory (crawl.h, step 4). *STALE counts
 * the repositories kept stale. Consumes the accounts' and C->prev's
 * records. */
void crawl_merge(struct inventory *out, struct crawl *c, size_t *stale);
/* INV's owners in lib/repo.h's order (host, then login), ties in INV's:
 * the state's order, whichever shard listed them (crawl_join.c). */
void crawl_sort_owners(struct inventory *inv);

/* crawl_coverage.c: crawl.json, what this run reached. */
json_t *crawl_coverage(const struct crawl *c, size_t stale);
/* crawl.json's totals, from its accounts (also how crawl_join.c sums the
 * shards'). */
json_t *crawl_coverage_totals(const json_t *accounts, size_t stale);
/* The crawl.json of N shards (COVS) as one: their accounts summed (a
 * whole forge is in every shard) in the accounts list's order (ORDER:
 * their keys), hosts and totals made again from them; STALE repositories
 * in the joined inventory. */
json_t *crawl_coverage_join(const json_t *const *covs, size_t n,
                            const char *const *order, size_t norder,
                            size_t stale);

/* crawl_publish.c: the feeds of IN (output/feed.h), crawl.json (COVERAGE,
 * when not NULL), then the state, into OUT_DIR: what a crawl and a merge
 * publish alike. */
struct feed_input;
int crawl_publish(const char *out_dir, const struct feed_input *in,
                  const json_t *coverage, const struct crawl_shard *shard);

/* crawl_probe.c: O->probe_jobs threads probe the repositories of each
 * account added, as soon as it is added; finish waits for them all. */
struct probe_pool;
int probe_pool_start(struct probe_pool **out, struct crawl *c);
void probe_pool_add(struct probe_pool *pl, struct crawl_account *a);
void probe_pool_finish(struct probe_pool *pl);

#endif
