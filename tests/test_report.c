/* test_report.c - tests lib/report.c and lib/report_json.c: findings, and
 * the report as JSON and back. */
#define _XOPEN_SOURCE 700
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

#include "crawler/checks/checks.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "lib/report.h"
#include "output/report_out.h"

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
	assert_int_equal(report_count(r, "", LEVEL_INFO), 0);
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

static void a_fix_that_names_something_goes_to_the_last_finding(void **state)
{
	struct report *r;
	json_t *j;

	(void)state;
	assert_int_equal(report_new(&r), 0);
	report_set_fix(r, "ignored: no finding yet");
	report_add(r, "license.multiple", LEVEL_INFO, NULL, 0, 0, "old",
	           "%d licences", 2);
	report_set_fix(r, "Say \"%s OR %s\".", "MIT", "EUPL-1.2");
	assert_string_equal(r->findings[0].fix, "Say \"MIT OR EUPL-1.2\".");
	/* No catalogue in the C locale: people read the English too. */
	assert_null(r->findings[0].fix_l10n);
	assert_null(r->findings[0].message_l10n);
	assert_string_equal(finding_fix(&r->findings[0]), r->findings[0].fix);
	assert_string_equal(finding_message(&r->findings[0]), "2 licences");
	j = report_to_json(r);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	        json_object_get(j, "findings"), 0), "fix")),
	        "Say \"MIT OR EUPL-1.2\".");
	json_decref(j);
	report_free(r);
}

static void findings_are_counted_by_rule_prefix_and_level(void **state)
{
	struct report *r;

	(void)state;
	report_new(&r);
	report_add(r, "publiccode.invalid", LEVEL_ERROR, NULL, 0, 0, NULL, "a");
	report_add(r, "publiccode.missing", LEVEL_INFO, NULL, 0, 0, NULL, "b");
	report_add(r, "readme.missing", LEVEL_ERROR, NULL, 0, 0, NULL, "c");
	assert_int_equal(report_count(r, "publiccode.", LEVEL_ERROR), 1);
	assert_int_equal(report_count(r, "", LEVEL_ERROR), 2);
	assert_int_equal(report_count(r, "license.", LEVEL_ERROR), 0);
	report_free(r);
}

/* ---- JSON ---- */

static char *dump(const json_t *v)
{
	return json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
}

/* R printed, read back, printed again: the same text. */
static void assert_round_trip(const struct report *r)
{
	json_t *a = report_to_json(r), *b;
	struct report *back;
	char *sa, *sb;

	assert_int_equal(report_from_json(&back, a), 0);
	b = report_to_json(back);
	sa = dump(a);
	sb = dump(b);
	assert_string_equal(sa, sb);
	free(sa);
	free(sb);
	json_decref(a);
	json_decref(b);
	report_free(back);
}

static void an_empty_report_prints_null_sections(void **state)
{
	struct report *r;
	json_t *j;

	(void)state;
	report_new(&r);
	j = report_to_json(r);
	assert_true(json_is_null(json_object_get(j, "license")));
	assert_true(json_is_null(json_object_get(j, "readme")));
	assert_int_equal(json_integer_value(json_object_get(
	                 json_object_get(j, "summary"), "errors")), 0);
	assert_round_trip(r);
	json_decref(j);
	report_free(r);
}

static void put(const char *dir, const char *path, const char *text)
{
	char *full = xasprintf("%s/%s", dir, path);
	char *slash = strrchr(full, '/');
	FILE *f;

	*slash = '\0';
	mkdir(full, 0755);
	*slash = '/';
	assert_non_null(f = fopen(full, "wb"));
	fputs(text, f);
	fclose(f);
	free(full);
}

