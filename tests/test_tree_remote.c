/* test_tree_remote.c - tests crawler/probe/tree_remote.c without a network: the
 * "server" is a full repository whose objects the fetch function copies
 * into a partial one, counting the round trips and the ids asked for. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <git2.h>

#include "crawler/probe/tree_remote.h"
#include "lib/alloc.h"
#include "lib/error.h"

static char root[64];

struct server {
	git_odb *full;      /* everything */
	git_odb *partial;   /* the cache being filled */
	int rounds;         /* fetch calls */
	size_t ids;         /* ids asked for, in all */
	bool fail;
};

static void sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
	free(cmd);
}

static int copy(git_odb *to, git_odb *from, const git_oid *id)
{
	git_odb_object *o;
	git_oid out;
	int rc;

	if (git_odb_read(&o, from, id) < 0)
		return -1;
	rc = git_odb_write(&out, to, git_odb_object_data(o), git_odb_object_size(o),
	                   git_odb_object_type(o));
	git_odb_object_free(o);
	return rc;
}

static int fetch(const git_oid *ids, size_t n, void *payload)
{
	struct server *s = payload;

	s->rounds++;
	s->ids += n;
	if (s->fail)
		return error_set(ERROR_TRANSPORT, "the server closed the "
		                 "connection mid-stream");
	for (size_t i = 0; i < n; i++)
		if (copy(s->partial, s->full, &ids[i]) < 0)
			return error_set(ERROR_NOREF, "no such object");
	return 0;
}

struct fixture {
	git_repository *full, *partial;
	struct server srv;
	struct tree *tree;
	char *memory;
};

static int setup(void **state)
{
	const char *d = getenv("TESTS_DIR");

	strcpy(root, "/tmp/inventaire-treeremote-XXXXXX");
	assert_non_null(mkdtemp(root));
	git_libgit2_init();
	sh("python3 %s/fakeforge/gitrepos.py %s small", d && *d ? d : "tests", root);
	return 0;
}

static int teardown(void **state)
{
	sh("rm -rf %s", root);
	git_libgit2_shutdown();
	return 0;
}

/* A partial copy holding the tip commit and its root tree only. */
static void open_fixture(struct fixture *f, bool fail)
{
	struct tree_remote_opts o = { fetch, &f->srv, NULL, NULL };
	char *full = xasprintf("%s/small.git", root);
	char *partial = xasprintf("%s/partial-%d.git", root, rand());
	git_commit *c;
	git_tree *t;
	git_oid tip;

	memset(f, 0, sizeof(*f));
	assert_int_equal(git_repository_open_bare(&f->full, full), 0);
	assert_int_equal(git_repository_init(&f->partial, partial, 1), 0);
	assert_int_equal(git_repository_odb(&f->srv.full, f->full), 0);
	assert_int_equal(git_repository_odb(&f->srv.partial, f->partial), 0);
	assert_int_equal(git_reference_name_to_id(&tip, f->full, "refs/heads/main"), 0);
	assert_int_equal(git_commit_lookup(&c, f->full, &tip), 0);
	assert_int_equal(copy(f->srv.partial, f->srv.full, &tip), 0);
	assert_int_equal(copy(f->srv.partial, f->srv.full, git_commit_tree_id(c)), 0);
	git_commit_free(c);
	assert_int_equal(git_commit_lookup(&c, f->partial, &tip), 0);
	assert_int_equal(git_commit_tree(&t, c), 0);
	f->memory = xasprintf("%s/memory", partial);
	o.memory_path = f->memory;
	f->srv.fail = fail;
	assert_int_equal(tree_open_remote(&f->tree, f->partial, t, &o), 0);
	git_tree_free(t);
	git_commit_free(c);
	free(full);
	free(partial);
}

static void close_fixture(struct fixture *f)
{
	tree_free(f->tree);
	git_odb_free(f->srv.full);
	git_odb_free(f->srv.partial);
	git_repository_free(f->full);
	git_repository_free(f->partial);
	free(f->memory);
}

static void listing_the_root_fetches_nothing(void **state)
{
	struct fixture f;
	const struct tree_entry *v;
	size_t n;

	open_fixture(&f, false);
	assert_int_equal(tree_list(&v, &n, f.tree, ""), 0);
	assert_int_equal(n, 4);   /* LICENSE, README.md, docs, publiccode.yml */
	assert_int_equal(f.srv.rounds, 0);
	close_fixture(&f);
}

static void missing_subtree_and_blob_are_fetched_once_each(void **state)
{
	struct fixture f;
	const struct tree_entry *v, *e;
	struct blob b;
	size_t n;

	open_fixture(&f, false);
	assert_int_equal(tree_list(&v, &n, f.tree, "docs"), 0);
	assert_int_equal(n, 2);
	assert_int_equal(f.srv.rounds, 1);
	assert_int_equal(tree_lookup(&e, f.tree, "README.md"), 0);
	assert_int_equal(tree_read(&b, f.tree, e, TREE_BLOB_CAP), 0);
	assert_non_null(strstr(b.data, "# Outil"));
	blob_free(&b);
	assert_int_equal(tree_read(&b, f.tree, e, TREE_BLOB_CAP), 0);
	blob_free(&b);
	assert_int_equal(f.srv.rounds, 2);
	assert_int_equal(f.srv.ids, 2);
	close_fixture(&f);
}

