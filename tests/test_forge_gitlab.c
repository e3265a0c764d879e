/* test_forge_gitlab.c - tests forges/gitlab.c */
#include "tests/forge_test.h"

#include "forges/forge_int.h"

static const struct account group = {
	"foss.heptapod.net", "https://foss.heptapod.net/api/v4", "heptapod", ACCOUNT_ORG
};
static const struct account instance = {
	"gitlab.com", "https://gitlab.com/api/v4", NULL, ACCOUNT_INSTANCE
};

static int parse(struct repo_list *l, struct http_req **next, const struct account *a, const struct http_req *req,
                 const struct fx *x)
{
	return forge_gitlab.list_parse(l, next, a, req, &x->resp);
}

static void recorded(struct fx *x, const char *rel, const char *url)
{
	size_t len;
	char *body = fx_recorded(rel, &len);

	fx_set(x, 200, body, len, url, (char *)NULL);
	free(body);
}

static void gitlab_first_requests_per_account_kind(void **state)
{
	struct account a = { "gitlab.com", "https://gitlab.com/api/v4", "drees_code/sous-groupe", ACCOUNT_ORG };
	struct http_req *r;
	char *n, *v;

	(void)state;
	assert_int_equal(forge_gitlab.list_first(&r, &a), 0);
	assert_string_equal(r->url, "https://gitlab.com/api/v4/groups/drees_code%2Fsous-groupe/projects?include_subgroups=true&with_shared=false&visibility=public&per_page=100");
	http_req_free(r);
	a.kind = ACCOUNT_USER;
	a.owner = "someone";
	assert_int_equal(forge_gitlab.list_first(&r, &a), 0);
	assert_string_equal(r->url, "https://gitlab.com/api/v4/users/someone/projects?visibility=public&per_page=100");
	http_req_free(r);
	assert_int_equal(forge_gitlab.list_first(&r, &instance), 0);
	assert_string_equal(r->url, "https://gitlab.com/api/v4/projects?pagination=keyset&order_by=id&sort=asc&visibility=public&per_page=100");
	http_req_free(r);
	a.kind = ACCOUNT_ORG;
	a.owner = "";
	assert_int_equal(forge_gitlab.list_first(&r, &a), ERROR_INVALID);
	assert_int_equal(forge_gitlab.api_root(&n, "git.drees.fr"), 0);
	assert_string_equal(n, "https://git.drees.fr/api/v4");
	free(n);
	assert_int_equal(forge_gitlab.auth_header(&n, &v, "glpat-x"), 0);
	assert_string_equal(n, "PRIVATE-TOKEN");
	assert_string_equal(v, "glpat-x");
	free(n);
	free(v);
}

static void gitlab_recorded_group_page_keeps_subgroup_paths(void **state)
{
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	const struct repo *r;
	struct fx x;

	(void)state;
	/* First: the skip must not leak what the test allocated. */
	fx_need_shared_data();
	assert_int_equal(forge_gitlab.list_first(&req, &group), 0);
	recorded(&x, "gitlab/swh-lister-heptapod/https_foss.heptapod.net/api_response_page1.json", req->url);
	assert_int_equal(parse(&l, &next, &group, req, &x), 0);
	assert_null(next);	/* no Link, no X-Next-Page */
	assert_int_equal(l.n, 10);
	r = fx_find(&l, "heptapod/slides/2019-hg-paris");
	assert_non_null(r);
	assert_string_equal(r->owner, "heptapod");
	assert_string_equal(r->name, "2019-hg-paris");
	assert_string_equal(r->html_url, "https://foss.heptapod.net/heptapod/slides/2019-hg-paris");
	assert_string_equal(r->clone_url, "https://foss.heptapod.net/heptapod/slides/2019-hg-paris");
	assert_string_equal(r->default_branch, "branch/default");
	assert_string_equal(r->created_at, "2019-05-28T00:53:04Z");
	assert_string_equal(r->pushed_at, "2019-06-11T16:39:49Z");
	assert_string_equal(r->visibility, "public");
	assert_string_equal(r->description, "Slides for a Heptapod presentation at Mercurial Conference - Paris 2019");
	assert_int_equal(r->open_issues, -1);
	assert_null(r->language);
	/* the id a rename or a transfer keeps (output/changes.h) */
	assert_string_equal(r->forge_id, "1");
	assert_string_equal(fx_find(&l, "mercurial/evolve")->forge_id, "15");
	r = fx_find(&l, "mercurial/evolve");
	assert_int_equal(r->stars, 11);
	assert_int_equal(r->ntopics, 3);
	assert_string_equal(r->topics[1], "history-rewriting");
	assert_int_equal(fx_find(&l, "heptapod/heptapod")->stars, 17);
	repo_list_clear(&l);
	http_req_free(req);
	fx_free(&x);
}

