/* crawl.c - the crawl's phases (crawl.h says which). */
#include "crawler/crawl/crawl.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crawler/cli/cli.h"
#include "crawler/crawl/crawl_int.h"
#include "output/feed.h"
#include "crawler/net/http.h"
#include "lib/report.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "version.h"

extern volatile sig_atomic_t crawl_stop;

static char *lower(const char *s)
{
	char *p = xstrdup(s);

	for (char *q = p; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return p;
}

/* --only: an actor (acronym, name or pso_id), a host, or host/owner. */
static bool selected(const struct crawl_opts *o, const struct account_entry *e,
                     const struct actor *actor, const char *key)
{
	const char *w = o->only;

	if (!w)
		return true;
	if (!strcasecmp(w, e->host) || !strcasecmp(w, key))
		return true;
	if (e->pso_id && !strcasecmp(w, e->pso_id))
		return true;
	return actor && ((actor->acronym && !strcasecmp(w, actor->acronym)) ||
	                 !strcasecmp(w, actor->name));
}

static int load_config(struct crawl *c)
{
	const struct crawl_opts *o = c->o;

	if (accounts_load(&c->accounts, o->config_path, o->today) < 0) {
		crawl_log(&c->log, LOG_ERROR, NULL, "%s", error_last());
		return -EINVAL;
	}
	for (size_t i = 0; i < c->accounts.nwarnings; i++)
		crawl_log(&c->log, LOG_WARNING, NULL, "%s", c->accounts.warnings[i]);
	/* The embedded accounts come with their actors; a national file
	 * needs --actors to name them (code.gouv.fr's directory is not
	 * downloadable at run time). */
	if (o->actors_path || !o->config_path) {
		if (actors_load(&c->actors, o->actors_path) < 0 ||
		    config_check_actors(&c->accounts, &c->actors) < 0) {
			crawl_log(&c->log, LOG_ERROR, NULL, "%s", error_last());
			if (c->actors.source)
				actors_clear(&c->actors);
			return -EINVAL;
		}
		c->have_actors = true;
	}
	return 0;
}

/* The accounts this run lists: not ignored, selected by --only. */
static int select_accounts(struct crawl *c)
{
	c->v = xcalloc(c->accounts.n ? c->accounts.n : 1, sizeof(*c->v));
	for (size_t i = 0; i < c->accounts.n; i++) {
		const struct account_entry *e = &c->accounts.v[i];
		const struct actor *actor = c->have_actors
		                            ? actors_for_account(&c->actors, e) : NULL;
		struct crawl_account *a = &c->v[c->n];
		char *key = e->owner ? xasprintf("%s/%s", e->host, e->owner)
		                     : xstrdup(e->host);
		char *lkey = lower(key);

		free(key);
		if (e->ignored || !selected(c->o, e, actor, lkey)) {
			if (e->ignored && !c->o->only)
				crawl_log(&c->log, LOG_INFO, lkey, "skipped: ignored since %s",
				          e->ignored_since);
			free(lkey);
			continue;
		}
		memset(a, 0, sizeof(*a));
		a->crawl = c;
		a->entry = e;
		a->actor = actor;
		a->key = lkey;
		a->forge = forge_find(e->forge);
		a->methods = json_object();
		a->paths = json_object();
		a->owner_records = json_array();
		owner_init(&a->owner);
		if (!a->forge) {
			a->error = xasprintf("no plug-in for forge kind '%s'", e->forge);
		} else if (e->api_url) {
			a->api_url = xstrdup(e->api_url);
		} else if (a->forge->api_root(&a->api_url, e->host) < 0) {
			a->error = xasprintf("no API root for %s", e->host);
		}
		a->acct.host = e->host;
		a->acct.api_url = a->api_url;
		a->acct.owner = e->owner;
		a->acct.kind = !e->owner ? ACCOUNT_INSTANCE :
		               e->kind && !strcmp(e->kind, "user") ? ACCOUNT_USER :
		               e->kind && !strcmp(e->kind, "org") ? ACCOUNT_ORG :
		               ACCOUNT_UNKNOWN;
		c->n++;
	}
	if (c->o->only && c->n == 0) {
		crawl_log(&c->log, LOG_ERROR, NULL, "--only %s: no account of the list "
		          "matches (give an actor's acronym, name or pso_id, a host, "
		          "or host/owner)", c->o->only);
		return -EINVAL;
	}
	return 0;
}

/* Owner records of a listed account (for the organizations feeds). */
static void build_owners(struct crawl *c, struct crawl_account *a)
{
	if (a->resumed)
		return;
	if (a->entry->owner) {
		json_t *o;
		if (a->have_owner) {
			o = crawl_owner_json(&a->owner);
		} else {
			/* The listing worked but not the metadata: what we know. */
			char *url = xasprintf("https://%s/%s", a->entry->host, a->entry->owner);
			o = json_pack("{s:s, s:s, s:s, s:b}", "host", a->entry->host,
			              "login", a->entry->owner, "html_url", url,
			              "is_user", a->acct.kind == ACCOUNT_USER);
			free(url);
		}
		json_array_append_new(a->owner_records, json_pack(
			"{s:s, s:o, s:o, s:o, s:I, s:b}", "account_key", a->key,
			"owner", o, "account", crawl_account_json(a),
			"actor", crawl_actor_json(a->actor),
			"repositories_count", (json_int_t)a->repos.n, "stale", 0));
		return;
	}
	/* A whole forge: one owner per group seen in the listing. */
	for (size_t i = 0; i < a->repos.n; i++) {
		const char *login = a->repos.v[i].owner;
		size_t count = 0;
		bool seen = false;
		char *url;

		if (!login)
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = a->repos.v[k].owner && !strcmp(a->repos.v[k].owner, login);
		if (seen)
			continue;
		for (size_t k = i; k < a->repos.n; k++)
			count += a->repos.v[k].owner && !strcmp(a->repos.v[k].owner, login);
		url = xasprintf("https://%s/%s", a->entry->host, login);
		json_array_append_new(a->owner_records, json_pack(
			"{s:s, s:{s:s, s:s, s:s, s:b}, s:o, s:o, s:I, s:b}",
			"account_key", a->key,
			"owner", "host", a->entry->host, "login", login, "html_url", url,
			"is_user", 0, "account", crawl_account_json(a),
			"actor", crawl_actor_json(a->actor),
			"repositories_count", (json_int_t)count, "stale", 0));
		free(url);
	}
}

/* Both of A's jobs (listing, owner metadata) have answered: when it was
 * listed, its repositories go to the probes now, while other accounts are
 * still being listed. */
static void job_done(struct crawl_account *a)
{
	if (--a->jobs_left > 0 || !a->listed)
		return;
	build_owners(a->crawl, a);
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
	/* Keep public repositories of this account; the plug-ins already
	 * drop private ones, the sort makes the output independent of the
	 * pages' order. */
	a->repos = *repos;
	memset(repos, 0, sizeof(*repos));
	repo_list_sort(&a->repos);
	a->listed = true;
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

/* Accounts the journal says were finished by an interrupted run. */
static void resume(struct crawl *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct crawl_account *a = &c->v[i];
		json_t *e = journal_get(c->journal, a->key);

		if (!e || a->error)
			continue;
		a->listed = a->resumed = true;
		json_decref(a->owner_records);
		a->owner_records = json_incref(json_object_get(e, "owners"));
		json_decref(a->methods);
		a->methods = json_incref(json_object_get(e, "methods"));
		if (json_is_object(json_object_get(e, "paths"))) {
			json_decref(a->paths);
			a->paths = json_incref(json_object_get(e, "paths"));
		}
		crawl_log(&c->log, LOG_INFO, a->key, "finished by the interrupted run; "
		          "not listed again");
	}
}

static int list_all(struct crawl *c)
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
	eo.stop = &crawl_stop;
	mkdir(http_cache, 0755);
	if ((rc = http_engine_new(&e, &eo)) < 0) {
		crawl_log(&c->log, LOG_ERROR, NULL, "cannot start the HTTP engine");
		free(http_cache);
		return rc;
	}
	for (size_t i = 0; i < c->n; i++) {
		struct crawl_account *a = &c->v[i];

		if (a->resumed || a->error)
			continue;
		bool owner = a->acct.kind != ACCOUNT_INSTANCE && a->forge->owner_first;

		todo++;
		/* Set first: a job the engine refuses calls back at once. */
		a->jobs_left = 1 + owner;
		if (http_engine_list_counted(e, a->forge, &a->acct, on_list, a,
		                             &a->requests) < 0) {
			a->error = xasprintf("%s: the listing could not start", a->key);
			job_done(a);
		}
		if (owner && http_engine_owner_counted(e, a->forge, &a->acct, on_owner,
		                                       a, &a->requests) < 0)
			job_done(a);
	}
	crawl_log(&c->log, LOG_INFO, NULL, "listing %zu account%s", todo,
	          todo == 1 ? "" : "s");
	rc = http_engine_run(e);
	http_engine_free(e);
	free(http_cache);
	for (size_t i = 0; i < c->n && !crawl_stop; i++) {
		struct crawl_account *a = &c->v[i];
		if (a->error)
			crawl_log(&c->log, LOG_ERROR, a->key, "%s", a->error);
		else if (a->owner_error && a->listed)
			crawl_log(&c->log, LOG_WARNING, a->key, "%s", a->owner_error);
	}
	return rc;
}

