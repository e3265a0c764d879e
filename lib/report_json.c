/*
 * report_json.c - a report as JSON and back: the object `check --format
 * json` prints (README.md "JSON"), which the crawl also keeps in its state.
 *
 * report_to_json() writes the keys in the documented order; absent
 * sections print as null. report_from_json() reads what it wrote, so that
 * a result reused from an earlier crawl prints byte for byte as it did.
 */
#include "lib/report.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"

static int add_to_buf(const char *data, size_t len, void *payload)
{
	buf_add(payload, data, len);
	return 0;
}

int report_json_dumpf(const json_t *v, FILE *f, size_t flags)
{
	struct buf b = BUF_INIT;
	int e = json_dump_callback(v, add_to_buf, &b, flags);

	if (e == 0 && b.len && fwrite(b.data, 1, b.len, f) != b.len)
		e = -1;
	buf_free(&b);
	return e;
}

/* ---- to JSON ---- */

static json_t *tristate_json(enum tristate t)
{
	return t == TRI_UNKNOWN ? json_null() : json_boolean(t == TRI_TRUE);
}

static json_t *fetch_json(const struct report_repository *x)
{
	json_t *o = json_object();

	json_object_set_new(o, "method", report_string(x->fetch.method));
	json_object_set_new(o, "bytes", json_integer((json_int_t)x->fetch.bytes));
	if (x->fetch.requests)
		json_object_set_new(o, "requests",
		                    json_integer((json_int_t)x->fetch.requests));
	return o;
}

static json_t *repository_json(const struct report_repository *x)
{
	json_t *o = json_object();

	if (x->path)
		json_object_set_new(o, "path", report_string(x->path));
	if (x->url)
		json_object_set_new(o, "url", report_string(x->url));
	if (x->source) {
		json_object_set_new(o, "head", report_string(x->head));
		json_object_set_new(o, "branch", report_string(x->branch));
		json_object_set_new(o, "source", report_string(x->source));
	}
	if (x->fetched)
		json_object_set_new(o, "fetch", fetch_json(x));
	return o;
}

/* Space-separated WORDS as an array; "..." at the end sets *MORE. */
static json_t *words_json(const char *words, bool *more)
{
	json_t *a = json_array();
	const char *p = words ? words : "";

	while (*p) {
		size_t n = strcspn(p, " ");
		if (n == 3 && !strncmp(p, "...", 3))
			*more = true;
		else if (n)
			json_array_append_new(a, json_stringn(p, n));
		p += n + (p[n] == ' ');
	}
	return a;
}

/* The array A of words as one space-separated string, or NULL. */
static char *words_from(const json_t *a, bool more)
{
	struct buf b = BUF_INIT;
	const json_t *v;
	size_t i;

	json_array_foreach(a, i, v)
		if (json_is_string(v))
			buf_addf(&b, "%s%s", b.len ? " " : "", json_string_value(v));
	if (more)
		buf_adds(&b, b.len ? " ..." : "...");
	return b.len ? buf_detach(&b) : NULL;
}

static json_t *license_file_json(const struct report_license_file *f)
{
	json_t *o = json_object(), *m;
	bool more = f->more;

	json_object_set_new(o, "path", report_string(f->path));
	json_object_set_new(o, "spdx", report_string(f->spdx ? f->spdx
	                                                     : "NOASSERTION"));
	json_object_set_new(o, "confidence", f->confidence < 0 ? json_null()
	                    : json_real(f->confidence));
	json_object_set_new(o, "matcher", report_string(f->matcher));
	if (!f->modified)
		return o;
	m = json_object();
	json_object_set_new(m, "spdx", report_string(f->modified));
	json_object_set_new(m, "added", words_json(f->added, &more));
	json_object_set_new(m, "removed", words_json(f->removed, &more));
	if (more)
		json_object_set_new(m, "more", json_true());
	json_object_set_new(o, "modified", m);
	return o;
}

static json_t *license_json(const struct report_license *x)
{
	json_t *o, *files, *declared, *licenses;

	if (!x->present)
		return json_null();
	o = json_object();
	files = json_array();
	declared = json_array();
	licenses = json_array();
	json_object_set_new(o, "spdx", report_string(x->spdx));
	json_object_set_new(o, "authorized", tristate_json(x->authorized));
	json_object_set_new(o, "category", report_string(x->category));
	if (x->note)
		json_object_set_new(o, "note", report_string(x->note));
	for (size_t i = 0; i < x->nfiles; i++)
		json_array_append_new(files, license_file_json(&x->files[i]));
	for (size_t i = 0; i < x->ndeclared; i++) {
		const struct report_license_declared *d = &x->declared[i];
		json_t *e = json_object();

		json_object_set_new(e, "source", report_string(d->source));
		json_object_set_new(e, "expression", report_string(d->expression));
		if (!d->expression)
			json_object_set_new(e, "value", report_string(d->value));
		json_array_append_new(declared, e);
	}
	for (size_t i = 0; i < x->nlicenses; i++)
		json_array_append_new(licenses, report_string(x->licenses[i]));
	json_object_set_new(o, "files", files);
	json_object_set_new(o, "declared", declared);
	json_object_set_new(o, "licenses", licenses);
	return o;
}

