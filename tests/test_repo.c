/* test_repo.c - tests lib/repo.c: the one order and de-duplication of
 * repositories that `list`, the crawl and the feeds share. */
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/record.h"
#include "lib/repo.h"

static void push(struct repo_list *l, const char *host, const char *full,
                 const char *description)
{
	struct repo r;

	repo_init(&r);
	r.host = host ? xstrdup(host) : NULL;
	r.full_name = full ? xstrdup(full) : NULL;
	r.description = description ? xstrdup(description) : NULL;
	repo_list_push(l, &r);
}

static void assert_names(const struct repo_list *l, const char *const *want,
                         size_t n)
{
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++) {
		char *got = xasprintf("%s/%s", l->v[i].host, l->v[i].full_name);

		assert_string_equal(got, want[i]);
		free(got);
	}
}

static void repositories_sort_by_host_then_name_without_case_first(void **state)
{
	static const char *const want[] = {
		"codeberg.org/zz/last-host-first",
		"github.com/alice/x",
		"github.com/SocialGouv/a",
		"github.com/socialgouv/b",
	};
	struct repo_list l = { 0 };

	(void)state;
	push(&l, "github.com", "socialgouv/b", NULL);
	push(&l, "github.com", "SocialGouv/a", NULL);
	push(&l, "github.com", "SocialGouv/B", NULL);  /* the same as .../b */
	push(&l, "github.com", "alice/x", NULL);
	push(&l, "codeberg.org", "zz/last-host-first", NULL);
	repo_list_sort_unique(&l);
	assert_names(&l, want, 4);
	repo_list_clear(&l);
}

static void names_equal_but_for_case_come_in_byte_order(void **state)
{
	(void)state;
	assert_true(repo_name_cmp("alice", "SocialGouv") < 0);
	assert_true(repo_name_cmp("Alice", "alice") < 0);  /* 'A' < 'a' */
	assert_true(repo_name_cmp("alice", "alice") == 0);
	assert_true(repo_name_cmp(NULL, "") < 0);           /* unknown first */
	assert_true(repo_name_cmp("a-b", "a_b") < 0);       /* ASCII, not locale */
}

static void of_one_repository_listed_twice_the_first_listed_is_kept(void **state)
{
	struct repo_list l = { 0 };

	(void)state;
	push(&l, "gitlab.com", "drees/sante/p1", "from the subgroup");
	push(&l, "gitlab.com", "drees/p0", NULL);
	push(&l, "gitlab.com", "DREES/Sante/P1", "from the group");
	push(&l, "GitLab.com", "drees/sante/p1", "another spelling of the host");
	repo_list_sort_unique(&l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].full_name, "drees/p0");
	assert_string_equal(l.v[1].description, "from the subgroup");
	repo_list_clear(&l);
}

static void the_inventory_keeps_the_first_account_s_record(void **state)
{
	struct inventory inv;
	struct record_repo r;
	const char *const keys[] = { "b/account", "a/account", "c/account" };
	const char *const names[] = { "x/two", "x/One", "x/one" };

	(void)state;
	inventory_init(&inv);
	for (size_t i = 0; i < 3; i++) {
		record_repo_init(&r);
		r.account_key = xstrdup(keys[i]);
		r.repo.host = xstrdup("github.com");
		r.repo.full_name = xstrdup(names[i]);
		inventory_add_repo(&inv, &r);
	}
	inventory_sort_unique(&inv);
	assert_int_equal(inv.nrepos, 2);
	assert_string_equal(inv.repos[0].repo.full_name, "x/One");
	assert_string_equal(inv.repos[0].account_key, "a/account");
	assert_string_equal(inv.repos[1].repo.full_name, "x/two");
	inventory_clear(&inv);
}

static void a_copy_owns_its_strings(void **state)
{
	struct repo a, b;

	(void)state;
	repo_init(&a);
	a.host = xstrdup("h");
	a.topics = xcalloc(2, sizeof(*a.topics));
	a.topics[0] = xstrdup("santé");
	a.ntopics = 1;
	a.forks = 3;
	repo_copy(&b, &a);
	repo_clear(&a);
	assert_string_equal(b.host, "h");
	assert_string_equal(b.topics[0], "santé");
	assert_int_equal(b.forks, 3);
	repo_clear(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(repositories_sort_by_host_then_name_without_case_first),
		cmocka_unit_test(names_equal_but_for_case_come_in_byte_order),
		cmocka_unit_test(of_one_repository_listed_twice_the_first_listed_is_kept),
		cmocka_unit_test(the_inventory_keeps_the_first_account_s_record),
		cmocka_unit_test(a_copy_owns_its_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
