/* test_feed.c - tests output/feed_*.c and lib/file.c's atomic writes */
/* nftw() */
#define _XOPEN_SOURCE 700
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "output/feed.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/file.h"
#include "tests/feed_fixture.h"

/* ---- helpers ---- */

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &e);

	if (!v)
		fail_msg("bad test JSON at %d: %s", e.position, e.text);
	return v;
}

/*
 * A repository record whose every scoring input is neutral (score 0): a
 * description, no licence/README/... file, no forks. CHECK_JSON replaces
 * the check ("null" for a failed probe); REPO_EXTRA is merged into repo.
 */
static json_t *record(const char *repo_extra, const char *check_json)
{
	json_t *rec = parse(
		"{\"repo\": {\"host\": \"github.com\", \"owner\": \"SocialGouv\","
		" \"full_name\": \"SocialGouv/demo\", \"name\": \"demo\","
		" \"html_url\": \"https://github.com/SocialGouv/demo\","
		" \"description\": \"A demo\", \"fork\": false, \"archived\": false,"
		" \"updated_at\": \"2026-11-20T08:00:00Z\", \"stars\": 500,"
		" \"forks\": 0, \"language\": null, \"license\": null},"
		" \"account\": {\"host\": \"github.com\", \"forge\": \"github\","
		"  \"owner\": \"socialgouv\"},"
		" \"actor\": {\"name\": \"FabNum\", \"ministry\": \"Santé\"},"
		" \"head\": \"0123456789abcdef0123456789abcdef01234567\","
		" \"checked_at\": \"2026-11-28T02:00:00Z\", \"stale\": false,"
		" \"last_seen\": \"2026-11-28T02:00:00Z\"}");
	json_t *check = parse(check_json ? check_json :
		"{\"license\": {\"spdx\": null, \"authorized\": null, \"files\": []},"
		" \"readme\": {\"path\": null},"
		" \"publiccode\": {\"path\": null, \"valid\": null, \"results\": []},"
		" \"community\": {\"contributing\": null, \"changelog\": null},"
		" \"findings\": []}");

	json_object_set_new(rec, "check", check);
	if (repo_extra) {
		json_t *extra = parse(repo_extra);

		json_object_update(json_object_get(rec, "repo"), extra);
		json_decref(extra);
	}
	return rec;
}

/* The typed records of JSON arrays REPOS, OWNERS and ACCOUNTS (each may be
 * NULL), through the state's decoder: what the crawl hands the writers. */
static struct feed_fixture decode(const json_t *repos, const json_t *owners,
                                  const json_t *accounts)
{
	struct feed_fixture f;

	if (feed_fixture_decode(&f, repos, owners, accounts) < 0)
		fail_msg("the fixture does not decode: %s", error_last());
	return f;
}

static long score_of(const char *repo_extra, const char *check_json)
{
	json_t *repos = json_array();
	struct feed_fixture f;
	long s;

	json_array_append_new(repos, record(repo_extra, check_json));
	f = decode(repos, NULL, NULL);
	assert_int_equal(f.inv.nrepos, 1);
	s = feed_awesome_score(&f.inv.repos[0]);
	feed_fixture_clear(&f);
	json_decref(repos);
	return s;
}

/* The JSON documents the writers build, from JSON arrays of records. */
static json_t *short_repos_of(const json_t *repos)
{
	struct feed_fixture f = decode(repos, NULL, NULL);
	json_t *out = feed_repos_short_json(&f.inv);

	feed_fixture_clear(&f);
	return out;
}

static json_t *short_owners_of(const json_t *repos, const json_t *owners)
{
	struct feed_fixture f = decode(repos, owners, NULL);
	json_t *out = feed_owners_short_json(&f.inv);

	feed_fixture_clear(&f);
	return out;
}

static json_t *long_repos_of(const json_t *repos)
{
	struct feed_fixture f = decode(repos, NULL, NULL);
	json_t *out = feed_repositories_json(&f.inv);

	feed_fixture_clear(&f);
	return out;
}

static json_t *long_owners_of(const json_t *repos, const json_t *owners)
{
	struct feed_fixture f = decode(repos, owners, NULL);
	json_t *out = feed_organizations_json(&f.inv);

	feed_fixture_clear(&f);
	return out;
}

/* feed_accounts_yaml() of a JSON array of entries. */
static int accounts_yaml_of(char **yml, const json_t *accounts)
{
	struct feed_fixture f;
	int e;

	*yml = NULL;
	if ((e = feed_fixture_decode(&f, NULL, NULL, accounts)) == 0)
		e = feed_accounts_yaml(yml, f.entries, f.nentries);
	feed_fixture_clear(&f);
	return e;
}

/* feed_write_all() of the three JSON arrays. */
static int write_all_of(const char *dir, const json_t *repos,
                        const json_t *owners, const json_t *accounts)
{
	struct feed_fixture f = decode(repos, owners, accounts);
	struct feed_input in = feed_fixture_input(&f);
	int e = feed_write_all(dir, &in);

	feed_fixture_clear(&f);
	return e;
}

static char *read_file(const char *path, size_t *len)
{
	char *data;

	return file_read(&data, len, path, 0) == 0 ? data : NULL;
}

