/*
 * feed_fixture.h - test helper: the records of a JSON fixture
 * (tests/feeds/records.json: {"repositories": [...], "owners": [...],
 * "accounts": [...], "upstream": [...]}) as the typed inventory and
 * accounts lists the feed writers take, through the state's decoder
 * (crawler/crawl/record_json.h).
 */
#ifndef INVENTAIRE_TESTS_FEED_FIXTURE_H
#define INVENTAIRE_TESTS_FEED_FIXTURE_H

#include <stddef.h>
#include <jansson.h>

#include "lib/record.h"
#include "output/feed.h"

struct feed_fixture {
	struct inventory inv;
	struct record_entry *entries;
	size_t nentries;
	struct record_entry *upstream;  /* the national list, or NULL */
	size_t nupstream;
};

/* REPOS, OWNERS and ACCOUNTS are JSON arrays, or NULL for none. 0, or the
 * decoder's error (error_last() says which record is wrong). */
int feed_fixture_decode(struct feed_fixture *out, const json_t *repos,
                        const json_t *owners, const json_t *accounts);
/* F's UPSTREAM from a JSON array of entries, as ACCOUNTS. */
int feed_fixture_upstream(struct feed_fixture *f, const json_t *upstream);
/* What feed_write_all() takes, pointing into F. */
struct feed_input feed_fixture_input(const struct feed_fixture *f);
void feed_fixture_clear(struct feed_fixture *f);

/*
 * A repository record in the state's JSON, every scoring input neutral
 * (score 0): github.com/SocialGouv/demo with a description, no file, no
 * fork, checked. REPO_EXTRA (JSON object text, or NULL) is merged into its
 * "repo"; CHECK_JSON replaces its check ("null": never probed).
 */
json_t *feed_fixture_record(const char *repo_extra, const char *check_json);
/* JSON text as a value; the test fails on bad JSON. */
json_t *feed_fixture_parse(const char *text);

#endif
