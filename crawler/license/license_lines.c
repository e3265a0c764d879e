/*
 * license_lines.c - the line pass of the normaliser, on folded text.
 *
 * What the SPDX matching guidelines say to ignore and that only shows at
 * the start of a line: code comment indicators ("Code Comment Indicators
 * or Separators"), rules of repeated characters, bullets and numbering
 * ("Bullets and numbering"); what licensee drops too
 * (lib/licensee/content_helper.rb): Markdown headings and quotes; and at
 * the start of the text, titles ("License name or title"), version lines
 * and copyright notices ("Copyright notice"), then everything after "END OF
 * TERMS AND CONDITIONS" ("Extraneous text at the end of a license").
 */
#include "crawler/license/license_norm.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

static bool starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

static bool has(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (s[i] == needle[0] && !memcmp(s + i, needle, n))
			return true;
	return false;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (unsigned char)c >= 0x80;
}

static void ltrim(struct norm_line *l)
{
	while (l->len && l->s[0] == ' ')
		l->s++, l->len--;
}

/* A line of only non-letter characters repeated (at least 3, spaces
 * between allowed): a separator or a heading underline. */
static bool is_rule(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ')
			continue;
		if (!strchr("=-*_~#+.", s[i]))
			return false;
		n++;
	}
	return n >= 3;
}

/* "iv", "xii": a roman numeral of up to 4 letters. */
static bool roman(const char *s, size_t n)
{
	return n <= 4 && strspn(s, "ivx") >= n;
}

