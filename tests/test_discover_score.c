/* test_discover_score.c - tests crawler/discover/discover_score.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/discover/discover_int.h"

static const char actors_yml[] =
	"ministere:\n"
	"  name: Ministère de la Santé\n"
	"  ministry: Santé\n"
	"  pso_id: null\n"
	"  domains: [sante.gouv.fr]\n"
	"ars:\n"
	"  name: Bureau des agences régionales de santé\n"
	"  acronym: ARS\n"
	"  parent: ministere\n"
	"  pso_id: null\n"
	"  domains: [ars.sante.fr]\n"
	"ars-bretagne:\n"
	"  name: Agence régionale de santé Bretagne\n"
	"  acronym: ARS Bretagne\n"
	"  parent: ministere\n"
	"  pso_id: null\n"
	"  domains: [bretagne.ars.sante.fr]\n"
	"  aliases: [ARS BZH]\n"
	"has:\n"
	"  name: Haute Autorité de santé\n"
	"  acronym: HAS\n"
	"  parent: ministere\n"
	"  pso_id: null\n"
	"  domains: [has-sante.fr]\n";

static int setup(void **state)
{
	struct actors *a = calloc(1, sizeof(*a));

	if (!a || actors_parse(a, "test", actors_yml, strlen(actors_yml)) < 0)
		return -1;
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	actors_clear(*state);
	free(*state);
	return 0;
}

/* An organisation's hit, its strings borrowed (never freed here). */
static struct search_hit org(const char *login, const char *name,
                             const char *website, const char *email,
                             const char *location)
{
	struct search_hit h;

	search_hit_init(&h);
	h.login = (char *)login;
	h.name = (char *)name;
	h.website = (char *)website;
	h.email = (char *)email;
	h.location = (char *)location;
	h.kind = ACCOUNT_ORG;
	h.profile = true;
	return h;
}

/* The points of evidence KIND in C, or 0 when absent (fails if twice). */
static int points(const struct discovery_candidate *c, const char *kind)
{
	int found = 0, n = 0;

	for (size_t i = 0; i < c->nevidence; i++)
		if (!strcmp(c->evidence[i].kind, kind)) {
			found = c->evidence[i].points;
			n++;
		}
	assert_true(n <= 1);
	return found;
}

static bool has(const struct discovery_candidate *c, const char *kind)
{
	for (size_t i = 0; i < c->nevidence; i++)
		if (!strcmp(c->evidence[i].kind, kind))
			return true;
	return false;
}

/* The score as the evidence sums it, clamped. */
static void assert_sums(const struct discovery_candidate *c)
{
	int sum = 0;

	for (size_t i = 0; i < c->nevidence; i++)
		if (strcmp(c->evidence[i].kind, "personal"))
			sum += c->evidence[i].points;
	sum = sum < 0 ? 0 : sum > 100 ? 100 : sum;
	if (c->personal)
		sum /= 2;
	assert_int_equal(c->score, sum);
}

static struct discovery_candidate score(void **state, const char *id,
                                        const struct search_hit *h,
                                        const char *named)
{
	const struct actors *a = *state;
	struct discovery_candidate c;

	discover_score(&c, actors_find_id(a, id), a, h, named);
	assert_sums(&c);
	return c;
}

static void an_email_on_the_actors_domain_is_strong_evidence(void **state)
{
	struct search_hit h = org("ars-bzh-officiel", "ARS Bretagne", NULL,
	                          "contact@bretagne.ars.sante.fr", NULL);
	struct discovery_candidate c = score(state, "ars-bretagne", &h, NULL);

	assert_int_equal(points(&c, "email-domain"), 35);
	assert_int_equal(points(&c, "acronym"), 20);
	assert_int_equal(c.score, 55);
	assert_int_equal(c.confidence, DISCOVERY_MEDIUM);
	assert_false(c.personal);
	discovery_candidate_clear(&c);
}

static void a_verified_domain_of_the_actor_gives_high_confidence(void **state)
{
	struct search_hit h = org("ars-bretagne", "ARS Bretagne",
	                          "https://www.bretagne.ars.sante.fr",
	                          "contact@bretagne.ars.sante.fr", "Rennes");
	struct discovery_candidate c;

	h.verified = true;
	c = score(state, "ars-bretagne", &h, NULL);
	assert_int_equal(points(&c, "website-domain"), 35);
	assert_int_equal(points(&c, "email-domain"), 10);   /* the same proof */
	assert_int_equal(points(&c, "verified-domain"), 25);
	assert_int_equal(points(&c, "location"), 5);
	assert_int_equal(c.confidence, DISCOVERY_HIGH);
	discovery_candidate_clear(&c);
}

static void a_verified_badge_on_another_domain_proves_nothing(void **state)
{
	struct search_hit h = org("arsbretagne", "ARS Bretagne",
	                          "https://ars-bretagne.example.com", NULL, NULL);
	struct discovery_candidate c;

	h.verified = true;
	c = score(state, "ars-bretagne", &h, NULL);
	assert_false(has(&c, "verified-domain"));
	assert_int_equal(points(&c, "foreign-domain"), -15);
	assert_int_equal(c.score, 5);
	assert_int_equal(c.confidence, DISCOVERY_LOW);
	discovery_candidate_clear(&c);
}

static void another_actors_domain_counts_against(void **state)
{
	struct search_hit h = org("ars-bretagne", "ARS Bretagne",
	                          "https://www.has-sante.fr/x", NULL, NULL);
	struct discovery_candidate c = score(state, "ars-bretagne", &h, NULL);

	assert_int_equal(points(&c, "other-actor"), -30);
	assert_non_null(strstr(c.evidence[0].detail, "HAS"));
	assert_int_equal(c.score, 0);
	discovery_candidate_clear(&c);
}

