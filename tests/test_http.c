/*
 * test_http.c - tests crawler/http.c (and http_list.c, token.c,
 * ratelimit.c, etag_cache.c) against the fake forge
 * (tests/fakeforge/fakeforge.py), started once for the whole group.
 *
 * A tiny GitHub-like plug-in lives here so that these tests exercise the
 * engine alone; the real plug-ins have their own tests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crawler/net/http_int.h"
#include "crawler/net/ratelimit.h"
#include "crawler/net/token.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "version.h"

/* ---- the fake forge ------------------------------------------------- */

static pid_t ff_pid;
static int ff_stdin = -1;
static int ff_port, ff_port2;
static char ff_host2[64];
static char ff_base[128];        /* http://127.0.0.1:PORT */

static int ff_start(void **state)
{
	const char *dir = getenv("TESTS_DIR");
	char *script, line[256] = "";
	int in[2], out[2];
	FILE *f;

	(void)state;
	if (!dir) {
		fprintf(stderr, "TESTS_DIR is not set: run through meson test\n");
		return -1;
	}
	script = xasprintf("%s/fakeforge/fakeforge.py", dir);
	if (pipe(in) < 0 || pipe(out) < 0)
		return -1;
	ff_pid = fork();
	if (ff_pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execlp("python3", "python3", script, "--timeout", "300", (char *)NULL);
		_exit(127);
	}
	free(script);
	close(in[0]);
	close(out[1]);
	/* Holding the write end of its stdin: when we die, it does too. */
	ff_stdin = in[1];
	f = fdopen(out[0], "r");
	if (!f || !fgets(line, sizeof(line), f) ||
	    sscanf(line, "fakeforge 127.0.0.1 %d %63s %d", &ff_port, ff_host2,
	           &ff_port2) != 3) {
		fprintf(stderr, "the fake forge did not start: %s\n", line);
		return -1;
	}
	fclose(f);
	snprintf(ff_base, sizeof(ff_base), "http://127.0.0.1:%d", ff_port);
	return 0;
}

static int ff_stop(void **state)
{
	(void)state;
	if (ff_stdin >= 0)
		close(ff_stdin);
	if (ff_pid > 0) {
		kill(ff_pid, SIGTERM);
		waitpid(ff_pid, NULL, 0);
	}
	return 0;
}

static size_t ff_collect(char *d, size_t s, size_t n, void *p)
{
	buf_add(p, d, s * n);
	return s * n;
}

/* A control request to the fake forge; returns the body. */
static char *ff_control(const char *path, const char *post)
{
	CURL *c = curl_easy_init();
	struct buf b = BUF_INIT;
	char *url = xasprintf("%s%s", ff_base, path);

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, ff_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	if (post)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_cleanup(c);
	free(url);
	return buf_detach(&b);
}

static void ff_faults(const char *json)
{
	free(ff_control("/_control/faults", json));
}

/* Reset faults and log before each test. */
static int ff_reset(void **state)
{
	(void)state;
	free(ff_control("/_control/reset", "{}"));
	return 0;
}

/* The request log as a JSON array. */
static json_t *ff_log(void)
{
	char *text = ff_control("/_control/log", NULL), *line, *save = NULL;
	json_t *arr = json_array();

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		json_array_append_new(arr, json_loads(line, 0, NULL));
	free(text);
	return arr;
}

/* Requests in the log on SERVER (0: any) whose path contains NEEDLE and
 * whose status is STATUS (0: any). */
static int ff_count(json_t *log, int server, const char *needle, long status)
{
	size_t i;
	json_t *e;
	int n = 0;

	json_array_foreach(log, i, e) {
		if (server && json_integer_value(json_object_get(e, "server")) != server)
			continue;
		if (needle && !strstr(json_string_value(json_object_get(e, "path")), needle))
			continue;
		if (status && json_integer_value(json_object_get(e, "status")) != status)
			continue;
		n++;
	}
	return n;
}

static const char *ff_header(json_t *entry, const char *name)
{
	const char *k;
	json_t *v;

	json_object_foreach(json_object_get(entry, "headers"), k, v)
		if (!strcasecmp(k, name))
			return json_string_value(v);
	return NULL;
}

/* ---- a minimal GitHub-like plug-in ---------------------------------- */

static int t_auth(char **name, char **value, const char *token)
{
	*name = xstrdup("Authorization");
	*value = xasprintf("token %s", token);
	return 0;
}

