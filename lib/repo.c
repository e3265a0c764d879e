/* repo.c - life cycle of the normalized repository and owner records. */
#include "lib/repo.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

void repo_init(struct repo *r)
{
	memset(r, 0, sizeof(*r));
	r->stars = r->forks = r->open_issues = r->subscribers = -1;
}

void repo_clear(struct repo *r)
{
	free(r->host);
	free(r->owner);
	free(r->full_name);
	free(r->name);
	free(r->html_url);
	free(r->clone_url);
	free(r->description);
	free(r->default_branch);
	free(r->visibility);
	free(r->created_at);
	free(r->updated_at);
	free(r->pushed_at);
	free(r->language);
	for (size_t i = 0; i < r->ntopics; i++)
		free(r->topics[i]);
	free(r->topics);
	free(r->license);
	free(r->license_key);
	free(r->forge_id);
	repo_init(r);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void repo_copy(struct repo *dst, const struct repo *src)
{
	*dst = *src;
	dst->host = dup_or_null(src->host);
	dst->owner = dup_or_null(src->owner);
	dst->full_name = dup_or_null(src->full_name);
	dst->name = dup_or_null(src->name);
	dst->html_url = dup_or_null(src->html_url);
	dst->clone_url = dup_or_null(src->clone_url);
	dst->description = dup_or_null(src->description);
	dst->default_branch = dup_or_null(src->default_branch);
	dst->visibility = dup_or_null(src->visibility);
	dst->created_at = dup_or_null(src->created_at);
	dst->updated_at = dup_or_null(src->updated_at);
	dst->pushed_at = dup_or_null(src->pushed_at);
	dst->language = dup_or_null(src->language);
	dst->topics = src->ntopics ? xcalloc(src->ntopics, sizeof(*dst->topics))
	                           : NULL;
	for (size_t i = 0; i < src->ntopics; i++)
		dst->topics[i] = dup_or_null(src->topics[i]);
	dst->license = dup_or_null(src->license);
	dst->license_key = dup_or_null(src->license_key);
	dst->forge_id = dup_or_null(src->forge_id);
}

void repo_list_push(struct repo_list *l, struct repo *r)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = *r;
	repo_init(r);
}

void repo_list_clear(struct repo_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		repo_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int ascii_casecmp(const char *x, const char *y)
{
	for (;; x++, y++) {
		int a = ascii_lower((unsigned char)*x);
		int b = ascii_lower((unsigned char)*y);

		if (a != b || !a)
			return a - b;
	}
}

int repo_name_cmp(const char *a, const char *b)
{
	int c;

	if (!a || !b)
		return (a != NULL) - (b != NULL);
	if ((c = ascii_casecmp(a, b)) != 0)
		return c;
	return strcmp(a, b);
}

int repo_cmp(const struct repo *a, const struct repo *b)
{
	int c = repo_name_cmp(a->host, b->host);

	return c ? c : repo_name_cmp(a->full_name, b->full_name);
}

int repo_key_cmp(const struct repo *a, const struct repo *b)
{
	int c = ascii_casecmp(a->host ? a->host : "", b->host ? b->host : "");

	return c ? c : ascii_casecmp(a->full_name ? a->full_name : "",
	                             b->full_name ? b->full_name : "");
}

bool repo_same(const struct repo *a, const struct repo *b)
{
	return repo_key_cmp(a, b) == 0;
}

struct sort_item {
	const struct repo *r;
	size_t pos;
};

/* Same repository, then first in the input: the run of duplicates starts
 * with the one to keep. */
static int same_first_cmp(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;
	int c = repo_key_cmp(a->r, b->r);

	return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

/* qsort is not stable: the position breaks ties. */
static int order_cmp(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;
	int c = repo_cmp(a->r, b->r);

	return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

size_t repo_order(size_t *order, const struct repo *const *v, size_t n)
{
	struct sort_item *items = xcalloc(n ? n : 1, sizeof(*items));
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		items[i] = (struct sort_item){ v[i], i };
	qsort(items, n, sizeof(*items), same_first_cmp);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || !repo_same(items[k - 1].r, items[i].r))
			items[k++] = items[i];
	qsort(items, k, sizeof(*items), order_cmp);
	for (size_t i = 0; i < k; i++)
		order[i] = items[i].pos;
	free(items);
	return k;
}

void repo_list_sort_unique(struct repo_list *l)
{
	const struct repo **v;
	size_t *order;
	bool *kept;
	struct repo *sorted;
	size_t k;

	if (l->n == 0)
		return;
	v = xcalloc(l->n, sizeof(*v));
	order = xcalloc(l->n, sizeof(*order));
	kept = xcalloc(l->n, sizeof(*kept));
	for (size_t i = 0; i < l->n; i++)
		v[i] = &l->v[i];
	k = repo_order(order, v, l->n);
	sorted = xcalloc(l->cap, sizeof(*sorted));
	for (size_t i = 0; i < k; i++) {
		sorted[i] = l->v[order[i]];
		kept[order[i]] = true;
	}
	for (size_t i = 0; i < l->n; i++)
		if (!kept[i])
			repo_clear(&l->v[i]);
	free(l->v);
	l->v = sorted;
	l->n = k;
	free(kept);
	free(order);
	free(v);
}

void owner_init(struct owner *o)
{
	memset(o, 0, sizeof(*o));
	o->public_repos = o->followers = -1;
}

void owner_clear(struct owner *o)
{
	free(o->host);
	free(o->login);
	free(o->name);
	free(o->description);
	free(o->html_url);
	free(o->avatar_url);
	free(o->website);
	free(o->email);
	free(o->location);
	free(o->created_at);
	owner_init(o);
}

int owner_cmp(const struct owner *a, const struct owner *b)
{
	int c = repo_name_cmp(a->host, b->host);

	return c ? c : repo_name_cmp(a->login, b->login);
}
