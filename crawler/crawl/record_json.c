/* record_json.c - the inventory records as JSON (record_json.h). */
#include "crawler/crawl/record_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "output/repos_json.h"

/* ---- encoding ---------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return report_string(s);
}

static json_t *account_to_json(const struct record_account *a)
{
	json_t *o;

	if (!a)
		return json_null();
	o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}",
	                      "host", str_or_null(a->host),
	                      "forge", str_or_null(a->forge),
	                      "owner", str_or_null(a->owner),
	                      "pso_id", str_or_null(a->pso_id),
	                      "floss_policy", str_or_null(a->floss_policy),
	                      "ospo_url", str_or_null(a->ospo_url));

	if (a->kind)
		json_object_set_new(o, "kind", str_or_null(a->kind));
	return o;
}

static json_t *actor_to_json(const struct record_actor *a)
{
	if (!a)
		return json_null();
	return json_pack("{s:o, s:o, s:o, s:o, s:o}",
	                 "pso_id", str_or_null(a->pso_id),
	                 "name", str_or_null(a->name),
	                 "acronym", str_or_null(a->acronym),
	                 "parent", str_or_null(a->parent),
	                 "ministry", str_or_null(a->ministry));
}

static json_t *owner_to_json(const struct owner *o)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	                 "s:o, s:b}",
	                 "host", str_or_null(o->host),
	                 "login", str_or_null(o->login),
	                 "name", str_or_null(o->name),
	                 "description", str_or_null(o->description),
	                 "html_url", str_or_null(o->html_url),
	                 "avatar_url", str_or_null(o->avatar_url),
	                 "website", str_or_null(o->website),
	                 "email", str_or_null(o->email),
	                 "location", str_or_null(o->location),
	                 "created_at", str_or_null(o->created_at),
	                 "public_repos", o->public_repos >= 0
	                     ? json_integer(o->public_repos) : json_null(),
	                 "is_user", o->is_user);
}

static json_t *owner_json(const struct owner *o)
{
	json_t *v = owner_to_json(o);

	json_object_set_new(v, "followers", o->followers >= 0
	                    ? json_integer(o->followers) : json_null());
	return v;
}

/* `inventaire list --format json`'s record, and the fields code.gouv.fr's
 * feed needs that the listing does not print. */
static json_t *repo_to_json(const struct repo *r)
{
	json_t *o = repos_json_record(r);

	json_object_set_new(o, "license_key", str_or_null(r->license_key));
	json_object_set_new(o, "template", json_boolean(r->template));
	json_object_set_new(o, "subscribers", r->subscribers >= 0
	                    ? json_integer(r->subscribers) : json_null());
	json_object_set_new(o, "owner_is_user", json_boolean(r->owner_is_user));
	json_object_set_new(o, "forge_id", str_or_null(r->forge_id));
	return o;
}

json_t *record_repo_to_json(const struct record_repo *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "account_key", str_or_null(r->account_key));
	json_object_set_new(o, "repo", repo_to_json(&r->repo));
	json_object_set_new(o, "account", account_to_json(r->account));
	json_object_set_new(o, "actor", actor_to_json(r->actor));
	json_object_set_new(o, "check", r->check ? report_to_json(r->check)
	                                         : json_null());
	json_object_set_new(o, "head", str_or_null(r->head));
	json_object_set_new(o, "checked_at", str_or_null(r->checked_at));
	json_object_set_new(o, "checker", str_or_null(r->checker));
	if (r->probe_error)
		json_object_set_new(o, "probe_error", str_or_null(r->probe_error));
	json_object_set_new(o, "stale", json_boolean(r->stale));
	json_object_set_new(o, "last_seen", str_or_null(r->last_seen));
	if (r->listed_at)
		json_object_set_new(o, "listed_at", str_or_null(r->listed_at));
	if (r->verified_at)
		json_object_set_new(o, "verified_at", str_or_null(r->verified_at));
	return o;
}

