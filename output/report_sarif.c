/*
 * report_sarif.c - the report as SARIF 2.1.0
 * (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the
 * format GitHub code scanning uploads (github/codeql-action/upload-sarif).
 *
 * - Every result has a location in a real file, with a region: code
 *   scanning shows an alert on a line of a file of the repository, and
 *   most of our findings are about a file that is missing. Those point at
 *   the repository's anchor file (lib/report.h: the README, else
 *   .inventaire.yml, else the first file of the root), line 1.
 * - partialFingerprints (result object) let code scanning follow one
 *   result from run to run: the rule, the path, and a hash of the message
 *   with its digits left out (word counts, sizes and similarities change
 *   between runs; what the finding is about does not).
 * - A finding the repository's settings silenced is a result with a
 *   suppression (suppression object) of kind inSource: the decision lives
 *   in the repository, in .inventaire.yml, at the location given.
 * - Each rule (reportingDescriptor) has helpUri, its section of README.md
 *   on the web, and help in text and Markdown, in English then French.
 */
#include "output/report_out.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "version.h"

/* Keys of partialFingerprints name their method and its version. */
#define FINGERPRINT_KEY "inventaire/v1"

static const char *sarif_level(enum level l)
{
	return l == LEVEL_ERROR ? "error" : l == LEVEL_WARNING ? "warning" : "note";
}

/* Where a pathless finding points when the root has no file at all (a
 * branch with no commit): the file that should exist. */
static const char *expected_file(const char *rule)
{
	static const struct { const char *prefix, *file; } map[] = {
		{ "license.", "LICENSE" },
		{ "publiccode.", "publiccode.yml" },
		{ "community.contributing", "CONTRIBUTING.md" },
		{ "community.changelog", "CHANGELOG.md" },
		{ "community.code-of-conduct", "CODE_OF_CONDUCT.md" },
		{ "community.security", "SECURITY.md" },
		{ "settings.", ".inventaire.yml" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (!strncmp(rule, map[i].prefix, strlen(map[i].prefix)))
			return map[i].file;
	return "README.md";
}

/* PATH as a relative URI reference (RFC 3986): bytes outside the
 * unreserved and sub-delims sets, '/', ':' and '@' are percent-encoded. */
static char *uri_encode(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/!$&'()*+,;=:@", *p)) {
			buf_addc(&b, (char)*p);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		}
	}
	return buf_detach(&b);
}

static json_t *location_json(const char *path, unsigned line, unsigned column)
{
	char *uri = uri_encode(path);
	json_t *region = json_pack("{s:I}", "startLine",
	                           (json_int_t)(line ? line : 1));
	json_t *loc;

	if (line && column)
		json_object_set_new(region, "startColumn", json_integer(column));
	loc = json_pack("{s:{s:{s:s, s:s}, s:o}}", "physicalLocation",
	                "artifactLocation", "uri", uri, "uriBaseId", "%SRCROOT%",
	                "region", region);
	free(uri);
	return loc;
}

/* The README section that documents rule ID. */
static const char *help_anchor(const char *id)
{
	return !strncmp(id, "settings.", 9) ? "#per-repository-settings"
	                                    : "#rules";
}

static json_t *rule_json(const struct rule *r)
{
	const char *dot = strchr(r->id, '.');
	char *family = xasprintf("%.*s", dot ? (int)(dot - r->id)
	                                     : (int)strlen(r->id), r->id);
	char *uri = xasprintf("%s%s", INVENTAIRE_URL, help_anchor(r->id));
	/* The help in English, then in the user's language when it is not
	 * English (lib/i18n.h). */
	bool l10n = _(r->explain_en) != r->explain_en;
	char *text = l10n ? xasprintf("%s\n\n%s.\n%s", r->explain_en,
	                              _(r->summary_en), _(r->explain_en))
	                  : xstrdup(r->explain_en);
	char *md = l10n ? xasprintf("**%s**\n\n%s\n\n**%s.** %s\n\n"
	                            "[inventaire: %s](%s)", r->summary_en,
	                            r->explain_en, _(r->summary_en),
	                            _(r->explain_en), r->id, uri)
	                : xasprintf("**%s**\n\n%s\n\n[inventaire: %s](%s)",
	                            r->summary_en, r->explain_en, r->id, uri);
	json_t *o = json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:s, s:{s:s, s:s}, "
	                      "s:{s:s}, s:{s:[s, s]}}",
	                      "id", r->id,
	                      "name", r->id,
	                      "shortDescription", "text", _(r->summary_en),
	                      "fullDescription", "text", _(r->explain_en),
	                      "helpUri", uri,
	                      "help", "text", text, "markdown", md,
	                      "defaultConfiguration", "level", sarif_level(r->level),
	                      "properties", "tags", "inventaire", family);

	free(family);
	free(uri);
	free(text);
	free(md);
	return o;
}

