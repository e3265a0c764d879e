/*
 * rapport_repos.c - the report's lists: the coverage (actors with no
 * account and whether they were searched for, accounts that could not be
 * listed or are empty, repositories kept from an earlier crawl or not
 * checked), and per actor the table of its repositories, worst first,
 * with each finding's fix.
 */
#include "output/rapport_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

#define CHECK "\xe2\x9c\x93 "    /* U+2713 CHECK MARK */
#define CROSS "\xe2\x9c\x97 "    /* U+2717 BALLOT X */
#define DASH_ALONE "\xe2\x80\x93"  /* U+2013 EN DASH */
#define DASH DASH_ALONE " "

static char *day(const char *date)
{
	return date ? xstrndup(date, 10) : xstrdup("?");
}

static char *account_name(enum rapport_lang l, const struct rapport_account *a)
{
	if (!a->owner)
		return xasprintf("%s %s", a->host, rapport_tr(l, M_WHOLE_FORGE));
	return xasprintf("%s/%s", a->host, a->owner);
}

/* Whether A's accounts were searched for, and what came of it. */
static char *search_text(enum rapport_lang l, const struct rapport_actor *a)
{
	char *n, *date, *s;

	switch (a->search) {
	case RAPPORT_SEARCH_LISTED:
		return xstrdup(rapport_tr(l, M_SEARCH_LISTED));
	case RAPPORT_SEARCH_CANDIDATES:
		n = rapport_count(l, a->ncandidates);
		s = rapport_trf(l, a->ncandidates == 1 ? M_SEARCH_CANDIDATE
		                                       : M_SEARCH_CANDIDATES, n);
		free(n);
		return s;
	case RAPPORT_SEARCH_NONE_FOUND:
		date = day(a->searched_at);
		s = rapport_trf(l, M_SEARCH_NONE_FOUND, date);
		free(date);
		return s;
	case RAPPORT_SEARCH_NOT_SEARCHED:
		return xstrdup(rapport_tr(l, M_SEARCH_NOT_SEARCHED));
	default:
		return xstrdup("");
	}
}

static void no_account(struct rdoc *d, const struct rapport *r)
{
	enum rapport_lang l = d->lang;
	const char *head[] = { rapport_tr(l, M_GROUP), rapport_tr(l, M_ACTOR),
	                       rapport_tr(l, M_MINISTRY),
	                       rapport_tr(l, M_SEARCH) };
	struct rtable *t;

	rdoc_heading(d, 3, "no-account", rapport_tr(l, M_NO_ACCOUNT));
	if (!r->nno_account) {
		rdoc_para(d, rapport_tr(l, M_NO_ACCOUNT_NONE));
		return;
	}
	rdoc_para(d, rapport_tr(l, M_NO_ACCOUNT_INTRO));
	t = rdoc_table(d, rapport_tr(l, M_NO_ACCOUNT), 4, head, NULL);
	for (size_t i = 0; i < r->nno_account; i++) {
		const struct rapport_actor *a = &r->no_account[i];
		struct rcell *c = rtable_row(t);
		char *name = a->acronym && a->name && strcmp(a->acronym, a->name)
		             ? xasprintf("%s (%s)", a->name, a->acronym)
		             : xstrdup(rapport_actor_label(a));

		rcell_set(&c[0], rapport_group_name(l, a->group), NULL);
		rcell_take(&c[1], name);
		rcell_set(&c[2], a->ministry ? a->ministry : "", NULL);
		rcell_take(&c[3], search_text(l, a));
	}
}

static void bad_accounts(struct rdoc *d, const struct rapport *r)
{
	enum rapport_lang l = d->lang;
	const char *head[] = { rapport_tr(l, M_ACCOUNT), rapport_tr(l, M_ACTOR),
	                       rapport_tr(l, M_STATUS),
	                       rapport_tr(l, M_PROBE_ERROR) };
	struct rtable *t = NULL;

	rdoc_heading(d, 3, "accounts", rapport_tr(l, M_BAD_ACCOUNTS));
	for (size_t i = 0; i < r->naccounts; i++) {
		const struct rapport_account *a = &r->accounts[i];
		struct rcell *c;

		if (a->status == RAPPORT_ACCOUNT_OK)
			continue;
		if (!t)
			t = rdoc_table(d, rapport_tr(l, M_BAD_ACCOUNTS), 4, head, NULL);
		c = rtable_row(t);
		rcell_take(&c[0], account_name(l, a));
		rcell_set(&c[1], a->actor ? a->actor : "", NULL);
		rcell_set(&c[2], rapport_tr(l, a->status == RAPPORT_ACCOUNT_EMPTY
		                            ? M_EMPTY : M_UNREACHABLE), NULL);
		rcell_set(&c[3], a->error ? a->error : "", NULL);
	}
	if (!t)
		rdoc_para(d, rapport_tr(l, M_BAD_ACCOUNTS_NONE));
}

