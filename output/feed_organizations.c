/*
 * feed_organizations.c - codegouvfr-organizations.{json,csv}: every owner
 * (organization, group or user account) of the inventory under
 * code.gouv.fr's long keys (owners-keys-mapping in
 * src/codegouvfr/codegouvfr_output_data.clj,
 * codegouvfr/codegouvfr-output-data), in the order owners-as-map builds
 * them (the short keys, then the "full only" ones), nil written as "".
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

static json_t *owner_long(const struct record_owner *r)
{
	const struct owner *ow = &r->owner;
	const struct record_account *acc = feed_owner_account(r);
	json_t *o = json_object();

	json_object_set_new(o, "icon_url", feed_str_or_empty(ow->avatar_url));
	json_object_set_new(o, "description", feed_str_or_empty(ow->description));
	json_object_set_new(o, "floss_policy",
	                    feed_str_or_empty(acc->floss_policy));
	json_object_set_new(o, "website", feed_str_or_empty(ow->website));
	json_object_set_new(o, "id", feed_str_or_empty(ow->html_url));
	json_object_set_new(o, "login", feed_str_or_empty(ow->login));
	/* `m` is pso_top_id_name, `ps` the annuaire name of pso_id: our
	 * actors.yml holds both (README.md "Configuration"). */
	json_object_set_new(o, "ministry",
	                    feed_str_or_empty(r->actor ? r->actor->ministry : NULL));
	json_object_set_new(o, "name", feed_str_or_empty(ow->name));
	json_object_set_new(o, "ospo_url", feed_str_or_empty(acc->ospo_url));
	json_object_set_new(o, "organization",
	                    feed_str_or_empty(r->actor ? r->actor->name : NULL));
	json_object_set_new(o, "repositories_count",
	                    json_integer(r->repositories_count));
	/* (or followers 0): no listing we map reads followers yet. */
	json_object_set_new(o, "followers", json_integer(0));
	json_object_set_new(o, "location", feed_str_or_empty(ow->location));
	json_object_set_new(o, "email", feed_str_or_empty(ow->email));
	json_object_set_new(o, "created_at", feed_str_or_empty(ow->created_at));
	json_object_set_new(o, "forge", feed_str_or_empty(acc->forge));

	json_object_set_new(o, "host", feed_str_or_null(ow->host));
	json_object_set_new(o, "kind", json_string(feed_owner_is_user(r) ?
	                                           "user" : "organization"));
	json_object_set_new(o, "pso_id", feed_str_or_null(acc->pso_id));
	json_object_set_new(o, "stale", json_boolean(r->stale));
	return o;
}

json_t *feed_organizations_json(const struct inventory *inv)
{
	const struct record_owner **v = feed_sorted_owners(inv);
	json_t *a = json_array();

	for (size_t i = 0; i < inv->nowners; i++)
		json_array_append_new(a, owner_long(v[i]));
	free(v);
	return a;
}

int feed_write_organizations(const char *dir, const struct inventory *inv)
{
	struct buf csv = BUF_INIT;
	json_t *a = feed_organizations_json(inv);
	int e;

	e = feed_write_json(dir, FEED_ORGANIZATIONS_JSON, a, true);
	if (e == 0) {
		feed_csv_table(&csv, columns, sizeof(columns) / sizeof(*columns), a);
		e = feed_write_text(dir, FEED_ORGANIZATIONS_CSV, csv.data, csv.len);
		buf_free(&csv);
	}
	json_decref(a);
	return e;
}
