/* test_smart_http.c - tests crawler/transport/smart_http.c, pack.c and the v2 side of
 * probe_remote.c against git http-backend, served by the fake forge
 * (tests/fakeforge), on loopback only. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>
#include <git2.h>
#include <jansson.h>

#include "crawler/net/net_allow.h"
#include "crawler/transport/smart_http.h"
#include "crawler/transport/pack.h"
#include "crawler/probe/probe.h"
#include "crawler/probe/probe_int.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"

struct forge {
	pid_t pid;
	int in;           /* its stdin: closing it stops it */
	char base[64];
};

static char root[64];
static struct forge full, notree, v0;

static void sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
	free(cmd);
}

static const char *tests_dir(void)
{
	const char *d = getenv("TESTS_DIR");
	return d && *d ? d : "tests";
}

static void forge_start(struct forge *f, const char *opt)
{
	int in[2], out[2];
	char line[256];
	FILE *fp;
	int port = 0;

	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	f->pid = fork();
	assert_true(f->pid >= 0);
	if (f->pid == 0) {
		char *script = xasprintf("%s/fakeforge/fakeforge.py", tests_dir());
		char *gitroot = xasprintf("%s/repos", root);
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execlp("python3", "python3", script, "--git-root", gitroot,
		       "--timeout", "300", opt, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	f->in = in[1];
	fp = fdopen(out[0], "r");
	assert_non_null(fgets(line, sizeof(line), fp));
	fclose(fp);
	assert_int_equal(sscanf(line, "fakeforge 127.0.0.1 %d", &port), 1);
	snprintf(f->base, sizeof(f->base), "http://127.0.0.1:%d", port);
}

static void forge_stop(struct forge *f)
{
	close(f->in);
	kill(f->pid, SIGTERM);
	waitpid(f->pid, NULL, 0);
}

static size_t to_buf(char *d, size_t s, size_t n, void *p)
{
	buf_add(p, d, s * n);
	return s * n;
}

/* GET (BODY NULL) or POST to the fake forge's control endpoints. */
static char *control(const struct forge *f, const char *path, const char *body)
{
	CURL *c = curl_easy_init();
	struct buf b = BUF_INIT;
	char *url = xasprintf("%s%s", f->base, path);

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_buf);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_cleanup(c);
	free(url);
	buf_adds(&b, "");
	return buf_detach(&b);
}

static void reset(const struct forge *f, const char *faults)
{
	free(control(f, "/_control/reset", "{}"));
	if (faults)
		free(control(f, "/_control/faults", faults));
}

/* The log as a JSON array. */
static json_t *forge_log(const struct forge *f)
{
	char *text = control(f, "/_control/log", NULL), *line, *save = NULL;
	json_t *a = json_array();

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		json_array_append_new(a, json_loads(line, 0, NULL));
	free(text);
	return a;
}

static long long log_sum(json_t *log, const char *key)
{
	long long n = 0;
	size_t i;
	json_t *e;

	json_array_foreach(log, i, e)
		n += json_integer_value(json_object_get(e, key));
	return n;
}

static char *repo_url(const struct forge *f, const char *name)
{
	return xasprintf("%s/git/%s.git", f->base, name);
}

static int setup(void **state)
{
	strcpy(root, "/tmp/inventaire-githttp-XXXXXX");
	assert_non_null(mkdtemp(root));
	git_libgit2_init();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	sh("python3 %s/fakeforge/gitrepos.py %s/repos small empty", tests_dir(), root);
	forge_start(&full, "--no-any-sha1");
	forge_start(&notree, "--no-tree-filter");
	forge_start(&v0, "--no-git-v2");
	return 0;
}

static int teardown(void **state)
{
	forge_stop(&full);
	forge_stop(&notree);
	forge_stop(&v0);
	sh("rm -rf %s", root);
	smart_http_thread_end();
	curl_global_cleanup();
	git_libgit2_shutdown();
	return 0;
}

/* Where a pack fetched into the bare repository at PATH goes. */
static const char *pack_dir(const char *path)
{
	static char dir[4096];

	snprintf(dir, sizeof(dir), "%s/objects/pack", path);
	return dir;
}

static struct smart_http *session(const struct forge *f, const char *name,
                                unsigned long long max_bytes, const char *token)
{
	char *url = repo_url(f, name);
	struct smart_http_opts o = { url, token, "bot", max_bytes, 30, NULL };
	struct smart_http *s;

	assert_int_equal(smart_http_open(&s, &o), 0);
	free(url);
	return s;
}

static void v0_server_is_seen_as_not_v2(void **state)
{
	struct smart_http *s = session(&v0, "small", 0, NULL);
	char oid[41], *branch = NULL;

	/* ls-refs is sent blind first: a v0 server fails it cleanly */
	assert_true(smart_http_ls_refs(oid, &branch, s, NULL) < 0);
	assert_null(branch);
	smart_http_free(s);
}

static void v0_server_gives_refs_and_a_depth_1_pack(void **state)
{
	struct smart_http *s = session(&v0, "small", 0, NULL);
	struct git_v0_caps caps;
	char oid[41], *branch = NULL, *path = xasprintf("%s/v0-into", root);
	git_repository *repo;
	git_odb *odb;
	struct pack *p;
	git_oid id;

	assert_int_equal(smart_http_refs_v0(oid, &branch, &caps, s, NULL), 0);
	assert_string_equal(branch, "main");
	assert_true(caps.shallow);
	assert_true(caps.sideband64k);
	assert_false(caps.v2);
	assert_int_equal(git_repository_init(&repo, path, 1), 0);
	assert_int_equal(git_repository_odb(&odb, repo), 0);
	assert_int_equal(pack_new(&p, odb, pack_dir(path), 0, 100, "test"), 0);
	assert_int_equal(smart_http_fetch_v0(s, oid, &caps, pack_append, p), 0);
	assert_int_equal(pack_commit(p), 0);
	/* commit, root tree, docs/, 5 blobs: the tip only */
	assert_int_equal(pack_objects(p), 8);
	git_oid_fromstr(&id, oid);
	assert_true(git_odb_exists(odb, &id));
	pack_free(p);
	git_odb_free(odb);
	git_repository_free(repo);
	free(branch);
	free(path);
	smart_http_free(s);
	/* an empty repository advertises no ref at all */
	s = session(&v0, "empty", 0, NULL);
	assert_int_equal(smart_http_refs_v0(oid, &branch, &caps, s, NULL), ERROR_NOTFOUND);
	smart_http_free(s);
	/* a v2 server is told apart */
	s = session(&full, "small", 0, NULL);
	assert_int_equal(smart_http_refs_v0(oid, &branch, &caps, s, NULL), ERROR_PROTOCOL);
	assert_true(caps.v2);
	smart_http_free(s);
}

static void ls_refs_gives_the_tip_of_head_and_its_branch(void **state)
{
	struct smart_http *s = session(&full, "small", 0, NULL);
	char oid[41], *branch = NULL, *cmd;
	char expect[64] = "";
	FILE *p;

	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), 0);
	assert_string_equal(branch, "main");
	cmd = xasprintf("git --git-dir %s/repos/small.git rev-parse main", root);
	p = popen(cmd, "r");
	assert_non_null(fgets(expect, sizeof(expect), p));
	pclose(p);
	expect[40] = '\0';
	assert_string_equal(oid, expect);
	assert_int_equal(smart_http_requests(s), 1);
	free(branch);
	free(cmd);
	smart_http_free(s);
}

