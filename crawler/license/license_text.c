/*
 * license_text.c - decoding and normalisation of licence texts.
 *
 * Implements data/licences/detection.md §3 (decoding) and §4 (normalisation,
 * words, bigrams), our own implementation of licensee's approach. Rather
 * than licensee's chain of regular expressions, the text goes through four
 * passes: characters (case, quotes, dashes), lines (markup, bullets,
 * leading title/version/copyright lines, the "END OF TERMS" cut), the
 * joined text (links, boilerplate phrases), and words (URLs, placeholders,
 * spelling variants). Every step is applied to references and candidates
 * alike, so a step only has to be consistent, not perfect.
 */
#include "crawler/license/license_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/str.h"

/* ---- decoding (detection.md §3) ---- */

static void put_utf8(struct buf *b, uint32_t c)
{
	unsigned char s[4];
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)c, s);

	buf_add(b, s, n > 0 ? (size_t)n : 0);
}

/* Windows-1252 0x80-0x9F; the rest of the byte range is Latin-1. */
static const uint16_t cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static void decode_utf16(struct buf *b, const unsigned char *s, size_t len,
                         bool le)
{
	for (size_t i = 0; i + 1 < len; i += 2) {
		uint32_t c = le ? (uint32_t)(s[i] | s[i + 1] << 8)
		                : (uint32_t)(s[i] << 8 | s[i + 1]);

		if (c >= 0xD800 && c < 0xDC00 && i + 3 < len) {
			uint32_t d = le ? (uint32_t)(s[i + 2] | s[i + 3] << 8)
			                : (uint32_t)(s[i + 2] << 8 | s[i + 3]);
			if (d >= 0xDC00 && d < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
				i += 2;
			} else {
				c = 0xFFFD;
			}
		} else if (c >= 0xD800 && c < 0xE000) {
			c = 0xFFFD;
		}
		put_utf8(b, c ? c : ' ');
	}
}

int license_text_decode(char **out, size_t *outlen, const char *data,
                        size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	struct buf b = BUF_INIT;
	char *p, *q;

	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	                 (s[0] == 0xFE && s[1] == 0xFF))) {
		decode_utf16(&b, s + 2, len - 2, s[0] == 0xFF);
	} else {
		if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
			s += 3, len -= 3;
		if (memchr(s, '\0', len))
			return -EILSEQ;
		if (utf8_valid((const char *)s, len)) {
			buf_add(&b, s, len);
		} else {
			for (size_t i = 0; i < len; i++)
				put_utf8(&b, s[i] < 0x80 ? s[i] :
				         s[i] < 0xA0 ? cp1252[s[i] - 0x80] : s[i]);
		}
	}
	buf_addc(&b, '\0');
	b.len--;
	/* CRLF and lone CR become LF. */
	for (p = q = b.data; p < b.data + b.len; p++) {
		if (*p == '\r') {
			*q++ = '\n';
			if (p[1] == '\n')
				p++;
		} else {
			*q++ = *p;
		}
	}
	*q = '\0';
	*outlen = (size_t)(q - b.data);
	*out = b.data;
	return 0;
}

/* ---- pass 1: characters ---- */

static bool is_alnum_cp(utf8proc_int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       (c >= '0' && c <= '9');
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_MN:
		return true;
	default:
		return false;
	}
}

/* Next code point of S[*i..len), advancing *I; invalid bytes are U+FFFD. */
static utf8proc_int32_t next_cp(const char *s, size_t len, size_t *i)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + *i,
	                                      (utf8proc_ssize_t)(len - *i), &c);

	if (n <= 0) {
		(*i)++;
		return 0xFFFD;
	}
	*i += (size_t)n;
	return c;
}

/* Remove <!-- comments -->, and for HTML files every tag (block tags end
 * a paragraph, <li> starts a bullet) and the common entities. */
