/*
 * publiccode_values.c - value checks, each written from the reference
 * parser's validator it mirrors (italia/publiccode-parser-go v5,
 * validators/, and the go-playground/validator tags they register).
 */
#include "crawler/publiccode/publiccode_values.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "crawler/publiccode/publiccode_lists.h"
#include "lib/alloc.h"

/* The parts of a URL that Go's url.Parse would give (enough for url_url). */
struct url_parts {
	char scheme[64];
	const char *opaque, *host, *path, *fragment;
	size_t opaque_len, host_len, path_len, fragment_len;
};

static bool url_split(struct url_parts *u, const char *s)
{
	const char *p = s, *hash;
	size_t n = 0;

	memset(u, 0, sizeof(*u));
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return false;  /* Go: "invalid control character in URL" */
	hash = strchr(s, '#');
	if (hash) {
		u->fragment = hash + 1;
		u->fragment_len = strlen(hash + 1);
	}
	/* scheme: [a-z][a-z0-9+.-]* ':' */
	if (isalpha((unsigned char)*p)) {
		const char *c = p;
		while (isalnum((unsigned char)*c) || *c == '+' || *c == '-' ||
		       *c == '.')
			c++;
		if (*c == ':' && (!hash || c < hash)) {
			n = (size_t)(c - p);
			if (n >= sizeof(u->scheme))
				return false;
			for (size_t i = 0; i < n; i++)
				u->scheme[i] = (char)tolower((unsigned char)p[i]);
			p = c + 1;
		}
	} else if (*p == ':') {
		return false;  /* Go: "missing protocol scheme" */
	}
	{
		size_t rest = hash ? (size_t)(hash - p) : strlen(p);
		const char *q = memchr(p, '?', rest);

		if (q)
			rest = (size_t)(q - p);
		if (u->scheme[0] && rest && p[0] != '/') {
			u->opaque = p;
			u->opaque_len = rest;
			return true;
		}
		if (rest >= 2 && p[0] == '/' && p[1] == '/') {
			const char *a = p + 2, *end = p + rest;
			const char *slash = memchr(a, '/', (size_t)(end - a));
			const char *auth_end = slash ? slash : end;
			const char *at = NULL;

			for (const char *c = a; c < auth_end; c++)
				if (*c == '@')
					at = c;
			u->host = at ? at + 1 : a;
			u->host_len = (size_t)(auth_end - u->host);
			u->path = auth_end;
			u->path_len = (size_t)(end - auth_end);
		} else {
			u->path = p;
			u->path_len = rest;
		}
	}
	return true;
}

bool pc_is_url(const char *s)
{
	struct url_parts u;

	/* The validator lower-cases the string first, then parses it. */
	if (!url_split(&u, s) || !u.scheme[0])
		return false;
	if (!strcmp(u.scheme, "file"))
		return u.path_len > 0 && !(u.path_len == 1 && u.path[0] == '/');
	return u.host_len || u.fragment_len || u.opaque_len;
}

bool pc_is_http_url(const char *s)
{
	struct url_parts u;

	if (!pc_is_url(s) || !url_split(&u, s))
		return false;
	return u.host_len && (!strcmp(u.scheme, "http") ||
	                      !strcmp(u.scheme, "https"));
}

/* RFC 2141: urn:<NID>:<NSS>. */
static bool is_rfc2141(const char *s)
{
	const char *nid = s + 4, *c = nid;
	size_t n = 0;

	if (strncasecmp(s, "urn:", 4))
		return false;
	if (!isalnum((unsigned char)*c))
		return false;
	while (isalnum((unsigned char)*c) || *c == '-')
		c++, n++;
	if (n > 32 || *c != ':' || !c[1])
		return false;
	for (c++; *c; c++) {
		if (*c == '%') {
			if (!isxdigit((unsigned char)c[1]) ||
			    !isxdigit((unsigned char)c[2]))
				return false;
			c += 2;
		} else if (!isalnum((unsigned char)*c) &&
		           !strchr("()+,-.:=@;$_!*'/?#", *c)) {
			return false;
		}
	}
	return true;
}

