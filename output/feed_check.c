/*
 * feed_check.c - what the feeds read of a repository's check report
 * (lib/report.h): the files found, the licence, the publiccode.yml
 * verdict. A record that was never checked (its probe failed the first
 * time) has no report: then no file counts as found.
 */
#include "output/feed_int.h"

#include <string.h>

#include "output/report_out.h"

/* The string at SECTION.KEY of R's check, or NULL. */
static const char *check_str(const struct record_repo *r, const char *section,
                             const char *key)
{
	const json_t *s = r->check ? json_object_get(r->check->sections, section)
	                           : NULL;

	return json_string_value(json_object_get(s, key));
}

bool feed_has_publiccode(const struct record_repo *r)
{
	return feed_nonempty(check_str(r, "publiccode", "path"));
}

bool feed_has_readme(const struct record_repo *r)
{
	return feed_nonempty(check_str(r, "readme", "path"));
}

bool feed_has_contributing(const struct record_repo *r)
{
	return feed_nonempty(check_str(r, "community", "contributing"));
}

bool feed_has_changelog(const struct record_repo *r)
{
	return feed_nonempty(check_str(r, "community", "changelog"));
}

size_t feed_license_files(const struct record_repo *r)
{
	const json_t *s = r->check ? json_object_get(r->check->sections, "license")
	                           : NULL;

	return json_array_size(json_object_get(s, "files"));
}

const char *feed_license_spdx(const struct record_repo *r)
{
	return check_str(r, "license", "spdx");
}

const char *feed_license_category(const struct record_repo *r)
{
	return check_str(r, "license", "category");
}

json_t *feed_license_authorized(const struct record_repo *r)
{
	const json_t *s = r->check ? json_object_get(r->check->sections, "license")
	                           : NULL;
	const json_t *v = json_object_get(s, "authorized");

	return json_is_boolean(v) ? json_boolean(json_is_true(v)) : json_null();
}

long feed_publiccode_errors(const struct record_repo *r)
{
	long n = 0;

	for (size_t i = 0; r->check && i < r->check->nfindings; i++) {
		const struct finding *f = &r->check->findings[i];

		if (f->level == LEVEL_ERROR && f->rule &&
		    strncmp(f->rule, "publiccode.", 11) == 0)
			n++;
	}
	return n;
}

/*
 * The check's publiccode section says "valid": true/false once the file
 * was validated; null means not decided by the validator, and then an
 * error-level publiccode finding still makes it invalid.
 */
const char *feed_publiccode_status(const struct record_repo *r)
{
	const json_t *s = r->check ? json_object_get(r->check->sections,
	                                             "publiccode") : NULL;
	const json_t *valid = json_object_get(s, "valid");

	if (!feed_has_publiccode(r))
		return "absent";
	if (json_is_true(valid))
		return "valid";
	if (json_is_false(valid) || feed_publiccode_errors(r) > 0)
		return "invalid";
	return "valid";
}

json_t *feed_findings_json(const struct record_repo *r)
{
	json_t *a = json_array();

	for (size_t i = 0; r->check && i < r->check->nfindings; i++)
		json_array_append_new(a, finding_json(&r->check->findings[i]));
	return a;
}
