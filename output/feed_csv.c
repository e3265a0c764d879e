/*
 * feed_csv.c - CSV, two ways.
 *
 * The files named as code.gouv.fr's (codegouvfr-repositories.csv,
 * codegouvfr-organizations.csv) are written as its producer writes them
 * (clojure.data.csv's write-csv in codegouvfr/codegouvfr-output-data,
 * src/codegouvfr/codegouvfr_output_data.clj): LF line ends, a cell quoted
 * when it holds a comma, a quote, CR or LF (RFC 4180 section 2, quotes
 * doubled), UTF-8 without a byte-order mark, and the text exactly as it
 * is: a reader of code.gouv.fr's files reads ours the same.
 *
 * Their *.spreadsheet.csv copies are for people who open them in a
 * spreadsheet, where a cell starting like a formula is run (OWASP, "CSV
 * Injection"), and descriptions and names come from forges, i.e. from
 * anyone. There a text cell is defused with a leading ' when its first
 * character past any blanks (space, tab, CR, LF) is = + - or @, or when it
 * starts with a tab or CR; and control bytes other than tab, CR and LF
 * are written as \xNN, so that none reaches the spreadsheet raw.
 */
#include "output/feed_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/alloc.h"

static bool needs_quotes(const char *s)
{
	return strpbrk(s, ",\"\r\n") != NULL;
}

static void add_quoted(struct buf *b, const char *s, bool quote)
{
	if (quote)
		buf_addc(b, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	if (quote)
		buf_addc(b, '"');
}

void feed_csv_cell_exact(struct buf *b, const char *s)
{
	if (s)
		add_quoted(b, s, needs_quotes(s));
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool formula_like(const char *s)
{
	const char *p = s;

	if (s[0] == '\t' || s[0] == '\r')
		return true;
	while (is_blank(*p))
		p++;
	return *p == '=' || *p == '+' || *p == '-' || *p == '@';
}

static bool is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f;
}

void feed_csv_cell(struct buf *b, const char *s)
{
	struct buf text = BUF_INIT;

	if (!s)
		return;
	if (formula_like(s))
		buf_addc(&text, '\'');
	for (const char *p = s; *p; p++) {
		if (is_control((unsigned char)*p))
			buf_addf(&text, "\\x%02X", (unsigned char)*p);
		else
			buf_addc(&text, *p);
	}
	buf_adds(&text, "");  /* NUL-terminated even when S is empty */
	add_quoted(b, text.data, needs_quotes(text.data));
	buf_free(&text);
}

/* Numbers and booleans are ours, never text from a forge: written as they
 * are, so that a negative awesome-score stays a number. */
static void csv_value(struct buf *b, const json_t *v, bool safe)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (safe)
			feed_csv_cell(b, json_string_value(v));
		else
			feed_csv_cell_exact(b, json_string_value(v));
		break;
	case JSON_INTEGER:
		buf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		/* Short, as the JSON feeds print it (lib/report.h). */
		buf_addf(b, "%.15g", json_real_value(v));
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
		feed_csv_cell_exact(b, cols[c]);
	}
	buf_addc(b, '\n');
}

void feed_csv_row(struct buf *b, const char *const *cols, size_t ncols,
                  const json_t *row, bool safe)
{
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			buf_addc(b, ',');
		csv_value(b, json_object_get(row, cols[c]), safe);
	}
	buf_addc(b, '\n');
}

void feed_csv_table(struct buf *b, const char *const *cols, size_t ncols,
                    const json_t *rows, bool safe)
{
	size_t i;
	json_t *row;

	feed_csv_header(b, cols, ncols);
	json_array_foreach(rows, i, row)
		feed_csv_row(b, cols, ncols, row, safe);
}

int feed_write_csv_pair(const char *dir, const char *name, const char *sheet,
                        const char *const *cols, size_t ncols,
                        const json_t *rows)
{
	struct buf exact = BUF_INIT, safe = BUF_INIT;
	int e;

	feed_csv_table(&exact, cols, ncols, rows, false);
	feed_csv_table(&safe, cols, ncols, rows, true);
	if ((e = feed_write_text(dir, name, exact.data, exact.len)) == 0)
		e = feed_write_text(dir, sheet, safe.data, safe.len);
	buf_free(&exact);
	buf_free(&safe);
	return e;
}
