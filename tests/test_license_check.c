/* test_license_check.c - tests crawler/checks/license.c, the repository-level
 * licence check, on throw-away directories read with tree_open_dir. */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crawler/checks/checks.h"
#include "lib/repo.h"
#include "crawler/license/spdx.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/str.h"

/* ---- a throw-away repository ---- */

static char *texts_dir(void)
{
	const char *tests = getenv("TESTS_DIR");

	return xasprintf("%s/../data/licences/texts", tests ? tests : "tests");
}

/* data/licences/texts/NAME */
static char *ref(const char *name, size_t *len)
{
	char *dir = texts_dir(), *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;

	if (!f)
		fail_msg("cannot read %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	free(path);
	free(dir);
	if (len)
		*len = b.len;
	buf_addc(&b, '\0');
	return buf_detach(&b);
}

static void put(const char *dir, const char *path, const char *data, size_t len)
{
	char *full = xasprintf("%s/%s", dir, path), *slash = strrchr(full, '/');
	FILE *f;

	*slash = '\0';
	mkdir(full, 0755);
	*slash = '/';
	f = fopen(full, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	free(full);
}

static void puts_(const char *dir, const char *path, const char *s)
{
	put(dir, path, s, strlen(s));
}

/* Copy reference text NAME to PATH in DIR. */
static void put_ref(const char *dir, const char *path, const char *name)
{
	size_t len;
	char *s = ref(name, &len);

	put(dir, path, s, len);
	free(s);
}

static char *new_repo(void)
{
	char *dir = xstrdup("/tmp/inventaire-license-XXXXXX");

	assert_non_null(mkdtemp(dir));
	return dir;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

struct result {
	struct report *r;
	json_t *json;      /* the report as `check --format json` prints it */
	json_t *license;   /* its "license" object */
};

static struct result run_check(char *dir, const struct repo *repo)
{
	struct result res;
	struct tree *t;
	struct check_ctx ctx = { 0 };

	assert_int_equal(report_new(&res.r), 0);
	assert_int_equal(tree_open_dir(&t, dir), 0);
	ctx.report = res.r;
	ctx.tree = t;
	ctx.repo = repo;
	assert_int_equal(check_license.run(&ctx), 0);
	report_sort(res.r);
	tree_free(t);
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	res.json = report_to_json(res.r);
	res.license = json_object_get(res.json, "license");
	return res;
}

static const char *spdx_of(const struct result *res)
{
	json_t *s = json_object_get(res->license, "spdx");

	return json_is_string(s) ? json_string_value(s) : "(null)";
}

/* 1 true, 0 false, -1 null */
static int authorized(const struct result *res)
{
	json_t *a = json_object_get(res->license, "authorized");

	return json_is_null(a) ? -1 : json_is_true(a);
}

static const struct finding *finding(const struct result *res,
                                     const char *rule)
{
	for (size_t i = 0; i < res->r->nfindings; i++)
		if (!strcmp(res->r->findings[i].rule, rule))
			return &res->r->findings[i];
	return NULL;
}

static void done(struct result *res)
{
	json_decref(res->json);
	report_free(res->r);
}

/* ---- tests ---- */

static void mit_licence_file_is_mit_and_authorised(void **state)
{
	char *dir = new_repo();
	struct result res;
	json_t *f;

	(void)state;
	put_ref(dir, "LICENSE", "MIT.txt");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "MIT");
	assert_int_equal(authorized(&res), 1);
	assert_string_equal(json_string_value(json_object_get(res.license, "category")),
	                    "permissive");
	f = json_array_get(json_object_get(res.license, "files"), 0);
	assert_string_equal(json_string_value(json_object_get(f, "path")), "LICENSE");
	assert_string_equal(json_string_value(json_object_get(f, "spdx")), "MIT");
	assert_string_equal(json_string_value(json_object_get(f, "matcher")), "template");
	assert_true(json_real_value(json_object_get(f, "confidence")) == 100.0);
	assert_int_equal(res.r->nfindings, 0);
	done(&res);
}

static void no_licence_file_is_an_error_and_unknown(void **state)
{
	char *dir = new_repo();
	struct result res;

	(void)state;
	puts_(dir, "README.md", "# x\n");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "(null)");
	assert_int_equal(authorized(&res), -1);
	assert_non_null(finding(&res, "license.missing"));
	assert_int_equal(finding(&res, "license.missing")->level, LEVEL_ERROR);
	assert_null(finding(&res, "license.not-authorized"));
	done(&res);
}

static void a_licence_only_in_the_work_tree_is_named_with_the_way_out(void **state)
{
	char *dir = new_repo();
	struct check_ctx ctx = { 0 };
	const struct finding *f = NULL;
	struct report *r;
	struct tree *t;

	(void)state;
	puts_(dir, "README.md", "# x\n");
	assert_int_equal(report_new(&r), 0);
	assert_int_equal(tree_open_dir(&t, dir), 0);
	ctx.report = r;
	ctx.tree = t;
	/* The fact the driver passes for a local clone. */
	ctx.uncommitted_license = "LICENCE.md";
	assert_int_equal(check_license.run(&ctx), 0);
	for (size_t i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule, "license.missing"))
			f = &r->findings[i];
	assert_non_null(f);
	assert_int_equal(f->level, LEVEL_ERROR);
	assert_non_null(strstr(f->message, "LICENCE.md is in the work tree but "
	                       "not committed"));
	assert_non_null(strstr(f->fix, "--worktree"));
	tree_free(t);
	report_free(r);
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

static void gpl2_is_not_authorised(void **state)
{
	char *dir = new_repo();
	struct result res;
	const struct finding *f;

	(void)state;
	put_ref(dir, "COPYING", "GPL-2.0-only.txt");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "GPL-2.0-only");
	assert_int_equal(authorized(&res), 0);
	assert_true(json_is_null(json_object_get(res.license, "category")));
	f = finding(&res, "license.not-authorized");
	assert_non_null(f);
	assert_int_equal(f->level, LEVEL_WARNING);
	assert_non_null(strstr(f->fix, "EUPL-1.2"));
	done(&res);
}

