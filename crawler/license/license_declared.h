/*
 * license_declared.h - licences that a repository *declares* rather than
 * ships as a text: package manifests, publiccode.yml `legal.license`, and a
 * "License"/"Licence" section of the README (licensee's
 * project_files/package_manager_file.rb and readme_file.rb).
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
 * license_declared_clear); ERROR_NOTFOUND when the file declares no
 * licence, ERROR_PARSE when it cannot be parsed.
 */
int license_declared_from_file(struct license_declared *out, const char *name,
                               const char *data, size_t len);

/*
 * The licence of the "License"/"Licence" section of README NAME, content
 * DATA[0..len) in any encoding a licence file may have: a licence text or
 * standard notice in the section, else the licences it names or links to
 * (licensee's reference matcher). ERROR_NOTFOUND when there is no such
 * section or it names none, ERROR_PARSE for binary data.
 */
int license_declared_from_readme(struct license_declared *out,
                                 const char *name, const char *data,
                                 size_t len);

/* Resolve a free-text licence value ("Apache License, Version 2.0",
 * "GPL (>= 2)", "MIT OR Apache-2.0") to an expression, or NULL. */
struct spdx_expr *license_declared_resolve(const char *value);

void license_declared_clear(struct license_declared *d);

/* The SPDX id of a licence name, squashed (license_title_squash:
 * "apachelicenseversion20"), or NULL. Bare names without a version
 * ("GPL", "BSD") are not resolved: guessing could turn a refused licence
 * into an authorised one. */
const char *license_alias_id(const char *squashed);

/* The SPDX id a licence URL names ("https://opensource.org/licenses/MIT",
 * "http://www.apache.org/licenses/LICENSE-2.0"), or NULL. Caller frees. */
char *license_url_id(const char *url);

#endif
