/* test_license_text.c - tests crawler/license/license_text.c and
 * license_match.c: decoding, normalisation, and identification of one text
 * against the embedded references (data/licences/texts/). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "crawler/license/license_match.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/str.h"
#include "lib/error.h"
#include "lib/file.h"

/* data/licences/texts/NAME of the source tree, or NULL. */
static char *read_text(const char *name, size_t *len)
{
	const char *tests = getenv("TESTS_DIR");
	char *path = xasprintf("%s/../data/licences/texts/%s", tests ? tests : "tests",
	                       name);
	char *data;
	int rc = file_read(&data, len, path, 0);

	free(path);
	return rc == 0 ? data : NULL;
}

static char *must_read(const char *name, size_t *len)
{
	char *s = read_text(name, len);

	if (!s)
		fail_msg("cannot read data/licences/texts/%s (TESTS_DIR?)", name);
	return s;
}

static const char *identify(const char *data, size_t len, const char *name,
                            struct license_match *m)
{
	assert_int_equal(license_match(m, data, len, name), 0);
	return m->spdx ? m->spdx : "(none)";
}

/* The licence proper of S, normalised: words separated by spaces. */
static char *normalize(const char *s)
{
	struct license_norm_opts o;
	struct license_text t;
	char *out;

	license_match_opts(&o, "LICENSE");
	assert_int_equal(license_text_analyze(&t, s, strlen(s), &o), 0);
	out = license_text_joined(&t);
	license_text_free(&t);
	return out;
}

/* ---- decoding ---- */

static void latin1_text_is_decoded_as_latin1(void **state)
{
	char *out;
	size_t n;

	(void)state;
	assert_int_equal(license_text_decode(&out, &n, "Libert\xe9 \x92x\x92", 11), 0);
	assert_string_equal(out, "Libert\xc3\xa9 \xe2\x80\x99x\xe2\x80\x99");
	free(out);
}

static void crlf_and_cr_become_lf(void **state)
{
	char *out;
	size_t n;

	(void)state;
	assert_int_equal(license_text_decode(&out, &n, "a\r\nb\rc\n", 7), 0);
	assert_string_equal(out, "a\nb\nc\n");
	assert_int_equal(n, 6);
	free(out);
}

static void utf8_bom_is_dropped(void **state)
{
	char *out;
	size_t n;

	(void)state;
	assert_int_equal(license_text_decode(&out, &n, "\xef\xbb\xbfMIT", 6), 0);
	assert_string_equal(out, "MIT");
	free(out);
}

static void utf16_with_bom_is_decoded_both_ways(void **state)
{
	/* "é😀" little-endian, then "Ab" big-endian */
	static const char le[] = "\xff\xfe\xe9\x00\x3d\xd8\x00\xde";
	static const char be[] = "\xfe\xff\x00\x41\x00\x62";
	char *out;
	size_t n;

	(void)state;
	assert_int_equal(license_text_decode(&out, &n, le, sizeof(le) - 1), 0);
	assert_string_equal(out, "\xc3\xa9\xf0\x9f\x98\x80");
	free(out);
	assert_int_equal(license_text_decode(&out, &n, be, sizeof(be) - 1), 0);
	assert_string_equal(out, "Ab");
	free(out);
}

static void binary_data_is_refused(void **state)
{
	char *out;
	size_t n;

	(void)state;
	assert_int_equal(license_text_decode(&out, &n, "\x7f" "ELF\0\1", 6), ERROR_PARSE);
}

/* ---- normalisation ---- */

static void ampersand_becomes_and_and_case_is_folded(void **state)
{
	char *s = normalize("Foo & Bar");

	(void)state;
	assert_string_equal(s, "foo and bar");
	free(s);
}

static void bullets_and_numbering_are_dropped(void **state)
{
	char *s = normalize("Terms\n1. Foo\n * Bar\n(a) baz\n2.1 qux\nii. quux");

	(void)state;
	assert_string_equal(s, "terms foo bar baz qux quux");
	free(s);
}

static void word_hyphenated_across_lines_is_rejoined(void **state)
{
	char *s = normalize("Some cc-\nlicensed work");

	(void)state;
	assert_string_equal(s, "some cc-licensed work");
	free(s);
}

