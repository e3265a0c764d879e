/* feed_fixture.c - a JSON fixture as the feed writers' input
 * (feed_fixture.h). */
#include "tests/feed_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "crawler/crawl/record_json.h"
#include "lib/alloc.h"

int feed_fixture_decode(struct feed_fixture *out, const json_t *repos,
                        const json_t *owners, const json_t *accounts)
{
	size_t i;
	json_t *a;
	int e = 0;

	memset(out, 0, sizeof(*out));
	inventory_init(&out->inv);
	out->entries = xcalloc(json_array_size(accounts) + 1,
	                       sizeof(*out->entries));
	if ((repos && (e = record_repos_from_json(&out->inv, repos,
	                                          "repositories")) < 0) ||
	    (owners && (e = record_owners_from_json(&out->inv, owners,
	                                            "owners")) < 0))
		return e;
	json_array_foreach(accounts, i, a) {
		if ((e = record_entry_from_json(&out->entries[i], a, i)) < 0)
			return e;
		out->nentries++;
	}
	return 0;
}

int feed_fixture_upstream(struct feed_fixture *f, const json_t *upstream)
{
	size_t i;
	json_t *a;
	int e;

	f->upstream = xcalloc(json_array_size(upstream) + 1, sizeof(*f->upstream));
	json_array_foreach(upstream, i, a) {
		if ((e = record_entry_from_json(&f->upstream[i], a, i)) < 0)
			return e;
		f->nupstream++;
	}
	return 0;
}

struct feed_input feed_fixture_input(const struct feed_fixture *f)
{
	struct feed_input in = {
		.inv = &f->inv, .entries = f->entries, .nentries = f->nentries,
		.upstream = f->upstream, .nupstream = f->nupstream,
	};

	return in;
}

void feed_fixture_clear(struct feed_fixture *f)
{
	inventory_clear(&f->inv);
	for (size_t i = 0; i < f->nentries; i++)
		record_entry_clear(&f->entries[i]);
	free(f->entries);
	for (size_t i = 0; i < f->nupstream; i++)
		record_entry_clear(&f->upstream[i]);
	free(f->upstream);
	memset(f, 0, sizeof(*f));
}