static char *repo_name(const struct rapport_repo *repo)
{
	return xasprintf("%s/%s", repo->host ? repo->host : "?",
	                 repo->full_name ? repo->full_name : "?");
}

/* Stale repositories, or (UNCHECKED) those with no verdict. */
static void repo_list(struct rdoc *d, const struct rapport *r, bool unchecked)
{
	enum rapport_lang l = d->lang;
	const char *head[] = { rapport_tr(l, M_REPO), rapport_tr(l, M_ACTOR),
	                       rapport_tr(l, unchecked ? M_PROBE_ERROR
	                                               : M_LAST_SEEN) };
	struct rtable *t = NULL;

	rdoc_heading(d, 3, unchecked ? "unchecked" : "stale",
	             rapport_tr(l, unchecked ? M_UNCHECKED : M_STALE));
	for (size_t i = 0; i < r->nactors; i++)
		for (size_t j = 0; j < r->actors[i].nrepos; j++) {
			const struct rapport_repo *repo = &r->actors[i].repos[j];
			struct rcell *c;

			if (unchecked ? repo->checked : !repo->stale)
				continue;
			if (!t) {
				if (!unchecked)
					rdoc_para(d, rapport_tr(l, M_STALE_INTRO));
				t = rdoc_table(d, rapport_tr(l, unchecked ? M_UNCHECKED
				               : M_STALE), 3, head, NULL);
			}
			c = rtable_row(t);
			rcell_take(&c[0], repo_name(repo));
			free(c[0].href);
			c[0].href = repo->html_url ? xstrdup(repo->html_url) : NULL;
			rcell_set(&c[1], rapport_actor_label(&r->actors[i]), NULL);
			if (unchecked)
				rcell_set(&c[2], repo->probe_error ? repo->probe_error
				          : "", NULL);
			else
				rcell_take(&c[2], day(repo->last_seen));
		}
	if (!t)
		rdoc_para(d, rapport_tr(l, unchecked ? M_UNCHECKED_NONE
		                                     : M_STALE_NONE));
}

void rapport_section_coverage(struct rdoc *d, const struct rapport *r)
{
	rdoc_heading(d, 2, "coverage", rapport_tr(d->lang, M_COVERAGE));
	no_account(d, r);
	bad_accounts(d, r);
	repo_list(d, r, false);
	repo_list(d, r, true);
}

static char *license_cell(enum rapport_lang l, const struct rapport_repo *r)
{
	if (!r->checked)
		return xasprintf(DASH "%s", rapport_tr(l, M_NOT_CHECKED));
	if (!r->license)
		return xasprintf(CROSS "%s", rapport_tr(l, M_NONE));
	if (r->license_ok == TRI_TRUE)
		return xasprintf(CHECK "%s", r->license);
	if (r->license_ok == TRI_FALSE)
		return xasprintf(CROSS "%s", r->license);
	return xasprintf("? %s", r->license);
}

static char *readme_cell(enum rapport_lang l, const struct rapport_repo *r)
{
	if (!r->checked)
		return xstrdup(DASH_ALONE);
	return xasprintf("%s%s", r->readme ? CHECK : CROSS,
	                 rapport_tr(l, r->readme ? M_YES : M_NO));
}

static char *publiccode_cell(enum rapport_lang l, const struct rapport_repo *r)
{
	if (!r->checked)
		return xstrdup(DASH_ALONE);
	switch (r->publiccode) {
	case RAPPORT_PC_VALID:
		return xasprintf(CHECK "%s", rapport_tr(l, M_PC_VALID));
	case RAPPORT_PC_INVALID:
		return xasprintf(CROSS "%s", rapport_tr(l, M_PC_INVALID));
	default:
		return xasprintf(DASH "%s", rapport_tr(l, M_PC_ABSENT));
	}
}