static int t_first(struct http_req **out, const struct account *acct)
{
	char *url = xasprintf("%s/users/%s/repos?per_page=100", acct->api_url,
	                      strcmp(acct->owner, "loop") ? acct->owner : "socialgouv");

	http_req_new(out, "GET", url, 1);
	free(url);
	return 0;
}

/* rel="next" of a Link header, enough for the fake forge's. */
static char *t_next(const char *link)
{
	const char *p = link ? strstr(link, "rel=\"next\"") : NULL, *lt, *gt;

	if (!p)
		return NULL;
	for (lt = p; lt > link && *lt != '<'; lt--)
		;
	gt = strchr(lt, '>');
	return gt && *lt == '<' ? xstrndup(lt + 1, (size_t)(gt - lt - 1)) : NULL;
}

static int t_parse(struct repo_list *repos, struct http_req **next,
                   const struct account *acct, const struct http_req *req,
                   const struct http_resp *resp)
{
	json_error_t je;
	json_t *arr, *item;
	size_t i;
	char *n;

	*next = NULL;
	if (resp->status != 200)
		return error_set(ERROR_STATUS, "%s: HTTP %ld", acct->owner,
		                 resp->status);
	arr = json_loadb(resp->body, resp->len, 0, &je);
	if (!json_is_array(arr)) {
		json_decref(arr);
		return error_set(ERROR_PARSE, "%s: not a JSON array", acct->owner);
	}
	json_array_foreach(arr, i, item) {
		struct repo r;

		repo_init(&r);
		r.full_name = xstrdup(json_string_value(json_object_get(item, "full_name")));
		repo_list_push(repos, &r);
	}
	json_decref(arr);
	n = t_next(http_resp_header(resp, "link"));
	if (!n && !strcmp(acct->owner, "loop"))
		n = xstrdup(req->url);    /* a forge that always says "next: same page" */
	if (n) {
		http_req_new(next, "GET", n, req->step);
		free(n);
	}
	return 0;
}

static int t_owner_first(struct http_req **out, const struct account *acct)
{
	char *url = xasprintf("%s/users/%s", acct->api_url, acct->owner);

	http_req_new(out, "GET", url, 7);
	free(url);
	return 0;
}

static int t_owner_parse(struct owner *o, struct http_req **next,
                         const struct account *acct, const struct http_req *req,
                         const struct http_resp *resp)
{
	json_t *j = json_loadb(resp->body, resp->len, 0, NULL);
	const char *login = json_string_value(json_object_get(j, "login"));

	*next = NULL;
	if (resp->status != 200 || !login || req->step != 7) {
		json_decref(j);
		return error_set(ERROR_NOTFOUND, "%s: no such account", acct->owner);
	}
	o->login = xstrdup(login);
	o->public_repos = (long)json_integer_value(json_object_get(j, "public_repos"));
	json_decref(j);
	return 0;
}

static const struct forge test_forge = {
	.kind = "test",
	.auth_header = t_auth,
	.list_first = t_first,
	.list_parse = t_parse,
	.owner_first = t_owner_first,
	.owner_parse = t_owner_parse,
};

/* ---- running listings ----------------------------------------------- */

struct result {
	int rc;
	char *err;
	size_t n;
	double at;                  /* seconds since start when done */
};

static struct timespec t0;

static double elapsed(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
}

static void on_list(int rc, struct repo_list *repos, void *p)
{
	struct result *r = p;

	r->rc = rc;
	r->err = rc < 0 ? xstrdup(error_last()) : NULL;
	r->n = repos->n;
	r->at = elapsed();
}

/* Small back-off and budget so that every test takes a few seconds at most. */
static struct http_engine_opts fast_opts(void)
{
	struct http_engine_opts o = HTTP_ENGINE_OPTS_INIT;

	o.backoff_base_ms = 20;
	o.backoff_max_ms = 200;
	o.retry_budget_ms = 3000;
	o.request_timeout_ms = 3000;
	o.connect_timeout_ms = 1000;
	return o;
}

static struct result list_with(const struct http_engine_opts *o,
                               const char *host, const char *api_path,
                               const char *owner)
{
	struct http_engine *e;
	struct result r = { 1, NULL, 0, 0 };
	char *api = xasprintf("%s%s", ff_base, api_path);
	struct account acct = { host, api, owner, ACCOUNT_USER };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(http_engine_new(&e, o), 0);
	assert_int_equal(http_engine_list(e, &test_forge, &acct, on_list, &r), 0);
	assert_int_equal(http_engine_run(e), 0);
	http_engine_free(e);
	free(api);
	assert_int_not_equal(r.rc, 1);    /* the callback ran */
	return r;
}