static void strip_markup(struct buf *out, const char *s, size_t len,
                         bool html)
{
	static const char *const blocks[] = {
		"p", "/p", "br", "br/", "div", "/div", "h1", "h2", "h3", "h4",
		"/h1", "/h2", "/h3", "/h4", "ul", "/ul", "ol", "/ol", "pre", "/pre",
		"tr", "/li", "blockquote", "/blockquote", "hr", "hr/",
	};
	static const struct { const char *ent, *text; } ents[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&#39;", "'" }, { "&nbsp;", " " },
		{ "&apos;", "'" },
	};
	const char *end = s + len;

	while (s < end) {
		/* Copy up to the next character that may start markup. */
		const char *next = s;
		while (next < end && *next != '<' && *next != '&')
			next++;
		if (next > s) {
			buf_add(out, s, (size_t)(next - s));
			s = next;
			continue;
		}
		if (*s == '<' && end - s >= 4 && !memcmp(s, "<!--", 4)) {
			const char *c = s + 4;
			while (c + 3 <= end && memcmp(c, "-->", 3))
				c++;
			s = c + 3 <= end ? c + 3 : end;
			continue;
		}
		if (html && *s == '<') {
			const char *gt = memchr(s, '>', (size_t)(end - s));
			size_t n;
			if (!gt)
				break;
			n = strcspn(s + 1, " \t\n>");
			if (n > (size_t)(gt - s - 1))
				n = (size_t)(gt - s - 1);
			if (n == 2 && !strncasecmp(s + 1, "li", 2))
				buf_adds(out, "\n- ");
			for (size_t i = 0; i < sizeof(blocks) / sizeof(*blocks); i++)
				if (strlen(blocks[i]) == n &&
				    !strncasecmp(s + 1, blocks[i], n))
					buf_adds(out, "\n\n");
			s = gt + 1;
			continue;
		}
		if (html && *s == '&') {
			size_t i;
			for (i = 0; i < sizeof(ents) / sizeof(*ents); i++) {
				size_t n = strlen(ents[i].ent);
				if ((size_t)(end - s) >= n && !strncasecmp(s, ents[i].ent, n)) {
					buf_adds(out, ents[i].text);
					s += n;
					break;
				}
			}
			if (i < sizeof(ents) / sizeof(*ents))
				continue;
		}
		buf_addc(out, *s++);
	}
}

/* Lowercase, and one spelling for quotes, dashes, spaces and (c). */
static void fold_chars(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		utf8proc_int32_t c;
		/* ASCII, by far the most common: no call per character. */
		size_t run = 0;
		while (i + run < len) {
			unsigned char b = (unsigned char)s[i + run];
			if (b >= 0x80 || b == '"' || b == '`' || b == '\t' ||
			    b == '\f' || b == '\v' || b == 0)
				break;
			run++;
		}
		if (run) {
			size_t at = out->len;
			buf_add(out, s + i, run);
			for (size_t k = at; k < out->len; k++)
				if (out->data[k] >= 'A' && out->data[k] <= 'Z')
					out->data[k] = (char)(out->data[k] + 32);
			i += run;
			continue;
		}
		c = next_cp(s, len, &i);

		switch (c) {
		case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x0060:
		case 0x00B4: case 0x201C: case 0x201D: case 0x201E: case 0x00AB:
		case 0x00BB: case 0x2039: case 0x203A: case '"':
			buf_addc(out, '\'');
			continue;
		case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
		case 0x2015: case 0x2212:
			buf_addc(out, '-');
			continue;
		case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003:
		case 0x2004: case 0x2005: case 0x2006: case 0x2007: case 0x2008:
		case 0x2009: case 0x200A: case 0x202F: case '\t': case '\f':
		case '\v':
			buf_addc(out, ' ');
			continue;
		case 0x00AD: case 0x200B: case 0xFEFF:
			continue;
		case 0x00A9:
			buf_adds(out, "(c)");
			continue;
		case 0x2022: case 0x25CF: case 0x25E6: case 0x2023:
			buf_addc(out, '*');
			continue;
		default:
			put_utf8(out, (uint32_t)utf8proc_tolower(c));
		}
	}
}

/* ---- titles ---- */

/* Squash S[0..len): letters and digits only; MAP[k] is the offset in S of
 * squashed byte k. "licence" becomes "license" (detection.md §4 step 16). */
static size_t squash(char *sq, size_t *map, const char *s, size_t len)
{
	size_t i = 0, k = 0;

	while (i < len) {
		size_t at = i;
		utf8proc_int32_t c = next_cp(s, len, &i);
		if (!is_alnum_cp(c))
			continue;
		c = utf8proc_tolower(c);
		if (c < 0x80) {
			sq[k] = (char)c;
			if (map)
				map[k] = at;
			k++;
		} else {
			unsigned char u[4];
			utf8proc_ssize_t n = utf8proc_encode_char(c, u);
			for (utf8proc_ssize_t j = 0; j < n; j++) {
				sq[k] = (char)u[j];
				if (map)
					map[k] = at + (size_t)j;
				k++;
			}
		}
		if (k >= 7 && !memcmp(sq + k - 7, "licence", 7))
			sq[k - 2] = 's';
	}
	sq[k] = '\0';
	return k;
}

