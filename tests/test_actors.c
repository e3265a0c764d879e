/* test_actors.c - tests config/actors.c, config/actors_find.c and the
 * embedded config/actors.yml: the whole ministerial sphere, each group
 * complete. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"

#define TODAY "2026-11-28"

static struct actors act;
static struct accounts acc;

/* The embedded files, once for the tests that read them. */
static int load_embedded(void **state)
{
	(void)state;
	if (actors_load(&act, NULL) < 0 || accounts_load(&acc, NULL, TODAY) < 0) {
		fprintf(stderr, "embedded files: %s\n", error_last());
		return -1;
	}
	return 0;
}

static int clear_embedded(void **state)
{
	(void)state;
	actors_clear(&act);
	accounts_clear(&acc);
	return 0;
}

static const struct actor *get(const char *id)
{
	const struct actor *a = actors_find_id(&act, id);

	if (!a)
		fail_msg("no actor '%s' in actors.yml", id);
	return a;
}

/* ---------------------------------------------------------------- the data */

static void every_pso_id_of_the_accounts_list_is_an_actor(void **state)
{
	(void)state;
	for (size_t i = 0; i < acc.n; i++)
		if (acc.v[i].pso_id && !actors_find(&act, acc.v[i].pso_id))
			fail_msg("accounts.yml:%u: %s%s%s: pso_id %s is in no actor",
			         acc.v[i].line, acc.v[i].host, acc.v[i].owner ? "/" : "",
			         acc.v[i].owner ? acc.v[i].owner : "", acc.v[i].pso_id);
	if (config_check_actors(&acc, &act) < 0)
		fail_msg("%s", error_last());
}

static void every_account_has_an_actor_and_claims_are_precise(void **state)
{
	static const struct { const char *host, *owner, *actor; } want[] = {
		{ "gitlab.com", "healthdatahub", "hdh" },
		{ "github.com", "indsante", "hdh" },
		{ "github.com", "delegation-numerique-en-sante", "dns" },
		{ "github.com", "dnum-socialgouv", "dnum" },
		{ "github.com", "gip-inclusion", "gip-inclusion" },
		{ "gitlab.factory.social.gouv.fr", NULL, "fabnum" },
		{ "github.com", "socialgouv", "fabnum" },
		{ "gitlab.has-sante.fr", NULL, "has" },
		{ "github.com", "e-pshad", "ministere-sante" },
		{ "gitlab.com", "arsante", "bureau-ars" },
	};

	(void)state;
	for (size_t i = 0; i < acc.n; i++)
		if (!actors_for_account(&act, &acc.v[i]))
			fail_msg("%s/%s has no actor", acc.v[i].host,
			         acc.v[i].owner ? acc.v[i].owner : "");
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct account_entry *e = NULL;

		for (size_t j = 0; j < acc.n && !e; j++)
			if (!strcmp(acc.v[j].host, want[i].host) &&
			    (want[i].owner ? acc.v[j].owner &&
			                     !strcmp(acc.v[j].owner, want[i].owner)
			                   : !acc.v[j].owner))
				e = &acc.v[j];
		assert_non_null(e);
		assert_string_equal(actors_for_account(&act, e)->id, want[i].actor);
	}
}

static void every_actor_has_a_domain_a_group_a_ministry_and_a_known_parent(void **state)
{
	(void)state;
	for (size_t i = 0; i < act.n; i++) {
		const struct actor *a = &act.v[i];

		if (!a->ndomains)
			fail_msg("actors.yml:%u: %s has no domain", a->line, a->id);
		if (a->group == ACTOR_GROUP_NONE)
			fail_msg("actors.yml:%u: %s has no group", a->line, a->id);
		assert_non_null(a->ministry);
		if (a->parent && !actors_find_id(&act, a->parent))
			fail_msg("actors.yml:%u: %s: parent %s is no actor", a->line,
			         a->id, a->parent);
		/* Ministries are the tops: code.gouv.fr's top_organizations.yml. */
		assert_true((a->group == ACTOR_GROUP_MINISTRY) == !a->parent ||
		            !strcmp(a->id, "has") ||
		            !strcmp(a->id, "fonction-publique-hospitaliere"));
	}
}

