/*
 * publiccode_struct.c - the struct validator of the reference parser
 * (go-playground/validator tags on the v0 struct), field by field in
 * declaration order, with its English messages (the reference's v0.go
 * and validators/validator.go).
 *
 * Each field stops at its first failing tag. Keys are the validator's
 * namespace with `[letters]` rewritten to `.letters` (parser.go), so
 * `description.en.features` but `description[en-US].features`.
 */
#include "crawler/publiccode/publiccode_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/publiccode/publiccode_values.h"
#include "crawler/publiccode/publiccode_lists.h"
#include "lib/alloc.h"
#include "lib/buf.h"

/* A string field's value: "" when absent or null (Go zero value). */
static const char *str_of(const struct pcy_node *n)
{
	return n && n->kind < PCY_SEQ ? n->str : "";
}

static size_t len_of(const struct pcy_node *n)
{
	return n && n->kind < PCY_SEQ ? n->len : 0;
}

/* A pointer field (*string, *URL): NULL when absent or null. */
static const char *ptr_of(const struct pcy_node *n)
{
	return n && n->kind < PCY_SEQ && n->kind != PCY_NULL ? n->str : NULL;
}

static void required(struct pc_run *run, const char *prefix, const char *f)
{
	char *key = xasprintf("%s%s", prefix, f);

	pc_add(run, PC_ERROR, key, "%s is a required field", f);
	free(key);
}

/* `oneof`: {0} must be one of the following: "a", "b" or "c" */
static bool oneof(struct pc_run *run, const char *prefix, const char *f,
                  const char *value, const char *const *allowed)
{
	struct buf b = BUF_INIT;
	char *key;
	size_t n = 0;

	for (size_t i = 0; allowed[i]; i++)
		if (!strcmp(allowed[i], value))
			return true;
	while (allowed[n])
		n++;
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s\"%s\"", i == 0 ? "" : i == n - 1 ? " or " : ", ",
		         allowed[i]);
	key = xasprintf("%s%s", prefix, f);
	pc_add(run, PC_ERROR, key, "%s must be one of the following: %s", f,
	       b.data);
	free(key);
	buf_free(&b);
	return false;
}

static void http_url(struct pc_run *run, const char *prefix, const char *f,
                     const struct pcy_node *n)
{
	const char *v = ptr_of(n);
	char *key;

	if (!v || pc_is_http_url(v))
		return;
	key = xasprintf("%s%s", prefix, f);
	pc_add(run, PC_ERROR, key, "%s must be an HTTP URL", f);
	free(key);
}

/* `omitempty,dive,CHECK` on a list of strings: one result per bad item,
 * "{0}" being "name[i]". */
static void each_item(struct pc_run *run, const char *prefix, const char *f,
                      const struct pcy_node *list, bool (*ok)(const char *),
                      const char *msg)
{
	if (!list || list->kind != PCY_SEQ)
		return;
	for (size_t i = 0; i < list->n; i++) {
		char *key;

		if (ok(str_of(list->kids[i])))
			continue;
		key = xasprintf("%s%s[%zu]", prefix, f, i);
		pc_add(run, PC_ERROR, key, "%s[%zu] %s", f, i, msg);
		free(key);
	}
}

static bool is_category(const char *s)
{
	return pc_list_has(&pc_list_categories, s, strlen(s));
}

static bool is_scope(const char *s)
{
	return pc_list_has(&pc_list_scopes, s, strlen(s));
}

static void organisation(struct pc_run *run, const char *prefix,
                         const struct pcy_node *m)
{
	const char *uri = str_of(pc_field(m, "uri"));
	char *key;

	if (!*uri) {
		required(run, prefix, "uri");
		return;
	}
	key = xasprintf("%suri", prefix);
	switch (pc_check_org_uri(uri)) {
	case PC_URI_OK:
	case PC_URI_BAD_ALIAS:
		break;
	case PC_URI_INVALID:
		pc_add(run, PC_ERROR, key, "uri is not a valid URI");
		break;
	case PC_URI_BAD_IPA:
		pc_add(run, PC_ERROR, key, "uri must be a valid Italian Public "
		       "Administration Code (iPA) with format "
		       "'urn:x-italian-pa:[codiceIPA]' (see https://github.com/"
		       "publiccodeyml/italian-organizations-ipa-vocabulary)");
		break;
	}
	free(key);
}

