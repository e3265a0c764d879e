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
static bool is_git_scheme(const char *s, size_t n)
{
	static const char *const schemes[] = { "ssh", "git", "git+ssh", "ssh+git" };

	for (size_t i = 0; i < sizeof(schemes) / sizeof(*schemes); i++)
		if (strlen(schemes[i]) == n && !strncasecmp(s, schemes[i], n))
			return true;
	return false;
}

/* "scheme://[user@]host[:port]/path" */
static char *web_of_url(const char *remote, const char *sep)
{
	size_t scheme_len = (size_t)(sep - remote);
	const char *auth = sep + 3;
	size_t auth_len = strcspn(auth, "/");
	const char *host = auth, *at;
	size_t host_len;
	bool git = is_git_scheme(remote, scheme_len);

	/* The user info ends at the last '@' of the authority. */
	for (at = auth; at < auth + auth_len; at++)
		if (*at == '@')
			host = at + 1;
	host_len = (size_t)(auth + auth_len - host);
	if (git) {
		/* An ssh port is not the web server's. */
		const char *colon = memchr(host, ':', host_len);
		if (colon && host[0] != '[')
			host_len = (size_t)(colon - host);
		return xasprintf("https://%.*s%s", (int)host_len, host,
		                 auth + auth_len);
	}
	return xasprintf("%.*s://%.*s%s", (int)scheme_len, remote, (int)host_len,
	                 host, auth + auth_len);
}

char *repo_url_web(const char *remote)
{
	const char *sep, *colon, *slash, *at;
	char *out;

	if (!remote || !*remote)
		return NULL;
	if ((sep = strstr(remote, "://"))) {
		out = web_of_url(remote, sep);
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
