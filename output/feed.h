/*
 * feed.h - the files code.gouv.fr reads, written from the crawl's
 * inventory (lib/record.h):
 *
 * - codegouvfr-repositories.{json,csv}, codegouvfr-organizations.{json,csv}:
 *   code.gouv.fr's long keys (repositories-keys-mapping and
 *   owners-keys-mapping in src/codegouvfr/codegouvfr_output_data.clj,
 *   codegouvfr/codegouvfr-output-data) plus our check results as extra
 *   fields;
 * - repos_preprod.json, owners.json: the short-key files its front end
 *   (src/codegouvfr/core.cljs in codegouvfr/codegouvfr-sources) loads,
 *   built exactly as codegouvfr-output-data builds them;
 * - comptes-organismes-publics.yml: the accounts list to send upstream, in
 *   the format of codegouvfr/codegouvfr-data's file of that name;
 * - schema/NAME.schema.json: a JSON Schema for each JSON file.
 *
 * The writers only read the inventory. Every file is written whole to a
 * temporary name and renamed into place, so a crash never leaves half a
 * feed. Output is deterministic: records are sorted (lib/repo.h's order),
 * keys come in a fixed order, nothing depends on the clock.
 *
 * Errors (lib/error.h): functions return 0, or a negative error code with
 * error_last() naming the file or entry and what to do.
 */
#ifndef INVENTAIRE_FEED_H
#define INVENTAIRE_FEED_H

#include <stddef.h>
#include <jansson.h>

#include "lib/record.h"

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

/* Each writer, into the folder DIR. ENTRIES is the accounts list crawled. */
int feed_write_repositories(const char *dir, const struct inventory *inv);
int feed_write_organizations(const char *dir, const struct inventory *inv);
int feed_write_short(const char *dir, const struct inventory *inv);
int feed_write_accounts(const char *dir, const struct record_entry *entries,
                        size_t nentries);
/* The embedded JSON Schemas, into DIR/schema/ (created if needed). */
int feed_write_schemas(const char *dir);

/*
 * All of the above into DIR, which must exist. A bad accounts list is
 * refused before any file is replaced; otherwise stops at the first error.
 */
int feed_write_all(const char *dir, const struct inventory *inv,
                   const struct record_entry *entries, size_t nentries);

/*
 * The JSON documents of the files, for the writers and the tests: new
 * arrays, sorted by (host, full_name) or (host, login).
 */
json_t *feed_repositories_json(const struct inventory *inv);
json_t *feed_organizations_json(const struct inventory *inv);
json_t *feed_repos_short_json(const struct inventory *inv);
json_t *feed_owners_short_json(const struct inventory *inv);
/*
 * The YAML text of the accounts list (caller frees), or ERROR_INVALID for
 * an entry without host or forge, with an empty string, a bad
 * ignored_since, a host declared with two forge kinds, two whole-forge
 * entries for a host or an owner listed twice: error_last() names the
 * first such entry by its index.
 */
int feed_accounts_yaml(char **out, const struct record_entry *entries,
                       size_t nentries);

/* code.gouv.fr's awesome-score of one repository (output/feed_score.c). */
long feed_awesome_score(const struct record_repo *r);

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
