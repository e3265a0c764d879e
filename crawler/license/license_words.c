/*
 * license_words.c - the word pass of the normaliser: split the text into
 * words, skip URLs (the SPDX matching guidelines make http and https
 * equivalent; askalono replaces every URL by one token, we drop them), and
 * give equivalent words one spelling (SPDX's equivalentwords.txt, compiled
 * in by gen_license_words.py).
 *
 * A word is a run of letters, digits, '_' and '-' ("non-commercial"),
 * without leading or trailing '_' or '-'; everything else separates words,
 * '/' too: templates write "and<optional>/or</optional>". Punctuation is not compared: copies of
 * a licence reflow, re-punctuate and re-format it far more often than
 * they change its meaning by a comma, and a changed word is still seen.
 */
#include "crawler/license/license_norm.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"

struct equivalent {
	const char *from, *to;
};

#include "crawler/license/license_words.h"

#define NELEM(a) (sizeof(a) / sizeof(*(a)))

struct word {
	const char *s;
	size_t len;
	size_t at;       /* offset in the text */
	bool field;      /* a <placeholder> */
};

static bool starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

static inline bool word_char(const char *s, size_t len, size_t i, size_t *next)
{
	size_t j = i;
	unsigned char b = (unsigned char)s[i];
	int32_t c;

	if (b < 0x80) {
		*next = i + 1;
		return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') ||
		       (b >= 'A' && b <= 'Z') || b == '_' || b == '-';
	}
	c = norm_next_cp(s, len, &j);
	*next = j;
	return norm_is_alnum(c) || c == '_' || c == '-';
}

/* A URL at S: skipped whole. */
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

/* A <placeholder> of a reference text: no URL, address or anchor inside. */
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