char *license_title_squash(const char *s)
{
	size_t len = strlen(s);
	char *sq = xmalloc(len * 2 + 1);

	squash(sq, NULL, s, len);
	return sq;
}

/* Does line S[0..len) start with a known title (then a word boundary)? */
static bool is_title(const char *s, size_t len,
                     const struct license_norm_opts *o)
{
	char sqbuf[512];
	size_t mapbuf[512];
	size_t n, skip;

	if (!o || !o->ntitles)
		return false;
	if (len > 200)
		len = 200;  /* a title is short; 200 bytes squash into 512 */
	n = squash(sqbuf, mapbuf, s, len);
	/* "(The MIT License)": an optional "the" before the title. */
	for (skip = 0; skip <= 3; skip += 3) {
		if (skip && (n < 3 || memcmp(sqbuf, "the", 3)))
			break;
		for (size_t t = 0; t < o->ntitles; t++) {
			size_t tl = strlen(o->titles[t]);
			if (tl == 0 || skip + tl > n ||
			    memcmp(sqbuf + skip, o->titles[t], tl))
				continue;
			if (skip + tl == n ||
			    mapbuf[skip + tl] != mapbuf[skip + tl - 1] + 1)
				return true;
		}
	}
	return false;
}

static void add_variant(struct buf *tmp, void (*add)(const char *, void *),
                        void *payload)
{
	char *sq;

	buf_addc(tmp, '\0');
	sq = license_title_squash(tmp->data);
	if (strlen(sq) >= 3)
		add(sq, payload);
	free(sq);
	tmp->len = 0;
}

/* Length of a trailing version token ("v3.0", "1.2", "v. 1.2", "1.0.0"). */
static size_t version_suffix(const char *s, size_t len)
{
	size_t i = len;

	while (i > 0 && (strchr("0123456789.", s[i - 1]) || s[i - 1] == 'c'))
		i--;
	if (i == len || i == 0 || !strchr("0123456789", s[i]))
		return 0;
	if (i > 0 && (s[i - 1] == 'v' || s[i - 1] == 'V'))
		i--;
	else if (i > 2 && s[i - 1] == ' ' && s[i - 2] == '.' &&
	         (s[i - 3] == 'v' || s[i - 3] == 'V'))
		i -= 3;
	if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '-')
		return 0;
	return len - i;
}

void license_title_variants(const char *name, const char *spdx,
                            void (*add)(const char *squashed, void *payload),
                            void *payload)
{
	struct buf tmp = BUF_INIT;
	char *base = xstrdup(name), *id = xstrdup(spdx), *p;
	size_t n, v;

	/* "GNU General Public License v3.0 only" -> "... v3.0" */
	if ((p = strstr(base, " only")) && !p[5])
		*p = '\0';
	if ((p = strstr(base, " or later")) && !p[9])
		*p = '\0';
	buf_adds(&tmp, name), add_variant(&tmp, add, payload);
	buf_adds(&tmp, base), add_variant(&tmp, add, payload);
	n = strlen(base);
	if ((v = version_suffix(base, n))) {
		const char *ver = base + n - v;
		size_t stem = n - v;
		while (ver[0] && !strchr("0123456789", ver[0]))
			ver++;
		while (stem > 0 && strchr(" ,-", base[stem - 1]))
			stem--;
		buf_add(&tmp, base, stem), add_variant(&tmp, add, payload);
		buf_add(&tmp, base, stem), buf_addf(&tmp, " v%s", ver);
		add_variant(&tmp, add, payload);
		buf_add(&tmp, base, stem), buf_addf(&tmp, " version %s", ver);
		add_variant(&tmp, add, payload);
		if (!strncasecmp(base, "gnu ", 4)) {
			buf_add(&tmp, base + 4, stem - 4);
			add_variant(&tmp, add, payload);
		}
	}
	if (!strncasecmp(base, "gnu ", 4))
		buf_adds(&tmp, base + 4), add_variant(&tmp, add, payload);
	/* The id: "apache 2.0", "gpl 3.0", and the family without version. */
	if ((p = strstr(id, "-only")) && !p[5])
		*p = '\0';
	if ((p = strstr(id, "-or-later")) && !p[9])
		*p = '\0';
	buf_adds(&tmp, id), add_variant(&tmp, add, payload);
	for (p = id; *p; p++)
		if (*p == '-')
			*p = ' ';
	n = strlen(id);
	if ((v = version_suffix(id, n)) && v < n)
		buf_add(&tmp, id, n - v), add_variant(&tmp, add, payload);
	buf_free(&tmp);
	free(base);
	free(id);
}

