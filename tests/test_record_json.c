/* test_record_json.c - tests crawler/crawl/record_json.c, the state's JSON
 * form of the inventory records. */
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

#include "crawler/crawl/record_json.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "output/feed.h"

/* Made by inventaire 0.1.0 before the records were typed
 * (tests/feeds/make_state_fixture.py). */
#define OLD_STATE "feeds/state-0.1.0"

static const char *const feeds[] = {
	FEED_REPOSITORIES_JSON, FEED_REPOSITORIES_CSV, FEED_ORGANIZATIONS_JSON,
	FEED_ORGANIZATIONS_CSV, FEED_REPOS_SHORT_JSON, FEED_OWNERS_SHORT_JSON,
};

static char *fixture_path(const char *name)
{
	const char *dir = getenv("TESTS_DIR");

	return xasprintf("%s/%s/%s", dir ? dir : "tests", OLD_STATE, name);
}

static json_t *load_json(const char *path)
{
	json_error_t e;
	json_t *v = json_load_file(path, 0, &e);

	if (!v)
		fail_msg("%s: %s", path, e.text);
	return v;
}

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);

	if (!v)
		fail_msg("bad test JSON: %s", e.text);
	return v;
}

static void load_old_state(struct inventory *inv)
{
	char *path = fixture_path("inventory.json");
	json_t *v = load_json(path);

	if (inventory_from_json(inv, v) < 0)
		fail_msg("%s: %s", path, error_last());
	json_decref(v);
	free(path);
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

/* The feed files of INV (the accounts list aside) into a new folder. */
static char *write_feeds(const struct inventory *inv)
{
	char *dir = xstrdup("/tmp/inventaire-test-record-json-XXXXXX");

	assert_non_null(mkdtemp(dir));
	assert_int_equal(feed_write_repositories(dir, inv), 0);
	assert_int_equal(feed_write_organizations(dir, inv), 0);
	assert_int_equal(feed_write_short(dir, inv), 0);
	return dir;
}

static void assert_same_file(const char *a, const char *b)
{
	char *x, *y;
	size_t nx, ny;

	assert_int_equal(file_read(&x, &nx, a, 0), 0);
	assert_int_equal(file_read(&y, &ny, b, 0), 0);
	if (nx != ny || memcmp(x, y, nx) != 0)
		fail_msg("%s and %s differ", a, b);
	free(x);
	free(y);
}

static void assert_feeds_are_the_old_ones(const char *dir)
{
	for (size_t i = 0; i < sizeof(feeds) / sizeof(*feeds); i++) {
		char *want = fixture_path(feeds[i]);
		char *got = xasprintf("%s/%s", dir, feeds[i]);

		assert_same_file(got, want);
		free(want);
		free(got);
	}
}

static void remove_dir(char *dir)
{
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

static const struct record_repo *find_repo(const struct inventory *inv,
                                           const char *host, const char *name)
{
	for (size_t i = 0; i < inv->nrepos; i++)
		if (!strcmp(inv->repos[i].repo.host, host) &&
		    !strcmp(inv->repos[i].repo.full_name, name))
			return &inv->repos[i];
	fail_msg("no %s/%s in the inventory", host, name);
	return NULL;
}

/* The feed files beside it are what this version writes from it (made by
 * tests/feeds/make_state_fixture.py's --feeds-only; the first ones, 0.1.0's,
 * are in the history): a change of the feeds shows there, file by file. */
static void an_inventory_written_by_0_1_0_gives_todays_feeds(void **state)
{
	struct inventory inv;
	char *dir;

	(void)state;
	load_old_state(&inv);
	dir = write_feeds(&inv);
	assert_feeds_are_the_old_ones(dir);
	remove_dir(dir);
	inventory_clear(&inv);
}

static void an_inventory_written_by_0_1_0_loads_every_kind_of_record(void **state)
{
	struct inventory inv;
	const struct record_repo *r;

	(void)state;
	load_old_state(&inv);
	assert_string_equal(inv.checker, "0.1.0/1");
	assert_int_equal(inv.nrepos, 10);
	assert_int_equal(inv.nowners, 4);
	/* checked, with its actor and account */
	r = find_repo(&inv, "github.com", "SocialGouv/Outil-B");
	assert_string_equal(r->account_key, "github.com/socialgouv");
	assert_string_equal(r->account->owner, "socialgouv");
	assert_string_equal(r->actor->acronym, "DREES");
	assert_non_null(r->check);
	assert_int_equal(strlen(r->head), 40);
	assert_false(r->stale);
	assert_null(r->last_seen);
	assert_non_null(r->listed_at);
	assert_null(r->probe_error);
	/* never checked: the probe failed the first time */
	r = find_repo(&inv, "github.com", "SocialGouv/ghost");
	assert_null(r->check);
	assert_null(r->head);
	assert_non_null(strstr(r->probe_error, "ghost.git"));
	/* checked once, then failed: the last verdict kept */
	r = find_repo(&inv, "github.com", "SocialGouv/zeta");
	assert_non_null(r->check);
	assert_non_null(r->probe_error);
	/* its account could not be listed */
	r = find_repo(&inv, "bitbucket.org", "cnam/ameli");
	assert_true(r->stale);
	assert_non_null(r->last_seen);
	assert_string_equal(r->last_seen, r->listed_at);
	inventory_clear(&inv);
}

/* INV's records through the encoder: {"repos": [...], "owners": [...]}. */
static json_t *records_json(const struct inventory *inv)
{
	json_t *repos = json_array(), *owners = json_array();

	for (size_t i = 0; i < inv->nrepos; i++)
		json_array_append_new(repos, record_repo_to_json(&inv->repos[i]));
	for (size_t i = 0; i < inv->nowners; i++)
		json_array_append_new(owners, record_owner_to_json(&inv->owners[i]));
	return json_pack("{s:o, s:o}", "repos", repos, "owners", owners);
}

static void the_encoder_and_the_decoder_agree(void **state)
{
	struct inventory inv, again;
	json_t *first, *second;
	size_t i;
	json_t *r;
	char *dir;

	(void)state;
	load_old_state(&inv);
	first = records_json(&inv);
	inventory_init(&again);
	json_array_foreach(json_object_get(first, "repos"), i, r)
		assert_int_equal(record_repo_from_json(&again, r, "repos", i), 0);
	json_array_foreach(json_object_get(first, "owners"), i, r)
		assert_int_equal(record_owner_from_json(&again, r, "owners", i), 0);
	second = records_json(&again);
	assert_true(json_equal(first, second));
	/* listed_at, beside the records in the 0.1.0 state, is in each
	 * record now */
	json_array_foreach(json_object_get(first, "repos"), i, r)
		assert_true(json_is_string(json_object_get(r, "listed_at")));
	dir = write_feeds(&again);
	assert_feeds_are_the_old_ones(dir);
	remove_dir(dir);
	json_decref(first);
	json_decref(second);
	inventory_clear(&inv);
	inventory_clear(&again);
}

static void the_records_of_one_account_share_its_account_and_actor(void **state)
{
	struct inventory inv;
	const struct record_repo *a, *b, *c;

	(void)state;
	load_old_state(&inv);
	a = find_repo(&inv, "github.com", "SocialGouv/Outil-B");
	b = find_repo(&inv, "github.com", "SocialGouv/zeta");
	c = find_repo(&inv, "bitbucket.org", "cnam/ameli");
	/* decoded once per account, not once per record */
	assert_ptr_equal(a->account, b->account);
	assert_ptr_equal(a->actor, b->actor);
	assert_ptr_not_equal(a->account, c->account);
	assert_string_equal(c->account->host, "bitbucket.org");
	/* each record holds its own reference: clearing one leaves the
	 * others whole */
	record_repo_clear(&inv.repos[a - inv.repos]);
	assert_string_equal(b->account->owner, "socialgouv");
	inventory_clear(&inv);
}

static void decode_error(const char *records, const char *want)
{
	json_t *v = parse(records);
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(record_repos_from_json(&inv, v, "repos"), ERROR_PARSE);
	if (!strstr(error_last(), want))
		fail_msg("\"%s\" does not say \"%s\"", error_last(), want);
	json_decref(v);
	inventory_clear(&inv);
}

static void a_mistyped_record_is_refused_naming_the_record_and_the_key(void **state)
{
	(void)state;
	decode_error("[{}, {\"stale\": \"yes\"}]",
	             "repos: record 1: \"stale\" must be true or false");
	decode_error("[{\"repo\": {\"forks\": -3}}]",
	             "repos: record 0: repo: \"forks\" must be a count");
	decode_error("[{\"repo\": {\"host\": 7}}]",
	             "repos: record 0: repo: \"host\" must be a string");
	decode_error("[{\"actor\": []}]", "repos: record 0: \"actor\" must be an object");
	decode_error("[{\"check\": {\"findings\": [{\"rule\": \"x\"}]}}]",
	             "repos: record 0: \"check\": findings[0]");
	decode_error("{}", "repos: expected a JSON array of records");
}

static void missing_and_unknown_keys_are_not_errors(void **state)
{
	json_t *v = parse("[{\"repo\": {\"host\": \"h\", \"full_name\": \"a/b\","
	                  " \"template\": true, \"subscribers\": 4},"
	                  " \"later\": {\"x\": 1}}]");
	struct inventory inv;

	(void)state;
	inventory_init(&inv);
	assert_int_equal(record_repos_from_json(&inv, v, "repos"), 0);
	assert_int_equal(inv.nrepos, 1);
	assert_string_equal(inv.repos[0].repo.full_name, "a/b");
	assert_int_equal(inv.repos[0].repo.forks, -1);
	assert_null(inv.repos[0].actor);
	assert_null(inv.repos[0].check);
	json_decref(v);
	inventory_clear(&inv);
}

static void an_accounts_entry_is_refused_when_a_value_is_not_a_string(void **state)
{
	json_t *v = parse("{\"host\": \"x.fr\", \"forge\": \"gitlab\", \"owner\": 3}");
	struct record_entry e;

	(void)state;
	assert_int_equal(record_entry_from_json(&e, v, 4), ERROR_PARSE);
	assert_string_equal(error_last(), "accounts: entry 4: \"owner\" must be a "
	                    "non-empty string without NUL bytes");
	json_decref(v);
	v = parse("{\"host\": \"x.fr\", \"forge\": \"gitlab\", \"kind\": \"user\","
	          " \"ignored_since\": \"2024-08-09\"}");
	assert_int_equal(record_entry_from_json(&e, v, 0), 0);
	assert_string_equal(e.account.kind, "user");
	assert_string_equal(e.ignored_since, "2024-08-09");
	assert_null(e.account.owner);
	record_entry_clear(&e);
	json_decref(v);
}


/* What code.gouv.fr's feed needs beyond the listing travels in the state;
 * a state written before those keys loads them as unknown. */
static void the_feed_s_new_fields_round_trip_and_default_in_old_states(void **state)
{
	json_t *repos = parse(
		"[{\"repo\": {\"host\": \"github.com\", \"full_name\": \"a/b\","
		"  \"license_key\": \"mit\", \"template\": true, \"subscribers\": 12,"
		"  \"owner_is_user\": true, \"forge_id\": \"3400397\"}}]");
	json_t *owners = parse(
		"[{\"owner\": {\"host\": \"github.com\", \"login\": \"a\","
		"  \"followers\": 40}, \"followers_at\": \"2030-01-15T02:00:00Z\"}]");
	struct inventory inv, old;
	const struct record_repo *r;
	json_t *again;

	(void)state;
	inventory_init(&inv);
	assert_int_equal(record_repos_from_json(&inv, repos, "repos"), 0);
	assert_int_equal(record_owners_from_json(&inv, owners, "owners"), 0);
	assert_string_equal(inv.repos[0].repo.license_key, "mit");
	assert_true(inv.repos[0].repo.template);
	assert_int_equal(inv.repos[0].repo.subscribers, 12);
	assert_true(inv.repos[0].repo.owner_is_user);
	assert_string_equal(inv.repos[0].repo.forge_id, "3400397");
	assert_int_equal(inv.owners[0].owner.followers, 40);
	assert_string_equal(inv.owners[0].followers_at, "2030-01-15T02:00:00Z");
	again = record_repo_to_json(&inv.repos[0]);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(again, "repo"), "subscribers")), 12);
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(again, "repo"), "forge_id")), "3400397");
	json_decref(again);
	again = record_owner_to_json(&inv.owners[0]);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(again, "owner"), "followers")), 40);
	assert_string_equal(json_string_value(json_object_get(again,
		"followers_at")), "2030-01-15T02:00:00Z");
	json_decref(again);
	load_old_state(&old);
	r = find_repo(&old, "github.com", "SocialGouv/Outil-B");
	assert_null(r->repo.license_key);
	assert_false(r->repo.template);
	assert_int_equal(r->repo.subscribers, -1);
	assert_false(r->repo.owner_is_user);
	assert_null(r->repo.forge_id);
	assert_int_equal(old.owners[0].owner.followers, -1);
	assert_null(old.owners[0].followers_at);
	/* and its checks, made before the codegouvfr section, have none */
	assert_false(r->check->codegouvfr.present);
	inventory_clear(&old);
	inventory_clear(&inv);
	json_decref(repos);
	json_decref(owners);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_inventory_written_by_0_1_0_gives_todays_feeds),
		cmocka_unit_test(an_inventory_written_by_0_1_0_loads_every_kind_of_record),
		cmocka_unit_test(the_encoder_and_the_decoder_agree),
		cmocka_unit_test(the_records_of_one_account_share_its_account_and_actor),
		cmocka_unit_test(a_mistyped_record_is_refused_naming_the_record_and_the_key),
		cmocka_unit_test(missing_and_unknown_keys_are_not_errors),
		cmocka_unit_test(an_accounts_entry_is_refused_when_a_value_is_not_a_string),
		cmocka_unit_test(the_feed_s_new_fields_round_trip_and_default_in_old_states),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
