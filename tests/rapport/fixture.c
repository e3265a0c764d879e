/*
 * fixture.c - the report's hand-built model. The figures the tests assert:
 *
 *   actor   repos checked licence README publiccode conformes archived forks stale
 *   DREES     4     4       2      3       1         2        1       1     0
 *   CNAM      3     2       2      1       1         1        0       0     1
 *   (long)    1     1       0      1       0         0        0       0     0
 *   total     8     7       4      5       2         3        1       1     1
 *
 * so, over the checked repositories, licence 57.1 %, README 71.4 %,
 * publiccode.yml 28.6 %, conformes 42.9 %; archived and forks 12.5 % of
 * all. Families: permissive 2 (MIT 2), reciprocal 2, not on the list 1,
 * unidentified 1, none 1, not checked 1.
 *
 * Searched for accounts: DREES and CNAM have accounts listed; of the
 * actors with none, HAS was searched on 2026-11-20 with 2 candidates to
 * review, ARS Occitanie on 2026-11-21 with none found, and France
 * compétences not yet; the long-named actor is not one of the actors
 * list, so it has no status.
 */
#include "tests/rapport/fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

#define MSP "Ministère de la Santé et de la Prévention"
#define MSOL "Ministère des Solidarités"
#define LONG_NAME "Agence nationale de la sécurité du médicament et des " \
                  "produits de santé, direction de l'inspection"

static struct rapport_repo *repo(struct rapport_actor *a, const char *host,
                                 const char *name)
{
	char *url = xasprintf("https://%s/%s", host, name);
	struct rapport_repo *r = rapport_repo_add(a, host, name, url);

	free(url);
	return r;
}

static void checked(struct rapport_repo *r, enum tristate ok,
                    const char *spdx, const char *category, bool readme,
                    enum rapport_pc pc)
{
	r->checked = true;
	rapport_repo_set_license(r, ok, spdx, category);
	r->readme = readme;
	r->publiccode = pc;
}

static void drees(struct rapport *m)
{
	struct rapport_actor *a = rapport_actor(m, &(struct rapport_who){
		"drees", "929f8575-51b3-4977-8dcb-147b756de677",
		"Direction de la recherche, des études, de l'évaluation et des "
		"statistiques", "DREES", "central", MSP });
	struct rapport_repo *r;

	a->naccounts = 2;
	rapport_actor_set_search(a, RAPPORT_SEARCH_LISTED, NULL, 0);
	r = repo(a, "github.com", "drees/conforme-1");
	checked(r, TRI_TRUE, "MIT", "permissive", true, RAPPORT_PC_VALID);
	rapport_finding_add(r, LEVEL_INFO, "community.security-missing", NULL,
	                    0, NULL);
	r = repo(a, "github.com", "drees/sans-licence");
	checked(r, TRI_UNKNOWN, NULL, NULL, true, RAPPORT_PC_ABSENT);
	rapport_finding_add(r, LEVEL_INFO, "publiccode.missing", NULL, 0, NULL);
	rapport_finding_add(r, LEVEL_ERROR, "license.missing", NULL, 0, NULL);
	r = repo(a, "github.com", "drees/gpl2");
	checked(r, TRI_FALSE, "GPL-2.0-only", NULL, false, RAPPORT_PC_INVALID);
	r->archived = true;
	rapport_finding_add(r, LEVEL_WARNING, "license.not-authorized",
	                    "COPYING", 0, NULL);
	rapport_finding_add(r, LEVEL_ERROR, "readme.missing", NULL, 0, NULL);
	rapport_finding_add(r, LEVEL_ERROR, "publiccode.invalid",
	                    "publiccode.yml", 3, NULL);
	r = repo(a, "github.com", "drees/fork-upstream");
	checked(r, TRI_TRUE, "EUPL-1.2", "reciprocal", true,
	        RAPPORT_PC_ABSENT);
	r->fork = true;
	rapport_finding_add(r, LEVEL_INFO, "publiccode.missing", NULL, 0, NULL);
}

static void cnam(struct rapport *m)
{
	/* A group that is not one of actors.yml's is shown as it is. */
	struct rapport_actor *a = rapport_actor(m, &(struct rapport_who){
		"cnam", "ff0017f1-00fd-4ac6-a423-f3cb0a99836e",
		"Caisse nationale de l'assurance maladie", "CNAM", "Opérateurs",
		MSP });
	struct rapport_repo *r;

	a->naccounts = 1;
	rapport_actor_set_search(a, RAPPORT_SEARCH_LISTED,
	                         "2026-11-19T08:00:00Z", 0);
	r = repo(a, "gitlab.com", "cnam/outil");
	checked(r, TRI_TRUE, "CECILL-2.1", "reciprocal", true,
	        RAPPORT_PC_VALID);
	r = repo(a, "gitlab.com", "cnam/ancien");
	checked(r, TRI_TRUE, "MIT", "permissive", false, RAPPORT_PC_ABSENT);
	rapport_repo_set_stale(r, "2026-10-01T02:00:00Z");
	rapport_finding_add(r, LEVEL_ERROR, "readme.missing", NULL, 0, NULL);
	r = repo(a, "gitlab.com", "cnam/injoignable");
	rapport_repo_set_probe_error(r, "cannot fetch: HTTP 503");
}