/* ---- pass 2: lines ---- */

struct line {
	const char *s;   /* content after indentation and markers */
	size_t len;
	size_t indent;   /* leading spaces before the content */
};

static bool starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

static bool has(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(s + i, needle, n))
			return true;
	return false;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void ltrim(struct line *l)
{
	while (l->len && l->s[0] == ' ')
		l->s++, l->len--;
}

/* A line of only =, -, *, _, ~ or # (at least 3): a rule or underline. */
static bool is_rule(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ')
			continue;
		if (!strchr("=-*_~#+", s[i]))
			return false;
		n++;
	}
	return n >= 3;
}

/* Length of a bullet or numbering marker at S, spaces included, or 0:
 * "- ", "* ", "1. ", "1.2 ", "2) ", "(a) ", "a) ", "iv. ". Not "(c)". */
static size_t marker(const char *s, size_t len)
{
	size_t i = 0;

	if (len >= 2 && strchr("-*+", s[0]) && s[1] == ' ')
		i = 1;
	else if (len && is_digit(s[0])) {
		bool dotted = false;
		while (i < len && (is_digit(s[i]) || s[i] == '.')) {
			dotted |= s[i] == '.';
			i++;
		}
		if (i < len && s[i] == ')')
			i++, dotted = true;
		if (!dotted)
			return 0;
	} else if (len >= 3 && s[0] == '(') {
		size_t j = 1;
		while (j < len && j <= 5 && s[j] >= 'a' && s[j] <= 'z')
			j++;
		while (j < len && j <= 5 && is_digit(s[j]))
			j++;
		if (j < 2 || j >= len || s[j] != ')' ||
		    (j == 2 && s[1] == 'c'))
			return 0;
		i = j + 1;
	} else if (len >= 2 && s[0] >= 'a' && s[0] <= 'z') {
		size_t j = 0;
		while (j < len && j < 4 && s[j] >= 'a' && s[j] <= 'z')
			j++;
		if (j >= len || (s[j] != ')' && s[j] != '.'))
			return 0;
		/* one letter, or a roman numeral: "a)", "iv." */
		if (j > 1 && strspn(s, "ivx") < j)
			return 0;
		i = j + 1;
	} else {
		return 0;
	}
	if (i < len && s[i] != ' ')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	return i;
}

static bool is_copyright_line(const struct line *l)
{
	const char *s = l->s;
	size_t n = l->len;

	while (n && strchr("_*- ", *s))
		s++, n--;
	return starts(s, n, "copyright") || starts(s, n, "(c)");
}

static bool is_url_line(const struct line *l)
{
	if (!starts(l->s, l->len, "https://") && !starts(l->s, l->len, "http://") &&
	    !starts(l->s, l->len, "<http") && !starts(l->s, l->len, "www."))
		return false;
	return !memchr(l->s, ' ', l->len);
}

static bool is_end_of_terms(const struct line *l)
{
	const char *s = l->s;
	size_t n = l->len;

	while (n && strchr("#*_ ", *s))
		s++, n--;
	return starts(s, n, "end of terms and conditions") ||
	       starts(s, n, "end of the terms and conditions") ||
	       starts(s, n, "fin des termes et conditions");
}

/* Split TEXT into cleaned lines; comment prefixes, headings, quotes and
 * bullets removed (detection.md §4 steps 3-5, 10, 23, 29). */
static struct line *split_lines(size_t *nout, const char *text, size_t len)
{
	size_t cap = 64, n = 0;
	struct line *v = xmalloc(cap * sizeof(*v));
	const char *p = text, *end = text + len;
	bool commented = true;
	size_t nonblank = 0;

