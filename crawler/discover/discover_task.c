/*
 * discover_task.c - one actor on one forge, from its searches to its
 * candidates (discover_int.h):
 *
 *   PHASE_SEARCH    every name of the actor searched (or given up)
 *   PHASE_PROFILES  the hits merged, the accounts already listed dropped,
 *                   the DISCOVER_PROFILES most alike kept and their
 *                   profiles read
 *   PHASE_REPOS     the best DISCOVER_REPO_CANDIDATES: a few repositories,
 *                   their README and publiccode.yml
 *   PHASE_DONE      scored, recorded in the run's discovery
 *
 * Answers come from the cache at once or from the engine later; a phase
 * ends when its last answer is in (t->pending). A phase that sends
 * requests holds one count itself while it sends them, so that cached
 * answers, which come back at once, cannot end it early.
 */
#include "crawler/discover/discover_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"

static void task_profiles(struct task *t);

static bool older(const char *a, const char *b)
{
	return a && (!b || strcmp(a, b) < 0);
}

void task_start(struct task *t)
{
	struct site *s = t->site;

	t->phase = PHASE_SEARCH;
	if (!t->nqueries) {
		t->not_searched = xstrdup("no name of three letters or more to "
		                          "search for");
		task_profiles(t);
		return;
	}
	for (size_t q = 0; q < t->nqueries; q++) {
		char *at = NULL;
		json_t *v = dcache_get(&t->run->cache, s->host, "search",
		                       t->queries[q], &at);
		struct search_hits hits;

		if (v && dcache_hits_from(&hits, v) == 0)
			task_searched(t, q, &hits, at ? at : "");
		else if (s->down)
			task_search_failed(t, q, s->down);
		else
			site_enqueue(s, t, q);
		json_decref(v);
		free(at);
	}
}

void task_searched(struct task *t, size_t q, struct search_hits *hits,
                   const char *fetched_at)
{
	(void)q;
	for (size_t i = 0; i < hits->n; i++)
		search_hits_push(&t->hits, &hits->v[i]);
	search_hits_clear(hits);
	if (*fetched_at && older(fetched_at, t->searched_at)) {
		free(t->searched_at);
		t->searched_at = xstrdup(fetched_at);
	}
	t->answered++;
	if (++t->settled == t->nqueries)
		task_profiles(t);
}

void task_search_failed(struct task *t, size_t q, const char *why)
{
	(void)q;
	if (!t->not_searched)
		t->not_searched = xstrdup(why);
	if (++t->settled == t->nqueries)
		task_profiles(t);
}

