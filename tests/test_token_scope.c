/* test_token_scope.c - tests crawler/net/token_scope.c: which host's
 * tokens go to an API, and tokens read from systemd's credentials. */
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

#include "crawler/net/token_scope.h"
#include "lib/alloc.h"
#include "lib/error.h"

/* The host whose tokens go to API_URL for HOST ("" for none), and the
 * warning, if any, must hold WARN (NULL: no warning). */
static void expect(const char *host, const char *api_url, const char *want,
                   const char *warn)
{
	char *out, *why;

	token_scope(&out, &why, host, api_url);
	if (strcmp(out ? out : "", want))
		fail_msg("%s with %s: tokens of '%s', not '%s'", host, api_url,
		         out ? out : "", want);
	if (warn ? !why || !strstr(why, warn) : why != NULL)
		fail_msg("%s with %s: warning '%s', expected '%s'", host, api_url,
		         why ? why : "(none)", warn ? warn : "(none)");
	free(out);
	free(why);
}

static void clear_env(void)
{
	unsetenv("GITHUB_TOKEN");
	unsetenv("GITLAB_TOKEN");
	unsetenv("INVENTAIRE_TOKEN_GIT_DREES_FR");
	unsetenv("INVENTAIRE_TOKEN_EVIL_EXAMPLE");
	unsetenv("INVENTAIRE_TOKEN_127_0_0_1");
	unsetenv("CREDENTIALS_DIRECTORY");
}

static void a_token_goes_to_its_own_api_host_over_https(void **state)
{
	(void)state;
	clear_env();
	setenv("GITHUB_TOKEN", "t", 1);
	expect("github.com", "https://api.github.com", "api.github.com", NULL);
	setenv("INVENTAIRE_TOKEN_GIT_DREES_FR", "t", 1);
	expect("git.drees.fr", "https://git.drees.fr/api/v4", "git.drees.fr", NULL);
	/* the same registered domain */
	expect("git.drees.fr", "https://api.drees.fr/v4", "git.drees.fr", NULL);
	expect("git.drees.fr", "https://x.git.drees.fr", "git.drees.fr", NULL);
	clear_env();
}

static void a_token_never_goes_to_another_domain_or_over_http(void **state)
{
	(void)state;
	clear_env();
	setenv("GITHUB_TOKEN", "t", 1);
	expect("github.com", "https://evil.example/api", "",
	       "GITHUB_TOKEN is not sent there (set INVENTAIRE_TOKEN_EVIL_EXAMPLE");
	expect("github.com", "http://api.github.com", "",
	       "not https: GITHUB_TOKEN is not sent in clear text");
	setenv("INVENTAIRE_TOKEN_GIT_DREES_FR", "t", 1);
	/* gouv.fr is a public suffix: two of its names are two sites */
	setenv("INVENTAIRE_TOKEN_GIT_SANTE_GOUV_FR", "t", 1);
	expect("git.sante.gouv.fr", "https://api.travail.gouv.fr", "",
	       "is not on git.sante.gouv.fr's domain");
	expect("git.sante.gouv.fr", "https://api.sante.gouv.fr", "git.sante.gouv.fr",
	       NULL);
	unsetenv("INVENTAIRE_TOKEN_GIT_SANTE_GOUV_FR");
	/* no token at all: nothing to warn about */
	clear_env();
	expect("github.com", "https://evil.example/api", "", NULL);
}

static void a_host_variable_authorises_its_host_explicitly(void **state)
{
	(void)state;
	clear_env();
	setenv("GITHUB_TOKEN", "t", 1);
	setenv("INVENTAIRE_TOKEN_EVIL_EXAMPLE", "t2", 1);
	expect("github.com", "https://evil.example/api", "evil.example", NULL);
	/* a loopback API over http (the tests' fake forge) may have one */
	setenv("INVENTAIRE_TOKEN_127_0_0_1", "t3", 1);
	expect("github.com", "http://127.0.0.1:8080/github", "127.0.0.1", NULL);
	clear_env();
}

static void tokens_come_from_systemd_credentials_when_unset(void **state)
{
	char dir[] = "/tmp/inventaire-cred-XXXXXX", *path, *big, *out;
	FILE *f;

	(void)state;
	clear_env();
	assert_non_null(mkdtemp(dir));
	setenv("CREDENTIALS_DIRECTORY", dir, 1);
	/* missing: not an error */
	assert_int_equal(token_lookup(&out, "GITHUB_TOKEN"), 0);
	assert_null(out);
	path = xasprintf("%s/GITHUB_TOKEN", dir);
	f = fopen(path, "w");
	fputs("a, b\n", f);
	fclose(f);
	assert_int_equal(token_lookup(&out, "GITHUB_TOKEN"), 0);
	assert_string_equal(out, "a, b\n");
	free(out);
	/* the environment wins */
	setenv("GITHUB_TOKEN", "env", 1);
	assert_int_equal(token_lookup(&out, "GITHUB_TOKEN"), 0);
	assert_string_equal(out, "env");
	free(out);
	unsetenv("GITHUB_TOKEN");
	/* over 64 KiB: refused, named */
	big = xmalloc(70000);
	memset(big, 'x', 70000);
	f = fopen(path, "w");
	fwrite(big, 1, 70000, f);
	fclose(f);
	assert_int_equal(token_lookup(&out, "GITHUB_TOKEN"), ERROR_TOOBIG);
	assert_non_null(strstr(error_last(), path));
	assert_null(out);
	/* a folder where the file should be: unreadable, named */
	unlink(path);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_true(token_lookup(&out, "GITHUB_TOKEN") < 0);
	assert_non_null(strstr(error_last(), path));
	rmdir(path);
	rmdir(dir);
	free(big);
	free(path);
	clear_env();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_token_goes_to_its_own_api_host_over_https),
		cmocka_unit_test(a_token_never_goes_to_another_domain_or_over_http),
		cmocka_unit_test(a_host_variable_authorises_its_host_explicitly),
		cmocka_unit_test(tokens_come_from_systemd_credentials_when_unset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
