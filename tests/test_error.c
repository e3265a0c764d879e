/* test_error.c - tests lib/error.c: the per-thread last error. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "lib/error.h"

static void a_set_error_is_returned_and_kept(void **state)
{
	(void)state;
	assert_int_equal(error_set(ERROR_NOTFOUND, "%s: no such file", "a.txt"),
	                 ERROR_NOTFOUND);
	assert_string_equal(error_last(), "a.txt: no such file");
	assert_int_equal(error_last_code(), ERROR_NOTFOUND);
	error_clear();
	assert_string_equal(error_last(), "");
	assert_int_equal(error_last_code(), ERROR_OK);
}

static void wrapping_reads_from_the_outside_in(void **state)
{
	(void)state;
	error_set(ERROR_TRANSPORT, "https://x/: connection refused");
	assert_int_equal(error_wrap("listing github.com/%s", "org"),
	                 ERROR_TRANSPORT);
	assert_string_equal(error_last(),
	                    "listing github.com/org: https://x/: connection refused");
}

static void errno_values_map_to_codes(void **state)
{
	(void)state;
	assert_int_equal(error_errno(ENOENT, "reading %s", "f"), ERROR_NOTFOUND);
	assert_non_null(strstr(error_last(), "reading f: "));
	assert_int_equal(error_errno(EACCES, "x"), ERROR_ACCESS);
	assert_int_equal(error_errno(EFBIG, "x"), ERROR_TOOBIG);
	assert_int_equal(error_errno(ENOSPC, "x"), ERROR_IO);
}

static void a_long_message_is_cut_not_overrun(void **state)
{
	char big[3 * ERROR_MSG_MAX];

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	error_set(ERROR_IO, "%s", big);
	assert_int_equal(strlen(error_last()), ERROR_MSG_MAX - 1);
	error_wrap("%s", big);
	assert_int_equal(strlen(error_last()), ERROR_MSG_MAX - 1);
}

static void *other_thread(void *arg)
{
	(void)arg;
	error_set(ERROR_TIMEOUT, "theirs");
	return NULL;
}

static void each_thread_has_its_own_error(void **state)
{
	pthread_t t;

	(void)state;
	error_set(ERROR_IO, "mine");
	assert_int_equal(pthread_create(&t, NULL, other_thread, NULL), 0);
	pthread_join(t, NULL);
	assert_string_equal(error_last(), "mine");
	assert_int_equal(error_last_code(), ERROR_IO);
}

static void every_code_has_a_name(void **state)
{
	(void)state;
	for (int c = ERROR_OK; c >= ERROR_GIT; c--)
		assert_string_not_equal(error_name(c), "unknown error");
	assert_string_equal(error_name(-1000), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_set_error_is_returned_and_kept),
		cmocka_unit_test(wrapping_reads_from_the_outside_in),
		cmocka_unit_test(errno_values_map_to_codes),
		cmocka_unit_test(a_long_message_is_cut_not_overrun),
		cmocka_unit_test(each_thread_has_its_own_error),
		cmocka_unit_test(every_code_has_a_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
