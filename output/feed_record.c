/*
 * feed_record.c - reading the inventory records the crawl hands over
 * (/work/notes/inventory-record.md): typed getters that treat null or
 * mistyped members as unknown, sorting, and the fields derived the same
 * way for the long and the short files.
 */
#include "output/feed_int.h"
#include "lib/alloc.h"
#include "lib/str.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

json_t *feed_get(const json_t *o, ...)
{
	va_list ap;
	const char *k;
	json_t *v = (json_t *)o;

	va_start(ap, o);
	while (v && (k = va_arg(ap, const char *)) != NULL)
		v = json_is_object(v) ? json_object_get(v, k) : NULL;
	va_end(ap);
	return v;
}

const char *feed_str_at(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : NULL;
}

bool feed_nonempty(const char *s)
{
	return s && *s;
}

/* Strings a record holds came through jansson and so are UTF-8; should one
 * not be (json_string_nocheck), show its bad bytes rather than lose the
 * key. */
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

json_int_t feed_int_at(const json_t *v, json_int_t dflt)
{
	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

struct sort_item {
	const json_t *rec;
	const char *a, *b;
	size_t pos;
};

static const char *key_at(const json_t *rec, const char *const *path)
{
	const json_t *v = rec;

	for (size_t i = 0; i < 3 && path[i] && v; i++)
		v = json_object_get(v, path[i]);
	return feed_str_at(v);
}

/* Logins and paths sort without case first (as people read them), then by
 * bytes; ASCII rules, not the locale: the same on every machine. */
static int ascii_casecmp(const char *x, const char *y)
{
	for (;; x++, y++) {
		int a = (unsigned char)*x, b = (unsigned char)*y;

		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (b >= 'A' && b <= 'Z')
			b += 'a' - 'A';
		if (a != b || !a)
			return a - b;
	}
}

static int strcmp_null(const char *x, const char *y)
{
	int c;

	if (!x || !y)
		return (x != NULL) - (y != NULL);
	if ((c = ascii_casecmp(x, y)) != 0)
		return c;
	return strcmp(x, y);
}

static int item_cmp(const void *pa, const void *pb)
{
	const struct sort_item *x = pa, *y = pb;
	int c;

	if ((c = strcmp_null(x->a, y->a)) != 0)
		return c;
	if ((c = strcmp_null(x->b, y->b)) != 0)
		return c;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

int feed_sorted(const json_t ***out, size_t *n, char **err,
                const json_t *array, const char *what,
                const struct feed_sort_key *key)
{
	struct sort_item *items;
	size_t len;

	*out = NULL;
	*n = 0;
	if (!json_is_array(array)) {
		*err = xasprintf("%s: expected a JSON array of records", what);
		return -EINVAL;
	}
	len = json_array_size(array);
	items = xcalloc(len, sizeof(*items));
	for (size_t i = 0; i < len; i++) {
		const json_t *rec = json_array_get(array, i);

		if (!json_is_object(rec)) {
			*err = xasprintf("%s: record %zu is not a JSON object",
			                 what, i);
			free(items);
			return -EINVAL;
		}
		items[i].rec = rec;
		items[i].a = key_at(rec, key->a);
		items[i].b = key_at(rec, key->b);
		items[i].pos = i;
	}
	qsort(items, len, sizeof(*items), item_cmp);
	*out = xcalloc(len, sizeof(**out));
	for (size_t i = 0; i < len; i++)
		(*out)[i] = items[i].rec;
	*n = len;
	free(items);
	return 0;
}

/*
 * codegouvfr_output_data.clj rebuilds `o` as "https://<host>/<owner>" from
 * the ecosyste.ms owner URL; our record has both parts directly.
 */
json_t *feed_repo_owner_url(const json_t *rec)
{
	const char *host = FEED_STR(rec, "repo", "host");
	const char *owner = FEED_STR(rec, "repo", "owner");
	char *s;
	json_t *v;

	if (!feed_nonempty(host) || !feed_nonempty(owner))
		return json_string("");
	s = xasprintf("https://%s/%s", host, owner);
	v = json_string(s);
	free(s);
	return v;
}

/* `n`: (re-matches #".+/([^/]+)/?" full_name), else full_name itself. */
json_t *feed_repo_name(const json_t *rec)
{
	const char *fn = FEED_STR(rec, "repo", "full_name");
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
		return json_string(fn);
	return json_stringn(fn + start, end - start);
}

json_int_t feed_publiccode_errors(const json_t *rec)
{
	const json_t *findings = FEED_GET(rec, "check", "findings");
	json_int_t n = 0;
	size_t i;
	json_t *f;

	json_array_foreach(findings, i, f) {
		const char *rule = FEED_STR(f, "rule");
		const char *level = FEED_STR(f, "level");

		if (rule && level && strncmp(rule, "publiccode.", 11) == 0 &&
		    strcmp(level, "error") == 0)
			n++;
	}
	return n;
}

/*
 * The check's publiccode section says "valid": true/false once the file
 * was validated; null means not decided by the validator, and then an
 * error-level publiccode finding still makes it invalid.
 */
const char *feed_publiccode_status(const json_t *rec)
{
	const json_t *valid = FEED_GET(rec, "check", "publiccode", "valid");

	if (!FEED_HAS(rec, "check", "publiccode", "path"))
		return "absent";
	if (json_is_true(valid))
		return "valid";
	if (json_is_false(valid) || feed_publiccode_errors(rec) > 0)
		return "invalid";
	return "valid";
}

/* An owner is a user when the forge says so, or the config declares the
 * account `kind: user` (our extension, issue 6 "Configuration"). */
bool feed_owner_is_user(const json_t *rec)
{
	const char *kind = FEED_STR(rec, "account", "kind");

	return FEED_TRUE(rec, "owner", "is_user") ||
	       (kind && strcmp(kind, "user") == 0);
}

/*
 * compute-repo-score in codegouvfr_output_data.clj (NOTES.md §b.3), term
 * by term, with the input each term reads from our record.
 */
static long count_points(json_int_t n)
{
	/* (condp < f 100 high 10 medium 1 low 0): strictly greater than. */
	if (n > 100)
		return 1000;
	if (n > 10)
		return 100;
	if (n > 1)
		return 10;
	return 0;
}

long feed_awesome_score(const json_t *rec)
{
	const json_t *check = FEED_GET(rec, "check");
	long score = 0;

	/*
	 * Known licence. code.gouv.fr reads metadata.files.license, i.e. a
	 * licence *file* at the root (LICENSE|COPYING|MIT-LICENSE). Ours is the
	 * licence check's files (which also sees LICENCE and REUSE LICENSES/,
	 * the spellings it misses). When the repository could not be probed,
	 * fall back to the forge API's licence key, non-empty and not "other",
	 * which is how NOTES.md §b.3 reads the rule.
	 */
	if (json_is_object(check)) {
		if (json_array_size(FEED_GET(check, "license", "files")) > 0)
			score += 1000;
	} else {
		const char *key = FEED_STR(rec, "repo", "license");

		if (feed_nonempty(key) && strcmp(key, "other") != 0)
			score += 1000;
	}
	/*
	 * Template: struct repo has no template flag (GitHub's is_template is
	 * not mapped), so a template repository loses these 1000 points unless
	 * the crawl adds repo.template; we read it when it is there.
	 */
	if (FEED_TRUE(rec, "repo", "template"))
		score += 1000;
	/* publiccode.yml present, valid or not: code.gouv.fr only looks for
	 * the file (metadata.files.publiccode). */
	if (FEED_HAS(check, "publiccode", "path"))
		score += 1000;
	if (FEED_HAS(check, "readme", "path"))
		score += 100;
	if (FEED_HAS(check, "community", "contributing"))
		score += 100;
	if (FEED_HAS(check, "community", "changelog"))
		score += 10;
	if (!FEED_HAS(rec, "repo", "description"))
		score -= 100;
	if (FEED_TRUE(rec, "repo", "archived"))
		score -= 1000;
	if (FEED_TRUE(rec, "repo", "fork"))
		score -= 1000;
	score += count_points(feed_int_at(FEED_GET(rec, "repo", "forks"), 0));
	/*
	 * subscribers_count (GitHub watchers): the forges' listings we map
	 * into struct repo do not carry it, so it scores 0 unless the crawl
	 * adds repo.subscribers. We do not use stars as a proxy: they are
	 * usually far more numerous than watchers and would inflate scores,
	 * and ecosyste.ms has no subscribers_count for GitLab either, so
	 * code.gouv.fr itself gives 0 there.
	 */
	score += count_points(feed_int_at(FEED_GET(rec, "repo", "subscribers"), 0));
	return score;
}