static char *make_tmpdir(void)
{
	char *d = xstrdup("/tmp/inventaire-test-feed-XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void rm_tree(char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static json_t *fixture(void)
{
	const char *dir = getenv("TESTS_DIR");
	char *path = xasprintf("%s/feeds/records.json", dir ? dir : "tests");
	json_error_t e;
	json_t *fx = json_load_file(path, 0, &e);

	if (!fx)
		fail_msg("%s: %s", path, e.text);
	free(path);
	return fx;
}

/* ---- the awesome-score, one term of compute-repo-score
 * (src/codegouvfr/codegouvfr_output_data.clj in
 * codegouvfr/codegouvfr-output-data) at a time ---- */

static void a_neutral_record_scores_zero(void **state)
{
	(void)state;
	assert_int_equal(score_of(NULL, NULL), 0);
}

static void a_licence_file_scores_1000(void **state)
{
	(void)state;
	assert_int_equal(score_of(NULL,
		"{\"license\": {\"spdx\": \"MIT\", \"files\": [{\"path\": \"LICENCE\"}]}}"),
		1000);
	/* an identified SPDX id without a file is not a licence file */
	assert_int_equal(score_of(NULL,
		"{\"license\": {\"spdx\": \"MIT\", \"files\": []}}"), 0);
}

static void the_forge_licence_stands_for_the_file_only_when_never_probed(void **state)
{
	(void)state;
	/* GitHub and GitLab detect a licence in a root file, "other" when they
	 * cannot name it: either way the file is there */
	assert_int_equal(score_of("{\"license\": \"mit\"}", "null"), 1000);
	assert_int_equal(score_of("{\"license\": \"other\"}", "null"), 1000);
	assert_int_equal(score_of("{\"license_key\": \"other\"}", "null"), 1000);
	assert_int_equal(score_of("{\"license\": \"\"}", "null"), 0);
	/* probed: the files found decide, not the API */
	assert_int_equal(score_of("{\"license\": \"mit\"}", NULL), 0);
}

static void a_publiccode_file_scores_1000_even_when_invalid(void **state)
{
	(void)state;
	assert_int_equal(score_of(NULL,
		"{\"publiccode\": {\"path\": \"publiccode.yml\", \"valid\": false}}"),
		1000);
}

static void readme_contributing_and_changelog_score_100_100_and_10(void **state)
{
	(void)state;
	assert_int_equal(score_of(NULL, "{\"readme\": {\"path\": \"README.md\"}}"), 100);
	assert_int_equal(score_of(NULL,
		"{\"community\": {\"contributing\": \"CONTRIBUTING.md\"}}"), 100);
	assert_int_equal(score_of(NULL,
		"{\"community\": {\"changelog\": \"CHANGELOG.md\"}}"), 10);
}

static void a_missing_or_empty_description_costs_100(void **state)
{
	(void)state;
	assert_int_equal(score_of("{\"description\": null}", NULL), -100);
	assert_int_equal(score_of("{\"description\": \"\"}", NULL), -100);
}

static void archived_and_fork_cost_1000_each(void **state)
{
	(void)state;
	assert_int_equal(score_of("{\"archived\": true}", NULL), -1000);
	assert_int_equal(score_of("{\"fork\": true}", NULL), -1000);
	assert_int_equal(score_of("{\"fork\": true, \"archived\": true}", NULL), -2000);
}

static void forks_score_above_1_10_and_100_strictly(void **state)
{
	static const struct { int forks; long points; } rows[] = {
		{ 0, 0 }, { 1, 0 }, { 2, 10 }, { 10, 10 }, { 11, 100 },
		{ 100, 100 }, { 101, 1000 }, { 5000, 1000 },
	};
	char extra[64];

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++) {
		snprintf(extra, sizeof(extra), "{\"forks\": %d}", rows[i].forks);
		assert_int_equal(score_of(extra, NULL), rows[i].points);
	}
}

static void stars_are_not_used_as_subscribers(void **state)
{
	(void)state;
	/* the neutral record has 500 stars and still scores 0 */
	assert_int_equal(score_of("{\"stars\": 100000}", NULL), 0);
}

static void every_term_adds_up(void **state)
{
	(void)state;
	assert_int_equal(score_of("{\"forks\": 12}",
		"{\"license\": {\"files\": [{\"path\": \"LICENSE\"}]},"
		" \"readme\": {\"path\": \"README.md\"},"
		" \"publiccode\": {\"path\": \"publiccode.yml\"},"
		" \"community\": {\"contributing\": \"C.md\", \"changelog\": \"N.md\"}}"),
		1000 + 1000 + 100 + 100 + 10 + 100);
}

/* ---- short descriptions ---- */

static void descriptions_are_cut_at_120_characters_not_bytes(void **state)
{
	struct buf b = BUF_INIT;
	char *s, *want;

	(void)state;
	for (int i = 0; i < 120; i++)
		buf_adds(&b, "\xc3\xa9");  /* é, 2 bytes */
	s = feed_shorten(b.data);      /* exactly 120: unchanged */
	assert_string_equal(s, b.data);
	free(s);
	want = xasprintf("%s\xe2\x80\xa6", b.data);
	buf_adds(&b, "x");             /* 121: cut, ellipsis added */
	s = feed_shorten(b.data);
	assert_string_equal(s, want);
	assert_int_equal(strlen(s), 240 + 3);
	free(s);
	free(want);
	buf_free(&b);
}

static void an_emoji_counts_as_one_character(void **state)
{
	struct buf b = BUF_INIT;
	char *s;

	(void)state;
	buf_adds(&b, "\xf0\x9f\x98\x80");  /* U+1F600, 4 bytes */
	for (int i = 0; i < 120; i++)
		buf_addc(&b, 'a');
	s = feed_shorten(b.data);
	assert_int_equal(strlen(s), 4 + 119 + 3);
	assert_memory_equal(s, b.data, 4 + 119);
	assert_string_equal(s + 4 + 119, "\xe2\x80\xa6");
	free(s);
	buf_free(&b);
}

/* ---- the short-key files ---- */

static void short_repos_write_nil_as_empty_and_keep_only_scores_of_zero_or_more(void **state)
{
	json_t *repos = json_array(), *out;
	json_t *r;

	(void)state;
	json_array_append_new(repos, record("{\"full_name\": \"x/zero\"}", NULL));
	json_array_append_new(repos, record("{\"full_name\": \"x/minus\", "
	                                    "\"description\": null}", NULL));
	out = short_repos_of(repos);
	assert_int_equal(json_array_size(out), 1);
	r = json_array_get(out, 0);
	assert_int_equal(json_integer_value(json_object_get(r, "a")), 0);
	assert_string_equal(json_string_value(json_object_get(r, "fn")), "x/zero");
	assert_string_equal(json_string_value(json_object_get(r, "n")), "zero");
	assert_string_equal(json_string_value(json_object_get(r, "l")), "");
	assert_string_equal(json_string_value(json_object_get(r, "li")), "");
	assert_string_equal(json_string_value(json_object_get(r, "o")),
	                    "https://github.com/SocialGouv");
	assert_true(json_is_false(json_object_get(r, "p?")));
	json_decref(out);

	/* a null description scores -100 and is dropped; a positive one with
	 * a null description shows "" */
	json_decref(repos);
	repos = json_array();
	json_array_append_new(repos, record("{\"description\": null, \"forks\": 50}",
	                                    NULL));
	out = short_repos_of(repos);
	assert_int_equal(json_array_size(out), 1);
	assert_string_equal(json_string_value(
		json_object_get(json_array_get(out, 0), "d")), "");
	json_decref(out);
	json_decref(repos);
}

static void short_repo_keys_come_in_code_gouv_fr_order(void **state)
{
	static const char *const keys[] = {
		"a", "a?", "c?", "d", "f", "fn", "f?", "l", "li", "n", "o", "p",
		"p?", "t?", "u",
	};
	json_t *repos = json_array(), *out;
	char *s, *p;

	(void)state;
	json_array_append_new(repos, record(NULL, NULL));
	out = short_repos_of(repos);
	s = json_dumps(json_array_get(out, 0), JSON_PRESERVE_ORDER | JSON_COMPACT);
	p = s;
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		char *k = xasprintf("\"%s\":", keys[i]);

		p = strstr(p, k);
		assert_non_null(p);
		free(k);
	}
	assert_int_equal(json_object_size(json_array_get(out, 0)), 15);
	free(s);
	json_decref(out);
	json_decref(repos);
}

