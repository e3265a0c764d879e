/* test_feed_files.c - tests output/feed_stats.c, feed_rss.c, feed_forges.c
 * and feed_csv.c: the files code.gouv.fr's front end loads beside the
 * records (stats_preprod.json, latest-repositories.xml,
 * codegouvfr-forges.csv), and the CSV cells of the exact and the
 * spreadsheet files. */
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "output/feed.h"
#include "tests/feed_fixture.h"

/* Repository NAME of OWNER on github.com, created on day DAY of 2024. */
static json_t *repo(const char *owner, const char *name, int day,
                    const char *extra)
{
	json_t *r = feed_fixture_record(extra, NULL);
	json_t *p = json_object_get(r, "repo");
	char full[128], url[160], date[32];

	snprintf(full, sizeof(full), "%s/%s", owner, name);
	snprintf(url, sizeof(url), "https://github.com/%s", full);
	snprintf(date, sizeof(date), "2024-01-%02dT12:00:00Z", day);
	json_object_set_new(p, "owner", json_string(owner));
	json_object_set_new(p, "full_name", json_string(full));
	json_object_set_new(p, "name", json_string(name));
	json_object_set_new(p, "html_url", json_string(url));
	json_object_set_new(p, "created_at", json_string(date));
	return r;
}

static json_t *org(const char *login, const char *name, long followers)
{
	return json_pack("{s:{s:s, s:s, s:s?, s:s, s:b, s:I}, s:{s:s, s:s, s:s}}",
		"owner", "host", "github.com", "login", login, "name", name,
		"html_url", "https://github.com/x", "is_user", false,
		"followers", (json_int_t)followers,
		"account", "host", "github.com", "forge", "github", "owner", login);
}

static struct feed_fixture decode(json_t *repos, json_t *owners)
{
	struct feed_fixture f;

	if (feed_fixture_decode(&f, repos, owners, NULL) < 0)
		fail_msg("%s", error_last());
	json_decref(repos);
	json_decref(owners);
	return f;
}

/* ---- stats_preprod.json ---- */

static void stats_are_output_stats_json_over_the_published_records(void **state)
{
	json_t *repos = json_array(), *owners = json_array(), *got, *want;
	struct feed_fixture f;
	char *g;

	(void)state;
	/* Big: 3 repositories, 300 + 2 + 1 stars, scores 1000 (a licence
	 * file), 0, -100 (no description); 40 followers */
	json_array_append_new(repos, repo("Big", "a", 1, "{\"stars\": 300, "
		"\"language\": \"C\", \"license_key\": \"mit\"}"));
	json_object_set_new(json_object_get(json_array_get(repos, 0), "check"),
	                    "license", feed_fixture_parse(
		"{\"spdx\": \"MIT\", \"files\": [{\"path\": \"LICENSE\"}]}"));
	json_array_append_new(repos, repo("Big", "b", 2, "{\"stars\": 2, "
		"\"language\": \"C\", \"license_key\": \"other\"}"));
	json_array_append_new(repos, repo("Big", "c", 3, "{\"stars\": 1, "
		"\"language\": \"Python\", \"description\": null}"));
	/* Small: 1 repository, 1 star, score 0 */
	json_array_append_new(repos, repo("Small", "d", 4, "{\"stars\": 1, "
		"\"license_key\": \"apache-2.0\"}"));
	json_array_append_new(owners, org("Big", "Grande", 40));
	json_array_append_new(owners, org("Small", NULL, 3));
	f = decode(repos, owners);
	got = feed_stats_json(&f.inv);
	want = feed_fixture_parse(
		"{\"repos_cnt\": \"4\", \"orgas_cnt\": \"2\","
		/* total stars above 1: Big 303; Small's 1 is not */
		" \"top_orgs_by_stars\": [[[\"Grande\", \"https://github.com/Big\"], 303]],"
		/* repositories above 1 */
		" \"top_orgs_by_repos\": [[[\"Grande\", \"https://github.com/Big\"], 3]],"
		/* above 200 stars and 1 repository */
		" \"top_orgs_repos_stars\": [{\"owner\": \"Grande\", \"total_stars\": 303,"
		"   \"repositories_count\": 3}],"
		/* above 20 followers and 1 repository */
		" \"top_orgs_repos_followers\": [{\"owner\": \"Grande\", \"followers\": 40,"
		"   \"repositories_count\": 3}],"
		/* a >= 0 only, by hundreds: 0, 0 and 1000 */
		" \"top_repos_by_score_range\": [[\"0-100\", 2], [\"1000-1100\", 1]],"
		/* \"other\" aside; ties by name */
		" \"top_licenses\": [[\"apache-2.0\", 1], [\"mit\", 1]],"
		" \"top_languages\": [[\"C\", 2], [\"Python\", 1]]}");
	g = json_dumps(got, JSON_COMPACT);
	if (!json_equal(got, want))
		fail_msg("stats: %s", g);
	free(g);
	json_decref(got);
	json_decref(want);
	feed_fixture_clear(&f);
}

/* ---- latest-repositories.xml ---- */

