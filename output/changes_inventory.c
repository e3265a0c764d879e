/*
 * changes_inventory.c - what the changes compare (output/changes.h), from
 * a crawl's typed inventory and its crawl.json. Only what the output
 * folder says is used, never the configuration of the day: `inventaire
 * diff` compares two folders as they are.
 */
#include "output/rapport_inventory.h"

#include <stdlib.h>

#include "lib/alloc.h"

static char *dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static const char *actor_label(const struct record_actor *a)
{
	if (!a)
		return NULL;
	return a->acronym && *a->acronym ? a->acronym : a->name;
}

static void add_repo(struct changes_inventory *inv,
                     const struct record_repo *rec)
{
	const struct repo *x = &rec->repo;
	struct changes_repo *r = changes_repo_add(inv);

	r->host = dup(x->host ? x->host
	                      : rec->account ? rec->account->host : NULL);
	r->owner = dup(x->owner);
	r->full_name = dup(x->full_name);
	r->html_url = dup(x->html_url);
	r->clone_url = dup(x->clone_url);
	r->forge_id = dup(x->forge_id);
	r->created_at = dup(x->created_at);
	r->actor = dup(actor_label(rec->actor));
	r->archived = x->archived;
	r->checked = rec->check != NULL;
	if (rec->check) {
		r->license = dup(rec->check->license.spdx);
		r->publiccode = rapport_publiccode_of(rec->check);
	}
}

struct changes_inventory *changes_from_repos(const struct inventory *inv)
{
	struct changes_inventory *out = changes_inventory_new(NULL);

	for (size_t i = 0; i < inv->nrepos; i++)
		add_repo(out, &inv->repos[i]);
	return out;
}

struct changes_inventory *changes_from_inventory(
	const struct inventory *inv, const struct rapport_coverage *cov)
{
	struct changes_inventory *out = changes_from_repos(inv);

	changes_add_coverage(out, cov);
	return out;
}

void changes_add_coverage(struct changes_inventory *out,
                          const struct rapport_coverage *cov)
{
	free(out->date);
	out->date = dup(cov->started_at);
	for (size_t i = 0; i < cov->n; i++) {
		struct changes_account *a = changes_account_add(out);

		a->host = dup(cov->v[i].host);
		a->owner = dup(cov->v[i].owner);
		a->actor = dup(cov->v[i].actor);
		a->listed = cov->v[i].listed;
		a->error = dup(cov->v[i].error);
	}
}
