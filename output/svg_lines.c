/*
 * svg_lines.c - indicators over time, as the line plots people know from
 * spreadsheets and matplotlib: percent up the left with grid lines, the
 * crawl dates along the bottom (thinned out so that they never touch), a
 * legend on top, and each line's name written at its end, where the eye
 * arrives. End labels that would touch are pushed apart, as ggrepel does.
 */
#include "output/svg.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "output/svg_int.h"

#define TICK_FONT 11.0
#define END_FONT 11.0
#define PAD 12.0

struct layout {
	double left, right, top, bottom;   /* the plot area */
};

static double x_at(const struct layout *l, const struct svg_lines *c,
                   size_t i)
{
	if (c->nx < 2)
		return (l->left + l->right) / 2;
	return l->left + PAD + (double)i * (l->right - l->left - 2 * PAD) /
	       (double)(c->nx - 1);
}

static double y_at(const struct layout *l, double v)
{
	return l->bottom - v / 100.0 * (l->bottom - l->top);
}

static double value(const struct svg_lines *c, size_t s, size_t i)
{
	return c->values[s * c->nx + i];
}

static void layout(struct layout *l, const struct svg_lines *c)
{
	char tick[32];
	double end_w = 0, date_w = svg_text_width("0000-00-00", TICK_FONT);

	snprintf(tick, sizeof(tick), "100%s", c->tick_suffix);
	for (size_t s = 0; s < c->nseries; s++) {
		double w = svg_text_width(c->series[s], END_FONT);
		if (w > end_w)
			end_w = w;
	}
	l->left = svg_text_width(tick, TICK_FONT) + 10;
	if (l->left < date_w / 2 - PAD + 4)
		l->left = date_w / 2 - PAD + 4;
	l->right = c->width - end_w - 12;
	l->top = svg_legend_height(c->series, c->nseries, c->width) + 14;
	l->bottom = c->height - 26;
}

static void axes(struct buf *b, const struct layout *l,
                 const struct svg_lines *c)
{
	double date_w = svg_text_width("0000-00-00", TICK_FONT), dx;
	size_t every = 1;

	buf_adds(b, "<g class=\"axis\">");
	for (int v = 0; v <= 100; v += 25) {
		double y = y_at(l, v);

		buf_addf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		         "stroke=\"%s\" stroke-width=\"1\"/>", l->left, y, l->right,
		         y, v ? "#c8c8c8" : "#333");
		buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" "
		         "text-anchor=\"end\" fill=\"#1a1a1a\">%d%s</text>",
		         l->left - 6, svg_baseline(y, TICK_FONT), TICK_FONT, v,
		         c->tick_suffix);
	}
	/* Dates thinned out so that two never touch; the last is kept. */
	dx = c->nx > 1 ? x_at(l, c, 1) - x_at(l, c, 0) : 1e9;
	while ((double)every * dx < date_w + 8)
		every++;
	for (size_t i = 0; i < c->nx; i++) {
		if ((c->nx - 1 - i) % every)
			continue;
		buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" "
		         "text-anchor=\"middle\" fill=\"#1a1a1a\">%.10s</text>",
		         x_at(l, c, i), l->bottom + 6 + TICK_FONT, TICK_FONT,
		         c->x_labels[i]);
	}
	buf_adds(b, "</g>");
}

static void series(struct buf *b, const struct layout *l,
                   const struct svg_lines *c, size_t s)
{
	bool pen = false;

	buf_addf(b, "<g><path d=\"");
	for (size_t i = 0; i < c->nx; i++) {
		double v = value(c, s, i);

		if (v < 0) {
			pen = false;
			continue;
		}
		buf_addf(b, "%s%.1f %.1f", pen ? "L" : "M", x_at(l, c, i),
		         y_at(l, v));
		pen = true;
	}
	buf_addf(b, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
	         "stroke-dasharray=\"%s\"/>", svg_line_color(s), svg_line_dash(s));
	for (size_t i = 0; i < c->nx; i++) {
		double v = value(c, s, i);

		if (v < 0)
			continue;
		buf_adds(b, "<g><title>");
		svg_escape(b, c->series[s]);
		buf_addf(b, ", %.10s: %.1f%s</title>", c->x_labels[i], v,
		         c->tick_suffix);
		svg_marker(b, s, x_at(l, c, i), y_at(l, v));
		buf_adds(b, "</g>");
	}
	buf_adds(b, "</g>");
}

struct end_label {
	size_t series;
	double y;
};

static int end_cmp(const void *pa, const void *pb)
{
	const struct end_label *a = pa, *b = pb;

	return (a->y > b->y) - (a->y < b->y);
}

/* Each line's name at its last value, pushed apart to one line height. */
static void end_labels(struct buf *b, const struct layout *l,
                       const struct svg_lines *c)
{
	struct end_label *v = xcalloc(c->nseries ? c->nseries : 1, sizeof(*v));
	double gap = END_FONT * 1.3, x = x_at(l, c, c->nx - 1) + 9;
	size_t n = 0;

	for (size_t s = 0; s < c->nseries; s++)
		for (size_t i = c->nx; i-- > 0;)
			if (value(c, s, i) >= 0) {
				v[n].series = s;
				v[n++].y = y_at(l, value(c, s, i));
				break;
			}
	qsort(v, n, sizeof(*v), end_cmp);
	for (size_t i = 1; i < n; i++)
		if (v[i].y < v[i - 1].y + gap)
			v[i].y = v[i - 1].y + gap;
	if (n && v[n - 1].y > l->bottom) {
		double up = v[n - 1].y - l->bottom;
		for (size_t i = 0; i < n; i++)
			v[i].y -= up;
	}
	for (size_t i = 0; i < n; i++) {
		buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" "
		         "fill=\"%s\">", x, svg_baseline(v[i].y, END_FONT), END_FONT,
		         svg_line_color(v[i].series));
		svg_escape(b, c->series[v[i].series]);
		buf_adds(b, "</text>");
	}
	free(v);
}

void svg_lines(struct buf *b, const struct svg_lines *c)
{
	struct layout l;

	layout(&l, c);
	svg_open(b, c->id, c->title, c->desc, c->width, c->height);
	svg_legend(b, c->id, c->series, c->nseries, c->width, SVG_SWATCH_LINE);
	axes(b, &l, c);
	for (size_t s = 0; s < c->nseries; s++)
		series(b, &l, c, s);
	if (c->nx)
		end_labels(b, &l, c);
	buf_adds(b, "</svg>\n");
}