/* FNV-1a, 64 bits (http://www.isthe.com/chongo/tech/comp/fnv/): stable
 * across machines and versions, which is all a fingerprint needs. */
static uint64_t fnv1a(uint64_t h, const char *s, bool skip_digits)
{
	for (; *s; s++) {
		if (skip_digits && *s >= '0' && *s <= '9')
			continue;
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	/* A separator, so that ("ab", "c") and ("a", "bc") differ. */
	h ^= 0xff;
	return h * 0x100000001b3ULL;
}

static uint64_t finding_hash(const struct finding *f)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = fnv1a(h, f->rule, false);
	h = fnv1a(h, f->path ? f->path : "", false);
	return fnv1a(h, f->message, true);
}

/*
 * "HASH:N": N counts the results of this run with the same hash, from 1, so
 * that two findings alike (the same error on two lines) stay two results,
 * as GitHub's own primaryLocationLineHash does.
 */
static json_t *fingerprint_json(const struct report *r, size_t i)
{
	uint64_t h = finding_hash(&r->findings[i]);
	unsigned n = 1;
	char v[40];

	for (size_t k = 0; k < i; k++)
		n += finding_hash(&r->findings[k]) == h;
	snprintf(v, sizeof(v), "%016llx:%u", (unsigned long long)h, n);
	return json_pack("{s:s}", FINGERPRINT_KEY, v);
}

static json_t *suppression_json(const struct finding_setting *s)
{
	char *why = s->until ? xasprintf(_("%s (until %s)"), s->reason,
	                                 s->until)
	                     : xstrdup(s->reason ? s->reason : "");
	json_t *o = json_pack("{s:s, s:s, s:s, s:o}",
	                      "kind", "inSource",
	                      "status", "accepted",
	                      "justification", why,
	                      "location", location_json(s->path ? s->path
	                                                : ".inventaire.yml",
	                                                s->line, s->column));

	free(why);
	return o;
}

/* Facts for people that SARIF has no property for. */
static json_t *properties_json(const struct finding *f)
{
	json_t *o = json_object();

	if (f->fix)
		json_object_set_new(o, "fix", json_string(finding_fix(f)));
	if (f->setting && !f->setting->off) {
		json_object_set_new(o, "levelChangedFrom",
		                    json_string(level_name(f->setting->from)));
		json_object_set_new(o, "levelChangedBecause",
		                    json_string(f->setting->reason ?
		                                f->setting->reason : ""));
	}
	if (json_object_size(o))
		return o;
	json_decref(o);
	return NULL;
}

static json_t *result_json(const struct report *r, size_t i, long index)
{
	const struct finding *f = &r->findings[i];
	const char *anchor = r->repository.anchor;
	const char *path = f->path ? f->path : anchor ? anchor
	                   : expected_file(f->rule);
	json_t *o, *props;

	o = json_pack("{s:s, s:s, s:{s:s}, s:[o]}",
	              "ruleId", f->rule,
	              "level", sarif_level(f->level),
	              "message", "text", finding_message(f),
	              "locations", location_json(path, f->path ? f->line : 0,
	                                         f->path ? f->column : 0));
	if (index >= 0)
		json_object_set_new(o, "ruleIndex", json_integer(index));
	json_object_set_new(o, "partialFingerprints", fingerprint_json(r, i));
	if (finding_suppressed(f))
		json_object_set_new(o, "suppressions",
		                    json_pack("[o]", suppression_json(f->setting)));
	if ((props = properties_json(f)))
		json_object_set_new(o, "properties", props);
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
		json_array_append_new(results, result_json(r, i, index));
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
	err = json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	                 REPORT_REAL_PRECISION);
	fputc('\n', f);
	json_decref(doc);
	return err;
}
