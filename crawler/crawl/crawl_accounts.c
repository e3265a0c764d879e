/*
 * crawl_accounts.c - who a run lists: the accounts list and the actors
 * (config/), narrowed by --only, each account resolved as `inventaire
 * list` resolves an account URL (forges/resolve.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawler/crawl/crawl_int.h"
#include "lib/alloc.h"
#include "lib/error.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *lower(const char *s)
{
	char *p = xstrdup(s);

	for (char *q = p; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return p;
}

/* The configuration is wrong: say it in the log, where the crawl says
 * everything. */
static int config_failed(struct crawl *c)
{
	crawl_log(&c->log, LOG_ERROR, NULL, "%s", error_last());
	return error_last_code() < 0 ? error_last_code() : ERROR_INVALID;
}

int crawl_load_config(struct crawl *c)
{
	const struct crawl_opts *o = c->o;

	if (accounts_load(&c->accounts, o->config_path, o->today) < 0)
		return config_failed(c);
	for (size_t i = 0; i < c->accounts.nwarnings; i++)
		crawl_log(&c->log, LOG_WARNING, NULL, "%s", c->accounts.warnings[i]);
	/* The embedded accounts come with their actors; a national file
	 * needs --actors to name them (code.gouv.fr's directory is not
	 * downloadable at run time). */
	if (o->actors_path || !o->config_path) {
		if (actors_load(&c->actors, o->actors_path) < 0) {
			if (c->actors.source)
				actors_clear(&c->actors);
			return config_failed(c);
		}
		c->have_actors = true;
		if (config_check_actors(&c->accounts, &c->actors) < 0)
			return config_failed(c);
	}
	return 0;
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

static void entry_account(struct record_account *out,
                          const struct account_entry *e)
{
	out->host = dup_or_null(e->host);
	out->forge = dup_or_null(e->forge);
	out->owner = dup_or_null(e->owner);
	out->kind = dup_or_null(e->kind);
	out->pso_id = dup_or_null(e->pso_id);
	out->floss_policy = dup_or_null(e->floss_policy);
	out->ospo_url = dup_or_null(e->ospo_url);
}

/* A's entry and actor as its records carry them: one of each for all
 * (lib/record.h). */
static void record_parts(struct crawl_account *a)
{
	struct record_actor *r;

	a->rec_account = record_account_new();
	entry_account(a->rec_account, a->entry);
	if (!a->actor)
		return;
	r = record_actor_new();
	r->pso_id = dup_or_null(a->actor->pso_id);
	r->name = dup_or_null(a->actor->name);
	r->acronym = dup_or_null(a->actor->acronym);
	r->parent = dup_or_null(a->actor->parent);
	r->ministry = dup_or_null(a->actor->ministry);
	a->rec_actor = r;
}

/* A's plug-in, API root and account; a failure is A's error (crawl.json),
 * not the run's: the other accounts are still listed. */
static void resolve(struct crawl_account *a)
{
	const struct account_entry *e = a->entry;
	struct account_spec spec = {
		.host = e->host,
		.owner = e->owner,
		.forge = e->forge,
		.api_url = e->api_url,
		.kind = account_kind_parse(e->kind),
	};

	if (account_resolve(&a->target, &spec) < 0)
		a->error = xstrdup(error_last());
	else
		a->resolved = true;
}

int crawl_select_accounts(struct crawl *c)
{
	bool matched = false;

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
		matched = true;
		/* --shard: an owner's account is in one shard; a whole forge is
		 * listed by every shard, which keeps its share (crawl_shard.c). */
		if (e->owner && !crawl_shard_has(&c->o->shard, e->host, e->owner)) {
			free(lkey);
			continue;
		}
		memset(a, 0, sizeof(*a));
		a->crawl = c;
		a->entry = e;
		a->actor = actor;
		a->key = lkey;
		a->methods = json_object();
		a->paths = json_object();
		owner_init(&a->owner);
		inventory_init(&a->found);
		record_parts(a);
		resolve(a);
		c->n++;
	}
	if (c->o->only && !matched) {
		crawl_log(&c->log, LOG_ERROR, NULL, "--only %s: no account of the list "
		          "matches (give an actor's acronym, name or pso_id, a host, "
		          "or host/owner)", c->o->only);
		return error_set(ERROR_INVALID, "--only %s: no account matches",
		                 c->o->only);
	}
	return 0;
}

void crawl_print_dry_run(const struct crawl *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct crawl_account *a = &c->v[i];
		const char *api = a->target.api_url;

		printf("%-45s %-10s %s%s%s\n", a->key, a->entry->forge,
		       api ? api : "-", a->actor ? "  " : "",
		       a->actor ? (a->actor->acronym ? a->actor->acronym
		                                     : a->actor->name) : "");
	}
}

struct record_entry *crawl_entries(const struct crawl *c)
{
	struct record_entry *v = xcalloc(c->accounts.n ? c->accounts.n : 1,
	                                 sizeof(*v));

	for (size_t i = 0; i < c->accounts.n; i++) {
		entry_account(&v[i].account, &c->accounts.v[i]);
		v[i].ignored_since = dup_or_null(c->accounts.v[i].ignored_since);
	}
	return v;
}

void crawl_entries_free(struct record_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		record_entry_clear(&v[i]);
	free(v);
}
