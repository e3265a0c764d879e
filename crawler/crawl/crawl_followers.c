/*
 * crawl_followers.c - an organization's followers, when its account was
 * listed in a batch whose answer has none (forges/forge.h,
 * batch_no_org_followers). GitHub's GraphQL Organization has no followers
 * count (docs.github.com/en/graphql/reference/objects#organization; a User
 * has followers { totalCount }); its REST answer, GET /orgs/NAME, has
 * (docs.github.com/en/rest/orgs/orgs#get-an-organization). code.gouv.fr's
 * front end ranks organizations by followers, and stats_preprod.json's
 * top_orgs_repos_followers keeps those above 20 (output/feed_stats.c): a
 * crawl with a token must publish what one without publishes.
 *
 * The count moves slowly, and a request per organization a night would
 * give back what the batch saved, so it is read on the repositories'
 * weekly rhythm (crawl_fresh.c, crawl_due()): at once when the state has
 * no count, else on the account's own day of the week, a week at most
 * after the last read. In between, last run's count is kept with the date
 * it was read (struct record_owner, followers_at), through shards and
 * `inventaire merge` as every owner record is. The read goes through the
 * engine's ETag cache: an unchanged answer is a 304, which GitHub does not
 * count against the rate limit. A read that fails (a rate limit, a 5xx)
 * keeps the last count, and the log says so: a count once read is never
 * published as 0.
 */
#include <stdlib.h>
#include <string.h>

#include "crawler/crawl/crawl_int.h"
#include "crawler/net/http.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"

struct followers_job {
	struct crawl_account *a;
	void (*done)(struct crawl_account *);
	unsigned long requests;
};

const struct record_owner *crawl_prev_owner(const struct crawl *c,
                                            const struct crawl_account *a)
{
	if (!a->entry->owner)
		return NULL;
	for (size_t i = 0; i < c->prev.nowners; i++) {
		const struct record_owner *o = &c->prev.owners[i];

		if (o->account_key && !strcmp(o->account_key, a->key))
			return o;
	}
	return NULL;
}

/* PREV's count, with the date it was read, into A's owner; false when it
 * had none. */
static bool keep_last(struct crawl_account *a, const struct record_owner *prev)
{
	if (!prev || prev->owner.followers < 0)
		return false;
	a->owner.followers = prev->owner.followers;
	free(a->followers_at);
	a->followers_at = prev->followers_at ? xstrdup(prev->followers_at) : NULL;
	return true;
}

/* The read failed, WHY: last run's count stays, and the log says so. */
static void read_failed(struct crawl_account *a, const char *why)
{
	struct crawl *c = a->crawl;

	if (!keep_last(a, crawl_prev_owner(c, a)))
		crawl_log(&c->log, LOG_WARNING, a->key, "followers not read: %s; "
		          "none known yet, the feeds say 0 until a read succeeds",
		          why);
	else if (a->followers_at)
		crawl_log(&c->log, LOG_WARNING, a->key, "followers not read: %s; "
		          "the last count, %ld (read %s), is kept", why,
		          a->owner.followers, a->followers_at);
	else
		crawl_log(&c->log, LOG_WARNING, a->key, "followers not read: %s; "
		          "the last count, %ld, is kept", why, a->owner.followers);
}

static void on_followers(int rc, struct owner *ow, void *payload)
{
	struct followers_job *j = payload;
	struct crawl_account *a = j->a;
	void (*done)(struct crawl_account *) = j->done;

	a->requests += j->requests;
	a->followers_requests += j->requests;
	if (rc == 0 && ow && ow->followers >= 0) {
		a->owner.followers = ow->followers;
		free(a->followers_at);
		a->followers_at = xstrdup(a->crawl->o->now);
	} else {
		char *why = xstrdup(rc < 0 ? error_last()
		                           : _("the answer has no followers count"));

		read_failed(a, why);
		free(why);
	}
	free(j);
	done(a);
}

void crawl_followers_start(struct crawl_account *a, struct http_engine *e,
                           void (*done)(struct crawl_account *))
{
	const struct forge *f = a->target.forge;
	const struct record_owner *prev;
	struct followers_job *j;
	struct account acct;

	if (!a->have_owner || a->owner.is_user || a->owner.followers >= 0 ||
	    !f->batch_no_org_followers || !f->owner_first || !a->entry->owner)
		return;
	prev = crawl_prev_owner(a->crawl, a);
	if (prev && prev->owner.followers >= 0 &&
	    !crawl_due(a->crawl, prev->followers_at, a->entry->host,
	               a->entry->owner)) {
		keep_last(a, prev);
		return;
	}
	if (!e) {
		keep_last(a, prev);
		return;
	}
	j = xcalloc(1, sizeof(*j));
	j->a = a;
	j->done = done;
	/* The batch said it is an organization: its own request at once. */
	acct = a->target.acct;
	acct.kind = ACCOUNT_ORG;
	/* Counted first: the engine may call back at once; when it refuses
	 * the job (no call back), it ends here. */
	a->jobs_left++;
	if (http_engine_owner_counted(e, f, &acct, on_followers, j,
	                              &j->requests) < 0)
		on_followers(error_last_code() < 0 ? error_last_code()
		                                   : ERROR_INVALID, NULL, j);
}