/* The canonical spelling of S[0..n) in TABLE, or NULL. */
static const char *lookup(const struct equivalent *table, size_t count,
                          const char *s, size_t n)
{
	size_t lo = 0, hi = count;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *f = table[mid].from;
		size_t fn = strlen(f);
		int c = memcmp(s, f, n < fn ? n : fn);
		if (c == 0)
			c = n < fn ? -1 : n > fn;
		if (c == 0)
			return table[mid].to;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

typedef void emit_fn(const char *w, size_t n, size_t at, bool field,
                     void *payload);

/* Emit canonical spelling TO (one or two words) for a word at AT. */
static void emit_canonical(const char *to, size_t at, emit_fn *fn, void *p)
{
	const char *sp = strchr(to, ' ');

	if (sp) {
		fn(to, (size_t)(sp - to), at, false, p);
		fn(sp + 1, strlen(sp + 1), at, false, p);
	} else {
		fn(to, strlen(to), at, false, p);
	}
}

/* Is "W[i] W[i+1]" a two-word form? Its canonical spelling, or NULL. */
static const char *pair_of(const struct word *w, size_t i, size_t n)
{
	char tmp[64];

	if (i + 1 >= n || w[i].field || w[i + 1].field ||
	    w[i].len + w[i + 1].len + 1 >= sizeof(tmp))
		return NULL;
	memcpy(tmp, w[i].s, w[i].len);
	tmp[w[i].len] = ' ';
	memcpy(tmp + w[i].len + 1, w[i + 1].s, w[i + 1].len);
	return lookup(equivalent_pairs, NELEM(equivalent_pairs), tmp,
	              w[i].len + w[i + 1].len + 1);
}

static void emit_words(const struct word *w, size_t n, emit_fn *fn, void *p)
{
	for (size_t i = 0; i < n; i++) {
		const char *to;

		if (w[i].field) {
			fn(w[i].s, w[i].len, w[i].at, true, p);
		} else if ((to = pair_of(w, i, n))) {
			emit_canonical(to, w[i].at, fn, p);
			i++;
		} else if ((to = lookup(equivalent_words, NELEM(equivalent_words),
		                        w[i].s, w[i].len))) {
			emit_canonical(to, w[i].at, fn, p);
		} else {
			fn(w[i].s, w[i].len, w[i].at, false, p);
		}
	}
}

/* The word or field at S[*i..len), into *W; false when *I moved past
 * something that is not a word. */
static bool next_word(struct word *w, const char *s, size_t len, size_t *i,
                      bool fields)
{
	size_t next, start, end, u;
	char c = s[*i];

	if ((c == 'h' || c == 'f' || c == 'w') &&
	    (*i == 0 || !((s[*i - 1] >= 'a' && s[*i - 1] <= 'z') ||
	                  (s[*i - 1] >= '0' && s[*i - 1] <= '9'))) &&
	    (u = url_len(s + *i, len - *i))) {
		*i += u;
		return false;
	}
	if (c == '&') {
		/* "&" reads "and" (equivalentwords.txt: "and,&") */
		*w = (struct word){ "and", 3, (*i)++, false };
		return true;
	}
	if (fields && c == '<' && (u = placeholder_len(s + *i, len - *i))) {
		*w = (struct word){ s + *i, u, *i, true };
		*i += u;
		return true;
	}
	if (!word_char(s, len, *i, &next)) {
		*i = next;
		return false;
	}
	start = *i;
	while (*i < len && word_char(s, len, *i, &next))
		*i = next;
	end = *i;
	while (start < end && strchr("-_", s[start]))
		start++;
	while (end > start && strchr("-_", s[end - 1]))
		end--;
	*w = (struct word){ s + start, end - start, start, false };
	return end > start;
}

void norm_words(const char *s, size_t len, bool fields, emit_fn *fn,
                void *payload)
{
	size_t cap = 256, n = 0, i = 0;
	struct word *w = xmalloc(cap * sizeof(*w));

	while (i < len) {
		if (!next_word(&w[n], s, len, &i, fields))
			continue;
		if (++n == cap)
			w = xrealloc(w, (cap *= 2) * sizeof(*w));
	}
	emit_words(w, n, fn, payload);
	free(w);
}

static uint64_t mix(uint64_t x)
{
	/* splitmix64 finaliser */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Hyphens inside a word are not compared: "non-infringement" is
 * "noninfringement" (SPDX's equivalent words pair "noncommercial" and
 * "non-commercial" the same way), and a word hyphenated across two lines
 * ("ob-\ntaining") is the word. */
uint64_t license_word_hash(const char *w, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;  /* FNV-1a */

	for (size_t i = 0; i < n; i++)
		if (w[i] != '-')
			h = (h ^ (unsigned char)w[i]) * 0x100000001b3ULL;
	return mix(h);
}

struct words_cb {
	void (*fn)(const char *w, size_t n, bool marker, void *payload);
	void *payload;
	const char *text;
	size_t len;
};

/* "(i)", "(b)", "(12)": a list marker inside a paragraph, that a copy may
 * wrap to the start of a line, where it is dropped. */
static bool marker_shaped(const struct words_cb *cb, size_t at, size_t n)
{
	return at > 0 && at + n < cb->len && n <= 4 && cb->text[at - 1] == '(' &&
	       cb->text[at + n] == ')' && norm_marker(cb->text + at - 1, n + 3);
}

static void words_cb(const char *w, size_t n, size_t at, bool field,
                     void *payload)
{
	struct words_cb *cb = payload;

	if (field)
		cb->fn(NULL, 0, false, cb->payload);
	else
		cb->fn(w, n, marker_shaped(cb, at, n), cb->payload);
}

void license_text_words(const char *s, size_t len, bool line_start,
                        void (*fn)(const char *w, size_t n, bool marker,
                                   void *payload),
                        void *payload)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct words_cb cb = { fn, payload, NULL, 0 };
	size_t skip = 0;

	norm_markup(&a, s, len, false);
	norm_fold(&b, a.data ? a.data : "", a.len);
	buf_addc(&b, '\0');
	b.len--;
	if (line_start) {
		while (skip < b.len && strchr(" \n", b.data[skip]))
			skip++;
		skip += norm_marker(b.data + skip, b.len - skip);
	}
	cb.text = b.data + skip;
	cb.len = b.len - skip;
	norm_words(b.data + skip, b.len - skip, true, words_cb, &cb);
	buf_free(&a);
	buf_free(&b);
}
