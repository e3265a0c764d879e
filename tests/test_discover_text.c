/* test_discover_text.c - tests crawler/discover/discover_text.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/discover/discover_int.h"

static const char actors_yml[] =
	"ars-bretagne:\n"
	"  name: Agence régionale de santé Bretagne\n"
	"  acronym: ARS Bretagne\n"
	"  ministry: Santé\n"
	"  pso_id: null\n"
	"  domains: [bretagne.ars.sante.fr]\n"
	"has:\n"
	"  name: Haute Autorité de santé\n"
	"  acronym: HAS\n"
	"  ministry: Santé\n"
	"  pso_id: null\n"
	"  domains: [has-sante.fr]\n"
	"  aliases: [ANAES]\n";

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

static void assert_norm(const char *in, const char *want)
{
	char *n = discover_normalize(in);

	assert_string_equal(n, want);
	free(n);
}

static void names_compare_without_case_accents_or_punctuation(void **state)
{
	char *c;

	(void)state;
	assert_norm("Agence régionale de santé - Bretagne",
	            "agence regionale de sante bretagne");
	assert_norm("  L’Œuvre  ÉCOLE_des--HAUTES études ",
	            "l œuvre ecole des hautes etudes");
	assert_norm("ﬁchier", "fichier");        /* ligature, NFKD */
	assert_norm("", "");
	assert_norm(NULL, "");
	/* Not UTF-8: its ASCII letters and digits still compare. */
	assert_norm("Sant\xe9 Publique", "sant publique");
	c = discover_compact("ARS Bretagne");
	assert_string_equal(c, "arsbretagne");
	free(c);
	c = discover_compact("ars-bretagne");
	assert_string_equal(c, "arsbretagne");
	free(c);
}

static void words_in_counts_only_significant_words(void **state)
{
	(void)state;
	assert_int_equal(discover_words_in("Agence régionale de santé Bretagne",
	                                   "ARS Bretagne"), 25);
	assert_int_equal(discover_words_in("Agence régionale de santé Bretagne",
	                                   "agence-regionale-sante-bretagne"), 100);
	assert_int_equal(discover_words_in("de la", "de la"), 0);
	assert_int_equal(discover_words_in("DREES", "drees data"), 100);
	/* A word inside another is not that word. */
	assert_int_equal(discover_words_in("ARS", "mars"), 0);
	assert_int_equal(discover_words_in("ARS", NULL), 0);
}

static void assert_host(char *(*f)(const char *), const char *in,
                        const char *want)
{
	char *h = f(in);

	if (want) {
		assert_non_null(h);
		assert_string_equal(h, want);
	} else {
		assert_null(h);
	}
	free(h);
}

static void website_and_mail_hosts_are_read_as_people_write_them(void **state)
{
	(void)state;
	assert_host(discover_web_host, "https://www.Bretagne.ars.sante.fr/a?b",
	            "www.bretagne.ars.sante.fr");
	assert_host(discover_web_host, "www.has-sante.fr", "www.has-sante.fr");
	assert_host(discover_web_host, "http://x.fr:8080/", "x.fr");
	assert_host(discover_web_host, "x.fr.", "x.fr");
	assert_host(discover_web_host, "https://user@x.fr", NULL);
	assert_host(discover_web_host, "localhost", NULL);
	assert_host(discover_web_host, "", NULL);
	assert_host(discover_web_host, NULL, NULL);
	assert_host(discover_mail_host, "Contact@Bretagne.ARS.sante.fr",
	            "bretagne.ars.sante.fr");
	assert_host(discover_mail_host, "a@b@c.fr", "c.fr");
	assert_host(discover_mail_host, "nobody", NULL);
	assert_host(discover_mail_host, "@x.fr", NULL);
	assert_host(discover_mail_host, "a@x", NULL);
}

static void a_text_names_an_actor_by_name_acronym_alias_or_domain(void **state)
{
	const struct actors *a = *state;
	const struct actor *ars = actors_find_id(a, "ars-bretagne");
	const struct actor *has = actors_find_id(a, "has");
	char *what;

	assert_true(discover_text_names(&what, "Publié par l'AGENCE RÉGIONALE "
	                                "de santé (Bretagne)...", ars));
	assert_string_equal(what, "\"Agence régionale de santé Bretagne\"");
	free(what);
	assert_true(discover_text_names(&what, "Contact: dsi@bretagne.ars.sante.fr",
	                                ars));
	assert_string_equal(what, "its domain bretagne.ars.sante.fr");
	free(what);
	assert_true(discover_text_names(&what, "Un projet de l'ARS Bretagne", ars));
	assert_string_equal(what, "\"ARS Bretagne\"");
	free(what);
	assert_true(discover_text_names(&what, "An HAS project.", has));
	assert_string_equal(what, "\"HAS\"");
	free(what);
	assert_true(discover_text_names(&what, "Formerly ANAES.", has));
	assert_string_equal(what, "\"ANAES\"");
	free(what);
}

static void a_text_does_not_name_an_actor_by_accident(void **state)
{
	const struct actors *a = *state;
	const struct actor *ars = actors_find_id(a, "ars-bretagne");
	const struct actor *has = actors_find_id(a, "has");
	char *what = (char *)"x";

	/* "has" is an English verb: the acronym counts in capitals only. */
	assert_false(discover_text_names(&what, "This tool has no owner.", has));
	assert_null(what);
	assert_false(discover_text_names(&what, "PHASE 2 of CHASE", has));
	/* A longer host, or the domain inside another name. */
	assert_false(discover_text_names(&what, "see nothas-sante.fr and "
	                                 "has-sante.fr.example.com", has));
	/* The words of the name, not in a row. */
	assert_false(discover_text_names(&what, "Agence de Bretagne, régionale, "
	                                 "santé", ars));
	assert_false(discover_text_names(&what, "", ars));
	assert_false(discover_text_names(&what, NULL, ars));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_compare_without_case_accents_or_punctuation),
		cmocka_unit_test(words_in_counts_only_significant_words),
		cmocka_unit_test(website_and_mail_hosts_are_read_as_people_write_them),
		cmocka_unit_test(a_text_names_an_actor_by_name_acronym_alias_or_domain),
		cmocka_unit_test(a_text_does_not_name_an_actor_by_accident),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
