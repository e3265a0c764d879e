/* discover_int.h - what discover's files share. Not for other modules. */
#ifndef INVENTAIRE_DISCOVER_INT_H
#define INVENTAIRE_DISCOVER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <jansson.h>

#include "config/config.h"
#include "crawler/discover/discover.h"
#include "crawler/net/http.h"
#include "forges/search.h"
#include "output/discovery.h"

/*
 * What one actor may cost on one forge: a search reads the best
 * DISCOVER_HITS accounts of each of its names; the DISCOVER_PROFILES most
 * alike get their profile read; the DISCOVER_REPO_CANDIDATES best
 * candidates get DISCOVER_REPOS repositories looked at, two files each.
 */
#define DISCOVER_HITS 10
#define DISCOVER_PROFILES 8
#define DISCOVER_REPO_CANDIDATES 3
#define DISCOVER_REPOS 2
#define DISCOVER_FILE_MAX ((size_t)64 << 10)
/* Below this score a hit is not proposed; at most DISCOVER_SHOWN are, per
 * actor and forge. */
#define DISCOVER_MIN_SCORE 10
#define DISCOVER_SHOWN 10
/* Confidence thresholds (output/discovery.h). */
#define DISCOVER_HIGH 70
#define DISCOVER_MEDIUM 40

/* discover_text.c: names, domains and texts ------------------------- */

/*
 * S for comparing names: case folded, accents and other marks removed,
 * compatibility forms unfolded (NFKD), every run of characters that are
 * not letters or digits made one space, no space at either end ("Agence
 * régionale de santé - Bretagne" -> "agence regionale de sante bretagne").
 * Malloc'd; never NULL. Invalid UTF-8 keeps its ASCII letters and digits.
 */
char *discover_normalize(const char *s);
/* The same with no spaces at all ("ARS Bretagne" -> "arsbretagne"). */
char *discover_compact(const char *s);
/*
 * How much of NAME's significant words (not "de", "la", "the"...) are in
 * TEXT, both normalized: 0 to 100. 0 when NAME has no significant word.
 */
int discover_words_in(const char *name, const char *text);

/* The host of a website as profiles give it ("www.x.fr", "https://x.fr/a",
 * "x.fr:8080"), lower case, or NULL. */
char *discover_web_host(const char *website);
/* The domain of an e-mail address, lower case, or NULL. */
char *discover_mail_host(const char *email);

/*
 * Does TEXT (a README, a publiccode.yml, a description) name ACTOR: its
 * name or one of its longer aliases as words, its acronym (or an
 * acronym-like alias) as a word in its own capitals, or one of its
 * domains? When it does, *WHAT (malloc'd) says which, quoted.
 */
bool discover_text_names(char **what, const char *text,
                         const struct actor *actor);

/* discover_score.c: evidence -> score -------------------------------- */

/* How alike HIT's login and name are to ACTOR's names, 0 to 100: which
 * hits get their profile read. */
int discover_prescore(const struct actor *actor, const struct search_hit *hit);

/*
 * Score HIT as a candidate account of ACTOR into OUT (cleared first):
 * every piece of evidence with its points, the score (0 to 100) and the
 * confidence. ACTORS names the other actors (a website on another actor's
 * domain counts against); NAMED is what a repository of the candidate
 * says of the actor (discover_text_names), or NULL. OUT's host, forge,
 * login, url and name are the caller's to set.
 */
void discover_score(struct discovery_candidate *out, const struct actor *actor,
                    const struct actors *actors, const struct search_hit *hit,
                    const char *named);

/* discover_cache.c: answers kept between runs ----------------------- */

/*
 * OUT/state/discover/: a lock (one discover at a time on a folder) and
 * cache/HOST/KIND-HASH.json, one answer per file: {"key", "fetched_at",
 * "data"}. An entry older than MAX_AGE_S, unreadable, or of another key
 * is as good as missing: it is a cache.
 */
struct dcache {
	char *dir;             /* OUT/state/discover */
	long max_age_s;
	int lock;
};

/* Take the lock and make the folders. 0; ERROR_ACCESS when another
 * discover runs on OUT; an I/O error otherwise. */
int dcache_open(struct dcache *c, const char *out_dir, long max_age_s);
void dcache_close(struct dcache *c);
/* The data of KIND's entry KEY on HOST, or NULL; *FETCHED_AT (may be
 * NULL) gets when it was fetched (malloc'd). */
json_t *dcache_get(const struct dcache *c, const char *host, const char *kind,
                   const char *key, char **fetched_at);
/* Store DATA (its reference is stolen), fetched at FETCHED_AT. A cache
 * that cannot be written only costs a request next time. */
void dcache_put(const struct dcache *c, const char *host, const char *kind,
                const char *key, json_t *data, const char *fetched_at);

json_t *dcache_hit_json(const struct search_hit *h);
/* 0, or ERROR_PARSE when V is not what dcache_hit_json() writes. */
int dcache_hit_from(struct search_hit *out, const json_t *v);
json_t *dcache_hits_json(const struct search_hits *l);
int dcache_hits_from(struct search_hits *out, const json_t *v);
json_t *dcache_repos_json(const struct search_repos *l);
int dcache_repos_from(struct search_repos *out, const json_t *v);

/* The run ------------------------------------------------------------ */