static void the_rss_lists_the_ten_newest_repositories_newest_first(void **state)
{
	static const char head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"
		"<channel><atom:link href=\"https://code.gouv.fr/data/"
		"latest-repositories.xml\" rel=\"self\" type=\"application/rss+xml\"/>"
		"<title>code.gouv.fr/sources - Nouveaux dépôts de code source</title>"
		"<link>https://code.gouv.fr/data/latest-repositories.xml</link>"
		"<description>code.gouv.fr/sources - Nouveaux dépôts de code source"
		"</description><generator>inventaire</generator><item>";
	json_t *repos = json_array();
	struct feed_fixture f;
	char *xml, *p;

	(void)state;
	for (int day = 1; day <= 12; day++) {
		char name[16];

		snprintf(name, sizeof(name), "r%02d", day);
		json_array_append_new(repos, repo("SocialGouv", name, day, NULL));
	}
	/* a forge's text: escaped, its control bytes dropped */
	json_object_set_new(json_object_get(json_array_get(repos, 11), "repo"),
	                    "description", json_string("a <b> & \"c\"\x01\x1b!"));
	json_object_set_new(json_object_get(json_array_get(repos, 10), "repo"),
	                    "description", json_null());
	f = decode(repos, json_array());
	xml = feed_latest_xml(&f.inv);
	assert_int_equal(strncmp(xml, head, strlen(head)), 0);
	/* ten items, newest first: r12 ... r03 */
	p = xml;
	for (int day = 12; day >= 3; day--) {
		char want[128];

		snprintf(want, sizeof(want), "<item><title>Nouveau dépôt de code "
		         "source dans code.gouv.fr : r%02d</title>", day);
		p = strstr(p, want);
		if (!p)
			fail_msg("no item r%02d in order in %s", day, xml);
	}
	assert_null(strstr(xml, ": r02<"));
	assert_non_null(strstr(xml, "<link>https://github.com/SocialGouv/r12</link>"
	                       "<guid>https://github.com/socialgouv/r12</guid>"
	                       "<description>a &lt;b&gt; &amp; &quot;c&quot;!</description>"
	                       "<pubDate>Fri, 12 Jan 2024 12:00:00 +0000</pubDate></item>"));
	/* no description: no tag, as clj-rss drops nil ones */
	assert_non_null(strstr(xml, "<guid>https://github.com/socialgouv/r11</guid>"
	                       "<pubDate>"));
	assert_string_equal(xml + strlen(xml) - 16, "</channel></rss>");
	free(xml);
	feed_fixture_clear(&f);
}

/* ---- codegouvfr-forges.csv ---- */

static void the_forges_file_names_each_host_once_without_header(void **state)
{
	json_t *repos = json_array();
	struct feed_fixture f;
	char *csv;

	(void)state;
	json_array_append_new(repos, repo("SocialGouv", "a", 1, NULL));
	json_array_append_new(repos, repo("SocialGouv", "b", 2, NULL));
	json_array_append_new(repos, feed_fixture_parse(
		"{\"repo\": {\"host\": \"git.drees.fr\", \"owner\": \"stats\","
		" \"full_name\": \"stats/x\"}, \"account\": {\"host\": \"git.drees.fr\","
		" \"forge\": \"gitlab\"}}"));
	json_array_append_new(repos, feed_fixture_parse(
		"{\"repo\": {\"host\": \"codeberg.org\", \"owner\": \"f\","
		" \"full_name\": \"f/y\"}, \"account\": {\"host\": \"codeberg.org\","
		" \"forge\": \"forgejo\", \"owner\": \"f\"}}"));
	f = decode(repos, json_array());
	csv = feed_forges_csv(&f.inv);
	/* GitHub as github.com, every forge as its host, sorted */
	assert_string_equal(csv, "codeberg.org,forgejo\n"
	                         "git.drees.fr,gitlab\n"
	                         "github.com,github\n");
	free(csv);
	feed_fixture_clear(&f);
}

/* ---- CSV cells ---- */

static void cells(const char *in, const char *exact, const char *safe)
{
	struct buf a = BUF_INIT, b = BUF_INIT;

	buf_adds(&a, "");
	buf_adds(&b, "");
	feed_csv_cell_exact(&a, in);
	feed_csv_cell(&b, in);
	assert_string_equal(a.data, exact);
	assert_string_equal(b.data, safe);
	buf_free(&a);
	buf_free(&b);
}

static void the_exact_csv_keeps_the_data_and_the_spreadsheet_one_defuses_it(void **state)
{
	(void)state;
	cells("plain", "plain", "plain");
	cells("=1+1", "=1+1", "'=1+1");
	cells("-2", "-2", "'-2");
	/* blanks before the formula */
	cells(" =1+1", " =1+1", "' =1+1");
	cells("  @SUM(A1)", "  @SUM(A1)", "'  @SUM(A1)");
	/* a newline, then the formula: the cell is quoted either way */
	cells("\n=1+1", "\"\n=1+1\"", "\"'\n=1+1\"");
	cells("\r\n+1", "\"\r\n+1\"", "\"'\r\n+1\"");
	cells("\tx", "\tx", "'\tx");
	/* raw control bytes of a forge's name: escaped in the spreadsheet */
	cells("evil\x1b[31mred", "evil\x1b[31mred", "evil\\x1B[31mred");
	cells("bell\x07", "bell\x07", "bell\\x07");
	cells("del\x7f", "del\x7f", "del\\x7F");
	/* text that only contains a formula character stays as it is */
	cells("a=b", "a=b", "a=b");
	cells("say \"hi\", then", "\"say \"\"hi\"\", then\"",
	      "\"say \"\"hi\"\", then\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stats_are_output_stats_json_over_the_published_records),
		cmocka_unit_test(the_rss_lists_the_ten_newest_repositories_newest_first),
		cmocka_unit_test(the_forges_file_names_each_host_once_without_header),
		cmocka_unit_test(the_exact_csv_keeps_the_data_and_the_spreadsheet_one_defuses_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
