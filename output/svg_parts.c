/*
 * svg_parts.c - what the charts share: the root element and its text
 * alternative, the fill patterns, the legend and the line markers.
 *
 * Series differ in three ways at once, so that a chart reads in colour,
 * printed in grey and for the colour-blind: lightness (svg_series_color),
 * pattern (solid, hatched, dotted, cross-hatched) for bars, and dash and
 * marker shape (circle, square, triangle, diamond) for lines.
 */
#include "output/svg.h"
#include "output/svg_int.h"

#include "lib/alloc.h"

void svg_open(struct buf *b, const char *id, const char *title,
              const char *desc, double width, double height)
{
	buf_addf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"%s\" "
	         "role=\"img\" aria-labelledby=\"%s-t %s-d\" width=\"%.0f\" "
	         "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\">",
	         id, id, id, width, height, width, height, SVG_FONT);
	buf_addf(b, "<title id=\"%s-t\">", id);
	svg_escape(b, title);
	buf_addf(b, "</title><desc id=\"%s-d\">", id);
	svg_escape(b, desc);
	buf_adds(b, "</desc>");
}

void svg_patterns(struct buf *b, const char *id, size_t n)
{
	buf_adds(b, "<defs>");
	for (size_t i = 0; i < n; i++) {
		const char *color = svg_series_color(i);

		buf_addf(b, "<pattern id=\"%s-p%zu\" width=\"6\" height=\"6\" "
		         "patternUnits=\"userSpaceOnUse\"%s>"
		         "<rect width=\"6\" height=\"6\" fill=\"%s\"/>",
		         id, i, i % 4 == 1 ? " patternTransform=\"rotate(45)\"" : "",
		         color);
		switch (i % 4) {
		case 1:   /* hatched */
			buf_adds(b, "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
			         "stroke=\"#ffffff\" stroke-width=\"2\"/>");
			break;
		case 2:   /* dotted */
			buf_adds(b, "<circle cx=\"3\" cy=\"3\" r=\"1.2\" "
			         "fill=\"#1b3a6b\"/>");
			break;
		case 3:   /* cross-hatched */
			buf_adds(b, "<path d=\"M0 0L6 6M6 0L0 6\" stroke=\"#1b3a6b\" "
			         "stroke-width=\"0.8\"/>");
			break;
		}
		buf_adds(b, "</pattern>");
	}
	buf_adds(b, "</defs>");
}

#define SWATCH 14.0
#define ITEM_GAP 18.0
#define LINE_H 20.0

static double item_width(const char *name)
{
	return SWATCH + 6 + svg_text_width(name, SVG_LEGEND_FONT);
}

double svg_legend_height(const char *const *names, size_t n, double width)
{
	double x = 0, lines = 1;

	for (size_t i = 0; i < n; i++) {
		double w = item_width(names[i]);

		if (x > 0 && x + w > width) {
			lines++;
			x = 0;
		}
		x += w + ITEM_GAP;
	}
	return lines * LINE_H;
}

static void swatch(struct buf *b, const char *id, size_t i, double x,
                   double y, enum svg_swatch kind)
{
	if (kind == SVG_SWATCH_BAR) {
		buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%g\" height=\"%g\" "
		         "fill=\"url(#%s-p%zu)\" stroke=\"#1b3a6b\" "
		         "stroke-width=\"0.75\"/>", x, y, SWATCH, SWATCH, id, i);
		return;
	}
	buf_addf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
	         "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>",
	         x - 3, y + SWATCH / 2, x + SWATCH + 3, y + SWATCH / 2,
	         svg_line_color(i), svg_line_dash(i));
	svg_marker(b, i, x + SWATCH / 2, y + SWATCH / 2);
}

void svg_legend(struct buf *b, const char *id, const char *const *names,
                size_t n, double width, enum svg_swatch kind)
{
	double x = kind == SVG_SWATCH_LINE ? 3 : 0, y = 0;

	buf_adds(b, "<g class=\"legend\">");
	for (size_t i = 0; i < n; i++) {
		double w = item_width(names[i]);

		if (x > 3 && x + w > width) {
			y += LINE_H;
			x = kind == SVG_SWATCH_LINE ? 3 : 0;
		}
		swatch(b, id, i, x, y + 2, kind);
		buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" "
		         "fill=\"#1a1a1a\">", x + SWATCH + 6,
		         svg_baseline(y + 2 + SWATCH / 2, SVG_LEGEND_FONT),
		         SVG_LEGEND_FONT);
		svg_escape(b, names[i]);
		buf_adds(b, "</text>");
		x += w + ITEM_GAP;
	}
	buf_adds(b, "</g>");
}

/* Lines are thin: every colour has 5:1 or more against white, and the
 * hues differ; dashes and markers tell them apart in grey. */
const char *svg_line_color(size_t i)
{
	static const char *const c[] = { "#1b3a6b", "#a3410f", "#2e6b30",
	                                 "#4d4d4d" };

	return c[i % 4];
}

const char *svg_line_dash(size_t i)
{
	static const char *const dash[] = { "none", "7 3", "2 3", "8 3 2 3" };

	return dash[i % 4];
}

void svg_marker(struct buf *b, size_t i, double x, double y)
{
	const char *c = svg_line_color(i);

	switch (i % 4) {
	case 0:
		buf_addf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>",
		         x, y, c);
		break;
	case 1:
		buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" "
		         "fill=\"%s\"/>", x - 4, y - 4, c);
		break;
	case 2:
		buf_addf(b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\" "
		         "stroke=\"#1b3a6b\" stroke-width=\"0.75\"/>",
		         x, y - 5, x + 5, y + 4, x - 5, y + 4, c);
		break;
	default:
		buf_addf(b, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" "
		         "fill=\"%s\"/>",
		         x, y - 5, x + 5, y, x, y + 5, x - 5, y, c);
	}
}
