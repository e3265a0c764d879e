/* test_rapport.c - tests output/rapport_*.c: the figures of every table of
 * the report, in French and in English, against the hand-built model of
 * tests/rapport/fixture.c; the order of the rows; the escaping of what
 * forges send; the history file. */
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "output/rapport.h"
#include "output/rapport_int.h"
#include "tests/rapport/fixture.h"

#define NNBSP "\xe2\x80\xaf"
#define PCT NNBSP "%"
#define MSP "Ministère de la Santé et de la Prévention"

static char *html(enum rapport_lang lang)
{
	struct rapport *m = fixture_rapport();
	struct buf b = BUF_INIT;

	rapport_html(&b, m, lang);
	rapport_free(m);
	return buf_detach(&b);
}

static char *md(enum rapport_lang lang)
{
	struct rapport *m = fixture_rapport();
	struct buf b = BUF_INIT;

	rapport_md(&b, m, lang);
	rapport_free(m);
	return buf_detach(&b);
}

static void assert_has(const char *doc, const char *needle)
{
	if (!strstr(doc, needle))
		fail_msg("not found: %s", needle);
}

static void assert_before(const char *doc, const char *a, const char *b)
{
	const char *pa = strstr(doc, a), *pb = strstr(doc, b);

	if (!pa || !pb || pa > pb)
		fail_msg("'%s' is not before '%s'", a, b);
}

static void key_figures_are_counted_over_the_checked_repositories(void **s)
{
	char *fr = html(RAPPORT_FR), *en = html(RAPPORT_EN);

	assert_has(fr, "<th scope=\"row\">Dépôts</th><td class=\"n\">8</td>");
	assert_has(fr, "<th scope=\"row\">Dépôts vérifiés</th><td class=\"n\">7"
	           "</td><td class=\"n\">87,5" PCT "</td>");
	assert_has(fr, "<th scope=\"row\">Licence autorisée</th><td class=\"n\">4"
	           "</td><td class=\"n\">57,1" PCT "</td>");
	assert_has(fr, "<th scope=\"row\">README</th><td class=\"n\">5</td>"
	           "<td class=\"n\">71,4" PCT "</td>");
	assert_has(fr, "<th scope=\"row\">publiccode.yml valide</th><td "
	           "class=\"n\">2</td><td class=\"n\">28,6" PCT "</td>");
	assert_has(fr, "<th scope=\"row\">Conformes</th><td class=\"n\">3</td>"
	           "<td class=\"n\">42,9" PCT "</td>");
	assert_has(fr, "<th scope=\"row\">Archivés</th><td class=\"n\">1</td>"
	           "<td class=\"n\">12,5" PCT "</td>");
	assert_has(fr, "<th scope=\"row\">Conservés d&#39;un crawl précédent"
	           "</th><td class=\"n\">1</td><td class=\"n\">12,5" PCT);
	assert_has(en, "<th scope=\"row\">Authorised licence</th><td class=\"n\">"
	           "4</td><td class=\"n\">57.1%</td>");
	assert_has(en, "<th scope=\"row\">Compliant</th><td class=\"n\">3</td>"
	           "<td class=\"n\">42.9%</td>");
	assert_has(en, "<th scope=\"row\">Forks</th><td class=\"n\">1</td>"
	           "<td class=\"n\">12.5%</td>");
	assert_has(fr, "Crawl du 2026-11-28" NNBSP ": 8 dépôts de 3 acteurs sur "
	           "3 forges. 3 dépôts conformes, soit 42,9" PCT);
	assert_has(en, "Crawl of 2026-11-28: 8 repositories of 3 actors on 3 "
	           "forges. 3 compliant repositories, 42.9% of those checked.");
	free(fr);
	free(en);
	(void)s;
}

