/*
 * crawl_record.c - one repository's inventory record: probe it, run the
 * checks `inventaire check` runs, or reuse last run's results when its tip
 * and the checker have not changed (README.md, "inventaire crawl", step
 * 3). Runs on the probe threads: it reads the crawl and last run's
 * inventory, and writes only the record it is given.
 */
#include <stdlib.h>
#include <string.h>

#include "crawler/checks/driver.h"
#include "crawler/crawl/crawl_int.h"
#include "crawler/crawl/record_json.h"
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
 * Probe R's default branch and check it, as `inventaire check URL` does:
 * the one driver (crawler/checks/driver.h), fed what the forge says of R.
 * 0 with *RES filled (RES->unchanged when the tip is still KNOWN_HEAD:
 * nothing fetched, nothing checked); else a negative code and
 * error_last() says why.
 */
static int check_repo(struct check_result *res, const struct crawl *c,
                      const struct repo *r, const char *known_head)
{
	struct check_opts co = CHECK_OPTS_INIT;
	char *url = clone_url(r);
	int rc;

	memset(res, 0, sizeof(*res));
	if (!url)
		return error_set(ERROR_INVALID, "%s: the forge gave no clone URL",
		                 r->full_name ? r->full_name : "?");
	co.url = url;
	co.cache_dir = c->cache_dir;
	co.branch = r->default_branch;
	co.known_head = known_head;
	co.repo = r;
	co.repo_url = r->html_url;
	co.today = c->o->today;
	rc = check_repository(res, &co);
	free(url);
	return rc;
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
	struct check_result res;
	const char *head;
	int rc;

	record_repo_init(out);
	out->account_key = xstrdup(a->key);
	repo_copy(&out->repo, r);
	crawl_record_account(&out->account, a);
	out->actor = crawl_record_actor(a);

	rc = check_repo(&res, c, r, reusable ? prev->head : NULL);
	*method = *path = res.method ? res.method : "none";
	head = res.report ? res.report->repository.head : NULL;
	if (rc < 0) {
		/* Keep what we knew: a fetch failure must not erase last
		 * night's verdict; say why it is old. A failure all the
		 * same: the progress line's errors count it. */
		out->probe_error = xstrdup(error_last());
		crawl_log(&c->log, LOG_ERROR, a->key, "%s", out->probe_error);
		keep_check(out, prev);
		*method = *path = "error";
	} else if (res.unchanged) {
		keep_check(out, prev);
		free(out->head);
		out->head = head ? xstrdup(head) : NULL;
		free(out->checker);
		out->checker = xstrdup(c->checker);
		*method = "unchanged";
	} else {
		out->check = res.report;
		res.report = NULL;
		out->head = head ? xstrdup(head) : NULL;
		out->checked_at = xstrdup(c->o->now);
		out->checker = xstrdup(c->checker);
	}
	/* A kept verdict loses the repository's settings past their date. */
	if (out->check && c->o->today)
		report_expire_settings(out->check, c->o->today);
	check_result_clear(&res);
}
