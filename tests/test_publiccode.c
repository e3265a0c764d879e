/*
 * test_publiccode.c - tests crawler/publiccode/: every rule and message of
 * the reference parser (italia/publiccode-parser-go v5), with key, line,
 * column and
 * description, on the small files in tests/publiccode/; hostile inputs
 * (generated here); the reference example; the check inside a tree.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crawler/checks/checks.h"
#include "crawler/publiccode/publiccode.h"
#include "crawler/publiccode/publiccode_values.h"
#include "lib/report.h"
#include "crawler/tree/tree.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/file.h"

struct expect {
	enum pc_type type;
	const char *key;
	unsigned line, column;
	const char *description;  /* NULL: any (libyaml's own wording);
	                           * "@DIR@" stands for the files' folder */
};

struct file_case {
	const char *name;          /* tests/publiccode/NAME.yml */
	struct expect e[6];        /* in order; ends with a NULL key */
};

/* Expected results, checked against the reference parser rule by rule. */
static const struct file_case cases[] = {
	{ "audience_countries", {
		{ PC_ERROR, "intendedAudience.countries[2]", 37, 7, "countries[2] must be a valid ISO 3166-1 alpha-2 two-letter country code" },
		{ PC_ERROR, "intendedAudience.unsupportedCountries[0]", 39, 7, "unsupportedCountries[0] must be a valid ISO 3166-1 alpha-2 two-letter country code" },
		{ PC_WARNING, "intendedAudience.countries[1]", 36, 7, "Lowercase country codes are DEPRECATED. Use uppercase instead ('FR')" },
	} },
	{ "audience_scope_unknown", {
		{ PC_ERROR, "intendedAudience.scope[1]", 36, 7, "scope[1] must be a valid scope (see https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/scope-list.rst)" },
	} },
	{ "authors_and_repo_owner", {
		{ PC_WARNING, "legal.authorsFile", 24, 3, "This key is DEPRECATED and will be removed in the future. It's safe to drop it" },
		{ PC_WARNING, "legal.repoOwner", 23, 3, "This key is DEPRECATED and will be removed in the future. Use 'organisation.name' instead" },
	} },
	{ "authors_file_missing", {
		{ PC_WARNING, "legal.authorsFile", 23, 3, "This key is DEPRECATED and will be removed in the future. It's safe to drop it" },
		{ PC_ERROR, "legal.authorsFile", 23, 3, "'@DIR@/NOAUTHORS' does not exist: no such file: @DIR@/NOAUTHORS" },
	} },
	{ "available_languages_empty", {
		{ PC_ERROR, "localisation.availableLanguages", 30, 3, "availableLanguages must contain more than 0 items" },
	} },
	{ "available_languages_invalid", {
		{ PC_ERROR, "localisation.availableLanguages[1]", 32, 7, "availableLanguages[1] must be a valid BCP 47 language" },
		{ PC_ERROR, "localisation.availableLanguages[2]", 33, 7, "availableLanguages[2] must be a valid BCP 47 language" },
	} },
	{ "available_languages_missing", {
		{ PC_ERROR, "localisation.availableLanguages", 29, 3, "availableLanguages is a required field" },
	} },
	{ "bool_false_ok", { { 0 } } },
	{ "bool_yaml11_yes", {
		{ PC_ERROR, "localisation.localisationReady", 29, 1, "wrong type for this field" },
		{ PC_ERROR, "localisation.localisationReady", 29, 3, "localisationReady is a required field" },
		{ PC_ERROR, "localisation.availableLanguages", 30, 3, "availableLanguages is a required field" },
	} },
	{ "categories_empty_ok", { { 0 } } },
	{ "categories_unknown", {
		{ PC_ERROR, "categories[0]", 9, 5, "categories[0] must be a valid category (see https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/categories-list.rst)" },
	} },
	/* goccy/go-yaml: a plain float goes through Go's fmt.Sprint */
	{ "ce_version_plain_float_1_0_reads_as_1", {
		{ PC_ERROR, "IT.countryExtensionVersion", 34, 3, "countryExtensionVersion must be one of the following: \"0.2\" or \"1.0\"" },
	} },
	{ "ce_version_plain_float_0_2_reads_as_0_2", { { 0 } } },
	{ "community_without_contacts", {
		{ PC_ERROR, "maintenance.contacts", 24, 3, "contacts is a required field when \"type\" is \"community\"" },
	} },
	{ "internal_without_contacts", {
		{ PC_ERROR, "maintenance.contacts", 24, 3, "contacts is a required field when \"type\" is \"internal\"" },
	} },
	{ "contacts_fields", {
		{ PC_ERROR, "maintenance.contacts[0].name", 26, 7, "name is a required field" },
		{ PC_ERROR, "maintenance.contacts[0].email", 27, 7, "email must be a valid email address" },
	} },
	{ "contract_without_contractors", {
		{ PC_ERROR, "maintenance.contractors", 24, 3, "contractors is a required field when \"type\" is \"contract\"" },
	} },
	{ "contractors_fields", {
		{ PC_ERROR, "maintenance.contractors[0].name", 26, 7, "name is a required field" },
		{ PC_ERROR, "maintenance.contractors[0].email", 26, 7, "email must be a valid email address" },
		{ PC_ERROR, "maintenance.contractors[0].website", 27, 7, "website must be an HTTP URL" },
		{ PC_ERROR, "maintenance.contractors[0].until", 26, 7, "until is a required field" },
		{ PC_ERROR, "maintenance.contractors[1].until", 29, 7, "until must be a date with format 'YYYY-MM-DD'" },
	} },
	{ "contractors_is_a_map", {
		{ PC_ERROR, "maintenance.contractors", 25, 1, "wrong type for this field" },
		{ PC_ERROR, "maintenance.type", 24, 3, "type is a required field" },
	} },
	{ "contractors_when_internal", {
		{ PC_ERROR, "maintenance.contractors", 25, 3, "contractors must not be present unless \"type\" is \"contract\"" },
	} },
	{ "depends_on_name_missing", {
		{ PC_ERROR, "dependsOn.open[1].name", 37, 7, "name is a required field" },
	} },
	{ "description_bracket_key_quirk", {
		{ PC_ERROR, "description[fr-FR].shortDescription", 14, 5, "shortDescription must be a maximum of 150 characters in length" },
	} },
	{ "description_key_not_bcp47", {
		{ PC_ERROR, "description", 12, 1, "description must be a valid BCP 47 language" },
	} },
	{ "description_key_underscore", {
		{ PC_ERROR, "description", 12, 1, "description must be a valid BCP 47 language" },
	} },
	{ "description_missing", {
		{ PC_ERROR, "description", 1, 1, "description must contain more than 0 items" },
	} },
	{ "description_optional_fields_ok", {
		{ PC_WARNING, "description.fr.genericName", 20, 5, "This key is DEPRECATED and will be removed in the future. It's safe to drop it" },
	} },
	{ "development_status_missing", {
		{ PC_ERROR, "developmentStatus", 1, 1, "developmentStatus is a required field" },
	} },
	{ "development_status_unknown", {
		{ PC_ERROR, "developmentStatus", 10, 1, "developmentStatus must be one of the following: \"concept\", \"development\", \"beta\", \"stable\" or \"obsolete\"" },
	} },
	{ "documentation_not_http", {
		{ PC_ERROR, "description.fr.documentation", 19, 5, "documentation must be an HTTP URL" },
		{ PC_ERROR, "description.fr.apiDocumentation", 20, 5, "apiDocumentation must be an HTTP URL" },
	} },
	{ "duplicate_key", {
		{ PC_ERROR, "", 12, 1, "mapping key \"softwareType\" already defined at [11:1]" },
	} },
	{ "empty_document", {
		{ PC_ERROR, "publiccodeYmlVersion", 0, 0, "publiccodeYmlVersion is a required field" },
	} },
	{ "features_is_a_string", {
		{ PC_ERROR, "description.fr.features", 19, 1, "wrong type for this field" },
		{ PC_ERROR, "description", 12, 1, "description must contain more than 0 items" },
	} },
	{ "features_missing", {
		{ PC_ERROR, "description.fr.features", 14, 5, "features must contain more than 0 items" },
	} },
	{ "first_error_in_field_order", {
		{ PC_ERROR, "name", 2, 1, "wrong type for this field" },
		{ PC_ERROR, "name", 2, 1, "name is a required field" },
	} },
	{ "funded_by_ok", { { 0 } } },
	{ "funded_by_uri_missing", {
		{ PC_ERROR, "fundedBy[0].uri", 34, 5, "uri is a required field" },
	} },
	{ "generic_name_too_long", {
		{ PC_ERROR, "description.fr.genericName", 19, 5, "genericName must be a maximum of 35 characters in length" },
		{ PC_WARNING, "description.fr.genericName", 19, 5, "This key is DEPRECATED and will be removed in the future. It's safe to drop it" },
	} },
	{ "input_types_invalid", {
		{ PC_ERROR, "inputTypes[1]", 35, 5, "inputTypes[1] is not a valid MIME type" },
		{ PC_WARNING, "inputTypes", 33, 1, "This key is DEPRECATED and will be removed in the future. It's safe to drop it" },
	} },
	{ "is_based_on_list", {
		{ PC_ERROR, "isBasedOn[1]", 35, 5, "isBasedOn[1] must be a valid URL" },
	} },
	{ "is_based_on_string_invalid", {
		{ PC_ERROR, "isBasedOn[0]", 33, 1, "isBasedOn[0] must be a valid URL" },
	} },
	{ "it_both", {
		{ PC_WARNING, "it", 36, 1, "Lowercase country codes are DEPRECATED and will be removed in the future. Use 'IT' instead" },
		{ PC_ERROR, "it", 36, 1, "'IT' key already present. Remove this key" },
	} },
	{ "it_lowercase", {
		{ PC_WARNING, "it", 33, 1, "Lowercase country codes are DEPRECATED and will be removed in the future. Use 'IT' instead" },
	} },
	{ "it_section", {
		{ PC_ERROR, "IT.countryExtensionVersion", 34, 3, "countryExtensionVersion must be one of the following: \"0.2\" or \"1.0\"" },
		{ PC_ERROR, "IT.riuso.codiceIPA", 38, 5, "codiceIPA must be a valid Italian Public Administration Code (iPA) (see https://github.com/publiccodeyml/italian-organizations-ipa-vocabulary)" },
		{ PC_WARNING, "IT.conforme", 35, 3, "This key is DEPRECATED and will be removed in the future. It's safe to drop it" },
	} },
	{ "it_section_valid_ipa", {
		{ PC_WARNING, "IT.riuso.codiceIPA", 36, 5, "This key is DEPRECATED and will be removed in the future. Use 'organisation.uri' and set it to 'urn:x-italian-pa:pcm' instead" },
	} },
	{ "landing_url_not_http", {
		{ PC_ERROR, "landingURL", 4, 1, "landingURL must be an HTTP URL" },
	} },
	{ "legal_flow_empty", {
		{ PC_ERROR, "legal.license", 21, 8, "license is a required field" },
	} },
	{ "legal_list", {
		{ PC_ERROR, "legal", 21, 1, "wrong type for this field" },
		{ PC_ERROR, "legal.license", 21, 8, "license is a required field" },
	} },
	{ "legal_missing", {
		{ PC_ERROR, "legal.license", 0, 0, "license is a required field" },
	} },
	{ "license_expression_ok", { { 0 } } },
	{ "license_invalid", {
		{ PC_ERROR, "legal.license", 22, 3, "license must be a valid license (see https://spdx.org/licenses)" },
	} },
	{ "license_missing", {
		{ PC_ERROR, "legal.license", 22, 3, "license is a required field" },
	} },
	{ "localisation_ready_missing", {
		{ PC_ERROR, "localisation.localisationReady", 29, 3, "localisationReady is a required field" },
	} },
	{ "logo_absolute", {
		{ PC_ERROR, "logo", 33, 1, "is an absolute path. Only relative paths or HTTP(s) URLs allowed" },
	} },
	{ "logo_bad_extension", {
		{ PC_ERROR, "logo", 33, 1, "invalid file extension for: @DIR@/img/logo.gif" },
	} },
	{ "logo_file_url", {
		{ PC_ERROR, "logo", 33, 1, "is a file:// URL. Only relative paths or HTTP(s) URLs allowed" },
	} },
	{ "logo_missing", {
		{ PC_ERROR, "logo", 33, 1, "no such file: @DIR@/img/nologo.svg" },
	} },
	{ "logo_ok", { { 0 } } },
	{ "logo_png_not_png", {
		{ PC_ERROR, "logo", 33, 1, "image: unknown format" },
	} },
	{ "logo_remote_offline", { { 0 } } },
	{ "long_description_missing", {
		{ PC_ERROR, "description.fr.longDescription", 14, 5, "longDescription is a required field" },
	} },
	{ "long_description_too_long", {
		{ PC_ERROR, "description.fr.longDescription", 15, 5, "longDescription must be a maximum of 10000 characters in length" },
	} },
	{ "long_description_too_short", {
		{ PC_ERROR, "description.fr.longDescription", 15, 5, "longDescription must be at least 150 characters in length" },
	} },
	{ "maintenance_type_missing", {
		{ PC_ERROR, "maintenance.type", 24, 3, "type is a required field" },
	} },
	{ "maintenance_type_unknown", {
		{ PC_ERROR, "maintenance.type", 24, 3, "type must be one of the following: \"internal\", \"contract\", \"community\" or \"none\"" },
	} },
	{ "monochrome_logo", {
		{ PC_WARNING, "monochromeLogo", 33, 1, "This key is DEPRECATED and will be removed in the future. Use 'logo' instead" },
	} },
	{ "name_empty", {
		{ PC_ERROR, "name", 2, 1, "name is a required field" },
	} },
	{ "name_is_a_list", {
		{ PC_ERROR, "name", 2, 1, "wrong type for this field" },
		{ PC_ERROR, "name", 2, 1, "name is a required field" },
	} },
	{ "name_is_an_int", { { 0 } } },
	{ "name_missing", {
		{ PC_ERROR, "name", 1, 1, "name is a required field" },
	} },
	{ "null_document", {
		{ PC_ERROR, "publiccodeYmlVersion", 0, 0, "publiccodeYmlVersion is a required field" },
	} },
	{ "organisation_flow_empty", {
		{ PC_ERROR, "organisation.uri", 33, 15, "uri is a required field" },
	} },
	{ "organisation_ipa_unknown", {
		{ PC_ERROR, "organisation.uri", 34, 3, "uri must be a valid Italian Public Administration Code (iPA) with format 'urn:x-italian-pa:[codiceIPA]' (see https://github.com/publiccodeyml/italian-organizations-ipa-vocabulary)" },
	} },
	{ "organisation_ok", { { 0 } } },
	{ "organisation_uri_invalid", {
		{ PC_ERROR, "organisation.uri", 34, 3, "uri is not a valid URI" },
	} },
	{ "organisation_uri_missing", {
		{ PC_ERROR, "organisation.uri", 34, 3, "uri is a required field" },
	} },
	{ "output_types_ok", {
		{ PC_WARNING, "outputTypes", 33, 1, "This key is DEPRECATED and will be removed in the future. It's safe to drop it" },
	} },
	{ "platforms_empty", {
		{ PC_ERROR, "platforms", 6, 1, "platforms must contain more than 0 items" },
	} },
	{ "platforms_free_values_ok", { { 0 } } },
	{ "platforms_is_a_string", {
		{ PC_ERROR, "platforms", 6, 1, "wrong type for this field" },
		{ PC_ERROR, "platforms", 6, 1, "platforms must contain more than 0 items" },
	} },
	{ "release_date_empty", {
		{ PC_ERROR, "releaseDate", 5, 1, "releaseDate must be a date with format 'YYYY-MM-DD'" },
	} },
	{ "release_date_invalid", {
		{ PC_ERROR, "releaseDate", 5, 1, "releaseDate must be a date with format 'YYYY-MM-DD'" },
	} },
	{ "release_date_with_time", {
		{ PC_ERROR, "releaseDate", 5, 1, "releaseDate must be a date with format 'YYYY-MM-DD'" },
	} },
	{ "roadmap_not_http", {
		{ PC_ERROR, "roadmap", 33, 1, "roadmap must be an HTTP URL" },
	} },
	{ "root_is_a_list", {
		{ PC_ERROR, "publiccodeYmlVersion", 0, 0, "publiccodeYmlVersion is a required field" },
	} },
	{ "screenshots", {
		{ PC_ERROR, "description.fr.screenshots[1]", 21, 9, "'img/screen.jpeg' is not an image: invalid file extension for: @DIR@/img/screen.jpeg" },
		{ PC_ERROR, "description.fr.screenshots[2]", 22, 9, "'img/missing.jpg' is not an image: no such file: @DIR@/img/missing.jpg" },
		{ PC_ERROR, "description.fr.screenshots[3]", 23, 9, "is an absolute path. Only relative paths or HTTP(s) URLs allowed" },
	} },
	{ "short_description_150_graphemes_ok", { { 0 } } },
	{ "short_description_missing", {
		{ PC_ERROR, "description.fr.shortDescription", 14, 5, "shortDescription is a required field" },
	} },
	{ "short_description_too_long", {
		{ PC_ERROR, "description.fr.shortDescription", 14, 5, "shortDescription must be a maximum of 150 characters in length" },
	} },
	{ "software_type_missing", {
		{ PC_ERROR, "softwareType", 1, 1, "softwareType is a required field" },
	} },
	{ "software_type_unknown", {
		{ PC_ERROR, "softwareType", 11, 1, "softwareType must be one of the following: \"standalone/mobile\", \"standalone/iot\", \"standalone/desktop\", \"standalone/web\", \"standalone/backend\", \"standalone/other\", \"addon\", \"library\" or \"configurationFiles\"" },
	} },
	{ "supports_id_missing", {
		{ PC_ERROR, "supports[0].id", 34, 5, "id is a required field" },
	} },
	{ "supports_invalid", {
		{ PC_ERROR, "supports[0].id", 34, 5, "id must be a known alias ('alias:<name>') or a valid URI (URL or URN)" },
	} },
	{ "supports_ok", { { 0 } } },
	{ "supports_unknown_alias", {
		{ PC_ERROR, "supports[0].id", 34, 5, "id contains an unknown alias (see https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/aliases-list.rst)" },
	} },
	{ "syntax_error", {
		{ PC_ERROR, "", 3, 1, "did not find expected ',' or ']' while parsing a flow sequence" },
	} },
	{ "two_documents", {
		{ PC_ERROR, "", 0, 0, "multiple YAML documents in one file are not supported" },
	} },
	{ "type_error_before_unknown", {
		{ PC_ERROR, "name", 2, 1, "wrong type for this field" },
		{ PC_ERROR, "name", 2, 1, "name is a required field" },
	} },
	{ "unknown_mixed_case_it", {
		{ PC_ERROR, "It", 33, 1, "unknown field \"It\"" },
	} },
	{ "unknown_nested_key", {
		{ PC_ERROR, "legal.licence", 23, 1, "unknown field \"licence\"" },
		{ PC_ERROR, "legal.license", 22, 3, "license is a required field" },
	} },
	{ "unknown_top_key", {
		{ PC_ERROR, "foobar", 33, 1, "unknown field \"foobar\"" },
	} },
	{ "url_invalid", {
		{ PC_ERROR, "url", 3, 1, "url must be a valid URL" },
	} },
	{ "url_missing", {
		{ PC_ERROR, "url", 1, 1, "url is a required field" },
	} },
	{ "url_urn_ok", { { 0 } } },
	{ "valid", { { 0 } } },
	{ "version_is_a_float", {
		{ PC_ERROR, "publiccodeYmlVersion", 1, 1, "wrong type for this field" },
	} },
	{ "version_is_a_list", {
		{ PC_ERROR, "publiccodeYmlVersion", 1, 1, "wrong type for this field" },
	} },
	{ "version_missing", {
		{ PC_ERROR, "publiccodeYmlVersion", 0, 0, "publiccodeYmlVersion is a required field" },
	} },
	{ "version_old", {
		{ PC_WARNING, "publiccodeYmlVersion", 1, 1, "v0.2 is not the latest version, use '0'. Parsing this file as v0.7." },
	} },
	{ "version_unsupported", {
		{ PC_ERROR, "publiccodeYmlVersion", 0, 0, "unsupported version: '1'. Supported versions: 0, 0.2, 0.2.0, 0.2.1, 0.2.2, 0.3, 0.3.0, 0.4, 0.4.0, 0.5.0, 0.5, 0.7.0, 0.7" },
	} },
	{ "version_zero_seven", { { 0 } } },
	{ "videos", {
		{ PC_ERROR, "description.fr.videos[2]", 22, 9, "videos[2] must be an HTTP URL" },
		{ PC_ERROR, "description.fr.videos[1]", 21, 9, "'https://videos.example.org/v/1' is not a valid video URL supporting oEmbed: invalid oEmbed link: https://videos.example.org/v/1" },
		{ PC_ERROR, "description.fr.videos[2]", 22, 9, "'rtmp://example.org/live' is not a valid video URL supporting oEmbed: invalid oEmbed link: rtmp://example.org/live" },
	} },
};

