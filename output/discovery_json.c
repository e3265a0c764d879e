/*
 * discovery_json.c - discover.json, both ways (discovery.h):
 *
 *   {"inventaire": VERSION, "updated_at": DATE,
 *    "note": what the file is, for people who open it,
 *    "actors": [{"id", "name", "acronym", "status",
 *                "searches": [{"host", "forge", "searched_at", "complete",
 *                              "not_searched", "queries"}],
 *                "candidates": [{"host", "forge", "login", "url", "name",
 *                                "personal", "score", "confidence",
 *                                "evidence": [{"kind", "points",
 *                                              "detail"}]}]}]}
 *
 * "status" is written for people and other tools; reading ignores it
 * (it is recomputed from the accounts list, which may have changed).
 */
#include "output/discovery.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"
#include "lib/file.h"
#include "lib/report.h"
#include "version.h"

/* A damaged file is worth a megabyte at most: ours are far smaller. */
#define DISCOVERY_MAX ((size_t)64 << 20)

static json_t *evidence_json(const struct discovery_evidence *e)
{
	return json_pack("{s:s, s:i, s:o}", "kind", e->kind, "points", e->points,
	                 "detail", report_string(e->detail));
}

json_t *discovery_candidate_json(const struct discovery_candidate *c)
{
	json_t *ev = json_array();

	for (size_t i = 0; i < c->nevidence; i++)
		json_array_append_new(ev, evidence_json(&c->evidence[i]));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:b, s:i, s:s, s:o}",
		"host", report_string(c->host), "forge", report_string(c->forge),
		"login", report_string(c->login), "url", report_string(c->url),
		"name", report_string(c->name), "personal", c->personal,
		"score", c->score,
		"confidence", discovery_confidence_name(c->confidence),
		"evidence", ev);
}

static json_t *search_json(const struct discovery_search *s)
{
	return json_pack("{s:o, s:o, s:o, s:b, s:o, s:I}",
		"host", report_string(s->host), "forge", report_string(s->forge),
		"searched_at", report_string(s->searched_at),
		"complete", s->complete,
		"not_searched", report_string(s->not_searched),
		"queries", (json_int_t)s->queries);
}

static json_t *actor_json(const struct discovery *d,
                          const struct discovery_actor *a,
                          const struct actors *actors,
                          const struct accounts *accounts)
{
	const struct actor *x = actors ? actors_find_id(actors, a->id) : NULL;
	json_t *searches = json_array(), *cands = json_array();

	for (size_t i = 0; i < a->nsearches; i++)
		json_array_append_new(searches, search_json(&a->searches[i]));
	for (size_t i = 0; i < a->ncandidates; i++)
		json_array_append_new(cands, discovery_candidate_json(&a->candidates[i]));
	return json_pack("{s:s, s:o, s:o, s:s, s:o, s:o}",
		"id", a->id, "name", report_string(a->name),
		"acronym", report_string(a->acronym),
		"status", x ? discovery_status_name(discovery_status(d, actors, x,
		                                                     accounts))
		            : "unknown-actor",
		"searches", searches, "candidates", cands);
}

/* Position of ID in ACTORS (file order), or past the end. */
static size_t actor_rank(const struct actors *actors, const char *id)
{
	for (size_t i = 0; actors && i < actors->n; i++)
		if (!strcasecmp(actors->v[i].id, id))
			return i;
	return actors ? actors->n : 0;
}

json_t *discovery_to_json(const struct discovery *d, const struct actors *actors,
                          const struct accounts *accounts)
{
	json_t *arr = json_array();
	size_t *order = xcalloc(d->n + 1, sizeof(*order)), n = 0;

	/* In actors.yml's order, then the actors it no longer has, by id:
	 * a stable file, and a diff between two runs that reads well. */
	for (size_t i = 0; i < d->n; i++)
		order[n++] = i;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			const struct discovery_actor *a = &d->v[order[j - 1]];
			const struct discovery_actor *b = &d->v[order[j]];
			size_t ra = actor_rank(actors, a->id), rb = actor_rank(actors, b->id);
			size_t t;

			if (ra < rb || (ra == rb && strcmp(a->id, b->id) <= 0))
				break;
			t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, actor_json(d, &d->v[order[i]], actors,
		                                      accounts));
	free(order);
	return json_pack("{s:s, s:o, s:s, s:o}", "inventaire", INVENTAIRE_VERSION,
		"updated_at", report_string(d->updated_at),
		"note", "Candidate accounts found by `inventaire discover`, for a "
		        "person to review: nothing here is added to the accounts "
		        "list by itself.",
		"actors", arr);
}

