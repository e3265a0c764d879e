/*
 * svg_int.h - the parts every chart shares: the <svg> element with its
 * title and description, the fill patterns, the legend, the markers of
 * the line chart. Not for use outside output/svg_*.c.
 */
#ifndef INVENTAIRE_SVG_INT_H
#define INVENTAIRE_SVG_INT_H

#include <stddef.h>

#include "lib/buf.h"

#define SVG_LEGEND_FONT 12.0

/* <svg ... role="img" aria-labelledby> with <title> and <desc>. */
void svg_open(struct buf *b, const char *id, const char *title,
              const char *desc, double width, double height);
/* <defs> with ID-p0 .. ID-p(N-1): the bar fills of each style. */
void svg_patterns(struct buf *b, const char *id, size_t n);

enum svg_swatch { SVG_SWATCH_BAR, SVG_SWATCH_LINE };
/* The legend's height for N entries in WIDTH (entries wrap). */
double svg_legend_height(const char *const *names, size_t n, double width);
/* The legend at the top of the chart, left-aligned at x = 0. */
void svg_legend(struct buf *b, const char *id, const char *const *names,
                size_t n, double width, enum svg_swatch kind);

/* Line chart styles: colour, dash pattern and marker of series I. */
const char *svg_line_color(size_t i);
const char *svg_line_dash(size_t i);
/* A marker of series I centred at (X, Y). */
void svg_marker(struct buf *b, size_t i, double x, double y);

/* The baseline that centres text of SIZE on CENTER (DejaVu Sans: ascent
 * 0.93 em, descent 0.24 em, so the box's middle is 0.35 em above). */
static inline double svg_baseline(double center, double size)
{
	return center + 0.35 * size;
}

#endif
