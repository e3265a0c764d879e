/*
 * license_match.c - identify one licence text (license_match.h): the SPDX
 * templates as the SPDX License List Matching Guidelines define a match,
 * licensee's Dice matcher (matchers/dice.rb, content_helper/
 * similarity_methods.rb, reimplemented) as the fallback, then standard
 * licence headers and README "License" sections.
 */
#include "crawler/license/license_match.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawler/license/license_section.h"
#include "crawler/license/spdx.h"
#include "lib/alloc.h"
#include "lib/error.h"

/* Templates are tried on references at least this similar (Dice), most
 * similar first: below it, words are too different for an exact match to
 * be likely, and trying costs time. */
#define TEMPLATE_FLOOR 40.0

/* A licence is looked for inside a longer text when the text holds at
 * least this share of the reference's words. */
#define CONTAINED_SHARE 0.9

/* A text the template matches but for a few words (at most
 * LICENSE_DIFF_MAX, and at most one word in NEAR_SHARE of the text) is
 * that licence, modified: the words are known. The NEAR_TRIES references
 * most similar are tried, if at least NEAR_FLOOR similar. */
#define NEAR_SHARE 10
#define NEAR_TRIES 3
#define NEAR_FLOOR 50.0

/* A notice is looked for when the text holds this share of its words. */
#define NOTICE_SHARE 0.8

/* licensee's reference matcher's confidence (matchers/reference.rb). */
#define REFERENCE_CONFIDENCE 90.0

void license_match_opts(struct license_norm_opts *out, const char *filename)
{
	const char *dot = filename ? strrchr(filename, '.') : NULL;

	memset(out, 0, sizeof(*out));
	out->titles = license_titles;
	out->ntitles = license_ntitles;
	out->html = dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"));
}

/*
 * licensee's similarity (content_helper/similarity_methods.rb): Dice on
 * word sets, the reference's fields (template placeholders) discounted, and
 * a length penalty of a quarter of the length difference, so long texts
 * need nearly equal length.
 */
static double similarity(const struct license_ref *r,
                         const struct license_text *t, size_t overlap)
{
	double delta = r->length > t->length ? (double)(r->length - t->length)
	                                     : (double)(t->length - r->length);
	double total;

	delta -= 5.0 * r->fields;
	if (delta < 0)
		delta = 0;
	total = (double)r->nwords + (double)t->nwords - r->fields + delta / 4;
	return total > 0 ? 200.0 * (double)overlap / total : 0;
}

/* The same words in another order are not the same licence (licensee
 * issue #602): bigrams must be at least half as similar. */
static bool bigram_ok(const struct license_ref *r, struct license_text *t)
{
	size_t ov;

	license_text_bigrams(t);
	ov = license_hash_overlap(r->bigrams, r->nbigrams, t->bigrams,
	                          t->nbigrams);
	return r->nbigrams + t->nbigrams == 0 ||
	       200.0 * (double)ov / (double)(r->nbigrams + t->nbigrams) >=
	       LICENSE_THRESHOLD / 2;
}

struct scored {
	const struct license_ref *ref;
	double sim;
	size_t overlap;
};

static int cmp_scored(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;

	return x->sim < y->sim ? 1 : x->sim > y->sim ? -1 :
	       x->ref < y->ref ? -1 : x->ref > y->ref;
}

/* Every reference's similarity to T, best first, into V (license_nrefs
 * entries). A reference whose best possible similarity (every word of the
 * smaller set shared) is under TEMPLATE_FLOOR is not compared: its
 * overlap stays unknown (SIZE_MAX) until overlap_of() needs it. */
static void score_all(struct scored *v, const struct license_text *t)
{
	for (size_t i = 0; i < license_nrefs; i++) {
		const struct license_ref *r = &license_refs[i];
		size_t ov = r->nwords < t->nwords ? r->nwords : t->nwords;

		if (similarity(r, t, ov) < TEMPLATE_FLOOR) {
			v[i] = (struct scored){ r, 0, SIZE_MAX };
			continue;
		}
		ov = license_hash_overlap(r->words, r->nwords, t->words, t->nwords);
		v[i] = (struct scored){ r, similarity(r, t, ov), ov };
	}
	qsort(v, license_nrefs, sizeof(*v), cmp_scored);
}

