/*
 * rapport_int.h - what the report's writers share: the strings of each
 * language, number formatting, and the document as a list of blocks
 * (headings, paragraphs, tables, figures) that rapport_doc.c builds once
 * from the model and rapport_html.c and rapport_md.c each print, so that
 * the two files always say the same thing. Not for use outside
 * output/rapport_*.c, output/changes_out.c (the feed's titles are
 * strings of the report) and their tests.
 */
#ifndef INVENTAIRE_RAPPORT_INT_H
#define INVENTAIRE_RAPPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "output/rapport.h"

/* Every string of the report: one table per language (rapport_i18n.c). */
enum rapport_msg {
	M_LANG, M_TITLE, M_INTRO, M_INTRO_NONE, M_TOC, M_FOOTER,
	M_NA, M_YES, M_NO, M_NONE, M_UNKNOWN_ACTOR, M_ERROR, M_WARNING, M_INFO,
	/* summary */
	M_SUMMARY, M_KEY_FIGURES, M_INDICATOR, M_COUNT, M_SHARE,
	M_REPOS, M_CHECKED, M_LICENSE_OK, M_README, M_PUBLICCODE_VALID,
	M_CONFORME, M_ARCHIVED, M_FORKED, M_STALE_REPOS,
	M_BY_MINISTRY, M_MINISTRY, M_NO_MINISTRY, M_BY_FORGE, M_FORGE, M_KIND,
	M_BY_ACTOR, M_GROUP, M_ACTOR, M_ACCOUNTS, M_SHARES_NOTE,
	M_CHART_ACTORS_TITLE, M_CHART_ACTORS_DESC, M_CHART_ACTORS_PART,
	/* over time */
	M_HISTORY, M_HISTORY_ONE, M_DATE, M_CHART_HISTORY_TITLE,
	M_CHART_HISTORY_DESC,
	/* licences */
	M_LICENSES, M_FAMILY, M_LICENSE_IDS, M_CHART_LICENSES_TITLE,
	M_CHART_LICENSES_DESC,
	M_FAM_PERMISSIVE, M_FAM_RECIPROCAL, M_FAM_PUBLIC_INFO, M_FAM_OTHER,
	M_FAM_UNIDENTIFIED, M_FAM_NONE, M_FAM_UNCHECKED,
	/* coverage */
	M_COVERAGE, M_NO_ACCOUNT, M_NO_ACCOUNT_INTRO, M_NO_ACCOUNT_NONE,
	M_BAD_ACCOUNTS, M_BAD_ACCOUNTS_NONE, M_ACCOUNT, M_STATUS,
	M_UNREACHABLE, M_EMPTY, M_WHOLE_FORGE, M_STALE, M_STALE_INTRO,
	M_STALE_NONE, M_LAST_SEEN, M_UNCHECKED, M_UNCHECKED_NONE, M_PROBE_ERROR,
	/* the search for accounts (inventaire discover): the summary's rows,
	 * then the coverage's cells */
	M_SEARCHES, M_SEARCH, M_ACTORS, M_SEARCHES_LISTED, M_SEARCHES_CANDIDATES,
	M_SEARCHES_NONE_FOUND, M_SEARCHES_NOT_SEARCHED, M_SEARCH_LISTED,
	M_SEARCH_CANDIDATE, M_SEARCH_CANDIDATES, M_SEARCH_NONE_FOUND,
	M_SEARCH_NOT_SEARCHED,
	/* repositories */
	M_REPOSITORIES, M_REPOSITORIES_INTRO, M_ACTOR_REPOS, M_REPO, M_LICENSE,
	M_PUBLICCODE, M_STATE, M_TO_FIX, M_PC_VALID, M_PC_INVALID, M_PC_ABSENT,
	M_FORK, M_STALE_SINCE, M_NOT_CHECKED, M_NOTHING_TO_FIX,
	M_NO_REPOSITORY,
	/* criteria */
	M_CRITERIA, M_CRITERIA_INTRO, M_CRIT_LICENSE, M_CRIT_README,
	M_CRIT_PUBLICCODE, M_CRITERIA_OTHERS, M_CRITERIA_RATES, M_CRITERIA_FORKS,
	M_REFERENCES, M_REF_D323, M_REF_DECREE, M_REF_LIST, M_REF_PUBLICCODE,
	M_REF_CODEGOUV, M_ARCHIVED_ONE,
	/* changes.atom: entry titles by change kind, then the feed's */
	M_CH_ADDED, M_CH_REMOVED, M_CH_RENAMED, M_CH_TRANSFERRED, M_CH_ARCHIVED,
	M_CH_UNARCHIVED, M_CH_LICENSE, M_CH_PUBLICCODE_ADDED,
	M_CH_PUBLICCODE_INVALID, M_CH_ACCOUNT_UNREACHABLE, M_CH_FEED_TITLE,
	M_CH_FEED_TITLE_FIRST, M_CH_FEED_SUBTITLE,
	M_FIGURE_IN_HTML,
	/* the groups of config/actors.yml, in its order */
	M_GROUP_MINISTRY, M_GROUP_CENTRAL, M_GROUP_AGENCY, M_GROUP_ARS,
	M_GROUP_SOCIAL_SECURITY, M_GROUP_HOSPITAL, M_GROUP_GIP, M_GROUP_OTHER,
	M__COUNT
};

