/*
 * checks.h - the checks run on a probed tree, and the rules they report.
 *
 * `inventaire check` and `inventaire crawl` both call check_repository()
 * (driver.h), which runs them all through checks_run(): the verdict comes
 * from the same code.
 * Each check fills its section of the report and adds findings; each rule
 * id is stable and documented (check --explain RULE).
 */
#ifndef INVENTAIRE_CHECKS_H
#define INVENTAIRE_CHECKS_H

#include <stdbool.h>

#include "lib/report.h"
#include "crawler/tree/tree.h"

struct repo;

/* What a check knows besides the tree. */
struct check_ctx {
	struct report *report;
	struct tree *tree;
	/* The forge's view of the repository (the crawl's listing, or what
	 * `check` asked the forge: driver.h), or NULL when there is none. */
	const struct repo *repo;
	/* The repository's own web URL (repo_url.h), to compare with
	 * publiccode.yml `url`, or NULL when it is not known. */
	const char *repo_url;
	/* Checks that need the network run only when this is set. */
	bool network;
	/* A licence file that is in the work tree but not in the tree checked
	 * (a local clone's HEAD), or NULL: a fact the driver passes so that
	 * `license.missing` can say to commit it or use --worktree. */
	const char *uncommitted_license;
};

struct check {
	const char *name;        /* section name in the report: "readme" */
	int (*run)(struct check_ctx *ctx);
	const struct rule *rules;  /* terminated by an entry with id NULL */
};

/* The checks, in the order they run; NULL-terminated. */
extern const struct check *const check_registry[];

/* Run every check; findings are sorted. 0 or a negative error code. */
int checks_run(struct check_ctx *ctx);

/* The rule with id ID, or NULL. */
const struct rule *rules_find(const char *id);
/* The I-th rule of all checks (registry order), or NULL past the end. */
const struct rule *rules_at(size_t i);

/* One file per check (checks/NAME.c). */
extern const struct check check_license;
extern const struct check check_readme;
extern const struct check check_publiccode;
extern const struct check check_community;
extern const struct check check_codegouvfr;
extern const struct check check_repository_facts;
/* The rules of the repository's own settings (settings.c); the driver
 * applies the settings once every check has run. */
extern const struct check check_settings;

/* Helpers for checks (checks.c). */

/*
 * True when NAME is BASE in any case, alone or followed by an extension or
 * suffix: '.', '_' or '-' then anything ("LICENSE", "licence.fr.txt",
 * "Licence_CeCILL_V2.1-fr.txt", "README-en.md"; not "LICENSES").
 */
bool check_name_is(const char *name, const char *base);

/* NAME is a licence file's name at the root: LICENSE, LICENCE, COPYING,
 * UNLICENSE or COPYRIGHT, as check_name_is() matches them, or after a word
 * and '-' or '_' (MIT-LICENSE); not a source file (license.go)
 * (license.c). */
bool check_is_license_name(const char *name);

/*
 * Read E for a check, capped at CAP. A link is followed inside the tree
 * only. When the cap is hit, a `file.too-large` finding says so and *OUT
 * holds what could be read. On failure returns < 0 and leaves the message
 * in error_last(); the caller reports it under its own rule.
 */
int check_read(struct blob *out, struct check_ctx *ctx,
               const struct tree_entry *e, size_t cap);

/*
 * What the checks read, declared for a remote probe so that it fetches it
 * all in one round trip per tree level instead of one object at a time
 * (crawler/probe/probe.h, struct probe_remote_opts): the folders they list
 * ("dir/") and the files they always read when present, NULL-terminated...
 */
extern const char *const checks_prefetch[];
/* ...and whether they read the root file NAME when it is there (licence
 * files, READMEs, package manifests). */
bool checks_read_root_file(const char *name);

/* The README the forges would show among the root entries ROOT[0..n), or
 * NULL: README, else LISEZMOI or LISEZ-MOI (readme.c; the licence check
 * reads its "Licence" section too). */
const struct tree_entry *readme_find(const struct tree_entry *root, size_t n);
#endif
