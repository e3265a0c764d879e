/*
 * svg_hbars.c - grouped horizontal bars, the chart people know from
 * matplotlib's barh and from spreadsheets: the categories down the left,
 * one bar per series in each group, a value axis along the bottom with
 * grid lines, a legend on top, and each bar's value written at its end.
 *
 * Horizontal, because the categories are actor names: they read across,
 * never rotated. Every label is measured (svg_text_width) and the space
 * for it reserved before anything is drawn, so no text can run into
 * another.
 */
#include "output/svg.h"

#include <stdio.h>
#include <stdlib.h>

#include "lib/alloc.h"
#include "output/svg_int.h"

#define ROW_FONT 12.0
#define VALUE_FONT 11.0
#define TICK_FONT 11.0
#define GAP 8.0

struct layout {
	double width, label_w, x0, plot_w, top, slot, bar_h, group_h, height;
	double axis_max, step;
};

static double value_labels_width(const struct svg_hbars *c)
{
	double w = 0;

	for (size_t i = 0; i < c->ncats * c->nseries; i++) {
		double t = svg_text_width(c->labels[i], VALUE_FONT);
		if (t > w)
			w = t;
	}
	return w;
}

static void layout(struct layout *l, const struct svg_hbars *c)
{
	double legend_h = c->series && c->nseries > 1
	                  ? svg_legend_height(c->series, c->nseries, c->width) : 0;
	double right;
	char tick[32];

	l->width = c->width;
	l->label_w = c->label_width;
	l->x0 = l->label_w + GAP;
	right = value_labels_width(c) + 2 * GAP;
	/* The last tick label is centred on the axis end. */
	snprintf(tick, sizeof(tick), "%g%s", c->max, c->tick_suffix);
	if (svg_text_width(tick, TICK_FONT) / 2 + GAP > right)
		right = svg_text_width(tick, TICK_FONT) / 2 + GAP;
	l->plot_w = l->width - l->x0 - right;
	if (l->plot_w < 60)
		l->plot_w = 60;
	l->top = legend_h + GAP;
	/* A slot clears the value label's box (DejaVu Sans: 1.17 em). */
	l->slot = c->nseries > 1 ? 15 : 20;
	l->bar_h = l->slot - 4;
	l->group_h = (double)c->nseries * l->slot + (c->nseries > 1 ? 10 : 2);
	l->height = l->top + (double)c->ncats * l->group_h + 30;
	if (c->max == 100) {
		l->axis_max = 100;
		l->step = 25;
	} else {
		svg_nice_axis(&l->axis_max, &l->step, c->max);
	}
}

static void axis(struct buf *b, const struct layout *l,
                 const struct svg_hbars *c)
{
	double bottom = l->top + (double)c->ncats * l->group_h;

	buf_adds(b, "<g class=\"axis\">");
	for (double v = 0; v <= l->axis_max + 1e-9; v += l->step) {
		double x = l->x0 + v / l->axis_max * l->plot_w;

		buf_addf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		         "stroke=\"%s\" stroke-width=\"1\"/>",
		         x, l->top - 2, x, bottom, v == 0 ? "#333" : "#c8c8c8");
		buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" "
		         "text-anchor=\"middle\" fill=\"#1a1a1a\">%g%s</text>",
		         x, bottom + 4 + TICK_FONT, TICK_FONT, v, c->tick_suffix);
	}
	buf_adds(b, "</g>");
}

static void row_label(struct buf *b, const struct layout *l, const char *name,
                      double center)
{
	char *cut = svg_text_fit(name, ROW_FONT, l->label_w);

	buf_adds(b, "<g><title>");
	svg_escape(b, name);
	buf_addf(b, "</title><text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" "
	         "text-anchor=\"end\" fill=\"#1a1a1a\">",
	         l->x0 - GAP, svg_baseline(center, ROW_FONT), ROW_FONT);
	svg_escape(b, cut);
	buf_adds(b, "</text></g>");
	free(cut);
}

static void bar(struct buf *b, const struct layout *l,
                const struct svg_hbars *c, size_t cat, size_t s, double y)
{
	double v = c->values[cat * c->nseries + s];
	double w = v > 0 ? v / l->axis_max * l->plot_w : 0;
	size_t style = c->styles ? c->styles[cat] : s;
	const char *label = c->labels[cat * c->nseries + s];

	buf_adds(b, "<g><title>");
	svg_escape(b, c->categories[cat]);
	if (c->series && c->nseries > 1) {
		buf_adds(b, " \xe2\x80\x94 ");
		svg_escape(b, c->series[s]);
	}
	buf_adds(b, ": ");
	svg_escape(b, label);
	buf_adds(b, "</title>");
	if (w > 0)
		buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		         "height=\"%.1f\" fill=\"url(#%s-p%zu)\" stroke=\"#1b3a6b\" "
		         "stroke-width=\"0.75\"/>",
		         l->x0, y, w, l->bar_h, c->id, style);
	buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" "
	         "fill=\"#1a1a1a\">", l->x0 + w + 4,
	         svg_baseline(y + l->bar_h / 2, VALUE_FONT), VALUE_FONT);
	svg_escape(b, label);
	buf_adds(b, "</text></g>");
}

void svg_hbars(struct buf *b, const struct svg_hbars *c)
{
	struct layout l;
	size_t nstyles = c->nseries;

	layout(&l, c);
	if (c->styles)
		for (size_t i = 0; i < c->ncats; i++)
			if (c->styles[i] + 1 > nstyles)
				nstyles = c->styles[i] + 1;
	svg_open(b, c->id, c->title, c->desc, l.width, l.height);
	svg_patterns(b, c->id, nstyles);
	if (c->series && c->nseries > 1)
		svg_legend(b, c->id, c->series, c->nseries, c->width, 0);
	axis(b, &l, c);
	for (size_t i = 0; i < c->ncats; i++) {
		double gy = l.top + (double)i * l.group_h;

		row_label(b, &l, c->categories[i],
		          gy + (double)c->nseries * l.slot / 2);
		for (size_t s = 0; s < c->nseries; s++)
			bar(b, &l, c, i, s, gy + (double)s * l.slot + 2);
	}
	buf_adds(b, "</svg>\n");
}