/* Go url.ParseRequestURI, then the scheme rules of validators/common.go. */
static bool is_request_uri(const char *s)
{
	struct url_parts u;

	if (!url_split(&u, s) || !u.scheme[0])
		return false;
	if (!strcmp(u.scheme, "urn"))
		return is_rfc2141(s);
	return u.host_len > 0;
}

enum pc_uri pc_check_org_uri(const char *s)
{
	static const char ipa[] = "urn:x-italian-pa:";

	if (!strncasecmp(s, ipa, sizeof(ipa) - 1)) {
		if (!is_request_uri(s))
			return PC_URI_INVALID;
		return pc_is_ipa(s + sizeof(ipa) - 1) ? PC_URI_OK : PC_URI_BAD_IPA;
	}
	return is_request_uri(s) ? PC_URI_OK : PC_URI_INVALID;
}

enum pc_uri pc_check_supports_id(const char *s)
{
	if (!strncmp(s, "alias:", 6))
		return pc_list_has(&pc_list_aliases, s + 6, strlen(s + 6))
		       ? PC_URI_OK : PC_URI_BAD_ALIAS;
	return is_request_uri(s) ? PC_URI_OK : PC_URI_INVALID;
}

/* ---- BCP 47 (RFC 5646), validators/bcp47.go ---- */

static bool all_alpha(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)s[i]))
			return false;
	return true;
}

static bool all_alnum(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]))
			return false;
	return true;
}

static bool all_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static bool prefix_has(const char *prefixes, const char *lang, size_t n)
{
	for (const char *p = prefixes; p && *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && !strncmp(p, lang, n))
			return true;
		p += k + (p[k] == ' ');
	}
	return false;
}

static bool bcp47_grandfathered(const char *s)
{
	static const char *const grandfathered[] = {
		"en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak",
		"i-klingon", "i-lux", "i-mingo", "i-navajo", "i-pwn", "i-tao",
		"i-tay", "i-tsu", "sgn-be-fr", "sgn-be-nl", "sgn-ch-de",
		"art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu",
		"zh-hakka", "zh-min", "zh-min-nan", "zh-xiang", NULL,
	};

	for (size_t g = 0; grandfathered[g]; g++)
		if (!strcmp(s, grandfathered[g]))
			return true;
	return false;
}

/* Split S in place on '-' into at most MAX subtags of 1-8 alphanumerics;
 * 0 when a subtag is empty (or "_", a space...), too long or too many. */
static size_t bcp47_split(char **parts, size_t max, char *s)
{
	size_t np = 0;

	for (char *c = s, *start = s;; c++) {
		if (*c == '-' || *c == '\0') {
			bool end = *c == '\0';

			if (c == start || np == max)
				return 0;
			*c = '\0';
			parts[np++] = start;
			start = c + 1;
			if (end)
				break;
		}
	}
	for (size_t k = 0; k < np; k++)
		if (!all_alnum(parts[k], strlen(parts[k])) || strlen(parts[k]) > 8)
			return 0;
	return np;
}

/* The language (2-3 letters, known in its shortest ISO 639 form) and its
 * extlangs (up to three 3-letter subtags with a matching prefix); *I is
 * the subtag after them. */
static bool bcp47_language(char **parts, size_t np, size_t *i)
{
	size_t n = strlen(parts[0]);

	if (n < 2 || n > 3 || !all_alpha(parts[0], n) ||
	    !pc_list_has(&pc_list_iso639, parts[0], n))
		return false;
	*i = 1;
	for (int e = 0; e < 3 && *i < np && strlen(parts[*i]) == 3 &&
	     all_alpha(parts[*i], 3); e++, (*i)++) {
		const char *pre = pc_kvlist_get(&pc_map_extlangs, parts[*i], 3);

		if (!pre || !prefix_has(pre, parts[0], n))
			return false;
	}
	return true;
}

/* An optional script (ISO 15924) then region (ISO 3166 alpha-2 or a UN
 * M.49 code) at *I, moved past them. */
