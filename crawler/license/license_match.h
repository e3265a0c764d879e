/*
 * license_match.h - identify one licence text against the embedded
 * reference texts (data/licences/texts/, turned into C data at build time by
 * gen_license_data.c).
 *
 * Matchers, in licensee's order (data/licences/detection.md §5): copyright
 * only, exact word set, then Sørensen-Dice on word sets with the length
 * penalty and the bigram guard, threshold 98.
 */
#ifndef INVENTAIRE_LICENSE_MATCH_H
#define INVENTAIRE_LICENSE_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "crawler/license/license_text.h"

/* One reference text, pre-normalised and hashed at build time. */
struct license_ref {
	const char *key;         /* INDEX.json key: "CECILL-B.fr" */
	const char *spdx;        /* "CECILL-B" */
	const char *name;        /* "CeCILL-B Free Software License Agreement" */
	const char *lang;        /* "en", "fr" */
	const uint64_t *words;
	size_t nwords;
	const uint64_t *bigrams;
	size_t nbigrams;
	size_t length;
	unsigned fields;
};

/* Generated: license_data.c. */
extern const struct license_ref license_refs[];
extern const size_t license_nrefs;
extern const char *const license_titles[];
extern const size_t license_ntitles;

/* licensee's CONFIDENCE_THRESHOLD (lib/licensee.rb), detection.md §5.3. */
#define LICENSE_THRESHOLD 98.0

struct license_match {
	/* SPDX id, "NONE" for a copyright notice alone, or NULL when the text
	 * is not identified. Points into license_refs. */
	const char *spdx;
	const char *matcher;     /* "exact", "dice", "copyright" or NULL */
	double confidence;       /* 0-100 */
	const struct license_ref *ref;
	/* The closest reference even when below the threshold (a guess to
	 * show the user), and its similarity. */
	const struct license_ref *guess;
	double guess_confidence;
};

/* The normaliser options for candidates: the embedded titles. */
void license_match_opts(struct license_norm_opts *out, const char *filename);

/*
 * Identify DATA[0..len), read from a file named FILENAME (only its
 * extension matters: .html is stripped of tags). 0, or -EILSEQ for binary
 * data.
 */
int license_match(struct license_match *out, const char *data, size_t len,
                  const char *filename);

/* Same, for an already analysed text. */
void license_match_text(struct license_match *out, struct license_text *t);

#endif
