/*
 * settings.c - read a repository's `.inventaire.yml` (settings.h) and apply
 * it to the findings.
 *
 * The file is untrusted: anyone who can push writes it, and the crawl reads
 * every repository's. It is read only under SETTINGS_MAX_BYTES, parsed with
 * libyaml's event API (whose parser keeps its own stacks on the heap, so no
 * input can overflow ours) into a small tree whose depth is capped, without
 * aliases, and every problem becomes a finding at its line and column.
 */
#include "crawler/checks/settings.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "crawler/checks/checks.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"

/* rules: > ID: > KEY: VALUE is three levels; past this the tree is not
 * even built. */
#define MAX_DEPTH 8
/* Past this many problems, one more finding says how many were left out. */
#define MAX_PROBLEMS 20

static const struct rule settings_rules[] = {
	{ "settings.invalid", LEVEL_WARNING,
	  N_("The repository's settings file .inventaire.yml is not valid"),
	  N_("`.inventaire.yml` at the root of the repository lets a team "
	     "turn a rule off, or change its level, for a stated reason. "
	     "Under `rules:`, each rule id takes `level:` (off, info, "
	     "warning or error), `reason:` (required: why the team accepts "
	     "it) and `until:` (optional: a date, YYYY-MM-DD, after which "
	     "the rule applies again). The file could not be read that "
	     "way: the finding gives the line and column of the problem. "
	     "An entry with a problem changes nothing; the others still "
	     "apply. `inventaire check --explain list` lists the rule ids.") },
	{ NULL, 0, NULL, NULL },
};

/* Its rules only: the driver applies the settings after the checks. */
const struct check check_settings = {
	.name = "settings",
	.run = NULL,
	.rules = settings_rules,
};

#define FIX N_("Fix .inventaire.yml; `inventaire check --explain " \
               "settings.invalid` gives its format.")

/* ---- the YAML tree ---- */

enum ykind { Y_SCALAR, Y_MAP, Y_SEQ };

struct ynode {
	enum ykind kind;
	bool null;            /* a plain empty, `~` or `null` scalar */
	char *text;           /* scalars */
	unsigned line, column;
	struct ynode **kids;  /* mappings: key, value, key, value... */
	size_t n, cap;
};

struct sctx {
	struct report *r;
	size_t problems;
};

