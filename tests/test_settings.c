/* test_settings.c - tests crawler/checks/settings.c: `.inventaire.yml`
 * read into settings, its problems as findings, and the settings applied
 * on a given day. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/checks/checks.h"
#include "crawler/checks/settings.h"
#include "lib/report.h"

static const char good[] =
	"rules:\n"
	"  community.changelog-missing:\n"
	"    level: off\n"
	"    reason: \"no release yet\"\n"
	"    until: 2027-06-30\n"
	"  license.missing:\n"
	"    level: \"warning\"\n"
	"    reason: licence chosen this month\n";

/* A report with the two findings GOOD is about, and a third. */
static struct report *three_findings(void)
{
	struct report *r;

	report_new(&r);
	report_add(r, "license.missing", LEVEL_ERROR, NULL, 0, 0, NULL, "no");
	report_add(r, "community.changelog-missing", LEVEL_INFO, NULL, 0, 0,
	           NULL, "no changelog");
	report_add(r, "readme.missing", LEVEL_ERROR, NULL, 0, 0, NULL, "no");
	return r;
}

static const struct finding *rule(const struct report *r, const char *id)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule, id))
			return &r->findings[i];
	return NULL;
}

static void a_good_file_gives_its_entries_and_no_finding(void **state)
{
	struct settings s;
	struct report *r;

	(void)state;
	report_new(&r);
	settings_parse(&s, r, good, strlen(good));
	assert_int_equal(r->nfindings, 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0].rule, "community.changelog-missing");
	assert_true(s.v[0].off);
	assert_string_equal(s.v[0].reason, "no release yet");
	assert_string_equal(s.v[0].until, "2027-06-30");
	assert_int_equal(s.v[0].line, 2);
	assert_int_equal(s.v[0].column, 3);
	assert_false(s.v[1].off);
	assert_int_equal(s.v[1].level, LEVEL_WARNING);
	assert_null(s.v[1].until);
	settings_clear(&s);
	report_free(r);
}

static void settings_apply_through_their_last_day_and_not_after(void **state)
{
	const char *days[] = { "2027-06-29", "2027-06-30", "2027-07-01" };
	struct settings s;
	struct report *r;

	(void)state;
	for (int d = 0; d < 3; d++) {
		const struct finding *f;

		r = three_findings();
		settings_parse(&s, r, good, strlen(good));
		settings_apply(r, &s, days[d]);
		f = rule(r, "community.changelog-missing");
		if (d < 2) {
			assert_non_null(f->setting);
			assert_true(finding_suppressed(f));
			assert_string_equal(f->setting->reason, "no release yet");
			assert_string_equal(f->setting->path, ".inventaire.yml");
			assert_int_equal(report_count_suppressed(r), 1);
			/* silenced ones last */
			assert_ptr_equal(f, &r->findings[r->nfindings - 1]);
		} else {
			assert_null(f->setting);
			assert_int_equal(report_count_suppressed(r), 0);
		}
		/* No date: it holds on every day. */
		f = rule(r, "license.missing");
		assert_int_equal(f->level, LEVEL_WARNING);
		assert_int_equal(f->setting->from, LEVEL_ERROR);
		assert_false(finding_suppressed(f));
		assert_null(rule(r, "readme.missing")->setting);
		settings_clear(&s);
		report_free(r);
	}
}

static void silenced_findings_count_for_no_level(void **state)
{
	static const char text[] = "rules:\n  readme.missing: "
	                           "{level: off, reason: x}\n"
	                           "  license.missing: {level: off, reason: y}\n";
	struct report *r = three_findings();
	struct settings s;

	(void)state;
	settings_parse(&s, r, text, strlen(text));
	assert_int_equal(report_max_level(r), LEVEL_ERROR);
	settings_apply(r, &s, "2026-01-01");
	assert_int_equal(report_max_level(r), LEVEL_INFO);
	assert_int_equal(report_count(r, "", LEVEL_ERROR), 0);
	assert_int_equal(report_count_suppressed(r), 2);
	settings_clear(&s);
	report_free(r);
}

