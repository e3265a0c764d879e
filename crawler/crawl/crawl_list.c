/*
 * crawl_list.c - list every selected account through its plug-in, all at
 * once on the HTTP engine, and hand each one to the probes as soon as its
 * listing and its owner's metadata have answered.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crawler/crawl/crawl_int.h"
#include "crawler/net/http.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"

/* An owner record of A, for the organizations feeds; FOLLOWERS_AT
 * (malloc'd or NULL) is taken. */
static void add_owner(struct crawl_account *a, struct owner *ow, long count,
                      char *followers_at)
{
	struct record_owner o;

	record_owner_init(&o);
	o.account_key = xstrdup(a->key);
	o.followers_at = followers_at;
	o.owner = *ow;
	owner_init(ow);
	o.account = record_account_ref(a->rec_account);
	o.actor = record_actor_ref(a->rec_actor);
	o.repositories_count = count;
	inventory_add_owner(&a->found, &o);
}

/* What we know of an owner whose metadata we do not have. */
static void owner_known(struct owner *ow, const char *host, const char *login,
                        bool is_user)
{
	owner_init(ow);
	ow->host = xstrdup(host);
	ow->login = xstrdup(login);
	ow->html_url = xasprintf("https://%s/%s", host, login);
	ow->is_user = is_user;
}


/* A's owner metadata could not be read this run: last run's, when the
 * forge gave it, rather than nothing (a count once read is never
 * published as 0). False when there is none. */
static bool owner_last(struct crawl_account *a)
{
	const struct record_owner *o = crawl_prev_owner(a->crawl, a);

	if (!o || !crawl_owner_from_forge(&o->owner))
		return false;
	crawl_owner_copy(&a->owner, &o->owner);
	free(a->followers_at);
	a->followers_at = o->followers_at ? xstrdup(o->followers_at) : NULL;
	a->have_owner = true;
	return true;
}

/* Owner records of a listed account. */
static void build_owners(struct crawl_account *a)
{
	const char *host = a->entry->host;
	struct owner ow;

	if (a->entry->owner) {
		if (a->have_owner) {
			ow = a->owner;
			owner_init(&a->owner);
		} else if (owner_last(a)) {  /* the listing worked but not the */
			ow = a->owner;           /* metadata: last run's */
			owner_init(&a->owner);
			a->owner_kept_last = true;
		} else {
			owner_known(&ow, host, a->entry->owner,
			            a->target.acct.kind == ACCOUNT_USER);
		}
		add_owner(a, &ow, (long)a->repos.n, a->followers_at);
		a->followers_at = NULL;
		return;
	}
	/* A whole forge: one owner per group seen in the listing (this
	 * shard's groups, counted over the whole listing). */
	for (size_t i = 0; i < a->repos.n; i++) {
		const char *login = a->repos.v[i].owner;
		long count = 0;
		bool seen = false;
		char *at;

		if (!login || !crawl_shard_has(&a->crawl->o->shard, host, login))
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = a->repos.v[k].owner && !strcmp(a->repos.v[k].owner, login);
		if (seen)
			continue;
		for (size_t k = i; k < a->repos.n; k++)
			count += a->repos.v[k].owner && !strcmp(a->repos.v[k].owner, login);
		crawl_extra_owner(&ow, &at, a, login, a->repos.v[i].owner_is_user);
		add_owner(a, &ow, count, at);
	}
}

/* Both of A's jobs (listing, owner metadata) have answered: when it was
 * listed, its repositories go to the probes now, while other accounts are
 * still being listed. */
static void job_done(struct crawl_account *a)
{
	if (--a->jobs_left > 0 || !a->listed)
		return;
	build_owners(a);
	/* A whole forge is listed by every shard; each probes its share. */
	if (!a->entry->owner)
		crawl_shard_repos(&a->repos, &a->crawl->o->shard);
	probe_pool_add(a->crawl->pool, a);
}

static void on_list(int rc, struct repo_list *repos, void *payload)
{
	struct crawl_account *a = payload;

	if (rc < 0) {
		a->error = xstrdup(error_last());
		job_done(a);
		return;
	}
	/* The plug-ins already drop private repositories; one record per
	 * repository, in the order of every listing (lib/repo.h), makes the
	 * output independent of the pages' order. */
	a->repos = *repos;
	memset(repos, 0, sizeof(*repos));
	repo_list_sort_unique(&a->repos);
	a->listed = true;
	crawl_extra_start(a, a->crawl->engine, job_done);
	job_done(a);
}