static json_t *readme_json(const struct report_readme *x)
{
	json_t *o;

	if (!x->present)
		return json_null();
	o = json_object();
	json_object_set_new(o, "path", report_string(x->path));
	if (x->bytes >= 0)
		json_object_set_new(o, "bytes", json_integer((json_int_t)x->bytes));
	return o;
}

static json_t *publiccode_json(const struct report_publiccode *x)
{
	json_t *o, *results;

	if (!x->present)
		return json_null();
	o = json_object();
	results = json_array();
	json_object_set_new(o, "path", report_string(x->path));
	json_object_set_new(o, "valid", tristate_json(x->valid));
	json_object_set_new(o, "version", report_string(x->version));
	for (size_t i = 0; i < x->nresults; i++) {
		const struct report_pc_result *p = &x->results[i];
		json_t *e = json_object();

		json_object_set_new(e, "type", json_string(
		                    p->level == LEVEL_ERROR ? "error" : "warning"));
		json_object_set_new(e, "key", report_string(p->key ? p->key : ""));
		json_object_set_new(e, "description", report_string(
		                    p->description ? p->description : ""));
		json_object_set_new(e, "line", json_integer((json_int_t)p->line));
		json_object_set_new(e, "column", json_integer((json_int_t)p->column));
		json_array_append_new(results, e);
	}
	json_object_set_new(o, "results", results);
	return o;
}

static json_t *community_json(const struct report_community *x)
{
	json_t *o;

	if (!x->present)
		return json_null();
	o = json_object();
	json_object_set_new(o, "contributing", report_string(x->contributing));
	json_object_set_new(o, "changelog", report_string(x->changelog));
	json_object_set_new(o, "code_of_conduct",
	                    report_string(x->code_of_conduct));
	json_object_set_new(o, "security", report_string(x->security));
	return o;
}

static json_t *codegouvfr_json(const struct report_codegouvfr *x)
{
	json_t *o = json_object();

	json_object_set_new(o, "license", report_string(x->license));
	json_object_set_new(o, "readme", report_string(x->readme));
	json_object_set_new(o, "contributing", report_string(x->contributing));
	json_object_set_new(o, "changelog", report_string(x->changelog));
	json_object_set_new(o, "publiccode", report_string(x->publiccode));
	return o;
}

/* What a setting did, as the finding's "suppressed" or "level_changed". */
static json_t *setting_json(const struct finding_setting *s)
{
	json_t *o = json_object();

	if (!s->off)
		json_object_set_new(o, "from", json_string(level_name(s->from)));
	json_object_set_new(o, "reason", report_string(s->reason));
	json_object_set_new(o, "until", report_string(s->until));
	json_object_set_new(o, "path", report_string(s->path));
	json_object_set_new(o, "line", json_integer((json_int_t)s->line));
	json_object_set_new(o, "column", json_integer((json_int_t)s->column));
	return o;
}

static json_t *finding_json(const struct finding *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "rule", report_string(f->rule));
	json_object_set_new(o, "level", json_string(level_name(f->level)));
	json_object_set_new(o, "path", report_string(f->path));
	json_object_set_new(o, "line", json_integer((json_int_t)f->line));
	json_object_set_new(o, "column", json_integer((json_int_t)f->column));
	json_object_set_new(o, "message", report_string(f->message));
	json_object_set_new(o, "fix", report_string(f->fix));
	/* Only when a setting touched it: the other findings keep the seven
	 * keys they always had. */
	if (f->setting)
		json_object_set_new(o, f->setting->off ? "suppressed"
		                    : "level_changed", setting_json(f->setting));
	return o;
}

