/*
 * license_norm.h - the passes of the normaliser, shared by the files of
 * crawler/license/ only (license_text.h is the public side).
 *
 *   markup   HTML tags, comments and entities        license_markup.c
 *   chars    case, quotes, dashes, spaces, (c)        license_markup.c
 *   lines    comment prefixes, headings, bullets,     license_lines.c
 *            leading titles and copyright lines,
 *            END OF TERMS AND CONDITIONS
 *   words    URLs, placeholders, equivalent words     license_words.c
 */
#ifndef INVENTAIRE_LICENSE_NORM_H
#define INVENTAIRE_LICENSE_NORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crawler/license/license_text.h"
#include "lib/buf.h"

/* Append S[0..len) to OUT without its markup: <!-- comments -->, entities
 * (&lt; &amp; &#169; ...), and with HTML every tag (block tags end a
 * paragraph, <li> starts a bullet). */
void norm_markup(struct buf *out, const char *s, size_t len, bool html);

/* Does the text look like HTML (block tags), whatever its file name? */
bool norm_looks_html(const char *s, size_t len);

/* S[0..len) lowercased, with one spelling for quotes, dashes, spaces,
 * bullets and the copyright sign; NUL-terminated, caller frees. */
char *norm_fold(size_t *outlen, const char *s, size_t len);

/* One line of the text, its markers removed. */
struct norm_line {
	const char *s;
	size_t len;
	size_t indent;   /* leading spaces before the content */
};

/* Split folded TEXT into lines without comment prefixes, headings,
 * quotes, rules and list markers. Caller frees. */
struct norm_line *norm_lines(size_t *n, const char *text, size_t len);

/* Length of a list marker at S ("1. ", "(a) ", "- ", "iv. "), or 0. */
size_t norm_marker(const char *s, size_t len);

/*
 * The first line of the licence proper: leading titles, version lines,
 * URL lines and copyright notices are skipped. *COPYRIGHT says whether a
 * copyright notice was among them.
 */
size_t norm_leading(const struct norm_line *v, size_t n,
                    const struct license_norm_opts *o, bool *copyright);

/* Is L a copyright notice that states no terms ("Copyright (c) 2024
 * DREES", "(c) 1994 The Regents")? */
bool norm_is_notice(const struct norm_line *l);

/* The first line from FROM that is "END OF TERMS AND CONDITIONS", or N. */
size_t norm_end_of_terms(const struct norm_line *v, size_t n, size_t from);

/* Does line S[0..len) start with a known title? */
bool norm_is_title(const char *s, size_t len,
                   const struct license_norm_opts *o);

/* Words of joined text S[0..len): FN(word, n, at, false, hash, payload)
 * for each, with AT its offset in S and HASH license_word_hash(word),
 * equivalent words already mapped; when FIELDS is true, FN(placeholder,
 * n, at, true, 0, payload) for each <placeholder>. */
void norm_words(const char *s, size_t len, bool fields,
                void (*fn)(const char *w, size_t n, size_t at, bool field,
                           uint64_t hash, void *payload),
                void *payload);

/* Is code point C a letter, digit or combining mark? */
bool norm_is_alnum(int32_t c);

/* Next code point of S[*i..len), advancing *I; invalid bytes are U+FFFD. */
int32_t norm_next_cp(const char *s, size_t len, size_t *i);

#endif
