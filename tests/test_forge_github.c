/* test_forge_github.c - tests forges/github.c */
#include "tests/forge_test.h"

#include "forges/forge_int.h"

#include <jansson.h>

static const struct account org = {
	"github.com", "https://api.github.com", "BeaverSoftware", ACCOUNT_ORG
};
static const struct account user = {
	"github.com", "https://api.github.com", "jacquev6", ACCOUNT_USER
};

/* Run list_parse of REQ with response X; returns the code. */
static int parse(struct repo_list *l, struct http_req **next, const struct account *a, const struct http_req *req,
                 const struct fx *x)
{
	return forge_github.list_parse(l, next, a, req, &x->resp);
}

static void github_api_root_and_token_header_follow_the_docs(void **state)
{
	char *s, *n, *v;

	(void)state;
	assert_int_equal(forge_github.api_root(&s, "github.com"), 0);
	assert_string_equal(s, "https://api.github.com");
	free(s);
	assert_int_equal(forge_github.api_root(&s, "github.example.fr"), 0);
	assert_string_equal(s, "https://github.example.fr/api/v3");
	free(s);
	assert_int_equal(forge_github.auth_header(&n, &v, "ghp_x"), 0);
	assert_string_equal(n, "Authorization");
	assert_string_equal(v, "token ghp_x");
	free(n);
	free(v);
}

static void github_first_requests_depend_on_the_account_kind(void **state)
{
	struct http_req *r;
	struct account a = org;

	(void)state;
	assert_int_equal(forge_github.list_first(&r, &a), 0);
	assert_string_equal(r->method, "GET");
	assert_string_equal(r->url, "https://api.github.com/orgs/BeaverSoftware/repos?per_page=100&type=all&sort=full_name");
	assert_string_equal(http_resp_header(&(struct http_resp){ .headers = r->headers, .nheaders = r->nheaders }, "accept"),
	                    "application/vnd.github+json");
	http_req_free(r);

	a.kind = ACCOUNT_USER;
	assert_int_equal(forge_github.list_first(&r, &a), 0);
	assert_string_equal(r->url, "https://api.github.com/users/BeaverSoftware/repos?per_page=100&type=owner&sort=full_name");
	http_req_free(r);

	a.kind = ACCOUNT_UNKNOWN;
	a.owner = "so cial/gouv";
	assert_int_equal(forge_github.list_first(&r, &a), 0);
	assert_string_equal(r->url, "https://api.github.com/users/so%20cial%2Fgouv");
	http_req_free(r);

	a.kind = ACCOUNT_INSTANCE;
	a.owner = NULL;
	assert_int_equal(forge_github.list_first(&r, &a), ERROR_INVALID);
	assert_null(r);
	a.host = "github.example.fr";
	a.api_url = "https://github.example.fr/api/v3";
	assert_int_equal(forge_github.list_first(&r, &a), 0);
	assert_string_equal(r->url, "https://github.example.fr/api/v3/repositories");
	http_req_free(r);
}

static void github_recorded_org_page_maps_both_repositories(void **state)
{
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;
	const struct repo *r;

	(void)state;
	fx_replay(&x, "github/pygithub-replaydata/Organization.testGetRepos.txt", 0);
	assert_int_equal(forge_github.list_first(&req, &org), 0);
	assert_int_equal(parse(&l, &next, &org, req, &x), 0);
	assert_null(next);
	assert_int_equal(l.n, 2);
	r = fx_find(&l, "BeaverSoftware/FatherBeaver");
	assert_non_null(r);
	assert_string_equal(r->host, "github.com");
	assert_string_equal(r->owner, "BeaverSoftware");
	assert_string_equal(r->name, "FatherBeaver");
	assert_string_equal(r->html_url, "https://github.com/BeaverSoftware/FatherBeaver");
	assert_string_equal(r->clone_url, "https://github.com/BeaverSoftware/FatherBeaver.git");
	assert_string_equal(r->created_at, "2012-02-09T19:32:21Z");
	assert_null(r->pushed_at);
	assert_true(r->empty);		/* size 0 */
	assert_false(r->fork);
	/* the id a rename keeps (output/changes.h) */
	assert_string_equal(r->forge_id, "3400397");
	r = fx_find(&l, "BeaverSoftware/TestPyGithub");
	assert_non_null(r);
	assert_string_equal(r->pushed_at, "2012-03-03T08:57:40Z");
	assert_false(r->empty);
	repo_list_clear(&l);
	http_req_free(req);
	fx_free(&x);
}

