/* test_spdx.c - tests crawler/license/spdx.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/license/spdx.h"
#include "lib/error.h"

/* Parse S and return its canonical text (a static copy for asserts). */
static const char *canon(const char *s)
{
	static char out[2048];
	struct spdx_expr *e;
	char *f;

	if (spdx_parse(&e, s) < 0) {
		snprintf(out, sizeof(out), "error: %s", error_last());
		return out;
	}
	f = spdx_format(e);
	snprintf(out, sizeof(out), "%s", f);
	free(f);
	spdx_free(e);
	return out;
}

static void a_single_id_is_kept(void **state)
{
	(void)state;
	assert_string_equal(canon("MIT"), "MIT");
	assert_string_equal(canon("  Apache-2.0\n"), "Apache-2.0");
	assert_string_equal(canon("LicenseRef-Ministere-1"), "LicenseRef-Ministere-1");
}

static void known_ids_get_their_canonical_case(void **state)
{
	(void)state;
	assert_string_equal(canon("mit"), "MIT");
	assert_string_equal(canon("cecill-2.1"), "CECILL-2.1");
	assert_string_equal(canon("ETALAB-2.0"), "etalab-2.0");
	assert_string_equal(canon("eupl-1.2"), "EUPL-1.2");
}

static void deprecated_gnu_ids_map_to_current_forms(void **state)
{
	(void)state;
	assert_string_equal(canon("GPL-3.0"), "GPL-3.0-only");
	assert_string_equal(canon("GPL-3.0+"), "GPL-3.0-or-later");
	assert_string_equal(canon("LGPL-2.1+"), "LGPL-2.1-or-later");
	assert_string_equal(canon("agpl-3.0"), "AGPL-3.0-only");
	assert_string_equal(canon("GPL-2.0-only+"), "GPL-2.0-or-later");
	assert_string_equal(canon("Apache-1.0+"), "Apache-1.0+");
}

static void or_binds_looser_than_and(void **state)
{
	struct spdx_expr *e;

	(void)state;
	assert_int_equal(spdx_parse(&e, "MIT OR Apache-2.0 AND BSD-3-Clause"), 0);
	assert_int_equal(e->kind, SPDX_OR);
	assert_int_equal(e->left->kind, SPDX_LICENSE);
	assert_int_equal(e->right->kind, SPDX_AND);
	spdx_free(e);
	assert_string_equal(canon("(MIT OR Apache-2.0) AND BSD-3-Clause"),
	                    "(MIT OR Apache-2.0) AND BSD-3-Clause");
	assert_string_equal(canon("((CECILL-C)) or (CECILL-2.1)"),
	                    "CECILL-C OR CECILL-2.1");
}

static void with_attaches_an_exception_to_one_licence(void **state)
{
	struct spdx_expr *e;

	(void)state;
	assert_int_equal(spdx_parse(&e, "GPL-2.0+ WITH classpath-exception-2.0 OR MIT"),
	                 0);
	assert_int_equal(e->kind, SPDX_OR);
	assert_int_equal(e->left->kind, SPDX_WITH);
	assert_string_equal(e->left->id, "Classpath-exception-2.0");
	assert_string_equal(e->left->left->id, "GPL-2.0-or-later");
	spdx_free(e);
}

static void malformed_expressions_are_refused_with_a_message(void **state)
{
	static const char *const bad[] = {
		"", "   ", "MIT OR", "AND MIT", "(MIT", "MIT)", "MIT Apache-2.0",
		"MIT WITH", "GPL-2.0 WITH (x)", "MIT/Apache-2.0 ,", "((((((((((((((((((((((((((((((((((MIT))))))))))))))))))))))))))))))))))",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct spdx_expr *e;
		if (spdx_parse(&e, bad[i]) != ERROR_PARSE)
			fail_msg("'%s' was accepted", bad[i]);
		assert_non_null(strstr(error_last(), "SPDX expression"));
		assert_null(e);
	}
}

/* "LGPL-2.1+" (9 characters) is written "LGPL-2.1-or-later" (17): a text
 * under the limit may have a canonical text over it, which would not read
 * back. Such an expression is refused; one whose canonical text fits is
 * read, and its canonical text reads back to the same. */
static void an_expression_whose_canonical_text_is_too_long_is_refused(void **state)
{
	char text[SPDX_MAX_LEN + 1] = "", *again_text;
	struct spdx_expr *e, *again;
	size_t n = 0;

	(void)state;
	while (strlen(text) + strlen(" OR LGPL-2.1+") <= SPDX_MAX_LEN) {
		strcat(text, n++ ? " OR LGPL-2.1+" : "LGPL-2.1+");
	}
	assert_true(strlen(text) <= SPDX_MAX_LEN);
	assert_int_equal(spdx_parse(&e, text), ERROR_TOOBIG);
	assert_null(e);
	assert_non_null(strstr(error_last(), "once its ids are written in full"));

	/* Just under: each id written in full, "A OR B" of 21 characters a term. */
	text[0] = '\0';
	for (n = 0; (n + 1) * 21 <= SPDX_MAX_LEN; n++)
		strcat(text, n ? " OR LGPL-2.1+" : "LGPL-2.1+");
	assert_int_equal(spdx_parse(&e, text), 0);
	again_text = spdx_format(e);
	assert_true(strlen(again_text) <= SPDX_MAX_LEN);
	assert_int_equal(spdx_parse(&again, again_text), 0);
	spdx_free(again);
	spdx_free(e);
	free(again_text);
}

static void family_drops_only_or_later_and_plus(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(spdx_family(b, sizeof(b), "GPL-3.0-or-later"), "GPL-3.0");
	assert_string_equal(spdx_family(b, sizeof(b), "GPL-3.0-only"), "GPL-3.0");
	assert_string_equal(spdx_family(b, sizeof(b), "MPL-2.0+"), "MPL-2.0");
	assert_string_equal(spdx_family(b, sizeof(b), "CECILL-B"), "CECILL-B");
}

static void collect(const char *id, bool plus, void *payload)
{
	char *s = payload;

	(void)plus;
	strcat(s, id);
	strcat(s, ";");
}

static void each_id_lists_licences_not_exceptions(void **state)
{
	struct spdx_expr *e;
	char ids[256] = "";

	(void)state;
	assert_int_equal(spdx_parse(&e, "(MIT AND GPL-3.0 WITH GCC-exception-3.1) OR ISC"),
	                 0);
	spdx_each_id(e, collect, ids);
	assert_string_equal(ids, "MIT;GPL-3.0-only;ISC;");
	spdx_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_single_id_is_kept),
		cmocka_unit_test(known_ids_get_their_canonical_case),
		cmocka_unit_test(deprecated_gnu_ids_map_to_current_forms),
		cmocka_unit_test(or_binds_looser_than_and),
		cmocka_unit_test(with_attaches_an_exception_to_one_licence),
		cmocka_unit_test(malformed_expressions_are_refused_with_a_message),
		cmocka_unit_test(an_expression_whose_canonical_text_is_too_long_is_refused),
		cmocka_unit_test(family_drops_only_or_later_and_plus),
		cmocka_unit_test(each_id_lists_licences_not_exceptions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