static void ids_and_pso_ids_are_unique(void **state)
{
	(void)state;
	for (size_t i = 0; i < act.n; i++)
		for (size_t j = 0; j < i; j++) {
			if (!strcasecmp(act.v[i].id, act.v[j].id))
				fail_msg("id %s twice", act.v[i].id);
			if (act.v[i].pso_id && act.v[j].pso_id &&
			    !strcasecmp(act.v[i].pso_id, act.v[j].pso_id))
				fail_msg("pso_id %s on %s and %s", act.v[i].pso_id,
				         act.v[i].id, act.v[j].id);
		}
}

/* The ids of GROUP, in file order, for messages. */
static void expect_members(enum actor_group group, const char *const *ids,
                           size_t n, bool exactly)
{
	for (size_t i = 0; i < n; i++)
		if (get(ids[i])->group != group)
			fail_msg("%s is in group %s, not %s", ids[i],
			         actor_group_name(get(ids[i])->group),
			         actor_group_name(group));
	if (!exactly)
		return;
	/* Nothing else, but the parts of a member (the DSI of AP-HP). */
	for (size_t i = 0; i < act.n; i++) {
		const struct actor *a = &act.v[i];
		bool listed = false;

		if (a->group != group)
			continue;
		for (size_t j = 0; j < n && !listed; j++)
			listed = !strcmp(a->id, ids[j]);
		if (!listed && !(a->parent && get(a->parent)->group == group))
			fail_msg("%s is in group %s but not expected there", a->id,
			         actor_group_name(group));
	}
}

static void the_central_directorates_and_services_are_all_there(void **state)
{
	/* The list: DGS, DGOS, DGCS, DSS, DREES, DNUM, the general
	 * secretariat, the DICOM, the DAJ, the FabNum. */
	static const char *const ids[] = {
		"dgs", "dgos", "dgcs", "dss", "drees", "dnum", "sg", "dicom", "daj",
		"fabnum",
	};
	static const char *const acronyms[] = {
		"DGS", "DGOS", "DGCS", "DSS", "DREES", "DNUM", "SG", "DICOM", "DAJ",
		"FabNum",
	};

	(void)state;
	expect_members(ACTOR_GROUP_CENTRAL, ids, 10, false);
	for (size_t i = 0; i < 10; i++)
		assert_string_equal(get(ids[i])->acronym, acronyms[i]);
	assert_string_equal(get("fabnum")->parent, "dnum");
}

static void the_agencies_and_operators_are_all_there(void **state)
{
	static const char *const ids[] = {
		"ans", "ansm", "has", "spf", "abm", "efs", "inca", "atih", "anap",
		"cng", "ehesp", "oniam", "hdh", "anses",
	};
	static const char *const domains[] = {
		"esante.gouv.fr", "ansm.sante.fr", "has-sante.fr",
		"santepubliquefrance.fr", "agence-biomedecine.fr", "efs.sante.fr",
		"e-cancer.fr", "atih.sante.fr", "anap.fr", "cng.sante.fr", "ehesp.fr",
		"oniam.fr", "health-data-hub.fr", "anses.fr",
	};

	(void)state;
	expect_members(ACTOR_GROUP_AGENCY, ids, 14, false);
	for (size_t i = 0; i < 14; i++)
		if (!actor_has_domain(get(ids[i]), domains[i]))
			fail_msg("%s lacks its domain %s", ids[i], domains[i]);
}

