/*
 * feed.h - the files code.gouv.fr reads, written from the crawl's
 * inventory (lib/record.h), as its producer (codegouvfr/codegouvfr-output-data,
 * src/codegouvfr/codegouvfr_output_data.clj) writes them and its front end
 * (codegouvfr/codegouvfr-sources, src/codegouvfr/core.cljs) reads them:
 *
 * - codegouvfr-repositories.{json,csv}, codegouvfr-organizations.{json,csv}:
 *   code.gouv.fr's long keys (repositories-keys-mapping and
 *   owners-keys-mapping) plus our check results as extra fields; the CSV
 *   files exact, and a spreadsheet-safe copy of each (*.spreadsheet.csv);
 * - repos_preprod.json, owners.json: the short-key files the front end
 *   loads, built and filtered as the producer builds them;
 * - codegouvfr-forges.csv, stats_preprod.json, latest-repositories.xml:
 *   the forges, the statistics and the RSS of the newest repositories;
 * - comptes-organismes-publics.yml: the accounts list to send upstream, in
 *   the format of codegouvfr/codegouvfr-data's file of that name, and,
 *   given the national file, comptes-organismes-publics.additions.yml with
 *   only what it lacks;
 * - schema/NAME.schema.json: a JSON Schema for each JSON file.
 *
 * code.gouv.fr lists organisations: personal accounts stay in our
 * inventory (the state) but reach none of these files (feed_view.c says
 * which records are published). The writers only read the inventory.
 * Every file is written whole to a temporary name and renamed into place,
 * so a crash never leaves half a feed. Output is deterministic: records are
 * sorted (lib/repo.h's order), keys come in a fixed order, nothing depends
 * on the clock.
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
#define FEED_REPOSITORIES_SHEET "codegouvfr-repositories.spreadsheet.csv"
#define FEED_ORGANIZATIONS_JSON "codegouvfr-organizations.json"
#define FEED_ORGANIZATIONS_CSV "codegouvfr-organizations.csv"
#define FEED_ORGANIZATIONS_SHEET "codegouvfr-organizations.spreadsheet.csv"
#define FEED_REPOS_SHORT_JSON  "repos_preprod.json"
#define FEED_OWNERS_SHORT_JSON "owners.json"
#define FEED_FORGES_CSV        "codegouvfr-forges.csv"
#define FEED_STATS_JSON        "stats_preprod.json"
#define FEED_LATEST_XML        "latest-repositories.xml"
#define FEED_ACCOUNTS_YML      "comptes-organismes-publics.yml"
#define FEED_ADDITIONS_YML     "comptes-organismes-publics.additions.yml"
#define FEED_SCHEMA_DIR        "schema"

/* code.gouv.fr cuts short descriptions to this many characters + "…". */
#define FEED_SHORT_DESC_CHARS 120

/* Each writer, into the folder DIR. ENTRIES is the accounts list crawled. */
int feed_write_repositories(const char *dir, const struct inventory *inv);
int feed_write_organizations(const char *dir, const struct inventory *inv);
int feed_write_short(const char *dir, const struct inventory *inv);
int feed_write_forges(const char *dir, const struct inventory *inv);
int feed_write_stats(const char *dir, const struct inventory *inv);
int feed_write_latest(const char *dir, const struct inventory *inv);
int feed_write_accounts(const char *dir, const struct record_entry *entries,
                        size_t nentries);
/* The additions file, from our list and the national one (UPSTREAM). */
int feed_write_additions(const char *dir, const struct record_entry *entries,
                         size_t nentries, const struct record_entry *upstream,
                         size_t nupstream);
/* The embedded JSON Schemas, into DIR/schema/ (created if needed). */
int feed_write_schemas(const char *dir);

/* What feed_write_all() writes from. UPSTREAM is the national accounts
 * list (`crawl --upstream`), or NULL: then no additions file. */
struct feed_input {
	const struct inventory *inv;
	const struct record_entry *entries;
	size_t nentries;
	const struct record_entry *upstream;
	size_t nupstream;
};

/*
 * All of the above into DIR, which must exist. A bad accounts list is
 * refused before any file is replaced; otherwise stops at the first error.
 */
int feed_write_all(const char *dir, const struct feed_input *in);

/*
 * The JSON documents of the files, for the writers and the tests: new
 * values, records sorted by (host, full_name) or (host, login).
 */
json_t *feed_repositories_json(const struct inventory *inv);
json_t *feed_organizations_json(const struct inventory *inv);
json_t *feed_repos_short_json(const struct inventory *inv);
json_t *feed_owners_short_json(const struct inventory *inv);
json_t *feed_stats_json(const struct inventory *inv);
/* The text of codegouvfr-forges.csv and latest-repositories.xml (caller
 * frees). */
char *feed_forges_csv(const struct inventory *inv);
char *feed_latest_xml(const struct inventory *inv);
/*
 * The YAML text of the accounts list (caller frees), or ERROR_INVALID for
 * an entry without host or forge, with an empty string, a bad
 * ignored_since, a host declared with two forge kinds, two whole-forge
 * entries for a host or an owner listed twice: error_last() names the
 * first such entry by its index. `kind: user` entries are left out.
 */
int feed_accounts_yaml(char **out, const struct record_entry *entries,
                       size_t nentries);
/*
 * The same for only what UPSTREAM (the national list) lacks: the hosts
 * and owners it has not, in its layout, without `kind: user` entries;
 * a comment says so when it lacks nothing.
 */
int feed_accounts_additions_yaml(char **out,
                                 const struct record_entry *entries,
                                 size_t nentries,
                                 const struct record_entry *upstream,
                                 size_t nupstream);

/* code.gouv.fr's awesome-score of one repository (output/feed_score.c). */
long feed_awesome_score(const struct record_repo *r);
/* Its licence in ecosyste.ms's lower-case key vocabulary ("mit",
 * "apache-2.0", "other"), or NULL when none is known
 * (output/feed_license.c). */
const char *feed_license_key(const struct record_repo *r);
/* SPDX id or expression S as such a key: "MIT" -> "mit", "GPL-3.0-only"
 * -> "gpl-3.0", anything outside the vocabulary -> "other". */
const char *feed_license_key_of_spdx(const char *s);

/*
 * S cut to FEED_SHORT_DESC_CHARS characters (code points, never bytes)
 * followed by "…" when longer; a copy of S otherwise. S must be UTF-8.
 */
char *feed_shorten(const char *s);

/* One CSV cell, RFC 4180 quoted when needed, and safe in a spreadsheet:
 * formula-like text defused, control bytes escaped (output/feed_csv.c). */
struct buf;
void feed_csv_cell(struct buf *b, const char *s);
/* The same, exact: quoted when needed, nothing else changed. */
void feed_csv_cell_exact(struct buf *b, const char *s);

/* A schema by file name ("owners.schema.json"), or NULL. Static text. */
const char *feed_schema_text(const char *name);

#endif
