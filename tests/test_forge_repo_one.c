/* test_forge_repo_one.c - tests forges/repo_one.c: one repository's
 * metadata, from recorded answers (a single-repository object, or an item
 * of a recorded listing page: the same shape) and from answers we wrote. */
#include "tests/forge_test.h"

#include <jansson.h>

#include "forges/forge_int.h"
#include "forges/repo_one.h"

static const struct account gh = {
	"github.com", "https://api.github.com", "aldialimucaj/sprova4j",
	ACCOUNT_UNKNOWN
};

/* Build the request for ACCT on F and parse X's answer into R. */
static int ask(struct repo *r, const struct forge *f,
               const struct account *acct, const struct fx *x)
{
	struct http_req *req;
	int rc;

	assert_int_equal(forge_repo_first(&req, f, acct), 0);
	rc = forge_repo_parse(r, f, acct, req, &x->resp);
	http_req_free(req);
	return rc;
}

/* Element 0 of the array at KEY (NULL: the body itself) of recorded
 * listing page REL, as the body of a 200 answer. */
static void item_of_page(struct fx *x, const char *rel, const char *key)
{
	size_t len;
	char *body = fx_recorded(rel, &len), *one;
	json_t *root = json_loadb(body, len, 0, NULL), *items;

	assert_non_null(root);
	items = key ? json_object_get(root, key) : root;
	one = json_dumps(json_array_get(items, 0), 0);
	assert_non_null(one);
	fx_set(x, 200, one, strlen(one), NULL, (char *)NULL);
	free(one);
	json_decref(root);
	free(body);
}

static void github_recorded_repository_gives_its_licence(void **state)
{
	struct http_req *req;
	struct repo r;
	struct fx x;
	size_t len;
	char *body;

	(void)state;
	body = fx_recorded("github/swh-lister/https_api.github.com/repos_aldialimucaj_sprova4j",
	                   &len);
	assert_int_equal(forge_repo_first(&req, &forge_github, &gh), 0);
	assert_string_equal(req->url, "https://api.github.com/repos/aldialimucaj/sprova4j");
	assert_int_equal(req->nheaders, 2);
	assert_string_equal(req->headers[0].name, "Accept");
	assert_string_equal(req->headers[0].value, "application/vnd.github+json");
	fx_set(&x, 200, body, len, req->url, (char *)NULL);
	assert_int_equal(forge_repo_parse(&r, &forge_github, &gh, req, &x.resp), 0);
	assert_string_equal(r.host, "github.com");
	assert_string_equal(r.full_name, "aldialimucaj/sprova4j");
	assert_string_equal(r.owner, "aldialimucaj");
	assert_string_equal(r.license, "Apache-2.0");
	assert_string_equal(r.default_branch, "master");
	repo_clear(&r);
	fx_free(&x);
	http_req_free(req);
	free(body);
}

static void github_recorded_repository_without_licence_has_none(void **state)
{
	struct account a = gh;
	struct repo r;
	struct fx x;
	size_t len;
	char *body;

	(void)state;
	body = fx_recorded("github/swh-lister/https_api.github.com/repos_webx_citrus", &len);
	a.owner = "webx/citrus";
	fx_set(&x, 200, body, len, NULL, (char *)NULL);
	assert_int_equal(ask(&r, &forge_github, &a, &x), 0);
	assert_string_equal(r.full_name, "webx/citrus");
	assert_null(r.license);
	repo_clear(&r);
	fx_free(&x);
	free(body);
}

static void gitlab_recorded_project_reads_alone_as_in_a_page(void **state)
{
	struct account a = { "gitlab.com", "https://gitlab.com/api/v4",
	                     "leberwurscht/teardownwalls", ACCOUNT_UNKNOWN };
	struct repo r;
	struct fx x;

	(void)state;
	item_of_page(&x, "gitlab/swh-lister/https_gitlab.com/api_response_page1.json", NULL);
	assert_int_equal(ask(&r, &forge_gitlab, &a, &x), 0);
	assert_string_equal(r.full_name, "leberwurscht/teardownwalls");
	assert_string_equal(r.html_url, "https://gitlab.com/leberwurscht/teardownwalls");
	repo_clear(&r);
	fx_free(&x);
}

static void gitea_and_bitbucket_recorded_items_read_alone(void **state)
{
	struct account a = { "demo.gitea.com", "https://demo.gitea.com/api/v1",
	                     "JonasFranzDEV/drone-gitea-release", ACCOUNT_UNKNOWN };
	struct account b = { "bitbucket.org", "https://api.bitbucket.org/2.0",
	                     "opensymphony/xwork", ACCOUNT_UNKNOWN };
	struct repo r;
	struct fx x;

	(void)state;
	item_of_page(&x, "gitea/swh-lister/https_demo.gitea.com/repos_page1", "data");
	assert_int_equal(ask(&r, &forge_gitea, &a, &x), 0);
	assert_string_equal(r.full_name, "JonasFranzDEV/drone-gitea-release");
	repo_clear(&r);
	fx_free(&x);
	item_of_page(&x, "bitbucket/swh-lister/bb_api_repositories_page1.json", "values");
	assert_int_equal(ask(&r, &forge_bitbucket, &b, &x), 0);
	assert_string_equal(r.full_name, "opensymphony/xwork");
	assert_null(r.license);   /* Bitbucket Cloud gives none */
	repo_clear(&r);
	fx_free(&x);
}

