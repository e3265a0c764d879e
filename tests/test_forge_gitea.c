/* test_forge_gitea.c - tests forges/gitea.c (Gitea, Forgejo, Gogs) */
#include "tests/forge_test.h"

#include "forges/forge_int.h"

static int parse(const struct forge *f, struct repo_list *l,
                 struct http_req **next, const struct account *a,
                 const struct http_req *req, const struct fx *x)
{
	return f->list_parse(l, next, a, req, &x->resp);
}

/* recorded body REL with a Link header LINK (NULL for none): the
 * SoftwareHeritage lister's tests pair these pages with such headers
 * (swh-lister, swh/lister/gitea/tests/test_lister.py). */
static void recorded(struct fx *x, const char *rel, const char *url, const char *link)
{
	size_t len;
	char *body = fx_recorded(rel, &len);

	if (link)
		fx_set(x, 200, body, len, url, "Link", link, (char *)NULL);
	else
		fx_set(x, 200, body, len, url, (char *)NULL);
	free(body);
}

static void gitea_three_kinds_share_the_code_gogs_search_needs_q(void **state)
{
	struct account a = { "codeberg.org", "https://codeberg.org/api/v1", NULL, ACCOUNT_INSTANCE };
	struct http_req *r;
	char *n, *v;

	(void)state;
	assert_string_equal(forge_forgejo.kind, "forgejo");
	assert_string_equal(forge_gogs.kind, "gogs");
	assert_ptr_equal(forge_forgejo.list_parse, forge_gitea.list_parse);
	assert_int_equal(forge_forgejo.list_first(&r, &a), 0);
	assert_string_equal(r->url, "https://codeberg.org/api/v1/repos/search?limit=50");
	http_req_free(r);
	assert_int_equal(forge_gogs.list_first(&r, &a), 0);
	assert_string_equal(r->url, "https://codeberg.org/api/v1/repos/search?q=_&limit=50");
	http_req_free(r);
	a.owner = "fabrique";
	a.kind = ACCOUNT_UNKNOWN;
	assert_int_equal(forge_gitea.list_first(&r, &a), 0);
	assert_string_equal(r->url, "https://codeberg.org/api/v1/orgs/fabrique/repos?limit=50");
	http_req_free(r);
	a.kind = ACCOUNT_USER;
	assert_int_equal(forge_gogs.list_first(&r, &a), 0);
	assert_string_equal(r->url, "https://codeberg.org/api/v1/users/fabrique/repos?limit=50");
	http_req_free(r);
	a.owner = NULL;
	assert_int_equal(forge_gitea.list_first(&r, &a), ERROR_INVALID);
	assert_int_equal(forge_gitea.api_root(&n, "codeberg.org"), 0);
	assert_string_equal(n, "https://codeberg.org/api/v1");
	free(n);
	assert_int_equal(forge_gitea.auth_header(&n, &v, "t0k"), 0);
	assert_string_equal(v, "token t0k");
	free(n);
	free(v);
}

static void gitea_recorded_search_pages_follow_link_then_stop(void **state)
{
	struct account a = { "demo.gitea.com", "https://demo.gitea.com/api/v1", NULL, ACCOUNT_INSTANCE };
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	const struct repo *r;
	struct fx x;

	(void)state;
	/* First: the skip must not leak what the test allocated. */
	fx_need_shared_data();
	req = fx_req("GET", "https://demo.gitea.com/api/v1/repos/search?limit=3&order=asc&page=1&sort=id", 3);
	/* a page of 3 when 50 were asked: the server's cap, not the end */
	recorded(&x, "gitea/swh-lister/https_demo.gitea.com/repos_page1", req->url,
	         "<https://demo.gitea.com/api/v1/repos/search?limit=3&order=asc&page=2&sort=id>; rel=\"next\","
	         "<https://demo.gitea.com/api/v1/repos/search?limit=3&order=asc&page=2282&sort=id>; rel=\"last\"");
	assert_int_equal(parse(&forge_gitea, &l, &next, &a, req, &x), 0);
	assert_int_equal(l.n, 3);
	assert_non_null(next);
	assert_string_equal(next->url, "https://demo.gitea.com/api/v1/repos/search?limit=3&order=asc&page=2&sort=id");
	fx_free(&x);
	http_req_free(req);
	req = next;
	recorded(&x, "gitea/swh-lister/https_demo.gitea.com/repos_page2", req->url,
	         "<https://demo.gitea.com/api/v1/repos/search?limit=3&order=asc&page=1&sort=id>; rel=\"prev\","
	         "<https://demo.gitea.com/api/v1/repos/search?limit=3&order=asc&page=1&sort=id>; rel=\"first\"");
	assert_int_equal(parse(&forge_gitea, &l, &next, &a, req, &x), 0);
	assert_null(next);
	assert_int_equal(l.n, 6);
	r = fx_find(&l, "JonasFranzDEV/drone-gitea-release");
	assert_non_null(r);
	assert_string_equal(r->host, "demo.gitea.com");
	assert_string_equal(r->owner, "JonasFranzDEV");
	assert_string_equal(r->name, "drone-gitea-release");
	assert_string_equal(r->clone_url, "https://demo.gitea.com/JonasFranzDEV/drone-gitea-release.git");
	assert_string_equal(r->html_url, "https://demo.gitea.com/JonasFranzDEV/drone-gitea-release");
	assert_string_equal(r->created_at, "2018-03-30T19:34:44Z");
	assert_string_equal(r->updated_at, "2018-05-29T20:09:40Z");
	assert_null(r->pushed_at);
	assert_null(r->description);		/* "" */
	assert_int_equal(r->forks, 1);
	assert_int_equal(r->open_issues, 1);
	assert_int_equal(r->stars, 0);
	/* the id a rename keeps (output/changes.h) */
	assert_string_equal(fx_find(&l, "ulm0/mux")->forge_id, "5035");
	assert_true(fx_find(&l, "ulm0/negroni")->mirror);
	assert_true(fx_find(&l, "ligh0721/negroni")->fork);
	assert_string_equal(fx_find(&l, "ulm0/mux")->description, "A powerful URL router and dispatcher for golang.");
	repo_list_clear(&l);
	fx_free(&x);
	http_req_free(req);
}

