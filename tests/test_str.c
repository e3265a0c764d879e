/* test_str.c - tests lib/str.c: UTF-8 checks and printable copies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

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

static void case_insensitive_prefixes_ignore_the_locale(void **state)
{
	(void)state;
	assert_true(str_istarts("HTTPS://h", "https://"));
	assert_true(str_istarts("x", ""));
	assert_false(str_istarts("http", "https"));
	assert_false(str_istarts("ftp://h", "https://"));
}

/* What a terminal acts on instead of showing: ESC (a screen clear, a
 * window title), the C1 CSI, a right-to-left override that makes a log
 * line read backwards. Text around them is kept, accents too. */
static void printable_copies_escape_what_a_terminal_acts_on(void **state)
{
	const char *in = "\x1b]0;pwned\x07 \x1b[2J \xc2\x9b" "31m \xe2\x80\xae" "gnp.exe "
	                 "\x7f caf\xc3\xa9 \xc2\xa0";
	char *p = str_printable(in, strlen(in));

	(void)state;
	assert_string_equal(p, "\\x1b]0;pwned\\x07 \\x1b[2J \\u009b31m \\u202egnp.exe "
	                    "\\x7f caf\xc3\xa9 \xc2\xa0");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_validation_rejects_overlongs_surrogates_and_truncation),
		cmocka_unit_test(printable_copies_escape_bad_bytes_and_controls),
		cmocka_unit_test(printable_copies_escape_what_a_terminal_acts_on),
		cmocka_unit_test(case_insensitive_prefixes_ignore_the_locale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
