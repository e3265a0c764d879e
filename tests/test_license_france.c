/* test_license_france.c - tests crawler/checks/license_france.c against the
 * list of data/licences/france.md. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/license/license_france.h"

static struct france_verdict judge(const char *s)
{
	struct france_verdict v;
	struct spdx_expr *e;

	if (spdx_parse(&e, s) < 0)
		fail_msg("cannot parse %s", s);
	license_france_judge(&v, e);
	spdx_free(e);
	return v;
}

static void the_fifteen_listed_licences_are_authorised(void **state)
{
	static const struct { const char *id, *cat; } ok[] = {
		{ "etalab-2.0", "public-information" }, { "ODbL-1.0", "public-information" },
		{ "Apache-2.0", "permissive" }, { "BSD-2-Clause", "permissive" },
		{ "BSD-3-Clause", "permissive" }, { "CECILL-B", "permissive" },
		{ "MIT", "permissive" }, { "CECILL-2.1", "reciprocal" },
		{ "CECILL-C", "reciprocal" }, { "GPL-3.0-or-later", "reciprocal" },
		{ "LGPL-3.0-or-later", "reciprocal" }, { "AGPL-3.0-or-later", "reciprocal" },
		{ "MPL-2.0", "reciprocal" }, { "EPL-2.0", "reciprocal" },
		{ "EUPL-1.2", "reciprocal" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		struct france_verdict v = judge(ok[i].id);
		assert_int_equal(v.authorized, 1);
		assert_string_equal(v.category, ok[i].cat);
		assert_null(v.note);
	}
}

static void gnu_version_3_only_is_authorised_with_a_note(void **state)
{
	struct france_verdict v = judge("GPL-3.0-only");

	(void)state;
	assert_int_equal(v.authorized, 1);
	assert_non_null(v.note);
	v = judge("AGPL-3.0");  /* deprecated: -only */
	assert_int_equal(v.authorized, 1);
	assert_non_null(v.note);
	v = judge("LGPL-3.0+");
	assert_int_equal(v.authorized, 1);
	assert_null(v.note);
}

static void common_unlisted_licences_are_refused(void **state)
{
	static const char *const no[] = {
		"GPL-2.0-only", "GPL-2.0-or-later", "LGPL-2.1-only", "EUPL-1.1",
		"EPL-1.0", "CECILL-2.0", "ISC", "0BSD", "Unlicense", "CC0-1.0",
		"CC-BY-4.0", "CC-BY-SA-4.0", "WTFPL", "MIT-0", "LicenseRef-maison",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++) {
		struct france_verdict v = judge(no[i]);
		if (v.authorized != 0)
			fail_msg("%s: authorized=%d", no[i], v.authorized);
		assert_null(v.category);
	}
}

static void or_needs_one_authorised_branch(void **state)
{
	struct france_verdict v = judge("GPL-2.0-only OR MIT");

	(void)state;
	assert_int_equal(v.authorized, 1);
	assert_string_equal(v.category, "permissive");
	assert_int_equal(judge("GPL-2.0-only OR ISC").authorized, 0);
	assert_int_equal(judge("ISC OR NOASSERTION").authorized, -1);
}

static void and_needs_every_licence_authorised(void **state)
{
	struct france_verdict v = judge("MIT AND CECILL-C");

	(void)state;
	assert_int_equal(v.authorized, 1);
	assert_string_equal(v.category, "reciprocal");
	assert_int_equal(judge("MIT AND GPL-2.0-only").authorized, 0);
	assert_int_equal(judge("MIT AND NOASSERTION").authorized, -1);
}

static void with_judges_the_base_licence(void **state)
{
	(void)state;
	assert_int_equal(judge("GPL-3.0-or-later WITH Classpath-exception-2.0").authorized, 1);
	assert_int_equal(judge("GPL-2.0-or-later WITH Classpath-exception-2.0").authorized, 0);
}

static void noassertion_or_nothing_is_unknown_not_refused(void **state)
{
	struct france_verdict v;

	(void)state;
	assert_int_equal(judge("NOASSERTION").authorized, -1);
	assert_int_equal(judge("NONE").authorized, -1);
	license_france_judge(&v, NULL);
	assert_int_equal(v.authorized, -1);
	assert_null(v.category);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_fifteen_listed_licences_are_authorised),
		cmocka_unit_test(gnu_version_3_only_is_authorised_with_a_note),
		cmocka_unit_test(common_unlisted_licences_are_refused),
		cmocka_unit_test(or_needs_one_authorised_branch),
		cmocka_unit_test(and_needs_every_licence_authorised),
		cmocka_unit_test(with_judges_the_base_licence),
		cmocka_unit_test(noassertion_or_nothing_is_unknown_not_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
