/*
 * actors.c - read actors.yml: each body of the ministerial sphere, keyed by
 * an id of ours, with its pso_id (the lannuaire.service-public.fr id that
 * code.gouv.fr's comptes-organismes-publics.yml uses), name, acronym,
 * parent, ministry, group, domains, other names and claimed accounts.
 *
 * The older format, keyed by pso_id with only name, acronym, parent and
 * ministry (what code.gouv.fr computes from the service-public directory at
 * each run), still loads: an entry without `pso_id:` whose key is a UUID is
 * read that way.
 */
#include "config/config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "lib/str.h"
#include "config/yaml_doc.h"

#define ID_MAX 64

static const char *const group_names[] = {
	[ACTOR_GROUP_NONE] = NULL,
	[ACTOR_GROUP_MINISTRY] = "ministry",
	[ACTOR_GROUP_CENTRAL] = "central",
	[ACTOR_GROUP_AGENCY] = "agency",
	[ACTOR_GROUP_ARS] = "ars",
	[ACTOR_GROUP_SOCIAL_SECURITY] = "social-security",
	[ACTOR_GROUP_HOSPITAL] = "hospital",
	[ACTOR_GROUP_GIP] = "gip",
	[ACTOR_GROUP_OTHER] = "other",
};
#define NGROUPS (sizeof(group_names) / sizeof(group_names[0]))

#define KNOWN_KEYS "name, acronym, pso_id, group, parent, ministry, " \
                   "domains, aliases, accounts"

/* Shared state while parsing one file. */
struct parse {
	struct yaml_doc doc;
	const char *name;
	struct actors *out;
};

const char *actor_group_name(enum actor_group group)
{
	return (size_t)group < NGROUPS ? group_names[group] : NULL;
}

static int fail(struct parse *p, const yaml_node_t *n,
                const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct parse *p, const yaml_node_t *n,
                const char *fmt, ...)
{
	char msg[ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), _(fmt), ap);
	va_end(ap);
	return error_set(ERROR_INVALID, "%s:%u: %s", p->name,
	                 n ? yaml_doc_line(n) : 1, msg);
}

/* 8-4-4-4-12 hexadecimal digits: how lannuaire.service-public.fr names a
 * body (code.gouv.fr's top_organizations.yml, comptes-organismes-publics.yml). */
static bool is_uuid(const char *s)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t i;

	for (i = 0; shape[i]; i++) {
		char c = s[i];

		if (shape[i] == '-' ? c != '-'
		                    : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		                        (c >= 'A' && c <= 'F')))
			return false;
	}
	return s[i] == '\0';
}

/* Ids are typed on the command line (`discover --actor ars-bretagne`). */
static bool is_id(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > ID_MAX || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-'))
			return false;
	return true;
}

/* A host name (RFC 1123 labels), lower case, with at least one dot. */
static bool is_domain(const char *s)
{
	size_t n = strlen(s), label = 0;
	bool dot = false;

	if (!n || n > 253)
		return false;
	for (size_t i = 0; i <= n; i++) {
		char c = s[i];

		if (c == '.' || c == '\0') {
			if (!label || s[i - 1] == '-' || s[i - label] == '-' || label > 63)
				return false;
			dot |= c == '.';
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
			label++;
		} else {
			return false;
		}
	}
	return dot;
}

/* "host" or "host/owner", as the crawl names an account; any case, as
 * accounts.yml's owners match (its header). */
static bool is_account_key(const char *s)
{
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	char *host;
	bool ok;

	if (slash && (!slash[1] || strchr(slash + 1, '/') ||
	              strpbrk(slash + 1, " \t")))
		return false;
	host = xstrndup(s, n);
	for (char *c = host; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	ok = is_domain(host);
	free(host);
	return ok;
}

static int read_text(struct parse *p, char **slot, const char *id,
                     const char *key, const yaml_node_t *k, const yaml_node_t *v)
{
	const char *val = yaml_doc_scalar(v);

	if (*slot)
		return fail(p, k, "%s: '%s' is given twice", id, key);
	if (!val || yaml_doc_is_null(v) || !*val)
		return fail(p, v, "%s: '%s' must be text, not a list, a map or "
		            "nothing", id, key);
	if (!utf8_valid(val, strlen(val)))
		return fail(p, v, "%s: '%s' is not valid UTF-8 text", id, key);
	*slot = xstrdup(val);
	return 0;
}

/* domains, aliases, accounts: a list of text, checked by VALID when given. */
static int read_list(struct parse *p, char ***list, size_t *n,
                     const char *id, const char *key, const yaml_node_t *k,
                     yaml_node_t *v, bool (*valid)(const char *),
                     const char *expected)
{
	if (*list)
		return fail(p, k, "%s: '%s' is given twice", id, key);
	if (v->type != YAML_SEQUENCE_NODE)
		return fail(p, v, "%s: '%s' must be a list: [%s]", id, key, expected);
	*list = xcalloc(1, sizeof(**list));
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		const yaml_node_t *e = yaml_doc_node(&p->doc, *it);
		const char *s = yaml_doc_scalar(e);

		if (!s || !*s || !utf8_valid(s, strlen(s)))
			return fail(p, e, "%s: %s: each item must be text: %s", id, key,
			            expected);
		if (valid && !valid(s))
			return fail(p, e, "%s: %s: '%s' is not %s", id, key, s,
			            expected);
		for (size_t i = 0; i < *n; i++)
			if (!strcasecmp((*list)[i], s))
				return fail(p, e, "%s: %s: '%s' is listed twice", id, key, s);
		*list = xrealloc(*list, (*n + 2) * sizeof(**list));
		(*list)[(*n)++] = xstrdup(s);
		(*list)[*n] = NULL;
	}
	return 0;
}

