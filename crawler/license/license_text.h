/*
 * license_text.h - turn the bytes of a licence file into something to match:
 * decoding, normalisation, word and bigram sets.
 *
 * Our own implementation of licensee's approach, as described in
 * data/licences/detection.md §3-§4 (the shared copy:
 * ../shared/data/licences/detection.md). The same functions normalise the
 * reference texts (at build time, gen_license_data.c) and the candidates
 * (at run time), so both sides always agree.
 */
#ifndef INVENTAIRE_LICENSE_TEXT_H
#define INVENTAIRE_LICENSE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Files larger than this are not licence texts we identify (detection.md §3
 * reads 64 KiB; the full LGPL-3.0 with GPL appended is 42 KB). */
#define LICENSE_TEXT_MAX (256 * 1024)

/*
 * Decode DATA[0..len) to UTF-8 with LF line ends: a UTF-8 BOM is dropped,
 * UTF-16 with a BOM is converted, text that is not valid UTF-8 is read as
 * Windows-1252/Latin-1 (CeCILL texts from cecill.info are Latin-1).
 * *OUT is NUL-terminated and owned by the caller. -EILSEQ for binary data
 * (a NUL byte outside UTF-16).
 */
int license_text_decode(char **out, size_t *outlen, const char *data,
                        size_t len);

/* Options of the normaliser. */
struct license_norm_opts {
	/* Known licence titles, "squashed" (license_title_squash): a first
	 * line starting with one of them is a title and is dropped. */
	const char *const *titles;
	size_t ntitles;
	bool html;        /* the file is .html/.htm: strip tags first */
	bool reference;   /* a reference text: <placeholders> are fields */
};

/* What the matchers compare: detection.md §4 "Words". */
struct license_text {
	uint64_t *words;      /* hashes of the word set, sorted, unique */
	size_t nwords;
	/* Hashes of the bigrams: in text order until license_text_bigrams()
	 * makes them a sorted set (only the matchers' last check needs it). */
	uint64_t *bigrams;
	size_t nbigrams;
	bool bigrams_set;
	size_t length;        /* characters of the normalised text */
	unsigned fields;      /* <placeholders> removed (references only) */
	bool copyright_only;  /* nothing but copyright lines (detection.md §5.1) */
};

/*
 * Normalise UTF-8 TEXT (from license_text_decode) into *OUT, a
 * NUL-terminated string of words separated by single spaces.
 */
int license_text_normalize(char **out, const char *text, size_t len,
                           const struct license_norm_opts *opts,
                           unsigned *fields, bool *copyright_only);

/* Decode, normalise and hash DATA into *OUT. */
int license_text_analyze(struct license_text *out, const char *data,
                         size_t len, const struct license_norm_opts *opts);
void license_text_free(struct license_text *t);

/* Turn T's bigrams into a sorted set, once. */
void license_text_bigrams(struct license_text *t);

/* Squashed form of a title or line: lowercase letters and digits only,
 * "licence" read as "license". Caller frees. */
char *license_title_squash(const char *s);

/*
 * The title variants of licence NAME with SPDX id SPDX (detection.md §4
 * step 7): the name, without version, with "v"/"version", the id with
 * dashes as spaces. Calls ADD(squashed, payload) for each (duplicates
 * possible).
 */
void license_title_variants(const char *name, const char *spdx,
                            void (*add)(const char *squashed, void *payload),
                            void *payload);

/* Size of the intersection of two sorted unique arrays. */
size_t license_hash_overlap(const uint64_t *a, size_t na, const uint64_t *b,
                            size_t nb);

#endif
