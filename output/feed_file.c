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

int feed_array_open(struct feed_array *a, const char *dir, const char *name,
                    bool pretty)
{
	char *path = xasprintf("%s/%s", dir, name);
	int e = atomic_file_open(&a->af, path);

	free(path);
	a->pretty = pretty;
	a->n = 0;
	a->failed = false;
	return e;
}

/* S onto F, two more spaces after each line break: an element of an
 * indented array, as json_dumps() indents it (a JSON string never holds a
 * raw line break). A line at a time, not a character: fputc(3) per byte
 * of codegouvfr-repositories.json was a tenth of an unchanged crawl. */
static bool put_indented(FILE *f, const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);

		if (fwrite(s, 1, n, f) != n || (nl && fputs("  ", f) == EOF))
			return false;
		s += n;
	}
	return true;
}

void feed_array_add(struct feed_array *a, json_t *v)
{
	size_t flags = JSON_PRESERVE_ORDER |
	               (a->pretty ? JSON_INDENT(2) : JSON_COMPACT);
	char *s = a->failed ? NULL : json_dumps(v, flags);
	FILE *f = a->af.f;

	json_decref(v);
	if (!s) {
		a->failed = true;
		return;
	}
	if (a->pretty)
		a->failed = fputs(a->n ? ",\n  " : "[\n  ", f) == EOF ||
		            !put_indented(f, s);
	else
		a->failed = fputc(a->n ? ',' : '[', f) == EOF || fputs(s, f) == EOF;
	a->n++;
	free(s);
}

int feed_array_commit(struct feed_array *a)
{
	const char *end = !a->n ? "[]\n" : a->pretty ? "\n]\n" : "]\n";

	if (a->failed || fputs(end, a->af.f) == EOF) {
		char *path = xstrdup(a->af.path);

		atomic_file_abort(&a->af);
		error_set(ERROR_IO, "cannot write %s", path);
		free(path);
		return ERROR_IO;
	}
	return atomic_file_commit(&a->af);
}

void feed_array_abort(struct feed_array *a)
{
	atomic_file_abort(&a->af);
}

int feed_text_open(struct feed_text *t, const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	int e = atomic_file_open(&t->af, path);

	free(path);
	t->failed = false;
	return e;
}

void feed_text_add(struct feed_text *t, struct buf *b)
{
	if (!t->failed && b->len &&
	    fwrite(b->data, 1, b->len, t->af.f) != b->len)
		t->failed = true;
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

int feed_text_commit(struct feed_text *t)
{
	if (t->failed) {
		char *path = xstrdup(t->af.path);

		atomic_file_abort(&t->af);
		error_set(ERROR_IO, "cannot write %s", path);
		free(path);
		return ERROR_IO;
	}
	return atomic_file_commit(&t->af);
}

void feed_text_abort(struct feed_text *t)
{
	atomic_file_abort(&t->af);
}
