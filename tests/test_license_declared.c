/* test_license_declared.c - tests crawler/license/license_declared.c: the
 * licence declared by each manifest kind, publiccode.yml and a README. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/license/license_declared.h"
#include "lib/alloc.h"
#include "lib/error.h"

/* The canonical expression FILE NAME declares, "(none)", or "(unparsable)";
 * "?raw" when the value did not resolve. */
static const char *declared(const char *name, const char *content,
                            unsigned *line)
{
	static char out[512];
	struct license_declared d;
	int err = license_declared_from_file(&d, name, content, strlen(content));

	if (err == ERROR_NOTFOUND)
		return "(none)";
	if (err == ERROR_PARSE)
		return "(unparsable)";
	assert_int_equal(err, 0);
	assert_string_equal(d.source, name);
	if (d.expr) {
		char *f = spdx_format(d.expr);
		snprintf(out, sizeof(out), "%s", f);
		free(f);
	} else {
		snprintf(out, sizeof(out), "?%s", d.raw);
	}
	if (line)
		*line = d.line;
	license_declared_clear(&d);
	return out;
}

static const char *readme(const char *content)
{
	static char out[512];
	struct license_declared d;
	char *f;

	if (license_declared_from_readme(&d, "README.md", content,
	                                 strlen(content)) == ERROR_NOTFOUND)
		return "(none)";
	f = d.expr ? spdx_format(d.expr) : xasprintf("?%s", d.raw);
	snprintf(out, sizeof(out), "%s", f);
	free(f);
	license_declared_clear(&d);
	return out;
}

static void package_json_license_is_read(void **state)
{
	unsigned line = 0;

	(void)state;
	assert_string_equal(declared("package.json",
	                             "{\n  \"name\": \"x\",\n  \"license\": \"MIT\"\n}", &line),
	                    "MIT");
	assert_int_equal(line, 3);
	assert_string_equal(declared("package.json",
	                             "{\"license\": \"(MIT OR GPL-3.0+)\"}", NULL),
	                    "MIT OR GPL-3.0-or-later");
	assert_string_equal(declared("package.json", "{\"license\": {\"type\": \"ISC\"}}",
	                             NULL), "ISC");
	assert_string_equal(declared("package.json", "{\"license\": \"UNLICENSED\"}", NULL),
	                    "?UNLICENSED");
	assert_string_equal(declared("package.json", "{\"name\": \"x\"}", NULL), "(none)");
	assert_string_equal(declared("package.json", "{\"license\": ", NULL), "(unparsable)");
}

static void composer_json_list_is_a_choice(void **state)
{
	(void)state;
	assert_string_equal(declared("composer.json",
	                             "{\"license\": [\"CECILL-C\", \"CECILL-2.1\"]}", NULL),
	                    "CECILL-C OR CECILL-2.1");
}

static void cargo_toml_reads_package_license_and_old_slashes(void **state)
{
	static const char cargo[] =
		"[dependencies]\nlicense = \"nope\"\n\n[package]\nname = \"x\"\n"
		"license = \"MIT/Apache-2.0\"\n";
	unsigned line = 0;

	(void)state;
	assert_string_equal(declared("Cargo.toml", cargo, &line), "MIT OR Apache-2.0");
	assert_int_equal(line, 6);
}

static void pyproject_reads_spdx_string_or_text_table(void **state)
{
	(void)state;
	assert_string_equal(declared("pyproject.toml",
	                             "[project]\nname = 'x'\nlicense = 'EUPL-1.2'\n", NULL),
	                    "EUPL-1.2");
	assert_string_equal(declared("pyproject.toml",
	                             "[project]\nlicense = { text = \"Apache License 2.0\" }\n",
	                             NULL), "Apache-2.0");
	assert_string_equal(declared("pyproject.toml",
	                             "[project]\nlicense = { file = \"LICENSE\" }\n", NULL),
	                    "(none)");
	assert_string_equal(declared("pyproject.toml",
	                             "[tool.poetry]\nlicense = \"GPL-3.0-or-later\"\n", NULL),
	                    "GPL-3.0-or-later");
}

static void setup_cfg_reads_metadata_license(void **state)
{
	(void)state;
	assert_string_equal(declared("setup.cfg",
	                             "[metadata]\nname = x\nlicense = BSD 3-Clause License\n",
	                             NULL), "BSD-3-Clause");
}

static void pom_xml_reads_license_names_not_the_project_name(void **state)
{
	static const char pom[] =
		"<project>\n  <name>MIT tools</name>\n  <licenses>\n    <license>\n"
		"      <name>The Apache Software License, Version 2.0</name>\n"
		"      <url>http://www.apache.org/licenses/LICENSE-2.0.txt</url>\n"
		"    </license>\n    <license><name>CeCILL-B</name></license>\n"
		"  </licenses>\n</project>\n";

	(void)state;
	assert_string_equal(declared("pom.xml", pom, NULL), "Apache-2.0 OR CECILL-B");
	assert_string_equal(declared("pom.xml", "<project><name>x</name></project>", NULL),
	                    "(none)");
}

