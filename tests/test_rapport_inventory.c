/* test_rapport_inventory.c - tests output/rapport_inventory.c,
 * output/rapport_coverage.c and output/changes_inventory.c: the report's
 * model and the changes' inventory from records made by hand, an actors
 * list and a crawl.json. */
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/record.h"
#include "output/rapport_inventory.h"

#define DREES "929f8575-51b3-4977-8dcb-147b756de677"
#define CNAM "ff0017f1-00fd-4ac6-a423-f3cb0a99836e"

/* FabNum has no pso_id: it claims its account. HAS has no account. */
static const char actors_yml[] =
	"sante:\n  name: Ministère de la Santé\n  acronym: MSP\n"
	"  group: ministry\n  ministry: Santé\n  pso_id: null\n"
	"drees:\n  name: Direction de la recherche\n  acronym: DREES\n"
	"  group: central\n  parent: sante\n  pso_id: " DREES "\n"
	"fabnum:\n  name: Fabrique numérique\n  acronym: FabNum\n"
	"  group: central\n  parent: sante\n  pso_id: null\n"
	"  accounts: [github.com/socialgouv]\n"
	"has:\n  name: Haute Autorité de santé\n  acronym: HAS\n"
	"  group: agency\n  parent: sante\n  pso_id: null\n";

static const char accounts_yml[] =
	"github.com:\n  forge: github\n  owners:\n"
	"    socialgouv: {}\n"
	"    drees:\n      pso_id: " DREES "\n"
	"    drees-labs:\n      pso_id: " DREES "\n"
	"    cnam:\n      pso_id: " CNAM "\n";

static const char crawl_json[] =
	"{\"started_at\": \"2026-11-28T02:00:00Z\", \"config\": \"a.yml\","
	" \"accounts\": ["
	"  {\"host\": \"github.com\", \"owner\": \"socialgouv\", \"forge\": "
	"   \"github\", \"actor\": \"FabNum\", \"listed\": true, \"error\": null,"
	"   \"repositories\": 1},"
	"  {\"host\": \"github.com\", \"owner\": \"drees\", \"forge\": \"github\","
	"   \"actor\": \"DREES\", \"listed\": false, \"error\": \"HTTP 503\","
	"   \"repositories\": 0},"
	"  {\"host\": \"github.com\", \"owner\": \"drees-labs\", \"forge\": "
	"   \"github\", \"actor\": \"DREES\", \"listed\": true, \"error\": null,"
	"   \"repositories\": 0}]}";

static struct record_repo *repo(struct inventory *inv, const char *owner,
                                const char *name, const char *pso_id)
{
	struct record_repo r;

	record_repo_init(&r);
	r.repo.host = xstrdup("github.com");
	r.repo.owner = xstrdup(owner);
	r.repo.full_name = xasprintf("%s/%s", owner, name);
	r.repo.html_url = xasprintf("https://github.com/%s/%s", owner, name);
	r.repo.clone_url = xasprintf("https://github.com/%s/%s.git", owner,
	                             name);
	r.account = record_account_new();
	r.account->host = xstrdup("github.com");
	r.account->forge = xstrdup("github");
	r.account->owner = xstrdup(owner);
	r.account->pso_id = pso_id ? xstrdup(pso_id) : NULL;
	return inventory_add_repo(inv, &r);
}

static struct report *check(struct record_repo *r, const char *spdx,
                            enum tristate ok, const char *readme)
{
	report_new(&r->check);
	r->check->license.present = true;
	r->check->license.spdx = spdx ? xstrdup(spdx) : NULL;
	r->check->license.authorized = ok;
	r->check->license.category = ok == TRI_TRUE ? xstrdup("permissive")
	                                            : NULL;
	r->check->readme.present = true;
	r->check->readme.path = readme ? xstrdup(readme) : NULL;
	return r->check;
}

struct world {
	struct inventory inv;
	struct accounts accounts;
	struct actors actors;
	json_t *crawl;
	struct rapport_coverage cov;
};

