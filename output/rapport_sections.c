/*
 * rapport_sections.c - what the report says, section by section: the
 * summary (overall, the actors by search for accounts, per ministry, forge
 * and actor, with the per-actor chart), the indicators over time, the
 * licences by family, and the criteria with their legal references. The
 * per-actor tables of repositories and the coverage are in rapport_repos.c.
 */
#include "output/rapport_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "output/svg.h"

/* The chart width: an A4 page's text width at 96 dpi, less a margin. */
#define CHART_WIDTH 680.0

static char *day(const char *date)
{
	return date ? xstrndup(date, 10) : xstrdup("?");
}

/* The columns shared by every summary table, after its name columns. */
static const enum rapport_msg count_cols[] = {
	M_REPOS, M_LICENSE_OK, M_README, M_PUBLICCODE_VALID, M_CONFORME,
	M_ARCHIVED, M_FORKED,
};
#define NCOUNT_COLS (sizeof(count_cols) / sizeof(*count_cols))

static void counts_cells(struct rcell *c, enum rapport_lang lang,
                         const struct rapport_counts *k)
{
	rcell_take(&c[0], rapport_count(lang, k->repos));
	rcell_take(&c[1], rapport_share(lang, k->license_ok, k->checked));
	rcell_take(&c[2], rapport_share(lang, k->readme, k->checked));
	rcell_take(&c[3], rapport_share(lang, k->publiccode, k->checked));
	rcell_take(&c[4], rapport_share(lang, k->conforme, k->checked));
	rcell_take(&c[5], rapport_share(lang, k->archived, k->repos));
	rcell_take(&c[6], rapport_share(lang, k->forked, k->repos));
}

/* A table whose first NAMES columns are names and the rest counts. */
static struct rtable *counts_table(struct rdoc *d, const char *caption,
                                   const enum rapport_msg *names,
                                   size_t nnames)
{
	const char *head[8 + NCOUNT_COLS];
	bool num[8 + NCOUNT_COLS] = { false };

	for (size_t i = 0; i < nnames; i++)
		head[i] = rapport_tr(d->lang, names[i]);
	for (size_t i = 0; i < NCOUNT_COLS; i++) {
		head[nnames + i] = rapport_tr(d->lang, count_cols[i]);
		num[nnames + i] = true;
	}
	return rdoc_table(d, caption, nnames + NCOUNT_COLS, head, num);
}

static void key_figures(struct rdoc *d, const struct rapport *r)
{
	const char *head[] = { rapport_tr(d->lang, M_INDICATOR),
	                       rapport_tr(d->lang, M_COUNT),
	                       rapport_tr(d->lang, M_SHARE) };
	const bool num[] = { false, true, true };
	const struct rapport_counts *k = &r->total;
	const struct { enum rapport_msg m; unsigned long n, d; } rows[] = {
		{ M_REPOS, k->repos, 0 },
		{ M_CHECKED, k->checked, k->repos },
		{ M_LICENSE_OK, k->license_ok, k->checked },
		{ M_README, k->readme, k->checked },
		{ M_PUBLICCODE_VALID, k->publiccode, k->checked },
		{ M_CONFORME, k->conforme, k->checked },
		{ M_ARCHIVED, k->archived, k->repos },
		{ M_FORKED, k->forked, k->repos },
		{ M_STALE_REPOS, k->stale, k->repos },
	};
	struct rtable *t = rdoc_table(d, rapport_tr(d->lang, M_KEY_FIGURES), 3,
	                              head, num);

	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++) {
		struct rcell *c = rtable_row(t);

		rcell_set(&c[0], rapport_tr(d->lang, rows[i].m), NULL);
		rcell_take(&c[1], rapport_count(d->lang, rows[i].n));
		rcell_take(&c[2], i ? rapport_pct(d->lang,
		                                  rapport_rate(rows[i].n, rows[i].d))
		                    : xstrdup(""));
	}
}

/* How many actors of the actors list have accounts, were searched for
 * with or without a find, or not yet: none when there is no actors list. */
