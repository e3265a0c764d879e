/*
 * feed.h - the files code.gouv.fr reads, written from the crawl's
 * inventory records (/work/notes/inventory-record.md; issue 6, "Outputs").
 *
 * - codegouvfr-repositories.{json,csv}, codegouvfr-organizations.{json,csv}:
 *   code.gouv.fr's long keys (data/codegouvfr/NOTES.md §b.3) plus our check
 *   results as extra fields;
 * - repos_preprod.json, owners.json: the short-key files its /sources
 *   front-end loads, built exactly as codegouvfr-output-data builds them;
 * - comptes-organismes-publics.yml: the accounts fragment to send upstream
 *   (NOTES.md §a.1);
 * - schema/NAME.schema.json: a JSON Schema for each JSON file.
 *
 * Inputs are jansson arrays of records; the writers only read them. Every
 * file is written whole to a temporary name and renamed into place, so a
 * crash never leaves half a feed. Output is deterministic: records are
 * sorted, keys come in a fixed order, nothing depends on the clock.
 *
 * Errors: functions return 0, or a negative errno value and set *ERR to a
 * message naming the file or record and what to do (the caller frees it).
 */
#ifndef INVENTAIRE_FEED_H
#define INVENTAIRE_FEED_H

#include <stddef.h>
#include <jansson.h>

/* File names, relative to the output folder. */
#define FEED_REPOSITORIES_JSON "codegouvfr-repositories.json"
#define FEED_REPOSITORIES_CSV  "codegouvfr-repositories.csv"
#define FEED_ORGANIZATIONS_JSON "codegouvfr-organizations.json"
#define FEED_ORGANIZATIONS_CSV "codegouvfr-organizations.csv"
#define FEED_REPOS_SHORT_JSON  "repos_preprod.json"
#define FEED_OWNERS_SHORT_JSON "owners.json"
#define FEED_ACCOUNTS_YML      "comptes-organismes-publics.yml"
#define FEED_SCHEMA_DIR        "schema"

/* code.gouv.fr cuts short descriptions to this many characters + "…". */
#define FEED_SHORT_DESC_CHARS 120

/* Each writer: REPOS, OWNERS, ACCOUNTS are JSON arrays of records. */
int feed_write_repositories(char **err, const char *dir, const json_t *repos);
int feed_write_organizations(char **err, const char *dir, const json_t *owners);
int feed_write_short(char **err, const char *dir, const json_t *repos,
                     const json_t *owners);
int feed_write_accounts(char **err, const char *dir, const json_t *accounts);
/* The embedded JSON Schemas, into DIR/schema/ (created if needed). */
int feed_write_schemas(char **err, const char *dir);

/* All of the above into DIR, which must exist. Stops at the first error. */
int feed_write_all(char **err, const char *dir, const json_t *repos,
                   const json_t *owners, const json_t *accounts);

/*
 * In-memory forms, for the writers and the tests. New references; the
 * arrays are sorted by (host, full_name) or (host, login).
 */
int feed_repositories_json(json_t **out, char **err, const json_t *repos);
int feed_organizations_json(json_t **out, char **err, const json_t *owners);
int feed_repos_short_json(json_t **out, char **err, const json_t *repos);
int feed_owners_short_json(json_t **out, char **err, const json_t *owners);
/* The YAML text of the accounts fragment (caller frees). */
int feed_accounts_yaml(char **out, char **err, const json_t *accounts);

/* code.gouv.fr's awesome-score of one repository record (NOTES.md §b.3). */
long feed_awesome_score(const json_t *record);

/*
 * S cut to FEED_SHORT_DESC_CHARS characters (code points, never bytes)
 * followed by "…" when longer; a copy of S otherwise. S must be UTF-8.
 */
char *feed_shorten(const char *s);

/* One CSV cell, RFC 4180 quoted when needed, formula-like text defused. */
struct buf;
void feed_csv_cell(struct buf *b, const char *s);

/* A schema by file name ("owners.schema.json"), or NULL. Static text. */
const char *feed_schema_text(const char *name);

#endif