static void world_init(struct world *w)
{
	json_error_t je;
	struct record_repo *r;
	struct report *c;

	inventory_init(&w->inv);
	assert_int_equal(actors_parse(&w->actors, "actors.yml", actors_yml,
	                              strlen(actors_yml)), 0);
	assert_int_equal(accounts_parse(&w->accounts, "a.yml", accounts_yml,
	                                strlen(accounts_yml), "2026-11-28"), 0);
	w->crawl = json_loads(crawl_json, 0, &je);
	assert_non_null(w->crawl);
	assert_int_equal(rapport_coverage_read(&w->cov, w->crawl, "crawl.json"),
	                 0);
	/* FabNum's, by its claim; conforme. */
	c = check(repo(&w->inv, "socialgouv", "outil", NULL), "MIT", TRI_TRUE,
	          "README.md");
	report_add(c, "community.security-missing", LEVEL_INFO, NULL, 0, 0,
	           "Add a SECURITY.md.", "no SECURITY.md");
	/* Silenced by the repository's .inventaire.yml: no row of work. */
	report_add(c, "community.changelog-missing", LEVEL_INFO, NULL, 0, 0,
	           "Add a CHANGELOG.md.", "no CHANGELOG");
	c->findings[c->nfindings - 1].setting = xcalloc(1, sizeof(struct finding_setting));
	c->findings[c->nfindings - 1].setting->off = true;
	c->findings[c->nfindings - 1].setting->reason = xstrdup("no release yet");
	/* DREES's, by its pso_id; kept from the last crawl. The validator
	 * gave no verdict but an error about the file: invalid, as the feed
	 * says. */
	r = repo(&w->inv, "drees", "stats", DREES);
	c = check(r, "GPL-2.0-only", TRI_FALSE, NULL);
	c->publiccode.present = true;
	c->publiccode.path = xstrdup("publiccode.yml");
	report_add(c, "publiccode.invalid", LEVEL_ERROR, "publiccode.yml", 3, 0,
	           NULL, "bad");
	r->repo.archived = true;
	r->stale = true;
	r->last_seen = xstrdup("2026-10-01T02:00:00Z");
	/* CNAM's: not in the actors list, named by what the crawl recorded;
	 * never checked. */
	r = repo(&w->inv, "cnam", "outil", CNAM);
	r->actor = record_actor_new();
	r->actor->pso_id = xstrdup(CNAM);
	r->actor->name = xstrdup("Caisse nationale de l'assurance maladie");
	r->actor->acronym = xstrdup("CNAM");
	r->actor->ministry = xstrdup("Santé");
	r->probe_error = xstrdup("HTTP 404");
	/* Nobody's. */
	check(repo(&w->inv, "someone", "x", NULL), NULL, TRI_UNKNOWN,
	      "README.md");
}

static void world_clear(struct world *w)
{
	rapport_coverage_clear(&w->cov);
	json_decref(w->crawl);
	inventory_clear(&w->inv);
	accounts_clear(&w->accounts);
	actors_clear(&w->actors);
}

static struct rapport *model_with(struct world *w, bool with_actors,
                                   const struct discovery *d)
{
	const struct rapport_input in = {
		.inv = &w->inv, .cov = &w->cov, .accounts = &w->accounts,
		.actors = with_actors ? &w->actors : NULL, .discovery = d,
	};
	struct rapport *r = rapport_from_inventory(&in, "test");

	rapport_finish(r);
	return r;
}

static struct rapport *model(struct world *w, bool with_actors)
{
	return model_with(w, with_actors, NULL);
}

static const struct rapport_actor *actor(const struct rapport *r,
                                         const char *id)
{
	for (size_t i = 0; i < r->nactors; i++)
		if ((!id && !r->actors[i].id) ||
		    (id && r->actors[i].id && !strcmp(r->actors[i].id, id)))
			return &r->actors[i];
	fail_msg("no actor %s", id ? id : "(unknown)");
	return NULL;
}

