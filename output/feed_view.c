/*
 * feed_view.c - what code.gouv.fr publishes of an inventory: which records
 * reach its files, and the organisation <-> repositories join.
 *
 * The join. The front end's "repositories" button of an organisation
 * shows the repositories whose `o` equals the organisation's `id`
 * ((rfe/push-state :repos nil {:group id}), then (= (:o %) group) in
 * src/codegouvfr/core.cljs, codegouvfr/codegouvfr-sources). The producer
 * builds `o` as "https://HOST/OWNER" from a repository's owner
 * (repositories-as-map in src/codegouvfr/codegouvfr_output_data.clj,
 * codegouvfr/codegouvfr-output-data), and ecosyste.ms's owner is the first
 * segment of the path (app/models/hosts/gitlab.rb in ecosyste-ms/repos:
 * owner: path_with_namespace.split('/').first): the top-level group owns
 * the repositories of all its subgroups. An organisation's `id` is its
 * html_url, "HOST_URL/LOGIN" (app/models/owner.rb). So here: a
 * repository's owner key is its host and top-level owner, ASCII case
 * aside; every repository of a key gets the same `o`, spelt as the first
 * of them spells it; the organisation of that key gets that `o` as its
 * `id`, and the number of those repositories as its count.
 *
 * Who is published. code.gouv.fr lists organisations only: its producer
 * keeps owners of kind "organization" (set-owners!), and its crawler skips
 * the user namespaces of a whole instance (SKIP_USER_REPOS in
 * app/models/hosts/gitlab.rb, ecosyste-ms/repos). Accounts the list names
 * are crawled whatever they are (codegouvfr/ecosystems-repos,
 * lib/tasks/dinum.rake: sync_owner_repositories for each owner the list
 * names), so their repositories show, but a person's is no organisation.
 * Hence:
 * - a repository is published unless its account is declared `kind:
 *   user`, or it comes from a whole-forge listing and its namespace is a
 *   person's (GitLab's namespace kind "user");
 * - an owner is published when it is an organisation: not `kind: user`,
 *   and not a person's account by the forge's word, unless the list says
 *   `kind: org`. SourceHut has no organisations (every account is a
 *   user's), so a SourceHut account of the list is one unless it says
 *   `kind: user`.
 * Everything else stays in our inventory (state/inventory.json), with the
 * facts that decided it.
 */
#include "output/feed_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

static bool is_kind(const struct record_account *a, const char *kind)
{
	return a->kind && !strcmp(a->kind, kind);
}

bool feed_repo_published(const struct record_repo *r)
{
	const struct record_account *acc = feed_repo_account(r);

	if (is_kind(acc, "user"))
		return false;
	if (!acc->owner && r->repo.owner_is_user)
		return false;
	return feed_nonempty(r->repo.host) && feed_nonempty(r->repo.owner);
}

bool feed_owner_published(const struct record_owner *o)
{
	const struct record_account *acc = feed_owner_account(o);
	bool sourcehut = acc->forge && !strcmp(acc->forge, "sourcehut");

	if (is_kind(acc, "user"))
		return false;
	if (is_kind(acc, "org"))
		return true;
	return !o->owner.is_user || (sourcehut && acc->owner);
}

/* An owner key: a host and a top-level login, compared without ASCII
 * case. LOGIN may go on past LEN (a subgroup's path). */
struct key {
	const char *host;
	const char *login;
	size_t len;
	size_t pos;          /* order of arrival, for stable sorts */
};

static int ncasecmp(const char *a, size_t na, const char *b, size_t nb)
{
	for (size_t i = 0;; i++) {
		int x = i < na ? (unsigned char)a[i] : 0;
		int y = i < nb ? (unsigned char)b[i] : 0;

		x = x >= 'A' && x <= 'Z' ? x + 32 : x;
		y = y >= 'A' && y <= 'Z' ? y + 32 : y;
		if (x != y || !x)
			return x - y;
	}
}

static int key_cmp(const struct key *a, const struct key *b)
{
	int c = feed_casecmp(a->host, b->host);

	return c ? c : ncasecmp(a->login, a->len, b->login, b->len);
}

