/*
 * readme.c - a README at the root, not empty, not a placeholder.
 *
 * Forges render the README at the root as the repository's front page;
 * code.gouv.fr shows the description next to it. Any extension counts
 * (README, README.md, readme.rst, README.fr.md), as on GitHub and GitLab;
 * so does LISEZMOI (or LISEZ-MOI), the name French projects give it, when
 * there is no README.
 */
#include "crawler/checks/checks.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/error.h"
#include "lib/i18n.h"

/* Fewer words than this outside headings is "a title only". */
#define README_MIN_WORDS 10

static const struct rule readme_rules[] = {
	{ "readme.missing", LEVEL_ERROR,
	  N_("No README at the root of the repository"),
	  N_("The README is the repository's front page on every forge and "
	     "the first thing code.gouv.fr visitors read. Add README.md at "
	     "the root: what the software does, for whom, how to install "
	     "and use it, and how to contribute. LISEZMOI.md counts too.") },
	{ "readme.empty", LEVEL_ERROR,
	  N_("The README is empty"),
	  N_("An empty README says nothing about the software. Describe "
	     "what it does, for whom, and how to use it.") },
	{ "readme.too-short", LEVEL_WARNING,
	  N_("The README is a title only"),
	  N_("A README with a title and next to nothing else does not let "
	     "anyone reuse the software. Add what it does, how to install "
	     "and run it, and who maintains it.") },
	{ "readme.unreadable", LEVEL_ERROR,
	  N_("The README cannot be read"),
	  N_("The README is a symbolic link that leaves the repository or "
	     "leads nowhere, or is not a file: forges cannot show it. "
	     "Replace it with the file itself.") },
	{ NULL, 0, NULL, NULL },
};

/* The names a README goes by: README first, as forges show it, then the
 * French LISEZMOI and LISEZ-MOI that French projects use. */
static const char *const bases[] = { "README", "LISEZMOI", "LISEZ-MOI" };

/* Lower is preferred: README before LISEZMOI, and for each name, the
 * extension forges pick first (README.md). */
static int preference(const char *name)
{
	static const char *const exts[] = {
		".md", "", ".rst", ".txt", ".adoc", ".markdown", ".org",
	};

	for (size_t b = 0; b < sizeof(bases) / sizeof(*bases); b++) {
		size_t n = strlen(bases[b]);

		if (!check_name_is(name, bases[b]))
			continue;
		for (size_t i = 0; i < sizeof(exts) / sizeof(*exts); i++)
			if (!strncmp(name, bases[b], n) && !strcmp(name + n, exts[i]))
				return (int)(100 * b + i);
		return (int)(100 * b + 50);
	}
	return -1;
}

const struct tree_entry *readme_find(const struct tree_entry *root, size_t n)
{
	const struct tree_entry *best = NULL;
	int best_pref = 0;

	for (size_t i = 0; i < n; i++) {
		int pref;

		/* Most names fail on the first letter. */
		if (!strchr("rRlL", root[i].name[0]) ||
		    (root[i].kind != TREE_FILE && root[i].kind != TREE_LINK) ||
		    (pref = preference(root[i].name)) < 0)
			continue;
		if (!best || pref < best_pref) {
			best = &root[i];
			best_pref = pref;
		}
	}
	return best;
}

/* A line that carries no prose: a heading, an underline, a badge, an
 * HTML comment or tag, a horizontal rule. */
static bool line_is_markup(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	if (n == 0)
		return true;
	if (s[0] == '#' || s[0] == '<' || s[0] == '!' ||
	    (s[0] == '[' && n > 1 && s[1] == '!'))
		return true;
	/* "====", "----", "***", rst/asciidoc title markers */
	for (size_t i = 0; i < n; i++)
		if (!strchr("=-*_~^`+# \t\r", s[i]))
			return false;
	return true;
}

/* Words in lines that are not markup. */
static size_t prose_words(const char *s, size_t len)
{
	const char *end = s + len;
	size_t words = 0;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		if (!line_is_markup(s, n)) {
			bool in_word = false;
			for (size_t i = 0; i < n; i++) {
				bool w = !isspace((unsigned char)s[i]);
				if (w && !in_word)
					words++;
				in_word = w;
			}
		}
		s += n + (nl != NULL);
	}
	return words;
}

static bool all_blank(const char *s, size_t n)
{
	/* A UTF-8 BOM alone is empty too. */
	if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3, n -= 3;
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

static int readme_run(struct check_ctx *ctx)
{
	struct report_readme *section = &ctx->report->readme;
	const struct tree_entry *v, *best = NULL;
	struct blob b;
	size_t n, words;
	int err;

	section->present = true;
	if ((err = tree_list(&v, &n, ctx->tree, "")) < 0)
		return err;
	if (!(best = readme_find(v, n))) {
		report_add(ctx->report, "readme.missing", LEVEL_ERROR, NULL, 0, 0,
		           "Add a README.md at the root: what the software does, "
		           "for whom, how to install, use and contribute.",
		           "No README (or LISEZMOI) at the root of the repository.");
		return 0;
	}
	section->path = report_strdup(best->path);
	if (check_read(&b, ctx, best, TREE_BLOB_CAP) < 0) {
		report_add(ctx->report, "readme.unreadable", LEVEL_ERROR, best->path,
		           0, 0, "Replace the link with the file itself.",
		           "%s", error_last());
		return 0;
	}
	section->bytes = (long long)b.size;
	if (!b.truncated && all_blank(b.data, b.len)) {
		report_add(ctx->report, "readme.empty", LEVEL_ERROR, best->path, 0, 0,
		           "Describe what the software does, for whom, and how to "
		           "use it.", "%s is empty.", best->path);
	} else if (!b.truncated &&
	           (words = prose_words(b.data, b.len)) < README_MIN_WORDS) {
		report_add(ctx->report, "readme.too-short", LEVEL_WARNING, best->path,
		           1, 1, "Add what the software does, how to install and "
		           "run it, and who maintains it.",
		           "%s has %zu word%s besides its title.", best->path, words,
		           words == 1 ? "" : "s");
	}
	blob_free(&b);
	return 0;
}

const struct check check_readme = {
	.name = "readme",
	.run = readme_run,
	.rules = readme_rules,
};
