/*
 * http.c - the HTTP engine's core: one request at a time from the caller's
 * view, many in flight underneath (libcurl multi), with retries, rate-limit
 * waits, token choice, manual redirects and the ETag cache. The listing
 * loops that drive the plug-ins are in http_list.c.
 */
#include "crawler/net/http.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "crawler/net/etag_cache.h"
#include "crawler/net/http_int.h"
#include "crawler/net/net_curl.h"
#include "crawler/net/ratelimit.h"
#include "crawler/net/token.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/str.h"
#include "lib/url.h"

#define MAX_RESP_HEADERS 1000

struct host {                   /* one origin: scheme://host:port */
	char *origin;
	unsigned active;
	long long blocked_until;    /* monotonic ms: everybody waits */
	struct host *next;
};

struct tokens {                 /* the tokens of one account host */
	char *host;
	struct token_set *ts;
	struct tokens *next;
};

struct xfer {
	struct http_engine *e;
	struct xfer *next;          /* in e->pending */
	struct xfer *anext;         /* in e->active, while an attempt is in flight */
	struct xfer **aprev;

	/* The request, as it stands after redirects. */
	char *method;
	char *url;
	struct http_header *headers;
	size_t nheaders;
	char *body;
	size_t body_len;

	/* Who may get a token: only the origin of the account's API root. */
	const struct forge *forge;
	char *auth_origin;
	char *token_host;
	struct token_set *ts;       /* borrowed from e->tokens */

	unsigned attempts;
	unsigned redirects;
	unsigned long *requests;    /* the job's count of attempts sent, or NULL */
	bool started;
	long long first;            /* monotonic ms of the first attempt */
	long long not_before;

	/* The attempt in flight. */
	CURL *easy;
	struct curl_slist *slist;
	struct host *host;
	int token_idx;
	bool have_cached;
	struct etag_entry cached;
	struct buf in;
	bool too_big;
	struct http_header *rh;     /* response headers */
	size_t nrh;
	char errbuf[CURL_ERROR_SIZE];

	http_done_cb done;
	void *payload;
};

struct http_engine {
	struct http_engine_opts o;
	char *cache_dir;
	CURLM *multi;
	struct xfer *pending;
	struct xfer *active;        /* attempts in flight, to abort them */
	unsigned nactive;
	struct host *hosts;
	struct tokens *tokens;
	unsigned long long rng;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* xorshift64*: jitter only, so per-engine state is plenty. */
static unsigned long long rng_next(struct http_engine *e)
{
	e->rng ^= e->rng >> 12;
	e->rng ^= e->rng << 25;
	e->rng ^= e->rng >> 27;
	return e->rng * 2685821657736338717ULL;
}

static void log_v(const struct http_engine *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void log_v(const struct http_engine *e, const char *fmt, ...)
{
	va_list ap;

	if (e->o.verbose < 1)
		return;
	va_start(ap, fmt);
	fputs("inventaire: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static char *printable(const char *s)
{
	return str_printable(s, strlen(s));
}

int http_engine_new(struct http_engine **out, const struct http_engine_opts *opts)
{
	static const struct http_engine_opts defaults = HTTP_ENGINE_OPTS_INIT;
	struct http_engine *e = xcalloc(1, sizeof(*e));

	e->o = opts ? *opts : defaults;
	if (!e->o.per_host)
		e->o.per_host = defaults.per_host;
	if (!e->o.max_pages)
		e->o.max_pages = defaults.max_pages;
	if (e->o.backoff_base_ms <= 0)
		e->o.backoff_base_ms = 1;
	if (e->o.backoff_max_ms < e->o.backoff_base_ms)
		e->o.backoff_max_ms = e->o.backoff_base_ms;
	e->cache_dir = e->o.cache_dir ? xstrdup(e->o.cache_dir) : NULL;
	e->o.cache_dir = e->cache_dir;
	e->rng = ((unsigned long long)time(NULL) << 20) ^ (unsigned long long)getpid() ^
	         (unsigned long long)(size_t)e;
	if (!e->rng)
		e->rng = 1;
	e->multi = curl_multi_init();
	if (!e->multi) {
		free(e->cache_dir);
		free(e);
		return error_set(ERROR_TRANSPORT, "cannot start libcurl's multi "
		                 "interface (out of memory?)");
	}
	/* HTTP/2 where offered: several requests on one connection. */
	curl_multi_setopt(e->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)e->o.per_host);
	*out = e;
	return 0;
}

static void free_headers(struct http_header *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].value);
	}
	free(h);
}

