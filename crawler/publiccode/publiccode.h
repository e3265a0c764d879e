/*
 * publiccode.h - validate a publiccode.yml exactly as the reference parser
 * (italia/publiccode-parser-go v5, parser.go) does: same results, same
 * keys, same messages, same positions, for the publiccode.yml standard
 * (publiccodeyml/publiccode.yml, docs/standard/).
 *
 * Used by the publiccode check (crawler/checks/publiccode.c) and
 * `inventaire validate`.
 */
#ifndef INVENTAIRE_PUBLICCODE_H
#define INVENTAIRE_PUBLICCODE_H

#include <stdbool.h>
#include <stddef.h>

struct tree;

enum pc_type {
	PC_ERROR,
	PC_WARNING,
};

/* One result, as the reference parser reports it (its errors.go:
 * ValidationError and ValidationWarning). */
struct pc_result {
	enum pc_type type;
	char *key;          /* "" when none */
	char *description;
	unsigned line;      /* 1-based; 0 = no position */
	unsigned column;
};

struct pc_results {
	struct pc_result *v;
	size_t n, cap;
	/* publiccodeYmlVersion when it is a string, else NULL. */
	char *version;
	/* `url` as decoded, else NULL (compared with the repository). */
	char *url;
};

#define PC_RESULTS_INIT { NULL, 0, 0, NULL, NULL }

/* Where relative paths (logo, screenshots, authorsFile) are looked up. */
struct pc_opts {
	/* Run the checks that need the network (the reference's
	 * validations.go: URL reachability, remote logos and screenshots). */
	bool network;
	/* Look relative paths up inside this tree (the check)... */
	struct tree *tree;
	/* ...or in this directory (validate FILE); NULL: no local checks. */
	const char *base_dir;
};

/* Bigger files are refused before parsing: the file is untrusted input. */
#define PUBLICCODE_MAX_BYTES (1024 * 1024)

/*
 * Validate BUF[0..len) into OUT (initialised with PC_RESULTS_INIT, results
 * in the reference parser's order). Returns 0 (see pc_results_valid), or a
 * negative error code when validation itself could not run. When LEN is
 * over PUBLICCODE_MAX_BYTES the file is refused with one error and BUF is
 * not read at all (a caller that stopped reading at the cap may pass the
 * head it has, or NULL).
 */
int publiccode_validate(struct pc_results *out, const char *buf, size_t len,
                        const struct pc_opts *opts);

/* No result of type error. */
bool pc_results_valid(const struct pc_results *r);
void pc_results_free(struct pc_results *r);

/* The result's text form: "publiccode.yml:LINE:COL: error: KEY: DESC". */
char *pc_result_format(const struct pc_result *r, const char *file);

#endif
