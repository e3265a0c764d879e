/*
 * license_declared.c - the licence a repository declares: package
 * manifests, publiccode.yml `legal.license`, the README's licence section
 * (licensee's project_files/package_manager_file.rb, readme_file.rb and
 * matchers, reimplemented).
 *
 * Each format is read just enough to find its licence field: these are
 * untrusted files, already capped by the tree read; nothing here recurses
 * on their content.
 */
#include "crawler/license/license_declared.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "crawler/license/license_match.h"
#include "crawler/license/license_section.h"
#include "crawler/license/license_text.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"

/* ---- small readers ---- */

static int none(const char *name)
{
	return error_set(ERROR_NOTFOUND, "%s declares no licence", name);
}

static int unparsable(const char *name, const char *format)
{
	return error_set(ERROR_PARSE, "%s is not valid %s: fix its syntax",
	                 name, format);
}

/* The first NEEDLE in DATA[0..len), never past LEN, or NULL. */
static const char *find(const char *data, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (data[i] == needle[0] && !memcmp(data + i, needle, n))
			return data + i;
	return NULL;
}

static unsigned line_at(const char *data, const char *at)
{
	unsigned line = 1;

	for (const char *p = data; p < at; p++)
		line += *p == '\n';
	return line;
}

static int set(struct license_declared *out, const char *name,
               const char *raw, unsigned line)
{
	size_t n;

	memset(out, 0, sizeof(*out));
	while (isspace((unsigned char)*raw))
		raw++;
	for (n = strlen(raw); n && isspace((unsigned char)raw[n - 1]); n--)
		;
	out->source = xstrdup(name);
	out->raw = xstrndup(raw, n);
	out->expr = license_declared_resolve(out->raw);
	out->line = line;
	return 0;
}

/* A JSON string or array of strings (joined with OR: composer.json says a
 * list is a choice), or a legacy {"type": ...}. */
static char *json_license(json_t *v)
{
	struct buf b = BUF_INIT;
	size_t i;
	json_t *x;

	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_object(v) && json_is_string(json_object_get(v, "type")))
		return xstrdup(json_string_value(json_object_get(v, "type")));
	if (!json_is_array(v))
		return NULL;
	json_array_foreach(v, i, x) {
		char *s = json_license(x);
		if (!s)
			continue;
		if (b.len)
			buf_adds(&b, " OR ");
		buf_addf(&b, strchr(s, ' ') ? "(%s)" : "%s", s);
		free(s);
	}
	return b.len ? buf_detach(&b) : NULL;
}

static int from_json(struct license_declared *out, const char *name,
                     const char *data, size_t len)
{
	json_t *root = json_loadb(data, len, 0, NULL), *v;
	char *s = NULL;
	const char *at;
	int err;

	if (!json_is_object(root)) {
		json_decref(root);
		return unparsable(name, "JSON");
	}
	err = none(name);
	v = json_object_get(root, "license");
	if (!v)
		v = json_object_get(root, "licenses");  /* npm's legacy form */
	if (v && (s = json_license(v))) {
		at = find(data, len, "\"license");
		err = set(out, name, s, at ? line_at(data, at) : 0);
	}
	free(s);
	json_decref(root);
	return err;
}

/* The next line of DATA from *P; sets *LINE to its number. */
static bool next_line(const char **s, size_t *n, const char **p,
                      const char *end, unsigned *line)
{
	const char *nl;

	if (*p >= end)
		return false;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	*s = *p;
	*n = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
	*p = nl ? nl + 1 : end;
	(*line)++;
	return true;
}

/* The quoted value of `key = "..."` or `key = '...'`, or NULL. */
static char *quoted(const char *s, size_t n)
{
	const char *q = s, *end = s + n, *close;

	while (q < end && *q != '"' && *q != '\'')
		q++;
	if (q >= end || !(close = memchr(q + 1, *q, (size_t)(end - q - 1))))
		return NULL;
	return xstrndup(q + 1, (size_t)(close - q - 1));
}

