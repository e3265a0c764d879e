/*
 * rapport_md.c - rapport.md: the report as Markdown, for a wiki page or a
 * merge request. The same blocks as rapport.html (rapport_doc.c); tables
 * are GitHub Flavored Markdown tables (https://github.github.com/gfm/,
 * "Tables"), which GitLab renders too; a chart is replaced by its caption,
 * its figures being in the table that follows it.
 *
 * Names and messages come from forges and repositories: Markdown and HTML
 * in them are escaped, and only http(s) links are made.
 */
#include "output/rapport.h"
#include "output/rapport_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

/* Text with Markdown's punctuation, HTML and the table bar escaped, and
 * line breaks as spaces (a table row is one line). */
static void esc(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t') {
			buf_addc(b, ' ');
			continue;
		}
		if ((unsigned char)*s < 0x20)
			continue;
		if (strchr("\\`*_[]<>|#!~", *s))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

static bool safe_href(const char *href)
{
	return href && (!strncmp(href, "https://", 8) ||
	                !strncmp(href, "http://", 7));
}

/* A link destination: what would end it or break the line is encoded. */
static void href_esc(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr(" ()<>|\\", *s) || (unsigned char)*s < 0x20)
			buf_addf(b, "%%%02X", (unsigned char)*s);
		else
			buf_addc(b, *s);
	}
}

static void link(struct buf *b, const char *text, const char *href)
{
	if (!safe_href(href)) {
		esc(b, text);
		return;
	}
	buf_addc(b, '[');
	esc(b, text);
	buf_adds(b, "](");
	href_esc(b, href);
	buf_addc(b, ')');
}

static void item_text(struct buf *b, enum rapport_lang l,
                      const struct ritem *it)
{
	if (it->level >= 0) {
		buf_adds(b, "**");
		esc(b, rapport_level_name(l, (enum level)it->level));
		buf_adds(b, "** ");
	}
	link(b, it->text, it->href);
}

/* CAPTION repeats the heading above the table: Markdown has no captions,
 * so it is said once. */
static void table(struct buf *b, enum rapport_lang l, const struct rtable *t,
                  bool caption)
{
	if (t->caption && caption) {
		buf_adds(b, "**");
		esc(b, t->caption);
		buf_adds(b, "**\n\n");
	}
	buf_adds(b, "|");
	for (size_t i = 0; i < t->ncols; i++) {
		buf_addc(b, ' ');
		esc(b, t->head[i]);
		buf_adds(b, " |");
	}
	buf_adds(b, "\n|");
	for (size_t i = 0; i < t->ncols; i++)
		buf_adds(b, t->num[i] ? " ---: |" : " --- |");
	buf_adds(b, "\n");
	for (size_t r = 0; r < t->nrows; r++) {
		buf_adds(b, "|");
		for (size_t i = 0; i < t->ncols; i++) {
			const struct rcell *c = &t->cells[r * t->ncols + i];

			buf_addc(b, ' ');
			for (size_t k = 0; k < c->nitems; k++) {
				if (k)
					buf_adds(b, "<br>");
				item_text(b, l, &c->items[k]);
			}
			if (!c->nitems)
				link(b, c->text ? c->text : "", c->href);
			buf_adds(b, " |");
		}
		buf_adds(b, "\n");
	}
	buf_adds(b, "\n");
}

static void block(struct buf *b, const struct rdoc *d, const struct rblock *k,
                  const struct rblock *prev)
{
	switch (k->kind) {
	case RB_HEADING:
		for (int i = 0; i < k->level; i++)
			buf_addc(b, '#');
		buf_addc(b, ' ');
		esc(b, k->text);
		buf_adds(b, "\n\n");
		break;
	case RB_PARA:
		esc(b, k->text);
		buf_adds(b, "\n\n");
		break;
	case RB_LIST:
		for (size_t i = 0; i < k->nitems; i++) {
			buf_adds(b, "- ");
			item_text(b, d->lang, &k->items[i]);
			buf_adds(b, "\n");
		}
		buf_adds(b, "\n");
		break;
	case RB_TABLE:
		table(b, d->lang, &k->table, !(prev && prev->kind == RB_HEADING &&
		      k->table.caption && !strcmp(prev->text, k->table.caption)));
		break;
	case RB_FIGURE:
		buf_adds(b, "*");
		esc(b, k->text);
		buf_adds(b, "* (");
		esc(b, rapport_tr(d->lang, M_FIGURE_IN_HTML));
		buf_adds(b, ")\n\n");
		break;
	}
}

void rapport_md(struct buf *out, const struct rapport *r,
                enum rapport_lang lang)
{
	struct rdoc d;
	char *footer;

	rdoc_build(&d, r, lang);
	for (size_t i = 0; i < d.n; i++)
		block(out, &d, &d.v[i], i ? &d.v[i - 1] : NULL);
	footer = rapport_trf(lang, M_FOOTER, r->version ? r->version : "?",
	                     r->date ? r->date : "?");
	buf_adds(out, "---\n\n");
	esc(out, footer);
	buf_adds(out, "\n");
	free(footer);
	rdoc_free(&d);
}