static void each_forge_asks_its_own_single_repository_endpoint(void **state)
{
	struct account a = { "git.example.fr", "https://git.example.fr/api/v4",
	                     "drees/sante/outil", ACCOUNT_UNKNOWN };
	struct http_req *req;

	(void)state;
	assert_int_equal(forge_repo_first(&req, &forge_gitlab, &a), 0);
	assert_string_equal(req->url, "https://git.example.fr/api/v4/projects/"
	                    "drees%2Fsante%2Foutil");
	http_req_free(req);
	a.api_url = "https://codeberg.org/api/v1";
	a.owner = "fabrique/app";
	assert_int_equal(forge_repo_first(&req, &forge_forgejo, &a), 0);
	assert_string_equal(req->url, "https://codeberg.org/api/v1/repos/fabrique/app");
	http_req_free(req);
	assert_int_equal(forge_repo_first(&req, &forge_gogs, &a), 0);
	assert_string_equal(req->url, "https://codeberg.org/api/v1/repos/fabrique/app");
	http_req_free(req);
	a.api_url = "https://api.bitbucket.org/2.0";
	assert_int_equal(forge_repo_first(&req, &forge_bitbucket, &a), 0);
	assert_string_equal(req->url, "https://api.bitbucket.org/2.0/repositories/fabrique/app");
	http_req_free(req);
	/* OWNER/NAME only where the forge has no subgroups */
	a.owner = "drees/sante/outil";
	assert_int_equal(forge_repo_first(&req, &forge_gitea, &a), ERROR_INVALID);
	assert_null(req);
	a.owner = "outil";
	assert_int_equal(forge_repo_first(&req, &forge_gitlab, &a), ERROR_INVALID);
	assert_int_equal(forge_repo_first(&req, &forge_sourcehut, &a), ERROR_INVALID);
	assert_false(forge_repo_supported(&forge_sourcehut));
	assert_true(forge_repo_supported(&forge_bitbucket));
}

/* GitLab gives it only when asked ?license=true, which we do not ask
 * (repo_one.c): a server that gives it all the same is read. */
static void gitlab_licence_in_the_answer_is_read(void **state)
{
	static const char body[] =
		"{\"id\": 7, \"path\": \"outil\", \"path_with_namespace\": "
		"\"drees/sante/outil\", \"visibility\": \"public\", "
		"\"web_url\": \"https://git.example.fr/drees/sante/outil\", "
		"\"license\": {\"key\": \"eupl-1.2\", \"name\": \"EUPL 1.2\"}}";
	struct account a = { "git.example.fr", "https://git.example.fr/api/v4",
	                     "drees/sante/outil", ACCOUNT_UNKNOWN };
	struct repo r;
	struct fx x;

	(void)state;
	fx_set(&x, 200, FX_S(body), NULL, (char *)NULL);
	assert_int_equal(ask(&r, &forge_gitlab, &a, &x), 0);
	assert_string_equal(r.full_name, "drees/sante/outil");
	assert_string_equal(r.owner, "drees");
	assert_string_equal(r.name, "outil");
	assert_string_equal(r.license, "eupl-1.2");
	repo_clear(&r);
	fx_free(&x);
}

static void unusable_answers_are_errors_naming_the_url(void **state)
{
	struct account a = gh;
	struct repo r;
	struct fx x;

	(void)state;
	a.owner = "socialgouv/outil";
	fx_set(&x, 404, FX_S("{\"message\": \"Not Found\"}"),
	       "https://api.github.com/repos/socialgouv/outil", (char *)NULL);
	assert_int_equal(ask(&r, &forge_github, &a, &x), ERROR_NOTFOUND);
	assert_non_null(strstr(error_last(), "https://api.github.com/repos/socialgouv/outil"));
	assert_null(r.full_name);
	fx_free(&x);
	fx_set(&x, 200, FX_S("{\"full_name\": \"socialgouv/outil\", \"private\": true}"),
	       NULL, (char *)NULL);
	assert_int_equal(ask(&r, &forge_github, &a, &x), ERROR_NOTFOUND);
	assert_non_null(strstr(error_last(), "not public"));
	assert_null(r.full_name);
	fx_free(&x);
	fx_set(&x, 200, FX_S("[{\"full_name\": \"socialgouv/outil\"}]"), NULL, (char *)NULL);
	assert_int_equal(ask(&r, &forge_github, &a, &x), ERROR_PARSE);
	fx_free(&x);
	fx_set(&x, 200, FX_S("{\"name\": \"outil\"}"), NULL, (char *)NULL);
	assert_int_equal(ask(&r, &forge_github, &a, &x), ERROR_PARSE);
	fx_free(&x);
	fx_set(&x, 200, FX_S("<html>login</html>"), NULL, (char *)NULL);
	assert_int_equal(ask(&r, &forge_github, &a, &x), ERROR_PARSE);
	fx_free(&x);
	fx_set(&x, 401, FX_S("{\"message\": \"Bad credentials\"}"), NULL, (char *)NULL);
	assert_int_equal(ask(&r, &forge_github, &a, &x), ERROR_AUTH);
	fx_free(&x);
}