static void github_recorded_user_page_has_licences_counts_and_forks(void **state)
{
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;
	const struct repo *r;

	(void)state;
	fx_replay(&x, "github/pygithub-replaydata/NamedUser.testGetReposWithAllArgs.txt", 0);
	req = fx_req("GET", x.url, 3);
	assert_int_equal(parse(&l, &next, &user, req, &x), 0);
	assert_null(next);
	assert_int_equal(l.n, 10);
	r = fx_find(&l, "jacquev6/DrawTurksHead");
	assert_non_null(r);
	assert_string_equal(r->license, "MIT");
	assert_int_equal(r->stars, 3);
	assert_int_equal(r->forks, 2);
	assert_int_equal(r->open_issues, 2);
	assert_string_equal(r->language, "Python");
	assert_string_equal(r->default_branch, "master");
	assert_string_equal(r->description, "Python library to draw Turk's Head knots");
	assert_string_equal(r->pushed_at, "2020-03-22T14:23:52Z");
	assert_string_equal(r->visibility, "public");
	assert_false(r->archived);
	r = fx_find(&l, "jacquev6/IpMap");
	assert_null(r->license);	/* "license": null */
	assert_string_equal(r->language, "JavaScript");
	repo_list_clear(&l);
	http_req_free(req);
	fx_free(&x);

	fx_replay(&x, "github/pygithub-replaydata/NamedUser.testGetRepos.txt", 0);
	req = fx_req("GET", x.url, 3);
	assert_int_equal(parse(&l, &next, &user, req, &x), 0);
	assert_int_equal(l.n, 11);
	assert_true(fx_find(&l, "jacquev6/django")->fork);
	assert_false(fx_find(&l, "jacquev6/PyGithub")->fork);
	repo_list_clear(&l);
	http_req_free(req);
	fx_free(&x);
}

static void github_unknown_account_type_picks_the_listing(void **state)
{
	struct account a = user;
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	a.kind = ACCOUNT_UNKNOWN;
	fx_replay(&x, "github/pygithub-replaydata/NamedUser.setUp.txt", 0);
	assert_int_equal(forge_github.list_first(&req, &a), 0);
	assert_string_equal(req->url, "https://api.github.com/users/jacquev6");
	assert_int_equal(parse(&l, &next, &a, req, &x), 0);
	assert_int_equal(l.n, 0);
	assert_non_null(next);
	assert_string_equal(next->url, "https://api.github.com/users/jacquev6/repos?per_page=100&type=owner&sort=full_name");
	assert_int_not_equal(next->step, req->step);
	http_req_free(next);
	http_req_free(req);
	fx_free(&x);

	a = org;
	a.kind = ACCOUNT_UNKNOWN;
	fx_replay(&x, "github/pygithub-replaydata/Organization.setUp.txt", 0);
	assert_int_equal(forge_github.list_first(&req, &a), 0);
	assert_int_equal(parse(&l, &next, &a, req, &x), 0);
	assert_non_null(next);
	assert_string_equal(next->url, "https://api.github.com/orgs/BeaverSoftware/repos?per_page=100&type=all&sort=full_name");
	http_req_free(next);
	http_req_free(req);
	fx_free(&x);
}