int discovery_write(const char *dir, const struct discovery *d,
                    const struct actors *actors, const struct accounts *accounts)
{
	json_t *doc = discovery_to_json(d, actors, accounts);
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	char *path = xasprintf("%s/%s", dir, DISCOVERY_FILE);
	char *full = xasprintf("%s\n", text);
	int rc = atomic_file_write(path, full, strlen(full));

	free(full);
	free(text);
	free(path);
	json_decref(doc);
	return rc;
}

/* ---- reading ------------------------------------------------------- */

struct reader {
	const char *name;
	char where[96];
};

static int bad(const struct reader *r, const char *key, const char *what)
{
	return error_set(ERROR_PARSE, "%s: %s\"%s\" %s; the file is not one "
	                 "`inventaire discover` wrote: fix it, or remove it to "
	                 "search again from scratch", r->name, r->where, key,
	                 what);
}

/* *OUT: a copy of member KEY, a string, or NULL for null or missing when
 * NULLABLE. */
static int str_at(char **out, const struct reader *r, const json_t *o,
                  const char *key, bool nullable)
{
	const json_t *v = json_object_get(o, key);

	*out = NULL;
	if (json_is_string(v)) {
		*out = xstrdup(json_string_value(v));
		return 0;
	}
	if (nullable && (!v || json_is_null(v)))
		return 0;
	return bad(r, key, nullable ? "is not a string or null"
	                            : "is missing or not a string");
}

static int int_at(long long *out, const struct reader *r, const json_t *o,
                  const char *key, long long lo, long long hi)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return bad(r, key, "is missing or not a number in range");
	*out = json_integer_value(v);
	return 0;
}

static int bool_at(bool *out, const struct reader *r, const json_t *o,
                   const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_boolean(v))
		return bad(r, key, "is missing or not true or false");
	*out = json_is_true(v);
	return 0;
}

static int read_evidence(struct discovery_candidate *c, struct reader *r,
                         const json_t *arr)
{
	for (size_t i = 0; i < json_array_size(arr); i++) {
		const json_t *e = json_array_get(arr, i);
		char *kind, *detail;
		long long points;
		int rc;

		if ((rc = str_at(&kind, r, e, "kind", false)) < 0)
			return rc;
		if ((rc = int_at(&points, r, e, "points", -1000, 1000)) < 0 ||
		    (rc = str_at(&detail, r, e, "detail", true)) < 0) {
			free(kind);
			return rc;
		}
		discovery_evidence_add(c, kind, (int)points, detail);
		free(kind);
		free(detail);
	}
	return 0;
}

static int read_candidate(struct discovery_candidate *c, struct reader *r,
                          const json_t *o)
{
	const char *conf = json_string_value(json_object_get(o, "confidence"));
	const json_t *ev = json_object_get(o, "evidence");
	long long score;
	int rc;

	if ((rc = str_at(&c->host, r, o, "host", false)) < 0 ||
	    (rc = str_at(&c->forge, r, o, "forge", true)) < 0 ||
	    (rc = str_at(&c->login, r, o, "login", false)) < 0 ||
	    (rc = str_at(&c->url, r, o, "url", true)) < 0 ||
	    (rc = str_at(&c->name, r, o, "name", true)) < 0 ||
	    (rc = bool_at(&c->personal, r, o, "personal")) < 0 ||
	    (rc = int_at(&score, r, o, "score", 0, 100)) < 0)
		return rc;
	c->score = (int)score;
	if (!conf || (strcmp(conf, "low") && strcmp(conf, "medium") &&
	              strcmp(conf, "high")))
		return bad(r, "confidence", "is not \"low\", \"medium\" or \"high\"");
	c->confidence = !strcmp(conf, "high") ? DISCOVERY_HIGH
	                : !strcmp(conf, "medium") ? DISCOVERY_MEDIUM
	                : DISCOVERY_LOW;
	if (ev && !json_is_array(ev))
		return bad(r, "evidence", "is not an array");
	return read_evidence(c, r, ev);
}

