/* test_forge_bitbucket.c - tests forges/bitbucket.c */
#include "tests/forge_test.h"

#include "forges/forge_int.h"

static const struct account ws = {
	"bitbucket.org", "https://api.bitbucket.org/2.0", "opensymphony", ACCOUNT_UNKNOWN
};

static int parse(struct repo_list *l, struct http_req **next, const struct http_req *req, const struct fx *x)
{
	return forge_bitbucket.list_parse(l, next, &ws, req, &x->resp);
}

static void bitbucket_requests_and_basic_or_bearer_auth(void **state)
{
	struct account a = ws;
	struct http_req *r;
	char *n, *v;

	(void)state;
	assert_int_equal(forge_bitbucket.list_first(&r, &a), 0);
	assert_string_equal(r->url, "https://api.bitbucket.org/2.0/repositories/opensymphony?pagelen=100");
	http_req_free(r);
	a.kind = ACCOUNT_INSTANCE;
	a.owner = NULL;
	assert_int_equal(forge_bitbucket.list_first(&r, &a), ERROR_INVALID);
	assert_int_equal(forge_bitbucket.owner_first(&r, &ws), 0);
	assert_string_equal(r->url, "https://api.bitbucket.org/2.0/workspaces/opensymphony");
	http_req_free(r);
	assert_int_equal(forge_bitbucket.api_root(&n, "bitbucket.org"), 0);
	assert_string_equal(n, "https://api.bitbucket.org/2.0");
	free(n);
	assert_int_equal(forge_bitbucket.auth_header(&n, &v, "Aladdin:open sesame"), 0);
	assert_string_equal(n, "Authorization");
	assert_string_equal(v, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");	/* RFC 7617 §2 */
	free(n);
	free(v);
	assert_int_equal(forge_bitbucket.auth_header(&n, &v, "ab:c"), 0);
	assert_string_equal(v, "Basic YWI6Yw==");
	free(n);
	free(v);
	assert_int_equal(forge_bitbucket.auth_header(&n, &v, "ATCTT3x"), 0);
	assert_string_equal(v, "Bearer ATCTT3x");
	free(n);
	free(v);
}

static void bitbucket_recorded_pages_follow_body_next_until_absent(void **state)
{
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	const struct repo *r;
	struct fx x;
	size_t len;
	char *body;

	(void)state;
	/* First: the skip must not leak what the test allocated. */
	fx_need_shared_data();
	assert_int_equal(forge_bitbucket.list_first(&req, &ws), 0);
	body = fx_recorded("bitbucket/swh-lister/bb_api_repositories_page1.json", &len);
	fx_set(&x, 200, body, len, req->url, (char *)NULL);
	free(body);
	assert_int_equal(parse(&l, &next, req, &x), 0);
	assert_int_equal(l.n, 10);
	assert_non_null(next);
	assert_string_equal(next->url, "https://api.bitbucket.org/2.0/repositories?pagelen=10&fields=next%2Cvalues.is_private%2Cvalues.scm%2Cvalues.links.clone%2Cvalues.updated_on%2Cvalues.created_on%2C&after=2011-09-03T12%3A33%3A16.028393%2B00%3A00");
	assert_int_equal(next->step, req->step);
	fx_free(&x);
	http_req_free(req);
	req = next;
	body = fx_recorded("bitbucket/swh-lister/bb_api_repositories_page2.json", &len);
	fx_set(&x, 200, body, len, req->url, (char *)NULL);
	free(body);
	assert_int_equal(parse(&l, &next, req, &x), 0);
	assert_null(next);
	assert_int_equal(l.n, 20);
	/* partial (fields=) objects: the name comes from the clone link */
	r = fx_find(&l, "opensymphony/xwork");
	assert_non_null(r);
	assert_string_equal(r->owner, "opensymphony");
	assert_string_equal(r->name, "xwork");
	assert_string_equal(r->clone_url, "https://bitbucket.org/opensymphony/xwork.git");
	assert_string_equal(r->html_url, "https://bitbucket.org/opensymphony/xwork");
	assert_string_equal(r->created_at, "2011-06-06T03:40:09Z");
	assert_string_equal(r->updated_at, "2014-11-16T23:19:16Z");
	assert_int_equal(r->stars, -1);
	assert_int_equal(r->forks, -1);
	assert_int_equal(r->open_issues, -1);
	assert_null(r->forge_id);	/* not in a fields= page */
	assert_non_null(fx_find(&l, "mirror/git"));
	assert_non_null(fx_find(&l, "evzijst/git"));
	repo_list_clear(&l);
	fx_free(&x);
	http_req_free(req);
}

static const char full_page[] =
	"{\"pagelen\":100,\"values\":["
	"{\"full_name\":\"ans/app\",\"uuid\":\"{5a7e1c3e-0b1f-4e55-9d7e-2f3c4b5a6d7e}\",\"slug\":\"app\",\"name\":\"App\",\"is_private\":false,\"scm\":\"git\","
	"\"description\":\"Application\",\"mainbranch\":{\"name\":\"develop\",\"type\":\"branch\"},"
	"\"language\":\"\",\"parent\":{\"full_name\":\"up/app\"},"
	"\"links\":{\"html\":{\"href\":\"https://bitbucket.org/ans/app\"},"
	"\"clone\":[{\"name\":\"ssh\",\"href\":\"git@bitbucket.org:ans/app.git\"},"
	"{\"name\":\"https\",\"href\":\"https://robot@bitbucket.org/ans/app.git\"}]},"
	"\"created_on\":\"2020-02-02T10:00:00.5+01:00\"},"
	"{\"full_name\":\"ans/secret\",\"is_private\":true,\"scm\":\"git\"},"
	"{\"full_name\":\"ans/old-hg\",\"is_private\":false,\"scm\":\"hg\"},"
	"{\"full_name\":\"ans/bare\",\"is_private\":false,\"links\":\"nope\",\"mainbranch\":7,\"parent\":null}"
	"]}";

static void bitbucket_full_objects_private_skipped_login_stripped(void **state)
{
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	const struct repo *r;
	struct fx x;

	(void)state;
	assert_int_equal(forge_bitbucket.list_first(&req, &ws), 0);
	/* no "next": the last page, however full */
	fx_set(&x, 200, FX_S(full_page), NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, req, &x), 0);
	assert_null(next);
	assert_int_equal(l.n, 2);
	r = fx_find(&l, "ans/app");
	assert_string_equal(r->name, "app");
	assert_string_equal(r->description, "Application");
	assert_string_equal(r->default_branch, "develop");
	assert_null(r->language);
	assert_true(r->fork);
	assert_string_equal(r->clone_url, "https://bitbucket.org/ans/app.git");
	assert_string_equal(r->created_at, "2020-02-02T09:00:00Z");
	/* the uuid a rename or a move keeps (output/changes.h) */
	assert_string_equal(r->forge_id, "{5a7e1c3e-0b1f-4e55-9d7e-2f3c4b5a6d7e}");
	r = fx_find(&l, "ans/bare");
	assert_null(r->forge_id);
	assert_false(r->fork);
	assert_null(r->default_branch);
	assert_string_equal(r->clone_url, "https://bitbucket.org/ans/bare.git");
	assert_string_equal(r->html_url, "https://bitbucket.org/ans/bare");
	repo_list_clear(&l);
	fx_free(&x);
	http_req_free(req);
}