static void github_recorded_errors_become_clear_codes(void **state)
{
	struct account a = user;
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;
	struct owner o;

	(void)state;
	a.owner = "ThisUserShouldReallyNotExist";
	a.kind = ACCOUNT_UNKNOWN;
	fx_replay(&x, "github/pygithub-replaydata/Exceptions.testUnknownUser.txt", 0);
	assert_int_equal(forge_github.list_first(&req, &a), 0);
	assert_int_equal(parse(&l, &next, &a, req, &x), ERROR_NOTFOUND);
	assert_null(next);
	assert_non_null(strstr(error_last(), "github.com account ThisUserShouldReallyNotExist"));
	assert_non_null(strstr(error_last(), "HTTP 404: \"Not Found\""));
	assert_non_null(strstr(error_last(), "(https://api.github.com/users/ThisUserShouldReallyNotExist)"));
	http_req_free(req);
	fx_free(&x);

	fx_replay(&x, "github/pygithub-replaydata/Exceptions.testNonJsonDataReturnedByGithub.txt", 0);
	req = fx_req("GET", x.url, 3);
	assert_int_equal(parse(&l, &next, &user, req, &x), ERROR_STATUS);
	assert_non_null(strstr(error_last(), "status 503"));
	http_req_free(req);
	fx_free(&x);

	owner_init(&o);
	fx_replay(&x, "github/pygithub-replaydata/Exceptions.testJSONParseError.txt", 0);
	req = fx_req("GET", x.url, 10);
	assert_int_equal(forge_github.owner_parse(&o, &next, &user, req, &x.resp),
	                 ERROR_PARSE);
	assert_non_null(strstr(error_last(), "invalid JSON"));
	assert_null(o.login);
	http_req_free(req);
	fx_free(&x);
	assert_int_equal(l.n, 0);
}

static void github_recorded_empty_page_with_next_link_is_followed(void **state)
{
	struct account a = { "github.example.fr", "https://api.github.com", NULL, ACCOUNT_INSTANCE };
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	/* rel="first" is a URI template here; only "next" counts */
	fx_replay(&x, "github/pygithub-replaydata/PaginatedList.testTotalCountWithNoLastPage.txt", 0);
	req = fx_req("GET", x.url, 4);
	assert_int_equal(parse(&l, &next, &a, req, &x), 0);
	assert_int_equal(l.n, 0);
	assert_non_null(next);
	assert_string_equal(next->url, "https://api.github.com/repositories?per_page=1&since=369");
	assert_int_equal(next->step, 4);
	http_req_free(next);
	http_req_free(req);
	fx_free(&x);
}

static void github_recorded_owner_metadata_of_org_and_user(void **state)
{
	struct account a = user;
	struct http_req *req, *next;
	struct owner o;
	struct fx x;

	(void)state;
	owner_init(&o);
	a.kind = ACCOUNT_UNKNOWN;
	fx_replay(&x, "github/pygithub-replaydata/NamedUser.setUp.txt", 0);
	assert_int_equal(forge_github.owner_first(&req, &a), 0);
	assert_string_equal(req->url, "https://api.github.com/users/jacquev6");
	assert_int_equal(forge_github.owner_parse(&o, &next, &a, req, &x.resp), 0);
	assert_null(next);
	assert_string_equal(o.login, "jacquev6");
	assert_string_equal(o.name, "Vincent Jacques");
	assert_string_equal(o.location, "France");
	assert_string_equal(o.website, "http://vincent-jacques.net");
	assert_string_equal(o.created_at, "2010-07-09T06:10:06Z");
	assert_int_equal(o.public_repos, 38);
	assert_true(o.is_user);
	owner_clear(&o);
	http_req_free(req);
	fx_free(&x);

	/* /users/X of an organization asks /orgs/X for the description */
	a = org;
	a.kind = ACCOUNT_UNKNOWN;
	fx_replay(&x, "github/pygithub-replaydata/Organization.setUp.txt", 0);
	assert_int_equal(forge_github.owner_first(&req, &a), 0);
	assert_int_equal(forge_github.owner_parse(&o, &next, &a, req, &x.resp), 0);
	assert_non_null(next);
	assert_string_equal(next->url, "https://api.github.com/orgs/BeaverSoftware");
	http_req_free(req);
	assert_int_equal(forge_github.owner_parse(&o, &req, &a, next, &x.resp), 0);
	assert_null(req);
	assert_string_equal(o.login, "BeaverSoftware");
	assert_false(o.is_user);
	assert_string_equal(o.html_url, "https://github.com/BeaverSoftware");
	owner_clear(&o);
	http_req_free(next);
	fx_free(&x);
}

