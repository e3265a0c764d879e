/*
 * rapport.h - the compliance report for people: what the ministry's
 * open-source office reads after a crawl (rapport.html, rapport.md), and
 * the per-actor history it is drawn from (history.jsonl).
 *
 * The report is written from a summary model, not from the inventory: the
 * model holds what the report shows (per actor, per forge, per ministry;
 * the repositories with their verdicts and findings; the coverage; the
 * history) and nothing else, so the writers are pure functions of it and
 * the tests fill it by hand. rapport_finish() derives the counts, sorts
 * and groups; the caller only adds facts.
 *
 * Strings are owned by the model (copied on the way in); NULL means "not
 * known". Dates are RFC 3339 strings in UTC.
 */
#ifndef INVENTAIRE_RAPPORT_H
#define INVENTAIRE_RAPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"
#include "lib/report.h"

enum rapport_lang {
	RAPPORT_FR = 0,      /* the default: the report is for a French office */
	RAPPORT_EN = 1,
};
#define RAPPORT_NLANGS 2

/* "fr" or "en"; 0, or ERROR_INVALID naming the value. */
int rapport_lang_parse(enum rapport_lang *out, const char *name);

enum rapport_pc {
	RAPPORT_PC_ABSENT = 0,
	RAPPORT_PC_VALID,
	RAPPORT_PC_INVALID,
};

/*
 * The indicators counted over a set of repositories. The compliance rates
 * are over the checked repositories (a repository the probe never reached
 * has no verdict: counting it as failing would blame its actor for our
 * network); the archived and forked shares are over all of them.
 */
struct rapport_counts {
	unsigned long repos;
	unsigned long checked;      /* with a check result */
	unsigned long license_ok;   /* an authorised licence (D.323-2-1) */
	unsigned long readme;
	unsigned long publiccode;   /* a valid publiccode.yml */
	unsigned long conforme;     /* all the criteria (rapport_repo_conforme) */
	unsigned long archived;
	unsigned long forked;
	unsigned long stale;        /* kept from an earlier crawl */
};

/* 100 * N / D, or -1 when D is 0 (shown as "n/a", never as 0 %). */
static inline double rapport_rate(unsigned long n, unsigned long d)
{
	return d ? 100.0 * (double)n / (double)d : -1.0;
}

/* One finding of one repository, as the report shows it. */
struct rapport_finding {
	enum level level;
	char *rule;           /* "readme.missing" */
	char *path;           /* where, or NULL */
	unsigned line;        /* 0 when none */
	char *fix;            /* the check's own fix (English), or NULL */
};

/* The licence families of the "licences" chart. */
enum rapport_family {
	RAPPORT_FAM_PERMISSIVE = 0,   /* authorised, permissive */
	RAPPORT_FAM_RECIPROCAL,       /* authorised, with reciprocity */
	RAPPORT_FAM_PUBLIC_INFO,      /* authorised, for public information */
	RAPPORT_FAM_OTHER,            /* identified, not on the list */
	RAPPORT_FAM_UNIDENTIFIED,     /* a licence file nobody could identify */
	RAPPORT_FAM_NONE,             /* no licence at all */
	RAPPORT_FAM_UNCHECKED,        /* not checked */
	RAPPORT_NFAMILIES
};

struct rapport_repo {
	char *host;
	char *full_name;
	char *html_url;
	bool checked;                  /* the verdicts below are known */
	enum tristate license_ok;   /* authorised licence */
	char *license;                 /* SPDX id or expression, or NULL */
	char *license_category;        /* "permissive", "reciprocal",
	                                  "public-information", or NULL */
	bool readme;
	enum rapport_pc publiccode;
	bool archived;
	bool fork;
	bool stale;
	char *last_seen;               /* when stale: the last crawl that saw it */
	char *probe_error;             /* why it could not be checked, or NULL */
	struct rapport_finding *findings;
	size_t nfindings;
};

/* Authorised licence, README, and no invalid publiccode.yml. */
bool rapport_repo_conforme(const struct rapport_repo *r);
enum rapport_family rapport_repo_family(const struct rapport_repo *r);
/* The highest level of its findings, or -1. */
int rapport_repo_severity(const struct rapport_repo *r);

/*
 * Who an actor is, as the model is told it (every field may be NULL; the
 * strings are copied).
 */