static void owners_json_keeps_organizations_with_a_url_and_repositories(void **state)
{
	json_t *fx = fixture(), *out, *kept;

	(void)state;
	out = short_owners_of(json_object_get(fx, "repositories"),
	                      json_object_get(fx, "owners"));
	/* fixture: SocialGouv and outils kept; a user, an owner with no
	 * repository and one with none of its repositories in the inventory
	 * are not (the count is of the repositories whose `o` is its id) */
	assert_int_equal(json_array_size(out), 2);
	kept = json_array_get(out, 0);
	assert_string_equal(json_string_value(json_object_get(kept, "l")), "SocialGouv");
	assert_int_equal(json_integer_value(json_object_get(kept, "r")), 4);
	assert_int_equal(json_integer_value(json_object_get(kept, "s")), 0);
	assert_string_equal(json_string_value(json_object_get(kept, "os")),
	                    "https://socialgouv.github.io");
	assert_string_equal(json_string_value(json_object_get(kept, "ps")),
	                    "Mission Fabrique numérique des ministères sociaux");
	/* 186-character description cut to 120 + "…" */
	assert_non_null(strstr(json_string_value(json_object_get(kept, "d")),
	                       "Des services publics num\xe2\x80\xa6"));
	kept = json_array_get(out, 1);
	assert_string_equal(json_string_value(json_object_get(kept, "l")), "outils");
	assert_string_equal(json_string_value(json_object_get(kept, "d")), "");
	assert_string_equal(json_string_value(json_object_get(kept, "au")), "");
	json_decref(out);
	json_decref(fx);
}

static void an_account_declared_as_user_is_in_no_file(void **state)
{
	json_t *owners = parse(
		"[{\"owner\": {\"host\": \"github.com\", \"login\": \"x\","
		"  \"html_url\": \"https://github.com/x\", \"is_user\": false},"
		"  \"account\": {\"kind\": \"user\"}, \"repositories_count\": 3}]");
	json_t *repos = json_array(), *out;

	(void)state;
	json_array_append_new(repos, record("{\"owner\": \"x\", "
	                                    "\"full_name\": \"x/demo\"}", NULL));
	json_object_set_new(json_object_get(json_array_get(repos, 0), "account"),
	                    "kind", json_string("user"));
	out = short_owners_of(repos, owners);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	out = long_owners_of(repos, owners);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	out = short_repos_of(repos);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	out = long_repos_of(repos);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	json_decref(repos);
	json_decref(owners);
}