json_t *record_owner_to_json(const struct record_owner *o)
{
	json_t *v = json_pack("{s:o, s:o, s:o, s:o, s:I, s:b}",
	                      "account_key", str_or_null(o->account_key),
	                      "owner", owner_json(&o->owner),
	                      "account", account_to_json(o->account),
	                      "actor", actor_to_json(o->actor),
	                      "repositories_count",
	                      (json_int_t)o->repositories_count,
	                      "stale", o->stale);

	if (o->followers_at)
		json_object_set_new(v, "followers_at", str_or_null(o->followers_at));
	return v;
}

/* The state's key of a repository: "host/full_name", lower case. */
static char *listed_key(const struct repo *r)
{
	char *k = xasprintf("%s/%s", r->host ? r->host : "",
	                    r->full_name ? r->full_name : "");

	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return k;
}

json_t *record_entry_to_json(const struct record_entry *e)
{
	json_t *o = account_to_json(&e->account);

	if (e->ignored_since)
		json_object_set_new(o, "ignored_since",
		                    str_or_null(e->ignored_since));
	return o;
}

/* ---- decoding ---------------------------------------------------------- */

/* Member KEY of OBJ (an object or NULL): NULL when missing or null. */
static const json_t *member(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_null(v) ? NULL : v;
}

static int get_str(char **out, const json_t *obj, const char *key,
                   const char *where)
{
	const json_t *v = member(obj, key);

	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_string(v) ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return error_set(ERROR_PARSE, "%s: \"%s\" must be a string "
		                 "without NUL bytes, or null", where, key);
	*out = xstrdup(json_string_value(v));
	return 0;
}

static int get_bool(bool *out, const json_t *obj, const char *key,
                    const char *where)
{
	const json_t *v = member(obj, key);

	*out = false;
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return error_set(ERROR_PARSE, "%s: \"%s\" must be true or false",
		                 where, key);
	*out = json_is_true(v);
	return 0;
}

/* A count: -1 when missing or null. */
static int get_count(long *out, const json_t *obj, const char *key,
                     const char *where)
{
	const json_t *v = member(obj, key);

	*out = -1;
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 0x7fffffffL)
		return error_set(ERROR_PARSE, "%s: \"%s\" must be a count", where,
		                 key);
	*out = (long)json_integer_value(v);
	return 0;
}

/* Member KEY as an object (NULL when missing or null). */
static int get_object(const json_t **out, const json_t *obj, const char *key,
                      const char *where)
{
	const json_t *v = member(obj, key);

	*out = v;
	if (v && !json_is_object(v))
		return error_set(ERROR_PARSE, "%s: \"%s\" must be an object or "
		                 "null", where, key);
	return 0;
}

/* Strings of OBJ into the slots of FIELDS, in order; stops at the first
 * error. */
struct str_field {
	const char *key;
	char **slot;
};

static int get_strs(const json_t *obj, const struct str_field *f, size_t n,
                    const char *where)
{
	for (size_t i = 0; i < n; i++)
		if (get_str(f[i].slot, obj, f[i].key, where) < 0)
			return ERROR_PARSE;
	return 0;
}

#define NFIELDS(a) (sizeof(a) / sizeof(*(a)))