static void problem(struct sctx *c, unsigned line, unsigned column,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void problem(struct sctx *c, unsigned line, unsigned column,
                    const char *fmt, ...)
{
	va_list ap;

	if (++c->problems > MAX_PROBLEMS)
		return;
	va_start(ap, fmt);
	report_addv(c->r, "settings.invalid", LEVEL_WARNING, SETTINGS_FILE, line,
	            column, FIX, fmt, ap);
	va_end(ap);
}

static void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	/* Recursion bounded by MAX_DEPTH. */
	for (size_t i = 0; i < n->n; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

static struct ynode *ynode_new(enum ykind kind, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = (unsigned)m->line + 1;
	n->column = (unsigned)m->column + 1;
	return n;
}

static struct ynode *scalar_new(const yaml_event_t *ev)
{
	struct ynode *n = ynode_new(Y_SCALAR, &ev->start_mark);
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;

	n->text = xmalloc(len + 1);
	memcpy(n->text, v, len);
	n->text[len] = '\0';
	/* YAML 1.2 core schema nulls, in plain style only. */
	n->null = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	          (len == 0 || !strcmp(n->text, "~") || !strcmp(n->text, "null") ||
	           !strcmp(n->text, "Null") || !strcmp(n->text, "NULL"));
	return n;
}

static void ynode_add(struct ynode *parent, struct ynode *kid)
{
	if (parent->n == parent->cap) {
		parent->cap = parent->cap ? 2 * parent->cap : 8;
		parent->kids = xrealloc(parent->kids,
		                        parent->cap * sizeof(*parent->kids));
	}
	parent->kids[parent->n++] = kid;
}

/* Where libyaml stopped, as 1-based line and column. A reader error (bad
 * UTF-8) only has a byte offset: count the lines up to it. */
static void error_position(unsigned *line, unsigned *column,
                           const yaml_parser_t *p, const char *data, size_t len)
{
	size_t off = p->problem_offset, start = 0;

	if (p->error != YAML_READER_ERROR) {
		*line = (unsigned)p->problem_mark.line + 1;
		*column = (unsigned)p->problem_mark.column + 1;
		return;
	}
	*line = 1;
	for (size_t i = 0; i < off && i < len; i++)
		if (data[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	*column = (unsigned)(off - start) + 1;
}

/*
 * One parser event into the tree under construction: STACK[0..*DEPTH) are
 * the open collections. 1 at the end of the stream, 0 to go on, -1 after a
 * problem was reported.
 */
static int add_event(struct ynode **root, struct ynode **stack, size_t *depth,
                     struct sctx *c, const yaml_event_t *ev)
{
	struct ynode *n = NULL;
	unsigned line = (unsigned)ev->start_mark.line + 1;
	unsigned column = (unsigned)ev->start_mark.column + 1;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (*root) {
			problem(c, line, column, "The file holds several YAML "
			        "documents; write one, without `---` between parts.");
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		problem(c, line, column, "Aliases (*%s) are not allowed in "
		        ".inventaire.yml: write each value out.",
		        (const char *)ev->data.alias.anchor);
		return -1;
	case YAML_SCALAR_EVENT:
		n = scalar_new(ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (*depth == MAX_DEPTH) {
			problem(c, line, column, "Nested too deep: a settings file "
			        "has three levels (rules, a rule id, its keys).");
			return -1;
		}
		n = ynode_new(ev->type == YAML_MAPPING_START_EVENT ? Y_MAP : Y_SEQ,
		              &ev->start_mark);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		(*depth)--;
		return 0;
	default:
		return 0;
	}
	if (*depth)
		ynode_add(stack[*depth - 1], n);
	else
		*root = n;
	if (n->kind != Y_SCALAR)
		stack[(*depth)++] = n;
	return 0;
}

/* The document's tree in *OUT (NULL for an empty file). 0, or -1 after a
 * problem was reported. */
static int build(struct ynode **out, struct sctx *c, const char *data,
                 size_t len)
{
	struct ynode *root = NULL, *stack[MAX_DEPTH];
	yaml_parser_t p;
	yaml_event_t ev;
	size_t depth = 0;
	int rc = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	while (rc == 0) {
		if (!yaml_parser_parse(&p, &ev)) {
			unsigned line, column;

			error_position(&line, &column, &p, data, len);
			problem(c, line, column, "Not valid YAML: %s%s%s.",
			        p.problem ? p.problem : "parse error",
			        p.context ? ", " : "", p.context ? p.context : "");
			rc = -1;
			break;
		}
		rc = add_event(&root, stack, &depth, c, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (rc < 0) {
		ynode_free(root);
		return -1;
	}
	*out = root;
	return 0;
}

/* ---- the settings ---- */

static bool is_null(const struct ynode *n)
{
	return !n || (n->kind == Y_SCALAR && n->null);
}

/* A YYYY-MM-DD date that exists (ISO 8601's calendar date, extended). */
static bool date_valid(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	bool leap;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m >= 1 && m <= 12 && d >= 1 &&
	       d <= days[m - 1] + (m == 2 && leap);
}

/* Key I of mapping MAP (a name) is one an earlier key already gave. */
static bool key_repeated(const struct ynode *map, size_t i)
{
	for (size_t k = 0; k < i; k += 2)
		if (map->kids[k]->text &&
		    !strcmp(map->kids[k]->text, map->kids[i]->text))
			return true;
	return false;
}

/* Every key of MAP a name (a scalar), each once; else a problem. */
static bool keys_valid(struct sctx *c, const struct ynode *map,
                       const char *where)
{
	bool ok = true;

	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = map->kids[i];

		if (k->kind != Y_SCALAR) {
			problem(c, k->line, k->column, "%s: a key must be a name.",
			        where);
			ok = false;
		} else if (key_repeated(map, i)) {
			problem(c, k->line, k->column, "%s: `%s` is given twice.",
			        where, k->text);
			ok = false;
		}
	}
	return ok;
}

/* `level:` of rule ID into S; false after a problem. */
static bool parse_level(struct setting *s, struct sctx *c, const char *id,
                        const struct ynode *v)
{
	if (v->kind == Y_SCALAR && !strcmp(v->text, "off")) {
		s->off = true;
		return true;
	}
	if (v->kind == Y_SCALAR && level_parse(&s->level, v->text) == 0)
		return true;
	/* Two sentences, not one with parts: each is translated whole. */
	if (v->kind == Y_SCALAR)
		problem(c, v->line, v->column, "rules: %s: level must be off, info, "
		        "warning or error, not `%s`.", id, v->text);
	else
		problem(c, v->line, v->column, "rules: %s: level must be off, info, "
		        "warning or error.", id);
	return false;
}

/* The keys of one entry into S; false after a problem. */
static bool parse_keys(struct setting *s, struct sctx *c, const char *id,
                       const struct ynode *map)
{
	bool ok = true, level = false;

	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const char *key = map->kids[i]->text;
		const struct ynode *v = map->kids[i + 1];

		if (!strcmp(key, "level")) {
			level = true;
			ok = parse_level(s, c, id, v) && ok;
		} else if (!strcmp(key, "reason") && v->kind == Y_SCALAR && !v->null &&
		           v->text[strspn(v->text, " \t\r\n")]) {
			s->reason = xstrdup(v->text);
		} else if (!strcmp(key, "reason")) {
			problem(c, v->line, v->column, "rules: %s: reason must say, "
			        "in words, why the team accepts this.", id);
			ok = false;
		} else if (!strcmp(key, "until") && v->kind == Y_SCALAR &&
		           date_valid(v->text)) {
			s->until = xstrdup(v->text);
		} else if (!strcmp(key, "until")) {
			problem(c, v->line, v->column, "rules: %s: until must be a "
			        "date written YYYY-MM-DD, such as 2027-06-30.", id);
			ok = false;
		} else {
			problem(c, map->kids[i]->line, map->kids[i]->column,
			        "rules: %s: unknown key `%s`; an entry has level, "
			        "reason and until.", id, key);
			ok = false;
		}
	}
	/* Said at the rule id, where the entry starts. */
	if (ok && !level)
		problem(c, s->line, s->column, "rules: %s: level is missing "
		        "(off, info, warning or error).", id);
	else if (ok && !s->reason)
		problem(c, s->line, s->column, "rules: %s: reason is missing; "
		        "say why the team accepts this.", id);
	return ok && level && s->reason;
}

/* The entry KEY: VALUE of `rules:`, appended to OUT when it is right. */
static void parse_entry(struct settings *out, struct sctx *c,
                        const struct ynode *key, const struct ynode *val)
{
	struct setting s = { 0 };

	s.line = key->line;
	s.column = key->column;
	if (!strcmp(key->text, "settings.invalid")) {
		problem(c, key->line, key->column, "rules: settings.invalid cannot "
		        "be set: fix the file instead.");
		return;
	}
	if (!rules_find(key->text)) {
		problem(c, key->line, key->column, "rules: unknown rule `%s`; "
		        "`inventaire check --explain list` lists them.", key->text);
		return;
	}
	if (val->kind != Y_MAP) {
		problem(c, val->line, val->column, "rules: %s: give level and "
		        "reason under the rule id.", key->text);
		return;
	}
	if (!keys_valid(c, val, key->text) || !parse_keys(&s, c, key->text, val)) {
		free(s.reason);
		free(s.until);
		return;
	}
	s.rule = xstrdup(key->text);
	out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
	out->v[out->n++] = s;
}

static void parse_tree(struct settings *out, struct sctx *c,
                       const struct ynode *root)
{
	const struct ynode *rules = NULL;

	if (is_null(root))
		return;   /* an empty file sets nothing */
	if (root->kind != Y_MAP) {
		problem(c, root->line, root->column, "The file must be a mapping "
		        "with one key, rules.");
		return;
	}
	if (!keys_valid(c, root, "the file"))
		return;
	for (size_t i = 0; i + 1 < root->n; i += 2) {
		if (!strcmp(root->kids[i]->text, "rules"))
			rules = root->kids[i + 1];
		else
			problem(c, root->kids[i]->line, root->kids[i]->column,
			        "Unknown key `%s`; the file has one key, rules.",
			        root->kids[i]->text);
	}
	if (is_null(rules))
		return;
	if (rules->kind != Y_MAP) {
		problem(c, rules->line, rules->column, "rules must map rule ids "
		        "to their settings.");
		return;
	}
	if (!keys_valid(c, rules, "rules"))
		return;
	for (size_t i = 0; i + 1 < rules->n; i += 2)
		parse_entry(out, c, rules->kids[i], rules->kids[i + 1]);
}

void settings_parse(struct settings *out, struct report *r, const char *data,
                    size_t len)
{
	struct sctx c = { .r = r };
	struct ynode *root;

	memset(out, 0, sizeof(*out));
	if (build(&root, &c, data, len) == 0) {
		parse_tree(out, &c, root);
		ynode_free(root);
	}
	if (c.problems > MAX_PROBLEMS)
		report_add(r, "settings.invalid", LEVEL_WARNING, SETTINGS_FILE, 0, 0,
		           FIX, "%zu more problems in .inventaire.yml are not "
		           "listed.", c.problems - MAX_PROBLEMS);
}

int settings_load(struct settings *out, struct report *r, struct tree *t)
{
	struct sctx c = { .r = r };
	const struct tree_entry *e;
	struct blob b;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = tree_lookup(&e, t, SETTINGS_FILE)) == ERROR_NOTFOUND)
		return 0;
	if (err < 0)
		return err;
	if (tree_read(&b, t, e, SETTINGS_MAX_BYTES) < 0) {
		problem(&c, 0, 0, "%s cannot be read: %s", SETTINGS_FILE,
		        error_last());
		return 0;
	}
	if (b.truncated)
		problem(&c, 1, 1, "%s is %llu bytes; a settings file is at most "
		        "%d KiB.", SETTINGS_FILE, (unsigned long long)b.size,
		        SETTINGS_MAX_BYTES / 1024);
	else
		settings_parse(out, r, b.data, b.len);
	blob_free(&b);
	return 0;
}

void settings_apply(struct report *r, const struct settings *s,
                    const char *today)
{
	if (!s->n)
		return;
	for (size_t i = 0; i < r->nfindings; i++) {
		struct finding *f = &r->findings[i];

		for (size_t k = 0; k < s->n && !f->setting; k++) {
			const struct setting *x = &s->v[k];
			struct finding_setting *fs;

			/* "YYYY-MM-DD" strings compare as the dates do. */
			if (strcmp(x->rule, f->rule) ||
			    (x->until && strcmp(x->until, today) < 0))
				continue;
			fs = xcalloc(1, sizeof(*fs));
			fs->off = x->off;
			fs->from = f->level;
			fs->reason = report_strdup(x->reason);
			fs->until = report_strdup(x->until);
			fs->path = xstrdup(SETTINGS_FILE);
			fs->line = x->line;
			fs->column = x->column;
			f->setting = fs;
			if (!x->off)
				f->level = x->level;
		}
	}
	report_sort(r);
}

void settings_clear(struct settings *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].rule);
		free(s->v[i].reason);
		free(s->v[i].until);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}