static struct result list_alice(const struct http_engine_opts *o)
{
	return list_with(o, "git.example.test", "/github", "alice");
}

/* ---- tests ---------------------------------------------------------- */

static void listing_follows_every_page_of_a_user(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r = list_alice(&o);
	json_t *log = ff_log();

	(void)state;
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 250);
	assert_int_equal(ff_count(log, 1, "/users/alice/repos", 200), 3);
	/* The User-Agent names us, our version and a contact URL. */
	assert_non_null(strstr(ff_header(json_array_get(log, 0), "User-Agent"),
	                       "inventaire/"));
	assert_non_null(strstr(ff_header(json_array_get(log, 0), "User-Agent"),
	                       INVENTAIRE_URL));
	json_decref(log);
	free(r.err);
}

static void server_errors_are_retried_until_they_pass(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;
	json_t *log;

	(void)state;
	ff_faults("[{\"path\": \"page=2\", \"kind\": \"status\", \"arg\": 502, \"count\": 2}]");
	r = list_alice(&o);
	log = ff_log();
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 250);
	assert_int_equal(ff_count(log, 1, NULL, 502), 2);
	json_decref(log);
	free(r.err);
}

static void persistent_server_errors_give_up_within_the_budget(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;

	(void)state;
	o.retry_budget_ms = 500;
	ff_faults("[{\"path\": \"page=3\", \"kind\": \"status\", \"arg\": 503}]");
	r = list_alice(&o);
	assert_int_equal(r.rc, ERROR_STATUS);
	assert_non_null(strstr(r.err, "HTTP 503"));
	assert_non_null(strstr(r.err, "gave up"));
	assert_non_null(strstr(r.err, "git.example.test/alice"));
	assert_true(r.at < 2.0);
	free(r.err);
}

static void retry_after_seconds_is_honoured(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;

	(void)state;
	ff_faults("[{\"path\": \"page=2\", \"kind\": \"retry_after\", \"arg\": 1, \"count\": 1}]");
	r = list_alice(&o);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 250);
	/* Back-off alone would have retried after 10-20 ms. */
	assert_true(r.at >= 0.9);
	free(r.err);
}

static void retry_after_as_an_http_date_is_honoured(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;

	(void)state;
	ff_faults("[{\"kind\": \"retry_after_date\", \"arg\": 2, \"count\": 1}]");
	r = list_alice(&o);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 250);
	/* The date has one-second resolution: at least one second passed. */
	assert_true(r.at >= 0.9);
	free(r.err);
}

static void a_403_without_rate_limit_signs_goes_to_the_plugin(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;
	json_t *log;

	(void)state;
	ff_faults("[{\"kind\": \"forbidden\"}]");
	r = list_alice(&o);
	log = ff_log();
	assert_int_equal(r.rc, ERROR_STATUS);
	assert_non_null(strstr(r.err, "HTTP 403"));
	/* Not retried: a permission error does not pass by waiting. */
	assert_int_equal(json_array_size(log), 1);
	json_decref(log);
	free(r.err);
}

static void a_403_with_no_requests_remaining_waits_for_the_reset(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;
	json_t *log;

	(void)state;
	ff_faults("[{\"path\": \"page=2\", \"kind\": \"ratelimit\", \"arg\": 1, \"count\": 1}]");
	r = list_alice(&o);
	log = ff_log();
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 250);
	assert_int_equal(ff_count(log, 1, NULL, 403), 1);
	assert_int_equal(ff_count(log, 1, NULL, 200), 3);
	json_decref(log);
	free(r.err);
}

static void a_secondary_rate_limit_message_is_a_rate_limit(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;

	(void)state;
	ff_faults("[{\"kind\": \"secondary\", \"arg\": 1, \"count\": 1}]");
	r = list_alice(&o);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 250);
	assert_true(r.at >= 0.9);
	free(r.err);
}

static void a_gitlab_403_with_ratelimit_remaining_zero_is_retried(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;

	(void)state;
	ff_faults("[{\"kind\": \"gitlab_403\", \"arg\": 1, \"count\": 2}]");
	r = list_alice(&o);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 250);
	free(r.err);
}