/* Forget the attempt in flight (keeps the request for a retry). */
static void attempt_reset(struct xfer *x)
{
	if (x->easy) {
		curl_multi_remove_handle(x->e->multi, x->easy);
		curl_easy_cleanup(x->easy);
		x->easy = NULL;
	}
	/* The slist may hold the Authorization header: scrub before free. */
	for (struct curl_slist *s = x->slist; s; s = s->next)
		memset(s->data, 0, strlen(s->data));
	curl_slist_free_all(x->slist);
	x->slist = NULL;
	if (x->host) {
		x->host->active--;
		x->e->nactive--;
		x->host = NULL;
		if (x->anext)
			x->anext->aprev = x->aprev;
		*x->aprev = x->anext;
		x->anext = NULL;
		x->aprev = NULL;
	}
	etag_entry_clear(&x->cached);
	x->have_cached = false;
	buf_free(&x->in);
	x->too_big = false;
	free_headers(x->rh, x->nrh);
	x->rh = NULL;
	x->nrh = 0;
	x->errbuf[0] = '\0';
	x->token_idx = -1;
}

static void xfer_free(struct xfer *x)
{
	attempt_reset(x);
	free(x->method);
	free(x->url);
	free_headers(x->headers, x->nheaders);
	free(x->body);
	free(x->auth_origin);
	free(x->token_host);
	free(x);
}

void http_engine_free(struct http_engine *e)
{
	if (!e)
		return;
	while (e->pending) {
		struct xfer *x = e->pending;

		e->pending = x->next;
		xfer_free(x);
	}
	while (e->hosts) {
		struct host *h = e->hosts;

		e->hosts = h->next;
		free(h->origin);
		free(h);
	}
	while (e->tokens) {
		struct tokens *t = e->tokens;

		e->tokens = t->next;
		free(t->host);
		token_set_free(t->ts);
		free(t);
	}
	curl_multi_cleanup(e->multi);
	free(e->cache_dir);
	free(e);
}

static struct host *host_get(struct http_engine *e, const char *origin)
{
	struct host *h;

	for (h = e->hosts; h; h = h->next)
		if (!strcmp(h->origin, origin))
			return h;
	h = xcalloc(1, sizeof(*h));
	h->origin = xstrdup(origin);
	h->next = e->hosts;
	e->hosts = h;
	return h;
}

static struct token_set *tokens_get(struct http_engine *e, const char *host)
{
	struct tokens *t;

	for (t = e->tokens; t; t = t->next)
		if (!strcasecmp(t->host, host))
			return t->ts;
	t = xcalloc(1, sizeof(*t));
	t->host = xstrdup(host);
	token_set_from_env(&t->ts, host);
	t->next = e->tokens;
	e->tokens = t;
	return t->ts;
}

static void pending_push(struct http_engine *e, struct xfer *x)
{
	struct xfer **p = &e->pending;

	/* FIFO, so that pages of one listing keep their order of arrival. */
	while (*p)
		p = &(*p)->next;
	x->next = NULL;
	*p = x;
}

/* The job is over: call back once, then free. */
static void xfer_finish(struct xfer *x, int rc, const struct http_resp *resp)
{
	x->done(rc, resp, x->payload);
	xfer_free(x);
}

