/*
 * license_template.h - match a normalised text against a licence template
 * of the SPDX License List (license-list-XML), compiled at build time into
 * a small program over words (gen_license_data.c).
 *
 * The program is a regular expression over words, run as a Thompson NFA
 * (Russ Cox, "Regular Expression Matching Can Be Simple And Fast": every
 * state advanced one word at a time, so no input makes it slow). The
 * template's <optional> parts become splits, its <alt> parts choices or
 * bounded runs of any words, its literal text words to match one for one.
 */
#ifndef INVENTAIRE_LICENSE_TEMPLATE_H
#define INVENTAIRE_LICENSE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crawler/license/license_text.h"

enum license_opcode {
	LICENSE_OP_WORD,   /* one word, whose hash is .word */
	LICENSE_OP_ANY,    /* any one word (a variable part) */
	LICENSE_OP_SPLIT,  /* go on both at pc + 1 and at .x */
	LICENSE_OP_JMP,    /* go on at .x */
	LICENSE_OP_MATCH,  /* the whole template is matched */
};

struct license_op {
	uint64_t word;
	uint32_t code;     /* enum license_opcode */
	uint32_t x;
};

struct license_prog {
	const struct license_op *ops;
	uint32_t nops;
	uint32_t nwords;   /* LICENSE_OP_WORD instructions */
};

/* Template words by hash, to show a diff (generated: license_data.c). */
struct license_word_name {
	uint64_t hash;
	const char *name;
};
extern const struct license_word_name license_word_names[];
extern const size_t license_nword_names;

/* The words of a template that a text lacks or adds: the parts of a
 * licence that someone changed. */
#ifndef LICENSE_DIFF_MAX
#define LICENSE_DIFF_MAX 12        /* edits looked for, at most */
#endif
#define LICENSE_DIFF_TEXT 200      /* bytes of words kept for display */

struct license_diff {
	bool known;        /* false: more than LICENSE_DIFF_MAX edits */
	unsigned nadded, nremoved;
	/* The words, space-separated, in text order ("not"); cut with "..."
	 * when longer than the buffer. */
	char added[LICENSE_DIFF_TEXT];
	char removed[LICENSE_DIFF_TEXT];
};

/*
 * Does P match all of T? The match may start anywhere in T's leading
 * titles and copyright lines (t->start), and must end at T's last word.
 */
bool license_template_match(const struct license_prog *p,
                            const struct license_text *t);

/*
 * The longest run of T's words, starting at LO or later, that P matches:
 * [*from, *to). False when there is none.
 */
bool license_template_find(size_t *from, size_t *to,
                           const struct license_prog *p,
                           const struct license_text *t, size_t lo);

/*
 * The fewest word edits (a word added, removed or changed) that make all
 * of T match P, as in license_template_match(), and which words they are.
 * OUT->known is false when more than LICENSE_DIFF_MAX are needed.
 */
void license_template_diff(struct license_diff *out,
                           const struct license_prog *p,
                           const struct license_text *t);

#endif