static char *reference_text(const char *name)
{
	const char *tests = getenv("TESTS_DIR");
	char *path = xasprintf("%s/../data/licences/texts/%s",
	                       tests ? tests : "tests", name), *s;
	size_t len;

	if (file_read(&s, &len, path, 1 << 20) < 0)
		fail_msg("cannot read %s", path);
	free(path);
	return s;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* Every check on a folder with a bit of everything: the typed sections
 * all filled, a note, a declared value, a publiccode.yml with results,
 * a file name that is not UTF-8. */
static void a_report_checked_on_disk_prints_the_same_after_a_round_trip(void **state)
{
	char dir[] = "/tmp/inventaire-report-XXXXXX";
	char *gpl = reference_text("GPL-3.0-only.txt");
	struct check_ctx ctx = { 0 };
	struct report *r;
	struct tree *t;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "COPYING", gpl);
	put(dir, "README.md", "# Demo\n\nA tool that lists repositories and "
	    "checks their licences every night.\n");
	put(dir, "package.json", "{\"license\": \"see the file\"}\n");
	put(dir, "publiccode.yml", "publiccodeYmlVersion: '0.4'\nname: demo\n"
	    "url: https://example.org/elsewhere\n");
	put(dir, ".github/CONTRIBUTING.md", "Open an issue.\n");
	put(dir, "docs/CHANGELOG.\xe9t\xe9", "1.0: first\n");
	report_new(&r);
	assert_int_equal(tree_open_dir(&t, dir), 0);
	ctx.report = r;
	ctx.tree = t;
	ctx.repo_url = "https://example.org/here";
	assert_int_equal(checks_run(&ctx), 0);
	assert_true(r->license.present && r->license.nfiles == 1);
	assert_non_null(r->license.note);
	assert_int_equal(r->license.ndeclared, 1);
	assert_null(r->license.declared[0].expression);
	assert_true(r->publiccode.nresults > 0);
	assert_string_equal(r->community.contributing, ".github/CONTRIBUTING.md");
	assert_string_equal(r->community.changelog, "docs/CHANGELOG.\\xe9t\\xe9");
	assert_int_equal(report_count(r, "publiccode.url-mismatch", LEVEL_WARNING), 1);
	report_set(&r->repository.path, dir);
	report_set(&r->repository.source, "directory");
	assert_round_trip(r);
	/* A remote one: the fetch object, with and without requests. */
	report_set(&r->repository.path, NULL);
	report_set(&r->repository.url, "https://example.org/here.git");
	report_set(&r->repository.source, "remote");
	report_set(&r->repository.head, "0123456789012345678901234567890123456789");
	report_set(&r->repository.branch, "main");
	r->repository.fetched = true;
	report_set(&r->repository.fetch.method, "v2-filter-tree");
	r->repository.fetch.bytes = 1234;
	assert_round_trip(r);
	r->repository.fetch.requests = 4;
	assert_round_trip(r);
	tree_free(t);
	report_free(r);
	free(gpl);
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* tests/report/NAME.json, printed by `check --format json` before the
 * report was typed: read back, it prints byte for byte the same (but for
 * the summary's "suppressed", which came later). */
static void report_printed_before(const char *name)
{
	const char *tests = getenv("TESTS_DIR");
	char *path = xasprintf("%s/report/%s.json", tests ? tests : "tests", name);
	char *text, *again, *d;
	struct report *r;
	json_error_t e;
	json_t *j, *k;
	size_t len;

	if (file_read(&text, &len, path, 1 << 20) < 0)
		fail_msg("cannot read %s", path);
	assert_non_null(j = json_loads(text, 0, &e));
	assert_int_equal(report_from_json(&r, j), 0);
	k = report_to_json(r);
	/* The one key added since they were printed: the summary's count of
	 * silenced findings, none then. */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	                 k, "summary"), "suppressed")), 0);
	json_object_del(json_object_get(k, "summary"), "suppressed");
	d = dump(k);
	again = xasprintf("%s\n", d);
	free(d);
	assert_string_equal(again, text);
	free(again);
	json_decref(j);
	json_decref(k);
	report_free(r);
	free(text);
	free(path);
}

static void reports_printed_before_read_back_byte_for_byte(void **state)
{
	(void)state;
	report_printed_before("local-git");
	report_printed_before("remote-libgit2");
	report_printed_before("non-utf8-names");
	report_printed_before("declared-value");
}

static void a_finding_without_a_level_is_refused_with_a_message(void **state)
{
	json_t *j = json_loads("{\"findings\": [{\"rule\": \"x\", "
	                       "\"message\": \"m\"}]}", 0, NULL);
	struct report *r = NULL;

	(void)state;
	assert_int_equal(report_from_json(&r, j), ERROR_PARSE);
	assert_null(r);
	assert_non_null(strstr(error_last(), "findings[0]"));
	json_decref(j);
	j = json_array();
	assert_int_equal(report_from_json(&r, j), ERROR_PARSE);
	json_decref(j);
}

/* A report with a silenced error and a note raised to a warning, as the
 * settings leave it (crawler/checks/settings.c). */
static struct report *report_with_settings(void)
{
	struct finding_setting *s;
	struct report *r;

	report_new(&r);
	report_add(r, "license.missing", LEVEL_ERROR, NULL, 0, 0, "add one", "no");
	report_add(r, "community.changelog-missing", LEVEL_WARNING, NULL, 0, 0,
	           NULL, "no changelog");
	report_add(r, "readme.missing", LEVEL_ERROR, NULL, 0, 0, NULL, "none");
	s = xcalloc(1, sizeof(*s));
	s->off = true;
	s->from = LEVEL_ERROR;
	s->reason = xstrdup("licence being chosen");
	s->until = xstrdup("2027-06-30");
	s->path = xstrdup(".inventaire.yml");
	s->line = 2;
	s->column = 3;
	r->findings[0].setting = s;
	s = xcalloc(1, sizeof(*s));
	s->from = LEVEL_INFO;
	s->reason = xstrdup("we release weekly");
	s->path = xstrdup(".inventaire.yml");
	s->line = 6;
	s->column = 3;
	r->findings[1].setting = s;
	report_sort(r);
	return r;
}

