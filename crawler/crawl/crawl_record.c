/*
 * crawl_record.c - one repository's inventory record: probe it, run the
 * checks `inventaire check` runs, or reuse last run's results when its tip
 * and the checker have not changed (README.md, "inventaire crawl", step
 * 3) - or, when the listing says nothing changed, without even asking for
 * the tip (crawl_fresh.c). Runs on the probe threads: it reads the crawl,
 * takes last run's record of its repository (under the crawl's lock), and
 * writes only the record it is given.
 */
#include <stdlib.h>
#include <string.h>

#include "crawler/checks/driver.h"
#include "crawler/crawl/crawl_int.h"
#include "lib/alloc.h"
#include "lib/error.h"

static int prev_cmp(const void *pkey, const void *pelem)
{
	const struct repo *key = pkey;
	struct record_repo *const *elem = pelem;

	return repo_key_cmp(key, &(*elem)->repo);
}

/*
 * Last run's record of R, taken: this run's record of R gets its results
 * (moved, never copied), and it is no longer last run's to keep
 * (crawl_merge.c). NULL when there is none, or when another account of
 * this run listed R first.
 */
static struct record_repo *prev_take(struct crawl *c, const struct repo *r)
{
	struct record_repo **p;
	size_t i;

	if (!c->prev.nrepos)
		return NULL;
	p = bsearch(r, c->prev_sorted, c->prev.nrepos, sizeof(*c->prev_sorted),
	            prev_cmp);
	if (!p)
		return NULL;
	i = (size_t)(*p - c->prev.repos);
	pthread_mutex_lock(&c->prev_mu);
	if (c->prev_taken[i])
		p = NULL;
	c->prev_taken[i] = true;
	pthread_mutex_unlock(&c->prev_mu);
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

static char *take(char **s)
{
	char *v = *s;

	*s = NULL;
	return v;
}

/* OUT's check and the fields that go with it, moved from PREV. */
static void keep_check(struct record_repo *out, struct record_repo *prev)
{
	if (!prev)
		return;
	out->check = prev->check;
	prev->check = NULL;
	out->head = take(&prev->head);
	out->checked_at = take(&prev->checked_at);
	out->checker = take(&prev->checker);
}

/* A kept verdict loses the repository's settings past their date. */
static void expire_settings(struct record_repo *out, const struct crawl *c)
{
	if (out->check && c->o->today)
		report_expire_settings(out->check, c->o->today);
}

void crawl_record(struct record_repo *out, struct crawl *c,
                  struct crawl_account *a, struct repo *r,
                  const char **method, const char **path)
{
	struct record_repo *prev = prev_take(c, r);
	enum crawl_fresh fresh = crawl_fresh(c, prev, r);
	struct check_result res;
	const char *head;
	int rc;

	record_repo_init(out);
	out->account_key = xstrdup(a->key);
	out->repo = *r;
	repo_init(r);
	out->account = record_account_ref(a->rec_account);
	out->actor = record_actor_ref(a->rec_actor);

	if (fresh == FRESH_TRUST) {
		/* The listing says nothing moved since the last verification:
		 * no git request (crawl_fresh.c says when). */
		keep_check(out, prev);
		out->verified_at = take(&prev->verified_at);
		*method = "unchanged";
		*path = "listing";
		expire_settings(out, c);
		return;
	}
	rc = check_repo(&res, c, &out->repo,
	                fresh == FRESH_VERIFY ? prev->head : NULL);
	*method = *path = res.method ? res.method : "none";
	head = res.report ? res.report->repository.head : NULL;
	if (rc < 0) {
		/* Keep what we knew: a fetch failure must not erase last
		 * night's verdict; say why it is old. A failure all the
		 * same: the progress line's errors count it. */
		out->probe_error = xstrdup(error_last());
		crawl_log(&c->log, LOG_ERROR, a->key, "%s", out->probe_error);
		keep_check(out, prev);
		if (prev)
			out->verified_at = take(&prev->verified_at);
		*method = *path = "error";
	} else if (res.unchanged) {
		keep_check(out, prev);
		free(out->head);
		out->head = head ? xstrdup(head) : NULL;
		free(out->checker);
		out->checker = xstrdup(c->checker);
		out->verified_at = xstrdup(c->o->now);
		*method = "unchanged";
	} else {
		out->check = res.report;
		res.report = NULL;
		out->head = head ? xstrdup(head) : NULL;
		out->checked_at = xstrdup(c->o->now);
		out->checker = xstrdup(c->checker);
		out->verified_at = xstrdup(c->o->now);
	}
	expire_settings(out, c);
	check_result_clear(&res);
}
