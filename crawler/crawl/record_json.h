/*
 * record_json.h - the inventory records (lib/record.h) as JSON, for what
 * the crawl keeps between runs: state/inventory.jsonl and the resume
 * journal state/journal.jsonl (crawler/crawl/crawl_state.h). The one
 * encoder and the one decoder of the records: JSON exists nowhere else
 * between the probe and the feed writers.
 *
 * A record's shape is the one the first crawls wrote, so that their state
 * loads:
 *
 *   inventory  (0.1: state/inventory.json; since, the state is one record
 *              per line, crawler/crawl/crawl_inventory.c)
 *              {"checker": "0.1.0/1" | null,
 *               "repos": [repository record...], "owners": [owner...],
 *               "listed_at": {"host/full_name" in lower case: date}}
 *   repository {"account_key", "repo": `inventaire list --format json`'s
 *               record (output/repos_json.h) with "license_key",
 *               "template", "subscribers" and "owner_is_user" added
 *               (absent from older states: unknown), "account", "actor",
 *               "check": `inventaire check --format json`'s object or
 *               null, "head", "checked_at", "checker", "probe_error" (only
 *               when set), "stale", "last_seen", "listed_at" and
 *               "verified_at" (only when set; 0.1 kept "listed_at" in the
 *               inventory's map)}
 *   owner      {"account_key", "owner": {"host", "login", "name",
 *               "description", "html_url", "avatar_url", "website",
 *               "email", "location", "created_at", "public_repos",
 *               "is_user", "followers"}, "account", "actor",
 *               "repositories_count",
 *               "stale"}
 *   account    {"host", "forge", "owner", "pso_id", "floss_policy",
 *               "ospo_url", "kind" (only when set)}
 *   actor      {"pso_id", "name", "acronym", "parent", "ministry"} or null
 *
 * Decoding: a missing key or null is "not known" (NULL, -1, false); keys
 * it does not know are ignored, so that a state written by a later version
 * loads too; a value of the wrong type is ERROR_PARSE with error_last()
 * naming the record and the key. Decoded accounts and actors are interned
 * in the inventory they go to (lib/record.h): one per account, not one per
 * record.
 */
#ifndef INVENTAIRE_RECORD_JSON_H
#define INVENTAIRE_RECORD_JSON_H

#include <stddef.h>
#include <jansson.h>

#include "lib/record.h"

json_t *record_repo_to_json(const struct record_repo *r);
json_t *record_owner_to_json(const struct record_owner *o);
/* An entry of the accounts list, as record_entry_from_json() reads it. */
json_t *record_entry_to_json(const struct record_entry *e);

/*
 * Append to INV the records of the JSON array V: repositories, or owners.
 * WHAT names the array in messages ("repositories: record 3: \"stale\"
 * must be true or false"). On error INV keeps the records before the bad
 * one.
 */
int record_repos_from_json(struct inventory *inv, const json_t *v,
                           const char *what);
int record_owners_from_json(struct inventory *inv, const json_t *v,
                            const char *what);
/* One record O (record I of WHAT, for messages), appended to INV. */
int record_repo_from_json(struct inventory *inv, const json_t *o,
                          const char *what, size_t i);
int record_owner_from_json(struct inventory *inv, const json_t *o,
                           const char *what, size_t i);
/* OUT (empty) from an inventory object; its listed_at goes to each
 * repository's LISTED_AT. */
int inventory_from_json(struct inventory *out, const json_t *v);

/*
 * One entry of the accounts list, from {"host", "forge", "owner",
 * "pso_id", "floss_policy", "ospo_url", "ignored_since", "kind"} (I is its
 * index, for messages): how tests and fixtures give the accounts list.
 */
int record_entry_from_json(struct record_entry *out, const json_t *v,
                           size_t i);

#endif