static size_t overlap_of(struct scored *s, const struct license_text *t)
{
	if (s->overlap == SIZE_MAX)
		s->overlap = license_hash_overlap(s->ref->words, s->ref->nwords,
		                                  t->words, t->nwords);
	return s->overlap;
}

static void found(struct license_match *out, const struct license_ref *r,
                  const char *matcher, double confidence)
{
	out->spdx = r->spdx;
	out->matcher = matcher;
	out->confidence = confidence > 100 ? 100 : confidence;
	out->ref = r;
}

/* R, but not as it is: the text changed it or adds to it. It is never
 * reported as R (no spdx), so that no caller takes it for the plain
 * licence; REF says which licence it is based on. */
static void found_modified(struct license_match *out,
                           const struct license_ref *r, const char *matcher,
                           double confidence)
{
	found(out, r, matcher, confidence);
	out->spdx = NULL;
	out->modified = true;
	out->guess = r;
	out->guess_confidence = out->confidence;
}

/* Words of T outside [from, to), beyond its leading lines, as "added". */
static void around(struct license_diff *d, const struct license_text *t,
                   size_t from, size_t to)
{
	memset(d, 0, sizeof(*d));
	d->known = true;
	for (size_t i = t->start; i < t->nseq; i++) {
		const char *w = t->words_text + t->off[i];
		size_t n = strlen(d->added);
		if ((i >= from && i < to) || t->notice[i])
			continue;  /* the licence, or a copyright notice */
		d->nadded++;
		if (n + strlen(w) + 6 < sizeof(d->added))
			n += (size_t)snprintf(d->added + n, sizeof(d->added) - n,
			                      "%s%s", n ? " " : "", w);
		else if (n + 5 < sizeof(d->added) && !strstr(d->added, "..."))
			strcpy(d->added + n, " ...");
	}
}

/* A whole licence inside a longer text (a README, a file with a notice
 * after the licence): the longest found. */
static bool contained(struct license_match *out, struct scored *v,
                      size_t n, const struct license_text *t)
{
	size_t best = 0, from, to;
	const struct license_ref *r = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct license_ref *c = v[i].ref;
		/* cheap first: enough words at all, then the same words */
		if ((double)t->nwords < CONTAINED_SHARE * (double)c->nwords ||
		    (double)overlap_of(&v[i], t) < CONTAINED_SHARE * (double)c->nwords)
			continue;
		if (license_template_find(&from, &to, c->tmpl, t, 0) &&
		    to - from > best) {
			best = to - from;
			r = c;
			around(&out->diff, t, from, to);
		}
	}
	if (!r)
		return false;
	if (out->diff.nadded)
		found_modified(out, r, "template", 100);
	else
		found(out, r, "template", 100);
	return true;
}

/* A licence changed in a few words: the fewest edits to its template. */
static bool near(struct license_match *out, const struct scored *v, size_t n,
                 const struct license_text *t)
{
	size_t words = t->nseq - t->start;

	for (size_t i = 0; i < n && i < NEAR_TRIES && v[i].sim >= NEAR_FLOOR; i++) {
		struct license_diff d;
		unsigned edits;

		license_template_diff(&d, v[i].ref->tmpl, t);
		edits = d.nadded + d.nremoved;
		if (!d.known || (size_t)edits * NEAR_SHARE > words)
			continue;
		found_modified(out, v[i].ref, "template",
		               100.0 * (1.0 - (double)edits / (double)words));
		out->diff = d;
		return true;
	}
	return false;
}

void license_match_text(struct license_match *out, struct license_text *t)
{
	struct scored *v;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (t->copyright_only) {
		out->spdx = "NONE";
		out->matcher = "copyright";
		out->confidence = 100;
		return;
	}
	if (t->nwords == 0)
		return;
	v = xmalloc(license_nrefs * sizeof(*v));
	n = license_nrefs;
	score_all(v, t);
	out->guess = v[0].ref;
	out->guess_confidence = v[0].sim;
	for (size_t i = 0; i < n && v[i].sim >= TEMPLATE_FLOOR; i++)
		if (license_template_match(v[i].ref->tmpl, t)) {
			found(out, v[i].ref, "template", 100);
			free(v);
			return;
		}
	if (v[0].sim >= LICENSE_THRESHOLD && bigram_ok(v[0].ref, t)) {
		found_modified(out, v[0].ref, "similar", v[0].sim);
		license_template_diff(&out->diff, v[0].ref->tmpl, t);
	} else if (!contained(out, v, n, t)) {
		near(out, v, n, t);
	}
	free(v);
}