/*
 * An INI or TOML file: in one of SECTIONS, `license = value`. TOML values
 * are quoted, or a PEP 621 table `{ text = "..." }`; INI values are the
 * rest of the line.
 */
static int from_ini(struct license_declared *out, const char *name,
                    const char *data, size_t len,
                    const char *const *sections, bool toml)
{
	const char *p = data, *end = data + len, *s;
	size_t n;
	unsigned line = 0;
	bool in = false;

	while (next_line(&s, &n, &p, end, &line)) {
		while (n && isspace((unsigned char)*s))
			s++, n--;
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		if (n && s[0] == '[') {
			in = false;
			for (size_t i = 0; sections[i]; i++)
				if (n == strlen(sections[i]) && !memcmp(s, sections[i], n))
					in = true;
			continue;
		}
		if (!in || n < 8 || strncmp(s, "license", 7))
			continue;
		{
			const char *eq = s + 7;
			char *v;
			while (eq < s + n && (*eq == ' ' || *eq == '\t'))
				eq++;
			if (eq >= s + n || *eq != '=')
				continue;
			eq++;
			while (eq < s + n && isspace((unsigned char)*eq))
				eq++;
			if (toml && *eq == '{') {
				const char *t = find(eq, (size_t)(s + n - eq), "text");
				if (!t)
					return none(name);  /* { file = "LICENSE" } */
				v = quoted(t, (size_t)(s + n - t));
			} else if (toml) {
				v = quoted(eq, (size_t)(s + n - eq));
			} else {
				v = xstrndup(eq, (size_t)(s + n - eq));
			}
			if (!v || !*v) {
				free(v);
				return none(name);
			}
			set(out, name, v, line);
			free(v);
			return 0;
		}
	}
	return none(name);
}

/* DESCRIPTION (R): a "License:" field, continuation lines indented. */
static int from_description(struct license_declared *out, const char *name,
                            const char *data, size_t len)
{
	const char *p = data, *end = data + len, *s;
	size_t n;
	unsigned line = 0;

	while (next_line(&s, &n, &p, end, &line)) {
		char *v;
		if (n < 8 || strncmp(s, "License:", 8))
			continue;
		v = xstrndup(s + 8, n - 8);
		set(out, name, v, line);
		free(v);
		return 0;
	}
	return none(name);
}

/* The text of the first <TAG>...</TAG> in [s, end), or NULL. */
static char *xml_text(const char **at, const char *s, const char *end,
                      const char *open, const char *close)
{
	size_t lo = strlen(open);
	const char *a = s, *b;

	for (; a + lo <= end; a++)
		if (!memcmp(a, open, lo))
			break;
	if (a + lo > end)
		return NULL;
	a += lo;
	if (open[lo - 1] != '>') {  /* "<license " then attributes */
		while (a < end && *a != '>')
			a++;
		a++;
	}
	for (b = a; b + strlen(close) <= end; b++)
		if (!memcmp(b, close, strlen(close)))
			break;
	if (b + strlen(close) > end)
		return NULL;
	*at = a;
	while (a < b && isspace((unsigned char)*a))
		a++;
	while (b > a && isspace((unsigned char)b[-1]))
		b--;
	if (b - a > 9 && !memcmp(a, "<![CDATA[", 9) && !memcmp(b - 3, "]]>", 3))
		a += 9, b -= 3;
	return xstrndup(a, (size_t)(b - a));
}

/* pom.xml: every <licenses><license><name> (Maven: a choice); *.nuspec:
 * <license type="expression"> or <licenseUrl>. */