/* Finish X with RC and a message the callback reads with error_last(). */
static void xfer_fail(struct xfer *x, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void xfer_fail(struct xfer *x, int rc, const char *fmt, ...)
{
	va_list ap;

	attempt_reset(x);
	va_start(ap, fmt);
	error_setv(rc, fmt, ap);
	va_end(ap);
	xfer_finish(x, rc, NULL);
}

int http_engine_fetch(struct http_engine *e, const struct http_req *req,
                      const struct forge *forge, const struct account *acct,
                      http_done_cb done, void *payload,
                      unsigned long *requests)
{
	struct xfer *x;

	if (!req || !req->url || !req->method || !done)
		return error_set(ERROR_INVALID, "http_engine_fetch: a request needs "
		                 "a method, a URL and a callback");
	x = xcalloc(1, sizeof(*x));
	x->e = e;
	x->method = xstrdup(req->method);
	x->url = xstrdup(req->url);
	if (req->nheaders) {
		x->headers = xcalloc(req->nheaders, sizeof(*x->headers));
		for (size_t i = 0; i < req->nheaders; i++) {
			x->headers[i].name = xstrdup(req->headers[i].name);
			x->headers[i].value = xstrdup(req->headers[i].value);
		}
		x->nheaders = req->nheaders;
	}
	if (req->body) {
		x->body = xmalloc(req->body_len + 1);
		memcpy(x->body, req->body, req->body_len);
		x->body[req->body_len] = '\0';
		x->body_len = req->body_len;
	}
	x->forge = forge;
	if (acct && acct->api_url && acct->host && forge && forge->auth_header) {
		x->auth_origin = url_origin(acct->api_url);
		x->token_host = xstrdup(acct->host);
		x->ts = tokens_get(e, acct->host);
	}
	x->token_idx = -1;
	x->first = x->not_before = now_ms();
	x->done = done;
	x->payload = payload;
	x->requests = requests;
	pending_push(e, x);
	return 0;
}

static size_t on_body(char *data, size_t size, size_t n, void *p)
{
	struct xfer *x = p;
	size_t len = size * n;

	/* Abort past the cap, whatever the Content-Length said
	 * (CURLOPT_MAXFILESIZE only trusts the header). */
	if (x->in.len + len > x->e->o.max_body) {
		x->too_big = true;
		return 0;
	}
	buf_add(&x->in, data, len);
	return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *p)
{
	struct xfer *x = p;
	size_t len = size * n, nlen;
	const char *colon, *v, *end = data + len;

	if (len >= 5 && !strncmp(data, "HTTP/", 5)) {
		/* A new response (after 100 Continue or a proxy): start over. */
		free_headers(x->rh, x->nrh);
		x->rh = NULL;
		x->nrh = 0;
		return len;
	}
	colon = memchr(data, ':', len);
	if (!colon || colon == data || x->nrh >= MAX_RESP_HEADERS)
		return len;
	nlen = (size_t)(colon - data);
	v = colon + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' ||
	                   end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (memchr(data, '\0', len))
		return len;    /* NUL in a header: not one we can trust */
	x->rh = xrealloc(x->rh, (x->nrh + 1) * sizeof(*x->rh));
	x->rh[x->nrh].name = xstrndup(data, nlen);
	x->rh[x->nrh].value = xstrndup(v, (size_t)(end - v));
	x->nrh++;
	return len;
}

static void slist_add(struct xfer *x, const char *name, const char *value)
{
	char *line = xasprintf("%s: %s", name, value);

	x->slist = curl_slist_append(x->slist, line);
	memset(line, 0, strlen(line));
	free(line);
}

/* The Authorization (or PRIVATE-TOKEN) header, if this hop may have it. */
static void add_auth(struct xfer *x, const char *token)
{
	char *name = NULL, *value = NULL;

	if (x->forge->auth_header(&name, &value, token) == 0 && name && value)
		slist_add(x, name, value);
	if (value)
		memset(value, 0, strlen(value));
	free(name);
	free(value);
}

/*
 * The token for this attempt, if X's request may carry one. Tokens never
 * leave the account's API origin, including after a redirect: the check is
 * made again on every hop. 0 with *TOKEN set (or NULL: none to send); 1
 * when every token is spent and X must wait (X->not_before set); -1 when
 * that wait is beyond the retry budget and X was finished.
 */
static int pick_token(struct xfer *x, const char *origin, long long now,
                      const char **token)
{
	struct http_engine *e = x->e;
	long long wake;
	time_t until;

	*token = NULL;
	if (!x->auth_origin || !x->ts || strcmp(origin, x->auth_origin) ||
	    !token_set_count(x->ts))
		return 0;
	*token = token_set_next(x->ts, &x->token_idx, &until, time(NULL));
	if (*token)
		return 0;
	/* Every token is spent: wait for the first reset. */
	wake = now + (long long)(until - time(NULL)) * 1000;
	if (wake - x->first > e->o.retry_budget_ms) {
		char *var = token_env_name(x->token_host);
		char *u = printable(x->url);

		xfer_fail(x, ERROR_RATELIMIT,
		          "%s: every token in %s is rate limited for %lld s more, "
		          "beyond the retry budget of %ld s; add a token or try later",
		          u, var, (wake - now) / 1000, e->o.retry_budget_ms / 1000);
		free(var);
		free(u);
		return -1;
	}
	x->not_before = wake;
	return 1;
}

/* The options of one attempt, after net_curl_configure()'s shared ones. */
static void easy_setup(struct xfer *x, CURL *c)
{
	struct http_engine *e = x->e;

	net_curl_configure(c);
	curl_easy_setopt(c, CURLOPT_URL, x->url);
	curl_easy_setopt(c, CURLOPT_PRIVATE, x);
	/* Redirects are ours to follow, so that the token is dropped when
	 * the origin changes (CURLOPT_FOLLOWLOCATION would resend it). */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(c, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, e->o.connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, e->o.request_timeout_ms);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)e->o.max_body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, x->slist);
	if (!strcmp(x->method, "POST")) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, x->body ? x->body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->body_len);
	} else if (strcmp(x->method, "GET")) {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, x->method);
	}
}

