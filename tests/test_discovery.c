/* test_discovery.c - tests output/discovery.c and output/discovery_json.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "output/discovery.h"

static const char actors_yml[] =
	"ministere:\n"
	"  name: Ministère\n"
	"  ministry: Santé\n"
	"  pso_id: 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\n"
	"  domains: [sante.gouv.fr]\n"
	"ars-bretagne:\n"
	"  name: Agence régionale de santé Bretagne\n"
	"  acronym: ARS Bretagne\n"
	"  parent: ministere\n"
	"  pso_id: null\n"
	"  domains: [bretagne.ars.sante.fr]\n"
	"cnsa:\n"
	"  name: CNSA\n"
	"  parent: ministere\n"
	"  pso_id: null\n"
	"  domains: [cnsa.fr]\n"
	"anap:\n"
	"  name: ANAP\n"
	"  parent: ministere\n"
	"  pso_id: null\n"
	"  domains: [anap.fr]\n";

static const char accounts_yml[] =
	"github.com:\n"
	"  forge: github\n"
	"  owners:\n"
	"    e-pshad:\n"
	"      pso_id: 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\n";

struct fx {
	struct actors actors;
	struct accounts accounts;
	char dir[64];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f || actors_parse(&f->actors, "actors", actors_yml,
	                       strlen(actors_yml)) < 0 ||
	    accounts_parse(&f->accounts, "accounts", accounts_yml,
	                   strlen(accounts_yml), "2025-01-01") < 0)
		return -1;
	strcpy(f->dir, "/tmp/test-discovery-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char *p = xasprintf("%s/discover.json", f->dir);

	unlink(p);
	free(p);
	rmdir(f->dir);
	actors_clear(&f->actors);
	accounts_clear(&f->accounts);
	free(f);
	return 0;
}

/* A search of HOST for ACTOR, complete or not, with N candidates. */
static void add(struct discovery *d, const char *actor, const char *host,
                bool complete, int n)
{
	struct discovery_actor *a = discovery_add_actor(d, actor, actor, NULL);
	struct discovery_search s = {
		.host = (char *)host, .forge = (char *)"github",
		.searched_at = (char *)"2025-02-03T04:05:06Z", .complete = complete,
		.not_searched = complete ? NULL : (char *)"rate limited", .queries = 2,
	};
	struct discovery_candidate *c = calloc((size_t)n + 1, sizeof(*c));

	for (int i = 0; i < n; i++) {
		c[i].host = xstrdup(host);
		c[i].forge = xstrdup("github");
		c[i].login = xasprintf("%s-%d", actor, i);
		c[i].score = 10 * (i + 1);
		c[i].confidence = DISCOVERY_LOW;
		discovery_evidence_add(&c[i], "acronym", 20, "its login is \"x\"");
	}
	discovery_set_search(a, &s, c, (size_t)n);
	free(c);
}

static void each_actor_gets_one_of_the_statuses(void **state)
{
	struct fx *f = *state;
	struct discovery d = { 0 };

	add(&d, "ars-bretagne", "github.com", true, 2);
	add(&d, "cnsa", "github.com", true, 0);
	add(&d, "cnsa", "gitlab.com", true, 0);
	add(&d, "anap", "github.com", true, 0);
	add(&d, "anap", "gitlab.com", false, 0);
	assert_int_equal(discovery_status(&d, &f->actors,
	                 actors_find_id(&f->actors, "ministere"), &f->accounts),
	                 DISCOVERY_LISTED);
	assert_int_equal(discovery_status(&d, &f->actors,
	                 actors_find_id(&f->actors, "ars-bretagne"), &f->accounts),
	                 DISCOVERY_CANDIDATES);
	assert_int_equal(discovery_status(&d, &f->actors,
	                 actors_find_id(&f->actors, "cnsa"), &f->accounts),
	                 DISCOVERY_NONE_FOUND);
	/* Not on every forge: not searched yet. */
	assert_int_equal(discovery_status(&d, &f->actors,
	                 actors_find_id(&f->actors, "anap"), &f->accounts),
	                 DISCOVERY_NOT_SEARCHED);
	/* Never searched. */
	assert_int_equal(discovery_status(NULL, &f->actors,
	                 actors_find_id(&f->actors, "cnsa"), NULL),
	                 DISCOVERY_NOT_SEARCHED);
	assert_string_equal(discovery_status_name(DISCOVERY_NONE_FOUND),
	                    "none-found");
	discovery_clear(&d);
}

static void a_new_search_replaces_that_forges_result_only(void **state)
{
	struct discovery d = { 0 };
	const struct discovery_actor *a;

	(void)state;
	add(&d, "ars-bretagne", "github.com", true, 2);
	add(&d, "ars-bretagne", "gitlab.com", true, 1);
	add(&d, "ars-bretagne", "github.com", false, 0);
	a = discovery_find(&d, "ARS-BRETAGNE");
	assert_non_null(a);
	assert_int_equal(a->nsearches, 2);
	assert_string_equal(a->searches[0].host, "github.com");
	assert_false(a->searches[0].complete);
	assert_string_equal(a->searches[0].not_searched, "rate limited");
	assert_int_equal(a->ncandidates, 1);
	assert_string_equal(a->candidates[0].host, "gitlab.com");
	discovery_clear(&d);
}