static void the_18_ars_are_all_there_each_with_its_own_site(void **state)
{
	static const struct { const char *id, *region, *site; } ars[] = {
		{ "ars-auvergne-rhone-alpes", "Auvergne-Rhône-Alpes", "auvergne-rhone-alpes" },
		{ "ars-bourgogne-franche-comte", "Bourgogne-Franche-Comté", "bourgogne-franche-comte" },
		{ "ars-bretagne", "Bretagne", "bretagne" },
		{ "ars-centre-val-de-loire", "Centre-Val de Loire", "centre-val-de-loire" },
		{ "ars-corse", "Corse", "corse" },
		{ "ars-grand-est", "Grand Est", "grand-est" },
		{ "ars-hauts-de-france", "Hauts-de-France", "hauts-de-france" },
		{ "ars-ile-de-france", "Île-de-France", "iledefrance" },
		{ "ars-normandie", "Normandie", "normandie" },
		{ "ars-nouvelle-aquitaine", "Nouvelle-Aquitaine", "nouvelle-aquitaine" },
		{ "ars-occitanie", "Occitanie", "occitanie" },
		{ "ars-pays-de-la-loire", "Pays de la Loire", "pays-de-la-loire" },
		{ "ars-paca", "Provence-Alpes-Côte d'Azur", "paca" },
		{ "ars-guadeloupe", "Guadeloupe", "guadeloupe" },
		{ "ars-martinique", "Martinique", "martinique" },
		{ "ars-guyane", "Guyane", "guyane" },
		{ "ars-la-reunion", "La Réunion", "lareunion" },
		{ "ars-mayotte", "Mayotte", "mayotte" },
	};
	const char *ids[18];

	(void)state;
	for (size_t i = 0; i < 18; i++) {
		const struct actor *a = get(ars[i].id);
		char *www = xasprintf("www.%s.ars.sante.fr", ars[i].site);

		ids[i] = ars[i].id;
		if (!strstr(a->name, ars[i].region))
			fail_msg("%s: '%s' does not name %s", a->id, a->name, ars[i].region);
		/* Its own site is its, not another ARS's nor the network's. */
		assert_ptr_equal(actors_find_domain(&act, www), a);
		for (size_t j = 0; j < 18; j++)
			if (j != i && actor_has_domain(get(ars[j].id), www))
				fail_msg("%s also has %s", ars[j].id, www);
		free(www);
	}
	expect_members(ACTOR_GROUP_ARS, ids, 18, true);
	/* The shared e-mail domain is the network's. */
	assert_string_equal(actors_find_domain(&act, "ars.sante.fr")->id, "bureau-ars");
}

static void the_social_security_bodies_are_all_there(void **state)
{
	static const char *const ids[] = {
		"cnam", "cnaf", "cnsa", "cnav", "msa", "urssaf",
	};
	static const char *const domains[] = {
		"ameli.fr", "caf.fr", "cnsa.fr", "lassuranceretraite.fr", "msa.fr",
		"urssaf.fr",
	};

	(void)state;
	expect_members(ACTOR_GROUP_SOCIAL_SECURITY, ids, 6, false);
	for (size_t i = 0; i < 6; i++) {
		if (!actor_has_domain(get(ids[i]), domains[i]))
			fail_msg("%s lacks its domain %s", ids[i], domains[i]);
		assert_string_equal(get(ids[i])->parent, "dss");
	}
}