json_t *report_to_json(const struct report *r)
{
	json_t *o = json_object(), *findings = json_array();
	size_t count[3] = { 0, 0, 0 }, suppressed = 0;

	json_object_set_new(o, "repository", repository_json(&r->repository));
	json_object_set_new(o, "license", license_json(&r->license));
	json_object_set_new(o, "readme", readme_json(&r->readme));
	json_object_set_new(o, "publiccode", publiccode_json(&r->publiccode));
	json_object_set_new(o, "community", community_json(&r->community));
	/* Absent, not null, from a report made before the section existed:
	 * it prints as it did. */
	if (r->codegouvfr.present)
		json_object_set_new(o, "codegouvfr", codegouvfr_json(&r->codegouvfr));
	for (size_t i = 0; i < r->nfindings; i++) {
		json_array_append_new(findings, finding_json(&r->findings[i]));
		if (finding_suppressed(&r->findings[i]))
			suppressed++;
		else
			count[r->findings[i].level]++;
	}
	json_object_set_new(o, "summary", json_pack("{s:I, s:I, s:I, s:I}",
	                    "errors", (json_int_t)count[LEVEL_ERROR],
	                    "warnings", (json_int_t)count[LEVEL_WARNING],
	                    "info", (json_int_t)count[LEVEL_INFO],
	                    "suppressed", (json_int_t)suppressed));
	json_object_set_new(o, "findings", findings);
	return o;
}

/* ---- from JSON ---- */

/* KEY of O as a new string, or NULL when it is absent or not a string. */
static char *get_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? xstrdup(s) : NULL;
}

/* KEY of O as a non-negative integer, or DFLT. */
static long long get_int(const json_t *o, const char *key, long long dflt)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return dflt;
	return (long long)json_integer_value(v);
}

static unsigned get_uint(const json_t *o, const char *key)
{
	long long v = get_int(o, key, 0);

	return v > (long long)0xffffffffu ? 0xffffffffu : (unsigned)v;
}

static enum tristate get_tristate(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_boolean(v) ? (json_is_true(v) ? TRI_TRUE : TRI_FALSE)
	                          : TRI_UNKNOWN;
}

static void repository_from(struct report_repository *x, const json_t *o)
{
	const json_t *f = json_object_get(o, "fetch");

	x->path = get_str(o, "path");
	x->url = get_str(o, "url");
	x->head = get_str(o, "head");
	x->branch = get_str(o, "branch");
	x->source = get_str(o, "source");
	if (json_is_object(f)) {
		x->fetched = true;
		x->fetch.method = get_str(f, "method");
		x->fetch.bytes = (unsigned long long)get_int(f, "bytes", 0);
		x->fetch.requests = (unsigned long)get_int(f, "requests", 0);
	}
}

static void license_from(struct report_license *x, const json_t *o)
{
	const json_t *files = json_object_get(o, "files");
	const json_t *declared = json_object_get(o, "declared");
	const json_t *licenses = json_object_get(o, "licenses");
	const json_t *v, *m;
	size_t i;

	x->present = true;
	x->spdx = get_str(o, "spdx");
	x->authorized = get_tristate(o, "authorized");
	x->category = get_str(o, "category");
	x->note = get_str(o, "note");
	x->files = xcalloc(json_array_size(files) + 1, sizeof(*x->files));
	json_array_foreach(files, i, v) {
		struct report_license_file *f = &x->files[x->nfiles++];
		const json_t *c = json_object_get(v, "confidence");

		f->path = get_str(v, "path");
		f->spdx = get_str(v, "spdx");
		if (f->spdx && !strcmp(f->spdx, "NOASSERTION")) {
			free(f->spdx);
			f->spdx = NULL;
		}
		f->confidence = json_is_number(c) ? json_number_value(c) : -1;
		f->matcher = get_str(v, "matcher");
		if ((m = json_object_get(v, "modified"))) {
			f->modified = get_str(m, "spdx");
			f->more = json_is_true(json_object_get(m, "more"));
			f->added = words_from(json_object_get(m, "added"), false);
			f->removed = words_from(json_object_get(m, "removed"), false);
		}
	}
	x->declared = xcalloc(json_array_size(declared) + 1, sizeof(*x->declared));
	json_array_foreach(declared, i, v) {
		struct report_license_declared *d = &x->declared[x->ndeclared++];

		d->source = get_str(v, "source");
		d->expression = get_str(v, "expression");
		d->value = get_str(v, "value");
	}
	x->licenses = xcalloc(json_array_size(licenses) + 1, sizeof(*x->licenses));
	json_array_foreach(licenses, i, v)
		if (json_is_string(v))
			x->licenses[x->nlicenses++] = xstrdup(json_string_value(v));
}

