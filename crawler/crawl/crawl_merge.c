/*
 * crawl_merge.c - this run's inventory (crawl.h, step 4): listed accounts
 * bring their records; an account that could not be listed keeps last
 * run's, stale; accounts not selected by --only keep theirs as they were.
 * One record per repository: the first account listing it wins.
 */
#include <stdlib.h>
#include <string.h>

#include "crawler/crawl/crawl_int.h"
#include "lib/alloc.h"

static bool key_is(const char *key, const char *want)
{
	return key && !strcmp(key, want);
}

/* The account of C that KEY names, or NULL. */
static const struct crawl_account *account_of(const struct crawl *c,
                                              const char *key)
{
	for (size_t i = 0; i < c->n; i++)
		if (key_is(key, c->v[i].key))
			return &c->v[i];
	return NULL;
}

/* Last run's repository I is still last run's: no listing of this run
 * took it (crawl_record.c), and it is in this run's shard. */
static bool kept_repo(const struct crawl *c, size_t i)
{
	const struct record_repo *r = &c->prev.repos[i];

	return !c->prev_taken[i] &&
	       crawl_shard_keeps(&c->o->shard, r->account_key, r->repo.host,
	                         r->repo.full_name);
}

static bool kept_owner(const struct crawl *c, const struct record_owner *o)
{
	return crawl_shard_keeps(&c->o->shard, o->account_key, o->owner.host,
	                         o->owner.login);
}

/* Last run's records of account KEY into OUT, marked stale: they were
 * last seen when they were last listed. */
static void keep_stale(struct inventory *out, struct crawl *c,
                       const char *key, size_t *count)
{
	struct inventory *prev = &c->prev;

	for (size_t i = 0; i < prev->nrepos; i++) {
		struct record_repo *r = &prev->repos[i];

		if (!key_is(r->account_key, key) || !kept_repo(c, i))
			continue;
		r->stale = true;
		free(r->last_seen);
		r->last_seen = r->listed_at ? xstrdup(r->listed_at) : NULL;
		inventory_add_repo(out, r);
		(*count)++;
	}
	for (size_t i = 0; i < prev->nowners; i++) {
		struct record_owner *o = &prev->owners[i];

		if (!key_is(o->account_key, key) || !kept_owner(c, o))
			continue;
		o->stale = true;
		inventory_add_owner(out, o);
	}
}

/* A's records of this run into OUT: listed now. */
static void take_found(struct inventory *out, struct crawl_account *a,
                       const char *now)
{
	for (size_t i = 0; i < a->found.nrepos; i++) {
		struct record_repo *r = &a->found.repos[i];

		free(r->listed_at);
		r->listed_at = xstrdup(now);
		inventory_add_repo(out, r);
	}
	for (size_t i = 0; i < a->found.nowners; i++)
		inventory_add_owner(out, &a->found.owners[i]);
	inventory_clear(&a->found);
}

/* --only: last run's records of the accounts this run did not select, as
 * they were (this shard's: a state made with another --shard keeps only
 * them). Records are moved; what stays in PREV is empty. */
static void keep_unselected(struct inventory *out, struct crawl *c)
{
	struct inventory *prev = &c->prev;

	for (size_t i = 0; i < prev->nrepos; i++)
		if (!account_of(c, prev->repos[i].account_key) && kept_repo(c, i))
			inventory_add_repo(out, &prev->repos[i]);
	for (size_t i = 0; i < prev->nowners; i++)
		if (!account_of(c, prev->owners[i].account_key) &&
		    kept_owner(c, &prev->owners[i]))
			inventory_add_owner(out, &prev->owners[i]);
}

struct owner_at {
	const struct record_owner *o;
	size_t i;
};

static int owner_at_cmp(const void *pa, const void *pb)
{
	const struct owner_at *a = pa, *b = pb;
	int c = owner_cmp(&a->o->owner, &b->o->owner);

	return c ? c : (a->i > b->i) - (a->i < b->i);
}

void crawl_sort_owners(struct inventory *inv)
{
	struct owner_at *v;
	struct record_owner *sorted;

	if (inv->nowners < 2)
		return;
	v = xcalloc(inv->nowners, sizeof(*v));
	for (size_t i = 0; i < inv->nowners; i++)
		v[i] = (struct owner_at){ &inv->owners[i], i };
	qsort(v, inv->nowners, sizeof(*v), owner_at_cmp);
	sorted = xcalloc(inv->owners_cap, sizeof(*sorted));
	for (size_t i = 0; i < inv->nowners; i++)
		sorted[i] = *v[i].o;
	free(inv->owners);
	inv->owners = sorted;
	free(v);
}

void crawl_merge(struct inventory *out, struct crawl *c, size_t *stale)
{
	inventory_init(out);
	out->checker = xstrdup(c->checker);
	*stale = 0;
	for (size_t k = 0; k < c->n; k++) {
		struct crawl_account *a = &c->v[k];

		if (a->listed)
			take_found(out, a, c->o->now);
		else
			keep_stale(out, c, a->key, stale);
	}
	if (c->o->only)
		keep_unselected(out, c);
	inventory_sort_unique(out);
	crawl_sort_owners(out);
}