static void every_university_hospital_is_there_under_its_ars(void **state)
{
	/* The 32 CHU (Orléans since 2023, Guyane since 2025) and the CHR of
	 * Metz-Thionville, each with its site and its region's ARS. */
	static const struct { const char *id, *domain, *ars; } chu[] = {
		{ "aphp", "aphp.fr", "ars-ile-de-france" },
		{ "hcl", "chu-lyon.fr", "ars-auvergne-rhone-alpes" },
		{ "aphm", "ap-hm.fr", "ars-paca" },
		{ "chu-amiens", "chu-amiens.fr", "ars-hauts-de-france" },
		{ "chu-angers", "chu-angers.fr", "ars-pays-de-la-loire" },
		{ "chu-besancon", "chu-besancon.fr", "ars-bourgogne-franche-comte" },
		{ "chu-bordeaux", "chu-bordeaux.fr", "ars-nouvelle-aquitaine" },
		{ "chu-brest", "chu-brest.fr", "ars-bretagne" },
		{ "chu-caen", "chu-caen.fr", "ars-normandie" },
		{ "chu-clermont-ferrand", "chu-clermontferrand.fr", "ars-auvergne-rhone-alpes" },
		{ "chu-dijon", "chu-dijon.fr", "ars-bourgogne-franche-comte" },
		{ "chu-grenoble", "chu-grenoble.fr", "ars-auvergne-rhone-alpes" },
		{ "chu-guadeloupe", "chu-guadeloupe.fr", "ars-guadeloupe" },
		{ "chu-guyane", "chu-guyane.fr", "ars-guyane" },
		{ "chu-la-reunion", "chu-reunion.fr", "ars-la-reunion" },
		{ "chu-lille", "chu-lille.fr", "ars-hauts-de-france" },
		{ "chu-limoges", "chu-limoges.fr", "ars-nouvelle-aquitaine" },
		{ "chu-martinique", "chu-martinique.fr", "ars-martinique" },
		{ "chu-montpellier", "chu-montpellier.fr", "ars-occitanie" },
		{ "chu-nancy", "chru-nancy.fr", "ars-grand-est" },
		{ "chu-nantes", "chu-nantes.fr", "ars-pays-de-la-loire" },
		{ "chu-nice", "chu-nice.fr", "ars-paca" },
		{ "chu-nimes", "chu-nimes.fr", "ars-occitanie" },
		{ "chu-orleans", "chu-orleans.fr", "ars-centre-val-de-loire" },
		{ "chu-poitiers", "chu-poitiers.fr", "ars-nouvelle-aquitaine" },
		{ "chu-reims", "chu-reims.fr", "ars-grand-est" },
		{ "chu-rennes", "chu-rennes.fr", "ars-bretagne" },
		{ "chu-rouen", "chu-rouen.fr", "ars-normandie" },
		{ "chu-saint-etienne", "chu-st-etienne.fr", "ars-auvergne-rhone-alpes" },
		{ "hus", "chru-strasbourg.fr", "ars-grand-est" },
		{ "chu-toulouse", "chu-toulouse.fr", "ars-occitanie" },
		{ "chu-tours", "chu-tours.fr", "ars-centre-val-de-loire" },
		{ "chr-metz-thionville", "chr-metz-thionville.fr", "ars-grand-est" },
	};
	enum { N = sizeof(chu) / sizeof(chu[0]) };
	const char *ids[N];

	(void)state;
	assert_int_equal(N, 33);
	for (size_t i = 0; i < N; i++) {
		const struct actor *a = get(chu[i].id);

		ids[i] = chu[i].id;
		if (!actor_has_domain(a, chu[i].domain))
			fail_msg("%s lacks its domain %s", a->id, chu[i].domain);
		assert_string_equal(a->parent, chu[i].ars);
	}
	expect_members(ACTOR_GROUP_HOSPITAL, ids, N, true);
	/* The one part listed: AP-HP's DSI, with code.gouv.fr's id. */
	assert_string_equal(get("dsi-aphp")->parent, "aphp");
}

static void the_public_interest_groups_are_there(void **state)
{
	static const char *const ids[] = {
		"gip-inclusion", "andpc", "gip-mds", "union-retraite",
		"france-enfance-protegee", "resah",
	};

	(void)state;
	expect_members(ACTOR_GROUP_GIP, ids, 6, true);
}

