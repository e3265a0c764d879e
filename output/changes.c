/*
 * changes.c - comparing two inventories (the rules are in changes.h).
 */
#include "output/changes.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"

struct changes_inventory *changes_inventory_new(const char *date)
{
	struct changes_inventory *inv = xcalloc(1, sizeof(*inv));

	inv->date = date ? xstrdup(date) : NULL;
	return inv;
}

void changes_inventory_free(struct changes_inventory *inv)
{
	if (!inv)
		return;
	for (size_t i = 0; i < inv->nrepos; i++) {
		struct changes_repo *r = &inv->repos[i];

		free(r->host);
		free(r->owner);
		free(r->full_name);
		free(r->html_url);
		free(r->clone_url);
		free(r->forge_id);
		free(r->created_at);
		free(r->actor);
		free(r->license);
	}
	free(inv->repos);
	for (size_t i = 0; i < inv->naccounts; i++) {
		free(inv->accounts[i].host);
		free(inv->accounts[i].owner);
		free(inv->accounts[i].actor);
		free(inv->accounts[i].error);
	}
	free(inv->accounts);
	free(inv->date);
	free(inv);
}

struct changes_repo *changes_repo_add(struct changes_inventory *inv)
{
	struct changes_repo *r;

	inv->repos = xrealloc(inv->repos, (inv->nrepos + 1) * sizeof(*r));
	r = &inv->repos[inv->nrepos++];
	memset(r, 0, sizeof(*r));
	r->publiccode = RAPPORT_PC_ABSENT;
	return r;
}

struct changes_account *changes_account_add(struct changes_inventory *inv)
{
	struct changes_account *a;

	inv->accounts = xrealloc(inv->accounts,
	                         (inv->naccounts + 1) * sizeof(*a));
	a = &inv->accounts[inv->naccounts++];
	memset(a, 0, sizeof(*a));
	return a;
}