/* --- inline fixtures ------------------------------------------------ */

static const char page_mixed[] =
	"[{\"full_name\":\"o/pub\",\"name\":\"pub\",\"private\":false,\"visibility\":\"public\","
	"\"archived\":true,\"fork\":true,\"mirror_url\":\"https://x/y.git\",\"size\":5,"
	"\"created_at\":\"2024-01-31T14:00:00+02:00\",\"updated_at\":\"2024-02-01T00:30:00.123-01:00\","
	"\"license\":{\"key\":\"eupl-1.2\",\"spdx_id\":\"EUPL-1.2\"},\"topics\":[\"sante\",7,\"drees\"],"
	"\"stargazers_count\":12,\"forks_count\":0,\"open_issues_count\":4},"
	" {\"full_name\":\"o/secret\",\"private\":true},"
	" {\"full_name\":\"o/corp\",\"private\":false,\"visibility\":\"internal\"},"
	" null,"
	" {\"full_name\":\"o/odd\",\"description\":42,\"stargazers_count\":\"many\",\"fork\":\"yes\","
	"\"forks_count\":-3,\"created_at\":\"yesterday\",\"license\":\"MIT\",\"topics\":\"x\","
	"\"language\":\"C\\u0000++\",\"default_branch\":\"\"}]";

static void github_private_internal_and_null_items_are_skipped_archived_kept(void **state)
{
	struct repo_list l = { 0 };
	struct http_req *req = fx_req("GET", "https://api.github.com/orgs/o/repos", 2), *next;
	struct fx x;
	const struct repo *r;

	(void)state;
	fx_set(&x, 200, page_mixed, sizeof(page_mixed) - 1, NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, &org, req, &x), 0);
	assert_int_equal(l.n, 2);
	assert_null(fx_find(&l, "o/secret"));
	assert_null(fx_find(&l, "o/corp"));
	r = fx_find(&l, "o/pub");
	assert_true(r->archived);
	assert_true(r->fork);
	assert_true(r->mirror);
	assert_false(r->empty);
	assert_string_equal(r->owner, "o");
	assert_string_equal(r->license, "EUPL-1.2");
	assert_string_equal(r->created_at, "2024-01-31T12:00:00Z");
	assert_string_equal(r->updated_at, "2024-02-01T01:30:00Z");
	assert_int_equal(r->ntopics, 2);
	assert_string_equal(r->topics[0], "sante");
	assert_string_equal(r->topics[1], "drees");
	assert_int_equal(r->stars, 12);
	assert_int_equal(r->forks, 0);
	assert_int_equal(r->open_issues, 4);
	/* wrong types fall back to "not said" */
	r = fx_find(&l, "o/odd");
	assert_string_equal(r->name, "odd");
	assert_null(r->description);
	assert_int_equal(r->stars, -1);
	assert_int_equal(r->forks, -1);
	assert_int_equal(r->open_issues, -1);
	assert_false(r->fork);
	assert_null(r->created_at);
	assert_null(r->license);
	assert_int_equal(r->ntopics, 0);
	assert_null(r->language);		/* NUL byte inside */
	assert_null(r->default_branch);
	assert_false(r->empty);			/* no size: unknown, not empty */
	repo_list_clear(&l);
	http_req_free(req);
	fx_free(&x);
}