/* Previous records (repos or owners) of account KEY, marked stale. */
static void keep_stale(json_t *out, const json_t *prev, const char *key,
                       const json_t *listed_at, json_t *new_listed_at,
                       size_t *count)
{
	size_t i;
	json_t *r;

	json_array_foreach(prev, i, r) {
		const char *k = json_string_value(json_object_get(r, "account_key"));
		json_t *copy;

		if (!k || strcmp(k, key))
			continue;
		copy = json_deep_copy(r);
		json_object_set_new(copy, "stale", json_true());
		if (json_object_get(r, "repo")) {
			const json_t *repo = json_object_get(r, "repo");
			char *rk = crawl_repo_key(
				json_string_value(json_object_get(repo, "host")),
				json_string_value(json_object_get(repo, "full_name")));
			json_t *when = json_object_get(listed_at, rk);
			json_object_set(copy, "last_seen", when ? when : json_null());
			if (when)
				json_object_set(new_listed_at, rk, when);
			free(rk);
			(*count)++;
		}
		json_array_append_new(out, copy);
	}
}

/*
 * The inventory of this run: listed accounts bring their records; an
 * account that could not be listed keeps last run's, stale; accounts not
 * selected by --only keep theirs as they were. One record per repository.
 */
static json_t *merge(struct crawl *c, size_t *stale)
{
	json_t *prev_repos = json_object_get(c->prev, "repos");
	json_t *prev_owners = json_object_get(c->prev, "owners");
	json_t *listed_at = json_object_get(c->prev, "listed_at");
	json_t *repos = json_array(), *owners = json_array();
	json_t *new_listed_at = json_object(), *seen = json_object();
	json_t *inv;
	size_t i;
	json_t *r;

	*stale = 0;
	for (size_t k = 0; k < c->n; k++) {
		struct crawl_account *a = &c->v[k];

		if (!a->listed) {
			keep_stale(repos, prev_repos, a->key, listed_at, new_listed_at, stale);
			keep_stale(owners, prev_owners, a->key, listed_at, new_listed_at, stale);
			continue;
		}
		if (a->resumed) {
			json_t *e = journal_get(c->journal, a->key);
			json_array_extend(repos, json_object_get(e, "records"));
		} else {
			for (size_t j = 0; j < a->repos.n; j++)
				if (a->records && a->records[j])
					json_array_append(repos, a->records[j]);
		}
		json_array_extend(owners, a->owner_records);
	}
	/* Accounts this run did not select (--only) keep their records. */
	if (c->o->only) {
		json_array_foreach(prev_repos, i, r) {
			const char *k = json_string_value(json_object_get(r, "account_key"));
			bool ours = false;
			for (size_t a = 0; a < c->n && !ours; a++)
				ours = k && !strcmp(k, c->v[a].key);
			if (!ours)
				json_array_append(repos, r);
		}
		json_array_foreach(prev_owners, i, r) {
			const char *k = json_string_value(json_object_get(r, "account_key"));
			bool ours = false;
			for (size_t a = 0; a < c->n && !ours; a++)
				ours = k && !strcmp(k, c->v[a].key);
			if (!ours)
				json_array_append(owners, r);
		}
	}
	/* One record per repository, the first account listing it wins. */
	inv = json_array();
	json_array_foreach(repos, i, r) {
		json_t *repo = json_object_get(r, "repo");
		char *rk = crawl_repo_key(json_string_value(json_object_get(repo, "host")),
		                          json_string_value(json_object_get(repo, "full_name")));
		if (!json_object_get(seen, rk)) {
			json_object_set_new(seen, rk, json_true());
			json_array_append(inv, r);
			if (!json_is_true(json_object_get(r, "stale")) &&
			    !json_object_get(new_listed_at, rk))
				json_object_set_new(new_listed_at, rk, json_string(c->o->now));
		}
		free(rk);
	}
	json_decref(repos);
	json_decref(seen);
	return json_pack("{s:s, s:o, s:o, s:o}", "checker", c->checker,
	                 "repos", inv, "owners", owners, "listed_at", new_listed_at);
}

