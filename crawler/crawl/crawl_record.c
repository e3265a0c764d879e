/*
 * crawl_record.c - one repository's inventory record: probe it, run the
 * checks `inventaire check` runs, or reuse last run's results when its tip
 * and the checker have not changed (README.md, "inventaire crawl", step
 * 3). Runs on the probe threads: it reads the crawl and last run's
 * inventory, and writes only the record it is given.
 */
#include <stdlib.h>
#include <string.h>

#include "crawler/checks/checks.h"
#include "crawler/crawl/crawl_int.h"
#include "crawler/crawl/record_json.h"
#include "crawler/probe/probe.h"
#include "lib/alloc.h"
#include "lib/error.h"

static int prev_cmp(const void *pkey, const void *pelem)
{
	const struct repo *key = pkey;
	const struct record_repo *const *elem = pelem;

	return repo_key_cmp(key, &(*elem)->repo);
}

/* Last run's record of R, or NULL. */
static const struct record_repo *prev_find(const struct crawl *c,
                                           const struct repo *r)
{
	const struct record_repo *const *p;

	if (!c->prev.nrepos)
		return NULL;
	p = bsearch(r, c->prev_sorted, c->prev.nrepos, sizeof(*c->prev_sorted),
	            prev_cmp);
	return p ? *p : NULL;
}

/* The clone URL, or the web URL + ".git" when the forge gave none. */
static char *clone_url(const struct repo *r)
{
	if (r->clone_url)
		return xstrdup(r->clone_url);
	return r->html_url ? xasprintf("%s.git", r->html_url) : NULL;
}

/*
 * Probe R's default branch and check it: the probe -> checks -> report
 * sequence `inventaire check URL` runs. 0 with *OUT the new report, or
 * NULL when the tip is still KNOWN_HEAD (P->unchanged: nothing fetched,
 * nothing checked); else a negative code and error_last() says why.
 */
static int check_repository(struct report **out, struct probe *p,
                            const struct crawl *c, const struct repo *r,
                            const char *known_head)
{
	struct probe_remote_opts po = PROBE_REMOTE_OPTS_INIT;
	struct check_ctx ctx = { 0 };
	char *url = clone_url(r), *err = NULL;
	struct report *rep = NULL;
	int rc;

	*out = NULL;
	if (!url)
		return error_set(ERROR_INVALID, "%s: the forge gave no clone URL",
		                 r->full_name ? r->full_name : "?");
	po.cache_dir = c->cache_dir;
	po.branch = r->default_branch;
	po.known_head = known_head;
	po.timeout_s = c->o->probe_timeout_s;
	report_new(&rep);
	rc = probe_remote(p, &err, rep, url, &po);
	free(url);
	if (rc < 0) {
		rc = error_set(rc, "%s", err ? err : "the probe failed");
	} else if (!p->unchanged) {
		ctx.report = rep;
		ctx.tree = p->tree;
		ctx.repo = r;
		ctx.repo_url = r->html_url;
		if ((rc = checks_run(&ctx)) < 0)
			rc = error_set(ERROR_FAIL, "%s: %s", r->full_name,
			               tree_error(p->tree));
	}
	free(err);
	if (rc < 0 || p->unchanged) {
		report_free(rep);
		return rc < 0 ? rc : 0;
	}
	*out = rep;
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* OUT's check and the three fields that go with it, from PREV. */
static void keep_check(struct record_repo *out, const struct record_repo *prev)
{
	if (!prev)
		return;
	if (prev->check && record_check_copy(&out->check, prev->check) < 0)
		out->check = NULL;
	out->head = dup_or_null(prev->head);
	out->checked_at = dup_or_null(prev->checked_at);
	out->checker = dup_or_null(prev->checker);
}

void crawl_record(struct record_repo *out, struct crawl *c,
                  struct crawl_account *a, const struct repo *r,
                  const char **method, const char **path)
{
	const struct record_repo *prev = prev_find(c, r);
	bool reusable = prev && prev->check && prev->checker &&
	                !strcmp(prev->checker, c->checker);
	struct report *rep = NULL;
	struct probe p = { 0 };
	int rc;

	record_repo_init(out);
	out->account_key = xstrdup(a->key);
	repo_copy(&out->repo, r);
	crawl_record_account(&out->account, a);
	out->actor = crawl_record_actor(a);

	rc = check_repository(&rep, &p, c, r, reusable ? prev->head : NULL);
	*method = *path = p.method ? p.method : "none";
	if (rc < 0) {
		/* Keep what we knew: a fetch failure must not erase last
		 * night's verdict; say why it is old. */
		crawl_log(&c->log, LOG_WARNING, a->key, "%s", error_last());
		keep_check(out, prev);
		out->probe_error = xstrdup(error_last());
		*method = *path = "error";
	} else if (p.unchanged) {
		keep_check(out, prev);
		free(out->head);
		out->head = xstrdup(p.head);
		free(out->checker);
		out->checker = xstrdup(c->checker);
		*method = "unchanged";
	} else {
		out->check = rep;
		out->head = p.head[0] ? xstrdup(p.head) : NULL;
		out->checked_at = xstrdup(c->o->now);
		out->checker = xstrdup(c->checker);
	}
	probe_close(&p);
}