static void ministries_forges_and_actors_have_their_own_figures(void **s)
{
	char *fr = html(RAPPORT_FR), *en = html(RAPPORT_EN);

	/* Santé: DREES + CNAM, 7 repositories, 6 checked. */
	assert_has(fr, "<th scope=\"row\">Ministère de la Santé et de la "
	           "Prévention</th><td class=\"n\">7</td><td class=\"n\">4 (66,7"
	           PCT ")</td><td class=\"n\">4 (66,7" PCT ")</td><td class=\"n\">"
	           "2 (33,3" PCT ")</td><td class=\"n\">3 (50,0" PCT ")</td><td "
	           "class=\"n\">1 (14,3" PCT ")</td><td class=\"n\">1 (14,3" PCT
	           ")</td>");
	assert_has(en, "<th scope=\"row\">gitlab.com</th><td>gitlab</td><td "
	           "class=\"n\">3</td><td class=\"n\">2 (100.0%)</td><td "
	           "class=\"n\">1 (50.0%)</td>");
	assert_has(fr, "<th scope=\"row\">Administration centrale</th><td>DREES"
	           "</td><td class=\"n\">2</td><td class=\"n\">4</td><td "
	           "class=\"n\">2 (50,0" PCT ")</td><td class=\"n\">3 (75,0" PCT
	           ")</td><td class=\"n\">1 (25,0" PCT ")</td><td class=\"n\">2 "
	           "(50,0" PCT ")</td><td class=\"n\">1 (25,0" PCT ")</td><td "
	           "class=\"n\">1 (25,0" PCT ")</td>");
	/* The forge with most repositories first. */
	assert_before(fr, ">github.com</th>", ">gitlab.com</th>");
	assert_before(fr, ">gitlab.com</th>", ">git.example.fr</th>");
	/* Actors by group, then label. */
	assert_before(fr, "<td>DREES</td>", "<td>CNAM</td>");
	free(fr);
	free(en);
	(void)s;
}

static void history_and_licence_families_are_tabulated(void **s)
{
	char *fr = html(RAPPORT_FR), *en = html(RAPPORT_EN);

	/* 2026-05-28: DREES 3 + CNAM 2 repositories. */
	assert_has(fr, "<th scope=\"row\">2026-05-28</th><td class=\"n\">5</td>"
	           "<td class=\"n\">2 (40,0" PCT ")</td><td class=\"n\">3 (60,0"
	           PCT ")</td><td class=\"n\">0 (0,0" PCT ")</td><td class=\"n\">"
	           "1 (20,0" PCT ")</td>");
	assert_has(en, "<th scope=\"row\">2026-11-28</th><td class=\"n\">8</td>"
	           "<td class=\"n\">4 (57.1%)</td>");
	assert_has(fr, "<th scope=\"row\">Autorisée, permissive</th><td "
	           "class=\"n\">2 (25,0" PCT ")</td><td>MIT (2)</td>");
	assert_has(en, "<th scope=\"row\">Authorised, reciprocal</th><td "
	           "class=\"n\">2 (25.0%)</td><td>CECILL-2.1 (1), EUPL-1.2 (1)"
	           "</td>");
	assert_has(en, "<th scope=\"row\">Not on the list</th><td class=\"n\">1 "
	           "(12.5%)</td><td>GPL-2.0-only (1)</td>");
	assert_has(fr, "<th scope=\"row\">Sans licence</th><td class=\"n\">1 "
	           "(12,5" PCT ")</td>");
	assert_has(fr, "<th scope=\"row\">Non vérifié</th><td class=\"n\">1 "
	           "(12,5" PCT ")</td>");
	free(fr);
	free(en);
	(void)s;
}

