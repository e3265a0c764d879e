/*
 * feed_int.h - what the feed writers share: reading the inventory records
 * (/work/notes/inventory-record.md), sorting them, CSV rows, writing a JSON
 * document. Not for use outside output/feed_*.c.
 */
#ifndef INVENTAIRE_FEED_INT_H
#define INVENTAIRE_FEED_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "output/feed.h"
#include "lib/buf.h"

/*
 * The member at a path of keys, e.g. feed_get(rec, "repo", "host", NULL).
 * NULL when any step is missing or not an object. The record's values may
 * be null or of an unexpected type (the crawl fills what it knows): the
 * typed getters below turn those into "unknown".
 */
json_t *feed_get(const json_t *o, ...) __attribute__((sentinel));
#define FEED_GET(o, ...) feed_get((o), __VA_ARGS__, (const char *)NULL)

/* The string at PATH, or NULL when absent, null or not a string. */
const char *feed_str_at(const json_t *v);
#define FEED_STR(o, ...) feed_str_at(FEED_GET((o), __VA_ARGS__))
/* True only for a JSON true. */
#define FEED_TRUE(o, ...) json_is_true(FEED_GET((o), __VA_ARGS__))
/* Non-empty string: a file was found (check sections hold paths). */
#define FEED_HAS(o, ...) feed_nonempty(FEED_STR((o), __VA_ARGS__))

bool feed_nonempty(const char *s);

/* A JSON string for S, "" for NULL (code.gouv.fr: nil values become ""). */
json_t *feed_str_or_empty(const char *s);
/* A JSON string for S, or null. */
json_t *feed_str_or_null(const char *s);
/* The integer at V, or DFLT when it is not an integer. */
json_int_t feed_int_at(const json_t *v, json_int_t dflt);

/*
 * The records of ARRAY, checked (an array of objects) and sorted by
 * (A, B) where A and B are the string members at the given paths of each
 * record (missing sorts first), then by input position. *OUT is an array
 * of borrowed pointers; free it. WHAT names the input in errors.
 */
struct feed_sort_key {
	const char *a[3];  /* path of the first key, NULL-terminated */
	const char *b[3];  /* path of the second key */
};
int feed_sorted(const json_t ***out, size_t *n, char **err,
                const json_t *array, const char *what,
                const struct feed_sort_key *key);

/* Repository record helpers shared by the long and short files. */
json_t *feed_repo_owner_url(const json_t *rec);  /* "https://host/owner" */
json_t *feed_repo_name(const json_t *rec);       /* last segment of full_name */
/* "absent", "valid" or "invalid". */
const char *feed_publiccode_status(const json_t *rec);
/* Error-level findings of rule publiccode.* */
json_int_t feed_publiccode_errors(const json_t *rec);
/* The owner record is a user account, not an organization. */
bool feed_owner_is_user(const json_t *rec);

/* CSV: a row of cells; V is a JSON scalar. Text cells go through
 * feed_csv_cell; numbers and booleans are written as they are. */
void feed_csv_value(struct buf *b, const json_t *v);
/* Header line then one row per object of ROWS, columns = COLS. */
void feed_csv_table(struct buf *b, const char *const *cols, size_t ncols,
                    const json_t *rows);

/* Dump V (JSON_PRESERVE_ORDER; indented when PRETTY) + "\n" to DIR/NAME. */
int feed_write_json(char **err, const char *dir, const char *name,
                    const json_t *v, bool pretty);
int feed_write_text(char **err, const char *dir, const char *name,
                    const char *data, size_t len);

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