static void searches(struct rdoc *d, const struct rapport *r)
{
	static const struct { enum rapport_search s; enum rapport_msg m; } rows[] = {
		{ RAPPORT_SEARCH_LISTED, M_SEARCHES_LISTED },
		{ RAPPORT_SEARCH_CANDIDATES, M_SEARCHES_CANDIDATES },
		{ RAPPORT_SEARCH_NONE_FOUND, M_SEARCHES_NONE_FOUND },
		{ RAPPORT_SEARCH_NOT_SEARCHED, M_SEARCHES_NOT_SEARCHED },
	};
	const char *head[] = { rapport_tr(d->lang, M_STATUS),
	                       rapport_tr(d->lang, M_ACTORS),
	                       rapport_tr(d->lang, M_SHARE) };
	const bool num[] = { false, true, true };
	unsigned long total = 0;
	struct rtable *t;

	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++)
		total += r->searches[rows[i].s];
	if (!total)
		return;
	t = rdoc_table(d, rapport_tr(d->lang, M_SEARCHES), 3, head, num);
	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++) {
		struct rcell *c = rtable_row(t);
		unsigned long n = r->searches[rows[i].s];

		rcell_set(&c[0], rapport_tr(d->lang, rows[i].m), NULL);
		rcell_take(&c[1], rapport_count(d->lang, n));
		rcell_take(&c[2], rapport_pct(d->lang, rapport_rate(n, total)));
	}
}

static void intro(struct rdoc *d, const struct rapport *r)
{
	enum rapport_lang l = d->lang;
	char *date = day(r->date);
	size_t nactors = 0;

	for (size_t i = 0; i < r->nactors; i++)
		nactors += r->actors[i].nrepos > 0;
	rdoc_heading(d, 1, "top", rapport_tr(l, M_TITLE));
	if (!r->total.repos) {
		rdoc_para_take(d, rapport_trf(l, M_INTRO_NONE, date));
	} else {
		char *n = rapport_count(l, r->total.repos);
		char *a = rapport_count(l, nactors);
		char *f = rapport_count(l, r->nforges);
		char *c = rapport_count(l, r->total.conforme);
		char *p = rapport_pct(l, rapport_rate(r->total.conforme,
		                                      r->total.checked));

		rdoc_para_take(d, rapport_trf(l, M_INTRO, date, n, a, f, c, p));
		free(n);
		free(a);
		free(f);
		free(c);
		free(p);
	}
	free(date);
}

static void actors_chart(struct rdoc *d, const struct rapport_actor **v, size_t n,
                         size_t part, size_t parts)
{
	enum rapport_lang l = d->lang;
	const char *series[] = { rapport_tr(l, M_LICENSE_OK),
	                         rapport_tr(l, M_README),
	                         rapport_tr(l, M_PUBLICCODE_VALID) };
	const char **cats = xcalloc(n, sizeof(*cats));
	double *values = xcalloc(n * 3, sizeof(*values));
	char **labels = xcalloc(n * 3, sizeof(*labels));
	struct buf b = BUF_INIT;
	char id[32], *title;

	for (size_t i = 0; i < n; i++) {
		const struct rapport_counts *k = &v[i]->counts;
		unsigned long num[3] = { k->license_ok, k->readme, k->publiccode };

		cats[i] = rapport_actor_label(v[i]);
		for (size_t s = 0; s < 3; s++) {
			values[i * 3 + s] = rapport_rate(num[s], k->checked);
			labels[i * 3 + s] = rapport_pct(l, values[i * 3 + s]);
		}
	}
	if (parts > 1) {
		char a[24], z[24];

		snprintf(a, sizeof(a), "%zu", part);
		snprintf(z, sizeof(z), "%zu", parts);
		title = rapport_trf(l, M_CHART_ACTORS_PART, a, z);
	} else {
		title = xstrdup(rapport_tr(l, M_CHART_ACTORS_TITLE));
	}
	snprintf(id, sizeof(id), "chart-actors-%zu", part);
	svg_hbars(&b, &(struct svg_hbars){
		.id = id, .title = title, .desc = rapport_tr(l, M_CHART_ACTORS_DESC),
		.categories = cats, .ncats = n, .series = series, .nseries = 3,
		.values = values, .labels = (const char *const *)labels,
		.max = 100, .tick_suffix = rapport_pct_suffix(l),
		.width = CHART_WIDTH, .label_width = 170,
	});
	rdoc_figure_take(d, buf_detach(&b), title);
	for (size_t i = 0; i < n * 3; i++)
		free(labels[i]);
	free(labels);
	free(values);
	free(cats);
	free(title);
}

