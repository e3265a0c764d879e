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

/* Last run's records of account KEY into OUT, marked stale: they were
 * last seen when they were last listed. */
static void keep_stale(struct inventory *out, struct inventory *prev,
                       const char *key, size_t *count)
{
	for (size_t i = 0; i < prev->nrepos; i++) {
		struct record_repo *r = &prev->repos[i];

		if (!key_is(r->account_key, key))
			continue;
		r->stale = true;
		free(r->last_seen);
		r->last_seen = r->listed_at ? xstrdup(r->listed_at) : NULL;
		inventory_add_repo(out, r);
		(*count)++;
	}
	for (size_t i = 0; i < prev->nowners; i++) {
		struct record_owner *o = &prev->owners[i];

		if (!key_is(o->account_key, key))
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
 * they were. Records are moved; what stays in PREV is empty. */
static void keep_unselected(struct inventory *out, const struct crawl *c,
                            struct inventory *prev)
{
	for (size_t i = 0; i < prev->nrepos; i++)
		if (!account_of(c, prev->repos[i].account_key))
			inventory_add_repo(out, &prev->repos[i]);
	for (size_t i = 0; i < prev->nowners; i++)
		if (!account_of(c, prev->owners[i].account_key))
			inventory_add_owner(out, &prev->owners[i]);
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
			keep_stale(out, &c->prev, a->key, stale);
	}
	if (c->o->only)
		keep_unselected(out, c, &c->prev);
	inventory_sort_unique(out);
}
