/* test_repo_url.c - tests crawler/checks/repo_url.c: a repository's own
 * URL from a git remote, and the key two URLs are compared by. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/checks/repo_url.h"

static void assert_web(const char *remote, const char *want)
{
	char *got = repo_url_web(remote);

	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void scp_like_remote_becomes_its_https_web_url(void **state)
{
	(void)state;
	assert_web("git@github.com:SocialGouv/inventaire.git",
	           "https://github.com/SocialGouv/inventaire");
	assert_web("gitlab.com:/drees/outil", "https://gitlab.com/drees/outil");
}

static void ssh_and_git_urls_become_https_without_their_port(void **state)
{
	(void)state;
	assert_web("ssh://git@gitlab.example.org:2222/a/b.git",
	           "https://gitlab.example.org/a/b");
	assert_web("git://git.example.org/a/b", "https://git.example.org/a/b");
	assert_web("git+ssh://git@host/a/b.git", "https://host/a/b");
}

static void credentials_are_never_kept(void **state)
{
	char *got = repo_url_web("https://gitlab-ci-token:s3cret@gitlab.com/"
	                         "group/sub/projet.git");

	(void)state;
	assert_string_equal(got, "https://gitlab.com/group/sub/projet");
	assert_null(strstr(got, "s3cret"));
	free(got);
	assert_web("https://user@github.com/a/b", "https://github.com/a/b");
}

static void http_urls_keep_their_scheme_port_and_case(void **state)
{
	(void)state;
	assert_web("http://127.0.0.1:8080/git/Outil.git",
	           "http://127.0.0.1:8080/git/Outil");
	assert_web("https://github.com/a/b.git/", "https://github.com/a/b");
	assert_web("https://github.com/a/b", "https://github.com/a/b");
	assert_web("file:///srv/git/b.git", "file:///srv/git/b");
}

static void a_path_on_disk_has_no_web_url(void **state)
{
	(void)state;
	assert_web("/srv/git/outil.git", NULL);
	assert_web("../outil", NULL);
	assert_web("", NULL);
	assert_web(NULL, NULL);
}

static void keys_ignore_scheme_user_case_and_git_suffix(void **state)
{
	char *a = repo_url_key("git@GitHub.com:SocialGouv/Inventaire.git");
	char *b = repo_url_key("https://github.com/socialgouv/inventaire/");
	char *c = repo_url_key("https://x:y@github.com/socialgouv/inventaire?tab=1");
	char *d = repo_url_key("https://github.com/socialgouv/autre");

	(void)state;
	assert_string_equal(a, "github.com/socialgouv/inventaire");
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	assert_string_not_equal(a, d);
	free(a);
	free(b);
	free(c);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scp_like_remote_becomes_its_https_web_url),
		cmocka_unit_test(ssh_and_git_urls_become_https_without_their_port),
		cmocka_unit_test(credentials_are_never_kept),
		cmocka_unit_test(http_urls_keep_their_scheme_port_and_case),
		cmocka_unit_test(a_path_on_disk_has_no_web_url),
		cmocka_unit_test(keys_ignore_scheme_user_case_and_git_suffix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
