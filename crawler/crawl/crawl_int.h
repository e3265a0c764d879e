/* crawl_int.h - what the crawl's files share (crawl.c, crawl_probe.c,
 * crawl_record.c). Not for other modules. */
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

/* One account of the accounts list, through one run. */
struct crawl_account {
	struct crawl *crawl;             /* back to the run, for callbacks */
	const struct account_entry *entry;
	const struct forge *forge;
	const struct actor *actor;       /* NULL when no actors file */
	char *key;                       /* "host/owner" or "host", lower case */
	char *api_url;
	struct account acct;             /* what the plug-in gets */

	/* listing */
	int jobs_left;                   /* listing and owner jobs not answered */
	bool listed;                     /* listed, this run or a resumed one */
	bool resumed;                    /* taken from the journal */
	char *error;                     /* why it could not be listed */
	struct repo_list repos;
	struct owner owner;
	bool have_owner;
	char *owner_error;
	unsigned long requests;          /* HTTP requests of listing + owner */

	/* probing: one slot per repository, filled by the probe threads */
	json_t **records;
	size_t pending;
	unsigned checked, reused, probe_errors;
	json_t *methods;                 /* probe method -> count */
	json_t *paths;                   /* full_name -> the probe's path */
	json_t *owner_records;           /* array */
};

struct crawl {
	const struct crawl_opts *o;
	struct accounts accounts;
	struct actors actors;
	bool have_actors;
	struct crawl_account *v;         /* the accounts this run lists */
	size_t n;
	char *state_dir;
	char *cache_dir;
	json_t *prev;                    /* last run's inventory */
	json_t *prev_by_repo;            /* "host/full_name" -> record */
	struct journal *journal;
	struct crawl_log log;
	struct probe_pool *pool;         /* probes accounts as they are listed */
	char *checker;                   /* "VERSION/CHECKER_VERSION" */
};

/* crawl_record.c */
char *crawl_repo_key(const char *host, const char *full_name);
json_t *crawl_account_json(const struct crawl_account *a);
json_t *crawl_actor_json(const struct actor *actor);
json_t *crawl_owner_json(const struct owner *o);
/* Probe and check one repository of A; a new record. *METHOD is how it
 * counts ("unchanged", "error", or the probe's path); *PATH is the probe's
 * path itself (probe->method: "v2-filter-tree", "v2-ls-refs", ...). */
json_t *crawl_record(struct crawl *c, struct crawl_account *a,
                     const struct repo *r, const char **method,
                     const char **path);

/* crawl_probe.c: O->probe_jobs threads probe the repositories of each
 * account added, as soon as it is added; finish waits for them all. */
struct probe_pool;
int probe_pool_start(struct probe_pool **out, struct crawl *c);
void probe_pool_add(struct probe_pool *pl, struct crawl_account *a);
void probe_pool_finish(struct probe_pool *pl);

#endif
