/*
 * url.c - parse, format and resolve URLs (url.h). The grammar is RFC 3986
 * §3, narrowed to what a plain http(s) URL holds; resolution is RFC 3986
 * §5.2.
 * URLs come from forge answers, redirects and people: everything is
 * checked here, where they enter.
 */
#include "lib/url.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/str.h"

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* RFC 3986 §2.3 unreserved. */
static bool is_unreserved(char c)
{
	return isalnum_ascii(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* RFC 3986 §2.2 sub-delims. */
static bool is_sub_delim(char c)
{
	return c && strchr("!$&'()*+,;=", c) != NULL;
}

/* No space, no control character, anywhere. */
static bool printable_ascii_or_high(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return false;
	return true;
}

/* S[0..n) holds only unreserved characters, %HH escapes and, when
 * EXTRA is true, sub-delims and ':' (a userinfo). */
static bool pct_chars(const char *s, size_t n, bool extra)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
				return false;
			i += 2;
		} else if (!is_unreserved(s[i]) &&
		           !(extra && (is_sub_delim(s[i]) || s[i] == ':'))) {
			return false;
		}
	}
	return true;
}

/* "[" hex, ':' and '.' "]": an IPv6 (or IPv4-mapped) literal. */
static bool ip_literal(const char *s, size_t n)
{
	if (n < 4 || s[0] != '[' || s[n - 1] != ']')
		return false;
	for (size_t i = 1; i + 1 < n; i++)
		if (!is_hex(s[i]) && s[i] != ':' && s[i] != '.')
			return false;
	return true;
}

/* 1 to 5 digits, 1 to 65535. */
static bool port_ok(const char *s, size_t n)
{
	unsigned long v = 0;

	if (n == 0 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	return v >= 1 && v <= 65535;
}

static int refuse(const char *s, const char *why)
{
	char *p = str_printable(s, strlen(s));

	error_set(ERROR_INVALID, "\"%s\" is not a URL: %s", p, why);
	free(p);
	return ERROR_INVALID;
}

/* Length of a scheme at S followed by ':', or 0. */
static size_t scheme_len(const char *s)
{
	size_t n = 0;

	if (!is_alpha(s[0]))
		return 0;
	while (isalnum_ascii(s[n]) || s[n] == '+' || s[n] == '-' || s[n] == '.')
		n++;
	return s[n] == ':' ? n : 0;
}

/* The authority S[0..n) into OUT's userinfo, host and port. */
static int parse_authority(struct url *out, const char *url, const char *s,
                           size_t n)
{
	const char *at = NULL, *h, *end = s + n, *colon = NULL;

	for (const char *p = s; p < end; p++)
		if (*p == '@')
			at = p;
	if (at) {
		if (!pct_chars(s, (size_t)(at - s), true))
			return refuse(url, "the user information holds characters a "
			              "URL cannot");
		out->userinfo = xstrndup(s, (size_t)(at - s));
	}
	h = at ? at + 1 : s;
	if (h < end && *h == '[') {
		const char *close = memchr(h, ']', (size_t)(end - h));

		colon = close && close + 1 < end ? close + 1 : NULL;
		if (!close || (colon && *colon != ':') ||
		    !ip_literal(h, (size_t)(close - h + 1)))
			return refuse(url, "the host is not a bracketed IP address");
	} else {
		colon = memchr(h, ':', (size_t)(end - h));
		if ((colon ? colon : end) == h)
			return refuse(url, "it has no host");
		if (!pct_chars(h, (size_t)((colon ? colon : end) - h), false))
			return refuse(url, "the host is not a host name");
	}
	if (colon && !port_ok(colon + 1, (size_t)(end - colon - 1)))
		return refuse(url, "the port is not a number from 1 to 65535");
	out->host = xstrndup(h, (size_t)((colon ? colon : end) - h));
	if (colon)
		out->port = xstrndup(colon + 1, (size_t)(end - colon - 1));
	return 0;
}

int url_parse(struct url *out, const char *s)
{
	size_t sl, al, pl;
	const char *p;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return refuse("", "no URL given");
	if (!printable_ascii_or_high(s, strlen(s)))
		return refuse(s, "it holds spaces or control characters");
	sl = scheme_len(s);
	if (!sl || strncmp(s + sl, "://", 3))
		return refuse(s, "it does not start with a scheme and \"://\" "
		              "(https://HOST/...)");
	p = s + sl + 3;
	al = strcspn(p, "/?#");
	if ((rc = parse_authority(out, s, p, al)) < 0) {
		url_clear(out);
		return rc;
	}
	out->scheme = xstrndup(s, sl);
	p += al;
	pl = strcspn(p, "?#");
	out->path = xstrndup(p, pl);
	p += pl;
	if (*p == '?') {
		size_t ql = strcspn(p + 1, "#");

		out->query = xstrndup(p + 1, ql);
		p += 1 + ql;
	}
	if (*p == '#')
		out->fragment = xstrdup(p + 1);
	return 0;
}

void url_clear(struct url *u)
{
	free(u->scheme);
	free(u->userinfo);
	free(u->host);
	free(u->port);
	free(u->path);
	free(u->query);
	free(u->fragment);
	memset(u, 0, sizeof(*u));
}

char *url_format(const struct url *u)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "");
	if (u->scheme)
		buf_addf(&b, "%s:", u->scheme);
	if (u->host) {
		buf_adds(&b, "//");
		if (u->userinfo)
			buf_addf(&b, "%s@", u->userinfo);
		buf_adds(&b, u->host);
		if (u->port)
			buf_addf(&b, ":%s", u->port);
	}
	if (u->path)
		buf_adds(&b, u->path);
	if (u->query)
		buf_addf(&b, "?%s", u->query);
	if (u->fragment)
		buf_addf(&b, "#%s", u->fragment);
	return buf_detach(&b);
}