static void on_owner(int rc, struct owner *owner, void *payload)
{
	struct crawl_account *a = payload;

	if (rc < 0) {
		a->owner_error = xstrdup(error_last());
		job_done(a);
		return;
	}
	a->owner = *owner;
	owner_init(owner);
	a->have_owner = true;
	free(a->followers_at);
	a->followers_at = xstrdup(a->crawl->o->now);
	/* A batch listing may lack the followers (forge.h). */
	crawl_followers_start(a, a->crawl->engine, job_done);
	job_done(a);
}

/* A resumed account's counts, from its probes' methods (crawl_probe.c
 * counts "error", "unchanged" and every other method as checked), so that
 * crawl.json and the summary count its failures as the first run would. */
static void count_methods(struct crawl_account *a)
{
	const char *method;
	json_t *n;

	a->checked = a->reused = a->probe_errors = 0;
	json_object_foreach(a->methods, method, n) {
		unsigned v = (unsigned)json_integer_value(n);

		if (!strcmp(method, "error"))
			a->probe_errors += v;
		else if (!strcmp(method, "unchanged"))
			a->reused += v;
		else
			a->checked += v;
	}
}

void crawl_resume(struct crawl *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct crawl_account *a = &c->v[i];
		struct journal_entry *e = journal_get(c->journal, a->key);

		if (!e || a->error)
			continue;
		a->listed = a->resumed = true;
		inventory_clear(&a->found);
		a->found = e->found;
		a->nfound = a->found.nrepos;
		inventory_init(&e->found);
		json_decref(a->methods);
		a->methods = json_incref(e->methods);
		json_decref(a->paths);
		a->paths = json_incref(e->paths);
		count_methods(a);
		crawl_log(&c->log, LOG_INFO, a->key, "finished by the interrupted run; "
		          "not listed again");
	}
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void crawl_owner_copy(struct owner *dst, const struct owner *src)
{
	owner_init(dst);
	dst->host = dup_or_null(src->host);
	dst->login = dup_or_null(src->login);
	dst->name = dup_or_null(src->name);
	dst->description = dup_or_null(src->description);
	dst->html_url = dup_or_null(src->html_url);
	dst->avatar_url = dup_or_null(src->avatar_url);
	dst->website = dup_or_null(src->website);
	dst->email = dup_or_null(src->email);
	dst->location = dup_or_null(src->location);
	dst->created_at = dup_or_null(src->created_at);
	dst->public_repos = src->public_repos;
	dst->followers = src->followers;
	dst->is_user = src->is_user;
}

/* O holds metadata the forge gave: anything beyond what owner_known()
 * fills in. Not one field alone: each forge gives its own (a GitLab group
 * has no created_at, a Gitea organization no public_repos). */
bool crawl_owner_from_forge(const struct owner *o)
{
	return o->name || o->description || o->avatar_url || o->website ||
	       o->email || o->location || o->created_at || o->public_repos >= 0 ||
	       o->followers >= 0;
}

/*
 * An account's own metadata (name, description, avatar, followers)
 * changes seldom: it is asked for once a week, on the account's day
 * (crawl_fresh.c's rhythm, from when it was last read: followers_at), and
 * the other nights last run's is kept. One request less an account a
 * night: with a listing of one page, half of its requests. True when A's
 * owner was taken from last run.
 */
static bool owner_kept(struct crawl_account *a)
{
	const struct crawl *c = a->crawl;
	const struct record_owner *o = crawl_prev_owner(c, a);

	/* Only metadata the forge gave, not what build_owners() knew. */
	if (!o || o->stale || !crawl_owner_from_forge(&o->owner) ||
	    crawl_due(c, o->followers_at, a->entry->host, a->entry->owner))
		return false;
	crawl_owner_copy(&a->owner, &o->owner);
	a->followers_at = o->followers_at ? xstrdup(o->followers_at) : NULL;
	a->have_owner = true;
	return true;
}

/* Queue A's listing and owner jobs on E. */
static void start(struct http_engine *e, struct crawl_account *a)
{
	const struct forge *forge = a->target.forge;
	bool owner = a->target.acct.kind != ACCOUNT_INSTANCE &&
	             forge->owner_first && !owner_kept(a);

	/* Set first: a job the engine refuses calls back at once. */
	a->jobs_left = 1 + owner;
	if (http_engine_list_counted(e, forge, &a->target.acct, on_list, a,
	                             &a->requests) < 0) {
		a->error = xasprintf("%s: the listing could not start", a->key);
		job_done(a);
	}
	if (owner && http_engine_owner_counted(e, forge, &a->target.acct,
	                                       on_owner, a, &a->requests) < 0)
		job_done(a);
}

