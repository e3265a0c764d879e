/* test_gitlab_search.c - tests forges/gitlab_search.c on answers shaped as
 * docs.gitlab.com/ee/api/groups.html and projects.html document them. */
#include "tests/forge_test.h"

#include "forges/forge_int.h"
#include "forges/search.h"

static const struct account site = {
	"gitlab.com", "https://gitlab.com/api/v4", NULL, ACCOUNT_INSTANCE
};

static const struct forge_search *gl(void)
{
	return forge_gitlab.search;
}

/* groups.html, "List groups": the fields of a group. */
static const char groups_answer[] =
	"[{\"id\": 1, \"web_url\": \"https://gitlab.com/groups/ars-bretagne\","
	" \"name\": \"ARS Bretagne\", \"path\": \"ars-bretagne\","
	" \"description\": \"Agence régionale de santé Bretagne\","
	" \"visibility\": \"public\", \"full_name\": \"ARS Bretagne\","
	" \"full_path\": \"ars-bretagne\", \"parent_id\": null},"
	" {\"id\": 2, \"name\": \"Data\", \"path\": \"data\","
	" \"full_name\": \"ARS Bretagne / Data\", \"full_path\": \"ars-bretagne/data\","
	" \"description\": \"\", \"parent_id\": 1}]";

static void group_search_is_one_request_ranked_by_similarity(void **state)
{
	struct search_hits hits = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	assert_ptr_equal(forge_find("gitlab")->search, &forge_gitlab_search);
	/* GitLab has no account profile beyond the group itself. */
	assert_null(gl()->profile_first);
	assert_int_equal(gl()->search_first(&req, &site, "ARS Bretagne", 10), 0);
	assert_string_equal(req->url, "https://gitlab.com/api/v4/groups?search="
	                    "ARS%20Bretagne&order_by=similarity&per_page=10");
	fx_set(&x, 200, FX_S(groups_answer), NULL, (char *)NULL);
	assert_int_equal(gl()->search_parse(&hits, &next, &site, req, &x.resp), 0);
	assert_null(next);
	assert_int_equal(hits.n, 2);
	assert_string_equal(hits.v[0].login, "ars-bretagne");
	assert_string_equal(hits.v[0].name, "ARS Bretagne");
	assert_string_equal(hits.v[0].description, "Agence régionale de santé Bretagne");
	assert_string_equal(hits.v[0].html_url, "https://gitlab.com/groups/ars-bretagne");
	assert_int_equal(hits.v[0].kind, ACCOUNT_ORG);
	assert_true(hits.v[0].profile);
	/* A subgroup, by its full path. */
	assert_string_equal(hits.v[1].login, "ars-bretagne/data");
	assert_null(hits.v[1].description);   /* "" says nothing */
	search_hits_clear(&hits);
	fx_free(&x);
	http_req_free(req);
}

static void a_bad_group_answer_is_refused(void **state)
{
	struct search_hits hits = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	gl()->search_first(&req, &site, "x", 10);
	fx_set(&x, 200, FX_S("{\"message\": \"x\"}"), NULL, (char *)NULL);
	assert_int_equal(gl()->search_parse(&hits, &next, &site, req, &x.resp),
	                 ERROR_PARSE);
	fx_free(&x);
	fx_set(&x, 200, FX_S("[{\"id\": 1, \"name\": \"x\"}]"), NULL, (char *)NULL);
	assert_int_equal(gl()->search_parse(&hits, &next, &site, req, &x.resp),
	                 ERROR_PARSE);
	assert_non_null(strstr(error_last(), "full_path"));
	assert_int_equal(hits.n, 0);
	fx_free(&x);
	http_req_free(req);
}