static void a_rate_limit_beyond_the_budget_fails_fast_and_names_the_variable(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;

	(void)state;
	ff_faults("[{\"kind\": \"ratelimit\", \"arg\": 3600}]");
	r = list_alice(&o);
	assert_int_equal(r.rc, ERROR_RATELIMIT);
	assert_non_null(strstr(r.err, "INVENTAIRE_TOKEN_GIT_EXAMPLE_TEST"));
	assert_true(r.at < 1.0);
	free(r.err);
}

static void an_etag_304_hands_the_cached_page_to_the_plugin(void **state)
{
	struct http_engine_opts o = fast_opts();
	char dir[] = "/tmp/inventaire-test-etag-XXXXXX";
	struct result r1, r2;
	json_t *log;
	size_t i;
	json_t *e;
	int inm = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	o.cache_dir = dir;
	r1 = list_alice(&o);
	assert_int_equal(r1.rc, 0);
	free(ff_control("/_control/reset", "{}"));
	r2 = list_alice(&o);
	log = ff_log();
	assert_int_equal(r2.rc, 0);
	assert_int_equal(r2.n, 250);
	assert_int_equal(ff_count(log, 1, NULL, 304), 3);
	json_array_foreach(log, i, e)
		inm += ff_header(e, "If-None-Match") != NULL;
	assert_int_equal(inm, 3);
	json_decref(log);
	free(r1.err);
	free(r2.err);
	/* Clean the cache folder. */
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);

		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
}

static void a_body_past_the_cap_is_refused(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;

	(void)state;
	o.max_body = 1 << 20;
	ff_faults("[{\"kind\": \"huge\", \"arg\": 3000000}]");
	r = list_alice(&o);
	assert_int_equal(r.rc, ERROR_TOOBIG);
	assert_non_null(strstr(r.err, "larger than"));
	free(r.err);
}

static void a_truncated_transfer_is_retried_then_reported(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;

	(void)state;
	ff_faults("[{\"path\": \"page=2\", \"kind\": \"truncate\", \"count\": 1}]");
	r = list_alice(&o);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 250);
	free(r.err);

	o.retry_budget_ms = 300;
	ff_faults("[{\"path\": \"page=2\", \"kind\": \"truncate\"}]");
	r = list_alice(&o);
	assert_int_equal(r.rc, ERROR_TRANSPORT);
	assert_non_null(strstr(r.err, "gave up"));
	free(r.err);
}

static void truncated_or_html_bodies_give_the_plugins_error(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;

	(void)state;
	ff_faults("[{\"path\": \"page=2\", \"kind\": \"truncated_json\"}]");
	r = list_alice(&o);
	assert_int_equal(r.rc, ERROR_PARSE);
	assert_non_null(strstr(r.err, "not a JSON array"));
	free(r.err);

	ff_faults("[{\"kind\": \"html\"}]");
	r = list_alice(&o);
	assert_int_equal(r.rc, ERROR_PARSE);
	free(r.err);
}

static void a_slow_answer_past_the_timeout_is_retried(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;
	json_t *log;

	(void)state;
	o.request_timeout_ms = 400;
	ff_faults("[{\"path\": \"page=2\", \"kind\": \"slow\", \"arg\": 1.5, \"count\": 1}]");
	r = list_alice(&o);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 250);
	assert_true(r.at < 1.4);
	free(r.err);
	/* Let the slow handler finish before the next test reads the log. */
	usleep(1200000);
	log = ff_log();
	assert_true(ff_count(log, 1, "/users/alice/repos", 0) >= 4);
	json_decref(log);
}

static void the_token_never_follows_a_redirect_to_another_host(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r;
	json_t *log, *e;
	size_t i;
	int on1 = 0, on2 = 0;

	(void)state;
	setenv("INVENTAIRE_TOKEN_GIT_EXAMPLE_TEST", "s3cret-token", 1);
	ff_faults("[{\"server\": 1, \"path\": \"page=2\", \"kind\": \"redirect\"}]");
	r = list_alice(&o);
	unsetenv("INVENTAIRE_TOKEN_GIT_EXAMPLE_TEST");
	log = ff_log();
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 250);
	json_array_foreach(log, i, e) {
		const char *auth = ff_header(e, "Authorization");

		if (json_integer_value(json_object_get(e, "server")) == 1) {
			assert_non_null(auth);
			assert_string_equal(auth, "token s3cret-token");
			on1++;
		} else {
			assert_null(auth);
			on2++;
		}
	}
	/* Page 2 was redirected; page 3's link then points at host 2 too. */
	assert_true(on1 >= 2);
	assert_true(on2 >= 1);
	json_decref(log);
	free(r.err);
}