/* Latin-1, CRLF, the name cecill.info gives it. */
static void latin1_french_cecill_b_file_is_cecill_b(void **state)
{
	char *dir = new_repo();
	size_t len;
	char *fr = ref("CECILL-B.fr.txt", &len);
	struct buf b = BUF_INIT;
	struct result res;

	(void)state;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)fr[i];
		if (c == 0xC3 && i + 1 < len) {  /* é, è, à... are all U+00C0-U+00FF */
			buf_addc(&b, (char)(0xC0 | ((unsigned char)fr[++i] & 0x3F)));
			continue;
		}
		if (c == 0xC2 && i + 1 < len) {
			buf_addc(&b, fr[++i]);
			continue;
		}
		if (c == '\n')
			buf_addc(&b, '\r');
		buf_addc(&b, (char)c);
	}
	assert_false(utf8_valid(b.data, b.len));
	put(dir, "Licence_CeCILL-B_V1-fr.txt", b.data, b.len);
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "CECILL-B");
	assert_int_equal(authorized(&res), 1);
	assert_int_equal(res.r->nfindings, 0);
	buf_free(&b);
	free(fr);
	done(&res);
}

static void french_and_english_copies_of_one_licence_collapse(void **state)
{
	char *dir = new_repo();
	struct result res;

	(void)state;
	put_ref(dir, "Licence_CeCILL_V2.1-fr.txt", "CECILL-2.1.fr.txt");
	put_ref(dir, "Licence_CeCILL_V2.1-en.txt", "CECILL-2.1.txt");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "CECILL-2.1");
	assert_int_equal(json_array_size(json_object_get(res.license, "files")), 2);
	assert_int_equal(json_array_size(json_object_get(res.license, "licenses")), 1);
	assert_null(finding(&res, "license.multiple"));
	done(&res);
}

static void two_licences_give_noassertion_and_the_list(void **state)
{
	char *dir = new_repo();
	struct result res;
	json_t *l;

	(void)state;
	put_ref(dir, "LICENSE-MIT", "MIT.txt");
	put_ref(dir, "LICENSE-APACHE", "Apache-2.0.txt");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "NOASSERTION");
	assert_int_equal(authorized(&res), -1);
	l = json_object_get(res.license, "licenses");
	assert_int_equal(json_array_size(l), 2);
	assert_non_null(finding(&res, "license.multiple"));
	assert_int_equal(finding(&res, "license.multiple")->level, LEVEL_INFO);
	done(&res);
}