static void the_networks_shared_domain_counts_a_little(void **state)
{
	/* Every ARS writes from @ars.sante.fr, which actors.yml gives the
	 * bureau: for ARS Bretagne it is a hint, not another actor's. */
	struct search_hit h = org("ars-bretagne", NULL, NULL,
	                          "ars-bretagne@ars.sante.fr", NULL);
	struct discovery_candidate c = score(state, "ars-bretagne", &h, NULL);

	assert_int_equal(points(&c, "shared-domain"), 10);
	assert_false(has(&c, "other-actor"));
	discovery_candidate_clear(&c);
	/* For the bureau itself it is its own domain. */
	c = score(state, "ars", &h, NULL);
	assert_int_equal(points(&c, "email-domain"), 35);
	discovery_candidate_clear(&c);
}

static void free_mail_and_forge_pages_are_neither_for_nor_against(void **state)
{
	struct search_hit h = org("ars-bretagne", NULL,
	                          "https://ars-bretagne.github.io", "x@gmail.com",
	                          NULL);
	struct discovery_candidate c = score(state, "ars-bretagne", &h, NULL);

	assert_false(has(&c, "foreign-domain"));
	assert_false(has(&c, "other-actor"));
	assert_int_equal(c.score, 20);    /* the acronym, as its login */
	discovery_candidate_clear(&c);
}

static void a_personal_account_is_ranked_down_and_never_above_low(void **state)
{
	struct search_hit h = org("jdupont", "Agence régionale de santé Bretagne",
	                          "https://www.bretagne.ars.sante.fr",
	                          "jean.dupont@bretagne.ars.sante.fr", "France");
	struct discovery_candidate c;

	h.kind = ACCOUNT_USER;
	c = score(state, "ars-bretagne", &h, "the README of x/y names it");
	assert_true(c.personal);
	assert_true(has(&c, "personal"));
	assert_true(points(&c, "personal") < 0);
	assert_int_equal(c.score, 50);    /* 100, halved */
	assert_int_equal(c.confidence, DISCOVERY_LOW);
	discovery_candidate_clear(&c);
}

static void names_count_by_how_close_they_are(void **state)
{
	struct search_hit h = org("agence-regionale-de-sante-bretagne", NULL,
	                          NULL, NULL, NULL);
	struct discovery_candidate c = score(state, "ars-bretagne", &h, NULL);

	assert_int_equal(points(&c, "name"), 35);
	discovery_candidate_clear(&c);
	h = org("x", "Agence régionale santé Bretagne (DSI)", NULL, NULL, NULL);
	c = score(state, "ars-bretagne", &h, NULL);
	assert_int_equal(points(&c, "name-close"), 20);
	discovery_candidate_clear(&c);
	h = org("ars-bzh", NULL, NULL, NULL, NULL);    /* an alias */
	c = score(state, "ars-bretagne", &h, NULL);
	assert_int_equal(points(&c, "acronym"), 20);
	discovery_candidate_clear(&c);
	h = org("outils-ars-bretagne", NULL, NULL, NULL, NULL);
	c = score(state, "ars-bretagne", &h, NULL);
	assert_int_equal(points(&c, "name-part"), 10);
	discovery_candidate_clear(&c);
	h = org("unrelated", "Something else", NULL, NULL, "Berlin");
	c = score(state, "ars-bretagne", &h, NULL);
	assert_int_equal(c.score, 0);
	assert_int_equal(c.nevidence, 0);
	discovery_candidate_clear(&c);
}

static void a_description_or_a_repository_naming_the_actor_counts(void **state)
{
	struct search_hit h = org("dsi-bzh", NULL, NULL, NULL, NULL);
	struct discovery_candidate c;

	h.description = (char *)"Les outils de l'Agence régionale de santé Bretagne";
	c = score(state, "ars-bretagne", &h, "publiccode.yml of dsi-bzh/x names it");
	assert_int_equal(points(&c, "description"), 15);
	assert_int_equal(points(&c, "repository"), 25);
	assert_int_equal(c.score, 40);
	assert_int_equal(c.confidence, DISCOVERY_MEDIUM);
	discovery_candidate_clear(&c);
}

static void prescore_ranks_hits_by_their_names(void **state)
{
	const struct actors *a = *state;
	const struct actor *ars = actors_find_id(a, "ars-bretagne");
	struct search_hit h = org("ars-bretagne", NULL, NULL, NULL, NULL);

	assert_int_equal(discover_prescore(ars, &h), 100);
	h = org("bretagne-outils", NULL, NULL, NULL, NULL);
	assert_int_equal(discover_prescore(ars, &h), 50);    /* 1 of "ARS Bretagne" */
	h = org("zzz", "nothing", NULL, NULL, NULL);
	assert_int_equal(discover_prescore(ars, &h), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_email_on_the_actors_domain_is_strong_evidence),
		cmocka_unit_test(a_verified_domain_of_the_actor_gives_high_confidence),
		cmocka_unit_test(a_verified_badge_on_another_domain_proves_nothing),
		cmocka_unit_test(another_actors_domain_counts_against),
		cmocka_unit_test(the_networks_shared_domain_counts_a_little),
		cmocka_unit_test(free_mail_and_forge_pages_are_neither_for_nor_against),
		cmocka_unit_test(a_personal_account_is_ranked_down_and_never_above_low),
		cmocka_unit_test(names_count_by_how_close_they_are),
		cmocka_unit_test(a_description_or_a_repository_naming_the_actor_counts),
		cmocka_unit_test(prescore_ranks_hits_by_their_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
