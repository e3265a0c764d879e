/*
 * feed_organizations.c - codegouvfr-organizations.{json,csv}: every owner
 * (organization, group or user account) of the inventory under
 * code.gouv.fr's long keys (NOTES.md §b.3, owners-keys-mapping), in the
 * order owners-as-map builds them (the short keys, then the "full only"
 * ones), nil written as "".
 *
 * Unlike code.gouv.fr we keep user accounts and owners with no repository
 * in this full file: declaring a user account is deliberate in our config
 * (code.gouv.fr_public#79), and a zero is a finding in itself. The short
 * owners.json applies code.gouv.fr's filter (feed_short.c). Our extra keys,
 * `host`, `kind`, `pso_id` and `stale`, let a reader apply it too.
 */
#include "output/feed_int.h"

#include <stdlib.h>

static const char *const columns[] = {
	"icon_url", "description", "floss_policy", "website", "id", "login",
	"ministry", "name", "ospo_url", "organization", "repositories_count",
	"followers", "location", "email", "created_at", "forge",
	"host", "kind", "pso_id", "stale",
};

static json_t *owner_long(const json_t *rec)
{
	json_t *o = json_object();

	json_object_set_new(o, "icon_url",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "avatar_url")));
	json_object_set_new(o, "description",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "description")));
	json_object_set_new(o, "floss_policy",
	                    feed_str_or_empty(FEED_STR(rec, "account", "floss_policy")));
	json_object_set_new(o, "website",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "website")));
	json_object_set_new(o, "id",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "html_url")));
	json_object_set_new(o, "login",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "login")));
	/* `m` is pso_top_id_name, `ps` the annuaire name of pso_id: our
	 * actors.yml holds both (issue 6, "Configuration"). */
	json_object_set_new(o, "ministry",
	                    feed_str_or_empty(FEED_STR(rec, "actor", "ministry")));
	json_object_set_new(o, "name",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "name")));
	json_object_set_new(o, "ospo_url",
	                    feed_str_or_empty(FEED_STR(rec, "account", "ospo_url")));
	json_object_set_new(o, "organization",
	                    feed_str_or_empty(FEED_STR(rec, "actor", "name")));
	json_object_set_new(o, "repositories_count",
	                    json_integer(feed_int_at(FEED_GET(rec, "repositories_count"), 0)));
	/* (or followers 0) */
	json_object_set_new(o, "followers",
	                    json_integer(feed_int_at(FEED_GET(rec, "owner", "followers"), 0)));
	json_object_set_new(o, "location",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "location")));
	json_object_set_new(o, "email",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "email")));
	json_object_set_new(o, "created_at",
	                    feed_str_or_empty(FEED_STR(rec, "owner", "created_at")));
	json_object_set_new(o, "forge",
	                    feed_str_or_empty(FEED_STR(rec, "account", "forge")));

	json_object_set_new(o, "host",
	                    feed_str_or_null(FEED_STR(rec, "owner", "host")));
	json_object_set_new(o, "kind", json_string(feed_owner_is_user(rec) ?
	                                           "user" : "organization"));
	json_object_set_new(o, "pso_id",
	                    feed_str_or_null(FEED_STR(rec, "account", "pso_id")));
	json_object_set_new(o, "stale", json_boolean(FEED_TRUE(rec, "stale")));
	return o;
}

static const struct feed_sort_key by_host_login = {
	{ "owner", "host", NULL }, { "owner", "login", NULL },
};

int feed_organizations_json(json_t **out, char **err, const json_t *owners)
{
	const json_t **v;
	size_t n;
	int e;

	*out = NULL;
	if ((e = feed_sorted(&v, &n, err, owners, "owners", &by_host_login)) < 0)
		return e;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, owner_long(v[i]));
	free(v);
	return 0;
}

int feed_write_organizations(char **err, const char *dir, const json_t *owners)
{
	struct buf csv = BUF_INIT;
	json_t *a;
	int e;

	if ((e = feed_organizations_json(&a, err, owners)) < 0)
		return e;
	e = feed_write_json(err, dir, FEED_ORGANIZATIONS_JSON, a, true);
	if (e == 0) {
		feed_csv_table(&csv, columns, sizeof(columns) / sizeof(*columns), a);
		e = feed_write_text(err, dir, FEED_ORGANIZATIONS_CSV, csv.data,
		                    csv.len);
		buf_free(&csv);
	}
	json_decref(a);
	return e;
}