static bool bcp47_script_region(char **parts, size_t np, size_t *i)
{
	if (*i < np && strlen(parts[*i]) == 4 && all_alpha(parts[*i], 4)) {
		if (!pc_list_has(&pc_list_iso15924, parts[*i], 4))
			return false;
		(*i)++;
	}
	if (*i < np && ((strlen(parts[*i]) == 2 && all_alpha(parts[*i], 2)) ||
	                (strlen(parts[*i]) == 3 && all_digit(parts[*i], 3)))) {
		char up[3] = { (char)toupper((unsigned char)parts[*i][0]),
		               (char)toupper((unsigned char)parts[*i][1]), 0 };

		if (strlen(parts[*i]) == 2
		    ? !pc_list_has(&pc_list_iso3166, up, 2)
		    : !pc_list_has(&pc_list_m49, parts[*i], 3))
			return false;
		(*i)++;
	}
	return true;
}

/* Variants, extensions and a private use part from subtag I to the end. */
static bool bcp47_tail(char **parts, size_t np, size_t i)
{
	/* variants: 5-8 alphanumerics, or a digit and 3 alphanumerics */
	while (i < np) {
		size_t n = strlen(parts[i]);

		if (!(n >= 5 || (n == 4 && isdigit((unsigned char)parts[i][0]))))
			break;
		if (!pc_kvlist_get(&pc_map_variants, parts[i], n))
			return false;
		i++;
	}
	/* extensions: a singleton then one or more 2-8 subtags (syntax only) */
	while (i < np && strlen(parts[i]) == 1 && strcmp(parts[i], "x")) {
		size_t k = i + 1;

		while (k < np && strlen(parts[k]) >= 2)
			k++;
		if (k == i + 1)
			return false;
		i = k;
	}
	if (i < np && !strcmp(parts[i], "x"))
		return i + 1 < np;
	return i == np;
}

bool pc_is_bcp47(const char *tag)
{
	char *s = xstrdup(tag), *parts[64];
	size_t np, i = 0;
	bool ok;

	for (char *c = s; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (bcp47_grandfathered(s))
		ok = true;
	else if (!(np = bcp47_split(parts, 64, s)))
		ok = false;
	else if (!strcmp(parts[0], "x"))
		ok = np > 1;
	else
		ok = bcp47_language(parts, np, &i) &&
		     bcp47_script_region(parts, np, &i) &&
		     bcp47_tail(parts, np, i);
	free(s);
	return ok;
}

/* ---- dates: Go time.Parse("2006-01-02") ---- */

bool pc_is_date(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !all_digit(s, 4) || !all_digit(s + 5, 2) || !all_digit(s + 8, 2))
		return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1)
		return false;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return d <= 29;
	return d <= mdays[m - 1];
}

/* ---- SPDX (github/go-spdx, ValidateLicenses) ---- */

static bool spdx_known(const char *id, size_t n)
{
	static const char *const suffixes[] = { "+", "-or-later", "-only", NULL };

	if (pc_list_has(&pc_list_spdx_licenses, id, n) ||
	    pc_list_has(&pc_list_spdx_deprecated, id, n))
		return true;
	for (size_t i = 0; suffixes[i]; i++) {
		size_t k = strlen(suffixes[i]);
		if (n > k && !strncasecmp(id + n - k, suffixes[i], k) &&
		    (pc_list_has(&pc_list_spdx_licenses, id, n - k) ||
		     pc_list_has(&pc_list_spdx_deprecated, id, n - k)))
			return true;
	}
	return false;
}

static bool is_ref(const char *id, size_t n)
{
	const char *colon = memchr(id, ':', n);

	if (colon) {
		if ((size_t)(colon - id) <= 12 || strncmp(id, "DocumentRef-", 12))
			return false;
		n -= (size_t)(colon + 1 - id);
		id = colon + 1;
	}
	return n > 11 && !strncmp(id, "LicenseRef-", 11);
}

static bool spdx_id_ok(const char *id, size_t n)
{
	return spdx_known(id, n) || is_ref(id, n);
}

struct spdx_lex {
	const char *p;
	const char *tok;
	size_t len;
	bool bad;
};

static bool id_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '.' || c == ':';
}