static void github_link_next_on_a_short_page_is_followed(void **state)
{
	static const char body[] = "[{\"full_name\":\"o/a\"}]";
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	assert_int_equal(forge_github.list_first(&req, &org), 0);
	fx_set(&x, 200, body, sizeof(body) - 1, req->url,
	       "link", "<https://api.github.com/organizations/77/repos?per_page=100&page=2>; rel=\"next\", "
	               "<https://api.github.com/organizations/77/repos?per_page=100&page=9>; rel=\"last\"",
	       (char *)NULL);
	assert_int_equal(parse(&l, &next, &org, req, &x), 0);
	assert_int_equal(l.n, 1);
	assert_non_null(next);
	/* verbatim, even though the path changed form (GitHub's pagination
	 * guide: "do not manually parse URLs") */
	assert_string_equal(next->url, "https://api.github.com/organizations/77/repos?per_page=100&page=2");
	assert_int_equal(next->step, req->step);
	assert_int_equal(next->nheaders, req->nheaders);
	http_req_free(next);
	repo_list_clear(&l);
	fx_free(&x);
	http_req_free(req);
}

static void github_full_page_without_link_ends_the_listing(void **state)
{
	struct buf b = BUF_INIT;
	struct repo_list l = { 0 };
	struct http_req *req, *next = (struct http_req *)&b;
	struct fx x;

	(void)state;
	buf_addc(&b, '[');
	for (int i = 0; i < 100; i++)
		buf_addf(&b, "%s{\"full_name\":\"o/r%03d\",\"private\":false}", i ? "," : "", i);
	buf_addc(&b, ']');
	assert_int_equal(forge_github.list_first(&req, &org), 0);
	fx_set(&x, 200, b.data, b.len, req->url,
	       "Link", "<https://api.github.com/orgs/o/repos?page=1>; rel=\"prev first\"",
	       (char *)NULL);
	assert_int_equal(parse(&l, &next, &org, req, &x), 0);
	assert_null(next);
	assert_int_equal(l.n, 100);
	assert_string_equal(l.v[99].full_name, "o/r099");
	repo_list_clear(&l);
	buf_free(&b);
	fx_free(&x);
	http_req_free(req);
}

static void github_malformed_bodies_are_errors_naming_the_account(void **state)
{
	static const char *bodies[] = {
		"<!DOCTYPE html><html><body>Sign in</body></html>",
		"[{\"full_name\":\"o/a\"},{\"full_na",
		"{\"message\":\"this is not a list\"}",
		"[\"o/a\"]",
		"[{\"name\":\"no-full-name\"}]",
		"[{\"full_name\":\"o/a\",\"stargazers_count\":123456789012345678901234567890}]",
		"",
	};
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	assert_int_equal(forge_github.list_first(&req, &org), 0);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		fx_set(&x, 200, bodies[i], strlen(bodies[i]), NULL, (char *)NULL);
		assert_int_equal(parse(&l, &next, &org, req, &x), ERROR_PARSE);
		assert_null(next);
		assert_non_null(strstr(error_last(), "github.com account BeaverSoftware"));
		assert_non_null(strstr(error_last(), "https://api.github.com/orgs/BeaverSoftware/repos"));
		fx_free(&x);
	}
	/* a raw NUL byte in the body */
	fx_set(&x, 200, FX_S("[{\"full_name\":\"o/\0a\"}]"), NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, &org, req, &x), ERROR_PARSE);
	fx_free(&x);
	/* the HTML one says so */
	fx_set(&x, 200, bodies[0], strlen(bodies[0]), NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, &org, req, &x), ERROR_PARSE);
	assert_non_null(strstr(error_last(), "HTML"));
	fx_free(&x);
	repo_list_clear(&l);
	http_req_free(req);
}

static void github_next_link_to_another_host_is_refused(void **state)
{
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	assert_int_equal(forge_github.list_first(&req, &org), 0);
	fx_set(&x, 200, FX_S("[]"), NULL,
	       "Link", "<https://evil.example/steal?page=2>; rel=\"next\"", (char *)NULL);
	assert_int_equal(parse(&l, &next, &org, req, &x), ERROR_PARSE);
	assert_null(next);
	assert_non_null(strstr(error_last(), "evil.example"));
	fx_free(&x);

	fx_set(&x, 200, FX_S("[]"), NULL, "Link", "https://no-brackets; rel=next", (char *)NULL);
	assert_int_equal(parse(&l, &next, &org, req, &x), ERROR_PARSE);
	assert_non_null(strstr(error_last(), "Link"));
	fx_free(&x);
	http_req_free(req);
}


