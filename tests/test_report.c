/* test_report.c - tests crawler/report.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/report.h"

static void findings_are_sorted_errors_first_then_rule(void **state)
{
	struct report *r;

	(void)state;
	assert_int_equal(report_new(&r), 0);
	report_add(r, "b.rule", LEVEL_INFO, NULL, 0, 0, NULL, "info %d", 1);
	report_add(r, "z.rule", LEVEL_ERROR, "X", 3, 1, "fix it", "err");
	report_add(r, "a.rule", LEVEL_ERROR, "X", 2, 1, NULL, "err");
	report_add(r, "c.rule", LEVEL_WARNING, NULL, 0, 0, NULL, "warn");
	report_sort(r);
	assert_string_equal(r->findings[0].rule, "a.rule");
	assert_string_equal(r->findings[1].rule, "z.rule");
	assert_string_equal(r->findings[1].fix, "fix it");
	assert_string_equal(r->findings[2].rule, "c.rule");
	assert_string_equal(r->findings[3].rule, "b.rule");
	assert_string_equal(r->findings[3].message, "info 1");
	assert_int_equal(report_max_level(r), LEVEL_ERROR);
	report_free(r);
}

static void an_empty_report_has_no_level(void **state)
{
	struct report *r;

	(void)state;
	assert_int_equal(report_new(&r), 0);
	assert_int_equal(report_max_level(r), -1);
	assert_true(json_is_object(report_section(r, "readme")));
	assert_ptr_equal(report_section(r, "readme"), report_section(r, "readme"));
	report_free(r);
}

static void level_names_round_trip(void **state)
{
	enum level l;

	(void)state;
	assert_int_equal(level_parse(&l, "warning"), 0);
	assert_int_equal(l, LEVEL_WARNING);
	assert_string_equal(level_name(LEVEL_ERROR), "error");
	assert_int_not_equal(level_parse(&l, "fatal"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(findings_are_sorted_errors_first_then_rule),
		cmocka_unit_test(an_empty_report_has_no_level),
		cmocka_unit_test(level_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