static int from_xml(struct license_declared *out, const char *name,
                    const char *data, size_t len, bool nuspec)
{
	const char *end = data + len, *at = data, *s;
	struct buf b = BUF_INIT;
	char *v;
	unsigned line = 0;

	if (nuspec) {
		if ((v = xml_text(&at, data, end, "<license ", "</license>")) ||
		    (v = xml_text(&at, data, end, "<licenseUrl>", "</licenseUrl>"))) {
			set(out, name, v, line_at(data, at));
			free(v);
			return 0;
		}
		return none(name);
	}
	if (!(v = xml_text(&at, data, end, "<licenses>", "</licenses>")))
		return none(name);
	line = line_at(data, at);
	for (s = v; (at = strstr(s, "<license>")); ) {
		char *name_v = xml_text(&s, at, v + strlen(v), "<name>", "</name>");
		struct spdx_expr *e;
		char *f;
		if (!name_v)
			break;
		/* Each name on its own: "Apache License, Version 2.0" has a
		 * comma but is one licence. */
		e = license_declared_resolve(name_v);
		f = e ? spdx_format(e) : xstrdup(name_v);
		if (b.len)
			buf_adds(&b, " OR ");
		buf_addf(&b, e && e->kind != SPDX_LICENSE ? "(%s)" : "%s", f);
		free(f);
		spdx_free(e);
		free(name_v);
	}
	free(v);
	if (!b.len)
		return none(name);
	v = buf_detach(&b);
	set(out, name, v, line);
	free(v);
	return 0;
}

/* *.gemspec: `s.license = "MIT"` or `spec.licenses = ["MIT", "GPL-2.0"]`
 * (RubyGems: a list is a choice). */
static int from_gemspec(struct license_declared *out, const char *name,
                        const char *data, size_t len)
{
	const char *p = data, *end = data + len, *s;
	size_t n;
	unsigned line = 0;

	while (next_line(&s, &n, &p, end, &line)) {
		const char *dot = NULL, *eq, *q;
		struct buf b = BUF_INIT;
		char *v;

		for (size_t i = 0; i + 8 < n; i++)
			if (s[i] == '.' && !strncmp(s + i + 1, "license", 7)) {
				dot = s + i;
				break;
			}
		if (!dot || !(eq = memchr(dot, '=', (size_t)(s + n - dot))))
			continue;
		for (q = eq + 1; q < s + n;) {
			const char *o = q, *c;
			while (o < s + n && *o != '"' && *o != '\'')
				o++;
			if (o >= s + n ||
			    !(c = memchr(o + 1, *o, (size_t)(s + n - o - 1))))
				break;
			if (b.len)
				buf_adds(&b, " OR ");
			buf_add(&b, o + 1, (size_t)(c - o - 1));
			q = c + 1;
		}
		if (!b.len)
			continue;
		v = buf_detach(&b);
		set(out, name, v, line);
		free(v);
		return 0;
	}
	return none(name);
}

/* publiccode.yml: legal.license (the standard's "legal" section). The full
 * validation is check_publiccode's job; this reads that one key. */
static int from_publiccode(struct license_declared *out, const char *name,
                           const char *data, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root, *legal = NULL, *lic = NULL;
	int err = none(name);

	if (!yaml_parser_initialize(&parser))
		return error_set(ERROR_FAIL, "%s: cannot start the YAML parser", name);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &doc)) {
		yaml_parser_delete(&parser);
		return unparsable(name, "YAML");
	}
	root = yaml_document_get_root_node(&doc);
	for (int pass = 0; pass < 2; pass++) {
		yaml_node_t *map = pass ? legal : root;
		const char *want = pass ? "license" : "legal";
		yaml_node_pair_t *pr;
		if (!map || map->type != YAML_MAPPING_NODE)
			break;
		for (pr = map->data.mapping.pairs.start;
		     pr < map->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(&doc, pr->key);
			if (k && k->type == YAML_SCALAR_NODE &&
			    !strcmp((const char *)k->data.scalar.value, want)) {
				yaml_node_t *v = yaml_document_get_node(&doc, pr->value);
				if (pass)
					lic = v;
				else
					legal = v;
				break;
			}
		}
	}
	if (lic && lic->type == YAML_SCALAR_NODE)
		err = set(out, name, (const char *)lic->data.scalar.value,
		          (unsigned)lic->start_mark.line + 1);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return err;
}