static char *state_cell(enum rapport_lang l, const struct rapport_repo *r)
{
	struct buf b = BUF_INIT;

	if (r->archived)
		buf_adds(&b, rapport_tr(l, M_ARCHIVED_ONE));
	if (r->fork)
		buf_addf(&b, "%s%s", b.len ? ", " : "", rapport_tr(l, M_FORK));
	if (r->stale) {
		char *seen = day(r->last_seen), *s = rapport_trf(l, M_STALE_SINCE,
		                                                  seen);

		buf_addf(&b, "%s%s", b.len ? ", " : "", s);
		free(s);
		free(seen);
	}
	if (!r->checked)
		buf_addf(&b, "%s%s", b.len ? ", " : "",
		         rapport_tr(l, M_NOT_CHECKED));
	return b.len ? buf_detach(&b) : xstrdup("");
}

static void fix_items(struct rcell *c, enum rapport_lang l,
                      const struct rapport_repo *r)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct rapport_finding *f = &r->findings[i];
		const char *fix = rapport_fix(l, f->rule);
		struct buf b = BUF_INIT;
		char *text;

		buf_adds(&b, fix ? fix : f->fix ? f->fix : f->rule);
		if (f->path && f->line)
			buf_addf(&b, " (%s:%u)", f->path, f->line);
		else if (f->path)
			buf_addf(&b, " (%s)", f->path);
		text = buf_detach(&b);
		rdoc_item(&c->items, &c->nitems, (int)f->level, text, NULL);
		free(text);
	}
	if (!r->nfindings)
		rcell_set(c, r->checked ? rapport_tr(l, M_NOTHING_TO_FIX) : "", NULL);
}

static void actor_table(struct rdoc *d, const struct rapport_actor *a,
                        size_t index)
{
	enum rapport_lang l = d->lang;
	const char *head[] = { rapport_tr(l, M_REPO), rapport_tr(l, M_LICENSE),
	                       rapport_tr(l, M_README),
	                       rapport_tr(l, M_PUBLICCODE),
	                       rapport_tr(l, M_STATE), rapport_tr(l, M_TO_FIX) };
	char id[32], *n = rapport_count(l, a->nrepos);
	char *k = rapport_count(l, a->counts.conforme), *title, *name;
	struct rtable *t;

	if (!a->id)
		name = xstrdup(rapport_tr(l, M_UNKNOWN_ACTOR));
	else if (a->acronym && a->name && strcmp(a->acronym, a->name))
		name = xasprintf("%s (%s)", a->acronym, a->name);
	else
		name = xstrdup(rapport_actor_label(a));
	title = rapport_trf(l, M_ACTOR_REPOS, name, n, k);
	snprintf(id, sizeof(id), "actor-%zu", index + 1);
	rdoc_heading(d, 3, id, title);
	t = rdoc_table(d, title, 6, head, NULL);
	for (size_t i = 0; i < a->nrepos; i++) {
		const struct rapport_repo *repo = &a->repos[i];
		struct rcell *c = rtable_row(t);

		rcell_take(&c[0], repo_name(repo));
		c[0].href = repo->html_url ? xstrdup(repo->html_url) : NULL;
		rcell_take(&c[1], license_cell(l, repo));
		rcell_take(&c[2], readme_cell(l, repo));
		rcell_take(&c[3], publiccode_cell(l, repo));
		rcell_take(&c[4], state_cell(l, repo));
		fix_items(&c[5], l, repo);
	}
	free(name);
	free(title);
	free(n);
	free(k);
}

void rapport_section_repositories(struct rdoc *d, const struct rapport *r)
{
	rdoc_heading(d, 2, "repositories", rapport_tr(d->lang, M_REPOSITORIES));
	rdoc_para(d, rapport_tr(d->lang, M_REPOSITORIES_INTRO));
	for (size_t i = 0; i < r->nactors; i++)
		if (r->actors[i].nrepos)
			actor_table(d, &r->actors[i], i);
	if (!r->total.repos)
		rdoc_para(d, rapport_tr(d->lang, M_NO_REPOSITORY));
}