static int repo_from_json(struct repo *r, const json_t *o, const char *where)
{
	const struct str_field f[] = {
		{ "host", &r->host }, { "owner", &r->owner },
		{ "full_name", &r->full_name }, { "name", &r->name },
		{ "html_url", &r->html_url }, { "clone_url", &r->clone_url },
		{ "description", &r->description },
		{ "default_branch", &r->default_branch },
		{ "created_at", &r->created_at }, { "updated_at", &r->updated_at },
		{ "pushed_at", &r->pushed_at }, { "language", &r->language },
		{ "license", &r->license }, { "license_key", &r->license_key },
		/* absent from a state written before it was kept */
		{ "forge_id", &r->forge_id },
	};
	const json_t *topics = member(o, "topics");
	size_t i;
	json_t *t;

	if (get_strs(o, f, NFIELDS(f), where) < 0 ||
	    get_bool(&r->fork, o, "fork", where) < 0 ||
	    get_bool(&r->archived, o, "archived", where) < 0 ||
	    get_bool(&r->mirror, o, "mirror", where) < 0 ||
	    get_bool(&r->empty, o, "empty", where) < 0 ||
	    get_count(&r->stars, o, "stars", where) < 0 ||
	    get_count(&r->forks, o, "forks", where) < 0 ||
	    get_count(&r->open_issues, o, "open_issues", where) < 0 ||
	    get_bool(&r->template, o, "template", where) < 0 ||
	    get_count(&r->subscribers, o, "subscribers", where) < 0 ||
	    get_bool(&r->owner_is_user, o, "owner_is_user", where) < 0)
		return ERROR_PARSE;
	if (topics && !json_is_array(topics))
		return error_set(ERROR_PARSE, "%s: \"topics\" must be an array",
		                 where);
	r->topics = xcalloc(json_array_size(topics) + 1, sizeof(*r->topics));
	json_array_foreach(topics, i, t) {
		if (!json_is_string(t))
			return error_set(ERROR_PARSE, "%s: \"topics\" must hold "
			                 "strings", where);
		r->topics[r->ntopics++] = xstrdup(json_string_value(t));
	}
	return 0;
}

/* *OUT: the account of O, shared with INV's equal ones; NULL for null. */
static int account_from_json(struct record_account **out,
                             struct inventory *inv, const json_t *o,
                             const char *where)
{
	struct record_account *a = record_account_new();
	const struct str_field f[] = {
		{ "host", &a->host }, { "forge", &a->forge },
		{ "owner", &a->owner }, { "kind", &a->kind },
		{ "pso_id", &a->pso_id }, { "floss_policy", &a->floss_policy },
		{ "ospo_url", &a->ospo_url },
	};

	*out = NULL;
	if (!o || get_strs(o, f, NFIELDS(f), where) < 0) {
		record_account_unref(a);
		return o ? ERROR_PARSE : 0;
	}
	*out = inventory_intern_account(inv, a);
	return 0;
}

/* *OUT: the actor of O, shared as accounts are; NULL for null. */
static int actor_from_json(struct record_actor **out, struct inventory *inv,
                           const json_t *o, const char *where)
{
	struct record_actor *a = record_actor_new();
	const struct str_field f[] = {
		{ "pso_id", &a->pso_id }, { "name", &a->name },
		{ "acronym", &a->acronym }, { "parent", &a->parent },
		{ "ministry", &a->ministry },
	};

	*out = NULL;
	if (!o || get_strs(o, f, NFIELDS(f), where) < 0) {
		record_actor_unref(a);
		return o ? ERROR_PARSE : 0;
	}
	*out = inventory_intern_actor(inv, a);
	return 0;
}

static int owner_from_json(struct owner *ow, const json_t *o, const char *where)
{
	const struct str_field f[] = {
		{ "host", &ow->host }, { "login", &ow->login },
		{ "name", &ow->name }, { "description", &ow->description },
		{ "html_url", &ow->html_url }, { "avatar_url", &ow->avatar_url },
		{ "website", &ow->website }, { "email", &ow->email },
		{ "location", &ow->location }, { "created_at", &ow->created_at },
	};

	if (get_strs(o, f, NFIELDS(f), where) < 0 ||
	    get_count(&ow->public_repos, o, "public_repos", where) < 0 ||
	    get_count(&ow->followers, o, "followers", where) < 0 ||
	    get_bool(&ow->is_user, o, "is_user", where) < 0)
		return ERROR_PARSE;
	return 0;
}

/* Where we are, for messages: "repositories: record 3". */
static void where_at(char *buf, size_t size, const char *what, size_t i,
                     const char *key)
{
	if (key)
		snprintf(buf, size, "%s: record %zu: %s", what, i, key);
	else
		snprintf(buf, size, "%s: record %zu", what, i);
}