bool license_declared_is_manifest(const char *name)
{
	static const char *const names[] = {
		"package.json", "composer.json", "Cargo.toml", "pyproject.toml",
		"setup.cfg", "pom.xml", "DESCRIPTION", "publiccode.yml",
		"publiccode.yaml",
	};
	const char *dot;

	/* Called for every root entry, 50,000 of them in a large flat tree:
	 * every manifest name starts with one of these letters or ends in
	 * "spec", so reject the rest before any strcmp. */
	if (!strchr("pcCsPDd", name[0]) && !strstr(name, "spec"))
		return false;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (!strcmp(name, names[i]))
			return true;
	dot = strrchr(name, '.');
	return dot && dot != name &&
	       (!strcmp(dot, ".gemspec") || !strcmp(dot, ".nuspec"));
}

int license_declared_from_file(struct license_declared *out, const char *name,
                               const char *data, size_t len)
{
	static const char *const cargo[] = { "[package]", NULL };
	static const char *const pyproject[] = { "[project]", "[tool.poetry]", NULL };
	static const char *const setupcfg[] = { "[metadata]", NULL };
	const char *dot = strrchr(name, '.');

	memset(out, 0, sizeof(*out));
	if (memchr(data, '\0', len))
		return error_set(ERROR_PARSE, "%s holds binary data (a NUL byte), "
		                 "not text", name);
	if (!strcmp(name, "package.json") || !strcmp(name, "composer.json"))
		return from_json(out, name, data, len);
	if (!strcmp(name, "Cargo.toml"))
		return from_ini(out, name, data, len, cargo, true);
	if (!strcmp(name, "pyproject.toml"))
		return from_ini(out, name, data, len, pyproject, true);
	if (!strcmp(name, "setup.cfg"))
		return from_ini(out, name, data, len, setupcfg, false);
	if (!strcmp(name, "DESCRIPTION"))
		return from_description(out, name, data, len);
	if (!strcmp(name, "pom.xml"))
		return from_xml(out, name, data, len, false);
	if (dot && !strcmp(dot, ".nuspec"))
		return from_xml(out, name, data, len, true);
	if (dot && !strcmp(dot, ".gemspec"))
		return from_gemspec(out, name, data, len);
	if (!strcmp(name, "publiccode.yml") || !strcmp(name, "publiccode.yaml"))
		return from_publiccode(out, name, data, len);
	return none(name);
}

/* ---- README ---- */

/* The licence of a "License" section: a licence text or notice in it
 * first, else the licences it names. Caller frees. */
static char *section_licence(const char *sec, size_t n)
{
	struct license_norm_opts o;
	struct license_text t;
	struct license_match m;

	license_match_opts(&o, NULL);
	license_text_analyze_utf8(&t, sec, n, &o);
	license_match_text(&m, &t);
	license_text_free(&t);
	license_match_in_prose(&m);
	if (m.spdx && strcmp(m.spdx, "NONE"))
		return xstrdup(m.spdx);
	return license_section_names(sec, n);
}

int license_declared_from_readme(struct license_declared *out,
                                 const char *name, const char *data,
                                 size_t len)
{
	const char *sec;
	char *text, *v;
	size_t tlen, n;
	unsigned line;
	int err;

	memset(out, 0, sizeof(*out));
	/* READMEs in Latin-1 or UTF-16 too: read as licence files are. */
	if ((err = license_text_decode(&text, &tlen, data, len)) < 0)
		return err;
	if (license_section_find(&sec, &n, &line, text, tlen) < 0 ||
	    !(v = section_licence(sec, n))) {
		free(text);
		return error_set(ERROR_NOTFOUND, "%s names no licence", name);
	}
	set(out, name, v, line);
	free(v);
	free(text);
	return 0;
}

void license_declared_clear(struct license_declared *d)
{
	free(d->source);
	free(d->raw);
	spdx_free(d->expr);
	memset(d, 0, sizeof(*d));
}