/* An id is compared and written to the state: one that is not one line
 * of text of a sane length is no id. */
static void bitbucket_odd_uuids_are_no_ids(void **state)
{
	char big[FORGE_ID_MAX + 40];
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;
	char *page;

	(void)state;
	memset(big, 'u', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	page = xasprintf("{\"values\":["
	                 "{\"full_name\":\"ans/a\",\"uuid\":\"{x}\\n{y}\"},"
	                 "{\"full_name\":\"ans/b\",\"uuid\":\"%s\"},"
	                 "{\"full_name\":\"ans/c\",\"uuid\":17},"
	                 "{\"full_name\":\"ans/d\",\"uuid\":[1]}]}", big);
	assert_int_equal(forge_bitbucket.list_first(&req, &ws), 0);
	fx_set(&x, 200, page, strlen(page), NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, req, &x), 0);
	assert_int_equal(l.n, 4);
	assert_null(fx_find(&l, "ans/a")->forge_id);
	assert_null(fx_find(&l, "ans/b")->forge_id);
	assert_string_equal(fx_find(&l, "ans/c")->forge_id, "17");
	assert_null(fx_find(&l, "ans/d")->forge_id);
	repo_list_clear(&l);
	fx_free(&x);
	http_req_free(req);
	free(page);
}

