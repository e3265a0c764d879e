/* test_checks.c - tests crawler/checks/checks.c: the names checks look for. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/checks/checks.h"

static void licence_like_names_match_with_suffixes_in_any_case(void **state)
{
	(void)state;
	assert_true(check_name_is("LICENSE", "LICENSE"));
	assert_true(check_name_is("license.md", "LICENSE"));
	assert_true(check_name_is("Licence_CeCILL_V2.1-fr.txt", "LICENCE"));
	assert_true(check_name_is("LICENCE.fr.txt", "LICENCE"));
	assert_true(check_name_is("COPYING-LGPL", "COPYING"));
	assert_false(check_name_is("LICENSES", "LICENSE"));
	assert_false(check_name_is("LICENS", "LICENSE"));
	assert_false(check_name_is("MY_LICENSE", "LICENSE"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(licence_like_names_match_with_suffixes_in_any_case),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
