/*
 * feed_fixture_writer.c - test helper: write the whole feed for a records
 * fixture, for tests/cli/feeds.py (schema validation of every JSON output)
 * until `inventaire crawl` exists.
 * Usage: feed_fixture_writer RECORDS.json OUTDIR
 * RECORDS.json: {"repositories": [...], "owners": [...], "accounts": [...]}
 */
#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>

#include "output/feed.h"

int main(int argc, char **argv)
{
	json_error_t jerr;
	json_t *fx;
	char *err = NULL;
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
	e = feed_write_all(&err, argv[2], json_object_get(fx, "repositories"),
	                   json_object_get(fx, "owners"),
	                   json_object_get(fx, "accounts"));
	if (e < 0)
		fprintf(stderr, "feed_fixture_writer: %s\n", err ? err : "failed");
	free(err);
	json_decref(fx);
	return e < 0 ? 1 : 0;
}
