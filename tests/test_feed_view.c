/* test_feed_view.c - tests output/feed_view.c: which records reach
 * code.gouv.fr's files, and the organisation -> repositories join its front
 * end makes (src/codegouvfr/core.cljs in codegouvfr/codegouvfr-sources:
 * the repositories whose `o` is the organisation's `id`). */
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "output/feed.h"
#include "tests/feed_fixture.h"

/* A repository HOST/FULL listed through account ACCOUNT_OWNER (NULL: the
 * whole forge) of FORGE, KIND (NULL, "user" or "org"); REPO_EXTRA merged. */
static json_t *repo_at(const char *host, const char *forge, const char *full,
                       const char *account_owner, const char *kind,
                       const char *repo_extra)
{
	json_t *r = feed_fixture_record(repo_extra, NULL);
	json_t *repo = json_object_get(r, "repo"), *acct = json_object_get(r, "account");
	char *owner = xstrndup(full, strcspn(full, "/"));
	char *url = xasprintf("https://%s/%s", host, full);

	json_object_set_new(repo, "host", json_string(host));
	json_object_set_new(repo, "full_name", json_string(full));
	json_object_set_new(repo, "name", json_string(strrchr(full, '/') + 1));
	json_object_set_new(repo, "owner", json_string(owner));
	json_object_set_new(repo, "html_url", json_string(url));
	json_object_set_new(acct, "host", json_string(host));
	json_object_set_new(acct, "forge", json_string(forge));
	json_object_set_new(acct, "owner", account_owner ? json_string(account_owner)
	                                                 : json_null());
	if (kind)
		json_object_set_new(acct, "kind", json_string(kind));
	free(owner);
	free(url);
	return r;
}

/* An owner record LOGIN on HOST, its html_url HTML (NULL: https://HOST/LOGIN). */
static json_t *owner_at(const char *host, const char *forge, const char *login,
                        const char *account_owner, const char *kind,
                        bool is_user, const char *html, long followers)
{
	char *url = html ? xstrdup(html) : xasprintf("https://%s/%s", host, login);
	json_t *o = json_pack("{s:{s:s, s:s, s:s, s:s, s:b, s:o}, "
	                      "s:{s:s, s:s, s:o, s:o}, s:i, s:b}",
		"owner", "host", host, "login", login, "name", login,
		"html_url", url, "is_user", is_user, "followers",
		followers >= 0 ? json_integer(followers) : json_null(),
		"account", "host", host, "forge", forge,
		"owner", account_owner ? json_string(account_owner) : json_null(),
		"kind", kind ? json_string(kind) : json_null(),
		"repositories_count", 99, "stale", false);

	free(url);
	return o;
}

struct docs {
	json_t *repos, *owners, *long_repos, *long_owners;
};

static struct docs docs_of(json_t *repos, json_t *owners)
{
	struct feed_fixture f;
	struct docs d;

	if (feed_fixture_decode(&f, repos, owners, NULL) < 0)
		fail_msg("%s", error_last());
	d.repos = feed_repos_short_json(&f.inv);
	d.owners = feed_owners_short_json(&f.inv);
	d.long_repos = feed_repositories_json(&f.inv);
	d.long_owners = feed_organizations_json(&f.inv);
	feed_fixture_clear(&f);
	json_decref(repos);
	json_decref(owners);
	return d;
}

static void docs_clear(struct docs *d)
{
	json_decref(d->repos);
	json_decref(d->owners);
	json_decref(d->long_repos);
	json_decref(d->long_owners);
}

static const char *s_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "(none)";
}

/* The front end's join: how many of REPOS have `o` equal to ID. */
static size_t joined(const json_t *repos, const char *id, const char *okey)
{
	size_t i, n = 0;
	json_t *r;

	json_array_foreach(repos, i, r)
		n += !strcmp(s_of(r, okey), id);
	return n;
}

static const json_t *owner_with_login(const json_t *owners, const char *login)
{
	size_t i;
	json_t *o;

	json_array_foreach(owners, i, o)
		if (!strcmp(s_of(o, "l"), login))
			return o;
	return NULL;
}

