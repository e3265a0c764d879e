/*
 * accounts.c - read the accounts list in code.gouv.fr's format (the header
 * comment of comptes-organismes-publics.yml in codegouvfr/codegouvfr-data
 * is its specification: forge host -> forge, owners, pso_id,
 * ignored_since, floss_policy, ospo_url), plus our extensions api_url,
 * clone_hosts, allow_http, forge: forgejo|bitbucket and kind: user.
 */
#include "config/config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/yaml_doc.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "lib/str.h"

static const char *const forge_kinds[] = {
	"github", "gitlab", "gitea", "forgejo", "gogs", "bitbucket", "sourcehut",
	NULL,
};

/* Keys allowed on a forge, and on an owner (code.gouv.fr's, plus ours). */
static const char *const forge_keys[] = {
	"forge", "owners", "pso_id", "ignored_since", "floss_policy", "ospo_url",
	"api_url", "clone_hosts", "allow_http", NULL,
};
static const char *const owner_keys[] = {
	"pso_id", "ignored_since", "floss_policy", "ospo_url", "kind", NULL,
};

/* Shared state while parsing one file. */
struct parse {
	struct yaml_doc doc;
	const char *name;
	const char *today;
	struct accounts *out;
};

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

static char *join(const char *const *list)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; list[i]; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", list[i]);
	return buf_detach(&b);
}

static int fail(struct parse *p, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parse *p, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(_(fmt), ap);
	va_end(ap);
	error_set(ERROR_INVALID, "%s:%u: %s", p->name, n ? yaml_doc_line(n) : 1,
	          msg);
	free(msg);
	return ERROR_INVALID;
}

/* YYYY-MM-DD, a real calendar date. */
static bool valid_date(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

/* A host name as the top-level key: no scheme, no path. */
static bool valid_host(const char *s)
{
	if (!*s || strlen(s) > 253)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-' && *s != ':')
			return false;
	return true;
}

/* A scalar value for KEY, or an error naming it. NULL values are NULL. */
static int scalar(char **out, struct parse *p, const char *where,
                  const char *key, const yaml_node_t *v)
{
	const char *s = yaml_doc_scalar(v);

	*out = NULL;
	if (!s)
		return fail(p, v, "%s: '%s' must be a single value, not a list or "
		            "a map", where, key);
	if (yaml_doc_is_null(v))
		return 0;
	if (!utf8_valid(s, v->data.scalar.length) ||
	    strlen(s) != v->data.scalar.length)
		return fail(p, v, "%s: '%s' is not valid UTF-8 text", where, key);
	*out = xstrdup(s);
	return 0;
}

/* Metadata shared by forges and owners. */
struct meta {
	char *pso_id, *floss_policy, *ospo_url, *ignored_since, *api_url;
	char *forge, *kind;
	char **clone_hosts;
	size_t nclone_hosts;
	bool allow_http;
	const yaml_node_t *owners;
	const yaml_node_t *forge_node;
};

static void meta_clear(struct meta *m)
{
	free(m->pso_id);
	free(m->floss_policy);
	free(m->ospo_url);
	free(m->ignored_since);
	free(m->api_url);
	free(m->forge);
	free(m->kind);
	for (size_t i = 0; i < m->nclone_hosts; i++)
		free(m->clone_hosts[i]);
	free(m->clone_hosts);
	memset(m, 0, sizeof(*m));
}

/* clone_hosts: a list of host names (a single one may stand alone). */
static int read_clone_hosts(struct meta *m, struct parse *p, const char *where,
                            yaml_node_t *v)
{
	bool list = v->type == YAML_SEQUENCE_NODE;
	size_t n = list ? (size_t)(v->data.sequence.items.top -
	                           v->data.sequence.items.start) : 1;

	if (!list && v->type != YAML_SCALAR_NODE)
		return fail(p, v, "%s: clone_hosts must be a list of host names",
		            where);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *h = list ? yaml_doc_node(&p->doc,
		                                      v->data.sequence.items.start[i])
		                      : v;
		const char *s = yaml_doc_scalar(h);

		if (!s || !valid_host(s))
			return fail(p, h, "%s: clone_hosts: '%s' is not a host name "
			            "(write 'git.example.org' or 'git.example.org:8443', "
			            "no scheme)", where, s ? s : "(not text)");
		m->clone_hosts = xrealloc(m->clone_hosts, (m->nclone_hosts + 1) *
		                          sizeof(*m->clone_hosts));
		m->clone_hosts[m->nclone_hosts++] = xstrdup(s);
	}
	return 0;
}