static void projects_name_their_readme_and_files_are_read_raw(void **state)
{
	const struct account acct = { "gitlab.com", "https://gitlab.com/api/v4",
	                              "ars-bretagne/data", ACCOUNT_ORG };
	struct search_repos repos = { 0 };
	struct http_req *req;
	struct fx x;

	(void)state;
	gl()->repos_first(&req, &acct, 3);
	assert_string_equal(req->url, "https://gitlab.com/api/v4/groups/ars-bretagne%2Fdata"
	                    "/projects?include_subgroups=true&order_by=last_activity_at"
	                    "&simple=true&per_page=3");
	fx_set(&x, 200, FX_S("[{\"path_with_namespace\": \"ars-bretagne/data/outil\","
	       " \"default_branch\": \"release/v1\", \"readme_url\": "
	       "\"https://gitlab.com/ars-bretagne/data/outil/-/blob/release/v1/docs/LISEZMOI.md\"},"
	       " {\"path_with_namespace\": \"ars-bretagne/data/vide\", \"readme_url\": null,"
	       " \"forked_from_project\": {\"id\": 3}}]"), NULL, (char *)NULL);
	assert_int_equal(gl()->repos_parse(&repos, &acct, req, &x.resp), 0);
	http_req_free(req);
	assert_int_equal(repos.n, 2);
	assert_string_equal(repos.v[0].readme, "docs/LISEZMOI.md");
	assert_null(repos.v[1].readme);
	assert_true(repos.v[1].fork);
	gl()->file_first(&req, &acct, &repos.v[0], NULL);
	assert_string_equal(req->url, "https://gitlab.com/api/v4/projects/"
	                    "ars-bretagne%2Fdata%2Foutil/repository/files/"
	                    "docs%2FLISEZMOI.md/raw?ref=release%2Fv1");
	assert_null(http_resp_header(&(struct http_resp){
		.headers = req->headers, .nheaders = req->nheaders }, "Accept"));
	http_req_free(req);
	gl()->file_first(&req, &acct, &repos.v[1], "publiccode.yml");
	assert_string_equal(req->url, "https://gitlab.com/api/v4/projects/"
	                    "ars-bretagne%2Fdata%2Fvide/repository/files/"
	                    "publiccode.yml/raw?ref=HEAD");
	http_req_free(req);
	search_repos_clear(&repos);
	fx_free(&x);
	/* A person's projects. */
	{
		const struct account user = { "gitlab.com", "https://gitlab.com/api/v4",
		                              "jdupont", ACCOUNT_USER };

		gl()->repos_first(&req, &user, 3);
		assert_non_null(strstr(req->url, "/users/jdupont/projects?"));
		http_req_free(req);
	}
}

static void recorded_gitlab_projects_parse_as_candidates_repositories(void **state)
{
	const struct account acct = { "gitlab.com", "https://gitlab.com/api/v4",
	                              "x", ACCOUNT_ORG };
	struct search_repos repos = { 0 };
	struct http_req *req;
	struct fx x;
	size_t len;
	char *body;

	(void)state;
	body = fx_recorded("gitlab/swh-lister/https_gitlab.com/api_response_page1.json",
	                   &len);
	gl()->repos_first(&req, &acct, 3);
	fx_set(&x, 200, body, len, NULL, (char *)NULL);
	free(body);
	assert_int_equal(gl()->repos_parse(&repos, &acct, req, &x.resp), 0);
	assert_int_equal(repos.n, 10);
	for (size_t i = 0; i < repos.n; i++)
		assert_non_null(strchr(repos.v[i].full_name, '/'));
	/* The old form of readme_url, ".../blob/master/README.md". */
	assert_string_equal(repos.v[0].full_name, "leberwurscht/teardownwalls");
	assert_string_equal(repos.v[0].readme, "README.md");
	search_repos_clear(&repos);
	fx_free(&x);
	http_req_free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(group_search_is_one_request_ranked_by_similarity),
		cmocka_unit_test(a_bad_group_answer_is_refused),
		cmocka_unit_test(projects_name_their_readme_and_files_are_read_raw),
		cmocka_unit_test(recorded_gitlab_projects_parse_as_candidates_repositories),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