static void title_and_copyright_lines_are_stripped(void **state)
{
	char *s = normalize("(The MIT License)\n\nCopyright (c) 2024 DREES\n"
	                    "  2025 ANS\n\nPermission is hereby granted.");

	(void)state;
	assert_string_equal(s, "permission is hereby granted");
	free(s);
}

static void british_spelling_urls_and_quotes_are_unified(void **state)
{
	char *s = normalize("Body: this \xe2\x80\x9c" "Licence\xe2\x80\x9d, see "
	                    "https://example.org/x?y=1 \xc2\xab organisation \xc2\xbb");

	(void)state;
	assert_string_equal(s, "body this license see organization");
	free(s);
}

static void a_licence_pasted_as_a_comment_loses_its_prefix(void **state)
{
	char *s = normalize("/*\n * Permission is granted\n * to all.\n */");

	(void)state;
	assert_string_equal(s, "permission is granted to all");
	free(s);
}

static void text_after_end_of_terms_is_ignored(void **state)
{
	char *s = normalize("Body here.\n\nEND OF TERMS AND CONDITIONS\n\nHow to apply");

	(void)state;
	assert_string_equal(s, "body here");
	free(s);
}

/* ---- identification ---- */

/* Every reference text is identified as itself: its SPDX id, or the id of a
 * text it is identical to (GPL-3.0-only and -or-later share one text). */
static void every_reference_text_is_identified(void **state)
{
	const char *tests = getenv("TESTS_DIR");
	char *path = xasprintf("%s/../data/licences/texts/INDEX.json",
	                       tests ? tests : "tests");
	json_t *index = json_load_file(path, 0, NULL), *texts, *e;
	const char *key;
	size_t checked = 0;

	(void)state;
	free(path);
	assert_non_null(index);
	texts = json_object_get(index, "texts");
	json_object_foreach(texts, key, e) {
		const char *want = json_string_value(json_object_get(e, "spdx"));
		const char *file = json_string_value(json_object_get(e, "file"));
		json_t *same = json_object_get(e, "same_text_as");
		struct license_match m;
		size_t len;
		char *data = must_read(file, &len);
		const char *got = identify(data, len, file, &m);
		bool ok = !strcmp(got, want);
		size_t i;
		json_t *v;

		json_array_foreach(same, i, v)
			ok |= !strcmp(got, json_string_value(v));
		if (!ok)
			fail_msg("%s: identified as %s, want %s", file, got, want);
		assert_true(m.confidence >= LICENSE_THRESHOLD);
		/* A real copy: a title, a real copyright line, then the text. */
		{
			const char *name = json_string_value(json_object_get(e, "name"));
			char *copy = xasprintf("%s\n\nCopyright (c) 2019-2024 Minist\xc3\xa8re "
			                       "des Solidarit\xc3\xa9s et de la Sant\xc3\xa9\n\n%s",
			                       name, data);
			got = identify(copy, strlen(copy), file, &m);
			ok = !strcmp(got, want);
			json_array_foreach(same, i, v)
				ok |= !strcmp(got, json_string_value(v));
			if (!ok)
				fail_msg("%s with a title and copyright: %s, want %s", file,
				         got, want);
			free(copy);
		}
		free(data);
		checked++;
	}
	assert_true(checked >= 60);
	json_decref(index);
}

/* MIT.txt with its template copyright line replaced. */
static char *mit_with(const char *insert_after, const char *insert)
{
	size_t len;
	char *mit = must_read("MIT.txt", &len), *at = strstr(mit, insert_after);
	char *out;

	assert_non_null(at);
	at += strlen(insert_after);
	out = xasprintf("%.*s%s%s", (int)(at - mit), mit, insert, at);
	free(mit);
	return out;
}

static void mit_with_an_added_restriction_is_not_mit(void **state)
{
	char *s = mit_with("following conditions:",
	                   "\n\nThe Software shall not be used by any military "
	                   "organisation.\n");
	struct license_match m;

	(void)state;
	assert_string_equal(identify(s, strlen(s), "LICENSE", &m), "(none)");
	assert_non_null(m.guess);
	assert_string_equal(m.guess->spdx, "MIT");
	assert_true(m.guess_confidence < LICENSE_THRESHOLD);
	assert_true(m.guess_confidence > 80);
	free(s);
}