static void each_repository_goes_to_the_actor_of_its_account(void **s)
{
	struct world w;
	struct rapport *r;
	const struct rapport_actor *a;

	world_init(&w);
	r = model(&w, true);
	/* By group, then label; the unknown actor last. */
	assert_int_equal(r->nactors, 4);
	assert_string_equal(r->actors[0].id, "drees");
	assert_string_equal(r->actors[1].id, "fabnum");
	assert_string_equal(r->actors[2].id, CNAM);
	assert_null(r->actors[3].id);
	a = actor(r, "fabnum");
	assert_null(a->pso_id);
	assert_string_equal(a->group, "central");
	assert_string_equal(a->ministry, "Santé");
	assert_int_equal(a->naccounts, 1);
	assert_int_equal(a->counts.conforme, 1);
	/* The security finding only: the silenced changelog is not work. */
	assert_int_equal(a->repos[0].nfindings, 1);
	assert_string_equal(a->repos[0].findings[0].rule,
	                    "community.security-missing");
	a = actor(r, "drees");
	assert_string_equal(a->pso_id, DREES);
	assert_int_equal(a->naccounts, 2);
	assert_int_equal(a->counts.stale, 1);
	assert_int_equal(a->counts.archived, 1);
	assert_true(a->repos[0].stale);
	assert_string_equal(a->repos[0].last_seen, "2026-10-01T02:00:00Z");
	assert_int_equal(a->repos[0].publiccode, RAPPORT_PC_INVALID);
	assert_int_equal(a->repos[0].nfindings, 1);
	assert_int_equal(a->repos[0].findings[0].line, 3);
	a = actor(r, CNAM);
	assert_string_equal(rapport_actor_label(a), "CNAM");
	assert_null(a->group);
	assert_int_equal(a->naccounts, 1);   /* by its pso_id alone */
	assert_false(a->repos[0].checked);
	assert_string_equal(a->repos[0].probe_error, "HTTP 404");
	assert_int_equal(actor(r, NULL)->nrepos, 1);
	assert_int_equal(r->total.repos, 4);
	assert_int_equal(r->total.checked, 3);
	assert_int_equal(r->total.readme, 2);
	rapport_free(r);
	world_clear(&w);
	(void)s;
}

static void the_actors_with_no_account_are_the_actors_lists(void **s)
{
	struct world w;
	struct rapport *r;

	world_init(&w);
	r = model(&w, true);
	assert_int_equal(r->nno_account, 2);
	assert_string_equal(r->no_account[0].id, "sante");
	assert_string_equal(r->no_account[0].group, "ministry");
	assert_string_equal(r->no_account[1].id, "has");
	rapport_free(r);
	/* Without an actors list, no one is known to be missing, and actors
	 * are what the crawl recorded, else their pso_id. */
	r = model(&w, false);
	assert_int_equal(r->nno_account, 0);
	assert_string_equal(actor(r, DREES)->name, DREES);
	assert_string_equal(rapport_actor_label(actor(r, CNAM)), "CNAM");
	assert_int_equal(actor(r, NULL)->nrepos, 2);   /* FabNum's too */
	rapport_free(r);
	world_clear(&w);
	(void)s;
}

/* discover.json's actor ID: one search of github.com, COMPLETE or not,
 * on DATE, with N candidates. */
static void searched(struct buf *b, const char *id, const char *date,
                     bool complete, int n)
{
	buf_addf(b, "%s{\"id\": \"%s\", \"searches\": [{\"host\": "
	         "\"github.com\", \"searched_at\": \"%s\", \"complete\": %s, "
	         "\"not_searched\": %s, \"queries\": 2}], \"candidates\": [",
	         b->data[b->len - 1] == '[' ? "" : ", ", id, date,
	         complete ? "true" : "false",
	         complete ? "null" : "\"rate limited\"");
	for (int i = 0; i < n; i++)
		buf_addf(b, "%s{\"host\": \"github.com\", \"login\": \"c%d\", "
		         "\"personal\": false, \"score\": %d, \"confidence\": "
		         "\"medium\"}", i ? ", " : "", i, 60 - i);
	buf_adds(b, "]}");
}

static void discovery_of(struct discovery *d, struct buf *b)
{
	buf_adds(b, "]}");
	assert_int_equal(discovery_parse(d, "discover.json", b->data, b->len), 0);
	buf_free(b);
}

static const struct rapport_actor *no_account(const struct rapport *r,
                                              const char *id)
{
	for (size_t i = 0; i < r->nno_account; i++)
		if (!strcmp(r->no_account[i].id, id))
			return &r->no_account[i];
	fail_msg("no actor %s without an account", id);
	return NULL;
}