/* X is in flight on H: count it there and in the engine's active list. */
static void attempt_link(struct xfer *x, struct host *h, CURL *c)
{
	struct http_engine *e = x->e;

	x->easy = c;
	x->host = h;
	h->active++;
	e->nactive++;
	x->anext = e->active;
	if (e->active)
		e->active->aprev = &x->anext;
	x->aprev = &e->active;
	e->active = x;
	x->attempts++;
}

/*
 * Start X if its host has room and nothing makes it wait. Returns true when
 * started, false to keep it pending; X may be finished (freed) when its
 * budget ran out, which *GONE reports.
 */
static bool xfer_start(struct xfer *x, long long now, bool *gone)
{
	struct http_engine *e = x->e;
	char *origin = url_origin(x->url);
	const char *token = NULL;
	struct host *h;
	CURL *c;
	int wait;

	*gone = false;
	if (!origin) {
		char *u = printable(x->url);

		*gone = true;
		xfer_fail(x, ERROR_INVALID, "%s: not an http or https URL", u);
		free(u);
		return false;
	}
	h = host_get(e, origin);
	if (h->active >= e->o.per_host || h->blocked_until > now) {
		free(origin);
		return false;
	}
	/* The retry budget counts from the first attempt, not from the time
	 * spent queued behind the same host's other requests. */
	if (!x->started) {
		x->started = true;
		x->first = now;
	}
	wait = pick_token(x, origin, now, &token);
	free(origin);
	if (wait) {
		*gone = wait < 0;
		return false;
	}
	if (!(c = curl_easy_init()))
		return false;
	attempt_link(x, h, c);
	for (size_t i = 0; i < x->nheaders; i++)
		slist_add(x, x->headers[i].name, x->headers[i].value);
	if (token)
		add_auth(x, token);
	if (e->cache_dir && !strcmp(x->method, "GET") &&
	    etag_cache_get(&x->cached, e->cache_dir, x->url) == 0) {
		x->have_cached = true;
		slist_add(x, "If-None-Match", x->cached.etag);
	}
	easy_setup(x, c);
	if (curl_multi_add_handle(e->multi, c) != CURLM_OK) {
		attempt_reset(x);
		return false;
	}
	/* Sent: a retry or a redirect hop comes back here and counts again. */
	if (x->requests)
		(*x->requests)++;
	return true;
}

