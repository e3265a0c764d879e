/*
 * driver.c - one repository, from its path or URL to its report
 * (driver.h): the probe records the facts, the checks read the tree and
 * report findings, and the caller gets the report.
 */
#include "crawler/checks/driver.h"

#include <stdlib.h>
#include <string.h>

#include "crawler/checks/checks.h"
#include "crawler/checks/repo_url.h"
#include "crawler/probe/probe.h"
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
	ctx.repo_url = repo_url;
	ctx.network = o->network;
	if ((rc = checks_run(&ctx)) < 0)
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
