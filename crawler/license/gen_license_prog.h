/*
 * gen_license_prog.h - build-time only: compile the template trees that
 * gen_license_templates.py writes into word programs
 * (license_template.h). Linked into gen_license_data, not the program.
 */
#ifndef INVENTAIRE_GEN_LICENSE_PROG_H
#define INVENTAIRE_GEN_LICENSE_PROG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "crawler/license/license_template.h"

struct gen_prog {
	struct license_op *ops;
	size_t nops, cap;
	size_t nwords;
};

/* Words seen in every program compiled, for license_word_names[]. */
struct gen_names {
	struct license_word_name *v;
	size_t n, cap;
};

enum gen_part {
	GEN_TEXT,     /* a licence text: cut at END OF TERMS AND CONDITIONS */
	GEN_HEADER,   /* a whole standard licence header */
	GEN_GRANT,    /* the first paragraph of a header: the licence grant */
};

/* Compile TREE (a template tree) into *OUT. 0, or -1 with a message on
 * standard error. */
int gen_prog_compile(struct gen_prog *out, struct gen_names *names,
                     json_t *tree, enum gen_part part);

/* Compile the words of a plain reference TEXT (no SPDX template), as
 * normalised with OPTS, leading titles and copyright lines left out. */
void gen_prog_from_text(struct gen_prog *out, struct gen_names *names,
                        const char *text, size_t len,
                        const struct license_norm_opts *opts);

/* The sorted set of the hashes of OUT's words, for a prefilter. */
uint64_t *gen_prog_words(const struct gen_prog *p, size_t *n);

/* Write P as C: "static const struct license_op NAME[]", and the
 * struct license_prog NAME_prog. */
void gen_prog_write(FILE *out, const char *name, const struct gen_prog *p);

void gen_prog_free(struct gen_prog *p);

/* Sort NAMES by hash; -1 if two words share a hash. */
int gen_names_finish(struct gen_names *names);

#endif