/* The fields code.gouv.fr's feed reads: is_template, license.key, the
 * owner's type; subscribers_count only where the object has it. */
static void github_list_items_give_template_licence_key_and_owner_type(void **state)
{
	static const char page[] =
		"[{\"full_name\": \"BeaverSoftware/tpl\", \"is_template\": true,"
		"  \"owner\": {\"login\": \"BeaverSoftware\", \"type\": \"Organization\"},"
		"  \"license\": {\"key\": \"apache-2.0\", \"spdx_id\": \"Apache-2.0\"},"
		"  \"watchers_count\": 40},"
		" {\"full_name\": \"jacquev6/own\", \"owner\": {\"login\": \"jacquev6\","
		"  \"type\": \"User\"}, \"license\": {\"key\": \"other\","
		"  \"spdx_id\": \"NOASSERTION\"}, \"subscribers_count\": 7}]";
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	assert_int_equal(forge_github.list_first(&req, &org), 0);
	fx_set(&x, 200, page, sizeof(page) - 1, NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, &org, req, &x), 0);
	assert_int_equal(l.n, 2);
	assert_true(l.v[0].template);
	assert_string_equal(l.v[0].license_key, "apache-2.0");
	assert_string_equal(l.v[0].license, "Apache-2.0");
	assert_false(l.v[0].owner_is_user);
	/* watchers_count is the stars, not the watchers: unknown */
	assert_int_equal(l.v[0].subscribers, -1);
	assert_false(l.v[1].template);
	assert_string_equal(l.v[1].license_key, "other");
	assert_true(l.v[1].owner_is_user);
	assert_int_equal(l.v[1].subscribers, 7);
	repo_list_clear(&l);
	fx_free(&x);
	http_req_free(req);
}

static void github_owners_give_their_followers(void **state)
{
	static const char body[] = "{\"login\": \"BeaverSoftware\", "
		"\"type\": \"Organization\", \"followers\": 31}";
	struct http_req *req, *next;
	struct owner o;
	struct fx x;

	(void)state;
	owner_init(&o);
	assert_int_equal(forge_github.owner_first(&req, &org), 0);
	fx_set(&x, 200, body, sizeof(body) - 1, NULL, (char *)NULL);
	assert_int_equal(forge_github.owner_parse(&o, &next, &org, req, &x.resp), 0);
	assert_int_equal(o.followers, 31);
	owner_clear(&o);
	fx_free(&x);
	http_req_free(req);
}

static struct account watch_account(const char *names)
{
	struct account a = org;

	a.owner = names;
	return a;
}

static void github_subscribers_are_read_one_by_rest_or_in_a_graphql_batch(void **state)
{
	const struct forge *w = forge_github.watchers;
	struct account one = watch_account("BeaverSoftware/a b");
	struct account many = watch_account("BeaverSoftware/x\nother/y\n");
	struct http_req *req;
	json_t *body;

	(void)state;
	assert_non_null(w);
	assert_int_equal(forge_github.watchers_batch, 100);
	assert_int_equal(w->list_first(&req, &one), 0);
	assert_string_equal(req->method, "GET");
	assert_string_equal(req->url, "https://api.github.com/repos/BeaverSoftware/a%20b");
	http_req_free(req);
	assert_int_equal(w->list_first(&req, &many), 0);
	assert_string_equal(req->method, "POST");
	assert_string_equal(req->url, "https://api.github.com/graphql");
	body = json_loadb(req->body, req->body_len, 0, NULL);
	assert_non_null(body);
	/* names travel as variables, never spliced into the query */
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(body, "variables"), "o1")), "other");
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(body, "variables"), "n0")), "x");
	assert_non_null(strstr(json_string_value(json_object_get(body, "query")),
	                       "r1:repository(owner:$o1,name:$n1)"
	                       "{nameWithOwner watchers{totalCount}}"));
	json_decref(body);
	http_req_free(req);
	/* Enterprise Server: HOST/api/graphql */
	many.api_url = "https://github.example.fr/api/v3";
	assert_int_equal(w->list_first(&req, &many), 0);
	assert_string_equal(req->url, "https://github.example.fr/api/graphql");
	http_req_free(req);
	many.owner = "";
	assert_int_equal(w->list_first(&req, &many), ERROR_INVALID);
}

