/*
 * discovery.c - the discovery record (discovery.h): actors, their
 * searches and candidates; each actor's status; crawl.json's block.
 * Reading and writing discover.json is discovery_json.c.
 */
#include "output/discovery.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"
#include "lib/report.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static const char *const status_names[] = {
	[DISCOVERY_NOT_SEARCHED] = "not-searched",
	[DISCOVERY_LISTED] = "listed",
	[DISCOVERY_CANDIDATES] = "candidates",
	[DISCOVERY_NONE_FOUND] = "none-found",
};

const char *discovery_status_name(enum discovery_status s)
{
	return (size_t)s < sizeof(status_names) / sizeof(*status_names)
	       ? status_names[s] : "not-searched";
}

const char *discovery_confidence_name(enum discovery_confidence c)
{
	return c == DISCOVERY_HIGH ? "high" : c == DISCOVERY_MEDIUM ? "medium"
	                                                            : "low";
}

void discovery_evidence_add(struct discovery_candidate *c, const char *kind,
                            int points, const char *detail)
{
	struct discovery_evidence *e;

	c->evidence = xrealloc(c->evidence,
	                       (c->nevidence + 1) * sizeof(*c->evidence));
	e = &c->evidence[c->nevidence++];
	e->kind = xstrdup(kind);
	e->points = points;
	e->detail = dup_or_null(detail);
}

void discovery_candidate_clear(struct discovery_candidate *c)
{
	free(c->host);
	free(c->forge);
	free(c->login);
	free(c->url);
	free(c->name);
	for (size_t i = 0; i < c->nevidence; i++) {
		free(c->evidence[i].kind);
		free(c->evidence[i].detail);
	}
	free(c->evidence);
	memset(c, 0, sizeof(*c));
}

static void search_clear(struct discovery_search *s)
{
	free(s->host);
	free(s->forge);
	free(s->searched_at);
	free(s->not_searched);
	memset(s, 0, sizeof(*s));
}

static void actor_clear(struct discovery_actor *a)
{
	free(a->id);
	free(a->name);
	free(a->acronym);
	for (size_t i = 0; i < a->nsearches; i++)
		search_clear(&a->searches[i]);
	free(a->searches);
	for (size_t i = 0; i < a->ncandidates; i++)
		discovery_candidate_clear(&a->candidates[i]);
	free(a->candidates);
	memset(a, 0, sizeof(*a));
}

void discovery_clear(struct discovery *d)
{
	for (size_t i = 0; i < d->n; i++)
		actor_clear(&d->v[i]);
	free(d->v);
	free(d->updated_at);
	memset(d, 0, sizeof(*d));
}

const struct discovery_actor *discovery_find(const struct discovery *d,
                                             const char *id)
{
	for (size_t i = 0; d && id && i < d->n; i++)
		if (!strcasecmp(d->v[i].id, id))
			return &d->v[i];
	return NULL;
}

struct discovery_actor *discovery_add_actor(struct discovery *d, const char *id,
                                            const char *name,
                                            const char *acronym)
{
	struct discovery_actor *a = (struct discovery_actor *)discovery_find(d, id);

	if (a)
		return a;
	d->v = xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
	a = &d->v[d->n++];
	memset(a, 0, sizeof(*a));
	a->id = xstrdup(id);
	a->name = dup_or_null(name);
	a->acronym = dup_or_null(acronym);
	return a;
}

/* Best first: score, then host and login, so that output is stable. */
static int candidate_cmp(const void *pa, const void *pb)
{
	const struct discovery_candidate *a = pa, *b = pb;
	int c;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if ((c = strcmp(a->host ? a->host : "", b->host ? b->host : "")))
		return c;
	return strcmp(a->login ? a->login : "", b->login ? b->login : "");
}

static int search_cmp(const void *pa, const void *pb)
{
	const struct discovery_search *a = pa, *b = pb;

	return strcmp(a->host ? a->host : "", b->host ? b->host : "");
}

void discovery_set_search(struct discovery_actor *a,
                          const struct discovery_search *s,
                          struct discovery_candidate *candidates, size_t n)
{
	struct discovery_search *slot = NULL;
	size_t k = 0;