static int read_search(struct discovery_search *s, struct reader *r,
                       const json_t *o)
{
	long long q;
	int rc;

	if ((rc = str_at(&s->host, r, o, "host", false)) < 0 ||
	    (rc = str_at(&s->forge, r, o, "forge", true)) < 0 ||
	    (rc = str_at(&s->searched_at, r, o, "searched_at", true)) < 0 ||
	    (rc = bool_at(&s->complete, r, o, "complete")) < 0 ||
	    (rc = str_at(&s->not_searched, r, o, "not_searched", true)) < 0 ||
	    (rc = int_at(&q, r, o, "queries", 0, 100000)) < 0)
		return rc;
	s->queries = (unsigned)q;
	return 0;
}

/* The searches and candidates of actor object O into A. */
static int read_lists(struct discovery_actor *a, struct reader *r,
                      const json_t *o, const char *prefix)
{
	const json_t *s = json_object_get(o, "searches");
	const json_t *c = json_object_get(o, "candidates");
	int rc;

	if (!json_is_array(s) || !json_is_array(c))
		return bad(r, !json_is_array(s) ? "searches" : "candidates",
		           "is missing or not an array");
	a->searches = xcalloc(json_array_size(s) + 1, sizeof(*a->searches));
	/* Counted before it is read: what a failure leaves is freed. */
	for (size_t i = 0; i < json_array_size(s); i++) {
		a->nsearches = i + 1;
		snprintf(r->where, sizeof(r->where), "%ssearches[%zu].", prefix, i);
		if ((rc = read_search(&a->searches[i], r, json_array_get(s, i))) < 0)
			return rc;
	}
	a->candidates = xcalloc(json_array_size(c) + 1, sizeof(*a->candidates));
	for (size_t i = 0; i < json_array_size(c); i++) {
		a->ncandidates = i + 1;
		snprintf(r->where, sizeof(r->where), "%scandidates[%zu].", prefix, i);
		if ((rc = read_candidate(&a->candidates[i], r,
		                         json_array_get(c, i))) < 0)
			return rc;
	}
	return 0;
}

static int read_actor(struct discovery *d, struct reader *r, const json_t *o,
                      size_t i)
{
	struct discovery_actor *a;
	char prefix[40], *id, *name, *acronym;
	int rc;

	snprintf(prefix, sizeof(prefix), "actors[%zu].", i);
	snprintf(r->where, sizeof(r->where), "%s", prefix);
	if (!json_is_object(o))
		return bad(r, "", "is not an object");
	if ((rc = str_at(&id, r, o, "id", false)) < 0)
		return rc;
	if (discovery_find(d, id)) {
		rc = bad(r, "id", "names an actor already in the file");
		free(id);
		return rc;
	}
	if ((rc = str_at(&name, r, o, "name", true)) < 0 ||
	    (rc = str_at(&acronym, r, o, "acronym", true)) < 0) {
		free(id);
		free(name);
		return rc;
	}
	a = discovery_add_actor(d, id, name, acronym);
	free(id);
	free(name);
	free(acronym);
	return read_lists(a, r, o, prefix);
}

int discovery_parse(struct discovery *out, const char *name, const char *text,
                    size_t len)
{
	struct reader r = { .name = name };
	json_error_t je;
	json_t *root = json_loadb(text, len, 0, &je);
	const json_t *actors;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!root)
		return error_set(ERROR_PARSE, "%s:%d: not JSON (%s); fix it, or "
		                 "remove it to search again from scratch", name,
		                 je.line, je.text);
	actors = json_object_get(root, "actors");
	if (!json_is_object(root) || !json_is_array(actors))
		rc = bad(&r, "actors", "is missing or not an array");
	else
		rc = str_at(&out->updated_at, &r, root, "updated_at", true);
	for (size_t i = 0; rc == 0 && i < json_array_size(actors); i++)
		rc = read_actor(out, &r, json_array_get(actors, i), i);
	json_decref(root);
	if (rc < 0)
		discovery_clear(out);
	return rc;
}

int discovery_load(struct discovery *out, const char *dir)
{
	char *path = xasprintf("%s/%s", dir, DISCOVERY_FILE), *text = NULL;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = file_read(&text, &len, path, DISCOVERY_MAX);
	if (rc == ERROR_NOTFOUND)
		rc = 0;
	else if (rc == 0)
		rc = discovery_parse(out, path, text, len);
	free(text);
	free(path);
	return rc;
}
