/* token_scope.c - where tokens may go, and where they come from
 * (token_scope.h). */
#include "crawler/net/token_scope.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawler/net/token.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "lib/url.h"

/* A token file is a few tokens, not a database. */
#define MAX_CREDENTIAL (64u * 1024)

/* Two-label suffixes under which anyone registers a name (from the Public
 * Suffix List, publicsuffix.org, the ones a French public forge may sit
 * under): example.gouv.fr and other.gouv.fr are not one site. */
static const char *const public_suffixes[] = {
	"gouv.fr", "asso.fr", "com.fr", "nom.fr", "tm.fr", "presse.fr",
	"co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "co.jp", "com.br",
	"eu.org", "github.io", "gitlab.io", "gitlab-pages.io", NULL,
};

int token_lookup(char **out, const char *var)
{
	const char *v = getenv(var), *dir;
	char *path, *text;
	size_t len;
	int rc;

	*out = NULL;
	if (v) {
		*out = xstrdup(v);
		return 0;
	}
	dir = getenv("CREDENTIALS_DIRECTORY");
	if (!dir || !*dir)
		return 0;
	path = xasprintf("%s/%s", dir, var);
	rc = file_read(&text, &len, path, MAX_CREDENTIAL);
	if (rc == ERROR_NOTFOUND) {
		rc = 0;
	} else if (rc == ERROR_TOOBIG) {
		rc = error_set(ERROR_TOOBIG, "%s: larger than %u bytes: not a token "
		               "file", path, MAX_CREDENTIAL);
	} else if (rc < 0) {
		rc = error_wrap("cannot read the credential %s", var);
	} else {
		*out = text;
	}
	free(path);
	return rc;
}

static bool is_loopback(const char *host)
{
	return !strncmp(host, "127.", 4) || !strcasecmp(host, "localhost") ||
	       !strcmp(host, "[::1]");
}

static bool is_ip(const char *host)
{
	return host[0] == '[' || strspn(host, "0123456789.") == strlen(host);
}

/* A is B or one of its subdomains. */
static bool under(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return !strcasecmp(a, b) ||
	       (la > lb && a[la - lb - 1] == '.' && !strcasecmp(a + la - lb, b));
}

/* A and B are one registered domain: one under the other, or both under
 * B's parent when that parent is a registered name itself (two labels at
 * least, not a public suffix). */
static bool same_site(const char *a, const char *b)
{
	const char *parent = strchr(b, '.');

	if (under(a, b) || under(b, a))
		return true;
	if (is_ip(a) || is_ip(b) || !parent || !strchr(parent + 1, '.'))
		return false;
	parent++;
	for (size_t i = 0; public_suffixes[i]; i++)
		if (!strcasecmp(parent, public_suffixes[i]))
			return false;
	return under(a, parent);
}

static bool has_tokens(const char *host)
{
	struct token_set *ts;
	bool any;

	token_set_from_env(&ts, host);
	any = token_set_count(ts) > 0;
	token_set_free(ts);
	error_clear();
	return any;
}

void token_scope(char **out, char **why, const char *host, const char *api_url)
{
	struct url u;
	bool secure;
	char *api;

	*out = NULL;
	*why = NULL;
	if (!host || !api_url || url_parse(&u, api_url) < 0) {
		error_clear();
		return;
	}
	api = xstrdup(u.host);
	for (char *p = api; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	secure = !strcasecmp(u.scheme, "https") ||
	         (!strcasecmp(u.scheme, "http") && is_loopback(api));
	url_clear(&u);
	if (secure && has_tokens(api)) {
		*out = api;               /* its own variable names it */
		return;
	}
	if (!has_tokens(host) && (secure || !has_tokens(api))) {
		free(api);
		return;
	}
	if (secure && same_site(api, host)) {
		*out = xstrdup(host);
		free(api);
		return;
	}
	{
		char *var = token_env_name(host), *own = token_env_name(api);

		*why = secure ?
			xasprintf("%s: api_url %s is not on %s's domain: %s is not "
			          "sent there (set %s to authorise that host)", host,
			          api_url, host, var, own) :
			xasprintf("%s: api_url %s is not https: %s is not sent in "
			          "clear text", host, api_url, var);
		free(var);
		free(own);
	}
	free(api);
}

char *token_scope_suggest(const char *host, const char *api_url)
{
	char *api = api_url ? url_host(api_url) : NULL;

	if (!api || (host && same_site(api, host))) {
		free(api);
		return xstrdup(host ? host : "");
	}
	return api;
}
