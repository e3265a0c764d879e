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
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/url.h"

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

char *forge_url_resolve(const char *base, const char *ref)
{
	char *out = url_resolve(base, ref);
	struct url u;
	bool http;

	/* Only http(s) pages: a "next" of mailto: or javascript: is junk. */
	if (!out || url_parse(&u, base) < 0)
		goto refuse;
	http = url_is_http(&u);
	url_clear(&u);
	if (!http || url_parse(&u, out) < 0)
		goto refuse;
	http = url_is_http(&u);
	url_clear(&u);
	if (http)
		return out;
refuse:
	free(out);
	return NULL;
}

/* Both strings NULL, or equal ignoring case. */
static bool same_part(const char *a, const char *b)
{
	return a && b ? !strcasecmp(a, b) : a == b;
}

bool forge_url_same_host(const char *a, const char *b)
{
	struct url ua, ub;
	bool same = false;

	if (url_parse(&ua, a) < 0)
		return false;
	if (url_parse(&ub, b) == 0) {
		/* http -> https on the same host is fine; the host, the port as
		 * written and any user information must match. */
		same = url_is_http(&ua) && url_is_http(&ub) &&
		       same_part(ua.host, ub.host) && same_part(ua.port, ub.port) &&
		       same_part(ua.userinfo, ub.userinfo);
		url_clear(&ub);
	}
	url_clear(&ua);
	return same;
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
