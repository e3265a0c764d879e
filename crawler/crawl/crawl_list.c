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

/* An owner record of A, for the organizations feeds. */
static void add_owner(struct crawl_account *a, struct owner *ow, long count)
{
	struct record_owner o;

	record_owner_init(&o);
	o.account_key = xstrdup(a->key);
	o.owner = *ow;
	owner_init(ow);
	crawl_record_account(&o.account, a);
	o.actor = crawl_record_actor(a);
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

/* Owner records of a listed account. */
static void build_owners(struct crawl_account *a)
{
	const char *host = a->entry->host;
	struct owner ow;

	if (a->entry->owner) {
		if (a->have_owner) {
			ow = a->owner;
			owner_init(&a->owner);
		} else {  /* the listing worked but not the metadata */
			owner_known(&ow, host, a->entry->owner,
			            a->target.acct.kind == ACCOUNT_USER);
		}
		add_owner(a, &ow, (long)a->repos.n);
		return;
	}
	/* A whole forge: one owner per group seen in the listing. */
	for (size_t i = 0; i < a->repos.n; i++) {
		const char *login = a->repos.v[i].owner;
		long count = 0;
		bool seen = false;

		if (!login)
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = a->repos.v[k].owner && !strcmp(a->repos.v[k].owner, login);
		if (seen)
			continue;
		for (size_t k = i; k < a->repos.n; k++)
			count += a->repos.v[k].owner && !strcmp(a->repos.v[k].owner, login);
		crawl_extra_owner(&ow, a, login, a->repos.v[i].owner_is_user);
		add_owner(a, &ow, count);
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

/* Queue A's listing and owner jobs on E. */
static void start(struct http_engine *e, struct crawl_account *a)
{
	const struct forge *forge = a->target.forge;
	bool owner = a->target.acct.kind != ACCOUNT_INSTANCE && forge->owner_first;

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

int crawl_list(struct crawl *c)
{
	struct http_engine_opts eo = HTTP_ENGINE_OPTS_INIT;
	struct http_engine *e;
	char *http_cache = xasprintf("%s/http", c->state_dir);
	size_t todo = 0;
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
	for (size_t i = 0; i < c->n; i++) {
		if (c->v[i].resumed || c->v[i].error)
			continue;
		todo++;
		start(e, &c->v[i]);
	}
	crawl_log(&c->log, LOG_INFO, NULL,
	          P_("listing %zu account", "listing %zu accounts", todo), todo);
	rc = http_engine_run(e);
	c->engine = NULL;
	http_engine_free(e);
	free(http_cache);
	for (size_t i = 0; i < c->n && !crawl_stopping(c); i++) {
		struct crawl_account *a = &c->v[i];

		if (a->error)
			crawl_log(&c->log, LOG_ERROR, a->key, "%s", a->error);
		else if (a->owner_error && a->listed)
			crawl_log(&c->log, LOG_WARNING, a->key, "%s", a->owner_error);
		crawl_extra_log(a);
	}
	return rc;
}