static void r_description_translates_cran_names(void **state)
{
	(void)state;
	assert_string_equal(declared("DESCRIPTION",
	                             "Package: x\nLicense: GPL (>= 2)\n", NULL),
	                    "GPL-2.0-or-later");
	assert_string_equal(declared("DESCRIPTION", "License: MIT + file LICENSE\n", NULL),
	                    "MIT");
	assert_string_equal(declared("DESCRIPTION", "License: GPL-3 | EUPL-1.2\n", NULL),
	                    "GPL-3.0-only OR EUPL-1.2");
}

static void gemspec_reads_license_and_licenses(void **state)
{
	(void)state;
	assert_string_equal(declared("x.gemspec",
	                             "Gem::Specification.new do |s|\n  s.license = 'MIT'\nend\n",
	                             NULL), "MIT");
	assert_string_equal(declared("x.gemspec",
	                             "  spec.licenses = [\"MIT\", \"Apache-2.0\"]\n", NULL),
	                    "MIT OR Apache-2.0");
}

static void nuspec_reads_expression_or_license_url(void **state)
{
	(void)state;
	assert_string_equal(declared("x.nuspec",
	                             "<package><metadata><license type=\"expression\">"
	                             "MIT OR Apache-2.0</license></metadata></package>",
	                             NULL), "MIT OR Apache-2.0");
	assert_string_equal(declared("x.nuspec",
	                             "<metadata><licenseUrl>https://licenses.nuget.org/MPL-2.0"
	                             "</licenseUrl></metadata>", NULL), "MPL-2.0");
}

static void publiccode_legal_license_is_read_with_its_line(void **state)
{
	static const char pc[] =
		"publiccodeYmlVersion: \"0.4\"\nname: x\nlegal:\n  repoOwner: DREES\n"
		"  license: CECILL-C OR CECILL-2.1\n";
	unsigned line = 0;

	(void)state;
	assert_string_equal(declared("publiccode.yml", pc, &line), "CECILL-C OR CECILL-2.1");
	assert_int_equal(line, 5);
	assert_string_equal(declared("publiccode.yml", "name: x\n", NULL), "(none)");
	assert_string_equal(declared("publiccode.yml", "legal: [unclosed\n", NULL), "(unparsable)");
	assert_string_equal(declared("publiccode.yml", "legal: just text\n", NULL), "(none)");
}

static void an_unknown_name_is_kept_raw(void **state)
{
	(void)state;
	assert_string_equal(declared("package.json", "{\"license\": \"Licence maison\"}",
	                             NULL), "?Licence maison");
	assert_string_equal(declared("package.json", "{\"license\": \"GPL\"}", NULL), "?GPL");
}

static void readme_licence_section_names_the_licence(void **state)
{
	(void)state;
	assert_string_equal(readme("# Outil\n\nIntro MIT-like.\n\n## Licence\n\n"
	                           "Ce logiciel est distribu\xc3\xa9 sous licence CeCILL-B.\n"
	                           "\n## Contact\n\nMIT\n"), "CECILL-B");
	assert_string_equal(readme("Tool\n====\n\nLicense\n-------\n\n"
	                           "Released under the MIT License.\n"), "MIT");
	assert_string_equal(readme("## License\n\nLicensed under the European Union "
	                           "Public Licence v1.2 (EUPL-1.2).\n"), "EUPL-1.2");
}

static void readme_gpl_notice_with_any_later_version_is_or_later(void **state)
{
	(void)state;
	assert_string_equal(readme("## License\n\nThis program is free software: "
	                           "you can redistribute it under the terms of the GNU "
	                           "General Public License version 3, or (at your "
	                           "option) any later version.\n"), "GPL-3.0-or-later");
}

static void readme_dual_licence_is_a_choice(void **state)
{
	(void)state;
	assert_string_equal(readme("## Licensing\n\nDual-licensed under MIT or "
	                           "Apache 2.0, at your option.\n"), "MIT OR Apache-2.0");
}

static void readme_without_licence_section_or_name_declares_nothing(void **state)
{
	(void)state;
	assert_string_equal(readme("# Tool\n\nThe MIT License applies.\n"), "(none)");
	assert_string_equal(readme("## License\n\nSee the LICENSE file.\n"), "(none)");
	assert_string_equal(readme("## License\n"), "(none)");
}


/* The README in a buffer of exactly LEN bytes, no NUL after it, so that
 * AddressSanitizer sees any read past the end. */
static const char *readme_exact(const char *content, size_t len)
{
	static char out[512];
	struct license_declared d;
	char *buf = xmalloc(len), *f;
	int err;

	memcpy(buf, content, len);
	err = license_declared_from_readme(&d, "README.md", buf, len);
	free(buf);
	if (err == ERROR_NOTFOUND)
		return "(none)";
	f = d.expr ? spdx_format(d.expr) : xasprintf("?%s", d.raw);
	snprintf(out, sizeof(out), "%s", f);
	free(f);
	license_declared_clear(&d);
	return out;
}