static void prefetch_batches_one_round_per_tree_level(void **state)
{
	const char *paths[] = { "docs/", "README.md", "publiccode.yml",
	                        "docs/logo.png", "LICENSES/", "nope/x", "../x" };
	struct fixture f;
	const struct tree_entry *e;
	struct blob b;

	open_fixture(&f, false);
	assert_int_equal(tree_prefetch(f.tree, paths, 7), 0);
	/* round 1: docs/, README.md, publiccode.yml; round 2: docs/logo.png */
	assert_int_equal(f.srv.rounds, 2);
	assert_int_equal(f.srv.ids, 4);
	assert_int_equal(tree_lookup(&e, f.tree, "docs/logo.png"), 0);
	assert_int_equal(tree_read(&b, f.tree, e, 8), 0);
	blob_free(&b);
	assert_int_equal(f.srv.rounds, 2);   /* already there */
	close_fixture(&f);
}

static void paths_read_are_remembered_for_the_next_probe(void **state)
{
	struct fixture f;
	const struct tree_entry *e, *v;
	struct blob b;
	char **paths;
	size_t n;

	open_fixture(&f, false);
	assert_int_equal(tree_list(&v, &n, f.tree, "docs"), 0);
	assert_int_equal(tree_lookup(&e, f.tree, "README.md"), 0);
	assert_int_equal(tree_read(&b, f.tree, e, TREE_BLOB_CAP), 0);
	blob_free(&b);
	tree_free(f.tree);   /* writes the memory */
	f.tree = NULL;
	paths = tree_remote_paths_load(&n, f.memory);
	assert_int_equal(n, 2);
	assert_string_equal(paths[0], "docs/");
	assert_string_equal(paths[1], "README.md");
	tree_remote_paths_free(paths, n);
	close_fixture(&f);
}

/* A write that fails half-way (here a file size limit, as a full disk
 * would) leaves the memory of the last probe whole: it is written beside
 * and renamed into place, never truncated first. */
static void a_failed_memory_write_leaves_the_old_memory(void **state)
{
	struct fixture f;
	const struct tree_entry *v;
	struct rlimit lim, tiny = { 4, 0 };
	char **paths;
	size_t n;
	FILE *fp;

	(void)state;
	open_fixture(&f, false);
	fp = fopen(f.memory, "w");
	assert_non_null(fp);
	fputs("old/\nOLD.md\n", fp);
	fclose(fp);
	assert_int_equal(tree_list(&v, &n, f.tree, "docs"), 0);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &lim), 0);
	tiny.rlim_max = lim.rlim_max;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &tiny), 0);
	tree_free(f.tree);   /* writes the memory: "docs/\n", over 4 bytes */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	signal(SIGXFSZ, SIG_DFL);
	f.tree = NULL;
	paths = tree_remote_paths_load(&n, f.memory);
	assert_int_equal(n, 2);
	assert_string_equal(paths[0], "old/");
	assert_string_equal(paths[1], "OLD.md");
	tree_remote_paths_free(paths, n);
	close_fixture(&f);
}

static void hostile_memory_lines_are_dropped(void **state)
{
	char *path = xasprintf("%s/hostile-memory", root);
	FILE *fp = fopen(path, "w");
	char **paths;
	size_t n;

	assert_non_null(fp);
	fputs("../../etc/passwd\n/abs\na//b\n./x\na/../b\nok/\nbell\a\nREADME.md\n", fp);
	for (int i = 0; i < 400; i++)
		fprintf(fp, "f%d\n", i);
	fclose(fp);
	paths = tree_remote_paths_load(&n, path);
	assert_int_equal(n, 256);
	assert_string_equal(paths[0], "ok/");
	assert_string_equal(paths[1], "README.md");
	tree_remote_paths_free(paths, n);
	free(path);
}

static void failed_fetch_is_an_error_naming_the_path(void **state)
{
	struct fixture f;
	const struct tree_entry *e;
	struct blob b;

	open_fixture(&f, true);
	assert_int_equal(tree_lookup(&e, f.tree, "README.md"), 0);
	assert_int_equal(tree_read(&b, f.tree, e, TREE_BLOB_CAP), ERROR_TRANSPORT);
	assert_non_null(strstr(error_last(), "README.md"));
	assert_non_null(strstr(error_last(), "mid-stream"));
	close_fixture(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(listing_the_root_fetches_nothing),
		cmocka_unit_test(missing_subtree_and_blob_are_fetched_once_each),
		cmocka_unit_test(prefetch_batches_one_round_per_tree_level),
		cmocka_unit_test(paths_read_are_remembered_for_the_next_probe),
		cmocka_unit_test(a_failed_memory_write_leaves_the_old_memory),
		cmocka_unit_test(hostile_memory_lines_are_dropped),
		cmocka_unit_test(failed_fetch_is_an_error_naming_the_path),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