static int cand_cmp(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;

	if (a->prescore != b->prescore)
		return a->prescore > b->prescore ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void cand_clear(struct cand *c)
{
	search_hit_clear(&c->hit);
	free(c->profile_error);
	search_repos_clear(&c->repos);
	free(c->named);
	memset(c, 0, sizeof(*c));
}

/* Each account once, none already in the accounts list. */
static void merge_hits(struct task *t)
{
	for (size_t i = 0; i < t->hits.n; i++) {
		struct search_hit *h = &t->hits.v[i];
		bool dup = false;

		if (plan_configured(t->run, t->site->host, h->login))
			continue;
		for (size_t c = 0; c < t->ncands && !dup; c++)
			dup = !strcasecmp(t->cands[c].hit.login, h->login);
		if (dup)
			continue;
		t->cands = xrealloc(t->cands, (t->ncands + 1) * sizeof(*t->cands));
		memset(&t->cands[t->ncands], 0, sizeof(*t->cands));
		t->cands[t->ncands].hit = *h;
		search_hit_init(h);
		t->cands[t->ncands].order = i;
		t->cands[t->ncands].prescore = discover_prescore(t->actor,
		                                                 &t->cands[t->ncands].hit);
		t->ncands++;
	}
	search_hits_clear(&t->hits);
	if (t->ncands > 1)
		qsort(t->cands, t->ncands, sizeof(*t->cands), cand_cmp);
	while (t->ncands > DISCOVER_PROFILES)
		cand_clear(&t->cands[--t->ncands]);
}

static void task_profiles(struct task *t)
{
	t->phase = PHASE_PROFILES;
	merge_hits(t);
	t->pending++;
	for (size_t c = 0; c < t->ncands && !dsc_stopping(t->run); c++)
		if (!t->cands[c].hit.profile)
			job_profile(t, c);
	t->pending--;
	task_answered(t);
}

static int score_of(const struct task *t, const struct cand *c)
{
	struct discovery_candidate dc;
	int s;

	discover_score(&dc, t->actor, &t->run->actors, &c->hit, c->named);
	s = dc.score;
	discovery_candidate_clear(&dc);
	return s;
}

/* The best candidates so far get their repositories read. */
static void task_repos(struct task *t)
{
	int *scores = xcalloc(t->ncands + 1, sizeof(*scores));
	bool *chosen = xcalloc(t->ncands + 1, sizeof(*chosen));

	t->phase = PHASE_REPOS;
	for (size_t c = 0; c < t->ncands; c++)
		scores[c] = score_of(t, &t->cands[c]);
	t->pending++;
	for (size_t k = 0; k < DISCOVER_REPO_CANDIDATES && !dsc_stopping(t->run); k++) {
		size_t best = t->ncands;

		for (size_t c = 0; c < t->ncands; c++)
			if (!chosen[c] && scores[c] >= DISCOVER_MIN_SCORE &&
			    (best == t->ncands || scores[c] > scores[best]))
				best = c;
		if (best == t->ncands)
			break;
		chosen[best] = true;
		job_repos(t, best);
	}
	free(scores);
	free(chosen);
	t->pending--;
	task_answered(t);
}

void task_file_read(struct task *t, size_t c, const char *text,
                    const char *repo, const char *path)
{
	struct cand *cand = &t->cands[c];
	char *what;

	if (cand->named || !text)
		return;
	if (discover_text_names(&what, text, t->actor)) {
		cand->named = xasprintf("%s of %s names %s", path ? path
		                        : "the README", repo, what);
		free(what);
	}
}

static char *lower(const char *s)
{
	char *p = xstrdup(s);

	for (char *q = p; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return p;
}

static int candidate_cmp(const void *pa, const void *pb)
{
	const struct discovery_candidate *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return strcmp(a->login, b->login);
}

/* Scored and recorded. */
static void task_finish(struct task *t)
{
	struct dsc_run *r = t->run;
	struct discovery_candidate *out = xcalloc(t->ncands + 1, sizeof(*out));
	struct discovery_search s = { 0 };
	struct discovery_actor *a;
	char *now = discover_utc_now();
	size_t n = 0;

	t->phase = PHASE_DONE;
	for (size_t i = 0; i < t->ncands; i++) {
		const struct cand *c = &t->cands[i];
		struct discovery_candidate *d = &out[n];

		discover_score(d, t->actor, &r->actors, &c->hit, c->named);
		if (d->score < DISCOVER_MIN_SCORE) {
			discovery_candidate_clear(d);
			continue;
		}
		if (c->profile_error)
			discovery_evidence_add(d, "profile-unread", 0, c->profile_error);
		d->host = xstrdup(t->site->host);
		d->forge = xstrdup(t->site->forge->kind);
		d->login = lower(c->hit.login);
		d->url = c->hit.html_url ? xstrdup(c->hit.html_url)
		         : xasprintf("https://%s/%s", t->site->host, c->hit.login);
		d->name = c->hit.name ? xstrdup(c->hit.name) : NULL;
		n++;
	}
	qsort(out, n, sizeof(*out), candidate_cmp);
	while (n > DISCOVER_SHOWN)
		discovery_candidate_clear(&out[--n]);
	s.host = t->site->host;
	s.forge = (char *)t->site->forge->kind;
	s.searched_at = t->searched_at ? t->searched_at : now;
	s.complete = task_complete(t);
	s.not_searched = s.complete ? NULL : (char *)task_why(t);
	s.queries = (unsigned)t->nqueries;
	a = discovery_add_actor(&r->record, t->actor->id, t->actor->name,
	                        t->actor->acronym);
	discovery_set_search(a, &s, out, n);
	free(out);
	free(now);
}

void task_answered(struct task *t)
{
	if (t->pending > 0 || t->phase == PHASE_DONE || t->phase == PHASE_SEARCH)
		return;
	if (t->phase == PHASE_PROFILES)
		task_repos(t);
	else if (t->phase == PHASE_REPOS)
		task_finish(t);
}