static void a_consistent_manifest_expression_is_reported(void **state)
{
	char *dir = new_repo();
	struct result res;
	json_t *d;

	(void)state;
	put_ref(dir, "LICENSE-MIT", "MIT.txt");
	put_ref(dir, "LICENSE-APACHE", "Apache-2.0.txt");
	puts_(dir, "Cargo.toml", "[package]\nname = \"x\"\nlicense = \"MIT OR Apache-2.0\"\n");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "MIT OR Apache-2.0");
	assert_int_equal(authorized(&res), 1);
	d = json_array_get(json_object_get(res.license, "declared"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "source")), "Cargo.toml");
	assert_string_equal(json_string_value(json_object_get(d, "expression")),
	                    "MIT OR Apache-2.0");
	assert_null(finding(&res, "license.mismatch"));
	done(&res);
}

static void reuse_layout_with_publiccode_expression(void **state)
{
	char *dir = new_repo();
	struct result res;

	(void)state;
	put_ref(dir, "LICENSES/CECILL-C.txt", "CECILL-C.fr.txt");
	put_ref(dir, "LICENSES/CECILL-2.1.txt", "CECILL-2.1.txt");
	puts_(dir, "publiccode.yml", "publiccodeYmlVersion: '0.4'\nlegal:\n"
	      "  license: CECILL-C OR CECILL-2.1\n");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "CECILL-C OR CECILL-2.1");
	assert_int_equal(authorized(&res), 1);
	assert_string_equal(json_string_value(json_object_get(res.license, "category")),
	                    "reciprocal");
	done(&res);
}

static void reuse_file_name_tells_or_later_from_only(void **state)
{
	char *dir = new_repo();
	struct result res;

	(void)state;
	put_ref(dir, "LICENSES/GPL-3.0-or-later.txt", "GPL-3.0-only.txt");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "GPL-3.0-or-later");
	assert_int_equal(authorized(&res), 1);
	assert_null(json_object_get(res.license, "note"));
	done(&res);
}

static void gpl3_text_alone_is_authorised_with_a_note(void **state)
{
	char *dir = new_repo();
	struct result res;

	(void)state;
	put_ref(dir, "COPYING", "GPL-3.0-or-later.txt");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "GPL-3.0-only");
	assert_int_equal(authorized(&res), 1);
	assert_non_null(json_object_get(res.license, "note"));
	done(&res);
}

static void a_modified_licence_is_reported_with_the_words(void **state)
{
	char *dir = new_repo();
	size_t len;
	char *mit = ref("MIT.txt", &len), *at = strstr(mit, "following conditions:");
	char *s;
	struct result res;
	const struct finding *f;
	json_t *file, *m;

	(void)state;
	assert_non_null(at);
	at += strlen("following conditions:");
	s = xasprintf("%.*s\n\nNo military use.\n%s", (int)(at - mit), mit, at);
	puts_(dir, "LICENSE", s);
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "NOASSERTION");
	assert_int_equal(authorized(&res), -1);
	assert_null(finding(&res, "license.unidentified"));
	f = finding(&res, "license.modified");
	assert_non_null(f);
	assert_int_equal(f->level, LEVEL_WARNING);
	assert_string_equal(f->path, "LICENSE");
	assert_non_null(strstr(f->message, "MIT"));
	assert_non_null(strstr(f->message, "added \"no military use\""));
	file = json_array_get(json_object_get(res.license, "files"), 0);
	assert_string_equal(json_string_value(json_object_get(file, "spdx")),
	                    "NOASSERTION");
	m = json_object_get(file, "modified");
	assert_string_equal(json_string_value(json_object_get(m, "spdx")), "MIT");
	assert_int_equal(json_array_size(json_object_get(m, "added")), 3);
	free(s);
	free(mit);
	done(&res);
}

