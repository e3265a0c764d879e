/* test_buf.c - tests lib/buf.c: the growable byte buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"

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

static void binary_data_keeps_its_nul_bytes_and_a_terminator(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 3);
	assert_int_equal(b.data[3], '\0');
	buf_add(&b, NULL, 0);
	assert_int_equal(b.len, 3);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buffers_grow_and_detach),
		cmocka_unit_test(binary_data_keeps_its_nul_bytes_and_a_terminator),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