static int repo_record_from_json(struct record_repo *r, struct inventory *inv,
                                 const json_t *o, const char *what, size_t i)
{
	const struct str_field f[] = {
		{ "account_key", &r->account_key }, { "head", &r->head },
		{ "checked_at", &r->checked_at }, { "checker", &r->checker },
		{ "probe_error", &r->probe_error }, { "last_seen", &r->last_seen },
		{ "listed_at", &r->listed_at }, { "verified_at", &r->verified_at },
	};
	const json_t *repo, *account, *actor, *check;
	char where[256], sub[256];

	where_at(where, sizeof(where), what, i, NULL);
	if (get_strs(o, f, NFIELDS(f), where) < 0 ||
	    get_bool(&r->stale, o, "stale", where) < 0 ||
	    get_object(&repo, o, "repo", where) < 0 ||
	    get_object(&account, o, "account", where) < 0 ||
	    get_object(&actor, o, "actor", where) < 0 ||
	    get_object(&check, o, "check", where) < 0)
		return ERROR_PARSE;
	where_at(sub, sizeof(sub), what, i, "repo");
	if (repo_from_json(&r->repo, repo, sub) < 0)
		return ERROR_PARSE;
	where_at(sub, sizeof(sub), what, i, "account");
	if (account_from_json(&r->account, inv, account, sub) < 0)
		return ERROR_PARSE;
	where_at(sub, sizeof(sub), what, i, "actor");
	if (actor_from_json(&r->actor, inv, actor, sub) < 0)
		return ERROR_PARSE;
	if (check && report_from_json(&r->check, check) < 0)
		return error_wrap("%s: \"check\"", where);
	return 0;
}

static int owner_record_from_json(struct record_owner *r,
                                  struct inventory *inv, const json_t *o,
                                  const char *what, size_t i)
{
	const json_t *owner, *account, *actor;
	char where[256], sub[256];

	where_at(where, sizeof(where), what, i, NULL);
	if (get_str(&r->account_key, o, "account_key", where) < 0 ||
	    get_str(&r->followers_at, o, "followers_at", where) < 0 ||
	    get_count(&r->repositories_count, o, "repositories_count", where) < 0 ||
	    get_bool(&r->stale, o, "stale", where) < 0 ||
	    get_object(&owner, o, "owner", where) < 0 ||
	    get_object(&account, o, "account", where) < 0 ||
	    get_object(&actor, o, "actor", where) < 0)
		return ERROR_PARSE;
	if (r->repositories_count < 0)
		r->repositories_count = 0;
	where_at(sub, sizeof(sub), what, i, "owner");
	if (owner_from_json(&r->owner, owner, sub) < 0)
		return ERROR_PARSE;
	where_at(sub, sizeof(sub), what, i, "account");
	if (account_from_json(&r->account, inv, account, sub) < 0)
		return ERROR_PARSE;
	where_at(sub, sizeof(sub), what, i, "actor");
	return actor_from_json(&r->actor, inv, actor, sub);
}

int record_repo_from_json(struct inventory *inv, const json_t *o,
                          const char *what, size_t i)
{
	struct record_repo r;
	int e;

	record_repo_init(&r);
	if (!json_is_object(o))
		e = error_set(ERROR_PARSE, "%s: record %zu is not a JSON object",
		              what, i);
	else
		e = repo_record_from_json(&r, inv, o, what, i);
	if (e < 0) {
		record_repo_clear(&r);
		return e;
	}
	inventory_add_repo(inv, &r);
	return 0;
}

int record_owner_from_json(struct inventory *inv, const json_t *o,
                           const char *what, size_t i)
{
	struct record_owner r;
	int e;

	record_owner_init(&r);
	if (!json_is_object(o))
		e = error_set(ERROR_PARSE, "%s: record %zu is not a JSON object",
		              what, i);
	else
		e = owner_record_from_json(&r, inv, o, what, i);
	if (e < 0) {
		record_owner_clear(&r);
		return e;
	}
	inventory_add_owner(inv, &r);
	return 0;
}