static json_t *accounts_fragment(const struct crawl *c)
{
	json_t *out = json_array();

	for (size_t i = 0; i < c->accounts.n; i++) {
		const struct account_entry *e = &c->accounts.v[i];
		json_array_append_new(out, json_pack(
			"{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			"host", e->host, "forge", e->forge,
			"owner", report_string(e->owner),
			"pso_id", report_string(e->pso_id),
			"floss_policy", report_string(e->floss_policy),
			"ospo_url", report_string(e->ospo_url),
			"ignored_since", report_string(e->ignored_since),
			"api_url", report_string(e->api_url),
			"kind", report_string(e->kind)));
	}
	return out;
}

static char *utc_now(void)
{
	char buf[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

/* crawl.json: what this run reached, per account and per host. */
static json_t *coverage(const struct crawl *c, size_t stale)
{
	json_t *accounts = json_array(), *hosts = json_object(), *hosts_arr;
	json_t *skipped = json_array();
	size_t listed = 0, failed = 0, nrepos = 0, checked = 0, reused = 0, perr = 0;
	unsigned long requests = 0;
	char *end = utc_now();
	const char *h;
	json_t *v;

	for (size_t i = 0; i < c->accounts.n; i++)
		if (c->accounts.v[i].ignored)
			json_array_append_new(skipped, json_pack("{s:s, s:o, s:s}",
				"host", c->accounts.v[i].host,
				"owner", report_string(c->accounts.v[i].owner),
				"ignored_since", c->accounts.v[i].ignored_since));
	for (size_t i = 0; i < c->n; i++) {
		const struct crawl_account *a = &c->v[i];
		json_t *host = json_object_get(hosts, a->entry->host);
		size_t n = a->resumed ? json_array_size(json_object_get(
		               journal_get(c->journal, a->key), "records")) : a->repos.n;

		if (!host) {
			host = json_pack("{s:s, s:b, s:i, s:i}", "host", a->entry->host,
			                 "reachable", 0, "accounts", 0, "failed", 0);
			json_object_set_new(hosts, a->entry->host, host);
		}
		json_object_set_new(host, "accounts", json_integer(
			json_integer_value(json_object_get(host, "accounts")) + 1));
		if (a->listed)
			json_object_set_new(host, "reachable", json_true());
		else
			json_object_set_new(host, "failed", json_integer(
				json_integer_value(json_object_get(host, "failed")) + 1));
		listed += a->listed;
		failed += !a->listed;
		nrepos += a->listed ? n : 0;
		checked += a->checked;
		reused += a->reused;
		perr += a->probe_errors;
		requests += a->requests;
		/* Issue 6: "the requests made" per account; the API's only
		 * (listing and owner metadata), not the probe's git requests. */
		json_array_append_new(accounts, json_pack(
			"{s:s, s:s, s:o, s:s, s:o, s:o, s:b, s:b, s:o, s:o, s:I, s:I, s:I, s:I, s:O, s:O, s:I}",
			"key", a->key, "host", a->entry->host,
			"owner", report_string(a->entry->owner), "forge", a->entry->forge,
			"api_url", report_string(a->api_url),
			"actor", report_string(a->actor ? (a->actor->acronym ? a->actor->acronym
			                                   : a->actor->name) : NULL),
			"listed", a->listed, "resumed", a->resumed,
			"error", report_string(a->error),
			"owner_error", report_string(a->owner_error),
			"repositories", (json_int_t)(a->listed ? n : 0),
			"checked", (json_int_t)a->checked,
			"unchanged", (json_int_t)a->reused,
			"probe_errors", (json_int_t)a->probe_errors,
			"probes", a->methods, "probe_paths", a->paths,
			"requests", (json_int_t)a->requests));
	}
	hosts_arr = json_array();
	json_object_foreach(hosts, h, v)
		json_array_append(hosts_arr, v);
	json_decref(hosts);
	v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}}",
	              "inventaire", INVENTAIRE_VERSION, "checker", c->checker,
	              "started_at", c->o->now, "finished_at", end,
	              "config", c->accounts.source,
	              "accounts", accounts, "hosts", hosts_arr, "skipped", skipped,
	              "totals", "accounts", (json_int_t)c->n,
	              "listed", (json_int_t)listed, "failed", (json_int_t)failed,
	              "repositories", (json_int_t)nrepos,
	              "checked", (json_int_t)checked, "unchanged", (json_int_t)reused,
	              "probe_errors", (json_int_t)perr, "stale", (json_int_t)stale,
	              "requests", (json_int_t)requests);
	free(end);
	return v;
}

