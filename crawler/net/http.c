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
#include "crawler/net/ratelimit.h"
#include "crawler/net/token.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/str.h"
#include "version.h"

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
	char *user_agent;
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

/* "scheme://host:port", lower-cased, or NULL for anything but http(s). */
static char *url_origin(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *origin = NULL;

	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK &&
	    (!strcasecmp(scheme, "http") || !strcasecmp(scheme, "https"))) {
		origin = xasprintf("%s://%s:%s", scheme, host, port);
		for (char *p = origin; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return origin;
}

/* LOCATION resolved against BASE (RFC 9110 §10.2.2 allows relative). */
static char *url_resolve(const char *base, const char *location)
{
	CURLU *u = curl_url();
	char *full = NULL, *out = NULL;

	if (curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, location, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &full, 0) == CURLUE_OK)
		out = xstrdup(full);
	curl_free(full);
	curl_url_cleanup(u);
	return out;
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
	e->user_agent = e->o.user_agent ? xstrdup(e->o.user_agent)
		: xstrdup("inventaire/" INVENTAIRE_VERSION " (+" HTTP_CONTACT_URL ")");
	e->cache_dir = e->o.cache_dir ? xstrdup(e->o.cache_dir) : NULL;
	e->o.user_agent = e->user_agent;
	e->o.cache_dir = e->cache_dir;
	e->rng = ((unsigned long long)time(NULL) << 20) ^ (unsigned long long)getpid() ^
	         (unsigned long long)(size_t)e;
	if (!e->rng)
		e->rng = 1;
	e->multi = curl_multi_init();
	if (!e->multi) {
		free(e->user_agent);
		free(e->cache_dir);
		free(e);
		return HTTP_ETRANSPORT;
	}
	/* Issue 5: HTTP/2 where offered, several requests on one connection. */
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
	free(e->user_agent);
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
static void xfer_finish(struct xfer *x, int rc, const char *err,
                        const struct http_resp *resp)
{
	x->done(rc, err, resp, x->payload);
	xfer_free(x);
}

static void xfer_fail(struct xfer *x, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void xfer_fail(struct xfer *x, int rc, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	attempt_reset(x);
	xfer_finish(x, rc, msg, NULL);
	free(msg);
}

int http_engine_fetch(struct http_engine *e, const struct http_req *req,
                      const struct forge *forge, const struct account *acct,
                      http_done_cb done, void *payload)
{
	return http_engine_fetch_counted(e, req, forge, acct, done, payload, NULL);
}

int http_engine_fetch_counted(struct http_engine *e, const struct http_req *req,
                              const struct forge *forge,
                              const struct account *acct, http_done_cb done,
                              void *payload, unsigned long *requests)
{
	struct xfer *x;

	if (!req || !req->url || !req->method || !done)
		return HTTP_EINVAL;
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

	/* Issue 5 "Response limits": abort past the cap, whatever the
	 * Content-Length said (CURLOPT_MAXFILESIZE only trusts the header). */
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

	*gone = false;
	if (!origin) {
		char *u = printable(x->url);

		*gone = true;
		xfer_fail(x, HTTP_EINVAL, "%s: not an http or https URL", u);
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
	/* Tokens never leave the account's API origin (issue 5), including
	 * after a redirect: the check is made again on every hop. */
	if (x->auth_origin && x->ts && !strcmp(origin, x->auth_origin) &&
	    token_set_count(x->ts)) {
		time_t until;

		token = token_set_pick(x->ts, &x->token_idx, &until, time(NULL));
		if (!token) {
			/* Every token is spent: wait for the first reset. */
			long long wake = now + (long long)(until - time(NULL)) * 1000;

			free(origin);
			if (wake - x->first > e->o.retry_budget_ms) {
				char *var = token_env_name(x->token_host);
				char *u = printable(x->url);

				*gone = true;
				xfer_fail(x, HTTP_ERATELIMIT,
				          "%s: every token in %s is rate limited for %lld s more, "
				          "beyond the retry budget of %ld s; add a token or try later",
				          u, var, (wake - now) / 1000, e->o.retry_budget_ms / 1000);
				free(var);
				free(u);
				return false;
			}
			x->not_before = wake;
			return false;
		}
	}

	c = curl_easy_init();
	if (!c) {
		free(origin);
		return false;
	}
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

	for (size_t i = 0; i < x->nheaders; i++)
		slist_add(x, x->headers[i].name, x->headers[i].value);
	if (token)
		add_auth(x, token);
	free(origin);
	if (e->cache_dir && !strcmp(x->method, "GET") &&
	    etag_cache_get(&x->cached, e->cache_dir, x->url) == 0) {
		x->have_cached = true;
		slist_add(x, "If-None-Match", x->cached.etag);
	}

	curl_easy_setopt(c, CURLOPT_URL, x->url);
	curl_easy_setopt(c, CURLOPT_PRIVATE, x);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	/* Redirects are ours to follow, so that the token is dropped when
	 * the origin changes (CURLOPT_FOLLOWLOCATION would resend it). */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(c, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, e->user_agent);
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
		xfer_fail(x, HTTP_EREDIRECT, next ? "%s: more than %u redirects"
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

		xfer_fail(x, HTTP_ERATELIMIT, "%s: %s for %lld s more, beyond the "
		          "retry budget of %ld s; set %s or try later", u, why,
		          (wake - now) / 1000, e->o.retry_budget_ms / 1000, var);
		free(u);
		free(var);
		return;
	}
	xfer_retry_at(x, wake, HTTP_ERATELIMIT, why);
}

static void xfer_done(struct xfer *x, CURLcode res)
{
	struct http_engine *e = x->e;
	struct http_resp resp = { 0 };
	struct ratelimit rl;
	long status = 0;
	char *u;

	if (x->too_big || res == CURLE_FILESIZE_EXCEEDED) {
		u = printable(x->url);
		xfer_fail(x, HTTP_ETOOBIG, "%s: response larger than %zu bytes; "
		          "not a listing page", u, e->o.max_body);
		free(u);
		return;
	}
	if (res != CURLE_OK) {
		char why[CURL_ERROR_SIZE + 64];

		snprintf(why, sizeof(why), "%s", x->errbuf[0] ? x->errbuf
		         : curl_easy_strerror(res));
		/* A name that does not resolve is an offline machine or a dead
		 * host far more often than a DNS hiccup: two more tries, then
		 * fail, instead of spending the whole retry budget (a crawl of
		 * 90 hosts with no network must end in seconds, not hours). */
		if ((res == CURLE_COULDNT_RESOLVE_HOST ||
		     res == CURLE_COULDNT_RESOLVE_PROXY) && x->attempts >= 3) {
			u = printable(x->url);
			xfer_fail(x, HTTP_ETRANSPORT, "%s: %s; gave up after %u "
			          "attempts (the host name does not resolve)", u, why,
			          x->attempts);
			free(u);
			return;
		}
		xfer_retry_at(x, now_ms() + backoff_ms(e, x->attempts),
		              HTTP_ETRANSPORT, why);
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
		/* RFC 9110 §10.2.3: a 503 may say when to come back. */
		time_t now_s = time(NULL);
		time_t ra = ratelimit_retry_after(http_resp_header(&resp, "retry-after"),
		                                  now_s);
		long long wake = now_ms() + (ra ? (long long)(ra - now_s) * 1000
		                                : backoff_ms(e, x->attempts));
		char why[32];

		snprintf(why, sizeof(why), "HTTP %ld", status);
		xfer_retry_at(x, wake, HTTP_ESTATUS, why);
		return;
	}
	if (is_redirect(status)) {
		const char *loc = http_resp_header(&resp, "location");

		if (loc) {
			char *l = xstrdup(loc);

			follow_redirect(x, l);
			free(l);
			return;
		}
	}
	if (status == 304 && x->have_cached) {
		/* A 304 hands the stored page to the plug-in as the 200 it was. */
		resp.status = 200;
		resp.headers = x->cached.headers;
		resp.nheaders = x->cached.nheaders;
		resp.body = x->cached.body;
		resp.len = x->cached.len;
		u = printable(x->url);
		log_v(e, "%s: not modified, cached page reused", u);
		free(u);
	} else if (status == 200 && e->cache_dir && !strcmp(x->method, "GET")) {
		const char *etag = http_resp_header(&resp, "etag");

		if (etag)
			etag_cache_put(e->cache_dir, x->url, etag, x->rh, x->nrh,
			               resp.body, resp.len);
	}
	curl_multi_remove_handle(e->multi, x->easy);
	xfer_finish(x, 0, NULL, &resp);
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
		xfer_fail(x, HTTP_EINTR, "%s: interrupted", x->url);
	}
}

int http_engine_run(struct http_engine *e)
{
	int rc = 0;

	for (;;) {
		long long wake, now;
		CURLMsg *msg;
		int running, left, timeout;

		if (e->o.stop && *e->o.stop) {
			engine_abort(e);
			return HTTP_EINTR;
		}
		wake = start_ready(e);
		if (!e->pending && !e->nactive)
			break;
		if (curl_multi_perform(e->multi, &running) != CURLM_OK)
			rc = HTTP_ETRANSPORT;
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
	return rc;
}

unsigned http_engine_max_pages(const struct http_engine *e)
{
	return e->o.max_pages;
}
