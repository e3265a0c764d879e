/*
 * actors.c - read actors.yml: pso_id -> name, acronym, parent, ministry.
 * This stands in for the service-public directory that code.gouv.fr
 * downloads at each run (../shared/data/codegouvfr/NOTES.md §a.2).
 */
#include "config/config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/str.h"
#include "config/yaml_doc.h"

static int fail(char **err, const char *name, const yaml_node_t *n,
                const char *msg, const char *arg)
{
	*err = xasprintf("%s:%u: %s%s", name, n ? yaml_doc_line(n) : 1, msg,
	                 arg ? arg : "");
	return ERROR_INVALID;
}

static int read_actor(struct actor *a, char **err, struct yaml_doc *d,
                      const yaml_node_t *map)
{
	if (map->type != YAML_MAPPING_NODE)
		return fail(err, d->name, map, "expected name:, ministry: ... "
		            "for actor ", a->pso_id);
	for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_doc_node(d, pair->key);
		yaml_node_t *v = yaml_doc_node(d, pair->value);
		const char *key = yaml_doc_scalar(k), *val = yaml_doc_scalar(v);
		char **slot;

		if (!key)
			return fail(err, d->name, k, "a key must be text", NULL);
		if (!strcmp(key, "name")) slot = &a->name;
		else if (!strcmp(key, "acronym")) slot = &a->acronym;
		else if (!strcmp(key, "parent")) slot = &a->parent;
		else if (!strcmp(key, "ministry")) slot = &a->ministry;
		else
			return fail(err, d->name, k, "unknown key (known: name, acronym, "
			            "parent, ministry): ", key);
		if (!val || !utf8_valid(val, strlen(val)))
			return fail(err, d->name, v, "expected a text value for ", key);
		if (*slot)
			return fail(err, d->name, k, "given twice: ", key);
		*slot = xstrdup(val);
	}
	if (!a->name)
		return fail(err, d->name, map, "'name' is missing for actor ", a->pso_id);
	if (!a->ministry)
		return fail(err, d->name, map, "'ministry' is missing for actor ",
		            a->pso_id);
	return 0;
}

int actors_parse(struct actors *out, char **err, const char *name,
                 const char *text, size_t len)
{
	struct yaml_doc d;
	yaml_node_t *root;
	int rc;

	memset(out, 0, sizeof(*out));
	*err = NULL;
	out->source = xstrdup(name);
	if ((rc = yaml_doc_load(&d, name, text, len)) < 0) {
		*err = xstrdup(error_last());
		actors_clear(out);
		return rc;
	}
	root = yaml_doc_root(&d);
	if (!root || root->type != YAML_MAPPING_NODE) {
		rc = fail(err, name, root, "expected a map of pso_id -> actor", NULL);
		goto done;
	}
	for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top && rc == 0; pair++) {
		yaml_node_t *k = yaml_doc_node(&d, pair->key);
		const char *id = yaml_doc_scalar(k);
		struct actor *a;

		if (!id || !*id) {
			rc = fail(err, name, k, "a pso_id must be text", NULL);
			break;
		}
		if (actors_find(out, id)) {
			rc = fail(err, name, k, "actor listed twice: ", id);
			break;
		}
		out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
		a = &out->v[out->n++];
		memset(a, 0, sizeof(*a));
		a->pso_id = xstrdup(id);
		a->line = yaml_doc_line(k);
		rc = read_actor(a, err, &d, yaml_doc_node(&d, pair->value));
	}
	/* A parent must be an actor too, so the chain can be shown. */
	for (size_t i = 0; rc == 0 && i < out->n; i++)
		if (out->v[i].parent && !actors_find(out, out->v[i].parent)) {
			*err = xasprintf("%s:%u: parent %s of %s is not in the file; add "
			                 "it", name, out->v[i].line, out->v[i].parent,
			                 out->v[i].pso_id);
			rc = ERROR_INVALID;
		}
done:
	yaml_doc_free(&d);
	if (rc < 0)
		actors_clear(out);
	return rc;
}

int actors_load(struct actors *out, char **err, const char *path)
{
	char *text;
	size_t len;
	int rc;

	if (!path)
		return actors_parse(out, err, "embedded actors.yml", config_actors_yml,
		                    config_actors_yml_len);
	if ((rc = yaml_doc_read_file(&text, &len, path)) < 0) {
		*err = xstrdup(error_last());
		return rc;
	}
	rc = actors_parse(out, err, path, text, len);
	free(text);
	return rc;
}

void actors_clear(struct actors *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].pso_id);
		free(a->v[i].name);
		free(a->v[i].acronym);
		free(a->v[i].parent);
		free(a->v[i].ministry);
	}
	free(a->v);
	free(a->source);
	memset(a, 0, sizeof(*a));
}

const struct actor *actors_find(const struct actors *a, const char *pso_id)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcasecmp(a->v[i].pso_id, pso_id))
			return &a->v[i];
	return NULL;
}

int config_check_actors(char **err, const struct accounts *accounts,
                        const struct actors *actors)
{
	for (size_t i = 0; i < accounts->n; i++) {
		const struct account_entry *e = &accounts->v[i];

		if (e->pso_id && !actors_find(actors, e->pso_id)) {
			*err = xasprintf("%s:%u: %s%s%s: unknown pso_id %s; add it to %s "
			                 "(name, ministry)", accounts->source, e->line,
			                 e->host, e->owner ? "/" : "",
			                 e->owner ? e->owner : "", e->pso_id,
			                 actors->source);
			return ERROR_INVALID;
		}
	}
	return 0;
}