static void ls_refs_of_an_empty_repository_finds_no_branch(void **state)
{
	struct smart_http *s = session(&full, "empty", 0, NULL);
	char oid[41], *branch = NULL;

	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), ERROR_NOTFOUND);
	assert_int_equal(smart_http_ls_refs(oid, &branch, s, "main"), ERROR_NOTFOUND);
	smart_http_free(s);
}

/* Fetch WANT with FILTER into a fresh repository; the pack's object count. */
static int fetch_into_new(unsigned long *objects, char **err,
                          struct smart_http *s, const char *want,
                          const char *filter, unsigned long max_objects)
{
	char *path = xasprintf("%s/into-%d", root, rand());
	git_repository *repo;
	git_odb *odb;
	struct pack *p;
	const char *wants[1] = { want };
	int rc;

	assert_int_equal(git_repository_init(&repo, path, 1), 0);
	assert_int_equal(git_repository_odb(&odb, repo), 0);
	assert_int_equal(pack_new(&p, odb, pack_dir(path), 0, max_objects, "test"), 0);
	rc = smart_http_fetch(s, wants, 1, true, filter, pack_append, p);
	if (rc == 0)
		rc = pack_commit(p);
	*objects = pack_objects(p);
	*err = xstrdup(error_last());
	if (rc == 0) {
		git_oid oid;
		git_oid_fromstr(&oid, want);
		assert_true(git_odb_exists(odb, &oid));
	}
	pack_free(p);
	git_odb_free(odb);
	git_repository_free(repo);
	free(path);
	return rc;
}

