/*
 * account.c - parse an account URL (account.h). The URL is user input:
 * everything not plainly a host and owner path is refused with a message
 * that says what to write instead.
 */
#include "forges/account.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/str.h"

#define MAX_SEGMENTS 20
#define MAX_SEGMENT_LEN 255

void account_url_clear(struct account_url *u)
{
	free(u->scheme);
	free(u->host);
	free(u->owner);
	memset(u, 0, sizeof(*u));
}

static int fail(const char *url, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(const char *url, const char *fmt, ...)
{
	char *u = str_printable(url, strlen(url));
	char *m;
	va_list ap;

	va_start(ap, fmt);
	m = xvasprintf(fmt, ap);
	va_end(ap);

	error_set(ERROR_INVALID, "account URL \"%s\": %s", u, m);
	free(u);
	free(m);
	return ERROR_INVALID;
}

/* HOST[:PORT], lower-cased into *OUT. */
static bool host_ok(char **out, const char *s, size_t n)
{
	size_t i, hlen = n, label = 0;

	for (i = 0; i < n && s[i] != ':'; i++)
		;
	hlen = i;
	if (hlen == 0 || hlen > 253 || s[0] == '.' || s[hlen - 1] == '.' ||
	    s[0] == '-')
		return false;
	for (i = 0; i < hlen; i++) {
		char c = s[i];

		if (c == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if (isalnum((unsigned char)c) || c == '-') {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	if (hlen < n) {
		size_t pd = n - hlen - 1;
		long port = 0;

		if (pd == 0 || pd > 5)
			return false;
		for (i = hlen + 1; i < n; i++) {
			if (!isdigit((unsigned char)s[i]))
				return false;
			port = port * 10 + (s[i] - '0');
		}
		if (port < 1 || port > 65535)
			return false;
	}
	*out = xstrndup(s, n);
	for (char *p = *out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return true;
}

static bool segment_ok(const char *s, size_t n, bool first)
{
	if (n == 0 || n > MAX_SEGMENT_LEN || (n == 1 && s[0] == '.') ||
	    (n == 2 && s[0] == '.' && s[1] == '.'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.')
			continue;
		if (c == '~' && i == 0 && first && n > 1)
			continue;
		return false;
	}
	return true;
}

int account_parse_url(struct account_url *out, const char *url)
{
	const char *p, *end, *auth;
	const char *seg[MAX_SEGMENTS];
	size_t seglen[MAX_SEGMENTS], nseg = 0, first = 0, last;
	const struct forge *f;
	struct buf owner = BUF_INIT;

	memset(out, 0, sizeof(*out));
	if (!url)
		return fail("", "no URL given");
	p = url;
	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' ||
	                   end[-1] == '\r'))
		end--;
	for (const char *q = p; q < end; q++)
		if ((unsigned char)*q < ' ' || *q == 0x7f || *q == ' ')
			return fail(url, "contains spaces or control characters");
	if (str_istarts(p, "https://")) {
		out->scheme = xstrdup("https");
		p += 8;
	} else if (str_istarts(p, "http://")) {
		out->scheme = xstrdup("http");
		p += 7;
	} else {
		return fail(url, "is not an http(s) URL; write it as https://HOST/ACCOUNT");
	}
	auth = p;
	while (p < end && *p != '/' && *p != '?' && *p != '#')
		p++;
	if (memchr(auth, '@', (size_t)(p - auth))) {
		account_url_clear(out);
		return fail(url, "holds a login or password; put tokens in INVENTAIRE_TOKEN_* variables, not in URLs");
	}
	if (!host_ok(&out->host, auth, (size_t)(p - auth))) {
		account_url_clear(out);
		return fail(url, "has no valid host name");
	}
	/* the path, without query or fragment (?tab=repositories, #...) */
	{
		const char *pe = p + strcspn(p, "?#");

		if (pe > end)
			pe = end;
		while (p < pe) {
			size_t n;

			while (p < pe && *p == '/')
				p++;
			if (p == pe)
				break;
			n = strcspn(p, "/");
			if (p + n > pe)
				n = (size_t)(pe - p);
			if (nseg == MAX_SEGMENTS) {
				account_url_clear(out);
				return fail(url, "has too many path components");
			}
			if (!segment_ok(p, n, nseg == 0)) {
				char *s = xstrndup(p, n);
				int rc;

				account_url_clear(out);
				rc = fail(url, "path component \"%s\" is not an account name (letters, digits, '-', '_', '.')", s);
				free(s);
				return rc;
			}
			seg[nseg] = p;
			seglen[nseg++] = n;
			p += n;
		}
	}
	f = forge_guess(out->host);
	out->kind = f ? f->kind : NULL;
	if (!out->kind && nseg && seg[0][0] == '~')
		out->kind = "sourcehut";
	last = nseg;
	if (nseg == 0) {
		if (f) {
			int rc = fail(url, "%s is a public forge shared by everyone; give the account: https://HOST/ACCOUNT",
			              out->host);

			account_url_clear(out);
			return rc;
		}
		out->acct_kind = ACCOUNT_INSTANCE;
		return 0;
	}
	out->acct_kind = ACCOUNT_UNKNOWN;
	if (out->kind && !strcmp(out->kind, "github") && nseg > 1 &&
	    seglen[0] == 4 && !strncmp(seg[0], "orgs", 4)) {
		first = 1;	/* https://github.com/orgs/NAME */
		out->acct_kind = ACCOUNT_ORG;
	}
	if (!out->kind || !strcmp(out->kind, "gitlab")) {
		/* GitLab: /groups/PATH is the old group URL; /-/ starts the
		 * page part of a URL (/group/-/issues). */
		if (nseg > 1 && seglen[0] == 6 && !strncmp(seg[0], "groups", 6)) {
			first = 1;
			out->acct_kind = ACCOUNT_ORG;
		}
		for (size_t i = first; i < nseg; i++)
			if (seglen[i] == 1 && seg[i][0] == '-') {
				last = i;
				break;
			}
	} else if (last - first > 1) {
		char *s = xstrndup(seg[first], seglen[first]);
		int rc = fail(url, "names a repository or a page, not an account; use https://HOST/%s", s);

		free(s);
		account_url_clear(out);
		return rc;
	}
	if (last == first) {
		account_url_clear(out);
		return fail(url, "has no account name");
	}
	if (out->kind && !strcmp(out->kind, "sourcehut")) {
		if (seg[first][0] != '~') {
			account_url_clear(out);
			return fail(url, "SourceHut accounts are written ~NAME (https://git.sr.ht/~NAME)");
		}
		out->acct_kind = ACCOUNT_USER;
	}
	for (size_t i = first; i < last; i++) {
		if (i > first)
			buf_addc(&owner, '/');
		buf_add(&owner, seg[i], seglen[i]);
	}
	out->owner = buf_detach(&owner);
	return 0;
}