static void spdx_next(struct spdx_lex *l)
{
	while (*l->p == ' ' || *l->p == '\t' || *l->p == '\n')
		l->p++;
	l->tok = l->p;
	if (!*l->p) {
		l->len = 0;
	} else if (*l->p == '(' || *l->p == ')') {
		l->len = 1;
		l->p++;
	} else if (id_char(*l->p)) {
		while (id_char(*l->p))
			l->p++;
		if (*l->p == '+')  /* "GPL-2.0+": no space before '+' */
			l->p++;
		l->len = (size_t)(l->p - l->tok);
	} else {
		l->bad = true;     /* a lone '+' (space before it) or junk */
		l->len = 0;
	}
}

static bool tok_is(const struct spdx_lex *l, const char *w)
{
	return l->len == strlen(w) && !strncmp(l->tok, w, l->len);
}

static bool spdx_or(struct spdx_lex *l, int depth);

static bool spdx_with(struct spdx_lex *l, int depth)
{
	if (l->bad || !l->len || depth > 32)
		return false;
	if (tok_is(l, "(")) {
		spdx_next(l);
		if (!spdx_or(l, depth + 1) || !tok_is(l, ")"))
			return false;
		spdx_next(l);
	} else {
		if (tok_is(l, ")") || tok_is(l, "AND") || tok_is(l, "OR") ||
		    tok_is(l, "WITH") || !spdx_id_ok(l->tok, l->len))
			return false;
		spdx_next(l);
	}
	if (tok_is(l, "WITH")) {
		spdx_next(l);
		if (!l->len || !pc_list_has(&pc_list_spdx_exceptions, l->tok, l->len))
			return false;
		spdx_next(l);
	}
	return !l->bad;
}

static bool spdx_and(struct spdx_lex *l, int depth)
{
	if (!spdx_with(l, depth))
		return false;
	while (tok_is(l, "AND")) {
		spdx_next(l);
		if (!spdx_with(l, depth))
			return false;
	}
	return true;
}

static bool spdx_or(struct spdx_lex *l, int depth)
{
	if (!spdx_and(l, depth))
		return false;
	while (tok_is(l, "OR")) {
		spdx_next(l);
		if (!spdx_and(l, depth))
			return false;
	}
	return true;
}

bool pc_is_spdx(const char *s)
{
	const char *b = s, *e;
	struct spdx_lex l;

	if (!strcasecmp(s, "MIT"))
		return true;
	while (isspace((unsigned char)*b))
		b++;
	e = b + strlen(b);
	while (e > b && isspace((unsigned char)e[-1]))
		e--;
	if (e == b)
		return false;
	if (!memchr(b, ' ', (size_t)(e - b)))
		return spdx_id_ok(b, (size_t)(e - b));
	{
		/* "A WITH B", WITH in any case */
		const char *w1 = memchr(b, ' ', (size_t)(e - b));
		const char *w2 = w1 + 1;
		const char *w2e = memchr(w2, ' ', (size_t)(e - w2));
		if (w2e && !memchr(w2e + 1, ' ', (size_t)(e - w2e - 1)) &&
		    w2e - w2 == 4 && !strncasecmp(w2, "with", 4))
			return spdx_known(b, (size_t)(w1 - b)) &&
			       pc_list_has(&pc_list_spdx_exceptions, w2e + 1,
			                   (size_t)(e - w2e - 1));
	}
	{
		char *t = xstrndup(b, (size_t)(e - b));
		bool ok;

		l.p = t;
		l.bad = false;
		spdx_next(&l);
		ok = spdx_or(&l, 0) && l.len == 0 && !l.bad;
		free(t);
		return ok;
	}
}

/* ---- email: go-playground/validator's regex, written out ---- */

/* The regex's "letter" class beyond ASCII: U+00A0-D7FF, F900-FDCF, FDF0-FFEF. */
static size_t uni_letter(const char *s)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, 4, &c);

	if (n <= 1 || c < 0)
		return 0;
	if ((c >= 0xA0 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
	    (c >= 0xFDF0 && c <= 0xFFEF))
		return (size_t)n;
	return 0;
}

/* One character of class SET at S (ASCII alnum + SET, or a wide letter). */
static size_t email_char(const char *s, const char *set)
{
	if (!*s)
		return 0;
	if (isalnum((unsigned char)*s) || (set && strchr(set, *s)))
		return 1;
	return uni_letter(s);
}

