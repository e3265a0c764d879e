/*
 * discover.h - `inventaire discover`: search the forges for the accounts
 * of the actors that have none in the accounts list (or that may have
 * more), score each candidate on evidence, and propose them for a person
 * to review (README.md, "inventaire discover").
 *
 * One run:
 *
 *   1. plan:    the actors to search for (config/actors.yml) x the forges
 *               that can search (github.com, gitlab.com, codeberg.org and
 *               the instances of the accounts list), each actor's names
 *   2. search:  every query through the HTTP engine, paced on the search
 *               rate limits the forges announce; answers are cached under
 *               OUT/state/discover/, so a run stopped by a rate limit
 *               resumes where it stopped
 *   3. profile: read the profiles of the best hits (website, e-mail,
 *               location, verified domain), then a few repositories of the
 *               best candidates (README, publiccode.yml)
 *   4. score:   crawler/discover/discover_score.c
 *   5. record:  OUT/discover.json (output/discovery.h), then the proposal
 *               (a comptes-organismes-publics.yml fragment, JSON or text)
 */
#ifndef INVENTAIRE_DISCOVER_H
#define INVENTAIRE_DISCOVER_H

#include <signal.h>
#include <stdbool.h>

enum discover_format { DISCOVER_YAML, DISCOVER_JSON, DISCOVER_TEXT };

struct discover_opts {
	const char *config_path;   /* NULL: the embedded accounts.yml */
	const char *actors_path;   /* NULL: embedded when the config is */
	const char *out_dir;       /* discover.json and the cache go there */
	const char *actor;         /* --actor: one actor (id, acronym or
	                              pso_id), searched even with accounts */
	const char *forge;         /* --forge: only the forges of this kind */
	bool all;                  /* every actor, accounts or not */
	enum discover_format format;
	const char *output;        /* the proposal's file, NULL: stdout */
	unsigned jobs;             /* requests in flight per host */
	long max_time_ms;          /* the longest wait for one request, rate
	                              limits included */
	long max_age_s;            /* cached answers older are asked again */
	bool quiet;                /* errors and the summary only */
	const char *today;         /* "YYYY-MM-DD", for ignored_since */
	const char *now;           /* RFC 3339 UTC time this run started */
	const volatile sig_atomic_t *stop;
};

enum discover_outcome {
	DISCOVER_COMPLETE,         /* every search planned was answered */
	DISCOVER_PARTIAL,          /* some were not (rate limit, forge down):
	                              recorded, the next run resumes */
	DISCOVER_INTERRUPTED,      /* *stop was set; what was answered is
	                              recorded and cached */
};

/*
 * Run it. 0 and *OUT; ERROR_USAGE when the configuration cannot be used
 * or the actor or forge asked for does not exist (nothing was searched);
 * another negative code when the output folder cannot be used or written.
 * What goes wrong is said on stderr as it happens.
 */
int discover_run(enum discover_outcome *out, const struct discover_opts *o);

#endif
