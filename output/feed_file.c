/*
 * feed_file.c - write one file of the feed, whole or not at all
 * (lib/file.h): a crash never leaves half a feed.
 */
#include "output/feed_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "lib/report.h"

int feed_write_text(const char *dir, const char *name, const char *data,
                    size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	int e = atomic_file_write(path, data ? data : "", len);

	free(path);
	return e;
}

int feed_write_json(const char *dir, const char *name, const json_t *v,
                    bool pretty)
{
	/* Keys in the order they were set, reals short (lib/report.h): the
	 * same records give the same bytes. */
	size_t flags = JSON_PRESERVE_ORDER | REPORT_REAL_PRECISION |
	               (pretty ? JSON_INDENT(2) : JSON_COMPACT);
	char *s = json_dumps(v, flags);
	struct buf b = BUF_INIT;
	int e;

	if (!s)
		return error_set(ERROR_INVALID, "cannot write %s/%s: the records "
		                 "cannot be serialized as JSON", dir, name);
	buf_adds(&b, s);
	buf_addc(&b, '\n');
	free(s);
	e = feed_write_text(dir, name, b.data, b.len);
	buf_free(&b);
	return e;
}
