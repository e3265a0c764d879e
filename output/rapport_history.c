/*
 * rapport_history.c - history.jsonl, the indicators of every crawl, one
 * JSON object per line (JSON Lines, https://jsonlines.org/) and one line
 * per actor: appending a crawl is appending lines, a line never changes,
 * and the file reads with any JSON tool. The steering committee follows
 * these indicators every six months; the report draws them.
 *
 * Also writing rapport.html and rapport.md into the output folder.
 */
#include "output/rapport.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/report.h"
#include "lib/file.h"

/* History grows by a few dozen lines a crawl: 64 MiB is centuries. */
#define HISTORY_MAX (64u << 20)

static json_t *rate(unsigned long n, unsigned long d)
{
	double r = rapport_rate(n, d);

	return r < 0 ? json_null() : json_real(round(r * 10.0) / 10.0);
}

static json_t *line_json(const char *date, const struct rapport_actor *a)
{
	const struct rapport_counts *c = &a->counts;
	json_t *o = json_object(), *rates = json_object();

	json_object_set_new(o, "date", report_string(date));
	json_object_set_new(o, "id", report_string(a->id));
	json_object_set_new(o, "pso_id", report_string(a->pso_id));
	json_object_set_new(o, "actor", report_string(a->id ? rapport_actor_label(a)
	                                                    : NULL));
	json_object_set_new(o, "repositories", json_integer((json_int_t)c->repos));
	json_object_set_new(o, "checked", json_integer((json_int_t)c->checked));
	json_object_set_new(o, "license_authorized",
	                    json_integer((json_int_t)c->license_ok));
	json_object_set_new(o, "readme", json_integer((json_int_t)c->readme));
	json_object_set_new(o, "publiccode_valid",
	                    json_integer((json_int_t)c->publiccode));
	json_object_set_new(o, "conforme", json_integer((json_int_t)c->conforme));
	json_object_set_new(o, "archived", json_integer((json_int_t)c->archived));
	json_object_set_new(o, "forked", json_integer((json_int_t)c->forked));
	json_object_set_new(o, "stale", json_integer((json_int_t)c->stale));
	json_object_set_new(rates, "license_authorized",
	                    rate(c->license_ok, c->checked));
	json_object_set_new(rates, "readme", rate(c->readme, c->checked));
	json_object_set_new(rates, "publiccode_valid",
	                    rate(c->publiccode, c->checked));
	json_object_set_new(rates, "conforme", rate(c->conforme, c->checked));
	json_object_set_new(rates, "archived", rate(c->archived, c->repos));
	json_object_set_new(rates, "forked", rate(c->forked, c->repos));
	json_object_set_new(o, "rates", rates);
	return o;
}

static void add_line(struct buf *out, json_t *o)
{
	char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT |
	                     JSON_REAL_PRECISION(6));

	buf_adds(out, s ? s : "{}");
	buf_addc(out, '\n');
	free(s);
	json_decref(o);
}

void rapport_history_lines(struct buf *out, const struct rapport *r)
{
	for (size_t i = 0; i < r->nactors; i++) {
		const struct rapport_actor *a = &r->actors[i];

		add_line(out, line_json(r->date, a));
	}
}