static char *files_dir(void)
{
	const char *t = getenv("TESTS_DIR");
	char *dir = xasprintf("%s/publiccode", t ? t : "tests");
	char *abs = realpath(dir, NULL);

	free(dir);
	assert_non_null(abs);
	return abs;
}

static char *slurp(size_t *len, const char *path)
{
	char *data;

	return file_read(&data, len, path, 0) == 0 ? data : NULL;
}

static void validate_buf(struct pc_results *r, const char *buf, size_t len,
                         const char *base_dir)
{
	struct pc_opts o = { .network = false, .base_dir = base_dir };

	*r = (struct pc_results)PC_RESULTS_INIT;
	assert_int_equal(publiccode_validate(r, buf, len, &o), 0);
}

static void print_results(const struct pc_results *r)
{
	for (size_t i = 0; i < r->n; i++) {
		char *s = pc_result_format(&r->v[i], "publiccode.yml");
		print_message("  got %s\n", s);
		free(s);
	}
}

static void run_file_case(void **state)
{
	const struct file_case *c = *state;
	char *dir = files_dir();
	char *path = xasprintf("%s/%s.yml", dir, c->name);
	struct pc_results r;
	size_t len, n = 0;
	char *buf = slurp(&len, path);

	assert_non_null(buf);
	validate_buf(&r, buf, len, dir);
	while (c->e[n].key)
		n++;
	if (r.n != n)
		print_results(&r);
	assert_int_equal(r.n, n);
	for (size_t i = 0; i < n; i++) {
		const struct expect *e = &c->e[i];
		const char *at = e->description ? strstr(e->description, "@DIR@")
		                                : NULL;

		assert_int_equal(r.v[i].type, e->type);
		assert_string_equal(r.v[i].key, e->key);
		assert_int_equal(r.v[i].line, e->line);
		assert_int_equal(r.v[i].column, e->column);
		if (at) {
			struct buf want = BUF_INIT;
			const char *p = e->description;
			while ((at = strstr(p, "@DIR@"))) {
				buf_add(&want, p, (size_t)(at - p));
				buf_adds(&want, dir);
				p = at + 5;
			}
			buf_adds(&want, p);
			assert_string_equal(r.v[i].description, want.data);
			buf_free(&want);
		} else if (e->description) {
			assert_string_equal(r.v[i].description, e->description);
		}
	}
	/* valid iff no result is an error (the reference's errors.go) */
	{
		bool errors = false;
		for (size_t i = 0; i < n; i++)
			errors |= c->e[i].type == PC_ERROR;
		assert_int_equal(pc_results_valid(&r), !errors);
	}
	pc_results_free(&r);
	free(buf);
	free(path);
	free(dir);
}