static void supports(struct pc_run *run, const struct pcy_node *list)
{
	if (!list || list->kind != PCY_SEQ)
		return;
	for (size_t i = 0; i < list->n; i++) {
		const char *id = str_of(pc_field(list->kids[i], "id"));
		char *prefix = xasprintf("supports[%zu].", i);
		char *key = xasprintf("%sid", prefix);

		if (!*id)
			required(run, prefix, "id");
		else switch (pc_check_supports_id(id)) {
		case PC_URI_OK:
		case PC_URI_BAD_IPA:
			break;
		case PC_URI_BAD_ALIAS:
			pc_add(run, PC_ERROR, key, "id contains an unknown alias (see "
			       "https://github.com/publiccodeyml/publiccode.yml/blob/"
			       "main/docs/standard/aliases-list.rst)");
			break;
		case PC_URI_INVALID:
			pc_add(run, PC_ERROR, key, "id must be a known alias "
			       "('alias:<name>') or a valid URI (URL or URN)");
			break;
		}
		free(key);
		free(prefix);
	}
}

static void audience(struct pc_run *run, const struct pcy_node *m)
{
	if (!m)
		return;
	each_item(run, "intendedAudience.", "scope", pc_field(m, "scope"),
	          is_scope, "must be a valid scope (see https://github.com/"
	          "publiccodeyml/publiccode.yml/blob/main/docs/standard/"
	          "scope-list.rst)");
	each_item(run, "intendedAudience.", "countries",
	          pc_field(m, "countries"), pc_is_country,
	          "must be a valid ISO 3166-1 alpha-2 two-letter country code");
	each_item(run, "intendedAudience.", "unsupportedCountries",
	          pc_field(m, "unsupportedCountries"), pc_is_country,
	          "must be a valid ISO 3166-1 alpha-2 two-letter country code");
}

static void max_len(struct pc_run *run, const char *prefix, const char *f,
                    const struct pcy_node *n, size_t max, size_t min)
{
	size_t g = pc_graphemes(str_of(n), len_of(n));
	char *key;

	if (g >= min && g <= max)
		return;
	key = xasprintf("%s%s", prefix, f);
	if (g < min)
		pc_add(run, PC_ERROR, key, "%s must be at least %zu characters in "
		       "length", f, min);
	else
		pc_add(run, PC_ERROR, key, "%s must be a maximum of %zu characters "
		       "in length", f, max);
	free(key);
}

static bool ascii_letters(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80)
			return false;
	return true;
}

static void one_description(struct pc_run *run, const char *lang,
                            const struct pcy_node *d)
{
	/* parser.go: `[letters]` becomes `.letters`, anything else stays */
	char *p = ascii_letters(lang) ? xasprintf("description.%s.", lang)
	                              : xasprintf("description[%s].", lang);
	const struct pcy_node *n, *feat, *videos;

	max_len(run, p, "genericName", pc_field(d, "genericName"), 35, 0);
	n = pc_field(d, "shortDescription");
	if (!*str_of(n))
		required(run, p, "shortDescription");
	else
		max_len(run, p, "shortDescription", n, 150, 0);
	n = pc_field(d, "longDescription");
	if (!*str_of(n))
		required(run, p, "longDescription");
	else
		max_len(run, p, "longDescription", n, 10000, 150);
	http_url(run, p, "documentation", pc_field(d, "documentation"));
	http_url(run, p, "apiDocumentation", pc_field(d, "apiDocumentation"));
	/* `gt=0,dive` without omitempty: a missing list fails too */
	feat = pc_field(d, "features");
	if (!feat || feat->kind != PCY_SEQ || feat->n == 0) {
		char *key = xasprintf("%sfeatures", p);
		pc_add(run, PC_ERROR, key, "features must contain more than 0 items");
		free(key);
	}
	videos = pc_field(d, "videos");
	if (videos && videos->kind == PCY_SEQ)
		for (size_t i = 0; i < videos->n; i++) {
			const char *v = ptr_of(videos->kids[i]);
			char *key;

			if (!v || pc_is_http_url(v))
				continue;
			key = xasprintf("%svideos[%zu]", p, i);
			pc_add(run, PC_ERROR, key, "videos[%zu] must be an HTTP URL", i);
			free(key);
		}
	free(p);
}

static void description(struct pc_run *run, const struct pcy_node *m)
{
	if (!m || m->kind != PCY_MAP || m->n == 0) {
		pc_add(run, PC_ERROR, "description",
		       "description must contain more than 0 items");
		return;
	}
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (!pc_is_bcp47(m->kids[i]->str)) {
			pc_add(run, PC_ERROR, "description",
			       "description must be a valid BCP 47 language");
			return;
		}
	/* Go visits the map in random order; we keep the document's. */
	for (size_t i = 0; i + 1 < m->n; i += 2)
		one_description(run, m->kids[i]->str, m->kids[i + 1]);
}

