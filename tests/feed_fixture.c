/* feed_fixture.c - a JSON fixture as the feed writers' input
 * (feed_fixture.h). */
#include "tests/feed_fixture.h"

#include <stdio.h>
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

json_t *feed_fixture_parse(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &e);

	if (!v) {
		fprintf(stderr, "bad test JSON at %d: %s\n%s\n", e.position, e.text,
		        text);
		abort();
	}
	return v;
}

json_t *feed_fixture_record(const char *repo_extra, const char *check_json)
{
	json_t *rec = feed_fixture_parse(
		"{\"repo\": {\"host\": \"github.com\", \"owner\": \"SocialGouv\","
		" \"full_name\": \"SocialGouv/demo\", \"name\": \"demo\","
		" \"html_url\": \"https://github.com/SocialGouv/demo\","
		" \"description\": \"A demo\", \"fork\": false, \"archived\": false,"
		" \"created_at\": \"2024-01-31T12:00:00Z\","
		" \"updated_at\": \"2026-11-20T08:00:00Z\", \"stars\": 500,"
		" \"forks\": 0, \"language\": null, \"license\": null},"
		" \"account\": {\"host\": \"github.com\", \"forge\": \"github\","
		"  \"owner\": \"socialgouv\"},"
		" \"actor\": {\"name\": \"FabNum\", \"ministry\": \"Sant\u00e9\"},"
		" \"head\": \"0123456789abcdef0123456789abcdef01234567\","
		" \"checked_at\": \"2026-11-28T02:00:00Z\", \"stale\": false,"
		" \"last_seen\": null}");
	json_t *check = feed_fixture_parse(check_json ? check_json :
		"{\"license\": {\"spdx\": null, \"authorized\": null, \"files\": []},"
		" \"readme\": {\"path\": null},"
		" \"publiccode\": {\"path\": null, \"valid\": null, \"results\": []},"
		" \"community\": {\"contributing\": null, \"changelog\": null},"
		" \"codegouvfr\": {\"license\": null, \"readme\": null,"
		"  \"contributing\": null, \"changelog\": null, \"publiccode\": null},"
		" \"findings\": []}");

	json_object_set_new(rec, "check", check);
	if (repo_extra) {
		json_t *extra = feed_fixture_parse(repo_extra);

		json_object_update(json_object_get(rec, "repo"), extra);
		json_decref(extra);
	}
	return rec;
}