/* ---- the long-key files ---- */

static void long_records_carry_our_check_results(void **state)
{
	json_t *fx = fixture(), *out, *r;

	(void)state;
	out = long_repos_of(json_object_get(fx, "repositories"));
	assert_int_equal(json_array_size(out), 5);
	/* sorted by host, then full_name without case */
	r = json_array_get(out, 0);
	assert_string_equal(json_string_value(json_object_get(r, "full_name")),
	                    "SocialGouv/cent-vingt");
	r = json_array_get(out, 1);
	assert_string_equal(json_string_value(json_object_get(r, "id")),
	                    "https://github.com/SocialGouv/emjpm");
	assert_int_equal(json_integer_value(json_object_get(r, "awesome-score")), 2310);
	assert_string_equal(json_string_value(json_object_get(r, "license_spdx")),
	                    "Apache-2.0");
	assert_true(json_is_true(json_object_get(r, "license_authorized")));
	assert_string_equal(json_string_value(json_object_get(r, "publiccode_status")),
	                    "valid");
	assert_true(json_is_true(json_object_get(r, "publiccode")));
	assert_true(json_is_true(json_object_get(r, "changelog")));
	/* the long file keeps the full description */
	assert_int_equal(strlen(json_string_value(json_object_get(r, "description"))),
	                 strlen("Système d'information des mandataires judiciaires à la "
	                        "protection des majeurs — émjpm, développé par la "
	                        "Fabrique numérique ; accès sécurisé, données chiffrées"));
	r = json_array_get(out, 3);  /* formula: invalid publiccode.yaml */
	assert_string_equal(json_string_value(json_object_get(r, "publiccode_status")),
	                    "invalid");
	assert_int_equal(json_integer_value(json_object_get(r, "publiccode_errors")), 1);
	assert_int_equal(json_array_size(json_object_get(r, "findings")), 2);
	r = json_array_get(out, 4);  /* gitlab.has-sante.fr: probe failed */
	assert_string_equal(json_string_value(json_object_get(r, "repo_name")),
	                    "archive-fork");
	assert_string_equal(json_string_value(json_object_get(r, "owner")),
	                    "https://gitlab.has-sante.fr/outils");
	/* never probed: the forge's licence ("other") stands for its file
	 * +1000, no description -100, archived -1000, fork -1000, 101 forks
	 * +1000 */
	assert_int_equal(json_integer_value(json_object_get(r, "awesome-score")), -100);
	assert_true(json_is_null(json_object_get(r, "readme")));
	assert_true(json_is_null(json_object_get(r, "publiccode_status")));
	assert_true(json_is_null(json_object_get(r, "head")));
	assert_string_equal(json_string_value(json_object_get(r, "description")), "");
	assert_string_equal(json_string_value(json_object_get(r, "probe_error")),
	                    "cannot fetch: HTTP 503");
	json_decref(out);
	json_decref(fx);
}

static void records_that_are_not_objects_are_refused_with_their_index(void **state)
{
	json_t *bad = parse("[{}, 3]");
	struct feed_fixture f;

	(void)state;
	/* The records reach the writers typed: the state's decoder is where a
	 * bad one is refused, and it refuses all of them. */
	assert_int_equal(feed_fixture_decode(&f, bad, NULL, NULL), ERROR_PARSE);
	assert_string_equal(error_last(), "repositories: record 1 is not a JSON object");
	assert_int_equal(f.inv.nrepos, 0);
	feed_fixture_clear(&f);
	assert_int_equal(feed_fixture_decode(&f, NULL, json_object_get(bad, "x"),
	                                     NULL), 0);
	feed_fixture_clear(&f);
	assert_int_equal(feed_fixture_decode(&f, NULL, json_null(), NULL),
	                 ERROR_PARSE);
	assert_non_null(strstr(error_last(), "expected a JSON array"));
	feed_fixture_clear(&f);
	json_decref(bad);
}

/* ---- CSV ---- */

static void csv_cell(const char *in, const char *want)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "");
	feed_csv_cell(&b, in);
	assert_string_equal(b.data, want);
	buf_free(&b);
}

static void csv_cells_are_quoted_as_rfc_4180_says(void **state)
{
	(void)state;
	csv_cell("plain text", "plain text");
	csv_cell("", "");
	csv_cell("a,b", "\"a,b\"");
	csv_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	csv_cell("two\nlines", "\"two\nlines\"");
	csv_cell("cr\rhere", "\"cr\rhere\"");
	csv_cell("d\xc3\xa9j\xc3\xa0 vu", "d\xc3\xa9j\xc3\xa0 vu");
}

static void formula_like_cells_are_prefixed_with_a_quote(void **state)
{
	(void)state;
	csv_cell("=1+1", "'=1+1");
	csv_cell("+33 1 23", "'+33 1 23");
	csv_cell("-2", "'-2");
	csv_cell("@SUM(A1)", "'@SUM(A1)");
	csv_cell("\tx", "'\tx");
	csv_cell("\rx", "\"'\rx\"");
	csv_cell("=HYPERLINK(\"u\",\"t\")", "\"'=HYPERLINK(\"\"u\"\",\"\"t\"\")\"");
	csv_cell("a=b", "a=b");
}

