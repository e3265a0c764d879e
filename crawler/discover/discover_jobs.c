/*
 * discover_jobs.c - discover's requests: each built by the forge's search
 * plug-in (forges/search.h), sent by the HTTP engine (crawler/net/), its
 * answer cached (discover_cache.c) and handed to its task
 * (discover_task.c). A cached answer is used without a request.
 *
 * Search requests go to a forge one at a time, and only while its rate
 * limit allows: each answer says how many searches are left in the window
 * and when the window ends (GitHub: x-ratelimit-remaining and
 * x-ratelimit-reset, docs.github.com/en/rest/using-the-rest-api/
 * rate-limits-for-the-rest-api; GitLab: RateLimit-Remaining and
 * RateLimit-Reset, docs.gitlab.com/ee/administration/settings/
 * user_and_ip_rate_limits.html). When none are left the forge's searches
 * wait for the reset (discover_run.c), rather than being sent to be
 * refused: GitHub asks clients not to make requests while rate limited
 * (using-the-rest-api/best-practices-for-using-the-rest-api).
 */
#include "crawler/discover/discover_int.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "crawler/net/http_int.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/str.h"

/* A plug-in's flow is two or three requests; more is a loop. */
#define JOB_MAX_STEPS 4

enum job_kind { JOB_SEARCH, JOB_PROFILE, JOB_REPOS, JOB_FILE };

struct job {
	enum job_kind kind;
	struct task *task;
	size_t index;                /* the query, or the candidate */
	size_t repo;                 /* JOB_FILE: the repository */
	char *path;                  /* JOB_FILE: the file; NULL: README */
	char *key;                   /* its cache key */
	struct account acct;         /* host, api_url, owner: owned */
	struct http_req *req;
	unsigned steps;
	struct search_hits hits;     /* JOB_SEARCH */
	struct search_hit hit;       /* JOB_PROFILE */
	struct search_repos repos;   /* JOB_REPOS */
};

static struct job *job_new(enum job_kind kind, struct task *t, size_t index,
                           const char *owner, enum account_kind akind,
                           char *key)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->kind = kind;
	j->task = t;
	j->index = index;
	j->key = key;
	j->acct.host = xstrdup(t->site->host);
	j->acct.api_url = xstrdup(t->site->api_url);
	j->acct.owner = owner ? xstrdup(owner) : NULL;
	j->acct.kind = owner ? akind : ACCOUNT_INSTANCE;
	search_hit_init(&j->hit);
	return j;
}

static void job_free(struct job *j)
{
	free((char *)j->acct.host);
	free((char *)j->acct.api_url);
	free((char *)j->acct.owner);
	free(j->path);
	free(j->key);
	http_req_free(j->req);
	search_hits_clear(&j->hits);
	search_hit_clear(&j->hit);
	search_repos_clear(&j->repos);
	free(j);
}

static char *lower(const char *s)
{
	char *p = xstrdup(s);

	for (char *q = p; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return p;
}

/* TEXT with every byte that is not part of valid UTF-8 made '?'. A
 * repository's file may be in any encoding; its words are what we read. */
static char *valid_utf8(const char *text)
{
	size_t n = strlen(text);
	char *out = xstrdup(text);

	for (size_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
		                                      (utf8proc_ssize_t)(n - i), &c);

		if (k <= 0) {
			out[i++] = '?';
			continue;
		}
		i += (size_t)k;
	}
	return out;
}

/* ---- pacing ----------------------------------------------------------- */

static const char *header2(const struct http_resp *resp, const char *a,
                           const char *b)
{
	const char *v = http_resp_header(resp, a);

	return v ? v : http_resp_header(resp, b);
}

/* What a search answer says of the window: searches left, and its end. */
static void note_rate(struct site *s, const struct http_resp *resp)
{
	const char *rem = header2(resp, "x-ratelimit-remaining",
	                          "ratelimit-remaining");
	const char *reset = header2(resp, "x-ratelimit-reset", "ratelimit-reset");
	char *end;
	long v;

	if (!rem)
		return;
	v = strtol(rem, &end, 10);
	if (end == rem || v < 0)
		return;
	s->remaining = v;
	s->reset = 0;
	if (reset) {
		long long r = strtoll(reset, &end, 10);

		if (end != reset && r > 0)
			s->reset = (time_t)r;
	}
	/* A window that does not say when it ends: GitHub's search window
	 * is a minute (search/search, "Rate limit"). */
	if (s->remaining == 0 && !s->reset)
		s->reset = time(NULL) + 60;
}

/* ---- sending ---------------------------------------------------------- */

