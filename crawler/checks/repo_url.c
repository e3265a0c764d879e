/*
 * repo_url.c - a repository's own URL (repo_url.h). The remote URL forms
 * are git's (git-clone(1), "GIT URLS"): "scheme://[user@]host[:port]/path"
 * and the scp-like "[user@]host:path".
 */
#include "crawler/checks/repo_url.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/url.h"

/* Drop trailing "/" and ".git" from S, in any order ("a.git/"). */
static void trim_git(char *s)
{
	size_t n = strlen(s);

	for (;;) {
		if (n && s[n - 1] == '/')
			s[--n] = '\0';
		else if (n >= 4 && !strcmp(s + n - 4, ".git"))
			s[n -= 4] = '\0';
		else
			break;
	}
}

/* The schemes git reaches a server over without HTTP: the forge shows
 * the repository at https://host/path. */
static bool is_git_scheme(const char *s)
{
	static const char *const schemes[] = { "ssh", "git", "git+ssh", "ssh+git" };

	for (size_t i = 0; i < sizeof(schemes) / sizeof(*schemes); i++)
		if (!strcasecmp(s, schemes[i]))
			return true;
	return false;
}

/* "scheme://[user@]host[:port]/path", through the program's one URL parser
 * (lib/url.h): credentials dropped, git's own schemes shown as https
 * without their port (an ssh port is not the web server's). */
static char *web_of_url(const char *remote)
{
	struct url u;
	char *out;

	/* file:///path has no host, which a network URL must have: it is its
	 * own address. */
	if (!strncasecmp(remote, "file://", 7))
		return xstrdup(remote);
	if (url_parse(&u, remote) < 0) {
		error_clear();   /* not an address: nothing to compare with */
		return NULL;
	}
	free(u.userinfo);
	u.userinfo = NULL;
	if (is_git_scheme(u.scheme)) {
		free(u.scheme);
		u.scheme = xstrdup("https");
		free(u.port);
		u.port = NULL;
	}
	out = url_format(&u);
	url_clear(&u);
	return out;
}

char *repo_url_web(const char *remote)
{
	const char *sep, *colon, *slash, *at;
	char *out;

	if (!remote || !*remote)
		return NULL;
	if ((sep = strstr(remote, "://"))) {
		if (!(out = web_of_url(remote)))
			return NULL;
	} else if ((colon = strchr(remote, ':')) &&
	           (!(slash = strchr(remote, '/')) || colon < slash) &&
	           colon > remote) {
		/* scp-like: "[user@]host:path" */
		const char *host = remote;
		const char *path = colon + 1;

		if ((at = memchr(remote, '@', (size_t)(colon - remote))))
			host = at + 1;
		while (*path == '/')
			path++;
		out = xasprintf("https://%.*s/%s", (int)(colon - host), host, path);
	} else {
		return NULL;   /* a path on disk: no address to compare with */
	}
	trim_git(out);
	return out;
}

char *repo_url_key(const char *url)
{
	const char *p = url, *scheme = strstr(url, "://");
	const char *at;
	char *s;

	if (scheme)
		p = scheme + 3;
	at = strchr(p, '@');
	if (at && at < p + strcspn(p, "/"))
		p = at + 1;
	s = xstrdup(p);
	if (!scheme) {
		/* scp-like "host:path" */
		char *colon = strchr(s, ':');
		if (colon && colon < s + strcspn(s, "/"))
			*colon = '/';
	}
	s[strcspn(s, "?#")] = '\0';
	for (char *c = s; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	trim_git(s);
	return s;
}
