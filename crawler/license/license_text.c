/*
 * license_text.c - normalise a licence text (license_text.h): the passes of
 * license_markup.c, license_lines.c and license_words.c in order, then the
 * word and bigram sets the Dice matcher compares (licensee's
 * content_helper/similarity_methods.rb).
 */
#include "crawler/license/license_text.h"

#include <stdlib.h>
#include <string.h>

#include "crawler/license/license_norm.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"

/* Byte ranges of the joined text that are copyright notices. */
struct ranges {
	size_t (*v)[2];
	size_t n, cap;
};

static void range_add(struct ranges *r, size_t from, size_t to)
{
	if (r->n == r->cap)
		r->v = xrealloc(r->v, (r->cap = r->cap ? 2 * r->cap : 8) *
		                sizeof(*r->v));
	r->v[r->n][0] = from;
	r->v[r->n][1] = to;
	r->n++;
}

/* Join lines [0, to) into T, one '\n' between: a word hyphenated across
 * lines is rejoined ("cc-\nlicensed"), a Markdown link keeps its text
 * ("[MIT](LICENSE)" reads "MIT"). *START is the offset of line FROM;
 * NOTICES gets the copyright notices. */
static void join_lines(struct buf *t, size_t *start, struct ranges *notices,
                       const struct norm_line *v, size_t from, size_t to)
{
	*start = 0;
	for (size_t i = 0; i < to; i++) {
		const char *s = v[i].s, *end = s + v[i].len;
		size_t at;

		if (t->len && !(t->data[t->len - 1] == '-' && t->len >= 2 &&
		                t->data[t->len - 2] != ' ' && v[i].len))
			buf_addc(t, '\n');
		if (i == from)
			*start = t->len;
		at = t->len;
		while (s < end) {
			const char *next = memchr(s, ']', (size_t)(end - s));
			if (!next)
				next = end;
			buf_add(t, s, (size_t)(next - s));
			s = next;
			if (s < end && s + 1 < end && s[1] == '(') {
				const char *close = memchr(s, ')', (size_t)(end - s));
				if (close) {
					s = close + 1;
					continue;
				}
			}
			if (s < end)
				buf_addc(t, *s++);
		}
		if (norm_is_notice(&v[i]))
			range_add(notices, at, t->len);
	}
	if (from >= to)
		*start = t->len;
	buf_addc(t, '\0');
	t->len--;
}

struct builder {
	struct license_text *t;
	struct ranges notices;
	size_t next_notice;   /* the first range not yet passed */
	char *text;           /* the words, NUL-separated */
	size_t len, textcap;
	size_t cap;
	size_t start_at;      /* offset where the licence proper begins */
	size_t start_byte;    /* offset in TEXT of the licence proper */
	bool started;
};

static void add_word(const char *w, size_t n, size_t at, bool field,
                     uint64_t hash, void *payload)
{
	struct builder *b = payload;
	struct license_text *t = b->t;

	if (at >= b->start_at && !b->started) {
		t->start = t->nseq;
		b->start_byte = b->len;
		b->started = true;
	}
	if (field) {
		/* A field counts one per word it stands for: the text that fills
		 * "<name of development group>" has about as many. Those of the
		 * leading lines ("Copyright (c) <year> <owner>") are not compared. */
		if (!b->started)
			return;
		t->fields++;
		for (size_t k = 1; k + 1 < n; k++)
			t->fields += w[k] == ' ' && w[k + 1] != ' ';
		return;
	}
	if (t->nseq == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 256;
		t->seq = xrealloc(t->seq, b->cap * sizeof(*t->seq));
		t->off = xrealloc(t->off, b->cap * sizeof(*t->off));
		t->notice = xrealloc(t->notice, b->cap * sizeof(*t->notice));
	}
	while (b->next_notice < b->notices.n &&
	       b->notices.v[b->next_notice][1] <= at)
		b->next_notice++;
	t->notice[t->nseq] = b->next_notice < b->notices.n &&
	                     b->notices.v[b->next_notice][0] <= at;
	if (b->len + n + 1 > b->textcap) {
		b->textcap = 2 * (b->len + n + 1);
		b->text = xrealloc(b->text, b->textcap);
	}
	t->seq[t->nseq] = hash;
	t->off[t->nseq] = (uint32_t)b->len;
	memcpy(b->text + b->len, w, n);
	b->text[b->len + n] = '\0';
	b->len += n + 1;
	t->nseq++;
}

/* Characters of UTF-8 S[0..len): the bytes that do not continue a
 * character (10xxxxxx), eight at a time. */
static size_t count_chars(const char *s, size_t len)
{
	size_t i = 0, cont = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		/* high bit set and the next one clear, as 0 or 1 per byte,
		 * summed by one multiplication */
		v = (v & ~(v << 1) & 0x8080808080808080ULL) >> 7;
		cont += (size_t)((v * 0x0101010101010101ULL) >> 56);
	}
	for (; i < len; i++)
		cont += ((unsigned char)s[i] & 0xC0) == 0x80;
	return len - cont;
}