static void apache_with_its_patent_clause_replaced_is_not_apache(void **state)
{
	size_t len;
	char *ap = must_read("Apache-2.0.txt", &len);
	char *a = strstr(ap, "3. Grant of Patent License");
	char *b = strstr(ap, "4. Redistribution");
	char *s;
	struct license_match m;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	s = xasprintf("%.*s3. No Patent License. No patent license is granted by "
	              "any Contributor under this License, whether express or "
	              "implied.\n\n%s", (int)(a - ap), ap, b);
	assert_string_equal(identify(s, strlen(s), "LICENSE", &m), "(none)");
	assert_string_equal(m.guess->spdx, "Apache-2.0");
	free(s);
	free(ap);
}

static void shuffled_words_fail_the_bigram_guard(void **state)
{
	/* Same words as MIT's body, in reverse order. */
	size_t len;
	char *mit = must_read("MIT.txt", &len), *body = strstr(mit, "Permission");
	struct buf b = BUF_INIT;
	char *words[400], *save = NULL;
	size_t n = 0;
	struct license_match m;

	(void)state;
	for (char *w = strtok_r(body, " \n", &save); w && n < 400;
	     w = strtok_r(NULL, " \n", &save))
		words[n++] = w;
	while (n)
		buf_adds(&b, words[--n]), buf_addc(&b, ' ');
	assert_string_equal(identify(b.data, b.len, "LICENSE", &m), "(none)");
	assert_string_equal(m.guess->spdx, "MIT");
	buf_free(&b);
	free(mit);
}

static void mit_in_markdown_with_a_real_copyright_is_mit(void **state)
{
	size_t len;
	char *mit = must_read("MIT.txt", &len), *body = strstr(mit, "Permission");
	char *s = xasprintf("# The MIT License (MIT)\n\nCopyright \xc2\xa9 2019-2023 "
	                    "DREES <drees@sante.gouv.fr>\n\n%s", body);
	struct license_match m;

	(void)state;
	assert_string_equal(identify(s, strlen(s), "LICENSE.md", &m), "MIT");
	assert_string_equal(m.matcher, "template");
	free(s);
	free(mit);
}

static void mit_as_html_is_mit(void **state)
{
	size_t len;
	char *mit = must_read("MIT.txt", &len), *body = strstr(mit, "Permission");
	char *s = xasprintf("<html><body><h1>MIT License</h1><p>Copyright &copy; "
	                    "2020 HAS</p><p>%s</p></body></html>", body);
	struct license_match m;

	(void)state;
	assert_string_equal(identify(s, strlen(s), "LICENSE.html", &m), "MIT");
	free(s);
	free(mit);
}

static void mit_in_utf16_with_crlf_is_mit(void **state)
{
	size_t len;
	char *mit = must_read("MIT.txt", &len);
	struct buf b = BUF_INIT;
	struct license_match m;

	(void)state;
	buf_add(&b, "\xff\xfe", 2);
	for (size_t i = 0; i < len; i++) {
		if (mit[i] == '\n')
			buf_add(&b, "\r\0", 2);
		buf_addc(&b, mit[i]);
		buf_addc(&b, '\0');
	}
	assert_string_equal(identify(b.data, b.len, "LICENSE", &m), "MIT");
	buf_free(&b);
	free(mit);
}

/* The French CeCILL-B, recoded to Latin-1 with CRLF, as cecill.info
 * distributes Licence_CeCILL-B_V1-fr.txt. */
static void latin1_crlf_french_cecill_b_is_cecill_b(void **state)
{
	size_t len, n;
	char *fr = must_read("CECILL-B.fr.txt", &len);
	struct buf b = BUF_INIT;
	struct license_match m;

	(void)state;
	for (size_t i = 0; i < len; i += n) {
		utf8proc_int32_t c;
		n = (size_t)utf8proc_iterate((const utf8proc_uint8_t *)fr + i,
		                             (utf8proc_ssize_t)(len - i), &c);
		assert_true(n > 0 && c < 0x100);
		if (c == '\n')
			buf_addc(&b, '\r');
		buf_addc(&b, (char)c);
	}
	assert_false(utf8_valid(b.data, b.len));
	assert_string_equal(identify(b.data, b.len, "Licence_CeCILL-B_V1-fr.txt",
	                             &m), "CECILL-B");
	assert_string_equal(m.ref->lang, "fr");
	buf_free(&b);
	free(fr);
}

