/*
 * rapport_html.c - rapport.html: one self-contained file (styles inline,
 * charts as inline SVG, no script, no external asset), so that it works
 * offline, can be mailed, and prints on A4.
 *
 * Accessibility follows WCAG 2.1 AA as the RGAA 4 applies it to French
 * public services: a lang attribute, one h1 then h2/h3 in order, tables
 * with a caption and th scope="col"/"row" (RGAA 5.6, 5.7), text contrast
 * of 4.5:1 or more (every colour below is at least 7:1 on its
 * background), verdicts in words as well as symbols, and a text
 * alternative for every chart (role="img", <title>, <desc>, and the same
 * figures in a table).
 */
#include "output/rapport.h"
#include "output/rapport_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "output/svg.h"

static const char css[] =
	"body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;color:#1a1a1a;"
	"background:#fff;max-width:62rem;margin:0 auto;padding:1rem 1.5rem;"
	"line-height:1.45;font-size:15px}"
	"h1{font-size:1.6rem;margin:.5rem 0}"
	"h2{font-size:1.3rem;border-bottom:2px solid #1b3a6b;"
	"padding-bottom:.2rem;margin-top:2rem}"
	"h3{font-size:1.08rem;margin-top:1.4rem}"
	"a{color:#0b4f8a}"
	"table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;"
	"font-size:.82rem}"
	"caption{text-align:left;font-weight:bold;padding:.3rem 0}"
	"th,td{border:1px solid #8c8c8c;padding:.2rem .4rem;vertical-align:top;"
	"text-align:left}"
	"thead th{background:#e6ecf5}"
	"tbody th{font-weight:normal}"
	".n{text-align:right}"
	"td ul{margin:0;padding-left:1rem}"
	".lvl{font-weight:bold;font-size:.72rem;padding:0 .2rem;"
	"border:1px solid;border-radius:2px;margin-right:.25rem}"
	".lvl-2{color:#8b1a1a}.lvl-1{color:#6b4200}.lvl-0{color:#3d3d3d}"
	"figure{margin:1rem 0}"
	"figure svg{max-width:100%;height:auto}"
	"figcaption{font-size:.85rem;color:#333}"
	"nav ol{columns:2;margin:.3rem 0}"
	"footer{margin-top:2rem;font-size:.85rem;color:#333;"
	"border-top:1px solid #8c8c8c}"
	"@page{size:A4;margin:14mm 12mm}"
	"@media print{body{max-width:none;padding:0;font-size:9.5pt}"
	"h2{break-after:avoid;page-break-after:avoid}"
	"h3{break-after:avoid;page-break-after:avoid}"
	"tr,figure,li{break-inside:avoid;page-break-inside:avoid}"
	"thead{display:table-header-group}"
	"table{font-size:7.5pt}"
	"a{color:#1a1a1a;text-decoration:none}"
	"nav{display:none}}";

static void esc(struct buf *b, const char *s)
{
	svg_escape(b, s);
}

/* Only web links: a forge's answer is untrusted, and a "javascript:" URL
 * in a repository's html_url must not become a live link. */
static bool safe_href(const char *href)
{
	return href && (!strncmp(href, "https://", 8) ||
	                !strncmp(href, "http://", 7));
}

static void link(struct buf *b, const char *text, const char *href)
{
	if (!safe_href(href)) {
		esc(b, text);
		return;
	}
	buf_adds(b, "<a href=\"");
	esc(b, href);
	buf_adds(b, "\">");
	esc(b, text);
	buf_adds(b, "</a>");
}

static void item(struct buf *b, enum rapport_lang l, const struct ritem *it)
{
	buf_adds(b, "<li>");
	if (it->level >= 0) {
		buf_addf(b, "<span class=\"lvl lvl-%d\">", it->level);
		esc(b, rapport_level_name(l, (enum level)it->level));
		buf_adds(b, "</span>");
	}
	link(b, it->text, it->href);
	buf_adds(b, "</li>");
}

static void cell(struct buf *b, enum rapport_lang l, const struct rtable *t,
                 size_t col, const struct rcell *c)
{
	const char *tag = col == 0 ? "th" : "td";

	buf_addf(b, "<%s%s%s>", tag, col == 0 ? " scope=\"row\"" : "",
	         t->num[col] ? " class=\"n\"" : "");
	if (c->nitems) {
		buf_adds(b, "<ul>");
		for (size_t i = 0; i < c->nitems; i++)
			item(b, l, &c->items[i]);
		buf_adds(b, "</ul>");
	} else {
		link(b, c->text ? c->text : "", c->href);
	}
	buf_addf(b, "</%s>", tag);
}

