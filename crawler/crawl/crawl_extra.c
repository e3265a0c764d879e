/*
 * crawl_extra.c - the API requests beyond an account's listing that
 * code.gouv.fr's fields need, made as soon as it is listed and before its
 * repositories go to the probes:
 *
 * - subscribers. code.gouv.fr's awesome-score counts subscribers_count
 *   (compute-repo-score in codegouvfr/codegouvfr-output-data,
 *   src/codegouvfr/codegouvfr_output_data.clj), which GitHub's list
 *   endpoints omit. They are read through the forge's companion plug-in
 *   (forges/forge.h, `watchers`) at the least cost: a repository whose
 *   listing has not changed since the last crawl (same updated_at and
 *   pushed_at; GitHub moves updated_at when the repository object changes)
 *   keeps the count it had; the others are asked, in GraphQL batches of a
 *   hundred when a token is set, else one REST request each, at most
 *   TOKENLESS_BUDGET per host and run (GitHub allows 60 anonymous requests
 *   an hour, and the listing needs its share): the rest wait for the next
 *   run, their count unknown (upstream's nil: no points) meanwhile.
 * - the owners of a whole forge. A whole-forge listing names its owners
 *   only by login; code.gouv.fr shows their name, avatar and description,
 *   so each organisation found there is asked for its metadata (its
 *   forge's owner request), persons' namespaces aside (they are not
 *   published: output/feed_view.c). Like an account's own owner
 *   (crawl_list.c, owner_kept), it is asked once a week, on its day
 *   (crawl_fresh.c, crawl_due()), and last run's is kept the other nights
 *   and when the request fails: an unchanged night costs no request per
 *   group.
 *
 * What it costs is in crawl.json: per account and in the totals (summed
 * from the accounts: crawl_coverage.c), "subscribers_requests" and
 * "owners_requests" (both also counted in "requests"; the second also
 * counts crawl_followers.c's), and "subscribers_reused".
 */
#include <stdlib.h>
#include <string.h>

#include "crawler/crawl/crawl_int.h"
#include "crawler/net/http.h"
#include "crawler/net/token.h"
#include "crawler/net/token_scope.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"

/* Anonymous subscriber requests per host and run. */
#define TOKENLESS_BUDGET 25
/* Owner requests per whole forge and run: a bound, not a target. */
#define OWNERS_BUDGET 1000

struct crawl_extra {
	unsigned long subscribers_requests, owners_requests;
	unsigned long subscribers_reused;
	unsigned long subscribers_anonymous;  /* asked without a token */
	char *subscribers_error;     /* the first failure, for the log */
	struct owner *owners;        /* a whole forge's, by login */
	size_t nowners;
};

/* One request job of an account. */
struct extra_job {
	struct crawl_account *a;
	void (*done)(struct crawl_account *);
	unsigned long requests;
	char *login;                 /* owner jobs: whose metadata */
};

static struct crawl_extra *extra_of(struct crawl_account *a)
{
	if (!a->extra)
		a->extra = xcalloc(1, sizeof(*a->extra));
	return a->extra;
}

static bool same_str(const char *x, const char *y)
{
	return (!x && !y) || (x && y && !strcmp(x, y));
}

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

static int repo_find_cmp(const void *pkey, const void *pelem)
{
	return repo_key_cmp(pkey, pelem);
}

static void job_end(struct extra_job *j)
{
	struct crawl_account *a = j->a;
	void (*done)(struct crawl_account *) = j->done;

	free(j->login);
	free(j);
	done(a);
}

static void on_subscribers(int rc, struct repo_list *got, void *payload)
{
	struct extra_job *j = payload;
	struct crawl_account *a = j->a;
	struct crawl_extra *x = extra_of(a);

	x->subscribers_requests += j->requests;
	a->requests += j->requests;
	if (rc < 0 && !x->subscribers_error)
		x->subscribers_error = xstrdup(error_last());
	for (size_t i = 0; i < got->n; i++) {
		struct repo *r = bsearch(&got->v[i], a->repos.v, a->repos.n,
		                         sizeof(*a->repos.v), repo_find_cmp);

		if (r && got->v[i].subscribers >= 0)
			r->subscribers = got->v[i].subscribers;
	}
	job_end(j);
}

/* A token may go with the requests to API_URL (crawler/net/token_scope.h). */
static bool has_token(const char *host, const char *api_url)
{
	struct token_set *ts;
	char *scope, *why;
	bool yes;

	token_scope(&scope, &why, host, api_url);
	free(why);
	if (!scope)
		return false;
	token_set_from_env(&ts, scope);
	yes = token_set_count(ts) > 0;
	token_set_free(ts);
	free(scope);
	return yes;
}

