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

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"

struct equivalent {
	const char *from;
	size_t len;      /* of FROM */
	const char *to;
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

/* ASCII bytes by what they may start: a word (letters, digits, '_',
 * '-'), a URL or placeholder or "&", or nothing (separators). */
enum { ASCII_SEP, ASCII_WORD, ASCII_SPECIAL };
static unsigned char ascii_class[128];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void ascii_class_build(void)
{
	for (int b = 0; b < 128; b++)
		ascii_class[b] = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') ||
		                 (b >= 'A' && b <= 'Z') || b == '_' || b == '-' ?
		                 ASCII_WORD : ASCII_SEP;
	ascii_class['&'] = ascii_class['<'] = ASCII_SPECIAL;
}

static inline bool ascii_word_char(unsigned char b)
{
	return ascii_class[b] == ASCII_WORD;
}

/* The end of the run of word characters at S[i..len). */
static size_t word_end(const char *s, size_t len, size_t i)
{
	while (i < len) {
		unsigned char b = (unsigned char)s[i];
		size_t j = i;
		int32_t c;

		if (b < 0x80) {
			if (!ascii_word_char(b))
				break;
			i++;
			continue;
		}
		c = norm_next_cp(s, len, &j);
		if (!norm_is_alnum(c) && c != '_' && c != '-')
			break;
		i = j;
	}
	return i;
}

/* A URL at S: skipped whole. */
static size_t url_len(const char *s, size_t len)
{
	size_t i;

	if (len < 4 || (s[0] == 'h' && s[1] != 't') || (s[0] == 'w' && s[1] != 'w') ||
	    (!starts(s, len, "http://") && !starts(s, len, "https://") &&
	     !starts(s, len, "ftp://") && !starts(s, len, "www.")))
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

/* equivalent_words[] by the hash of FROM, built once. */
static struct equivalent_hash {
	uint64_t from;
	const struct equivalent *e;
} by_hash[NELEM(equivalent_words)];
static pthread_once_t by_hash_once = PTHREAD_ONCE_INIT;
/* A Bloom filter of one bit per hash: most words are not listed. */
static uint64_t by_hash_bloom[16];

static int cmp_hash(const void *a, const void *b)
{
	const struct equivalent_hash *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

static void by_hash_build(void)
{
	for (size_t i = 0; i < NELEM(equivalent_words); i++)
		by_hash[i] = (struct equivalent_hash){
			license_word_hash(equivalent_words[i].from,
			                  equivalent_words[i].len),
			&equivalent_words[i] };
	qsort(by_hash, NELEM(by_hash), sizeof(*by_hash), cmp_hash);
	for (size_t i = 0; i < NELEM(by_hash); i++)
		by_hash_bloom[(by_hash[i].from >> 6) & 15] |= 1ULL << (by_hash[i].from & 63);
}

/* The canonical spelling of the word whose hash is H, or NULL. */
static const char *equivalent_of(uint64_t h, size_t n)
{
	size_t lo = 0, hi = NELEM(by_hash);

	/* most words are shorter or longer than any listed */
	if (n < EQUIVALENT_MIN || n > EQUIVALENT_MAX ||
	    !(by_hash_bloom[(h >> 6) & 15] & (1ULL << (h & 63))))
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (by_hash[mid].from == h)
			return by_hash[mid].e->to;
		if (by_hash[mid].from < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

typedef void emit_fn(const char *w, size_t n, size_t at, bool field,
                     uint64_t hash, void *payload);

/* Emit canonical spelling TO (one or two words) for a word at AT. */
static void emit_canonical(const char *to, size_t at, emit_fn *fn, void *p)
{
	const char *sp = strchr(to, ' ');

	if (sp) {
		fn(to, (size_t)(sp - to), at, false,
		   license_word_hash(to, (size_t)(sp - to)), p);
		fn(sp + 1, strlen(sp + 1), at, false,
		   license_word_hash(sp + 1, strlen(sp + 1)), p);
	} else {
		fn(to, strlen(to), at, false, license_word_hash(to, strlen(to)), p);
	}
}

/* Is "W[i] W[i+1]" a two-word form? Its canonical spelling, or NULL. */
static const char *pair_of(const struct word *w, size_t i, size_t n)
{
	/* the first words of the pairs: "copyright", "per", "sub" */
	if (i + 1 >= n || w[i].field || w[i + 1].field ||
	    (w[i].s[0] != 'c' && w[i].s[0] != 'p' && w[i].s[0] != 's'))
		return NULL;
	for (size_t k = 0; k < NELEM(equivalent_pairs); k++) {
		const struct equivalent *e = &equivalent_pairs[k];
		if (e->len == w[i].len + 1 + w[i + 1].len && e->from[0] == w[i].s[0] &&
		    !memcmp(e->from, w[i].s, w[i].len) && e->from[w[i].len] == ' ' &&
		    !memcmp(e->from + w[i].len + 1, w[i + 1].s, w[i + 1].len))
			return e->to;
	}
	return NULL;
}

static void emit_words(const struct word *w, size_t n, emit_fn *fn, void *p)
{
	for (size_t i = 0; i < n; i++) {
		const char *to;
		uint64_t h;

		if (w[i].field) {
			fn(w[i].s, w[i].len, w[i].at, true, 0, p);
			continue;
		}
		if ((to = pair_of(w, i, n))) {
			emit_canonical(to, w[i].at, fn, p);
			i++;
			continue;
		}
		h = license_word_hash(w[i].s, w[i].len);
		if ((to = equivalent_of(h, w[i].len)))
			emit_canonical(to, w[i].at, fn, p);
		else
			fn(w[i].s, w[i].len, w[i].at, false, h, p);
	}
}

/* The word or field at S[*i..len), into *W; false when *I moved past
 * something that is not a word. */
static bool next_word(struct word *w, const char *s, size_t len, size_t *i,
                      bool fields)
{
	size_t start, end, u;
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
	start = *i;
	end = word_end(s, len, start);
	if (end == start) {
		/* not a word character: skip it, whole */
		if ((unsigned char)c < 0x80)
			(*i)++;
		else
			norm_next_cp(s, len, i);
		return false;
	}
	*i = end;
	while (start < end && (s[start] == '-' || s[start] == '_'))
		start++;
	while (end > start && (s[end - 1] == '-' || s[end - 1] == '_'))
		end--;
	*w = (struct word){ s + start, end - start, start, false };
	return end > start;
}

void norm_words(const char *s, size_t len, bool fields, emit_fn *fn,
                void *payload)
{
	size_t cap = 256, n = 0, i = 0;
	struct word *w = xmalloc(cap * sizeof(*w));

	pthread_once(&tables_once, ascii_class_build);
	pthread_once(&by_hash_once, by_hash_build);
	while (i < len) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80 && ascii_class[b] == ASCII_SEP) {
			i++;  /* spaces and punctuation: most of what is not words */
			continue;
		}
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
                     uint64_t hash, void *payload)
{
	struct words_cb *cb = payload;

	(void)hash;
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
	struct buf a = BUF_INIT;
	struct words_cb cb = { fn, payload, NULL, 0 };
	size_t skip = 0, blen;
	char *b;

	norm_markup(&a, s, len, false);
	b = norm_fold(&blen, a.data ? a.data : "", a.len);
	if (line_start) {
		while (skip < blen && strchr(" \n", b[skip]))
			skip++;
		skip += norm_marker(b + skip, blen - skip);
	}
	cb.text = b + skip;
	cb.len = blen - skip;
	norm_words(b + skip, blen - skip, true, words_cb, &cb);
	buf_free(&a);
	free(b);
}
