/* test_codegouvfr.c - tests crawler/checks/codegouvfr.c: the files
 * ecosyste.ms's rules find (fetch_metadata_files_list in
 * app/models/repository.rb, ecosyste-ms/repos), which code.gouv.fr's
 * score reads, on folders built here. */
/* nftw(), mkdtemp() */
#define _XOPEN_SOURCE 700
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <git2.h>

#include "crawler/checks/driver.h"
#include "lib/alloc.h"
#include "lib/error.h"

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

/* A folder holding the files PATHS (NULL-terminated; "dir/" a folder),
 * checked as `inventaire check` checks a plain folder. */
static struct report *check_files(const char *const *paths)
{
	char *dir = xstrdup("/tmp/inventaire-test-cgf-XXXXXX");
	struct check_opts o = CHECK_OPTS_INIT;
	struct check_result res;
	struct report *r;

	assert_non_null(mkdtemp(dir));
	for (const char *const *p = paths; *p; p++) {
		char *path = xasprintf("%s/%s", dir, *p);

		for (char *s = strchr(path + strlen(dir) + 1, '/'); s;
		     s = strchr(s + 1, '/')) {
			*s = '\0';
			mkdir(path, 0755);
			*s = '/';
		}
		if (path[strlen(path) - 1] != '/') {
			FILE *f = fopen(path, "w");

			assert_non_null(f);
			fputs("text\n", f);
			fclose(f);
		}
		free(path);
	}
	o.path = dir;
	if (check_repository(&res, &o) < 0)
		fail_msg("%s", error_last());
	r = res.report;
	res.report = NULL;
	check_result_clear(&res);
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	return r;
}

static void found(const char *what, const char *got, const char *want)
{
	if (want ? !got || strcmp(got, want) : got != NULL)
		fail_msg("%s: got %s, want %s", what, got ? got : "(none)",
		         want ? want : "(none)");
}

#define FOUND(r, key, want) found(#key, (r)->codegouvfr.key, (want))

static void names_are_matched_as_prefixes_in_any_case_at_the_root(void **state)
{
	static const char *const files[] = {
		"License.md", "readme.rst", "CONTRIBUTING_fr.md", "Changes.txt",
		"publiccode.yaml", NULL,
	};
	struct report *r = check_files(files);

	(void)state;
	assert_true(r->codegouvfr.present);
	FOUND(r, license, "License.md");
	FOUND(r, readme, "readme.rst");
	FOUND(r, contributing, "CONTRIBUTING_fr.md");
	FOUND(r, changelog, "Changes.txt");
	FOUND(r, publiccode, "publiccode.yaml");
	report_free(r);
}

static void a_french_licence_and_nested_changelogs_are_not_theirs(void **state)
{
	static const char *const files[] = {
		"LICENCE", "docs/CHANGELOG.md", ".github/LICENSE", "src/README.md",
		"docs/publiccode.yml", NULL,
	};
	struct report *r = check_files(files);

	(void)state;
	/* ^LICENSE, ^CHANGE, ^publiccode: the root only; LICENCE is not
	 * LICENSE. Our own checks keep finding the French spelling. */
	FOUND(r, license, NULL);
	FOUND(r, changelog, NULL);
	FOUND(r, readme, NULL);
	FOUND(r, publiccode, NULL);
	assert_true(r->license.nfiles > 0);
	report_free(r);
}

static void readme_and_contributing_may_be_in_docs_github_or_gitlab(void **state)
{
	static const char *const a[] = {
		"docs/.github/README.md", ".gitlab/CONTRIBUTING.md", NULL,
	};
	static const char *const b[] = {
		"_github/readme", "docs/.gitlab/contributing.adoc", NULL,
	};
	static const char *const c[] = {
		/* github then docs: the wrong order for the rule */
		".github/docs/README.md", NULL,
	};
	struct report *r = check_files(a);

	(void)state;
	FOUND(r, readme, "docs/.github/README.md");
	FOUND(r, contributing, ".gitlab/CONTRIBUTING.md");
	report_free(r);
	/* the rule's "." is any character */
	r = check_files(b);
	FOUND(r, readme, "_github/readme");
	FOUND(r, contributing, "docs/.gitlab/contributing.adoc");
	report_free(r);
	r = check_files(c);
	FOUND(r, readme, NULL);
	report_free(r);
}

static void a_folder_whose_name_starts_so_holds_such_a_file(void **state)
{
	static const char *const files[] = {
		"LICENSES/MIT.txt", "NEWS/2024.md", NULL,
	};
	struct report *r = check_files(files);

	(void)state;
	/* LICENSES/MIT.txt matches ^LICENSE, NEWS/2024.md ^NEWS */
	FOUND(r, license, "LICENSES");
	FOUND(r, changelog, "NEWS");
	report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_are_matched_as_prefixes_in_any_case_at_the_root),
		cmocka_unit_test(a_french_licence_and_nested_changelogs_are_not_theirs),
		cmocka_unit_test(readme_and_contributing_may_be_in_docs_github_or_gitlab),
		cmocka_unit_test(a_folder_whose_name_starts_so_holds_such_a_file),
	};
	int rc;

	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
