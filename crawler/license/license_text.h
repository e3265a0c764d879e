/*
 * license_text.h - turn the bytes of a licence file into something to match:
 * decoding, normalisation, the words in order, word and bigram sets.
 *
 * The normalisation follows the SPDX License List Matching Guidelines
 * (case, whitespace, quotes and dashes, bullets and numbering, comment
 * indicators and separators, equivalent words, copyright notices, titles,
 * http vs https) and licensee's normaliser (lib/licensee/content_helper.rb:
 * Markdown, HTML, leading titles and copyright lines, "END OF TERMS AND
 * CONDITIONS"). The same functions read the reference texts and templates
 * at build time (gen_license_data.c) and the candidates at run time, so
 * both sides always agree.
 */
#ifndef INVENTAIRE_LICENSE_TEXT_H
#define INVENTAIRE_LICENSE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Files larger than this are not licence texts we identify (licensee reads
 * 64 KiB; the full LGPL-3.0 with the GPL appended is 42 KB). */
#define LICENSE_TEXT_MAX (256 * 1024)

/*
 * Decode DATA[0..len) to UTF-8 with LF line ends: a UTF-8 BOM is dropped,
 * UTF-16 with a BOM is converted, text that is not valid UTF-8 is read as
 * Windows-1252/Latin-1. *OUT is NUL-terminated and owned by the caller.
 * 0, or ERROR_PARSE for binary data (a NUL byte outside UTF-16).
 */
int license_text_decode(char **out, size_t *outlen, const char *data,
                        size_t len);

/* Options of the normaliser. */
struct license_norm_opts {
	/* Known licence titles, "squashed" (license_title_squash): a leading
	 * line starting with one of them is a title. */
	const char *const *titles;
	size_t ntitles;
	bool html;        /* strip HTML tags (also when the text looks HTML) */
	bool reference;   /* a reference text: <placeholders> are fields */
};

/* A normalised text: what the matchers compare. */
struct license_text {
	/* Every word in order, as hash and as text: word i is
	 * words_text + off[i], NUL-terminated. */
	uint64_t *seq;
	uint32_t *off;
	char *words_text;
	size_t nseq;
	/* seq[0..start) are the leading titles, version, URL and copyright
	 * lines; the licence proper starts at seq[start]. */
	size_t start;
	/* notice[i]: word i is in a copyright notice, which the SPDX
	 * matching guidelines ignore wherever it is ("Copyright notice"). */
	bool *notice;
	/* The set of words of seq[start..nseq), sorted. */
	uint64_t *words;
	size_t nwords;
	/* The bigrams of seq[start..nseq): in text order until
	 * license_text_bigrams() makes them a sorted set. */
	uint64_t *bigrams;
	size_t nbigrams;
	bool bigrams_set;
	size_t length;        /* characters of the licence proper */
	unsigned fields;      /* <placeholders> removed (references only) */
	bool copyright_only;  /* nothing but copyright lines */
};

/* Decode, normalise and hash DATA into *OUT (license_text_free). 0, or
 * ERROR_PARSE for binary data. */
int license_text_analyze(struct license_text *out, const char *data,
                         size_t len, const struct license_norm_opts *opts);
/* The same for text already decoded to UTF-8 with LF line ends. */
void license_text_analyze_utf8(struct license_text *out, const char *text,
                               size_t len,
                               const struct license_norm_opts *opts);
void license_text_free(struct license_text *t);

/* The licence proper as one string of words separated by single spaces
 * (what the tests compare). Caller frees. */
char *license_text_joined(const struct license_text *t);

/* Turn T's bigrams into a sorted set, once. */
void license_text_bigrams(struct license_text *t);

/*
 * Split literal text S[0..len) (a template's) into normalised words, as a
 * candidate's would be, and call FN for each: FN(word, n, marker,
 * payload), MARKER saying the word is a list marker inside a paragraph
 * ("(i)"), or FN(NULL, 0, false, payload) for a <placeholder>.
 * LINE_START: S starts a line, so that a leading list marker is dropped as
 * in a candidate.
 */
void license_text_words(const char *s, size_t len, bool line_start,
                        void (*fn)(const char *w, size_t n, bool marker,
                                   void *payload),
                        void *payload);

/* The hash of one normalised word, as in license_text.seq. */
uint64_t license_word_hash(const char *w, size_t n);

/* Squashed form of a title or line: lowercase letters and digits only,
 * "licence" read as "license". Caller frees. */
char *license_title_squash(const char *s);

/*
 * The title variants of licence NAME with SPDX id SPDX (licensee's
 * license/identity_methods.rb title_regex): the name, without version,
 * with "v"/"version", the id with dashes as spaces. Calls
 * ADD(squashed, payload) for each (duplicates possible).
 */
void license_title_variants(const char *name, const char *spdx,
                            void (*add)(const char *squashed, void *payload),
                            void *payload);

/* Size of the intersection of two sorted unique arrays. */
size_t license_hash_overlap(const uint64_t *a, size_t na, const uint64_t *b,
                            size_t nb);

#endif