static void csv_numbers_stay_numbers(void **state)
{
	json_t *repos = json_array();
	char *dir = make_tmpdir(), *csv, *path;
	struct feed_fixture f;
	static const char header[] = "awesome-score,archived,contributing,"
		"description,forks_count,full_name,fork,language,license,"
		"repo_name,owner,platform,publiccode,template,updated_at,id,"
		"license_spdx,license_authorized,license_category,readme,"
		"publiccode_status,publiccode_errors,changelog,head,"
		"checked_at,stale,last_seen,actor,ministry,probe_error\n";

	(void)state;
	json_array_append_new(repos, record("{\"fork\": true, "
	                      "\"description\": \"-rm -rf\"}", NULL));
	f = decode(repos, NULL, NULL);
	assert_int_equal(feed_write_repositories(dir, &f.inv), 0);
	feed_fixture_clear(&f);
	/* code.gouv.fr's file: LF, the text exactly as it is */
	path = xasprintf("%s/%s", dir, FEED_REPOSITORIES_CSV);
	csv = read_file(path, NULL);
	assert_non_null(csv);
	assert_int_equal(strncmp(csv, header, strlen(header)), 0);
	assert_non_null(strstr(csv, "\n-1000,false,false,-rm -rf,0,"
	                            "SocialGouv/demo,true,"));
	assert_null(strchr(csv, '\r'));
	assert_null(strstr(csv, "findings"));
	free(csv);
	free(path);
	/* the spreadsheet copy: the score still a number, the text defused */
	path = xasprintf("%s/%s", dir, FEED_REPOSITORIES_SHEET);
	csv = read_file(path, NULL);
	assert_non_null(csv);
	assert_int_equal(strncmp(csv, header, strlen(header)), 0);
	assert_non_null(strstr(csv, "\n-1000,false,false,'-rm -rf,0,"
	                            "SocialGouv/demo,true,"));
	free(csv);
	free(path);
	json_decref(repos);
	rm_tree(dir);
}

/* ---- the accounts fragment ---- */

/* A scalar as a YAML 1.1 loader would resolve it, for the round trip:
 * quoted -> string; plain -> null / bool / number / date / string. */
static json_t *yaml_scalar(const yaml_node_t *n)
{
	const char *s = (const char *)n->data.scalar.value;

	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return json_string(s);
	if (!*s || !strcmp(s, "~") || !strcmp(s, "null"))
		return json_null();
	if (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "on"))
		return json_true();
	if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "off"))
		return json_false();
	if (strspn(s, "0123456789") == strlen(s))
		return json_integer(atoll(s));
	return json_string(s);
}

/* STRICT: a duplicate key fails the test (our output must have none);
 * otherwise the last one wins, as PyYAML and SnakeYAML (clj-yaml) do. The
 * national list has one: gitlab.mim-libre.fr has two pso_id. */
static json_t *yaml_to_json(yaml_document_t *doc, const yaml_node_t *n,
                            bool strict)
{
	json_t *o;

	switch (n->type) {
	case YAML_SCALAR_NODE:
		return yaml_scalar(n);
	case YAML_MAPPING_NODE:
		o = json_object();
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
		     p < n->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(doc, p->key);
			json_t *key = yaml_scalar(k);

			assert_true(json_is_string(key));  /* keys must stay strings */
			if (strict)
				assert_null(json_object_get(o, json_string_value(key)));
			json_object_set_new(o, json_string_value(key),
			                    yaml_to_json(doc, yaml_document_get_node(doc, p->value),
			                                 strict));
			json_decref(key);
		}
		return o;
	default:
		fail_msg("unexpected YAML node");
		return NULL;
	}
}

