/*
 * http.h - the HTTP engine: sends the requests the forge plug-ins build
 * (README.md, "Design": forge plug-ins do no I/O) and owns concurrency,
 * retries, rate limits, tokens, redirects and the ETag cache.
 *
 * One engine runs one libcurl multi handle: many requests in flight, no
 * thread per request, at most PER_HOST at a time per origin, HTTP/2
 * multiplexing where the server offers it. Waiting (back-off, rate limits)
 * is a timer in the loop, never a sleep, so one host's wait does not hold
 * up another's requests.
 *
 * Usage:
 *   struct http_engine_opts o = HTTP_ENGINE_OPTS_INIT;
 *   http_engine_new(&e, &o);
 *   http_engine_list(e, forge, &acct, on_done, payload);   (any number)
 *   http_engine_run(e);           returns when every job has called back
 *   http_engine_free(e);
 */
#ifndef INVENTAIRE_HTTP_H
#define INVENTAIRE_HTTP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "forges/forge.h"
#include "lib/error.h"

/*
 * Errors (lib/error.h). Every function and callback reports a failure as a
 * negative enum error_code; the message, naming the URL or the account,
 * is error_last(). The engine calls every callback on the thread that runs
 * http_engine_run(), so a callback with RC < 0 reads error_last() itself,
 * before it calls anything else that may fail. The engine's own codes:
 *   ERROR_TRANSPORT    connection, TLS, timeout, truncated body
 *   ERROR_STATUS       5xx after every retry
 *   ERROR_RATELIMIT    still rate limited when the budget ran out
 *   ERROR_TOOBIG       body larger than max_body
 *   ERROR_REDIRECT     too many redirects, or a bad Location
 *   ERROR_INVALID      a request the engine will not send
 *   ERROR_INTERRUPTED  *opts.stop was set: every job ended
 * A listing or owner job also passes on its plug-in's codes (forge.h).
 */

struct http_engine_opts {
	unsigned per_host;          /* requests in flight per origin (4) */
	long connect_timeout_ms;    /* per attempt (10 s) */
	long request_timeout_ms;    /* total time of one attempt (60 s) */
	long retry_budget_ms;       /* give up retrying a request after (10 min) */
	long backoff_base_ms;       /* first back-off; doubles each time (1 s) */
	long backoff_max_ms;        /* back-off ceiling (60 s) */
	size_t max_body;            /* abort a transfer past this many bytes (64 MiB) */
	unsigned max_redirects;     /* per request (5) */
	unsigned max_pages;         /* per listing, guards against loops (10000) */
	const char *cache_dir;      /* ETag cache folder, or NULL for none */
	int verbose;                /* 1: log retries and waits to stderr */
	/* When set and *stop becomes true (a signal handler's flag), the run
	 * ends within a second: every job gets ERROR_INTERRUPTED. */
	const volatile sig_atomic_t *stop;
	/* When set, called on the engine's thread each time a request waits
	 * before its next attempt (a retry, a rate limit, a back-off): HOST
	 * the server's name, WAIT_MS how long, WHY the reason ("HTTP 503",
	 * "rate limited (HTTP 429)", libcurl's error). For a progress line. */
	void (*on_wait)(const char *host, long long wait_ms, const char *why,
	                void *payload);
	void *wait_payload;
};

#define HTTP_ENGINE_OPTS_INIT { 4, 10000, 60000, 600000, 1000, 60000, \
	(size_t)64 << 20, 5, 10000, NULL, 0, NULL, NULL, NULL }

struct http_engine;

int http_engine_new(struct http_engine **out, const struct http_engine_opts *opts);
/* Frees the engine; jobs not run yet are dropped without callback. */
void http_engine_free(struct http_engine *e);

/*
 * A listing job: FORGE's list_first, then list_parse on each response until
 * it returns no next request. DONE gets rc 0 and every repository, or a
 * negative code with error_last() naming the account (REPOS then holds
 * what was listed before the error). DONE may move entries out of REPOS;
 * the engine clears the rest afterwards. ACCT is copied.
 */
typedef void (*http_list_cb)(int rc, struct repo_list *repos, void *payload);
int http_engine_list(struct http_engine *e, const struct forge *forge,
                     const struct account *acct, http_list_cb done,
                     void *payload);

/*
 * The same, counting: every HTTP request the job sends (each attempt: the
 * first, every retry, every redirect hop) adds one to *REQUESTS (NULL: no
 * count), which must live until the job has called back. The count is
 * final when DONE runs. For crawl.json's requests per account.
 */
int http_engine_list_counted(struct http_engine *e, const struct forge *forge,
                             const struct account *acct, http_list_cb done,
                             void *payload, unsigned long *requests);

/* The account's own metadata, with owner_first/owner_parse, counted the
 * same way; DONE may move *OWNER's fields. */
typedef void (*http_owner_cb)(int rc, struct owner *owner, void *payload);
int http_engine_owner_counted(struct http_engine *e, const struct forge *forge,
                              const struct account *acct, http_owner_cb done,
                              void *payload, unsigned long *requests);

/*
 * A batch job (forge.h, batch_first/batch_parse): the N accounts ACCTS of
 * one API root, listed several to a request, their owners' metadata with
 * them. Each account's LIST_DONE, then OWNER_DONE (when not NULL), is
 * called once with PAYLOADS[i], as a listing and an owner job would call
 * them; a request adds one to the REQUESTS[i] (may be NULL) of the first
 * account it carries. ACCTS is copied.
 */
int http_engine_batch(struct http_engine *e, const struct forge *forge,
                      const struct account *accts, size_t n,
                      http_list_cb list_done, http_owner_cb owner_done,
                      void *const *payloads, unsigned long *const *requests);
/* FORGE can list accounts of HOST in batches: it has the operations, and a
 * token when its API needs one (token.h). */
bool http_engine_can_batch(const struct forge *forge, const char *host);

/* Run until every job has called back. Returns 0, ERROR_INTERRUPTED when
 * *opts.stop was set, or ERROR_TRANSPORT when libcurl itself failed (each
 * job still got its callback). */
int http_engine_run(struct http_engine *e);


#endif
