/*
 * feed_fixture_writer.c - test helper: write the whole feed for a records
 * fixture, for tests/cli/feeds.py (schema validation of every JSON output).
 * Usage: feed_fixture_writer RECORDS.json OUTDIR
 * RECORDS.json: {"repositories": [...], "owners": [...], "accounts": [...],
 * "upstream": [...] (optional: the national list)}
 * in the state's JSON (crawler/crawl/record_json.h).
 */
#include <stdio.h>
#include <jansson.h>

#include "lib/error.h"
#include "output/feed.h"
#include "tests/feed_fixture.h"

int main(int argc, char **argv)
{
	struct feed_fixture f;
	json_error_t jerr;
	json_t *fx;
	int e;

	if (argc != 3) {
		fprintf(stderr, "usage: feed_fixture_writer RECORDS.json OUTDIR\n");
		return 2;
	}
	if (!(fx = json_load_file(argv[1], 0, &jerr))) {
		fprintf(stderr, "feed_fixture_writer: %s:%d: %s\n", argv[1],
		        jerr.line, jerr.text);
		return 2;
	}
	e = feed_fixture_decode(&f, json_object_get(fx, "repositories"),
	                        json_object_get(fx, "owners"),
	                        json_object_get(fx, "accounts"));
	if (e == 0 && json_object_get(fx, "upstream"))
		e = feed_fixture_upstream(&f, json_object_get(fx, "upstream"));
	if (e == 0) {
		struct feed_input in = feed_fixture_input(&f);

		e = feed_write_all(argv[2], &in);
	}
	if (e < 0)
		fprintf(stderr, "feed_fixture_writer: %s\n", error_last());
	feed_fixture_clear(&f);
	json_decref(fx);
	return e < 0 ? 1 : 0;
}