/* Exponential back-off with jitter: BASE * 2^(attempts-1), capped, then a
 * random point in its upper half so that clients do not retry in step. */
static long long backoff_ms(struct http_engine *e, unsigned attempts)
{
	long long d = e->o.backoff_base_ms;

	for (unsigned i = 1; i < attempts && d < e->o.backoff_max_ms; i++)
		d *= 2;
	if (d > e->o.backoff_max_ms)
		d = e->o.backoff_max_ms;
	return d / 2 + (long long)(rng_next(e) % (unsigned long long)(d / 2 + 1));
}

/* Retry at WAKE if that fits the budget; else finish with an error. */
static void xfer_retry_at(struct xfer *x, long long wake, int rc, const char *why)
{
	struct http_engine *e = x->e;
	long long now = now_ms();
	char *u = printable(x->url);

	if (wake - x->first > e->o.retry_budget_ms) {
		xfer_fail(x, rc, "%s: %s; gave up after %u attempt%s over %lld s "
		          "(retry budget %ld s)", u, why, x->attempts,
		          x->attempts == 1 ? "" : "s", (now - x->first) / 1000,
		          e->o.retry_budget_ms / 1000);
		free(u);
		return;
	}
	log_v(e, "%s: %s; retrying in %.1f s", u, why, (double)(wake - now) / 1000);
	free(u);
	if (e->o.on_wait) {
		char *host = url_host(x->url);

		e->o.on_wait(host ? host : "?", wake - now, why, e->o.wait_payload);
		free(host);
	}
	attempt_reset(x);
	x->not_before = wake;
	pending_push(e, x);
}

static bool is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 ||
	       status == 307 || status == 308;
}

static void follow_redirect(struct xfer *x, const char *location)
{
	char *next = url_resolve(x->url, location);
	char *u = printable(x->url);

	if (!next || ++x->redirects > x->e->o.max_redirects) {
		xfer_fail(x, ERROR_REDIRECT, next ? "%s: more than %u redirects"
		          : "%s: unusable redirect Location (limit %u)", u,
		          x->e->o.max_redirects);
		free(next);
		free(u);
		return;
	}
	log_v(x->e, "%s: redirected", u);
	free(u);
	free(x->url);
	x->url = next;
	if (strcmp(x->method, "GET")) {
		/* RFC 9110 §15.4.4: after a 303, GET without body; other
		 * redirects keep the method. */
		long status = 0;

		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
		if (status == 303) {
			free(x->method);
			x->method = xstrdup("GET");
			free(x->body);
			x->body = NULL;
			x->body_len = 0;
		}
	}
	attempt_reset(x);
	x->not_before = now_ms();
	pending_push(x->e, x);
}

/* The rate limit told us to wait: rotate tokens, or hold the whole host. */
static void on_rate_limit(struct xfer *x, const struct ratelimit *rl, long status)
{
	struct http_engine *e = x->e;
	time_t now_s = time(NULL);
	long long now = now_ms(), wake;
	char why[64];

	snprintf(why, sizeof(why), "rate limited (HTTP %ld)", status);
	if (x->token_idx >= 0) {
		int idx;

		token_set_exhausted(x->ts, x->token_idx,
		                    rl->until ? rl->until : now_s + 60);
		if (token_set_pick(x->ts, &idx, NULL, now_s)) {
			/* Another token has requests left: use it now. */
			attempt_reset(x);
			x->not_before = now;
			pending_push(e, x);
			return;
		}
	}
	if (rl->until)
		wake = now + (long long)(rl->until - now_s) * 1000;
	else
		wake = now + backoff_ms(e, x->attempts);
	if (wake < now + e->o.backoff_base_ms / 2)
		wake = now + e->o.backoff_base_ms / 2;
	/* Everyone on this origin waits, not only this request. */
	if (x->host && x->host->blocked_until < wake &&
	    wake - x->first <= e->o.retry_budget_ms)
		x->host->blocked_until = wake;
	if (wake - x->first > e->o.retry_budget_ms && x->token_host) {
		char *var = token_env_name(x->token_host);
		char *u = printable(x->url);

		xfer_fail(x, ERROR_RATELIMIT, "%s: %s for %lld s more, beyond the "
		          "retry budget of %ld s; set %s or try later", u, why,
		          (wake - now) / 1000, e->o.retry_budget_ms / 1000, var);
		free(u);
		free(var);
		return;
	}
	xfer_retry_at(x, wake, ERROR_RATELIMIT, why);
}