static void legal(struct pc_run *run, const struct pcy_node *m)
{
	const char *lic = str_of(pc_field(m, "license"));

	if (!*lic)
		required(run, "legal.", "license");
	else if (!pc_is_spdx(lic))
		pc_add(run, PC_ERROR, "legal.license", "license must be a valid "
		       "license (see https://spdx.org/licenses)");
}

static void email(struct pc_run *run, const char *prefix,
                  const struct pcy_node *m)
{
	const char *e = ptr_of(pc_field(m, "email"));
	char *key;

	if (!e || pc_is_email(e))
		return;
	key = xasprintf("%semail", prefix);
	pc_add(run, PC_ERROR, key, "email must be a valid email address");
	free(key);
}

static void maintenance(struct pc_run *run, const struct pcy_node *m)
{
	static const char *const types[] = {
		"internal", "contract", "community", "none", NULL,
	};
	const char *type = str_of(pc_field(m, "type"));
	const struct pcy_node *contractors = pc_field(m, "contractors");
	const struct pcy_node *contacts = pc_field(m, "contacts");

	if (!*type)
		required(run, "maintenance.", "type");
	else
		oneof(run, "maintenance.", "type", type, types);
	/* required_if=Type contract, excluded_unless=Type contract */
	if (!strcmp(type, "contract") && !contractors)
		pc_add(run, PC_ERROR, "maintenance.contractors", "contractors is a "
		       "required field when \"type\" is \"contract\"");
	else if (strcmp(type, "contract") && contractors)
		pc_add(run, PC_ERROR, "maintenance.contractors", "contractors must "
		       "not be present unless \"type\" is \"contract\"");
	else if (contractors && contractors->kind == PCY_SEQ)
		for (size_t i = 0; i < contractors->n; i++) {
			const struct pcy_node *c = contractors->kids[i];
			char *p = xasprintf("maintenance.contractors[%zu].", i);
			const char *until = str_of(pc_field(c, "until"));

			if (!*str_of(pc_field(c, "name")))
				required(run, p, "name");
			email(run, p, c);
			http_url(run, p, "website", pc_field(c, "website"));
			if (!*until) {
				required(run, p, "until");
			} else if (!pc_is_date(until)) {
				char *key = xasprintf("%suntil", p);
				pc_add(run, PC_ERROR, key, "until must be a date with "
				       "format 'YYYY-MM-DD'");
				free(key);
			}
			free(p);
		}
	/* required_if=Type community, required_if=Type internal */
	if (!contacts && (!strcmp(type, "community") || !strcmp(type, "internal")))
		pc_add(run, PC_ERROR, "maintenance.contacts", "contacts is a "
		       "required field when \"type\" is \"%s\"", type);
	else if (contacts && contacts->kind == PCY_SEQ)
		for (size_t i = 0; i < contacts->n; i++) {
			const struct pcy_node *c = contacts->kids[i];
			char *p = xasprintf("maintenance.contacts[%zu].", i);

			if (!*str_of(pc_field(c, "name")))
				required(run, p, "name");
			email(run, p, c);
			free(p);
		}
}

static bool bcp47(const char *s)
{
	return pc_is_bcp47(s);
}

static void localisation(struct pc_run *run, const struct pcy_node *m)
{
	const struct pcy_node *langs = pc_field(m, "availableLanguages");

	if (!pc_field(m, "localisationReady"))
		required(run, "localisation.", "localisationReady");
	if (!langs)
		required(run, "localisation.", "availableLanguages");
	else if (langs->kind != PCY_SEQ || langs->n == 0)
		pc_add(run, PC_ERROR, "localisation.availableLanguages",
		       "availableLanguages must contain more than 0 items");
	else
		each_item(run, "localisation.", "availableLanguages", langs, bcp47,
		          "must be a valid BCP 47 language");
}

static void depends_on(struct pc_run *run, const struct pcy_node *m)
{
	static const char *const kinds[] = { "open", "proprietary", "hardware" };

	if (!m)
		return;
	for (size_t k = 0; k < 3; k++) {
		const struct pcy_node *list = pc_field(m, kinds[k]);

		if (!list || list->kind != PCY_SEQ)
			continue;
		for (size_t i = 0; i < list->n; i++) {
			char *p = xasprintf("dependsOn.%s[%zu].", kinds[k], i);
			if (!*str_of(pc_field(list->kids[i], "name")))
				required(run, p, "name");
			free(p);
		}
	}
}