static void a_url_path_names_the_repository_as_each_forge_does(void **state)
{
	static const struct {
		const struct forge *f;
		const char *api, *path, *want;
	} ok[] = {
		{ &forge_github, "https://api.github.com", "/socialgouv/outil.git", "socialgouv/outil" },
		{ &forge_github, "https://api.github.com", "/socialgouv/outil/", "socialgouv/outil" },
		/* a forge under a sub-path keeps OWNER/NAME at the end */
		{ &forge_gitea, "https://h.fr/gitea/api/v1", "/gitea/fab/app.git", "fab/app" },
		{ &forge_bitbucket, "https://api.bitbucket.org/2.0", "/cnam/bb-01", "cnam/bb-01" },
		{ &forge_gitlab, "https://gitlab.com/api/v4", "/drees/sante/etudes/p.git", "drees/sante/etudes/p" },
		/* GitLab under a relative URL root: the API root shows it */
		{ &forge_gitlab, "https://h.fr/gitlab/api/v4", "/gitlab/drees/p", "drees/p" },
		{ &forge_gitlab, "https://h.fr/api/v4", "/gitlab/drees/p", "gitlab/drees/p" },
	};
	static const struct {
		const struct forge *f;
		const char *path;
	} bad[] = {
		{ &forge_github, "/socialgouv" },
		{ &forge_github, "/" },
		{ &forge_github, "" },
		{ &forge_github, "/a//b" },
		{ &forge_gitlab, "/outil.git" },
		{ &forge_sourcehut, "/~carol/srht-01" },
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		assert_int_equal(forge_repo_path(&s, ok[i].f, ok[i].api, ok[i].path), 0);
		assert_string_equal(s, ok[i].want);
		free(s);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(forge_repo_path(&s, bad[i].f, "https://h.fr/api/v4",
		                                 bad[i].path), ERROR_INVALID);
		assert_null(s);
	}
	assert_int_equal(forge_repo_path(&s, &forge_github, NULL, "/socialgouv"),
	                 ERROR_INVALID);
	assert_non_null(strstr(error_last(), "'/socialgouv' names no repository"));
}

static void the_plugin_lists_the_one_repository_with_the_forge_tokens(void **state)
{
	static const char body[] =
		"{\"full_name\": \"fab/app\", \"name\": \"app\", \"private\": false, "
		"\"licenses\": [\"MIT\"]}";
	struct account a = { "codeberg.org", "https://codeberg.org/api/v1", "fab/app",
	                     ACCOUNT_UNKNOWN };
	struct repo_list l = { 0 };
	struct http_req *req, *next = (struct http_req *)&a;
	struct forge p;
	struct fx x;

	(void)state;
	assert_int_equal(forge_repo_plugin(&p, &forge_forgejo), 0);
	assert_string_equal(p.kind, "forgejo");
	assert_ptr_equal(p.auth_header, forge_forgejo.auth_header);
	assert_ptr_equal(p.api_root, forge_forgejo.api_root);
	assert_null(p.owner_first);
	assert_null(p.search);
	assert_int_equal(p.list_first(&req, &a), 0);
	assert_string_equal(req->url, "https://codeberg.org/api/v1/repos/fab/app");
	fx_set(&x, 200, FX_S(body), NULL, (char *)NULL);
	assert_int_equal(p.list_parse(&l, &next, &a, req, &x.resp), 0);
	assert_null(next);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].full_name, "fab/app");
	assert_string_equal(l.v[0].license, "MIT");
	repo_list_clear(&l);
	fx_free(&x);
	http_req_free(req);
	assert_int_equal(forge_repo_plugin(&p, &forge_sourcehut), ERROR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(github_recorded_repository_gives_its_licence),
		cmocka_unit_test(github_recorded_repository_without_licence_has_none),
		cmocka_unit_test(gitlab_recorded_project_reads_alone_as_in_a_page),
		cmocka_unit_test(gitea_and_bitbucket_recorded_items_read_alone),
		cmocka_unit_test(each_forge_asks_its_own_single_repository_endpoint),
		cmocka_unit_test(gitlab_licence_in_the_answer_is_read),
		cmocka_unit_test(unusable_answers_are_errors_naming_the_url),
		cmocka_unit_test(a_url_path_names_the_repository_as_each_forge_does),
		cmocka_unit_test(the_plugin_lists_the_one_repository_with_the_forge_tokens),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