size_t norm_marker(const char *s, size_t len)
{
	size_t i = 0, j = 0;

	if (len >= 2 && strchr("-*+", s[0]) && s[1] == ' ') {
		i = 1;
	} else if (len && is_digit(s[0])) {
		bool dotted = false;
		while (i < len && (is_digit(s[i]) || s[i] == '.')) {
			dotted |= s[i] == '.';
			i++;
		}
		/* "3a." */
		if (i + 1 < len && s[i] >= 'a' && s[i] <= 'z' && strchr(".)", s[i + 1]))
			i++;
		if (i < len && s[i] == ')')
			i++, dotted = true;
		else if (i < len && s[i] == '.')
			i++, dotted = true;
		if (!dotted)
			return 0;
		/* "4.1.ENTREE EN VIGUEUR": a section number ending with a dot
		 * may touch its heading */
		if (i < len && s[i - 1] == '.' && s[i] >= 'a' && s[i] <= 'z')
			return i;
	} else if (len >= 3 && (s[0] == '(' || s[0] == '[')) {
		/* "(a)", "(iv)", "(1)", "[2]"; not "(c)", the copyright sign */
		j = 1;
		while (j < len && j <= 5 && ((s[j] >= 'a' && s[j] <= 'z') ||
		                             is_digit(s[j])))
			j++;
		if (j < 2 || j >= len || (s[j] != ')' && s[j] != ']') ||
		    (j == 2 && s[1] == 'c') ||
		    (s[1] >= 'a' && s[1] <= 'z' && j > 2 && !roman(s + 1, j - 1)))
			return 0;
		i = j + 1;
	} else if (len >= 2 && s[0] >= 'a' && s[0] <= 'z') {
		/* "a)", "b.", "iv." */
		while (j < len && j < 4 && s[j] >= 'a' && s[j] <= 'z')
			j++;
		if (j >= len || (s[j] != ')' && s[j] != '.') ||
		    (j > 1 && !roman(s, j)))
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

static size_t lcp(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;

	while (i < na && i < nb && a[i] == b[i])
		i++;
	return i;
}

/* Longest comment prefix looked for. */
#define PREFIX_MAX 32

/*
 * A prefix that at least 80% of the lines share, holding a character that
 * is neither a letter, a digit nor a space: a comment indicator ("# ",
 * " * ", "// ", "%%Copyright: "), as askalono finds them (src/preproc.rs,
 * remove_common_tokens). Its length in line L, or 0.
 */
static size_t common_prefix(const struct norm_line *v, size_t n,
                            const struct norm_line *l)
{
	size_t count[PREFIX_MAX + 1] = { 0 }, m = 0, k, at_least = 0;

	/* how many lines share each length of L's start, counted once */
	for (size_t i = 0; i < n; i++) {
		size_t c = lcp(l->s, l->len < PREFIX_MAX ? l->len : PREFIX_MAX,
		               v[i].s, v[i].len);
		if (!v[i].len)
			continue;
		count[c]++;
		m++;
	}
	if (m < 3)
		return 0;
	for (k = PREFIX_MAX; k > 0; k--) {
		at_least += count[k];
		if (at_least * 10 >= m * 8)
			break;
	}
	/* Never cut a word in two. */
	while (k && k < l->len && is_letter(l->s[k - 1]) && is_letter(l->s[k]))
		k--;
	for (size_t i = 0; i < k; i++)
		if (!is_letter(l->s[i]) && !is_digit(l->s[i]) && l->s[i] != ' ')
			return k;
	return 0;
}

/* Remove the common comment prefix from every line that has it. */
static void strip_comment_prefix(struct norm_line *v, size_t n)
{
	size_t best = 0, seen = 0;
	const char *pre = NULL;

	for (size_t i = 0; i < n && seen < 3; i++) {
		size_t k;
		if (!v[i].len)
			continue;
		seen++;
		if ((k = common_prefix(v, n, &v[i])) > best)
			best = k, pre = v[i].s;
	}
	if (!best)
		return;
	for (size_t i = 0; i < n; i++) {
		struct norm_line *l = &v[i];
		size_t k = lcp(l->s, l->len, pre, best);
		if (k == best || (k == l->len && k)) {
			l->s += k, l->len -= k;
			ltrim(l);
		}
	}
}

/* Does line L end with a word that a number follows as a reference
 * ("under Section\n2.1 of this License"), not as a list marker? */
static bool ends_with_reference(const struct norm_line *l)
{
	static const char *const words[] = {
		"section", "sections", "article", "articles", "clause", "clauses",
		"paragraph", "version", "subsection",
	};
	size_t i = l->len;

	while (i && is_letter(l->s[i - 1]))
		i--;
	for (size_t k = 0; k < sizeof(words) / sizeof(*words); k++)
		if (strlen(words[k]) == l->len - i &&
		    !memcmp(l->s + i, words[k], l->len - i))
			return true;
	return false;
}

/* Markers, headings, quotes and borders of one line. LETTERED: the text
 * has a "(b)" item, so a "(c)" item is one too, not the copyright sign.
 * PREV: the line before, or NULL. */
static void clean_line(struct norm_line *l, bool lettered,
                       const struct norm_line *prev)
{
	size_t m;

	/* the opening and closing marks of a C comment, left after its
	 * prefix went */
	if (starts(l->s, l->len, "/*") || starts(l->s, l->len, "*/"))
		l->s += 2, l->len -= 2, ltrim(l);
	if (l->len >= 2 && l->s[l->len - 1] == '/' && l->s[l->len - 2] == '*')
		l->len -= 2;
	/* Rules, and REUSE/SPDX tags: metadata about the text, never part of
	 * a licence (https://reuse.software/spec/). */
	if (is_rule(l->s, l->len) ||
	    starts(l->s, l->len, "spdx-license-identifier:") ||
	    starts(l->s, l->len, "spdx-filecopyrighttext:")) {
		l->len = 0;
		return;
	}
	while (l->len && (l->s[0] == '#' || l->s[0] == '>')) {
		l->s++, l->len--;
		ltrim(l);
	}
	/* list markers, possibly two ("- 1. "), then "* text *" borders */
	for (int k = 0; k < 2 && (!prev || !ends_with_reference(prev)) &&
	     (m = norm_marker(l->s, l->len)); k++)
		l->s += m, l->len -= m;
	if (lettered && starts(l->s, l->len, "(c) ") && l->len > 4 &&
	    !is_digit(l->s[4]))
		l->s += 4, l->len -= 4;
	while (l->len >= 2 && strchr("*-", l->s[l->len - 1]) &&
	       l->s[l->len - 2] == ' ')
		l->len -= 2;
	while (l->len && l->s[l->len - 1] == ' ')
		l->len--;
}

struct norm_line *norm_lines(size_t *nout, const char *text, size_t len)
{
	size_t cap = 64, n = 0;
	struct norm_line *v = xmalloc(cap * sizeof(*v));
	const char *p = text, *end = text + len;
	bool lettered = false;

	while (p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct norm_line l = { p, nl ? (size_t)(nl - p) : (size_t)(end - p), 0 };

		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		while (l.len && l.s[l.len - 1] == ' ')
			l.len--;
		while (l.len && l.s[0] == ' ')
			l.s++, l.len--, l.indent++;
		v[n++] = l;
		if (!nl)
			break;
		p = nl + 1;
	}
	strip_comment_prefix(v, n);
	for (size_t i = 0; i < n && !lettered; i++)
		lettered = starts(v[i].s, v[i].len, "(b) ");
	for (size_t i = 0; i < n; i++)
		clean_line(&v[i], lettered, i ? &v[i - 1] : NULL);
	*nout = n;
	return v;
}

static bool is_copyright_line(const struct norm_line *l)
{
	const char *s = l->s;
	size_t n = l->len;

	while (n && strchr("_*- ", *s))
		s++, n--;
	return starts(s, n, "copyright") || starts(s, n, "(c)") ||
	       starts(s, n, "portions copyright");
}

static bool is_url_line(const struct norm_line *l)
{
	if (!starts(l->s, l->len, "https://") && !starts(l->s, l->len, "http://") &&
	    !starts(l->s, l->len, "<http") && !starts(l->s, l->len, "www."))
		return false;
	return !memchr(l->s, ' ', l->len);
}

/* Words that state terms: a line holding one is licence text, never a
 * copyright notice nor the continuation of one. */
static const char *const terms_words[] = {
	"permission", "permitted", "granted", "grant", "licensed", "licenced",
	"redistribution", "redistributions", "redistribute", "use", "used",
	"copy", "modify", "distribute", "must", "shall", "may", "warranty",
	"warranties", "provided", "conditions", "subject", "hereby", "terms",
	"licensee", "licensor", "reproduce", "sell", "liable", "without",
	"prohibited", "forbidden", "except", "following",
};

static bool states_terms(const struct norm_line *l)
{
	for (size_t i = 0; i < l->len;) {
		size_t j = i;
		while (j < l->len && (is_letter(l->s[j]) || l->s[j] == '-'))
			j++;
		for (size_t k = 0; j > i && k < sizeof(terms_words) / sizeof(*terms_words); k++)
			if (strlen(terms_words[k]) == j - i &&
			    !memcmp(l->s + i, terms_words[k], j - i))
				return true;
		i = j + 1;
	}
	return false;
}

/*
 * After a copyright line, the rest of its notice: in the same paragraph,
 * lines that name more holders or years, emails, "All rights reserved",
 * but state no terms ("Copyright (c) 2010, Foo\n  Bar Baz\n  All rights
 * reserved."). Returns the first line after the notice.
 */
static size_t copyright_notice_end(const struct norm_line *v, size_t n,
                                   size_t i)
{
	for (i++; i < n && v[i].len; i++)
		if (!is_copyright_line(&v[i]) &&
		    !has(v[i].s, v[i].len, "all rights reserved") &&
		    states_terms(&v[i]))
			break;
	return i;
}

/* Index of the end of the paragraph starting at I. */
static size_t paragraph_end(const struct norm_line *v, size_t n, size_t i)
{
	while (i < n && v[i].len)
		i++;
	return i;
}

/* Is the paragraph at I a notice: a copyright and "all rights reserved"
 * (licensee's rule), and no terms (in a file without blank lines, the
 * licence itself may share the notice's paragraph)? */
static bool notice_paragraph(const struct norm_line *v, size_t n, size_t i)
{
	size_t e = paragraph_end(v, n, i);
	bool c = false, r = false;

	for (size_t k = i; k < e; k++) {
		bool ck = has(v[k].s, v[k].len, "copyright");
		bool rk = has(v[k].s, v[k].len, "all rights reserved");
		if (!ck && !rk && states_terms(&v[k]))
			return false;
		c |= ck;
		r |= rk;
	}
	return c && r;
}

size_t norm_leading(const struct norm_line *v, size_t n,
                    const struct license_norm_opts *o, bool *copyright)
{
	size_t i = 0;
	bool first = true;

	for (;;) {
		const struct norm_line *l;

		while (i < n && !v[i].len)
			i++;
		if (i >= n)
			return i;
		l = &v[i];
		if (first && notice_paragraph(v, n, i)) {
			*copyright = true;
			i = paragraph_end(v, n, i);
		} else if (is_copyright_line(l)) {
			*copyright = true;
			i = copyright_notice_end(v, n, i);
		} else if ((norm_is_title(l->s, l->len, o) ||
		            starts(l->s, l->len, "version") ||
		            starts(l->s, l->len, "all rights reserved") ||
		            starts(l->s, l->len, "with reserved font name") ||
		            is_url_line(l)) && !states_terms(l)) {
			/* never a line that states terms, whatever its start:
			 * "MIT License, but no commercial use" is licence text */
			i++;
		} else if (starts(l->s, l->len, "developed by:")) {
			i = paragraph_end(v, n, i);
		} else {
			return i;
		}
		first = false;
	}
}

bool norm_is_notice(const struct norm_line *l)
{
	return is_copyright_line(l) && !states_terms(l);
}

size_t norm_end_of_terms(const struct norm_line *v, size_t n, size_t from)
{
	for (size_t i = from; i < n; i++) {
		const char *s = v[i].s;
		size_t k = v[i].len;
		while (k && strchr("#*_ ", *s))
			s++, k--;
		if (starts(s, k, "end of terms and conditions") ||
		    starts(s, k, "end of the terms and conditions") ||
		    starts(s, k, "fin des termes et conditions"))
			return i;
	}
	return n;
}
