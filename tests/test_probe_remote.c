/* test_probe_remote.c - tests crawler/probe/probe_remote.c against local bare
 * repositories (libgit2's file:// transport); the smart-HTTP path is
 * covered by the crawl's tests against git http-backend. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "crawler/checks/checks.h"
#include "crawler/probe/probe.h"
#include "crawler/probe/probe_int.h"
#include "lib/alloc.h"
#include "lib/error.h"

static char root[64];

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

#define GIT "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t " \
            "GIT_COMMITTER_EMAIL=t@t git -c init.defaultBranch=main"

static int setup(void **state)
{
	strcpy(root, "/tmp/inventaire-remote-XXXXXX");
	assert_non_null(mkdtemp(root));
	git_libgit2_init();
	/* work: two commits on main, one on trunk (HEAD of "trunk.git") */
	sh("cd %s && " GIT " init -q work && cd work && echo '# Demo' > README.md"
	   " && " GIT " add -A && " GIT " commit -qm one", root);
	sh("cd %s && " GIT " clone -q --bare work main.git", root);
	sh("cd %s/work && " GIT " checkout -qb trunk && echo x > LICENSE && "
	   GIT " add -A && " GIT " commit -qm trunk", root);
	sh("cd %s && " GIT " clone -q --bare work trunk.git && "
	   "git -C trunk.git symbolic-ref HEAD refs/heads/trunk", root);
	sh("cd %s && " GIT " init -q --bare empty.git", root);
	sh("cd %s/work && head -c 300000 /dev/urandom > big.bin && " GIT " add -A"
	   " && " GIT " commit -qm big && " GIT " clone -q --bare . ../big.git", root);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	probe_thread_end();
	sh("rm -rf %s", root);
	git_libgit2_shutdown();
	return 0;
}

static int probe(struct probe *p, struct report **r,
                 const char *repo, struct probe_remote_opts *o)
{
	char *url = xasprintf("file://%s/%s", root, repo);
	char *cache = xasprintf("%s/cache", root);
	int rc;

	o->cache_dir = cache;
	assert_int_equal(report_new(r), 0);
	rc = probe_remote(p, &(*r)->repository, url, o);
	free(url);
	free(cache);
	o->cache_dir = NULL;
	return rc;
}

static void default_branch_is_fetched_and_its_tree_read(void **state)
{
	struct probe_remote_opts o = PROBE_REMOTE_OPTS_INIT;
	const struct tree_entry *e;
	struct report *r;
	struct probe p;

	assert_int_equal(probe(&p, &r, "main.git", &o), 0);
	assert_false(p.unchanged);
	assert_int_equal(strlen(p.head), 40);
	assert_int_equal(tree_lookup(&e, p.tree, "README.md"), 0);
	assert_string_equal(r->repository.branch, "main");
	assert_string_equal(r->repository.source, "remote");
	probe_close(&p);
	report_free(r);
}

static void unchanged_tip_is_not_fetched_again(void **state)
{
	struct probe_remote_opts o = PROBE_REMOTE_OPTS_INIT;
	struct report *r;
	struct probe p;
	char head[41];

	assert_int_equal(probe(&p, &r, "main.git", &o), 0);
	strcpy(head, p.head);
	probe_close(&p);
	report_free(r);
	o.known_head = head;
	assert_int_equal(probe(&p, &r, "main.git", &o), 0);
	assert_true(p.unchanged);
	assert_null(p.tree);
	assert_string_equal(p.head, head);
	probe_close(&p);
	report_free(r);
}