static void tree_filter_fetch_brings_the_commit_and_its_root_tree_only(void **state)
{
	struct smart_http *s = session(&full, "small", 0, NULL);
	char oid[41], *branch = NULL, *err;
	unsigned long objects;

	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), 0);
	assert_int_equal(fetch_into_new(&objects, &err, s, oid, "tree:1", 16), 0);
	assert_int_equal(objects, 2);
	free(err);
	free(branch);
	smart_http_free(s);
}

static void refused_filter_is_told_apart(void **state)
{
	struct smart_http *s = session(&notree, "small", 0, NULL);
	char oid[41], *branch = NULL, *err;
	unsigned long objects;

	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), 0);
	assert_int_equal(fetch_into_new(&objects, &err, s, oid, "tree:1", 16),
	                 ERROR_FILTER);
	assert_non_null(strstr(err, "filter"));
	free(err);
	free(branch);
	smart_http_free(s);
}

static void unknown_object_is_told_apart(void **state)
{
	struct smart_http *s = session(&full, "small", 0, NULL);
	unsigned long objects;
	char *err;

	assert_int_equal(fetch_into_new(&objects, &err, s,
	                                "0123456789012345678901234567890123456789",
	                                "tree:0", 16), ERROR_NOREF);
	assert_non_null(strstr(err, "not our ref"));
	free(err);
	smart_http_free(s);
}

static void pack_with_more_objects_than_allowed_is_refused(void **state)
{
	struct smart_http *s = session(&full, "small", 0, NULL);
	char oid[41], *branch = NULL, *err;
	unsigned long objects;

	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), 0);
	assert_int_equal(fetch_into_new(&objects, &err, s, oid, NULL, 2),
	                 ERROR_TOOBIG);
	assert_non_null(strstr(err, "more than the 2 allowed"));
	free(err);
	free(branch);
	smart_http_free(s);
}

static void session_byte_cap_stops_the_transfer(void **state)
{
	struct smart_http *s = session(&full, "small", 200, NULL);
	char oid[41], *branch = NULL, *err;
	unsigned long objects;

	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), 0);
	assert_int_equal(fetch_into_new(&objects, &err, s, oid, "tree:1", 16),
	                 ERROR_TOOBIG);
	assert_non_null(strstr(err, "more than 200 bytes"));
	free(err);
	free(branch);
	smart_http_free(s);
}

static void token_is_sent_only_after_a_401(void **state)
{
	struct smart_http *s;
	char oid[41], *branch = NULL;
	json_t *log;

	reset(&full, NULL);
	s = session(&full, "small", 0, "s3cret");
	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), 0);
	free(branch);
	log = forge_log(&full);
	assert_int_equal(json_array_size(log), 1);
	assert_null(json_object_get(json_object_get(json_array_get(log, 0), "headers"),
	                            "Authorization"));
	json_decref(log);
	smart_http_free(s);
	/* the server asks: the request is sent again with Basic bot:s3cret */
	reset(&full, "[{\"kind\": \"status\", \"arg\": 401, \"count\": 1}]");
	s = session(&full, "small", 0, "s3cret");
	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), 0);
	free(branch);
	log = forge_log(&full);
	assert_int_equal(json_array_size(log), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	        json_array_get(log, 1), "headers"), "Authorization")),
	        "Basic Ym90OnMzY3JldA==");
	json_decref(log);
	smart_http_free(s);
	reset(&full, NULL);
}

static void stalled_server_times_out(void **state)
{
	char *url = repo_url(&full, "small");
	struct smart_http_opts o = { url, NULL, NULL, 0, 1, NULL };
	struct smart_http *s;
	char oid[41], *branch = NULL;
	time_t t0 = time(NULL);

	reset(&full, "[{\"kind\": \"slow\", \"arg\": 4, \"count\": 1}]");
	assert_int_equal(smart_http_open(&s, &o), 0);
	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), ERROR_TIMEOUT);
	assert_non_null(strstr(error_last(), "more than 1 s"));
	assert_true(time(NULL) - t0 < 4);
	smart_http_free(s);
	free(url);
	reset(&full, NULL);
}

/* The servers a log's requests reached: bit 1 the first, bit 2 the second. */
static int servers(json_t *log)
{
	int seen = 0;
	size_t i;
	json_t *e;

	json_array_foreach(log, i, e)
		seen |= (int)json_integer_value(json_object_get(e, "server"));
	return seen;
}

/* A git server's redirect is followed hop by hop, each checked against the
 * account's hosts before anything is sent there: curl's own following
 * would have sent the request to any host. */