static void on_response(int rc, const struct http_resp *resp, void *payload);
static void job_done(struct job *j, int rc, const char *why);
static void schedule_files(struct task *t, size_t c);
static void run_jobs(struct site *s);

/* J's request, to the engine now. */
static void job_fetch(struct job *j)
{
	struct site *s = j->task->site;

	if (http_engine_fetch(s->run->engine, j->req, s->forge, &j->acct,
	                      on_response, j, &s->requests) < 0)
		on_response(error_last_code() < 0 ? error_last_code() : ERROR_INVALID,
		            NULL, j);
}

/*
 * A new job. A search goes now (site_pump paces them); the others wait in
 * their forge's queue for one of its --jobs places, so that when the
 * forge stops answering (a rate limit, the forge down) the requests not
 * sent yet are dropped rather than sent to be refused.
 */
static void job_submit(struct job *j)
{
	struct site *s = j->task->site;

	if (j->kind == JOB_SEARCH) {
		job_fetch(j);
		return;
	}
	s->jobs = xrealloc(s->jobs, (s->njobs + 1) * sizeof(*s->jobs));
	s->jobs[s->njobs++] = j;
	run_jobs(s);
}

/* The plug-in's parser for J's kind. */
static int job_parse(struct job *j, const struct http_resp *resp,
                     struct http_req **next)
{
	const struct forge_search *fs = j->task->site->forge->search;
	struct site *s = j->task->site;
	char *text;
	size_t len;
	int rc;

	*next = NULL;
	switch (j->kind) {
	case JOB_SEARCH:
		return fs->search_parse(&j->hits, next, &s->acct, j->req, resp);
	case JOB_PROFILE:
		return fs->profile_parse(&j->hit, next, &j->acct, j->req, resp);
	case JOB_REPOS:
		return fs->repos_parse(&j->repos, &j->acct, j->req, resp);
	case JOB_FILE:
		if ((rc = search_file_text(&text, &len, &j->acct, j->req, resp,
		                           DISCOVER_FILE_MAX)) < 0)
			return rc;
		/* The text rides in the hit's description until job_done,
		 * valid UTF-8 (the cache is JSON). */
		free(j->hit.description);
		j->hit.description = text ? valid_utf8(text) : NULL;
		free(text);
		j->hit.profile = text != NULL;
		return 0;
	}
	return ERROR_INVALID;
}

static void on_response(int rc, const struct http_resp *resp, void *payload)
{
	struct job *j = payload;
	struct http_req *next = NULL;

	if (rc < 0) {
		job_done(j, rc, error_last());
		return;
	}
	if (j->kind == JOB_SEARCH)
		note_rate(j->task->site, resp);
	error_clear();
	if ((rc = job_parse(j, resp, &next)) < 0) {
		http_req_free(next);
		if (!*error_last())
			error_set(rc, "%s: unusable answer (HTTP %ld)", resp->url,
			          resp->status);
		job_done(j, rc, error_last());
		return;
	}
	if (!next) {
		job_done(j, 0, NULL);
		return;
	}
	if (++j->steps >= JOB_MAX_STEPS) {
		http_req_free(next);
		job_done(j, ERROR_PARSE, "the forge kept sending us on");
		return;
	}
	http_req_free(j->req);
	j->req = next;
	job_fetch(j);
}

/* ---- answers ---------------------------------------------------------- */

static bool site_stopping(int rc)
{
	/* The forge will not answer this run: a rate limit beyond
	 * --max-time, or the forge down after every retry. */
	return rc == ERROR_RATELIMIT || rc == ERROR_TRANSPORT ||
	       rc == ERROR_STATUS || rc == ERROR_TOOBIG || rc == ERROR_REDIRECT ||
	       rc == ERROR_TIMEOUT || rc == ERROR_INTERRUPTED;
}

static void search_done(struct job *j, int rc, const char *why)
{
	struct task *t = j->task;
	struct site *s = t->site;
	char *now, *msg;

	s->busy = false;
	if (rc == 0) {
		now = discover_utc_now();
		dcache_put(&s->run->cache, s->host, "search", j->key,
		           dcache_hits_json(&j->hits), now);
		task_searched(t, j->index, &j->hits, now);
		free(now);
		site_pump(s);
		return;
	}
	msg = str_printable(why ? why : "", why ? strlen(why) : 0);
	if (site_stopping(rc)) {
		char *reason = xasprintf("%s: %s", rc == ERROR_RATELIMIT
		                         ? "rate limited" : rc == ERROR_INTERRUPTED
		                         ? "interrupted" : "forge unreachable", msg);

		task_search_failed(t, j->index, reason);
		/* REASON stays English: discover.json keeps it for machines. */
		if (rc == ERROR_RATELIMIT)
			discover_log(s->run, true, "%s: rate limited: %s; its other "
			             "searches wait for the next run", s->host, msg);
		else if (rc != ERROR_INTERRUPTED)
			discover_log(s->run, true, "%s: forge unreachable: %s; its "
			             "other searches wait for the next run", s->host,
			             msg);
		site_give_up(s, reason);
		free(reason);
	} else {
		discover_log(s->run, true, "%s: search for \"%s\" failed: %s",
		             s->host, t->queries[j->index], msg);
		task_search_failed(t, j->index, msg);
		site_pump(s);
	}
	free(msg);
}

