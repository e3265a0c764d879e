/*
 * report_sarif.c - the report as SARIF 2.1.0
 * (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the
 * format GitHub code scanning uploads (github/codeql-action/upload-sarif).
 *
 * GitHub refuses a result without a location, and most of our findings are
 * about a file that is missing; such results point at the file that should
 * exist (README.md for readme.missing), which is where the fix goes.
 */
#include "output/report_out.h"

#include <string.h>

#include "version.h"


static const char *sarif_level(enum level l)
{
	return l == LEVEL_ERROR ? "error" : l == LEVEL_WARNING ? "warning" : "note";
}

/* The file a pathless finding is about (see the comment at the top). */
static const char *expected_file(const char *rule)
{
	static const struct { const char *prefix, *file; } map[] = {
		{ "license.", "LICENSE" },
		{ "readme.", "README.md" },
		{ "publiccode.", "publiccode.yml" },
		{ "community.contributing", "CONTRIBUTING.md" },
		{ "community.changelog", "CHANGELOG.md" },
		{ "community.code-of-conduct", "CODE_OF_CONDUCT.md" },
		{ "community.security", "SECURITY.md" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (!strncmp(rule, map[i].prefix, strlen(map[i].prefix)))
			return map[i].file;
	return ".";
}

static json_t *rule_json(const struct rule *r)
{
	return json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:[s]}}",
	                 "id", r->id,
	                 "name", r->id,
	                 "shortDescription", "text", r->summary_en,
	                 "fullDescription", "text", r->explain_en,
	                 "help", "text", r->explain_en,
	                 "defaultConfiguration", "level", sarif_level(r->level),
	                 "properties", "tags", "inventaire");
}

static json_t *result_json(const struct finding *f, long index)
{
	json_t *loc = json_pack("{s:{s:s, s:s}}", "artifactLocation",
	                        "uri", f->path ? f->path : expected_file(f->rule),
	                        "uriBaseId", "%SRCROOT%");
	json_t *o;

	if (f->line)
		json_object_set_new(loc, "region", json_pack("{s:I, s:I}",
		                    "startLine", (json_int_t)f->line,
		                    "startColumn", (json_int_t)(f->column ? f->column : 1)));
	o = json_pack("{s:s, s:s, s:{s:s}, s:[{s:o}]}",
	              "ruleId", f->rule,
	              "level", sarif_level(f->level),
	              "message", "text", f->message,
	              "locations", "physicalLocation", loc);
	if (index >= 0)
		json_object_set_new(o, "ruleIndex", json_integer(index));
	if (f->fix)
		json_object_set_new(o, "properties", json_pack("{s:s}", "fix", f->fix));
	return o;
}

int report_write_sarif(FILE *f, const struct report *r,
                       const struct rule_set *rules)
{
	json_t *jrules = json_array(), *results = json_array(), *doc;
	int err;

	for (size_t i = 0; i < rules->n; i++)
		json_array_append_new(jrules, rule_json(rules->v[i]));
	for (size_t i = 0; i < r->nfindings; i++) {
		long index = -1;
		for (size_t j = 0; j < rules->n; j++)
			if (!strcmp(rules->v[j]->id, r->findings[i].rule))
				index = (long)j;
		json_array_append_new(results, result_json(&r->findings[i], index));
	}
	doc = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:o}]}",
	                "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
	                "version", "2.1.0",
	                "runs",
	                "tool", "driver",
	                "name", "inventaire",
	                "version", INVENTAIRE_VERSION,
	                "informationUri", INVENTAIRE_URL,
	                "rules", jrules,
	                "results", results);
	err = json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	json_decref(doc);
	return err;
}
