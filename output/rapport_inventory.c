/*
 * rapport_inventory.c - the report's model of one crawl, from its typed
 * inventory, its crawl.json and the actors it was run with (the rules are
 * in rapport_inventory.h).
 */
#include "output/rapport_inventory.h"

#include <string.h>

static bool nonempty(const char *s)
{
	return s && *s;
}

enum rapport_pc rapport_publiccode_of(const struct report *check)
{
	/* As output/feed_check.c decides "publiccode_status": the validator's
	 * verdict, and when it gave none, an error-level finding about the
	 * file still makes it invalid. */
	if (!check || !nonempty(check->publiccode.path))
		return RAPPORT_PC_ABSENT;
	if (check->publiccode.valid == TRI_TRUE)
		return RAPPORT_PC_VALID;
	if (check->publiccode.valid == TRI_FALSE ||
	    report_count(check, "publiccode.", LEVEL_ERROR) > 0)
		return RAPPORT_PC_INVALID;
	return RAPPORT_PC_VALID;
}

/*
 * Who the account HOST/OWNER (with PSO_ID; RECORDED the actor the crawl
 * recorded, or NULL) belongs to, by the rules of rapport_inventory.h.
 */
static void who_of(struct rapport_who *w, const struct actors *actors,
                   const char *host, const char *owner, const char *pso_id,
                   const struct record_actor *recorded)
{
	const struct actor *x = NULL;

	memset(w, 0, sizeof(*w));
	if (actors && host) {
		/* An entry to ask about: actors_for_account() only reads it. */
		struct account_entry e = {
			.host = (char *)host, .owner = (char *)owner,
			.pso_id = (char *)pso_id,
		};

		x = actors_for_account(actors, &e);
	}
	if (x) {
		*w = (struct rapport_who){ x->id, x->pso_id, x->name, x->acronym,
		                           actor_group_name(x->group), x->ministry };
	} else if (recorded && (recorded->pso_id || recorded->name)) {
		*w = (struct rapport_who){
			recorded->pso_id ? recorded->pso_id : recorded->name,
			recorded->pso_id, recorded->name, recorded->acronym, NULL,
			recorded->ministry };
	} else if (pso_id) {
		/* Named by its id: better than "unknown" for a national list
		 * crawled without --actors. */
		*w = (struct rapport_who){ pso_id, pso_id, pso_id, NULL, NULL,
		                           NULL };
	}
}

static void add_check(struct rapport_repo *repo, const struct report *c)
{
	repo->checked = true;
	rapport_repo_set_license(repo, c->license.authorized, c->license.spdx,
	                         c->license.category);
	repo->readme = nonempty(c->readme.path);
	repo->publiccode = rapport_publiccode_of(c);
	for (size_t i = 0; i < c->nfindings; i++) {
		const struct finding *f = &c->findings[i];

		/* The repository's own settings silenced it, with a reason
		 * (.inventaire.yml): nothing left to fix, so no row of work;
		 * the verdicts above do not depend on findings. */
		if (finding_suppressed(f))
			continue;
		rapport_finding_add(repo, f->level, f->rule, f->path, f->line,
		                    f->fix);
	}
}

static void add_repo(struct rapport *r, const struct rapport_input *in,
                     const struct record_repo *rec)
{
	static const struct record_account none;
	const struct record_account *acc = rec->account ? rec->account : &none;
	const struct repo *x = &rec->repo;
	const char *host = x->host ? x->host : acc->host;
	struct rapport_who w;
	struct rapport_repo *repo;

	who_of(&w, in->actors, acc->host, acc->owner, acc->pso_id, rec->actor);
	repo = rapport_repo_add(rapport_actor(r, &w), host, x->full_name,
	                        x->html_url);
	rapport_forge_kind(r, host, acc->forge);
	repo->archived = x->archived;
	repo->fork = x->fork;
	if (rec->stale)
		rapport_repo_set_stale(repo, rec->last_seen);
	rapport_repo_set_probe_error(repo, rec->probe_error);
	if (rec->check)
		add_check(repo, rec->check);
}

/* Each entry of the accounts list counts for its actor, which appears in
 * the summary even with no repository (all its accounts empty). */
static void count_accounts(struct rapport *r, const struct rapport_input *in)
{
	for (size_t i = 0; in->accounts && i < in->accounts->n; i++) {
		const struct account_entry *e = &in->accounts->v[i];
		struct rapport_who w;

		who_of(&w, in->actors, e->host, e->owner, e->pso_id, NULL);
		if (w.id)
			rapport_actor(r, &w)->naccounts++;
	}
}

static void add_unlisted(struct rapport *r, const struct rapport_input *in)
{
	const struct actor *x;
	size_t pos = 0;

	if (!in->actors || !in->accounts)
		return;
	while ((x = actors_next_unlisted(in->actors, in->accounts, &pos)))
		rapport_add_no_account(r, &(struct rapport_who){
			x->id, x->pso_id, x->name, x->acronym,
			actor_group_name(x->group), x->ministry });
}

static enum rapport_search search_of(enum discovery_status s)
{
	switch (s) {
	case DISCOVERY_LISTED:
		return RAPPORT_SEARCH_LISTED;
	case DISCOVERY_CANDIDATES:
		return RAPPORT_SEARCH_CANDIDATES;
	case DISCOVERY_NONE_FOUND:
		return RAPPORT_SEARCH_NONE_FOUND;
	default:
		return RAPPORT_SEARCH_NOT_SEARCHED;
	}
}

/* The model's actor of id ID in V (N of them), or NULL. */
static struct rapport_actor *find(struct rapport_actor *v, size_t n,
                                  const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id && !strcmp(v[i].id, id))
			return &v[i];
	return NULL;
}

/* Each actor of the actors list, with or without an account, as the
 * accounts list and discover.json say (discovery_status). */
static void add_searches(struct rapport *r, const struct rapport_input *in)
{
	for (size_t i = 0; in->actors && i < in->actors->n; i++) {
		const struct actor *x = &in->actors->v[i];
		const struct discovery_actor *d = discovery_find(in->discovery,
		                                                 x->id);
		enum rapport_search s = search_of(discovery_status(
			in->discovery, in->actors, x, in->accounts));
		struct rapport_actor *a[2] = {
			find(r->actors, r->nactors, x->id),
			find(r->no_account, r->nno_account, x->id),
		};

		for (size_t k = 0; k < 2; k++)
			if (a[k])
				rapport_actor_set_search(a[k], s,
				                         discovery_searched_at(d),
				                         d ? d->ncandidates : 0);
	}
}

static void add_accounts(struct rapport *r, const struct rapport_coverage *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct rapport_coverage_account *a = &c->v[i];
		enum rapport_account_status s = RAPPORT_ACCOUNT_OK;

		if (!a->listed)
			s = RAPPORT_ACCOUNT_UNREACHABLE;
		else if (!a->repositories)
			s = RAPPORT_ACCOUNT_EMPTY;
		rapport_account_add(r, a->host, a->owner, a->forge, a->actor, s,
		                    a->error);
	}
}

struct rapport *rapport_from_inventory(const struct rapport_input *in,
                                       const char *version)
{
	struct rapport *r = rapport_new(in->cov->started_at, version);

	/* Repositories first: an actor the actors list does not name is
	 * known by what the crawl recorded, which its accounts do not say. */
	for (size_t i = 0; i < in->inv->nrepos; i++)
		add_repo(r, in, &in->inv->repos[i]);
	count_accounts(r, in);
	add_unlisted(r, in);
	add_searches(r, in);
	add_accounts(r, in->cov);
	return r;
}