static void code_gouv_fr_ids_are_kept_and_the_others_are_null(void **state)
{
	static const struct { const char *id, *pso_id; } known[] = {
		{ "ministere-sante", "163a8b8e-8ebc-4fb7-8ed4-44fbb78110db" },
		{ "ministere-solidarites", "38a2db24-e96e-4e30-8013-98dd8a7b705d" },
		{ "ministere-travail", "f130ad96-4a81-4eb4-a40c-0539edad5fff" },
		{ "drees", "929f8575-51b3-4977-8dcb-147b756de677" },
		{ "bureau-ars", "47a968b1-8dc3-4c51-a18c-2a13f757a16f" },
		{ "fabnum", "361651ec-d4af-4c9f-b76f-e5f9ca19df4b" },
		{ "dnum", "d8a5ff98-67d3-405d-81b8-913829272ff8" },
		{ "ans", "a0e44306-21d2-4285-bf0d-75813afaed3e" },
		{ "cnam", "ff0017f1-00fd-4ac6-a423-f3cb0a99836e" },
		{ "has", "df118fe7-bb5e-49f9-8ff0-3fdcaa4011f1" },
		{ "aphp", "bec0760f-c0b9-4c72-979f-fecf50de9320" },
		{ "dsi-aphp", "fa56f607-5e33-4f7b-b9c7-87fe315abf06" },
		{ "france-travail", "cb47a769-8574-403d-9130-0ad9c83c7e22" },
		{ "fonction-publique-hospitaliere", "00000000-0000-0000-0000-000000000000" },
	};
	size_t with = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		assert_string_equal(get(known[i].id)->pso_id, known[i].pso_id);
	for (size_t i = 0; i < act.n; i++)
		with += act.v[i].pso_id != NULL;
	/* No other id was found in a public source: see actors.yml's header. */
	assert_int_equal(with, sizeof(known) / sizeof(known[0]));
}

/* Every pso_id of actors.yml is in one of code.gouv.fr's files: none is
 * made up. */
static void every_pso_id_comes_from_code_gouv_fr(void **state)
{
	static const char *const files[] = {
		"codegouvfr/codegouvfr-data/comptes-organismes-publics.yml",
		"codegouvfr/codegouvfr-data/top_organizations.yml",
		"codegouvfr/codegouvfr-sources-archived/comptes-organismes-publics.yml",
	};
	const char *dir = getenv("SHARED_DATA");
	char *text[3];

	(void)state;
	for (size_t f = 0; f < 3; f++) {
		char *path = xasprintf("%s/%s", dir ? dir : "/nonexistent", files[f]);
		int rc = file_read(&text[f], NULL, path, 0);

		free(path);
		if (rc < 0) {
			while (f--)
				free(text[f]);
			skip();
		}
	}
	for (size_t i = 0; i < act.n; i++) {
		bool found = false;

		for (size_t f = 0; f < 3 && !found && act.v[i].pso_id; f++)
			found = strstr(text[f], act.v[i].pso_id) != NULL;
		if (act.v[i].pso_id && !found)
			fail_msg("%s: pso_id %s is in none of code.gouv.fr's files",
			         act.v[i].id, act.v[i].pso_id);
	}
	for (size_t f = 0; f < 3; f++)
		free(text[f]);
}

static void actors_with_no_account_are_the_ones_to_search(void **state)
{
	size_t pos = 0, n = 0;
	const struct actor *a;
	bool spf = false, ars_bretagne = false;

	(void)state;
	while ((a = actors_next_unlisted(&act, &acc, &pos))) {
		n++;
		assert_int_equal(actors_count_accounts(&act, a, &acc), 0);
		assert_string_not_equal(a->id, "fonction-publique-hospitaliere");
		spf |= !strcmp(a->id, "spf");
		ars_bretagne |= !strcmp(a->id, "ars-bretagne");
	}
	assert_true(spf && ars_bretagne);
	/* Those with accounts are never proposed for a search. */
	assert_int_equal(actors_count_accounts(&act, get("hdh"), &acc), 2);
	assert_int_equal(actors_count_accounts(&act, get("cnam"), &acc), 2);
	for (size_t i = 0; i < act.n; i++)
		if (actors_count_accounts(&act, &act.v[i], &acc))
			n++;
	/* Every actor is one or the other (the placeholder has an account). */
	assert_int_equal(n, act.n);
}