static void on_owner(int rc, struct owner *ow, void *payload);

/* Start one job of A on E. A's jobs_left counts it first: the engine may
 * call back at once; when it refuses the job (no call back), it ends here. */
static void start_job(struct crawl_account *a, struct http_engine *e,
                      void (*done)(struct crawl_account *), bool owner,
                      const struct account *acct, const char *login)
{
	struct extra_job *j = xcalloc(1, sizeof(*j));
	const struct forge *f = a->target.forge;
	int rc;

	j->a = a;
	j->done = done;
	j->login = login ? xstrdup(login) : NULL;
	a->jobs_left++;
	rc = owner ? http_engine_owner_counted(e, f, acct, on_owner, j,
	                                       &j->requests)
	           : http_engine_list_counted(e, f->watchers, acct, on_subscribers,
	                                      j, &j->requests);
	if (rc < 0)
		job_end(j);
}

/* What is left of the anonymous budget of A's host: the accounts of a
 * host share it (they run on the engine's one thread). */
static unsigned budget_left(const struct crawl_account *a)
{
	const struct crawl *c = a->crawl;
	unsigned long used = 0;

	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].extra && !strcmp(c->v[i].entry->host, a->entry->host))
			used += c->v[i].extra->subscribers_anonymous;
	return used >= TOKENLESS_BUDGET ? 0 : (unsigned)(TOKENLESS_BUDGET - used);
}

static void ask_subscribers(struct crawl_account *a, struct http_engine *e,
                            void (*done)(struct crawl_account *))
{
	const struct forge *f = a->target.forge;
	struct crawl_extra *x = extra_of(a);
	bool token = has_token(a->entry->host, a->target.acct.api_url);
	unsigned batch = token && f->watchers_batch ? f->watchers_batch : 1;
	unsigned budget = token ? 0 : budget_left(a);
	struct buf names = BUF_INIT;
	unsigned in_batch = 0;
	struct account acct = a->target.acct;

	acct.kind = ACCOUNT_ORG;
	for (size_t i = 0; i < a->repos.n; i++) {
		struct repo *r = &a->repos.v[i];
		const struct record_repo *prev;

		if (r->subscribers >= 0 || !r->full_name)
			continue;
		/* A whole forge is listed by every shard: each asks for its
		 * share only (crawl_shard.c), the one it probes. */
		if (!a->entry->owner &&
		    !crawl_shard_has(&a->crawl->o->shard, r->host, r->full_name))
			continue;
		prev = prev_find(a->crawl, r);
		if (prev && prev->repo.subscribers >= 0 &&
		    same_str(prev->repo.updated_at, r->updated_at) &&
		    same_str(prev->repo.pushed_at, r->pushed_at)) {
			r->subscribers = prev->repo.subscribers;
			x->subscribers_reused++;
			continue;
		}
		if (!token && budget == 0)
			continue;
		if (!token) {
			budget--;
			x->subscribers_anonymous++;
		}
		buf_addf(&names, "%s%s", in_batch ? "\n" : "", r->full_name);
		if (++in_batch == batch) {
			acct.owner = names.data;
			start_job(a, e, done, false, &acct, NULL);
			names.len = 0;
			in_batch = 0;
		}
	}
	if (in_batch) {
		acct.owner = names.data;
		start_job(a, e, done, false, &acct, NULL);
	}
	buf_free(&names);
}

static void on_owner(int rc, struct owner *ow, void *payload)
{
	struct extra_job *j = payload;
	struct crawl_account *a = j->a;
	struct crawl_extra *x = extra_of(a);

	x->owners_requests += j->requests;
	a->requests += j->requests;
	if (rc == 0) {
		x->owners = xrealloc(x->owners, (x->nowners + 1) * sizeof(*x->owners));
		x->owners[x->nowners] = *ow;
		owner_init(ow);
		/* the login it was asked as: repositories spell it so */
		free(x->owners[x->nowners].login);
		x->owners[x->nowners++].login = xstrdup(j->login);
	}
	job_end(j);
}

/* Last run's record of LOGIN, an owner of A's whole-forge listing, when it
 * holds the forge's metadata; else NULL. */