/* The string, never NULL. */
const char *rapport_tr(enum rapport_lang lang, enum rapport_msg m);
/* The one-line fix of RULE in LANG, or NULL when we have none. */
const char *rapport_fix(enum rapport_lang lang, const char *rule);
const char *rapport_level_name(enum rapport_lang lang, enum level level);
const char *rapport_family_name(enum rapport_lang lang,
                                enum rapport_family f);
/* A group of actors.yml ("ars") in LANG; any other name as it is; "" for
 * NULL. */
const char *rapport_group_name(enum rapport_lang lang, const char *group);

/*
 * A message whose text is a printf format taking only %s: each language's
 * text has the same conversions in the same order (a test checks), so the
 * arguments are always strings the caller formatted.
 */
char *rapport_trf(enum rapport_lang lang, enum rapport_msg m, ...);

/* "1 234" (narrow no-break space) or "1,234". Caller frees. */
char *rapport_count(enum rapport_lang lang, unsigned long n);
/* "66,7 %" or "66.7%"; "n/d"/"n/a" when RATE < 0. Caller frees. */
char *rapport_pct(enum rapport_lang lang, double rate);
/* "32 (66,7 %)": N and its share of D. Caller frees. */
char *rapport_share(enum rapport_lang lang, unsigned long n, unsigned long d);
/* The tick suffix of a percent axis: " %" (narrow no-break) or "%". */
const char *rapport_pct_suffix(enum rapport_lang lang);

/* One entry of a list, or of a table cell holding a list. */
struct ritem {
	int level;            /* a finding's level, or -1 */
	char *text;
	char *href;           /* or NULL */
};

struct rcell {
	char *text;
	char *href;           /* or NULL */
	struct ritem *items;  /* a list instead of text, when nitems > 0 */
	size_t nitems;
};

struct rtable {
	char *caption;
	size_t ncols;
	char **head;
	bool *num;            /* right-aligned (figures) */
	struct rcell *cells;  /* nrows * ncols, row-major */
	size_t nrows;
};

enum rblock_kind {
	RB_HEADING,           /* level 1-3, id, text */
	RB_PARA,              /* text */
	RB_LIST,              /* items (links when they have an href) */
	RB_TABLE,
	RB_FIGURE,            /* svg, text = the caption */
};

struct rblock {
	enum rblock_kind kind;
	int level;
	char *id;
	char *text;
	struct ritem *items;
	size_t nitems;
	struct rtable table;
	char *svg;
};

struct rdoc {
	enum rapport_lang lang;
	struct rblock *v;
	size_t n;
};

void rdoc_build(struct rdoc *d, const struct rapport *r,
                enum rapport_lang lang);
void rdoc_free(struct rdoc *d);

/* Building blocks (rapport_doc.c), for the section builders. */
void rdoc_heading(struct rdoc *d, int level, const char *id,
                  const char *text);
void rdoc_para(struct rdoc *d, const char *text);
/* Takes TEXT (malloc'd). */
void rdoc_para_take(struct rdoc *d, char *text);
struct rblock *rdoc_list(struct rdoc *d);
void rdoc_item(struct ritem **v, size_t *n, int level, const char *text,
               const char *href);
/* A table of NCOLS columns with the given heads (copied). */
struct rtable *rdoc_table(struct rdoc *d, const char *caption, size_t ncols,
                          const char *const *head, const bool *num);
/* A new row; its cells are empty until set. */
struct rcell *rtable_row(struct rtable *t);
/* Takes TEXT (malloc'd). */
void rcell_take(struct rcell *c, char *text);
void rcell_set(struct rcell *c, const char *text, const char *href);
void rdoc_figure_take(struct rdoc *d, char *svg, const char *caption);

/* The sections (rapport_sections.c, rapport_repos.c). */
void rapport_section_summary(struct rdoc *d, const struct rapport *r);
void rapport_section_history(struct rdoc *d, const struct rapport *r);
void rapport_section_licenses(struct rdoc *d, const struct rapport *r);
void rapport_section_coverage(struct rdoc *d, const struct rapport *r);
void rapport_section_repositories(struct rdoc *d, const struct rapport *r);
void rapport_section_criteria(struct rdoc *d, const struct rapport *r);

/* Actors per chart: a taller one would not fit an A4 page. */
#define RAPPORT_CHART_ACTORS 12

#endif
