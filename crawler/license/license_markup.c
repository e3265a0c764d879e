/*
 * license_markup.c - the first passes of the normaliser: markup and
 * characters.
 *
 * Licence files come as HTML (LICENSE.html, a page saved from a licence's
 * web site) and as Markdown (LICENSE.md): licensee turns HTML into
 * Markdown and strips Markdown (lib/licensee/content_helper.rb); we drop
 * the tags, decode the entities (Markdown files carry them too: "&lt;"),
 * and leave the Markdown punctuation to the word splitter, which ignores
 * it. Characters then get one spelling each, as the SPDX matching
 * guidelines ask: case, quotes, hyphens and dashes, whitespace, and the
 * copyright sign (c).
 */
#include "crawler/license/license_norm.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "lib/alloc.h"
#include "lib/buf.h"

bool norm_is_alnum(int32_t c)
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

int32_t norm_next_cp(const char *s, size_t len, size_t *i)
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

static void put_utf8(struct buf *b, int32_t c)
{
	unsigned char s[4];
	utf8proc_ssize_t n = utf8proc_encode_char(c, s);

	buf_add(b, s, n > 0 ? (size_t)n : 0);
}

/* HTML block tags: each ends a paragraph. */
static const char *const block_tags[] = {
	"p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
	"pre", "tr", "table", "blockquote", "hr", "dl", "dt", "dd", "body",
	"html", "section", "article", "header", "footer", "title",
};

/* The name of the tag at S ("<p>", "</div>", "<br/>"), or 0 if S does not
 * start a tag. *CLOSE says "</". */
static size_t tag_name(const char *s, size_t len, bool *close)
{
	size_t i = 1, n = 0;

	*close = len > 1 && s[1] == '/';
	i += *close;
	while (i + n < len && ((s[i + n] >= 'a' && s[i + n] <= 'z') ||
	                       (s[i + n] >= 'A' && s[i + n] <= 'Z') ||
	                       (n && s[i + n] >= '1' && s[i + n] <= '6')))
		n++;
	if (!n || i + n >= len || !strchr(" \t\n/>", s[i + n]))
		return 0;
	return n;
}

static bool is_block_tag(const char *name, size_t n)
{
	for (size_t k = 0; k < sizeof(block_tags) / sizeof(*block_tags); k++)
		if (strlen(block_tags[k]) == n && !strncasecmp(name, block_tags[k], n))
			return true;
	return false;
}

bool norm_looks_html(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	unsigned blocks = 0;
	bool close;

	/* Two block tags: a licence text that quotes one "<p>" is still text. */
	while ((p = memchr(p, '<', (size_t)(end - p))) && blocks < 2) {
		size_t n = tag_name(p, (size_t)(end - p), &close);
		if (n && is_block_tag(p + 1 + close, n))
			blocks++;
		p++;
	}
	return blocks >= 2;
}

static const struct { const char *name; int32_t c; } entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", ' ' }, { "copy", 0xA9 }, { "laquo", 0xAB },
	{ "raquo", 0xBB }, { "ldquo", 0x201C }, { "rdquo", 0x201D },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ndash", 0x2013 },
	{ "mdash", 0x2014 }, { "eacute", 0xE9 }, { "egrave", 0xE8 },
	{ "agrave", 0xE0 }, { "ecirc", 0xEA }, { "ccedil", 0xE7 },
};

/* An entity at S ("&lt;", "&#169;", "&#xA9;"): its length and *C, or 0. */
static size_t entity(const char *s, size_t len, int32_t *c)
{
	size_t i = 1, n;

	if (len > 3 && s[1] == '#') {
		bool hex = s[2] == 'x' || s[2] == 'X';
		long v = 0;
		for (i = 2 + hex; i < len && i < 10 && s[i] != ';'; i++) {
			int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' :
			        hex && strchr("abcdefABCDEF", s[i]) && s[i] ?
			        (s[i] | 0x20) - 'a' + 10 : -1;
			if (d < 0)
				return 0;
			v = v * (hex ? 16 : 10) + d;
		}
		if (i >= len || s[i] != ';' || i == 2u + hex || v <= 0 ||
		    v > 0x10FFFF)
			return 0;
		*c = (int32_t)v;
		return i + 1;
	}
	for (n = 0; i + n < len && n < 8 && s[i + n] >= 'a' && s[i + n] <= 'z'; n++)
		;
	if (!n || i + n >= len || s[i + n] != ';')
		return 0;
	for (size_t k = 0; k < sizeof(entities) / sizeof(*entities); k++)
		if (strlen(entities[k].name) == n && !memcmp(s + 1, entities[k].name, n)) {
			*c = entities[k].c;
			return n + 2;
		}
	return 0;
}

/* The length of a <head>, <script> or <style> element at S, whose text
 * is not the page's content, or 0. N is the length of S's tag name. */
static size_t hidden_element(const char *s, size_t len, size_t n)
{
	static const char *const hidden[] = { "head", "script", "style" };
	char close[16];

	for (size_t k = 0; k < sizeof(hidden) / sizeof(*hidden); k++) {
		size_t cn;
		if (strlen(hidden[k]) != n || strncasecmp(s + 1, hidden[k], n))
			continue;
		cn = (size_t)snprintf(close, sizeof(close), "</%s>", hidden[k]);
		for (size_t i = n + 1; i + cn <= len; i++)
			if (s[i] == '<' && !strncasecmp(s + i, close, cn))
				return i + cn;
		return len;
	}
	return 0;
}