static int write_all(struct crawl *c, json_t *inv, size_t stale)
{
	json_t *accounts = accounts_fragment(c), *cov = coverage(c, stale);
	char *err = NULL, *text, *path;
	int rc;

	rc = feed_write_all(&err, c->o->out_dir, json_object_get(inv, "repos"),
	                    json_object_get(inv, "owners"), accounts);
	if (rc == 0)
		rc = feed_write_schemas(&err, c->o->out_dir);
	if (rc == 0) {
		path = xasprintf("%s/crawl.json", c->o->out_dir);
		text = json_dumps(cov, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if ((rc = atomic_file_write(path, text, strlen(text))) < 0)
			err = xstrdup(error_last());
		free(text);
		free(path);
	}
	/* The state last: until it is saved, the journal lets the next run
	 * resume; after, the journal has served. */
	if (rc == 0 && (rc = state_save(&err, c->state_dir, inv)) == 0)
		journal_done(c->journal);
	if (rc < 0) {
		crawl_log(&c->log, LOG_ERROR, NULL, "%s", err);
		free(err);
	}
	json_decref(accounts);
	json_decref(cov);
	return rc;
}

static void print_dry_run(const struct crawl *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct crawl_account *a = &c->v[i];
		printf("%-45s %-10s %s%s%s\n", a->key, a->entry->forge,
		       a->api_url ? a->api_url : "-",
		       a->actor ? "  " : "",
		       a->actor ? (a->actor->acronym ? a->actor->acronym : a->actor->name) : "");
	}
}