static void a_gitlab_group_owns_its_subgroups_repositories_under_its_own_url(void **state)
{
	json_t *repos = json_array(), *owners = json_array();
	struct docs d;
	const json_t *o;

	(void)state;
	json_array_append_new(repos, repo_at("gitlab.com", "gitlab", "drees_code/a",
	                                     "drees_code", NULL, NULL));
	json_array_append_new(repos, repo_at("gitlab.com", "gitlab",
	                                     "drees_code/etudes/b", "drees_code",
	                                     NULL, NULL));
	json_array_append_new(repos, repo_at("gitlab.com", "gitlab",
	                                     "DREES_code/etudes/2024/c", "drees_code",
	                                     NULL, NULL));
	/* GitLab's web_url of a group is /groups/PATH: not the id */
	json_array_append_new(owners, owner_at("gitlab.com", "gitlab", "drees_code",
	                                       "drees_code", NULL, false,
	                                       "https://gitlab.com/groups/drees_code",
	                                       -1));
	d = docs_of(repos, owners);
	assert_int_equal(json_array_size(d.owners), 1);
	o = json_array_get(d.owners, 0);
	/* the top-level group owns them all, spelt as the first repository
	 * in feed order spells it (drees_code/a), the odd case one included */
	assert_string_equal(s_of(o, "id"), "https://gitlab.com/drees_code");
	assert_int_equal(json_integer_value(json_object_get(o, "r")), 3);
	assert_int_equal(joined(d.repos, "https://gitlab.com/drees_code", "o"), 3);
	assert_int_equal(joined(d.long_repos, "https://gitlab.com/drees_code",
	                        "owner"), 3);
	assert_string_equal(s_of(json_array_get(d.long_owners, 0), "id"),
	                    "https://gitlab.com/drees_code");
	docs_clear(&d);
}

static void every_organisation_counts_the_repositories_that_point_to_it(void **state)
{
	json_t *repos = json_array(), *owners = json_array();
	struct docs d;
	size_t i;
	json_t *o;

	(void)state;
	json_array_append_new(repos, repo_at("github.com", "github", "SocialGouv/x",
	                                     "socialgouv", NULL, NULL));
	json_array_append_new(repos, repo_at("github.com", "github", "SocialGouv/y",
	                                     "socialgouv", NULL,
	                                     "{\"archived\": true, \"fork\": true}"));
	json_array_append_new(repos, repo_at("bitbucket.org", "bitbucket", "cnam/z",
	                                     "cnam", NULL, NULL));
	json_array_append_new(owners, owner_at("github.com", "github", "SocialGouv",
	                                       "socialgouv", NULL, false, NULL, 12));
	/* Bitbucket's html link ends with a slash: not the id either */
	json_array_append_new(owners, owner_at("bitbucket.org", "bitbucket", "cnam",
	                                       "cnam", NULL, false,
	                                       "https://bitbucket.org/cnam/", -1));
	/* the same group in last run's stale record: one organisation, this
	 * run's */
	json_array_append_new(owners, owner_at("bitbucket.org", "bitbucket", "CNAM",
	                                       "cnam", NULL, false, NULL, -1));
	json_object_set_new(json_array_get(owners, 2), "stale", json_true());
	d = docs_of(repos, owners);
	assert_int_equal(json_array_size(d.owners), 2);
	json_array_foreach(d.long_owners, i, o) {
		const char *id = s_of(o, "id");

		/* r counts every repository whose o is its id, a < 0 too ... */
		assert_int_equal(json_integer_value(json_object_get(o, "repositories_count")),
		                 joined(d.long_repos, id, "owner"));
	}
	/* ... while the front end's list shows those with a >= 0 */
	o = (json_t *)owner_with_login(d.owners, "SocialGouv");
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "r")), 2);
	assert_int_equal(joined(d.repos, s_of(o, "id"), "o"), 1);
	/* followers are read where the forge gives them */
	assert_int_equal(json_integer_value(json_object_get(o, "s")), 12);
	assert_string_equal(s_of(owner_with_login(d.owners, "cnam"), "id"),
	                    "https://bitbucket.org/cnam");
	docs_clear(&d);
}

