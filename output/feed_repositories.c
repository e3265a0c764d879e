/*
 * feed_repositories.c - codegouvfr-repositories.{json,csv}: every
 * repository of the inventory under code.gouv.fr's long keys
 * (NOTES.md §b.3, repositories-keys-mapping), then our check results.
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
 * "invalid" is `publiccode_status`.
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

static json_t *bool_or_null(const json_t *v)
{
	return json_is_boolean(v) ? json_boolean(json_is_true(v)) : json_null();
}

static json_t *repo_long(const json_t *rec)
{
	const json_t *check = FEED_GET(rec, "check");
	bool probed = json_is_object(check);
	const json_t *findings = FEED_GET(check, "findings");
	json_t *o = json_object();

	json_object_set_new(o, "awesome-score",
	                    json_integer(feed_awesome_score(rec)));
	json_object_set_new(o, "archived",
	                    json_boolean(FEED_TRUE(rec, "repo", "archived")));
	json_object_set_new(o, "contributing",
	                    json_boolean(FEED_HAS(check, "community", "contributing")));
	json_object_set_new(o, "description",
	                    feed_str_or_empty(FEED_STR(rec, "repo", "description")));
	json_object_set_new(o, "forks_count",
	                    json_integer(feed_int_at(FEED_GET(rec, "repo", "forks"), 0)));
	json_object_set_new(o, "full_name",
	                    feed_str_or_empty(FEED_STR(rec, "repo", "full_name")));
	json_object_set_new(o, "fork", json_boolean(FEED_TRUE(rec, "repo", "fork")));
	json_object_set_new(o, "language",
	                    feed_str_or_empty(FEED_STR(rec, "repo", "language")));
	json_object_set_new(o, "license",
	                    feed_str_or_empty(FEED_STR(rec, "repo", "license")));
	json_object_set_new(o, "repo_name", feed_repo_name(rec));
	json_object_set_new(o, "owner", feed_repo_owner_url(rec));
	json_object_set_new(o, "platform",
	                    feed_str_or_empty(FEED_STR(rec, "repo", "host")));
	json_object_set_new(o, "publiccode",
	                    json_boolean(FEED_HAS(check, "publiccode", "path")));
	json_object_set_new(o, "template",
	                    json_boolean(FEED_TRUE(rec, "repo", "template")));
	json_object_set_new(o, "updated_at",
	                    feed_str_or_empty(FEED_STR(rec, "repo", "updated_at")));
	json_object_set_new(o, "id",
	                    feed_str_or_empty(FEED_STR(rec, "repo", "html_url")));

	json_object_set_new(o, "license_spdx",
	                    feed_str_or_null(FEED_STR(check, "license", "spdx")));
	json_object_set_new(o, "license_authorized",
	                    bool_or_null(FEED_GET(check, "license", "authorized")));
	json_object_set_new(o, "license_category",
	                    feed_str_or_null(FEED_STR(check, "license", "category")));
	json_object_set_new(o, "readme", probed ?
	                    json_boolean(FEED_HAS(check, "readme", "path")) : json_null());
	json_object_set_new(o, "publiccode_status", probed ?
	                    json_string(feed_publiccode_status(rec)) : json_null());
	json_object_set_new(o, "publiccode_errors", probed ?
	                    json_integer(feed_publiccode_errors(rec)) : json_null());
	json_object_set_new(o, "changelog", probed ?
	                    json_boolean(FEED_HAS(check, "community", "changelog")) : json_null());
	json_object_set_new(o, "head", feed_str_or_null(FEED_STR(rec, "head")));
	json_object_set_new(o, "checked_at",
	                    feed_str_or_null(FEED_STR(rec, "checked_at")));
	json_object_set_new(o, "stale", json_boolean(FEED_TRUE(rec, "stale")));
	json_object_set_new(o, "last_seen",
	                    feed_str_or_null(FEED_STR(rec, "last_seen")));
	json_object_set_new(o, "actor",
	                    feed_str_or_null(FEED_STR(rec, "actor", "name")));
	json_object_set_new(o, "ministry",
	                    feed_str_or_null(FEED_STR(rec, "actor", "ministry")));
	json_object_set_new(o, "probe_error",
	                    feed_str_or_null(FEED_STR(rec, "probe_error")));
	json_object_set_new(o, "findings", json_is_array(findings) ?
	                    json_deep_copy(findings) : json_array());
	return o;
}

static const struct feed_sort_key by_host_name = {
	{ "repo", "host", NULL }, { "repo", "full_name", NULL },
};

int feed_repositories_json(json_t **out, char **err, const json_t *repos)
{
	const json_t **v;
	size_t n;
	int e;

	*out = NULL;
	if ((e = feed_sorted(&v, &n, err, repos, "repositories", &by_host_name)) < 0)
		return e;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, repo_long(v[i]));
	free(v);
	return 0;
}

int feed_write_repositories(char **err, const char *dir, const json_t *repos)
{
	struct buf csv = BUF_INIT;
	json_t *a;
	int e;

	if ((e = feed_repositories_json(&a, err, repos)) < 0)
		return e;
	e = feed_write_json(err, dir, FEED_REPOSITORIES_JSON, a, true);
	if (e == 0) {
		feed_csv_table(&csv, columns, sizeof(columns) / sizeof(*columns), a);
		e = feed_write_text(err, dir, FEED_REPOSITORIES_CSV, csv.data,
		                    csv.len);
		buf_free(&csv);
	}
	json_decref(a);
	return e;
}
