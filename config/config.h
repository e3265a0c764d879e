/*
 * config.h - who we crawl: the accounts list, in code.gouv.fr's
 * comptes-organismes-publics.yml format (codegouvfr/codegouvfr-data, the
 * file's header comment), and the actors of the ministerial sphere
 * (config/actors.yml): each body with its name, parent, ministry, pso_id,
 * domains and other names, whether an account of it is listed or not.
 *
 * The real national file loads unchanged. A failure returns a negative
 * enum error_code (lib/error.h) and leaves a message, read with
 * error_last(), that names the file, the line and the key, and says what
 * to do.
 */
#ifndef INVENTAIRE_CONFIG_H
#define INVENTAIRE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

/* One account to list: an owner on a forge, or a whole forge. */
struct account_entry {
	char *host;           /* the top-level key: "github.com" */
	char *forge;          /* "github", "gitlab", "gitea", "forgejo", "gogs",
	                         "bitbucket", "sourcehut" */
	char *api_url;        /* our extension: the API root, or NULL */
	char *owner;          /* as written (lower case), or NULL: whole forge */
	char *kind;           /* our extension: "user", or NULL */
	char *pso_id;         /* own, else inherited from the forge */
	char *floss_policy;   /* own, else inherited */
	char *ospo_url;       /* own, else inherited */
	char *ignored_since;  /* "YYYY-MM-DD", own or the forge's, or NULL */
	bool ignored;         /* ignored_since is today or earlier */
	unsigned line;        /* where the entry is declared */
	/* An owner's forge-level values, which it inherits (NULL when the
	 * forge has none, and for a whole-forge entry): so that the list is
	 * written back with them at forge level, not moved into each owner
	 * (output/feed_accounts.c). */
	char *forge_pso_id, *forge_floss_policy, *forge_ospo_url;
	char *forge_ignored_since;
};

struct accounts {
	struct account_entry *v;
	size_t n;
	char *source;         /* the file name, or "embedded accounts.yml" */
	/* Things readers tolerate but a person should fix, "FILE:LINE: ...". */
	char **warnings;
	size_t nwarnings;
};

/*
 * The kinds of body of the ministerial sphere, as actors.yml groups them.
 * A part of a body (the DSI of AP-HP) takes its body's group.
 */
enum actor_group {
	ACTOR_GROUP_NONE = 0,        /* not said (the format keyed by pso_id) */
	ACTOR_GROUP_MINISTRY,        /* "ministry" */
	ACTOR_GROUP_CENTRAL,         /* "central": directorates and services */
	ACTOR_GROUP_AGENCY,          /* "agency": agencies and operators */
	ACTOR_GROUP_ARS,             /* "ars": the regional health agencies */
	ACTOR_GROUP_SOCIAL_SECURITY, /* "social-security": the caisses */
	ACTOR_GROUP_HOSPITAL,        /* "hospital": CHU, CHR, AP-HP, HCL, AP-HM */
	ACTOR_GROUP_GIP,             /* "gip": public-interest groups */
	ACTOR_GROUP_OTHER,           /* "other" */
};

/* One body of the sphere (config/actors.yml). */
struct actor {
	char *id;             /* the key: "ars-bretagne"; in the format keyed by
	                         pso_id, the pso_id */
	char *pso_id;         /* lannuaire.service-public.fr id, or NULL when no
	                         public source gives one */
	char *name;
	char *acronym;        /* or NULL */
	char *parent;         /* id of the parent actor, or NULL */
	char *ministry;       /* own, else the nearest parent's */
	enum actor_group group;
	char **domains;       /* web and e-mail host names, lower case; each
	                         covers its subdomains */
	size_t ndomains;
	char **aliases;       /* other names, acronyms and former names */
	size_t naliases;
	char **accounts;      /* "host" or "host/owner" keys of the accounts
	                         list that are this actor's though their pso_id
	                         is another's (code.gouv.fr gives a parent's) */
	size_t naccounts;
	unsigned line;        /* where the actor is declared */
};

struct actors {
	struct actor *v;
	size_t n;
	char *source;         /* the file name, or "embedded actors.yml" */
};

/*
 * Load the accounts list from PATH, or the embedded default when PATH is
 * NULL. TODAY ("YYYY-MM-DD") decides which ignored_since dates are past.
 * Entries keep the file's order, forges first then their owners.
 * ERROR_INVALID when the file is wrong, the errno's code (ERROR_NOTFOUND,
 * ERROR_IO...) or ERROR_TOOBIG when it cannot be read.
 */
int accounts_load(struct accounts *out, const char *path, const char *today);
/* The same from a buffer; NAME is used in messages. */
int accounts_parse(struct accounts *out, const char *name, const char *text,
                   size_t len, const char *today);
void accounts_clear(struct accounts *a);

/*
 * Load the actors from PATH, or the embedded default when PATH is NULL.
 * 0, or ERROR_INVALID (a wrong file: error_last() says "FILE:LINE: ID: key:
 * what is wrong; what to do") or ERROR_IO, ERROR_NOTFOUND, ... (it cannot
 * be read). Actors keep the file's order.
 */
int actors_load(struct actors *out, const char *path);
/* The same from a buffer; NAME is used in messages. */
int actors_parse(struct actors *out, const char *name, const char *text,
                 size_t len);
void actors_clear(struct actors *a);

/* "ars", "hospital", ...; NULL for ACTOR_GROUP_NONE. */
const char *actor_group_name(enum actor_group group);
/* True when HOST (a web host, or the part of an e-mail after '@') is one
 * of ACTOR's domains or under one: "www.bretagne.ars.sante.fr". */
bool actor_has_domain(const struct actor *actor, const char *host);

/*
 * The actor HOST belongs to: the one with the longest of its domains that
 * HOST is or is under (www.bretagne.ars.sante.fr: ARS Bretagne, not the
 * network's ars.sante.fr); the first in file order on a tie; or NULL.
 */
const struct actor *actors_find_domain(const struct actors *a, const char *host);
/* The actor whose pso_id is PSO_ID (any case), or NULL. */
const struct actor *actors_find(const struct actors *a, const char *pso_id);
/* The actor whose id is ID (any case), or NULL. */
const struct actor *actors_find_id(const struct actors *a, const char *id);
/*
 * The actor an account belongs to: the one that claims it in `accounts:`,
 * else the one with its pso_id, else NULL.
 */
const struct actor *actors_for_account(const struct actors *a,
                                       const struct account_entry *e);
/* How many entries of ACCOUNTS belong to ACTOR (actors_for_account). */
size_t actors_count_accounts(const struct actors *a, const struct actor *actor,
                             const struct accounts *accounts);
/*
 * The actors with no account in ACCOUNTS, in file order: start with
 * *POS = 0 and call until NULL. The code.gouv.fr placeholder
 * 00000000-0000-0000-0000-000000000000 is no body and is never returned.
 */
const struct actor *actors_next_unlisted(const struct actors *a,
                                         const struct accounts *accounts,
                                         size_t *pos);

/*
 * Every pso_id of ACCOUNTS is some actor's, and every account an actor
 * claims is in ACCOUNTS; else ERROR_INVALID, the message naming the first
 * that is not, with its file and line.
 */
int config_check_actors(const struct accounts *accounts,
                        const struct actors *actors);

/* The embedded defaults (config_data.c, generated at build time). */
extern const char config_accounts_yml[];
extern const size_t config_accounts_yml_len;
extern const char config_actors_yml[];
extern const size_t config_actors_yml_len;

#endif
