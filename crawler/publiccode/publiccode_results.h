/*
 * publiccode_results.h - one validation run and the results it adds
 * (publiccode_results.c), shared by the files of the validator.
 */
#ifndef INVENTAIRE_PUBLICCODE_RESULTS_H
#define INVENTAIRE_PUBLICCODE_RESULTS_H

#include <stddef.h>

#include "crawler/publiccode/publiccode.h"
#include "crawler/publiccode/publiccode_yaml.h"

/* One validation run. */
struct pc_run {
	struct pc_results *out;
	const struct pc_opts *opts;
	const struct pcy_node *root;
	/* Top-level keys the decoder dropped: a value that fails to decode
	 * leaves its whole top-level key unset. */
	const char *dropped[48];
	size_t ndropped;
};

/* Add a result at KEY's position in the document (parser.go,
 * getPositionInFile)... */
void pc_add(struct pc_run *run, enum pc_type type, const char *key,
            const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* ...or at LINE, COL. */
void pc_add_at(struct pc_run *run, enum pc_type type, const char *key,
               unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* ...or to R before a run exists (the file could not be decoded). */
void pc_results_add(struct pc_results *r, enum pc_type type, const char *key,
                    unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* The top-level value KEY, NULL when absent, null or dropped. */
const struct pcy_node *pc_top(const struct pc_run *run, const char *key);
/* Value of KEY in mapping M, NULL when absent or null. */
const struct pcy_node *pc_field(const struct pcy_node *m, const char *key);

#endif
