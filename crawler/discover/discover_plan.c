/*
 * discover_plan.c - what a discover run searches (discover_int.h): the
 * forges that can search, the actors, and the names each actor is
 * searched under.
 *
 * The forges: github.com, gitlab.com and codeberg.org, where public
 * bodies publish most, and every host of the accounts list whose forge
 * can search (a GitLab, Gitea or Forgejo instance that some actor already
 * uses), but a host crawled whole: every account there is in the
 * inventory already. A host of the accounts list keeps its API root
 * (`api_url:`).
 */
#include "crawler/discover/discover_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "forges/resolve.h"
#include "lib/alloc.h"
#include "lib/error.h"

/* code.gouv.fr's pso_id for bodies its directory does not list (the
 * header of codegouvfr/codegouvfr-data, comptes-organismes-publics.yml):
 * no body to search for. */
static const char placeholder_pso_id[] = "00000000-0000-0000-0000-000000000000";

static const struct {
	const char *host;
	const char *kind;
} default_sites[] = {
	{ "github.com", "github" },
	{ "gitlab.com", "gitlab" },
	{ "codeberg.org", "forgejo" },   /* Codeberg runs Forgejo */
};

static bool whole_forge(const struct accounts *a, const char *host)
{
	for (size_t i = 0; i < a->n; i++)
		if (!a->v[i].owner && !strcasecmp(a->v[i].host, host))
			return true;
	return false;
}

static const struct account_entry *first_entry(const struct accounts *a,
                                               const char *host)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcasecmp(a->v[i].host, host))
			return &a->v[i];
	return NULL;
}

static struct site *site_find(struct dsc_run *r, const char *host)
{
	for (size_t i = 0; i < r->nsites; i++)
		if (!strcasecmp(r->sites[i].host, host))
			return &r->sites[i];
	return NULL;
}

/* Add HOST, a forge of KIND, unless it is there, cannot search, or is
 * crawled whole. */
static void site_add(struct dsc_run *r, const char *host, const char *kind)
{
	const struct account_entry *e = first_entry(&r->accounts, host);
	struct account_spec spec = { 0 };
	struct account_target t;
	struct site *s;

	if (site_find(r, host) || whole_forge(&r->accounts, host))
		return;
	spec.host = host;
	spec.forge = e ? e->forge : kind;
	for (size_t i = 0; i < r->accounts.n; i++)
		if (!strcasecmp(r->accounts.v[i].host, host) &&
		    r->accounts.v[i].api_url && !spec.api_url)
			spec.api_url = r->accounts.v[i].api_url;
	if (account_resolve(&t, &spec) < 0) {
		discover_log(r, true, "%s: not searched: %s", host, error_last());
		return;
	}
	/* --forge gitea takes Forgejo too, and the other way: one API. */
	if (!t.forge->search || (r->o->forge &&
	                         forge_find(r->o->forge)->search != t.forge->search)) {
		account_target_clear(&t);
		return;
	}
	r->sites = xrealloc(r->sites, (r->nsites + 1) * sizeof(*r->sites));
	s = &r->sites[r->nsites++];
	memset(s, 0, sizeof(*s));
	s->run = r;
	s->host = xstrdup(t.host);
	s->api_url = xstrdup(t.api_url);
	s->forge = t.forge;
	s->remaining = -1;
	account_target_clear(&t);
}

int plan_sites(struct dsc_run *r)
{
	const char *kind = r->o->forge;

	if (kind && !forge_find(kind))
		return error_set(ERROR_USAGE, "--forge: unknown forge kind '%s' "
		                 "(github, gitlab, gitea, forgejo)", kind);
	if (kind && !forge_find(kind)->search)
		return error_set(ERROR_USAGE, "--forge: %s has no account search "
		                 "inventaire can use (github, gitlab, gitea, "
		                 "forgejo have)", kind);
	for (size_t i = 0; i < sizeof(default_sites) / sizeof(*default_sites); i++)
		site_add(r, default_sites[i].host, default_sites[i].kind);
	for (size_t i = 0; i < r->accounts.n; i++)
		if (!r->accounts.v[i].ignored)
			site_add(r, r->accounts.v[i].host, r->accounts.v[i].forge);
	/* The site accounts point into the sites, which no longer move. */
	for (size_t i = 0; i < r->nsites; i++) {
		struct site *s = &r->sites[i];

		s->acct.host = s->host;
		s->acct.api_url = s->api_url;
		s->acct.owner = NULL;
		s->acct.kind = ACCOUNT_INSTANCE;
	}
	if (!r->nsites && kind)
		return error_set(ERROR_USAGE, "no forge of kind %s to search: every "
		                 "forge of that kind is crawled whole, or none is "
		                 "known", kind);
	if (!r->nsites)
		return error_set(ERROR_USAGE, "no forge to search: every forge is "
		                 "crawled whole, or none is known");
	return 0;
}