static int read_pso_id(struct parse *p, struct actor *a, bool *given,
                       const yaml_node_t *k, const yaml_node_t *v)
{
	const char *val = yaml_doc_scalar(v);

	if (*given)
		return fail(p, k, "%s: 'pso_id' is given twice", a->id);
	*given = true;
	if (yaml_doc_is_null(v))
		return 0;
	if (!val || !is_uuid(val))
		return fail(p, v, "%s: pso_id '%s' is not a lannuaire.service-public.fr "
		            "id (a UUID like 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db); "
		            "write `pso_id: null` when no public source gives one",
		            a->id, val ? val : "(not text)");
	a->pso_id = xstrdup(val);
	return 0;
}

static int read_group(struct parse *p, struct actor *a,
                      const yaml_node_t *k, const yaml_node_t *v)
{
	const char *val = yaml_doc_scalar(v);

	if (a->group != ACTOR_GROUP_NONE)
		return fail(p, k, "%s: 'group' is given twice", a->id);
	for (size_t g = 1; val && g < NGROUPS; g++)
		if (!strcmp(val, group_names[g])) {
			a->group = (enum actor_group)g;
			return 0;
		}
	return fail(p, v, "%s: unknown group '%s'; groups: ministry, central, "
	            "agency, ars, social-security, hospital, gip, other", a->id,
	            val ? val : "(not text)");
}

static int read_key(struct parse *p, struct actor *a, bool *pso_given,
                    const yaml_node_t *k, yaml_node_t *v)
{
	const char *key = yaml_doc_scalar(k);

	if (!key)
		return fail(p, k, "%s: a key must be text", a->id);
	if (!strcmp(key, "name"))
		return read_text(p, &a->name, a->id, key, k, v);
	if (!strcmp(key, "acronym"))
		return read_text(p, &a->acronym, a->id, key, k, v);
	if (!strcmp(key, "parent"))
		return read_text(p, &a->parent, a->id, key, k, v);
	if (!strcmp(key, "ministry"))
		return read_text(p, &a->ministry, a->id, key, k, v);
	if (!strcmp(key, "pso_id"))
		return read_pso_id(p, a, pso_given, k, v);
	if (!strcmp(key, "group"))
		return read_group(p, a, k, v);
	if (!strcmp(key, "domains"))
		return read_list(p, &a->domains, &a->ndomains, a->id, key, k, v,
		                 is_domain, "a host name in lower case, like "
		                 "santepubliquefrance.fr");
	if (!strcmp(key, "aliases"))
		return read_list(p, &a->aliases, &a->naliases, a->id, key, k, v,
		                 NULL, "a name, an acronym or a former name");
	if (!strcmp(key, "accounts"))
		return read_list(p, &a->accounts, &a->naccounts, a->id, key, k, v,
		                 is_account_key, "an account of accounts.yml, "
		                 "host/owner or host, like gitlab.com/healthdatahub");
	return fail(p, k, "%s: unknown key '%s'; known keys: " KNOWN_KEYS, a->id,
	            key);
}

static int read_actor(struct parse *p, struct actor *a,
                      const yaml_node_t *key, yaml_node_t *map)
{
	bool pso_given = false;
	int rc;

	if (map->type != YAML_MAPPING_NODE)
		return fail(p, map, "%s: expected a map of keys (" KNOWN_KEYS ")",
		            a->id);
	for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++)
		if ((rc = read_key(p, a, &pso_given, yaml_doc_node(&p->doc, pair->key),
		                   yaml_doc_node(&p->doc, pair->value))) < 0)
			return rc;
	if (!a->name)
		return fail(p, key, "%s: 'name' is missing", a->id);
	if (!pso_given) {
		/* The older format: the key is the pso_id. */
		if (!is_uuid(a->id))
			return fail(p, key, "%s: 'pso_id' is missing; give its "
			            "lannuaire.service-public.fr id, or `pso_id: null` "
			            "with a comment saying where it was looked for", a->id);
		a->pso_id = xstrdup(a->id);
	}
	return 0;
}

