/*
 * svg.h - the report's charts, as inline SVG made by our code: grouped
 * horizontal bars (per-actor compliance, licences by family) and lines
 * (indicators over time).
 *
 * What people expect of a chart, after the plots they are used to
 * (matplotlib, R's ggplot2, a spreadsheet): axis labels that can be read,
 * no text over other text, a legend, and colours that still read when
 * printed in grey. So:
 *   - text is measured (conservatively, see svg_text_width) before it is
 *     placed; long category names are cut with "…" and the full name is in
 *     a <title> the browser shows on hover and screen readers read;
 *   - every series differs in lightness and in pattern (bars) or in dash
 *     and marker (lines), and is labelled directly (the value at the end of
 *     each bar, the name at the end of each line);
 *   - every chart is role="img" with a <title> and a <desc>; the report
 *     gives the same figures in a table beside it (WCAG 2.1, 1.1.1).
 *
 * Ids inside a chart start with its ID, so that several charts can share
 * one HTML document.
 */
#ifndef INVENTAIRE_SVG_H
#define INVENTAIRE_SVG_H

#include <stddef.h>

#include "lib/buf.h"

/* Text is drawn in this family; widths are estimated for the widest of
 * them (DejaVu Sans, Verdana), so a narrower fallback only leaves room. */
#define SVG_FONT "'DejaVu Sans', Verdana, 'Liberation Sans', Arial, sans-serif"

/*
 * The width, in pixels, of S (UTF-8) drawn at SIZE px, estimated from
 * per-character classes of DejaVu Sans's advance widths and rounded up:
 * never less than what a browser draws.
 */
double svg_text_width(const char *s, double size);
/*
 * S cut at a character boundary so that it and a trailing "…" fit WIDTH
 * at SIZE (a copy of S when it fits whole). Never wider than WIDTH, but
 * always at least "…".
 */
char *svg_text_fit(const char *s, double size, double width);

/* S with &, <, >, " and ' escaped for XML text and attributes. Bytes that
 * are not valid UTF-8 and control characters are dropped (XML 1.0 §2.2
 * forbids them). */
void svg_escape(struct buf *b, const char *s);

/* A "nice" axis maximum >= MAX (1, 2, 2.5 or 5 times a power of ten) and
 * its tick step, so that there are 2 to 5 ticks. */
void svg_nice_axis(double *axis_max, double *step, double max);

/* Grouped horizontal bars: one group per category, one bar per series. */
struct svg_hbars {
	const char *id;                 /* unique in the document */
	const char *title;              /* <title>: what the chart is */
	const char *desc;               /* <desc>: what it shows, in words */
	const char *const *categories;  /* full row labels */
	size_t ncats;
	const char *const *series;      /* legend entries; NULL when 1 series
	                                   needs no legend */
	size_t nseries;
	const double *values;           /* ncats * nseries, cat-major; < 0: no
	                                   value (no bar, the label only) */
	const char *const *labels;      /* the text after each bar */
	const size_t *styles;           /* per category, the style of its bars
	                                   (one series); NULL: by series */
	double max;                     /* the axis maximum (100 for rates) */
	const char *tick_suffix;        /* "%", " %" or "" */
	double width;                   /* the SVG's width in px */
	double label_width;             /* the row labels' column, in px */
};
void svg_hbars(struct buf *b, const struct svg_hbars *c);

/* Lines over time: one line per series, x = the crawls in order. */
struct svg_lines {
	const char *id;
	const char *title;
	const char *desc;
	const char *const *x_labels;    /* the crawl dates, "YYYY-MM-DD" */
	size_t nx;
	const char *const *series;      /* names, also drawn at each line's end */
	size_t nseries;
	const double *values;           /* nseries * nx, series-major, percent;
	                                   < 0: no value */
	const char *tick_suffix;
	double width;
	double height;
};
void svg_lines(struct buf *b, const struct svg_lines *c);

/* The styles of series I (0-based): fill colour and pattern. */
const char *svg_series_color(size_t i);

#endif
