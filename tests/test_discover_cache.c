/* test_discover_cache.c - tests crawler/discover/discover_cache.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crawler/discover/discover_int.h"
#include "lib/alloc.h"
#include "lib/error.h"

static int setup(void **state)
{
	char *dir = xstrdup("/tmp/test-discover-cache-XXXXXX");

	if (!mkdtemp(dir))
		return -1;
	*state = dir;
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", (char *)*state);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", (char *)*state);
	free(cmd);
	free(*state);
	return 0;
}

static void a_hit(struct search_hit *h, const char *login)
{
	search_hit_init(h);
	h->login = xstrdup(login);
	h->name = xstrdup("ARS Bretagne");
	h->email = xstrdup("contact@bretagne.ars.sante.fr");
	h->kind = ACCOUNT_ORG;
	h->verified = true;
	h->profile = true;
	h->public_repos = 3;
}

static void answers_come_back_as_they_were_stored(void **state)
{
	struct dcache c;
	struct search_hits hits = { 0 }, back;
	struct search_hit h;
	char *at;
	json_t *v;

	assert_int_equal(dcache_open(&c, *state, 3600), 0);
	a_hit(&h, "ars-bretagne");
	search_hits_push(&hits, &h);
	a_hit(&h, "Ars-BZH");
	h.kind = ACCOUNT_USER;
	search_hits_push(&hits, &h);
	dcache_put(&c, "github.com", "search", "ARS Bretagne", dcache_hits_json(&hits),
	           "2025-01-02T03:04:05Z");
	v = dcache_get(&c, "github.com", "search", "ARS Bretagne", &at);
	assert_non_null(v);
	assert_string_equal(at, "2025-01-02T03:04:05Z");
	assert_int_equal(dcache_hits_from(&back, v), 0);
	assert_int_equal(back.n, 2);
	assert_string_equal(back.v[1].login, "Ars-BZH");
	assert_int_equal(back.v[1].kind, ACCOUNT_USER);
	assert_true(back.v[0].verified);
	assert_int_equal(back.v[0].public_repos, 3);
	assert_null(back.v[0].website);
	/* Another key, host or kind is another entry. */
	assert_null(dcache_get(&c, "github.com", "search", "ars bretagne", NULL));
	assert_null(dcache_get(&c, "gitlab.com", "search", "ARS Bretagne", NULL));
	assert_null(dcache_get(&c, "github.com", "profile", "ARS Bretagne", NULL));
	json_decref(v);
	free(at);
	search_hits_clear(&back);
	search_hits_clear(&hits);
	dcache_close(&c);
}

static void old_entries_are_asked_again(void **state)
{
	struct dcache c;
	json_t *v;

	/* A max age of 0: nothing is fresh enough. */
	assert_int_equal(dcache_open(&c, *state, 0), 0);
	dcache_put(&c, "codeberg.org", "profile", "x", json_object(), "t");
	assert_null(dcache_get(&c, "codeberg.org", "profile", "x", NULL));
	dcache_close(&c);
	assert_int_equal(dcache_open(&c, *state, 3600), 0);
	v = dcache_get(&c, "codeberg.org", "profile", "x", NULL);
	assert_true(json_is_object(v));
	json_decref(v);
	dcache_close(&c);
}

/* Overwrite every entry file under DIR/state/discover/cache/HOST. */
static void damage(const char *dir, const char *host, const char *text)
{
	char *d = xasprintf("%s/state/discover/cache/%s", dir, host);
	DIR *dp = opendir(d);
	struct dirent *e;

	assert_non_null(dp);
	while ((e = readdir(dp))) {
		char *p;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", d, e->d_name);
		f = fopen(p, "w");
		fputs(text, f);
		fclose(f);
		free(p);
	}
	closedir(dp);
	free(d);
}

static void a_damaged_entry_is_a_miss_not_an_error(void **state)
{
	struct dcache c;
	struct search_hits out;

	assert_int_equal(dcache_open(&c, *state, 3600), 0);
	dcache_put(&c, "gitlab.com", "search", "k", json_array(), "t");
	damage(*state, "gitlab.com", "{\"key\": \"k\", \"epo");
	assert_null(dcache_get(&c, "gitlab.com", "search", "k", NULL));
	damage(*state, "gitlab.com", "{\"key\": \"other\", \"epoch\": 1, \"data\": []}");
	assert_null(dcache_get(&c, "gitlab.com", "search", "k", NULL));
	assert_string_equal(error_last(), "");
	/* Data of the wrong shape is refused by its reader. */
	{
		json_t *obj = json_object(), *bad = json_pack("[{s:i}]", "kind", 1);

		assert_int_equal(dcache_hits_from(&out, obj), ERROR_PARSE);
		assert_int_equal(dcache_hits_from(&out, bad), ERROR_PARSE);
		json_decref(obj);
		json_decref(bad);
	}
	dcache_close(&c);
}

static void an_odd_host_gets_a_folder_of_its_own(void **state)
{
	struct dcache c;
	json_t *v;

	assert_int_equal(dcache_open(&c, *state, 3600), 0);
	dcache_put(&c, "../../etc", "search", "k", json_true(), "t");
	v = dcache_get(&c, "../../etc", "search", "k", NULL);
	assert_true(json_is_true(v));
	json_decref(v);
	dcache_close(&c);
}

static void a_second_discover_on_the_same_folder_is_refused(void **state)
{
	struct dcache a, b;

	assert_int_equal(dcache_open(&a, *state, 3600), 0);
	assert_int_equal(dcache_open(&b, *state, 3600), ERROR_ACCESS);
	assert_non_null(strstr(error_last(), "another `inventaire discover`"));
	dcache_close(&a);
	assert_int_equal(dcache_open(&b, *state, 3600), 0);
	dcache_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(answers_come_back_as_they_were_stored),
		cmocka_unit_test(old_entries_are_asked_again),
		cmocka_unit_test(a_damaged_entry_is_a_miss_not_an_error),
		cmocka_unit_test(an_odd_host_gets_a_folder_of_its_own),
		cmocka_unit_test(a_second_discover_on_the_same_folder_is_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