static int count_at(unsigned long *out, const json_t *o, const char *key,
                    const char *name, size_t line)
{
	json_t *v = json_object_get(o, key);

	if (!v) {
		*out = 0;   /* a key a later version added */
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return error_set(ERROR_PARSE, "%s:%zu: \"%s\" is not a count: "
		                 "fix or remove the line", name, line, key);
	*out = (unsigned long)json_integer_value(v);
	return 0;
}

static int parse_line(struct rapport *r, const char *name, size_t lineno,
                      const char *s, size_t len)
{
	json_error_t je;
	json_t *o = json_loadb(s, len, 0, &je);
	struct rapport_counts c = { 0 };
	const char *date;
	int err = 0;

	if (!json_is_object(o)) {
		json_decref(o);
		return error_set(ERROR_PARSE, "%s:%zu: not a JSON object (%s): fix "
		                 "or remove the line", name, lineno,
		                 o ? "another JSON value" : je.text);
	}
	date = json_string_value(json_object_get(o, "date"));
	if (!date) {
		json_decref(o);
		return error_set(ERROR_PARSE, "%s:%zu: no \"date\": fix or remove "
		                 "the line", name, lineno);
	}
	if ((err = count_at(&c.repos, o, "repositories", name, lineno)) ||
	    (err = count_at(&c.checked, o, "checked", name, lineno)) ||
	    (err = count_at(&c.license_ok, o, "license_authorized", name,
	                    lineno)) ||
	    (err = count_at(&c.readme, o, "readme", name, lineno)) ||
	    (err = count_at(&c.publiccode, o, "publiccode_valid", name,
	                    lineno)) ||
	    (err = count_at(&c.conforme, o, "conforme", name, lineno)) ||
	    (err = count_at(&c.archived, o, "archived", name, lineno)) ||
	    (err = count_at(&c.forked, o, "forked", name, lineno)) ||
	    (err = count_at(&c.stale, o, "stale", name, lineno))) {
		json_decref(o);
		return err;
	}
	rapport_history_add(r, date,
	                    json_string_value(json_object_get(o, "id")),
	                    json_string_value(json_object_get(o, "pso_id")),
	                    json_string_value(json_object_get(o, "actor")), &c);
	json_decref(o);
	return 0;
}

int rapport_history_parse(struct rapport *r, const char *name,
                          const char *text, size_t len)
{
	size_t lineno = 0;

	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t k = i;
		int err;

		lineno++;
		while (k < end && (text[k] == ' ' || text[k] == '\t' ||
		                   text[k] == '\r'))
			k++;
		if (k < end && (err = parse_line(r, name, lineno, text + i,
		                                 end - i)) < 0)
			return err;
		i = end + 1;
	}
	return 0;
}

static char *history_path(const char *dir)
{
	return xasprintf("%s/%s", dir, RAPPORT_HISTORY);
}

int rapport_history_load(struct rapport *r, const char *dir)
{
	char *path = history_path(dir), *text = NULL;
	size_t len;
	int e = file_read(&text, &len, path, HISTORY_MAX), err = 0;

	if (e == ERROR_NOTFOUND)
		error_clear();
	else if (e < 0)
		err = error_wrap("cannot read the history");
	else
		err = rapport_history_parse(r, path, text, len);
	free(text);
	free(path);
	return err;
}

/* The lines of TEXT whose "date" is not DATE (a crawl written again
 * replaces its own lines), then R's. */
static void keep_other_dates(struct buf *out, const char *text, size_t len,
                             const char *date)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		json_t *o = json_loadb(text + i, end - i, 0, NULL);
		const char *d = json_string_value(json_object_get(o, "date"));

		if (o && !(d && date && !strcmp(d, date))) {
			buf_add(out, text + i, end - i);
			buf_addc(out, '\n');
		}
		json_decref(o);
		i = end + 1;
	}
}

int rapport_history_append(const char *dir, const struct rapport *r)
{
	char *path = history_path(dir), *text = NULL;
	struct buf out = BUF_INIT;
	struct rapport *check = rapport_new(NULL, NULL);
	size_t len = 0;
	int e = file_read(&text, &len, path, HISTORY_MAX), err = 0;

	if (e < 0 && e != ERROR_NOTFOUND) {
		err = error_wrap("the history is left as it is");
		goto out;
	}
	/* Parse it whole first: a line we cannot read would be lost. */
	if (text && (err = rapport_history_parse(check, path, text, len)) < 0) {
		error_wrap("the history is left as it is");
		goto out;
	}
	if (text)
		keep_other_dates(&out, text, len, r->date);
	rapport_history_lines(&out, r);
	err = atomic_file_write(path, out.data ? out.data : "", out.len);
out:
	rapport_free(check);
	buf_free(&out);
	free(text);
	free(path);
	return err;
}

static int write_one(const char *dir, const char *name, struct buf *b)
{
	char *path = xasprintf("%s/%s", dir, name);
	int err = atomic_file_write(path, b->data ? b->data : "", b->len);

	free(path);
	return err;
}

int rapport_write(const char *dir, const struct rapport *r,
                  enum rapport_lang lang)
{
	struct buf html = BUF_INIT, md = BUF_INIT;
	int err;

	rapport_html(&html, r, lang);
	rapport_md(&md, r, lang);
	err = write_one(dir, RAPPORT_HTML, &html);
	if (!err)
		err = write_one(dir, RAPPORT_MD, &md);
	buf_free(&html);
	buf_free(&md);
	return err;
}