bool url_is_http(const struct url *u)
{
	return u->scheme && (!strcasecmp(u->scheme, "http") ||
	                     !strcasecmp(u->scheme, "https"));
}

unsigned url_port(const struct url *u)
{
	if (u->port)
		return (unsigned)strtoul(u->port, NULL, 10);
	if (u->scheme && !strcasecmp(u->scheme, "http"))
		return 80;
	if (u->scheme && !strcasecmp(u->scheme, "https"))
		return 443;
	return 0;
}

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

char *url_origin(const char *s)
{
	struct url u;
	char *o = NULL;

	if (url_parse(&u, s) == 0 && url_is_http(&u)) {
		o = xasprintf("%s://%s:%u", u.scheme, u.host, url_port(&u));
		lower(o);
	}
	url_clear(&u);
	return o;
}

char *url_host(const char *s)
{
	struct url u;
	char *h = NULL;

	if (url_parse(&u, s) == 0) {
		h = u.host;
		u.host = NULL;
		lower(h);
	}
	url_clear(&u);
	return h;
}

/* RFC 3986 §5.2.4: remove "." and ".." segments from PATH. */
static char *remove_dot_segments(const char *path)
{
	struct buf out = BUF_INIT;
	const char *in = path;

	buf_adds(&out, "");
	while (*in) {
		if (!strncmp(in, "../", 3)) {
			in += 3;
		} else if (!strncmp(in, "./", 2)) {
			in += 2;
		} else if (!strncmp(in, "/./", 3)) {
			in += 2;
		} else if (!strcmp(in, "/.")) {
			in = "/";
		} else if (!strncmp(in, "/../", 4) || !strcmp(in, "/..")) {
			in = in[3] ? in + 3 : "/";
			while (out.len && out.data[out.len - 1] != '/')
				out.len--;
			if (out.len)
				out.len--;
			out.data[out.len] = '\0';
		} else if (!strcmp(in, ".") || !strcmp(in, "..")) {
			in += strlen(in);
		} else {
			size_t n = strcspn(in + 1, "/") + 1;

			buf_add(&out, in, n);
			in += n;
		}
	}
	return buf_detach(&out);
}

/* RFC 3986 §5.2.3: REF's relative path merged with BASE's. */
static char *merge(const struct url *base, const char *ref)
{
	const char *slash = strrchr(base->path, '/');

	if (!*base->path)
		return xasprintf("/%s", ref);
	return xasprintf("%.*s%s", (int)(slash ? slash - base->path + 1 : 0),
	                 base->path, ref);
}

/* A relative reference (no scheme, no authority) REF against BASE, into T
 * (RFC 3986 §5.2.2, the branch where R has neither). */
static void resolve_relative(struct url *t, const struct url *base,
                             const char *ref)
{
	size_t pl = strcspn(ref, "?#");
	char *path = xstrndup(ref, pl), *merged;
	const char *q = ref + pl;

	t->scheme = xstrdup(base->scheme);
	t->userinfo = base->userinfo ? xstrdup(base->userinfo) : NULL;
	t->host = xstrdup(base->host);
	t->port = base->port ? xstrdup(base->port) : NULL;
	if (*q == '?') {
		size_t ql = strcspn(q + 1, "#");

		t->query = xstrndup(q + 1, ql);
		q += 1 + ql;
	}
	if (*q == '#')
		t->fragment = xstrdup(q + 1);
	if (!*path) {
		t->path = xstrdup(base->path);
		if (ref[pl] != '?' && base->query)
			t->query = xstrdup(base->query);
	} else if (path[0] == '/') {
		t->path = remove_dot_segments(path);
	} else {
		merged = merge(base, path);
		t->path = remove_dot_segments(merged);
		free(merged);
	}
	free(path);
}

char *url_resolve(const char *base, const char *ref)
{
	struct url b, t;
	char *out = NULL, *abs = NULL, *p;
	size_t sl;

	if (!ref || !*ref || !printable_ascii_or_high(ref, strlen(ref)))
		return NULL;
	if (url_parse(&b, base) < 0)
		return NULL;
	sl = scheme_len(ref);
	/* RFC 3986 §5.2.2: R has a scheme, or else an authority... */
	if (sl && sl < strcspn(ref, "/?#"))
		abs = xstrdup(ref);
	else if (ref[0] == '/' && ref[1] == '/')
		abs = xasprintf("%s:%s", b.scheme, ref);
	if (abs) {
		if (url_parse(&t, abs) == 0) {
			p = remove_dot_segments(t.path);
			free(t.path);
			t.path = p;
			out = url_format(&t);
			url_clear(&t);
		}
		free(abs);
	} else {
		memset(&t, 0, sizeof(t));
		resolve_relative(&t, &b, ref);
		out = url_format(&t);
		url_clear(&t);
	}
	url_clear(&b);
	return out;
}
