/*
 * link.c - the one RFC 8288 Link header parser of GitHub, GitLab and Gitea
 * pagination, and the URL helpers pagination needs. RFC 8288 §3: split on
 * ',' outside <>, accept quoted and bare rel, several relation types per
 * rel, URI templates (GitHub's rel="first" <...{?since}>, see
 * docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api),
 * relative URLs resolved against the request URL; act only on "next".
 */
#include "forges/forge_int.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/str.h"

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

static bool is_token_char(char c)
{
	return c && !strchr(" \t\r\n;,=\"<>", c);
}

/* A quoted-string (RFC 9110 §5.6.4) or a token at *P, copied to *OUT.
 * False on an unterminated quote. */
static bool read_value(const char **p, struct buf *out)
{
	const char *q = *p;

	if (*q == '"') {
		for (q++; *q != '"'; q++) {
			if (*q == '\0')
				return false;
			if (*q == '\\' && q[1])
				q++;
			buf_addc(out, *q);
		}
		*p = q + 1;
		return true;
	}
	while (is_token_char(*q))
		buf_addc(out, *q++);
	*p = q;
	return true;
}

/* True when the space-separated relation types in RELS hold "next"
 * (relation types compare case-insensitively, RFC 8288 §2.1.1). */
static bool rels_have_next(const char *rels)
{
	const char *p = rels;

	while (*(p = skip_ws(p))) {
		size_t n = strcspn(p, " \t\r\n");

		if (n == 4 && !strncasecmp(p, "next", 4))
			return true;
		p += n;
	}
	return false;
}

static int malformed(void)
{
	return error_set(ERROR_PARSE, "malformed Link header (RFC 8288)");
}

int forge_link_next(char **out, const char *header, const char *base)
{
	const char *p = header;

	*out = NULL;
	if (!header)
		return 0;
	for (;;) {
		const char *target, *end;
		bool next = false;

		while (*(p = skip_ws(p)) == ',')
			p++;
		if (*p == '\0')
			return 0;
		if (*p != '<')
			return malformed();
		target = p + 1;
		end = strchr(target, '>');
		if (!end)
			return malformed();
		p = end + 1;
		/* link-params: *( ";" name [ "=" value ] ) */
		while (*(p = skip_ws(p)) == ';') {
			struct buf name = BUF_INIT, value = BUF_INIT;

			p = skip_ws(p + 1);
			while (is_token_char(*p))
				buf_addc(&name, *p++);
			p = skip_ws(p);
			if (*p == '=') {
				p = skip_ws(p + 1);
				if (!read_value(&p, &value)) {
					buf_free(&name);
					buf_free(&value);
					return malformed();
				}
			}
			if (name.data && value.data &&
			    !strcasecmp(name.data, "rel") &&
			    rels_have_next(value.data))
				next = true;
			buf_free(&name);
			buf_free(&value);
		}
		if (*p != ',' && *p != '\0')
			return malformed();
		if (next) {
			char *t = xstrndup(target, (size_t)(end - target));

			*out = forge_url_resolve(base, t);
			free(t);
			return *out ? 0 : malformed();
		}
	}
}

/* Length of "scheme://authority" of an absolute http(s) URL, or 0. */
static size_t origin_len(const char *url)
{
	size_t n;

	if (str_istarts(url, "https://"))
		n = 8;
	else if (str_istarts(url, "http://"))
		n = 7;
	else
		return 0;
	n += strcspn(url + n, "/?#");
	return n;
}

char *forge_url_resolve(const char *base, const char *ref)
{
	size_t olen = base ? origin_len(base) : 0;
	const char *q;

	if (!olen || !ref || !*ref)
		return NULL;
	for (q = ref; *q; q++)
		if ((unsigned char)*q <= ' ' || *q == 0x7f)
			return NULL;
	if (origin_len(ref))
		return xstrdup(ref);
	if (ref[0] == '/' && ref[1] == '/')
		return xasprintf("%.*s%s", (int)strcspn(base, ":") + 1, base, ref);
	if (ref[0] == '/')
		return xasprintf("%.*s%s", (int)olen, base, ref);
	if (ref[0] == '?') {
		size_t plen = olen + strcspn(base + olen, "?#");

		return xasprintf("%.*s%s", (int)plen, base, ref);
	}
	if (strchr(ref, ':') && strcspn(ref, ":") < strcspn(ref, "/?#"))
		return NULL;	/* another scheme (mailto:, javascript:) */
	{
		/* relative path: replace the last segment of BASE's path */
		size_t plen = olen + strcspn(base + olen, "?#");
		size_t dir = plen;

		while (dir > olen && base[dir - 1] != '/')
			dir--;
		if (dir == olen)
			return xasprintf("%.*s/%s", (int)olen, base, ref);
		return xasprintf("%.*s%s", (int)dir, base, ref);
	}
}

bool forge_url_same_host(const char *a, const char *b)
{
	size_t la = a ? origin_len(a) : 0, lb = b ? origin_len(b) : 0;
	const char *ha, *hb;

	if (!la || !lb)
		return false;
	ha = strstr(a, "://") + 3;
	hb = strstr(b, "://") + 3;
	la -= (size_t)(ha - a);
	lb -= (size_t)(hb - b);
	/* http -> https on the same host is fine; the host must match. */
	return la == lb && !strncasecmp(ha, hb, la);
}

char *forge_url_set_param(const char *url, const char *name, const char *value)
{
	size_t qpos = strcspn(url, "?#");
	size_t frag = qpos + strcspn(url + qpos, "#");
	size_t nlen = strlen(name);
	struct buf b = BUF_INIT;
	bool done = false, first = true;

	buf_add(&b, url, qpos);
	if (url[qpos] == '?') {
		const char *p = url + qpos + 1, *end = url + frag;

		while (p < end) {
			size_t n = strcspn(p, "&#");

			if (p + n > end)
				n = (size_t)(end - p);
			if (n) {
				buf_addc(&b, first ? '?' : '&');
				first = false;
				if (n > nlen && !strncmp(p, name, nlen) && p[nlen] == '=') {
					buf_addf(&b, "%s=%s", name, value);
					done = true;
				} else {
					buf_add(&b, p, n);
				}
			}
			p += n;
			if (p < end && *p == '&')
				p++;
		}
	}
	if (!done)
		buf_addf(&b, "%c%s=%s", first ? '?' : '&', name, value);
	buf_adds(&b, url + frag);
	return buf_detach(&b);
}

char *forge_url_encode(const char *s)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c))
			buf_addc(&b, (char)c);
		else
			buf_addf(&b, "%%%02X", c);
	}
	return buf_detach(&b);
}
