/*
 * driver.c - one repository, from its path or URL to its report
 * (driver.h): the probe records the facts, the checks read the tree and
 * report findings, the repository's own settings (.inventaire.yml,
 * settings.c) silence or re-level some, and the caller gets the report.
 */
#include "crawler/checks/driver.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crawler/checks/checks.h"
#include "crawler/checks/repo_url.h"
#include "crawler/checks/settings.h"
#include "crawler/probe/probe.h"
#include "lib/alloc.h"
#include "lib/error.h"

static int probe(struct probe *p, struct report *r, const struct check_opts *o)
{
	struct probe_remote_opts po = PROBE_REMOTE_OPTS_INIT;

	if (!o->url)
		return probe_local(p, &r->repository, o->path, o->worktree);
	po.cache_dir = o->cache_dir;
	po.branch = o->branch;
	po.known_head = o->known_head;
	po.token = o->token;
	po.token_user = o->token_user;
	po.max_bytes = o->max_bytes;
	po.timeout_s = o->timeout_s;
	/* Fetch ahead what the checks declare they read. */
	po.prefetch = checks_prefetch;
	po.prefetch_root = checks_read_root_file;
	return probe_remote(p, &r->repository, o->url, &po);
}

/*
 * A licence file in the work tree of a local clone whose HEAD has none at
 * the root, or NULL. A repository with its licence committed (nearly all)
 * pays one pass over the root's names; the work tree is listed only when
 * HEAD has no licence file.
 */
static char *uncommitted_license(struct tree *head,
                                 const struct report_repository *x,
                                 const struct check_opts *o)
{
	const struct tree_entry *v;
	struct tree *disk;
	char *found = NULL;
	size_t n;

	if (o->url || o->worktree || !x->source || strcmp(x->source, "git") ||
	    !x->path || tree_list(&v, &n, head, "") < 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (check_is_license_name(v[i].name) ||
		    !strcmp(v[i].name, "LICENSES"))
			return NULL;
	if (tree_open_dir(&disk, x->path) < 0)
		return NULL;
	if (tree_list(&v, &n, disk, "") == 0)
		for (size_t i = 0; i < n && !found; i++)
			if ((v[i].kind == TREE_FILE || v[i].kind == TREE_LINK) &&
			    check_is_license_name(v[i].name))
				found = xstrdup(v[i].path);
	tree_free(disk);
	return found;
}

/* The file findings about a missing file point at (report.h, "anchor"):
 * the README, else the settings file, else the first file of the root. */
static char *anchor_file(struct tree *t)
{
	const struct tree_entry *v, *e;
	size_t n;

	if (tree_list(&v, &n, t, "") < 0)
		return NULL;
	if ((e = readme_find(v, n)))
		return report_strdup(e->path);
	if (tree_lookup(&e, t, SETTINGS_FILE) == 0 && e->kind == TREE_FILE)
		return report_strdup(e->path);
	for (size_t i = 0; i < n; i++)
		if (v[i].kind == TREE_FILE)
			return report_strdup(v[i].path);
	return NULL;
}

/* The repository's own settings, applied once every check has run. */
static int apply_settings(struct check_ctx *ctx, const char *today)
{
	struct settings s;
	char now[11];
	int rc;

	if ((rc = settings_load(&s, ctx->report, ctx->tree)) < 0)
		return rc;
	if (!today) {
		report_today(now, (long long)time(NULL));
		today = now;
	}
	settings_apply(ctx->report, &s, today);
	settings_clear(&s);
	return 0;
}

static int run_checks(struct check_ctx *ctx, const struct check_opts *o)
{
	char *uncommitted = uncommitted_license(ctx->tree,
	                                        &ctx->report->repository, o);
	int rc;

	ctx->uncommitted_license = uncommitted;
	if ((rc = checks_run(ctx)) == 0)
		rc = apply_settings(ctx, o->today);
	if (rc == 0)
		ctx->report->repository.anchor = anchor_file(ctx->tree);
	ctx->uncommitted_license = NULL;
	free(uncommitted);
	return rc;
}

int check_repository(struct check_result *out, const struct check_opts *o)
{
	const char *where = o->url ? o->url : o->path;
	struct check_ctx ctx = { 0 };
	struct probe p;
	char *repo_url;
	int rc;

	memset(out, 0, sizeof(*out));
	report_new(&out->report);
	if ((rc = probe(&p, out->report, o)) < 0) {
		check_result_clear(out);
		return rc;
	}
	out->method = p.method;
	out->unchanged = p.unchanged;
	if (p.unchanged) {
		probe_close(&p);
		return 0;
	}
	repo_url = repo_url_web(o->repo_url ? o->repo_url :
	                        o->url ? o->url : p.origin);
	ctx.report = out->report;
	ctx.tree = p.tree;
	ctx.repo = o->repo;
	if (!ctx.repo && o->forge_view && repo_url)
		ctx.repo = o->forge_view(o->forge_view_arg, repo_url);
	ctx.repo_url = repo_url;
	ctx.network = o->network;
	if ((rc = run_checks(&ctx, o)) < 0)
		error_wrap("%s", where);
	/* The fetches by id the checks caused are counted in the report by
	 * now; the report outlives the tree. */
	probe_close(&p);
	free(repo_url);
	if (rc < 0)
		check_result_clear(out);
	return rc;
}

void check_result_clear(struct check_result *r)
{
	report_free(r->report);
	memset(r, 0, sizeof(*r));
}