static void a_redirect_outside_the_policy_is_refused_before_it_is_sent(void **state)
{
	const char *only_first[] = { "127.0.0.1" };
	struct net_allow allow = { only_first, 1, true };
	char *url = repo_url(&full, "small");
	struct smart_http_opts o = { url, NULL, NULL, 0, 30, &allow };
	struct smart_http *s;
	char oid[41], *branch = NULL;
	json_t *log;

	reset(&full, "[{\"kind\": \"redirect\", \"server\": 1, \"count\": 1}]");
	assert_int_equal(smart_http_open(&s, &o), 0);
	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), ERROR_REDIRECT);
	assert_non_null(strstr(error_last(), "redirect refused"));
	assert_non_null(strstr(error_last(), "127.0.0.2"));
	assert_non_null(strstr(error_last(), "not one of the account's"));
	log = forge_log(&full);
	assert_int_equal(servers(log), 1);     /* never sent to the second */
	json_decref(log);
	smart_http_free(s);
	free(url);
	reset(&full, NULL);
}

/* Inside the policy, the redirect is followed and the session moves
 * there: the next request goes to the new host at once. */
static void a_redirect_inside_the_policy_moves_the_session(void **state)
{
	const char *both[] = { "127.0.0.1", "127.0.0.2" };
	struct net_allow allow = { both, 2, true };
	char *url = repo_url(&full, "small");
	struct smart_http_opts o = { url, NULL, NULL, 0, 30, &allow };
	struct smart_http *s;
	char oid[41], *branch = NULL;
	json_t *log;

	reset(&full, "[{\"kind\": \"redirect\", \"arg\": 301, \"server\": 1, "
	      "\"count\": 1}]");
	assert_int_equal(smart_http_open(&s, &o), 0);
	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), 0);
	free(branch);
	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), 0);
	free(branch);
	log = forge_log(&full);
	assert_int_equal(json_array_size(log), 3);   /* 301, then twice on 2 */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(log, 2),
	                                                    "server")), 2);
	json_decref(log);
	smart_http_free(s);
	free(url);
	/* Another scheme is refused whatever the policy says. */
	reset(&full, "[{\"kind\": \"redirect\", \"location\": "
	      "\"file:///etc/passwd\", \"count\": 1}]");
	url = repo_url(&full, "small");
	o.url = url;
	o.allow = NULL;
	assert_int_equal(smart_http_open(&s, &o), 0);
	assert_int_equal(smart_http_ls_refs(oid, &branch, s, NULL), ERROR_REDIRECT);
	assert_non_null(strstr(error_last(), "another scheme"));
	smart_http_free(s);
	free(url);
	reset(&full, NULL);
}

static int probe_url(struct probe *p, struct report **r,
                     const struct forge *f, const char *name,
                     struct probe_remote_opts *o)
{
	char *url = repo_url(f, name);
	char *cache = xasprintf("%s/cache", root);
	int rc;

	o->cache_dir = cache;
	assert_int_equal(report_new(r), 0);
	rc = probe_remote(p, &(*r)->repository, url, o);
	free(url);
	free(cache);
	o->cache_dir = NULL;
	return rc;
}

static void known_tip_costs_one_ls_refs_and_no_pack(void **state)
{
	struct probe_remote_opts o = PROBE_REMOTE_OPTS_INIT;
	struct report *r;
	struct probe p;
	char head[41];
	json_t *log;

	assert_int_equal(probe_url(&p, &r, &full, "small", &o), 0);
	assert_false(p.unchanged);
	assert_string_equal(p.method, "v2-filter-tree");
	strcpy(head, p.head);
	probe_close(&p);
	report_free(r);

	reset(&full, NULL);
	o.known_head = head;
	assert_int_equal(probe_url(&p, &r, &full, "small", &o), 0);
	assert_true(p.unchanged);
	assert_null(p.tree);
	assert_string_equal(p.head, head);
	log = forge_log(&full);
	assert_int_equal(json_array_size(log), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(log, 0), "git")),
	                    "ls-refs");
	assert_int_equal(log_sum(log, "pack"), 0);
	assert_int_equal(p.bytes, log_sum(log, "bytes"));
	json_decref(log);
	probe_close(&p);
	report_free(r);
}

static void probe_over_the_byte_cap_is_a_clear_error(void **state)
{
	struct probe_remote_opts o = PROBE_REMOTE_OPTS_INIT;
	struct report *r;
	struct probe p;

	o.max_bytes = 300;
	sh("rm -rf %s/cache", root);
	assert_int_equal(probe_url(&p, &r, &full, "small", &o), ERROR_TOOBIG);
	assert_null(p.tree);
	assert_non_null(strstr(error_last(), "small.git"));
	assert_non_null(strstr(error_last(), "more than 300 bytes"));
	report_free(r);
}