static int key_sort(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;
	int c = key_cmp(a, b);

	return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

static int pos_sort(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;

	return (a->pos > b->pos) - (a->pos < b->pos);
}

static struct key key_of(const char *host, const char *login, size_t pos)
{
	struct key k = { host, login, strcspn(login, "/"), pos };

	return k;
}

/* The repositories' groups: one per owner key, in key order. */
struct group {
	struct key key;      /* its first repository's spelling */
	long count, stars;
	bool taken;          /* an organisation has its id */
};

static struct group *groups_of(size_t *ngroups, struct feed_repo *repos,
                               size_t n)
{
	struct key *keys = xcalloc(n ? n : 1, sizeof(*keys));
	struct group *g = xcalloc(n ? n : 1, sizeof(*g));
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		keys[i] = key_of(repos[i].rec->repo.host, repos[i].rec->repo.owner, i);
	qsort(keys, n, sizeof(*keys), key_sort);
	for (size_t i = 0; i < n; i++) {
		const struct repo *r = &repos[keys[i].pos].rec->repo;

		if (k == 0 || key_cmp(&g[k - 1].key, &keys[i]) != 0)
			g[k++].key = keys[i];  /* the first in feed order */
		g[k - 1].count++;
		g[k - 1].stars += r->stars > 0 ? r->stars : 0;
		repos[keys[i].pos].owner_url = xasprintf("https://%s/%.*s",
			g[k - 1].key.host, (int)g[k - 1].key.len, g[k - 1].key.login);
	}
	free(keys);
	*ngroups = k;
	return g;
}

static struct group *group_find(struct group *g, size_t n, const struct key *k)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = key_cmp(&g[mid].key, k);

		if (c == 0)
			return &g[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const char *owner_host(const struct record_owner *o)
{
	return feed_nonempty(o->owner.host) ? o->owner.host
	                                    : feed_owner_account(o)->host;
}

/* Of two records of one organisation (two accounts on one group, or
 * this run's beside last run's), this run's, then the one without a
 * subgroup in its login: its metadata are the organisation's. */
static bool better(const struct record_owner *a, const struct record_owner *b)
{
	if (a->stale != b->stale)
		return !a->stale;
	return !strchr(a->owner.login, '/') && strchr(b->owner.login, '/');
}

/* The published organisations, one per key: the best (better()), else the
 * first in feed order. */
static void owners_of(struct feed_view *v, const struct inventory *inv,
                      struct group *g, size_t ng)
{
	const struct record_owner **sorted = feed_sorted_owners(inv);
	struct key *keys = xcalloc(inv->nowners + 1, sizeof(*keys));
	size_t n = 0, kept = 0;

	for (size_t i = 0; i < inv->nowners; i++)
		if (feed_owner_published(sorted[i]) &&
		    feed_nonempty(owner_host(sorted[i])) &&
		    feed_nonempty(sorted[i]->owner.login) &&
		    sorted[i]->owner.login[0] != '/')
			keys[n++] = key_of(owner_host(sorted[i]),
			                   sorted[i]->owner.login, i);
	qsort(keys, n, sizeof(*keys), key_sort);
	for (size_t i = 0; i < n; i++) {
		if (kept == 0 || key_cmp(&keys[kept - 1], &keys[i]) != 0)
			keys[kept++] = keys[i];
		else if (better(sorted[keys[i].pos], sorted[keys[kept - 1].pos]))
			keys[kept - 1] = keys[i];
	}
	qsort(keys, kept, sizeof(*keys), pos_sort);  /* back to feed order */
	v->owners = xcalloc(kept + 1, sizeof(*v->owners));
	for (size_t i = 0; i < kept; i++) {
		struct feed_owner *o = &v->owners[v->nowners++];
		struct group *gr = group_find(g, ng, &keys[i]);
		const struct key *spell = gr ? &gr->key : &keys[i];

		o->rec = sorted[keys[i].pos];
		o->id = xasprintf("https://%s/%.*s", spell->host, (int)spell->len,
		                  spell->login);
		o->repositories = gr ? gr->count : 0;
		o->stars = gr ? gr->stars : 0;
	}
	free(keys);
	free(sorted);
}

void feed_view_build(struct feed_view *v, const struct inventory *inv)
{
	const struct record_repo **sorted = feed_sorted_repos(inv);
	struct group *g;
	size_t ng;

	memset(v, 0, sizeof(*v));
	v->repos = xcalloc(inv->nrepos + 1, sizeof(*v->repos));
	for (size_t i = 0; i < inv->nrepos; i++)
		if (feed_repo_published(sorted[i])) {
			v->repos[v->nrepos].rec = sorted[i];
			v->repos[v->nrepos++].score = feed_awesome_score(sorted[i]);
		}
	free(sorted);
	g = groups_of(&ng, v->repos, v->nrepos);
	owners_of(v, inv, g, ng);
	free(g);
}

void feed_view_clear(struct feed_view *v)
{
	for (size_t i = 0; i < v->nrepos; i++)
		free(v->repos[i].owner_url);
	for (size_t i = 0; i < v->nowners; i++)
		free(v->owners[i].id);
	free(v->repos);
	free(v->owners);
	memset(v, 0, sizeof(*v));
}
