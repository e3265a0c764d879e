/* test_svg.c - tests output/svg_*.c: measuring and cutting text, escaping
 * it, the axis scale, and that no two labels of a chart overlap (the
 * boxes of every <text> of the output are computed and compared). */
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/str.h"
#include "output/svg.h"

/* ---- the labels of an SVG, as boxes ---- */

struct label {
	double x0, y0, x1, y1;
	char *text;
};

static char *attr(const char *tag, const char *end, const char *name)
{
	char key[32];
	const char *p, *q;

	snprintf(key, sizeof(key), " %s=\"", name);
	if (!(p = strstr(tag, key)) || p > end)
		return NULL;
	p += strlen(key);
	q = strchr(p, '"');
	return xstrndup(p, (size_t)(q - p));
}

/* The text between > and </text>, with the five entities decoded. */
static char *content(const char *start, const char *stop)
{
	struct buf b = BUF_INIT;
	static const char *const ent[][2] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&#39;", "'" },
	};

	for (const char *p = start; p < stop;) {
		size_t i;

		for (i = 0; i < 5; i++)
			if (!strncmp(p, ent[i][0], strlen(ent[i][0]))) {
				buf_adds(&b, ent[i][1]);
				p += strlen(ent[i][0]);
				break;
			}
		if (i == 5)
			buf_addc(&b, *p++);
	}
	return b.len ? buf_detach(&b) : xstrdup("");
}

/* Every <text> of SVG as a box: the estimated width, the font's height
 * (DejaVu Sans: 0.93 em above the baseline, 0.24 em below). */
static size_t labels(struct label **out, const char *svg)
{
	struct label *v = NULL;
	size_t n = 0;

	for (const char *p = svg; (p = strstr(p, "<text ")); p++) {
		const char *gt = strchr(p, '>'), *close = strstr(p, "</text>");
		char *x = attr(p, gt, "x"), *y = attr(p, gt, "y");
		char *size = attr(p, gt, "font-size"), *anchor = attr(p, gt,
		                                                    "text-anchor");
		double fs = atof(size), w, left;
		struct label *l;

		v = xrealloc(v, (n + 1) * sizeof(*v));
		l = &v[n++];
		l->text = content(gt + 1, close);
		w = svg_text_width(l->text, fs);
		left = atof(x);
		if (anchor && !strcmp(anchor, "end"))
			left -= w;
		else if (anchor && !strcmp(anchor, "middle"))
			left -= w / 2;
		l->x0 = left;
		l->x1 = left + w;
		l->y0 = atof(y) - 0.93 * fs;
		l->y1 = atof(y) + 0.24 * fs;
		free(x);
		free(y);
		free(size);
		free(anchor);
	}
	*out = v;
	return n;
}

static void assert_no_overlap(const char *svg, double width, double height)
{
	struct label *v;
	size_t n = labels(&v, svg);

	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		if (v[i].x0 < -0.5 || v[i].x1 > width + 0.5 || v[i].y0 < -0.5 ||
		    v[i].y1 > height + 0.5)
			fail_msg("'%s' leaves the chart (%.1f,%.1f)-(%.1f,%.1f)",
			         v[i].text, v[i].x0, v[i].y0, v[i].x1, v[i].y1);
		for (size_t j = i + 1; j < n; j++)
			if (v[i].x0 < v[j].x1 && v[j].x0 < v[i].x1 &&
			    v[i].y0 < v[j].y1 && v[j].y0 < v[i].y1)
				fail_msg("'%s' overlaps '%s'", v[i].text, v[j].text);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

static double svg_height(const char *svg)
{
	char *h = attr(svg, strchr(svg, '>'), "height");
	double d = atof(h);

	free(h);
	return d;
}

/* ---- tests ---- */

static void widths_follow_the_font(void **s)
{
	assert_true(svg_text_width("", 12) == 0);
	assert_true(svg_text_width("MMMM", 12) > svg_text_width("iiii", 12));
	/* At least DejaVu Sans's own advances: H 0.752, e 0.615, l 0.278,
	 * o 0.612 em. */
	assert_true(svg_text_width("Hello", 10) >= 10 * (0.752 + 0.615 + 0.278 +
	                                                 0.278 + 0.612));
	/* Accented letters are not narrower than their base letter. */
	assert_true(svg_text_width("été", 12) >= svg_text_width("ete", 12));
	(void)s;
}

static void long_text_is_cut_at_a_character_with_an_ellipsis(void **s)
{
	const char *name = "Agence nationale de la sécurité du médicament";
	char *cut = svg_text_fit(name, 12, 120), *whole = svg_text_fit("DREES",
	                                                               12, 120);
	char *e = svg_text_fit("éééééééééééééééééééé", 12, 50);

	assert_true(svg_text_width(cut, 12) <= 120);
	assert_true(strlen(cut) < strlen(name));
	assert_string_equal(cut + strlen(cut) - 3, "\xe2\x80\xa6");
	assert_string_equal(whole, "DREES");
	assert_true(utf8_valid(e, strlen(e)));
	assert_true(svg_text_width(e, 12) <= 50);
	free(cut);
	free(whole);
	free(e);
	(void)s;
}

static void text_is_escaped_for_xml(void **s)
{
	struct buf b = BUF_INIT;

	svg_escape(&b, "<a & 'b' \"c\">\x01\xff ok");
	assert_string_equal(b.data, "&lt;a &amp; &#39;b&#39; &quot;c&quot;&gt; ok");
	buf_free(&b);
	(void)s;
}

static void axes_end_on_a_round_number(void **s)
{
	double max, step;

	svg_nice_axis(&max, &step, 7);
	assert_true(max == 8 && step == 2);
	svg_nice_axis(&max, &step, 100);
	assert_true(max == 100 && step == 20);
	svg_nice_axis(&max, &step, 1);
	assert_true(max == 1 && step == 1);
	svg_nice_axis(&max, &step, 0);
	assert_true(max == 1 && step == 1);
	svg_nice_axis(&max, &step, 1234);
	assert_true(max >= 1234 && max / step <= 5);
	(void)s;
}

static char *bars(size_t ncats, const char *long_name)
{
	const char *series[] = { "Licence autorisée", "README",
	                         "publiccode.yml valide" };
	const char **cats = xcalloc(ncats, sizeof(*cats));
	double *values = xcalloc(ncats * 3, sizeof(*values));
	char **lab = xcalloc(ncats * 3, sizeof(*lab));
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < ncats; i++) {
		cats[i] = i == 1 ? long_name : "DREES";
		for (size_t k = 0; k < 3; k++) {
			/* 100 %, 0 %, no value: the edge cases of a label. */
			values[i * 3 + k] = i % 3 == 0 ? 100 : i % 3 == 1 ? 0 : -1;
			lab[i * 3 + k] = xstrdup(values[i * 3 + k] < 0 ? "n/d"
			                         : i % 3 ? "0,0\xe2\x80\xaf%"
			                         : "100,0\xe2\x80\xaf%");
		}
	}
	svg_hbars(&b, &(struct svg_hbars){
		.id = "t", .title = "T", .desc = "D", .categories = cats,
		.ncats = ncats, .series = series, .nseries = 3, .values = values,
		.labels = (const char *const *)lab, .max = 100,
		.tick_suffix = "\xe2\x80\xaf%", .width = 680, .label_width = 170,
	});
	for (size_t i = 0; i < ncats * 3; i++)
		free(lab[i]);
	free(lab);
	free(values);
	free(cats);
	return buf_detach(&b);
}