static void a_host_belongs_to_the_actor_with_the_longest_domain(void **state)
{
	(void)state;
	assert_string_equal(actors_find_domain(&act, "www.santepubliquefrance.fr")->id, "spf");
	assert_string_equal(actors_find_domain(&act, "fabrique.social.gouv.fr")->id, "fabnum");
	assert_string_equal(actors_find_domain(&act, "drees.solidarites-sante.gouv.fr")->id,
	                    "drees");
	assert_true(actor_has_domain(get("ministere-sante"), "drees.solidarites-sante.gouv.fr"));
	assert_false(actor_has_domain(get("spf"), "notsantepubliquefrance.fr"));
	assert_false(actor_has_domain(get("spf"), "santepubliquefrance.fr.example.com"));
	assert_null(actors_find_domain(&act, "example.com"));
	assert_null(actors_find_domain(&act, "fr"));
}

/* ---------------------------------------------------------------- the loader */

static void the_older_format_keyed_by_pso_id_still_loads(void **state)
{
	const char *text =
		"929f8575-51b3-4977-8dcb-147b756de677:\n  name: DREES\n"
		"  acronym: DREES\n  parent: 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\n"
		"163a8b8e-8ebc-4fb7-8ed4-44fbb78110db:\n  name: Santé\n"
		"  ministry: Ministère de la Santé\n";
	struct actors a;
	const struct actor *x;

	(void)state;
	assert_int_equal(actors_parse(&a, "old.yml", text, strlen(text)), 0);
	assert_int_equal(a.n, 2);
	x = actors_find(&a, "929F8575-51B3-4977-8DCB-147B756DE677");
	assert_non_null(x);
	assert_ptr_equal(actors_find_id(&a, "929f8575-51b3-4977-8dcb-147b756de677"), x);
	assert_string_equal(x->pso_id, x->id);
	/* Its ministry comes from its parent, as code.gouv.fr's `m` does. */
	assert_string_equal(x->ministry, "Ministère de la Santé");
	assert_int_equal(x->group, ACTOR_GROUP_NONE);
	assert_int_equal(x->ndomains, 0);
	assert_null(actor_group_name(x->group));
	actors_clear(&a);
}

static void the_new_fields_are_read(void **state)
{
	const char *text =
		"m:\n  name: M\n  group: ministry\n  ministry: M\n  pso_id: ~\n"
		"  domains: [m.gouv.fr]\n"
		"spf:\n  name: Santé publique France\n  acronym: SpF\n"
		"  group: agency\n  parent: m\n  pso_id: null\n"
		"  domains:\n    - santepubliquefrance.fr\n    - invs.sante.fr\n"
		"  aliases: [InVS, INPES]\n  accounts: [github.com/spf, git.spf.fr]\n";
	struct actors a;
	const struct actor *x;

	(void)state;
	assert_int_equal(actors_parse(&a, "a.yml", text, strlen(text)), 0);
	x = actors_find_id(&a, "SPF");
	assert_non_null(x);
	assert_null(x->pso_id);
	assert_int_equal(x->group, ACTOR_GROUP_AGENCY);
	assert_string_equal(actor_group_name(x->group), "agency");
	assert_string_equal(x->ministry, "M");
	assert_int_equal(x->line, 7);
	assert_int_equal(x->ndomains, 2);
	assert_string_equal(x->domains[1], "invs.sante.fr");
	assert_int_equal(x->naliases, 2);
	assert_string_equal(x->aliases[0], "InVS");
	assert_int_equal(x->naccounts, 2);
	assert_string_equal(x->accounts[1], "git.spf.fr");
	assert_null(actors_find(&a, NULL));
	actors_clear(&a);
}

