/* test_github_search.c - tests forges/github_search.c on answers shaped as
 * docs.github.com/en/rest documents them, and on recorded real ones. */
#include "tests/forge_test.h"

#include "forges/forge_int.h"
#include "forges/search.h"

static const struct account site = {
	"github.com", "https://api.github.com", NULL, ACCOUNT_INSTANCE
};

static const struct forge_search *gh(void)
{
	return forge_github.search;
}

static void the_search_asks_for_logins_and_names_of_every_account_kind(void **state)
{
	struct http_req *r;

	(void)state;
	assert_ptr_equal(forge_find("github")->search, &forge_github_search);
	assert_int_equal(gh()->search_first(&r, &site, "Santé publique \"France\": x",
	                                    10), 0);
	/* No type: qualifier, so people come too; ':' and '"' are not ours
	 * to give the query. */
	assert_string_equal(r->url, "https://api.github.com/search/users?q="
	                    "Sant%C3%A9%20publique%20%20France%20%20%20x%20in%3Alogin%2Cname"
	                    "&per_page=10");
	assert_string_equal(http_resp_header(&(struct http_resp){
		.headers = r->headers, .nheaders = r->nheaders }, "Accept"),
		"application/vnd.github+json");
	http_req_free(r);
}

/* The shape of docs.github.com/en/rest/search/search#search-users. */
static const char search_answer[] =
	"{\"total_count\": 3, \"incomplete_results\": false, \"items\": ["
	"{\"login\": \"ars-bretagne\", \"id\": 1, \"type\": \"Organization\","
	" \"html_url\": \"https://github.com/ars-bretagne\", \"score\": 1},"
	"{\"login\": \"mojombo\", \"id\": 2, \"type\": \"User\","
	" \"html_url\": \"https://github.com/mojombo\", \"score\": 1},"
	"{\"login\": \"bot\", \"id\": 3, \"type\": \"Bot\", \"score\": 1}]}";

static void search_answers_give_each_account_and_its_kind(void **state)
{
	struct search_hits hits = { 0 };
	struct http_req *req = fx_req("GET", "https://api.github.com/search/users?q=x", 100), *next;
	struct fx x;

	(void)state;
	fx_set(&x, 200, FX_S(search_answer), NULL, "x-ratelimit-resource", "search",
	       (char *)NULL);
	assert_int_equal(gh()->search_parse(&hits, &next, &site, req, &x.resp), 0);
	assert_null(next);
	assert_int_equal(hits.n, 3);
	assert_string_equal(hits.v[0].login, "ars-bretagne");
	assert_int_equal(hits.v[0].kind, ACCOUNT_ORG);
	assert_string_equal(hits.v[0].html_url, "https://github.com/ars-bretagne");
	assert_false(hits.v[0].profile);
	assert_int_equal(hits.v[1].kind, ACCOUNT_USER);
	assert_int_equal(hits.v[2].kind, ACCOUNT_UNKNOWN);
	search_hits_clear(&hits);
	fx_free(&x);
	http_req_free(req);
}

static void a_bad_search_answer_is_refused_with_the_url(void **state)
{
	struct search_hits hits = { 0 };
	struct http_req *req = fx_req("GET", "https://api.github.com/search/users?q=x", 100), *next;
	struct fx x;
	static const char *const bad[] = {
		"{\"items\": {}}",
		"{\"items\": [{\"id\": 1}]}",
		"{\"items\": [{\"login\": \"a/b\"}]}",
		"<html>",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		fx_set(&x, 200, bad[i], strlen(bad[i]), NULL, (char *)NULL);
		assert_int_equal(gh()->search_parse(&hits, &next, &site, req, &x.resp),
		                 ERROR_PARSE);
		assert_non_null(strstr(error_last(), "search/users"));
		assert_int_equal(hits.n, 0);
		fx_free(&x);
	}
	fx_set(&x, 422, FX_S("{\"message\": \"Validation Failed\"}"), NULL,
	       (char *)NULL);
	assert_int_equal(gh()->search_parse(&hits, &next, &site, req, &x.resp),
	                 ERROR_STATUS);
	assert_non_null(strstr(error_last(), "Validation Failed"));
	fx_free(&x);
	http_req_free(req);
}

static void a_recorded_organisation_profile_says_website_email_location(void **state)
{
	const struct account acct = { "github.com", "https://api.github.com",
	                              "BeaverSoftware", ACCOUNT_ORG };
	struct search_hit hit;
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	fx_need_shared_data();
	assert_int_equal(gh()->profile_first(&req, &acct), 0);
	assert_string_equal(req->url, "https://api.github.com/orgs/BeaverSoftware");
	fx_replay(&x, "github/pygithub-replaydata/Organization.setUp.txt", 0);
	search_hit_init(&hit);
	assert_int_equal(gh()->profile_parse(&hit, &next, &acct, req, &x.resp), 0);
	assert_null(next);
	assert_string_equal(hit.login, "BeaverSoftware");
	assert_string_equal(hit.website, "http://www.example.com");
	assert_string_equal(hit.email, "foo@example.com");
	assert_string_equal(hit.location, "Paris, France");
	assert_string_equal(hit.description, "BeaverSoftware writes software.");
	assert_false(hit.verified);           /* "is_verified": false */
	assert_int_equal(hit.kind, ACCOUNT_ORG);
	assert_true(hit.profile);
	assert_int_equal(hit.public_repos, 121);
	search_hit_clear(&hit);
	fx_free(&x);
	http_req_free(req);
}