static void crawl_free(struct crawl *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct crawl_account *a = &c->v[i];
		free(a->key);
		free(a->api_url);
		free(a->error);
		free(a->owner_error);
		owner_clear(&a->owner);
		if (a->records)
			for (size_t j = 0; j < a->repos.n; j++)
				json_decref(a->records[j]);
		free(a->records);
		repo_list_clear(&a->repos);
		json_decref(a->methods);
		json_decref(a->paths);
		json_decref(a->owner_records);
	}
	free(c->v);
	accounts_clear(&c->accounts);
	if (c->have_actors)
		actors_clear(&c->actors);
	json_decref(c->prev);
	json_decref(c->prev_by_repo);
	journal_free(c->journal);
	free(c->state_dir);
	free(c->cache_dir);
	free(c->checker);
	crawl_log_free(&c->log);
}

int crawl_run(const struct crawl_opts *o)
{
	struct crawl c = { .o = o };
	int lock = -1, rc = EXIT_FATAL;
	size_t stale = 0, failed = 0;
	char *err = NULL;
	json_t *inv = NULL, *r;
	size_t i;

	crawl_log_init(&c.log, o->log_format, o->quiet);
	c.checker = xasprintf("%s/%s", INVENTAIRE_VERSION, CHECKER_VERSION);
	if (load_config(&c) < 0 || select_accounts(&c) < 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	if (o->dry_run) {
		print_dry_run(&c);
		rc = 0;
		goto done;
	}
	c.state_dir = xasprintf("%s/state", o->out_dir);
	c.cache_dir = xasprintf("%s/git", c.state_dir);
	if ((mkdir(o->out_dir, 0755) < 0 && errno != EEXIST) ||
	    state_lock(&lock, &err, c.state_dir) < 0 ||
	    state_load(&c.prev, &err, c.state_dir) < 0 ||
	    journal_open(&c.journal, &err, c.state_dir, c.checker) < 0) {
		crawl_log(&c.log, LOG_ERROR, NULL, "%s", err ? err : strerror(errno));
		free(err);
		goto done;
	}
	mkdir(c.cache_dir, 0755);
	c.prev_by_repo = json_object();
	json_array_foreach(json_object_get(c.prev, "repos"), i, r) {
		json_t *repo = json_object_get(r, "repo");
		char *k = crawl_repo_key(json_string_value(json_object_get(repo, "host")),
		                         json_string_value(json_object_get(repo, "full_name")));
		json_object_set(c.prev_by_repo, k, r);
		free(k);
	}

	resume(&c);
	crawl_log_accounts(&c.log, 0, c.n);
	/* Probes start as soon as an account is listed (job_done). */
	probe_pool_start(&c.pool, &c);
	list_all(&c);
	for (size_t k = 0; k < c.n; k++)
		failed += !c.v[k].listed;
	crawl_log_accounts(&c.log, c.n - failed, c.n);
	probe_pool_finish(c.pool);
	c.pool = NULL;
	if (crawl_stop) {
		/* Stopped: what is finished is in the journal for the next run;
		 * the published files stay last run's. */
		crawl_log_finish(&c.log);
		crawl_log(&c.log, LOG_WARNING, NULL, "interrupted: the next run "
		          "resumes where this one stopped");
		rc = EXIT_PARTIAL;
		goto done;
	}
	inv = merge(&c, &stale);
	crawl_log_finish(&c.log);
	if (write_all(&c, inv, stale) < 0)
		goto done;
	crawl_log(&c.log, failed ? LOG_WARNING : LOG_NOTICE, NULL,
	          "%zu of %zu account%s listed, %zu repositor%s in the inventory "
	          "(%zu kept from the last run as stale); wrote %s",
	          c.n - failed, c.n, c.n == 1 ? "" : "s",
	          json_array_size(json_object_get(inv, "repos")),
	          json_array_size(json_object_get(inv, "repos")) == 1 ? "y" : "ies",
	          stale, o->out_dir);
	rc = failed ? EXIT_PARTIAL : 0;
done:
	json_decref(inv);
	crawl_free(&c);
	state_unlock(lock);
	return rc;
}
