/* test_feed_score.c - tests output/feed_score.c and output/feed_license.c:
 * code.gouv.fr's awesome-score of planted repositories, each worked out by
 * hand from compute-repo-score (codegouvfr/codegouvfr-output-data,
 * src/codegouvfr/codegouvfr_output_data.clj), and its licence keys. */
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "output/feed.h"
#include "tests/feed_fixture.h"

/*
 * The check report of a planted repository: what our checks found (OURS_*)
 * and what ecosyste.ms's rules found (CGF_*), each a path or NULL.
 */
struct planted_files {
	const char *ours_license, *ours_readme, *ours_contributing,
	           *ours_changelog, *ours_publiccode;
	const char *cgf_license, *cgf_readme, *cgf_contributing,
	           *cgf_changelog, *cgf_publiccode;
};

static json_t *str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static char *check_of(const struct planted_files *f)
{
	json_t *c = json_pack("{s:{s:o, s:o}, s:{s:o}, s:{s:o, s:o}, "
	                      "s:{s:o, s:o}, s:{s:o, s:o, s:o, s:o, s:o}, s:[]}",
		"license", "spdx", f->ours_license ? json_string("MIT") : json_null(),
		"files", f->ours_license ? json_pack("[{s:s}]", "path", f->ours_license)
		                         : json_array(),
		"readme", "path", str(f->ours_readme),
		"publiccode", "path", str(f->ours_publiccode),
		"valid", f->ours_publiccode ? json_false() : json_null(),
		"community", "contributing", str(f->ours_contributing),
		"changelog", str(f->ours_changelog),
		"codegouvfr", "license", str(f->cgf_license),
		"readme", str(f->cgf_readme), "contributing", str(f->cgf_contributing),
		"changelog", str(f->cgf_changelog), "publiccode", str(f->cgf_publiccode),
		"findings");
	char *s = json_dumps(c, JSON_COMPACT);

	json_decref(c);
	return s;
}

struct planted {
	const char *name;
	const char *repo;           /* JSON merged into the record's repo */
	struct planted_files files;
	bool never_probed;
	long score;                 /* worked out by hand, see each row */
};

static const struct planted planted[] = {
	/* a description and nothing else: 0 */
	{ "bare", NULL, { 0 }, false, 0 },
	/* REUSE's LICENSES/ folder, which ^LICENSE matches (its files are
	 * LICENSES/...): licence +1000 = 1000 */
	{ "reuse-licences", NULL, { .ours_license = "LICENSES/MIT.txt",
	  .cgf_license = "LICENSES" }, false, 1000 },
	/* a French LICENCE, which ecosyste.ms misses and we keep: +1000 */
	{ "licence-fr", NULL, { .ours_license = "LICENCE" }, false, 1000 },
	/* a template with no description: +1000 template -100 = 900 */
	{ "template", "{\"template\": true, \"description\": null}", { 0 },
	  false, 900 },
	/* a README in docs/ only (ecosyste.ms's rule, not ours): +100 */
	{ "docs-readme", NULL, { .cgf_readme = "docs/README.md" }, false, 100 },
	/* a CHANGELOG in .github/ (ours only): +10 */
	{ "github-changelog", NULL, { .ours_changelog = ".github/CHANGELOG.md" },
	  false, 10 },
	/* NEWS.md at the root and .gitlab/CONTRIBUTING.md, by ecosyste.ms's
	 * rules: changelog +10, contributing +100 = 110 */
	{ "news-and-contributing", NULL, { .cgf_changelog = "NEWS.md",
	  .cgf_contributing = ".gitlab/CONTRIBUTING.md" }, false, 110 },
	/* 11 forks (> 10: +100) and 101 subscribers (> 100: +1000) = 1100 */
	{ "popular", "{\"forks\": 11, \"subscribers\": 101}", { 0 }, false, 1100 },
	/* subscribers unknown (upstream's nil: 0), 2 forks (> 1: +10) = 10 */
	{ "unknown-subscribers", "{\"forks\": 2, \"subscribers\": null}", { 0 },
	  false, 10 },
	/* archived fork template with a licence file, an invalid
	 * publiccode.yml and a README: +1000 licence +1000 template +1000
	 * publiccode +100 README -1000 archived -1000 fork = 1100 */
	{ "archived-fork-template",
	  "{\"archived\": true, \"fork\": true, \"template\": true}",
	  { .ours_license = "LICENSE", .cgf_license = "LICENSE",
	    .ours_publiccode = "publiccode.yml", .cgf_publiccode = "publiccode.yml",
	    .ours_readme = "README.md", .cgf_readme = "README.md" }, false, 1100 },
	/* never probed: the forge's key "other" stands for its licence file
	 * +1000, no description -100, 101 forks +1000, 2 subscribers +10 =
	 * 1910 */
	{ "never-probed", "{\"license_key\": \"other\", \"description\": null,"
	  " \"forks\": 101, \"subscribers\": 2}", { 0 }, true, 1910 },
	/* every positive term: +1000 licence +1000 template +1000 publiccode
	 * +100 README +100 CONTRIBUTING +10 CHANGELOG +1000 (150 forks) +100
	 * (12 subscribers) = 4310 */
	{ "everything", "{\"template\": true, \"forks\": 150, \"subscribers\": 12}",
	  { .ours_license = "LICENSE", .ours_readme = "README.md",
	    .ours_contributing = "CONTRIBUTING.md", .ours_changelog = "CHANGELOG.md",
	    .ours_publiccode = "publiccode.yml" }, false, 4310 },
	/* no description, archived fork: -100 -1000 -1000 = -2100 */
	{ "negative", "{\"description\": \"\", \"fork\": true, \"archived\": true}",
	  { 0 }, false, -2100 },
	/* stars are not subscribers: 100000 stars and nothing else: 0 */
	{ "starred", "{\"stars\": 100000}", { 0 }, false, 0 },
};