/* allow_http: true or false (YAML 1.2 core schema's booleans). */
static int read_bool(bool *out, struct parse *p, const char *where,
                     const char *key, const yaml_node_t *v)
{
	const char *s = yaml_doc_scalar(v);

	if (s && (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")))
		*out = true;
	else if (s && (!strcmp(s, "false") || !strcmp(s, "False") ||
	               !strcmp(s, "FALSE")))
		*out = false;
	else
		return fail(p, v, "%s: %s must be true or false", where, key);
	return 0;
}

static int read_meta(struct meta *m, struct parse *p, const char *where,
                     const yaml_node_t *map, const char *const *keys)
{
	memset(m, 0, sizeof(*m));
	if (yaml_doc_is_null(map))
		return 0;
	if (map->type != YAML_MAPPING_NODE)
		return fail(p, map, "%s: expected a map of keys (%s)", where,
		            keys == forge_keys ? "forge: github, owners: ..." :
		            "pso_id: ...");
	for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_doc_node(&p->doc, pair->key);
		yaml_node_t *v = yaml_doc_node(&p->doc, pair->value);
		const char *key = yaml_doc_scalar(k);
		char **slot = NULL;
		int rc;

		if (!key || !in_list(keys, key)) {
			char *known = join(keys);
			rc = fail(p, k, "%s: unknown key '%s'; known keys: %s", where,
			          key ? key : "(not text)", known);
			free(known);
			return rc;
		}
		if (!strcmp(key, "owners")) {
			if (!yaml_doc_is_null(v) && v->type != YAML_MAPPING_NODE)
				return fail(p, v, "%s: 'owners' must be a map of owner "
				            "login -> metadata", where);
			m->owners = v;
			continue;
		}
		if (!strcmp(key, "clone_hosts")) {
			if ((rc = read_clone_hosts(m, p, where, v)) < 0)
				return rc;
			continue;
		}
		if (!strcmp(key, "allow_http")) {
			if ((rc = read_bool(&m->allow_http, p, where, key, v)) < 0)
				return rc;
			continue;
		}
		if (!strcmp(key, "pso_id")) slot = &m->pso_id;
		else if (!strcmp(key, "floss_policy")) slot = &m->floss_policy;
		else if (!strcmp(key, "ospo_url")) slot = &m->ospo_url;
		else if (!strcmp(key, "ignored_since")) slot = &m->ignored_since;
		else if (!strcmp(key, "api_url")) slot = &m->api_url;
		else if (!strcmp(key, "forge")) slot = &m->forge, m->forge_node = v;
		else slot = &m->kind;
		if (*slot) {
			/* The national file has one (gitlab.mim-libre.fr, two
			 * pso_id): YAML readers keep the last, so do we, and say so. */
			struct accounts *a = p->out;
			a->warnings = xrealloc(a->warnings,
			                       (a->nwarnings + 1) * sizeof(*a->warnings));
			a->warnings[a->nwarnings++] = xasprintf(
				"%s:%u: %s: '%s' is given twice; the last one, '%s', is "
				"used", p->name, yaml_doc_line(k), where, key,
				yaml_doc_scalar(v) ? yaml_doc_scalar(v) : "");
			free(*slot);
			*slot = NULL;
		}
		if ((rc = scalar(slot, p, where, key, v)) < 0)
			return rc;
		if (slot == &m->ignored_since && *slot && !valid_date(*slot))
			return fail(p, v, "%s: ignored_since '%s' is not a date; write "
			            "it as YYYY-MM-DD", where, *slot);
		if (slot == &m->kind && *slot && strcmp(*slot, "user") &&
		    strcmp(*slot, "org"))
			return fail(p, v, "%s: kind '%s' is not 'user' or 'org'", where,
			            *slot);
		if (slot == &m->api_url && *slot && strncmp(*slot, "https://", 8) &&
		    strncmp(*slot, "http://", 7))
			return fail(p, v, "%s: api_url '%s' must start with https://",
			            where, *slot);
	}
	return 0;
}

static char *dup_or(const char *own, const char *inherited)
{
	return own ? xstrdup(own) : inherited ? xstrdup(inherited) : NULL;
}

static void push(struct accounts *a, const char *host, const struct meta *forge,
                 const char *owner, const struct meta *own, unsigned line,
                 const char *today)
{
	struct account_entry *e;
	const char *since;

	a->v = xrealloc(a->v, (a->n + 1) * sizeof(*a->v));
	e = &a->v[a->n++];
	memset(e, 0, sizeof(*e));
	e->host = xstrdup(host);
	e->forge = xstrdup(forge->forge);
	e->api_url = forge->api_url ? xstrdup(forge->api_url) : NULL;
	e->owner = owner ? xstrdup(owner) : NULL;
	e->kind = own && own->kind ? xstrdup(own->kind) : NULL;
	e->pso_id = dup_or(own ? own->pso_id : NULL, forge->pso_id);
	e->floss_policy = dup_or(own ? own->floss_policy : NULL, forge->floss_policy);
	e->ospo_url = dup_or(own ? own->ospo_url : NULL, forge->ospo_url);
	/* The earlier of the owner's and the forge's dates wins. */
	since = own && own->ignored_since ? own->ignored_since : NULL;
	if (forge->ignored_since && (!since || strcmp(forge->ignored_since, since) < 0))
		since = forge->ignored_since;
	e->ignored_since = since ? xstrdup(since) : NULL;
	/* Skip an entry from its ignored_since date on, as the name says.
	 * (code.gouv.fr's importer, `accounts_data` in
	 * codegouvfr/ecosystems-repos lib/tasks/dinum.rake, keeps only the
	 * entries whose date is past: the test reads inverted there.)
	 * Same-day counts as past. */
	e->ignored = since && strcmp(since, today) <= 0;
	if (forge->nclone_hosts) {
		e->clone_hosts = xcalloc(forge->nclone_hosts, sizeof(*e->clone_hosts));
		for (size_t i = 0; i < forge->nclone_hosts; i++)
			e->clone_hosts[i] = xstrdup(forge->clone_hosts[i]);
		e->nclone_hosts = forge->nclone_hosts;
	}
	e->allow_http = forge->allow_http;
	e->line = line;
	if (owner) {
		e->forge_pso_id = dup_or(forge->pso_id, NULL);
		e->forge_floss_policy = dup_or(forge->floss_policy, NULL);
		e->forge_ospo_url = dup_or(forge->ospo_url, NULL);
		e->forge_ignored_since = dup_or(forge->ignored_since, NULL);
	}
}

static int read_owners(struct accounts *a, struct parse *p, const char *host,
                       const struct meta *forge)
{
	const yaml_node_t *owners = forge->owners;

	for (yaml_node_pair_t *pair = owners->data.mapping.pairs.start;
	     pair < owners->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_doc_node(&p->doc, pair->key);
		yaml_node_t *v = yaml_doc_node(&p->doc, pair->value);
		const char *login = yaml_doc_scalar(k);
		struct meta own;
		char *where;
		int rc;

		if (!login || !*login || strchr(login, '/') || strchr(login, ' ') ||
		    !utf8_valid(login, strlen(login)))
			return fail(p, k, "%s: owners: '%s' is not an account login "
			            "(subgroups are not listed: give the top-level group)",
			            host, login ? login : "(not text)");
		/* Logins match case-insensitively, as on the forges themselves:
		 * SocialGouv is socialgouv. */
		for (size_t i = 0; i < a->n; i++)
			if (a->v[i].owner && !strcasecmp(a->v[i].host, host) &&
			    !strcasecmp(a->v[i].owner, login))
				return fail(p, k, "%s: owner '%s' is listed twice (also at "
				            "line %u); keep one", host, login, a->v[i].line);
		where = xasprintf("%s: owners: %s", host, login);
		rc = read_meta(&own, p, where, v, owner_keys);
		free(where);
		if (rc < 0) {
			meta_clear(&own);
			return rc;
		}
		push(a, host, forge, login, &own, yaml_doc_line(k), p->today);
		meta_clear(&own);
	}
	return 0;
}

int accounts_parse(struct accounts *out, const char *name, const char *text,
                   size_t len, const char *today)
{
	struct parse p = { .name = name, .today = today, .out = out };
	yaml_node_t *root;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->source = xstrdup(name);
	if ((rc = yaml_doc_load(&p.doc, name, text, len)) < 0) {
		accounts_clear(out);
		return rc;
	}
	root = yaml_doc_root(&p.doc);
	if (!root || (root->type != YAML_MAPPING_NODE)) {
		rc = fail(&p, root, "expected a map of forge host -> forge (e.g. "
		          "'github.com:' then 'forge: github')");
		goto done;
	}
	for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top && rc == 0; pair++) {
		yaml_node_t *k = yaml_doc_node(&p.doc, pair->key);
		yaml_node_t *v = yaml_doc_node(&p.doc, pair->value);
		const char *host = yaml_doc_scalar(k);
		struct meta forge;

		if (!host || !valid_host(host)) {
			rc = fail(&p, k, "'%s' is not a host name; top-level keys are "
			          "forge hosts without scheme, e.g. 'gitlab.com'",
			          host ? host : "(not text)");
			break;
		}
		for (size_t i = 0; i < out->n; i++)
			if (!strcasecmp(out->v[i].host, host)) {
				rc = fail(&p, k, "forge '%s' is listed twice (also at line "
				          "%u); merge the two", host, out->v[i].line);
				break;
			}
		if (rc)
			break;
		if ((rc = read_meta(&forge, &p, host, v, forge_keys)) == 0) {
			if (!forge.forge)
				rc = fail(&p, k, "%s: 'forge' is missing; say which "
				          "software runs it (github, gitlab, gitea, ...)",
				          host);
			else if (!in_list(forge_kinds, forge.forge)) {
				char *known = join(forge_kinds);
				rc = fail(&p, forge.forge_node, "%s: unknown forge '%s'; "
				          "known forges: %s", host, forge.forge, known);
				free(known);
			} else if (forge.owners && !yaml_doc_is_null(forge.owners))
				rc = read_owners(out, &p, host, &forge);
			else
				push(out, host, &forge, NULL, NULL, yaml_doc_line(k), today);
		}
		meta_clear(&forge);
	}
done:
	yaml_doc_free(&p.doc);
	if (rc < 0)
		accounts_clear(out);
	return rc;
}

