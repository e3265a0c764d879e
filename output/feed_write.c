/*
 * feed_write.c - write the whole feed into the output folder (issue 6,
 * "Outputs in --out DIR"), each file atomically (atomic_file.c).
 */
#include "output/feed_int.h"
#include "lib/file.h"
#include "lib/alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int feed_write_text(char **err, const char *dir, const char *name,
                    const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	int e = atomic_file_write(path, data ? data : "", len);

	if (e < 0)
		*err = xstrdup(error_last());

	free(path);
	return e;
}

int feed_write_json(char **err, const char *dir, const char *name,
                    const json_t *v, bool pretty)
{
	/* Fixed key order and no float formatting surprises: the same records
	 * give the same bytes. */
	size_t flags = JSON_PRESERVE_ORDER |
	               (pretty ? JSON_INDENT(2) : JSON_COMPACT);
	char *s = json_dumps(v, flags);
	struct buf b = BUF_INIT;
	int e;

	if (!s) {
		*err = xasprintf("cannot write %s/%s: the records cannot be "
		                 "serialized as JSON", dir, name);
		return -EINVAL;
	}
	buf_adds(&b, s);
	buf_addc(&b, '\n');
	free(s);
	e = feed_write_text(err, dir, name, b.data, b.len);
	buf_free(&b);
	return e;
}

/*
 * Refuse bad input before the first file is replaced, so that a bad
 * record or config entry leaves the whole previous feed in place rather
 * than half of it updated.
 */
static int check_inputs(char **err, const json_t *repos, const json_t *owners,
                        const json_t *accounts)
{
	static const struct feed_sort_key none = { { NULL }, { NULL } };
	const json_t **v;
	char *yml;
	size_t n;
	int e;

	if ((e = feed_sorted(&v, &n, err, repos, "repositories", &none)) < 0)
		return e;
	free(v);
	if ((e = feed_sorted(&v, &n, err, owners, "owners", &none)) < 0)
		return e;
	free(v);
	if ((e = feed_accounts_yaml(&yml, err, accounts)) < 0)
		return e;
	free(yml);
	return 0;
}

int feed_write_all(char **err, const char *dir, const json_t *repos,
                   const json_t *owners, const json_t *accounts)
{
	int e;

	*err = NULL;
	if ((e = check_inputs(err, repos, owners, accounts)) < 0 ||
	    (e = feed_write_repositories(err, dir, repos)) < 0 ||
	    (e = feed_write_organizations(err, dir, owners)) < 0 ||
	    (e = feed_write_short(err, dir, repos, owners)) < 0 ||
	    (e = feed_write_accounts(err, dir, accounts)) < 0 ||
	    (e = feed_write_schemas(err, dir)) < 0)
		return e;
	return 0;
}