static void one_changed_word_is_enough_to_not_be_mit(void **state)
{
	char *dir = new_repo();
	size_t len;
	char *mit = ref("MIT.txt", &len), *at = strstr(mit, "hereby granted");
	char *s;
	struct result res;
	const struct finding *f;

	(void)state;
	s = xasprintf("%.*sNOT granted%s", (int)(at - mit), mit,
	              at + strlen("hereby granted"));
	puts_(dir, "LICENSE", s);
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "NOASSERTION");
	assert_null(finding(&res, "license.not-authorized"));
	f = finding(&res, "license.modified");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "added \"not\", removed \"hereby\""));
	free(s);
	free(mit);
	done(&res);
}

static void a_licence_file_named_after_its_licence_is_found(void **state)
{
	char *dir = new_repo();
	struct result res;

	(void)state;
	put_ref(dir, "MIT-LICENSE", "MIT.txt");
	puts_(dir, "license.go", "package license\n");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "MIT");
	assert_int_equal(authorized(&res), 1);
	assert_null(finding(&res, "license.missing"));
	assert_int_equal(json_array_size(json_object_get(res.license, "files")), 1);
	done(&res);
}

static void bsd_with_a_patents_file_is_not_plain_bsd(void **state)
{
	char *dir = new_repo();
	struct result res;
	const struct finding *f;

	(void)state;
	put_ref(dir, "LICENSE", "BSD-3-Clause.txt");
	puts_(dir, "PATENTS", "Additional Grant of Patent Rights\n\nThe authors "
	      "grant a licence under their patents, which ends for anyone who "
	      "brings a patent claim against them.\n");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "NOASSERTION");
	assert_int_equal(authorized(&res), -1);
	f = finding(&res, "license.modified");
	assert_non_null(f);
	assert_string_equal(f->path, "PATENTS");
	assert_null(finding(&res, "license.unidentified"));
	done(&res);
}

static void reuse_licences_combine_by_and(void **state)
{
	char *dir = new_repo();
	struct result res;

	(void)state;
	put_ref(dir, "LICENSES/MIT.txt", "MIT.txt");
	put_ref(dir, "LICENSES/Apache-2.0.txt", "Apache-2.0.txt");
	puts_(dir, "main.c", "// SPDX-FileCopyrightText: 2024 DREES\n"
	      "// SPDX-License-Identifier: MIT\n");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "Apache-2.0 AND MIT");
	assert_int_equal(authorized(&res), 1);
	assert_null(finding(&res, "license.multiple"));
	done(&res);
}

static void reuse_with_a_licence_off_the_list_is_not_authorised(void **state)
{
	char *dir = new_repo();
	struct result res;

	(void)state;
	put_ref(dir, "LICENSES/MIT.txt", "MIT.txt");
	put_ref(dir, "LICENSES/CC0-1.0.txt", "CC0-1.0.txt");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "CC0-1.0 AND MIT");
	assert_int_equal(authorized(&res), 0);
	assert_non_null(finding(&res, "license.not-authorized"));
	/* no finding suggests a choice where REUSE combines by AND */
	for (size_t i = 0; i < res.r->nfindings; i++)
		assert_null(strstr(res.r->findings[i].fix ?
		                   res.r->findings[i].fix : "", " OR "));
	done(&res);
}

/* A REUSE repository is under every licence of its LICENSES/, however
 * many: none is left out of the expression. */
static void reuse_names_every_one_of_many_licences(void **state)
{
	char *dir = new_repo();
	struct result res;
	const char *spdx;
	size_t and = 0;

	(void)state;
	for (int i = 0; i < 40; i++) {
		char path[64], text[64];

		snprintf(path, sizeof(path), "LICENSES/LicenseRef-part-%02d.txt", i);
		snprintf(text, sizeof(text), "Terms of part %d, ours alone.\n", i);
		puts_(dir, path, text);
	}
	res = run_check(dir, NULL);
	spdx = spdx_of(&res);
	for (const char *p = spdx; (p = strstr(p, " AND ")); p++)
		and++;
	assert_int_equal(and, 39);
	assert_non_null(strstr(spdx, "LicenseRef-part-00"));
	assert_non_null(strstr(spdx, "LicenseRef-part-39"));
	assert_int_equal(authorized(&res), 0);
	done(&res);
}

/* Past the files a check reads, the licence is not known: never that of
 * the files that came first. */