struct rapport_who {
	const char *id;       /* the actor's key: config/actors.yml's id, else
	                         its pso_id; NULL: no known actor */
	const char *pso_id;
	const char *name;
	const char *acronym;
	const char *group;    /* actors.yml's group ("central", "ars", ...,
	                         shown in each language), or a name as is */
	const char *ministry;
};

/*
 * Whether an actor's accounts were searched for (`inventaire discover`,
 * output/discovery.h): what the accounts list and DIR/discover.json say.
 */
enum rapport_search {
	RAPPORT_SEARCH_UNKNOWN = 0,   /* not an actor of the actors list */
	RAPPORT_SEARCH_LISTED,        /* accounts in the accounts list */
	RAPPORT_SEARCH_CANDIDATES,    /* searched; candidates to review */
	RAPPORT_SEARCH_NONE_FOUND,    /* searched everywhere; none found */
	RAPPORT_SEARCH_NOT_SEARCHED,  /* not searched yet (or not everywhere) */
	RAPPORT_NSEARCH
};

struct rapport_actor {
	char *id;             /* or NULL: repositories of no known actor */
	char *pso_id;         /* or NULL */
	char *name;
	char *acronym;        /* or NULL */
	char *group;          /* a group of actors.yml, or a name; or NULL */
	char *ministry;       /* or NULL */
	size_t naccounts;     /* its accounts in the accounts list */
	enum rapport_search search;
	char *searched_at;    /* its last search, or NULL */
	size_t ncandidates;   /* candidate accounts waiting for review */
	struct rapport_repo *repos;
	size_t nrepos;
	struct rapport_counts counts;   /* rapport_finish() */
};

/* The acronym when there is one, else the name. */
const char *rapport_actor_label(const struct rapport_actor *a);
/* The rank of GROUP among config/actors.yml's groups, in that file's order
 * ("ministry", "central", "agency", "ars", "social-security", "hospital",
 * "gip", "other"); any other name (or NULL) ranks after them. */
int rapport_group_rank(const char *group);

struct rapport_forge {
	char *host;
	char *kind;           /* "github", "gitlab", ... or NULL */
	struct rapport_counts counts;
};

struct rapport_ministry {
	char *name;
	struct rapport_counts counts;
};

enum rapport_account_status {
	RAPPORT_ACCOUNT_OK = 0,
	RAPPORT_ACCOUNT_UNREACHABLE,  /* could not be listed (crawl.json error) */
	RAPPORT_ACCOUNT_EMPTY,        /* listed, no public repository */
};

struct rapport_account {
	char *host;
	char *owner;          /* NULL: a whole forge */
	char *actor;          /* its actor's label, or NULL */
	enum rapport_account_status status;
	char *error;          /* why it could not be listed */
};

/* One line of history.jsonl: one actor at one crawl. */
struct rapport_history_line {
	char *date;           /* the crawl's start, RFC 3339 */
	char *id;             /* the actor's key, or NULL */
	char *pso_id;         /* or NULL */
	char *actor;          /* its label */
	struct rapport_counts counts;
};

/* The whole inventory at one crawl: the sum of that crawl's lines. */
struct rapport_point {
	char *date;
	struct rapport_counts counts;
};

/* The count and the SPDX ids of one licence family. */
struct rapport_license_count {
	char *spdx;           /* or NULL for "none" */
	unsigned long n;
};

struct rapport_family_count {
	unsigned long n;
	struct rapport_license_count *ids;   /* most used first */
	size_t nids;
};

struct rapport {
	char *date;                    /* the crawl the report is about */
	char *version;                 /* inventaire's version, for the footer */
	struct rapport_actor *actors;
	size_t nactors;
	/* Actors of the actors list with no account at all: the ones
	 * action A251 asks to help first. */
	struct rapport_actor *no_account;
	size_t nno_account;
	struct rapport_account *accounts;
	size_t naccounts;
	struct rapport_history_line *history;
	size_t nhistory;

	/* Derived by rapport_finish(). */
	struct rapport_counts total;
	struct rapport_forge *forges;
	size_t nforges;
	struct rapport_ministry *ministries;
	size_t nministries;
	struct rapport_point *series;  /* by date, this crawl included */
	size_t nseries;
	struct rapport_family_count families[RAPPORT_NFAMILIES];
	/* Actors of the actors list by search status (once each: the ones
	 * with no account, and the others whose status is known). */
	unsigned long searches[RAPPORT_NSEARCH];
	bool finished;
};