	for (size_t i = 0; i < a->nsearches && !slot; i++)
		if (!strcasecmp(a->searches[i].host, s->host))
			slot = &a->searches[i];
	if (!slot) {
		a->searches = xrealloc(a->searches,
		                       (a->nsearches + 1) * sizeof(*a->searches));
		slot = &a->searches[a->nsearches++];
	} else {
		search_clear(slot);
	}
	slot->host = xstrdup(s->host);
	slot->forge = dup_or_null(s->forge);
	slot->searched_at = dup_or_null(s->searched_at);
	slot->complete = s->complete;
	slot->not_searched = dup_or_null(s->not_searched);
	slot->queries = s->queries;
	qsort(a->searches, a->nsearches, sizeof(*a->searches), search_cmp);

	/* The host's earlier candidates go; the others stay. */
	for (size_t i = 0; i < a->ncandidates; i++) {
		if (!strcasecmp(a->candidates[i].host, s->host))
			discovery_candidate_clear(&a->candidates[i]);
		else
			a->candidates[k++] = a->candidates[i];
	}
	a->candidates = xrealloc(a->candidates,
	                         (k + n + 1) * sizeof(*a->candidates));
	for (size_t i = 0; i < n; i++) {
		a->candidates[k++] = candidates[i];
		memset(&candidates[i], 0, sizeof(candidates[i]));
	}
	a->ncandidates = k;
	qsort(a->candidates, a->ncandidates, sizeof(*a->candidates),
	      candidate_cmp);
}

const char *discovery_searched_at(const struct discovery_actor *a)
{
	const char *best = NULL;

	for (size_t i = 0; a && i < a->nsearches; i++)
		if (a->searches[i].searched_at &&
		    (!best || strcmp(a->searches[i].searched_at, best) > 0))
			best = a->searches[i].searched_at;
	return best;
}

enum discovery_status discovery_status(const struct discovery *d,
                                       const struct actors *actors,
                                       const struct actor *actor,
                                       const struct accounts *accounts)
{
	const struct discovery_actor *a;
	bool complete = true;

	if (accounts && actors &&
	    actors_count_accounts(actors, actor, accounts) > 0)
		return DISCOVERY_LISTED;
	a = discovery_find(d, actor->id);
	if (!a || !a->nsearches)
		return DISCOVERY_NOT_SEARCHED;
	if (a->ncandidates)
		return DISCOVERY_CANDIDATES;
	for (size_t i = 0; i < a->nsearches; i++)
		complete &= a->searches[i].complete;
	return complete ? DISCOVERY_NONE_FOUND : DISCOVERY_NOT_SEARCHED;
}

static json_t *actor_coverage(const struct discovery *d,
                              const struct actors *actors,
                              const struct actor *x,
                              const struct accounts *accounts)
{
	const struct discovery_actor *a = discovery_find(d, x->id);
	json_t *on = json_array();

	for (size_t i = 0; a && i < a->nsearches; i++)
		if (a->searches[i].complete)
			json_array_append_new(on, json_string(a->searches[i].host));
	return json_pack("{s:s, s:o, s:o, s:o, s:I, s:s, s:o, s:o, s:I}",
		"id", x->id, "name", report_string(x->name),
		"acronym", report_string(x->acronym),
		"pso_id", report_string(x->pso_id),
		"accounts", (json_int_t)(accounts
		            ? actors_count_accounts(actors, x, accounts) : 0),
		"discovery", discovery_status_name(
			discovery_status(d, actors, x, accounts)),
		"searched_at", report_string(discovery_searched_at(a)),
		"searched_on", on,
		"candidates", (json_int_t)(a ? a->ncandidates : 0));
}

int discovery_coverage_json(json_t **out, const char *dir,
                            const struct actors *actors,
                            const struct accounts *accounts)
{
	struct discovery d = { 0 };
	int rc = discovery_load(&d, dir);

	if (rc < 0)
		discovery_clear(&d);
	*out = json_array();
	for (size_t i = 0; actors && i < actors->n; i++)
		json_array_append_new(*out, actor_coverage(&d, actors, &actors->v[i],
		                                           accounts));
	discovery_clear(&d);
	return rc;
}
