/*
 * search.h - the forges' account search, for `inventaire discover`: find
 * the accounts an actor may have on a forge, read what their profiles say
 * about who they are, and look at a few of their repositories.
 *
 * Like the listing (forge.h), a search plug-in builds requests and parses
 * answers; it does no I/O. A forge that can search points its struct
 * forge's `search` member at one struct forge_search (github_search.c,
 * gitlab_search.c, gitea_search.c); the others leave it NULL.
 *
 * Answers are untrusted: every string is checked where it comes in
 * (forge_int.h's forge_json_* helpers), and a malformed answer fails with
 * ERROR_PARSE naming the site and the URL.
 */
#ifndef INVENTAIRE_SEARCH_H
#define INVENTAIRE_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "forges/forge.h"

/* An account a search found, and what its profile says. Strings are owned;
 * NULL means "not said". */
struct search_hit {
	char *login;           /* the account's path on the forge: "socialgouv",
	                          "group/subgroup" */
	char *name;            /* its display name */
	char *html_url;
	char *description;
	char *website;         /* GitHub's "blog", Gitea's "website" */
	char *email;           /* the public e-mail */
	char *location;
	enum account_kind kind;/* ACCOUNT_ORG, ACCOUNT_USER, or ACCOUNT_UNKNOWN
	                          until the profile tells */
	bool verified;         /* the forge says the website and e-mail domains
	                          are verified (GitHub's is_verified) */
	bool profile;          /* the fields above come from the full profile
	                          (nothing more to read) */
	long public_repos;     /* -1 when unknown */
};

struct search_hits {
	struct search_hit *v;
	size_t n;
};

/* A repository of a candidate, for the evidence its files give. */
struct search_repo {
	char *full_name;       /* "owner/name", GitLab subgroups included */
	char *default_branch;  /* or NULL */
	char *readme;          /* the README's path when the listing names it
	                          (GitLab's readme_url), else NULL */
	bool fork;
	bool archived;
};

struct search_repos {
	struct search_repo *v;
	size_t n;
};

/*
 * The search members of a forge. SITE is the forge itself: an
 * ACCOUNT_INSTANCE account (host, API root, no owner). ACCT is one
 * candidate: its login as owner, the kind the search gave. Parsers return
 * 0, or ERROR_PARSE (not what the API documents), ERROR_NOTFOUND,
 * ERROR_AUTH or ERROR_STATUS (forge_check_status) with a message naming
 * the site and the URL.
 */
struct forge_search {
	/* What a search finds, for messages and the man page. */
	const char *finds;

	/* The first request of a search of SITE for QUERY, reading at most
	 * MAX accounts (the best matches come first where the forge ranks). */
	int (*search_first)(struct http_req **out, const struct account *site,
	                    const char *query, unsigned max);
	/* Append the accounts of one answer to HITS; *NEXT is the following
	 * request of the same search, or NULL when it is complete. */
	int (*search_parse)(struct search_hits *hits, struct http_req **next,
	                    const struct account *site, const struct http_req *req,
	                    const struct http_resp *resp);

	/* ACCT's profile into HIT (website, e-mail, location, verified,
	 * kind). NULL when the search answer is the whole profile. */
	int (*profile_first)(struct http_req **out, const struct account *acct);
	int (*profile_parse)(struct search_hit *hit, struct http_req **next,
	                     const struct account *acct, const struct http_req *req,
	                     const struct http_resp *resp);

	/* Up to MAX of ACCT's public repositories, the most recently active
	 * first where the forge can sort so; one answer. */
	int (*repos_first)(struct http_req **out, const struct account *acct,
	                   unsigned max);
	int (*repos_parse)(struct search_repos *repos, const struct account *acct,
	                   const struct http_req *req, const struct http_resp *resp);

	/* The raw text of file PATH of repository R, or of its README when
	 * PATH is NULL. The answer is read by search_file_text(). */
	int (*file_first)(struct http_req **out, const struct account *acct,
	                  const struct search_repo *r, const char *path);
};

/*
 * The text of a file_first answer: 0 with *TEXT (malloc'd, NUL-terminated,
 * at most MAX bytes: the beginning of a longer file) and *LEN; 0 with
 * *TEXT NULL when the repository has no such file (404); else the status
 * policy's error (forge_check_status).
 */
int search_file_text(char **text, size_t *len, const struct account *acct,
                     const struct http_req *req, const struct http_resp *resp,
                     size_t max);

void search_hit_init(struct search_hit *h);
void search_hit_clear(struct search_hit *h);
/* DST (uninitialized) becomes a copy of SRC. */
void search_hit_copy(struct search_hit *dst, const struct search_hit *src);
/* Append H (its fields are moved; H is re-initialized). */
void search_hits_push(struct search_hits *l, struct search_hit *h);
void search_hits_clear(struct search_hits *l);

void search_repos_push(struct search_repos *l, struct search_repo *r);
void search_repos_clear(struct search_repos *l);

#endif