static void each_actor_has_its_search_for_accounts(void **s)
{
	struct world w;
	struct discovery d;
	struct buf b = BUF_INIT;
	struct rapport *r;
	const struct rapport_actor *a;

	world_init(&w);
	/* The ministry: two candidates; HAS: searched, none found; DREES,
	 * listed, searched for more. */
	buf_adds(&b, "{\"actors\": [");
	searched(&b, "sante", "2026-11-20T10:00:00Z", true, 2);
	searched(&b, "has", "2026-11-21T09:30:00Z", true, 0);
	searched(&b, "drees", "2026-11-22T08:00:00Z", true, 1);
	discovery_of(&d, &b);
	r = model_with(&w, true, &d);
	a = no_account(r, "sante");
	assert_int_equal(a->search, RAPPORT_SEARCH_CANDIDATES);
	assert_int_equal(a->ncandidates, 2);
	assert_string_equal(a->searched_at, "2026-11-20T10:00:00Z");
	a = no_account(r, "has");
	assert_int_equal(a->search, RAPPORT_SEARCH_NONE_FOUND);
	assert_int_equal(a->ncandidates, 0);
	assert_string_equal(a->searched_at, "2026-11-21T09:30:00Z");
	a = actor(r, "drees");
	assert_int_equal(a->search, RAPPORT_SEARCH_LISTED);
	assert_int_equal(a->ncandidates, 1);
	assert_string_equal(a->searched_at, "2026-11-22T08:00:00Z");
	assert_int_equal(actor(r, "fabnum")->search, RAPPORT_SEARCH_LISTED);
	assert_null(actor(r, "fabnum")->searched_at);
	/* CNAM is not in the actors list, nor is the unknown actor. */
	assert_int_equal(actor(r, CNAM)->search, RAPPORT_SEARCH_UNKNOWN);
	assert_int_equal(actor(r, NULL)->search, RAPPORT_SEARCH_UNKNOWN);
	assert_int_equal(r->searches[RAPPORT_SEARCH_LISTED], 2);
	assert_int_equal(r->searches[RAPPORT_SEARCH_CANDIDATES], 1);
	assert_int_equal(r->searches[RAPPORT_SEARCH_NONE_FOUND], 1);
	assert_int_equal(r->searches[RAPPORT_SEARCH_NOT_SEARCHED], 0);
	rapport_free(r);
	discovery_clear(&d);

	/* A search the rate limit cut short is not a search yet. */
	buf_adds(&b, "{\"actors\": [");
	searched(&b, "has", "2026-11-21T09:30:00Z", false, 0);
	discovery_of(&d, &b);
	r = model_with(&w, true, &d);
	a = no_account(r, "has");
	assert_int_equal(a->search, RAPPORT_SEARCH_NOT_SEARCHED);
	assert_string_equal(a->searched_at, "2026-11-21T09:30:00Z");
	assert_int_equal(no_account(r, "sante")->search,
	                 RAPPORT_SEARCH_NOT_SEARCHED);
	assert_int_equal(r->searches[RAPPORT_SEARCH_NOT_SEARCHED], 2);
	rapport_free(r);
	discovery_clear(&d);

	/* No discover.json: every actor with no account is not searched. */
	r = model(&w, true);
	assert_int_equal(no_account(r, "has")->search,
	                 RAPPORT_SEARCH_NOT_SEARCHED);
	assert_null(no_account(r, "has")->searched_at);
	assert_int_equal(r->searches[RAPPORT_SEARCH_LISTED], 2);
	assert_int_equal(r->searches[RAPPORT_SEARCH_NOT_SEARCHED], 2);
	rapport_free(r);
	/* No actors list: no status at all. */
	r = model(&w, false);
	assert_int_equal(r->searches[RAPPORT_SEARCH_LISTED] +
	                 r->searches[RAPPORT_SEARCH_NOT_SEARCHED], 0);
	rapport_free(r);
	world_clear(&w);
	(void)s;
}

static void accounts_are_unreachable_or_empty_as_crawl_json_says(void **s)
{
	struct world w;
	struct rapport *r;

	world_init(&w);
	r = model(&w, true);
	assert_int_equal(r->naccounts, 3);
	/* Sorted by host, then owner. */
	assert_string_equal(r->accounts[0].owner, "drees");
	assert_int_equal(r->accounts[0].status, RAPPORT_ACCOUNT_UNREACHABLE);
	assert_string_equal(r->accounts[0].error, "HTTP 503");
	assert_string_equal(r->accounts[1].owner, "drees-labs");
	assert_int_equal(r->accounts[1].status, RAPPORT_ACCOUNT_EMPTY);
	assert_int_equal(r->accounts[2].status, RAPPORT_ACCOUNT_OK);
	assert_int_equal(r->nforges, 1);
	assert_string_equal(r->forges[0].kind, "github");
	assert_string_equal(r->date, "2026-11-28T02:00:00Z");
	rapport_free(r);
	world_clear(&w);
	(void)s;
}

