/*
 * license_match.h - identify one licence text against the embedded
 * licences: the SPDX License List templates (data/licences/templates/,
 * license-list-XML) and reference texts (data/licences/texts/), compiled
 * into C data at build time by gen_license_data.c.
 *
 * The matchers, first that answers wins:
 *   copyright  nothing but copyright lines: no licence ("NONE");
 *   template   the text matches a licence's SPDX template, as the SPDX
 *              License List Matching Guidelines define a match: an exact
 *              answer, confidence 100; also a template found whole inside
 *              a longer text, the words around it listed;
 *   similar    licensee's Sørensen-Dice on word sets (the length penalty
 *              and the bigram guard included) of at least 98: the words
 *              that differ from the template are listed;
 *   notice     a standard licence header of the SPDX list ("This program
 *              is free software...", "Licensed under the Apache License,
 *              Version 2.0...");
 *   reference  a "License" section that names a licence or links to it
 *              (licensee's reference matcher, for READMEs).
 */
#ifndef INVENTAIRE_LICENSE_MATCH_H
#define INVENTAIRE_LICENSE_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crawler/license/license_template.h"
#include "crawler/license/license_text.h"

/* One licence text, pre-normalised and hashed at build time. */
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
	/* The SPDX template, or the reference text itself as one when the
	 * list has none (the French CeCILL texts). */
	const struct license_prog *tmpl;
	bool spdx_template;
};

/* A standard licence header (SPDX's standardLicenseHeader). */
struct license_notice {
	const char *spdx;
	const struct license_prog *full;   /* every paragraph */
	const struct license_prog *grant;  /* the first: the grant itself */
	const uint64_t *words;             /* the grant's words, sorted */
	size_t nwords;
};

/* Generated: license_data.c. */
extern const struct license_ref license_refs[];
extern const size_t license_nrefs;
extern const struct license_notice license_notices[];
extern const size_t license_nnotices;
extern const char *const license_titles[];
extern const size_t license_ntitles;

/* licensee's CONFIDENCE_THRESHOLD (lib/licensee.rb). */
#define LICENSE_THRESHOLD 98.0

struct license_match {
	/* SPDX id, "NONE" for a copyright notice alone, or NULL when the text
	 * is not a known licence as it is (not identified, or modified: see
	 * MODIFIED). Points into constant data. */
	const char *spdx;
	/* "template", "similar", "notice", "reference", "copyright" or NULL */
	const char *matcher;
	double confidence;       /* 0-100, never rounded */
	const struct license_ref *ref;
	/* The closest reference even when below the threshold (a guess to
	 * show the user), and its similarity. */
	const struct license_ref *guess;
	double guess_confidence;
	/*
	 * The text is REF's licence, but not as it is: words differ from the
	 * template outside its variable parts ("similar"), or other text
	 * surrounds the whole licence found inside it ("template"). SPDX is
	 * then NULL, never the plain licence's id; DIFF says which words
	 * (for a licence inside a longer text, the words around it are
	 * "added").
	 */
	bool modified;
	struct license_diff diff;
};

/* The normaliser options for candidates: the embedded titles. */
void license_match_opts(struct license_norm_opts *out, const char *filename);

/*
 * Identify DATA[0..len), read from a file named FILENAME (its extension
 * says HTML). 0, or ERROR_PARSE for binary data (*OUT then says nothing).
 */
int license_match(struct license_match *out, const char *data, size_t len,
                  const char *filename);

/* Same, for an already analysed text: the licence text matchers only
 * (no README section). */
void license_match_text(struct license_match *out, struct license_text *t);

/* Words of prose a README's "License" section may have around a licence
 * text ("This project is released under the following terms:"). */
#define LICENSE_PROSE_WORDS 30

/*
 * M found a whole licence in a README's "License" section, with at most
 * LICENSE_PROSE_WORDS other words (license_match_text() calls it
 * modified): it is that licence; make M say so. True when it did.
 */
bool license_match_in_prose(struct license_match *m);

#endif