static void by_actor(struct rdoc *d, const struct rapport *r)
{
	const enum rapport_msg names[] = { M_GROUP, M_ACTOR, M_ACCOUNTS };
	struct rtable *t;
	const struct rapport_actor **with = xcalloc(r->nactors + 1,
	                                            sizeof(*with));
	size_t n = 0, parts;

	rdoc_heading(d, 3, "by-actor", rapport_tr(d->lang, M_BY_ACTOR));
	t = counts_table(d, rapport_tr(d->lang, M_BY_ACTOR), names, 3);
	t->num[2] = true;
	for (size_t i = 0; i < r->nactors; i++) {
		const struct rapport_actor *a = &r->actors[i];
		struct rcell *c = rtable_row(t);

		rcell_set(&c[0], rapport_group_name(d->lang, a->group), NULL);
		/* The acronym keeps a ten-column table on the page; the
		 * full name heads the actor's own table below. */
		rcell_set(&c[1], a->id ? rapport_actor_label(a)
		          : rapport_tr(d->lang, M_UNKNOWN_ACTOR), NULL);
		rcell_take(&c[2], rapport_count(d->lang, a->naccounts));
		counts_cells(c + 3, d->lang, &a->counts);
		if (a->nrepos)
			with[n++] = a;
	}
	rdoc_para(d, rapport_tr(d->lang, M_SHARES_NOTE));
	parts = (n + RAPPORT_CHART_ACTORS - 1) / RAPPORT_CHART_ACTORS;
	for (size_t p = 0; p < parts; p++) {
		size_t from = p * RAPPORT_CHART_ACTORS;
		size_t len = n - from < RAPPORT_CHART_ACTORS ? n - from
		             : RAPPORT_CHART_ACTORS;

		actors_chart(d, with + from, len, p + 1, parts);
	}
	free(with);
}

void rapport_section_summary(struct rdoc *d, const struct rapport *r)
{
	const enum rapport_msg ministry[] = { M_MINISTRY };
	const enum rapport_msg forge[] = { M_FORGE, M_KIND };
	struct rtable *t;

	intro(d, r);
	rdoc_heading(d, 2, "summary", rapport_tr(d->lang, M_SUMMARY));
	key_figures(d, r);
	searches(d, r);
	rdoc_heading(d, 3, "by-ministry", rapport_tr(d->lang, M_BY_MINISTRY));
	t = counts_table(d, rapport_tr(d->lang, M_BY_MINISTRY), ministry, 1);
	for (size_t i = 0; i < r->nministries; i++) {
		struct rcell *c = rtable_row(t);

		rcell_set(&c[0], r->ministries[i].name ? r->ministries[i].name
		          : rapport_tr(d->lang, M_NO_MINISTRY), NULL);
		counts_cells(c + 1, d->lang, &r->ministries[i].counts);
	}
	rdoc_heading(d, 3, "by-forge", rapport_tr(d->lang, M_BY_FORGE));
	t = counts_table(d, rapport_tr(d->lang, M_BY_FORGE), forge, 2);
	for (size_t i = 0; i < r->nforges; i++) {
		struct rcell *c = rtable_row(t);

		rcell_set(&c[0], r->forges[i].host, NULL);
		rcell_set(&c[1], r->forges[i].kind ? r->forges[i].kind : "", NULL);
		counts_cells(c + 2, d->lang, &r->forges[i].counts);
	}
	by_actor(d, r);
}

