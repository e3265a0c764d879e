/* test_forge_sourcehut.c - tests forges/sourcehut.c */
#include "tests/forge_test.h"

#include "forges/forge_int.h"

static const struct account usr = {
	"git.sr.ht", "https://git.sr.ht", "~drees", ACCOUNT_USER
};

static int parse(struct repo_list *l, struct http_req **next, const struct http_req *req, const struct fx *x)
{
	return forge_sourcehut.list_parse(l, next, &usr, req, &x->resp);
}

/* The query JSON of REQ, decoded. */
static json_t *body_of(const struct http_req *req)
{
	json_error_t je;
	json_t *j = json_loadb(req->body, req->body_len, 0, &je);

	assert_non_null(j);
	return j;
}

static void sourcehut_first_request_is_a_graphql_post(void **state)
{
	struct http_req *r;
	json_t *b, *vars;
	char *n, *v;

	(void)state;
	assert_int_equal(forge_sourcehut.list_first(&r, &usr), 0);
	assert_string_equal(r->method, "POST");
	assert_string_equal(r->url, "https://git.sr.ht/query");
	assert_string_equal(http_resp_header(&(struct http_resp){ .headers = r->headers, .nheaders = r->nheaders }, "Content-Type"),
	                    "application/json");
	b = body_of(r);
	vars = json_object_get(b, "variables");
	assert_string_equal(json_string_value(json_object_get(vars, "username")), "drees");
	assert_true(json_is_null(json_object_get(vars, "cursor")));
	assert_non_null(strstr(json_string_value(json_object_get(b, "query")), "repositories(cursor: $cursor"));
	json_decref(b);
	http_req_free(r);
	assert_int_equal(forge_sourcehut.auth_header(&n, &v, "tok"), 0);
	assert_string_equal(n, "Authorization");
	assert_string_equal(v, "Bearer tok");
	free(n);
	free(v);
	assert_int_equal(forge_sourcehut.api_root(&n, "git.sr.ht"), 0);
	assert_string_equal(n, "https://git.sr.ht");
	free(n);
	{
		struct account a = usr;

		a.owner = NULL;
		a.kind = ACCOUNT_INSTANCE;
		assert_int_equal(forge_sourcehut.list_first(&r, &a), ERROR_INVALID);
		a.owner = "~";
		a.kind = ACCOUNT_USER;
		assert_int_equal(forge_sourcehut.list_first(&r, &a), ERROR_INVALID);
	}
}

static void sourcehut_query_fields_exist_in_the_recorded_schema(void **state)
{
	static const char *defs[] = {
		"canonicalName: String!", "repositories(cursor: Cursor, filter: Filter): RepositoryCursor!",
		"results: [Repository!]!", "cursor: Cursor", "name: String!",
		"description: String", "visibility: Visibility!", "created: Time!",
		"updated: Time!", "HEAD: Reference", "id: Int!", "user(username: String!): User",
		"count: Int", "bio: String", "location: String", "url: String",
	};
	size_t len;
	char *schema = fx_recorded("sourcehut/git.sr.ht/api_graph_schema.graphqls", &len);

	(void)state;
	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		if (!strstr(schema, defs[i]))
			fail_msg("schema lacks \"%s\"", defs[i]);
	free(schema);
}

static const char page1[] =
	"{\"data\":{\"user\":{\"canonicalName\":\"~drees\",\"repositories\":{\"results\":["
	"{\"id\":4242,\"name\":\"stats\",\"description\":\"Statistiques\",\"visibility\":\"PUBLIC\","
	"\"created\":\"2022-03-04T05:06:07.123456Z\",\"updated\":\"2023-01-01T00:00:00+01:00\","
	"\"HEAD\":{\"name\":\"refs/heads/trunk\"}},"
	"{\"name\":\"draft\",\"visibility\":\"UNLISTED\",\"created\":\"2022-03-04T05:06:07Z\"},"
	"{\"name\":\"mine\",\"visibility\":\"PRIVATE\",\"created\":\"2022-03-04T05:06:07Z\"},"
	"{\"name\":\"empty\",\"description\":null,\"visibility\":\"PUBLIC\",\"HEAD\":null}"
	"],\"cursor\":\"Y3Vyc29yOjQ=\"}}}}";

