/*
 * driver.h - check one repository: probe it, run every check, and return
 * the report. `inventaire check` and `inventaire crawl` both call
 * check_repository(), with the same inputs, so that a team's local check
 * gives the nightly verdict:
 *
 *   - what to read: a local PATH (HEAD, or the files on disk), or a URL
 *     whose default branch is fetched into a cache;
 *   - the repository's own URL, for the comparisons (publiccode.yml `url`);
 *   - the forge's metadata: the crawl's listing, or what `check` asks the
 *     forge for once the repository's URL is known (its licence);
 *   - the repository's own settings, `.inventaire.yml` in the tree
 *     checked (settings.h), applied to the findings;
 *   - one timeout policy (CHECK_OPTS_INIT).
 */
#ifndef INVENTAIRE_DRIVER_H
#define INVENTAIRE_DRIVER_H

#include <stdbool.h>

#include "lib/report.h"

struct repo;

struct check_opts {
	/* What is checked: a local PATH, or a remote URL; one of the two. */
	const char *path;
	const char *url;
	bool worktree;             /* PATH: the files on disk, not HEAD */
	/*
	 * The repository's own URL, made a web URL by repo_url_web(). NULL:
	 * the URL checked when remote, else the URL of the local repository's
	 * remote "origin", else none (the comparisons that need it are
	 * skipped). Nothing is fetched from it.
	 */
	const char *repo_url;
	const struct repo *repo;   /* the forge's view (crawl), or NULL */
	/*
	 * When REPO is NULL: asked once for the forge's view of the
	 * repository whose own web URL is REPO_URL (as resolved above), or
	 * not at all when there is none. It returns the view, owned by ARG
	 * and alive until check_repository() returns, or NULL when the forge
	 * is unknown or does not answer (`check` asks the forge:
	 * crawler/cli/check_forge.h). NULL: no forge view.
	 */
	const struct repo *(*forge_view)(void *arg, const char *repo_url);
	void *forge_view_arg;
	bool network;              /* also run the checks that need it */
	/* The day the repository's settings (.inventaire.yml `until`) are
	 * compared with, "YYYY-MM-DD"; NULL: the UTC date now. A crawl passes
	 * its own, one day for the whole run. */
	const char *today;

	/* URL only */
	const char *cache_dir;     /* where fetched repositories are kept */
	const char *branch;        /* the branch to check, NULL: HEAD's */
	const char *known_head;    /* last run's tip: unchanged -> not checked */
	const char *token;         /* sent only when the server asks (401) */
	const char *token_user;
	unsigned long long max_bytes;  /* abort a transfer past this */
	unsigned timeout_s;        /* abort a transfer that runs longer */
};

/* 10 minutes and 512 MiB for one repository's fetch: what a monorepo on a
 * slow forge needs at depth 1; the crawl and `check URL` alike. */
#define CHECK_OPTS_INIT { .token_user = "inventaire", \
                          .max_bytes = 512ull << 20, .timeout_s = 600 }

struct check_result {
	/* The report: "repository" facts and, unless unchanged, every
	 * check's section and the findings, sorted. */
	struct report *report;
	/* URL: the tip is KNOWN_HEAD; nothing was fetched nor checked. */
	bool unchanged;
	/* URL: how the objects came ("v2-filter-tree", "libgit2-fetch"...,
	 * probe_remote.c), for crawl.json; NULL for a path. */
	const char *method;
};

/*
 * Check the repository O names into *OUT. 0, or a negative lib/error.h
 * code with error_last() naming the repository and what failed: ERROR_USAGE
 * for options that cannot go together (--worktree on a bare repository),
 * another code when the repository cannot be read or fetched. *OUT is then
 * empty.
 */
int check_repository(struct check_result *out, const struct check_opts *o);
void check_result_clear(struct check_result *r);

#endif