/* Words of TEXT into OUT->seq; OUT->start set. */
static void split_words(struct license_text *out, const char *text,
                        size_t len, const struct license_norm_opts *opts)
{
	struct buf a = BUF_INIT, c = BUF_INIT;
	struct builder bd = { .t = out };
	struct norm_line *v;
	size_t n, first, last, flen;
	bool copyright = false;
	char *folded;

	/* Most licence files have no markup at all: no copy for them. */
	if (memchr(text, '<', len) || memchr(text, '&', len)) {
		norm_markup(&a, text, len, (opts && opts->html) ||
		            norm_looks_html(text, len));
		text = a.data ? a.data : "";
		len = a.len;
	}
	folded = norm_fold(&flen, text, len);
	buf_free(&a);
	v = norm_lines(&n, folded, flen);
	first = norm_leading(v, n, opts, &copyright);
	last = norm_end_of_terms(v, n, first);
	join_lines(&c, &bd.start_at, &bd.notices, v, first, last);
	free(v);
	free(folded);
	/* the words are about as long as the text they come from */
	bd.textcap = c.len + 16;
	bd.text = xmalloc(bd.textcap);
	norm_words(c.data, c.len, opts && opts->reference, add_word, &bd);
	if (!bd.started) {
		out->start = out->nseq;
		bd.start_byte = bd.len;
	}
	out->copyright_only = copyright && out->start == out->nseq;
	buf_free(&c);
	free(bd.notices.v);
	/* characters, not bytes, of the licence proper: French accents count
	 * once, each NUL stands for a space */
	out->length = count_chars(bd.text + bd.start_byte, bd.len - bd.start_byte);
	out->length -= out->length > 0;
	out->words_text = bd.text;
}

/* ---- sets ---- */

static uint64_t mix(uint64_t x)
{
	/* splitmix64 finaliser */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
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
 * unique values only: a licence repeats its words many times. The set
 * starts small (a licence has a thousand different words or so) and
 * doubles when half full. */
static size_t dedupe(uint64_t *v, size_t n)
{
	size_t cap = 2048, k = 0;
	uint64_t *set = xcalloc(cap, sizeof(*set));
	bool zero = false;

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
		if (set[h])
			continue;
		set[h] = v[i];
		v[k++] = v[i];
		if (2 * k > cap) {
			/* rehash the values kept so far, all in V[0..k) */
			free(set);
			set = xcalloc(cap *= 2, sizeof(*set));
			for (size_t j = 0; j < k; j++) {
				if (!v[j])
					continue;
				for (h = (size_t)(v[j] >> 7) & (cap - 1); set[h];
				     h = (h + 1) & (cap - 1))
					;
				set[h] = v[j];
			}
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


void license_text_analyze_utf8(struct license_text *out, const char *text,
                               size_t len,
                               const struct license_norm_opts *opts)
{
	size_t nb;

	memset(out, 0, sizeof(*out));
	split_words(out, text, len, opts);
	nb = out->nseq - out->start;
	out->words = xmalloc((nb ? nb : 1) * sizeof(uint64_t));
	out->bigrams = xmalloc((nb ? nb : 1) * sizeof(uint64_t));
	for (size_t i = out->start; i < out->nseq; i++) {
		out->words[i - out->start] = out->seq[i];
		if (i > out->start)
			out->bigrams[i - out->start - 1] =
				mix(out->seq[i - 1] * 0x9e3779b97f4a7c15ULL ^ out->seq[i]);
	}
	out->nbigrams = nb ? nb - 1 : 0;
	out->nwords = sort_unique(out->words, nb);
}

int license_text_analyze(struct license_text *out, const char *data,
                         size_t len, const struct license_norm_opts *opts)
{
	char *text;
	size_t tlen;

	memset(out, 0, sizeof(*out));
	if (len > LICENSE_TEXT_MAX)
		len = LICENSE_TEXT_MAX;
	if (license_text_decode(&text, &tlen, data, len) < 0)
		return error_last_code();
	license_text_analyze_utf8(out, text, tlen, opts);
	free(text);
	return 0;
}

char *license_text_joined(const struct license_text *t)
{
	struct buf b = BUF_INIT;

	for (size_t i = t->start; i < t->nseq; i++) {
		if (i > t->start)
			buf_addc(&b, ' ');
		buf_adds(&b, t->words_text + t->off[i]);
	}
	buf_addc(&b, '\0');
	return buf_detach(&b);
}

void license_text_bigrams(struct license_text *t)
{
	if (!t->bigrams_set)
		t->nbigrams = sort_unique(t->bigrams, t->nbigrams);
	t->bigrams_set = true;
}

void license_text_free(struct license_text *t)
{
	free(t->seq);
	free(t->off);
	free(t->notice);
	free(t->words_text);
	free(t->words);
	free(t->bigrams);
	memset(t, 0, sizeof(*t));
}