static int read_actors(struct parse *p, yaml_node_t *root)
{
	struct actors *out = p->out;

	for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_doc_node(&p->doc, pair->key);
		const char *id = yaml_doc_scalar(k);
		const struct actor *other;
		struct actor *a;
		int rc;

		if (!id || !(is_id(id) || is_uuid(id)))
			return fail(p, k, "'%s' is not an actor id; ids are lower-case "
			            "letters, digits and '-' (ars-bretagne), or a pso_id",
			            id ? id : "(not text)");
		if ((other = actors_find_id(out, id)))
			return fail(p, k, "%s: actor listed twice (also at line %u)", id,
			            other->line);
		out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
		a = &out->v[out->n++];
		memset(a, 0, sizeof(*a));
		a->id = xstrdup(id);
		a->line = yaml_doc_line(k);
		if ((rc = read_actor(p, a, k, yaml_doc_node(&p->doc, pair->value))) < 0)
			return rc;
		if (a->pso_id && (other = actors_find(out, a->pso_id)) && other != a)
			return error_set(ERROR_INVALID, "%s:%u: %s: pso_id %s is also "
			                 "%s's (line %u); one body, one id", p->name,
			                 a->line, a->id, a->pso_id, other->id, other->line);
	}
	return 0;
}

/* Parents exist and lead to a top; ministries are inherited down. */
static int link_parents(struct parse *p)
{
	const struct actors *out = p->out;

	for (size_t i = 0; i < out->n; i++) {
		struct actor *a = &out->v[i];
		const struct actor *up = a;
		size_t steps = 0;

		while (up->parent) {
			const struct actor *next = actors_find_id(out, up->parent);

			if (!next)
				return error_set(ERROR_INVALID, "%s:%u: %s: parent '%s' is "
				                 "not an actor of the file; add it, or fix "
				                 "the id", p->name, up->line, up->id,
				                 up->parent);
			if (++steps > out->n)
				return error_set(ERROR_INVALID, "%s:%u: %s: its parents "
				                 "make a loop", p->name, a->line, a->id);
			up = next;
			if (!a->ministry && up->ministry)
				a->ministry = xstrdup(up->ministry);
		}
		if (!a->ministry)
			return error_set(ERROR_INVALID, "%s:%u: %s: 'ministry' is "
			                 "missing, and no parent gives one", p->name,
			                 a->line, a->id);
	}
	return 0;
}

/* An account belongs to one actor at most. */
static int check_claims(struct parse *p)
{
	const struct actors *out = p->out;

	for (size_t i = 0; i < out->n; i++)
		for (size_t j = 0; j < out->v[i].naccounts; j++)
			for (size_t k = 0; k < i; k++)
				for (size_t l = 0; l < out->v[k].naccounts; l++)
					if (!strcasecmp(out->v[i].accounts[j],
					                out->v[k].accounts[l]))
						return error_set(ERROR_INVALID, "%s:%u: %s: accounts: "
						                 "%s is also %s's (line %u); an "
						                 "account has one actor", p->name,
						                 out->v[i].line, out->v[i].id,
						                 out->v[i].accounts[j], out->v[k].id,
						                 out->v[k].line);
	return 0;
}

int actors_parse(struct actors *out, const char *name, const char *text,
                 size_t len)
{
	struct parse p = { .name = name, .out = out };
	yaml_node_t *root;
	int rc;

	memset(out, 0, sizeof(*out));
	out->source = xstrdup(name);
	if ((rc = yaml_doc_load(&p.doc, name, text, len)) < 0) {
		actors_clear(out);
		return rc;
	}
	root = yaml_doc_root(&p.doc);
	if (!root || root->type != YAML_MAPPING_NODE)
		rc = fail(&p, root, "expected a map of actor id -> actor "
		          "(name, pso_id, ministry, ...)");
	else if ((rc = read_actors(&p, root)) == 0 && (rc = link_parents(&p)) == 0)
		rc = check_claims(&p);
	yaml_doc_free(&p.doc);
	if (rc < 0)
		actors_clear(out);
	return rc;
}

int actors_load(struct actors *out, const char *path)
{
	char *text;
	size_t len;
	int rc;

	if (!path)
		return actors_parse(out, "embedded actors.yml", config_actors_yml,
		                    config_actors_yml_len);
	memset(out, 0, sizeof(*out));
	if ((rc = yaml_doc_read_file(&text, &len, path)) < 0)
		return rc;
	rc = actors_parse(out, path, text, len);
	free(text);
	return rc;
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void actors_clear(struct actors *a)
{
	for (size_t i = 0; i < a->n; i++) {
		struct actor *x = &a->v[i];

		free(x->id);
		free(x->pso_id);
		free(x->name);
		free(x->acronym);
		free(x->parent);
		free(x->ministry);
		free_list(x->domains, x->ndomains);
		free_list(x->aliases, x->naliases);
		free_list(x->accounts, x->naccounts);
	}
	free(a->v);
	free(a->source);
	memset(a, 0, sizeof(*a));
}
