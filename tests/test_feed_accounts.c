/* test_feed_accounts.c - tests output/feed_accounts.c with the accounts
 * list as the crawl reads and gives it (config/accounts.c, then
 * crawl_entries in crawler/crawl/crawl_accounts.c): the list written back
 * in code.gouv.fr's format, and the additions to the national list
 * (`crawl --upstream`). */
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "crawler/crawl/crawl_int.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "output/feed.h"

#define TODAY "2026-11-30"

/* The entries the crawl gives the writers for the list TEXT. */
struct list {
	struct accounts accounts;
	struct record_entry *v;
	size_t n;
};

static void list_load(struct list *l, const char *name, const char *text)
{
	if (accounts_parse(&l->accounts, name, text, strlen(text), TODAY) < 0)
		fail_msg("%s: %s", name, error_last());
	l->v = crawl_entries(&l->accounts, &l->n);
}

static void list_clear(struct list *l)
{
	for (size_t i = 0; i < l->n; i++)
		record_entry_clear(&l->v[i]);
	free(l->v);
	accounts_clear(&l->accounts);
}

static char *yaml_of(const char *text)
{
	struct list l;
	char *yml;

	list_load(&l, "ours.yml", text);
	if (feed_accounts_yaml(&yml, l.v, l.n) < 0)
		fail_msg("%s", error_last());
	list_clear(&l);
	return yml;
}

static char *additions_of(const char *ours, const char *upstream)
{
	struct list a, b;
	char *yml;

	list_load(&a, "ours.yml", ours);
	list_load(&b, "upstream.yml", upstream);
	if (feed_accounts_additions_yaml(&yml, a.v, a.n, b.v, b.n) < 0)
		fail_msg("%s", error_last());
	list_clear(&a);
	list_clear(&b);
	return yml;
}

static const char header[] =
	"# Accounts of public bodies on software forges, in the format of "
	"code.gouv.fr's\n# comptes-organismes-publics.yml. Written by "
	"inventaire.\n";

static void a_forge_level_pso_id_stays_at_forge_level(void **state)
{
	char *yml = yaml_of(
		"forge.apps.education.fr:\n"
		"  forge: gitlab\n"
		"  pso_id: 3ed2f725-e077-4973-a531-498e13fc7861\n"
		"  owners:\n"
		"    reseau-certa:\n"
		"    drane-lyon:\n"
		"      pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n");
	char *want = xasprintf("%s\n"
		"forge.apps.education.fr:\n"
		"  forge: gitlab\n"
		"  pso_id: 3ed2f725-e077-4973-a531-498e13fc7861\n"
		"  owners:\n"
		"    drane-lyon:\n"
		"      pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n"
		"    reseau-certa:\n", header);

	(void)state;
	assert_string_equal(yml, want);
	free(want);
	free(yml);
}

static void personal_accounts_are_not_written(void **state)
{
	char *yml = yaml_of(
		"github.com:\n"
		"  forge: github\n"
		"  owners:\n"
		"    socialgouv:\n"
		"    jdoe:\n"
		"      kind: user\n"
		"gitlab.com:\n"
		"  forge: gitlab\n"
		"  pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n"
		"  owners:\n"
		"    alice:\n"
		"      kind: user\n");
	char *want = xasprintf("%s\n"
		"github.com:\n"
		"  forge: github\n"
		"  owners:\n"
		"    socialgouv:\n", header);

	(void)state;
	/* gitlab.com's forge-level pso_id alone would make it a whole forge:
	 * with its only owner a person's, the forge goes too */
	assert_string_equal(yml, want);
	free(want);
	free(yml);
}

