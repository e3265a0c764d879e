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

void feed_fixture_clear(struct feed_fixture *f)
{
	inventory_clear(&f->inv);
	for (size_t i = 0; i < f->nentries; i++)
		record_entry_clear(&f->entries[i]);
	free(f->entries);
	memset(f, 0, sizeof(*f));
}
