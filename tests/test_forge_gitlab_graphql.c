/* test_forge_gitlab_graphql.c - tests forges/gitlab_graphql.c: GitLab
 * groups listed several to a GraphQL query, with the REST records. */
#include "tests/forge_test.h"

#include <jansson.h>

#include "forges/forge_int.h"

static const struct account drees = {
	"gitlab.com", "https://gitlab.com/api/v4", "drees", ACCOUNT_ORG
};
static const struct account bare = {
	"gitlab.com", "https://gitlab.com/api/v4", "ghost", ACCOUNT_UNKNOWN
};
static const struct account sub = {
	"gitlab.com", "https://gitlab.com/api/v4", "drees/nope", ACCOUNT_UNKNOWN
};

/* A project as the REST list gives it (projects.html) and the same
 * project as the GraphQL API does (reference, "Project"). */
static const char rest_page[] =
	"[{\"id\": 4242, \"path\": \"outil\", \"name\": \"Outil\","
	"\"path_with_namespace\": \"drees/sante/outil\","
	"\"namespace\": {\"kind\": \"group\", \"full_path\": \"drees/sante\"},"
	"\"description\": \"Un outil\", \"default_branch\": \"main\","
	"\"visibility\": \"public\", \"web_url\": \"https://gitlab.com/drees/sante/outil\","
	"\"http_url_to_repo\": \"https://gitlab.com/drees/sante/outil.git\","
	"\"topics\": [\"sante\", \"open-data\"], \"star_count\": 7, \"forks_count\": 2,"
	"\"open_issues_count\": 3, \"archived\": true, \"empty_repo\": false,"
	"\"forked_from_project\": {\"id\": 1},"
	"\"created_at\": \"2021-03-04T10:00:00.000Z\","
	"\"last_activity_at\": \"2024-05-06T07:08:09.123Z\","
	"\"updated_at\": \"2024-05-01T00:00:00.000Z\"}]";

#define GQL_NODE \
	"{\"id\": \"gid://gitlab/Project/4242\", \"path\": \"outil\"," \
	"\"fullPath\": \"drees/sante/outil\", \"description\": \"Un outil\"," \
	"\"repository\": {\"rootRef\": \"main\", \"empty\": false}," \
	"\"visibility\": \"public\", \"webUrl\": \"https://gitlab.com/drees/sante/outil\"," \
	"\"httpUrlToRepo\": \"https://gitlab.com/drees/sante/outil.git\"," \
	"\"topics\": [\"sante\", \"open-data\"], \"starCount\": 7, \"forksCount\": 2," \
	"\"openIssuesCount\": 3, \"archived\": true," \
	"\"forkedFrom\": {\"id\": \"gid://gitlab/Project/1\"}," \
	"\"createdAt\": \"2021-03-04T10:00:00Z\"," \
	"\"lastActivityAt\": \"2024-05-06T07:08:09Z\"," \
	"\"updatedAt\": \"2024-05-01T00:00:00Z\"}"

#define GQL_GROUP \
	"\"fullPath\": \"drees\", \"name\": \"DREES\", \"description\": \"Direction\"," \
	"\"webUrl\": \"https://gitlab.com/groups/drees\"," \
	"\"avatarUrl\": \"https://gitlab.com/uploads/drees.png\"," \
	"\"createdAt\": \"2019-01-01T00:00:00Z\""

static void items_init(struct forge_batch *b, const struct account *const *a,
                       size_t n)
{
	memset(b, 0, n * sizeof(*b));
	for (size_t i = 0; i < n; i++) {
		b[i].acct = a[i];
		owner_init(&b[i].owner);
	}
}

static void items_clear(struct forge_batch *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(b[i].cursor);
		free(b[i].message);
		repo_list_clear(&b[i].repos);
		owner_clear(&b[i].owner);
	}
}

/* Parse BODY (status STATUS) as the answer to the batch of B[0..n). */
static int answer(struct forge_batch *b, size_t n, long status,
                  const char *body, size_t len)
{
	struct forge_batch *items[8];
	struct http_req *req;
	struct fx x;
	int rc;

	for (size_t i = 0; i < n; i++)
		items[i] = &b[i];
	assert_int_equal(gitlab_graphql_first(&req, items, n), 0);
	fx_set(&x, status, body, len, NULL, (char *)NULL);
	rc = gitlab_graphql_parse(items, n, req, &x.resp);
	fx_free(&x);
	http_req_free(req);
	return rc;
}

