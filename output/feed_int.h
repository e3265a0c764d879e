/*
 * feed_int.h - what the feed writers share: the fields derived alike for
 * the long and the short files, the records in feed order, CSV rows, and
 * writing a file. Not for use outside output/feed_*.c.
 */
#ifndef INVENTAIRE_FEED_INT_H
#define INVENTAIRE_FEED_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "lib/buf.h"
#include "lib/file.h"
#include "lib/record.h"
#include "output/feed.h"

/* S is set and not empty: a file was found, a value was given. */
bool feed_nonempty(const char *s);
/* A JSON string for S, "" for NULL (code.gouv.fr: nil values become ""). */
json_t *feed_str_or_empty(const char *s);
/* A JSON string for S, or null. */
json_t *feed_str_or_null(const char *s);
/* ASCII case-insensitive comparison, the locale aside. */
int feed_casecmp(const char *a, const char *b);

/*
 * The records of INV in feed order: repositories by host then full_name,
 * owners by host then login (lib/repo.h's order), ties in INV's order.
 * Arrays of borrowed pointers; free them.
 */
const struct record_repo **feed_sorted_repos(const struct inventory *inv);
const struct record_owner **feed_sorted_owners(const struct inventory *inv);

/* Repository fields shared by the long and short files. */
json_t *feed_repo_name(const struct record_repo *r); /* last segment of full_name */
/* A date as code.gouv.fr publishes it (ecosyste.ms's Rails JSON, ISO 8601
 * with milliseconds: "2024-01-31T12:00:00.000Z"); "" for NULL. */
json_t *feed_date(const char *s);

/*
 * What code.gouv.fr publishes of an inventory (feed_view.c): the
 * repositories and the organisations that reach its files, and what the
 * files derive from them. An organisation's `id` is the `o` of each of its
 * repositories (the front end joins the two), and its count is theirs.
 */
struct feed_repo {
	const struct record_repo *rec;
	char *owner_url;     /* `o`: "https://host/OWNER" */
	long score;          /* awesome-score */
};

struct feed_owner {
	const struct record_owner *rec;
	char *id;            /* "https://host/LOGIN": its repositories' `o` */
	long repositories;   /* published repositories whose `o` is ID */
	long stars;          /* their stars, summed (ecosyste.ms total_stars) */
};

struct feed_view {
	struct feed_repo *repos;   /* published, in feed order */
	size_t nrepos;
	struct feed_owner *owners; /* published organisations, one per id, in
	                              feed order */
	size_t nowners;
};

void feed_view_build(struct feed_view *v, const struct inventory *inv);
void feed_view_clear(struct feed_view *v);
/* R and O reach code.gouv.fr's files (feed_view.c says why or not). */
bool feed_repo_published(const struct record_repo *r);
bool feed_owner_published(const struct record_owner *o);

/*
 * What the feeds read of R's check report (feed_check.c). A repository that
 * was never checked has found no file and no licence.
 */
/* The check found a publiccode.yml, a README, a CONTRIBUTING, a CHANGELOG. */
bool feed_has_publiccode(const struct record_repo *r);
bool feed_has_readme(const struct record_repo *r);
bool feed_has_contributing(const struct record_repo *r);
bool feed_has_changelog(const struct record_repo *r);
/* The licence files found, the licence as an SPDX id or expression, its
 * category; whether it is authorized as a JSON true, false or null. */
size_t feed_license_files(const struct record_repo *r);
const char *feed_license_spdx(const struct record_repo *r);
const char *feed_license_category(const struct record_repo *r);
json_t *feed_license_authorized(const struct record_repo *r);
/* "absent", "valid" or "invalid". */
const char *feed_publiccode_status(const struct record_repo *r);
/* Error-level findings of rule publiccode.* */
long feed_publiccode_errors(const struct record_repo *r);
/* The files code.gouv.fr's keys and score count: found by ecosyste.ms's
 * rules or by ours. */
enum feed_file {
	FEED_FILE_LICENSE, FEED_FILE_README, FEED_FILE_CONTRIBUTING,
	FEED_FILE_CHANGELOG, FEED_FILE_PUBLICCODE,
};
bool feed_cgf_has(const struct record_repo *r, enum feed_file f);
/* The findings as `check --format json` prints them (a new array). */
json_t *feed_findings_json(const struct record_repo *r);

/* O's, R's entry of the accounts list; an empty one when it has none
 * (records made by hand). */
const struct record_account *feed_owner_account(const struct record_owner *o);
const struct record_account *feed_repo_account(const struct record_repo *r);

/*
 * CSV: a header line with the names of COLS, then one row per object of
 * ROWS, a cell per column, each line ended by LF as upstream's
 * clojure.data.csv writes it. Text cells go through feed_csv_cell (SAFE:
 * the spreadsheet copy) or feed_csv_cell_exact; numbers and booleans are
 * written as they are; null is an empty cell.
 */
void feed_csv_table(struct buf *b, const char *const *cols, size_t ncols,
                    const json_t *rows, bool safe);
/* The same a line at a time: the header, then one row. */
void feed_csv_header(struct buf *b, const char *const *cols, size_t ncols);
void feed_csv_row(struct buf *b, const char *const *cols, size_t ncols,
                  const json_t *row, bool safe);
/* Write ROWS as NAME (exact) and SHEET (spreadsheet-safe) in DIR. */
int feed_write_csv_pair(const char *dir, const char *name, const char *sheet,
                        const char *const *cols, size_t ncols,
                        const json_t *rows);

/* Replace DIR/NAME with DATA[0..len) atomically (lib/file.h). 0, or a
 * negative error code and error_last() naming the file. */
int feed_write_text(const char *dir, const char *name, const char *data,
                    size_t len);
/* The same with V, dumped with its keys in order (indented when PRETTY),
 * and a final newline. */
int feed_write_json(const char *dir, const char *name, const json_t *v,
                    bool pretty);

/*
 * A JSON array written into DIR/NAME (atomically) an element at a time,
 * byte for byte as feed_write_json() writes the whole: a feed of 20,000
 * repositories was a JSON tree of 200 MB. After an error the next calls
 * do nothing and commit says it.
 */
struct feed_array {
	struct atomic_file af;
	bool pretty;
	size_t n;
	bool failed;
};
int feed_array_open(struct feed_array *a, const char *dir, const char *name,
                    bool pretty);
/* Append V (released). */
void feed_array_add(struct feed_array *a, json_t *v);
int feed_array_commit(struct feed_array *a);
void feed_array_abort(struct feed_array *a);

/* A text file written into DIR/NAME (atomically) a buffer at a time. */
struct feed_text {
	struct atomic_file af;
	bool failed;
};
int feed_text_open(struct feed_text *t, const char *dir, const char *name);
/* B's bytes onto T, and B emptied. */
void feed_text_add(struct feed_text *t, struct buf *b);
int feed_text_commit(struct feed_text *t);
void feed_text_abort(struct feed_text *t);

/* The JSON Schemas of output/schema/, embedded at build time by
 * output/embed_schemas.py (generated feed_schemas_data.c). */
struct feed_schema {
	const char *name;  /* "owners.schema.json" */
	const char *text;  /* NUL-terminated */
	size_t len;
};
extern const struct feed_schema feed_schema_table[];
extern const size_t feed_schema_count;

#endif