bool pc_is_email(const char *s)
{
	static const char atext[] = "!#$%&'*+-/=?^_`{|}~";
	const char *at = strrchr(s, '@'), *p = s, *d, *end, *last_dot;

	if (!at || at == s)
		return false;
	/* local part: dot-atoms, no leading/trailing/double dots (net/mail
	 * rejects quoted local parts with odd content too; accept only atoms) */
	while (p < at) {
		size_t k, n = 0;
		while (p < at && (k = email_char(p, atext)) > 0)
			p += k, n++;
		if (!n)
			return false;
		if (p < at) {
			if (*p != '.')
				return false;
			p++;
			if (p == at)
				return false;
		}
	}
	/* domain: (label '.')+ tld '.'? where labels start and end with an
	 * alphanumeric and may hold '-', '.', '~' inside */
	d = at + 1;
	end = d + strlen(d);
	if (end > d && end[-1] == '.')
		end--;
	last_dot = NULL;
	for (const char *c = d; c < end; c++)
		if (*c == '.')
			last_dot = c;
	if (!last_dot || last_dot == d || last_dot + 1 >= end)
		return false;
	for (const char *c = d; c < last_dot;) {
		size_t k = email_char(c, "-.~");
		bool edge = c == d;
		if (!k)
			return false;
		if ((edge || c + k == last_dot) && !email_char(c, NULL))
			return false;
		c += k;
	}
	{
		const char *t = last_dot + 1;
		size_t k;
		/* tld: starts and ends with a letter */
		if (!(isalpha((unsigned char)*t) || uni_letter(t)))
			return false;
		for (const char *c = t; c < end; c += k) {
			k = email_char(c, "-.~");
			if (!k)
				return false;
			if (c + k == end && !(isalpha((unsigned char)*c) ||
			                      uni_letter(c)))
				return false;
		}
	}
	return true;
}

/* ---- MIME (validators/common.go) ---- */

static size_t mime_part(const char *s, const char *set)
{
	size_t n = 0;

	if (!isalnum((unsigned char)s[0]))
		return 0;
	for (n = 1; s[n] && (isalnum((unsigned char)s[n]) || strchr(set, s[n]));
	     n++)
		;
	return n <= 127 ? n : 0;
}

bool pc_is_mime(const char *s)
{
	size_t n;

	while (*s == ' ')
		s++;
	if (!(n = mime_part(s, "!#$&^_-")) || s[n] != '/')
		return false;
	s += n + 1;
	if (!(n = mime_part(s, "!#$&^_.+-")))
		return false;
	s += n;
	while (*s == ' ')
		s++;
	return *s == '\0';
}

bool pc_is_country(const char *s)
{
	char up[3];

	if (strlen(s) != 2)
		return false;
	if (!((islower((unsigned char)s[0]) && islower((unsigned char)s[1])) ||
	      (isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]))))
		return false;
	up[0] = (char)toupper((unsigned char)s[0]);
	up[1] = (char)toupper((unsigned char)s[1]);
	up[2] = '\0';
	return pc_list_has(&pc_list_iso3166, up, 2);
}

bool pc_is_ipa(const char *s)
{
	return *s && pc_list_has(&pc_list_ipa, s, strlen(s));
}

/* Glob with '*' only, anchored at both ends (the reference's oEmbed check,
 * validations.go). */
static bool glob(const char *pat, const char *s)
{
	const char *star = NULL, *back = NULL;

	while (*s) {
		if (*pat == '*') {
			star = pat++;
			back = s;
		} else if (*pat == *s) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++back;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

bool pc_is_oembed(const char *url)
{
	for (size_t i = 0; i < pc_list_oembed.n; i++)
		if (glob(pc_list_oembed.v[i], url))
			return true;
	return false;
}

size_t pc_graphemes(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t prev = -1, c;
	utf8proc_int32_t state = 0;
	size_t count = 0;

	while (len > 0) {
		utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)len, &c);
		if (n <= 0) {  /* invalid UTF-8 was refused earlier; be safe */
			n = 1;
			c = 0xFFFD;
		}
		if (prev < 0 || utf8proc_grapheme_break_stateful(prev, c, &state))
			count++;
		prev = c;
		p += n;
		len -= (size_t)n;
	}
	return count;
}