static void more_licence_files_than_are_read_give_no_licence(void **state)
{
	char *dir = new_repo();
	struct result res;
	const struct finding *f;

	(void)state;
	for (int i = 0; i < 70; i++) {
		char path[64];

		snprintf(path, sizeof(path), "LICENSES/LicenseRef-x%02d.txt", i);
		put_ref(dir, path, "MIT.txt");
	}
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "NOASSERTION");
	assert_int_equal(authorized(&res), -1);
	f = finding(&res, "license.unidentified");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "More than 64 licence files"));
	done(&res);
}

static void a_readme_section_with_the_text_declares_it(void **state)
{
	char *dir = new_repo();
	size_t len;
	char *mit = ref("MIT.txt", &len);
	char *readme = xasprintf("# Outil\n\nIl liste des d\xe9p\xf4ts.\n\n"
	                         "## Licence\n\n%s\n## Contact\n\nDREES\n", mit);
	struct result res;
	const struct finding *f;

	(void)state;
	puts_(dir, "README.md", readme);
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "MIT");
	f = finding(&res, "license.missing");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "MIT is declared"));
	free(readme);
	free(mit);
	done(&res);
}

static void a_manifest_that_disagrees_is_a_mismatch(void **state)
{
	char *dir = new_repo();
	struct result res;
	const struct finding *f;

	(void)state;
	put_ref(dir, "LICENSE", "MIT.txt");
	puts_(dir, "package.json", "{\n  \"name\": \"x\",\n  \"license\": \"Apache-2.0\"\n}\n");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "MIT");
	f = finding(&res, "license.mismatch");
	assert_non_null(f);
	assert_string_equal(f->path, "package.json");
	assert_int_equal(f->line, 3);
	done(&res);
}

static void the_forge_licence_is_compared_with_the_files(void **state)
{
	char *dir = new_repo();
	struct repo repo = { 0 };
	struct result res;

	(void)state;
	put_ref(dir, "LICENSE", "MIT.txt");
	repo.license = "GPL-3.0";
	res = run_check(dir, &repo);
	assert_non_null(finding(&res, "license.mismatch"));
	done(&res);
	dir = new_repo();
	put_ref(dir, "LICENSE", "MIT.txt");
	repo.license = "mit";
	res = run_check(dir, &repo);
	assert_null(finding(&res, "license.mismatch"));
	done(&res);
}

static void lgpl_with_the_gpl_it_builds_on_is_lgpl(void **state)
{
	char *dir = new_repo();
	struct result res;

	(void)state;
	put_ref(dir, "COPYING.LESSER", "LGPL-3.0-only.lesser-part.txt");
	put_ref(dir, "COPYING", "GPL-3.0-only.txt");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "LGPL-3.0-only");
	assert_null(finding(&res, "license.multiple"));
	done(&res);
}

static void a_copyright_file_beside_the_licence_is_ignored(void **state)
{
	char *dir = new_repo();
	struct result res;

	(void)state;
	put_ref(dir, "LICENSE", "EUPL-1.2.txt");
	puts_(dir, "COPYRIGHT", "Copyright (c) 2023 Minist\xc3\xa8re de la Sant\xc3\xa9\n");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "EUPL-1.2");
	assert_null(finding(&res, "license.unidentified"));
	done(&res);
}

static void a_licence_directory_is_not_a_file(void **state)
{
	char *dir = new_repo();
	char *sub = xasprintf("%s/LICENSE", dir);
	struct result res;

	(void)state;
	mkdir(sub, 0755);
	free(sub);
	res = run_check(dir, NULL);
	assert_non_null(finding(&res, "license.not-a-file"));
	assert_non_null(finding(&res, "license.missing"));
	done(&res);
}

static void source_files_named_like_a_licence_are_not_licence_files(void **state)
{
	char *dir = new_repo();
	struct result res;

	(void)state;
	puts_(dir, "license.go", "package license\n");
	puts_(dir, "LICENSE.json", "{}\n");
	put_ref(dir, "LICENSE.rst", "BSD-2-Clause.txt");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "BSD-2-Clause");
	assert_int_equal(json_array_size(json_object_get(res.license, "files")), 1);
	done(&res);
}

static void a_declaration_without_text_is_still_missing(void **state)
{
	char *dir = new_repo();
	struct result res;

	(void)state;
	puts_(dir, "package.json", "{\"license\": \"MIT\"}");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "MIT");
	assert_non_null(finding(&res, "license.missing"));
	assert_non_null(strstr(finding(&res, "license.missing")->message, "MIT"));
	done(&res);
}