static void github_tokens_are_used_in_turn_and_a_spent_one_is_skipped(void **state)
{
	static const char *const want[] = {
		"token tokA",   /* page 1 */
		"token tokB",   /* page 2 */
		"token tokA",   /* page 3, refused: tokA is spent for an hour */
		"token tokB",   /* page 3 again, at once */
	};
	struct http_engine_opts o = fast_opts();
	struct result r;
	json_t *log, *e;
	size_t i;

	(void)state;
	setenv("GITHUB_TOKEN", "tokA, tokB", 1);
	ff_faults("[{\"auth\": \"tokA\", \"skip\": 1, \"kind\": \"ratelimit\", \"arg\": 3600}]");
	r = list_with(&o, "github.com", "/github", "alice");
	unsetenv("GITHUB_TOKEN");
	log = ff_log();
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 250);
	assert_true(r.at < 1.0);
	assert_int_equal(json_array_size(log), 4);
	json_array_foreach(log, i, e) {
		const char *auth = ff_header(e, "Authorization");

		assert_non_null(auth);
		assert_string_equal(auth, want[i]);
	}
	json_decref(log);
	free(r.err);
}

static void requests_run_in_parallel_within_the_per_host_limit(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct http_engine *e;
	struct result r[6];
	char *api = xasprintf("%s/github", ff_base);
	struct account acct = { "git.example.test", api, "socialgouv", ACCOUNT_USER };
	double wide = 0, narrow = 0;

	(void)state;
	ff_faults("[{\"kind\": \"slow\", \"arg\": 0.4}]");
	static const unsigned limits[] = { 6, 2 };

	for (size_t k = 0; k < 2; k++) {
		unsigned limit = limits[k];

		o.per_host = limit;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_int_equal(http_engine_new(&e, &o), 0);
		for (int i = 0; i < 6; i++)
			assert_int_equal(http_engine_list(e, &test_forge, &acct, on_list, &r[i]), 0);
		assert_int_equal(http_engine_run(e), 0);
		http_engine_free(e);
		for (int i = 0; i < 6; i++) {
			assert_int_equal(r[i].rc, 0);
			assert_int_equal(r[i].n, 12);
			free(r[i].err);
		}
		if (limit == 6)
			wide = elapsed();
		else
			narrow = elapsed();
	}
	/* Six at once take one slow answer; two at a time take three. */
	assert_true(wide < 1.0);
	assert_true(narrow >= 1.15);
	free(api);
}

static void a_rate_limited_host_does_not_hold_up_another(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct http_engine *e;
	struct result r1, r2;
	char *api1 = xasprintf("%s/github", ff_base);
	char *api2 = xasprintf("http://%s:%d/github", ff_host2, ff_port2);
	struct account a1 = { "one.example.test", api1, "alice", ACCOUNT_USER };
	struct account a2 = { "two.example.test", api2, "socialgouv", ACCOUNT_USER };

	(void)state;
	ff_faults("[{\"server\": 1, \"kind\": \"retry_after\", \"arg\": 2, \"count\": 1}]");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(http_engine_new(&e, &o), 0);
	assert_int_equal(http_engine_list(e, &test_forge, &a1, on_list, &r1), 0);
	assert_int_equal(http_engine_list(e, &test_forge, &a2, on_list, &r2), 0);
	assert_int_equal(http_engine_run(e), 0);
	http_engine_free(e);
	assert_int_equal(r1.rc, 0);
	assert_int_equal(r2.rc, 0);
	assert_int_equal(r2.n, 12);
	assert_true(r2.at < 1.0);
	assert_true(r1.at >= 1.9);
	free(api1);
	free(api2);
	free(r1.err);
	free(r2.err);
}

/* One blocking GET through a throw-away engine: the engine's generic
 * fetch, driven the way a caller outside the listings would. */
struct sync_result {
	int rc;
	char *err;
	char *body;
	size_t len;
	long status;
};

static void sync_done(int rc, const struct http_resp *resp, void *payload)
{
	struct sync_result *r = payload;

	r->rc = rc;
	if (rc < 0) {
		r->err = xstrdup(error_last());
		return;
	}
	r->status = resp->status;
	r->body = xstrndup(resp->body, resp->len);
	r->len = resp->len;
}