static void publiccode_is_judged_as_the_feed_judges_it(void **s)
{
	struct report *c;

	assert_int_equal(rapport_publiccode_of(NULL), RAPPORT_PC_ABSENT);
	report_new(&c);
	assert_int_equal(rapport_publiccode_of(c), RAPPORT_PC_ABSENT);
	c->publiccode.path = xstrdup("publiccode.yml");
	assert_int_equal(rapport_publiccode_of(c), RAPPORT_PC_VALID);
	report_add(c, "publiccode.url-mismatch", LEVEL_WARNING, NULL, 0, 0, NULL,
	           "url");
	assert_int_equal(rapport_publiccode_of(c), RAPPORT_PC_VALID);
	c->publiccode.valid = TRI_FALSE;
	assert_int_equal(rapport_publiccode_of(c), RAPPORT_PC_INVALID);
	c->publiccode.valid = TRI_TRUE;
	report_add(c, "publiccode.invalid", LEVEL_ERROR, NULL, 0, 0, NULL, "x");
	assert_int_equal(rapport_publiccode_of(c), RAPPORT_PC_VALID);
	report_free(c);
	(void)s;
}

static void the_changes_compare_what_the_output_folder_says(void **s)
{
	struct world w;
	struct changes_inventory *inv;

	world_init(&w);
	inv = changes_from_inventory(&w.inv, &w.cov);
	assert_string_equal(inv->date, "2026-11-28T02:00:00Z");
	assert_int_equal(inv->nrepos, 4);
	assert_string_equal(inv->repos[0].owner, "socialgouv");
	assert_string_equal(inv->repos[0].clone_url,
	                    "https://github.com/socialgouv/outil.git");
	assert_true(inv->repos[0].checked);
	assert_string_equal(inv->repos[0].license, "MIT");
	/* Labels are the crawl's record, not today's actors list. */
	assert_null(inv->repos[0].actor);
	assert_int_equal(inv->repos[1].publiccode, RAPPORT_PC_INVALID);
	assert_true(inv->repos[1].archived);
	assert_false(inv->repos[2].checked);
	assert_string_equal(inv->repos[2].actor, "CNAM");
	assert_int_equal(inv->naccounts, 3);
	assert_false(inv->accounts[1].listed);
	assert_string_equal(inv->accounts[1].error, "HTTP 503");
	assert_string_equal(inv->accounts[1].actor, "DREES");
	changes_inventory_free(inv);
	world_clear(&w);
	(void)s;
}

static void a_damaged_crawl_json_is_named_key_by_key(void **s)
{
	static const struct { const char *text, *message; } cases[] = {
		{ "[]", "crawl.json: the document is not a JSON object" },
		{ "{\"accounts\": []}", "crawl.json: \"started_at\" is missing or "
		  "not a string" },
		{ "{\"started_at\": \"x\", \"accounts\": {}}",
		  "crawl.json: \"accounts\" is missing or not an array" },
		{ "{\"started_at\": \"x\", \"accounts\": [{\"host\": \"h\", "
		  "\"listed\": true}, {\"host\": \"h\", \"owner\": 3}]}",
		  "crawl.json: accounts[1].\"owner\" is not a string or null" },
		{ "{\"started_at\": \"x\", \"accounts\": [{\"host\": \"h\"}]}",
		  "crawl.json: accounts[0].\"listed\" is missing or not true "
		  "or false" },
		{ "{\"started_at\": \"x\", \"accounts\": [{\"host\": \"h\", "
		  "\"listed\": true, \"repositories\": -1}]}",
		  "\"repositories\" is not a count" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		json_t *v = json_loads(cases[i].text, JSON_DECODE_ANY, NULL);
		struct rapport_coverage c;

		assert_int_equal(rapport_coverage_read(&c, v, "crawl.json"),
		                 ERROR_PARSE);
		if (!strstr(error_last(), cases[i].message))
			fail_msg("%s: %s", cases[i].text, error_last());
		assert_non_null(strstr(error_last(), "run the crawl again"));
		assert_null(c.v);
		json_decref(v);
	}
	(void)s;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_repository_goes_to_the_actor_of_its_account),
		cmocka_unit_test(the_actors_with_no_account_are_the_actors_lists),
		cmocka_unit_test(each_actor_has_its_search_for_accounts),
		cmocka_unit_test(accounts_are_unreachable_or_empty_as_crawl_json_says),
		cmocka_unit_test(publiccode_is_judged_as_the_feed_judges_it),
		cmocka_unit_test(the_changes_compare_what_the_output_folder_says),
		cmocka_unit_test(a_damaged_crawl_json_is_named_key_by_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