static void gitlab_recorded_instance_page_follows_the_keyset_link(void **state)
{
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	const struct repo *r;
	struct fx x;

	(void)state;
	/* First: the skip must not leak what the test allocated. */
	fx_need_shared_data();
	assert_int_equal(forge_gitlab.list_first(&req, &instance), 0);
	recorded(&x, "gitlab/swh-lister/https_gitlab.com/api_response_page1.json", req->url);
	x.hdr[0].name = xstrdup("Link");
	x.hdr[0].value = xstrdup("<https://gitlab.com/api/v4/projects?id_after=2390&order_by=id&pagination=keyset&per_page=100&sort=asc&visibility=public>; rel=\"next\"");
	x.resp.nheaders = 1;
	assert_int_equal(parse(&l, &next, &instance, req, &x), 0);
	assert_int_equal(l.n, 10);
	assert_non_null(next);
	assert_string_equal(next->url, "https://gitlab.com/api/v4/projects?id_after=2390&order_by=id&pagination=keyset&per_page=100&sort=asc&visibility=public");
	assert_int_equal(next->step, req->step);
	r = fx_find(&l, "leberwurscht/teardownwalls");
	assert_string_equal(r->owner, "leberwurscht");
	assert_string_equal(r->name, "teardownwalls");
	assert_null(r->description);
	assert_int_equal(r->stars, 1);
	assert_int_equal(r->forks, 3);
	assert_string_equal(r->created_at, "2012-10-15T17:26:53Z");
	assert_string_equal(r->updated_at, "2013-10-03T08:08:46Z");	/* last_activity_at */
	assert_null(fx_find(&l, "technomancy/leiningen")->description);	/* "" */
	assert_null(fx_find(&l, "soeren/sspssptest")->default_branch);	/* empty project */
	http_req_free(next);
	repo_list_clear(&l);
	fx_free(&x);

	/* keyset end: empty array, no Link */
	fx_set(&x, 200, FX_S("[]"), req->url, (char *)NULL);
	assert_int_equal(parse(&l, &next, &instance, req, &x), 0);
	assert_null(next);
	assert_int_equal(l.n, 0);
	fx_free(&x);
	http_req_free(req);
}

static void gitlab_recorded_offset_pages_follow_x_next_page(void **state)
{
	static const char *pages[] = {
		"gitlab/swh-lister/https_gite.lirmm.fr/api_response_page1.json",
		"gitlab/swh-lister/https_gite.lirmm.fr/api_response_page2.json",
		"gitlab/swh-lister/https_gite.lirmm.fr/api_response_page3.json",
	};
	static const char *xnp[] = { "2", " 3", "" };
	struct account a = { "gite.lirmm.fr", "https://gite.lirmm.fr/api/v4", "pid", ACCOUNT_ORG };
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	/* First: the skip must not leak what the test allocated. */
	fx_need_shared_data();
	assert_int_equal(forge_gitlab.list_first(&req, &a), 0);
	for (int i = 0; i < 3; i++) {
		recorded(&x, pages[i], NULL);
		x.hdr[0].name = xstrdup("X-Next-Page");
		x.hdr[0].value = xstrdup(xnp[i]);
		x.hdr[1].name = xstrdup("X-Total-Pages");
		x.hdr[1].value = xstrdup("1");	/* must be ignored */
		x.resp.nheaders = 2;
		assert_int_equal(parse(&l, &next, &a, req, &x), 0);
		fx_free(&x);
		http_req_free(req);
		req = next;
		if (i == 0)
			assert_string_equal(next->url, "https://gite.lirmm.fr/api/v4/groups/pid/projects?include_subgroups=true&with_shared=false&visibility=public&per_page=100&page=2");
		if (i == 1)
			assert_string_equal(next->url, "https://gite.lirmm.fr/api/v4/groups/pid/projects?include_subgroups=true&with_shared=false&visibility=public&per_page=100&page=3");
	}
	assert_null(req);	/* X-Next-Page empty on the last page */
	assert_int_equal(l.n, 5);
	assert_non_null(fx_find(&l, "rob-miscellaneous/wrappers/urdfdom"));
	assert_string_equal(fx_find(&l, "pid/environments/conventional_commits")->name, "conventional_commits");
	repo_list_clear(&l);
}