	while (p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct line l = { p, nl ? (size_t)(nl - p) : (size_t)(end - p), 0 };

		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		while (l.len && l.s[l.len - 1] == ' ')
			l.len--;
		v[n++] = l;
		if (!nl)
			break;
		p = nl + 1;
	}
	/* Step 4: a licence pasted as a comment, every line starting "//" or "*". */
	for (size_t i = 0; i < n; i++) {
		struct line l = v[i];
		ltrim(&l);
		if (!l.len)
			continue;
		nonblank++;
		if (l.s[0] != '/' && l.s[0] != '*')
			commented = false;
	}
	commented = commented && nonblank > 1;
	for (size_t i = 0; i < n; i++) {
		struct line *l = &v[i];
		size_t m;

		while (l->len && l->s[0] == ' ')
			l->s++, l->len--, l->indent++;
		if (commented) {
			for (int k = 0; k < 2 && l->len && strchr("/*", l->s[0]); k++)
				l->s++, l->len--;
			if (l->len && l->s[l->len - 1] == '/' && l->len >= 2 &&
			    l->s[l->len - 2] == '*')
				l->len -= 2;
			ltrim(l);
		}
		/* Horizontal rules, and REUSE/SPDX tags: metadata about the
		 * text, never part of a licence (https://reuse.software/spec/). */
		if (is_rule(l->s, l->len) ||
		    starts(l->s, l->len, "spdx-license-identifier:") ||
		    starts(l->s, l->len, "spdx-filecopyrighttext:")) {
			l->len = 0;
			continue;
		}
		while (l->len && (l->s[0] == '#' || l->s[0] == '>')) {
			l->s++, l->len--;
			ltrim(l);
		}
		/* "* text *" borders, then list markers (possibly two: "- 1. ") */
		for (int k = 0; k < 2 && (m = marker(l->s, l->len)); k++)
			l->s += m, l->len -= m;
		while (l->len && strchr("*- ", l->s[l->len - 1]) &&
		       l->len >= 2 && l->s[l->len - 2] == ' ')
			l->len -= 2;
	}
	*nout = n;
	return v;
}

/* Index of the end of the paragraph starting at I. */
static size_t paragraph_end(const struct line *v, size_t n, size_t i)
{
	while (i < n && v[i].len)
		i++;
	return i;
}

/*
 * Drop the leading lines that are not the licence itself: titles, version
 * lines, copyright notices, "all rights reserved", a URL (detection.md §4
 * steps 7, 8, 24-30), repeated until none applies. Returns the first kept
 * line; *COPYRIGHT says a copyright line was dropped.
 */
static size_t strip_leading(const struct line *v, size_t n,
                            const struct license_norm_opts *o, bool *copyright)
{
	size_t i = 0;
	bool first = true;

	for (;;) {
		const struct line *l;

		while (i < n && !v[i].len)
			i++;
		if (i >= n)
			return i;
		l = &v[i];
		if (first) {
			/* A first paragraph with both a copyright and "all rights
			 * reserved" is a notice, not licence text. */
			size_t e = paragraph_end(v, n, i);
			bool c = false, r = false;
			first = false;
			for (size_t k = i; k < e; k++) {
				c |= has(v[k].s, v[k].len, "copyright");
				r |= has(v[k].s, v[k].len, "all rights reserved");
			}
			if (c && r) {
				*copyright = true;
				i = e;
				continue;
			}
		}
		if (is_copyright_line(l)) {
			*copyright = true;
			i++;
			while (i < n && v[i].indent && v[i].len >= 4 &&
			       is_digit(v[i].s[0]) && is_digit(v[i].s[3]))
				i++;
		} else if (is_title(l->s, l->len, o) ||
		           starts(l->s, l->len, "version") ||
		           starts(l->s, l->len, "all rights reserved") ||
		           starts(l->s, l->len, "with reserved font name") ||
		           is_url_line(l)) {
			i++;
		} else if (starts(l->s, l->len, "developed by:")) {
			i = paragraph_end(v, n, i);
		} else {
			return i;
		}
	}
}

/* ---- pass 3: the joined text ---- */

static void cut(struct buf *t, const char *from, const char *to, bool to_end)
{
	char *a = strstr(t->data, from), *b;

	if (!a)
		return;
	if (to_end) {
		t->len = (size_t)(a - t->data);
		t->data[t->len] = '\0';
		return;
	}
	if (!(b = strstr(a, to)))
		return;
	memmove(a, b, strlen(b) + 1);
	t->len = strlen(t->data);
}

static void erase_all(struct buf *t, const char *phrase)
{
	char *a;
	size_t n = strlen(phrase);

	while ((a = strstr(t->data, phrase))) {
		memmove(a, a + n, strlen(a + n) + 1);
		t->len -= n;
	}
}

/* Join lines [from, to): a word hyphenated across lines is rejoined
 * (step 15), markdown links keep their text (step 6). */