static void publiccode_from(struct report_publiccode *x, const json_t *o)
{
	const json_t *results = json_object_get(o, "results");
	const json_t *v;
	size_t i;

	x->present = true;
	x->path = get_str(o, "path");
	x->valid = get_tristate(o, "valid");
	x->version = get_str(o, "version");
	x->results = xcalloc(json_array_size(results) + 1, sizeof(*x->results));
	json_array_foreach(results, i, v) {
		struct report_pc_result *p = &x->results[x->nresults++];
		const char *type = json_string_value(json_object_get(v, "type"));

		p->level = type && !strcmp(type, "warning") ? LEVEL_WARNING
		                                            : LEVEL_ERROR;
		p->key = get_str(v, "key");
		p->description = get_str(v, "description");
		p->line = get_uint(v, "line");
		p->column = get_uint(v, "column");
	}
}

static void community_from(struct report_community *x, const json_t *o)
{
	x->present = true;
	x->contributing = get_str(o, "contributing");
	x->changelog = get_str(o, "changelog");
	x->code_of_conduct = get_str(o, "code_of_conduct");
	x->security = get_str(o, "security");
}

static void codegouvfr_from(struct report_codegouvfr *x, const json_t *o)
{
	x->present = true;
	x->license = get_str(o, "license");
	x->readme = get_str(o, "readme");
	x->contributing = get_str(o, "contributing");
	x->changelog = get_str(o, "changelog");
	x->publiccode = get_str(o, "publiccode");
}

/* A finding's "suppressed" or "level_changed" object; NULL when it has
 * neither, or one that is not an object with a reason. */
static struct finding_setting *setting_from(const json_t *v)
{
	const json_t *off = json_object_get(v, "suppressed");
	const json_t *o = json_is_object(off) ? off
	                  : json_object_get(v, "level_changed");
	const char *from = json_string_value(json_object_get(o, "from"));
	struct finding_setting *s;
	enum level l = LEVEL_INFO;

	if (!json_is_object(o) || !json_is_string(json_object_get(o, "reason")) ||
	    (!json_is_object(off) && (!from || level_parse(&l, from) < 0)))
		return NULL;
	s = xcalloc(1, sizeof(*s));
	s->off = json_is_object(off);
	s->from = l;
	s->reason = get_str(o, "reason");
	s->until = get_str(o, "until");
	s->path = get_str(o, "path");
	s->line = get_uint(o, "line");
	s->column = get_uint(o, "column");
	return s;
}

/* Finding I of the array, taken as written: no re-escaping. */
static int finding_from(struct report *r, const json_t *v, size_t i)
{
	const char *rule = json_string_value(json_object_get(v, "rule"));
	const char *level = json_string_value(json_object_get(v, "level"));
	const char *message = json_string_value(json_object_get(v, "message"));
	struct finding *f;
	enum level l;

	if (!rule || !level || !message || level_parse(&l, level) < 0)
		return error_set(ERROR_PARSE, "findings[%zu]: a finding needs a "
		                 "rule, a level (info, warning or error) and a "
		                 "message", i);
	if (r->nfindings == r->findings_cap) {
		r->findings_cap = r->findings_cap ? 2 * r->findings_cap : 8;
		r->findings = xrealloc(r->findings,
		                       r->findings_cap * sizeof(*r->findings));
	}
	f = &r->findings[r->nfindings++];
	memset(f, 0, sizeof(*f));
	f->rule = xstrdup(rule);
	f->level = l;
	f->path = get_str(v, "path");
	f->line = get_uint(v, "line");
	f->column = get_uint(v, "column");
	f->message = xstrdup(message);
	f->fix = get_str(v, "fix");
	f->setting = setting_from(v);
	return 0;
}

int report_from_json(struct report **out, const json_t *v)
{
	const json_t *o, *findings = json_object_get(v, "findings");
	struct report *r;
	size_t i;
	int rc;

	if (!json_is_object(v))
		return error_set(ERROR_PARSE, "a check report must be a JSON object");
	if (findings && !json_is_array(findings))
		return error_set(ERROR_PARSE, "the findings of a check report must "
		                 "be an array");
	report_new(&r);
	if (json_is_object(o = json_object_get(v, "repository")))
		repository_from(&r->repository, o);
	if (json_is_object(o = json_object_get(v, "license")))
		license_from(&r->license, o);
	if (json_is_object(o = json_object_get(v, "readme"))) {
		r->readme.present = true;
		r->readme.path = get_str(o, "path");
		r->readme.bytes = get_int(o, "bytes", -1);
	}
	if (json_is_object(o = json_object_get(v, "publiccode")))
		publiccode_from(&r->publiccode, o);
	if (json_is_object(o = json_object_get(v, "community")))
		community_from(&r->community, o);
	if (json_is_object(o = json_object_get(v, "codegouvfr")))
		codegouvfr_from(&r->codegouvfr, o);
	json_array_foreach(findings, i, o)
		if ((rc = finding_from(r, o, i)) < 0) {
			report_free(r);
			return rc;
		}
	*out = r;
	return 0;
}