static void english_and_french_cecill_c_both_give_cecill_c(void **state)
{
	size_t len;
	char *en = must_read("CECILL-C.txt", &len), *fr;
	struct license_match m;

	(void)state;
	assert_string_equal(identify(en, len, "LICENSE", &m), "CECILL-C");
	assert_string_equal(m.ref->lang, "en");
	fr = must_read("CECILL-C.fr.txt", &len);
	assert_string_equal(identify(fr, len, "LICENCE", &m), "CECILL-C");
	assert_string_equal(m.ref->lang, "fr");
	free(en);
	free(fr);
}

static void lesser_part_of_lgpl3_alone_is_lgpl3(void **state)
{
	size_t len;
	char *s = must_read("LGPL-3.0-only.lesser-part.txt", &len);
	struct license_match m;

	(void)state;
	assert_string_equal(identify(s, len, "COPYING.LESSER", &m), "LGPL-3.0-only");
	free(s);
}

static void a_readme_is_not_a_licence(void **state)
{
	static const char readme[] =
		"# Inventaire\n\nThis tool lists the public repositories of the "
		"social and health ministries. Build it with meson, then run "
		"`inventaire crawl`.\n";
	struct license_match m;

	(void)state;
	assert_string_equal(identify(readme, strlen(readme), "LICENSE", &m), "(none)");
	assert_null(m.matcher);
	assert_true(m.guess_confidence < 50);
}

static void a_copyright_notice_alone_is_no_licence(void **state)
{
	static const char c[] = "Copyright (c) 2020 Agence du Num\xc3\xa9rique "
	                        "en Sant\xc3\xa9\nAll rights reserved.\n";
	struct license_match m;

	(void)state;
	assert_string_equal(identify(c, strlen(c), "COPYRIGHT", &m), "NONE");
	assert_string_equal(m.matcher, "copyright");
}

static void an_empty_file_is_not_identified(void **state)
{
	struct license_match m;

	(void)state;
	assert_string_equal(identify("", 0, "LICENSE", &m), "(none)");
	assert_string_equal(identify("\n\n  \n", 5, "LICENSE", &m), "(none)");
}


/* ---- cases of real copies, written for these tests ---- */

/* TEXT's body from its first line starting with FIRST. */
static char *body_from(const char *name, const char *first)
{
	size_t len;
	char *t = must_read(name, &len), *at = strstr(t, first), *out;

	assert_non_null(at);
	out = xstrdup(at);
	free(t);
	return out;
}

static void a_licence_in_markdown_is_identified(void **state)
{
	char *bsd = body_from("BSD-3-Clause.txt", "Redistribution"), *s, *full;
	struct license_match m;

	(void)state;
	/* a setext title, emphasis, entities in the copyright line, an
	 * autolink, "* " bullets instead of numbers, a bold disclaimer */
	bsd[strstr(bsd, "THIS SOFTWARE") - bsd - 1] = '\0';
	s = xasprintf("BSD 3-Clause License\n====================\n\n"
	              "Copyright &copy; 2024, _Agence du Num\xc3\xa9rique en "
	              "Sant\xc3\xa9_ &lt;<https://esante.gouv.fr>&gt;\n\n%s\n\n"
	              "**THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND "
	              "CONTRIBUTORS \"AS IS\"** %s", bsd,
	              strstr(full = must_read("BSD-3-Clause.txt", &(size_t){ 0 }),
	                     "AND ANY EXPRESS"));
	free(full);
	for (char *p = s; (p = strstr(p, "\n1. ")) || (p = strstr(s, "\n2. ")) ||
	     (p = strstr(s, "\n3. "));)
		memcpy(p + 1, "* ", 2);
	assert_string_equal(identify(s, strlen(s), "LICENSE.md", &m), "BSD-3-Clause");
	assert_string_equal(m.matcher, "template");
	assert_false(m.modified);
	free(s);
	free(bsd);
}

static void a_licence_in_html_is_identified_whatever_its_name(void **state)
{
	char *mit = body_from("MIT.txt", "Permission");
	char *s = xasprintf("<!DOCTYPE html>\n<html><head><title>Licence</title>"
	                    "</head><body>\n<h1>The MIT License (MIT)</h1>\n"
	                    "<p>Copyright &#169; 2021 DREES</p>\n<p>%s</p>\n"
	                    "</body></html>\n", mit);
	struct license_match m;

	(void)state;
	assert_string_equal(identify(s, strlen(s), "LICENSE", &m), "MIT");
	assert_string_equal(m.matcher, "template");
	free(s);
	free(mit);
}