static void forgejo_recorded_pages_flag_empty_repositories(void **state)
{
	struct account a = { "v13.next.forgejo.org", "https://v13.next.forgejo.org/api/v1", NULL, ACCOUNT_INSTANCE };
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	/* First: the skip must not leak what the test allocated. */
	fx_need_shared_data();
	assert_int_equal(forge_forgejo.list_first(&req, &a), 0);
	recorded(&x, "forgejo/swh-lister/https_try.next.forgejo.org/repos_page1", req->url, NULL);
	assert_int_equal(parse(&forge_forgejo, &l, &next, &a, req, &x), 0);
	assert_null(next);
	fx_free(&x);
	recorded(&x, "forgejo/swh-lister/https_try.next.forgejo.org/repos_page2", req->url, NULL);
	assert_int_equal(parse(&forge_forgejo, &l, &next, &a, req, &x), 0);
	assert_int_equal(l.n, 6);
	assert_true(fx_find(&l, "mofodao/122")->empty);
	assert_false(fx_find(&l, "maks1ms/.profile")->empty);
	assert_string_equal(fx_find(&l, "maks1ms/.profile")->name, ".profile");
	assert_true(fx_find(&l, "sclu1034-1/.profile-other")->fork);
	assert_int_equal(fx_find(&l, "mecamic123/26_itec_projets")->open_issues, 2);
	assert_string_equal(fx_find(&l, "qq2014137627/2014137627")->description, "2014137627@qq.com");
	assert_string_equal(fx_find(&l, "maks1ms/.profile")->default_branch, "main");
	assert_null(fx_find(&l, "maks1ms/.profile")->language);	/* "" */
	assert_string_equal(fx_find(&l, "Beowulf/10412")->created_at, "2025-12-12T13:17:00Z");
	repo_list_clear(&l);
	fx_free(&x);
	http_req_free(req);
}

static void gogs_recorded_pages_without_archived_fields(void **state)
{
	struct account a = { "try.gogs.io", "https://try.gogs.io/api/v1", NULL, ACCOUNT_INSTANCE };
	static const char *pages[] = {
		"gogs/swh-lister/https_try.gogs.io/repos_page1",
		"gogs/swh-lister/https_try.gogs.io/repos_page2",
		"gogs/swh-lister/https_try.gogs.io/repos_page3",
		"gogs/swh-lister/https_try.gogs.io/repos_page4",
	};
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;
	const struct repo *r;

	(void)state;
	/* First: the skip must not leak what the test allocated. */
	fx_need_shared_data();
	assert_int_equal(forge_gogs.list_first(&req, &a), 0);
	for (int i = 0; i < 4; i++) {
		recorded(&x, pages[i], req->url, NULL);
		assert_int_equal(parse(&forge_gogs, &l, &next, &a, req, &x), 0);
		assert_null(next);
		fx_free(&x);
	}
	assert_int_equal(l.n, 12);
	r = fx_find(&l, "gdr/ttrss-af_nofacebook");
	assert_true(r->mirror);
	assert_false(r->archived);
	assert_int_equal(r->ntopics, 0);
	r = fx_find(&l, "brejoc/gosgp");
	assert_int_equal(r->forks, 2);
	assert_string_equal(r->description, "Command line SuperGenPass password generator written in go.");
	assert_true(fx_find(&l, "mirdhyn/gosgp")->fork);
	assert_string_equal(fx_find(&l, "carwyn/test-repo")->updated_at, "2022-03-26T07:28:38Z");
	repo_list_clear(&l);
	http_req_free(req);
}

