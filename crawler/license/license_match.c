/*
 * license_match.c - identify one licence text (data/licences/detection.md
 * §5, licensee's matchers/exact.rb and matchers/dice.rb, reimplemented).
 */
#include "crawler/license/license_match.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

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

void license_match_text(struct license_match *out, struct license_text *t)
{
	double best = -1;

	memset(out, 0, sizeof(*out));
	if (t->copyright_only) {
		out->spdx = "NONE";
		out->matcher = "copyright";
		out->confidence = 100;
		return;
	}
	if (t->nwords == 0)
		return;
	for (size_t i = 0; i < license_nrefs; i++) {
		const struct license_ref *r = &license_refs[i];
		size_t ov;
		double sim, upper;

		/* Cheap bound first: the best possible overlap. */
		ov = r->nwords < t->nwords ? r->nwords : t->nwords;
		upper = similarity(r, t, ov);
		if (upper < best && upper < LICENSE_THRESHOLD)
			continue;
		ov = license_hash_overlap(r->words, r->nwords, t->words, t->nwords);
		/* The bigram guard applies to both matchers: the same words in
		 * another order are not the same licence (licensee issue #602). */
		if (ov == r->nwords && ov == t->nwords && bigram_ok(r, t)) {
			out->spdx = r->spdx;
			out->matcher = "exact";
			out->confidence = 100;
			out->ref = out->guess = r;
			out->guess_confidence = 100;
			return;
		}
		sim = similarity(r, t, ov);
		if (sim <= best)
			continue;
		best = sim;
		out->guess = r;
		out->guess_confidence = sim;
		if (sim < LICENSE_THRESHOLD)
			continue;
		if (!bigram_ok(r, t))
			continue;
		out->spdx = r->spdx;
		out->matcher = "dice";
		out->confidence = sim > 100 ? 100 : sim;
		out->ref = r;
	}
}

int license_match(struct license_match *out, const char *data, size_t len,
                  const char *filename)
{
	struct license_norm_opts o;
	struct license_text t;
	int err;

	license_match_opts(&o, filename);
	if ((err = license_text_analyze(&t, data, len, &o)) < 0) {
		memset(out, 0, sizeof(*out));
		return err;
	}
	license_match_text(out, &t);
	license_text_free(&t);
	return 0;
}