/* Building the model: every string is copied. */
struct rapport *rapport_new(const char *date, const char *version);
void rapport_free(struct rapport *r);

/* The actor W->id (NULL: "no known actor"), added from W if new. The
 * pointer is valid until the next rapport_actor(). */
struct rapport_actor *rapport_actor(struct rapport *r,
                                    const struct rapport_who *w);
/* An actor of the actors list with no account, not searched for until
 * rapport_actor_set_search() says otherwise. Valid until the next
 * rapport_add_no_account(). */
struct rapport_actor *rapport_add_no_account(struct rapport *r,
                                             const struct rapport_who *w);
/* A's search status, the date of its last search (or NULL) and its
 * candidate accounts. */
void rapport_actor_set_search(struct rapport_actor *a, enum rapport_search s,
                              const char *searched_at, size_t ncandidates);
/* A new repository of A, all verdicts unknown; valid until the next
 * rapport_repo_add() on A. */
struct rapport_repo *rapport_repo_add(struct rapport_actor *a,
                                      const char *host, const char *full_name,
                                      const char *html_url);
void rapport_repo_set_license(struct rapport_repo *repo, enum tristate ok,
                              const char *spdx, const char *category);
void rapport_repo_set_stale(struct rapport_repo *repo, const char *last_seen);
void rapport_repo_set_probe_error(struct rapport_repo *repo, const char *e);
void rapport_finding_add(struct rapport_repo *repo, enum level level,
                         const char *rule, const char *path, unsigned line,
                         const char *fix);
void rapport_account_add(struct rapport *r, const char *host,
                         const char *owner, const char *kind,
                         const char *actor,
                         enum rapport_account_status status,
                         const char *error);
/* Forge HOST is of KIND ("gitlab"), when no account said it. */
void rapport_forge_kind(struct rapport *r, const char *host,
                        const char *kind);
void rapport_history_add(struct rapport *r, const char *date,
                         const char *id, const char *pso_id,
                         const char *actor, const struct rapport_counts *c);

/*
 * Derive the counts (per actor, forge, ministry, family, in total), sort
 * actors (by group, in actors.yml's order of groups, then label),
 * repositories (by severity, then name) and findings (by level), and
 * build the series: the history's crawls before this one, then this one
 * (whose lines rapport_history_lines() gives). Call once, before writing.
 */
void rapport_finish(struct rapport *r);

/* The documents. */
void rapport_html(struct buf *out, const struct rapport *r,
                  enum rapport_lang lang);
void rapport_md(struct buf *out, const struct rapport *r,
                enum rapport_lang lang);

/*
 * history.jsonl: one JSON object per line, one line per actor per crawl:
 *   {"date", "id", "pso_id", "actor", "repositories", "checked",
 *    "license_authorized", "readme", "publiccode_valid", "conforme",
 *    "archived", "forked", "stale",
 *    "rates": {"license_authorized", "readme", "publiccode_valid",
 *              "conforme", "archived", "forked"}}
 * with rates in percent (one decimal) or null when nothing was checked.
 *
 * rapport_history_lines() appends this crawl's lines (of a finished
 * model) to OUT. rapport_history_parse() adds the lines of TEXT to R's
 * history; NAME is used in messages: 0, or ERROR_PARSE naming the line.
 */
void rapport_history_lines(struct buf *out, const struct rapport *r);
int rapport_history_parse(struct rapport *r, const char *name,
                          const char *text, size_t len);
/*
 * DIR/history.jsonl with R's lines appended (R finished): the earlier
 * lines of the same date are replaced, so that a crawl written twice
 * counts once. A file that cannot be parsed is left as it is
 * (ERROR_PARSE): history is never lost to a rewrite.
 */
int rapport_history_append(const char *dir, const struct rapport *r);
/* Read DIR/history.jsonl into R's history (none is not an error). */
int rapport_history_load(struct rapport *r, const char *dir);

/* rapport.html and rapport.md into DIR (atomically). */
int rapport_write(const char *dir, const struct rapport *r,
                  enum rapport_lang lang);

#define RAPPORT_HTML "rapport.html"
#define RAPPORT_MD "rapport.md"
#define RAPPORT_HISTORY "history.jsonl"

#endif