/* At S, '<' or '&': append what it stands for; returns the bytes read. */
static size_t markup_at(struct buf *out, const char *s, size_t len, bool html)
{
	int32_t c;
	size_t n;
	bool close;

	if (*s == '&') {
		if (!(n = entity(s, len, &c)))
			return buf_addc(out, '&'), 1;
		put_utf8(out, c);
		return n;
	}
	if (len >= 4 && !memcmp(s, "<!--", 4)) {
		for (n = 4; n + 3 <= len && memcmp(s + n, "-->", 3); n++)
			;
		return n + 3 <= len ? n + 3 : len;
	}
	if (html && ((n = tag_name(s, len, &close)) || (len > 1 && s[1] == '!'))) {
		const char *gt = memchr(s, '>', len);
		if (!close && (n = hidden_element(s, len, n)))
			return n;
		if (n == 2 && !close && !strncasecmp(s + 1, "li", 2))
			buf_adds(out, "\n- ");
		else if (n && is_block_tag(s + 1 + close, n))
			buf_adds(out, "\n\n");
		return gt ? (size_t)(gt - s) + 1 : len;
	}
	buf_addc(out, '<');
	return 1;
}

void norm_markup(struct buf *out, const char *s, size_t len, bool html)
{
	const char *end = s + len;

	while (s < end) {
		const char *lt = memchr(s, '<', (size_t)(end - s));
		const char *amp = memchr(s, '&', (size_t)((lt ? lt : end) - s));
		const char *next = amp ? amp : lt ? lt : end;
		if (next > s) {
			buf_add(out, s, (size_t)(next - s));
			s = next;
			continue;
		}
		s += markup_at(out, s, (size_t)(end - s), html);
	}
}

/* The one spelling of code point C, written at P; returns the end. */
static char *fold_cp(char *p, int32_t c)
{
	switch (c) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x0060:
	case 0x00B4: case 0x201C: case 0x201D: case 0x201E: case 0x00AB:
	case 0x00BB: case 0x2039: case 0x203A: case '"':
		*p++ = '\'';
		return p;
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
		*p++ = '-';
		return p;
	case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003:
	case 0x2004: case 0x2005: case 0x2006: case 0x2007: case 0x2008:
	case 0x2009: case 0x200A: case 0x202F: case 0x3000: case '\t':
	case '\f': case '\v': case 0:
		*p++ = ' ';
		return p;
	case 0x00AD: case 0x200B: case 0xFEFF:
		return p;
	case 0x00A9:
		memcpy(p, "(c)", 3);
		return p + 3;
	case 0x2022: case 0x25CF: case 0x25E6: case 0x2023: case 0x25AA:
		*p++ = '*';
		return p;
	default: {
		utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_tolower(c),
		                                          (utf8proc_uint8_t *)p);
		return p + (n > 0 ? n : 0);
	}
	}
}

/* ASCII bytes folded: lowercased, or 0 for those fold_cp() must see. */
static unsigned char ascii_fold[128];
static pthread_once_t ascii_fold_once = PTHREAD_ONCE_INIT;

static void ascii_fold_build(void)
{
	for (int b = 0; b < 128; b++)
		ascii_fold[b] = (unsigned char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
	ascii_fold['"'] = ascii_fold['`'] = ascii_fold['\t'] = 0;
	ascii_fold['\f'] = ascii_fold['\v'] = 0;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Does one of the 8 bytes of V (all under 0x80) equal C? */
static inline bool has_byte(uint64_t v, unsigned char c)
{
	uint64_t x = v ^ (ONES * c);

	return (x - ONES) & ~x & HIGHS;
}

/* Eight bytes that only need lowercasing: ASCII, no control character
 * (tabs, and the line ends that keep them company, go the slow way), no
 * '"' or '`'. */
static inline bool plain8(uint64_t v)
{
	return !(v & HIGHS) && !((v - ONES * 0x20) & ~v & HIGHS) &&
	       !has_byte(v, '"') && !has_byte(v, '`');
}

/* V, ASCII, with 'A'-'Z' lowercased, eight bytes at a time: a byte gets
 * 0x20 when it is at least 'A' and under '['. */
static inline uint64_t lower8(uint64_t v)
{
	uint64_t t = v | HIGHS;
	uint64_t upper = (t - ONES * 'A') & ~(t - ONES * ('Z' + 1)) & HIGHS;

	return v | (upper >> 2);
}

char *norm_fold(size_t *outlen, const char *s, size_t len)
{
	/* A code point never folds to more than its own bytes plus one
	 * ("\xc2\xa9" is "(c)"; lowercase letters are as long or one byte
	 * longer than capitals of two bytes). */
	char *out = xmalloc(len + len / 2 + 4), *p = out;
	size_t i = 0;

	pthread_once(&ascii_fold_once, ascii_fold_build);
	while (i < len) {
		unsigned char b = (unsigned char)s[i];
		uint64_t v;

		if (i + 8 <= len && (memcpy(&v, s + i, 8), plain8(v))) {
			memcpy(p, &(uint64_t){ lower8(v) }, 8);
			p += 8;
			i += 8;
			continue;
		}
		if (b < 0x80 && ascii_fold[b]) {
			*p++ = (char)ascii_fold[b];
			i++;
			continue;
		}
		p = fold_cp(p, norm_next_cp(s, len, &i));
	}
	*p = '\0';
	*outlen = (size_t)(p - out);
	return out;
}