static void gitea_org_404_falls_back_to_the_user(void **state)
{
	struct account a = { "codeberg.org", "https://codeberg.org/api/v1", "jdoe", ACCOUNT_UNKNOWN };
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	assert_int_equal(forge_forgejo.list_first(&req, &a), 0);
	fx_set(&x, 404, FX_S("{\"errors\":[\"user redirect does not exist [name: jdoe]\"],\"message\":\"GetOrgByName\",\"url\":\"https://codeberg.org/api/swagger\"}"), NULL, (char *)NULL);
	assert_int_equal(parse(&forge_forgejo, &l, &next, &a, req, &x), 0);
	assert_int_equal(l.n, 0);
	assert_non_null(next);
	assert_string_equal(next->url, "https://codeberg.org/api/v1/users/jdoe/repos?limit=50");
	http_req_free(req);
	assert_int_equal(parse(&forge_forgejo, &l, &req, &a, next, &x), ERROR_NOTFOUND);
	assert_non_null(strstr(error_last(), "codeberg.org account jdoe"));
	http_req_free(next);
	a.kind = ACCOUNT_ORG;
	assert_int_equal(forge_forgejo.list_first(&req, &a), 0);
	assert_int_equal(parse(&forge_forgejo, &l, &next, &a, req, &x), ERROR_NOTFOUND);
	assert_null(next);
	fx_free(&x);
	http_req_free(req);
}

static const char org_page[] =
	"[{\"full_name\":\"fab/app\",\"name\":\"app\",\"private\":false,\"archived\":true,"
	"\"topics\":[\"sante\"],\"licenses\":[\"EUPL-1.2\",\"MIT\"],\"language\":\"Go\","
	"\"owner\":{\"login\":\"fab\",\"visibility\":\"public\"},\"created_at\":\"2023-05-01T10:00:00+02:00\"},"
	"{\"full_name\":\"fab/hidden\",\"private\":true},"
	"{\"full_name\":\"fab/staff\",\"private\":false,\"internal\":true},"
	"{\"full_name\":\"fab/limited\",\"owner\":{\"visibility\":\"limited\"}}]";

static void gitea_short_page_with_next_continues_private_skipped(void **state)
{
	struct account a = { "codeberg.org", "https://codeberg.org/api/v1", "fab", ACCOUNT_ORG };
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	const struct repo *r;
	struct fx x;

	(void)state;
	assert_int_equal(forge_gitea.list_first(&req, &a), 0);
	fx_set(&x, 200, org_page, sizeof(org_page) - 1, req->url,
	       "Link", "</api/v1/orgs/fab/repos?limit=50&page=2>; rel=\"next\"", (char *)NULL);
	assert_int_equal(parse(&forge_gitea, &l, &next, &a, req, &x), 0);
	assert_int_equal(l.n, 1);
	r = &l.v[0];
	assert_string_equal(r->full_name, "fab/app");
	assert_true(r->archived);
	assert_string_equal(r->license, "EUPL-1.2 AND MIT");
	assert_string_equal(r->language, "Go");
	assert_string_equal(r->topics[0], "sante");
	assert_string_equal(r->created_at, "2023-05-01T08:00:00Z");
	assert_non_null(next);
	assert_string_equal(next->url, "https://codeberg.org/api/v1/orgs/fab/repos?limit=50&page=2");
	http_req_free(next);
	fx_free(&x);
	/* a search answering ok:false, and one without "data" */
	http_req_free(req);
	a.kind = ACCOUNT_INSTANCE;
	a.owner = NULL;
	assert_int_equal(forge_gitea.list_first(&req, &a), 0);
	fx_set(&x, 200, FX_S("{\"ok\":false,\"error\":\"search failed\"}"), NULL, (char *)NULL);
	assert_int_equal(parse(&forge_gitea, &l, &next, &a, req, &x), ERROR_STATUS);
	fx_free(&x);
	fx_set(&x, 200, FX_S("[]"), NULL, (char *)NULL);
	assert_int_equal(parse(&forge_gitea, &l, &next, &a, req, &x), ERROR_PARSE);
	assert_non_null(strstr(error_last(), "data"));
	fx_free(&x);
	fx_set(&x, 200, FX_S("<!DOCTYPE html>"), NULL, (char *)NULL);
	assert_int_equal(parse(&forge_gitea, &l, &next, &a, req, &x), ERROR_PARSE);
	assert_non_null(strstr(error_last(), "codeberg.org (whole instance)"));
	fx_free(&x);
	assert_int_equal(l.n, 1);
	repo_list_clear(&l);
	http_req_free(req);
}