static int http_get_sync(char **body, size_t *len, long *status, char **err,
                  const struct http_engine_opts *opts, const char *url)
{
	struct http_engine *e;
	struct http_req req = { 0 };
	struct sync_result r = { ERROR_TRANSPORT, NULL, NULL, 0, 0 };
	int rc;

	*body = NULL;
	*len = 0;
	*status = 0;
	*err = NULL;
	rc = http_engine_new(&e, opts);
	if (rc < 0) {
		*err = xstrdup("cannot start libcurl");
		return rc;
	}
	req.method = (char *)"GET";
	req.url = (char *)url;
	rc = http_engine_fetch(e, &req, NULL, NULL, sync_done, &r, NULL);
	if (rc == 0)
		http_engine_run(e);
	else
		r.err = xasprintf("%s: cannot send", url);
	http_engine_free(e);
	if (r.rc < 0 || rc < 0) {
		*err = r.err ? r.err : xstrdup("request failed");
		free(r.body);
		return r.rc < 0 ? r.rc : rc;
	}
	*body = r.body;
	*len = r.len;
	*status = r.status;
	return 0;
}

static void a_refused_connection_is_a_clear_transport_error(void **state)
{
	struct http_engine_opts o = fast_opts();
	char *body, *err;
	size_t len;
	long status;

	(void)state;
	o.retry_budget_ms = 200;
	/* Port 9 (discard) is closed on the loopback of any test machine. */
	assert_int_equal(http_get_sync(&body, &len, &status, &err, &o,
	                               "http://127.0.0.1:9/x"), ERROR_TRANSPORT);
	assert_non_null(strstr(err, "http://127.0.0.1:9/x"));
	free(err);
	assert_null(body);
}

static void a_fetch_returns_the_body_and_status(void **state)
{
	struct http_engine_opts o = fast_opts();
	char *body, *err, *url = xasprintf("%s/github/users/nobody", ff_base);
	size_t len;
	long status;

	(void)state;
	assert_int_equal(http_get_sync(&body, &len, &status, &err, &o, url), 0);
	assert_int_equal(status, 404);
	assert_non_null(strstr(body, "Not Found"));
	assert_int_equal(strlen(body), len);
	free(body);
	free(url);
}

static void a_next_page_seen_before_stops_the_listing(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct result r = list_with(&o, "git.example.test", "/github", "loop");
	json_t *log = ff_log();

	(void)state;
	assert_int_equal(r.rc, ERROR_PARSE);
	assert_non_null(strstr(r.err, "pagination loop"));
	assert_int_equal(json_array_size(log), 1);
	json_decref(log);
	free(r.err);
}

struct owner_result {
	int rc;
	char *login;
	long public_repos;
	char *err;
};

static void on_owner(int rc, struct owner *ow, void *p)
{
	struct owner_result *r = p;

	r->rc = rc;
	r->err = rc < 0 ? xstrdup(error_last()) : NULL;
	r->login = ow->login;          /* moved out: the engine frees the rest */
	ow->login = NULL;
	r->public_repos = ow->public_repos;
}

static void the_owner_job_runs_the_plugins_owner_flow(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct http_engine *e;
	char *api = xasprintf("%s/github", ff_base);
	struct account a = { "git.example.test", api, "socialgouv", ACCOUNT_ORG };
	struct account b = { "git.example.test", api, "nobody", ACCOUNT_ORG };
	struct owner_result ra = { 1, NULL, 0, NULL }, rb = { 1, NULL, 0, NULL };

	(void)state;
	assert_int_equal(http_engine_new(&e, &o), 0);
	assert_int_equal(http_engine_owner_counted(e, &test_forge, &a, on_owner, &ra, NULL), 0);
	assert_int_equal(http_engine_owner_counted(e, &test_forge, &b, on_owner, &rb, NULL), 0);
	assert_int_equal(http_engine_run(e), 0);
	http_engine_free(e);
	assert_int_equal(ra.rc, 0);
	assert_string_equal(ra.login, "socialgouv");
	assert_int_equal(ra.public_repos, 12);
	assert_int_equal(rb.rc, ERROR_NOTFOUND);
	assert_non_null(strstr(rb.err, "nobody"));
	free(ra.login);
	free(rb.err);
	free(api);
}

/* ---- request counts (crawl.json's "requests") ------------------------ */

struct counted {
	int rc;
	size_t n;
	const unsigned long *count;
	unsigned long at_done;      /* *count when DONE ran */
};