static void gitlab_group_404_of_an_unknown_account_asks_the_user(void **state)
{
	struct account a = { "gitlab.com", "https://gitlab.com/api/v4", "jdoe", ACCOUNT_UNKNOWN };
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	assert_int_equal(forge_gitlab.list_first(&req, &a), 0);
	fx_set(&x, 404, FX_S("{\"message\":\"404 Group Not Found\"}"), NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, &a, req, &x), 0);
	assert_non_null(next);
	assert_string_equal(next->url, "https://gitlab.com/api/v4/users/jdoe/projects?visibility=public&per_page=100");
	assert_int_not_equal(next->step, req->step);
	/* and the user's 404 is the end */
	http_req_free(req);
	assert_int_equal(parse(&l, &req, &a, next, &x), ERROR_NOTFOUND);
	assert_null(req);
	assert_non_null(strstr(error_last(), "gitlab.com account jdoe"));
	assert_non_null(strstr(error_last(), "404 Group Not Found"));
	http_req_free(next);
	/* a subgroup path cannot be a user; a known group is not retried */
	a.owner = "a/b";
	assert_int_equal(forge_gitlab.list_first(&req, &a), 0);
	assert_int_equal(parse(&l, &next, &a, req, &x), ERROR_NOTFOUND);
	http_req_free(req);
	a.owner = "jdoe";
	a.kind = ACCOUNT_ORG;
	assert_int_equal(forge_gitlab.list_first(&req, &a), 0);
	assert_int_equal(parse(&l, &next, &a, req, &x), ERROR_NOTFOUND);
	assert_null(next);
	http_req_free(req);
	fx_free(&x);
}

static const char page_full[] =
	"[{\"path_with_namespace\":\"drees/stats/sub/tool\",\"path\":\"tool\",\"name\":\"Tool\","
	"\"visibility\":\"public\",\"archived\":true,\"mirror\":true,\"empty_repo\":false,"
	"\"forked_from_project\":{\"id\":1},\"topics\":[],\"tag_list\":[\"old\"],"
	"\"open_issues_count\":3,\"updated_at\":\"2024-06-01T10:00:00.000+02:00\","
	"\"last_activity_at\":\"2024-06-02T10:00:00.000Z\",\"star_count\":\"1\"},"
	"{\"path_with_namespace\":\"drees/private\",\"visibility\":\"private\"},"
	"{\"path_with_namespace\":\"drees/internal\",\"visibility\":\"internal\"},"
	"{\"path_with_namespace\":\"drees/empty\",\"visibility\":\"public\",\"empty_repo\":true,"
	"\"forked_from_project\":null}]";

