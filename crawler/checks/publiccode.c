/*
 * publiccode.c - the publiccode.yml check: the file that describes public
 * software for catalogues (https://yml.publiccode.tools), which
 * code.gouv.fr and the European catalogues read.
 *
 * The standard names the file `publiccode.yml` at the root; the reference
 * parser's crawler also accepts `publiccode.yaml`
 * (../shared/data/publiccode/spec.md), hence a warning, not an error.
 */
#include "checks.h"

#include <string.h>

#include "util.h"

static const struct rule publiccode_rules[] = {
	{ "publiccode.missing", LEVEL_INFO,
	  "No publiccode.yml", "Pas de publiccode.yml",
	  "publiccode.yml describes the software for public catalogues "
	  "(code.gouv.fr, Developers Italia, the European catalogues): who "
	  "publishes it, what it does, its maintenance and licence. Add one at "
	  "the root; the editor at https://publiccode-editor.developers.italia.it "
	  "writes it for you. Then check it with `inventaire validate`.",
	  "publiccode.yml décrit le logiciel pour les catalogues publics "
	  "(code.gouv.fr, Developers Italia, les catalogues européens) : qui le "
	  "publie, ce qu'il fait, sa maintenance et sa licence. Ajoutez-en un à la "
	  "racine ; l'éditeur https://publiccode-editor.developers.italia.it "
	  "l'écrit pour vous. Vérifiez-le ensuite avec `inventaire validate`." },
	{ "publiccode.yaml-extension", LEVEL_WARNING,
	  "publiccode.yaml instead of publiccode.yml",
	  "publiccode.yaml au lieu de publiccode.yml",
	  "The standard names the file publiccode.yml; some catalogues look for "
	  "that name only. Rename it: git mv publiccode.yaml publiccode.yml.",
	  "Le standard nomme le fichier publiccode.yml ; certains catalogues ne "
	  "cherchent que ce nom. Renommez-le : git mv publiccode.yaml "
	  "publiccode.yml." },
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

static int publiccode_run(struct check_ctx *ctx)
{
	json_t *section = report_section(ctx->report, "publiccode");
	const struct tree_entry *e = NULL;
	const char *path = NULL;

	if (tree_lookup(&e, ctx->tree, "publiccode.yml") == 0 &&
	    e->kind != TREE_DIR) {
		path = e->path;
	} else if (tree_lookup(&e, ctx->tree, "publiccode.yaml") == 0 &&
	           e->kind != TREE_DIR) {
		path = e->path;
		report_add(ctx->report, "publiccode.yaml-extension", LEVEL_WARNING,
		           path, 0, 0, "git mv publiccode.yaml publiccode.yml",
		           "The file is named publiccode.yaml; the standard names it "
		           "publiccode.yml.");
	}
	json_object_set_new(section, "path", report_string(path));
	json_object_set_new(section, "valid", json_null());
	json_object_set_new(section, "results", json_array());
	if (!path)
		report_add(ctx->report, "publiccode.missing", LEVEL_INFO, NULL, 0, 0,
		           "Add publiccode.yml at the root "
		           "(https://yml.publiccode.tools).",
		           "No publiccode.yml at the root of the repository.");
	return 0;
}

const struct check check_publiccode = {
	.name = "publiccode",
	.run = publiccode_run,
	.rules = publiccode_rules,
};
