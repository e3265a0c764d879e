/*
 * badge.c - the "code.gouv.fr : conforme" badge (badge.h), drawn in the
 * flat style of the badges projects show in their README (shields.io's
 * "flat": two rounded boxes, label on grey, message on colour, white text
 * with a faint shadow), by our code.
 *
 * Accessible: role="img" with a <title> and an aria-label that say the
 * whole text, in French (xml:lang); white text on colours whose contrast
 * is at least 4.5:1 (WCAG 2.1, 1.4.3), not shields.io's lighter green.
 */
#include "output/badge.h"

#include <stdlib.h>

#include "lib/error.h"
#include "lib/file.h"
#include "output/svg.h"

#define LABEL "code.gouv.fr"
#define FONT_SIZE 11
#define PAD 6                  /* on each side of each text */
#define GREY "#555"
#define GREEN "#1a7f37"        /* 5.1:1 with white */
#define RED "#cf222e"          /* 5.4:1 with white */

bool badge_conforme(const struct report *r)
{
	return report_max_level(r) < LEVEL_ERROR;
}

/* TEXT centred at X tenths of a pixel, over its shadow. */
static void text(struct buf *out, int x10, const char *s)
{
	buf_addf(out, "<text x=\"%.1f\" y=\"15\" fill=\"#010101\" "
	         "fill-opacity=\".3\" aria-hidden=\"true\">%s</text>",
	         x10 / 10.0, s);
	buf_addf(out, "<text x=\"%.1f\" y=\"14\">%s</text>", x10 / 10.0, s);
}

void badge_svg(struct buf *out, bool conforme)
{
	const char *msg = conforme ? "conforme" : "non conforme";
	int lw = (int)svg_text_width(LABEL, FONT_SIZE) + 2 * PAD;
	int mw = (int)svg_text_width(msg, FONT_SIZE) + 2 * PAD;
	int w = lw + mw;

	buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	         "height=\"20\" role=\"img\" xml:lang=\"fr\" "
	         "aria-label=\"" LABEL " : %s\">\n", w, msg);
	buf_addf(out, "<title>" LABEL " : %s</title>\n", msg);
	buf_adds(out, "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\">"
	         "<stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/>"
	         "<stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>\n");
	buf_addf(out, "<clipPath id=\"r\"><rect width=\"%d\" height=\"20\" "
	         "rx=\"3\" fill=\"#fff\"/></clipPath>\n", w);
	buf_addf(out, "<g clip-path=\"url(#r)\"><rect width=\"%d\" height=\"20\" "
	         "fill=\"" GREY "\"/><rect x=\"%d\" width=\"%d\" height=\"20\" "
	         "fill=\"%s\"/><rect width=\"%d\" height=\"20\" "
	         "fill=\"url(#s)\"/></g>\n", lw, lw, mw,
	         conforme ? GREEN : RED, w);
	buf_addf(out, "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"%s\" "
	         "font-size=\"%d\">", "Verdana,Geneva,'DejaVu Sans',sans-serif",
	         FONT_SIZE);
	text(out, lw * 5, LABEL);
	text(out, lw * 10 + mw * 5, msg);
	buf_adds(out, "</g>\n</svg>\n");
}

int badge_write(const char *path, bool conforme)
{
	struct buf b = BUF_INIT;
	int rc;

	badge_svg(&b, conforme);
	rc = atomic_file_write(path, b.data, b.len);
	buf_free(&b);
	if (rc < 0)
		return error_wrap("writing the badge");
	return 0;
}