/* ---- hostile inputs ---- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void expect_single_error(const char *buf, size_t len, const char *key,
                                const char *needle)
{
	struct pc_results r;
	double t0 = now();

	validate_buf(&r, buf, len, NULL);
	/* "quickly": far below a second even under the sanitizers */
	assert_true(now() - t0 < 2.0);
	if (r.n != 1)
		print_results(&r);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].type, PC_ERROR);
	assert_string_equal(r.v[0].key, key);
	assert_non_null(strstr(r.v[0].description, needle));
	assert_false(pc_results_valid(&r));
	pc_results_free(&r);
}

static void non_utf8_input_is_invalid_utf8_and_nothing_else(void **state)
{
	static const char buf[] = "publiccodeYmlVersion: \"0\"\nname: caf\xe9\n";

	(void)state;
	expect_single_error(buf, sizeof(buf) - 1, "", "Invalid UTF-8");
}

static void billion_laughs_is_refused_quickly(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "publiccodeYmlVersion: \"0\"\n");
	buf_adds(&b, "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (int i = 1; i < 10; i++) {
		buf_addf(&b, "a%d: &a%d [", i, i);
		for (int k = 0; k < 9; k++)
			buf_addf(&b, "%s*a%d", k ? "," : "", i - 1);
		buf_adds(&b, "]\n");
	}
	expect_single_error(b.data, b.len, "", "expands to more than");
	buf_free(&b);
}

