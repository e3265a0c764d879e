/*
 * check_forge.h - what `inventaire check` asks the forge: the metadata of
 * the one repository it checks (the licence the forge reports), so that
 * `license.mismatch` compares the files with the forge as the crawl does.
 *
 * The repository's own URL (crawler/checks/repo_url.h) says the host; the
 * host says the forge, from the accounts list (its forge: and api_url:,
 * config/config.h) or as a well-known host (forge_guess(), forges/forge.h);
 * the URL's path says the repository (forge_repo_path(), forges/repo_one.h).
 * One request goes through the HTTP engine (crawler/net/http.h) with the
 * crawl's tokens, User-Agent and per-attempt timeouts. A host no one knows
 * is not asked; a forge that cannot be reached is a note on stderr, and
 * the check goes on without its view.
 */
#ifndef INVENTAIRE_CHECK_FORGE_H
#define INVENTAIRE_CHECK_FORGE_H

#include <stdbool.h>

#include "lib/repo.h"

struct accounts;

struct check_forge {
	const struct accounts *accounts;   /* hosts and kinds, or NULL */
	struct repo repo;                  /* the answer, once asked */
	bool have;
};

/* CF asks forges known as ACCOUNTS says (borrowed; NULL: the
 * well-known hosts only). */
void check_forge_init(struct check_forge *cf, const struct accounts *accounts);
void check_forge_clear(struct check_forge *cf);

/*
 * The forge's view of the repository whose web URL is REPO_URL, owned by
 * ARG (a struct check_forge), or NULL: the host is no forge we know, the
 * forge gives no licence (SourceHut), or it did not answer (a note on
 * stderr names the URL and what failed). A struct check_opts forge_view
 * (crawler/checks/driver.h).
 */
const struct repo *check_forge_view(void *arg, const char *repo_url);

#endif
