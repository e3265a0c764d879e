/* resolve.c - one resolution of an account for `list` and `crawl`
 * (resolve.h). */
#include "forges/resolve.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/error.h"

static const char kinds[] =
	"github, gitlab, gitea, forgejo, gogs, bitbucket, sourcehut";

static const struct forge *find_forge(const struct account_spec *spec)
{
	const struct forge *f;

	if (spec->forge) {
		if (!(f = forge_find(spec->forge)))
			error_set(ERROR_INVALID, "%s: no plug-in for forge kind '%s' "
			          "(%s)", spec->host, spec->forge, kinds);
		return f;
	}
	if (!(f = forge_guess(spec->host)))
		error_set(ERROR_INVALID, "cannot tell which forge software %s "
		          "runs: name it (list --forge KIND, or forge: in the "
		          "accounts list; %s)", spec->host, kinds);
	return f;
}

int account_resolve(struct account_target *out, const struct account_spec *spec)
{
	memset(out, 0, sizeof(*out));
	if (!(out->forge = find_forge(spec)))
		return ERROR_INVALID;
	if (spec->api_url) {
		size_t n = strlen(spec->api_url);

		while (n > 0 && spec->api_url[n - 1] == '/')
			n--;
		out->api_url = xstrndup(spec->api_url, n);
	} else if (out->forge->api_root(&out->api_url, spec->host) < 0 ||
	           !out->api_url) {
		free(out->api_url);
		out->api_url = NULL;
		return error_set(ERROR_INVALID, "no API root known for %s: give "
		                 "one (list --api-url, or api_url: in the accounts "
		                 "list)", spec->host);
	}
	out->host = xstrdup(spec->host);
	out->owner = spec->owner ? xstrdup(spec->owner) : NULL;
	out->acct.host = out->host;
	out->acct.api_url = out->api_url;
	out->acct.owner = out->owner;
	out->acct.kind = !spec->owner ? ACCOUNT_INSTANCE : spec->kind;
	return 0;
}

void account_target_clear(struct account_target *t)
{
	free(t->host);
	free(t->owner);
	free(t->api_url);
	memset(t, 0, sizeof(*t));
}

enum account_kind account_kind_parse(const char *kind)
{
	if (kind && !strcmp(kind, "user"))
		return ACCOUNT_USER;
	if (kind && !strcmp(kind, "org"))
		return ACCOUNT_ORG;
	return ACCOUNT_UNKNOWN;
}