/* TEXT gives one settings.invalid finding at LINE:COLUMN, and no entry. */
static void assert_one_problem(const char *text, size_t len, unsigned line,
                               unsigned column)
{
	struct settings s;
	struct report *r;

	report_new(&r);
	settings_parse(&s, r, text, len);
	if (r->nfindings != 1)
		fail_msg("%zu findings for %s", r->nfindings, text);
	assert_string_equal(r->findings[0].rule, "settings.invalid");
	assert_int_equal(r->findings[0].level, LEVEL_WARNING);
	assert_string_equal(r->findings[0].path, ".inventaire.yml");
	if (r->findings[0].line != line || r->findings[0].column != column)
		fail_msg("%u:%u, not %u:%u, for %s: %s", r->findings[0].line,
		         r->findings[0].column, line, column, text,
		         r->findings[0].message);
	assert_int_equal(s.n, 0);
	settings_clear(&s);
	report_free(r);
}

#define PROBLEM(text, line, column) \
	assert_one_problem(text, sizeof(text) - 1, line, column)

static void each_problem_is_a_finding_at_its_place(void **state)
{
	(void)state;
	PROBLEM("rules: [", 2, 1);
	PROBLEM("rules:\n  no.such: {level: off, reason: x}\n", 2, 3);
	PROBLEM("rules:\n  readme.missing: {level: off}\n", 2, 3);
	PROBLEM("rules:\n  readme.missing: {level: maybe, reason: x}\n", 2, 27);
	PROBLEM("rules:\n  readme.missing: {level: off, reason: x, "
	        "until: 2027-02-29}\n", 2, 50);
	PROBLEM("rules:\n  readme.missing: {level: off, reason: x, why: y}\n",
	        2, 43);
	PROBLEM("rulez: {}\n", 1, 1);
	PROBLEM("rules:\n  readme.missing: {level: off, reason: \"\"}\n", 2, 40);
	PROBLEM("rules:\n  readme.missing: &a {level: off, reason: x}\n"
	        "  license.missing: *a\n", 3, 20);
	PROBLEM("rules:\n  readme.missing: {level: off, level: off, reason: x}\n",
	        2, 32);
	PROBLEM("rules: [[[[[[[[[[[[]]]]]]]]]]]]\n", 1, 15);
	PROBLEM("rules: {}\n--- {}\n", 2, 1);
	/* libyaml points at the octet that makes the sequence invalid */
	PROBLEM("rules:\n  \xc3\x28: x\n", 2, 4);
	PROBLEM("rules:\n  {a: b}: {level: off, reason: x}\n", 2, 3);
}

static void an_empty_file_sets_nothing(void **state)
{
	const char *texts[] = { "", "\n", "# nothing\n", "rules:\n", "rules: ~\n",
	                        "---\n", "rules: {}\n" };

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		struct settings s;
		struct report *r;

		report_new(&r);
		settings_parse(&s, r, texts[i], strlen(texts[i]));
		assert_int_equal(r->nfindings, 0);
		assert_int_equal(s.n, 0);
		settings_clear(&s);
		report_free(r);
	}
}

static void the_settings_rule_is_known_and_documented(void **state)
{
	const struct rule *x = rules_find("settings.invalid");

	(void)state;
	assert_non_null(x);
	assert_int_equal(x->level, LEVEL_WARNING);
	assert_non_null(strstr(x->explain_en, "reason"));
	/* The French is in po/fr.po, which tests/cli/i18n.py checks. */
	assert_non_null(strstr(x->summary_en, ".inventaire.yml"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_good_file_gives_its_entries_and_no_finding),
		cmocka_unit_test(settings_apply_through_their_last_day_and_not_after),
		cmocka_unit_test(silenced_findings_count_for_no_level),
		cmocka_unit_test(each_problem_is_a_finding_at_its_place),
		cmocka_unit_test(an_empty_file_sets_nothing),
		cmocka_unit_test(the_settings_rule_is_known_and_documented),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
