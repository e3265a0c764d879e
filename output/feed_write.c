/*
 * feed_write.c - write the whole feed into the output folder, each file
 * atomically (output/feed_file.c).
 */
#include "output/feed_int.h"

#include <stdlib.h>

int feed_write_all(const char *dir, const struct feed_input *in)
{
	const struct inventory *inv = in->inv;
	char *yml;
	int e;

	/* Refuse a bad accounts list before the first file is replaced, so
	 * that it leaves the whole previous feed in place rather than half of
	 * it updated. The records themselves are typed: nothing to refuse. */
	if ((e = feed_accounts_yaml(&yml, in->entries, in->nentries)) < 0)
		return e;
	free(yml);
	if (in->upstream) {
		if ((e = feed_accounts_additions_yaml(&yml, in->entries,
		                                      in->nentries, in->upstream,
		                                      in->nupstream)) < 0)
			return e;
		free(yml);
	}
	if ((e = feed_write_repositories(dir, inv)) < 0 ||
	    (e = feed_write_organizations(dir, inv)) < 0 ||
	    (e = feed_write_short(dir, inv)) < 0 ||
	    (e = feed_write_forges(dir, inv)) < 0 ||
	    (e = feed_write_stats(dir, inv)) < 0 ||
	    (e = feed_write_latest(dir, inv)) < 0 ||
	    (e = feed_write_accounts(dir, in->entries, in->nentries)) < 0 ||
	    (in->upstream &&
	     (e = feed_write_additions(dir, in->entries, in->nentries,
	                               in->upstream, in->nupstream)) < 0) ||
	    (e = feed_write_schemas(dir)) < 0)
		return e;
	return 0;
}