static void the_additions_hold_only_what_upstream_lacks(void **state)
{
	static const char upstream[] =
		"github.com:\n"
		"  forge: github\n"
		"  owners:\n"
		"    socialgouv:\n"
		"      pso_id: 361651ec-d4af-4c9f-b76f-e5f9ca19df4b\n"
		"forge.apps.education.fr:\n"
		"  forge: gitlab\n"
		"  pso_id: 3ed2f725-e077-4973-a531-498e13fc7861\n"
		"  owners:\n"
		"    reseau-certa:\n"
		"gitlab.has-sante.fr:\n"
		"  forge: gitlab\n"
		"  pso_id: df118fe7-bb5e-49f9-8ff0-3fdcaa4011f1\n";
	char *yml = additions_of(
		"github.com:\n"
		"  forge: github\n"
		"  owners:\n"
		"    SocialGouv:\n"                 /* listed, in another case */
		"    ansforge:\n"
		"      pso_id: a0e44306-21d2-4285-bf0d-75813afaed3e\n"
		"    jdoe:\n"
		"      kind: user\n"
		"forge.apps.education.fr:\n"
		"  forge: gitlab\n"
		"  pso_id: 3ed2f725-e077-4973-a531-498e13fc7861\n"
		"  owners:\n"
		"    reseau-certa:\n"
		"    drane-paris:\n"                /* inherits the pso_id */
		"gitlab.has-sante.fr:\n"            /* whole upstream */
		"  forge: gitlab\n"
		"  owners:\n"
		"    outils:\n"
		"git.drees.fr:\n"                   /* a forge upstream has not */
		"  forge: gitlab\n"
		"  pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n",
		upstream);

	(void)state;
	assert_string_equal(yml,
		"# What code.gouv.fr's comptes-organismes-publics.yml lacks of our "
		"accounts list,\n# in its format, to add to it. Written by "
		"inventaire.\n"
		"\n"
		"# This forge is in the national list: add these owners to its "
		"owners.\n"
		"forge.apps.education.fr:\n"
		"  forge: gitlab\n"
		"  owners:\n"
		"    drane-paris:\n"
		"\n"
		"git.drees.fr:\n"
		"  forge: gitlab\n"
		"  pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n"
		"\n"
		"# This forge is in the national list: add these owners to its "
		"owners.\n"
		"github.com:\n"
		"  forge: github\n"
		"  owners:\n"
		"    ansforge:\n"
		"      pso_id: a0e44306-21d2-4285-bf0d-75813afaed3e\n");
	free(yml);
	yml = additions_of(upstream, upstream);
	assert_non_null(strstr(yml, "# It lacks none of them.\n"));
	free(yml);
}

/*
 * The round trip: the national file (codegouvfr/codegouvfr-data's
 * comptes-organismes-publics.yml) plus two accounts of ours gives an
 * additions file holding exactly those two, which loads as accounts.
 */
static void the_national_list_plus_two_accounts_gives_those_two(void **state)
{
	const char *shared = getenv("SHARED_DATA");
	char *path, *national, *ours, *yml;
	struct list added;
	size_t len;
	const char *anchor = "github.com:\n  forge: github\n  owners:\n";
	char *at;

	(void)state;
	if (!shared) {
		skip();
		return;
	}
	path = xasprintf("%s/codegouvfr/codegouvfr-data/comptes-organismes-publics.yml",
	                 shared);
	if (file_read(&national, &len, path, 1 << 24) < 0) {
		print_message("skipped: %s not found\n", path);
		free(path);
		skip();
		return;
	}
	/* one owner on a forge upstream lists, one forge it has not, and a
	 * person's account, which is not proposed */
	at = strstr(national, anchor);
	assert_non_null(at);
	at += strlen(anchor);
	ours = xasprintf("%.*s    dnum-sante-test:\n"
	                 "      pso_id: d8a5ff98-67d3-405d-81b8-913829272ff8\n"
	                 "    a-person:\n      kind: user\n%s"
	                 "\ngit.esante.gouv.fr:\n  forge: gitlab\n"
	                 "  pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n",
	                 (int)(at - national), national, at);
	yml = additions_of(ours, national);
	list_load(&added, "additions.yml", yml);
	/* the file's order: hosts sorted */
	assert_int_equal(added.accounts.n, 2);
	assert_string_equal(added.accounts.v[0].host, "git.esante.gouv.fr");
	assert_null(added.accounts.v[0].owner);
	assert_string_equal(added.accounts.v[0].pso_id,
	                    "929f8575-51b3-4977-8dcb-147b756de677");
	assert_string_equal(added.accounts.v[1].host, "github.com");
	assert_string_equal(added.accounts.v[1].owner, "dnum-sante-test");
	assert_string_equal(added.accounts.v[1].pso_id,
	                    "d8a5ff98-67d3-405d-81b8-913829272ff8");
	assert_null(strstr(yml, "a-person"));
	list_clear(&added);
	free(yml);
	free(ours);
	free(national);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_forge_level_pso_id_stays_at_forge_level),
		cmocka_unit_test(personal_accounts_are_not_written),
		cmocka_unit_test(the_additions_hold_only_what_upstream_lacks),
		cmocka_unit_test(the_national_list_plus_two_accounts_gives_those_two),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