static void ten_thousand_levels_of_nesting_are_refused(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "publiccodeYmlVersion: \"0\"\nname: ");
	for (int i = 0; i < 10000; i++)
		buf_addc(&b, '[');
	for (int i = 0; i < 10000; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '\n');
	expect_single_error(b.data, b.len, "", "nesting deeper than");
	buf_free(&b);
	/* the same in block style: 10,000 indented mappings */
	buf_adds(&b, "publiccodeYmlVersion: \"0\"\n");
	for (int i = 0; i < 10000 && b.len < 900000; i++) {
		for (int k = 0; k < i % 80; k++)
			buf_addc(&b, ' ');
		buf_addf(&b, "k%d:\n", i);
		if (i % 80 == 79)
			break;
	}
	buf_adds(&b, "x\n");
	expect_single_error(b.data, b.len, "", "nesting deeper than");
	buf_free(&b);
}

static void a_file_over_one_mebibyte_is_refused_before_parsing(void **state)
{
	size_t len = PUBLICCODE_MAX_BYTES + 1;
	char *buf = xmalloc(len);

	(void)state;
	/* Not even YAML: proves nothing is parsed. */
	memset(buf, '\xff', len);
	expect_single_error(buf, len, "", "more than 1048576 bytes");
	free(buf);
}