static void gitlab_private_skipped_archived_mirror_fork_flagged(void **state)
{
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	const struct repo *r;
	struct fx x;

	(void)state;
	assert_int_equal(forge_gitlab.list_first(&req, &group), 0);
	fx_set(&x, 200, page_full, sizeof(page_full) - 1, NULL,
	       "X-Next-Page", "", (char *)NULL);
	assert_int_equal(parse(&l, &next, &group, req, &x), 0);
	assert_null(next);
	assert_int_equal(l.n, 2);
	r = fx_find(&l, "drees/stats/sub/tool");
	assert_string_equal(r->owner, "drees");
	assert_string_equal(r->name, "tool");
	assert_true(r->archived);
	assert_true(r->mirror);
	assert_true(r->fork);
	assert_false(r->empty);
	assert_int_equal(r->open_issues, 3);
	assert_int_equal(r->stars, -1);		/* "1" is a string */
	/* updated_at is last_activity_at, as ecosyste.ms records it and
	 * code.gouv.fr shows it (`u`); the project's own updated_at aside */
	assert_string_equal(r->updated_at, "2024-06-02T10:00:00Z");
	assert_string_equal(r->pushed_at, "2024-06-02T10:00:00Z");
	assert_int_equal(r->ntopics, 1);	/* falls back to tag_list */
	assert_string_equal(r->topics[0], "old");
	r = fx_find(&l, "drees/empty");
	assert_true(r->empty);
	assert_false(r->fork);
	assert_false(r->archived);
	repo_list_clear(&l);
	fx_free(&x);
	http_req_free(req);
}

static void gitlab_bad_pages_are_errors(void **state)
{
	static const char *bodies[] = {
		"<html><head><title>Sign in · GitLab</title></head></html>",
		"[{\"path_with_namespace\":\"a/b\"",
		"{\"projects\":[]}",
		"[{\"path_with_namespace\":17}]",
		"[{\"path_with_namespace\":\"noslash\"}]",
	};
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	assert_int_equal(forge_gitlab.list_first(&req, &group), 0);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		fx_set(&x, 200, bodies[i], strlen(bodies[i]), NULL, (char *)NULL);
		assert_int_equal(parse(&l, &next, &group, req, &x), ERROR_PARSE);
		assert_non_null(strstr(error_last(), "foss.heptapod.net account heptapod"));
		fx_free(&x);
	}
	fx_set(&x, 200, FX_S("[]"), NULL, "X-Next-Page", "two", (char *)NULL);
	assert_int_equal(parse(&l, &next, &group, req, &x), ERROR_PARSE);
	assert_non_null(strstr(error_last(), "X-Next-Page"));
	fx_free(&x);
	fx_set(&x, 500, FX_S("Internal"), NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, &group, req, &x), ERROR_STATUS);
	assert_non_null(strstr(error_last(), "500"));
	fx_free(&x);
	assert_int_equal(l.n, 0);
	http_req_free(req);
}

static void gitlab_owner_of_group_then_user(void **state)
{
	static const char grp[] = "{\"id\":5,\"name\":\"DREES\",\"full_path\":\"drees_code\","
		"\"description\":\"Code de la DREES\",\"web_url\":\"https://gitlab.com/groups/drees_code\","
		"\"created_at\":\"2019-01-01T00:00:00.000Z\"}";
	static const char usr[] = "[{\"id\":9,\"username\":\"jdoe\",\"name\":\"J. Doe\","
		"\"web_url\":\"https://gitlab.com/jdoe\",\"avatar_url\":\"https://a/x.png\"}]";
	struct account a = { "gitlab.com", "https://gitlab.com/api/v4", "drees_code", ACCOUNT_UNKNOWN };
	struct http_req *req, *next;
	struct owner o;
	struct fx x;

	(void)state;
	owner_init(&o);
	assert_int_equal(forge_gitlab.owner_first(&req, &a), 0);
	assert_string_equal(req->url, "https://gitlab.com/api/v4/groups/drees_code?with_projects=false");
	fx_set(&x, 200, grp, sizeof(grp) - 1, NULL, (char *)NULL);
	assert_int_equal(forge_gitlab.owner_parse(&o, &next, &a, req, &x.resp), 0);
	assert_null(next);
	assert_string_equal(o.login, "drees_code");
	assert_string_equal(o.name, "DREES");
	assert_string_equal(o.description, "Code de la DREES");
	assert_string_equal(o.created_at, "2019-01-01T00:00:00Z");
	assert_false(o.is_user);
	owner_clear(&o);
	fx_free(&x);

	a.owner = "jdoe";
	fx_set(&x, 404, FX_S("{\"message\":\"404 Group Not Found\"}"), NULL, (char *)NULL);
	assert_int_equal(forge_gitlab.owner_parse(&o, &next, &a, req, &x.resp), 0);
	assert_string_equal(next->url, "https://gitlab.com/api/v4/users?username=jdoe");
	fx_free(&x);
	http_req_free(req);
	fx_set(&x, 200, usr, sizeof(usr) - 1, NULL, (char *)NULL);
	assert_int_equal(forge_gitlab.owner_parse(&o, &req, &a, next, &x.resp), 0);
	assert_string_equal(o.login, "jdoe");
	assert_string_equal(o.name, "J. Doe");
	assert_true(o.is_user);
	owner_clear(&o);
	fx_free(&x);
	fx_set(&x, 200, FX_S("[]"), NULL, (char *)NULL);
	assert_int_equal(forge_gitlab.owner_parse(&o, &req, &a, next, &x.resp), ERROR_NOTFOUND);
	fx_free(&x);
	http_req_free(next);
}


