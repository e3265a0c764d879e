/* test_license_template.c - tests crawler/license/license_template.c and
 * the templates gen_license_data.c compiles: what the SPDX License List
 * Matching Guidelines let a copy change (optional text, replaceable text,
 * bullets, equivalent words, URLs), what they do not (a word of the
 * terms), and the words a diff lists. Texts are built from
 * data/licences/texts/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/license/license_match.h"
#include "crawler/license/license_template.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/file.h"

static char *must_read(const char *name)
{
	const char *tests = getenv("TESTS_DIR");
	char *path = xasprintf("%s/../data/licences/texts/%s", tests ? tests : "tests",
	                       name);
	char *data;
	size_t len;

	if (file_read(&data, &len, path, 0) < 0)
		fail_msg("cannot read %s (TESTS_DIR?)", path);
	free(path);
	return data;
}

/* S with the first FROM replaced by TO. */
static char *replace(char *s, const char *from, const char *to)
{
	char *at = strstr(s, from), *out;

	if (!at)
		fail_msg("\"%s\" is not in the text", from);
	out = xasprintf("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	free(s);
	return out;
}

static const struct license_ref *ref(const char *key)
{
	for (size_t i = 0; i < license_nrefs; i++)
		if (!strcmp(license_refs[i].key, key))
			return &license_refs[i];
	fail_msg("no reference %s", key);
	return NULL;
}

static void analyze(struct license_text *t, const char *s)
{
	struct license_norm_opts o;

	license_match_opts(&o, "LICENSE");
	assert_int_equal(license_text_analyze(t, s, strlen(s), &o), 0);
}

/* Does S match the template of reference KEY? */
static bool matches(const char *key, const char *s)
{
	struct license_text t;
	bool ok;

	analyze(&t, s);
	ok = license_template_match(ref(key)->tmpl, &t);
	license_text_free(&t);
	return ok;
}

static void diff(struct license_diff *d, const char *key, const char *s)
{
	struct license_text t;

	analyze(&t, s);
	license_template_diff(d, ref(key)->tmpl, &t);
	license_text_free(&t);
}

static void every_reference_text_matches_its_own_template(void **state)
{
	(void)state;
	for (size_t i = 0; i < license_nrefs; i++) {
		const struct license_ref *r = &license_refs[i];
		char *file = xasprintf("%s.txt", r->key);
		char *s = must_read(file);
		if (!matches(r->key, s))
			fail_msg("%s does not match its template", file);
		free(s);
		free(file);
	}
	assert_true(license_nrefs >= 60);
}

static void optional_text_may_be_there_or_not(void **state)
{
	char *mit = must_read("MIT.txt");

	(void)state;
	/* MIT's template: "(including the next paragraph)" and "on" are
	 * <optional>; SPDX's text has neither. */
	assert_true(matches("MIT", mit));
	mit = replace(mit, "permission notice shall", "permission notice "
	              "(including the next paragraph) shall");
	assert_true(matches("MIT", mit));
	mit = replace(mit, "without limitation the rights",
	              "without limitation on the rights");
	assert_true(matches("MIT", mit));
	free(mit);
}

static void replaceable_text_takes_another_name(void **state)
{
	char *bsd = must_read("BSD-3-Clause.txt");

	(void)state;
	/* <alt match=".+"> for the holder, and the list of forms of clause 3 */
	bsd = replace(bsd, "Neither the name of the copyright holder nor",
	              "Neither the name of the University nor");
	bsd = replace(bsd, "IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS",
	              "IN NO EVENT SHALL THE REGENTS OR CONTRIBUTORS");
	assert_true(matches("BSD-3-Clause", bsd));
	free(bsd);
}

static void a_variable_part_is_a_name_not_a_clause(void **state)
{
	char *mit = must_read("MIT.txt");
	struct buf b = BUF_INIT;

	(void)state;
	/* "IN NO EVENT SHALL <.+> BE LIABLE": a few words, not a paragraph */
	buf_adds(&b, "THE AUTHORS");
	for (int i = 0; i < 60; i++)
		buf_adds(&b, " EXCEPT AS AGREED");
	buf_adds(&b, " BE LIABLE");
	mit = replace(mit, "THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE", b.data);
	assert_false(matches("MIT", mit));
	buf_free(&b);
	free(mit);
}

static void bullets_and_numbering_may_differ(void **state)
{
	char *bsd = must_read("BSD-3-Clause.txt");

	(void)state;
	bsd = replace(bsd, "1. Redistributions of source", "a) Redistributions of source");
	bsd = replace(bsd, "2. Redistributions in binary", "(ii) Redistributions in binary");
	bsd = replace(bsd, "3. Neither", "Neither");
	assert_true(matches("BSD-3-Clause", bsd));
	free(bsd);
}

static void spelling_urls_case_and_punctuation_do_not_count(void **state)
{
	char *apache = must_read("Apache-2.0.txt");

	(void)state;
	apache = replace(apache, "\"License\" shall mean", "\xe2\x80\x9cLICENCE\xe2\x80\x9d "
	                 "shall mean");
	apache = replace(apache, "http://www.apache.org/licenses/",
	                 "https://www.apache.org/licenses/");
	apache = replace(apache, "non-exclusive", "nonexclusive");
	assert_true(matches("Apache-2.0", apache));
	free(apache);
}

static void a_changed_word_of_the_terms_does_not_match_and_is_listed(void **state)
{
	char *mit = must_read("MIT.txt");
	struct license_diff d;

	(void)state;
	mit = replace(mit, "Permission is hereby granted", "Permission is NOT granted");
	assert_false(matches("MIT", mit));
	diff(&d, "MIT", mit);
	assert_true(d.known);
	assert_int_equal(d.nadded, 1);
	assert_string_equal(d.added, "not");
	assert_int_equal(d.nremoved, 1);
	assert_string_equal(d.removed, "hereby");
	free(mit);
}

static void a_removed_sentence_is_listed_word_by_word(void **state)
{
	char *mit = must_read("MIT.txt");
	struct license_diff d;

	(void)state;
	mit = replace(mit, "The above copyright notice and this permission notice "
	              "shall be included in all copies or substantial", "");
	diff(&d, "MIT", mit);
	/* more words than a diff lists */
	assert_false(d.known);
	free(mit);
	mit = replace(must_read("MIT.txt"), "copies or substantial", "copies or");
	diff(&d, "MIT", mit);
	assert_true(d.known);
	assert_int_equal(d.nadded, 0);
	assert_string_equal(d.removed, "substantial");
	free(mit);
}

static void a_licence_inside_a_longer_text_is_found(void **state)
{
	char *isc = must_read("ISC.txt");
	char *s = xasprintf("This tool is distributed under the ISC licence:\n\n%s\n"
	                    "Third-party fonts are under their own terms.\n", isc);
	struct license_text t;
	size_t from, to;

	(void)state;
	analyze(&t, s);
	assert_false(license_template_match(ref("ISC")->tmpl, &t));
	assert_true(license_template_find(&from, &to, ref("ISC")->tmpl, &t, 0));
	/* from its title on, "this tool is ... isc licence" before it */
	assert_int_equal(from, 8);
	assert_string_equal(t.words_text + t.off[from], "isc");
	assert_int_equal(t.nseq - to, 7);  /* "third-party fonts are ..." */
	license_text_free(&t);
	free(s);
	free(isc);
}

static void copyright_notices_are_ignored_wherever_they_are(void **state)
{
	char *mit = must_read("MIT.txt");
	char *s = xasprintf("%s\nCopyright (c) 2024 Caisse nationale d'assurance "
	                    "maladie\n(c) 2025 Agence du num\xc3\xa9rique en sant\xc3\xa9\n",
	                    mit);
	char *t = xasprintf("%s\nCopyright (c) 2024 DREES. Commercial use is "
	                    "prohibited.\n", mit);
	struct license_diff d;

	(void)state;
	assert_true(matches("MIT", s));
	/* a line that states terms is not a notice, whatever its start */
	assert_false(matches("MIT", t));
	diff(&d, "MIT", t);
	assert_true(d.known);
	assert_non_null(strstr(d.added, "commercial use is prohibited"));
	free(s);
	free(t);
	free(mit);
}

static void a_title_or_version_line_that_states_terms_is_not_set_aside(void **state)
{
	char *mit = must_read("MIT.txt");
	char *body = strstr(mit, "Permission");
	char *a = xasprintf("MIT License, but commercial use is prohibited\n\n%s", body);
	char *b = xasprintf("MIT License\nVersion 2: you may not sell copies\n\n%s",
	                    body);

	(void)state;
	assert_false(matches("MIT", a));
	assert_false(matches("MIT", b));
	free(a);
	free(b);
	free(mit);
}

static void the_end_of_terms_ends_the_comparison(void **state)
{
	char *gpl = must_read("GPL-2.0-only.txt");
	char *s;

	(void)state;
	/* The "How to Apply These Terms" appendix is ignored: a copy with
	 * another one, or none, is the GPL. */
	s = xasprintf("%.*s", (int)(strstr(gpl, "END OF TERMS AND CONDITIONS") -
	                            gpl + 27), gpl);
	assert_true(matches("GPL-2.0-only", s));
	free(s);
	s = xasprintf("%s\nAppendix: how we apply it to this project.\n", gpl);
	assert_true(matches("GPL-2.0-only", s));
	free(s);
	free(gpl);
}

/* The guidelines ignore copyright notices, also those a template's text
 * holds without marking them (<copyrightText>): a copy may leave them out
 * or name another holder, but never put terms in their place. */
static void a_copyright_notice_of_the_template_text_may_differ(void **state)
{
	char *gpl = must_read("GPL-2.0-only.txt");
	char *wtfpl = must_read("WTFPL.txt"), *ours, *terms;

	(void)state;
	gpl = replace(gpl, "Copyright (C) 1989, 1991 Free Software Foundation, "
	              "Inc.\n51 Franklin Street, Fifth Floor, Boston, MA  "
	              "02110-1301, USA\n", "");
	assert_true(matches("GPL-2.0-only", gpl));
	ours = replace(xstrdup(wtfpl), "Copyright (C) 2004 Sam Hocevar "
	               "<sam@hocevar.net>", "Copyright (C) 2024 DREES");
	assert_true(matches("WTFPL", ours));
	wtfpl = replace(wtfpl, "Copyright (C) 2004 Sam Hocevar "
	                "<sam@hocevar.net>\n", "");
	assert_true(matches("WTFPL", wtfpl));
	terms = replace(xstrdup(wtfpl), "Everyone is permitted",
	                "No one may sell it.\n\nEveryone is permitted");
	assert_false(matches("WTFPL", terms));
	free(terms);
	free(ours);
	free(wtfpl);
	free(gpl);
}

/* A copy whose lines were joined again keeps its list markers inside the
 * lines: where the template has a <bullet>, they are still numbering. */
static void list_markers_inside_joined_lines_are_numbering(void **state)
{
	char *bsd = must_read("BSD-3-Clause.txt"), *other;

	(void)state;
	bsd = replace(bsd, "are met:\n\n1. Redistributions",
	              "are met: 1. Redistributions");
	bsd = replace(bsd, "disclaimer.\n\n2. Redistributions",
	              "disclaimer. 2. Redistributions");
	bsd = replace(bsd, "distribution.\n\n3. Neither",
	              "distribution. (3) Neither");
	assert_true(matches("BSD-3-Clause", bsd));
	/* a number where the template has none is a word of the text */
	other = replace(xstrdup(bsd), "must retain the above",
	                "must retain 2 above");
	assert_false(matches("BSD-3-Clause", other));
	free(other);
	free(bsd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_reference_text_matches_its_own_template),
		cmocka_unit_test(optional_text_may_be_there_or_not),
		cmocka_unit_test(replaceable_text_takes_another_name),
		cmocka_unit_test(a_variable_part_is_a_name_not_a_clause),
		cmocka_unit_test(bullets_and_numbering_may_differ),
		cmocka_unit_test(spelling_urls_case_and_punctuation_do_not_count),
		cmocka_unit_test(a_changed_word_of_the_terms_does_not_match_and_is_listed),
		cmocka_unit_test(a_removed_sentence_is_listed_word_by_word),
		cmocka_unit_test(a_licence_inside_a_longer_text_is_found),
		cmocka_unit_test(copyright_notices_are_ignored_wherever_they_are),
		cmocka_unit_test(a_copyright_notice_of_the_template_text_may_differ),
		cmocka_unit_test(list_markers_inside_joined_lines_are_numbering),
		cmocka_unit_test(a_title_or_version_line_that_states_terms_is_not_set_aside),
		cmocka_unit_test(the_end_of_terms_ends_the_comparison),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
