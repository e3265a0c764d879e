/* report_json.c - the report as JSON (check --format json, issue 2). */
#include "output/report_out.h"

#include <string.h>

json_t *finding_json(const struct finding *f)
{
	return json_pack("{s:s, s:s, s:s?, s:I, s:I, s:s, s:s?}",
	                 "rule", f->rule,
	                 "level", level_name(f->level),
	                 "path", f->path,
	                 "line", (json_int_t)f->line,
	                 "column", (json_int_t)f->column,
	                 "message", f->message,
	                 "fix", f->fix);
}

json_t *report_json(const struct report *r)
{
	static const char *const sections[] = {
		"license", "readme", "publiccode", "community",
	};
	json_t *o = json_object(), *findings = json_array();
	size_t count[3] = { 0, 0, 0 };
	const char *key;
	json_t *value;

	json_object_set(o, "repository", r->repository);
	/* The documented sections first, in a fixed order, then any other. */
	for (size_t i = 0; i < sizeof(sections) / sizeof(*sections); i++) {
		json_t *s = json_object_get(r->sections, sections[i]);
		json_object_set_new(o, sections[i], s ? json_incref(s) : json_null());
	}
	json_object_foreach(r->sections, key, value)
		if (!json_object_get(o, key))
			json_object_set(o, key, value);
	for (size_t i = 0; i < r->nfindings; i++) {
		json_array_append_new(findings, finding_json(&r->findings[i]));
		count[r->findings[i].level]++;
	}
	json_object_set_new(o, "summary", json_pack("{s:I, s:I, s:I}",
	                    "errors", (json_int_t)count[LEVEL_ERROR],
	                    "warnings", (json_int_t)count[LEVEL_WARNING],
	                    "info", (json_int_t)count[LEVEL_INFO]));
	json_object_set_new(o, "findings", findings);
	return o;
}

int report_write_json(FILE *f, const struct report *r)
{
	json_t *o = report_json(r);
	int err = json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(o);
	fputc('\n', f);
	return err;
}