static void str_eq(const char *a, const char *b, const char *what)
{
	if (!a || !b) {
		if (a != b)
			fail_msg("%s: %s != %s", what, a ? a : "NULL", b ? b : "NULL");
		return;
	}
	if (strcmp(a, b))
		fail_msg("%s: \"%s\" != \"%s\"", what, a, b);
}

static void gitlab_graphql_takes_groups_of_an_api_v4_root_only(void **state)
{
	struct account a = drees;
	char *url;

	(void)state;
	url = gitlab_graphql_url("https://gitlab.com/api/v4");
	assert_string_equal(url, "https://gitlab.com/api/graphql");
	free(url);
	url = gitlab_graphql_url("https://git.example.fr/gitlab/api/v4");
	assert_string_equal(url, "https://git.example.fr/gitlab/api/graphql");
	free(url);
	assert_null(gitlab_graphql_url("https://gitlab.com/api/v3"));
	assert_true(gitlab_graphql_accepts(&a));
	assert_true(gitlab_graphql_accepts(&bare));
	a.kind = ACCOUNT_USER;
	assert_false(gitlab_graphql_accepts(&a));
	a.kind = ACCOUNT_INSTANCE;
	a.owner = NULL;
	assert_false(gitlab_graphql_accepts(&a));
	a = drees;
	a.api_url = "https://gitlab.com/custom";
	assert_false(gitlab_graphql_accepts(&a));
	/* The plug-in's batch: a few groups a query, REST behind it, and
	 * no token needed. */
	assert_int_equal(forge_gitlab.batch_max, 3);
	assert_true(forge_gitlab.batch_fallback);
	assert_false(forge_gitlab.batch_token);
	assert_ptr_equal(forge_gitlab.batch_accepts, gitlab_graphql_accepts);
}

static void gitlab_graphql_query_has_an_alias_and_a_cursor_per_group(void **state)
{
	const struct account *a[] = { &drees, &bare };
	struct forge_batch b[2], *items[] = { &b[0], &b[1] };
	struct http_req *req;
	json_t *body, *vars;
	const char *q;

	(void)state;
	items_init(b, a, 2);
	b[1].cursor = xstrdup("eyJpZCI6IjQyIn0");
	assert_int_equal(gitlab_graphql_first(&req, items, 2), 0);
	assert_string_equal(req->method, "POST");
	assert_string_equal(req->url, "https://gitlab.com/api/graphql");
	body = json_loadb(req->body, req->body_len, 0, NULL);
	assert_non_null(body);
	q = json_string_value(json_object_get(body, "query"));
	vars = json_object_get(body, "variables");
	assert_non_null(strstr(q, "query($p0: ID!, $c0: String, $p1: ID!, $c1: String)"));
	assert_non_null(strstr(q, "g0: group(fullPath: $p0) { ...G projects("
	                          "includeSubgroups: true, includeArchived: true, "
	                          "first: 100, after: $c0)"));
	/* A next page asks no group metadata again. */
	assert_non_null(strstr(q, "g1: group(fullPath: $p1) { projects("));
	assert_non_null(strstr(q, "fragment G on Group"));
	assert_non_null(strstr(q, "forkedFrom { id } repository { rootRef empty }"));
	assert_string_equal(json_string_value(json_object_get(vars, "p0")), "drees");
	assert_true(json_is_null(json_object_get(vars, "c0")));
	assert_string_equal(json_string_value(json_object_get(vars, "c1")),
	                    "eyJpZCI6IjQyIn0");
	/* Names go in variables, never in the query text. */
	assert_null(strstr(q, "ghost"));
	json_decref(body);
	http_req_free(req);
	/* Only next pages: no fragment G (GraphQL refuses an unused one). */
	free(b[0].cursor);
	b[0].cursor = xstrdup("x");
	assert_int_equal(gitlab_graphql_first(&req, items, 2), 0);
	assert_null(strstr(req->body, "fragment G"));
	http_req_free(req);
	items_clear(b, 2);
}

