/*
 * crawl_record.c - one repository's inventory record: probe it, run the
 * checks `inventaire check` runs, or reuse last run's results when its tip
 * and the checker have not changed (issue 6, "Incremental"). The record's
 * shape is the feed writers' input (output/feed.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawler/checks/checks.h"
#include "crawler/crawl/crawl_int.h"
#include "crawler/probe/probe.h"
#include "output/repos_json.h"
#include "lib/alloc.h"

char *crawl_repo_key(const char *host, const char *full_name)
{
	char *k = xasprintf("%s/%s", host ? host : "", full_name ? full_name : "");

	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return k;
}

json_t *crawl_account_json(const struct crawl_account *a)
{
	const struct account_entry *e = a->entry;

	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}",
	                 "host", report_string(e->host),
	                 "forge", report_string(e->forge),
	                 "owner", report_string(e->owner),
	                 "pso_id", report_string(e->pso_id),
	                 "floss_policy", report_string(e->floss_policy),
	                 "ospo_url", report_string(e->ospo_url));
}

json_t *crawl_actor_json(const struct actor *actor)
{
	if (!actor)
		return json_null();
	return json_pack("{s:o, s:o, s:o, s:o, s:o}",
	                 "pso_id", report_string(actor->pso_id),
	                 "name", report_string(actor->name),
	                 "acronym", report_string(actor->acronym),
	                 "parent", report_string(actor->parent),
	                 "ministry", report_string(actor->ministry));
}

json_t *crawl_owner_json(const struct owner *o)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
	                 "host", report_string(o->host),
	                 "login", report_string(o->login),
	                 "name", report_string(o->name),
	                 "description", report_string(o->description),
	                 "html_url", report_string(o->html_url),
	                 "avatar_url", report_string(o->avatar_url),
	                 "website", report_string(o->website),
	                 "email", report_string(o->email),
	                 "location", report_string(o->location),
	                 "created_at", report_string(o->created_at),
	                 "public_repos", o->public_repos >= 0
	                     ? json_integer(o->public_repos) : json_null(),
	                 "is_user", o->is_user);
}

/* The clone URL, or the web URL + ".git" when the forge gave none. */
static char *clone_url(const struct repo *r)
{
	if (r->clone_url)
		return xstrdup(r->clone_url);
	return r->html_url ? xasprintf("%s.git", r->html_url) : NULL;
}

/* KEY of the previous record, or null. */
static json_t *prev_get(json_t *prev, const char *key)
{
	json_t *v = prev ? json_object_get(prev, key) : NULL;

	return v ? json_incref(v) : json_null();
}

json_t *crawl_record(struct crawl *c, struct crawl_account *a,
                     const struct repo *r, const char **method,
                     const char **path)
{
	struct probe_remote_opts po = PROBE_REMOTE_OPTS_INIT;
	char *key = crawl_repo_key(r->host, r->full_name);
	json_t *prev = json_object_get(c->prev_by_repo, key);
	const char *prev_checker = prev ? json_string_value(json_object_get(prev, "checker")) : NULL;
	bool reusable = prev && prev_checker && !strcmp(prev_checker, c->checker) &&
	                json_is_object(json_object_get(prev, "check"));
	json_t *rec = json_object();
	char *url = clone_url(r), *err = NULL;
	struct report *rep = NULL;
	struct probe p = { 0 };
	int rc;

	po.cache_dir = c->cache_dir;
	po.branch = r->default_branch;
	po.known_head = reusable ? json_string_value(json_object_get(prev, "head")) : NULL;
	po.timeout_s = c->o->probe_timeout_s;
	json_object_set_new(rec, "account_key", json_string(a->key));
	json_object_set_new(rec, "repo", repos_json_record(r));
	json_object_set_new(rec, "account", crawl_account_json(a));
	json_object_set_new(rec, "actor", crawl_actor_json(a->actor));

	report_new(&rep);
	if (!url) {
		rc = -1;
		err = xasprintf("%s: the forge gave no clone URL", r->full_name);
	} else {
		rc = probe_remote(&p, &err, rep, url, &po);
	}
	*method = p.method ? p.method : "none";
	*path = *method;
	if (rc < 0) {
		/* Keep what we knew: a fetch failure must not erase last
		 * night's verdict; say why it is old. */
		crawl_log(&c->log, LOG_WARNING, a->key, "%s", err);
		json_object_set_new(rec, "check", prev_get(prev, "check"));
		json_object_set_new(rec, "head", prev_get(prev, "head"));
		json_object_set_new(rec, "checked_at", prev_get(prev, "checked_at"));
		json_object_set_new(rec, "checker", prev_get(prev, "checker"));
		json_object_set_new(rec, "probe_error", report_string(err));
		*method = *path = "error";
	} else if (p.unchanged) {
		json_object_set_new(rec, "check", prev_get(prev, "check"));
		json_object_set_new(rec, "head", json_string(p.head));
		json_object_set_new(rec, "checked_at", prev_get(prev, "checked_at"));
		json_object_set_new(rec, "checker", json_string(c->checker));
		*method = "unchanged";
	} else {
		struct check_ctx ctx = { 0 };

		ctx.report = rep;
		ctx.tree = p.tree;
		ctx.repo = r;
		ctx.repo_url = r->html_url;
		if (checks_run(&ctx) < 0) {
			crawl_log(&c->log, LOG_WARNING, a->key, "%s: %s", r->full_name,
			          tree_error(p.tree));
			json_object_set_new(rec, "check", prev_get(prev, "check"));
			json_object_set_new(rec, "probe_error", report_string(tree_error(p.tree)));
			*method = "error";
		} else {
			json_object_set_new(rec, "check", report_to_json(rep));
		}
		json_object_set_new(rec, "head", p.head[0] ? json_string(p.head) : json_null());
		json_object_set_new(rec, "checked_at", json_string(c->o->now));
		json_object_set_new(rec, "checker", json_string(c->checker));
	}
	json_object_set_new(rec, "stale", json_false());
	json_object_set_new(rec, "last_seen", json_null());
	probe_close(&p);
	report_free(rep);
	free(url);
	free(err);
	free(key);
	return rec;
}
