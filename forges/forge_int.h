/*
 * forge_int.h - helpers shared by the forge plug-ins only (as curl's
 * vtls_int.h is for its TLS backends). Nothing outside forges/ (and the
 * forge tests) should need this file: the engine talks to plug-ins through
 * forge.h alone.
 */
#ifndef INVENTAIRE_FORGE_INT_H
#define INVENTAIRE_FORGE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "forges/forge.h"
#include "lib/error.h"

/* Largest response body a plug-in accepts (a page of 100 repositories is
 * ~500 KiB on GitHub; anything far beyond is not an API page). */
#define FORGE_MAX_BODY ((size_t)64 << 20)

/* The plug-ins, one per file; registry.c lists them. */
extern const struct forge forge_github;     /* github.c */
extern const struct forge forge_gitlab;     /* gitlab.c */
extern const struct forge forge_gitea;      /* gitea.c */
extern const struct forge forge_forgejo;    /* gitea.c */
extern const struct forge forge_gogs;       /* gitea.c */
extern const struct forge forge_bitbucket;  /* bitbucket.c */
extern const struct forge forge_sourcehut;  /* sourcehut.c */

/* github_graphql.c: forge_github's batch listing (forge.h), and the
 * GraphQL endpoint of API root API: https://api.github.com/graphql, or
 * https://HOST/api/graphql for GitHub Enterprise Server's .../api/v3
 * (enterprise-server@latest/graphql/guides/forming-calls-with-graphql),
 * which github.c's subscriber reader shares (malloc'd). */
char *github_graphql_url(const char *api);
int github_graphql_first(struct http_req **out,
                         struct forge_batch *const *items, size_t n);
int github_graphql_parse(struct forge_batch *const *items, size_t n,
                         const struct http_req *req,
                         const struct http_resp *resp);

/* gitlab_graphql.c: forge_gitlab's batch listing of groups (forge.h),
 * GITLAB_GRAPHQL_BATCH to a query (the complexity it costs is there), and
 * the GraphQL endpoint of REST root API: https://HOST/api/graphql for
 * https://HOST/api/v4 (malloc'd), NULL for a root not ending in /api/v4. */
#define GITLAB_GRAPHQL_BATCH 3
char *gitlab_graphql_url(const char *api);
bool gitlab_graphql_accepts(const struct account *acct);
int gitlab_graphql_first(struct http_req **out,
                         struct forge_batch *const *items, size_t n);
int gitlab_graphql_parse(struct forge_batch *const *items, size_t n,
                         const struct http_req *req,
                         const struct http_resp *resp);

/* The account searches (search.h), one file each. */
extern const struct forge_search forge_github_search;  /* github_search.c */
extern const struct forge_search forge_gitlab_search;  /* gitlab_search.c */
extern const struct forge_search forge_gitea_search;   /* gitea_search.c */

/* link.c --------------------------------------------------------------- */

/*
 * The target of the first link of relation "next" in an RFC 8288 Link
 * header ("<url>; rel=\"next\", <url>; rel=\"last\""), resolved against
 * BASE. Accepts several links, spaces, quoted or bare rel values holding
 * several relation types, other parameters, URI templates in other links.
 * Returns 0 with *OUT malloc'd, or NULL when there is no next link;
 * ERROR_PARSE when the header is malformed.
 */
int forge_link_next(char **out, const char *header, const char *base);

/* REF resolved against the absolute http(s) URL BASE (lib/url.h's
 * url_resolve, RFC 3986 §5.2). NULL when REF holds control characters or
 * spaces, or BASE or the result is not an http(s) URL. */
char *forge_url_resolve(const char *base, const char *ref);
/* True when absolute http(s) URLS A and B name the same host and port.
 * A next-page link elsewhere would carry our token to a stranger. */
bool forge_url_same_host(const char *a, const char *b);
/* URL with query parameter NAME set to VALUE (replaced or appended). */
char *forge_url_set_param(const char *url, const char *name, const char *value);
/* S percent-encoded for one path segment: only RFC 3986 unreserved
 * characters stay as they are ("a/b" -> "a%2Fb"). */
char *forge_url_encode(const char *s);

/* plugin.c ------------------------------------------------------------- */

/*
 * Plug-in functions that fail return a negative enum error_code
 * (lib/error.h) and leave a message naming the account and the URL, read
 * with error_last().
 */

/*
 * error_set(CODE, "ACCOUNT: MESSAGE (URL)") and return CODE. The URL is
 * the response's final URL, else the request's. Untrusted parts of MESSAGE
 * must already be made printable.
 */
