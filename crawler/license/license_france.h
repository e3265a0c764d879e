/*
 * license_france.h - may the French administration use this licence?
 *
 * The list of code des relations entre le public et l'administration
 * art. D.323-2-1 (decrees 2017-638 and 2021-1559), with the SPDX ids that
 * data.gouv.fr publishes: data/licences/france.md.
 */
#ifndef INVENTAIRE_LICENSE_FRANCE_H
#define INVENTAIRE_LICENSE_FRANCE_H

#include "crawler/license/spdx.h"

struct france_verdict {
	int authorized;        /* 1 yes, 0 no, -1 unknown (NOASSERTION, none) */
	/* "permissive", "reciprocal", "public-information", or NULL when not
	 * authorised or unknown. */
	const char *category;
	/* Why the verdict needs care ("version 3 only..."), or NULL. */
	const char *note;
};

/*
 * Judge expression E (NULL: no licence found). france.md "Compliance rule":
 * OR is authorised when any branch is, AND when all are, WITH judges the
 * base licence; NOASSERTION and NONE are unknown.
 */
void license_france_judge(struct france_verdict *out,
                          const struct spdx_expr *e);

/* The authorised ids, comma-separated, for messages. */
const char *license_france_list(void);

#endif
