/* test_accounts.c - tests config/accounts.c (actors: test_actors.c) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "lib/alloc.h"
#include "lib/error.h"

#define TODAY "2026-11-28"

static const struct account_entry *find(const struct accounts *a,
                                        const char *host, const char *owner)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].host, host) &&
		    (owner ? a->v[i].owner && !strcmp(a->v[i].owner, owner)
		           : !a->v[i].owner))
			return &a->v[i];
	return NULL;
}

/* Parse TEXT and expect an error containing each of the NULL-ended parts. */
static void expect_error(const char *text, ...)
{
	struct accounts a;
	const char *err;
	va_list ap;
	const char *part;

	if (accounts_parse(&a, "t.yml", text, strlen(text), TODAY) != ERROR_INVALID)
		fail_msg("no error for: %s", text);
	err = error_last();
	va_start(ap, text);
	while ((part = va_arg(ap, const char *)))
		if (!strstr(err, part))
			fail_msg("error '%s' lacks '%s'", err, part);
	va_end(ap);
	assert_int_equal(a.n, 0);
}

static void embedded_list_loads_and_every_pso_id_has_an_actor(void **state)
{
	struct accounts a;
	struct actors act;
	const struct account_entry *e;

	(void)state;
	assert_int_equal(accounts_load(&a, NULL, TODAY), 0);
	assert_int_equal(actors_load(&act, NULL), 0);
	assert_int_equal(config_check_actors(&a, &act), 0);
	assert_non_null(e = find(&a, "github.com", "socialgouv"));
	assert_string_equal(e->forge, "github");
	assert_string_equal(e->ospo_url, "https://socialgouv.github.io");
	assert_false(e->ignored);
	assert_non_null(e = find(&a, "gitlab.has-sante.fr", NULL));
	assert_string_equal(e->pso_id, "df118fe7-bb5e-49f9-8ff0-3fdcaa4011f1");
	assert_non_null(e = find(&a, "gitlab.factory.social.gouv.fr", NULL));
	assert_true(e->ignored);
	assert_string_equal(actors_find(&act, e->pso_id)->ministry,
	                    "Ministère de la Santé et de la Prévention");
	assert_string_equal(actors_find(&act, "929f8575-51b3-4977-8dcb-147b756de677")->acronym,
	                    "DREES");
	actors_clear(&act);
	accounts_clear(&a);
}

static void national_file_loads_unchanged(void **state)
{
	const char *dir = getenv("SHARED_DATA");
	struct accounts a;
	size_t whole = 0, owners = 0, ignored = 0;
	char *path;
	FILE *f;

	(void)state;
	path = xasprintf("%s/codegouvfr/codegouvfr-data/comptes-organismes-publics.yml",
	                 dir ? dir : "/nonexistent");
	if (!(f = fopen(path, "r"))) {
		free(path);
		skip();
	}
	fclose(f);
	if (accounts_load(&a, path, TODAY) < 0)
		fail_msg("%s", error_last());
	for (size_t i = 0; i < a.n; i++) {
		if (a.v[i].owner)
			owners++;
		else
			whole++;
		if (a.v[i].ignored && !a.v[i].owner)
			ignored++;
	}
	/* The file as of codegouvfr/codegouvfr-data 986231b (2025-09-24):
	 * 300 owners, 87 whole-forge entries, 17 of them ignored. */
	assert_int_equal(owners, 300);
	assert_int_equal(whole, 87);
	assert_int_equal(ignored, 17);
	/* forge.apps.education.fr: pso_id at forge level, bare owners. */
	assert_string_equal(find(&a, "forge.apps.education.fr", "drane-lyon")->pso_id,
	                    "3ed2f725-e077-4973-a531-498e13fc7861");
	assert_null(find(&a, "gitlab.adullact.net", "socio-connect")->pso_id);
	/* Its one duplicate key: the last wins, as in other YAML readers. */
	assert_int_equal(a.nwarnings, 1);
	assert_non_null(strstr(a.warnings[0], "gitlab.mim-libre.fr: 'pso_id' is given twice"));
	assert_string_equal(find(&a, "gitlab.mim-libre.fr", NULL)->pso_id,
	                    "3ed2f725-e077-4973-a531-498e13fc7861");
	accounts_clear(&a);
	free(path);
}

