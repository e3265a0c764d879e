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

/* Errors; smart_http_error() says what happened, naming the URL. */
#define SMART_HTTP_ENOTFOUND  (-2)    /* no such branch */
#define SMART_HTTP_ENOREPO    (-6)    /* no such repository (404) */
#define SMART_HTTP_ETRANSPORT (-5)    /* connection, timeout, cut stream */
#define SMART_HTTP_EAUTH      (-13)   /* 401/403: a token is needed */
#define SMART_HTTP_ESTATUS    (-22)   /* another HTTP status */
#define SMART_HTTP_ETOOBIG    (-27)   /* more than max_bytes received */
#define SMART_HTTP_ENOREF     (-60)   /* the server does not have a wanted id */
#define SMART_HTTP_EPROTO     (-71)   /* not the git protocol we asked for */
#define SMART_HTTP_EFILTER    (-95)   /* the server refused our filter */
#define SMART_HTTP_EREMOTE    (-121)  /* the server reported another error */
#define SMART_HTTP_EREFUSED   (-111)  /* an empty answer: upload-pack died on
                                       a line it does not take (a filter,
                                       deepen) without saying why */

struct smart_http_opts {
	const char *url;          /* the repository, as given (no trailing /) */
	const char *token;        /* sent (Basic) only after a 401 of the same host */
	const char *token_user;
	unsigned long long max_bytes;  /* over all requests of the session */
	unsigned timeout_s;            /* over all requests of the session */
};

/* What the v2 capability advertisement offers (gitprotocol-v2 §"Capabilities"). */
struct smart_http;

int smart_http_open(struct smart_http **out, const struct smart_http_opts *o);
void smart_http_free(struct smart_http *s);
/* The last error's message, or "". */
const char *smart_http_error(const struct smart_http *s);
/* Response body bytes received so far, over all requests. */
unsigned long long smart_http_bytes(const struct smart_http *s);
/* Number of requests sent so far. */
unsigned smart_http_requests(const struct smart_http *s);


/*
 * `ls-refs` for the tip of refs/heads/BRANCH, or of HEAD (its symref
 * target gives *BRANCH_OUT) when BRANCH is NULL. SMART_HTTP_ENOTFOUND when
 * there is no such branch (empty repository, HEAD to a missing branch).
 * Sent without the advertisement first, so an unchanged tip costs one
 * request; a server without v2 fails with SMART_HTTP_EPROTO or _EREMOTE.
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
 * Response"), for servers without v2 (issue 7 "Fallbacks"): the ref
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
 * symref), from GET info/refs. SMART_HTTP_ENOTFOUND when there is none;
 * SMART_HTTP_EPROTO with CAPS->v2 set when the server speaks v2. */
int smart_http_refs_v0(char oid[41], char **branch_out, struct git_v0_caps *caps,
                     struct smart_http *s, const char *branch);
/* want WANT, deepen 1, done: the pack to PACK. SMART_HTTP_EREFUSED when
 * the server cannot do it (no shallow, no side-band). */
int smart_http_fetch_v0(struct smart_http *s, const char *want,
                      const struct git_v0_caps *caps, smart_http_pack_cb pack,
                      void *payload);

#endif