static void several_documents_are_refused(void **state)
{
	static const char buf[] = "publiccodeYmlVersion: \"0\"\n---\nname: a\n"
	                          "---\nname: b\n";

	(void)state;
	expect_single_error(buf, sizeof(buf) - 1, "",
	                    "multiple YAML documents in one file are not "
	                    "supported");
}

static void many_aliases_are_refused(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "publiccodeYmlVersion: \"0\"\nusedBy: &u x\nplatforms: [");
	for (int i = 0; i < 1500; i++)
		buf_adds(&b, i ? ",*u" : "*u");
	buf_adds(&b, "]\n");
	expect_single_error(b.data, b.len, "", "more than 1000 aliases");
	buf_free(&b);
}

static void a_recursive_alias_or_unknown_anchor_is_an_error(void **state)
{
	static const char rec[] = "publiccodeYmlVersion: \"0\"\nplatforms: &p [*p]\n";
	static const char unk[] = "publiccodeYmlVersion: \"0\"\nplatforms: [*nope]\n";

	(void)state;
	expect_single_error(rec, sizeof(rec) - 1, "", "refers to a node");
	expect_single_error(unk, sizeof(unk) - 1, "", "unknown anchor");
}

static void benign_aliases_are_followed(void **state)
{
	char *dir = files_dir();
	char *path = xasprintf("%s/valid.yml", dir);
	size_t len;
	char *buf = slurp(&len, path);
	struct buf b = BUF_INIT;
	struct pc_results r;

	(void)state;
	/* usedBy takes its list from platforms' anchor */
	{
		char *p = strstr(buf, "platforms:\n");
		assert_non_null(p);
		buf_add(&b, buf, (size_t)(p - buf));
		buf_adds(&b, "platforms: &p\n");
		buf_adds(&b, p + strlen("platforms:\n"));
		buf_adds(&b, "usedBy: *p\n");
	}
	validate_buf(&r, b.data, b.len, NULL);
	if (r.n)
		print_results(&r);
	assert_int_equal(r.n, 0);
	pc_results_free(&r);
	buf_free(&b);
	free(buf);
	free(path);
	free(dir);
}

/* ---- acceptance: the reference parser's own example ---- */

