/*
 * rapport_coverage.c - what the report and the changes read of crawl.json
 * (crawler/crawl/crawl_coverage.c writes it; its schema is
 * output/schema/crawl.schema.json). The file is ours, but it may have been
 * edited or cut short: every key read is checked for its type, and a
 * wrong one is named.
 */
#include "output/rapport_inventory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/error.h"

static int bad(const char *name, const char *where, const char *what)
{
	return error_set(ERROR_PARSE, "%s: %s %s; the file is not one a crawl "
	                 "wrote: run the crawl again to rewrite it", name, where,
	                 what);
}

static int bad_key(const char *name, const char *where, const char *key,
                   const char *what)
{
	char *w = xasprintf("%s\"%s\"", where, key);
	int e = bad(name, w, what);

	free(w);
	return e;
}

/* *OUT is V's string, or NULL for null or a missing key (NULLABLE). */
static int string_at(const char **out, const json_t *o, const char *key,
                     bool nullable, const char *name, const char *where)
{
	const json_t *v = json_object_get(o, key);

	*out = json_string_value(v);
	if (*out || (nullable && (!v || json_is_null(v))))
		return 0;
	return bad_key(name, where, key, nullable ? "is not a string or null"
	                                          : "is missing or not a string");
}

static int account_read(struct rapport_coverage_account *a, const json_t *o,
                        const char *name, size_t i)
{
	char where[48];
	const json_t *listed = json_object_get(o, "listed");
	const json_t *n = json_object_get(o, "repositories");
	int e;

	snprintf(where, sizeof(where), "accounts[%zu]", i);
	if (!json_is_object(o))
		return bad(name, where, "is not an object");
	strcat(where, ".");
	if ((e = string_at(&a->host, o, "host", false, name, where)) < 0 ||
	    (e = string_at(&a->owner, o, "owner", true, name, where)) < 0 ||
	    (e = string_at(&a->forge, o, "forge", true, name, where)) < 0 ||
	    (e = string_at(&a->actor, o, "actor", true, name, where)) < 0 ||
	    (e = string_at(&a->error, o, "error", true, name, where)) < 0)
		return e;
	if (!json_is_boolean(listed))
		return bad_key(name, where, "listed", "is missing or not true or "
		               "false");
	a->listed = json_is_true(listed);
	if (n && (!json_is_integer(n) || json_integer_value(n) < 0))
		return bad_key(name, where, "repositories", "is not a count");
	a->repositories = n ? (unsigned long)json_integer_value(n) : 0;
	return 0;
}

int rapport_coverage_read(struct rapport_coverage *out, const json_t *crawl,
                          const char *name)
{
	const json_t *accounts = json_object_get(crawl, "accounts");
	int e;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(crawl))
		return bad(name, "the document", "is not a JSON object");
	if ((e = string_at(&out->started_at, crawl, "started_at", false, name,
	                   "")) < 0 ||
	    (e = string_at(&out->config, crawl, "config", true, name, "")) < 0)
		return e;
	if (!json_is_array(accounts))
		return bad(name, "\"accounts\"", "is missing or not an array");
	out->v = xcalloc(json_array_size(accounts) + 1, sizeof(*out->v));
	for (size_t i = 0; i < json_array_size(accounts); i++) {
		if ((e = account_read(&out->v[i], json_array_get(accounts, i), name,
		                      i)) < 0) {
			rapport_coverage_clear(out);
			return e;
		}
		out->n++;
	}
	return 0;
}

void rapport_coverage_clear(struct rapport_coverage *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}