/* ---- notices and README sections ---- */

bool license_match_in_prose(struct license_match *m)
{
	if (!m->modified || strcmp(m->matcher, "template") || !m->diff.known ||
	    m->diff.nremoved || m->diff.nadded > LICENSE_PROSE_WORDS)
		return false;
	m->spdx = m->ref->spdx;
	m->modified = false;
	memset(&m->diff, 0, sizeof(m->diff));
	return true;
}

/* A README ("README.md", "readme.txt", "LISEZMOI"): its "License" section
 * says what its licence is, whatever the rest of it holds. */
static bool readme_name(const char *filename)
{
	const char *base = filename ? strrchr(filename, '/') : NULL;

	base = base ? base + 1 : filename ? filename : "";
	return !strncasecmp(base, "readme", 6) || !strncasecmp(base, "lisezmoi", 8) ||
	       !strncasecmp(base, "lisez-moi", 9);
}

/* A standard licence header in T: the whole header, or else its grant. */
static bool notice(struct license_match *out, const struct license_text *t)
{
	size_t best = 0, from, to;
	const struct license_notice *hit = NULL;

	for (size_t i = 0; i < license_nnotices; i++) {
		const struct license_notice *h = &license_notices[i];
		size_t ov = license_hash_overlap(h->words, h->nwords, t->words,
		                                 t->nwords);
		if ((double)ov < NOTICE_SHARE * (double)h->nwords)
			continue;
		if ((license_template_find(&from, &to, h->full, t, 0) ||
		     license_template_find(&from, &to, h->grant, t, 0)) &&
		    to - from > best) {
			best = to - from;
			hit = h;
		}
	}
	if (!hit)
		return false;
	out->spdx = hit->spdx;
	out->matcher = "notice";
	out->confidence = 100;
	return true;
}

/* The licence a README-like section names: one licence, by name or link. */
static bool reference(struct license_match *out, const char *text, size_t len)
{
	char *names = license_section_names(text, len);
	const char *id = names ? spdx_known_id(names) : NULL;

	free(names);
	if (!id)
		return false;
	out->spdx = id;
	out->matcher = "reference";
	out->confidence = REFERENCE_CONFIDENCE;
	return true;
}

/* TEXT's "License" section, identified as a text, a notice or a name. */
static bool section(struct license_match *out, const char *text, size_t len,
                    const struct license_norm_opts *o)
{
	const char *sec;
	size_t n;
	unsigned line;
	struct license_text t;
	struct license_match m;

	if (license_section_find(&sec, &n, &line, text, len) < 0)
		return false;
	license_text_analyze_utf8(&t, sec, n, o);
	license_match_text(&m, &t);
	license_match_in_prose(&m);
	if (!m.spdx && !m.modified)
		notice(&m, &t);
	license_text_free(&t);
	if (m.spdx && strcmp(m.spdx, "NONE")) {
		m.guess = out->guess;
		m.guess_confidence = out->guess_confidence;
		*out = m;
		return true;
	}
	return reference(out, sec, n);
}

int license_match(struct license_match *out, const char *data, size_t len,
                  const char *filename)
{
	struct license_norm_opts o;
	struct license_text t;
	struct license_match whole;
	char *text;
	size_t tlen;

	memset(out, 0, sizeof(*out));
	license_match_opts(&o, filename);
	if (len > LICENSE_TEXT_MAX)
		len = LICENSE_TEXT_MAX;
	if (license_text_decode(&text, &tlen, data, len) < 0)
		return error_last_code();
	license_text_analyze_utf8(&t, text, tlen, &o);
	license_match_text(&whole, &t);
	*out = whole;
	/* A licence text as it is; else, for a README, its "License" section;
	 * else the licence the text holds with changes or other text; else
	 * a "License" section of another text, or a notice in it. */
	if (!whole.spdx &&
	    !(readme_name(filename) && section(out, text, tlen, &o)) &&
	    !whole.modified && !section(out, text, tlen, &o)) {
		*out = whole;
		notice(out, &t);
	}
	license_text_free(&t);
	free(text);
	return 0;
}
