/*
 * check_forge.c - ask the forge for the one repository `check` checks
 * (check_forge.h).
 */
#include "crawler/cli/check_forge.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config.h"
#include "crawler/cli/cli.h"
#include "crawler/net/http.h"
#include "forges/repo_one.h"
#include "forges/resolve.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/url.h"

/* `check` is run by a person or a CI job waiting for it: the crawl's
 * per-attempt timeouts, but retries (a 5xx, a rate limit) end after a
 * minute instead of the crawl's ten, and the check goes on without. */
#define CHECK_FORGE_RETRY_MS 60000

void check_forge_init(struct check_forge *cf, const struct accounts *accounts)
{
	memset(cf, 0, sizeof(*cf));
	cf->accounts = accounts;
	repo_init(&cf->repo);
}

void check_forge_clear(struct check_forge *cf)
{
	repo_clear(&cf->repo);
	cf->have = false;
}

/* "host" or "host:port", lower case: how the accounts list keys it. */
static char *host_key(const struct url *u)
{
	char *h = u->port ? xasprintf("%s:%s", u->host, u->port)
	                  : xstrdup(u->host);

	for (char *c = h; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return h;
}

/* The forge of HOST: the accounts list's entry for it, else a well-known
 * host. 0 and *SPEC filled (strings borrowed), or 1: no forge we know. */
static int find_spec(struct account_spec *spec, const struct check_forge *cf,
                     const char *host)
{
	memset(spec, 0, sizeof(*spec));
	spec->host = host;
	for (size_t i = 0; cf->accounts && i < cf->accounts->n; i++) {
		const struct account_entry *e = &cf->accounts->v[i];

		if (!strcasecmp(e->host, host)) {
			spec->forge = e->forge;
			spec->api_url = e->api_url;
			return 0;
		}
	}
	return forge_guess(host) ? 0 : 1;
}

struct answer {
	struct check_forge *cf;
	char *error;
};

static void on_done(int rc, struct repo_list *repos, void *payload)
{
	struct answer *a = payload;

	if (rc < 0) {
		a->error = xstrdup(error_last());
		return;
	}
	if (repos->n != 1) {
		a->error = xstrdup("the forge gave no repository");
		return;
	}
	a->cf->repo = repos->v[0];
	repo_init(&repos->v[0]);
	a->cf->have = true;
}

/* One request for ACCT's repository with PLUGIN, through the engine. */
static void ask(struct check_forge *cf, const struct forge *plugin,
                const struct account *acct, const char *repo_url)
{
	struct http_engine_opts eo = HTTP_ENGINE_OPTS_INIT;
	struct answer a = { cf, NULL };
	struct http_engine *e;

	eo.per_host = 1;
	eo.retry_budget_ms = CHECK_FORGE_RETRY_MS;
	if (http_engine_new(&e, &eo) < 0) {
		a.error = xstrdup(error_last());
	} else {
		if (http_engine_list(e, plugin, acct, on_done, &a) < 0 && !a.error)
			a.error = xstrdup(error_last());
		http_engine_run(e);
		http_engine_free(e);
	}
	if (a.error)
		cli_error("note: %s: cannot read the forge's metadata (%s); "
		          "checked without it (--no-forge skips asking)",
		          repo_url, a.error);
	free(a.error);
}

const struct repo *check_forge_view(void *arg, const char *repo_url)
{
	struct check_forge *cf = arg;
	struct account_spec spec;
	struct account_target t;
	struct forge plugin;
	struct account acct;
	struct url u;
	char *host = NULL, *path = NULL;

	check_forge_clear(cf);
	if (url_parse(&u, repo_url) < 0) {
		error_clear();   /* file://, a path: no forge to ask */
		return NULL;
	}
	if (!url_is_http(&u) || find_spec(&spec, cf, host = host_key(&u))) {
		url_clear(&u);
		free(host);
		return NULL;
	}
	if (account_resolve(&t, &spec) < 0) {
		cli_error("note: %s: %s; checked without the forge's metadata",
		          repo_url, error_last());
	} else if (forge_repo_supported(t.forge)) {
		if (forge_repo_path(&path, t.forge, t.api_url, u.path) < 0 ||
		    forge_repo_plugin(&plugin, t.forge) < 0) {
			cli_error("note: %s: %s; checked without the forge's "
			          "metadata", repo_url, error_last());
		} else {
			acct = t.acct;
			acct.owner = path;
			acct.kind = ACCOUNT_UNKNOWN;
			ask(cf, &plugin, &acct, repo_url);
		}
	}
	account_target_clear(&t);
	url_clear(&u);
	free(host);
	free(path);
	return cf->have ? &cf->repo : NULL;
}
