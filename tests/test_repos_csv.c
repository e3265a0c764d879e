/* test_repos_csv.c - tests output/repos_csv.c and output/repos_json.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/repos_csv.h"
#include "output/repos_json.h"
#include "lib/alloc.h"

static char *csv_of(const struct repo_list *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_int_equal(repos_csv_write(f, l), 0);
	fclose(f);
	return text;
}

static void one_repo(struct repo_list *l, const char *full, const char *desc)
{
	struct repo r;

	repo_init(&r);
	r.host = xstrdup("gitlab.com");
	r.full_name = xstrdup(full);
	r.description = desc ? xstrdup(desc) : NULL;
	r.stars = 3;
	repo_list_push(l, &r);
}

static void csv_quotes_commas_quotes_and_newlines(void **state)
{
	struct repo_list l = { 0 };
	char *csv;

	(void)state;
	one_repo(&l, "a/b", "say \"hi\", then\r\nleave");
	csv = csv_of(&l);
	assert_non_null(strstr(csv, ",\"say \"\"hi\"\", then\r\nleave\","));
	/* Header, then one record, each ending in CRLF (RFC 4180 §2.1). */
	assert_non_null(strstr(csv, "license\r\ngitlab.com,,a/b,"));
	assert_int_equal(csv[strlen(csv) - 1], '\n');
	assert_int_equal(csv[strlen(csv) - 2], '\r');
	free(csv);
	repo_list_clear(&l);
}

static void csv_defuses_cells_a_spreadsheet_would_run(void **state)
{
	struct repo_list l = { 0 };
	char *csv;

	(void)state;
	one_repo(&l, "=cmd|' /C calc'!A0", "@SUM(A1)");
	one_repo(&l, "x/y", "+33 1 23");
	one_repo(&l, "z/w", "-2");
	csv = csv_of(&l);
	assert_non_null(strstr(csv, ",'=cmd|' /C calc'!A0,"));
	assert_non_null(strstr(csv, ",'@SUM(A1),"));
	assert_non_null(strstr(csv, ",'+33 1 23,"));
	assert_non_null(strstr(csv, ",'-2,"));
	/* Numbers we write ourselves are left alone; unknown counts are empty. */
	assert_non_null(strstr(csv, ",3,,,"));
	free(csv);
	repo_list_clear(&l);
}

static void json_records_have_every_key_and_nulls_for_unknowns(void **state)
{
	static const char *const keys[] = {
		"host", "owner", "full_name", "name", "html_url", "clone_url",
		"description", "default_branch", "fork", "archived", "mirror", "empty",
		"created_at", "updated_at", "pushed_at", "stars", "forks",
		"open_issues", "language", "topics", "license",
	};
	struct repo r;
	json_t *o;
	const char *k;
	json_t *v;
	size_t i = 0;

	(void)state;
	repo_init(&r);
	r.full_name = xstrdup("a/b");
	r.archived = true;
	r.topics = xcalloc(1, sizeof(char *));
	r.topics[0] = xstrdup("sante");
	r.ntopics = 1;
	o = repos_json_record(&r);
	json_object_foreach(o, k, v) {
		assert_true(i < sizeof(keys) / sizeof(*keys));
		assert_string_equal(k, keys[i]);
		i++;
	}
	assert_int_equal(i, sizeof(keys) / sizeof(*keys));
	assert_true(json_is_null(json_object_get(o, "stars")));
	assert_true(json_is_null(json_object_get(o, "description")));
	assert_true(json_is_true(json_object_get(o, "archived")));
	assert_string_equal(json_string_value(json_array_get(json_object_get(o, "topics"), 0)),
	                    "sante");
	json_decref(o);
	repo_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quotes_commas_quotes_and_newlines),
		cmocka_unit_test(csv_defuses_cells_a_spreadsheet_would_run),
		cmocka_unit_test(json_records_have_every_key_and_nulls_for_unknowns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
