/*
 * feed_record.c - the inventory records in feed order, and the fields
 * derived the same way for the long and the short files.
 */
#include "output/feed_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/str.h"

bool feed_nonempty(const char *s)
{
	return s && *s;
}

/* A record's strings come from forges and from the state: should one not
 * be UTF-8, show its bad bytes rather than lose the key. */
static json_t *utf8_string(const char *s)
{
	json_t *v = json_string(s);
	char *p;

	if (v)
		return v;
	p = str_printable(s, strlen(s));
	v = json_string(p);
	free(p);
	return v ? v : json_string("");
}

json_t *feed_str_or_empty(const char *s)
{
	return utf8_string(s ? s : "");
}

json_t *feed_str_or_null(const char *s)
{
	return s ? utf8_string(s) : json_null();
}

/* qsort is not stable: the position in the inventory breaks ties. */
struct sort_item {
	const void *rec;
	size_t pos;
};

static int pos_cmp(const struct sort_item *x, const struct sort_item *y)
{
	return (x->pos > y->pos) - (x->pos < y->pos);
}

static int repo_item_cmp(const void *pa, const void *pb)
{
	const struct sort_item *x = pa, *y = pb;
	const struct record_repo *a = x->rec, *b = y->rec;
	int c = repo_cmp(&a->repo, &b->repo);

	return c ? c : pos_cmp(x, y);
}

static int owner_item_cmp(const void *pa, const void *pb)
{
	const struct sort_item *x = pa, *y = pb;
	const struct record_owner *a = x->rec, *b = y->rec;
	int c = owner_cmp(&a->owner, &b->owner);

	return c ? c : pos_cmp(x, y);
}

static const void **sorted(const void *base, size_t n, size_t size,
                           int (*cmp)(const void *, const void *))
{
	struct sort_item *items = xcalloc(n ? n : 1, sizeof(*items));
	const void **out = xcalloc(n ? n : 1, sizeof(*out));

	for (size_t i = 0; i < n; i++)
		items[i] = (struct sort_item){ (const char *)base + i * size, i };
	qsort(items, n, sizeof(*items), cmp);
	for (size_t i = 0; i < n; i++)
		out[i] = items[i].rec;
	free(items);
	return out;
}

const struct record_repo **feed_sorted_repos(const struct inventory *inv)
{
	return (const struct record_repo **)sorted(inv->repos, inv->nrepos,
	                                           sizeof(*inv->repos),
	                                           repo_item_cmp);
}

const struct record_owner **feed_sorted_owners(const struct inventory *inv)
{
	return (const struct record_owner **)sorted(inv->owners, inv->nowners,
	                                            sizeof(*inv->owners),
	                                            owner_item_cmp);
}

/* `n`: (re-matches #".+/([^/]+)/?" full_name), else full_name itself. */
json_t *feed_repo_name(const struct record_repo *r)
{
	const char *fn = r->repo.full_name;
	size_t len, end, start;

	if (!fn)
		return json_string("");
	len = strlen(fn);
	end = len;
	if (end > 0 && fn[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && fn[start - 1] != '/')
		start--;
	/* The regex needs at least one character before the slash and one
	 * after it. */
	if (start < 2 || start == end)
		return feed_str_or_empty(fn);
	return json_stringn(fn + start, end - start);
}

/*
 * ecosyste.ms serves its dates through Rails' JSON encoding, ISO 8601 in
 * UTC with milliseconds ("2024-01-31T12:00:00.000Z",
 * ActiveSupport::JSON::Encoding.time_precision 3), and codegouvfr-output-data
 * copies them as they come. Ours are "YYYY-MM-DDTHH:MM:SSZ" (lib/repo.h);
 * the forges' fractions were dropped there, so they are .000. Anything
 * else is written as it is.
 */
json_t *feed_date(const char *s)
{
	char buf[32];

	if (!s)
		return json_string("");
	if (strlen(s) == 20 && s[4] == '-' && s[10] == 'T' && s[19] == 'Z') {
		snprintf(buf, sizeof(buf), "%.19s.000Z", s);
		return json_string(buf);
	}
	return feed_str_or_empty(s);
}

int feed_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;

		x = x >= 'A' && x <= 'Z' ? x + 32 : x;
		y = y >= 'A' && y <= 'Z' ? y + 32 : y;
		if (x != y || !x)
			return x - y;
	}
}

static const struct record_account no_account;

const struct record_account *feed_owner_account(const struct record_owner *o)
{
	return o->account ? o->account : &no_account;
}

const struct record_account *feed_repo_account(const struct record_repo *r)
{
	return r->account ? r->account : &no_account;
}