static char *shared_example(size_t *len)
{
	const char *sd = getenv("SHARED_DATA");
	char *path, *buf;

	if (!sd)
		return NULL;
	path = xasprintf("%s/publiccode/parser/publiccode.yml", sd);
	buf = slurp(len, path);
	free(path);
	return buf;
}

static void the_reference_example_is_valid(void **state)
{
	struct pc_results r;
	size_t len;
	char *buf = shared_example(&len);

	(void)state;
	if (!buf) {
		print_message("SHARED_DATA/publiccode/parser/publiccode.yml is "
		              "missing: skipped\n");
		skip();
	}
	validate_buf(&r, buf, len, NULL);
	assert_true(pc_results_valid(&r));
	/* only the "0.5 is not the latest version" warning */
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].type, PC_WARNING);
	assert_string_equal(r.v[0].description, "v0.5 is not the latest version, "
	                    "use '0'. Parsing this file as v0.7.");
	assert_string_equal(r.version, "0.5");
	pc_results_free(&r);
	free(buf);
}

static void the_example_with_a_long_short_description_fails_at_its_key(void **state)
{
	static const char key[] = "    shortDescription: ";
	struct pc_results r;
	struct buf b = BUF_INIT;
	size_t len, line = 1;
	char *buf = shared_example(&len), *at, *eol;

	(void)state;
	if (!buf) {
		print_message("SHARED_DATA/publiccode/parser/publiccode.yml is "
		              "missing: skipped\n");
		skip();
	}
	at = strstr(buf, key);
	assert_non_null(at);
	for (char *c = buf; c < at; c++)
		line += *c == '\n';
	eol = strchr(at, '\n');
	buf_add(&b, buf, (size_t)(at - buf) + strlen(key));
	/* 151 graphemes, 302 code points: each a letter + combining accent */
	buf_addc(&b, '"');
	for (int i = 0; i < 151; i++)
		buf_adds(&b, "e\xcc\x81");
	buf_addc(&b, '"');
	buf_adds(&b, eol);
	validate_buf(&r, b.data, b.len, NULL);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.v[1].type, PC_ERROR);
	assert_string_equal(r.v[1].key, "description.en.shortDescription");
	assert_string_equal(r.v[1].description, "shortDescription must be a "
	                    "maximum of 150 characters in length");
	assert_int_equal(r.v[1].line, line);
	assert_int_equal(r.v[1].column, 5);
	pc_results_free(&r);
	buf_free(&b);
	free(buf);
}

/* ---- value checks (the reference's validators/) ---- */

static void spdx_expressions_follow_go_spdx(void **state)
{
	(void)state;
	assert_true(pc_is_spdx("MIT"));
	assert_true(pc_is_spdx("mit"));
	assert_true(pc_is_spdx("EUPL-1.2"));
	assert_true(pc_is_spdx("AGPL-3.0-or-later"));
	assert_true(pc_is_spdx("GPL-2.0+"));
	assert_true(pc_is_spdx("EUPL-1.2 OR AGPL-3.0-or-later"));
	assert_true(pc_is_spdx("MIT OR Apache-2.0"));
	assert_true(pc_is_spdx("MIT WITH Bison-exception-2.2"));
	assert_true(pc_is_spdx("GPL-2.0-only with Classpath-exception-2.0"));
	assert_true(pc_is_spdx("(MIT OR Apache-2.0) AND CECILL-2.1"));
	assert_true(pc_is_spdx("LicenseRef-ministere"));
	assert_true(pc_is_spdx("DocumentRef-a:LicenseRef-b"));
	assert_false(pc_is_spdx("mit and apache-2.0"));
	assert_false(pc_is_spdx("GPL-2.0 +"));
	assert_false(pc_is_spdx("Licence Ouverte"));
	assert_false(pc_is_spdx("(MIT OR Apache-2.0"));
	assert_false(pc_is_spdx("MIT WITH NotAnException"));
	assert_false(pc_is_spdx(""));
}

static void bcp47_tags_are_strict(void **state)
{
	(void)state;
	assert_true(pc_is_bcp47("en"));
	assert_true(pc_is_bcp47("fr-FR"));
	assert_true(pc_is_bcp47("zh-Hant-TW"));
	assert_true(pc_is_bcp47("es-419"));
	assert_true(pc_is_bcp47("sl-rozaj"));
	assert_true(pc_is_bcp47("zh-yue"));
	assert_true(pc_is_bcp47("i-klingon"));
	assert_true(pc_is_bcp47("x-private"));
	assert_true(pc_is_bcp47("de-DE-u-co-phonebk"));
	assert_false(pc_is_bcp47("eng"));
	assert_false(pc_is_bcp47("xxx"));
	assert_false(pc_is_bcp47("en_GB"));
	assert_false(pc_is_bcp47("english"));
	assert_false(pc_is_bcp47("no such language"));
	assert_false(pc_is_bcp47("fr-XX"));
	assert_false(pc_is_bcp47("fr-Abcd"));
	assert_false(pc_is_bcp47("fr-yue"));
	assert_false(pc_is_bcp47("en-"));
}

static void urls_follow_go_url_parse(void **state)
{
	(void)state;
	assert_true(pc_is_url("https://example.org"));
	assert_true(pc_is_url("urn:a:b"));
	assert_true(pc_is_url("file:///a/b"));
	assert_false(pc_is_url("file:///"));
	assert_false(pc_is_url("foobar"));
	assert_false(pc_is_url("://example.org"));
	assert_true(pc_is_http_url("http://example.org/a"));
	assert_false(pc_is_http_url("ftp://example.org"));
	assert_false(pc_is_http_url("https:///path"));
}

