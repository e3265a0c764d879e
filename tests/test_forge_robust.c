/* test_forge_robust.c - every plug-in's list_parse against damaged
 * recorded pages: truncated at every length, and with bytes overwritten.
 * Forge responses are untrusted (STYLE.md): the answer must be a repository
 * list or an error message, never a crash (run it under ASan/UBSan). */
#include "tests/forge_test.h"

#include "forges/forge_int.h"

struct page {
	const struct forge *forge;
	struct account acct;
	const char *rel;
	int step;
};

static const struct page pages[] = {
	{ &forge_github, { "github.com", "https://api.github.com", "jacquev6", ACCOUNT_USER },
	  NULL, 3 },	/* body from a replay file, see load() */
	{ &forge_gitlab, { "foss.heptapod.net", "https://foss.heptapod.net/api/v4", "heptapod", ACCOUNT_ORG },
	  "gitlab/swh-lister-heptapod/https_foss.heptapod.net/api_response_page1.json", 1 },
	{ &forge_gitea, { "demo.gitea.com", "https://demo.gitea.com/api/v1", NULL, ACCOUNT_INSTANCE },
	  "gitea/swh-lister/https_demo.gitea.com/repos_page1", 3 },
	{ &forge_forgejo, { "v13.next.forgejo.org", "https://v13.next.forgejo.org/api/v1", NULL, ACCOUNT_INSTANCE },
	  "forgejo/swh-lister/https_try.next.forgejo.org/repos_page1", 3 },
	{ &forge_bitbucket, { "bitbucket.org", "https://api.bitbucket.org/2.0", "opensymphony", ACCOUNT_ORG },
	  "bitbucket/swh-lister/bb_api_repositories_page1.json", 1 },
};

static char *load(const struct page *p, size_t *len)
{
	struct fx x;
	char *body;

	if (p->rel)
		return fx_recorded(p->rel, len);
	fx_replay(&x, "github/pygithub-replaydata/NamedUser.testGetReposWithAllArgs.txt", 0);
	body = xstrndup(x.body, x.resp.len);
	*len = x.resp.len;
	fx_free(&x);
	return body;
}

/* One call; the contract: 0, or < 0 with a message. */
static int run(const struct page *p, const char *body, size_t len, size_t *nrepos)
{
	struct repo_list l = { 0 };
	/* on the API host: Bitbucket's body "next" must stay there */
	struct http_req *req = fx_req("GET", p->acct.api_url, p->step), *next = NULL;
	struct http_resp resp = { 200, NULL, 0, body, len, NULL };
	int rc;

	error_clear();
	rc = p->forge->list_parse(&l, &next, &p->acct, req, &resp);
	if (rc < 0)
		assert_true(*error_last());
	*nrepos = l.n;
	repo_list_clear(&l);
	http_req_free(next);
	http_req_free(req);
	return rc;
}

static void every_truncation_of_a_recorded_page_is_a_parse_error(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		size_t len, end, n;
		char *body = load(&pages[i], &len);

		assert_int_equal(run(&pages[i], body, len, &n), 0);
		assert_true(n > 0);
		end = len;
		while (end > 0 && strchr(" \t\r\n", body[end - 1]))
			end--;
		/* every length near both ends, ~500 in between (time) */
		for (size_t cut = 0; cut < end;
		     cut += cut < 64 || cut + 64 > end ? 1 : 1 + end / 500) {
			int rc = run(&pages[i], body, cut, &n);

			if (rc != ERROR_PARSE)
				fail_msg("%s cut at %zu: %d", pages[i].forge->kind, cut, rc);
			assert_int_equal(n, 0);
		}
		free(body);
	}
}

static void overwritten_bytes_never_crash_a_parser(void **state)
{
	static const char junk[] = { '\0', '"', '{', ']', '9', '-', '\\', '\xff', 'e', ',' };
	uint32_t seed = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		size_t len, n, ok = 0;
		char *body = load(&pages[i], &len), *copy = xmalloc(len);

		for (int round = 0; round < 400; round++) {
			memcpy(copy, body, len);
			for (int k = 0; k < 3; k++) {
				seed = seed * 1103515245u + 12345u;
				copy[(seed >> 8) % len] = junk[(seed >> 4) % sizeof(junk)];
			}
			if (run(&pages[i], copy, len, &n) == 0)
				ok++;
		}
		/* some damage is harmless (inside a description), most is not */
		assert_true(ok < 400);
		free(copy);
		free(body);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_truncation_of_a_recorded_page_is_a_parse_error),
		cmocka_unit_test(overwritten_bytes_never_crash_a_parser),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
