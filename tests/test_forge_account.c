/* test_forge_account.c - tests forges/account.c and forges/registry.c */
#include "tests/forge_test.h"

#include "forges/account.h"

/* Parse URL, expecting success. */
static void ok(struct account_url *u, const char *url)
{
	int rc = account_parse_url(u, url);

	if (rc)
		fail_msg("%s: %s", url, error_last());
}

/* Parse URL, expecting a refusal whose message holds SAYS. */
static void refused(const char *url, const char *says)
{
	struct account_url u;

	assert_int_equal(account_parse_url(&u, url), ERROR_INVALID);
	if (!strstr(error_last(), says))
		fail_msg("%s: \"%s\" lacks \"%s\"", url, error_last(), says);
	assert_null(u.host);
	assert_null(u.owner);
}

static void account_urls_of_the_brief_are_understood(void **state)
{
	struct account_url u;

	(void)state;
	ok(&u, "https://github.com/socialgouv");
	assert_string_equal(u.scheme, "https");
	assert_string_equal(u.host, "github.com");
	assert_string_equal(u.owner, "socialgouv");
	assert_string_equal(u.kind, "github");
	assert_int_equal(u.acct_kind, ACCOUNT_UNKNOWN);
	account_url_clear(&u);

	ok(&u, "https://gitlab.com/drees_code");
	assert_string_equal(u.owner, "drees_code");
	assert_string_equal(u.kind, "gitlab");
	account_url_clear(&u);

	ok(&u, "https://git.drees.fr/");
	assert_string_equal(u.host, "git.drees.fr");
	assert_null(u.owner);
	assert_null(u.kind);
	assert_int_equal(u.acct_kind, ACCOUNT_INSTANCE);
	account_url_clear(&u);

	ok(&u, "https://codeberg.org/NAME");
	assert_string_equal(u.owner, "NAME");
	assert_string_equal(u.kind, "forgejo");
	account_url_clear(&u);

	ok(&u, "https://bitbucket.org/WORKSPACE");
	assert_string_equal(u.owner, "WORKSPACE");
	assert_string_equal(u.kind, "bitbucket");
	account_url_clear(&u);

	ok(&u, "https://git.sr.ht/~user");
	assert_string_equal(u.owner, "~user");
	assert_string_equal(u.kind, "sourcehut");
	assert_int_equal(u.acct_kind, ACCOUNT_USER);
	account_url_clear(&u);
}

static void account_url_variants_are_normalised(void **state)
{
	struct account_url u;

	(void)state;
	ok(&u, "  HTTP://Git.Example.FR:8080/Groupe/Sous-Groupe/  ");
	assert_string_equal(u.scheme, "http");
	assert_string_equal(u.host, "git.example.fr:8080");
	assert_string_equal(u.owner, "Groupe/Sous-Groupe");	/* case kept: it is a path */
	assert_null(u.kind);
	account_url_clear(&u);

	ok(&u, "https://gitlab.com/groups/drees_code/stats?sort=name#top");
	assert_string_equal(u.owner, "drees_code/stats");
	assert_int_equal(u.acct_kind, ACCOUNT_ORG);
	account_url_clear(&u);

	ok(&u, "https://framagit.org/drees/-/issues");
	assert_string_equal(u.owner, "drees");
	assert_string_equal(u.kind, "gitlab");
	account_url_clear(&u);

	ok(&u, "https://github.com/orgs/SocialGouv");
	assert_string_equal(u.owner, "SocialGouv");
	assert_int_equal(u.acct_kind, ACCOUNT_ORG);
	account_url_clear(&u);

	ok(&u, "https://github.com/socialgouv?tab=repositories");
	assert_string_equal(u.owner, "socialgouv");
	account_url_clear(&u);

	/* ~ on an unknown host is SourceHut's convention */
	ok(&u, "https://git.example.org//~alice//");
	assert_string_equal(u.owner, "~alice");
	assert_string_equal(u.kind, "sourcehut");
	account_url_clear(&u);
}

static void account_junk_is_refused_with_a_reason(void **state)
{
	(void)state;
	refused("github.com/socialgouv", "not an http(s) URL");
	refused("ftp://github.com/socialgouv", "not an http(s) URL");
	refused("", "not an http(s) URL");
	refused("https://", "no valid host");
	refused("https://-bad-.example/x", "no valid host");
	refused("https://a..b/x", "no valid host");
	refused("https://h.example:99999/x", "no valid host");
	refused("https://h.example:/x", "no valid host");
	refused("https://user:pw@gitlab.com/x", "INVENTAIRE_TOKEN_");
	refused("https://github.com/socialgouv/repo", "not an account; use https://HOST/socialgouv");
	refused("https://codeberg.org/a/b", "not an account");
	refused("https://github.com/", "public forge shared by everyone");
	refused("https://git.sr.ht/user", "~NAME");
	refused("https://gitlab.com/a/../b", "path component \"..\"");
	refused("https://gitlab.com/a b", "spaces");
	refused("https://gitlab.com/a%2Fb", "path component");
	refused("https://gitlab.com/a/~b", "path component \"~b\"");
	refused("https://gitlab.com/groups/-/x", "no account name");
	refused("https://h.example/a\x01", "control");
	{
		struct account_url u;

		assert_int_equal(account_parse_url(&u, NULL), ERROR_INVALID);
	}
}

static void registry_finds_kinds_and_guesses_known_hosts(void **state)
{
	static const char *kinds[] = {
		"github", "gitlab", "gitea", "forgejo", "gogs", "bitbucket", "sourcehut",
	};
	size_t n = 0;

	(void)state;
	while (forge_registry[n])
		n++;
	assert_int_equal(n, sizeof(kinds) / sizeof(kinds[0]));
	for (size_t i = 0; i < n; i++) {
		const struct forge *f = forge_find(kinds[i]);

		assert_non_null(f);
		assert_string_equal(f->kind, kinds[i]);
		assert_non_null(f->api_root);
		assert_non_null(f->auth_header);
		assert_non_null(f->list_first);
		assert_non_null(f->list_parse);
		assert_non_null(f->owner_first);
		assert_non_null(f->owner_parse);
	}
	assert_null(forge_find("svn"));
	assert_null(forge_find(NULL));
	assert_string_equal(forge_guess("github.com")->kind, "github");
	assert_string_equal(forge_guess("GitLab.com")->kind, "gitlab");
	assert_string_equal(forge_guess("framagit.org")->kind, "gitlab");
	assert_string_equal(forge_guess("codeberg.org")->kind, "forgejo");
	assert_string_equal(forge_guess("bitbucket.org")->kind, "bitbucket");
	assert_string_equal(forge_guess("git.sr.ht")->kind, "sourcehut");
	assert_string_equal(forge_guess("www.github.com")->kind, "github");
	assert_null(forge_guess("git.drees.fr"));
	assert_null(forge_guess("github.com.evil.example"));
	assert_null(forge_guess(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(account_urls_of_the_brief_are_understood),
		cmocka_unit_test(account_url_variants_are_normalised),
		cmocka_unit_test(account_junk_is_refused_with_a_reason),
		cmocka_unit_test(registry_finds_kinds_and_guesses_known_hosts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
