/* test_forge_resolve.c - tests forges/resolve.c: one resolution of an
 * account for `list` and `crawl`. */
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "forges/resolve.h"
#include "lib/error.h"

static void a_well_known_host_needs_no_forge_kind(void **state)
{
	struct account_spec spec = { .host = "github.com", .owner = "socialgouv" };
	struct account_target t;

	(void)state;
	assert_int_equal(account_resolve(&t, &spec), 0);
	assert_string_equal(t.forge->kind, "github");
	assert_string_equal(t.acct.api_url, "https://api.github.com");
	assert_string_equal(t.acct.host, "github.com");
	assert_string_equal(t.acct.owner, "socialgouv");
	assert_int_equal(t.acct.kind, ACCOUNT_UNKNOWN);
	account_target_clear(&t);
}

static void a_given_api_root_loses_its_trailing_slashes(void **state)
{
	struct account_spec spec = {
		.host = "git.drees.fr", .forge = "gitlab",
		.api_url = "http://127.0.0.1:8080/api/v4//", .owner = "etudes",
		.kind = ACCOUNT_ORG,
	};
	struct account_target t;

	(void)state;
	assert_int_equal(account_resolve(&t, &spec), 0);
	assert_string_equal(t.forge->kind, "gitlab");
	assert_string_equal(t.acct.api_url, "http://127.0.0.1:8080/api/v4");
	assert_int_equal(t.acct.kind, ACCOUNT_ORG);
	account_target_clear(&t);
}

static void without_an_owner_the_whole_forge_is_listed(void **state)
{
	struct account_spec spec = {
		.host = "gitlab.has-sante.fr", .forge = "gitlab",
		.kind = ACCOUNT_USER,
	};
	struct account_target t;

	(void)state;
	assert_int_equal(account_resolve(&t, &spec), 0);
	assert_int_equal(t.acct.kind, ACCOUNT_INSTANCE);
	assert_null(t.acct.owner);
	assert_string_equal(t.acct.api_url, "https://gitlab.has-sante.fr/api/v4");
	account_target_clear(&t);
}

static void an_unknown_host_or_kind_says_what_to_give(void **state)
{
	struct account_spec spec = { .host = "git.example.fr", .owner = "x" };
	struct account_target t;

	(void)state;
	assert_int_equal(account_resolve(&t, &spec), ERROR_INVALID);
	assert_non_null(strstr(error_last(), "cannot tell which forge software "
	                       "git.example.fr runs"));
	assert_non_null(strstr(error_last(), "--forge"));
	assert_null(t.forge);
	spec.forge = "fossil";
	assert_int_equal(account_resolve(&t, &spec), ERROR_INVALID);
	assert_non_null(strstr(error_last(), "no plug-in for forge kind 'fossil'"));
}

static void the_accounts_list_kind_is_read(void **state)
{
	(void)state;
	assert_int_equal(account_kind_parse("user"), ACCOUNT_USER);
	assert_int_equal(account_kind_parse("org"), ACCOUNT_ORG);
	assert_int_equal(account_kind_parse(NULL), ACCOUNT_UNKNOWN);
	assert_int_equal(account_kind_parse("group"), ACCOUNT_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_well_known_host_needs_no_forge_kind),
		cmocka_unit_test(a_given_api_root_loses_its_trailing_slashes),
		cmocka_unit_test(without_an_owner_the_whole_forge_is_listed),
		cmocka_unit_test(an_unknown_host_or_kind_says_what_to_give),
		cmocka_unit_test(the_accounts_list_kind_is_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