static void organisation_uris_and_supports_ids(void **state)
{
	(void)state;
	assert_int_equal(pc_check_org_uri("http://foobar.example"), PC_URI_OK);
	assert_int_equal(pc_check_org_uri("urn:foobar:baz"), PC_URI_OK);
	assert_int_equal(pc_check_org_uri("urn:X-Italian-PA:pcm"), PC_URI_OK);
	assert_int_equal(pc_check_org_uri("urn:foobar"), PC_URI_INVALID);
	assert_int_equal(pc_check_org_uri("pcm"), PC_URI_INVALID);
	assert_int_equal(pc_check_org_uri("1"), PC_URI_INVALID);
	assert_int_equal(pc_check_org_uri("http:"), PC_URI_INVALID);
	assert_int_equal(pc_check_org_uri("http://"), PC_URI_INVALID);
	assert_int_equal(pc_check_org_uri("urn:x-italian-pa:zzz_none"),
	                 PC_URI_BAD_IPA);
	assert_int_equal(pc_check_supports_id("alias:nis2"), PC_URI_OK);
	assert_int_equal(pc_check_supports_id("alias:NIS2"), PC_URI_BAD_ALIAS);
	assert_int_equal(pc_check_supports_id("urn:eu:x"), PC_URI_OK);
	assert_int_equal(pc_check_supports_id("nis2"), PC_URI_INVALID);
}

static void dates_emails_mime_types_and_countries(void **state)
{
	(void)state;
	assert_true(pc_is_date("2024-02-29"));
	assert_false(pc_is_date("2023-02-29"));
	assert_false(pc_is_date("1900-02-29"));
	assert_true(pc_is_date("2000-02-29"));
	assert_false(pc_is_date("2024-1-01"));
	assert_false(pc_is_date(""));
	assert_true(pc_is_email("jeanne.martin@sante.gouv.fr"));
	assert_true(pc_is_email("a+b@example.org"));
	assert_true(pc_is_email("élodie@exemple.fr"));
	assert_false(pc_is_email("not_an_email"));
	assert_false(pc_is_email("a@localhost"));
	assert_false(pc_is_email("a..b@example.org"));
	assert_false(pc_is_email("@example.org"));
	assert_true(pc_is_mime("text/plain"));
	assert_true(pc_is_mime(" application/vnd.oasis.opendocument.text "));
	assert_false(pc_is_mime("text"));
	assert_false(pc_is_mime("text/"));
	assert_true(pc_is_country("FR"));
	assert_true(pc_is_country("fr"));
	assert_false(pc_is_country("Fr"));
	assert_false(pc_is_country("XX"));
	assert_true(pc_is_ipa("PCM"));
	assert_true(pc_is_ipa("pcm"));
	assert_false(pc_is_ipa("nosuchcode"));
}

static void graphemes_and_oembed_links(void **state)
{
	(void)state;
	assert_int_equal(pc_graphemes("abc", 3), 3);
	assert_int_equal(pc_graphemes("\xf0\x9f\x91\xa6", 4), 1);   /* boy */
	assert_int_equal(pc_graphemes("e\xcc\x81", 3), 1);           /* e + acute */
	/* woman health worker: woman, ZWJ, staff of aesculapius, VS16 */
	assert_int_equal(pc_graphemes("\xf0\x9f\x91\xa9\xe2\x80\x8d\xe2\x9a\x95"
	                              "\xef\xb8\x8f", 13), 1);
	assert_true(pc_is_oembed("https://www.youtube.com/watch?v=abc"));
	assert_true(pc_is_oembed("https://vimeo.com/123456"));
	assert_false(pc_is_oembed("https://videos.example.org/v/1"));
}

/* ---- the check, inside a repository tree ---- */

static char *make_repo(const char *yml)
{
	char tmpl[] = "/tmp/test_publiccode_XXXXXX";
	char *dir = mkdtemp(tmpl);
	char *p;
	FILE *f;

	assert_non_null(dir);
	dir = xstrdup(dir);
	p = xasprintf("%s/publiccode.yml", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(yml, f);
	fclose(f);
	free(p);
	p = xasprintf("%s/logo.svg", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("<svg/>", f);
	fclose(f);
	free(p);
	return dir;
}

static void remove_repo(char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

static struct report *check_repo(const char *dir, const char *repo_url)
{
	struct report *r;
	struct tree *t;
	struct check_ctx ctx = { 0 };

	assert_int_equal(report_new(&r), 0);
	assert_int_equal(tree_open_dir(&t, dir), 0);
	ctx.report = r;
	ctx.tree = t;
	ctx.repo_url = repo_url;
	assert_int_equal(check_publiccode.run(&ctx), 0);
	tree_free(t);
	return r;
}

static const struct finding *find_rule(const struct report *r,
                                       const char *rule)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule, rule))
			return &r->findings[i];
	return NULL;
}

static char *valid_text(void)
{
	char *dir = files_dir();
	char *path = xasprintf("%s/valid.yml", dir);
	size_t len;
	char *buf = slurp(&len, path);

	free(path);
	free(dir);
	assert_non_null(buf);
	return buf;
}

static void a_valid_file_in_a_tree_fills_the_section(void **state)
{
	char *yml = valid_text();
	char *text = xasprintf("%slogo: logo.svg\n", yml);
	char *dir = make_repo(text);
	struct report *r = check_repo(dir,
	    "https://git.example.org/Sante/rendez-vous.git/");
	json_t *j = report_to_json(r), *s = json_object_get(j, "publiccode");

	(void)state;
	assert_string_equal(json_string_value(json_object_get(s, "path")),
	                    "publiccode.yml");
	assert_true(json_is_true(json_object_get(s, "valid")));
	assert_string_equal(json_string_value(json_object_get(s, "version")), "0");
	assert_int_equal(json_array_size(json_object_get(s, "results")), 0);
	/* scheme, case, ".git" and "/" do not make a mismatch */
	assert_int_equal(r->nfindings, 0);
	json_decref(j);
	report_free(r);
	remove_repo(dir);
	free(text);
	free(yml);
}