static void join_lines(struct buf *t, const struct line *v, size_t from,
                       size_t to)
{
	for (size_t i = from; i < to; i++) {
		const char *s = v[i].s, *end = s + v[i].len;

		if (t->len && !(t->data[t->len - 1] == '-' && t->len >= 2 &&
		                t->data[t->len - 2] != ' ' && v[i].len))
			buf_addc(t, '\n');
		while (s < end) {
			const char *next = s;
			while (next < end && *next != ']' && *next != '&')
				next++;
			if (next > s) {
				buf_add(t, s, (size_t)(next - s));
				s = next;
				continue;
			}
			if (*s == ']' && s + 1 < end && s[1] == '(') {
				const char *close = memchr(s, ')', (size_t)(end - s));
				if (close) {
					s = close + 1;
					continue;
				}
			}
			if (*s == '&') {
				buf_adds(t, " and ");
				s++;
				continue;
			}
			buf_addc(t, *s++);
		}
	}
	buf_addc(t, '\0');
	t->len--;
}

/* ---- pass 4: words ---- */

static const struct { const char *from, *to; } variants[] = {
	/* SPDX matching guidelines §8 equivalent words (detection.md step 16);
	 * sorted by FROM (bytewise) for the binary search in variant_of(). */
	{ "acknowledgment", "acknowledgement" }, { "analogue", "analog" },
	{ "analyse", "analyze" }, { "artefact", "artifact" },
	{ "authorisation", "authorization" }, { "authorised", "authorized" },
	{ "calibre", "caliber" }, { "cancelled", "canceled" },
	{ "capitalisations", "capitalizations" }, { "catalogue", "catalog" },
	{ "categorise", "categorize" }, { "centre", "center" },
	{ "emphasised", "emphasized" }, { "favour", "favor" },
	{ "favourite", "favorite" }, { "fulfil", "fulfill" },
	{ "fulfilment", "fulfillment" }, { "initialise", "initialize" },
	{ "judgment", "judgement" }, { "labelling", "labeling" },
	{ "labour", "labor" }, { "licence", "license" },
	{ "licenced", "licensed" }, { "licences", "licenses" },
	{ "maximise", "maximize" }, { "modelled", "modeled" },
	{ "modelling", "modeling" }, { "non-commercial", "noncommercial" },
	{ "offence", "offense" }, { "optimise", "optimize" },
	{ "organisation", "organization" }, { "organise", "organize" },
	{ "practise", "practice" }, { "programme", "program" },
	{ "realise", "realize" }, { "recognise", "recognize" },
	{ "signalling", "signaling" }, { "sub-license", "sublicense" },
	{ "utilisation", "utilization" }, { "whilst", "while" },
	{ "wilful", "willful" },
};

static inline bool word_byte(const char *s, size_t len, size_t i, size_t *next)
{
	size_t j = i;
	utf8proc_int32_t c;
	unsigned char b = (unsigned char)s[i];

	if (b < 0x80) {
		*next = i + 1;
		return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') ||
		       (b >= 'A' && b <= 'Z') || b == '_' || b == '-' || b == '/';
	}
	c = next_cp(s, len, &j);

	*next = j;
	return is_alnum_cp(c) || c == '_' || c == '-' || c == '/';
}

/* A URL at S: skipped whole (detection.md step 11, askalono's blackboxing). */
static size_t url_len(const char *s, size_t len)
{
	size_t i;

	if (!starts(s, len, "http://") && !starts(s, len, "https://") &&
	    !starts(s, len, "ftp://") && !starts(s, len, "www."))
		return 0;
	for (i = 0; i < len && !strchr(" \n<>()'[]", s[i]); i++)
		;
	return i;
}

/* A reference's <placeholder>: no URL, address or anchor inside. */
static size_t placeholder_len(const char *s, size_t len)
{
	size_t i;

	if (s[0] != '<')
		return 0;
	for (i = 1; i < len && i < 60 && s[i] != '>'; i++)
		if (strchr(":@#/<\n", s[i]))
			return 0;
	return i < len && s[i] == '>' && i > 1 ? i + 1 : 0;
}

struct word {
	const char *s;
	size_t len;
};

/* Shortest and longest FROM in variants[]. */
#define VARIANT_MIN 6
#define VARIANT_MAX 15