/* The attempt failed below HTTP (connection, TLS, cut stream): retry, or
 * give up. */
static void on_transport_error(struct xfer *x, CURLcode res)
{
	struct http_engine *e = x->e;
	char why[CURL_ERROR_SIZE + 64];
	char *u;

	if (x->too_big || res == CURLE_FILESIZE_EXCEEDED) {
		u = printable(x->url);
		xfer_fail(x, ERROR_TOOBIG, "%s: response larger than %zu bytes; "
		          "not a listing page", u, e->o.max_body);
		free(u);
		return;
	}
	snprintf(why, sizeof(why), "%s", x->errbuf[0] ? x->errbuf
	         : curl_easy_strerror(res));
	/* A name that does not resolve is an offline machine or a dead
	 * host far more often than a DNS hiccup: two more tries, then
	 * fail, instead of spending the whole retry budget (a crawl of
	 * 90 hosts with no network must end in seconds, not hours). */
	if ((res == CURLE_COULDNT_RESOLVE_HOST ||
	     res == CURLE_COULDNT_RESOLVE_PROXY) && x->attempts >= 3) {
		u = printable(x->url);
		xfer_fail(x, ERROR_TRANSPORT, "%s: %s; gave up after %u "
		          "attempts (the host name does not resolve)", u, why,
		          x->attempts);
		free(u);
		return;
	}
	xfer_retry_at(x, now_ms() + backoff_ms(e, x->attempts),
	              ERROR_TRANSPORT, why);
}

/* A 5xx or a 408: come back later. RFC 9110 §10.2.3: a 503 may say
 * when. */
static void on_server_error(struct xfer *x, const struct http_resp *resp)
{
	time_t now_s = time(NULL);
	time_t ra = ratelimit_retry_after(http_resp_header(resp, "retry-after"),
	                                  now_s);
	long long wake = now_ms() + (ra ? (long long)(ra - now_s) * 1000
	                                : backoff_ms(x->e, x->attempts));
	char why[32];

	snprintf(why, sizeof(why), "HTTP %ld", resp->status);
	xfer_retry_at(x, wake, ERROR_STATUS, why);
}

/* A final answer: swap a 304 for the stored page, store a new 200, and
 * hand it over. */
static void on_final(struct xfer *x, struct http_resp *resp)
{
	struct http_engine *e = x->e;

	if (resp->status == 304 && x->have_cached) {
		/* A 304 hands the stored page to the plug-in as the 200 it was. */
		char *u = printable(x->url);

		resp->status = 200;
		resp->headers = x->cached.headers;
		resp->nheaders = x->cached.nheaders;
		resp->body = x->cached.body;
		resp->len = x->cached.len;
		log_v(e, "%s: not modified, cached page reused", u);
		free(u);
	} else if (resp->status == 200 && e->cache_dir &&
	           !strcmp(x->method, "GET")) {
		const char *etag = http_resp_header(resp, "etag");

		if (etag)
			etag_cache_put(e->cache_dir, x->url, etag, x->rh, x->nrh,
			               resp->body, resp->len);
	}
	curl_multi_remove_handle(e->multi, x->easy);
	xfer_finish(x, 0, resp);
}