static void personal_accounts_reach_no_code_gouv_fr_file(void **state)
{
	json_t *repos = json_array(), *owners = json_array();
	struct docs d;

	(void)state;
	/* declared kind: user */
	json_array_append_new(repos, repo_at("github.com", "github", "jdoe/perso",
	                                     "jdoe", "user", NULL));
	json_array_append_new(owners, owner_at("github.com", "github", "jdoe", "jdoe",
	                                       "user", true, NULL, 50));
	/* a user's namespace on a whole GitLab instance */
	json_array_append_new(repos, repo_at("git.drees.fr", "gitlab", "alice/notes",
	                                     NULL, NULL, "{\"owner_is_user\": true}"));
	json_array_append_new(owners, owner_at("git.drees.fr", "gitlab", "alice", NULL,
	                                       NULL, true, NULL, -1));
	/* a group of the same instance is published */
	json_array_append_new(repos, repo_at("git.drees.fr", "gitlab", "stats/outil",
	                                     NULL, NULL, NULL));
	json_array_append_new(owners, owner_at("git.drees.fr", "gitlab", "stats", NULL,
	                                       NULL, false, NULL, -1));
	d = docs_of(repos, owners);
	assert_int_equal(json_array_size(d.repos), 1);
	assert_int_equal(json_array_size(d.long_repos), 1);
	assert_string_equal(s_of(json_array_get(d.repos, 0), "fn"), "stats/outil");
	assert_int_equal(json_array_size(d.owners), 1);
	assert_int_equal(json_array_size(d.long_owners), 1);
	assert_string_equal(s_of(json_array_get(d.owners, 0), "l"), "stats");
	docs_clear(&d);
}

static void a_listed_account_the_forge_calls_a_user_shows_its_repositories_only(void **state)
{
	json_t *repos = json_array(), *owners = json_array();
	struct docs d;

	(void)state;
	/* code.gouv.fr crawls every listed account, but lists organisations */
	json_array_append_new(repos, repo_at("github.com", "github", "AFB-dataviz/a",
	                                     "afb-dataviz", NULL, NULL));
	json_array_append_new(owners, owner_at("github.com", "github", "AFB-dataviz",
	                                       "afb-dataviz", NULL, true, NULL, -1));
	/* our `kind: org` says it is an organisation's */
	json_array_append_new(repos, repo_at("github.com", "github", "ars-x/b",
	                                     "ars-x", "org", NULL));
	json_array_append_new(owners, owner_at("github.com", "github", "ars-x",
	                                       "ars-x", "org", true, NULL, -1));
	/* SourceHut has no organisations: a listed account is one */
	json_array_append_new(repos, repo_at("git.sr.ht", "sourcehut", "~dinum/c",
	                                     "~dinum", NULL, NULL));
	json_array_append_new(owners, owner_at("git.sr.ht", "sourcehut", "~dinum",
	                                       "~dinum", NULL, true, NULL, -1));
	d = docs_of(repos, owners);
	assert_int_equal(json_array_size(d.repos), 3);
	assert_int_equal(json_array_size(d.owners), 2);
	assert_null(owner_with_login(d.owners, "AFB-dataviz"));
	assert_non_null(owner_with_login(d.owners, "ars-x"));
	assert_string_equal(s_of(owner_with_login(d.owners, "~dinum"), "id"),
	                    "https://git.sr.ht/~dinum");
	assert_int_equal(joined(d.repos, "https://git.sr.ht/~dinum", "o"), 1);
	docs_clear(&d);
}

static void dates_are_written_as_ecosyste_ms_writes_them(void **state)
{
	json_t *repos = json_array();
	struct docs d;

	(void)state;
	json_array_append_new(repos, repo_at("gitlab.com", "gitlab", "g/p", "g",
	                                     NULL, "{\"updated_at\": "
	                                     "\"2024-06-02T10:00:00Z\"}"));
	d = docs_of(repos, json_array());
	assert_string_equal(s_of(json_array_get(d.repos, 0), "u"),
	                    "2024-06-02T10:00:00.000Z");
	assert_string_equal(s_of(json_array_get(d.long_repos, 0), "updated_at"),
	                    "2024-06-02T10:00:00.000Z");
	docs_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_gitlab_group_owns_its_subgroups_repositories_under_its_own_url),
		cmocka_unit_test(every_organisation_counts_the_repositories_that_point_to_it),
		cmocka_unit_test(personal_accounts_reach_no_code_gouv_fr_file),
		cmocka_unit_test(a_listed_account_the_forge_calls_a_user_shows_its_repositories_only),
		cmocka_unit_test(dates_are_written_as_ecosyste_ms_writes_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
