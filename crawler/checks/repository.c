/*
 * repository.c - the repository itself: a branch with nothing to check.
 *
 * The probes (crawler/probe/) only record what they found in the report's
 * "repository" section: no commits, HEAD naming a branch that does not
 * exist. This check turns those facts into findings, with the same text
 * whether the repository was read on disk or fetched.
 */
#include "crawler/checks/checks.h"
#include "lib/i18n.h"

static const struct rule repository_rules[] = {
	{ "repository.no-commits", LEVEL_ERROR,
	  N_("The repository has no commits"),
	  N_("`inventaire check` reads the tree of HEAD, as a forge shows "
	     "it, and there is none yet. Commit your files, or run "
	     "`inventaire check --worktree` to check the files on disk "
	     "before committing.") },
	{ "repository.head-missing", LEVEL_ERROR,
	  N_("HEAD points to a branch that does not exist"),
	  N_("A forge would show no default branch. Point HEAD at an "
	     "existing branch with `git symbolic-ref HEAD "
	     "refs/heads/BRANCH` (for a bare repository on a server, set "
	     "its default branch).") },
	{ NULL, 0, NULL, NULL },
};

static int repository_run(struct check_ctx *ctx)
{
	const struct report_repository *x = &ctx->report->repository;

	if (x->no_commits)
		report_add(ctx->report, "repository.no-commits", LEVEL_ERROR, NULL,
		           0, 0, "Commit the files and push them (git add -A && git "
		           "commit && git push), or run `inventaire check "
		           "--worktree` in a clone to check the files on disk.",
		           "The repository has no commits on the branch checked: "
		           "there is nothing to check.");
	if (x->head_missing)
		report_add(ctx->report, "repository.head-missing", LEVEL_ERROR, NULL,
		           0, 0, "Point HEAD at an existing branch: git symbolic-ref "
		           "HEAD refs/heads/BRANCH.",
		           "HEAD points to %s, which does not exist (branches: %s).",
		           x->head_missing, x->branches ? x->branches : "none");
	return 0;
}

const struct check check_repository_facts = {
	.name = "repository",
	.run = repository_run,
	.rules = repository_rules,
};