/* libgit2's fetch (the last resort: no v2, no shallow fetch) runs over
 * libcurl's connections (crawler/transport/stream_curl.c). */
static int libgit2_probe(struct probe *p, struct report **r,
                         const struct forge *f, unsigned timeout_s,
                         const struct net_allow *allow)
{
	struct probe_remote_opts o = PROBE_REMOTE_OPTS_INIT;
	char *url = repo_url(f, "small");
	char *cache = xasprintf("%s/cache-lg2", root);
	int rc;

	sh("rm -rf %s", cache);
	o.cache_dir = cache;
	o.timeout_s = timeout_s;
	o.allow = allow;
	assert_int_equal(report_new(r), 0);
	rc = probe_remote_libgit2(p, &(*r)->repository, url, &o);
	free(url);
	free(cache);
	return rc;
}

static void libgit2_fetch_goes_through_libcurl(void **state)
{
	const struct tree_entry *e;
	struct report *r;
	struct probe p;

	reset(&v0, NULL);
	assert_int_equal(libgit2_probe(&p, &r, &v0, 30, NULL), 0);
	assert_int_equal(tree_lookup(&e, p.tree, "README.md"), 0);
	probe_close(&p);
	report_free(r);
}

/* A server that sends 2 bytes a second never stalls: only the deadline
 * stops it. libgit2 1.5 has no timeout of its own: it waited for as long
 * as the server dribbled. */
static void libgit2_fetch_keeps_its_deadline_against_a_dribbling_server(void **state)
{
	struct report *r;
	struct probe p;
	time_t t0 = time(NULL);

	reset(&v0, "[{\"kind\": \"dribble\", \"arg\": 2}]");
	assert_int_equal(libgit2_probe(&p, &r, &v0, 3, NULL), ERROR_TIMEOUT);
	assert_true(time(NULL) - t0 <= 6);
	assert_non_null(strstr(error_last(), "took more than its time"));
	assert_null(p.tree);
	report_free(r);
	reset(&v0, NULL);
}

/* libgit2 follows redirects by itself, to any host: each connection it
 * opens is checked against the policy. */
static void libgit2_fetch_connects_nowhere_outside_the_policy(void **state)
{
	const char *only_first[] = { "127.0.0.1" };
	struct net_allow allow = { only_first, 1, true }, no_http = { only_first,
	                                                              1, false };
	struct report *r;
	struct probe p;
	json_t *log;

	reset(&v0, "[{\"kind\": \"redirect\", \"server\": 1}]");
	assert_int_equal(libgit2_probe(&p, &r, &v0, 30, &allow), ERROR_REFUSED);
	assert_non_null(strstr(error_last(), "127.0.0.2"));
	log = forge_log(&v0);
	assert_int_equal(servers(log), 1);
	json_decref(log);
	report_free(r);
	/* and no plain connection when http is not allowed */
	reset(&v0, NULL);
	assert_int_equal(libgit2_probe(&p, &r, &v0, 30, &no_http), ERROR_REFUSED);
	assert_non_null(strstr(error_last(), "without TLS"));
	log = forge_log(&v0);
	assert_int_equal(json_array_size(log), 0);
	json_decref(log);
	report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(v0_server_is_seen_as_not_v2),
		cmocka_unit_test(v0_server_gives_refs_and_a_depth_1_pack),
		cmocka_unit_test(ls_refs_gives_the_tip_of_head_and_its_branch),
		cmocka_unit_test(ls_refs_of_an_empty_repository_finds_no_branch),
		cmocka_unit_test(tree_filter_fetch_brings_the_commit_and_its_root_tree_only),
		cmocka_unit_test(refused_filter_is_told_apart),
		cmocka_unit_test(unknown_object_is_told_apart),
		cmocka_unit_test(pack_with_more_objects_than_allowed_is_refused),
		cmocka_unit_test(session_byte_cap_stops_the_transfer),
		cmocka_unit_test(token_is_sent_only_after_a_401),
		cmocka_unit_test(stalled_server_times_out),
		cmocka_unit_test(a_redirect_outside_the_policy_is_refused_before_it_is_sent),
		cmocka_unit_test(a_redirect_inside_the_policy_moves_the_session),
		cmocka_unit_test(known_tip_costs_one_ls_refs_and_no_pack),
		cmocka_unit_test(probe_over_the_byte_cap_is_a_clear_error),
		cmocka_unit_test(libgit2_fetch_goes_through_libcurl),
		cmocka_unit_test(libgit2_fetch_keeps_its_deadline_against_a_dribbling_server),
		cmocka_unit_test(libgit2_fetch_connects_nowhere_outside_the_policy),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