/* The spelling variant of word W, or NULL. */
static const char *variant_of(const struct word *w)
{
	size_t lo = 0, hi = sizeof(variants) / sizeof(*variants);

	/* Most words are shorter or longer than every variant. */
	if (w->len < VARIANT_MIN || w->len > VARIANT_MAX)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *f = variants[mid].from;
		size_t n = strlen(f);
		int c = memcmp(w->s, f, w->len < n ? w->len : n);
		if (c == 0)
			c = w->len < n ? -1 : w->len > n;
		if (c == 0)
			return variants[mid].to;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static bool word_is(const struct word *w, const char *s)
{
	return strlen(s) == w->len && !memcmp(w->s, s, w->len);
}

static void emit(struct buf *out, const char *s, size_t n)
{
	if (out->len)
		buf_addc(out, ' ');
	buf_add(out, s, n);
}

static void words_emit(struct buf *out, struct word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v;
		/* two-word variants */
		char c0 = w[i].s[0];
		if (i + 1 < n && c0 == 's' && word_is(&w[i], "sub") &&
		    word_is(&w[i + 1], "license")) {
			emit(out, "sublicense", 10), i++;
			continue;
		}
		if (i + 1 < n && c0 == 'p' && word_is(&w[i], "per") &&
		    word_is(&w[i + 1], "cent")) {
			emit(out, "percent", 7), i++;
			continue;
		}
		if (i + 1 < n && c0 == 'c' && word_is(&w[i], "copyright") &&
		    word_is(&w[i + 1], "owner")) {
			emit(out, "copyright holder", 16), i++;
			continue;
		}
		if ((v = variant_of(&w[i])))
			emit(out, v, strlen(v));
		else
			emit(out, w[i].s, w[i].len);
	}
}

static void tokenize(struct buf *out, const char *s, size_t len, bool ref,
                     unsigned *fields)
{
	size_t cap = 256, n = 0, i = 0;
	struct word *w = xmalloc(cap * sizeof(*w));

	while (i < len) {
		size_t next, start, u, end;

		if ((s[i] == 'h' || s[i] == 'f' || s[i] == 'w') &&
		    (i == 0 || !((s[i - 1] >= 'a' && s[i - 1] <= 'z') ||
		                 (s[i - 1] >= '0' && s[i - 1] <= '9'))) &&
		    (u = url_len(s + i, len - i))) {
			i += u;
			continue;
		}
		if (ref && s[i] == '<' && (u = placeholder_len(s + i, len - i))) {
			/* A field counts one per word it stands for: the text that
			 * fills "<name of development group>" has about as many. */
			(*fields)++;
			for (size_t k = i + 1; k + 1 < i + u; k++)
				*fields += s[k] == ' ' && s[k + 1] != ' ';
			i += u;
			continue;
		}
		if (!word_byte(s, len, i, &next)) {
			i = next;
			continue;
		}
		start = i;
		while (i < len && word_byte(s, len, i, &next))
			i = next;
		end = i;
		while (start < end && strchr("-_/", s[start]))
			start++;
		while (end > start && strchr("-_/", s[end - 1]))
			end--;
		if (end == start)
			continue;
		if (n == cap)
			w = xrealloc(w, (cap *= 2) * sizeof(*w));
		w[n].s = s + start;
		w[n].len = end - start;
		n++;
	}
	words_emit(out, w, n);
	free(w);
}

int license_text_normalize(char **out, const char *text, size_t len,
                           const struct license_norm_opts *opts,
                           unsigned *fields, bool *copyright_only)
{
	struct buf a = BUF_INIT, b = BUF_INIT, words = BUF_INIT;
	struct line *v;
	size_t n, first, last;
	bool copyright = false;
	unsigned nfields = 0;

	strip_markup(&a, text, len, opts && opts->html);
	buf_addc(&a, '\0');
	fold_chars(&b, a.data, a.len - 1);
	buf_addc(&b, '\0');
	b.len--;
	v = split_lines(&n, b.data, b.len);
	first = strip_leading(v, n, opts, &copyright);
	for (last = first; last < n && !is_end_of_terms(&v[last]); last++)
		;
	a.len = 0;
	join_lines(&a, v, first, last);
	free(v);
	/* Boilerplate that copies keep or drop at will (steps 20-22, 33). */
	if (strstr(a.data, "creative commons")) {
		cut(&a, "creative commons is not a party to its public licens", NULL,
		    true);
		cut(&a, "creative commons corporation", "by exercising the licensed rights",
		    false);
	}
	if (strstr(a.data, "unlicense"))
		erase_all(&a, "for more information, please refer to");
	erase_all(&a, "(including the next paragraph)");
	tokenize(&words, a.data, a.len, opts && opts->reference, &nfields);
	buf_addc(&words, '\0');
	buf_free(&a);
	buf_free(&b);
	if (fields)
		*fields = nfields;
	if (copyright_only)
		*copyright_only = copyright && words.len == 1;
	*out = buf_detach(&words);
	return 0;
}

