/*
 * crawl_publish.c - what a crawl leaves in its output folder, and what
 * `inventaire merge` leaves in its own from the shards' (crawl_join.c):
 * the feeds (output/feed.h), crawl.json, then the state. Each file is
 * written to a temporary name and renamed; the state comes last, so that
 * until it is saved the journal lets an interrupted run resume.
 */
#include <stdlib.h>
#include <string.h>

#include "crawler/crawl/crawl_int.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "output/feed.h"

static int write_crawl_json(const char *out_dir, const json_t *cov)
{
	char *path = xasprintf("%s/crawl.json", out_dir);
	char *text = json_dumps(cov, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	                        REPORT_REAL_PRECISION);
	int e = text ? atomic_file_write(path, text, strlen(text))
	             : error_set(ERROR_INVALID, "%s: cannot be written as JSON",
	                         path);

	free(text);
	free(path);
	return e;
}

int crawl_publish(const char *out_dir, const struct feed_input *in,
                  const json_t *coverage, const struct crawl_shard *shard)
{
	char *state_dir = xasprintf("%s/state", out_dir);
	char *name = crawl_shard_name(shard);
	int e;

	if ((e = feed_write_all(out_dir, in)) == 0 &&
	    (!coverage || (e = write_crawl_json(out_dir, coverage)) == 0))
		e = state_save(state_dir, in->inv, in->entries, in->nentries, name);
	free(name);
	free(state_dir);
	return e;
}
