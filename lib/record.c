/* record.c - life cycle of the inventory records (record.h). */
#include "lib/record.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void record_account_clear(struct record_account *a)
{
	free(a->host);
	free(a->forge);
	free(a->owner);
	free(a->kind);
	free(a->pso_id);
	free(a->floss_policy);
	free(a->ospo_url);
	memset(a, 0, sizeof(*a));
}

void record_account_copy(struct record_account *dst,
                         const struct record_account *src)
{
	dst->host = dup_or_null(src->host);
	dst->forge = dup_or_null(src->forge);
	dst->owner = dup_or_null(src->owner);
	dst->kind = dup_or_null(src->kind);
	dst->pso_id = dup_or_null(src->pso_id);
	dst->floss_policy = dup_or_null(src->floss_policy);
	dst->ospo_url = dup_or_null(src->ospo_url);
}

struct record_actor *record_actor_dup(const struct record_actor *a)
{
	struct record_actor *c;

	if (!a)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->pso_id = dup_or_null(a->pso_id);
	c->name = dup_or_null(a->name);
	c->acronym = dup_or_null(a->acronym);
	c->parent = dup_or_null(a->parent);
	c->ministry = dup_or_null(a->ministry);
	return c;
}

void record_actor_free(struct record_actor *a)
{
	if (!a)
		return;
	free(a->pso_id);
	free(a->name);
	free(a->acronym);
	free(a->parent);
	free(a->ministry);
	free(a);
}

void record_entry_clear(struct record_entry *e)
{
	record_account_clear(&e->account);
	free(e->ignored_since);
	e->ignored_since = NULL;
}

void record_repo_init(struct record_repo *r)
{
	memset(r, 0, sizeof(*r));
	repo_init(&r->repo);
}

void record_repo_clear(struct record_repo *r)
{
	free(r->account_key);
	repo_clear(&r->repo);
	record_account_clear(&r->account);
	record_actor_free(r->actor);
	report_free(r->check);
	free(r->head);
	free(r->checked_at);
	free(r->checker);
	free(r->probe_error);
	free(r->last_seen);
	free(r->listed_at);
	record_repo_init(r);
}

void record_owner_init(struct record_owner *o)
{
	memset(o, 0, sizeof(*o));
	owner_init(&o->owner);
}

void record_owner_clear(struct record_owner *o)
{
	free(o->account_key);
	owner_clear(&o->owner);
	record_account_clear(&o->account);
	record_actor_free(o->actor);
	record_owner_init(o);
}

void inventory_init(struct inventory *inv)
{
	memset(inv, 0, sizeof(*inv));
}

void inventory_clear(struct inventory *inv)
{
	for (size_t i = 0; i < inv->nrepos; i++)
		record_repo_clear(&inv->repos[i]);
	for (size_t i = 0; i < inv->nowners; i++)
		record_owner_clear(&inv->owners[i]);
	free(inv->repos);
	free(inv->owners);
	free(inv->checker);
	inventory_init(inv);
}

struct record_repo *inventory_add_repo(struct inventory *inv,
                                       struct record_repo *r)
{
	if (inv->nrepos == inv->repos_cap) {
		inv->repos_cap = inv->repos_cap ? 2 * inv->repos_cap : 16;
		inv->repos = xrealloc(inv->repos,
		                      inv->repos_cap * sizeof(*inv->repos));
	}
	inv->repos[inv->nrepos] = *r;
	record_repo_init(r);
	return &inv->repos[inv->nrepos++];
}

struct record_owner *inventory_add_owner(struct inventory *inv,
                                         struct record_owner *o)
{
	if (inv->nowners == inv->owners_cap) {
		inv->owners_cap = inv->owners_cap ? 2 * inv->owners_cap : 16;
		inv->owners = xrealloc(inv->owners,
		                       inv->owners_cap * sizeof(*inv->owners));
	}
	inv->owners[inv->nowners] = *o;
	record_owner_init(o);
	return &inv->owners[inv->nowners++];
}

void inventory_sort_unique(struct inventory *inv)
{
	const struct repo **v;
	size_t *order;
	bool *kept;
	struct record_repo *sorted;
	size_t k;

	if (inv->nrepos == 0)
		return;
	v = xcalloc(inv->nrepos, sizeof(*v));
	order = xcalloc(inv->nrepos, sizeof(*order));
	kept = xcalloc(inv->nrepos, sizeof(*kept));
	for (size_t i = 0; i < inv->nrepos; i++)
		v[i] = &inv->repos[i].repo;
	k = repo_order(order, v, inv->nrepos);
	sorted = xcalloc(inv->repos_cap, sizeof(*sorted));
	for (size_t i = 0; i < k; i++) {
		sorted[i] = inv->repos[order[i]];
		kept[order[i]] = true;
	}
	for (size_t i = 0; i < inv->nrepos; i++)
		if (!kept[i])
			record_repo_clear(&inv->repos[i]);
	free(inv->repos);
	inv->repos = sorted;
	inv->nrepos = k;
	free(kept);
	free(order);
	free(v);
}
