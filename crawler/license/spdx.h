/*
 * spdx.h - SPDX licence expressions (SPDX specification 2.3, annex D):
 * `MIT`, `GPL-3.0+`, `CECILL-C OR CECILL-2.1`,
 * `(Apache-2.0 AND MIT) OR GPL-2.0-only WITH Classpath-exception-2.0`.
 *
 * Parsed into a small tree; deprecated ids are mapped to their current form
 * (GPL-3.0 -> GPL-3.0-only, GPL-3.0+ -> GPL-3.0-or-later) and known ids get
 * their canonical case. Expressions are untrusted input (manifests,
 * publiccode.yml): length and nesting are bounded.
 */
#ifndef INVENTAIRE_SPDX_H
#define INVENTAIRE_SPDX_H

#include <stdbool.h>
#include <stddef.h>

enum spdx_kind {
	SPDX_LICENSE,  /* id (and plus) */
	SPDX_AND,      /* left AND right */
	SPDX_OR,       /* left OR right */
	SPDX_WITH,     /* left WITH id (the exception) */
};

struct spdx_expr {
	enum spdx_kind kind;
	/* SPDX_LICENSE: the licence id ("MIT", "LicenseRef-x", "NOASSERTION");
	 * SPDX_WITH: the exception id. */
	char *id;
	/* "+" on an id that has no -or-later form ("Apache-1.0+"). */
	bool plus;
	struct spdx_expr *left, *right;
};

/* Longest expression we parse, and deepest nesting. */
#define SPDX_MAX_LEN 1024
#define SPDX_MAX_DEPTH 32

/*
 * Parse S. On success *OUT is the tree; on failure *OUT is NULL and the
 * call returns ERROR_PARSE (ERROR_TOOBIG past SPDX_MAX_LEN, the text read
 * or its canonical text, spdx_format()'s, which must read back), the message in
 * error_last() ("SPDX expression "MIT OR": expected a licence id at the
 * end; ...").
 */
int spdx_parse(struct spdx_expr **out, const char *s);
void spdx_free(struct spdx_expr *e);

/* The canonical text of E, minimal parentheses. Caller frees. */
char *spdx_format(const struct spdx_expr *e);

/* Canonical form of one licence id: case and deprecated ids ("gpl-2.0" ->
 * "GPL-2.0-only"; with PLUS, "GPL-2.0-or-later"). Caller frees. */
char *spdx_canonical_id(const char *id, bool plus);

/* Is ID (canonical) a licence id we know, or a LicenseRef? */
bool spdx_id_known(const char *id);

/* The constant string of known licence id ID (canonical), or NULL. */
const char *spdx_known_id(const char *id);

/*
 * The family of an id, to compare licence files (whose text cannot tell
 * -only from -or-later) with declarations: "GPL-3.0-or-later", "GPL-3.0+",
 * "GPL-3.0-only" -> "GPL-3.0". Written into BUF of size N.
 */
const char *spdx_family(char *buf, size_t n, const char *id);

/* Call FN for every licence id of E (not exceptions), left to right. */
void spdx_each_id(const struct spdx_expr *e,
                  void (*fn)(const char *id, bool plus, void *payload),
                  void *payload);

#endif
