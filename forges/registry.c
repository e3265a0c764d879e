/*
 * registry.c - the table of forge kinds (curl's vtls backend list) and the
 * kinds of well-known hosts.
 */
#include "forges/forge_int.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

const struct forge *const forge_registry[] = {
	&forge_github,
	&forge_gitlab,
	&forge_gitea,
	&forge_forgejo,
	&forge_gogs,
	&forge_bitbucket,
	&forge_sourcehut,
	NULL,
};

const struct forge *forge_find(const char *kind)
{
	if (!kind)
		return NULL;
	for (size_t i = 0; forge_registry[i]; i++)
		if (!strcasecmp(forge_registry[i]->kind, kind))
			return forge_registry[i];
	return NULL;
}

/* Hosts whose software is public knowledge. Only sure ones: a wrong guess
 * sends the wrong API calls, no guess asks the user for "forge:". */
static const struct {
	const char *host;
	const char *kind;
} known_hosts[] = {
	{ "github.com", "github" },
	{ "gitlab.com", "gitlab" },
	{ "framagit.org", "gitlab" },          /* Framasoft's GitLab */
	{ "gitlab.gnome.org", "gitlab" },
	{ "salsa.debian.org", "gitlab" },
	{ "gitlab.freedesktop.org", "gitlab" },
	{ "codeberg.org", "forgejo" },         /* Codeberg runs Forgejo */
	{ "gitea.com", "gitea" },
	{ "try.gogs.io", "gogs" },
	{ "bitbucket.org", "bitbucket" },
	{ "git.sr.ht", "sourcehut" },
};

const struct forge *forge_guess(const char *host)
{
	if (!host)
		return NULL;
	if (!strncasecmp(host, "www.", 4))
		host += 4;
	for (size_t i = 0; i < sizeof(known_hosts) / sizeof(known_hosts[0]); i++)
		if (!strcasecmp(known_hosts[i].host, host))
			return forge_find(known_hosts[i].kind);
	return NULL;
}