static void readme_section_agreeing_with_the_file(void **state)
{
	char *dir = new_repo();
	struct result res;
	json_t *d;

	(void)state;
	put_ref(dir, "LICENCE.md", "EUPL-1.2.txt");
	puts_(dir, "README.md", "# Outil\n\n## Licence\n\nPubli\xc3\xa9 sous EUPL-1.2.\n");
	res = run_check(dir, NULL);
	assert_string_equal(spdx_of(&res), "EUPL-1.2");
	d = json_array_get(json_object_get(res.license, "declared"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "source")), "README.md");
	assert_null(finding(&res, "license.mismatch"));
	done(&res);
}

/* Acceptance: a repository holding any reference text is identified. */
static void a_repository_with_each_reference_text_is_identified(void **state)
{
	char *dir = texts_dir(), *path = xasprintf("%s/INDEX.json", dir);
	json_t *index = json_load_file(path, 0, NULL), *e;
	const char *key;
	size_t n = 0;

	(void)state;
	assert_non_null(index);
	json_object_foreach(json_object_get(index, "texts"), key, e) {
		const char *want = json_string_value(json_object_get(e, "spdx"));
		char fam_want[64], fam_got[64];
		char *repo = new_repo();
		struct result res;

		put_ref(repo, "LICENSE", json_string_value(json_object_get(e, "file")));
		res = run_check(repo, NULL);
		spdx_family(fam_want, sizeof(fam_want), want);
		spdx_family(fam_got, sizeof(fam_got), spdx_of(&res));
		if (strcmp(fam_want, fam_got))
			fail_msg("%s: repository licence %s, want %s", key, spdx_of(&res), want);
		done(&res);
		n++;
	}
	assert_true(n >= 60);
	json_decref(index);
	free(path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mit_licence_file_is_mit_and_authorised),
		cmocka_unit_test(no_licence_file_is_an_error_and_unknown),
		cmocka_unit_test(a_licence_only_in_the_work_tree_is_named_with_the_way_out),
		cmocka_unit_test(gpl2_is_not_authorised),
		cmocka_unit_test(latin1_french_cecill_b_file_is_cecill_b),
		cmocka_unit_test(french_and_english_copies_of_one_licence_collapse),
		cmocka_unit_test(two_licences_give_noassertion_and_the_list),
		cmocka_unit_test(a_consistent_manifest_expression_is_reported),
		cmocka_unit_test(reuse_layout_with_publiccode_expression),
		cmocka_unit_test(reuse_file_name_tells_or_later_from_only),
		cmocka_unit_test(gpl3_text_alone_is_authorised_with_a_note),
		cmocka_unit_test(a_modified_licence_is_reported_with_the_words),
		cmocka_unit_test(one_changed_word_is_enough_to_not_be_mit),
		cmocka_unit_test(a_licence_file_named_after_its_licence_is_found),
		cmocka_unit_test(bsd_with_a_patents_file_is_not_plain_bsd),
		cmocka_unit_test(reuse_licences_combine_by_and),
		cmocka_unit_test(reuse_with_a_licence_off_the_list_is_not_authorised),
		cmocka_unit_test(reuse_names_every_one_of_many_licences),
		cmocka_unit_test(more_licence_files_than_are_read_give_no_licence),
		cmocka_unit_test(a_readme_section_with_the_text_declares_it),
		cmocka_unit_test(a_manifest_that_disagrees_is_a_mismatch),
		cmocka_unit_test(the_forge_licence_is_compared_with_the_files),
		cmocka_unit_test(lgpl_with_the_gpl_it_builds_on_is_lgpl),
		cmocka_unit_test(a_copyright_file_beside_the_licence_is_ignored),
		cmocka_unit_test(a_licence_directory_is_not_a_file),
		cmocka_unit_test(source_files_named_like_a_licence_are_not_licence_files),
		cmocka_unit_test(a_declaration_without_text_is_still_missing),
		cmocka_unit_test(readme_section_agreeing_with_the_file),
		cmocka_unit_test(a_repository_with_each_reference_text_is_identified),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
