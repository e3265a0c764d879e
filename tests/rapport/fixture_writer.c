/*
 * fixture_writer.c - test helper: write the report, the history and the
 * changes of the hand-built fixtures (fixture.c) into a folder, for
 * tests/cli/rapport.py, which checks them as XML and in a browser.
 * Usage: rapport_fixture_writer OUTDIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "output/changes.h"
#include "output/rapport.h"
#include "tests/rapport/fixture.h"

static int put(const char *dir, const char *name, struct buf *b)
{
	char *path = xasprintf("%s/%s", dir, name);
	int e = atomic_file_write(path, b->data ? b->data : "", b->len);

	if (e < 0)
		fprintf(stderr, "rapport_fixture_writer: %s\n", error_last());
	free(path);
	buf_free(b);
	return e;
}

static int reports(const char *dir)
{
	struct rapport *m = fixture_rapport(), *many = fixture_rapport_many(30);
	struct buf b = BUF_INIT;
	int e = 0;

	if (rapport_write(dir, m, RAPPORT_FR) < 0 ||
	    rapport_history_append(dir, m) < 0) {
		fprintf(stderr, "rapport_fixture_writer: %s\n", error_last());
		e = -1;
	}
	rapport_html(&b, m, RAPPORT_EN);
	e |= put(dir, "rapport.en.html", &b);
	rapport_md(&b, m, RAPPORT_EN);
	e |= put(dir, "rapport.en.md", &b);
	rapport_html(&b, many, RAPPORT_FR);
	e |= put(dir, "rapport-many.html", &b);
	rapport_free(m);
	rapport_free(many);
	return e;
}

static int changes(const char *dir)
{
	struct changes_inventory *o, *n;
	struct changes c;
	struct buf b = BUF_INIT;
	int e = 0;

	fixture_inventories(&o, &n);
	changes_compute(&c, o, n);
	if (changes_write(dir, &c, RAPPORT_FR) < 0) {
		fprintf(stderr, "rapport_fixture_writer: %s\n", error_last());
		e = -1;
	}
	changes_atom(&b, &c, RAPPORT_EN);
	e |= put(dir, "changes.en.atom", &b);
	changes_text(&b, &c);
	e |= put(dir, "changes.txt", &b);
	changes_clear(&c);
	changes_inventory_free(o);
	changes_inventory_free(n);
	return e;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: rapport_fixture_writer OUTDIR\n");
		return 2;
	}
	return reports(argv[1]) || changes(argv[1]) ? 1 : 0;
}
