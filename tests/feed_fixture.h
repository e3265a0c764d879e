/*
 * feed_fixture.h - test helper: the records of a JSON fixture
 * (tests/feeds/records.json: {"repositories": [...], "owners": [...],
 * "accounts": [...]}) as the typed inventory and accounts list the feed
 * writers take, through the state's decoder (crawler/crawl/record_json.h).
 */
#ifndef INVENTAIRE_TESTS_FEED_FIXTURE_H
#define INVENTAIRE_TESTS_FEED_FIXTURE_H

#include <stddef.h>
#include <jansson.h>

#include "lib/record.h"

struct feed_fixture {
	struct inventory inv;
	struct record_entry *entries;
	size_t nentries;
};

/* REPOS, OWNERS and ACCOUNTS are JSON arrays, or NULL for none. 0, or the
 * decoder's error (error_last() says which record is wrong). */
int feed_fixture_decode(struct feed_fixture *out, const json_t *repos,
                        const json_t *owners, const json_t *accounts);
void feed_fixture_clear(struct feed_fixture *f);

#endif
