/* test_gitea_search.c - tests forges/gitea_search.c on answers shaped as
 * Gitea's API answers (its swagger), and on a recorded real one. */
#include "tests/forge_test.h"

#include "forges/forge_int.h"
#include "forges/search.h"

static const struct account site = {
	"codeberg.org", "https://codeberg.org/api/v1", NULL, ACCOUNT_INSTANCE
};

static const struct forge_search *gt(void)
{
	return forge_forgejo.search;
}

static void a_search_reads_repository_owners_then_people(void **state)
{
	struct search_hits hits = { 0 };
	struct http_req *req, *next, *next2;
	struct fx x;

	(void)state;
	/* One API, one search, for Gitea and Forgejo. */
	assert_ptr_equal(forge_find("gitea")->search, forge_find("forgejo")->search);
	assert_null(forge_find("gogs")->search);
	assert_int_equal(gt()->search_first(&req, &site, "ARS Bretagne", 10), 0);
	assert_string_equal(req->url, "https://codeberg.org/api/v1/repos/search?"
	                    "q=ARS%20Bretagne&includeDesc=true&limit=10");
	fx_set(&x, 200, FX_S("{\"ok\": true, \"data\": ["
	       "{\"full_name\": \"ars-bzh/a\", \"owner\": {\"login\": \"ars-bzh\","
	       " \"full_name\": \"ARS Bretagne\", \"website\": \"\"}},"
	       "{\"full_name\": \"ars-bzh/b\", \"owner\": {\"login\": \"ARS-BZH\"}},"
	       "{\"full_name\": \"x/c\", \"owner\": {\"login\": \"x\"}}]}"),
	       NULL, (char *)NULL);
	assert_int_equal(gt()->search_parse(&hits, &next, &site, req, &x.resp), 0);
	fx_free(&x);
	/* Each owner once; its kind is for the profile to say. */
	assert_int_equal(hits.n, 2);
	assert_string_equal(hits.v[0].login, "ars-bzh");
	assert_string_equal(hits.v[0].name, "ARS Bretagne");
	assert_null(hits.v[0].website);
	assert_int_equal(hits.v[0].kind, ACCOUNT_UNKNOWN);
	assert_false(hits.v[0].profile);
	/* Then the same words among people. */
	assert_non_null(next);
	assert_string_equal(next->url, "https://codeberg.org/api/v1/users/search?"
	                    "q=ARS%20Bretagne&limit=10");
	fx_set(&x, 200, FX_S("{\"ok\": true, \"data\": [{\"id\": 1, \"login\": "
	       "\"jdupont\", \"full_name\": \"Jean Dupont\", \"email\": "
	       "\"j@bretagne.ars.sante.fr\", \"website\": \"https://x.fr\", "
	       "\"location\": \"Rennes\"}]}"), NULL, (char *)NULL);
	assert_int_equal(gt()->search_parse(&hits, &next2, &site, next, &x.resp), 0);
	assert_null(next2);
	assert_int_equal(hits.n, 3);
	assert_int_equal(hits.v[2].kind, ACCOUNT_USER);
	assert_true(hits.v[2].profile);
	assert_string_equal(hits.v[2].email, "j@bretagne.ars.sante.fr");
	search_hits_clear(&hits);
	fx_free(&x);
	http_req_free(next);
	http_req_free(req);
}

static void a_recorded_repository_search_gives_its_owners(void **state)
{
	struct search_hits hits = { 0 };
	struct http_req *req, *next;
	struct fx x;
	size_t len;
	char *body;

	(void)state;
	body = fx_recorded("gitea/swh-lister/https_demo.gitea.com/repos_page1", &len);
	gt()->search_first(&req, &site, "drone", 10);
	fx_set(&x, 200, body, len, NULL, (char *)NULL);
	free(body);
	assert_int_equal(gt()->search_parse(&hits, &next, &site, req, &x.resp), 0);
	assert_int_equal(hits.n, 3);
	assert_string_equal(hits.v[0].login, "JonasFranzDEV");
	assert_string_equal(hits.v[0].email, "info@jonasfranz.software");
	assert_null(hits.v[0].name);    /* "full_name": "" */
	assert_non_null(next);
	search_hits_clear(&hits);
	http_req_free(next);
	fx_free(&x);
	http_req_free(req);
}