bool plan_configured(const struct dsc_run *r, const char *host,
                     const char *login)
{
	for (size_t i = 0; i < r->accounts.n; i++) {
		const struct account_entry *e = &r->accounts.v[i];
		size_t n;

		if (strcasecmp(e->host, host))
			continue;
		if (!e->owner)
			return true;
		n = strlen(e->owner);
		/* The account, or a subgroup of a group that is listed. */
		if (!strncasecmp(login, e->owner, n) &&
		    (login[n] == '\0' || login[n] == '/'))
			return true;
	}
	return false;
}

/* The names ACTOR is searched under: its name, acronym and aliases, each
 * once (compared as discover_compact() writes them), none shorter than
 * three letters (a search for "SG" finds everyone). */
static void add_query(char ***q, size_t *n, const char *name)
{
	char *c;

	if (!name)
		return;
	c = discover_compact(name);
	for (size_t i = 0; i < *n && *c; i++) {
		char *ci = discover_compact((*q)[i]);
		bool same = !strcmp(ci, c);

		free(ci);
		if (same) {
			*c = '\0';
			break;
		}
	}
	if (strlen(c) >= 3) {
		*q = xrealloc(*q, (*n + 1) * sizeof(**q));
		(*q)[(*n)++] = xstrdup(name);
	}
	free(c);
}

static void add_tasks(struct dsc_run *r, const struct actor *actor)
{
	char **queries = NULL;
	size_t n = 0;

	add_query(&queries, &n, actor->name);
	add_query(&queries, &n, actor->acronym);
	for (size_t i = 0; i < actor->naliases; i++)
		add_query(&queries, &n, actor->aliases[i]);
	r->tasks = xrealloc(r->tasks, (r->ntasks + r->nsites) * sizeof(*r->tasks));
	for (size_t s = 0; s < r->nsites; s++) {
		struct task *t = &r->tasks[r->ntasks++];

		memset(t, 0, sizeof(*t));
		t->run = r;
		t->actor = actor;
		t->site = &r->sites[s];
		t->nqueries = n;
		t->queries = xcalloc(n + 1, sizeof(*t->queries));
		for (size_t i = 0; i < n; i++)
			t->queries[i] = xstrdup(queries[i]);
	}
	for (size_t i = 0; i < n; i++)
		free(queries[i]);
	free(queries);
}

static bool placeholder(const struct actor *a)
{
	return a->pso_id && !strcmp(a->pso_id, placeholder_pso_id);
}

/* --actor: an id, else an acronym or a pso_id. */
static const struct actor *named_actor(const struct actors *a, const char *w)
{
	const struct actor *x = actors_find_id(a, w);

	for (size_t i = 0; !x && i < a->n; i++)
		if ((a->v[i].acronym && !strcasecmp(a->v[i].acronym, w)) ||
		    (a->v[i].pso_id && !strcasecmp(a->v[i].pso_id, w)))
			x = &a->v[i];
	if (!x)
		x = actors_find(a, w);
	return x;
}

int plan_tasks(struct dsc_run *r)
{
	const struct actor *x;
	size_t pos = 0;

	if (r->o->actor) {
		if (!(x = named_actor(&r->actors, r->o->actor)))
			return error_set(ERROR_USAGE, "--actor: no actor '%s' in %s "
			                 "(give its id, as `ars-bretagne`, its acronym "
			                 "or its pso_id)", r->o->actor,
			                 r->actors.source);
		add_tasks(r, x);
		return 0;
	}
	if (r->o->all) {
		for (size_t i = 0; i < r->actors.n; i++)
			if (!placeholder(&r->actors.v[i]))
				add_tasks(r, &r->actors.v[i]);
		return 0;
	}
	while ((x = actors_next_unlisted(&r->actors, &r->accounts, &pos)))
		add_tasks(r, x);
	return 0;
}

void plan_free(struct dsc_run *r)
{
	for (size_t i = 0; i < r->ntasks; i++) {
		struct task *t = &r->tasks[i];

		for (size_t q = 0; q < t->nqueries; q++)
			free(t->queries[q]);
		free(t->queries);
		free(t->not_searched);
		free(t->unread);
		free(t->searched_at);
		search_hits_clear(&t->hits);
		for (size_t c = 0; c < t->ncands; c++) {
			search_hit_clear(&t->cands[c].hit);
			free(t->cands[c].profile_error);
			search_repos_clear(&t->cands[c].repos);
			free(t->cands[c].named);
		}
		free(t->cands);
	}
	free(r->tasks);
	for (size_t i = 0; i < r->nsites; i++) {
		free(r->sites[i].host);
		free(r->sites[i].api_url);
		free(r->sites[i].down);
		free(r->sites[i].profiles_down);
		free(r->sites[i].queue);
		free(r->sites[i].jobs);
	}
	free(r->sites);
	r->tasks = NULL;
	r->sites = NULL;
	r->ntasks = r->nsites = 0;
}