struct dsc_run;
struct task;
struct job;

/* One search waiting for its forge. */
struct pending_search {
	struct task *task;
	size_t query;
};

/* One forge searched (discover_plan.c). */
struct site {
	struct dsc_run *run;
	char *host;
	char *api_url;
	const struct forge *forge;
	struct account acct;         /* the forge itself: ACCOUNT_INSTANCE */
	/* The search requests go one at a time, paced on the rate limit the
	 * answers announce (discover_jobs.c). */
	bool busy;
	long remaining;              /* searches left in this window; -1
	                                when the forge does not say */
	time_t reset;                /* when the window ends; 0: unknown */
	char *down;                  /* why its searches stopped, or NULL */
	char *profiles_down;         /* why its other requests stopped (a
	                                rate limit, the forge down), or NULL */
	struct pending_search *queue;
	size_t nqueue, qhead;
	/* The other requests (profiles, repositories, files) wait here for
	 * one of --jobs places. */
	struct job **jobs;
	size_t njobs, jhead;
	unsigned jobs_active;
	unsigned long requests;      /* every request sent to it */
};

/* One hit of a task, becoming a candidate. */
struct cand {
	struct search_hit hit;
	int prescore;
	size_t order;                /* rank of its first appearance */
	char *profile_error;         /* why its profile could not be read */
	struct search_repos repos;
	char *named;                 /* what a file of its says of the actor */
};

enum task_phase { PHASE_SEARCH, PHASE_PROFILES, PHASE_REPOS, PHASE_DONE };

/* One actor on one forge (discover_task.c). */
struct task {
	struct dsc_run *run;
	const struct actor *actor;
	struct site *site;
	char **queries;
	size_t nqueries;
	size_t answered;             /* queries the forge (or the cache)
	                                answered */
	size_t settled;              /* answered or given up */
	char *not_searched;          /* why a query was given up: the first
	                                reason */
	char *unread;                /* why a profile could not be read, when
	                                the forge, not the account, failed: the
	                                result is then not complete */
	char *searched_at;           /* the oldest answer it rests on */
	struct search_hits hits;
	struct cand *cands;
	size_t ncands;
	int pending;                 /* profile, repository and file requests
	                                not answered */
	enum task_phase phase;
};

struct dsc_run {
	const struct discover_opts *o;
	struct accounts accounts;
	struct actors actors;
	bool have_actors;
	struct site *sites;
	size_t nsites;
	struct task *tasks;
	size_t ntasks;
	struct http_engine *engine;
	struct dcache cache;
	struct discovery record;     /* discover.json, this run merged in */
	unsigned long requests;
	bool stopping;               /* *o->stop was seen */
};

/* Every name of T was searched, and the profiles its result needs were
 * read. */
static inline bool task_complete(const struct task *t)
{
	return t->nqueries && t->answered == t->nqueries && !t->unread;
}

/* Why T is not complete. */
static inline const char *task_why(const struct task *t)
{
	return t->not_searched ? t->not_searched : t->unread ? t->unread
	                                                     : "not answered";
}

/* The run was asked to stop (a signal): no new request. */
static inline bool dsc_stopping(const struct dsc_run *r)
{
	return r->stopping || (r->o->stop && *r->o->stop);
}

/* discover_plan.c */
/* The forges to search: 0, or ERROR_USAGE when --forge names none. */
int plan_sites(struct dsc_run *r);
/* The actors to search for, on every site: 0, or ERROR_USAGE when
 * --actor names none. */
int plan_tasks(struct dsc_run *r);
/* HOST/LOGIN is in the accounts list (itself, under one of its groups, or
 * on a host crawled whole): never proposed. */
bool plan_configured(const struct dsc_run *r, const char *host,
                     const char *login);
void plan_free(struct dsc_run *r);

/* discover_jobs.c: requests through the engine */
void site_enqueue(struct site *s, struct task *t, size_t query);
/* Send the site's next search if its rate limit allows. */
void site_pump(struct site *s);
/* Give up every search still queued on S, for WHY. */
void site_give_up(struct site *s, const char *why);
/* After a stop: the requests S still holds are dropped, their tasks
 * told. */
void site_drain(struct site *s);
void job_profile(struct task *t, size_t cand);
void job_repos(struct task *t, size_t cand);
void job_file(struct task *t, size_t cand, size_t repo, const char *path);

/* discover_task.c: a task's phases */
void task_start(struct task *t);
/* Query Q of T was answered with HITS (moved out); FETCHED_AT is when. */
void task_searched(struct task *t, size_t q, struct search_hits *hits,
                   const char *fetched_at);
/* Query Q of T will not be answered this run, for WHY. */
void task_search_failed(struct task *t, size_t q, const char *why);
/* A profile, repository or file answer of T came in (or failed). */
void task_answered(struct task *t);
/* File PATH (NULL: the README) of REPO, a repository of candidate C, is
 * TEXT (NULL: it has none). */
void task_file_read(struct task *t, size_t c, const char *text,
                    const char *repo, const char *path);

/* discover_out.c: the proposal */
int discover_write_proposal(const struct dsc_run *r);
/* The run's log lines on stderr. */
void discover_log(const struct dsc_run *r, bool warning, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The current time, RFC 3339 UTC, malloc'd. */
char *discover_utc_now(void);

#endif