static json_t *load_yaml(const char *text, bool strict)
{
	yaml_parser_t p;
	yaml_document_t doc;
	json_t *v;

	assert_true(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
	assert_true(yaml_parser_load(&p, &doc));
	v = yaml_to_json(&doc, yaml_document_get_root_node(&doc), strict);
	yaml_document_delete(&doc);
	yaml_parser_delete(&p);
	return v;
}

static void the_accounts_fragment_loads_back_to_the_same_accounts(void **state)
{
	json_t *fx = fixture(), *got, *want;
	char *yml;

	(void)state;
	assert_int_equal(accounts_yaml_of(&yml, json_object_get(fx, "accounts")), 0);
	got = load_yaml(yml, true);
	want = parse(
		"{\"codeberg.org\": {\"forge\": \"forgejo\", \"owners\": {"
		"   \"1234\": {\"pso_id\": \"163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\"}}},"
		" \"dev.ch-poitiers.fr\": {\"forge\": \"gitlab\","
		"   \"pso_id\": \"00000000-0000-0000-0000-000000000000\"},"
		" \"forge.apps.education.fr\": {\"forge\": \"gitlab\","
		"   \"pso_id\": \"3ed2f725-e077-4973-a531-498e13fc7861\","
		"   \"owners\": {\"drane-lyon\": null, \"reseau-certa\": "
		"     {\"floss_policy\": \"https://example.org/a: b #c\"}}},"
		" \"github.com\": {\"forge\": \"github\", \"owners\": {"
		"   \"ansforge\": {\"pso_id\": \"a0e44306-21d2-4285-bf0d-75813afaed3e\"},"
		"   \"socialgouv\": {\"pso_id\": \"361651ec-d4af-4c9f-b76f-e5f9ca19df4b\","
		"     \"floss_policy\": \"https://sillon.incubateur.net/docs/legal/license/\","
		"     \"ospo_url\": \"https://socialgouv.github.io\"},"
		"   \"yes\": null}},"
		" \"gitlab.adullact.net\": {\"forge\": \"gitlab\","
		"   \"owners\": {\"socio-connect\": null}},"
		" \"gitlab.factory.social.gouv.fr\": {\"forge\": \"gitlab\","
		"   \"ignored_since\": \"2024-08-09\","
		"   \"pso_id\": \"163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\"},"
		" \"gitlab.has-sante.fr\": {\"forge\": \"gitlab\","
		"   \"pso_id\": \"df118fe7-bb5e-49f9-8ff0-3fdcaa4011f1\"}}");
	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_SORT_KEYS);

		fail_msg("loaded back:\n%s\nfrom:\n%s", g, yml);
	}
	/* our extensions stay out of the upstream format */
	assert_null(strstr(yml, "api_url"));
	assert_null(strstr(yml, "kind"));
	json_decref(got);
	json_decref(want);
	free(yml);
	json_decref(fx);
}

static void the_accounts_fragment_has_code_gouv_fr_layout(void **state)
{
	json_t *acc = parse(
		"[{\"host\": \"gitlab.has-sante.fr\", \"forge\": \"gitlab\", \"owner\": null,"
		"  \"pso_id\": \"df118fe7-bb5e-49f9-8ff0-3fdcaa4011f1\","
		"  \"ignored_since\": \"2024-08-09\"},"
		" {\"host\": \"github.com\", \"forge\": \"github\", \"owner\": \"SocialGouv\","
		"  \"pso_id\": \"361651ec-d4af-4c9f-b76f-e5f9ca19df4b\","
		"  \"ospo_url\": \"https://socialgouv.github.io\"},"
		" {\"host\": \"github.com\", \"forge\": \"github\", \"owner\": \"AnsForge\"},"
		" {\"host\": \"github.com\", \"forge\": \"github\", \"owner\": \"null\"}]");
	char *yml;

	(void)state;
	assert_int_equal(accounts_yaml_of(&yml, acc), 0);
	assert_string_equal(yml,
		"# Accounts of public bodies on software forges, in the format of "
		"code.gouv.fr's\n"
		"# comptes-organismes-publics.yml. Written by inventaire.\n"
		"\n"
		"github.com:\n"
		"  forge: github\n"
		"  owners:\n"
		"    ansforge:\n"
		"    \"null\":\n"
		"    socialgouv:\n"
		"      pso_id: 361651ec-d4af-4c9f-b76f-e5f9ca19df4b\n"
		"      ospo_url: https://socialgouv.github.io\n"
		"\n"
		"gitlab.has-sante.fr:\n"
		"  forge: gitlab\n"
		"  ignored_since: 2024-08-09\n"
		"  pso_id: df118fe7-bb5e-49f9-8ff0-3fdcaa4011f1\n");
	free(yml);
	json_decref(acc);
}

/* The national list (data/codegouvfr/codegouvfr-data), turned into our
 * account entries and written back, loads as the same data: our format is
 * code.gouv.fr's. */
static void the_national_accounts_list_survives_a_round_trip(void **state)
{
	const char *shared = getenv("SHARED_DATA");
	char *path, *text, *yml;
	json_t *national, *accounts, *again;
	const char *host, *login;
	json_t *h, *o;

	(void)state;
	if (!shared) {
		skip();
		return;
	}
	path = xasprintf("%s/codegouvfr/codegouvfr-data/comptes-organismes-publics.yml",
	                 shared);
	if (!(text = read_file(path, NULL))) {
		print_message("skipped: %s not found\n", path);
		free(path);
		skip();
		return;
	}
	national = load_yaml(text, false);
	assert_true(json_object_size(national) > 80);
	accounts = json_array();
	json_object_foreach(national, host, h) {
		json_t *owners = json_object_get(h, "owners");
		json_t *whole = json_deep_copy(h);

		json_object_del(whole, "owners");
		json_object_set_new(whole, "host", json_string(host));
		if (!owners || json_object_size(whole) > 2)
			json_array_append(accounts, whole);
		json_object_foreach(owners, login, o) {
			json_t *entry = json_is_object(o) ? json_deep_copy(o) : json_object();

			json_object_set_new(entry, "host", json_string(host));
			json_object_set(entry, "forge", json_object_get(h, "forge"));
			json_object_set_new(entry, "owner", json_string(login));
			json_array_append_new(accounts, entry);
		}
		json_decref(whole);
	}
	assert_int_equal(accounts_yaml_of(&yml, accounts), 0);
	again = load_yaml(yml, true);
	assert_true(json_equal(national, again));
	json_decref(again);
	json_decref(accounts);
	json_decref(national);
	free(yml);
	free(text);
	free(path);
}