static void discover_json_reads_back_what_it_wrote(void **state)
{
	struct fx *f = *state;
	struct discovery d = { 0 }, back;
	const struct discovery_actor *a;

	add(&d, "cnsa", "github.com", true, 0);
	add(&d, "ars-bretagne", "github.com", true, 3);
	d.updated_at = xstrdup("2025-02-03T04:05:06Z");
	assert_int_equal(discovery_write(f->dir, &d, &f->actors, &f->accounts), 0);
	assert_int_equal(discovery_load(&back, f->dir), 0);
	assert_int_equal(back.n, 2);
	/* In actors.yml's order. */
	assert_string_equal(back.v[0].id, "ars-bretagne");
	a = &back.v[0];
	assert_int_equal(a->ncandidates, 3);
	assert_int_equal(a->candidates[0].score, 30);       /* best first */
	assert_string_equal(a->candidates[0].login, "ars-bretagne-2");
	assert_int_equal(a->candidates[0].nevidence, 1);
	assert_int_equal(a->candidates[0].evidence[0].points, 20);
	assert_string_equal(a->searches[0].searched_at, "2025-02-03T04:05:06Z");
	assert_string_equal(back.updated_at, "2025-02-03T04:05:06Z");
	discovery_clear(&back);
	discovery_clear(&d);
}

static void no_file_is_nothing_searched_yet(void **state)
{
	struct fx *f = *state;
	struct discovery d;
	char *dir = xasprintf("%s/none", f->dir);

	assert_int_equal(discovery_load(&d, dir), 0);
	assert_int_equal(d.n, 0);
	free(dir);
}

static void a_damaged_file_is_named_with_the_key(void **state)
{
	struct discovery d;
	static const char *const bad[] = {
		"not json",
		"{\"actors\": 3}",
		"{\"actors\": [{\"id\": 3}]}",
		"{\"actors\": [{\"id\": \"a\", \"searches\": [], \"candidates\": "
		"[{\"host\": \"h\", \"login\": \"l\", \"personal\": false, "
		"\"score\": 500, \"confidence\": \"low\"}]}]}",
		"{\"actors\": [{\"id\": \"a\", \"searches\": [{\"host\": \"h\", "
		"\"complete\": \"yes\", \"queries\": 1}], \"candidates\": []}]}",
		"{\"actors\": [{\"id\": \"a\", \"searches\": [], \"candidates\": []},"
		" {\"id\": \"a\", \"searches\": [], \"candidates\": []}]}",
	};
	static const char *const says[] = {
		"not JSON", "\"actors\"", "actors[0].\"id\"",
		"actors[0].candidates[0].\"score\"",
		"actors[0].searches[0].\"complete\"", "already",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(discovery_parse(&d, "x/discover.json", bad[i],
		                                 strlen(bad[i])), ERROR_PARSE);
		assert_non_null(strstr(error_last(), "x/discover.json"));
		if (!strstr(error_last(), says[i]))
			fail_msg("%zu: %s", i, error_last());
		assert_int_equal(d.n, 0);
	}
}

static void crawl_json_block_lists_every_actor(void **state)
{
	struct fx *f = *state;
	struct discovery d = { 0 };
	json_t *block, *ars;
	char *path;
	FILE *fp;

	add(&d, "ars-bretagne", "github.com", true, 1);
	assert_int_equal(discovery_write(f->dir, &d, &f->actors, &f->accounts), 0);
	assert_int_equal(discovery_coverage_json(&block, f->dir, &f->actors,
	                                         &f->accounts), 0);
	assert_int_equal(json_array_size(block), 4);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(block, 0), "discovery")), "listed");
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(block, 0), "accounts")), 1);
	ars = json_array_get(block, 1);
	assert_string_equal(json_string_value(json_object_get(ars, "discovery")),
	                    "candidates");
	assert_string_equal(json_string_value(json_object_get(ars, "searched_at")),
	                    "2025-02-03T04:05:06Z");
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(ars, "searched_on"), 0)), "github.com");
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(block, 2), "discovery")), "not-searched");
	assert_true(json_is_null(json_object_get(json_array_get(block, 2),
	                                         "searched_at")));
	json_decref(block);
	/* Damaged: every actor is as if never searched, and it says so. */
	path = xasprintf("%s/discover.json", f->dir);
	fp = fopen(path, "w");
	fputs("{", fp);
	fclose(fp);
	assert_int_equal(discovery_coverage_json(&block, f->dir, &f->actors,
	                                         &f->accounts), ERROR_PARSE);
	assert_int_equal(json_array_size(block), 4);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(block, 1), "discovery")), "not-searched");
	json_decref(block);
	/* Without actors, an empty block. */
	assert_int_equal(discovery_coverage_json(&block, "/nonexistent", NULL,
	                                         &f->accounts), 0);
	assert_int_equal(json_array_size(block), 0);
	json_decref(block);
	free(path);
	discovery_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_actor_gets_one_of_the_statuses),
		cmocka_unit_test(a_new_search_replaces_that_forges_result_only),
		cmocka_unit_test(discover_json_reads_back_what_it_wrote),
		cmocka_unit_test(no_file_is_nothing_searched_yet),
		cmocka_unit_test(a_damaged_file_is_named_with_the_key),
		cmocka_unit_test(crawl_json_block_lists_every_actor),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