static void a_copyright_notice_over_several_lines_is_set_aside(void **state)
{
	char *bsd = body_from("BSD-2-Clause.txt", "Redistribution");
	char *s = xasprintf("Copyright (c) 2015-2021, Agence du Num\xc3\xa9rique en "
	                    "Sant\xc3\xa9\n                 Direction de la recherche, "
	                    "des \xc3\xa9tudes,\n                 de l'\xc3\xa9valuation "
	                    "et des statistiques <drees@sante.gouv.fr>\nAll rights "
	                    "reserved.\n%s", bsd);
	struct license_match m;

	(void)state;
	assert_string_equal(identify(s, strlen(s), "LICENSE", &m), "BSD-2-Clause");
	assert_string_equal(m.matcher, "template");
	free(s);
	free(bsd);
}

static void a_copyright_block_alone_is_no_licence(void **state)
{
	static const char c[] =
		"Copyright (C) 2019-2024 Direction g\xc3\xa9n\xc3\xa9rale de la sant\xc3\xa9\n"
		"Copyright (C) 2023 Caisse nationale de l'assurance maladie\n"
		"              and the contributors listed in AUTHORS\n"
		"All rights reserved.\n";
	struct license_match m;

	(void)state;
	assert_string_equal(identify(c, strlen(c), "COPYRIGHT", &m), "NONE");
	assert_string_equal(m.matcher, "copyright");
}

/* A patent grant of our own words, as projects add one beside their
 * licence. */
static const char patent_grant[] =
	"Additional Grant of Patent Rights\n\n"
	"The Ministry grants to each recipient of the software a perpetual, "
	"worldwide, royalty-free, irrevocable licence under its patents to make, "
	"use and sell the software. This grant ends for anyone who brings a "
	"patent claim against the Ministry.\n";

static void bsd_with_a_patent_grant_is_not_plain_bsd(void **state)
{
	char *bsd = must_read("BSD-3-Clause.txt", &(size_t){ 0 });
	char *s = xasprintf("%s\n%s", bsd, patent_grant);
	struct license_match m;

	(void)state;
	assert_string_equal(identify(s, strlen(s), "LICENSE", &m), "(none)");
	assert_true(m.modified);
	assert_string_equal(m.ref->spdx, "BSD-3-Clause");
	assert_true(m.diff.known);
	assert_true(m.diff.nadded > 30);
	assert_non_null(strstr(m.diff.added, "additional grant of patent rights"));
	free(s);
	free(bsd);
}

static void a_patents_file_alone_is_not_a_licence(void **state)
{
	struct license_match m;

	(void)state;
	assert_string_equal(identify(patent_grant, strlen(patent_grant), "PATENTS",
	                             &m), "(none)");
	assert_false(m.modified);
	assert_true(m.guess_confidence < 50);
}

static void permission_not_granted_is_not_mit(void **state)
{
	char *s = mit_with("Permission is ", "NOT ");
	struct license_match m;

	(void)state;
	/* licensee and licensecheck take it for MIT: one word */
	assert_string_equal(identify(s, strlen(s), "LICENSE", &m), "(none)");
	assert_true(m.modified);
	assert_string_equal(m.matcher, "similar");
	assert_string_equal(m.ref->spdx, "MIT");
	assert_true(m.confidence >= LICENSE_THRESHOLD);
	assert_string_equal(m.diff.added, "not");
	assert_int_equal(m.diff.nremoved, 0);
	free(s);
}

static void apache_with_modified_terms_is_not_apache(void **state)
{
	size_t len;
	char *ap = must_read("Apache-2.0.txt", &len);
	char *s = strstr(ap, "perpetual, worldwide");
	struct license_match m;

	(void)state;
	memcpy(s, "temporary, national ", 20);
	assert_string_equal(identify(ap, len, "LICENSE", &m), "(none)");
	assert_true(m.modified);
	assert_string_equal(m.ref->spdx, "Apache-2.0");
	assert_string_equal(m.diff.added, "temporary national");
	assert_string_equal(m.diff.removed, "perpetual worldwide");
	free(ap);
}

