/* checks.c - the check registry, the rule index, and helpers for checks. */
#include "crawler/checks/checks.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawler/license/license_declared.h"
#include "lib/i18n.h"

/* Rules about reading files, shared by every check. */
static const struct rule file_rules[] = {
	{ "file.too-large", LEVEL_INFO,
	  N_("A file is larger than inventaire reads"),
	  N_("inventaire reads at most 1 MiB of each file it checks, so "
	     "that a hostile or accidental huge file cannot exhaust "
	     "memory. The verdict is based on the part that was read. Keep "
	     "licence, README and publiccode.yml files small.") },
	{ NULL, 0, NULL, NULL },
};

static const struct check check_files = {
	.name = NULL,
	.run = NULL,
	.rules = file_rules,
};


const struct check *const check_registry[] = {
	&check_license,
	&check_readme,
	&check_publiccode,
	&check_community,
	&check_codegouvfr,
	NULL,
};

/* Rules about reading files and about the repository itself, listed
 * after the others (check --explain list, SARIF, JUnit). */
static const struct check *const more_rules[] = {
	&check_files,
	&check_repository_facts,
	&check_settings,
	NULL,
};

int checks_run(struct check_ctx *ctx)
{
	const struct check *const *lists[] = { check_registry, more_rules };

	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; lists[l][i]; i++) {
			int err = lists[l][i]->run ? lists[l][i]->run(ctx) : 0;
			if (err < 0)
				return err;
		}
	report_sort(ctx->report);
	return 0;
}

static const struct rule *find_in(const struct check *const *list,
                                  const char *id)
{
	for (size_t i = 0; list[i]; i++)
		for (const struct rule *r = list[i]->rules; r && r->id; r++)
			if (!strcmp(r->id, id))
				return r;
	return NULL;
}

const struct rule *rules_find(const char *id)
{
	const struct rule *r = find_in(check_registry, id);

	return r ? r : find_in(more_rules, id);
}

bool check_name_is(const char *name, const char *base)
{
	size_t n;

	/* Most names of a large root fail on the first letter: cheap test. */
	if ((name[0] | 0x20) != (base[0] | 0x20))
		return false;
	n = strlen(base);
	if (strncasecmp(name, base, n))
		return false;
	return name[n] == '\0' || name[n] == '.' || name[n] == '_' ||
	       name[n] == '-';
}

int check_read(struct blob *out, struct check_ctx *ctx,
               const struct tree_entry *e, size_t cap)
{
	int err = tree_read(out, ctx->tree, e, cap);

	if (err < 0)
		return err;
	if (out->truncated)
		report_add(ctx->report, "file.too-large", LEVEL_INFO, e->path, 0, 0,
		           "Keep this file under 1 MiB.",
		           "%s is %llu bytes; only the first %zu bytes were read.",
		           e->path, (unsigned long long)out->size, out->len);
	return 0;
}

const struct rule *rules_at(size_t i)
{
	const struct check *const *lists[] = { check_registry, more_rules };

	for (size_t l = 0; l < 2; l++)
		for (size_t c = 0; lists[l][c]; c++)
			for (const struct rule *r = lists[l][c]->rules; r && r->id; r++)
				if (i-- == 0)
					return r;
	return NULL;
}

const char *const checks_prefetch[] = {
	"LICENSES/",        /* license.c: REUSE's folder */
	".github/", ".gitlab/", "docs/",   /* community.c */
	"publiccode.yml",   /* publiccode.c */
	"README.md",        /* readme.c: the README it prefers when present */
	".inventaire.yml",  /* settings.c, read by the driver */
	NULL,
};

bool checks_read_root_file(const char *name)
{
	return check_is_license_name(name) || check_name_is(name, "PATENTS") ||
	       check_name_is(name, "README") || check_name_is(name, "LISEZMOI") ||
	       check_name_is(name, "LISEZ-MOI") ||
	       license_declared_is_manifest(name);
}