void rapport_section_history(struct rdoc *d, const struct rapport *r)
{
	enum rapport_lang l = d->lang;
	const char *series[] = { rapport_tr(l, M_LICENSE_OK),
	                         rapport_tr(l, M_README),
	                         rapport_tr(l, M_PUBLICCODE_VALID),
	                         rapport_tr(l, M_CONFORME) };
	const char *head[] = { rapport_tr(l, M_DATE), rapport_tr(l, M_REPOS),
	                       series[0], series[1], series[2], series[3] };
	const bool num[] = { false, true, true, true, true, true };
	size_t n = r->nseries;
	char **dates = xcalloc(n + 1, sizeof(*dates));
	double *values = xcalloc(4 * n + 1, sizeof(*values));
	struct rtable *t;
	struct buf b = BUF_INIT;

	rdoc_heading(d, 2, "history", rapport_tr(l, M_HISTORY));
	if (n < 2)
		rdoc_para(d, rapport_tr(l, M_HISTORY_ONE));
	for (size_t i = 0; i < n; i++) {
		const struct rapport_counts *k = &r->series[i].counts;

		dates[i] = day(r->series[i].date);
		values[0 * n + i] = rapport_rate(k->license_ok, k->checked);
		values[1 * n + i] = rapport_rate(k->readme, k->checked);
		values[2 * n + i] = rapport_rate(k->publiccode, k->checked);
		values[3 * n + i] = rapport_rate(k->conforme, k->checked);
	}
	svg_lines(&b, &(struct svg_lines){
		.id = "chart-history", .title = rapport_tr(l, M_CHART_HISTORY_TITLE),
		.desc = rapport_tr(l, M_CHART_HISTORY_DESC),
		.x_labels = (const char *const *)dates, .nx = n,
		.series = series, .nseries = 4, .values = values,
		.tick_suffix = rapport_pct_suffix(l), .width = CHART_WIDTH,
		.height = 300,
	});
	rdoc_figure_take(d, buf_detach(&b), rapport_tr(l, M_CHART_HISTORY_TITLE));
	t = rdoc_table(d, rapport_tr(l, M_CHART_HISTORY_TITLE), 6, head, num);
	for (size_t i = 0; i < n; i++) {
		const struct rapport_counts *k = &r->series[i].counts;
		struct rcell *c = rtable_row(t);

		rcell_set(&c[0], dates[i], NULL);
		rcell_take(&c[1], rapport_count(l, k->repos));
		rcell_take(&c[2], rapport_share(l, k->license_ok, k->checked));
		rcell_take(&c[3], rapport_share(l, k->readme, k->checked));
		rcell_take(&c[4], rapport_share(l, k->publiccode, k->checked));
		rcell_take(&c[5], rapport_share(l, k->conforme, k->checked));
	}
	for (size_t i = 0; i < n; i++)
		free(dates[i]);
	free(dates);
	free(values);
}

/* "MIT (12), Apache-2.0 (3)" */
static char *family_ids(enum rapport_lang l, const struct rapport_family_count *f)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < f->nids; i++) {
		char *n;

		if (!f->ids[i].spdx)
			continue;
		n = rapport_count(l, f->ids[i].n);
		buf_addf(&b, "%s%s (%s)", b.len ? ", " : "", f->ids[i].spdx, n);
		free(n);
	}
	return b.len ? buf_detach(&b) : xstrdup("");
}

/* Authorised families one style, licences off the list another, none
 * and unchecked their own: the chart reads as three groups in grey. */
static size_t family_style(enum rapport_family f)
{
	switch (f) {
	case RAPPORT_FAM_PERMISSIVE:
	case RAPPORT_FAM_RECIPROCAL:
	case RAPPORT_FAM_PUBLIC_INFO:
		return 0;
	case RAPPORT_FAM_OTHER:
	case RAPPORT_FAM_UNIDENTIFIED:
		return 1;
	case RAPPORT_FAM_NONE:
		return 2;
	default:
		return 3;
	}
}