static void long_named(struct rapport *m)
{
	struct rapport_actor *a = rapport_actor(m, &(struct rapport_who){
		"ansm-inspection", "00000000-0000-4000-8000-000000000001",
		LONG_NAME, NULL, "Opérateurs", MSOL });
	struct rapport_repo *r;

	a->naccounts = 1;
	/* A hostile forge: markup in the name, a script URL. */
	r = rapport_repo_add(a, "git.example.fr", "ansm/a<b>&c|d",
	                     "javascript:alert(1)");
	checked(r, TRI_UNKNOWN, "NOASSERTION", NULL, true,
	        RAPPORT_PC_ABSENT);
	rapport_finding_add(r, LEVEL_WARNING, "license.unidentified", "LICENSE",
	                    0, "Use the exact text.");
	rapport_finding_add(r, LEVEL_WARNING, "x.unknown-rule", NULL, 0,
	                    "A fix from the check <b>itself</b>.");
}

static void history(struct rapport *m)
{
	const struct rapport_counts d1 = { 3, 3, 1, 2, 0, 0, 0, 0, 0 };
	const struct rapport_counts c1 = { 2, 2, 1, 1, 0, 1, 0, 0, 0 };
	const struct rapport_counts d2 = { 4, 4, 2, 2, 1, 1, 1, 1, 0 };
	const struct rapport_counts c2 = { 3, 3, 2, 2, 1, 1, 0, 0, 0 };

	rapport_history_add(m, "2026-05-28T02:00:00Z", "drees",
	                    "929f8575-51b3-4977-8dcb-147b756de677", "DREES", &d1);
	rapport_history_add(m, "2026-05-28T02:00:00Z", "cnam",
	                    "ff0017f1-00fd-4ac6-a423-f3cb0a99836e", "CNAM", &c1);
	rapport_history_add(m, "2026-08-28T02:00:00Z", "drees",
	                    "929f8575-51b3-4977-8dcb-147b756de677", "DREES", &d2);
	rapport_history_add(m, "2026-08-28T02:00:00Z", "cnam",
	                    "ff0017f1-00fd-4ac6-a423-f3cb0a99836e", "CNAM", &c2);
}

static struct rapport *build(size_t more)
{
	struct rapport *m = rapport_new("2026-11-28T02:00:00Z", "0.1.0-test");

	drees(m);
	cnam(m);
	long_named(m);
	for (size_t i = 0; i < more; i++) {
		char pso[64], name[96], acr[32], full[48];
		struct rapport_actor *a;
		struct rapport_repo *r;

		snprintf(pso, sizeof(pso), "10000000-0000-4000-8000-%012zu", i);
		snprintf(name, sizeof(name), "Agence régionale de santé n° %zu", i);
		snprintf(acr, sizeof(acr), "ARS%02zu", i);
		snprintf(full, sizeof(full), "ars%02zu/outil", i);
		a = rapport_actor(m, &(struct rapport_who){ acr, pso, name, acr,
		                                            "ars", MSP });
		a->naccounts = 1;
		r = repo(a, "github.com", full);
		checked(r, i % 2 ? TRI_TRUE : TRI_FALSE, i % 2 ? "MIT"
		        : "GPL-2.0-only", i % 2 ? "permissive" : NULL, i % 3 != 0,
		        i % 5 ? RAPPORT_PC_ABSENT : RAPPORT_PC_VALID);
	}
	rapport_actor_set_search(rapport_add_no_account(m, &(struct rapport_who){
		"has", "df118fe7-bb5e-49f9-8ff0-3fdcaa4011f1",
		"Haute Autorité de santé", "HAS", "Autorités", MSP }),
		RAPPORT_SEARCH_CANDIDATES, "2026-11-20T10:00:00Z", 2);
	rapport_actor_set_search(rapport_add_no_account(m, &(struct rapport_who){
		"ars-occitanie", NULL, "Agence régionale de santé Occitanie", NULL,
		"ars", MSP }),
		RAPPORT_SEARCH_NONE_FOUND, "2026-11-21T09:30:00Z", 0);
	/* Its acronym is its name: said once. */
	rapport_add_no_account(m, &(struct rapport_who){
		"france-competences", NULL, "France compétences",
		"France compétences", "agency", MSOL });
	rapport_account_add(m, "github.com", "drees", "github", "DREES",
	                    RAPPORT_ACCOUNT_OK, NULL);
	rapport_account_add(m, "github.com", "drees-labs", "github", "DREES",
	                    RAPPORT_ACCOUNT_EMPTY, NULL);
	rapport_account_add(m, "gitlab.com", "cnam", "gitlab", "CNAM",
	                    RAPPORT_ACCOUNT_UNREACHABLE,
	                    "HTTP 503 after 3 attempts");
	rapport_account_add(m, "git.example.fr", NULL, "gitea", NULL,
	                    RAPPORT_ACCOUNT_OK, NULL);
	history(m);
	rapport_finish(m);
	return m;
}

