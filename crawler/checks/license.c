/*
 * license.c - the licence check: find the licence files of a repository.
 *
 * Licence files are LICENSE, LICENCE (the French and British spelling that
 * code.gouv.fr's current crawler misses), COPYING, UNLICENSE and COPYRIGHT,
 * in any case, alone or with any extension or suffix (LICENSE.md,
 * LICENCE.fr.txt, Licence_CeCILL_V2.1-fr.txt), plus every file of a REUSE
 * `LICENSES/` folder (https://reuse.software/spec/).
 */
#include "checks.h"

#include <string.h>

#include "util.h"

static const char *const bases[] = {
	"LICENSE", "LICENCE", "COPYING", "UNLICENSE", "COPYRIGHT",
};

static const struct rule license_rules[] = {
	{ "license.missing", LEVEL_ERROR,
	  "No licence file", "Pas de fichier de licence",
	  "Without a licence, nobody may reuse the code: source code published "
	  "by the administration must carry a licence from the list of decree "
	  "D.323-2-1 of the code des relations entre le public et "
	  "l'administration. Add a LICENSE file with the full text of one of "
	  "them (EUPL-1.2, CeCILL-2.1, MIT, Apache-2.0, ...).",
	  "Sans licence, personne ne peut réutiliser le code : le code source "
	  "publié par l'administration doit porter une licence de la liste de "
	  "l'article D.323-2-1 du code des relations entre le public et "
	  "l'administration. Ajoutez un fichier LICENSE contenant le texte "
	  "complet de l'une d'elles (EUPL-1.2, CeCILL-2.1, MIT, Apache-2.0...)." },
	{ "license.not-a-file", LEVEL_WARNING,
	  "A licence path is not a readable file",
	  "Un chemin de licence n'est pas un fichier lisible",
	  "A path named like a licence file is a directory, a submodule, or a "
	  "symbolic link that leaves the repository or leads nowhere; forges "
	  "and inventaire cannot read a licence from it. Put the licence text "
	  "in a regular file.",
	  "Un chemin nommé comme un fichier de licence est un répertoire, un "
	  "sous-module, ou un lien symbolique qui sort du dépôt ou ne mène nulle "
	  "part ; ni les forges ni inventaire ne peuvent y lire une licence. "
	  "Mettez le texte de la licence dans un fichier ordinaire." },
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

static bool is_license_name(const char *name)
{
	for (size_t i = 0; i < sizeof(bases) / sizeof(*bases); i++)
		if (check_name_is(name, bases[i]))
			return true;
	return false;
}

/* Add E to FILES when it is (or links, inside the tree, to) a file. */
static void add_file(json_t *files, struct check_ctx *ctx,
                     const struct tree_entry *e)
{
	const struct tree_entry *target = e;

	if (e->kind == TREE_LINK && tree_resolve(&target, ctx->tree, e) < 0) {
		report_add(ctx->report, "license.not-a-file", LEVEL_WARNING, e->path,
		           0, 0, "Put the licence text in a regular file.", "%s",
		           tree_error(ctx->tree));
		return;
	}
	if (target->kind != TREE_FILE) {
		report_add(ctx->report, "license.not-a-file", LEVEL_WARNING, e->path,
		           0, 0, "Put the licence text in a regular file.",
		           "%s is a %s, not a file.", e->path,
		           target->kind == TREE_DIR ? "directory" :
		           target->kind == TREE_SUBMODULE ? "submodule" :
		           "special file");
		return;
	}
	json_array_append_new(files, json_pack("{s:o}", "path", report_string(e->path)));
}

static int license_run(struct check_ctx *ctx)
{
	json_t *section = report_section(ctx->report, "license");
	json_t *files = json_array();
	const struct tree_entry *v;
	size_t n;
	int err;

	json_object_set_new(section, "spdx", json_null());
	json_object_set_new(section, "authorized", json_null());
	json_object_set_new(section, "files", files);
	if ((err = tree_list(&v, &n, ctx->tree, "")) < 0)
		return err;
	for (size_t i = 0; i < n; i++)
		if (is_license_name(v[i].name))
			add_file(files, ctx, &v[i]);
	/* REUSE: LICENSES/<SPDX-id>.txt, one file per licence used. */
	if (tree_list(&v, &n, ctx->tree, "LICENSES") == 0)
		for (size_t i = 0; i < n; i++)
			add_file(files, ctx, &v[i]);
	if (json_array_size(files) == 0)
		report_add(ctx->report, "license.missing", LEVEL_ERROR, NULL, 0, 0,
		           "Add a LICENSE file with the full text of an authorised "
		           "licence, e.g. EUPL-1.2, CeCILL-2.1, MIT or Apache-2.0.",
		           "No licence file (LICENSE, LICENCE, COPYING...) at the "
		           "root of the repository, nor a LICENSES/ folder.");
	return 0;
}

const struct check check_license = {
	.name = "license",
	.run = license_run,
	.rules = license_rules,
};