static void gitlab_graphql_records_are_the_rest_listing_s(void **state)
{
	static const char gql[] =
		"{\"data\": {\"g0\": {" GQL_GROUP ", \"projects\": {"
		"\"pageInfo\": {\"hasNextPage\": true, \"endCursor\": \"Y3Vy\"},"
		"\"nodes\": [" GQL_NODE ","
		"{\"id\": \"gid://gitlab/Project/9\", \"path\": \"secret\","
		"\"fullPath\": \"drees/secret\", \"visibility\": \"private\"}]}}}}";
	const struct account *a[] = { &drees };
	struct repo_list rest = { 0 };
	struct http_req *req, *next;
	struct forge_batch b;
	const struct repo *r, *g;
	struct fx x;

	(void)state;
	assert_int_equal(forge_gitlab.list_first(&req, &drees), 0);
	fx_set(&x, 200, FX_S(rest_page), req->url, (char *)NULL);
	assert_int_equal(forge_gitlab.list_parse(&rest, &next, &drees, req, &x.resp), 0);
	fx_free(&x);
	http_req_free(req);
	items_init(&b, a, 1);
	assert_int_equal(answer(&b, 1, 200, FX_S(gql)), 0);
	assert_int_equal(b.rc, 0);
	assert_false(b.fallback);
	assert_int_equal(b.repos.n, 1);      /* the private one skipped */
	r = &rest.v[0];
	g = &b.repos.v[0];
	str_eq(g->host, r->host, "host");
	str_eq(g->owner, r->owner, "owner");
	str_eq(g->full_name, r->full_name, "full_name");
	str_eq(g->name, r->name, "name");
	str_eq(g->html_url, r->html_url, "html_url");
	str_eq(g->clone_url, r->clone_url, "clone_url");
	str_eq(g->description, r->description, "description");
	str_eq(g->default_branch, r->default_branch, "default_branch");
	str_eq(g->visibility, r->visibility, "visibility");
	str_eq(g->created_at, r->created_at, "created_at");
	str_eq(g->updated_at, r->updated_at, "updated_at");
	str_eq(g->pushed_at, r->pushed_at, "pushed_at");
	str_eq(g->language, r->language, "language");
	str_eq(g->license, r->license, "license");
	str_eq(g->license_key, r->license_key, "license_key");
	/* The numeric id of "gid://gitlab/Project/4242": renames pair up
	 * whichever API listed the group. */
	str_eq(g->forge_id, r->forge_id, "forge_id");
	assert_string_equal(g->forge_id, "4242");
	assert_int_equal(g->fork, r->fork);
	assert_true(g->fork);
	assert_int_equal(g->archived, r->archived);
	assert_int_equal(g->empty, r->empty);
	assert_int_equal(g->mirror, r->mirror);
	assert_int_equal(g->owner_is_user, r->owner_is_user);
	assert_int_equal(g->stars, r->stars);
	assert_int_equal(g->forks, r->forks);
	assert_int_equal(g->open_issues, r->open_issues);
	assert_int_equal(g->ntopics, r->ntopics);
	for (size_t i = 0; i < r->ntopics; i++)
		str_eq(g->topics[i], r->topics[i], "topic");
	/* The group's own metadata, and where the next page starts. */
	assert_true(b.have_owner);
	assert_string_equal(b.owner.login, "drees");
	assert_string_equal(b.owner.name, "DREES");
	assert_string_equal(b.owner.description, "Direction");
	assert_string_equal(b.owner.html_url, "https://gitlab.com/groups/drees");
	assert_string_equal(b.owner.avatar_url, "https://gitlab.com/uploads/drees.png");
	assert_string_equal(b.owner.created_at, "2019-01-01T00:00:00Z");
	assert_int_equal(b.owner.followers, -1);
	assert_false(b.owner.is_user);
	assert_string_equal(b.cursor, "Y3Vy");
	assert_false(b.done);
	repo_list_clear(&rest);
	items_clear(&b, 1);
}

static void gitlab_graphql_last_page_ends_and_keeps_the_owner(void **state)
{
	static const char gql[] =
		"{\"data\": {\"g0\": {\"projects\": {"
		"\"pageInfo\": {\"hasNextPage\": false, \"endCursor\": \"Zg\"},"
		"\"nodes\": [" GQL_NODE "]}}}}";
	const struct account *a[] = { &drees };
	struct forge_batch b;

	(void)state;
	items_init(&b, a, 1);
	b.cursor = xstrdup("Y3Vy");
	assert_int_equal(answer(&b, 1, 200, FX_S(gql)), 0);
	assert_true(b.done);
	assert_null(b.cursor);
	assert_false(b.have_owner);          /* read on the first page only */
	assert_int_equal(b.repos.n, 1);
	items_clear(&b, 1);
}