static void readme_section_reader_never_reads_past_the_length(void **state)
{
	static const char more[] = "## License\n\nMIT\n\nTitle\n-----"
	                           "\n\nApache-2.0";

	(void)state;
	/* ends on a heading, on an underline, inside the section */
	assert_string_equal(readme_exact("# Tool\n\n## License\n\nMIT\n## Next", 31),
	                    "MIT");
	assert_string_equal(readme_exact("## License\n\nMIT\n\nTitle\n-----", 28),
	                    "MIT");
	assert_string_equal(readme_exact("## License\n\nMIT", 15), "MIT");
	assert_string_equal(readme_exact("## Licen", 8), "(none)");
	/* what lies past the length is not the README's */
	assert_string_equal(readme_exact(more, 15), "MIT");
	assert_string_equal(readme_exact(more, strlen(more)), "MIT");
}

static void readme_in_latin1_declares_its_licence(void **state)
{
	(void)state;
	assert_string_equal(readme("Outil\n=====\n\nLicence d'utilisation\n"
	                           "---------------------\n\nPubli\xe9 sous la licence "
	                           "CeCILL-C, version fran\xe7" "aise.\n"), "CECILL-C");
}

static void readme_section_may_link_to_the_licence(void **state)
{
	(void)state;
	assert_string_equal(readme("# Tool\n\n## License\n\n[![License badge]"
	                           "(https://img.shields.io/badge/license-blue.svg)]"
	                           "(https://opensource.org/licenses/BSD-3-Clause)\n"),
	                    "BSD-3-Clause");
	assert_string_equal(readme("## Licence\n\nVoir "
	                           "<https://www.apache.org/licenses/LICENSE-2.0>.\n"),
	                    "Apache-2.0");
}

static void readme_section_with_the_licence_text_declares_it(void **state)
{
	(void)state;
	assert_string_equal(readme("## License\n\nCopyright 2024 DREES\n\n"
	                           "Permission to use, copy, modify, and/or distribute "
	                           "this software for any purpose with or without fee "
	                           "is hereby granted, provided that the above "
	                           "copyright notice and this permission notice appear "
	                           "in all copies.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\" "
	                           "AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD "
	                           "TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF "
	                           "MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE "
	                           "AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, "
	                           "OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER "
	                           "RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER "
	                           "IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER "
	                           "TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION "
	                           "WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.\n"),
	                    "ISC");
}

static void free_text_names_resolve(void **state)
{
	static const struct { const char *in, *out; } v[] = {
		{ "Apache License, Version 2.0", "Apache-2.0" },
		{ "GNU GPLv3", "GPL-3.0-only" },
		{ "Licence Ouverte 2.0", "etalab-2.0" },
		{ "CeCILL v2.1", "CECILL-2.1" },
		{ "http://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0" },
		{ "https://opensource.org/licenses/MIT", "MIT" },
		{ "gpl-2.0+", "GPL-2.0-or-later" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++) {
		struct spdx_expr *e = license_declared_resolve(v[i].in);
		char *f;
		if (!e)
			fail_msg("'%s' did not resolve", v[i].in);
		f = spdx_format(e);
		assert_string_equal(f, v[i].out);
		free(f);
		spdx_free(e);
	}
	assert_null(license_declared_resolve("BSD"));
	assert_null(license_declared_resolve(""));
}

static void binary_manifest_is_refused(void **state)
{
	struct license_declared d;

	(void)state;
	assert_int_equal(license_declared_from_file(&d, "package.json", "{\0}", 3), ERROR_PARSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(package_json_license_is_read),
		cmocka_unit_test(composer_json_list_is_a_choice),
		cmocka_unit_test(cargo_toml_reads_package_license_and_old_slashes),
		cmocka_unit_test(pyproject_reads_spdx_string_or_text_table),
		cmocka_unit_test(setup_cfg_reads_metadata_license),
		cmocka_unit_test(pom_xml_reads_license_names_not_the_project_name),
		cmocka_unit_test(r_description_translates_cran_names),
		cmocka_unit_test(gemspec_reads_license_and_licenses),
		cmocka_unit_test(nuspec_reads_expression_or_license_url),
		cmocka_unit_test(publiccode_legal_license_is_read_with_its_line),
		cmocka_unit_test(an_unknown_name_is_kept_raw),
		cmocka_unit_test(readme_licence_section_names_the_licence),
		cmocka_unit_test(readme_gpl_notice_with_any_later_version_is_or_later),
		cmocka_unit_test(readme_dual_licence_is_a_choice),
		cmocka_unit_test(readme_without_licence_section_or_name_declares_nothing),
		cmocka_unit_test(readme_section_reader_never_reads_past_the_length),
		cmocka_unit_test(readme_in_latin1_declares_its_licence),
		cmocka_unit_test(readme_section_may_link_to_the_licence),
		cmocka_unit_test(readme_section_with_the_licence_text_declares_it),
		cmocka_unit_test(free_text_names_resolve),
		cmocka_unit_test(binary_manifest_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
