/*
 * svg_text.c - measuring text before placing it, escaping it, and the
 * axis scale: what every chart needs.
 *
 * SVG has no text layout: a label is drawn where it is put, over whatever
 * is there. So we estimate each label's width and place it where it fits.
 * The widths are DejaVu Sans's advance widths (the "hmtx" table of
 * DejaVuSans.ttf, in hundredths of an em, rounded up), the default sans
 * font of Debian's browsers and among the widest sans fonts; Verdana is
 * as wide, Liberation Sans and Arial narrower. A 5 % margin covers
 * hinting at small sizes.
 */
#include "output/svg.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

/* Advance widths of U+0020..U+007E, in 1/100 em (DejaVu Sans Book). */
static const unsigned char ascii_width[95] = {
	 32,  41,  46,  84,  64,  96,  78,  28,  40,  40,  50,  84,  32,  37,  32,  34,
	 64,  64,  64,  64,  64,  64,  64,  64,  64,  64,  34,  34,  84,  84,  84,  54,
	100,  69,  69,  70,  78,  64,  58,  78,  76,  30,  30,  66,  56,  87,  75,  79,
	 61,  79,  70,  64,  62,  74,  69,  99,  69,  62,  69,  40,  34,  40,  84,  50,
	 50,  62,  64,  55,  64,  62,  36,  64,  64,  28,  28,  58,  28,  98,  64,  62,
	 64,  64,  42,  53,  40,  64,  60,  82,  60,  60,  53,  64,  34,  64,  84,
};

#define WIDTH_MARGIN 1.05

/* Decode one UTF-8 sequence at S; *LEN its length (1 for a bad byte,
 * which is then returned as U+FFFD). */
static unsigned long utf8_next(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long c;
	size_t n;

	if (u[0] < 0x80) {
		*len = 1;
		return u[0];
	}
	if ((u[0] & 0xe0) == 0xc0) {
		n = 2;
		c = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		n = 3;
		c = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		n = 4;
		c = u[0] & 0x07;
	} else {
		*len = 1;
		return 0xfffd;
	}
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*len = 1;
			return 0xfffd;
		}
		c = (c << 6) | (u[i] & 0x3f);
	}
	*len = n;
	return c;
}

/* In 1/100 em. Beyond ASCII: the accented letters of French at their base
 * letter's width or more, anything else as wide as an "M" and then some. */
static unsigned char_width(unsigned long c)
{
	if (c >= 0x20 && c < 0x7f)
		return ascii_width[c - 0x20];
	if (c == 0x202f || c == 0xa0)         /* (narrow) no-break space */
		return 32;
	if (c >= 0xdf && c <= 0xff && c != 0xe6 && c != 0xf7)
		return 64;                        /* à..ÿ */
	if (c >= 0xc0 && c <= 0xde && c != 0xc6 && c != 0xd7)
		return 80;                        /* À..Þ */
	if (c == 0x2026 || c == 0x2013)       /* … – */
		return 100;
	return 110;
}

double svg_text_width(const char *s, double size)
{
	unsigned long sum = 0;
	size_t len;

	for (; s && *s; s += len)
		sum += char_width(utf8_next(s, &len));
	return ceil((double)sum * size * WIDTH_MARGIN / 100.0);
}

char *svg_text_fit(const char *s, double size, double width)
{
	static const char ellipsis[] = "\xe2\x80\xa6";
	double avail = width - svg_text_width(ellipsis, size);
	unsigned long sum = 0;
	size_t len, end = 0;

	if (svg_text_width(s, size) <= width)
		return xstrdup(s);
	for (size_t i = 0; s[i]; i += len) {
		sum += char_width(utf8_next(s + i, &len));
		if (ceil((double)sum * size * WIDTH_MARGIN / 100.0) > avail)
			break;
		end = i + len;
	}
	/* Do not leave a space before the ellipsis. */
	while (end > 0 && s[end - 1] == ' ')
		end--;
	return xasprintf("%.*s%s", (int)end, s, ellipsis);
}

void svg_escape(struct buf *b, const char *s)
{
	size_t len;

	for (; s && *s; s += len) {
		unsigned long c = utf8_next(s, &len);

		if (c == 0xfffd && len == 1)
			continue;                 /* not UTF-8: XML cannot hold it */
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			continue;
		switch (c) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_add(b, s, len);
		}
	}
}

void svg_nice_axis(double *axis_max, double *step, double max)
{
	static const double steps[] = { 1, 2, 2.5, 5, 10 };
	double mag;

	if (!(max > 0)) {
		*axis_max = 1;
		*step = 1;
		return;
	}
	mag = pow(10, floor(log10(max / 4)));
	for (size_t i = 0; i < sizeof(steps) / sizeof(*steps); i++) {
		double s = steps[i] * mag;

		/* Whole numbers of repositories: no step below 1. */
		if (s < 1)
			continue;
		if (ceil(max / s) <= 5) {
			*step = s;
			*axis_max = ceil(max / s) * s;
			return;
		}
	}
	*step = 10 * mag;
	*axis_max = ceil(max / *step) * *step;
}

/*
 * Lightness steps that stay apart in grey (relative luminance about 0.05,
 * 0.2, 0.45, 0.7), each darker one with at least 3:1 against white for
 * graphics (WCAG 2.1, 1.4.11); the lightest bars get a dark outline.
 */
static const char *const colors[] = {
	"#1b3a6b", "#4a6fa5", "#8fb0d9", "#c9d9ee",
};

const char *svg_series_color(size_t i)
{
	return colors[i % (sizeof(colors) / sizeof(*colors))];
}
