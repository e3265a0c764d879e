/*
 * account.c - parse an account URL (account.h) with lib/url.h's parser.
 * The URL is user input: everything not plainly a host and owner path is
 * refused with a message that says what to write instead.
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
#include "lib/i18n.h"
#include "lib/str.h"
#include "lib/url.h"

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
	m = xvasprintf(_(fmt), ap);
	va_end(ap);

	error_set(ERROR_INVALID, "account URL \"%s\": %s", u, m);
	free(u);
	free(m);
	return ERROR_INVALID;
}

/* A host name (RFC 1123 §2.1: labels of letters, digits and '-', at most
 * 63 bytes each and 253 in all), not an IP literal nor anything odd. */
static bool host_name_ok(const char *s)
{
	size_t n = strlen(s), label = 0;

	if (n == 0 || n > 253 || s[0] == '.' || s[n - 1] == '.' || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if (isalnum((unsigned char)s[i]) || s[i] == '-') {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
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

/* The path's non-empty segments. */
struct segments {
	const char *v[MAX_SEGMENTS];
	size_t len[MAX_SEGMENTS];
	size_t n;
};

/*
 * URL (as given: quoted in messages) trimmed to TEXT, into OUT's scheme
 * and host and *PATH (owned by the caller). Everything but a plain
 * http(s)://HOST[:PORT]/PATH is refused with what to write instead.
 */
static int parse_host(struct account_url *out, char **path, const char *url,
                      const char *text)
{
	size_t alen;
	const char *auth;
	struct url u;

	if (str_istarts(text, "https://"))
		auth = text + 8;
	else if (str_istarts(text, "http://"))
		auth = text + 7;
	else
		return fail(url, "is not an http(s) URL; write it as https://HOST/ACCOUNT");
	alen = strcspn(auth, "/?#");
	if (memchr(auth, '@', alen))
		return fail(url, "holds a login or password; put tokens in INVENTAIRE_TOKEN_* variables, not in URLs");
	if (url_parse(&u, text) < 0)
		return fail(url, "has no valid host name");
	if (!host_name_ok(u.host)) {
		url_clear(&u);
		return fail(url, "has no valid host name");
	}
	out->scheme = xstrdup(str_istarts(text, "https") ? "https" : "http");
	out->host = u.port ? xasprintf("%s:%s", u.host, u.port) : xstrdup(u.host);
	for (char *c = out->host; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	*path = u.path;
	u.path = NULL;
	url_clear(&u);
	return 0;
}

/* PATH's segments into SEG, each an account name or a page part. */
static int split_path(struct segments *seg, const char *url, const char *path)
{
	const char *p = path;

	seg->n = 0;
	while (*p) {
		size_t n;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		n = strcspn(p, "/");
		if (seg->n == MAX_SEGMENTS)
			return fail(url, "has too many path components");
		if (!segment_ok(p, n, seg->n == 0)) {
			char *s = xstrndup(p, n);
			int rc = fail(url, "path component \"%s\" is not an account name (letters, digits, '-', '_', '.')", s);

			free(s);
			return rc;
		}
		seg->v[seg->n] = p;
		seg->len[seg->n++] = n;
		p += n;
	}
	return 0;
}

/* Which segments name the account, given the forge: [*FIRST, *LAST). */
static int owner_span(struct account_url *out, size_t *first, size_t *last,
                      const struct segments *seg, const char *url)
{
	*first = 0;
	*last = seg->n;
	out->acct_kind = ACCOUNT_UNKNOWN;
	if (out->kind && !strcmp(out->kind, "github") && seg->n > 1 &&
	    seg->len[0] == 4 && !strncmp(seg->v[0], "orgs", 4)) {
		*first = 1;	/* https://github.com/orgs/NAME */
		out->acct_kind = ACCOUNT_ORG;
	}
	if (!out->kind || !strcmp(out->kind, "gitlab")) {
		/* GitLab: /groups/PATH is the old group URL; /-/ starts the
		 * page part of a URL (/group/-/issues). */
		if (seg->n > 1 && seg->len[0] == 6 && !strncmp(seg->v[0], "groups", 6)) {
			*first = 1;
			out->acct_kind = ACCOUNT_ORG;
		}
		for (size_t i = *first; i < seg->n; i++)
			if (seg->len[i] == 1 && seg->v[i][0] == '-') {
				*last = i;
				break;
			}
	} else if (*last - *first > 1) {
		char *s = xstrndup(seg->v[*first], seg->len[*first]);
		int rc = fail(url, "names a repository or a page, not an account; use https://HOST/%s", s);

		free(s);
		return rc;
	}
	if (*last == *first)
		return fail(url, "has no account name");
	if (out->kind && !strcmp(out->kind, "sourcehut")) {
		if (seg->v[*first][0] != '~')
			return fail(url, "SourceHut accounts are written ~NAME (https://git.sr.ht/~NAME)");
		out->acct_kind = ACCOUNT_USER;
	}
	return 0;
}

/* URL without the blanks people paste around it. */
static char *trimmed(const char *url)
{
	const char *p = url, *end;

	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' ||
	                   end[-1] == '\r'))
		end--;
	return xstrndup(p, (size_t)(end - p));
}

int account_parse_url(struct account_url *out, const char *url)
{
	struct segments seg = { .n = 0 };
	struct buf owner = BUF_INIT;
	const struct forge *f;
	char *text, *path = NULL;
	size_t first, last;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!url)
		return fail("", "no URL given");
	text = trimmed(url);
	for (const char *q = text; *q; q++)
		if ((unsigned char)*q < ' ' || *q == 0x7f || *q == ' ') {
			free(text);
			return fail(url, "contains spaces or control characters");
		}
	rc = parse_host(out, &path, url, text);
	free(text);
	/* SEG points into PATH, which lives until the end. */
	if (rc < 0 || (rc = split_path(&seg, url, path)) < 0)
		goto fail;
	f = forge_guess(out->host);
	out->kind = f ? f->kind : NULL;
	if (!out->kind && seg.n && seg.v[0][0] == '~')
		out->kind = "sourcehut";
	if (seg.n == 0) {
		if (f) {
			rc = fail(url, "%s is a public forge shared by everyone; give the account: https://HOST/ACCOUNT",
			          out->host);
			goto fail;
		}
		out->acct_kind = ACCOUNT_INSTANCE;
		free(path);
		return 0;
	}
	if ((rc = owner_span(out, &first, &last, &seg, url)) < 0)
		goto fail;
	for (size_t i = first; i < last; i++) {
		if (i > first)
			buf_addc(&owner, '/');
		buf_add(&owner, seg.v[i], seg.len[i]);
	}
	out->owner = buf_detach(&owner);
	free(path);
	return 0;
fail:
	free(path);
	account_url_clear(out);
	return rc;
}