static void on_counted_list(int rc, struct repo_list *repos, void *p)
{
	struct counted *c = p;

	c->rc = rc;
	c->n = repos->n;
	c->at_done = *c->count;
}

static void on_counted_owner(int rc, struct owner *ow, void *p)
{
	struct counted *c = p;

	(void)ow;
	c->rc = rc;
	c->at_done = *c->count;
}

static void each_job_counts_its_requests_with_retries_and_redirect_hops(void **state)
{
	struct http_engine_opts o = fast_opts();
	struct http_engine *e;
	char *api = xasprintf("%s/github", ff_base);
	struct account alice = { "git.example.test", api, "alice", ACCOUNT_USER };
	struct account org = { "git.example.test", api, "socialgouv", ACCOUNT_ORG };
	unsigned long na = 0, nb = 0;
	struct counted ca = { 1, 0, &na, 0 }, cl = { 1, 0, &nb, 0 },
	               co = { 1, 0, &nb, 0 };
	json_t *log;

	(void)state;
	/* alice: 3 pages, page 2 fails twice (two retries), page 3 is
	 * redirected to the second listener (one more hop): 6 requests. */
	ff_faults("[{\"path\": \"alice.*page=2\", \"kind\": \"status\", \"arg\": 502, \"count\": 2},"
	          " {\"server\": 1, \"path\": \"alice.*page=3\", \"kind\": \"redirect\"}]");
	assert_int_equal(http_engine_new(&e, &o), 0);
	assert_int_equal(http_engine_list_counted(e, &test_forge, &alice,
	                                          on_counted_list, &ca, &na), 0);
	/* Two jobs may share one counter: listing + owner of one account. */
	assert_int_equal(http_engine_list_counted(e, &test_forge, &org,
	                                          on_counted_list, &cl, &nb), 0);
	assert_int_equal(http_engine_owner_counted(e, &test_forge, &org,
	                                           on_counted_owner, &co, &nb), 0);
	assert_int_equal(http_engine_run(e), 0);
	http_engine_free(e);
	log = ff_log();
	assert_int_equal(ca.rc, 0);
	assert_int_equal(ca.n, 250);
	assert_int_equal(cl.rc, 0);
	assert_int_equal(co.rc, 0);
	assert_int_equal(na, 6);
	assert_int_equal(na, (unsigned long)ff_count(log, 0, "/users/alice/", 0));
	assert_int_equal(nb, (unsigned long)ff_count(log, 0, "/users/socialgouv", 0));
	assert_int_equal(nb, 2);
	/* The count is final when the job calls back. */
	assert_int_equal(ca.at_done, na);
	assert_true(cl.at_done >= 1 && co.at_done >= 1);
	assert_int_equal(cl.at_done > co.at_done ? cl.at_done : co.at_done, nb);
	json_decref(log);
	free(api);
}

/* ---- pure units: tokens and rate-limit classification ----------------- */

static void token_variables_are_named_after_the_host(void **state)
{
	char *n;

	(void)state;
	n = token_env_name("git.drees-sante.fr");
	assert_string_equal(n, "INVENTAIRE_TOKEN_GIT_DREES_SANTE_FR");
	free(n);
	n = token_env_name("github.com");
	assert_string_equal(n, "GITHUB_TOKEN");
	free(n);
	n = token_env_name("gitlab.com");
	assert_string_equal(n, "GITLAB_TOKEN");
	free(n);
}

static void an_exhausted_token_set_says_when_to_come_back(void **state)
{
	struct token_set *ts;
	time_t until;
	int idx;

	(void)state;
	setenv("GITLAB_TOKEN", "a,,b ", 1);
	token_set_from_env(&ts, "gitlab.com");
	unsetenv("GITLAB_TOKEN");
	assert_int_equal(token_set_count(ts), 2);
	assert_string_equal(token_set_pick(ts, &idx, &until, 100), "a");
	token_set_exhausted(ts, idx, 500);
	assert_string_equal(token_set_pick(ts, &idx, &until, 100), "b");
	token_set_exhausted(ts, idx, 300);
	assert_null(token_set_pick(ts, &idx, &until, 100));
	assert_int_equal(until, 300);
	assert_string_equal(token_set_pick(ts, &idx, &until, 301), "b");
	token_set_free(ts);
}