static void sourcehut_cursor_pages_keep_public_repositories_only(void **state)
{
	static const char last[] =
		"{\"data\":{\"user\":{\"canonicalName\":\"~drees\",\"repositories\":{\"results\":[],\"cursor\":null}}}}";
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	const struct repo *r;
	struct fx x;
	json_t *b;

	(void)state;
	assert_int_equal(forge_sourcehut.list_first(&req, &usr), 0);
	fx_set(&x, 200, FX_S(page1), NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, req, &x), 0);
	assert_int_equal(l.n, 2);
	r = fx_find(&l, "~drees/stats");
	assert_non_null(r);
	assert_string_equal(r->owner, "~drees");
	assert_string_equal(r->name, "stats");
	assert_string_equal(r->html_url, "https://git.sr.ht/~drees/stats");
	assert_string_equal(r->clone_url, "https://git.sr.ht/~drees/stats");
	assert_string_equal(r->default_branch, "trunk");
	assert_string_equal(r->description, "Statistiques");
	assert_string_equal(r->visibility, "public");
	assert_string_equal(r->created_at, "2022-03-04T05:06:07Z");
	assert_string_equal(r->updated_at, "2022-12-31T23:00:00Z");
	assert_int_equal(r->stars, -1);
	assert_string_equal(r->forge_id, "4242");
	assert_null(fx_find(&l, "~drees/empty")->forge_id);
	assert_null(fx_find(&l, "~drees/draft"));
	assert_null(fx_find(&l, "~drees/mine"));
	assert_null(fx_find(&l, "~drees/empty")->default_branch);
	/* the cursor goes into the same query */
	assert_non_null(next);
	assert_string_equal(next->method, "POST");
	assert_string_equal(next->url, "https://git.sr.ht/query");
	assert_int_equal(next->step, req->step);
	b = body_of(next);
	assert_string_equal(json_string_value(json_object_get(json_object_get(b, "variables"), "cursor")), "Y3Vyc29yOjQ=");
	json_decref(b);
	fx_free(&x);
	fx_set(&x, 200, FX_S(last), NULL, (char *)NULL);
	http_req_free(req);
	assert_int_equal(parse(&l, &req, next, &x), 0);
	assert_null(req);	/* cursor null: done */
	assert_int_equal(l.n, 2);
	http_req_free(next);
	repo_list_clear(&l);
	fx_free(&x);
}

static void sourcehut_missing_token_names_the_variable_to_set(void **state)
{
	struct account a = { "git.sr-ht.example", "https://git.sr-ht.example", "~me", ACCOUNT_USER };
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	assert_int_equal(forge_sourcehut.list_first(&req, &usr), 0);
	fx_set(&x, 401, FX_S("Authorization header is required. Expected 'Authorization: Bearer [token]'"),
	       NULL, (char *)NULL);
	assert_int_equal(parse(&l, &next, req, &x), ERROR_AUTH);
	assert_null(next);
	assert_non_null(strstr(error_last(), "INVENTAIRE_TOKEN_GIT_SR_HT"));
	assert_non_null(strstr(error_last(), "git.sr.ht account ~drees"));
	fx_free(&x);
	fx_set(&x, 403, FX_S("Invalid token"), NULL, (char *)NULL);
	assert_int_equal(forge_sourcehut.list_parse(&l, &next, &a, req, &x.resp), ERROR_AUTH);
	assert_non_null(strstr(error_last(), "INVENTAIRE_TOKEN_GIT_SR_HT_EXAMPLE"));
	fx_free(&x);
	http_req_free(req);
}

