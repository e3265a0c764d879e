/* test_crawl_state.c - tests crawler/crawl/crawl_state.c: the lock, the
 * inventory kept between runs and the resume journal. */
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
#include <unistd.h>

#include "crawler/crawl/crawl_state.h"
#include "crawler/crawl/record_json.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"

static char *make_tmpdir(void)
{
	char *d = xstrdup("/tmp/inventaire-test-crawl-state-XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void remove_dir(char *dir)
{
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* The inventory 0.1.0 wrote (tests/feeds/make_state_fixture.py). */
static json_t *old_inventory(void)
{
	const char *tests = getenv("TESTS_DIR");
	char *path = xasprintf("%s/feeds/state-0.1.0/inventory.json",
	                       tests ? tests : "tests");
	json_error_t e;
	json_t *v = json_load_file(path, 0, &e);

	if (!v)
		fail_msg("%s: %s", path, e.text);
	free(path);
	return v;
}

static void write_text(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

/* A journal line as 0.1.0 wrote it: one account's records of the old
 * inventory, and its crawl.json counts. */
static char *old_entry(const json_t *inv, const char *key)
{
	json_t *records = json_array(), *owners = json_array(), *e;
	size_t i;
	json_t *r;
	char *line;

	json_array_foreach(json_object_get(inv, "repos"), i, r)
		if (!strcmp(json_string_value(json_object_get(r, "account_key")), key))
			json_array_append(records, r);
	json_array_foreach(json_object_get(inv, "owners"), i, r)
		if (!strcmp(json_string_value(json_object_get(r, "account_key")), key))
			json_array_append(owners, r);
	e = json_pack("{s:s, s:o, s:o, s:{s:i}, s:{s:s}}", "key", key,
	              "records", records, "owners", owners,
	              "methods", "unchanged", 4, "paths", "x/y", "v2-ls-refs");
	line = json_dumps(e, JSON_COMPACT);
	json_decref(e);
	return line;
}

static void a_journal_of_an_interrupted_run_is_resumed(void **state)
{
	char *dir = make_tmpdir(), *entry, *text, *again;
	json_t *inv = old_inventory();
	struct journal *j;
	struct journal_entry *e;
	size_t len;

	(void)state;
	entry = old_entry(inv, "github.com/socialgouv");
	/* the crash tore the last line */
	text = xasprintf("{\"checker\":\"0.1.0/1\"}\n%s\n{\"key\":\"gitlab.com/dr",
	                 entry);
	write_text(dir, "journal.jsonl", text);
	assert_int_equal(journal_open(&j, dir, "0.1.0/1"), 0);
	e = journal_get(j, "github.com/socialgouv");
	assert_non_null(e);
	assert_int_equal(e->found.nrepos, 4);
	assert_int_equal(e->found.nowners, 1);
	assert_string_equal(e->found.repos[0].account_key, "github.com/socialgouv");
	assert_int_equal(json_integer_value(json_object_get(e->methods,
	                                                    "unchanged")), 4);
	assert_null(journal_get(j, "gitlab.com/drees"));
	journal_free(j);
	/* rewritten with what was kept: the same entry, once */
	free(text);
	text = xasprintf("%s/journal.jsonl", dir);
	assert_int_equal(file_read(&again, &len, text, 0), 0);
	assert_non_null(strstr(again, "\"key\":\"github.com/socialgouv\""));
	assert_null(strstr(again, "gitlab.com/dr"));
	free(again);
	free(text);
	free(entry);
	json_decref(inv);
	remove_dir(dir);
}

static void a_journal_of_another_checker_is_not_resumed(void **state)
{
	char *dir = make_tmpdir(), *entry, *text;
	json_t *inv = old_inventory();
	struct journal *j;

	(void)state;
	entry = old_entry(inv, "github.com/socialgouv");
	text = xasprintf("{\"checker\":\"0.0.9/1\"}\n%s\n", entry);
	write_text(dir, "journal.jsonl", text);
	assert_int_equal(journal_open(&j, dir, "0.1.0/1"), 0);
	assert_null(journal_get(j, "github.com/socialgouv"));
	journal_free(j);
	free(text);
	free(entry);
	json_decref(inv);
	remove_dir(dir);
}

static void a_journal_entry_added_is_read_back_by_the_next_run(void **state)
{
	char *dir = make_tmpdir();
	json_t *inv = old_inventory(), *methods = json_object();
	json_t *paths = json_object();
	struct inventory found;
	struct journal *j;
	struct journal_entry *e;

	(void)state;
	assert_int_equal(inventory_from_json(&found, inv), 0);
	assert_int_equal(journal_open(&j, dir, "0.1.0/1"), 0);
	assert_int_equal(journal_add(j, "all", &found, methods, paths), 0);
	journal_free(j);  /* a crash: never journal_done() */
	assert_int_equal(journal_open(&j, dir, "0.1.0/1"), 0);
	assert_non_null(e = journal_get(j, "all"));
	assert_int_equal(e->found.nrepos, found.nrepos);
	assert_int_equal(e->found.nowners, found.nowners);
	journal_done(j);
	journal_free(j);
	assert_int_equal(journal_open(&j, dir, "0.1.0/1"), 0);
	assert_null(journal_get(j, "all"));
	journal_free(j);
	inventory_clear(&found);
	json_decref(methods);
	json_decref(paths);
	json_decref(inv);
	remove_dir(dir);
}

/* INV's records as JSON, to compare two inventories. */
static json_t *records_json(const struct inventory *inv)
{
	json_t *repos = json_array(), *owners = json_array();

	for (size_t i = 0; i < inv->nrepos; i++)
		json_array_append_new(repos, record_repo_to_json(&inv->repos[i]));
	for (size_t i = 0; i < inv->nowners; i++)
		json_array_append_new(owners, record_owner_to_json(&inv->owners[i]));
	return json_pack("{s:o, s:o, s:o}", "checker",
	                 inv->checker ? json_string(inv->checker) : json_null(),
	                 "repos", repos, "owners", owners);
}

static size_t count_lines(const char *path)
{
	char *text;
	size_t len, lines = 0;

	assert_int_equal(file_read(&text, &len, path, 0), 0);
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	free(text);
	return lines;
}

static void the_inventory_is_saved_and_loaded_back(void **state)
{
	char *dir = make_tmpdir(), *path;
	json_t *inv = old_inventory(), *a, *b;
	struct inventory first, second;
	struct record_entry entry;
	struct state_info info;

	(void)state;
	/* none yet: an empty one */
	assert_int_equal(state_load(&first, &info, dir), 0);
	assert_int_equal(first.nrepos, 0);
	assert_null(first.checker);
	assert_null(info.entries);
	assert_int_equal(inventory_from_json(&first, inv), 0);
	memset(&entry, 0, sizeof(entry));
	entry.account.host = xstrdup("gitlab.com");
	entry.account.forge = xstrdup("gitlab");
	entry.account.owner = xstrdup("drees");
	assert_int_equal(state_save(dir, &first, &entry, 1, "2/3"), 0);
	assert_int_equal(state_load(&second, &info, dir), 0);
	a = records_json(&first);
	b = records_json(&second);
	assert_true(json_equal(a, b));
	/* the accounts list and the shard travel with it */
	assert_int_equal(info.nentries, 1);
	assert_string_equal(info.entries[0].account.owner, "drees");
	assert_string_equal(info.shard, "2/3");
	/* one line per record, after the header */
	path = xasprintf("%s/inventory.jsonl", dir);
	assert_int_equal(count_lines(path), 1 + first.nrepos + first.nowners);
	free(path);
	json_decref(a);
	json_decref(b);
	record_entry_clear(&entry);
	state_info_clear(&info);
	inventory_clear(&first);
	inventory_clear(&second);
	json_decref(inv);
	remove_dir(dir);
}

static void a_state_of_0_1_0_loads_and_is_replaced_by_the_next_save(void **state)
{
	char *dir = make_tmpdir(), *old = xasprintf("%s/inventory.json", dir);
	json_t *want = old_inventory(), *a, *b;
	struct inventory fixture, inv, again;

	(void)state;
	assert_int_equal(json_dump_file(want, old, 0), 0);
	assert_int_equal(inventory_from_json(&fixture, want), 0);
	assert_int_equal(state_load(&inv, NULL, dir), 0);
	assert_int_equal(inv.nrepos, fixture.nrepos);
	a = records_json(&fixture);
	b = records_json(&inv);
	assert_true(json_equal(a, b));
	json_decref(b);
	assert_int_equal(state_save(dir, &inv, NULL, 0, NULL), 0);
	assert_int_equal(access(old, F_OK), -1);
	assert_int_equal(state_load(&again, NULL, dir), 0);
	b = records_json(&again);
	assert_true(json_equal(a, b));
	json_decref(a);
	json_decref(b);
	inventory_clear(&fixture);
	inventory_clear(&inv);
	inventory_clear(&again);
	json_decref(want);
	free(old);
	remove_dir(dir);
}

static void an_unreadable_inventory_is_an_error_not_a_fresh_start(void **state)
{
	char *dir = make_tmpdir();
	struct inventory inv;

	(void)state;
	write_text(dir, "inventory.json", "{\"repos\": [");
	assert_int_equal(state_load(&inv, NULL, dir), ERROR_PARSE);
	assert_non_null(strstr(error_last(), "move it away to start afresh"));
	write_text(dir, "inventory.json", "{\"repos\": [], \"owners\": [],"
	           " \"listed_at\": {}, \"checker\": 3}");
	assert_int_equal(state_load(&inv, NULL, dir), ERROR_PARSE);
	assert_non_null(strstr(error_last(), "\"checker\""));
	assert_non_null(strstr(error_last(), "inventory.json"));
	/* the new file wins, and its torn line is named */
	write_text(dir, "inventory.jsonl", "{\"inventaire_state\": 2}\n"
	           "{\"repository\": {\"stale\": false}}\n{\"repos");
	assert_int_equal(state_load(&inv, NULL, dir), ERROR_PARSE);
	assert_non_null(strstr(error_last(), "inventory.jsonl:3:"));
	write_text(dir, "inventory.jsonl", "{\"inventaire_state\": 2}\n"
	           "{\"repository\": {\"stale\": 1}}\n");
	assert_int_equal(state_load(&inv, NULL, dir), ERROR_PARSE);
	assert_non_null(strstr(error_last(), "inventory.jsonl:2: record 0: "
	                       "\"stale\" must be true or false"));
	write_text(dir, "inventory.jsonl", "{\"inventaire_state\": 9}\n");
	assert_int_equal(state_load(&inv, NULL, dir), ERROR_PARSE);
	assert_non_null(strstr(error_last(), "inventory.jsonl:1:"));
	remove_dir(dir);
}

static void a_second_lock_on_the_same_folder_is_refused(void **state)
{
	char *dir = make_tmpdir(), *sub = xasprintf("%s/state", dir);
	int fd, fd2;

	(void)state;
	assert_int_equal(state_lock(&fd, sub), 0);
	assert_int_equal(state_lock(&fd2, sub), ERROR_ACCESS);
	assert_non_null(strstr(error_last(), "another crawl is running"));
	state_unlock(fd);
	assert_int_equal(state_lock(&fd2, sub), 0);
	state_unlock(fd2);
	free(sub);
	remove_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_journal_of_an_interrupted_run_is_resumed),
		cmocka_unit_test(a_journal_of_another_checker_is_not_resumed),
		cmocka_unit_test(a_journal_entry_added_is_read_back_by_the_next_run),
		cmocka_unit_test(the_inventory_is_saved_and_loaded_back),
		cmocka_unit_test(a_state_of_0_1_0_loads_and_is_replaced_by_the_next_save),
		cmocka_unit_test(an_unreadable_inventory_is_an_error_not_a_fresh_start),
		cmocka_unit_test(a_second_lock_on_the_same_folder_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