static void github_subscriber_answers_are_parsed_and_gone_ones_skipped(void **state)
{
	static const char rest[] = "{\"full_name\": \"BeaverSoftware/a\", "
		"\"subscribers_count\": 12}";
	static const char graphql[] =
		"{\"data\": {\"r0\": {\"nameWithOwner\": \"BeaverSoftware/x\","
		" \"watchers\": {\"totalCount\": 3}}, \"r1\": null},"
		" \"errors\": [{\"type\": \"NOT_FOUND\", \"path\": [\"r1\"]}]}";
	const struct forge *w = forge_github.watchers;
	struct account one = watch_account("BeaverSoftware/a");
	struct account many = watch_account("BeaverSoftware/x\nBeaverSoftware/gone");
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	assert_int_equal(w->list_first(&req, &one), 0);
	fx_set(&x, 200, rest, sizeof(rest) - 1, NULL, (char *)NULL);
	assert_int_equal(w->list_parse(&l, &next, &one, req, &x.resp), 0);
	assert_null(next);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].full_name, "BeaverSoftware/a");
	assert_int_equal(l.v[0].subscribers, 12);
	repo_list_clear(&l);
	fx_free(&x);
	http_req_free(req);

	assert_int_equal(w->list_first(&req, &many), 0);
	fx_set(&x, 200, graphql, sizeof(graphql) - 1, NULL, (char *)NULL);
	assert_int_equal(w->list_parse(&l, &next, &many, req, &x.resp), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].full_name, "BeaverSoftware/x");
	assert_int_equal(l.v[0].subscribers, 3);
	repo_list_clear(&l);
	fx_free(&x);
	/* no token: GitHub's GraphQL answers 401 */
	fx_set(&x, 401, FX_S("{\"message\": \"This endpoint requires you to be "
	       "authenticated.\"}"), NULL, (char *)NULL);
	assert_int_equal(w->list_parse(&l, &next, &many, req, &x.resp), ERROR_AUTH);
	fx_free(&x);
	fx_set(&x, 200, FX_S("{\"errors\": [{\"message\": \"rate limited\"}]}"),
	       NULL, (char *)NULL);
	assert_int_equal(w->list_parse(&l, &next, &many, req, &x.resp), ERROR_STATUS);
	assert_non_null(strstr(error_last(), "rate limited"));
	fx_free(&x);
	http_req_free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(github_api_root_and_token_header_follow_the_docs),
		cmocka_unit_test(github_first_requests_depend_on_the_account_kind),
		cmocka_unit_test(github_recorded_org_page_maps_both_repositories),
		cmocka_unit_test(github_recorded_user_page_has_licences_counts_and_forks),
		cmocka_unit_test(github_unknown_account_type_picks_the_listing),
		cmocka_unit_test(github_recorded_errors_become_clear_codes),
		cmocka_unit_test(github_recorded_empty_page_with_next_link_is_followed),
		cmocka_unit_test(github_recorded_owner_metadata_of_org_and_user),
		cmocka_unit_test(github_private_internal_and_null_items_are_skipped_archived_kept),
		cmocka_unit_test(github_link_next_on_a_short_page_is_followed),
		cmocka_unit_test(github_full_page_without_link_ends_the_listing),
		cmocka_unit_test(github_malformed_bodies_are_errors_naming_the_account),
		cmocka_unit_test(github_next_link_to_another_host_is_refused),
		cmocka_unit_test(github_list_items_give_template_licence_key_and_owner_type),
		cmocka_unit_test(github_owners_give_their_followers),
		cmocka_unit_test(github_subscribers_are_read_one_by_rest_or_in_a_graphql_batch),
		cmocka_unit_test(github_subscriber_answers_are_parsed_and_gone_ones_skipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