struct rapport *fixture_rapport(void)
{
	return build(0);
}

struct rapport *fixture_rapport_many(size_t n)
{
	return build(n);
}

static struct changes_repo *crepo(struct changes_inventory *inv,
                                  const char *host, const char *full_name,
                                  const char *id, const char *created,
                                  const char *license)
{
	struct changes_repo *r = changes_repo_add(inv);
	const char *slash = strchr(full_name, '/');

	r->host = xstrdup(host);
	r->owner = xstrndup(full_name, (size_t)(slash - full_name));
	r->full_name = xstrdup(full_name);
	r->html_url = xasprintf("https://%s/%s", host, full_name);
	r->clone_url = xasprintf("https://%s/%s.git", host, full_name);
	r->forge_id = id ? xstrdup(id) : NULL;
	r->created_at = created ? xstrdup(created) : NULL;
	r->actor = xstrdup("DREES");
	r->checked = true;
	r->license = license ? xstrdup(license) : NULL;
	return r;
}

static void caccount(struct changes_inventory *inv, const char *host,
                     const char *owner, bool listed, const char *error)
{
	struct changes_account *a = changes_account_add(inv);

	a->host = xstrdup(host);
	a->owner = owner ? xstrdup(owner) : NULL;
	a->listed = listed;
	a->error = error ? xstrdup(error) : NULL;
}

#define T1 "2020-01-01T00:00:00Z"
#define T2 "2021-05-05T10:00:00Z"
#define T3 "2022-02-02T02:02:02Z"

static void both(struct changes_inventory *o, struct changes_inventory *n)
{
	struct changes_repo *r;

	crepo(o, "github.com", "drees/a", "1", T1, "MIT");
	crepo(n, "github.com", "drees/a", "1", T1, "MIT");
	/* Renamed, recognised by the forge's id. */
	crepo(o, "github.com", "drees/old-name", "2", NULL, "MIT");
	crepo(n, "github.com", "drees/new-name", "2", NULL, "MIT");
	/* Transferred, recognised by its creation time and name. */
	crepo(o, "github.com", "drees/moving", NULL, T2, "MIT");
	crepo(n, "github.com", "cnam-org/moving", NULL, T2, "MIT");
	/* Renamed in case only: the same clone URL, without case. */
	crepo(o, "github.com", "drees/CaseOnly", NULL, NULL, "MIT");
	r = crepo(n, "github.com", "drees/caseonly", NULL, NULL, "MIT");
	free(r->clone_url);
	r->clone_url = xstrdup("https://github.com/drees/caseonly");
	crepo(o, "github.com", "drees/gone", "3", NULL, "MIT");
	crepo(n, "github.com", "drees/brand-new", "4", NULL, "MIT");
	crepo(o, "github.com", "drees/to-archive", NULL, NULL, "MIT");
	crepo(n, "github.com", "drees/to-archive", NULL, NULL, "MIT")->archived =
		true;
	crepo(o, "github.com", "drees/to-unarchive", NULL, NULL, "MIT")
		->archived = true;
	crepo(n, "github.com", "drees/to-unarchive", NULL, NULL, "MIT");
	crepo(o, "github.com", "drees/lic", NULL, NULL, "MIT");
	crepo(n, "github.com", "drees/lic", NULL, NULL, "GPL-3.0-or-later");
	crepo(o, "github.com", "drees/pc-new", NULL, NULL, "MIT");
	crepo(n, "github.com", "drees/pc-new", NULL, NULL, "MIT")->publiccode =
		RAPPORT_PC_VALID;
	crepo(o, "github.com", "drees/pc-broken", NULL, NULL, "MIT")
		->publiccode = RAPPORT_PC_VALID;
	crepo(n, "github.com", "drees/pc-broken", NULL, NULL, "MIT")
		->publiccode = RAPPORT_PC_INVALID;
	/* Not checked this time: no licence change can be told. */
	crepo(o, "github.com", "drees/unchecked-now", NULL, NULL, "MIT");
	crepo(n, "github.com", "drees/unchecked-now", NULL, NULL, NULL)
		->checked = false;
	/* Two created in the same second, one left: ambiguous, no guess. */
	crepo(o, "gitlab.com", "g/one", NULL, T3, NULL);
	crepo(o, "gitlab.com", "g/two", NULL, T3, NULL);
	crepo(n, "gitlab.com", "g/three", NULL, T3, NULL);
	caccount(o, "github.com", "drees", true, NULL);
	caccount(n, "github.com", "drees", true, NULL);
	caccount(o, "codeberg.org", "x", true, NULL);
	caccount(n, "codeberg.org", "x", false, "HTTP 503 after 3 attempts");
	caccount(n, "gitlab.com", "newgroup", false, "HTTP 404");
}

void fixture_inventories(struct changes_inventory **old,
                         struct changes_inventory **new_)
{
	*old = changes_inventory_new("2026-10-28T02:00:00Z");
	*new_ = changes_inventory_new("2026-11-28T02:00:00Z");
	both(*old, *new_);
}