static void non_main_default_branch_is_followed(void **state)
{
	struct probe_remote_opts o = PROBE_REMOTE_OPTS_INIT;
	const struct tree_entry *e;
	struct report *r;
	struct probe p;

	assert_int_equal(probe(&p, &r, "trunk.git", &o), 0);
	assert_string_equal(r->repository.branch, "trunk");
	assert_int_equal(tree_lookup(&e, p.tree, "LICENSE"), 0);
	probe_close(&p);
	report_free(r);
	/* The forge's default branch wins over HEAD when given. */
	o.branch = "main";
	assert_int_equal(probe(&p, &r, "trunk.git", &o), 0);
	assert_int_equal(tree_lookup(&e, p.tree, "LICENSE"), ERROR_NOTFOUND);
	probe_close(&p);
	report_free(r);
}

static void empty_repository_gives_a_finding_and_an_empty_tree(void **state)
{
	struct probe_remote_opts o = PROBE_REMOTE_OPTS_INIT;
	const struct tree_entry *v;
	struct check_ctx ctx = { 0 };
	struct report *r;
	struct probe p;
	size_t n;

	assert_int_equal(probe(&p, &r, "empty.git", &o), 0);
	assert_int_equal(tree_list(&v, &n, p.tree, ""), 0);
	assert_int_equal(n, 0);
	/* The probe records the fact; the repository check reports it. */
	assert_true(r->repository.no_commits);
	assert_int_equal(r->nfindings, 0);
	ctx.report = r;
	ctx.tree = p.tree;
	assert_int_equal(checks_run(&ctx), 0);
	assert_int_equal(report_count(r, "repository.no-commits", LEVEL_ERROR), 1);
	probe_close(&p);
	report_free(r);
}

static void unreachable_repository_is_a_clear_error(void **state)
{
	struct probe_remote_opts o = PROBE_REMOTE_OPTS_INIT;
	struct report *r;
	struct probe p;

	assert_int_equal(probe(&p, &r, "missing.git", &o), ERROR_GIT);
	assert_non_null(strstr(error_last(), "missing.git"));
	assert_null(p.tree);
	report_free(r);
}

static void transfer_over_the_size_cap_is_aborted(void **state)
{
	struct probe_remote_opts o = PROBE_REMOTE_OPTS_INIT;
	struct report *r;
	struct probe p;

	o.max_bytes = 10000;
	assert_int_equal(probe(&p, &r, "big.git", &o), ERROR_TOOBIG);
	assert_non_null(strstr(error_last(), "larger than 10000 bytes"));
	report_free(r);
}

/*
 * kill -9 during git_repository_init() leaves the cache repository with
 * `config` and an empty `config.lock` and no HEAD; every later probe of
 * the repository failed on the lock, forever. It must be healed: removed,
 * created again and fetched.
 */
static void a_half_made_cache_repository_is_removed_and_fetched_again(void **state)
{
	struct probe_remote_opts o = PROBE_REMOTE_OPTS_INIT;
	char *url = xasprintf("file://%s/main.git", root);
	char *cache = xasprintf("%s/cache", root);
	char *path = probe_cache_path(cache, url);
	const struct tree_entry *e;
	struct report *r;
	struct probe p;

	sh("rm -rf '%s' && mkdir -p '%s' && printf '[core]\\n\\tbare = true\\n' "
	   "> '%s/config' && : > '%s/config.lock'", path, path, path, path);
	assert_int_equal(probe(&p, &r, "main.git", &o), 0);
	assert_int_equal(tree_lookup(&e, p.tree, "README.md"), 0);
	probe_close(&p);
	report_free(r);
	/* and it is a repository again */
	sh("test -f '%s/HEAD' && test ! -e '%s/config.lock'", path, path);
	free(path);
	free(cache);
	free(url);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_branch_is_fetched_and_its_tree_read),
		cmocka_unit_test(unchanged_tip_is_not_fetched_again),
		cmocka_unit_test(non_main_default_branch_is_followed),
		cmocka_unit_test(empty_repository_gives_a_finding_and_an_empty_tree),
		cmocka_unit_test(unreachable_repository_is_a_clear_error),
		cmocka_unit_test(transfer_over_the_size_cap_is_aborted),
		cmocka_unit_test(a_half_made_cache_repository_is_removed_and_fetched_again),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
