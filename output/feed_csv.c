/*
 * feed_csv.c - CSV as RFC 4180 writes it (CRLF line ends, a field with a
 * comma, quote, CR or LF is quoted and its quotes doubled), UTF-8 with no
 * byte-order mark, and safe to open in a spreadsheet: a text cell starting
 * with = + - @, TAB or CR is prefixed with ' so that it is not run as a
 * formula (OWASP "CSV Injection"). Descriptions come from forges, i.e. from
 * anyone, so this matters.
 */
#include "output/feed_int.h"

#include <inttypes.h>
#include <string.h>

void feed_csv_cell(struct buf *b, const char *s)
{
	bool formula, quote;

	if (!s)
		return;
	formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	          s[0] == '\t' || s[0] == '\r';
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	if (quote)
		buf_addc(b, '"');
}

/* Numbers and booleans are ours, never text from a forge: written as they
 * are, so that a negative awesome-score stays a number. */
static void feed_csv_value(struct buf *b, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		feed_csv_cell(b, json_string_value(v));
		break;
	case JSON_INTEGER:
		buf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		buf_addf(b, "%.17g", json_real_value(v));
		break;
	case JSON_TRUE:
		buf_adds(b, "true");
		break;
	case JSON_FALSE:
		buf_adds(b, "false");
		break;
	default:  /* null, or a structure: not a CSV cell */
		break;
	}
}

void feed_csv_header(struct buf *b, const char *const *cols, size_t ncols)
{
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			buf_addc(b, ',');
		feed_csv_cell(b, cols[c]);
	}
	buf_adds(b, "\r\n");
}

void feed_csv_row(struct buf *b, const char *const *cols, size_t ncols,
                  const json_t *row)
{
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			buf_addc(b, ',');
		feed_csv_value(b, json_object_get(row, cols[c]));
	}
	buf_adds(b, "\r\n");
}

void feed_csv_table(struct buf *b, const char *const *cols, size_t ncols,
                    const json_t *rows)
{
	size_t i;
	json_t *row;

	feed_csv_header(b, cols, ncols);
	json_array_foreach(rows, i, row)
		feed_csv_row(b, cols, ncols, row);
}