#define NPLANTED (sizeof(planted) / sizeof(*planted))

/* The planted records, one per row, each its own repository. */
static struct feed_fixture plant(void)
{
	json_t *repos = json_array();
	struct feed_fixture f;

	for (size_t i = 0; i < NPLANTED; i++) {
		char *check = planted[i].never_probed ? xstrdup("null")
		                                      : check_of(&planted[i].files);
		json_t *r = feed_fixture_record(planted[i].repo, check);
		json_t *repo = json_object_get(r, "repo");
		char full[128], url[160];

		snprintf(full, sizeof(full), "SocialGouv/%s", planted[i].name);
		snprintf(url, sizeof(url), "https://github.com/%s", full);
		json_object_set_new(repo, "full_name", json_string(full));
		json_object_set_new(repo, "name", json_string(planted[i].name));
		json_object_set_new(repo, "html_url", json_string(url));
		json_array_append_new(repos, r);
		free(check);
	}
	if (feed_fixture_decode(&f, repos, NULL, NULL) < 0)
		fail_msg("%s", error_last());
	json_decref(repos);
	return f;
}

static const struct planted *row_of(const char *full_name)
{
	for (size_t i = 0; i < NPLANTED; i++)
		if (!strcmp(strchr(full_name, '/') + 1, planted[i].name))
			return &planted[i];
	fail_msg("no planted row for %s", full_name);
	return NULL;
}

static void planted_repositories_score_as_worked_out_by_hand(void **state)
{
	struct feed_fixture f = plant();

	(void)state;
	assert_int_equal(f.inv.nrepos, NPLANTED);
	for (size_t i = 0; i < f.inv.nrepos; i++) {
		const struct planted *p = row_of(f.inv.repos[i].repo.full_name);
		long got = feed_awesome_score(&f.inv.repos[i]);

		if (got != p->score)
			fail_msg("%s scores %ld, worked out %ld", p->name, got, p->score);
	}
	feed_fixture_clear(&f);
}

static void the_files_publish_those_scores_and_repos_preprod_keeps_a_ge_0(void **state)
{
	struct feed_fixture f = plant();
	json_t *full = feed_repositories_json(&f.inv);
	json_t *short_ = feed_repos_short_json(&f.inv);
	size_t i, kept = 0;
	json_t *r;

	(void)state;
	assert_int_equal(json_array_size(full), NPLANTED);
	json_array_foreach(full, i, r) {
		const struct planted *p = row_of(json_string_value(
			json_object_get(r, "full_name")));

		assert_int_equal(json_integer_value(json_object_get(r, "awesome-score")),
		                 p->score);
		kept += p->score >= 0;
	}
	/* (filter #(>= (:a %) 0) repos) */
	assert_int_equal(json_array_size(short_), kept);
	assert_int_equal(kept, NPLANTED - 1);
	json_array_foreach(short_, i, r)
		assert_true(json_integer_value(json_object_get(r, "a")) >= 0);
	json_decref(full);
	json_decref(short_);
	feed_fixture_clear(&f);
}