static void a_standard_notice_in_a_source_file_is_identified(void **state)
{
	static const char c[] =
		"/*\n * inventaire.c - the inventory of public source code\n"
		" * Copyright (C) 2024 DREES\n *\n"
		" * This program is free software: you can redistribute it and/or modify\n"
		" * it under the terms of the GNU General Public License as published by\n"
		" * the Free Software Foundation, either version 3 of the License, or\n"
		" * (at your option) any later version.\n *\n"
		" * This program is distributed in the hope that it will be useful,\n"
		" * but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
		" * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\n"
		" * GNU General Public License for more details.\n *\n"
		" * You should have received a copy of the GNU General Public License\n"
		" * along with this program.  If not, see <https://www.gnu.org/licenses/>.\n"
		" */\n#include <stdio.h>\n\nint main(void)\n{\n\treturn 0;\n}\n";
	struct license_match m;

	(void)state;
	assert_string_equal(identify(c, strlen(c), "inventaire.c", &m),
	                    "GPL-3.0-or-later");
	assert_string_equal(m.matcher, "notice");
}

static void a_readme_licence_section_names_the_licence(void **state)
{
	static const char readme[] =
		"# Outil\n\nIl liste les d\xc3\xa9p\xc3\xb4ts. Voir [la licence](LICENSE).\n\n"
		"Licence\n-------\n\nCe logiciel est publi\xc3\xa9 sous la licence "
		"[EUPL-1.2](https://joinup.ec.europa.eu/collection/eupl).\n\n"
		"Contribuer\n----------\n\nLes contributions sont sous la m\xc3\xaame licence.\n";
	struct license_match m;

	(void)state;
	assert_string_equal(identify(readme, strlen(readme), "README.md", &m),
	                    "EUPL-1.2");
	assert_string_equal(m.matcher, "reference");
	assert_true(m.confidence < 100);
}

static void a_readme_section_with_the_full_text_is_that_licence(void **state)
{
	char *mit = must_read("MIT.txt", &(size_t){ 0 });
	char *s = xasprintf("# Tool\n\nIt lists repositories.\n\n## License\n\n"
	                    "This project is released under the following terms:\n\n"
	                    "%s\n## Authors\n\nDREES\n", mit);
	struct license_match m;

	(void)state;
	assert_string_equal(identify(s, strlen(s), "README.md", &m), "MIT");
	assert_string_equal(m.matcher, "template");
	assert_false(m.modified);
	free(s);
	free(mit);
}

static void several_licences_in_one_file_are_none_of_them(void **state)
{
	char *isc = must_read("ISC.txt", &(size_t){ 0 });
	char *mit = must_read("MIT.txt", &(size_t){ 0 });
	char *s = xasprintf("# Licences\n\n## License\n\n%s\n\nThe bundled "
	                    "parser is under this licence:\n\n%s", isc, mit);
	struct license_match m;

	(void)state;
	/* a "License" section outside a README is not its file's licence */
	assert_string_equal(identify(s, strlen(s), "LICENSE.md", &m), "(none)");
	assert_true(m.modified);
	assert_true(m.diff.nadded > 100);
	free(s);
	free(isc);
	free(mit);
}

static void a_latin1_readme_section_is_read(void **state)
{
	static const char readme[] =
		"Outil\n=====\n\nIl r\xe9pertorie les d\xe9p\xf4ts.\n\n"
		"## Licence\n\nPubli\xe9 sous licence CeCILL-B, voir le fichier LICENCE.\n";
	struct license_match m;

	(void)state;
	assert_string_equal(identify(readme, strlen(readme), "README", &m),
	                    "CECILL-B");
	assert_string_equal(m.matcher, "reference");
}

/* A word made of letters only, different for each N ("qzxa", "qzxb"...). */
static void junk_word(struct buf *b, unsigned n)
{
	buf_adds(b, " qzx");
	do {
		buf_addc(b, (char)('a' + n % 26));
		n /= 26;
	} while (n);
}

/* The threshold is compared without rounding: a text 97.96% similar is
 * not "98.0% similar" when 98% is needed. The AGPL-3.0 with 13 made-up
 * words in its middle (too many to list: no template diff) is about 98%
 * similar; each repeated word then lowers the similarity by a few
 * hundredths (the length penalty), until one lands just under 98%. */