/* A whole instance's page: a user's namespace is flagged, the licence key
 * kept as a key, and a user's followers read. */
static void gitlab_user_namespaces_licence_keys_and_followers(void **state)
{
	static const char page[] =
		"[{\"path_with_namespace\": \"alice/notes\", \"namespace\": {\"kind\": \"user\","
		"  \"full_path\": \"alice\"}, \"last_activity_at\": \"2024-06-02T10:00:00.123Z\"},"
		" {\"path_with_namespace\": \"stats/sub/outil\", \"namespace\": {\"kind\": \"group\","
		"  \"full_path\": \"stats/sub\"}, \"license\": {\"key\": \"eupl-1.2\"},"
		"  \"updated_at\": \"2024-01-01T00:00:00Z\"}]";
	static const char user[] = "[{\"username\": \"alice\", \"followers\": 8}]";
	struct account alice = { "gitlab.com", "https://gitlab.com/api/v4", "alice",
	                         ACCOUNT_USER };
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct owner o;
	struct fx x;

	(void)state;
	assert_int_equal(forge_gitlab.list_first(&req, &instance), 0);
	fx_set(&x, 200, page, sizeof(page) - 1, NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, &instance, req, &x), 0);
	assert_int_equal(l.n, 2);
	assert_true(fx_find(&l, "alice/notes")->owner_is_user);
	assert_string_equal(fx_find(&l, "alice/notes")->updated_at,
	                    "2024-06-02T10:00:00Z");
	assert_false(fx_find(&l, "stats/sub/outil")->owner_is_user);
	assert_string_equal(fx_find(&l, "stats/sub/outil")->owner, "stats");
	assert_string_equal(fx_find(&l, "stats/sub/outil")->license_key, "eupl-1.2");
	/* no last_activity_at: updated_at */
	assert_string_equal(fx_find(&l, "stats/sub/outil")->updated_at,
	                    "2024-01-01T00:00:00Z");
	repo_list_clear(&l);
	fx_free(&x);
	http_req_free(req);
	owner_init(&o);
	assert_int_equal(forge_gitlab.owner_first(&req, &alice), 0);
	fx_set(&x, 200, user, sizeof(user) - 1, NULL, (char *)NULL);
	assert_int_equal(forge_gitlab.owner_parse(&o, &next, &alice, req, &x.resp), 0);
	assert_int_equal(o.followers, 8);
	assert_true(o.is_user);
	owner_clear(&o);
	fx_free(&x);
	http_req_free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gitlab_user_namespaces_licence_keys_and_followers),
		cmocka_unit_test(gitlab_first_requests_per_account_kind),
		cmocka_unit_test(gitlab_recorded_group_page_keeps_subgroup_paths),
		cmocka_unit_test(gitlab_recorded_instance_page_follows_the_keyset_link),
		cmocka_unit_test(gitlab_recorded_offset_pages_follow_x_next_page),
		cmocka_unit_test(gitlab_group_404_of_an_unknown_account_asks_the_user),
		cmocka_unit_test(gitlab_private_skipped_archived_mirror_fork_flagged),
		cmocka_unit_test(gitlab_bad_pages_are_errors),
		cmocka_unit_test(gitlab_owner_of_group_then_user),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