void rapport_section_licenses(struct rdoc *d, const struct rapport *r)
{
	enum rapport_lang l = d->lang;
	const char *cats[RAPPORT_NFAMILIES];
	double values[RAPPORT_NFAMILIES];
	char *labels[RAPPORT_NFAMILIES];
	size_t styles[RAPPORT_NFAMILIES], n = 0;
	double max = 0;
	const char *head[] = { rapport_tr(l, M_FAMILY), rapport_tr(l, M_REPOS),
	                       rapport_tr(l, M_LICENSE_IDS) };
	const bool num[] = { false, true, false };
	struct rtable *t;
	struct buf b = BUF_INIT;

	rdoc_heading(d, 2, "licenses", rapport_tr(l, M_LICENSES));
	for (size_t f = 0; f < RAPPORT_NFAMILIES; f++) {
		if (!r->families[f].n)
			continue;
		cats[n] = rapport_family_name(l, f);
		values[n] = (double)r->families[f].n;
		labels[n] = rapport_share(l, r->families[f].n, r->total.repos);
		styles[n++] = family_style(f);
		if ((double)r->families[f].n > max)
			max = (double)r->families[f].n;
	}
	if (n) {
		svg_hbars(&b, &(struct svg_hbars){
			.id = "chart-licenses",
			.title = rapport_tr(l, M_CHART_LICENSES_TITLE),
			.desc = rapport_tr(l, M_CHART_LICENSES_DESC),
			.categories = cats, .ncats = n, .nseries = 1,
			.values = values, .labels = (const char *const *)labels,
			.styles = styles, .max = max, .tick_suffix = "",
			.width = CHART_WIDTH, .label_width = 230,
		});
		rdoc_figure_take(d, buf_detach(&b),
		                 rapport_tr(l, M_CHART_LICENSES_TITLE));
	}
	t = rdoc_table(d, rapport_tr(l, M_CHART_LICENSES_TITLE), 3, head, num);
	for (size_t f = 0, i = 0; f < RAPPORT_NFAMILIES; f++) {
		struct rcell *c;

		if (!r->families[f].n)
			continue;
		c = rtable_row(t);
		rcell_set(&c[0], rapport_family_name(l, f), NULL);
		rcell_take(&c[1], labels[i++]);
		rcell_take(&c[2], family_ids(l, &r->families[f]));
	}
}

void rapport_section_criteria(struct rdoc *d, const struct rapport *r)
{
	enum rapport_lang l = d->lang;
	struct rblock *list;
	/* Sources: the CRPA article and its decree as etalab's list of
	 * licences cites them (etalab/datagouvfr-pages,
	 * pages/legal/licences.md); the standard's own site
	 * (publiccodeyml/publiccode.yml, README.md). */
	static const struct { enum rapport_msg m; const char *href; } refs[] = {
		{ M_REF_D323, "https://www.legifrance.gouv.fr/codes/article_lc/"
		              "LEGIARTI000034504991" },
		{ M_REF_DECREE, "https://www.legifrance.gouv.fr/jorf/id/"
		                "JORFTEXT000034502557" },
		{ M_REF_LIST, "https://www.data.gouv.fr/fr/pages/legal/licences/" },
		{ M_REF_PUBLICCODE, "https://yml.publiccode.tools/" },
		{ M_REF_CODEGOUV, "https://code.gouv.fr/" },
	};

	rdoc_heading(d, 2, "criteria", rapport_tr(l, M_CRITERIA));
	rdoc_para(d, rapport_tr(l, M_CRITERIA_INTRO));
	list = rdoc_list(d);
	rdoc_item(&list->items, &list->nitems, -1, rapport_tr(l, M_CRIT_LICENSE),
	          NULL);
	rdoc_item(&list->items, &list->nitems, -1, rapport_tr(l, M_CRIT_README),
	          NULL);
	rdoc_item(&list->items, &list->nitems, -1,
	          rapport_tr(l, M_CRIT_PUBLICCODE), NULL);
	rdoc_para(d, rapport_tr(l, M_CRITERIA_OTHERS));
	rdoc_para(d, rapport_tr(l, M_CRITERIA_RATES));
	rdoc_para(d, rapport_tr(l, M_CRITERIA_FORKS));
	rdoc_heading(d, 3, "references", rapport_tr(l, M_REFERENCES));
	list = rdoc_list(d);
	for (size_t i = 0; i < sizeof(refs) / sizeof(*refs); i++)
		rdoc_item(&list->items, &list->nitems, -1, rapport_tr(l, refs[i].m),
		          refs[i].href);
	(void)r;
}