static void coverage_lists_actors_accounts_and_kept_repositories(void **s)
{
	char *fr = html(RAPPORT_FR), *en = html(RAPPORT_EN);

	assert_has(fr, "<th scope=\"row\">Autorités</th><td>Haute Autorité de "
	           "santé (HAS)</td>");
	assert_has(fr, "<td>Agence régionale de santé Occitanie</td>");
	assert_has(fr, "<th scope=\"row\">Agences et opérateurs</th><td>France "
	           "compétences</td>");
	assert_null(strstr(fr, "(France compétences)"));
	assert_has(fr, "<th scope=\"row\">github.com/drees-labs</th><td>DREES"
	           "</td><td>vide</td>");
	assert_has(en, "<th scope=\"row\">gitlab.com/cnam</th><td>CNAM</td>"
	           "<td>unreachable</td><td>HTTP 503 after 3 attempts</td>");
	/* The whole-forge account is fine: not listed as a problem. */
	assert_null(strstr(fr, "git.example.fr (toute la forge)"));
	assert_has(fr, "https://gitlab.com/cnam/ancien\">gitlab.com/cnam/ancien"
	           "</a></th><td>CNAM</td><td>2026-10-01</td>");
	assert_has(en, "gitlab.com/cnam/injoignable</a></th><td>CNAM</td><td>"
	           "cannot fetch: HTTP 503</td>");
	free(fr);
	free(en);
	(void)s;
}

static void each_actor_with_no_account_says_if_it_was_searched_for(void **s)
{
	char *fr = html(RAPPORT_FR), *en = html(RAPPORT_EN);
	char *mfr = md(RAPPORT_FR), *men = md(RAPPORT_EN);

	assert_has(fr, "<th scope=\"col\">Recherche de comptes</th>");
	assert_has(en, "<th scope=\"col\">Search for accounts</th>");
	assert_has(fr, "<td>Haute Autorité de santé (HAS)</td><td>" MSP "</td>"
	           "<td>2 candidats à examiner (inventaire discover)</td>");
	assert_has(en, "<td>Haute Autorité de santé (HAS)</td><td>" MSP "</td>"
	           "<td>2 candidates to review (inventaire discover)</td>");
	assert_has(fr, "<td>Agence régionale de santé Occitanie</td><td>" MSP
	           "</td><td>recherché le 2026-11-21" NNBSP ": aucun compte "
	           "trouvé</td>");
	assert_has(en, "<td>Agence régionale de santé Occitanie</td><td>" MSP
	           "</td><td>searched on 2026-11-21: no account found</td>");
	assert_has(fr, "<td>France compétences</td><td>Ministère des "
	           "Solidarités</td><td>pas encore recherché</td>");
	assert_has(en, "<td>France compétences</td><td>Ministère des "
	           "Solidarités</td><td>not searched yet</td>");
	assert_has(mfr, "| Agences régionales de santé | Agence régionale de "
	           "santé Occitanie | " MSP " | recherché le 2026-11-21" NNBSP
	           ": aucun compte trouvé |\n");
	assert_has(men, "| Agencies and operators | France compétences | "
	           "Ministère des Solidarités | not searched yet |\n");
	free(fr);
	free(en);
	free(mfr);
	free(men);
	(void)s;
}

static void summary_counts_the_actors_by_search_for_accounts(void **s)
{
	char *fr = html(RAPPORT_FR), *en = html(RAPPORT_EN), *mfr = md(RAPPORT_FR);

	assert_has(fr, "<caption>Acteurs par recherche de comptes</caption>");
	assert_has(fr, "<th scope=\"row\">Comptes listés</th><td class=\"n\">"
	           "2</td><td class=\"n\">40,0" PCT "</td>");
	assert_has(fr, "<th scope=\"row\">Recherchés, candidats à examiner</th>"
	           "<td class=\"n\">1</td><td class=\"n\">20,0" PCT "</td>");
	assert_has(fr, "<th scope=\"row\">Recherchés, aucun compte trouvé</th>"
	           "<td class=\"n\">1</td>");
	assert_has(fr, "<th scope=\"row\">Pas encore recherchés</th><td "
	           "class=\"n\">1</td>");
	assert_has(en, "<caption>Actors by search for accounts</caption>");
	assert_has(en, "<th scope=\"row\">Accounts listed</th><td class=\"n\">"
	           "2</td><td class=\"n\">40.0%</td>");
	assert_has(en, "<th scope=\"row\">Searched, candidates to review</th>"
	           "<td class=\"n\">1</td>");
	assert_has(en, "<th scope=\"row\">Searched, none found</th><td "
	           "class=\"n\">1</td>");
	assert_has(en, "<th scope=\"row\">Not searched yet</th><td class=\"n\">"
	           "1</td><td class=\"n\">20.0%</td>");
	assert_has(mfr, "| Pas encore recherchés | 1 | 20,0" PCT " |\n");
	/* In the summary, before the figures by ministry. */
	assert_before(fr, "Indicateurs de l&#39;ensemble des dépôts",
	              "Acteurs par recherche de comptes");
	assert_before(fr, "Acteurs par recherche de comptes", "Par ministère");
	free(fr);
	free(en);
	free(mfr);
	(void)s;
}

