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
	bool is_user;          /* a person's account rather than an organization */
};

void repo_init(struct repo *r);          /* all NULL, counts -1 */
void repo_clear(struct repo *r);         /* free the fields, then repo_init */
/* Append R (its fields are moved; R is re-initialized). */
void repo_list_push(struct repo_list *l, struct repo *r);
void repo_list_clear(struct repo_list *l);
/* Sort by host, then full_name (bytewise), for deterministic output. */
void repo_list_sort(struct repo_list *l);

void owner_init(struct owner *o);
void owner_clear(struct owner *o);

#endif