const char *change_kind_name(enum change_kind k)
{
	static const char *const names[CHANGE_NKINDS] = {
		"added", "removed", "renamed", "transferred", "archived",
		"unarchived", "license_changed", "publiccode_added",
		"publiccode_invalid", "account_unreachable",
	};

	return (unsigned)k < CHANGE_NKINDS ? names[k] : "?";
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool isame(const char *a, const char *b)
{
	return a && b && !strcasecmp(a, b);
}

static char *dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static struct change *add(struct changes *c, enum change_kind kind,
                          const struct changes_repo *r)
{
	struct change *ch;

	c->v = xrealloc(c->v, (c->n + 1) * sizeof(*c->v));
	ch = &c->v[c->n++];
	memset(ch, 0, sizeof(*ch));
	ch->kind = kind;
	c->count[kind]++;
	if (r) {
		ch->host = dup(r->host);
		ch->full_name = dup(r->full_name);
		ch->url = dup(r->html_url);
		ch->actor = dup(r->actor);
	}
	return ch;
}

static const char *pc_name(enum rapport_pc pc)
{
	return pc == RAPPORT_PC_VALID ? "valid"
	       : pc == RAPPORT_PC_INVALID ? "invalid" : "absent";
}

/* What changed on one repository seen in both crawls. */
static void compare(struct changes *c, const struct changes_repo *o,
                    const struct changes_repo *n)
{
	if (!o->archived && n->archived)
		add(c, CHANGE_ARCHIVED, n);
	if (o->archived && !n->archived)
		add(c, CHANGE_UNARCHIVED, n);
	if (!o->checked || !n->checked)
		return;   /* no verdict on one side: nothing to compare */
	if (!same(o->license, n->license)) {
		struct change *ch = add(c, CHANGE_LICENSE, n);

		ch->before = xstrdup(o->license ? o->license : "none");
		ch->after = xstrdup(n->license ? n->license : "none");
	}
	if (o->publiccode == RAPPORT_PC_ABSENT &&
	    n->publiccode != RAPPORT_PC_ABSENT)
		add(c, CHANGE_PUBLICCODE_ADDED, n)->after =
			xstrdup(pc_name(n->publiccode));
	if (o->publiccode == RAPPORT_PC_VALID &&
	    n->publiccode == RAPPORT_PC_INVALID)
		add(c, CHANGE_PUBLICCODE_INVALID, n);
}

/* "https://Host/a/B.git/" and "https://host/a/b" are one repository. */
static bool same_clone_url(const char *a, const char *b)
{
	size_t la, lb;

	if (!a || !b)
		return false;
	la = strlen(a);
	lb = strlen(b);
	while (la && a[la - 1] == '/')
		la--;
	while (lb && b[lb - 1] == '/')
		lb--;
	if (la >= 4 && !strncasecmp(a + la - 4, ".git", 4))
		la -= 4;
	if (lb >= 4 && !strncasecmp(b + lb - 4, ".git", 4))
		lb -= 4;
	return la && la == lb && !strncasecmp(a, b, la);
}

static const char *last_segment(const char *full_name)
{
	const char *s = full_name ? strrchr(full_name, '/') : NULL;

	return s ? s + 1 : full_name;
}

/* Rule RULE of changes.h: is N the repository O moved? */
static bool moved(int rule, const struct changes_repo *o,
                  const struct changes_repo *n)
{
	if (!isame(o->host, n->host))
		return false;
	/* Two ids that differ are two repositories, whatever their clone
	 * URLs or creation times say (one deleted, another made in the same
	 * second). */
	if (rule > 0 && o->forge_id && n->forge_id &&
	    strcmp(o->forge_id, n->forge_id))
		return false;
	switch (rule) {
	case 0:
		return o->forge_id && n->forge_id && !strcmp(o->forge_id,
		                                             n->forge_id);
	case 1:
		return same_clone_url(o->clone_url, n->clone_url);
	default:
		return o->created_at && n->created_at &&
		       !strcmp(o->created_at, n->created_at) &&
		       (isame(last_segment(o->full_name),
		              last_segment(n->full_name)) ||
		        isame(o->owner, n->owner));
	}
}

/* The one unmatched partner of X by RULE, or -1 (none, or several). */
static long only_partner(int rule, const struct changes_repo *x,
                         const struct changes_repo *v, size_t n,
                         const long *taken, bool x_is_old)
{
	long found = -1;

	for (size_t i = 0; i < n; i++) {
		if (taken[i] >= 0)
			continue;
		if (!(x_is_old ? moved(rule, x, &v[i]) : moved(rule, &v[i], x)))
			continue;
		if (found >= 0)
			return -1;
		found = (long)i;
	}
	return found;
}

static int key_cmp(const struct changes_repo *a, const struct changes_repo *b)
{
	int c = strcmp(a->host ? a->host : "", b->host ? b->host : "");

	return c ? c : strcmp(a->full_name ? a->full_name : "",
	                      b->full_name ? b->full_name : "");
}

/* NEW's repositories sorted by key, for a binary search per OLD one:
 * the whole ministry is thousands of repositories, the public sector
 * tens of thousands. */
struct index {
	const struct changes_repo *base;
	const struct changes_repo **v;
	size_t n;
};

static int index_cmp(const void *pa, const void *pb)
{
	return key_cmp(*(const struct changes_repo *const *)pa,
	               *(const struct changes_repo *const *)pb);
}

static void index_build(struct index *x, const struct changes_inventory *inv)
{
	x->base = inv->repos;
	x->n = inv->nrepos;
	x->v = xmalloc((x->n + 1) * sizeof(*x->v));
	for (size_t i = 0; i < x->n; i++)
		x->v[i] = &inv->repos[i];
	qsort(x->v, x->n, sizeof(*x->v), index_cmp);
}

static long find_same(const struct index *x, const struct changes_repo *r)
{
	size_t lo = 0, hi = x->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = key_cmp(x->v[mid], r);

		if (!c)
			return (long)(x->v[mid] - x->base);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void repositories(struct changes *c, const struct changes_inventory *o,
                         const struct changes_inventory *n)
{
	/* match_o[i]: the NEW index of OLD i, or -1; match_n the reverse. */
	long *match_o = xmalloc((o->nrepos + 1) * sizeof(long));
	long *match_n = xmalloc((n->nrepos + 1) * sizeof(long));
	struct index x;

	index_build(&x, n);
	for (size_t i = 0; i < n->nrepos; i++)
		match_n[i] = -1;
	for (size_t i = 0; i < o->nrepos; i++)
		if ((match_o[i] = find_same(&x, &o->repos[i])) >= 0)
			match_n[match_o[i]] = (long)i;
	free(x.v);
	for (int rule = 0; rule < 3; rule++)
		for (size_t i = 0; i < o->nrepos; i++) {
			long j;

			if (match_o[i] >= 0)
				continue;
			j = only_partner(rule, &o->repos[i], n->repos, n->nrepos,
			                 match_n, true);
			if (j < 0 || only_partner(rule, &n->repos[j], o->repos,
			                          o->nrepos, match_o, false) != (long)i)
				continue;
			match_o[i] = j;
			match_n[j] = (long)i;
			add(c, isame(o->repos[i].owner, n->repos[j].owner)
			    ? CHANGE_RENAMED : CHANGE_TRANSFERRED, &n->repos[j])
				->previous = dup(o->repos[i].full_name);
		}
	for (size_t i = 0; i < o->nrepos; i++)
		if (match_o[i] < 0)
			add(c, CHANGE_REMOVED, &o->repos[i]);
		else
			compare(c, &o->repos[i], &n->repos[match_o[i]]);
	for (size_t j = 0; j < n->nrepos; j++)
		if (match_n[j] < 0)
			add(c, CHANGE_ADDED, &n->repos[j]);
	free(match_o);
	free(match_n);
}

static const struct changes_account *
find_account(const struct changes_inventory *inv,
             const struct changes_account *a)
{
	for (size_t i = 0; i < inv->naccounts; i++)
		if (isame(inv->accounts[i].host, a->host) &&
		    (isame(inv->accounts[i].owner, a->owner) ||
		     (!inv->accounts[i].owner && !a->owner)))
			return &inv->accounts[i];
	return NULL;
}

static void accounts(struct changes *c, const struct changes_inventory *o,
                     const struct changes_inventory *n)
{
	for (size_t i = 0; i < n->naccounts; i++) {
		const struct changes_account *a = &n->accounts[i];
		const struct changes_account *before = find_account(o, a);
		struct change *ch;

		if (a->listed || !before || !before->listed)
			continue;
		ch = add(c, CHANGE_ACCOUNT_UNREACHABLE, NULL);
		ch->host = dup(a->host);
		ch->full_name = dup(a->owner);
		ch->actor = dup(a->actor);
		ch->after = dup(a->error);
		if (a->host)
			ch->url = a->owner ? xasprintf("https://%s/%s", a->host,
			                               a->owner)
			                   : xasprintf("https://%s/", a->host);
	}
}

static int change_cmp(const void *pa, const void *pb)
{
	const struct change *a = pa, *b = pb;
	int c;

	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if ((c = strcmp(a->host ? a->host : "", b->host ? b->host : "")))
		return c;
	return strcmp(a->full_name ? a->full_name : "",
	              b->full_name ? b->full_name : "");
}

void changes_compute(struct changes *out,
                     const struct changes_inventory *old,
                     const struct changes_inventory *new_)
{
	memset(out, 0, sizeof(*out));
	out->from = dup(old->date);
	out->to = dup(new_->date);
	repositories(out, old, new_);
	accounts(out, old, new_);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), change_cmp);
}

void changes_clear(struct changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].host);
		free(c->v[i].full_name);
		free(c->v[i].previous);
		free(c->v[i].url);
		free(c->v[i].actor);
		free(c->v[i].before);
		free(c->v[i].after);
	}
	free(c->v);
	free(c->from);
	free(c->to);
	memset(c, 0, sizeof(*c));
}