/* ---- hashing ---- */

static uint64_t mix(uint64_t x)
{
	/* splitmix64 finaliser */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t hash_word(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;  /* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return mix(h);
}

/* LSD radix sort, 8 bits a pass: qsort's indirect comparisons were a
 * fifth of the time of identifying a long licence. */
static void radix_sort(uint64_t *v, size_t n)
{
	uint64_t *tmp, *src = v, *dst;
	size_t *count;

	if (n < 2)
		return;
	tmp = xmalloc(n * sizeof(*tmp));
	count = xmalloc(256 * sizeof(*count));
	dst = tmp;
	for (int shift = 0; shift < 64; shift += 8) {
		size_t sum = 0;
		memset(count, 0, 256 * sizeof(*count));
		for (size_t i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xFF]++;
		for (size_t i = 0; i < 256; i++) {
			size_t c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	/* eight passes: the result is back in V */
	free(tmp);
	free(count);
}

/* Drop duplicates with an open-addressing set, so that the sort sees
 * unique values only: a licence repeats its words many times. */
static size_t dedupe(uint64_t *v, size_t n)
{
	size_t cap = 64, k = 0;
	uint64_t *set;
	bool zero = false;

	while (cap < 2 * n)
		cap *= 2;
	set = xcalloc(cap, sizeof(*set));
	for (size_t i = 0; i < n; i++) {
		size_t h;
		if (v[i] == 0) {  /* 0 marks an empty slot: kept aside */
			if (!zero)
				v[k++] = 0;
			zero = true;
			continue;
		}
		for (h = (size_t)(v[i] >> 7) & (cap - 1); set[h] && set[h] != v[i];
		     h = (h + 1) & (cap - 1))
			;
		if (!set[h]) {
			set[h] = v[i];
			v[k++] = v[i];
		}
	}
	free(set);
	return k;
}

static size_t sort_unique(uint64_t *v, size_t n)
{
	size_t k = 0;

	n = dedupe(v, n);
	radix_sort(v, n);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

size_t license_hash_overlap(const uint64_t *a, size_t na, const uint64_t *b,
                            size_t nb)
{
	size_t i = 0, j = 0, n = 0;

	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
			n++, i++, j++;
	}
	return n;
}

int license_text_analyze(struct license_text *out, const char *data,
                         size_t len, const struct license_norm_opts *opts)
{
	char *text, *norm;
	size_t tlen, nw = 0, cap = 64;
	uint64_t prev = 0;
	int err;

	memset(out, 0, sizeof(*out));
	if (len > LICENSE_TEXT_MAX)
		len = LICENSE_TEXT_MAX;
	if ((err = license_text_decode(&text, &tlen, data, len)) < 0)
		return err;
	license_text_normalize(&norm, text, tlen, opts, &out->fields,
	                       &out->copyright_only);
	free(text);
	out->words = xmalloc(cap * sizeof(uint64_t));
	out->bigrams = xmalloc(cap * sizeof(uint64_t));
	for (char *p = norm; *p;) {
		size_t n = strcspn(p, " ");
		uint64_t h = hash_word(p, n);
		if (nw == cap) {
			cap *= 2;
			out->words = xrealloc(out->words, cap * sizeof(uint64_t));
			out->bigrams = xrealloc(out->bigrams, cap * sizeof(uint64_t));
		}
		out->words[nw] = h;
		if (nw)
			out->bigrams[nw - 1] = mix(prev * 0x9e3779b97f4a7c15ULL ^ h);
		prev = h;
		nw++;
		p += n;
		while (*p == ' ')
			p++;
	}
	out->nbigrams = nw ? nw - 1 : 0;
	out->nwords = sort_unique(out->words, nw);
	/* characters, not bytes: French accents count once */
	for (const char *p = norm; *p; p++)
		out->length += ((unsigned char)*p & 0xC0) != 0x80;
	free(norm);
	return 0;
}

void license_text_bigrams(struct license_text *t)
{
	if (!t->bigrams_set)
		t->nbigrams = sort_unique(t->bigrams, t->nbigrams);
	t->bigrams_set = true;
}

void license_text_free(struct license_text *t)
{
	free(t->words);
	free(t->bigrams);
	memset(t, 0, sizeof(*t));
}
