/*
 * community.c - the files that tell people how to take part: CONTRIBUTING,
 * CHANGELOG (or HISTORY, NEWS, CHANGES), CODE_OF_CONDUCT and SECURITY.
 *
 * Looked for where GitHub and GitLab look: the root, `.github/`, `.gitlab/`
 * and `docs/`. code.gouv.fr's awesome score counts CONTRIBUTING and a
 * changelog (codegouvfr/codegouvfr-output-data,
 * src/codegouvfr/codegouvfr_output_data.clj).
 */
#include "crawler/checks/checks.h"
#include "lib/i18n.h"

#include <string.h>


struct community_file {
	const char *bases[4];       /* accepted base names, NULL-terminated */
	const char *rule;
	const char *fix;
};

static const struct community_file files[] = {
	{ { "CONTRIBUTING", NULL }, "community.contributing-missing",
	  N_("Add CONTRIBUTING.md: how to report a bug, propose a change, "
	     "and run the tests.") },
	{ { "CHANGELOG", "HISTORY", "NEWS", "CHANGES" },
	  "community.changelog-missing",
	  N_("Add CHANGELOG.md listing the changes of each release "
	     "(https://keepachangelog.com/fr/).") },
	{ { "CODE_OF_CONDUCT", "CODE-OF-CONDUCT", NULL },
	  "community.code-of-conduct-missing",
	  N_("Add CODE_OF_CONDUCT.md, for instance the Contributor "
	     "Covenant.") },
	{ { "SECURITY", NULL }, "community.security-missing",
	  N_("Add SECURITY.md: how to report a vulnerability privately, "
	     "and who answers.") },
};

/* Searched in this order: the root wins over the others. */
static const char *const dirs[] = { "", ".github", ".gitlab", "docs" };

static const struct rule community_rules[] = {
	{ "community.contributing-missing", LEVEL_INFO,
	  N_("No CONTRIBUTING file"),
	  N_("A CONTRIBUTING file tells outside contributors how to report "
	     "bugs and propose changes; code.gouv.fr counts it in its "
	     "score. Add CONTRIBUTING.md at the root, or in .github/, "
	     ".gitlab/ or docs/.") },
	{ "community.changelog-missing", LEVEL_INFO,
	  N_("No CHANGELOG file"),
	  N_("A CHANGELOG (or HISTORY, NEWS, CHANGES) lets users see what "
	     "changed between releases; code.gouv.fr counts it in its "
	     "score.") },
	{ "community.code-of-conduct-missing", LEVEL_INFO,
	  N_("No CODE_OF_CONDUCT file"),
	  N_("A code of conduct states how contributors are expected to "
	     "behave and how incidents are handled. Add CODE_OF_CONDUCT.md.") },
	{ "community.security-missing", LEVEL_INFO,
	  N_("No SECURITY file"),
	  N_("A SECURITY file tells people how to report a vulnerability "
	     "privately instead of in a public issue. Add SECURITY.md.") },
	{ NULL, 0, NULL, NULL },
};

#define NFILES (sizeof(files) / sizeof(*files))

/*
 * FOUND[k] = the path of files[k], or NULL. One pass over each directory
 * for all the files: the root's 50,000 entries are looked at once, and
 * most fail on their first letter (every base starts with c, h, n or s).
 */
static void find_files(const char *found[NFILES], struct check_ctx *ctx)
{
	for (size_t d = 0; d < sizeof(dirs) / sizeof(*dirs); d++) {
		const struct tree_entry *v;
		size_t n;

		if (tree_list(&v, &n, ctx->tree, dirs[d]) < 0)
			continue;  /* no such directory */
		for (size_t i = 0; i < n; i++) {
			if ((v[i].kind != TREE_FILE && v[i].kind != TREE_LINK) ||
			    !strchr("chnsCHNS", v[i].name[0]) || !v[i].name[0])
				continue;
			for (size_t k = 0; k < NFILES; k++)
				for (size_t b = 0; !found[k] && b < 4 && files[k].bases[b]; b++)
					if (check_name_is(v[i].name, files[k].bases[b]))
						found[k] = v[i].path;
		}
	}
}

/* Where the report keeps the path of files[I]. */
static char **slot(struct report_community *c, size_t i)
{
	char **v[NFILES] = {
		&c->contributing, &c->changelog, &c->code_of_conduct, &c->security,
	};

	return v[i];
}

static int community_run(struct check_ctx *ctx)
{
	struct report_community *section = &ctx->report->community;
	const char *found[NFILES] = { NULL };

	section->present = true;
	find_files(found, ctx);
	for (size_t i = 0; i < NFILES; i++) {
		const char *path = found[i];

		*slot(section, i) = report_strdup(path);
		if (!path)
			report_add(ctx->report, files[i].rule, LEVEL_INFO, NULL, 0, 0,
			           files[i].fix, "No %s file at the root or in .github/, "
			           ".gitlab/ or docs/.", files[i].bases[0]);
	}
	return 0;
}

const struct check check_community = {
	.name = "community",
	.run = community_run,
	.rules = community_rules,
};
