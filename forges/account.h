/*
 * account.h - turn the URL of an account on a forge, as people paste it
 * ("https://github.com/socialgouv", "https://gitlab.com/group/subgroup",
 * "https://git.drees.fr/", "https://git.sr.ht/~user"), into what the
 * crawler needs to list it: host, owner and the forge kind when the URL
 * tells it.
 */
#ifndef INVENTAIRE_ACCOUNT_H
#define INVENTAIRE_ACCOUNT_H

#include <stdbool.h>

#include "forges/forge.h"
#include "lib/error.h"

struct account_url {
	char *scheme;           /* "https" or "http" */
	char *host;             /* lower-case, ":port" kept: "git.drees.fr" */
	char *owner;            /* "socialgouv", "group/sub", "~user"; NULL = whole instance */
	const char *kind;       /* forge kind hint ("github", ...) or NULL */
	enum account_kind acct_kind; /* ACCOUNT_INSTANCE without owner, ACCOUNT_ORG
	                                for GitLab's /groups/ URLs, ACCOUNT_USER on
	                                SourceHut, else ACCOUNT_UNKNOWN */
};

/*
 * Parse URL. Returns 0, or ERROR_INVALID with a message (lib/error.h)
 * saying what is wrong and what to write instead. OUT is cleared first.
 */
int account_parse_url(struct account_url *out, const char *url);
void account_url_clear(struct account_url *u);

#endif