static void gitea_owner_org_then_user(void **state)
{
	static const char org[] = "{\"id\":3,\"username\":\"fab\",\"full_name\":\"La Fabrique\","
		"\"description\":\"Fabrique numérique\",\"website\":\"https://fabrique.example\","
		"\"location\":\"Paris\",\"avatar_url\":\"https://codeberg.org/avatars/3\"}";
	static const char usr[] = "{\"login\":\"fab\",\"created\":\"2020-01-01T00:00:00+01:00\"}";
	struct account a = { "codeberg.org", "https://codeberg.org/api/v1", "fab", ACCOUNT_UNKNOWN };
	struct http_req *req, *next;
	struct owner o;
	struct fx x;

	(void)state;
	owner_init(&o);
	assert_int_equal(forge_gitea.owner_first(&req, &a), 0);
	assert_string_equal(req->url, "https://codeberg.org/api/v1/orgs/fab");
	fx_set(&x, 200, org, sizeof(org) - 1, NULL, (char *)NULL);
	assert_int_equal(forge_gitea.owner_parse(&o, &next, &a, req, &x.resp), 0);
	assert_string_equal(o.login, "fab");
	assert_string_equal(o.name, "La Fabrique");
	assert_string_equal(o.description, "Fabrique numérique");
	assert_string_equal(o.html_url, "https://codeberg.org/fab");
	assert_false(o.is_user);
	owner_clear(&o);
	fx_free(&x);
	fx_set(&x, 404, FX_S("{}"), NULL, (char *)NULL);
	assert_int_equal(forge_gitea.owner_parse(&o, &next, &a, req, &x.resp), 0);
	assert_string_equal(next->url, "https://codeberg.org/api/v1/users/fab");
	fx_free(&x);
	fx_set(&x, 200, usr, sizeof(usr) - 1, NULL, (char *)NULL);
	http_req_free(req);
	assert_int_equal(forge_gitea.owner_parse(&o, &req, &a, next, &x.resp), 0);
	assert_true(o.is_user);
	assert_string_equal(o.login, "fab");
	assert_string_equal(o.created_at, "2019-12-31T23:00:00Z");
	owner_clear(&o);
	fx_free(&x);
	http_req_free(next);
}


static void gitea_repositories_give_template_and_watchers_users_followers(void **state)
{
	static const char page[] =
		"[{\"full_name\": \"fab/tpl\", \"template\": true, \"watchers_count\": 4},"
		" {\"full_name\": \"fab/app\"}]";
	static const char user[] = "{\"login\": \"jdoe\", \"followers_count\": 5}";
	struct account a = { "codeberg.org", "https://codeberg.org/api/v1", "fab",
	                     ACCOUNT_ORG };
	struct account u = { "codeberg.org", "https://codeberg.org/api/v1", "jdoe",
	                     ACCOUNT_USER };
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct owner o;
	struct fx x;

	(void)state;
	assert_int_equal(forge_gitea.list_first(&req, &a), 0);
	fx_set(&x, 200, page, sizeof(page) - 1, NULL, (char *)NULL);
	assert_int_equal(parse(&forge_gitea, &l, &next, &a, req, &x), 0);
	assert_int_equal(l.n, 2);
	assert_true(l.v[0].template);
	assert_int_equal(l.v[0].subscribers, 4);
	assert_false(l.v[1].template);
	assert_int_equal(l.v[1].subscribers, -1);
	repo_list_clear(&l);
	fx_free(&x);
	http_req_free(req);
	owner_init(&o);
	assert_int_equal(forge_gitea.owner_first(&req, &u), 0);
	fx_set(&x, 200, user, sizeof(user) - 1, NULL, (char *)NULL);
	assert_int_equal(forge_gitea.owner_parse(&o, &next, &u, req, &x.resp), 0);
	assert_int_equal(o.followers, 5);
	owner_clear(&o);
	fx_free(&x);
	http_req_free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gitea_repositories_give_template_and_watchers_users_followers),
		cmocka_unit_test(gitea_three_kinds_share_the_code_gogs_search_needs_q),
		cmocka_unit_test(gitea_recorded_search_pages_follow_link_then_stop),
		cmocka_unit_test(forgejo_recorded_pages_flag_empty_repositories),
		cmocka_unit_test(gogs_recorded_pages_without_archived_fields),
		cmocka_unit_test(gitea_org_404_falls_back_to_the_user),
		cmocka_unit_test(gitea_short_page_with_next_continues_private_skipped),
		cmocka_unit_test(gitea_owner_org_then_user),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
