/*
 * feed_check.c - what the feeds read of a repository's check report
 * (lib/report.h): the files found, the licence, the publiccode.yml
 * verdict, the findings. A record that was never checked (its probe
 * failed the first time) has no report: then no file counts as found.
 */
#include "output/feed_int.h"

bool feed_has_publiccode(const struct record_repo *r)
{
	return r->check && feed_nonempty(r->check->publiccode.path);
}

bool feed_has_readme(const struct record_repo *r)
{
	return r->check && feed_nonempty(r->check->readme.path);
}

bool feed_has_contributing(const struct record_repo *r)
{
	return r->check && feed_nonempty(r->check->community.contributing);
}

bool feed_has_changelog(const struct record_repo *r)
{
	return r->check && feed_nonempty(r->check->community.changelog);
}

size_t feed_license_files(const struct record_repo *r)
{
	return r->check ? r->check->license.nfiles : 0;
}

const char *feed_license_spdx(const struct record_repo *r)
{
	return r->check ? r->check->license.spdx : NULL;
}

const char *feed_license_category(const struct record_repo *r)
{
	return r->check ? r->check->license.category : NULL;
}

json_t *feed_license_authorized(const struct record_repo *r)
{
	if (!r->check || r->check->license.authorized == TRI_UNKNOWN)
		return json_null();
	return json_boolean(r->check->license.authorized == TRI_TRUE);
}

long feed_publiccode_errors(const struct record_repo *r)
{
	return r->check ? (long)report_count(r->check, "publiccode.",
	                                     LEVEL_ERROR) : 0;
}

/*
 * The publiccode section says valid true or false once the file was
 * validated; unknown means not decided by the validator, and then an
 * error-level publiccode finding still makes it invalid.
 */
const char *feed_publiccode_status(const struct record_repo *r)
{
	if (!feed_has_publiccode(r))
		return "absent";
	if (r->check->publiccode.valid == TRI_TRUE)
		return "valid";
	if (r->check->publiccode.valid == TRI_FALSE ||
	    feed_publiccode_errors(r) > 0)
		return "invalid";
	return "valid";
}

/* As `check --format json` prints them: report_to_json()'s, whole. */
json_t *feed_findings_json(const struct record_repo *r)
{
	json_t *report, *findings;

	if (!r->check)
		return json_array();
	report = report_to_json(r->check);
	findings = json_incref(json_object_get(report, "findings"));
	json_decref(report);
	return findings ? findings : json_array();
}

/*
 * code.gouv.fr's view of a file (the keys and the score): found by
 * ecosyste.ms's rules (the report's "codegouvfr" section,
 * crawler/checks/codegouvfr.c) or by ours, which see more in places
 * (README.md, "awesome-score" lists where). A report made before that
 * section existed has ours only.
 */
bool feed_cgf_has(const struct record_repo *r, enum feed_file f)
{
	const struct report_codegouvfr *x;

	if (!r->check)
		return false;
	x = &r->check->codegouvfr;
	switch (f) {
	case FEED_FILE_LICENSE:
		return feed_license_files(r) > 0 || feed_nonempty(x->license);
	case FEED_FILE_README:
		return feed_has_readme(r) || feed_nonempty(x->readme);
	case FEED_FILE_CONTRIBUTING:
		return feed_has_contributing(r) || feed_nonempty(x->contributing);
	case FEED_FILE_CHANGELOG:
		return feed_has_changelog(r) || feed_nonempty(x->changelog);
	case FEED_FILE_PUBLICCODE:
		return feed_has_publiccode(r) || feed_nonempty(x->publiccode);
	}
	return false;
}
