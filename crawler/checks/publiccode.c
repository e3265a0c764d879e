/*
 * publiccode.c - the publiccode.yml check: the file that describes public
 * software for catalogues (https://yml.publiccode.tools), which
 * code.gouv.fr and the European catalogues read.
 *
 * The standard names the file `publiccode.yml` at the root; Developers
 * Italia's crawler (italia/publiccode-crawler), which uses the reference
 * parser, also accepts `publiccode.yaml`, hence a warning, not an error.
 */
#include "crawler/checks/checks.h"

#include <stdlib.h>
#include <string.h>

#include "crawler/checks/repo_url.h"
#include "crawler/publiccode/publiccode.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"

static const struct rule publiccode_rules[] = {
	{ "publiccode.missing", LEVEL_INFO,
	  N_("No publiccode.yml"),
	  N_("publiccode.yml describes the software for public catalogues "
	     "(code.gouv.fr, Developers Italia, the European catalogues): "
	     "who publishes it, what it does, its maintenance and licence. "
	     "Add one at the root; the editor at "
	     "https://publiccode-editor.developers.italia.it writes it for "
	     "you. Then check it with `inventaire validate`.") },
	{ "publiccode.yaml-extension", LEVEL_WARNING,
	  N_("publiccode.yaml instead of publiccode.yml"),
	  N_("The standard names the file publiccode.yml; some catalogues "
	     "look for that name only. Rename it: git mv publiccode.yaml "
	     "publiccode.yml.") },
	{ "publiccode.invalid", LEVEL_ERROR,
	  N_("publiccode.yml is not valid"),
	  N_("Catalogues (code.gouv.fr, Developers Italia, the European "
	     "ones) reject a publiccode.yml that the reference parser "
	     "(publiccode-parser-go) does not accept, so the software is "
	     "not listed. inventaire applies the same rules, with the same "
	     "messages: fix each error at the line and column given; each "
	     "error is a finding of its own, and `inventaire validate "
	     "publiccode.yml` lists them too. The `publiccode.results` "
	     "section of the JSON report also has the warnings.") },
	{ "publiccode.url-mismatch", LEVEL_WARNING,
	  N_("publiccode.yml `url` is not this repository"),
	  N_("`url` must be the address of the repository that holds the "
	     "code: catalogues use it to find the source and to tell "
	     "copies apart. A publiccode.yml copied from another project, "
	     "or a repository that moved, keeps a stale `url`. Set it to "
	     "this repository's address.") },
	{ NULL, 0, NULL, NULL },
};

/* The validation results, as `inventaire validate` reports them. */
static void results_fill(struct report_publiccode *section,
                         const struct pc_results *r)
{
	section->results = xcalloc(r->n + 1, sizeof(*section->results));
	section->nresults = r->n;
	for (size_t i = 0; i < r->n; i++) {
		struct report_pc_result *x = &section->results[i];

		x->level = r->v[i].type == PC_ERROR ? LEVEL_ERROR : LEVEL_WARNING;
		x->key = report_strdup(r->v[i].key);
		x->description = report_strdup(r->v[i].description);
		x->line = r->v[i].line;
		x->column = r->v[i].column;
	}
}

/* Validate the file at E and fill the section; findings for its errors. */
static int validate(struct check_ctx *ctx, struct report_publiccode *section,
                    const struct tree_entry *e)
{
	struct pc_results res = PC_RESULTS_INIT;
	struct pc_opts opts = { .network = ctx->network, .tree = ctx->tree };
	struct blob b;
	int err;

	if ((err = tree_read(&b, ctx->tree, e, PUBLICCODE_MAX_BYTES + 1)) < 0) {
		report_add(ctx->report, "publiccode.invalid", LEVEL_ERROR, e->path,
		           0, 0, "Replace the link with the file itself.",
		           "%s cannot be read: %s", e->path, error_last());
		section->valid = TRI_FALSE;
		return 0;
	}
	/* A blob over the cap is refused whole (spec: hostile input). */
	publiccode_validate(&res, b.data, b.truncated ? (size_t)b.size : b.len,
	                    &opts);
	blob_free(&b);
	section->valid = pc_results_valid(&res) ? TRI_TRUE : TRI_FALSE;
	section->version = report_strdup(res.version);
	results_fill(section, &res);
	/* One finding per error, at its line and column: every format (text,
	 * SARIF, JUnit) shows them all, not only the first. */
	for (size_t i = 0; i < res.n; i++) {
		const struct pc_result *r = &res.v[i];

		if (r->type == PC_ERROR)
			report_add(ctx->report, "publiccode.invalid", LEVEL_ERROR,
			           e->path, r->line, r->column, "Correct it as the "
			           "standard says: https://yml.publiccode.tools",
			           "%s%s%s", r->key, r->key[0] ? ": " : "",
			           r->description);
	}
	if (res.url && ctx->repo_url && *res.url) {
		char *a = repo_url_key(res.url), *c = repo_url_key(ctx->repo_url);
		if (strcmp(a, c))
			report_add(ctx->report, "publiccode.url-mismatch", LEVEL_WARNING,
			           e->path, 0, 0, NULL,
			           "url is %s but this repository is %s.", res.url,
			           ctx->repo_url);
		free(a);
		free(c);
	}
	pc_results_free(&res);
	return 0;
}

static int publiccode_run(struct check_ctx *ctx)
{
	struct report_publiccode *section = &ctx->report->publiccode;
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
	section->present = true;
	section->path = report_strdup(path);
	if (!path) {
		report_add(ctx->report, "publiccode.missing", LEVEL_INFO, NULL, 0, 0,
		           "Add publiccode.yml at the root "
		           "(https://yml.publiccode.tools).",
		           "No publiccode.yml at the root of the repository.");
		return 0;
	}
	return validate(ctx, section, e);
}

const struct check check_publiccode = {
	.name = "publiccode",
	.run = publiccode_run,
	.rules = publiccode_rules,
};
