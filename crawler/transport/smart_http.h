/*
 * smart_http.h - a git smart-HTTP client speaking protocol v2
 * (gitprotocol-http(5), gitprotocol-v2(5)) on libcurl: the capability
 * advertisement, `ls-refs` and `fetch`, with side-band-64k demultiplexed.
 *
 * It only moves bytes: pack data goes to a callback (pack.c indexes it)
 * and the caller decides what to want. Every response is untrusted: sizes,
 * time and framing are checked here, where it comes in.
 */
#ifndef INVENTAIRE_SMART_HTTP_H
#define INVENTAIRE_SMART_HTTP_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Errors are lib/error.h codes, with a message naming the URL
 * (error_last()): ERROR_NOTFOUND no such branch, ERROR_NOREPO no such
 * repository (404), ERROR_TRANSPORT connection or cut stream,
 * ERROR_TIMEOUT the session's time is up, ERROR_AUTH 401/403 (a token is
 * needed), ERROR_STATUS another HTTP status, ERROR_TOOBIG more than
 * max_bytes received, ERROR_REDIRECT a redirect refused (another scheme,
 * a host outside the policy, too many), ERROR_NOREF the server does not
 * have a wanted id,
 * ERROR_PROTOCOL not the git protocol we asked for, ERROR_FILTER the
 * server refused our filter, ERROR_REMOTE the server reported another
 * error, ERROR_REFUSED an empty answer (upload-pack died on a line it
 * does not take, a filter or deepen, without saying why).
 */

struct net_allow;

struct smart_http_opts {
	const char *url;          /* the repository, as given (no trailing /) */
	const char *token;        /* sent (Basic) only after a 401 of the same host */
	const char *token_user;
	unsigned long long max_bytes;  /* over all requests of the session */
	unsigned timeout_s;            /* over all requests of the session */
	/* Where redirects may lead (crawler/net/net_allow.h), or NULL: any
	 * http(s) URL. Never from https to http, whatever it says. */
	const struct net_allow *allow;
};

/* What the v2 capability advertisement offers (gitprotocol-v2 §"Capabilities"). */
struct smart_http;

int smart_http_open(struct smart_http **out, const struct smart_http_opts *o);
/* The session's connections stay with the thread for its next session. */
void smart_http_free(struct smart_http *s);
/* Closes the calling thread's kept connections: call it before a thread
 * that used smart_http ends, and before curl_global_cleanup(). */
void smart_http_thread_end(void);

/*
 * At most N requests of the process's sessions in flight at once (0: no
 * limit), whatever the number of threads that make them: a crawl's
 * --probe-jobs. smart_http_slot_take() waits for one of those N slots
 * and smart_http_slot_give() frees it, for transfers made otherwise
 * (libgit2's fetch); each request of a session takes one by itself.
 */
void smart_http_limit(unsigned n);
void smart_http_slot_take(void);
void smart_http_slot_give(void);
/* Response body bytes received so far, over all requests. */
unsigned long long smart_http_bytes(const struct smart_http *s);
/* Number of requests sent so far. */
unsigned smart_http_requests(const struct smart_http *s);


/*
 * `ls-refs` for the tip of refs/heads/BRANCH, or of HEAD (its symref
 * target gives *BRANCH_OUT) when BRANCH is NULL. ERROR_NOTFOUND when
 * there is no such branch (empty repository, HEAD to a missing branch).
 * Sent without the advertisement first, so an unchanged tip costs one
 * request; a server without v2 fails with ERROR_PROTOCOL or ERROR_REMOTE.
 */
int smart_http_ls_refs(char oid[41], char **branch_out, struct smart_http *s,
                     const char *branch);

/* One `fetch`: WANTS (hex ids), "deepen 1" when DEEPEN, "filter FILTER"
 * when FILTER is not NULL. Pack bytes go to PACK as they come; a negative
 * return from it stops the transfer and is returned. */
typedef int (*smart_http_pack_cb)(const char *data, size_t len, void *payload);
int smart_http_fetch(struct smart_http *s, const char *const *wants, size_t n,
                   bool deepen, const char *filter, smart_http_pack_cb pack,
                   void *payload);

/*
 * Protocol v0 (gitprotocol-pack(5); gitprotocol-http(5) "Smart Server
 * Response"), for servers without v2: the ref
 * advertisement, and one fetch of a tip with "deepen 1" and no filter.
 */
struct git_v0_caps {
	bool v2;            /* the server answered in v2 after all */
	bool shallow;       /* deepen is accepted */
	bool sideband64k;   /* side-band-64k (else side-band) */
	bool sideband;      /* side-band: 1000-byte packets */
	bool ofs_delta;
	bool no_progress;
};

/* The tip of refs/heads/BRANCH, or of HEAD (with *BRANCH_OUT from its
 * symref), from GET info/refs. ERROR_NOTFOUND when there is none;
 * ERROR_PROTOCOL with CAPS->v2 set when the server speaks v2. */
int smart_http_refs_v0(char oid[41], char **branch_out, struct git_v0_caps *caps,
                     struct smart_http *s, const char *branch);
/* want WANT, deepen 1, done: the pack to PACK. ERROR_REFUSED when
 * the server cannot do it (no shallow, no side-band). */
int smart_http_fetch_v0(struct smart_http *s, const char *want,
                      const struct git_v0_caps *caps, smart_http_pack_cb pack,
                      void *payload);

#endif