static void an_invalid_file_gives_one_finding_per_error(void **state)
{
	char *yml = valid_text();
	char *text = xasprintf("%slogo: nologo.svg\nroadmap: roadmap.md\n", yml);
	char *dir = make_repo(text);
	struct report *r = check_repo(dir, NULL);
	json_t *j = report_to_json(r), *s = json_object_get(j, "publiccode");
	json_t *res = json_object_get(s, "results");
	const struct finding *f;

	(void)state;
	report_sort(r);
	f = find_rule(r, "publiccode.invalid");
	assert_true(json_is_false(json_object_get(s, "valid")));
	assert_int_equal(json_array_size(res), 2);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(res, 0), "key")), "roadmap");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(res, 1), "description")), "no such file: nologo.svg");
	assert_int_equal(json_integer_value(json_object_get(
	    json_array_get(res, 1), "line")), 33);
	/* Sorted by line: logo (33), then roadmap (34). */
	assert_int_equal(report_count(r, "publiccode.", LEVEL_ERROR), 2);
	assert_non_null(f);
	assert_int_equal(f->level, LEVEL_ERROR);
	assert_string_equal(f->path, "publiccode.yml");
	assert_int_equal(f->line, 33);
	assert_string_equal(f->message, "logo: no such file: nologo.svg");
	assert_string_equal(f[1].rule, "publiccode.invalid");
	assert_int_equal(f[1].line, 34);
	assert_int_equal(f[1].column, 1);
	assert_string_equal(f[1].message, "roadmap: roadmap must be an HTTP URL");
	assert_null(find_rule(r, "publiccode.url-mismatch"));
	json_decref(j);
	report_free(r);
	remove_repo(dir);
	free(text);
	free(yml);
}

static void a_url_of_another_repository_is_a_mismatch(void **state)
{
	char *yml = valid_text();
	char *dir = make_repo(yml);
	struct report *r = check_repo(dir, "https://github.com/fabrique/autre");
	const struct finding *f = find_rule(r, "publiccode.url-mismatch");

	(void)state;
	assert_non_null(f);
	assert_int_equal(f->level, LEVEL_WARNING);
	assert_non_null(strstr(f->message, "https://github.com/fabrique/autre"));
	assert_null(find_rule(r, "publiccode.invalid"));
	report_free(r);
	remove_repo(dir);
	free(yml);
}

static void a_relative_path_cannot_leave_the_tree(void **state)
{
	char *yml = valid_text();
	char *text = xasprintf("%slogo: ../../etc/logo.svg\n", yml);
	char *dir = make_repo(text);
	struct report *r = check_repo(dir, NULL);
	json_t *j = report_to_json(r);
	json_t *res = json_object_get(json_object_get(j, "publiccode"), "results");

	(void)state;
	assert_int_equal(json_array_size(res), 1);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(res, 0), "description")),
	    "no such file: ../../etc/logo.svg");
	json_decref(j);
	report_free(r);
	remove_repo(dir);
	free(text);
	free(yml);
}

static void every_publiccode_rule_is_documented(void **state)
{
	static const char *const ids[] = {
		"publiccode.missing", "publiccode.yaml-extension",
		"publiccode.invalid", "publiccode.url-mismatch", NULL,
	};

	(void)state;
	for (size_t i = 0; ids[i]; i++) {
		const struct rule *r = rules_find(ids[i]);
		assert_non_null(r);
		assert_true(strlen(r->summary_en) > 0 && strlen(r->explain_en) > 0);
	}
}

int main(void)
{
	static const struct CMUnitTest named[] = {
		cmocka_unit_test(non_utf8_input_is_invalid_utf8_and_nothing_else),
		cmocka_unit_test(billion_laughs_is_refused_quickly),
		cmocka_unit_test(ten_thousand_levels_of_nesting_are_refused),
		cmocka_unit_test(a_file_over_one_mebibyte_is_refused_before_parsing),
		cmocka_unit_test(several_documents_are_refused),
		cmocka_unit_test(many_aliases_are_refused),
		cmocka_unit_test(a_recursive_alias_or_unknown_anchor_is_an_error),
		cmocka_unit_test(benign_aliases_are_followed),
		cmocka_unit_test(the_reference_example_is_valid),
		cmocka_unit_test(the_example_with_a_long_short_description_fails_at_its_key),
		cmocka_unit_test(spdx_expressions_follow_go_spdx),
		cmocka_unit_test(bcp47_tags_are_strict),
		cmocka_unit_test(urls_follow_go_url_parse),
		cmocka_unit_test(organisation_uris_and_supports_ids),
		cmocka_unit_test(dates_emails_mime_types_and_countries),
		cmocka_unit_test(graphemes_and_oembed_links),
		cmocka_unit_test(a_valid_file_in_a_tree_fills_the_section),
		cmocka_unit_test(an_invalid_file_gives_one_finding_per_error),
		cmocka_unit_test(a_url_of_another_repository_is_a_mismatch),
		cmocka_unit_test(a_relative_path_cannot_leave_the_tree),
		cmocka_unit_test(every_publiccode_rule_is_documented),
	};
	size_t nfiles = sizeof(cases) / sizeof(*cases);
	size_t nnamed = sizeof(named) / sizeof(*named);
	struct CMUnitTest *all = xcalloc(nfiles + nnamed, sizeof(*all));
	int failed;

	/* One test per file, named after it (the file names read as
	 * sentences: contract_without_contractors, logo_png_not_png...). */
	for (size_t i = 0; i < nfiles; i++) {
		all[i].name = cases[i].name;
		all[i].test_func = run_file_case;
		all[i].initial_state = (void *)&cases[i];
	}
	memcpy(all + nfiles, named, sizeof(named));
	failed = _cmocka_run_group_tests("publiccode", all, nfiles + nnamed,
	                                 NULL, NULL);
	free(all);
	return failed;
}