int forge_fail(int code, const struct account *acct,
               const struct http_req *req, const struct http_resp *resp,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* ERROR_INVALID with a message: ACCT names no owner where this forge
 * lists per account (or refuses to list a whole public site). */
int forge_need_owner(const struct account *acct);

/*
 * The common status policy of listings: 2xx -> 0; 404 -> ERROR_NOTFOUND;
 * 401/403 -> ERROR_AUTH; anything else -> ERROR_STATUS naming the status.
 * The API's own "message" (when the body is JSON) is quoted.
 */
int forge_check_status(const struct account *acct, const struct http_req *req,
                       const struct http_resp *resp);

/*
 * Decode RESP's body as JSON (jansson json_loadb, duplicates allowed,
 * \u0000 allowed so one odd string does not lose a page: forge_json_str
 * refuses such strings). HTML, empty, oversized or truncated bodies give
 * ERROR_PARSE with a message naming the account and URL.
 */
int forge_json_parse(json_t **out, const struct account *acct,
                     const struct http_req *req,
                     const struct http_resp *resp);

/* Member KEY of OBJ as a malloc'd string; NULL when OBJ is not an object,
 * KEY is missing, not a string, holds a NUL byte, or is empty. */
char *forge_json_str(const json_t *obj, const char *key);
/* Borrowed string member, same rules; NULL when unusable. */
const char *forge_json_cstr(const json_t *obj, const char *key);
/* Member KEY as a normalised date (date_normalize(), lib/date.h), or NULL. */
char *forge_json_date(const json_t *obj, const char *key);
/* Member KEY as a count >= 0; -1 when missing, negative, not an integer or
 * beyond LONG_MAX. */
long forge_json_count(const json_t *obj, const char *key);
/* The first of a GraphQL answer's ERRORS about the field aliased ALIAS
 * (its "path" starts with it: the GraphQL specification, "Errors"), or
 * NULL: how a batch of aliased queries tells which item failed. */
const json_t *forge_graphql_error(const json_t *errors, const char *alias);
/* Member KEY as a repository's id (struct repo's forge_id): an integer
 * written in decimal, or a string (Bitbucket's "{uuid}") of at most
 * FORGE_ID_MAX bytes without control characters; NULL otherwise. */
#define FORGE_ID_MAX 128
char *forge_json_id(const json_t *obj, const char *key);
/* Member KEY is JSON true. Anything else (missing, "true", 1) is false. */
bool forge_json_true(const json_t *obj, const char *key);
/* Member KEY is present and not JSON null. */
bool forge_json_present(const json_t *obj, const char *key);
/* Copy the string elements of array KEY into R's topics (others skipped). */
void forge_json_topics(struct repo *r, const json_t *obj, const char *key);

/* The part of FULL_NAME before the first '/' (repo.h: the top-level
 * account), or all of it. */
char *forge_top_owner(const char *full_name);
/* The part of PATH after the last '/'. */
char *forge_last_component(const char *path);

/* A GET request with Accept: application/json, built from a printf
 * format. */
int forge_get(struct http_req **out, int step, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The fields GitHub and the APIs modelled on it (Gitea, Forgejo, Gogs) name
 * alike: host, full_name and owner (from FULL), name, html_url, clone_url,
 * description, default_branch, fork, archived; visibility "public" (the
 * caller has already skipped private repositories).
 */
void forge_repo_common(struct repo *r, const json_t *it,
                       const struct account *acct, const char *full);

/*
 * Map each element of ITEMS into REPOS with MAP, which returns 1 to keep
 * it, 0 to skip it (a private repository), < 0 when it is malformed. A
 * malformed element fails the whole page with ERROR_PARSE, saying "NOUN I
 * of the page MUST" (what the element lacks); REPOS keeps what came
 * before.
 */
typedef int (*forge_repo_map)(struct repo *r, const json_t *item,
                              const struct account *acct);
int forge_push_repos(struct repo_list *repos, const struct account *acct,
                     const struct http_req *req, const struct http_resp *resp,
                     const json_t *items, forge_repo_map map,
                     const char *noun, const char *must);

/*
 * The per-item parsers of the listings: one repository object of the API
 * into R (forge_repo_map's contract: 1 kept, 0 not public, < 0 malformed).
 * A single-repository answer has the same shape as a listing item on these
 * forges, so repo_one.c reads it with the same parser.
 */
int github_repo(struct repo *r, const json_t *it, const struct account *acct);
int gitlab_repo(struct repo *r, const json_t *it, const struct account *acct);
int gitea_repo(struct repo *r, const json_t *it, const struct account *acct);
int bitbucket_repo(struct repo *r, const json_t *it,
                   const struct account *acct);

/*
 * Follow the next page: build a GET request for NEXT_URL (already
 * resolved), checking it stays on the host of REQ; *NEXT gets it with the
 * same step and headers as REQ. Returns 0 or ERROR_PARSE.
 */
int forge_follow(struct http_req **next, const struct account *acct,
                 const struct http_req *req, const struct http_resp *resp,
                 const char *next_url);

#endif