static const struct record_owner *prev_group(const struct crawl_account *a,
                                             const char *login)
{
	const struct crawl *c = a->crawl;

	for (size_t i = 0; i < c->prev.nowners; i++) {
		const struct record_owner *o = &c->prev.owners[i];

		if (o->account_key && !strcmp(o->account_key, a->key) &&
		    o->owner.login && !strcmp(o->owner.login, login))
			return o->stale || !crawl_owner_from_forge(&o->owner)
			       ? NULL : o;
	}
	return NULL;
}

static void ask_owners(struct crawl_account *a, struct http_engine *e,
                       void (*done)(struct crawl_account *))
{
	struct account acct = a->target.acct;
	size_t asked = 0;

	acct.kind = ACCOUNT_UNKNOWN;
	for (size_t i = 0; i < a->repos.n && asked < OWNERS_BUDGET; i++) {
		const char *login = a->repos.v[i].owner;
		const struct record_owner *prev;
		bool seen = false;

		if (!login || a->repos.v[i].owner_is_user ||
		    !crawl_shard_has(&a->crawl->o->shard, a->entry->host, login))
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = a->repos.v[k].owner && !strcmp(a->repos.v[k].owner, login);
		if (seen)
			continue;
		prev = prev_group(a, login);
		if (prev && !crawl_due(a->crawl, prev->followers_at, a->entry->host,
		                       login))
			continue;
		acct.owner = login;
		asked++;
		start_job(a, e, done, true, &acct, login);
	}
}

void crawl_extra_start(struct crawl_account *a, struct http_engine *e,
                       void (*done)(struct crawl_account *))
{
	if (!e || !a->resolved)
		return;
	/* A person's account (`kind: user`) reaches no code.gouv.fr file
	 * (output/feed_view.c): its score is not worth a request. */
	if (a->target.forge->watchers &&
	    !(a->entry->kind && !strcmp(a->entry->kind, "user")))
		ask_subscribers(a, e, done);
	if (a->target.acct.kind == ACCOUNT_INSTANCE && a->target.forge->owner_first)
		ask_owners(a, e, done);
}

void crawl_extra_owner(struct owner *out, char **at, struct crawl_account *a,
                       const char *login, bool is_user)
{
	struct crawl_extra *x = a->extra;
	const struct record_owner *prev;

	for (size_t i = 0; x && i < x->nowners; i++)
		if (!strcmp(x->owners[i].login, login)) {
			*out = x->owners[i];
			owner_init(&x->owners[i]);
			x->owners[i].login = xstrdup("");
			if (!out->host)
				out->host = xstrdup(a->entry->host);
			*at = crawl_owner_from_forge(out) ? xstrdup(a->crawl->o->now)
			                                  : NULL;
			return;
		}
	/* Not asked this run (not due), or the request failed: last run's. */
	if ((prev = prev_group(a, login))) {
		crawl_owner_copy(out, &prev->owner);
		*at = prev->followers_at ? xstrdup(prev->followers_at) : NULL;
		return;
	}
	*at = NULL;
	owner_init(out);
	out->host = xstrdup(a->entry->host);
	out->login = xstrdup(login);
	out->html_url = xasprintf("https://%s/%s", a->entry->host, login);
	out->is_user = is_user;
}

void crawl_extra_report(json_t *o, const struct crawl_account *a)
{
	const struct crawl_extra *x = a->extra;

	json_object_set_new(o, "subscribers_requests",
	                    json_integer(x ? (json_int_t)x->subscribers_requests : 0));
	json_object_set_new(o, "subscribers_reused",
	                    json_integer(x ? (json_int_t)x->subscribers_reused : 0));
	/* With the followers read apart from a batch listing
	 * (crawl_followers.c): owner requests too. */
	json_object_set_new(o, "owners_requests",
	                    json_integer((json_int_t)a->followers_requests +
	                                 (x ? (json_int_t)x->owners_requests : 0)));
}

void crawl_extra_log(struct crawl_account *a)
{
	struct crawl_extra *x = a->extra;

	if (x && x->subscribers_error)
		crawl_log(&a->crawl->log, LOG_WARNING, a->key, "subscribers: %s "
		          "(their counts stay unknown until the next run)",
		          x->subscribers_error);
}

void crawl_extra_free(struct crawl_account *a)
{
	struct crawl_extra *x = a->extra;

	if (!x)
		return;
	for (size_t i = 0; i < x->nowners; i++)
		owner_clear(&x->owners[i]);
	free(x->owners);
	free(x->subscribers_error);
	free(x);
	a->extra = NULL;
}