static void bitbucket_bad_pages_and_statuses(void **state)
{
	static const char *bodies[] = {
		"<html><body>Bitbucket is down for maintenance</body></html>",
		"{\"values\":[{\"full_name\":\"a/b\"}",
		"[]",
		"{\"values\":{}}",
		"{\"values\":[{\"slug\":\"no-name\"}]}",
		"{\"values\":[],\"next\":42}",
		"{\"values\":[],\"next\":\"https://evil.example/2.0/repositories/x?page=2\"}",
		"{\"values\":[],\"next\":\"mailto:x@y\"}",
	};
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	assert_int_equal(forge_bitbucket.list_first(&req, &ws), 0);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		fx_set(&x, 200, bodies[i], strlen(bodies[i]), NULL, (char *)NULL);
		assert_int_equal(parse(&l, &next, req, &x), ERROR_PARSE);
		assert_null(next);
		assert_non_null(strstr(error_last(), "bitbucket.org account opensymphony"));
		fx_free(&x);
	}
	fx_set(&x, 404, FX_S("{\"type\":\"error\",\"error\":{\"message\":\"Repository owner not found\"}}"), NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, req, &x), ERROR_NOTFOUND);
	assert_non_null(strstr(error_last(), "Repository owner not found"));
	fx_free(&x);
	fx_set(&x, 429, FX_S(""), NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, req, &x), ERROR_STATUS);
	assert_non_null(strstr(error_last(), "429"));
	fx_free(&x);
	assert_int_equal(l.n, 0);
	http_req_free(req);
}

static void bitbucket_owner_is_the_workspace(void **state)
{
	static const char body[] = "{\"type\":\"workspace\",\"slug\":\"opensymphony\",\"name\":\"OpenSymphony\","
		"\"links\":{\"html\":{\"href\":\"https://bitbucket.org/opensymphony/\"},"
		"\"avatar\":{\"href\":\"https://bitbucket.org/workspaces/opensymphony/avatar\"}},"
		"\"created_on\":\"2011-06-06T03:40:09.505792+00:00\"}";
	struct http_req *req, *next;
	struct owner o;
	struct fx x;

	(void)state;
	owner_init(&o);
	assert_int_equal(forge_bitbucket.owner_first(&req, &ws), 0);
	fx_set(&x, 200, FX_S(body), NULL, (char *)NULL);
	assert_int_equal(forge_bitbucket.owner_parse(&o, &next, &ws, req, &x.resp), 0);
	assert_null(next);
	assert_string_equal(o.login, "opensymphony");
	assert_string_equal(o.name, "OpenSymphony");
	assert_string_equal(o.html_url, "https://bitbucket.org/opensymphony/");
	assert_string_equal(o.avatar_url, "https://bitbucket.org/workspaces/opensymphony/avatar");
	assert_string_equal(o.created_at, "2011-06-06T03:40:09Z");
	owner_clear(&o);
	fx_free(&x);
	http_req_free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bitbucket_requests_and_basic_or_bearer_auth),
		cmocka_unit_test(bitbucket_recorded_pages_follow_body_next_until_absent),
		cmocka_unit_test(bitbucket_odd_uuids_are_no_ids),
		cmocka_unit_test(bitbucket_full_objects_private_skipped_login_stripped),
		cmocka_unit_test(bitbucket_bad_pages_and_statuses),
		cmocka_unit_test(bitbucket_owner_is_the_workspace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