static void it_section(struct pc_run *run, const char *name,
                       const struct pcy_node *m)
{
	static const char *const cev[] = { "0.2", "1.0", NULL };
	const char *v, *ipa;
	char *p;

	if (!m)
		return;
	p = xasprintf("%s.", name);
	if ((v = ptr_of(pc_field(m, "countryExtensionVersion"))))
		oneof(run, p, "countryExtensionVersion", v, cev);
	ipa = str_of(pc_field(pc_field(m, "riuso"), "codiceIPA"));
	if (*ipa && !pc_is_ipa(ipa)) {
		char *key = xasprintf("%sriuso.codiceIPA", p);
		pc_add(run, PC_ERROR, key, "codiceIPA must be a valid Italian Public "
		       "Administration Code (iPA) (see https://github.com/"
		       "publiccodeyml/italian-organizations-ipa-vocabulary)");
		free(key);
	}
	free(p);
}

void pc_validate_struct(struct pc_run *run)
{
	static const char *const statuses[] = {
		"concept", "development", "beta", "stable", "obsolete", NULL,
	};
	static const char *const types[] = {
		"standalone/mobile", "standalone/iot", "standalone/desktop",
		"standalone/web", "standalone/backend", "standalone/other", "addon",
		"library", "configurationFiles", NULL,
	};
	const struct pcy_node *n;
	const char *v;

	if (!*str_of(pc_top(run, "name")))
		required(run, "", "name");
	if (!(v = ptr_of(pc_top(run, "url"))))
		required(run, "", "url");
	else if (!pc_is_url(v))
		pc_add(run, PC_ERROR, "url", "url must be a valid URL");
	http_url(run, "", "landingURL", pc_top(run, "landingURL"));
	if ((n = pc_top(run, "isBasedOn"))) {
		if (n->kind == PCY_SEQ) {
			each_item(run, "", "isBasedOn", n, pc_is_url,
			          "must be a valid URL");
		} else if (!pc_is_url(n->str)) {
			pc_add(run, PC_ERROR, "isBasedOn[0]",
			       "isBasedOn[0] must be a valid URL");
		}
	}
	if ((v = ptr_of(pc_top(run, "releaseDate"))) && !pc_is_date(v))
		pc_add(run, PC_ERROR, "releaseDate", "releaseDate must be a date with "
		       "format 'YYYY-MM-DD'");
	if ((n = pc_top(run, "organisation")))
		organisation(run, "organisation.", n);
	each_item(run, "", "inputTypes", pc_top(run, "inputTypes"), pc_is_mime,
	          "is not a valid MIME type");
	each_item(run, "", "outputTypes", pc_top(run, "outputTypes"), pc_is_mime,
	          "is not a valid MIME type");
	n = pc_top(run, "platforms");
	if (!n || n->kind != PCY_SEQ || n->n == 0)
		pc_add(run, PC_ERROR, "platforms",
		       "platforms must contain more than 0 items");
	each_item(run, "", "categories", pc_top(run, "categories"), is_category,
	          "must be a valid category (see https://github.com/publiccodeyml/"
	          "publiccode.yml/blob/main/docs/standard/categories-list.rst)");
	if ((n = pc_top(run, "fundedBy")) && n->kind == PCY_SEQ)
		for (size_t i = 0; i < n->n; i++) {
			char *p = xasprintf("fundedBy[%zu].", i);
			organisation(run, p, n->kids[i]);
			free(p);
		}
	http_url(run, "", "roadmap", pc_top(run, "roadmap"));
	if (!*(v = str_of(pc_top(run, "developmentStatus"))))
		required(run, "", "developmentStatus");
	else
		oneof(run, "", "developmentStatus", v, statuses);
	if (!*(v = str_of(pc_top(run, "softwareType"))))
		required(run, "", "softwareType");
	else
		oneof(run, "", "softwareType", v, types);
	supports(run, pc_top(run, "supports"));
	audience(run, pc_top(run, "intendedAudience"));
	description(run, pc_top(run, "description"));
	legal(run, pc_top(run, "legal"));
	maintenance(run, pc_top(run, "maintenance"));
	localisation(run, pc_top(run, "localisation"));
	depends_on(run, pc_top(run, "dependsOn"));
	it_section(run, "IT", pc_top(run, "IT"));
	it_section(run, "it", pc_top(run, "it"));
}