static void xfer_done(struct xfer *x, CURLcode res)
{
	struct http_resp resp = { 0 };
	struct ratelimit rl;
	long status = 0;

	if (x->too_big || res != CURLE_OK) {
		on_transport_error(x, res);
		return;
	}
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	resp.status = status;
	resp.headers = x->rh;
	resp.nheaders = x->nrh;
	resp.body = x->in.data ? x->in.data : "";
	resp.len = x->in.len;
	resp.url = x->url;

	ratelimit_classify(&rl, &resp, time(NULL));
	if (rl.exhausted && x->token_idx >= 0 && !rl.limited)
		/* Still a good answer, but the next request needs another token. */
		token_set_exhausted(x->ts, x->token_idx,
		                    rl.until ? rl.until : time(NULL) + 60);
	if (rl.limited) {
		on_rate_limit(x, &rl, status);
		return;
	}
	if (status >= 500 || status == 408) {
		on_server_error(x, &resp);
		return;
	}
	if (is_redirect(status) && http_resp_header(&resp, "location")) {
		char *l = xstrdup(http_resp_header(&resp, "location"));

		follow_redirect(x, l);
		free(l);
		return;
	}
	on_final(x, &resp);
}

/* Start what can start; return the next wake-up in ms (-1: none). */
static long long start_ready(struct http_engine *e)
{
	long long now = now_ms(), wake = -1;
	struct xfer **p = &e->pending;

	while (*p) {
		struct xfer *x = *p;
		bool gone = false;

		if (x->not_before > now) {
			if (wake < 0 || x->not_before < wake)
				wake = x->not_before;
			p = &x->next;
			continue;
		}
		*p = x->next;
		x->next = NULL;
		if (xfer_start(x, now, &gone))
			continue;
		if (gone) {
			/* Finishing may have queued new jobs: rescan. */
			p = &e->pending;
			continue;
		}
		/* Still waiting: back in place. */
		x->next = *p;
		*p = x;
		if (x->not_before > now && (wake < 0 || x->not_before < wake))
			wake = x->not_before;
		if (x->host == NULL) {
			char *origin = url_origin(x->url);
			struct host *h = origin ? host_get(e, origin) : NULL;

			if (h && h->blocked_until > now &&
			    (wake < 0 || h->blocked_until < wake))
				wake = h->blocked_until;
			free(origin);
		}
		p = &x->next;
	}
	return wake;
}

/* *STOP was set (SIGINT, SIGTERM): every job ends now, with an error. */
static void engine_abort(struct http_engine *e)
{
	while (e->active || e->pending) {
		struct xfer *x = e->active;

		if (!x) {
			x = e->pending;
			e->pending = x->next;
		}
		xfer_fail(x, ERROR_INTERRUPTED, "%s: interrupted", x->url);
	}
}

int http_engine_run(struct http_engine *e)
{
	int rc = 0;

	for (;;) {
		long long wake, now;
		CURLMsg *msg;
		CURLMcode mc;
		int running, left, timeout;

		if (e->o.stop && *e->o.stop) {
			engine_abort(e);
			return error_set(ERROR_INTERRUPTED, "interrupted: every "
			                 "request was stopped");
		}
		wake = start_ready(e);
		if (!e->pending && !e->nactive)
			break;
		if ((mc = curl_multi_perform(e->multi, &running)) != CURLM_OK)
			rc = ERROR_TRANSPORT;
		while ((msg = curl_multi_info_read(e->multi, &left))) {
			struct xfer *x = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			xfer_done(x, msg->data.result);
		}
		if (!e->nactive && !e->pending)
			break;
		now = now_ms();
		timeout = 1000;
		if (wake >= 0 && wake - now < timeout)
			timeout = wake > now ? (int)(wake - now) : 0;
		if (e->nactive == 0 && wake < 0)
			timeout = 10;    /* waiting on a host slot only */
		curl_multi_poll(e->multi, NULL, 0, timeout, NULL);
	}
	/* Set last: a job's callback may have left its own message. */
	if (rc < 0)
		error_set(rc, "libcurl's multi interface failed; some requests "
		          "may have been cut short");
	return rc;
}

unsigned http_engine_max_pages(const struct http_engine *e)
{
	return e->o.max_pages;
}