static void claimed_accounts_must_be_in_the_accounts_list(void **state)
{
	const char *acts =
		"m:\n  name: M\n  ministry: M\n"
		"  pso_id: 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\n"
		"hdh:\n  name: HDH\n  parent: m\n  pso_id: null\n"
		"  accounts: [GitLab.com/HealthDataHub, git.hdh.fr]\n";
	const char *accts =
		"gitlab.com:\n  forge: gitlab\n  owners:\n    healthdatahub:\n"
		"      pso_id: 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\n"
		"    other:\n      pso_id: 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\n";
	struct actors a;
	struct accounts c;
	size_t pos = 0;

	(void)state;
	assert_int_equal(actors_parse(&a, "a.yml", acts, strlen(acts)), 0);
	assert_int_equal(accounts_parse(&c, "c.yml", accts, strlen(accts), TODAY), 0);
	assert_int_equal(config_check_actors(&c, &a), ERROR_INVALID);
	assert_non_null(strstr(error_last(), "a.yml:5: hdh: accounts: git.hdh.fr "
	                                     "is not in c.yml"));
	/* Claims match any case; the other account stays the pso_id's. */
	assert_string_equal(actors_for_account(&a, &c.v[0])->id, "hdh");
	assert_string_equal(actors_for_account(&a, &c.v[1])->id, "m");
	assert_null(actors_next_unlisted(&a, &c, &pos));
	accounts_clear(&c);
	actors_clear(&a);
}

/* Parse TEXT and expect ERROR_INVALID with a message holding each part. */
static void expect_error(const char *text, ...)
{
	struct actors a;
	const char *part;
	va_list ap;

	if (actors_parse(&a, "a.yml", text, strlen(text)) != ERROR_INVALID)
		fail_msg("no error for:\n%s", text);
	assert_int_equal(a.n, 0);
	assert_null(a.v);
	va_start(ap, text);
	while ((part = va_arg(ap, const char *)))
		if (!strstr(error_last(), part))
			fail_msg("error '%s' lacks '%s'", error_last(), part);
	va_end(ap);
}

#define OK_M "m:\n  name: M\n  ministry: M\n  pso_id: null\n"

static void loader_errors_name_the_file_the_line_and_the_key(void **state)
{
	(void)state;
	expect_error("a:\n  ministry: M\n  pso_id: null\n", "a.yml:1:", "a:",
	             "'name' is missing", NULL);
	expect_error("a:\n  name: N\n  pso_id: null\n", "a.yml:1:", "'ministry' is "
	             "missing", NULL);
	expect_error("a:\n  name: N\n  ministry: M\n", "a.yml:1:", "'pso_id' is "
	             "missing", "pso_id: null", NULL);
	expect_error(OK_M "a:\n  name: N\n  parent: b\n  pso_id: null\n",
	             "a.yml:5:", "a: parent 'b'", NULL);
	expect_error(OK_M "a:\n  name: N\n  ministry: M\n  colour: red\n  pso_id: null\n",
	             "a.yml:8:", "unknown key 'colour'", "known keys", NULL);
	expect_error(OK_M "a:\n  name: N\n  ministry: M\n  pso_id: 1234\n",
	             "a.yml:8:", "pso_id '1234'", "UUID", NULL);
	expect_error(OK_M "a:\n  name: N\n  ministry: M\n  pso_id: null\n"
	             "  domains: [https://a.fr]\n", "a.yml:9:", "a: domains:",
	             "'https://a.fr'", "host name", NULL);
	expect_error(OK_M "a:\n  name: N\n  ministry: M\n  pso_id: null\n"
	             "  domains: a.fr\n", "a.yml:9:", "'domains' must be a list", NULL);
	expect_error(OK_M "a:\n  name: N\n  ministry: M\n  pso_id: null\n"
	             "  domains: [A.fr]\n", "a.yml:9:", "lower case", NULL);
	expect_error(OK_M "a:\n  name: N\n  ministry: M\n  pso_id: null\n"
	             "  domains: [a.fr, a.fr]\n", "a.yml:9:", "listed twice", NULL);
	expect_error(OK_M "a:\n  name: N\n  ministry: M\n  pso_id: null\n"
	             "  group: chu\n", "a.yml:9:", "unknown group 'chu'", "hospital",
	             NULL);
	expect_error(OK_M "a:\n  name: N\n  ministry: M\n  pso_id: null\n"
	             "  accounts: [github.com/a/b]\n", "a.yml:9:", "a: accounts:",
	             "host/owner", NULL);
	expect_error(OK_M "a:\n  name: [N]\n  ministry: M\n  pso_id: null\n",
	             "a.yml:6:", "'name' must be text", NULL);
	expect_error(OK_M "a:\n  name: N\n  name: O\n  ministry: M\n  pso_id: null\n",
	             "a.yml:7:", "'name' is given twice", NULL);
	expect_error(OK_M "Bad Id:\n  name: N\n  ministry: M\n  pso_id: null\n",
	             "a.yml:5:", "'Bad Id' is not an actor id", NULL);
	expect_error(OK_M "m:\n  name: N\n  ministry: M\n  pso_id: null\n",
	             "a.yml:5:", "m: actor listed twice (also at line 1)", NULL);
	expect_error("a:\n  name: A\n  ministry: M\n"
	             "  pso_id: 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\n"
	             "b:\n  name: B\n  ministry: M\n"
	             "  pso_id: 163A8B8E-8EBC-4FB7-8ED4-44FBB78110DB\n",
	             "a.yml:5:", "b: pso_id", "also a's (line 1)", NULL);
	expect_error("a:\n  name: A\n  parent: b\n  pso_id: null\n"
	             "b:\n  name: B\n  parent: a\n  pso_id: null\n",
	             "a.yml:1:", "a: its parents make a loop", NULL);
	expect_error(OK_M "a:\n  name: A\n  parent: m\n  pso_id: null\n"
	             "  accounts: [github.com/x]\n"
	             "b:\n  name: B\n  parent: m\n  pso_id: null\n"
	             "  accounts: [GitHub.com/X]\n",
	             "a.yml:10:", "b: accounts: GitHub.com/X is also a's (line 5)",
	             NULL);
	expect_error("- a\n- b\n", "a.yml:1:", "map of actor id", NULL);
	expect_error("a: [unclosed\n", "a.yml:", "invalid YAML", NULL);
	expect_error("a:\n  name: \xe9t\xe9\n", "a.yml:", "UTF-8", NULL);
}