static void a_refused_search_is_an_error(void **state)
{
	struct search_hits hits = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	gt()->search_first(&req, &site, "x", 10);
	fx_set(&x, 200, FX_S("{\"ok\": false, \"error\": \"db\"}"), NULL,
	       (char *)NULL);
	assert_int_equal(gt()->search_parse(&hits, &next, &site, req, &x.resp),
	                 ERROR_PARSE);
	fx_free(&x);
	fx_set(&x, 200, FX_S("{\"ok\": true, \"data\": [{\"owner\": {}}]}"), NULL,
	       (char *)NULL);
	assert_int_equal(gt()->search_parse(&hits, &next, &site, req, &x.resp),
	                 ERROR_PARSE);
	assert_non_null(strstr(error_last(), "owner 1"));
	assert_int_equal(hits.n, 0);
	fx_free(&x);
	http_req_free(req);
}

static void an_owner_is_an_organisation_or_else_a_person(void **state)
{
	const struct account acct = { "codeberg.org", "https://codeberg.org/api/v1",
	                              "ars-bzh", ACCOUNT_UNKNOWN };
	struct search_hit hit;
	struct http_req *req, *next, *next2;
	struct fx x;

	(void)state;
	search_hit_init(&hit);
	gt()->profile_first(&req, &acct);
	assert_string_equal(req->url, "https://codeberg.org/api/v1/orgs/ars-bzh");
	fx_set(&x, 404, FX_S("{\"message\": \"Not Found\"}"), NULL, (char *)NULL);
	assert_int_equal(gt()->profile_parse(&hit, &next, &acct, req, &x.resp), 0);
	assert_non_null(next);
	assert_string_equal(next->url, "https://codeberg.org/api/v1/users/ars-bzh");
	fx_free(&x);
	fx_set(&x, 200, FX_S("{\"id\": 3, \"login\": \"ars-bzh\", \"username\": "
	       "\"ars-bzh\", \"website\": \"https://www.bretagne.ars.sante.fr\", "
	       "\"location\": \"Rennes\"}"), NULL, (char *)NULL);
	assert_int_equal(gt()->profile_parse(&hit, &next2, &acct, next, &x.resp), 0);
	assert_null(next2);
	assert_int_equal(hit.kind, ACCOUNT_USER);
	assert_string_equal(hit.website, "https://www.bretagne.ars.sante.fr");
	assert_true(hit.profile);
	fx_free(&x);
	http_req_free(next);
	/* An organisation answers /orgs/. */
	fx_set(&x, 200, FX_S("{\"id\": 3, \"username\": \"ars-bzh\", \"full_name\":"
	       " \"ARS Bretagne\", \"description\": \"d\", \"website\": \"\"}"),
	       NULL, (char *)NULL);
	assert_int_equal(gt()->profile_parse(&hit, &next, &acct, req, &x.resp), 0);
	assert_null(next);
	assert_int_equal(hit.kind, ACCOUNT_ORG);
	assert_string_equal(hit.name, "ARS Bretagne");
	/* An empty website says nothing: the person's stays. */
	assert_string_equal(hit.website, "https://www.bretagne.ars.sante.fr");
	search_hit_clear(&hit);
	fx_free(&x);
	http_req_free(req);
}

static void repositories_and_raw_files_of_an_owner(void **state)
{
	const struct account org = { "codeberg.org", "https://codeberg.org/api/v1",
	                             "ars-bzh", ACCOUNT_ORG };
	const struct account user = { "codeberg.org", "https://codeberg.org/api/v1",
	                              "jdupont", ACCOUNT_USER };
	struct search_repo r = { .full_name = (char *)"ars-bzh/outil" };
	struct http_req *req;

	(void)state;
	gt()->repos_first(&req, &org, 4);
	assert_string_equal(req->url, "https://codeberg.org/api/v1/orgs/ars-bzh/repos?limit=4");
	http_req_free(req);
	gt()->repos_first(&req, &user, 4);
	assert_string_equal(req->url, "https://codeberg.org/api/v1/users/jdupont/repos?limit=4");
	http_req_free(req);
	gt()->file_first(&req, &org, &r, NULL);
	assert_string_equal(req->url, "https://codeberg.org/api/v1/repos/ars-bzh/outil/raw/README.md");
	http_req_free(req);
	gt()->file_first(&req, &org, &r, "docs/publiccode.yml");
	assert_string_equal(req->url, "https://codeberg.org/api/v1/repos/ars-bzh/outil/raw/docs/publiccode.yml");
	http_req_free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_search_reads_repository_owners_then_people),
		cmocka_unit_test(a_recorded_repository_search_gives_its_owners),
		cmocka_unit_test(a_refused_search_is_an_error),
		cmocka_unit_test(an_owner_is_an_organisation_or_else_a_person),
		cmocka_unit_test(repositories_and_raw_files_of_an_owner),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