static void table(struct buf *b, enum rapport_lang l, const struct rtable *t)
{
	buf_adds(b, "<table>");
	if (t->caption) {
		buf_adds(b, "<caption>");
		esc(b, t->caption);
		buf_adds(b, "</caption>");
	}
	buf_adds(b, "<thead><tr>");
	for (size_t i = 0; i < t->ncols; i++) {
		buf_addf(b, "<th scope=\"col\"%s>", t->num[i] ? " class=\"n\"" : "");
		esc(b, t->head[i]);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < t->nrows; r++) {
		buf_adds(b, "<tr>");
		for (size_t i = 0; i < t->ncols; i++)
			cell(b, l, t, i, &t->cells[r * t->ncols + i]);
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody></table>\n");
}

static void toc(struct buf *b, const struct rdoc *d)
{
	buf_adds(b, "<nav aria-labelledby=\"toc\"><p id=\"toc\"><strong>");
	esc(b, rapport_tr(d->lang, M_TOC));
	buf_adds(b, "</strong></p><ol>");
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].kind == RB_HEADING && d->v[i].level == 2) {
			buf_addf(b, "<li><a href=\"#%s\">", d->v[i].id);
			esc(b, d->v[i].text);
			buf_adds(b, "</a></li>");
		}
	buf_adds(b, "</ol></nav>\n");
}

static void heading(struct buf *b, const struct rdoc *d, size_t i,
                    bool *in_section, bool *toc_done)
{
	const struct rblock *h = &d->v[i];

	if (h->level == 2) {
		if (!*toc_done) {
			toc(b, d);
			buf_adds(b, "<main>\n");
			*toc_done = true;
		}
		if (*in_section)
			buf_adds(b, "</section>\n");
		buf_addf(b, "<section aria-labelledby=\"%s\">\n", h->id);
		*in_section = true;
	}
	buf_addf(b, "<h%d", h->level);
	if (h->id)
		buf_addf(b, " id=\"%s\"", h->id);
	buf_adds(b, ">");
	esc(b, h->text);
	buf_addf(b, "</h%d>\n", h->level);
}

static void block(struct buf *b, const struct rdoc *d, const struct rblock *k)
{
	switch (k->kind) {
	case RB_PARA:
		buf_adds(b, "<p>");
		esc(b, k->text);
		buf_adds(b, "</p>\n");
		break;
	case RB_LIST:
		buf_adds(b, "<ul>");
		for (size_t i = 0; i < k->nitems; i++)
			item(b, d->lang, &k->items[i]);
		buf_adds(b, "</ul>\n");
		break;
	case RB_TABLE:
		table(b, d->lang, &k->table);
		break;
	case RB_FIGURE:
		buf_adds(b, "<figure>");
		buf_adds(b, k->svg);
		buf_adds(b, "<figcaption>");
		esc(b, k->text);
		buf_adds(b, "</figcaption></figure>\n");
		break;
	case RB_HEADING:
		break;
	}
}

void rapport_html(struct buf *out, const struct rapport *r,
                  enum rapport_lang lang)
{
	struct rdoc d;
	bool in_section = false, toc_done = false;
	char *footer;

	rdoc_build(&d, r, lang);
	buf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	         "<meta charset=\"utf-8\">\n"
	         "<meta name=\"viewport\" content=\"width=device-width, "
	         "initial-scale=1\">\n<title>", rapport_tr(lang, M_LANG));
	esc(out, rapport_tr(lang, M_TITLE));
	if (r->date)
		buf_addf(out, " \xe2\x80\x94 %.10s", r->date);
	buf_addf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n",
	         css);
	for (size_t i = 0; i < d.n; i++) {
		if (d.v[i].kind == RB_HEADING)
			heading(out, &d, i, &in_section, &toc_done);
		else
			block(out, &d, &d.v[i]);
		if (i == 1 && d.v[0].kind == RB_HEADING && d.v[0].level == 1)
			buf_adds(out, "</header>\n");
	}
	if (in_section)
		buf_adds(out, "</section>\n");
	if (toc_done)
		buf_adds(out, "</main>\n");
	footer = rapport_trf(lang, M_FOOTER, r->version ? r->version : "?",
	                     r->date ? r->date : "?");
	buf_adds(out, "<footer><p>");
	esc(out, footer);
	buf_adds(out, "</p></footer>\n</body>\n</html>\n");
	free(footer);
	rdoc_free(&d);
}
