/*
 * repo.h - the normalized repository and owner records every forge plug-in
 * maps into (DESIGN.md "Every forge maps into one normalized struct repo").
 *
 * Shared record types: forges/ fills them, crawler/ and output/ read them.
 * Strings are owned (malloc'd) by the record; NULL means "the forge did not
 * say". Dates are RFC 3339 strings in UTC ("2024-01-31T12:00:00Z").
 */
#ifndef INVENTAIRE_REPO_H
#define INVENTAIRE_REPO_H

#include <stdbool.h>
#include <stddef.h>

struct repo {
	char *host;            /* "github.com", "gitlab.com", "git.drees.fr" */
	char *owner;           /* top-level account: org, group, user, workspace */
	char *full_name;       /* path on the forge, subgroups included: "a/b/c" */
	char *name;            /* last component */
	char *html_url;
	char *clone_url;       /* https */
	char *description;
	char *default_branch;
	char *visibility;      /* "public", ...; listings keep public ones only */
	bool fork;
	bool archived;
	bool mirror;
	bool empty;
	char *created_at;
	char *updated_at;
	char *pushed_at;
	long stars;            /* -1 when unknown */
	long forks;            /* -1 when unknown */
	long open_issues;      /* -1 when unknown */
	char *language;
	char **topics;
	size_t ntopics;
	char *license;         /* the licence the API reports (SPDX id if given) */
	/* The forge's own licence key, in licensee's lower-case vocabulary
	 * ("mit", "apache-2.0", "other": GitHub's and GitLab's license.key,
	 * what ecosyste.ms records and code.gouv.fr shows), or NULL. */
	char *license_key;
	bool template;         /* a template repository (GitHub is_template,
	                          Gitea template) */
	long subscribers;      /* watchers (GitHub subscribers_count, Gitea
	                          watchers_count); -1 when unknown: GitHub's
	                          list endpoints omit it */
	bool owner_is_user;    /* the forge says OWNER is a person's account
	                          (GitHub owner.type "User", GitLab namespace
	                          kind "user") */
	/* The forge's own id of the repository, which a rename or a transfer
	 * keeps (GitHub's, Gitea's and GitLab's `id`, Bitbucket's `uuid`,
	 * SourceHut's `id`), as text; NULL when the forge gave none. Unique
	 * on its host only: output/changes.h pairs a repository gone with
	 * one new by it. */
	char *forge_id;
};

struct repo_list {
	struct repo *v;
	size_t n;
	size_t cap;
};

/* An account's own metadata, for codegouvfr-organizations. */
struct owner {
	char *host;
	char *login;
	char *name;
	char *description;
	char *html_url;
	char *avatar_url;
	char *website;
	char *email;
	char *location;
	char *created_at;
	long public_repos;     /* -1 when unknown */
	long followers;        /* -1 when unknown (the forge gives none) */
	bool is_user;          /* a person's account rather than an organization */
};

void repo_init(struct repo *r);          /* all NULL, counts -1 */
void repo_clear(struct repo *r);         /* free the fields, then repo_init */
/* DST (empty or uninitialized) becomes a copy of SRC. */
void repo_copy(struct repo *dst, const struct repo *src);
/* Append R (its fields are moved; R is re-initialized). */
void repo_list_push(struct repo_list *l, struct repo *r);
void repo_list_clear(struct repo_list *l);

/*
 * The one order of repositories in everything we print and publish
 * (`inventaire list`, the crawl's inventory, the feeds): by host, then
 * full_name, each compared without ASCII case first (as people read
 * names: "alice" before "SocialGouv") and then bytewise, so that two names
 * differing only in case still come in a fixed order. ASCII rules, not the
 * locale's: the same on every machine.
 */
/* NULL first, then ASCII case-insensitive, then bytewise. */
int repo_name_cmp(const char *a, const char *b);
int repo_cmp(const struct repo *a, const struct repo *b);
/* The same repository: same host and full_name without ASCII case (forges
 * treat paths so: github.com/SocialGouv/x is github.com/socialgouv/x). A
 * missing name is the empty one. */
bool repo_same(const struct repo *a, const struct repo *b);
/* An order in which repo_same() records are equal (host, then full_name,
 * without case): for looking records up. */
int repo_key_cmp(const struct repo *a, const struct repo *b);
/*
 * That order over N records, one per repository: ORDER[0..k) gets the
 * indexes into V of the records kept, sorted, and k is returned. Of
 * records that are repo_same(), the first in V is kept. For callers whose
 * records hold a struct repo (the crawl's inventory); ORDER has room for N.
 */
size_t repo_order(size_t *order, const struct repo *const *v, size_t n);
/*
 * Sort L in that order and keep one record per repository: of records
 * that are repo_same(), the first in L's order is kept (two accounts may
 * overlap, e.g. a GitLab group and one of its subgroups, or a page
 * repeated while the forge's list moved). The sort is stable.
 */
void repo_list_sort_unique(struct repo_list *l);

void owner_init(struct owner *o);
void owner_clear(struct owner *o);
/* Owners in the same order as repositories: by host, then login. */
int owner_cmp(const struct owner *a, const struct owner *b);

#endif