static void template_and_contributing_keys_follow_the_same_files(void **state)
{
	struct feed_fixture f = plant();
	json_t *short_ = feed_repos_short_json(&f.inv);
	size_t i;
	json_t *r;

	(void)state;
	json_array_foreach(short_, i, r) {
		const char *n = json_string_value(json_object_get(r, "n"));

		assert_int_equal(json_is_true(json_object_get(r, "t?")),
		                 !strcmp(n, "template") || !strcmp(n, "everything") ||
		                 !strcmp(n, "archived-fork-template"));
		/* c? is ecosyste.ms's CONTRIBUTING or ours */
		assert_int_equal(json_is_true(json_object_get(r, "c?")),
		                 !strcmp(n, "news-and-contributing") ||
		                 !strcmp(n, "everything"));
	}
	json_decref(short_);
	feed_fixture_clear(&f);
}

/* ---- licence keys ---- */

static void spdx_ids_become_licensee_keys(void **state)
{
	static const char *const rows[][2] = {
		{ "MIT", "mit" }, { "Apache-2.0", "apache-2.0" },
		{ "EUPL-1.2", "eupl-1.2" }, { "CECILL-2.1", "cecill-2.1" },
		{ "GPL-3.0-or-later", "gpl-3.0" }, { "GPL-3.0-only", "gpl-3.0" },
		{ "LGPL-2.1-only", "lgpl-2.1" }, { "AGPL-3.0-or-later", "agpl-3.0" },
		{ "GPL-2.0+", "gpl-2.0" }, { "BSD-3-Clause", "bsd-3-clause" },
		{ "MPL-2.0", "mpl-2.0" }, { "Unlicense", "unlicense" },
		{ "CECILL-B", "other" }, { "etalab-2.0", "other" },
		{ "NOASSERTION", "other" }, { "MIT OR Apache-2.0", "other" },
		{ "(MIT AND BSD-2-Clause)", "other" }, { "LicenseRef-x", "other" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++)
		assert_string_equal(feed_license_key_of_spdx(rows[i][0]), rows[i][1]);
	assert_null(feed_license_key_of_spdx(NULL));
	assert_null(feed_license_key_of_spdx(""));
}

static const char *key_of(const char *repo_extra, const char *check)
{
	static char out[64];
	json_t *repos = json_array();
	struct feed_fixture f;
	const char *k;

	json_array_append_new(repos, feed_fixture_record(repo_extra, check));
	if (feed_fixture_decode(&f, repos, NULL, NULL) < 0)
		fail_msg("%s", error_last());
	k = feed_license_key(&f.inv.repos[0]);
	snprintf(out, sizeof(out), "%s", k ? k : "(none)");
	feed_fixture_clear(&f);
	json_decref(repos);
	return out;
}

static void li_is_the_forge_key_else_our_identification(void **state)
{
	static const char mit_check[] =
		"{\"license\": {\"spdx\": \"MIT\", \"files\": [{\"path\": \"LICENSE\"}]}}";
	static const char unknown_file[] =
		"{\"license\": {\"spdx\": null, \"files\": [{\"path\": \"LICENSE\"}]}}";

	(void)state;
	/* GitHub's and GitLab's license.key, as ecosyste.ms records it */
	assert_string_equal(key_of("{\"license_key\": \"apache-2.0\"}", mit_check),
	                    "apache-2.0");
	/* none from the forge (GitLab's lists): ours, as a key */
	assert_string_equal(key_of(NULL, mit_check), "mit");
	/* a licence file we could not name */
	assert_string_equal(key_of(NULL, unknown_file), "other");
	/* no licence at all */
	assert_string_equal(key_of(NULL, NULL), "(none)");
	/* never probed: what the forge said, as a key (Gitea's SPDX ids) */
	assert_string_equal(key_of("{\"license\": \"EUPL-1.2\"}", "null"),
	                    "eupl-1.2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(planted_repositories_score_as_worked_out_by_hand),
		cmocka_unit_test(the_files_publish_those_scores_and_repos_preprod_keeps_a_ge_0),
		cmocka_unit_test(template_and_contributing_keys_follow_the_same_files),
		cmocka_unit_test(spdx_ids_become_licensee_keys),
		cmocka_unit_test(li_is_the_forge_key_else_our_identification),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
