/*
 * feed_short.c - repos_preprod.json and owners.json, the short-key files
 * code.gouv.fr's /sources front-end loads (src/codegouvfr/core.cljs in
 * codegouvfr/codegouvfr-sources). Built as repositories-as-map and
 * owners-as-map build them without :full in
 * src/codegouvfr/codegouvfr_output_data.clj
 * (codegouvfr/codegouvfr-output-data): same keys in the same
 * order, descriptions shortened, nil written as "", and the same filters:
 * repositories with an awesome-score of at least 0; owners that are
 * organizations with an html_url and at least one repository. Which
 * records are published at all, and the `o` / `id` join:
 * output/feed_view.c.
 */
#include "output/feed_int.h"
#include "lib/alloc.h"

#include <stdlib.h>
#include <string.h>

/*
 * shorten-string: (if (> (count s) 120) (str (subs s 0 120) "…") s).
 * We count Unicode code points, so that a cut never splits a UTF-8
 * sequence. (Java's count is UTF-16 units: the two differ only for
 * characters outside the BMP, such as emoji, where Java could even split
 * a surrogate pair.)
 */
char *feed_shorten(const char *s)
{
	size_t chars = 0, i;

	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;  /* continuation byte */
		if (chars == FEED_SHORT_DESC_CHARS)
			return xasprintf("%.*s\xe2\x80\xa6", (int)i, s);
		chars++;
	}
	return xstrdup(s);
}

/* (when (not-empty d) (shorten-string d)), then nil -> "". */
static json_t *short_description(const char *d)
{
	char *s;
	json_t *v;

	if (!feed_nonempty(d))
		return json_string("");
	s = feed_shorten(d);
	v = feed_str_or_empty(s);
	free(s);
	return v;
}

static json_t *repo_short(const struct feed_repo *fr)
{
	const struct record_repo *r = fr->rec;
	json_t *o = json_object();

	json_object_set_new(o, "a", json_integer(fr->score));
	json_object_set_new(o, "a?", json_boolean(r->repo.archived));
	json_object_set_new(o, "c?",
	                    json_boolean(feed_cgf_has(r, FEED_FILE_CONTRIBUTING)));
	json_object_set_new(o, "d", short_description(r->repo.description));
	json_object_set_new(o, "f",
	                    json_integer(r->repo.forks >= 0 ? r->repo.forks : 0));
	json_object_set_new(o, "fn", feed_str_or_empty(r->repo.full_name));
	json_object_set_new(o, "f?", json_boolean(r->repo.fork));
	json_object_set_new(o, "l", feed_str_or_empty(r->repo.language));
	json_object_set_new(o, "li", feed_str_or_empty(feed_license_key(r)));
	json_object_set_new(o, "n", feed_repo_name(r));
	json_object_set_new(o, "o", feed_str_or_empty(fr->owner_url));
	json_object_set_new(o, "p", feed_str_or_empty(r->repo.host));
	json_object_set_new(o, "p?",
	                    json_boolean(feed_cgf_has(r, FEED_FILE_PUBLICCODE)));
	json_object_set_new(o, "t?", json_boolean(r->repo.template));
	json_object_set_new(o, "u", feed_date(r->repo.updated_at));
	return o;
}

static json_t *owner_short(const struct feed_owner *fo)
{
	const struct record_owner *r = fo->rec;
	const struct owner *ow = &r->owner;
	const struct record_account *acc = feed_owner_account(r);
	json_t *o = json_object();

	json_object_set_new(o, "au", feed_str_or_empty(ow->avatar_url));
	json_object_set_new(o, "d", short_description(ow->description));
	json_object_set_new(o, "f", feed_str_or_empty(acc->floss_policy));
	json_object_set_new(o, "h", feed_str_or_empty(ow->website));
	json_object_set_new(o, "id", feed_str_or_empty(fo->id));
	json_object_set_new(o, "l", feed_str_or_empty(ow->login));
	json_object_set_new(o, "m",
	                    feed_str_or_empty(r->actor ? r->actor->ministry : NULL));
	json_object_set_new(o, "n", feed_str_or_empty(ow->name));
	json_object_set_new(o, "os", feed_str_or_empty(acc->ospo_url));
	json_object_set_new(o, "ps",
	                    feed_str_or_empty(r->actor ? r->actor->name : NULL));
	json_object_set_new(o, "r", json_integer(fo->repositories));
	/* (or followers 0) */
	json_object_set_new(o, "s",
	                    json_integer(ow->followers > 0 ? ow->followers : 0));
	return o;
}

json_t *feed_repos_short_json(const struct inventory *inv)
{
	struct feed_view v;
	json_t *a = json_array();

	feed_view_build(&v, inv);
	/* (filter #(>= (:a %) 0) repos) */
	for (size_t i = 0; i < v.nrepos; i++)
		if (v.repos[i].score >= 0)
			json_array_append_new(a, repo_short(&v.repos[i]));
	feed_view_clear(&v);
	return a;
}

json_t *feed_owners_short_json(const struct inventory *inv)
{
	struct feed_view v;
	json_t *a = json_array();

	feed_view_build(&v, inv);
	/* owners-as-map: a non-empty html_url and repositories_count > 0; the
	 * view holds organisations only, as set-owners! keeps them. */
	for (size_t i = 0; i < v.nowners; i++)
		if (v.owners[i].repositories > 0)
			json_array_append_new(a, owner_short(&v.owners[i]));
	feed_view_clear(&v);
	return a;
}

/* repos_preprod.json a repository at a time (feed_int.h, struct
 * feed_array), as feed_repos_short_json() builds it whole. */
static int write_repos_short(const char *dir, const struct inventory *inv)
{
	struct feed_view v;
	struct feed_array a;
	int e;

	if ((e = feed_array_open(&a, dir, FEED_REPOS_SHORT_JSON, false)) < 0)
		return e;
	feed_view_build(&v, inv);
	/* (filter #(>= (:a %) 0) repos) */
	for (size_t i = 0; i < v.nrepos; i++)
		if (v.repos[i].score >= 0)
			feed_array_add(&a, repo_short(&v.repos[i]));
	feed_view_clear(&v);
	return feed_array_commit(&a);
}

int feed_write_short(const char *dir, const struct inventory *inv)
{
	json_t *o;
	int e;

	if ((e = write_repos_short(dir, inv)) < 0)
		return e;
	o = feed_owners_short_json(inv);
	e = feed_write_json(dir, FEED_OWNERS_SHORT_JSON, o, false);
	json_decref(o);
	return e;
}
