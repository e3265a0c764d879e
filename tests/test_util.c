/* test_util.c - tests crawler/util.c and check_name_is (checks/checks.c) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/checks/checks.h"
#include "lib/buf.h"
#include "lib/str.h"

static void utf8_validation_rejects_overlongs_surrogates_and_truncation(void **state)
{
	(void)state;
	assert_true(utf8_valid("Santé publique", strlen("Santé publique")));
	assert_true(utf8_valid("\xf0\x9f\x98\x80", 4));
	assert_false(utf8_valid("\xc0\xaf", 2));          /* overlong '/' */
	assert_false(utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
	assert_false(utf8_valid("\xe9t\xe9", 3));         /* Latin-1 */
	assert_false(utf8_valid("\xe2\x82", 2));          /* truncated */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));  /* > U+10FFFF */
}

static void printable_copies_escape_bad_bytes_and_controls(void **state)
{
	char *p = str_printable("a\xffz\n\xc3\xa9", 6);

	(void)state;
	assert_string_equal(p, "a\\xffz\\x0a\xc3\xa9");
	free(p);
}

static void buffers_grow_and_detach(void **state)
{
	struct buf b = BUF_INIT;
	char *s;

	(void)state;
	for (int i = 0; i < 1000; i++)
		buf_addf(&b, "%d,", i);
	buf_addc(&b, '!');
	assert_int_equal(b.len, strlen(b.data));
	assert_true(b.len > 3000);
	s = buf_detach(&b);
	assert_null(b.data);
	assert_int_equal(s[strlen(s) - 1], '!');
	free(s);
	s = buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
}

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
		cmocka_unit_test(utf8_validation_rejects_overlongs_surrogates_and_truncation),
		cmocka_unit_test(printable_copies_escape_bad_bytes_and_controls),
		cmocka_unit_test(buffers_grow_and_detach),
		cmocka_unit_test(licence_like_names_match_with_suffixes_in_any_case),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