static void one_candidate_is_one_and_no_actors_list_means_no_count(void **s)
{
	struct rapport *m = rapport_new("2026-11-28T02:00:00Z", "1");
	struct rapport_actor *a;
	struct buf b = BUF_INIT;

	/* Only actors the actors list knows have a status: without one, no
	 * count of searches is shown. */
	rapport_actor(m, &(struct rapport_who){ "x", NULL, "X", NULL, NULL,
	                                        NULL })->naccounts = 1;
	rapport_finish(m);
	rapport_html(&b, m, RAPPORT_EN);
	assert_null(strstr(b.data, "Actors by search for accounts"));
	buf_free(&b);
	rapport_free(m);

	m = rapport_new("2026-11-28T02:00:00Z", "1");
	a = rapport_add_no_account(m, &(struct rapport_who){ "y", NULL, "Y", NULL,
	                                                     "ars", NULL });
	assert_int_equal(a->search, RAPPORT_SEARCH_NOT_SEARCHED);
	rapport_actor_set_search(a, RAPPORT_SEARCH_CANDIDATES,
	                         "2026-11-20T10:00:00Z", 1);
	rapport_finish(m);
	assert_int_equal(m->searches[RAPPORT_SEARCH_CANDIDATES], 1);
	rapport_html(&b, m, RAPPORT_FR);
	assert_has(b.data, "<td>1 candidat à examiner (inventaire discover)</td>");
	assert_has(b.data, "<th scope=\"row\">Recherchés, candidats à examiner"
	           "</th><td class=\"n\">1</td><td class=\"n\">100,0" PCT);
	buf_free(&b);
	rapport_html(&b, m, RAPPORT_EN);
	assert_has(b.data, "<td>1 candidate to review (inventaire discover)</td>");
	buf_free(&b);
	rapport_free(m);
	(void)s;
}

static void repositories_come_worst_first_with_their_fixes(void **s)
{
	char *fr = html(RAPPORT_FR), *en = html(RAPPORT_EN);

	assert_before(fr, ">github.com/drees/gpl2<", ">github.com/drees/sans-licence<");
	assert_before(fr, ">github.com/drees/sans-licence<",
	              ">github.com/drees/conforme-1<");
	/* Errors before warnings, each with its one-line fix. */
	assert_before(fr, "Corrigez publiccode.yml", "Choisissez une licence");
	assert_has(fr, "<span class=\"lvl lvl-2\">erreur</span>Corrigez "
	           "publiccode.yml" NNBSP ": « inventaire validate » donne chaque "
	           "erreur. (publiccode.yml:3)");
	assert_has(en, "<span class=\"lvl lvl-1\">warning</span>Pick a licence "
	           "from the D. 323-2-1 list, unless an upstream project sets "
	           "its own. (COPYING)");
	assert_has(fr, "<td>\xe2\x9c\x97 GPL-2.0-only</td><td>\xe2\x9c\x97 non"
	           "</td><td>\xe2\x9c\x97 invalide</td><td>archivé</td>");
	assert_has(en, "<td>\xe2\x9c\x93 EUPL-1.2</td><td>\xe2\x9c\x93 yes</td>"
	           "<td>\xe2\x80\x93 absent</td><td>fork</td>");
	assert_has(fr, "<td>conservé (vu le 2026-10-01)</td>");
	assert_has(fr, "DREES (Direction de la recherche, des études, de "
	           "l&#39;évaluation et des statistiques) \xe2\x80\x94 dépôts"
	           NNBSP ": 4, conformes" NNBSP ": 2");
	free(fr);
	free(en);
	(void)s;
}