static void ignored_since_in_the_future_keeps_the_entry(void **state)
{
	const char *text =
		"git.example.fr:\n  forge: gitea\n  ignored_since: 2030-01-01\n"
		"gitlab.com:\n  forge: gitlab\n  ignored_since: 2026-11-28\n"
		"  owners:\n    a:\n    b:\n      ignored_since: 2031-01-01\n";
	struct accounts a;

	(void)state;
	assert_int_equal(accounts_parse(&a, "t.yml", text, strlen(text), TODAY), 0);
	assert_false(find(&a, "git.example.fr", NULL)->ignored);
	/* Same day counts as past; the forge's earlier date wins. */
	assert_true(find(&a, "gitlab.com", "a")->ignored);
	assert_true(find(&a, "gitlab.com", "b")->ignored);
	assert_string_equal(find(&a, "gitlab.com", "b")->ignored_since, "2026-11-28");
	accounts_clear(&a);
}

static void our_extensions_are_read(void **state)
{
	const char *text =
		"codeberg.org:\n  forge: forgejo\n  api_url: http://127.0.0.1:8080/api/v1\n"
		"  owners:\n    alice:\n      kind: user\n"
		"bitbucket.org:\n  forge: bitbucket\n  owners:\n    ws:\n";
	struct accounts a;

	(void)state;
	assert_int_equal(accounts_parse(&a, "t.yml", text, strlen(text), TODAY), 0);
	assert_string_equal(find(&a, "codeberg.org", "alice")->kind, "user");
	assert_string_equal(find(&a, "codeberg.org", "alice")->api_url,
	                    "http://127.0.0.1:8080/api/v1");
	assert_string_equal(find(&a, "bitbucket.org", "ws")->forge, "bitbucket");
	assert_int_equal(find(&a, "bitbucket.org", "ws")->line, 10);
	assert_int_equal(find(&a, "codeberg.org", "alice")->nclone_hosts, 0);
	assert_false(find(&a, "codeberg.org", "alice")->allow_http);
	accounts_clear(&a);
}

/* Where clone URLs may point, and whether http:// is accepted: forge keys
 * every owner of the forge shares. */
static void clone_hosts_and_allow_http_are_read(void **state)
{
	const char *text =
		"git.example.fr:\n  forge: gitlab\n  allow_http: true\n"
		"  clone_hosts: [git2.example.fr, 127.0.0.1:8080]\n"
		"  owners:\n    a:\n    b:\n"
		"x.fr:\n  forge: gitea\n  clone_hosts: git.x.fr\n  allow_http: false\n";
	const struct account_entry *e;
	struct accounts a;

	(void)state;
	assert_int_equal(accounts_parse(&a, "t.yml", text, strlen(text), TODAY), 0);
	e = find(&a, "git.example.fr", "b");
	assert_true(e->allow_http);
	assert_int_equal(e->nclone_hosts, 2);
	assert_string_equal(e->clone_hosts[0], "git2.example.fr");
	assert_string_equal(e->clone_hosts[1], "127.0.0.1:8080");
	e = find(&a, "x.fr", NULL);
	assert_false(e->allow_http);
	assert_int_equal(e->nclone_hosts, 1);
	assert_string_equal(e->clone_hosts[0], "git.x.fr");
	accounts_clear(&a);
	expect_error("a.fr:\n  forge: gitlab\n  clone_hosts: [https://a.fr]\n",
	             "t.yml:3:", "clone_hosts: 'https://a.fr' is not a host name",
	             NULL);
	expect_error("a.fr:\n  forge: gitlab\n  allow_http: yes please\n",
	             "t.yml:3:", "allow_http must be true or false", NULL);
	expect_error("a.fr:\n  forge: gitlab\n  owners:\n    o:\n"
	             "      allow_http: true\n", "t.yml:5:", "unknown key", NULL);
}

