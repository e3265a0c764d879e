/*
 * discovery.h - discover.json: what `inventaire discover` found for each
 * actor, and each actor's discovery status, for every output that says
 * who is missing (crawl.json, the compliance report).
 *
 * DIR/discover.json (DIR the crawl's output folder) holds, per actor that
 * was searched for: on which forges and when, whether every search there
 * was answered (and why not), and the candidate accounts found, with their
 * score, confidence and evidence. discover only proposes: a person reviews
 * the candidates and adds the right ones to the accounts list.
 *
 * An actor's status comes from the accounts list first, then from the
 * file (discovery_status):
 *
 *   listed        it has accounts in the accounts list
 *   candidates    searched; candidate accounts wait for a person's review
 *   none-found    searched on every forge planned for it; nothing found
 *   not-searched  not searched yet, or not on every forge (a rate limit, a
 *                 forge down: discover.json says which and why)
 *
 * The file is ours but may be edited or cut short: reading it checks every
 * key it uses, and a wrong one is named.
 */
#ifndef INVENTAIRE_DISCOVERY_H
#define INVENTAIRE_DISCOVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "config/config.h"
#include "lib/error.h"

#define DISCOVERY_FILE "discover.json"

enum discovery_status {
	DISCOVERY_NOT_SEARCHED = 0,
	DISCOVERY_LISTED,
	DISCOVERY_CANDIDATES,
	DISCOVERY_NONE_FOUND,
};

/* One fact for or against a candidate. */
struct discovery_evidence {
	char *kind;            /* "email-domain", "name", ... (discover's
	                          scorer names them; crawler/discover/) */
	int points;            /* what it added to the score (< 0: against) */
	char *detail;          /* what was seen, for people */
};

enum discovery_confidence {
	DISCOVERY_LOW = 0,
	DISCOVERY_MEDIUM,
	DISCOVERY_HIGH,
};

struct discovery_candidate {
	char *host;            /* "github.com" */
	char *forge;           /* "github" */
	char *login;           /* the account as the accounts list would name
	                          it (lower case) */
	char *url;             /* its page, or NULL */
	char *name;            /* its display name, or NULL */
	bool personal;         /* a person's account, not an organisation */
	int score;             /* 0 to 100 */
	enum discovery_confidence confidence;
	struct discovery_evidence *evidence;
	size_t nevidence;
};

/* One forge searched for one actor. */
struct discovery_search {
	char *host;
	char *forge;
	char *searched_at;     /* when, RFC 3339 UTC */
	bool complete;         /* every query was answered */
	char *not_searched;    /* why not, when not complete */
	unsigned queries;      /* the names searched for */
};

struct discovery_actor {
	char *id;              /* actors.yml's id */
	char *name;
	char *acronym;         /* or NULL */
	struct discovery_search *searches;
	size_t nsearches;
	struct discovery_candidate *candidates;   /* best first */
	size_t ncandidates;
};

struct discovery {
	char *updated_at;      /* the last run that wrote the file, or NULL */
	struct discovery_actor *v;
	size_t n;
};

/*
 * Read DIR/discover.json into *OUT. A missing file is an empty discovery
 * (0): nothing was searched yet. ERROR_PARSE when the file is damaged,
 * naming it, the key and what to do; another code when it cannot be read.
 */
int discovery_load(struct discovery *out, const char *dir);
/* The same from TEXT; NAME is used in messages. */
int discovery_parse(struct discovery *out, const char *name, const char *text,
                    size_t len);
void discovery_clear(struct discovery *d);

/*
 * discover.json's document: every actor of D in ACTORS' order (the others
 * after, by id), each with its status; ACTORS and ACCOUNTS may be NULL
 * (then no actor is listed). The caller owns the result.
 */
json_t *discovery_to_json(const struct discovery *d, const struct actors *actors,
                          const struct accounts *accounts);
/* One candidate as discover.json writes it. */
json_t *discovery_candidate_json(const struct discovery_candidate *c);
/* Write it to DIR/discover.json, atomically (lib/file.h). */
int discovery_write(const char *dir, const struct discovery *d,
                    const struct actors *actors, const struct accounts *accounts);

/* The actor with this id, or NULL. */
const struct discovery_actor *discovery_find(const struct discovery *d,
                                             const char *id);
/* The actor with this id, added (with NAME and ACRONYM) when new. Valid
 * until the next discovery_add_actor(). */
struct discovery_actor *discovery_add_actor(struct discovery *d, const char *id,
                                            const char *name,
                                            const char *acronym);
/*
 * What a run found on one forge for A: S replaces A's search of the same
 * host, and CANDIDATES (N, moved out and left empty) replace A's
 * candidates on that host. Candidates stay sorted, best first.
 */
void discovery_set_search(struct discovery_actor *a,
                          const struct discovery_search *s,
                          struct discovery_candidate *candidates, size_t n);

void discovery_candidate_clear(struct discovery_candidate *c);
void discovery_evidence_add(struct discovery_candidate *c, const char *kind,
                            int points, const char *detail);

/* ACTOR's status (see above). D and ACCOUNTS may be NULL. */
enum discovery_status discovery_status(const struct discovery *d,
                                       const struct actors *actors,
                                       const struct actor *actor,
                                       const struct accounts *accounts);
/* "listed", "candidates", "none-found", "not-searched". */
const char *discovery_status_name(enum discovery_status s);
/* "low", "medium", "high". */
const char *discovery_confidence_name(enum discovery_confidence c);
/* The latest searched_at of A's searches, or NULL. */
const char *discovery_searched_at(const struct discovery_actor *a);

/*
 * crawl.json's "actors" block: for every actor of ACTORS (none when
 * NULL), in file order: {"id", "name", "acronym", "pso_id", "accounts"
 * (its entries in ACCOUNTS), "discovery" (its status), "searched_at"
 * (null when never), "searched_on" (the hosts searched completely),
 * "candidates" (how many)}, from DIR/discover.json. *OUT is always set; a
 * damaged discover.json gives the block as if nothing had been searched,
 * and the error (ERROR_PARSE) for the caller to log.
 */
int discovery_coverage_json(json_t **out, const char *dir,
                            const struct actors *actors,
                            const struct accounts *accounts);

#endif