/*
 * C's profile was not read. When the forge failed (a rate limit beyond
 * --max-time, the forge down), T's result is not complete: a candidate
 * without its profile may lack the very evidence that proves it. And the
 * forge gets no more of those requests this run: without a token, each
 * would be refused again.
 */
static void profile_failed(struct task *t, struct cand *c, int rc,
                           const char *why)
{
	struct site *s = t->site;
	char *msg = str_printable(why ? why : "", why ? strlen(why) : 0);

	if (site_stopping(rc)) {
		if (!s->profiles_down && rc != ERROR_INTERRUPTED) {
			s->profiles_down = xstrdup(msg);
			discover_log(s->run, true, "%s: profiles not read: %s; the "
			             "searches they belong to wait for the next run",
			             s->host, msg);
		}
		if (!t->unread)
			t->unread = xasprintf("profiles not read: %s", msg);
	}
	if (!c->profile_error)
		c->profile_error = msg;
	else
		free(msg);
}

static void job_done(struct job *j, int rc, const char *why)
{
	struct task *t = j->task;
	struct site *s = t->site;
	struct cand *c = j->kind != JOB_SEARCH ? &t->cands[j->index] : NULL;
	char *now = discover_utc_now();

	switch (j->kind) {
	case JOB_SEARCH:
		search_done(j, rc, why);
		free(now);
		job_free(j);
		return;
	case JOB_PROFILE:
		if (rc == 0) {
			dcache_put(&s->run->cache, s->host, "profile", j->key,
			           dcache_hit_json(&j->hit), now);
			search_hit_clear(&c->hit);
			c->hit = j->hit;
			search_hit_init(&j->hit);
		} else {
			profile_failed(t, c, rc, why);
		}
		break;
	case JOB_REPOS:
		if (rc < 0 && site_stopping(rc) && !s->profiles_down)
			s->profiles_down = str_printable(why ? why : "",
			                                 why ? strlen(why) : 0);
		if (rc == 0) {
			dcache_put(&s->run->cache, s->host, "repos", j->key,
			           dcache_repos_json(&j->repos), now);
			search_repos_clear(&c->repos);
			c->repos = j->repos;
			memset(&j->repos, 0, sizeof(j->repos));
			/* While this job still counts in t->pending. */
			schedule_files(t, j->index);
		}
		break;
	case JOB_FILE:
		if (rc < 0 && site_stopping(rc) && !s->profiles_down)
			s->profiles_down = str_printable(why ? why : "",
			                                 why ? strlen(why) : 0);
		if (rc == 0) {
			const char *text = j->hit.description;

			dcache_put(&s->run->cache, s->host, "file", j->key,
			           json_pack("{s:o}", "text", text ? json_string(text)
			                                           : json_null()), now);
			task_file_read(t, j->index, text,
			               t->cands[j->index].repos.v[j->repo].full_name,
			               j->path);
		}
		break;
	}
	free(now);
	job_free(j);
	s->jobs_active--;
	t->pending--;
	task_answered(t);
	run_jobs(s);
}

/* Start the queued jobs S has room for; drop them all when S stopped
 * answering or the run stops. */
static void run_jobs(struct site *s)
{
	unsigned room = s->run->o->jobs ? s->run->o->jobs : 2;

	while (s->jhead < s->njobs &&
	       (s->jobs_active < room || s->profiles_down ||
	        dsc_stopping(s->run))) {
		struct job *j = s->jobs[s->jhead++];

		s->jobs_active++;
		if (dsc_stopping(s->run))
			job_done(j, ERROR_INTERRUPTED, "interrupted");
		else if (s->profiles_down)
			job_done(j, ERROR_RATELIMIT, s->profiles_down);
		else
			job_fetch(j);
	}
}

void site_drain(struct site *s)
{
	run_jobs(s);
}

/* ---- the four kinds --------------------------------------------------- */

void site_enqueue(struct site *s, struct task *t, size_t query)
{
	s->queue = xrealloc(s->queue, (s->nqueue + 1) * sizeof(*s->queue));
	s->queue[s->nqueue].task = t;
	s->queue[s->nqueue].query = query;
	s->nqueue++;
}

