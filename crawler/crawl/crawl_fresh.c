/*
 * crawl_fresh.c - when the listing is enough. Most repositories do not
 * change from one night to the next, and the forge's listing, which the
 * crawl reads anyway (one request per 100 repositories), says when one
 * was last pushed to. A repository whose listing shows no change keeps
 * last night's result with no git request at all; the others are asked
 * for their tip (ls-refs, one request), and fetched and checked only when
 * it moved.
 *
 * The field trusted, per forge (the plug-ins map it into struct repo):
 *
 *   github     pushed_at: moves on a push to any branch, unlike updated_at,
 *              which also moves on a new description or a star (GitHub's
 *              own answer, github.com/orgs/community/discussions/24442)
 *   gitlab     last_activity_at (mapped to pushed_at): moves on pushes, but
 *              at most once an hour (gitlab-org/gitlab-foss merge request
 *              6391, "Restrict last_activity_at updates to one per hour"),
 *              and not when a branch is only created or deleted
 *              (gitlab.com/gitlab-org/gitlab/-/issues/295486)
 *   gitea, forgejo, gogs
 *              updated_at: a push sets it to the time of the push
 *              (go-gitea/gitea, services/repository/push.go, "Change
 *              repository last updated time"); a mirror's sync sets it to
 *              its last commit's date instead (services/mirror)
 *   bitbucket  updated_on: the last update of the repository, which
 *              Software Heritage's lister also schedules its visits on
 *              (docs.softwareheritage.org, software-origins/bitbucket)
 *   sourcehut  updated
 *
 * None of these is a promise, and some are known to lag or to be lost, so
 * the listing is trusted only when all of these hold:
 *
 *   - the field and the default branch are those of last run's record
 *     (a value that moved either way, even backwards as a mirror's commit
 *     date can, means a new look);
 *   - the field is older than last run's verification by more than
 *     FRESH_LAG_S: a push just before we asked for the tip could have
 *     been recorded an hour late (GitLab), so the next run looks again;
 *   - last run's result is a check by this checker, with no probe error;
 *   - the last verification is recent: every repository is asked for its
 *     tip at least once a week whatever its listing says, which bounds how
 *     long a lost update (the GitLab report above) can hide a push.
 *
 * The weekly verifications are spread over the week: a repository is due
 * on the day of the week its name hashes to, once it was verified more
 * than FRESH_MIN_AGE_S ago, or in any case after FRESH_WEEK_S. A nightly
 * run thus asks about a seventh of the repositories, a run right after
 * another asks about none, and the night after a first crawl asks about a
 * seventh, not all of them on the eighth day.
 */
#include <string.h>

#include "crawler/crawl/crawl_int.h"
#include "lib/date.h"

#define FRESH_LAG_S      (2 * 3600)
#define FRESH_DAY_S      86400
#define FRESH_WEEK_S     (7 * FRESH_DAY_S)
#define FRESH_MIN_AGE_S  (20 * 3600)

/* What the listing says of pushes: pushed_at where the forge has it. */
static const char *activity(const struct repo *r)
{
	return r->pushed_at ? r->pushed_at : r->updated_at;
}

static bool same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static bool same_or_none(const char *a, const char *b)
{
	return a == b || same(a, b);
}

bool crawl_weekday(const struct crawl *c, const char *host, const char *name)
{
	return (unsigned)((c->o->now_s / FRESH_DAY_S) % 7) ==
	       crawl_shard_of(host, name, 7);
}

/* "HOST/NAME", last looked at at VERIFIED: is it due again now? */
static bool due(const struct crawl *c, long long verified, const char *host,
                const char *name)
{
	long long age = c->o->now_s - verified;

	if (age >= FRESH_WEEK_S)
		return true;
	if (age < FRESH_MIN_AGE_S)
		return false;
	return crawl_weekday(c, host, name);
}

bool crawl_due(const struct crawl *c, const char *at, const char *host,
               const char *name)
{
	long long t;

	return date_seconds(&t, at) < 0 || due(c, t, host, name);
}

enum crawl_fresh crawl_fresh(const struct crawl *c,
                             const struct record_repo *prev,
                             const struct repo *r)
{
	long long verified, pushed;

	if (!prev || !prev->check || !prev->head ||
	    !same(prev->checker, c->checker))
		return FRESH_CHECK;
	/* Another default branch: another tree, and the report names the
	 * branch. */
	if (!same_or_none(prev->repo.default_branch, r->default_branch))
		return FRESH_CHECK;
	if (prev->probe_error || !same(activity(&prev->repo), activity(r)) ||
	    date_seconds(&verified, prev->verified_at) < 0 ||
	    date_seconds(&pushed, activity(r)) < 0 ||
	    pushed + FRESH_LAG_S >= verified ||
	    due(c, verified, r->host, r->full_name))
		return FRESH_VERIFY;
	return FRESH_TRUST;
}
