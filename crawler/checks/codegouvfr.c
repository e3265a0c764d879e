/*
 * codegouvfr.c - the files code.gouv.fr's crawler finds, by its rules.
 *
 * code.gouv.fr's awesome-score (compute-repo-score in
 * codegouvfr/codegouvfr-output-data, src/codegouvfr/codegouvfr_output_data.clj)
 * reads metadata.files of its ecosyste.ms instance, which
 * fetch_metadata_files_list (codegouvfr/ecosystems-repos,
 * app/models/repository.rb: DINUM's fork of ecosyste-ms/repos, whose file
 * of the same name has the same method) fills by matching, without case,
 * every file path of the default branch (GitHub: the blobs of the
 * recursive tree; GitLab: the leaves of the archive) against:
 *
 *   license       ^LICENSE|^COPYING|^MIT-LICENSE
 *   readme        ^(docs/)?(.github/)?(.gitlab/)?README
 *   contributing  ^(docs/)?(.github/)?(.gitlab/)?CONTRIBUTING
 *   changelog     ^CHANGE|^HISTORY|^NEWS
 *   publiccode    ^publiccode.ya?ml
 *
 * So a root entry whose name starts so counts, a file or a folder (a path
 * under LICENSES/ starts with LICENSE), and README and CONTRIBUTING may
 * also be under docs/, any character then "github"/, then "gitlab"/ (the
 * regex's "." is any character), in that order. A submodule is no blob.
 * The other checks keep their own rules (a French LICENCE is a licence to
 * us, not to ecosyste.ms); the feed counts either (output/feed_score.c).
 *
 * The rules are those of ecosyste-ms/repos's app/models/repository.rb in
 * 2025 (older versions had no NEWS and README at the root only), which
 * DINUM's fork follows.
 */
#include "crawler/checks/checks.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* NAME starts with PREFIX, ASCII case aside (Ruby's /i on these). */
static bool has_prefix(const char *name, const char *prefix)
{
	return strncasecmp(name, prefix, strlen(prefix)) == 0;
}

/* A file, a link (a blob on GitHub) or a folder (it holds one). */
static bool counts(const struct tree_entry *e)
{
	return e->kind == TREE_FILE || e->kind == TREE_LINK ||
	       e->kind == TREE_DIR;
}

/* The optional folders of the README and CONTRIBUTING rules, in order:
 * "docs", then one character and "github", then one and "gitlab". */
static bool is_segment(const char *name, size_t k)
{
	static const char *const tails[] = { "github", "gitlab" };

	if (k == 0)
		return !strcasecmp(name, "docs");
	return strlen(name) == 7 && name[0] != '\n' &&
	       !strcasecmp(name + 1, tails[k - 1]);
}

/* The first entry under DIR whose path, after the optional folders from
 * the K-th on, starts with one of PREFIXES; NULL when none. */
static const char *find_in(struct tree *t, const char *dir, size_t k,
                           const char *const *prefixes, size_t nseg)
{
	const struct tree_entry *v;
	size_t n;

	if (tree_list(&v, &n, t, dir) < 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		for (const char *const *p = prefixes; *p; p++)
			if (counts(&v[i]) && has_prefix(v[i].name, *p))
				return v[i].path;
	for (size_t s = k; s < nseg; s++)
		for (size_t i = 0; i < n; i++) {
			const char *found;

			if (v[i].kind != TREE_DIR || !is_segment(v[i].name, s))
				continue;
			if ((found = find_in(t, v[i].path, s + 1, prefixes, nseg)))
				return found;
		}
	return NULL;
}

static char *root_match(struct check_ctx *ctx, const char *const *prefixes)
{
	return report_strdup(find_in(ctx->tree, "", 0, prefixes, 0));
}

static char *nested_match(struct check_ctx *ctx, const char *const *prefixes)
{
	return report_strdup(find_in(ctx->tree, "", 0, prefixes, 3));
}

static bool is_publiccode(const char *name)
{
	/* ^publiccode.ya?ml: "publiccode", any character, "yml" or "yaml" */
	return has_prefix(name, "publiccode") && name[10] && name[10] != '\n' &&
	       (has_prefix(name + 11, "yml") || has_prefix(name + 11, "yaml"));
}

static char *publiccode_match(struct check_ctx *ctx)
{
	const struct tree_entry *v;
	size_t n;

	if (tree_list(&v, &n, ctx->tree, "") < 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (counts(&v[i]) && is_publiccode(v[i].name))
			return report_strdup(v[i].path);
	return NULL;
}

static int codegouvfr_run(struct check_ctx *ctx)
{
	static const char *const license[] = { "LICENSE", "COPYING",
	                                       "MIT-LICENSE", NULL };
	static const char *const readme[] = { "README", NULL };
	static const char *const contributing[] = { "CONTRIBUTING", NULL };
	static const char *const changelog[] = { "CHANGE", "HISTORY", "NEWS",
	                                         NULL };
	struct report_codegouvfr *x = &ctx->report->codegouvfr;

	x->present = true;
	x->license = root_match(ctx, license);
	x->readme = nested_match(ctx, readme);
	x->contributing = nested_match(ctx, contributing);
	x->changelog = root_match(ctx, changelog);
	x->publiccode = publiccode_match(ctx);
	return 0;
}

const struct check check_codegouvfr = {
	.name = "codegouvfr",
	.run = codegouvfr_run,
	.rules = NULL,
};