static void bar_labels_never_overlap(void **s)
{
	const char *name = "Agence nationale de la sécurité du médicament et des "
	                   "produits de santé <direction>";
	char *svg = bars(12, name);

	assert_no_overlap(svg, 680, svg_height(svg));
	/* The long name is cut, and whole (escaped) in a <title>. */
	assert_non_null(strstr(svg, "<title>Agence nationale de la sécurité du "
	                            "médicament et des produits de santé "
	                            "&lt;direction&gt;</title>"));
	assert_non_null(strstr(svg, "\xe2\x80\xa6</text>"));
	assert_non_null(strstr(svg, "role=\"img\" aria-labelledby=\"t-t t-d\""));
	free(svg);
	(void)s;
}

static char *lines(size_t nx, bool equal)
{
	const char *series[] = { "Licence autorisée", "README",
	                         "publiccode.yml valide", "Conformes" };
	char **dates = xcalloc(nx, sizeof(*dates));
	double *values = xcalloc(4 * nx, sizeof(*values));
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < nx; i++) {
		dates[i] = xasprintf("20%02zu-%02zu-28T02:00:00Z", 20 + i / 12,
		                     1 + i % 12);
		for (size_t k = 0; k < 4; k++)
			values[k * nx + i] = equal ? 0 : (double)((i * 7 + k * 23) % 101);
	}
	svg_lines(&b, &(struct svg_lines){
		.id = "h", .title = "T", .desc = "D",
		.x_labels = (const char *const *)dates, .nx = nx, .series = series,
		.nseries = 4, .values = values, .tick_suffix = "%", .width = 680,
		.height = 300,
	});
	for (size_t i = 0; i < nx; i++)
		free(dates[i]);
	free(dates);
	free(values);
	return buf_detach(&b);
}

static void line_labels_never_overlap_even_when_the_lines_meet(void **s)
{
	char *one = lines(1, false), *many = lines(40, false),
	     *meet = lines(5, true);
	size_t dates = 0;

	assert_no_overlap(one, 680, 300);
	assert_no_overlap(many, 680, 300);
	assert_no_overlap(meet, 680, 300);
	/* Forty crawls: the dates are thinned out, the last one kept. */
	for (const char *p = many; (p = strstr(p, ">20")); p++)
		dates++;
	assert_true(dates > 3 && dates < 40);
	assert_non_null(strstr(many, ">2023-04-28</text>"));
	free(one);
	free(many);
	free(meet);
	(void)s;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths_follow_the_font),
		cmocka_unit_test(long_text_is_cut_at_a_character_with_an_ellipsis),
		cmocka_unit_test(text_is_escaped_for_xml),
		cmocka_unit_test(axes_end_on_a_round_number),
		cmocka_unit_test(bar_labels_never_overlap),
		cmocka_unit_test(line_labels_never_overlap_even_when_the_lines_meet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
