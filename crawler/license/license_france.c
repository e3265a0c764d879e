/*
 * license_france.c - the licences the French administration may use
 * (CRPA art. D.323-2-1; ids as published on data.gouv.fr, see
 * data/licences/france.md "The list").
 */
#include "crawler/license/license_france.h"

#include <string.h>

struct authorised {
	const char *id;
	const char *category;
	const char *note;
};

/* france.md: GNU licences are listed as -or-later; -only has the same text
 * and the decree says "version 3": authorised, with this note. */
static const char gnu_only_note[] =
	"version 3 only: data.gouv.fr lists the -or-later form; both are "
	"accepted";

static const struct authorised list[] = {
	/* Informations publiques */
	{ "etalab-2.0", "public-information", NULL },
	{ "ODbL-1.0", "public-information", NULL },
	/* Logiciels - permissives */
	{ "Apache-2.0", "permissive", NULL },
	{ "BSD-2-Clause", "permissive", NULL },
	{ "BSD-3-Clause", "permissive", NULL },
	{ "CECILL-B", "permissive", NULL },
	{ "MIT", "permissive", NULL },
	/* Logiciels - avec obligation de réciprocité */
	{ "CECILL-2.1", "reciprocal", NULL },
	{ "CECILL-C", "reciprocal", NULL },
	{ "GPL-3.0-or-later", "reciprocal", NULL },
	{ "GPL-3.0-only", "reciprocal", gnu_only_note },
	{ "LGPL-3.0-or-later", "reciprocal", NULL },
	{ "LGPL-3.0-only", "reciprocal", gnu_only_note },
	{ "AGPL-3.0-or-later", "reciprocal", NULL },
	{ "AGPL-3.0-only", "reciprocal", gnu_only_note },
	{ "MPL-2.0", "reciprocal", NULL },
	{ "EPL-2.0", "reciprocal", NULL },
	{ "EUPL-1.2", "reciprocal", NULL },
};

const char *license_france_list(void)
{
	return "Apache-2.0, BSD-2-Clause, BSD-3-Clause, CECILL-B, MIT "
	       "(permissive); CECILL-2.1, CECILL-C, GPL-3.0-or-later, "
	       "LGPL-3.0-or-later, AGPL-3.0-or-later, MPL-2.0, EPL-2.0, EUPL-1.2 "
	       "(reciprocal); etalab-2.0, ODbL-1.0 (public information)";
}

static void judge_id(struct france_verdict *out, const char *id)
{
	if (!strcmp(id, "NOASSERTION") || !strcmp(id, "NONE")) {
		out->authorized = -1;
		return;
	}
	for (size_t i = 0; i < sizeof(list) / sizeof(*list); i++)
		if (!strcmp(id, list[i].id)) {
			out->authorized = 1;
			out->category = list[i].category;
			out->note = list[i].note;
			return;
		}
	out->authorized = 0;
}

static int rank(const char *category)
{
	return !category ? 0 : !strcmp(category, "public-information") ? 1 :
	       !strcmp(category, "permissive") ? 2 : 3;
}

void license_france_judge(struct france_verdict *out,
                          const struct spdx_expr *e)
{
	struct france_verdict l, r;

	memset(out, 0, sizeof(*out));
	out->authorized = -1;
	if (!e)
		return;
	switch (e->kind) {
	case SPDX_LICENSE:
		/* "MPL-2.0+": the administration may pick 2.0 itself. */
		judge_id(out, e->id);
		return;
	case SPDX_WITH:
		/* An exception only adds permissions: judge the licence. */
		license_france_judge(out, e->left);
		return;
	case SPDX_OR:
		license_france_judge(&l, e->left);
		license_france_judge(&r, e->right);
		if (l.authorized == 1)
			*out = l;
		else if (r.authorized == 1)
			*out = r;
		else
			out->authorized = l.authorized == -1 || r.authorized == -1 ? -1 : 0;
		return;
	case SPDX_AND:
		license_france_judge(&l, e->left);
		license_france_judge(&r, e->right);
		if (l.authorized == 0 || r.authorized == 0) {
			out->authorized = 0;
		} else if (l.authorized == -1 || r.authorized == -1) {
			out->authorized = -1;
		} else {
			/* Both apply: the stronger obligation sets the category. */
			*out = rank(l.category) >= rank(r.category) ? l : r;
			out->note = l.note ? l.note : r.note;
		}
		return;
	}
}