static void what_forges_send_is_escaped_and_never_a_script(void **s)
{
	char *fr = html(RAPPORT_FR), *m = md(RAPPORT_FR);

	assert_has(fr, "git.example.fr/ansm/a&lt;b&gt;&amp;c|d");
	assert_null(strstr(fr, "javascript:"));
	assert_null(strstr(fr, "<b>itself"));
	assert_has(fr, "A fix from the check &lt;b&gt;itself&lt;/b&gt;.");
	assert_null(strstr(fr, "<script"));
	assert_null(strstr(fr, "<link"));
	assert_null(strstr(fr, "<img"));
	assert_null(strstr(fr, " src="));
	assert_has(m, "git.example.fr/ansm/a\\<b\\>&c\\|d");
	assert_null(strstr(m, "javascript:"));
	free(fr);
	free(m);
	(void)s;
}

static void markdown_says_the_same_in_both_languages(void **s)
{
	char *fr = md(RAPPORT_FR), *en = md(RAPPORT_EN);

	assert_has(fr, "| Licence autorisée | 4 | 57,1" PCT " |\n");
	assert_has(en, "| Authorised licence | 4 | 57.1% |\n");
	assert_has(fr, "| Administration centrale | DREES | 2 | 4 | 2 (50,0" PCT
	           ") | 3 (75,0" PCT ") |");
	assert_has(en, "| gitlab.com/cnam | CNAM | unreachable | HTTP 503 after 3 "
	           "attempts |\n");
	assert_has(fr, "| Autorisée, permissive | 2 (25,0" PCT ") | MIT (2) |\n");
	assert_has(en, "| 2026-08-28 | 7 | 4 (57.1%) | 4 (57.1%) | 2 (28.6%) | "
	           "2 (28.6%) |\n");
	assert_has(fr, "[github.com/drees/gpl2](https://github.com/drees/gpl2)");
	assert_has(fr, "**erreur** Ajoutez un README.md");
	assert_has(en, "*Compliance by actor* (Chart in rapport.html)");
	assert_has(fr, "(https://www.legifrance.gouv.fr/codes/article_lc/"
	           "LEGIARTI000034504991)");
	free(fr);
	free(en);
	(void)s;
}

static void criteria_cite_the_decree_and_the_standard(void **s)
{
	char *fr = html(RAPPORT_FR), *en = html(RAPPORT_EN);

	assert_has(fr, "<html lang=\"fr\">");
	assert_has(en, "<html lang=\"en\">");
	assert_has(fr, "href=\"https://www.legifrance.gouv.fr/codes/article_lc/"
	           "LEGIARTI000034504991\">Code des relations entre le public et "
	           "l&#39;administration, article D. 323-2-1 (Légifrance)</a>");
	assert_has(fr, "https://yml.publiccode.tools/");
	assert_has(en, "A repository is &quot;compliant&quot; (conforme)");
	assert_has(fr, "@page{size:A4");
	free(fr);
	free(en);
	(void)s;
}

static void many_actors_are_drawn_in_several_charts(void **s)
{
	struct rapport *m = fixture_rapport_many(30);
	struct buf b = BUF_INIT;

	rapport_html(&b, m, RAPPORT_FR);
	/* 33 actors with repositories, 12 a chart. */
	assert_has(b.data, "id=\"chart-actors-3\"");
	assert_null(strstr(b.data, "id=\"chart-actors-4\""));
	assert_has(b.data, "Conformité par acteur (3 sur 3)");
	buf_free(&b);
	rapport_free(m);
	(void)s;
}

