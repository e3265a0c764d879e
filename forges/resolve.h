/*
 * resolve.h - from an account as a person names it to what a plug-in
 * lists: the plug-in, its API root and a struct account (forge.h).
 *
 * `inventaire list URL...` (an account URL, forges/account.h, plus --forge
 * and --api-url) and `inventaire crawl` (an entry of the accounts list,
 * config/config.h) both go through account_resolve(), so that the same
 * account is listed the same way by both.
 */
#ifndef INVENTAIRE_RESOLVE_H
#define INVENTAIRE_RESOLVE_H

#include "forges/forge.h"

/* What the person said. Borrowed strings, copied by account_resolve(). */
struct account_spec {
	const char *host;        /* lower case, ":port" kept: "git.drees.fr" */
	const char *owner;       /* login or group path; NULL: every public
	                            repository of HOST */
	const char *forge;       /* the plug-in's kind ("gitlab"), or NULL to
	                            guess it from a well-known HOST */
	const char *api_url;     /* the API root, or NULL for the plug-in's
	                            usual one on HOST; a trailing '/' is
	                            dropped */
	enum account_kind kind;  /* ACCOUNT_UNKNOWN lets the plug-in find out;
	                            ignored (ACCOUNT_INSTANCE) without OWNER */
};

/* What the plug-in gets. ACCT's strings point into the target's own. */
struct account_target {
	const struct forge *forge;
	char *host;
	char *owner;
	char *api_url;
	struct account acct;
};

/*
 * Resolve SPEC into OUT (cleared first). 0, or ERROR_INVALID when no
 * plug-in has that kind, the host's software cannot be guessed, or there
 * is no API root for it; error_last() says which, and what to give.
 */
int account_resolve(struct account_target *out, const struct account_spec *spec);
void account_target_clear(struct account_target *t);

/* The accounts list's `kind:` ("user", "org", or NULL) as an account
 * kind; anything else lets the plug-in find out. */
enum account_kind account_kind_parse(const char *kind);

#endif
