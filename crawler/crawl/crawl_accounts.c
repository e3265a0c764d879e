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
	/* --upstream: the national list, read as ours is, to write what it
	 * lacks (output/feed_accounts.c). */
	if (o->upstream_path) {
		if (accounts_load(&c->upstream, o->upstream_path, o->today) < 0)
			return config_failed(c);
		c->have_upstream = true;
	}
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

/* KEEP unless it is INHERITED, the forge-level value it came from. */
static char *own(const char *keep, const char *inherited)
{
	return keep && !(inherited && !strcmp(keep, inherited)) ? xstrdup(keep)
	                                                         : NULL;
}

/* The forge-level values of owner entry E, as an entry without owner;
 * false when the forge has none. */
static bool forge_entry(struct record_entry *out, const struct account_entry *e)
{
	if (!e->forge_pso_id && !e->forge_floss_policy && !e->forge_ospo_url &&
	    !e->forge_ignored_since)
		return false;
	memset(out, 0, sizeof(*out));
	out->account.host = xstrdup(e->host);
	out->account.forge = xstrdup(e->forge);
	out->account.pso_id = dup_or_null(e->forge_pso_id);
	out->account.floss_policy = dup_or_null(e->forge_floss_policy);
	out->account.ospo_url = dup_or_null(e->forge_ospo_url);
	out->ignored_since = dup_or_null(e->forge_ignored_since);
	return true;
}

/*
 * One entry per account; a forge with owners and forge-level values gets
 * one more, without owner, holding those values, and its owners keep only
 * their own: the file written back has them at forge level, as it had
 * them (code.gouv.fr's whole-forge pso_id must not move into the owners).
 */
struct record_entry *crawl_entries(const struct accounts *a, size_t *n)
{
	struct record_entry *v = xcalloc(2 * a->n + 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < a->n; i++) {
		const struct account_entry *e = &a->v[i];
		struct record_entry *r;
		bool seen = false;

		for (size_t k = 0; k < *n && e->owner; k++)
			seen |= !v[k].account.owner && !strcmp(v[k].account.host, e->host);
		if (e->owner && !seen && forge_entry(&v[*n], e))
			(*n)++;
		r = &v[(*n)++];
		entry_account(&r->account, e);
		r->ignored_since = dup_or_null(e->ignored_since);
		if (!e->owner)
			continue;
		free(r->account.pso_id);
		free(r->account.floss_policy);
		free(r->account.ospo_url);
		free(r->ignored_since);
		r->account.pso_id = own(e->pso_id, e->forge_pso_id);
		r->account.floss_policy = own(e->floss_policy, e->forge_floss_policy);
		r->account.ospo_url = own(e->ospo_url, e->forge_ospo_url);
		r->ignored_since = own(e->ignored_since, e->forge_ignored_since);
	}
	return v;
}

void crawl_entries_free(struct record_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		record_entry_clear(&v[i]);
	free(v);
}