static int check_array(const json_t *v, const char *what)
{
	size_t i;
	json_t *rec;

	if (!json_is_array(v))
		return error_set(ERROR_PARSE, "%s: expected a JSON array of "
		                 "records", what);
	json_array_foreach(v, i, rec)
		if (!json_is_object(rec))
			return error_set(ERROR_PARSE, "%s: record %zu is not a JSON "
			                 "object", what, i);
	return 0;
}

int record_repos_from_json(struct inventory *inv, const json_t *v,
                           const char *what)
{
	size_t i;
	json_t *o;
	int e;

	if ((e = check_array(v, what)) < 0)
		return e;
	json_array_foreach(v, i, o)
		if ((e = record_repo_from_json(inv, o, what, i)) < 0)
			return e;
	return 0;
}

int record_owners_from_json(struct inventory *inv, const json_t *v,
                            const char *what)
{
	size_t i;
	json_t *o;
	int e;

	if ((e = check_array(v, what)) < 0)
		return e;
	json_array_foreach(v, i, o)
		if ((e = record_owner_from_json(inv, o, what, i)) < 0)
			return e;
	return 0;
}

int inventory_from_json(struct inventory *out, const json_t *v)
{
	const json_t *listed_at = json_object_get(v, "listed_at");
	int e;

	inventory_init(out);
	if (!json_is_object(v))
		return error_set(ERROR_PARSE, "not an inventory: expected a JSON "
		                 "object");
	if (listed_at && !json_is_object(listed_at))
		return error_set(ERROR_PARSE, "\"listed_at\" must be an object");
	if ((e = get_str(&out->checker, v, "checker", "inventory")) < 0 ||
	    (e = record_repos_from_json(out, json_object_get(v, "repos"),
	                                "repos")) < 0 ||
	    (e = record_owners_from_json(out, json_object_get(v, "owners"),
	                                 "owners")) < 0) {
		inventory_clear(out);
		return e;
	}
	for (size_t i = 0; i < out->nrepos; i++) {
		struct record_repo *r = &out->repos[i];
		char *k;

		if (r->listed_at)
			continue;
		k = listed_key(&r->repo);
		e = get_str(&r->listed_at, listed_at, k, "listed_at");
		free(k);
		if (e < 0) {
			inventory_clear(out);
			return e;
		}
	}
	return 0;
}

/* The accounts list's strings are never empty: its YAML would not say
 * anything (output/feed_accounts.c says the same of typed entries). */
static int entry_str(char **out, const json_t *o, const char *key, size_t i)
{
	const json_t *v = member(o, key);

	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return error_set(ERROR_PARSE, "accounts: entry %zu: \"%s\" must "
		                 "be a non-empty string without NUL bytes", i, key);
	*out = xstrdup(json_string_value(v));
	return 0;
}

int record_entry_from_json(struct record_entry *out, const json_t *v,
                           size_t i)
{
	struct record_account *a = &out->account;
	const struct {
		const char *key;
		char **slot;
	} f[] = {
		{ "host", &a->host }, { "forge", &a->forge },
		{ "owner", &a->owner }, { "kind", &a->kind },
		{ "pso_id", &a->pso_id }, { "floss_policy", &a->floss_policy },
		{ "ospo_url", &a->ospo_url },
		{ "ignored_since", &out->ignored_since },
	};

	memset(out, 0, sizeof(*out));
	if (!json_is_object(v))
		return error_set(ERROR_PARSE, "accounts: entry %zu is not a JSON "
		                 "object", i);
	for (size_t k = 0; k < NFIELDS(f); k++)
		if (entry_str(f[k].slot, v, f[k].key, i) < 0) {
			record_entry_clear(out);
			return ERROR_PARSE;
		}
	return 0;
}