static void accounts_errors(const char *json, const char *want)
{
	json_t *acc = parse(json);
	char *yml = NULL;

	/* A value of the wrong type is the decoder's to refuse (ERROR_PARSE);
	 * the rest, the writer's (ERROR_INVALID). */
	assert_true(accounts_yaml_of(&yml, acc) < 0);
	assert_null(yml);
	if (!strstr(error_last(), want))
		fail_msg("error \"%s\" does not say \"%s\"", error_last(), want);
	json_decref(acc);
}

static void bad_accounts_are_refused_with_a_reason(void **state)
{
	(void)state;
	accounts_errors("[{\"host\": \"github.com\", \"forge\": \"github\", \"owner\": \"A\"},"
	                " {\"host\": \"github.com\", \"forge\": \"github\", \"owner\": \"a\"}]",
	                "entry 1: owner a on github.com is listed twice");
	accounts_errors("[{\"host\": \"x.fr\", \"forge\": \"gitlab\", \"owner\": null,"
	                "  \"ignored_since\": \"09/08/2024\"}]",
	                "ignored_since \"09/08/2024\" is not a date");
	accounts_errors("[{\"host\": \"x.fr\", \"forge\": \"gitlab\", \"owner\": \"a\"},"
	                " {\"host\": \"x.fr\", \"forge\": \"gitea\", \"owner\": \"b\"}]",
	                "host x.fr is declared both as gitlab and as gitea");
	accounts_errors("[{\"host\": \"x.fr\", \"owner\": \"a\"}]", "has no forge");
	accounts_errors("[{\"host\": \"x.fr\", \"forge\": \"gitlab\", \"owner\": 3}]",
	                "\"owner\" must be a non-empty string");
}

/* ---- files: atomicity, determinism, schemas ---- */

static void a_failed_write_leaves_the_old_file_and_no_temporary(void **state)
{
	char *dir = make_tmpdir(), *path = xasprintf("%s/feed.json", dir);
	char *got;
	struct rlimit old, lim;
	size_t big = 1 << 20;
	char *data = xmalloc(big);
	int e;

	(void)state;
	assert_int_equal(atomic_file_write(path, "old\n", 4), 0);
	/* Root ignores permissions, so make the write itself fail: a file
	 * size limit gives EFBIG (SIGXFSZ ignored) half-way through. */
	memset(data, 'x', big);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	e = atomic_file_write(path, data, big);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_equal(e, ERROR_TOOBIG);
	assert_non_null(strstr(error_last(), path));
	got = read_file(path, NULL);
	assert_string_equal(got, "old\n");
	assert_int_equal(count_entries(dir), 1);
	free(got);
	free(data);
	free(path);
	rm_tree(dir);
}

static void writing_where_a_file_stands_for_the_folder_fails_cleanly(void **state)
{
	char *dir = make_tmpdir(), *file = xasprintf("%s/plain", dir);
	json_t *fx = fixture();

	(void)state;
	assert_int_equal(atomic_file_write(file, "x", 1), 0);
	assert_int_equal(write_all_of(file, json_object_get(fx, "repositories"),
	                              json_object_get(fx, "owners"),
	                              json_object_get(fx, "accounts")), ERROR_NOTDIR);
	assert_non_null(strstr(error_last(), "plain/codegouvfr-repositories.json"));
	assert_int_equal(atomic_file_write("/nonexistent-dir/x/feed.json", "x", 1),
	                 ERROR_NOTFOUND);
	assert_non_null(strstr(error_last(), "/nonexistent-dir/x/feed.json"));
	assert_int_equal(count_entries(dir), 1);
	json_decref(fx);
	free(file);
	rm_tree(dir);
}

static void bad_input_replaces_no_file_of_the_previous_feed(void **state)
{
	json_t *fx = fixture();
	json_t *bad = parse("[{\"host\": \"x.fr\", \"forge\": \"gitlab\","
	                    " \"owner\": null, \"ignored_since\": \"soon\"}]");
	char *dir = make_tmpdir();

	(void)state;
	assert_int_equal(write_all_of(dir, json_object_get(fx, "repositories"),
	                              json_object_get(fx, "owners"), bad), ERROR_INVALID);
	assert_non_null(strstr(error_last(), "ignored_since \"soon\" is not a date"));
	assert_int_equal(count_entries(dir), 0);
	json_decref(bad);
	json_decref(fx);
	rm_tree(dir);
}

static const char *const all_files[] = {
	FEED_REPOSITORIES_JSON, FEED_REPOSITORIES_CSV, FEED_REPOSITORIES_SHEET,
	FEED_ORGANIZATIONS_JSON, FEED_ORGANIZATIONS_CSV, FEED_ORGANIZATIONS_SHEET,
	FEED_REPOS_SHORT_JSON, FEED_OWNERS_SHORT_JSON, FEED_FORGES_CSV,
	FEED_STATS_JSON, FEED_LATEST_XML,
	FEED_ACCOUNTS_YML, "schema/owners.schema.json",
	"schema/stats_preprod.schema.json",
	"schema/repos_preprod.schema.json",
	"schema/codegouvfr-repositories.schema.json",
	"schema/codegouvfr-organizations.schema.json",
	"schema/crawl.schema.json",
};