static void only_some_403s_are_rate_limits(void **state)
{
	struct http_header h[2];
	struct http_resp resp = { 403, h, 0, "{\"message\":\"Must have admin rights\"}", 36, "u" };
	struct ratelimit rl;

	(void)state;
	resp.len = strlen(resp.body);
	ratelimit_classify(&rl, &resp, 1000);
	assert_false(rl.limited);

	h[0].name = (char *)"X-RateLimit-Remaining";
	h[0].value = (char *)"0";
	h[1].name = (char *)"X-RateLimit-Reset";
	h[1].value = (char *)"1700000000";
	resp.nheaders = 2;
	ratelimit_classify(&rl, &resp, 1699999000);
	assert_true(rl.limited);
	assert_true(rl.exhausted);
	assert_int_equal(rl.until, 1700000000);

	h[0].value = (char *)"12";
	resp.body = "{\"message\":\"You have exceeded a secondary rate limit\"}";
	resp.len = strlen(resp.body);
	ratelimit_classify(&rl, &resp, 1000);
	assert_true(rl.limited);
	assert_false(rl.exhausted);

	h[0].name = (char *)"Retry-After";
	h[0].value = (char *)"Wed, 21 Oct 2015 07:28:00 GMT";
	resp.nheaders = 1;
	resp.status = 429;
	ratelimit_classify(&rl, &resp, 1445412000);
	assert_true(rl.limited);
	assert_int_equal(rl.until, 1445412480);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(listing_follows_every_page_of_a_user, ff_reset),
		cmocka_unit_test_setup(server_errors_are_retried_until_they_pass, ff_reset),
		cmocka_unit_test_setup(persistent_server_errors_give_up_within_the_budget, ff_reset),
		cmocka_unit_test_setup(retry_after_seconds_is_honoured, ff_reset),
		cmocka_unit_test_setup(retry_after_as_an_http_date_is_honoured, ff_reset),
		cmocka_unit_test_setup(a_403_without_rate_limit_signs_goes_to_the_plugin, ff_reset),
		cmocka_unit_test_setup(a_403_with_no_requests_remaining_waits_for_the_reset, ff_reset),
		cmocka_unit_test_setup(a_secondary_rate_limit_message_is_a_rate_limit, ff_reset),
		cmocka_unit_test_setup(a_gitlab_403_with_ratelimit_remaining_zero_is_retried, ff_reset),
		cmocka_unit_test_setup(a_rate_limit_beyond_the_budget_fails_fast_and_names_the_variable, ff_reset),
		cmocka_unit_test_setup(an_etag_304_hands_the_cached_page_to_the_plugin, ff_reset),
		cmocka_unit_test_setup(a_body_past_the_cap_is_refused, ff_reset),
		cmocka_unit_test_setup(a_truncated_transfer_is_retried_then_reported, ff_reset),
		cmocka_unit_test_setup(truncated_or_html_bodies_give_the_plugins_error, ff_reset),
		cmocka_unit_test_setup(a_slow_answer_past_the_timeout_is_retried, ff_reset),
		cmocka_unit_test_setup(the_token_never_follows_a_redirect_to_another_host, ff_reset),
		cmocka_unit_test_setup(github_tokens_are_used_in_turn_and_a_spent_one_is_skipped, ff_reset),
		cmocka_unit_test_setup(requests_run_in_parallel_within_the_per_host_limit, ff_reset),
		cmocka_unit_test_setup(a_rate_limited_host_does_not_hold_up_another, ff_reset),
		cmocka_unit_test_setup(a_next_page_seen_before_stops_the_listing, ff_reset),
		cmocka_unit_test_setup(the_owner_job_runs_the_plugins_owner_flow, ff_reset),
		cmocka_unit_test_setup(each_job_counts_its_requests_with_retries_and_redirect_hops, ff_reset),
		cmocka_unit_test(a_refused_connection_is_a_clear_transport_error),
		cmocka_unit_test_setup(a_fetch_returns_the_body_and_status, ff_reset),
		cmocka_unit_test(token_variables_are_named_after_the_host),
		cmocka_unit_test(an_exhausted_token_set_says_when_to_come_back),
		cmocka_unit_test(only_some_403s_are_rate_limits),
	};
	int rc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	unsetenv("GITHUB_TOKEN");
	unsetenv("INVENTAIRE_TOKEN_GIT_EXAMPLE_TEST");
	rc = cmocka_run_group_tests(tests, ff_start, ff_stop);
	curl_global_cleanup();
	return rc;
}