static void an_empty_inventory_still_makes_a_report(void **s)
{
	struct rapport *m = rapport_new("2026-11-28T02:00:00Z", "1");
	struct buf b = BUF_INIT;

	rapport_finish(m);
	rapport_html(&b, m, RAPPORT_EN);
	assert_has(b.data, "Crawl of 2026-11-28: no repository found.");
	assert_has(b.data, "<th scope=\"row\">Checked repositories</th><td "
	           "class=\"n\">0</td><td class=\"n\">n/a</td>");
	assert_has(b.data, "</html>\n");
	buf_free(&b);
	rapport_free(m);
	(void)s;
}

/* The conversions of a format, in order: "ss" for "%s ... %s". */
static void conversions(char *out, size_t n, const char *fmt)
{
	size_t k = 0;

	for (const char *p = fmt; *p && k + 1 < n; p++)
		if (*p == '%' && p[1]) {
			out[k++] = p[1];
			p++;
		}
	out[k] = 0;
}

static void both_languages_have_every_string_with_the_same_formats(void **s)
{
	for (int m = 0; m < M__COUNT; m++) {
		const char *fr = rapport_tr(RAPPORT_FR, m);
		const char *en = rapport_tr(RAPPORT_EN, m);
		char cf[16], ce[16];

		if (!strcmp(fr, "?") || !strcmp(en, "?") || !*fr || !*en)
			fail_msg("message %d is missing in a language", m);
		conversions(cf, sizeof(cf), fr);
		conversions(ce, sizeof(ce), en);
		if (strcmp(cf, ce) || strspn(cf, "s") != strlen(cf))
			fail_msg("message %d: formats differ (%s / %s)", m, cf, ce);
	}
	assert_non_null(rapport_fix(RAPPORT_FR, "readme.missing"));
	assert_null(rapport_fix(RAPPORT_EN, "x.unknown"));
	(void)s;
}

static void numbers_are_written_the_french_or_the_english_way(void **s)
{
	char *a = rapport_count(RAPPORT_FR, 1234567), *b = rapport_count(RAPPORT_EN,
	                                                                1234567);
	char *c = rapport_pct(RAPPORT_FR, -1), *d = rapport_share(RAPPORT_EN, 1, 3);

	assert_string_equal(a, "1" NNBSP "234" NNBSP "567");
	assert_string_equal(b, "1,234,567");
	assert_string_equal(c, "n/d");
	assert_string_equal(d, "1 (33.3%)");
	free(a);
	free(b);
	free(c);
	free(d);
	(void)s;
}

static char *tmpdir(void)
{
	char tmpl[] = "/tmp/test_rapport-XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	return xstrdup(d);
}

static void history_is_read_back_and_a_crawl_counts_once(void **s)
{
	struct rapport *m = fixture_rapport(), *back = rapport_new(NULL, NULL);
	char *dir = tmpdir(), *path = xasprintf("%s/history.jsonl", dir), *text;
	size_t len, lines = 0;

	assert_int_equal(rapport_history_append(dir, m), 0);
	assert_int_equal(rapport_history_append(dir, m), 0);
	assert_int_equal(file_read(&text, &len, path, 0), 0);
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	assert_int_equal(lines, 3);   /* three actors, once */
	assert_has(text, "\"actor\":\"DREES\",\"repositories\":4,\"checked\":4,"
	           "\"license_authorized\":2,\"readme\":3,\"publiccode_valid\":1,"
	           "\"conforme\":2,\"archived\":1,\"forked\":1,\"stale\":0,"
	           "\"rates\":{\"license_authorized\":50.0,\"readme\":75.0,");
	assert_int_equal(rapport_history_load(back, dir), 0);
	assert_int_equal(back->nhistory, 3);
	for (size_t i = 0; i < back->nhistory; i++)
		if (!strcmp(back->history[i].actor, "CNAM")) {
			assert_int_equal(back->history[i].counts.repos, 3);
			assert_int_equal(back->history[i].counts.checked, 2);
			assert_int_equal(back->history[i].counts.stale, 1);
			assert_string_equal(back->history[i].date,
			                    "2026-11-28T02:00:00Z");
		}
	free(text);
	rapport_free(back);
	rapport_free(m);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	(void)s;
}

