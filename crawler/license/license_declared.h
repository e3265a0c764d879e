/*
 * license_declared.h - licences that a repository *declares* rather than
 * ships as a text: package manifests, publiccode.yml `legal.license`, and a
 * "License"/"Licence" section of the README (data/licences/detection.md
 * §2.2, §2.3).
 */
#ifndef INVENTAIRE_LICENSE_DECLARED_H
#define INVENTAIRE_LICENSE_DECLARED_H

#include <stddef.h>

#include "crawler/license/spdx.h"

struct license_declared {
	char *source;            /* file name: "package.json", "README.md" */
	char *raw;               /* the value as written */
	struct spdx_expr *expr;  /* parsed and canonical, or NULL */
	unsigned line;           /* 1-based where known, else 0 */
};

/* Manifests we read, by exact root file name; *.gemspec and *.nuspec by
 * extension. */
bool license_declared_is_manifest(const char *name);

/*
 * The licence declared by file NAME (a manifest, publiccode.yml/.yaml)
 * with content DATA[0..len). 0 and *OUT filled (caller frees with
 * license_declared_clear), or TREE-independent negative codes: -ENOENT when
 * the file declares no licence, -EINVAL when it cannot be parsed.
 */
int license_declared_from_file(struct license_declared *out, const char *name,
                               const char *data, size_t len);

/*
 * The licence a README names in its "License"/"Licence" section
 * (licensee's reference matcher: a licence name or SPDX id in the
 * section). -ENOENT when there is no such section or it names none.
 */
int license_declared_from_readme(struct license_declared *out,
                                 const char *name, const char *data,
                                 size_t len);

/* Resolve a free-text licence value ("Apache License, Version 2.0",
 * "GPL (>= 2)", "MIT OR Apache-2.0") to an expression, or NULL. */
struct spdx_expr *license_declared_resolve(const char *value);

void license_declared_clear(struct license_declared *d);

#endif
