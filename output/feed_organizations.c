/*
 * feed_organizations.c - codegouvfr-organizations.{json,csv}: every
 * published organisation (output/feed_view.c) under code.gouv.fr's long
 * keys (owners-keys-mapping in src/codegouvfr/codegouvfr_output_data.clj,
 * codegouvfr/codegouvfr-output-data), in the order owners-as-map builds
 * them (the short keys, then the "full only" ones), nil written as "".
 *
 * Unlike code.gouv.fr we keep organisations with no repository in this
 * full file: a zero is a finding in itself. The short owners.json applies
 * code.gouv.fr's filter (feed_short.c). Our extra keys, `host`, `kind`,
 * `pso_id` and `stale`, follow. Personal accounts are in none of them:
 * they stay in our inventory (feed_view.c).
 */
#include "output/feed_int.h"

#include <stdlib.h>

static const char *const columns[] = {
	"icon_url", "description", "floss_policy", "website", "id", "login",
	"ministry", "name", "ospo_url", "organization", "repositories_count",
	"followers", "location", "email", "created_at", "forge",
	"host", "kind", "pso_id", "stale",
};

static json_t *owner_long(const struct feed_owner *fo)
{
	const struct record_owner *r = fo->rec;
	const struct owner *ow = &r->owner;
	const struct record_account *acc = feed_owner_account(r);
	json_t *o = json_object();

	json_object_set_new(o, "icon_url", feed_str_or_empty(ow->avatar_url));
	json_object_set_new(o, "description", feed_str_or_empty(ow->description));
	json_object_set_new(o, "floss_policy",
	                    feed_str_or_empty(acc->floss_policy));
	json_object_set_new(o, "website", feed_str_or_empty(ow->website));
	json_object_set_new(o, "id", feed_str_or_empty(fo->id));
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
	                    json_integer(fo->repositories));
	/* (or followers 0) */
	json_object_set_new(o, "followers",
	                    json_integer(ow->followers > 0 ? ow->followers : 0));
	json_object_set_new(o, "location", feed_str_or_empty(ow->location));
	json_object_set_new(o, "email", feed_str_or_empty(ow->email));
	json_object_set_new(o, "created_at", feed_date(ow->created_at));
	json_object_set_new(o, "forge", feed_str_or_empty(acc->forge));

	json_object_set_new(o, "host", feed_str_or_null(ow->host));
	json_object_set_new(o, "kind", json_string("organization"));
	json_object_set_new(o, "pso_id", feed_str_or_null(acc->pso_id));
	json_object_set_new(o, "stale", json_boolean(r->stale));
	return o;
}

json_t *feed_organizations_json(const struct inventory *inv)
{
	struct feed_view v;
	json_t *a = json_array();

	feed_view_build(&v, inv);
	for (size_t i = 0; i < v.nowners; i++)
		json_array_append_new(a, owner_long(&v.owners[i]));
	feed_view_clear(&v);
	return a;
}

int feed_write_organizations(const char *dir, const struct inventory *inv)
{
	json_t *a = feed_organizations_json(inv);
	int e;

	e = feed_write_json(dir, FEED_ORGANIZATIONS_JSON, a, true);
	if (e == 0)
		e = feed_write_csv_pair(dir, FEED_ORGANIZATIONS_CSV,
		                        FEED_ORGANIZATIONS_SHEET, columns,
		                        sizeof(columns) / sizeof(*columns), a);
	json_decref(a);
	return e;
}
