/* test_tree.c - tests crawler/tree/tree.c and the disk backend (tree_dir.c) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crawler/tree/tree.h"
#include "lib/alloc.h"
#include "lib/error.h"

struct fixture {
	char dir[64];
	struct tree *tree;
};

static void put(const char *root, const char *rel, const char *content)
{
	char *p = xasprintf("%s/%s", root, rel);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	free(p);
}

static void sub(const char *root, const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void link_at(const char *root, const char *rel, const char *target)
{
	char *p = xasprintf("%s/%s", root, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));

	strcpy(fx->dir, "/tmp/inventaire-tree-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	put(fx->dir, "README.md", "hello\n");
	put(fx->dir, "b", "bbbbbbbbbb");
	sub(fx->dir, "docs");
	sub(fx->dir, "docs/deep");
	put(fx->dir, "docs/deep/x.md", "deep\n");
	sub(fx->dir, ".git");
	link_at(fx->dir, "in", "docs/deep/x.md");
	link_at(fx->dir, "up", "../etc/passwd");
	link_at(fx->dir, "abs", "/etc/passwd");
	link_at(fx->dir, "loop1", "loop2");
	link_at(fx->dir, "loop2", "loop1");
	link_at(fx->dir, "docs/back", "../README.md");
	link_at(fx->dir, "docs/dirlink", "deep");
	link_at(fx->dir, "dangling", "nowhere");
	assert_int_equal(tree_open_dir(&fx->tree, fx->dir), 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);

	tree_free(fx->tree);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(fx);
	return 0;
}

static void root_listing_is_sorted_and_hides_dot_git(void **state)
{
	struct fixture *fx = *state;
	const struct tree_entry *v;
	size_t n;

	assert_int_equal(tree_list(&v, &n, fx->tree, ""), 0);
	for (size_t i = 0; i < n; i++) {
		assert_string_not_equal(v[i].name, ".git");
		if (i)
			assert_true(strcmp(v[i - 1].name, v[i].name) < 0);
	}
	assert_int_equal(n, 9);  /* README.md b docs in up abs loop1 loop2 dangling */
}

static void lookup_finds_nested_paths_and_kinds(void **state)
{
	struct fixture *fx = *state;
	const struct tree_entry *e;

	assert_int_equal(tree_lookup(&e, fx->tree, "docs/deep/x.md"), 0);
	assert_int_equal(e->kind, TREE_FILE);
	assert_string_equal(e->name, "x.md");
	assert_int_equal(tree_lookup(&e, fx->tree, "docs"), 0);
	assert_int_equal(e->kind, TREE_DIR);
	assert_int_equal(tree_lookup(&e, fx->tree, "in"), 0);
	assert_int_equal(e->kind, TREE_LINK);
	assert_int_equal(tree_lookup(&e, fx->tree, "nope/x"), ERROR_NOTFOUND);
	assert_int_equal(tree_lookup(&e, fx->tree, "README.md/x"), ERROR_NOTFOUND);
	assert_int_equal(tree_lookup(&e, fx->tree, "/etc"), ERROR_NOTFOUND);
}

static void listing_through_a_link_is_refused(void **state)
{
	struct fixture *fx = *state;
	const struct tree_entry *v;
	size_t n;

	/* docs/dirlink -> deep is a link, not a directory of the tree. */
	assert_int_equal(tree_list(&v, &n, fx->tree, "docs/dirlink"), ERROR_NOTDIR);
}

static void links_inside_the_tree_are_followed(void **state)
{
	struct fixture *fx = *state;
	const struct tree_entry *e;
	struct blob b;

	assert_int_equal(tree_lookup(&e, fx->tree, "in"), 0);
	assert_int_equal(tree_read(&b, fx->tree, e, 100), 0);
	assert_string_equal(b.data, "deep\n");
	blob_free(&b);
	assert_int_equal(tree_lookup(&e, fx->tree, "docs/back"), 0);
	assert_int_equal(tree_read(&b, fx->tree, e, 100), 0);
	assert_string_equal(b.data, "hello\n");
	blob_free(&b);
}

static void links_leaving_the_tree_are_refused(void **state)
{
	struct fixture *fx = *state;
	const char *names[] = { "up", "abs" };
	const struct tree_entry *e;
	struct blob b;

	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(tree_lookup(&e, fx->tree, names[i]), 0);
		assert_int_equal(tree_read(&b, fx->tree, e, 100), ERROR_LOOP);
		assert_non_null(strstr(error_last(), "outside the repository"));
		assert_null(b.data);
	}
}

static void link_loops_and_dangling_links_end_in_errors(void **state)
{
	struct fixture *fx = *state;
	const struct tree_entry *e;
	struct blob b;

	assert_int_equal(tree_lookup(&e, fx->tree, "loop1"), 0);
	assert_int_equal(tree_read(&b, fx->tree, e, 100), ERROR_LOOP);
	assert_int_equal(tree_lookup(&e, fx->tree, "dangling"), 0);
	assert_int_equal(tree_read(&b, fx->tree, e, 100), ERROR_NOTFOUND);
	assert_non_null(strstr(error_last(), "does not exist"));
}

static void reads_are_capped_and_say_so(void **state)
{
	struct fixture *fx = *state;
	const struct tree_entry *e;
	struct blob b;

	assert_int_equal(tree_lookup(&e, fx->tree, "b"), 0);
	assert_int_equal(tree_read(&b, fx->tree, e, 4), 0);
	assert_true(b.truncated);
	assert_int_equal(b.len, 4);
	assert_int_equal(b.size, 10);
	assert_string_equal(b.data, "bbbb");
	blob_free(&b);
	assert_int_equal(tree_read(&b, fx->tree, e, 10), 0);
	assert_false(b.truncated);
	blob_free(&b);
}

static void reading_a_directory_is_an_error(void **state)
{
	struct fixture *fx = *state;
	const struct tree_entry *e;
	struct blob b;

	assert_int_equal(tree_lookup(&e, fx->tree, "docs"), 0);
	assert_int_equal(tree_read(&b, fx->tree, e, 10), ERROR_ISDIR);
	assert_non_null(strstr(error_last(), "directory"));
}

static void an_empty_tree_lists_nothing(void **state)
{
	struct tree *t;
	const struct tree_entry *v, *e;
	size_t n = 99;

	(void)state;
	assert_int_equal(tree_open_empty(&t), 0);
	assert_int_equal(tree_list(&v, &n, t, ""), 0);
	assert_int_equal(n, 0);
	assert_int_equal(tree_lookup(&e, t, "README.md"), ERROR_NOTFOUND);
	tree_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(root_listing_is_sorted_and_hides_dot_git, setup, teardown),
		cmocka_unit_test_setup_teardown(lookup_finds_nested_paths_and_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(listing_through_a_link_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(links_inside_the_tree_are_followed, setup, teardown),
		cmocka_unit_test_setup_teardown(links_leaving_the_tree_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(link_loops_and_dangling_links_end_in_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(reads_are_capped_and_say_so, setup, teardown),
		cmocka_unit_test_setup_teardown(reading_a_directory_is_an_error, setup, teardown),
		cmocka_unit_test(an_empty_tree_lists_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
