/*
 * forge.h - the forge plug-in contract.
 *
 * Modelled on curl's lib/vtls/vtls_int.h: one struct of function pointers per
 * forge kind, one file per kind, and a registry table (registry.c). A plug-in
 * *builds* HTTP requests and *parses* responses; it never does I/O. The HTTP
 * engine in crawler/ sends the requests and owns concurrency, retries, rate
 * limits, tokens and caching (README.md, "Design": forge plug-ins do no
 * I/O). Each plug-in cites its forge's API documentation for endpoints,
 * pagination and fields.
 */
#ifndef INVENTAIRE_FORGE_H
#define INVENTAIRE_FORGE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/repo.h"

struct forge_search;

struct http_header {
	char *name;
	char *value;
};

/* A request built by a plug-in. Owned by whoever holds the pointer. */
struct http_req {
	char *method;                 /* "GET" or "POST" (GraphQL) */
	char *url;                    /* absolute */
	struct http_header *headers;  /* extra headers (Accept, Content-Type) */
	size_t nheaders;
	char *body;                   /* NULL for GET */
	size_t body_len;
	int step;                     /* plug-in private: which request this is */
};

/*
 * A response handed to a plug-in. The engine has already dealt with
 * transport errors, retries, rate limits and 304s (a 304 arrives as the
 * cached 200). 4xx statuses do arrive: a 404 on /orgs/X may mean "try
 * /users/X". BODY is not NUL-terminated by contract: use LEN.
 */
struct http_resp {
	long status;
	const struct http_header *headers;
	size_t nheaders;
	const char *body;
	size_t len;
	const char *url;              /* final URL, after redirects */
};

enum account_kind {
	ACCOUNT_UNKNOWN = 0,   /* find out (GitHub /users/X type, Gitea org->user) */
	ACCOUNT_ORG,           /* org, group, workspace */
	ACCOUNT_USER,
	ACCOUNT_INSTANCE,      /* no owner: every public repository on the host */
};

struct account {
	const char *host;      /* "github.com" */
	const char *api_url;   /* API root without trailing '/' (forge->api_root) */
	const char *owner;     /* login or group path; NULL for ACCOUNT_INSTANCE */
	enum account_kind kind;
};

/*
 * One account of a batch listing (struct forge, batch_first and
 * batch_parse): what the engine keeps of it from page to page, and what
 * the plug-in fills in.
 */
struct forge_batch {
	const struct account *acct;
	char *cursor;          /* where its next page starts; NULL: the first */
	bool done;             /* every page was read */
	struct repo_list repos;/* its public repositories, appended page after
	                          page */
	struct owner owner;    /* its own metadata, once HAVE_OWNER */
	bool have_owner;
	int rc;                /* < 0: this account failed (ERROR_NOTFOUND...),
	                          and MESSAGE (malloc'd) says why */
	char *message;
	bool fallback;         /* the batch cannot list it (an error of the API
	                          for it): with forge.batch_fallback, the engine
	                          lists it with list_first and owner_first,
	                          from its first page */
};

struct forge {
	/* "github", "gitlab", "gitea", "forgejo", "gogs", "bitbucket", "sourcehut" */
	const char *kind;

	/* API root for HOST when the config gives none, e.g.
	 * "https://api.github.com" for github.com, "https://HOST/api/v4". */
	int (*api_root)(char **out, const char *host);

	/* The Authorization (or PRIVATE-TOKEN...) header for TOKEN.
	 * *NAME and *VALUE are malloc'd. */
	int (*auth_header)(char **name, char **value, const char *token);

	/* The first request of a listing; ERROR_INVALID when ACCT cannot be
	 * listed by this forge (no owner where one is needed). */
	int (*list_first)(struct http_req **out, const struct account *acct);

	/*
	 * Parse one response of a listing: append the public repositories to
	 * REPOS, and set *NEXT to the following request, or NULL when the
	 * listing is complete. On error, return ERROR_PARSE (the body is not
	 * what the API documents), ERROR_NOTFOUND (no such account),
	 * ERROR_STATUS (a status the plug-in cannot use) or ERROR_AUTH (a
	 * token is needed or refused), with a message naming the account,
	 * the URL and what went wrong (lib/error.h).
	 */
	int (*list_parse)(struct repo_list *repos, struct http_req **next,
	                  const struct account *acct, const struct http_req *req,
	                  const struct http_resp *resp);

	/* The request for the account's own metadata, and its parser (same
	 * errors). */
	int (*owner_first)(struct http_req **out, const struct account *acct);
	int (*owner_parse)(struct owner *out, struct http_req **next,
	                   const struct account *acct, const struct http_req *req,
	                   const struct http_resp *resp);

	/*
	 * Optional: list several accounts of one API root in one request,
	 * their owners' metadata with them (GitHub's GraphQL API, an alias per
	 * account: github_graphql.c). The engine puts at most BATCH_MAX
	 * accounts in a request, and asks again for those with a next page,
	 * several to a request again; BATCH_TOKEN: the API answers only with a
	 * token (without one, each account is listed with list_first).
	 * batch_first builds the request for ITEMS[0..n), each at its CURSOR;
	 * batch_parse reads the answer into each item: repositories appended,
	 * the owner, the next CURSOR or DONE, or the item's own error. It
	 * returns < 0 when the answer as a whole is unusable (every item then
	 * fails with error_last()).
	 */
	unsigned batch_max;
	bool batch_token;
	/* The batch answer has no followers count for an organization (its
	 * users' it has): the crawl reads it with owner_first instead, at most
	 * once a week (crawler/crawl/crawl_followers.c). */
	bool batch_no_org_followers;
	/* Optional: whether ACCT can go in a batch at all (NULL: any account
	 * with an owner); the engine lists the others with list_first and
	 * owner_first. */
	bool (*batch_accepts)(const struct account *acct);
	/* An account the batch could not list (its FALLBACK set by
	 * batch_parse, or its request failed whole) is listed again with
	 * list_first and owner_first instead of failing: GitLab's GraphQL
	 * API may be missing, older, or refuse a query that REST answers. */
	bool batch_fallback;
	int (*batch_first)(struct http_req **out, struct forge_batch *const *items,
	                   size_t n);
	int (*batch_parse)(struct forge_batch *const *items, size_t n,
	                   const struct http_req *req,
	                   const struct http_resp *resp);

	/*
	 * Optional: a companion plug-in that reads the subscriber counts this
	 * forge's listing omits (GitHub's), or NULL. Its "listing" of an
	 * account whose owner is up to WATCHERS_BATCH "OWNER/NAME" lines gives
	 * those repositories with host, full_name, owner, name and
	 * subscribers only; one line costs one request without a token,
	 * several need one.
	 */
	const struct forge *watchers;
	unsigned watchers_batch;

	/* Account search, for `inventaire discover` (forges/search.h);
	 * NULL when the forge cannot search. */
	const struct forge_search *search;
};

/* registry.c */
const struct forge *forge_find(const char *kind);
/* The kind a well-known host runs (github.com, gitlab.com, codeberg.org,
 * bitbucket.org, git.sr.ht...), or NULL when the host does not tell. */
const struct forge *forge_guess(const char *host);
extern const struct forge *const forge_registry[];

/* Request helpers for plug-ins (forge.c). */
int http_req_new(struct http_req **out, const char *method, const char *url,
                 int step);
void http_req_add_header(struct http_req *req, const char *name,
                         const char *value);
void http_req_free(struct http_req *req);
/* First header NAME (case-insensitive) of RESP, or NULL. */
const char *http_resp_header(const struct http_resp *resp, const char *name);

#endif