static json_t *reversed(const json_t *a)
{
	json_t *r = json_array();

	for (size_t i = json_array_size(a); i > 0; i--)
		json_array_append(r, json_array_get(a, i - 1));
	return r;
}

static void the_same_records_in_any_order_give_the_same_bytes(void **state)
{
	json_t *fx = fixture();
	json_t *rr = reversed(json_object_get(fx, "repositories"));
	json_t *ro = reversed(json_object_get(fx, "owners"));
	json_t *ra = reversed(json_object_get(fx, "accounts"));
	char *d1 = make_tmpdir(), *d2 = make_tmpdir(), *d3 = make_tmpdir();

	(void)state;
	assert_int_equal(write_all_of(d1, json_object_get(fx, "repositories"),
	                 json_object_get(fx, "owners"),
	                 json_object_get(fx, "accounts")), 0);
	assert_int_equal(write_all_of(d2, json_object_get(fx, "repositories"),
	                 json_object_get(fx, "owners"),
	                 json_object_get(fx, "accounts")), 0);
	assert_int_equal(write_all_of(d3, rr, ro, ra), 0);
	for (size_t i = 0; i < sizeof(all_files) / sizeof(*all_files); i++) {
		char *p1 = xasprintf("%s/%s", d1, all_files[i]);
		char *p2 = xasprintf("%s/%s", d2, all_files[i]);
		char *p3 = xasprintf("%s/%s", d3, all_files[i]);
		size_t n1, n2, n3;
		char *a = read_file(p1, &n1), *b = read_file(p2, &n2);
		char *c = read_file(p3, &n3);

		assert_non_null(a);
		assert_true(n1 > 0);
		assert_int_equal(n1, n2);
		assert_memory_equal(a, b, n1);
		assert_int_equal(n1, n3);
		assert_memory_equal(a, c, n1);
		free(a); free(b); free(c);
		free(p1); free(p2); free(p3);
	}
	assert_int_equal(count_entries(d1), 13);  /* 12 files + schema/ */
	json_decref(rr); json_decref(ro); json_decref(ra);
	json_decref(fx);
	rm_tree(d1); rm_tree(d2); rm_tree(d3);
}

static void the_embedded_schemas_are_json_documents(void **state)
{
	static const char *const names[] = {
		"codegouvfr-repositories.schema.json",
		"codegouvfr-organizations.schema.json",
		"repos_preprod.schema.json", "owners.schema.json",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		const char *text = feed_schema_text(names[i]);
		json_t *s;

		assert_non_null(text);
		s = parse(text);
		assert_string_equal(json_string_value(json_object_get(s, "type")), "array");
		assert_true(json_is_object(json_object_get(json_object_get(s, "items"),
		                                           "properties")));
		json_decref(s);
	}
	/* crawl.json's schema describes one object, not an array. */
	assert_non_null(feed_schema_text("crawl.schema.json"));
	assert_null(feed_schema_text("no-such.schema.json"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_neutral_record_scores_zero),
		cmocka_unit_test(a_licence_file_scores_1000),
		cmocka_unit_test(the_forge_licence_stands_for_the_file_only_when_never_probed),
		cmocka_unit_test(a_publiccode_file_scores_1000_even_when_invalid),
		cmocka_unit_test(readme_contributing_and_changelog_score_100_100_and_10),
		cmocka_unit_test(a_missing_or_empty_description_costs_100),
		cmocka_unit_test(archived_and_fork_cost_1000_each),
		cmocka_unit_test(forks_score_above_1_10_and_100_strictly),
		cmocka_unit_test(stars_are_not_used_as_subscribers),
		cmocka_unit_test(every_term_adds_up),
		cmocka_unit_test(descriptions_are_cut_at_120_characters_not_bytes),
		cmocka_unit_test(an_emoji_counts_as_one_character),
		cmocka_unit_test(short_repos_write_nil_as_empty_and_keep_only_scores_of_zero_or_more),
		cmocka_unit_test(short_repo_keys_come_in_code_gouv_fr_order),
		cmocka_unit_test(owners_json_keeps_organizations_with_a_url_and_repositories),
		cmocka_unit_test(an_account_declared_as_user_is_in_no_file),
		cmocka_unit_test(long_records_carry_our_check_results),
		cmocka_unit_test(records_that_are_not_objects_are_refused_with_their_index),
		cmocka_unit_test(csv_cells_are_quoted_as_rfc_4180_says),
		cmocka_unit_test(formula_like_cells_are_prefixed_with_a_quote),
		cmocka_unit_test(csv_numbers_stay_numbers),
		cmocka_unit_test(the_accounts_fragment_loads_back_to_the_same_accounts),
		cmocka_unit_test(the_accounts_fragment_has_code_gouv_fr_layout),
		cmocka_unit_test(bad_accounts_are_refused_with_a_reason),
		cmocka_unit_test(the_national_accounts_list_survives_a_round_trip),
		cmocka_unit_test(a_failed_write_leaves_the_old_file_and_no_temporary),
		cmocka_unit_test(writing_where_a_file_stands_for_the_folder_fails_cleanly),
		cmocka_unit_test(bad_input_replaces_no_file_of_the_previous_feed),
		cmocka_unit_test(the_same_records_in_any_order_give_the_same_bytes),
		cmocka_unit_test(the_embedded_schemas_are_json_documents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