static void a_verified_organisation_is_read_as_verified(void **state)
{
	const struct account acct = { "github.com", "https://api.github.com",
	                              "ars-bretagne", ACCOUNT_ORG };
	struct search_hit hit;
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	gh()->profile_first(&req, &acct);
	fx_set(&x, 200, FX_S("{\"login\": \"ars-bretagne\", \"type\": \"Organization\","
	       " \"blog\": \"https://www.bretagne.ars.sante.fr\", \"is_verified\": true,"
	       " \"email\": null, \"public_repos\": 4}"), NULL, (char *)NULL);
	search_hit_init(&hit);
	assert_int_equal(gh()->profile_parse(&hit, &next, &acct, req, &x.resp), 0);
	assert_true(hit.verified);
	assert_null(hit.email);
	assert_string_equal(hit.website, "https://www.bretagne.ars.sante.fr");
	search_hit_clear(&hit);
	fx_free(&x);
	http_req_free(req);
}

static void an_account_of_unknown_kind_goes_to_orgs_when_it_is_one(void **state)
{
	const struct account acct = { "github.com", "https://api.github.com",
	                              "BeaverSoftware", ACCOUNT_UNKNOWN };
	struct search_hit hit;
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	search_hit_init(&hit);
	gh()->profile_first(&req, &acct);
	assert_string_equal(req->url, "https://api.github.com/users/BeaverSoftware");
	fx_set(&x, 200, FX_S("{\"login\": \"BeaverSoftware\", \"type\": "
	       "\"Organization\", \"blog\": \"x.fr\"}"), NULL, (char *)NULL);
	assert_int_equal(gh()->profile_parse(&hit, &next, &acct, req, &x.resp), 0);
	assert_non_null(next);
	assert_string_equal(next->url, "https://api.github.com/orgs/BeaverSoftware");
	assert_false(hit.profile);            /* not read yet: the org is */
	fx_free(&x);
	/* A person stays a person, with their bio as description. */
	fx_set(&x, 200, FX_S("{\"login\": \"jdupont\", \"type\": \"User\", "
	       "\"bio\": \"dev\", \"verified\": true, \"is_verified\": true}"),
	       NULL, (char *)NULL);
	http_req_free(next);
	assert_int_equal(gh()->profile_parse(&hit, &next, &acct, req, &x.resp), 0);
	assert_null(next);
	assert_int_equal(hit.kind, ACCOUNT_USER);
	assert_string_equal(hit.description, "dev");
	assert_false(hit.verified);           /* only organisations are */
	search_hit_clear(&hit);
	fx_free(&x);
	http_req_free(req);
}

static void repositories_and_raw_files_are_asked_as_documented(void **state)
{
	const struct account acct = { "github.com", "https://api.github.com",
	                              "ars bzh", ACCOUNT_ORG };
	struct search_repos repos = { 0 };
	struct search_repo r = { .full_name = (char *)"ars-bzh/outil é" };
	struct http_req *req;
	struct fx x;
	char *text;
	size_t len;

	(void)state;
	gh()->repos_first(&req, &acct, 4);
	assert_string_equal(req->url, "https://api.github.com/users/ars%20bzh/repos"
	                    "?type=owner&sort=pushed&per_page=4");
	fx_set(&x, 200, FX_S("[{\"full_name\": \"ars-bzh/a\", \"default_branch\": "
	       "\"main\", \"fork\": true}, {\"full_name\": \"ars-bzh/b\", "
	       "\"archived\": true}]"), NULL, (char *)NULL);
	assert_int_equal(gh()->repos_parse(&repos, &acct, req, &x.resp), 0);
	assert_int_equal(repos.n, 2);
	assert_true(repos.v[0].fork);
	assert_string_equal(repos.v[0].default_branch, "main");
	assert_true(repos.v[1].archived);
	search_repos_clear(&repos);
	fx_free(&x);
	http_req_free(req);

	gh()->file_first(&req, &acct, &r, NULL);
	assert_string_equal(req->url, "https://api.github.com/repos/ars-bzh/outil%20%C3%A9/readme");
	assert_string_equal(http_resp_header(&(struct http_resp){
		.headers = req->headers, .nheaders = req->nheaders }, "Accept"),
		"application/vnd.github.raw+json");
	http_req_free(req);
	gh()->file_first(&req, &acct, &r, "publiccode.yml");
	assert_string_equal(req->url, "https://api.github.com/repos/ars-bzh/outil%20%C3%A9"
	                    "/contents/publiccode.yml");
	fx_set(&x, 200, FX_S("# Outil\nde l'ARS"), NULL, (char *)NULL);
	assert_int_equal(search_file_text(&text, &len, &acct, req, &x.resp, 6), 0);
	assert_string_equal(text, "# Outi");    /* the beginning only */
	free(text);
	fx_free(&x);
	fx_set(&x, 404, FX_S("{\"message\": \"Not Found\"}"), NULL, (char *)NULL);
	assert_int_equal(search_file_text(&text, &len, &acct, req, &x.resp, 6), 0);
	assert_null(text);
	fx_free(&x);
	fx_set(&x, 500, FX_S("oops"), NULL, (char *)NULL);
	assert_int_equal(search_file_text(&text, &len, &acct, req, &x.resp, 6),
	                 ERROR_STATUS);
	fx_free(&x);
	http_req_free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_search_asks_for_logins_and_names_of_every_account_kind),
		cmocka_unit_test(search_answers_give_each_account_and_its_kind),
		cmocka_unit_test(a_bad_search_answer_is_refused_with_the_url),
		cmocka_unit_test(a_recorded_organisation_profile_says_website_email_location),
		cmocka_unit_test(a_verified_organisation_is_read_as_verified),
		cmocka_unit_test(an_account_of_unknown_kind_goes_to_orgs_when_it_is_one),
		cmocka_unit_test(repositories_and_raw_files_are_asked_as_documented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