int accounts_load(struct accounts *out, const char *path, const char *today)
{
	char *text;
	size_t len;
	int rc;

	if (!path)
		return accounts_parse(out, "embedded accounts.yml",
		                      config_accounts_yml, config_accounts_yml_len,
		                      today);
	if ((rc = yaml_doc_read_file(&text, &len, path)) < 0) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	rc = accounts_parse(out, path, text, len, today);
	free(text);
	return rc;
}

void accounts_clear(struct accounts *a)
{
	for (size_t i = 0; i < a->n; i++) {
		struct account_entry *e = &a->v[i];
		free(e->host);
		free(e->forge);
		free(e->api_url);
		free(e->owner);
		free(e->kind);
		free(e->pso_id);
		free(e->floss_policy);
		free(e->ospo_url);
		free(e->ignored_since);
		for (size_t k = 0; k < e->nclone_hosts; k++)
			free(e->clone_hosts[k]);
		free(e->clone_hosts);
		free(e->forge_pso_id);
		free(e->forge_floss_policy);
		free(e->forge_ospo_url);
		free(e->forge_ignored_since);
	}
	for (size_t i = 0; i < a->nwarnings; i++)
		free(a->warnings[i]);
	free(a->warnings);
	free(a->v);
	free(a->source);
	memset(a, 0, sizeof(*a));
}