static void a_missing_file_is_named(void **state)
{
	struct actors a;

	(void)state;
	assert_int_equal(actors_load(&a, "/nonexistent/actors.yml"), ERROR_NOTFOUND);
	assert_non_null(strstr(error_last(), "/nonexistent/actors.yml"));
	assert_int_equal(a.n, 0);
}

int main(void)
{
	const struct CMUnitTest data[] = {
		cmocka_unit_test(every_pso_id_of_the_accounts_list_is_an_actor),
		cmocka_unit_test(every_account_has_an_actor_and_claims_are_precise),
		cmocka_unit_test(every_actor_has_a_domain_a_group_a_ministry_and_a_known_parent),
		cmocka_unit_test(ids_and_pso_ids_are_unique),
		cmocka_unit_test(the_central_directorates_and_services_are_all_there),
		cmocka_unit_test(the_agencies_and_operators_are_all_there),
		cmocka_unit_test(the_18_ars_are_all_there_each_with_its_own_site),
		cmocka_unit_test(the_social_security_bodies_are_all_there),
		cmocka_unit_test(every_university_hospital_is_there_under_its_ars),
		cmocka_unit_test(the_public_interest_groups_are_there),
		cmocka_unit_test(code_gouv_fr_ids_are_kept_and_the_others_are_null),
		cmocka_unit_test(every_pso_id_comes_from_code_gouv_fr),
		cmocka_unit_test(actors_with_no_account_are_the_ones_to_search),
		cmocka_unit_test(a_host_belongs_to_the_actor_with_the_longest_domain),
	};
	const struct CMUnitTest loader[] = {
		cmocka_unit_test(the_older_format_keyed_by_pso_id_still_loads),
		cmocka_unit_test(the_new_fields_are_read),
		cmocka_unit_test(claimed_accounts_must_be_in_the_accounts_list),
		cmocka_unit_test(loader_errors_name_the_file_the_line_and_the_key),
		cmocka_unit_test(a_missing_file_is_named),
	};
	int failed = cmocka_run_group_tests_name("embedded actors.yml", data,
	                                         load_embedded, clear_embedded);

	return failed + cmocka_run_group_tests_name("actors loader", loader,
	                                            NULL, NULL);
}