void site_pump(struct site *s)
{
	struct pending_search p;
	struct job *j;

	if (s->busy || s->down || s->qhead >= s->nqueue || dsc_stopping(s->run))
		return;
	if (s->remaining == 0 && time(NULL) < s->reset)
		return;    /* discover_run.c waits for the reset */
	p = s->queue[s->qhead++];
	j = job_new(JOB_SEARCH, p.task, p.query, NULL, ACCOUNT_INSTANCE,
	            xstrdup(p.task->queries[p.query]));
	s->busy = true;
	if (s->remaining > 0)
		s->remaining--;
	s->forge->search->search_first(&j->req, &s->acct, j->key, DISCOVER_HITS);
	job_submit(j);
}

void site_give_up(struct site *s, const char *why)
{
	if (!s->down)
		s->down = xstrdup(why);
	while (s->qhead < s->nqueue) {
		struct pending_search p = s->queue[s->qhead++];

		task_search_failed(p.task, p.query, why);
	}
}

void job_profile(struct task *t, size_t c)
{
	struct site *s = t->site;
	struct cand *cand = &t->cands[c];
	char *key = lower(cand->hit.login), *at = NULL;
	json_t *v = dcache_get(&s->run->cache, s->host, "profile", key, &at);
	struct search_hit h;
	struct job *j;

	if (v && dcache_hit_from(&h, v) == 0) {
		search_hit_clear(&cand->hit);
		cand->hit = h;
		json_decref(v);
		free(key);
		free(at);
		return;
	}
	json_decref(v);
	free(at);
	if (!s->forge->search->profile_first) {
		free(key);
		return;
	}
	if (s->profiles_down) {
		profile_failed(t, cand, ERROR_RATELIMIT, s->profiles_down);
		free(key);
		return;
	}
	j = job_new(JOB_PROFILE, t, c, cand->hit.login, cand->hit.kind, key);
	search_hit_copy(&j->hit, &cand->hit);
	if (s->forge->search->profile_first(&j->req, &j->acct) < 0 || !j->req) {
		cand->profile_error = xstrdup(error_last());
		job_free(j);
		return;
	}
	t->pending++;
	job_submit(j);
}

/* Schedule the files of C's first DISCOVER_REPOS repositories that are
 * its own work (not forks, not archived). */
static void schedule_files(struct task *t, size_t c)
{
	struct cand *cand = &t->cands[c];
	size_t done = 0;

	for (size_t i = 0; i < cand->repos.n && done < DISCOVER_REPOS; i++) {
		if (cand->repos.v[i].fork || cand->repos.v[i].archived)
			continue;
		job_file(t, c, i, NULL);
		job_file(t, c, i, "publiccode.yml");
		done++;
	}
}

void job_repos(struct task *t, size_t c)
{
	struct site *s = t->site;
	struct cand *cand = &t->cands[c];
	char *key = lower(cand->hit.login);
	json_t *v = dcache_get(&s->run->cache, s->host, "repos", key, NULL);
	struct job *j;

	if (v && dcache_repos_from(&cand->repos, v) == 0) {
		json_decref(v);
		free(key);
		schedule_files(t, c);
		return;
	}
	json_decref(v);
	if (!s->forge->search->repos_first || s->profiles_down) {
		free(key);
		return;
	}
	j = job_new(JOB_REPOS, t, c, cand->hit.login, cand->hit.kind, key);
	s->forge->search->repos_first(&j->req, &j->acct, DISCOVER_REPOS * 3);
	t->pending++;
	job_submit(j);
}

void job_file(struct task *t, size_t c, size_t repo, const char *path)
{
	struct site *s = t->site;
	struct cand *cand = &t->cands[c];
	const struct search_repo *r = &cand->repos.v[repo];
	char *key = xasprintf("%s\t%s", r->full_name, path ? path : "README");
	json_t *v = dcache_get(&s->run->cache, s->host, "file", key, NULL);
	struct job *j;

	if (v && json_is_object(v)) {
		task_file_read(t, c, json_string_value(json_object_get(v, "text")),
		               r->full_name, path);
		json_decref(v);
		free(key);
		return;
	}
	json_decref(v);
	if (!s->forge->search->file_first || s->profiles_down) {
		free(key);
		return;
	}
	j = job_new(JOB_FILE, t, c, cand->hit.login, cand->hit.kind, key);
	j->repo = repo;
	j->path = path ? xstrdup(path) : NULL;
	s->forge->search->file_first(&j->req, &j->acct, r, path);
	t->pending++;
	job_submit(j);
}
