/*
 * feed_short.c - repos_preprod.json and owners.json, the short-key files
 * code.gouv.fr's /sources front-end loads (codegouvfr-sources core.cljs).
 * Built as repositories-as-map and owners-as-map build them without :full
 * in codegouvfr_output_data.clj (NOTES.md §b.3): same keys in the same
 * order, descriptions shortened, nil written as "", and the same filters:
 * repositories with an awesome-score of at least 0; owners that are
 * organizations with an html_url and at least one repository.
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

static json_t *repo_short(const json_t *rec, long score)
{
	const json_t *check = FEED_GET(rec, "check");
	json_t *o = json_object();

	json_object_set_new(o, "a", json_integer(score));
	json_object_set_new(o, "a?", json_boolean(FEED_TRUE(rec, "repo", "archived")));
	json_object_set_new(o, "c?",
	                    json_boolean(FEED_HAS(check, "community", "contributing")));
	json_object_set_new(o, "d",
	                    short_description(FEED_STR(rec, "repo", "description")));
	json_object_set_new(o, "f",
	                    json_integer(feed_int_at(FEED_GET(rec, "repo", "forks"), 0)));
	json_object_set_new(o, "fn",
	                    feed_str_or_empty(FEED_STR(rec, "repo", "full_name")));
	json_object_set_new(o, "f?", json_boolean(FEED_TRUE(rec, "repo", "fork")));
	json_object_set_new(o, "l",
	                    feed_str_or_empty(FEED_STR(rec, "repo", "language")));
	json_object_set_new(o, "li",
	                    feed_str_or_empty(FEED_STR(rec, "repo", "license")));
	json_object_set_new(o, "n", feed_repo_name(rec));
	json_object_set_new(o, "o", feed_repo_owner_url(rec));
	json_object_set_new(o, "p",
	                    feed_str_or_empty(FEED_STR(rec, "repo", "host")));
	json_object_set_new(o, "p?",
	                    json_boolean(FEED_HAS(check, "publiccode", "path")));
	json_object_set_new(o, "t?", json_boolean(FEED_TRUE(rec, "repo", "template")));
	json_object_set_new(o, "u",
	                    feed_str_or_empty(FEED_STR(rec, "repo", "updated_at")));
	return o;
}

static json_t *owner_short(const json_t *rec)
{
	json_t *o = json_object();

	json_object_set_new(o, "au",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "avatar_url")));
	json_object_set_new(o, "d",
	                    short_description(FEED_STR(rec, "owner", "description")));
	json_object_set_new(o, "f",
	                    feed_str_or_empty(FEED_STR(rec, "account", "floss_policy")));
	json_object_set_new(o, "h",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "website")));
	json_object_set_new(o, "id",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "html_url")));
	json_object_set_new(o, "l",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "login")));
	json_object_set_new(o, "m",
	                    feed_str_or_empty(FEED_STR(rec, "actor", "ministry")));
	json_object_set_new(o, "n",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "name")));
	json_object_set_new(o, "os",
	                    feed_str_or_empty(FEED_STR(rec, "account", "ospo_url")));
	json_object_set_new(o, "ps",
	                    feed_str_or_empty(FEED_STR(rec, "actor", "name")));
	json_object_set_new(o, "r",
	                    json_integer(feed_int_at(FEED_GET(rec, "repositories_count"), 0)));
	json_object_set_new(o, "s",
	                    json_integer(feed_int_at(FEED_GET(rec, "owner", "followers"), 0)));
	return o;
}

static const struct feed_sort_key by_host_name = {
	{ "repo", "host", NULL }, { "repo", "full_name", NULL },
};

static const struct feed_sort_key by_host_login = {
	{ "owner", "host", NULL }, { "owner", "login", NULL },
};

int feed_repos_short_json(json_t **out, char **err, const json_t *repos)
{
	const json_t **v;
	size_t n;
	int e;

	*out = NULL;
	if ((e = feed_sorted(&v, &n, err, repos, "repositories", &by_host_name)) < 0)
		return e;
	*out = json_array();
	for (size_t i = 0; i < n; i++) {
		long score = feed_awesome_score(v[i]);

		/* (filter #(>= (:a %) 0) repos) */
		if (score >= 0)
			json_array_append_new(*out, repo_short(v[i], score));
	}
	free(v);
	return 0;
}

/* set-owners! keeps kind == "organization"; owners-as-map keeps those with
 * a non-empty html_url and repositories_count > 0. */
static bool owner_kept(const json_t *rec)
{
	return !feed_owner_is_user(rec) &&
	       FEED_HAS(rec, "owner", "html_url") &&
	       feed_int_at(FEED_GET(rec, "repositories_count"), 0) > 0;
}

int feed_owners_short_json(json_t **out, char **err, const json_t *owners)
{
	const json_t **v;
	size_t n;
	int e;

	*out = NULL;
	if ((e = feed_sorted(&v, &n, err, owners, "owners", &by_host_login)) < 0)
		return e;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		if (owner_kept(v[i]))
			json_array_append_new(*out, owner_short(v[i]));
	free(v);
	return 0;
}

int feed_write_short(char **err, const char *dir, const json_t *repos,
                     const json_t *owners)
{
	json_t *r = NULL, *o = NULL;
	int e;

	if ((e = feed_repos_short_json(&r, err, repos)) == 0 &&
	    (e = feed_owners_short_json(&o, err, owners)) == 0 &&
	    (e = feed_write_json(err, dir, FEED_REPOS_SHORT_JSON, r, false)) == 0)
		e = feed_write_json(err, dir, FEED_OWNERS_SHORT_JSON, o, false);
	json_decref(r);
	json_decref(o);
	return e;
}
