/*
 * rapport_model.c - building the report's summary model and deriving what
 * it shows: counts per actor, forge, ministry and licence family, the
 * order of every table, and the series over time.
 */
#include "output/rapport.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/error.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Grow *V (of *N items of SIZE) by one zeroed item; return it. */
static void *grow(void *vp, size_t *n, size_t size)
{
	void **v = vp;
	char *p;

	*v = xrealloc(*v, (*n + 1) * size);
	p = (char *)*v + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

int rapport_lang_parse(enum rapport_lang *out, const char *name)
{
	if (name && !strcmp(name, "fr"))
		*out = RAPPORT_FR;
	else if (name && !strcmp(name, "en"))
		*out = RAPPORT_EN;
	else
		return error_set(ERROR_INVALID, "unknown language '%s': use fr or en",
		                 name ? name : "");
	return 0;
}

bool rapport_repo_conforme(const struct rapport_repo *r)
{
	return r->checked && r->license_ok == TRI_TRUE && r->readme &&
	       r->publiccode != RAPPORT_PC_INVALID;
}

enum rapport_family rapport_repo_family(const struct rapport_repo *r)
{
	const char *c = r->license_category;

	if (!r->checked)
		return RAPPORT_FAM_UNCHECKED;
	if (r->license_ok == TRI_TRUE) {
		if (c && !strcmp(c, "reciprocal"))
			return RAPPORT_FAM_RECIPROCAL;
		if (c && !strcmp(c, "public-information"))
			return RAPPORT_FAM_PUBLIC_INFO;
		return RAPPORT_FAM_PERMISSIVE;
	}
	if (!r->license)
		return RAPPORT_FAM_NONE;
	if (r->license_ok == TRI_FALSE)
		return RAPPORT_FAM_OTHER;
	return RAPPORT_FAM_UNIDENTIFIED;   /* NOASSERTION, or unknown verdict */
}

int rapport_repo_severity(const struct rapport_repo *r)
{
	int max = -1;

	for (size_t i = 0; i < r->nfindings; i++)
		if ((int)r->findings[i].level > max)
			max = (int)r->findings[i].level;
	return max;
}

const char *rapport_actor_label(const struct rapport_actor *a)
{
	return a->acronym && *a->acronym ? a->acronym : a->name ? a->name : "?";
}

struct rapport *rapport_new(const char *date, const char *version)
{
	struct rapport *r = xcalloc(1, sizeof(*r));

	r->date = dup_or_null(date);
	r->version = dup_or_null(version);
	return r;
}

static void actor_fill(struct rapport_actor *a, const struct rapport_who *w)
{
	a->id = dup_or_null(w->id);
	a->pso_id = dup_or_null(w->pso_id);
	a->name = dup_or_null(w->name);
	a->acronym = dup_or_null(w->acronym);
	a->group = dup_or_null(w->group);
	a->ministry = dup_or_null(w->ministry);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

struct rapport_actor *rapport_actor(struct rapport *r,
                                    const struct rapport_who *w)
{
	struct rapport_actor *a;

	for (size_t i = 0; i < r->nactors; i++)
		if (same(r->actors[i].id, w->id))
			return &r->actors[i];
	a = grow(&r->actors, &r->nactors, sizeof(*a));
	actor_fill(a, w);
	return a;
}

struct rapport_actor *rapport_add_no_account(struct rapport *r,
                                             const struct rapport_who *w)
{
	struct rapport_actor *a = grow(&r->no_account, &r->nno_account,
	                               sizeof(*a));

	actor_fill(a, w);
	a->search = RAPPORT_SEARCH_NOT_SEARCHED;
	return a;
}

void rapport_actor_set_search(struct rapport_actor *a, enum rapport_search s,
                              const char *searched_at, size_t ncandidates)
{
	free(a->searched_at);
	a->search = (unsigned)s < RAPPORT_NSEARCH ? s : RAPPORT_SEARCH_UNKNOWN;
	a->searched_at = dup_or_null(searched_at);
	a->ncandidates = ncandidates;
}

struct rapport_repo *rapport_repo_add(struct rapport_actor *a,
                                      const char *host, const char *full_name,
                                      const char *html_url)
{
	struct rapport_repo *repo = grow(&a->repos, &a->nrepos, sizeof(*repo));

	repo->host = dup_or_null(host);
	repo->full_name = dup_or_null(full_name);
	repo->html_url = dup_or_null(html_url);
	repo->license_ok = TRI_UNKNOWN;
	return repo;
}

void rapport_repo_set_license(struct rapport_repo *repo, enum tristate ok,
                              const char *spdx, const char *category)
{
	free(repo->license);
	free(repo->license_category);
	repo->license_ok = ok;
	repo->license = dup_or_null(spdx);
	repo->license_category = dup_or_null(category);
}

void rapport_repo_set_stale(struct rapport_repo *repo, const char *last_seen)
{
	free(repo->last_seen);
	repo->stale = true;
	repo->last_seen = dup_or_null(last_seen);
}

void rapport_repo_set_probe_error(struct rapport_repo *repo, const char *e)
{
	free(repo->probe_error);
	repo->probe_error = dup_or_null(e);
}

void rapport_finding_add(struct rapport_repo *repo, enum level level,
                         const char *rule, const char *path, unsigned line,
                         const char *fix)
{
	struct rapport_finding *f = grow(&repo->findings, &repo->nfindings,
	                                 sizeof(*f));

	f->level = level;
	f->rule = xstrdup(rule ? rule : "?");
	f->path = dup_or_null(path);
	f->line = line;
	f->fix = dup_or_null(fix);
}

static struct rapport_forge *forge_of(struct rapport *r, const char *host)
{
	struct rapport_forge *f;

	for (size_t i = 0; i < r->nforges; i++)
		if (same(r->forges[i].host, host))
			return &r->forges[i];
	f = grow(&r->forges, &r->nforges, sizeof(*f));
	f->host = dup_or_null(host);
	return f;
}

void rapport_account_add(struct rapport *r, const char *host,
                         const char *owner, const char *kind,
                         const char *actor,
                         enum rapport_account_status status,
                         const char *error)
{
	struct rapport_account *a = grow(&r->accounts, &r->naccounts,
	                                 sizeof(*a));
	struct rapport_forge *f = forge_of(r, host);

	a->host = dup_or_null(host);
	a->owner = dup_or_null(owner);
	a->actor = dup_or_null(actor);
	a->status = status;
	a->error = dup_or_null(error);
	if (kind && !f->kind)
		f->kind = xstrdup(kind);
}

void rapport_forge_kind(struct rapport *r, const char *host,
                        const char *kind)
{
	struct rapport_forge *f = forge_of(r, host);

	if (kind && !f->kind)
		f->kind = xstrdup(kind);
}

void rapport_history_add(struct rapport *r, const char *date,
                         const char *id, const char *pso_id,
                         const char *actor, const struct rapport_counts *c)
{
	struct rapport_history_line *l = grow(&r->history, &r->nhistory,
	                                      sizeof(*l));

	l->date = dup_or_null(date);
	l->id = dup_or_null(id);
	l->pso_id = dup_or_null(pso_id);
	l->actor = dup_or_null(actor);
	l->counts = *c;
}

static void counts_add(struct rapport_counts *sum,
                       const struct rapport_counts *c)
{
	sum->repos += c->repos;
	sum->checked += c->checked;
	sum->license_ok += c->license_ok;
	sum->readme += c->readme;
	sum->publiccode += c->publiccode;
	sum->conforme += c->conforme;
	sum->archived += c->archived;
	sum->forked += c->forked;
	sum->stale += c->stale;
}

static void count_repo(struct rapport_counts *c, const struct rapport_repo *r)
{
	c->repos++;
	c->archived += r->archived;
	c->forked += r->fork;
	c->stale += r->stale;
	if (!r->checked)
		return;
	c->checked++;
	c->license_ok += r->license_ok == TRI_TRUE;
	c->readme += r->readme;
	c->publiccode += r->publiccode == RAPPORT_PC_VALID;
	c->conforme += rapport_repo_conforme(r);
}

/* qsort() with no item may get a NULL array, which C11 forbids. */
static void sort(void *v, size_t n, size_t size,
                 int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(v, n, size, cmp);
}

/* Sort keys that do not depend on the locale: bytes, NULL first. */
static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct rapport_finding *a = pa, *b = pb;
	int c;

	if (a->level != b->level)
		return (int)b->level - (int)a->level;
	if ((c = strcmp(a->rule, b->rule)))
		return c;
	if ((c = strcmp_null(a->path, b->path)))
		return c;
	return (a->line > b->line) - (a->line < b->line);
}

static unsigned long count_level(const struct rapport_repo *r, enum level l)
{
	unsigned long n = 0;

	for (size_t i = 0; i < r->nfindings; i++)
		n += r->findings[i].level == l;
	return n;
}

/* Worst first: the highest level, then the most errors, then warnings;
 * then by host and name, so that equal rows keep a stable order. */
static int repo_cmp(const void *pa, const void *pb)
{
	const struct rapport_repo *a = pa, *b = pb;
	int sa = rapport_repo_severity(a), sb = rapport_repo_severity(b), c;
	unsigned long ea, eb;

	if (sa != sb)
		return sb - sa;
	if ((ea = count_level(a, LEVEL_ERROR)) != (eb = count_level(b, LEVEL_ERROR)))
		return ea < eb ? 1 : -1;
	if ((ea = count_level(a, LEVEL_WARNING)) !=
	    (eb = count_level(b, LEVEL_WARNING)))
		return ea < eb ? 1 : -1;
	if ((c = strcmp_null(a->host, b->host)))
		return c;
	return strcmp_null(a->full_name, b->full_name);
}

/* By group (actors.yml's groups in their order, then other names), then
 * label; the unknown actor (no id) last. */
static int actor_cmp(const void *pa, const void *pb)
{
	const struct rapport_actor *a = pa, *b = pb;
	int ra = rapport_group_rank(a->group), rb = rapport_group_rank(b->group);
	int c;

	if (!a->id != !b->id)
		return a->id ? -1 : 1;
	if (ra != rb)
		return ra - rb;
	if ((c = strcmp_null(a->group, b->group)))
		return c;
	if ((c = strcmp(rapport_actor_label(a), rapport_actor_label(b))))
		return c;
	return strcmp_null(a->id, b->id);
}

static int forge_cmp(const void *pa, const void *pb)
{
	const struct rapport_forge *a = pa, *b = pb;

	if (a->counts.repos != b->counts.repos)
		return a->counts.repos < b->counts.repos ? 1 : -1;
	return strcmp_null(a->host, b->host);
}

static int ministry_cmp(const void *pa, const void *pb)
{
	const struct rapport_ministry *a = pa, *b = pb;

	return strcmp_null(a->name, b->name);
}

static int account_cmp(const void *pa, const void *pb)
{
	const struct rapport_account *a = pa, *b = pb;
	int c;

	if ((c = strcmp_null(a->host, b->host)))
		return c;
	return strcmp_null(a->owner, b->owner);
}

static int license_count_cmp(const void *pa, const void *pb)
{
	const struct rapport_license_count *a = pa, *b = pb;

	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return strcmp_null(a->spdx, b->spdx);
}

static void family_count(struct rapport_family_count *f, const char *spdx)
{
	struct rapport_license_count *c;

	f->n++;
	for (size_t i = 0; i < f->nids; i++)
		if (same(f->ids[i].spdx, spdx)) {
			f->ids[i].n++;
			return;
		}
	c = grow(&f->ids, &f->nids, sizeof(*c));
	c->spdx = dup_or_null(spdx);
	c->n = 1;
}

static struct rapport_ministry *ministry_of(struct rapport *r,
                                            const char *name)
{
	struct rapport_ministry *m;

	for (size_t i = 0; i < r->nministries; i++)
		if (same(r->ministries[i].name, name))
			return &r->ministries[i];
	m = grow(&r->ministries, &r->nministries, sizeof(*m));
	m->name = dup_or_null(name);
	return m;
}

static void finish_actor(struct rapport *r, struct rapport_actor *a)
{
	for (size_t i = 0; i < a->nrepos; i++) {
		struct rapport_repo *repo = &a->repos[i];
		enum rapport_family fam = rapport_repo_family(repo);

		sort(repo->findings, repo->nfindings, sizeof(*repo->findings),
		      finding_cmp);
		count_repo(&a->counts, repo);
		count_repo(&forge_of(r, repo->host)->counts, repo);
		family_count(&r->families[fam],
		             fam == RAPPORT_FAM_NONE || fam == RAPPORT_FAM_UNCHECKED
		             ? NULL : repo->license);
	}
	sort(a->repos, a->nrepos, sizeof(*a->repos), repo_cmp);
	counts_add(&r->total, &a->counts);
	counts_add(&ministry_of(r, a->ministry)->counts, &a->counts);
}

static int history_cmp(const void *pa, const void *pb)
{
	const struct rapport_history_line *a = pa, *b = pb;
	int c;

	if ((c = strcmp_null(a->date, b->date)))
		return c;
	return strcmp_null(a->actor, b->actor);
}

/* One point per crawl date of the history before this crawl (a report
 * made again from an older output folder does not show later crawls;
 * RFC 3339 UTC dates compare as strings), then this crawl's own. */
static void finish_series(struct rapport *r)
{
	struct rapport_point *p = NULL;

	sort(r->history, r->nhistory, sizeof(*r->history), history_cmp);
	for (size_t i = 0; i < r->nhistory; i++) {
		const struct rapport_history_line *l = &r->history[i];

		if (!l->date || (r->date && strcmp(l->date, r->date) >= 0))
			continue;
		if (!p || strcmp(p->date, l->date)) {
			p = grow(&r->series, &r->nseries, sizeof(*p));
			p->date = xstrdup(l->date);
		}
		counts_add(&p->counts, &l->counts);
	}
	if (r->date) {
		p = grow(&r->series, &r->nseries, sizeof(*p));
		p->date = xstrdup(r->date);
		p->counts = r->total;
	}
}

static bool has_no_account(const struct rapport *r, const char *id)
{
	for (size_t i = 0; id && i < r->nno_account; i++)
		if (same(r->no_account[i].id, id))
			return true;
	return false;
}

/* Each actor once: an actor with repositories whose accounts left the
 * accounts list is in both lists, and counts as the one with no account. */
static void count_search(struct rapport *r, enum rapport_search s)
{
	r->searches[(unsigned)s < RAPPORT_NSEARCH ? s
	                                          : RAPPORT_SEARCH_UNKNOWN]++;
}

static void count_searches(struct rapport *r)
{
	for (size_t i = 0; i < r->nno_account; i++)
		count_search(r, r->no_account[i].search);
	for (size_t i = 0; i < r->nactors; i++)
		if (!has_no_account(r, r->actors[i].id))
			count_search(r, r->actors[i].search);
}

void rapport_finish(struct rapport *r)
{
	if (r->finished)
		return;
	r->finished = true;
	count_searches(r);
	for (size_t i = 0; i < r->nactors; i++)
		finish_actor(r, &r->actors[i]);
	sort(r->actors, r->nactors, sizeof(*r->actors), actor_cmp);
	sort(r->no_account, r->nno_account, sizeof(*r->no_account), actor_cmp);
	sort(r->forges, r->nforges, sizeof(*r->forges), forge_cmp);
	sort(r->ministries, r->nministries, sizeof(*r->ministries),
	      ministry_cmp);
	sort(r->accounts, r->naccounts, sizeof(*r->accounts), account_cmp);
	for (size_t i = 0; i < RAPPORT_NFAMILIES; i++)
		sort(r->families[i].ids, r->families[i].nids,
		      sizeof(*r->families[i].ids), license_count_cmp);
	finish_series(r);
}

static void repo_free(struct rapport_repo *repo)
{
	free(repo->host);
	free(repo->full_name);
	free(repo->html_url);
	free(repo->license);
	free(repo->license_category);
	free(repo->last_seen);
	free(repo->probe_error);
	for (size_t i = 0; i < repo->nfindings; i++) {
		free(repo->findings[i].rule);
		free(repo->findings[i].path);
		free(repo->findings[i].fix);
	}
	free(repo->findings);
}

static void actor_free(struct rapport_actor *a)
{
	free(a->id);
	free(a->pso_id);
	free(a->name);
	free(a->acronym);
	free(a->group);
	free(a->ministry);
	free(a->searched_at);
	for (size_t i = 0; i < a->nrepos; i++)
		repo_free(&a->repos[i]);
	free(a->repos);
}

void rapport_free(struct rapport *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nactors; i++)
		actor_free(&r->actors[i]);
	free(r->actors);
	for (size_t i = 0; i < r->nno_account; i++)
		actor_free(&r->no_account[i]);
	free(r->no_account);
	for (size_t i = 0; i < r->naccounts; i++) {
		free(r->accounts[i].host);
		free(r->accounts[i].owner);
		free(r->accounts[i].actor);
		free(r->accounts[i].error);
	}
	free(r->accounts);
	for (size_t i = 0; i < r->nhistory; i++) {
		free(r->history[i].date);
		free(r->history[i].id);
		free(r->history[i].pso_id);
		free(r->history[i].actor);
	}
	free(r->history);
	for (size_t i = 0; i < r->nforges; i++) {
		free(r->forges[i].host);
		free(r->forges[i].kind);
	}
	free(r->forges);
	for (size_t i = 0; i < r->nministries; i++)
		free(r->ministries[i].name);
	free(r->ministries);
	for (size_t i = 0; i < r->nseries; i++)
		free(r->series[i].date);
	free(r->series);
	for (size_t i = 0; i < RAPPORT_NFAMILIES; i++) {
		for (size_t j = 0; j < r->families[i].nids; j++)
			free(r->families[i].ids[j].spdx);
		free(r->families[i].ids);
	}
	free(r->date);
	free(r->version);
	free(r);
}
