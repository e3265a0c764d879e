/* record.c - life cycle of the inventory records (record.h). */
#include "lib/record.h"

#include <stdint.h>
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
	a->host = a->forge = a->owner = a->kind = NULL;
	a->pso_id = a->floss_policy = a->ospo_url = NULL;
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

struct record_account *record_account_new(void)
{
	struct record_account *a = xcalloc(1, sizeof(*a));

	atomic_init(&a->refs, 1);
	return a;
}

struct record_actor *record_actor_new(void)
{
	struct record_actor *a = xcalloc(1, sizeof(*a));

	atomic_init(&a->refs, 1);
	return a;
}

struct record_account *record_account_ref(struct record_account *a)
{
	if (a)
		atomic_fetch_add_explicit(&a->refs, 1, memory_order_relaxed);
	return a;
}

struct record_actor *record_actor_ref(struct record_actor *a)
{
	if (a)
		atomic_fetch_add_explicit(&a->refs, 1, memory_order_relaxed);
	return a;
}

void record_account_unref(struct record_account *a)
{
	if (!a || atomic_fetch_sub_explicit(&a->refs, 1,
	                                    memory_order_acq_rel) != 1)
		return;
	record_account_clear(a);
	free(a);
}

void record_actor_unref(struct record_actor *a)
{
	if (!a || atomic_fetch_sub_explicit(&a->refs, 1,
	                                    memory_order_acq_rel) != 1)
		return;
	free(a->pso_id);
	free(a->name);
	free(a->acronym);
	free(a->parent);
	free(a->ministry);
	free(a);
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

bool record_account_equal(const struct record_account *a,
                          const struct record_account *b)
{
	return str_eq(a->host, b->host) && str_eq(a->forge, b->forge) &&
	       str_eq(a->owner, b->owner) && str_eq(a->kind, b->kind) &&
	       str_eq(a->pso_id, b->pso_id) &&
	       str_eq(a->floss_policy, b->floss_policy) &&
	       str_eq(a->ospo_url, b->ospo_url);
}

bool record_actor_equal(const struct record_actor *a,
                        const struct record_actor *b)
{
	return str_eq(a->pso_id, b->pso_id) && str_eq(a->name, b->name) &&
	       str_eq(a->acronym, b->acronym) && str_eq(a->parent, b->parent) &&
	       str_eq(a->ministry, b->ministry);
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
	record_account_unref(r->account);
	record_actor_unref(r->actor);
	report_free(r->check);
	free(r->head);
	free(r->verified_at);
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
	free(o->followers_at);
	owner_clear(&o->owner);
	record_account_unref(o->account);
	record_actor_unref(o->actor);
	record_owner_init(o);
}

/*
 * The accounts and actors an inventory holds once: an open-addressing hash
 * set of each, keyed by their strings. A state of 20,000 records has a few
 * hundred of each.
 */
struct intern_set {
	void **v;
	size_t n, cap;            /* cap: a power of two, or 0 */
};

struct record_intern {
	struct intern_set accounts, actors;
};

static uint64_t hash_strs(const char *const *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		for (const unsigned char *p = (const unsigned char *)s[i]; p && *p; p++)
			h = (h ^ *p) * 0x100000001b3ULL;
		h = (h ^ (s[i] ? 0xff : 0xfe)) * 0x100000001b3ULL;
	}
	return h;
}

static uint64_t account_hash(const void *p)
{
	const struct record_account *a = p;
	const char *s[] = { a->host, a->forge, a->owner, a->kind, a->pso_id,
	                    a->floss_policy, a->ospo_url };

	return hash_strs(s, sizeof(s) / sizeof(*s));
}

static uint64_t actor_hash(const void *p)
{
	const struct record_actor *a = p;
	const char *s[] = { a->pso_id, a->name, a->acronym, a->parent,
	                    a->ministry };

	return hash_strs(s, sizeof(s) / sizeof(*s));
}

static bool account_eq(const void *a, const void *b)
{
	return record_account_equal(a, b);
}

static bool actor_eq(const void *a, const void *b)
{
	return record_actor_equal(a, b);
}

static void intern_insert(struct intern_set *s, void *x,
                          uint64_t (*hash)(const void *))
{
	size_t i = (size_t)hash(x) & (s->cap - 1);

	while (s->v[i])
		i = (i + 1) & (s->cap - 1);
	s->v[i] = x;
	s->n++;
}

/* The element of S equal to X, or X added. */
static void *intern_get(struct intern_set *s, void *x,
                        uint64_t (*hash)(const void *),
                        bool (*eq)(const void *, const void *))
{
	size_t i;

	if (s->cap) {
		for (i = (size_t)hash(x) & (s->cap - 1); s->v[i];
		     i = (i + 1) & (s->cap - 1))
			if (eq(s->v[i], x))
				return s->v[i];
	}
	if (2 * (s->n + 1) > s->cap) {
		struct intern_set grown = { NULL, 0, s->cap ? 2 * s->cap : 64 };

		grown.v = xcalloc(grown.cap, sizeof(*grown.v));
		for (i = 0; i < s->cap; i++)
			if (s->v[i])
				intern_insert(&grown, s->v[i], hash);
		free(s->v);
		*s = grown;
	}
	intern_insert(s, x, hash);
	return x;
}

static void intern_free(struct record_intern *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->accounts.cap; i++)
		record_account_unref(in->accounts.v[i]);
	for (size_t i = 0; i < in->actors.cap; i++)
		record_actor_unref(in->actors.v[i]);
	free(in->accounts.v);
	free(in->actors.v);
	free(in);
}

struct record_account *inventory_intern_account(struct inventory *inv,
                                                struct record_account *a)
{
	struct record_account *kept;

	if (!a)
		return NULL;
	if (!inv->intern)
		inv->intern = xcalloc(1, sizeof(*inv->intern));
	kept = intern_get(&inv->intern->accounts, a, account_hash, account_eq);
	if (kept == a)
		return record_account_ref(a);   /* the set's, and the caller's */
	record_account_unref(a);
	return record_account_ref(kept);
}

struct record_actor *inventory_intern_actor(struct inventory *inv,
                                            struct record_actor *a)
{
	struct record_actor *kept;

	if (!a)
		return NULL;
	if (!inv->intern)
		inv->intern = xcalloc(1, sizeof(*inv->intern));
	kept = intern_get(&inv->intern->actors, a, actor_hash, actor_eq);
	if (kept == a)
		return record_actor_ref(a);
	record_actor_unref(a);
	return record_actor_ref(kept);
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
	intern_free(inv->intern);
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
