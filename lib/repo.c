/* repo.c - life cycle of the normalized repository and owner records. */
#include "lib/repo.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

void repo_init(struct repo *r)
{
	memset(r, 0, sizeof(*r));
	r->stars = r->forks = r->open_issues = -1;
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
	repo_init(r);
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

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int repo_cmp(const void *pa, const void *pb)
{
	const struct repo *a = pa, *b = pb;
	int c = cmp_str(a->host, b->host);

	return c ? c : cmp_str(a->full_name, b->full_name);
}

void repo_list_sort(struct repo_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), repo_cmp);
}

void owner_init(struct owner *o)
{
	memset(o, 0, sizeof(*o));
	o->public_repos = -1;
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