static void a_history_that_cannot_be_read_is_left_as_it_is(void **s)
{
	struct rapport *m = fixture_rapport();
	char *dir = tmpdir(), *path = xasprintf("%s/history.jsonl", dir);
	const char bad[] = "{\"date\":\"2026-01-01T00:00:00Z\",\"repositories\":1}\n"
	                   "not json\n";
	char *text;
	size_t len;

	assert_int_equal(atomic_file_write(path, bad, strlen(bad)), 0);
	assert_int_equal(rapport_history_append(dir, m), ERROR_PARSE);
	assert_has(error_last(), "history.jsonl:2: not a JSON object");
	assert_int_equal(file_read(&text, &len, path, 0), 0);
	assert_string_equal(text, bad);
	free(text);
	rapport_free(m);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	(void)s;
}

static void series_has_one_point_per_crawl_and_this_one_last(void **s)
{
	struct rapport *m = fixture_rapport();

	assert_int_equal(m->nseries, 3);
	assert_string_equal(m->series[0].date, "2026-05-28T02:00:00Z");
	assert_int_equal(m->series[0].counts.repos, 5);
	assert_int_equal(m->series[1].counts.license_ok, 4);
	assert_string_equal(m->series[2].date, "2026-11-28T02:00:00Z");
	assert_int_equal(m->series[2].counts.conforme, 3);
	assert_int_equal(m->families[RAPPORT_FAM_PERMISSIVE].n, 2);
	assert_int_equal(m->families[RAPPORT_FAM_UNCHECKED].n, 1);
	rapport_free(m);
	(void)s;
}

static void languages_are_fr_and_en(void **s)
{
	enum rapport_lang l;

	assert_int_equal(rapport_lang_parse(&l, "en"), 0);
	assert_int_equal(l, RAPPORT_EN);
	assert_int_equal(rapport_lang_parse(&l, "de"), ERROR_INVALID);
	assert_has(error_last(), "unknown language 'de': use fr or en");
	(void)s;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_figures_are_counted_over_the_checked_repositories),
		cmocka_unit_test(ministries_forges_and_actors_have_their_own_figures),
		cmocka_unit_test(history_and_licence_families_are_tabulated),
		cmocka_unit_test(coverage_lists_actors_accounts_and_kept_repositories),
		cmocka_unit_test(each_actor_with_no_account_says_if_it_was_searched_for),
		cmocka_unit_test(summary_counts_the_actors_by_search_for_accounts),
		cmocka_unit_test(one_candidate_is_one_and_no_actors_list_means_no_count),
		cmocka_unit_test(repositories_come_worst_first_with_their_fixes),
		cmocka_unit_test(what_forges_send_is_escaped_and_never_a_script),
		cmocka_unit_test(markdown_says_the_same_in_both_languages),
		cmocka_unit_test(criteria_cite_the_decree_and_the_standard),
		cmocka_unit_test(many_actors_are_drawn_in_several_charts),
		cmocka_unit_test(an_empty_inventory_still_makes_a_report),
		cmocka_unit_test(both_languages_have_every_string_with_the_same_formats),
		cmocka_unit_test(numbers_are_written_the_french_or_the_english_way),
		cmocka_unit_test(history_is_read_back_and_a_crawl_counts_once),
		cmocka_unit_test(a_history_that_cannot_be_read_is_left_as_it_is),
		cmocka_unit_test(series_has_one_point_per_crawl_and_this_one_last),
		cmocka_unit_test(languages_are_fr_and_en),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
