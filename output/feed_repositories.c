/*
 * feed_repositories.c - codegouvfr-repositories.{json,csv}: every
 * published repository (output/feed_view.c) under code.gouv.fr's long keys
 * (repositories-keys-mapping in src/codegouvfr/codegouvfr_output_data.clj,
 * codegouvfr/codegouvfr-output-data), then our check results.
 *
 * code.gouv.fr's keys come first, in the order of repositories-as-map in
 * codegouvfr_output_data.clj, with nil written as "" as it does. Our extra
 * keys follow; there null means "unknown" (e.g. the repository could not be
 * probed), which "" could not say.
 *
 * Two of code.gouv.fr's keys are also in our list of extras: `contributing`
 * keeps its meaning (a CONTRIBUTING file was found, boolean). `publiccode`
 * stays code.gouv.fr's boolean (the file is present) so that a reader of
 * their schema is not broken by a string; our verdict "absent" / "valid" /
 * "invalid" is `publiccode_status`. Where each value comes from:
 * README.md, "What it writes".
 */
#include "output/feed_int.h"

#include <stdlib.h>

/* CSV columns: every key of the JSON object except `findings`. */
static const char *const columns[] = {
	"awesome-score", "archived", "contributing", "description",
	"forks_count", "full_name", "fork", "language", "license", "repo_name",
	"owner", "platform", "publiccode", "template", "updated_at", "id",
	"license_spdx", "license_authorized", "license_category", "readme",
	"publiccode_status", "publiccode_errors", "changelog", "head",
	"checked_at", "stale", "last_seen", "actor", "ministry", "probe_error",
};

/* One repository under the long keys. */
static json_t *repo_long(const struct feed_repo *fr)
{
	const struct record_repo *r = fr->rec;
	bool probed = r->check != NULL;
	json_t *o = json_object();

	json_object_set_new(o, "awesome-score", json_integer(fr->score));
	json_object_set_new(o, "archived", json_boolean(r->repo.archived));
	json_object_set_new(o, "contributing",
	                    json_boolean(feed_cgf_has(r, FEED_FILE_CONTRIBUTING)));
	json_object_set_new(o, "description",
	                    feed_str_or_empty(r->repo.description));
	json_object_set_new(o, "forks_count",
	                    json_integer(r->repo.forks >= 0 ? r->repo.forks : 0));
	json_object_set_new(o, "full_name", feed_str_or_empty(r->repo.full_name));
	json_object_set_new(o, "fork", json_boolean(r->repo.fork));
	json_object_set_new(o, "language", feed_str_or_empty(r->repo.language));
	json_object_set_new(o, "license", feed_str_or_empty(feed_license_key(r)));
	json_object_set_new(o, "repo_name", feed_repo_name(r));
	json_object_set_new(o, "owner", feed_str_or_empty(fr->owner_url));
	json_object_set_new(o, "platform", feed_str_or_empty(r->repo.host));
	json_object_set_new(o, "publiccode",
	                    json_boolean(feed_cgf_has(r, FEED_FILE_PUBLICCODE)));
	json_object_set_new(o, "template", json_boolean(r->repo.template));
	json_object_set_new(o, "updated_at", feed_date(r->repo.updated_at));
	json_object_set_new(o, "id", feed_str_or_empty(r->repo.html_url));

	json_object_set_new(o, "license_spdx",
	                    feed_str_or_null(feed_license_spdx(r)));
	json_object_set_new(o, "license_authorized", feed_license_authorized(r));
	json_object_set_new(o, "license_category",
	                    feed_str_or_null(feed_license_category(r)));
	json_object_set_new(o, "readme", probed ?
	                    json_boolean(feed_has_readme(r)) : json_null());
	json_object_set_new(o, "publiccode_status", probed ?
	                    json_string(feed_publiccode_status(r)) : json_null());
	json_object_set_new(o, "publiccode_errors", probed ?
	                    json_integer(feed_publiccode_errors(r)) : json_null());
	json_object_set_new(o, "changelog", probed ?
	                    json_boolean(feed_has_changelog(r)) : json_null());
	json_object_set_new(o, "head", feed_str_or_null(r->head));
	json_object_set_new(o, "checked_at", feed_str_or_null(r->checked_at));
	json_object_set_new(o, "stale", json_boolean(r->stale));
	json_object_set_new(o, "last_seen", feed_str_or_null(r->last_seen));
	json_object_set_new(o, "actor",
	                    feed_str_or_null(r->actor ? r->actor->name : NULL));
	json_object_set_new(o, "ministry",
	                    feed_str_or_null(r->actor ? r->actor->ministry : NULL));
	json_object_set_new(o, "probe_error", feed_str_or_null(r->probe_error));
	json_object_set_new(o, "findings", feed_findings_json(r));
	return o;
}

json_t *feed_repositories_json(const struct inventory *inv)
{
	struct feed_view v;
	json_t *a = json_array();

	feed_view_build(&v, inv);
	for (size_t i = 0; i < v.nrepos; i++)
		json_array_append_new(a, repo_long(&v.repos[i]));
	feed_view_clear(&v);
	return a;
}

/* The JSON and the CSV a repository at a time: neither is ever whole in
 * memory (feed_int.h, struct feed_array). */
int feed_write_repositories(const char *dir, const struct inventory *inv)
{
	const size_t ncols = sizeof(columns) / sizeof(*columns);
	struct feed_view v;
	struct feed_array json;
	struct feed_text csv, sheet;
	struct buf row = BUF_INIT, srow = BUF_INIT;
	int e;

	if ((e = feed_array_open(&json, dir, FEED_REPOSITORIES_JSON, true)) < 0)
		return e;
	if ((e = feed_text_open(&csv, dir, FEED_REPOSITORIES_CSV)) < 0) {
		feed_array_abort(&json);
		return e;
	}
	if ((e = feed_text_open(&sheet, dir, FEED_REPOSITORIES_SHEET)) < 0) {
		feed_text_abort(&csv);
		feed_array_abort(&json);
		return e;
	}
	feed_view_build(&v, inv);
	feed_csv_header(&row, columns, ncols);
	feed_csv_header(&srow, columns, ncols);
	for (size_t i = 0; i < v.nrepos; i++) {
		json_t *o = repo_long(&v.repos[i]);

		feed_csv_row(&row, columns, ncols, o, false);
		feed_csv_row(&srow, columns, ncols, o, true);
		feed_array_add(&json, o);
		feed_text_add(&csv, &row);
		feed_text_add(&sheet, &srow);
	}
	feed_text_add(&csv, &row);
	feed_text_add(&sheet, &srow);
	buf_free(&row);
	buf_free(&srow);
	feed_view_clear(&v);
	if ((e = feed_array_commit(&json)) < 0) {
		feed_text_abort(&csv);
		feed_text_abort(&sheet);
		return e;
	}
	if ((e = feed_text_commit(&csv)) < 0) {
		feed_text_abort(&sheet);
		return e;
	}
	return feed_text_commit(&sheet);
}