/* The engine's waits, for the log and the progress line. */
static void on_wait(const char *host, long long wait_ms, const char *why,
                    void *payload)
{
	struct crawl *c = payload;

	crawl_log_wait(&c->log, host, wait_ms, why);
}

/* A can be listed with others of its API root in one request (forge.h,
 * batch_first): an owner's account, on a forge that does it, with the
 * token its API needs. */
static bool batchable(const struct crawl_account *a)
{
	return a->target.acct.kind != ACCOUNT_INSTANCE && a->target.acct.owner &&
	       http_engine_can_batch(a->target.forge, a->target.acct.host,
	                             a->target.acct.api_url);
}

/* The accounts of C that BATCHABLE() lets through, one batch job per API
 * root; *TODO counts them, and BATCHED marks them. */
static void start_batches(struct http_engine *e, struct crawl *c, bool *batched,
                          size_t *todo)
{
	struct account *accts = xcalloc(c->n + 1, sizeof(*accts));
	void **payloads = xcalloc(c->n + 1, sizeof(*payloads));
	unsigned long **requests = xcalloc(c->n + 1, sizeof(*requests));

	for (size_t i = 0; i < c->n; i++) {
		struct crawl_account *a = &c->v[i];
		size_t n = 0;

		if (a->resumed || a->error || batched[i] || !batchable(a))
			continue;
		for (size_t k = i; k < c->n; k++) {
			struct crawl_account *b = &c->v[k];

			if (b->resumed || b->error || batched[k] ||
			    b->target.forge != a->target.forge ||
			    strcmp(b->target.acct.api_url, a->target.acct.api_url) ||
			    !batchable(b))
				continue;
			batched[k] = true;
			b->jobs_left = 2;      /* the listing and the owner */
			accts[n] = b->target.acct;
			payloads[n] = b;
			requests[n++] = &b->requests;
		}
		*todo += n;
		if (http_engine_batch(e, a->target.forge, accts, n, on_list, on_owner,
		                      payloads, requests) < 0)
			for (size_t k = 0; k < n; k++) {
				struct crawl_account *b = payloads[k];

				b->error = xasprintf("%s: the listing could not start",
				                     b->key);
				b->jobs_left = 1;
				job_done(b);
			}
	}
	free(accts);
	free(payloads);
	free(requests);
}

int crawl_list(struct crawl *c)
{
	struct http_engine_opts eo = HTTP_ENGINE_OPTS_INIT;
	struct http_engine *e;
	char *http_cache = xasprintf("%s/http", c->state_dir);
	size_t todo = 0;
	bool *batched;
	int rc;

	eo.per_host = c->o->jobs ? c->o->jobs : 4;
	if (c->o->max_time_ms > 0)
		eo.retry_budget_ms = c->o->max_time_ms;
	eo.cache_dir = http_cache;
	eo.stop = c->o->stop;
	eo.on_wait = on_wait;
	eo.wait_payload = c;
	mkdir(http_cache, 0755);
	if ((rc = http_engine_new(&e, &eo)) < 0) {
		crawl_log(&c->log, LOG_ERROR, NULL, "cannot start the HTTP engine: "
		          "%s", error_last());
		free(http_cache);
		return rc;
	}
	c->engine = e;
	batched = xcalloc(c->n + 1, sizeof(*batched));
	start_batches(e, c, batched, &todo);
	for (size_t i = 0; i < c->n; i++) {
		if (c->v[i].resumed || c->v[i].error || batched[i])
			continue;
		todo++;
		start(e, &c->v[i]);
	}
	free(batched);
	crawl_log(&c->log, LOG_INFO, NULL,
	          P_("listing %zu account", "listing %zu accounts", todo), todo);
	rc = http_engine_run(e);
	{
		const char *const *w;
		size_t nw = http_engine_warnings(e, &w);

		for (size_t i = 0; i < nw; i++)
			crawl_log(&c->log, LOG_WARNING, NULL, "%s", w[i]);
	}
	c->engine = NULL;
	http_engine_free(e);
	free(http_cache);
	for (size_t i = 0; i < c->n && !crawl_stopping(c); i++) {
		struct crawl_account *a = &c->v[i];

		if (a->error)
			crawl_log(&c->log, LOG_ERROR, a->key, "%s", a->error);
		else if (a->owner_error && a->listed && a->owner_kept_last)
			crawl_log(&c->log, LOG_WARNING, a->key, "%s; last run's "
			          "metadata is kept", a->owner_error);
		else if (a->owner_error && a->listed)
			crawl_log(&c->log, LOG_WARNING, a->key, "%s", a->owner_error);
		crawl_extra_log(a);
	}
	return rc;
}