static void errors_name_the_file_the_line_and_the_key(void **state)
{
	(void)state;
	expect_error("github.com:\n  forge: githab\n",
	             "t.yml:2:", "unknown forge 'githab'", "gitlab", NULL);
	expect_error("x.fr:\n  forge: gitlab\n  ignored_since: 2024-02-30\n",
	             "t.yml:3:", "ignored_since", "YYYY-MM-DD", NULL);
	expect_error("github.com:\n  forge: github\n  owners:\n    SocialGouv:\n"
	             "    socialgouv:\n", "t.yml:5:", "socialgouv", "twice",
	             "line 4", NULL);
	expect_error("github.com:\n  forge: github\n  owners:\n    a:\n"
	             "      pso: x\n", "t.yml:5:", "unknown key 'pso'", "pso_id", NULL);
	expect_error("https://github.com:\n  forge: github\n", "t.yml:1:",
	             "not a host name", NULL);
	expect_error("github.com:\n  owners:\n    a:\n", "t.yml:1:",
	             "'forge' is missing", NULL);
	expect_error("github.com:\n  forge: github\n  owners:\n    - a\n",
	             "t.yml:4:", "owners", NULL);
	expect_error("github.com:\n  forge: github\n  owners:\n    a/b:\n",
	             "t.yml:4:", "subgroups", NULL);
	expect_error("a.fr:\n  forge: gitlab\nb.fr: {forge: [x]}\n", "t.yml:3:",
	             "single value", NULL);
	expect_error("a.fr: {forge: gitlab}\na.fr: {forge: gitlab}\n",
	             "listed twice", NULL);
	expect_error("a.fr:\n  forge: gitlab\n---\nb.fr:\n  forge: gitlab\n",
	             "second YAML document", NULL);
	expect_error("a.fr: [unclosed\n", "t.yml:", "invalid YAML", NULL);
	expect_error("a.fr:\n  forge: gitlab\n  pso_id: \xe9t\xe9\n", "t.yml:3:",
	             "UTF-8", NULL);
	expect_error("- a\n- b\n", "t.yml:1:", "forge host", NULL);
}

static void unknown_pso_id_is_named_with_its_line(void **state)
{
	const char *text = "gitlab.com:\n  forge: gitlab\n  owners:\n    x:\n"
	                   "      pso_id: 1234\n";
	struct accounts a;
	struct actors act;

	(void)state;
	assert_int_equal(accounts_parse(&a, "t.yml", text, strlen(text), TODAY), 0);
	assert_int_equal(actors_load(&act, NULL), 0);
	assert_int_equal(config_check_actors(&a, &act), ERROR_INVALID);
	assert_non_null(strstr(error_last(), "t.yml:4: gitlab.com/x: unknown pso_id 1234"));
	actors_clear(&act);
	accounts_clear(&a);
}

/* 100,000 nested `[` took libyaml's scanner minutes of CPU to refuse
 * (O(N^2)); the depth check refuses at the 65th level, at once. */
static void deep_nesting_is_refused_at_once(void **state)
{
	size_t n = 100000;
	char *text = xmalloc(n + 8);
	struct accounts a;
	clock_t start = clock();
	double cpu;

	(void)state;
	memcpy(text, "a.fr: ", 6);
	memset(text + 6, '[', n);
	text[n + 6] = '\n';
	text[n + 7] = '\0';
	assert_int_equal(accounts_parse(&a, "t.yml", text, n + 7, TODAY),
	                 ERROR_INVALID);
	cpu = (double)(clock() - start) / CLOCKS_PER_SEC;
	assert_non_null(strstr(error_last(), "t.yml:1: nested more than 64 levels"));
	assert_true(cpu < 2.0);
	/* 64 levels are still read (and then refused for what they are). */
	memset(text + 6, '[', 63);
	memset(text + 69, ']', 63);
	text[132] = '\n';
	assert_int_equal(accounts_parse(&a, "t.yml", text, 133, TODAY),
	                 ERROR_INVALID);
	assert_null(strstr(error_last(), "nested more than"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(embedded_list_loads_and_every_pso_id_has_an_actor),
		cmocka_unit_test(national_file_loads_unchanged),
		cmocka_unit_test(ignored_since_in_the_future_keeps_the_entry),
		cmocka_unit_test(our_extensions_are_read),
		cmocka_unit_test(clone_hosts_and_allow_http_are_read),
		cmocka_unit_test(errors_name_the_file_the_line_and_the_key),
		cmocka_unit_test(unknown_pso_id_is_named_with_its_line),
		cmocka_unit_test(deep_nesting_is_refused_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
