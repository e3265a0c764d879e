/*
 * feed_schemas.c - DIR/schema/: a JSON Schema (draft 2020-12) for each JSON
 * file of the feed, so that code.gouv.fr or anyone can validate what we
 * publish (README.md, "What it writes"). The texts are the files of
 * output/schema/, embedded in the binary at build time.
 */
#include "output/feed_int.h"
#include "lib/alloc.h"
#include "lib/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *feed_schema_text(const char *name)
{
	for (size_t i = 0; i < feed_schema_count; i++)
		if (strcmp(feed_schema_table[i].name, name) == 0)
			return feed_schema_table[i].text;
	return NULL;
}

int feed_write_schemas(const char *dir)
{
	char *sub = xasprintf("%s/%s", dir, FEED_SCHEMA_DIR);
	int e = 0;

	if (mkdir(sub, 0755) < 0 && errno != EEXIST)
		e = error_errno(errno, "cannot create %s (check that %s exists "
		                "and is writable)", sub, dir);
	for (size_t i = 0; e == 0 && i < feed_schema_count; i++)
		e = feed_write_text(sub, feed_schema_table[i].name,
		                    feed_schema_table[i].text,
		                    feed_schema_table[i].len);
	free(sub);
	return e;
}
