/*
 * config.h - who we crawl: the accounts list, in code.gouv.fr's
 * comptes-organismes-publics.yml format (codegouvfr/codegouvfr-data, the
 * file's header comment), and the actors behind the accounts (pso_id ->
 * name, ministry).
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
};

struct accounts {
	struct account_entry *v;
	size_t n;
	char *source;         /* the file name, or "embedded accounts.yml" */
	/* Things readers tolerate but a person should fix, "FILE:LINE: ...". */
	char **warnings;
	size_t nwarnings;
};

struct actor {
	char *pso_id;
	char *name;
	char *acronym;        /* or NULL */
	char *parent;         /* pso_id of the parent body, or NULL */
	char *ministry;
	unsigned line;
};

struct actors {
	struct actor *v;
	size_t n;
	char *source;
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

int actors_load(struct actors *out, char **err, const char *path);
int actors_parse(struct actors *out, char **err, const char *name,
                 const char *text, size_t len);
void actors_clear(struct actors *a);
const struct actor *actors_find(const struct actors *a, const char *pso_id);

/* Every pso_id of ACCOUNTS is in ACTORS; else *err names the first that
 * is not, with its file and line. */
int config_check_actors(char **err, const struct accounts *accounts,
                        const struct actors *actors);

/* The embedded defaults (config_data.c, generated at build time). */
extern const char config_accounts_yml[];
extern const size_t config_accounts_yml_len;
extern const char config_actors_yml[];
extern const size_t config_actors_yml_len;

#endif