static void a_similarity_just_under_the_threshold_is_not_rounded_up(void **state)
{
	size_t len;
	char *agpl = must_read("AGPL-3.0-only.txt", &len);
	char *mid = strstr(agpl + len / 2, "\n\n");
	bool seen = false, above = false;

	(void)state;
	assert_non_null(mid);
	for (unsigned r = 0; r <= 400 && !seen; r++) {
		struct buf b = BUF_INIT;
		struct license_match m;

		buf_add(&b, agpl, (size_t)(mid - agpl));
		buf_adds(&b, "\n\n");
		for (unsigned i = 0; i < 13; i++)
			junk_word(&b, i);
		for (unsigned i = 0; i < r; i++)
			buf_adds(&b, " the");
		buf_add(&b, mid, len - (size_t)(mid - agpl));
		assert_int_equal(license_match(&m, b.data, b.len, "LICENSE"), 0);
		above |= m.modified && m.confidence >= LICENSE_THRESHOLD;
		if (m.guess && m.guess_confidence >= 97.95 &&
		    m.guess_confidence < LICENSE_THRESHOLD) {
			seen = true;
			assert_null(m.spdx);
			assert_false(m.modified);
		}
		buf_free(&b);
	}
	if (!seen || !above)
		fail_msg("the texts do not cross 98%% in small steps: change them");
	free(agpl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_similarity_just_under_the_threshold_is_not_rounded_up),
		cmocka_unit_test(latin1_text_is_decoded_as_latin1),
		cmocka_unit_test(crlf_and_cr_become_lf),
		cmocka_unit_test(utf8_bom_is_dropped),
		cmocka_unit_test(utf16_with_bom_is_decoded_both_ways),
		cmocka_unit_test(binary_data_is_refused),
		cmocka_unit_test(ampersand_becomes_and_and_case_is_folded),
		cmocka_unit_test(bullets_and_numbering_are_dropped),
		cmocka_unit_test(word_hyphenated_across_lines_is_rejoined),
		cmocka_unit_test(title_and_copyright_lines_are_stripped),
		cmocka_unit_test(british_spelling_urls_and_quotes_are_unified),
		cmocka_unit_test(a_licence_pasted_as_a_comment_loses_its_prefix),
		cmocka_unit_test(text_after_end_of_terms_is_ignored),
		cmocka_unit_test(every_reference_text_is_identified),
		cmocka_unit_test(mit_with_an_added_restriction_is_not_mit),
		cmocka_unit_test(apache_with_its_patent_clause_replaced_is_not_apache),
		cmocka_unit_test(shuffled_words_fail_the_bigram_guard),
		cmocka_unit_test(mit_in_markdown_with_a_real_copyright_is_mit),
		cmocka_unit_test(mit_as_html_is_mit),
		cmocka_unit_test(mit_in_utf16_with_crlf_is_mit),
		cmocka_unit_test(latin1_crlf_french_cecill_b_is_cecill_b),
		cmocka_unit_test(english_and_french_cecill_c_both_give_cecill_c),
		cmocka_unit_test(lesser_part_of_lgpl3_alone_is_lgpl3),
		cmocka_unit_test(a_readme_is_not_a_licence),
		cmocka_unit_test(a_copyright_notice_alone_is_no_licence),
		cmocka_unit_test(an_empty_file_is_not_identified),
		cmocka_unit_test(a_licence_in_markdown_is_identified),
		cmocka_unit_test(a_licence_in_html_is_identified_whatever_its_name),
		cmocka_unit_test(a_copyright_notice_over_several_lines_is_set_aside),
		cmocka_unit_test(a_copyright_block_alone_is_no_licence),
		cmocka_unit_test(bsd_with_a_patent_grant_is_not_plain_bsd),
		cmocka_unit_test(a_patents_file_alone_is_not_a_licence),
		cmocka_unit_test(permission_not_granted_is_not_mit),
		cmocka_unit_test(apache_with_modified_terms_is_not_apache),
		cmocka_unit_test(a_standard_notice_in_a_source_file_is_identified),
		cmocka_unit_test(a_readme_licence_section_names_the_licence),
		cmocka_unit_test(a_readme_section_with_the_full_text_is_that_licence),
		cmocka_unit_test(several_licences_in_one_file_are_none_of_them),
		cmocka_unit_test(a_latin1_readme_section_is_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