static void sourcehut_graphql_errors_unknown_users_and_junk(void **state)
{
	static const struct {
		const char *body;
		int code;
		const char *says;
	} cases[] = {
		{ "{\"data\":{\"user\":null}}", ERROR_NOTFOUND, "no such user" },
		{ "{\"errors\":[{\"message\":\"Query complexity limit exceeded\"}],\"data\":null}", ERROR_STATUS, "complexity" },
		{ "{\"data\":{\"user\":{\"repositories\":{\"results\":{},\"cursor\":null}}}}", ERROR_PARSE, "results" },
		{ "{\"data\":{\"user\":{\"repositories\":{\"results\":[],\"cursor\":5}}}}", ERROR_PARSE, "cursor" },
		{ "{\"data\":{\"user\":{\"repositories\":{\"results\":[],\"cursor\":\"\"}}}}", ERROR_PARSE, "cursor" },
		{ "{\"data\":{\"user\":{\"repositories\":{\"results\":[{\"name\":\"a/b\",\"visibility\":\"PUBLIC\"}]}}}}", ERROR_PARSE, "repository 0" },
		{ "{\"data\":{\"user\":{\"repositories\":{\"results\":[{\"name\":\"x\"}]}}}}", ERROR_PARSE, "visibility" },
		{ "{\"data\":{\"user\":[]}}", ERROR_PARSE, "data.user" },
		{ "{\"data\":{\"user\":{\"repositories\":{\"results\":[],\"cu", ERROR_PARSE, "invalid JSON" },
		{ "<html>502 Bad Gateway</html>", ERROR_PARSE, "HTML" },
	};
	struct repo_list l = { 0 };
	struct http_req *req, *next;
	struct fx x;

	(void)state;
	assert_int_equal(forge_sourcehut.list_first(&req, &usr), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fx_set(&x, 200, cases[i].body, strlen(cases[i].body), NULL, (char *)NULL);
		assert_int_equal(parse(&l, &next, req, &x), cases[i].code);
		assert_null(next);
		if (!strstr(error_last(), cases[i].says))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, error_last(), cases[i].says);
		fx_free(&x);
	}
	assert_int_equal(l.n, 0);
	http_req_free(req);
}

static void sourcehut_owner_profile(void **state)
{
	static const char body[] = "{\"data\":{\"user\":{\"canonicalName\":\"~drees\",\"username\":\"drees\","
		"\"email\":\"code@drees.example\",\"url\":\"https://drees.example\",\"location\":\"Paris\","
		"\"bio\":\"Code public\",\"created\":\"2021-01-01T00:00:00Z\"}}}";
	struct http_req *req, *next;
	struct owner o;
	struct fx x;
	json_t *b;

	(void)state;
	owner_init(&o);
	assert_int_equal(forge_sourcehut.owner_first(&req, &usr), 0);
	b = body_of(req);
	assert_non_null(strstr(json_string_value(json_object_get(b, "query")), "canonicalName"));
	json_decref(b);
	fx_set(&x, 200, FX_S(body), NULL, (char *)NULL);
	assert_int_equal(forge_sourcehut.owner_parse(&o, &next, &usr, req, &x.resp), 0);
	assert_null(next);
	assert_string_equal(o.login, "~drees");
	assert_string_equal(o.html_url, "https://git.sr.ht/~drees");
	assert_string_equal(o.website, "https://drees.example");
	assert_string_equal(o.description, "Code public");
	assert_true(o.is_user);
	owner_clear(&o);
	fx_free(&x);
	http_req_free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sourcehut_first_request_is_a_graphql_post),
		cmocka_unit_test(sourcehut_query_fields_exist_in_the_recorded_schema),
		cmocka_unit_test(sourcehut_cursor_pages_keep_public_repositories_only),
		cmocka_unit_test(sourcehut_missing_token_names_the_variable_to_set),
		cmocka_unit_test(sourcehut_graphql_errors_unknown_users_and_junk),
		cmocka_unit_test(sourcehut_owner_profile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