static void settings_print_and_read_back(void **state)
{
	struct report *r = report_with_settings();
	json_t *j = report_to_json(r), *f, *sum = json_object_get(j, "summary");

	(void)state;
	assert_int_equal(json_integer_value(json_object_get(sum, "errors")), 1);
	assert_int_equal(json_integer_value(json_object_get(sum, "warnings")), 1);
	assert_int_equal(json_integer_value(json_object_get(sum, "suppressed")), 1);
	/* the silenced one last, with its reason and where it was said */
	f = json_array_get(json_object_get(j, "findings"), 2);
	assert_string_equal(json_string_value(json_object_get(f, "rule")),
	                    "license.missing");
	assert_string_equal(json_string_value(json_object_get(f, "level")), "error");
	assert_null(json_object_get(f, "level_changed"));
	f = json_object_get(f, "suppressed");
	assert_string_equal(json_string_value(json_object_get(f, "reason")),
	                    "licence being chosen");
	assert_string_equal(json_string_value(json_object_get(f, "until")),
	                    "2027-06-30");
	assert_int_equal(json_integer_value(json_object_get(f, "line")), 2);
	assert_null(json_object_get(f, "from"));
	f = json_object_get(json_array_get(json_object_get(j, "findings"), 1),
	                    "level_changed");
	assert_string_equal(json_string_value(json_object_get(f, "from")), "info");
	assert_true(json_is_null(json_object_get(f, "until")));
	/* untouched findings keep their seven keys */
	assert_int_equal(json_object_size(json_array_get(json_object_get(j,
	                 "findings"), 0)), 7);
	assert_int_equal(report_max_level(r), LEVEL_ERROR);
	assert_round_trip(r);
	json_decref(j);
	report_free(r);
}

static void a_kept_report_loses_the_settings_past_their_date(void **state)
{
	struct report *r = report_with_settings();

	(void)state;
	report_expire_settings(r, "2027-06-30");
	assert_int_equal(report_count_suppressed(r), 1);
	report_expire_settings(r, "2027-07-01");
	assert_int_equal(report_count_suppressed(r), 0);
	assert_string_equal(r->findings[0].rule, "license.missing");
	assert_null(r->findings[0].setting);
	assert_int_equal(report_count(r, "", LEVEL_ERROR), 2);
	/* no date: still raised */
	assert_int_equal(r->findings[2].level, LEVEL_WARNING);
	assert_non_null(r->findings[2].setting);
	report_free(r);
}

static void today_is_the_utc_date(void **state)
{
	char d[11];

	(void)state;
	report_today(d, 0);
	assert_string_equal(d, "1970-01-01");
	report_today(d, 1782863999);   /* 2026-06-30T23:59:59Z */
	assert_string_equal(d, "2026-06-30");
	report_today(d, 1782864000);
	assert_string_equal(d, "2026-07-01");
}

static void reals_print_as_short_decimals(void **state)
{
	struct report *r;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	report_new(&r);
	r->license.present = true;
	r->license.files = xcalloc(2, sizeof(*r->license.files));
	r->license.nfiles = 2;
	r->license.files[0].path = xstrdup("LICENSE");
	r->license.files[0].confidence = 99.3;
	r->license.files[1].path = xstrdup("COPYING");
	r->license.files[1].confidence = 98.6;
	assert_non_null(f = open_memstream(&text, &len));
	assert_int_equal(report_write_json(f, r), 0);
	fclose(f);
	assert_non_null(strstr(text, "\"confidence\": 99.3,"));
	assert_non_null(strstr(text, "\"confidence\": 98.6,"));
	assert_null(strstr(text, "99.29999"));
	assert_null(strstr(text, "98.59999"));
	free(text);
	report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(findings_are_sorted_errors_first_then_rule),
		cmocka_unit_test(an_empty_report_has_no_level),
		cmocka_unit_test(level_names_round_trip),
		cmocka_unit_test(findings_are_counted_by_rule_prefix_and_level),
		cmocka_unit_test(an_empty_report_prints_null_sections),
		cmocka_unit_test(a_report_checked_on_disk_prints_the_same_after_a_round_trip),
		cmocka_unit_test(reports_printed_before_read_back_byte_for_byte),
		cmocka_unit_test(a_finding_without_a_level_is_refused_with_a_message),
		cmocka_unit_test(settings_print_and_read_back),
		cmocka_unit_test(a_kept_report_loses_the_settings_past_their_date),
		cmocka_unit_test(today_is_the_utc_date),
		cmocka_unit_test(reals_print_as_short_decimals),
		cmocka_unit_test(a_fix_that_names_something_goes_to_the_last_finding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