static void gitlab_graphql_null_group_fails_as_rest_s_404_or_asks_rest(void **state)
{
	static const char gql[] =
		"{\"data\": {\"g0\": null, \"g1\": null, \"g2\": null}}";
	const struct account *a[] = { &drees, &bare, &sub };
	struct forge_batch b[3];

	(void)state;
	items_init(b, a, 3);
	assert_int_equal(answer(b, 3, 200, FX_S(gql)), 0);
	/* A group: not found, as REST's 404. */
	assert_int_equal(b[0].rc, ERROR_NOTFOUND);
	assert_non_null(strstr(b[0].message, "gitlab.com account drees"));
	assert_non_null(strstr(b[0].message, "no such group"));
	assert_false(b[0].fallback);
	/* A bare name of unknown kind may be a user: REST tells. */
	assert_int_equal(b[1].rc, 0);
	assert_true(b[1].fallback);
	/* A path with '/' is a subgroup or nothing. */
	assert_int_equal(b[2].rc, ERROR_NOTFOUND);
	assert_false(b[2].fallback);
	items_clear(b, 3);
}

static void gitlab_graphql_errors_send_the_groups_to_rest(void **state)
{
	static const char whole[] =
		"{\"errors\": [{\"message\": \"Query has complexity of 252, which "
		"exceeds max complexity of 200\"}]}";
	static const char one[] =
		"{\"data\": {\"g0\": null, \"g1\": {\"projects\": {"
		"\"pageInfo\": {\"hasNextPage\": false, \"endCursor\": null},"
		"\"nodes\": [" GQL_NODE "]}}},"
		"\"errors\": [{\"message\": \"Internal server error\","
		"\"path\": [\"g0\", \"projects\"]}]}";
	static const char bad_node[] =
		"{\"data\": {\"g0\": {" GQL_GROUP ", \"projects\": {"
		"\"pageInfo\": {\"hasNextPage\": false},"
		"\"nodes\": [" GQL_NODE ", {\"id\": \"gid://gitlab/Issue/3\","
		"\"fullPath\": \"drees/x\", \"visibility\": \"public\"}]}}}}";
	static const char html[] = "<html><body>404</body></html>";
	const struct account *a[] = { &drees, &sub };
	struct forge_batch b[2];

	(void)state;
	/* Refused whole (complexity, an unknown field on an older GitLab):
	 * every group goes to REST. */
	items_init(b, a, 2);
	b[1].cursor = xstrdup("Y3Vy");
	assert_int_equal(answer(b, 2, 200, FX_S(whole)), 0);
	assert_true(b[0].fallback && b[1].fallback);
	assert_int_equal(b[0].rc, 0);
	items_clear(b, 2);
	/* No GraphQL at all: a 404 page. */
	items_init(b, a, 2);
	assert_int_equal(answer(b, 2, 404, FX_S(html)), 0);
	assert_true(b[0].fallback && b[1].fallback);
	items_clear(b, 2);
	/* A 200 that is not JSON. */
	items_init(b, a, 2);
	assert_int_equal(answer(b, 2, 200, FX_S(html)), 0);
	assert_true(b[0].fallback && b[1].fallback);
	items_clear(b, 2);
	/* An error for one alias: that group alone. */
	items_init(b, a, 2);
	assert_int_equal(answer(b, 2, 200, FX_S(one)), 0);
	assert_true(b[0].fallback);
	assert_false(b[1].fallback);
	assert_true(b[1].done);
	assert_int_equal(b[1].repos.n, 1);
	items_clear(b, 2);
	/* A node not as documented: the group goes to REST, and nothing of
	 * that page is kept (REST starts again from its first page). */
	items_init(b, a, 1);
	assert_int_equal(answer(b, 1, 200, FX_S(bad_node)), 0);
	assert_true(b[0].fallback);
	assert_int_equal(b[0].repos.n, 0);
	assert_false(b[0].have_owner);
	items_clear(b, 1);
}

static void gitlab_graphql_refuses_what_it_cannot_list(void **state)
{
	struct account user = drees;
	const struct account *a[] = { &user };
	struct forge_batch b, *items[] = { &b };
	struct http_req *req;

	(void)state;
	user.kind = ACCOUNT_USER;
	items_init(&b, a, 1);
	assert_int_equal(gitlab_graphql_first(&req, items, 1), ERROR_INVALID);
	assert_null(req);
	items_clear(&b, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gitlab_graphql_takes_groups_of_an_api_v4_root_only),
		cmocka_unit_test(gitlab_graphql_query_has_an_alias_and_a_cursor_per_group),
		cmocka_unit_test(gitlab_graphql_records_are_the_rest_listing_s),
		cmocka_unit_test(gitlab_graphql_last_page_ends_and_keeps_the_owner),
		cmocka_unit_test(gitlab_graphql_null_group_fails_as_rest_s_404_or_asks_rest),
		cmocka_unit_test(gitlab_graphql_errors_send_the_groups_to_rest),
		cmocka_unit_test(gitlab_graphql_refuses_what_it_cannot_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
