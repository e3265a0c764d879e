/*
 * license_declared.c - the licence a repository declares: package
 * manifests, publiccode.yml `legal.license`, the README's licence section
 * (data/licences/detection.md §2.2-§2.3, licensee's
 * project_files/package_manager_file.rb and the matchers, reimplemented).
 *
 * Each format is read just enough to find its licence field: these are
 * untrusted files, already capped by the tree read; nothing here recurses
 * on their content.
 */
#include "crawler/license/license_declared.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "crawler/license/license_text.h"
#include "lib/alloc.h"
#include "lib/buf.h"

/* Free-text names seen in manifests and READMEs, squashed
 * (license_title_squash: lowercase letters and digits, "licence" read as
 * "license"). Bare names with no version ("GPL", "CeCILL", "BSD") are
 * left out on purpose: guessing a version could turn a refused licence
 * into an authorised one. */
static const struct alias {
	const char *squashed;
	const char *spdx;
} aliases[] = {
	{ "mit", "MIT" }, { "mitlicense", "MIT" }, { "themitlicense", "MIT" },
	{ "expat", "MIT" }, { "mit0", "MIT-0" },
	{ "apache2", "Apache-2.0" }, { "apache20", "Apache-2.0" },
	{ "apachev2", "Apache-2.0" }, { "apachev20", "Apache-2.0" },
	{ "apachelicense2", "Apache-2.0" }, { "apachelicense20", "Apache-2.0" },
	{ "apachelicensev2", "Apache-2.0" }, { "apachelicensev20", "Apache-2.0" },
	{ "apachelicenseversion2", "Apache-2.0" },
	{ "apachelicenseversion20", "Apache-2.0" },
	{ "theapachelicenseversion20", "Apache-2.0" },
	{ "apachesoftwarelicense20", "Apache-2.0" },
	{ "apachesoftwarelicenseversion20", "Apache-2.0" },
	{ "theapachesoftwarelicenseversion20", "Apache-2.0" },
	{ "asl20", "Apache-2.0" }, { "asl2", "Apache-2.0" },
	{ "bsd2", "BSD-2-Clause" }, { "bsd2clause", "BSD-2-Clause" },
	{ "bsd2clauselicense", "BSD-2-Clause" }, { "simplifiedbsd", "BSD-2-Clause" },
	{ "simplifiedbsdlicense", "BSD-2-Clause" }, { "freebsd", "BSD-2-Clause" },
	{ "bsd3", "BSD-3-Clause" }, { "bsd3clause", "BSD-3-Clause" },
	{ "bsd3clauselicense", "BSD-3-Clause" }, { "newbsd", "BSD-3-Clause" },
	{ "newbsdlicense", "BSD-3-Clause" }, { "modifiedbsd", "BSD-3-Clause" },
	{ "modifiedbsdlicense", "BSD-3-Clause" }, { "revisedbsd", "BSD-3-Clause" },
	{ "revisedbsdlicense", "BSD-3-Clause" },
	{ "gpl2", "GPL-2.0-only" }, { "gplv2", "GPL-2.0-only" },
	{ "gpl20", "GPL-2.0-only" }, { "gnugplv2", "GPL-2.0-only" },
	{ "gnugeneralpubliclicensev2", "GPL-2.0-only" },
	{ "gnugeneralpubliclicensev20", "GPL-2.0-only" },
	{ "gnugeneralpubliclicenseversion2", "GPL-2.0-only" },
	{ "gnugeneralpubliclicense20", "GPL-2.0-only" },
	{ "gplv2orlater", "GPL-2.0-or-later" }, { "gpl2orlater", "GPL-2.0-or-later" },
	{ "gpl3", "GPL-3.0-only" }, { "gplv3", "GPL-3.0-only" },
	{ "gpl30", "GPL-3.0-only" }, { "gnugplv3", "GPL-3.0-only" },
	{ "gnugpl3", "GPL-3.0-only" }, { "gnugeneralpubliclicensev3", "GPL-3.0-only" },
	{ "gnugeneralpubliclicensev30", "GPL-3.0-only" },
	{ "gnugeneralpubliclicenseversion3", "GPL-3.0-only" },
	{ "gnugeneralpubliclicense30", "GPL-3.0-only" },
	{ "gnugeneralpubliclicense3", "GPL-3.0-only" },
	{ "gplv3orlater", "GPL-3.0-or-later" }, { "gpl3orlater", "GPL-3.0-or-later" },
	{ "lgpl21", "LGPL-2.1-only" }, { "lgplv21", "LGPL-2.1-only" },
	{ "gnulessergeneralpubliclicensev21", "LGPL-2.1-only" },
	{ "gnulessergeneralpubliclicenseversion21", "LGPL-2.1-only" },
	{ "lgpl3", "LGPL-3.0-only" }, { "lgplv3", "LGPL-3.0-only" },
	{ "lgpl30", "LGPL-3.0-only" }, { "gnulgplv3", "LGPL-3.0-only" },
	{ "gnulessergeneralpubliclicensev3", "LGPL-3.0-only" },
	{ "gnulessergeneralpubliclicensev30", "LGPL-3.0-only" },
	{ "gnulessergeneralpubliclicenseversion3", "LGPL-3.0-only" },
	{ "lgplv3orlater", "LGPL-3.0-or-later" },
	{ "agpl3", "AGPL-3.0-only" }, { "agplv3", "AGPL-3.0-only" },
	{ "agpl30", "AGPL-3.0-only" }, { "gnuagplv3", "AGPL-3.0-only" },
	{ "gnuafferogeneralpubliclicensev3", "AGPL-3.0-only" },
	{ "gnuafferogeneralpubliclicensev30", "AGPL-3.0-only" },
	{ "gnuafferogeneralpubliclicenseversion3", "AGPL-3.0-only" },
	{ "afferogeneralpubliclicensev3", "AGPL-3.0-only" },
	{ "agplv3orlater", "AGPL-3.0-or-later" },
	{ "mpl2", "MPL-2.0" }, { "mpl20", "MPL-2.0" },
	{ "mozillapubliclicense2", "MPL-2.0" }, { "mozillapubliclicense20", "MPL-2.0" },
	{ "mozillapubliclicensev20", "MPL-2.0" },
	{ "mozillapubliclicenseversion20", "MPL-2.0" },
	{ "epl2", "EPL-2.0" }, { "epl20", "EPL-2.0" },
	{ "eclipsepubliclicense20", "EPL-2.0" }, { "eclipsepubliclicensev20", "EPL-2.0" },
	{ "eclipsepubliclicenseversion20", "EPL-2.0" },
	{ "epl10", "EPL-1.0" }, { "eclipsepubliclicense10", "EPL-1.0" },
	{ "eupl12", "EUPL-1.2" }, { "euplv12", "EUPL-1.2" },
	{ "europeanunionpubliclicense12", "EUPL-1.2" },
	{ "europeanunionpubliclicensev12", "EUPL-1.2" },
	{ "europeanunionpubliclicenseversion12", "EUPL-1.2" },
	{ "licensepubliquedelunioneurop\xc3\xa9" "enne12", "EUPL-1.2" },
	{ "licensepubliquedelunioneurop\xc3\xa9" "enneversion12", "EUPL-1.2" },
	{ "eupl11", "EUPL-1.1" }, { "euplv11", "EUPL-1.1" },
	{ "cecill21", "CECILL-2.1" }, { "cecillv21", "CECILL-2.1" },
	{ "cecillversion21", "CECILL-2.1" }, { "cecill20", "CECILL-2.0" },
	{ "cecillv2", "CECILL-2.0" }, { "cecillv20", "CECILL-2.0" },
	{ "cecillb", "CECILL-B" }, { "cecillbv1", "CECILL-B" },
	{ "cecillbfreesoftwarelicenseagreement", "CECILL-B" },
	{ "contratdelicensedelogiciellibrececillb", "CECILL-B" },
	{ "cecillc", "CECILL-C" }, { "cecillcv1", "CECILL-C" },
	{ "cecillcfreesoftwarelicenseagreement", "CECILL-C" },
	{ "contratdelicensedelogiciellibrececillc", "CECILL-C" },
	{ "isc", "ISC" }, { "isclicense", "ISC" },
	{ "unlicense", "Unlicense" }, { "theunlicense", "Unlicense" },
	{ "cc0", "CC0-1.0" }, { "cc010", "CC0-1.0" }, { "wtfpl", "WTFPL" },
	{ "zlib", "Zlib" }, { "0bsd", "0BSD" }, { "ccby40", "CC-BY-4.0" },
	{ "ccbysa40", "CC-BY-SA-4.0" },
	{ "etalab20", "etalab-2.0" }, { "licenseouverte20", "etalab-2.0" },
	{ "licenseouvertev20", "etalab-2.0" },
	{ "licenseouverteversion20", "etalab-2.0" },
	{ "licenseouverteopenlicense20", "etalab-2.0" },
	{ "licenseouverteopenlicenseversion20", "etalab-2.0" },
	{ "odbl", "ODbL-1.0" }, { "odbl10", "ODbL-1.0" },
	{ "opendatabaselicense", "ODbL-1.0" }, { "opendatabaselicense10", "ODbL-1.0" },
	{ "bsl10", "BSL-1.0" }, { "boostsoftwarelicense10", "BSL-1.0" },
	{ "artistic20", "Artistic-2.0" }, { "python20", "Python-2.0" },
};

static const char *alias_find(const char *squashed)
{
	for (size_t i = 0; i < sizeof(aliases) / sizeof(*aliases); i++)
		if (squashed[0] == aliases[i].squashed[0] &&
		    !strcmp(squashed, aliases[i].squashed))
			return aliases[i].spdx;
	return NULL;
}

static bool all_known(const struct spdx_expr *e)
{
	if (!e)
		return true;
	if (e->kind == SPDX_LICENSE)
		return spdx_id_known(e->id);
	return all_known(e->left) && (e->kind == SPDX_WITH || all_known(e->right));
}

/* R's "GPL (>= 2)", "GPL-3", "LGPL (>= 2.1)", "AGPL-3" (CRAN's
 * "Writing R Extensions" §1.1.2 licence names). */
static char *r_license(const char *v)
{
	static const char *const fam[] = { "AGPL", "LGPL", "GPL" };

	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(fam[i]);
		const char *p = v + n;
		bool later = false;
		char ver[8];
		size_t k = 0;

		if (strncmp(v, fam[i], n))
			continue;
		while (*p == ' ')
			p++;
		if (!strncmp(p, "(>=", 3)) {
			later = true;
			p += 3;
		} else if (*p == '-') {
			p++;
		} else {
			return NULL;
		}
		while (*p == ' ')
			p++;
		while (k < sizeof(ver) - 1 && (isdigit((unsigned char)*p) || *p == '.'))
			ver[k++] = *p++;
		ver[k] = '\0';
		while (*p == ' ' || *p == ')')
			p++;
		if (*p || !k)
			return NULL;
		return xasprintf("%s-%s%s-%s", fam[i], ver, strchr(ver, '.') ? "" : ".0",
		                 later ? "or-later" : "only");
	}
	return NULL;
}

/* Licence URLs (NuGet <licenseUrl>, pom <url>): the id is the last path
 * component on licenses.nuget.org, opensource.org and spdx.org. */
static char *url_license(const char *v)
{
	static const char *const hosts[] = {
		"licenses.nuget.org/", "opensource.org/licenses/",
		"spdx.org/licenses/",
	};
	const char *p;

	if (strstr(v, "apache.org/licenses/LICENSE-2.0"))
		return xstrdup("Apache-2.0");
	for (size_t i = 0; i < sizeof(hosts) / sizeof(*hosts); i++)
		if ((p = strstr(v, hosts[i]))) {
			char *id = xstrdup(p + strlen(hosts[i])), *dot;
			id[strcspn(id, "/?#")] = '\0';
			if ((dot = strrchr(id, '.')) &&
			    (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".txt") ||
			     !strcasecmp(dot, ".php")))
				*dot = '\0';
			return id;
		}
	return NULL;
}

static struct spdx_expr *node_or(struct spdx_expr *l, struct spdx_expr *r)
{
	struct spdx_expr *e = xcalloc(1, sizeof(*e));

	e->kind = SPDX_OR;
	e->left = l;
	e->right = r;
	return e;
}

struct spdx_expr *license_declared_resolve(const char *value)
{
	struct spdx_expr *e = NULL;
	char *v, *t, *p, *sq;
	const char *id;

	while (isspace((unsigned char)*value))
		value++;
	if (!*value || strlen(value) > SPDX_MAX_LEN ||
	    !strcasecmp(value, "UNLICENSED") || !strncasecmp(value, "SEE LICEN", 9) ||
	    !strcasecmp(value, "proprietary") || !strcasecmp(value, "other"))
		return NULL;
	v = xstrdup(value);
	p = v + strlen(v);
	while (p > v && isspace((unsigned char)p[-1]))
		*--p = '\0';
	/* CRAN: "MIT + file LICENSE"; "A | B" is a choice. */
	if ((p = strstr(v, " + file ")) || (p = strstr(v, "+ file ")))
		*p = '\0';
	if ((t = url_license(v))) {
		free(v);
		v = t;
	} else if ((t = r_license(v))) {
		free(v);
		v = t;
	}
	/* Old Cargo manifests and CRAN separate choices with '/' or '|':
	 * each part is a name of its own ("GPL-3 | EUPL-1.2"). */
	if (strchr(v, '|') || (strchr(v, '/') && !strstr(v, "://"))) {
		char *save = NULL;
		for (p = strtok_r(v, "|/", &save); p; p = strtok_r(NULL, "|/", &save)) {
			struct spdx_expr *part = license_declared_resolve(p);
			if (!part) {
				spdx_free(e);
				free(v);
				return NULL;
			}
			e = e ? node_or(e, part) : part;
		}
		free(v);
		return e;
	}
	t = xstrdup(v);
	if (spdx_parse(&e, t, NULL) == 0 && all_known(e)) {
		free(t);
		free(v);
		return e;
	}
	spdx_free(e);
	e = NULL;
	free(t);
	sq = license_title_squash(v);
	if ((id = alias_find(sq)) ||
	    (!strncmp(sq, "the", 3) && (id = alias_find(sq + 3))))
		spdx_parse(&e, id, NULL);
	free(sq);
	free(v);
	return e;
}

/* ---- small readers ---- */

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
	int err = -ENOENT;

	if (!json_is_object(root)) {
		json_decref(root);
		return -EINVAL;
	}
	v = json_object_get(root, "license");
	if (!v)
		v = json_object_get(root, "licenses");  /* npm's legacy form */
	if (v && (s = json_license(v))) {
		at = strstr(data, "\"license");
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
				const char *t = strstr(eq, "text");
				if (!t || t > s + n)
					return -ENOENT;  /* { file = "LICENSE" } */
				v = quoted(t, (size_t)(s + n - t));
			} else if (toml) {
				v = quoted(eq, (size_t)(s + n - eq));
			} else {
				v = xstrndup(eq, (size_t)(s + n - eq));
			}
			if (!v || !*v) {
				free(v);
				return -ENOENT;
			}
			set(out, name, v, line);
			free(v);
			return 0;
		}
	}
	return -ENOENT;
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
	return -ENOENT;
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
		return -ENOENT;
	}
	if (!(v = xml_text(&at, data, end, "<licenses>", "</licenses>")))
		return -ENOENT;
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
		return -ENOENT;
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
	return -ENOENT;
}

/* publiccode.yml: legal.license (the standard's "legal" section). The full
 * validation is check_publiccode's job; this reads that one key. */
static int from_publiccode(struct license_declared *out, const char *name,
                           const char *data, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root, *legal = NULL, *lic = NULL;
	int err = -ENOENT;

	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &doc)) {
		yaml_parser_delete(&parser);
		return -EINVAL;
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
		return -EINVAL;
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
	return -ENOENT;
}

/* ---- README ---- */

/* A heading naming the licence: "License", "Licence", "Licences",
 * "Licensing", "Licence d'utilisation", "License and copyright". */
static bool licence_heading(const char *s, size_t n)
{
	char t[64];
	size_t k = 0;

	while (n && (*s == '#' || *s == '=' || *s == ' ' || *s == '*'))
		s++, n--;
	while (n && strchr("#=*: \t", s[n - 1]))
		n--;
	if (n == 0 || n >= sizeof(t))
		return false;
	for (; k < n; k++)
		t[k] = (char)tolower((unsigned char)s[k]);
	t[k] = '\0';
	return strstr(t, "licen") && n <= 40;
}

static bool is_underline(const char *s, size_t n)
{
	if (n < 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("=-~^ ", s[i]))
			return false;
	return s[0] != ' ';
}

/* ATX ("## License", "== License") or setext (a line then "-----"). */
static bool heading(const char *s, size_t n, const char *next, size_t nn,
                    bool *setext)
{
	*setext = next && nn && is_underline(next, nn) && n &&
	          !isspace((unsigned char)s[0]);
	return (n && (s[0] == '#' || (n > 1 && s[0] == '=' && s[1] == '='))) ||
	       *setext;
}

struct found {
	char *ids[8];
	size_t n;
};

static void found_add(struct found *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->ids[i], id))
			return;
	if (f->n < sizeof(f->ids) / sizeof(*f->ids))
		f->ids[f->n++] = xstrdup(id);
}

/* The licence a span of words names: an alias, or an SPDX id written as
 * such ("EUPL-1.2", "CECILL-B"), or NULL. Caller frees. */
static char *span_licence(const char *span)
{
	char *sq = license_title_squash(span), *id = NULL;
	const char *a = alias_find(sq);
	struct spdx_expr *e = NULL;

	free(sq);
	if (a)
		return xstrdup(a);
	if (!strchr(span, ' ') && strchr(span, '-') &&
	    spdx_parse(&e, span, NULL) == 0 && e->kind == SPDX_LICENSE &&
	    spdx_id_known(e->id) && strcmp(e->id, "NONE") &&
	    strcmp(e->id, "NOASSERTION"))
		id = xstrdup(e->id);
	spdx_free(e);
	return id;
}

/* Licence names and ids in TEXT: windows of up to 8 words, longest first
 * (licensee's reference matcher, data/licences/detection.md §5.4). */
static void names_in(struct found *f, const char *text, size_t len)
{
	const char *w[1024];
	size_t wl[1024], nw = 0;

	for (size_t i = 0; i < len && nw < 1024;) {
		while (i < len && !(isalnum((unsigned char)text[i]) ||
		                    (unsigned char)text[i] >= 0x80))
			i++;
		if (i >= len)
			break;
		w[nw] = text + i;
		while (i < len && (isalnum((unsigned char)text[i]) ||
		                   (unsigned char)text[i] >= 0x80 ||
		                   (strchr(".-'", text[i]) && i + 1 < len &&
		                    isalnum((unsigned char)text[i + 1]))))
			i++;
		wl[nw] = (size_t)(text + i - w[nw]);
		nw++;
	}
	for (size_t i = 0; i < nw;) {
		size_t k;
		for (k = nw - i < 8 ? nw - i : 8; k > 0; k--) {
			char *span = xstrndup(w[i], (size_t)(w[i + k - 1] +
			                                     wl[i + k - 1] - w[i]));
			char *id = span_licence(span);
			free(span);
			if (id) {
				found_add(f, id);
				free(id);
				break;
			}
		}
		i += k ? k : 1;
	}
}

int license_declared_from_readme(struct license_declared *out,
                                 const char *name, const char *data,
                                 size_t len)
{
	const char *p = data, *end = data + len, *s, *sec = NULL, *sec_end = end;
	size_t n;
	unsigned line = 0, sec_line = 0;
	struct found f = { { 0 }, 0 };
	struct buf b = BUF_INIT;
	bool setext, later = false, choice = false;
	char *v;

	memset(out, 0, sizeof(*out));
	/* Find the heading, then the next heading after it. */
	while (next_line(&s, &n, &p, end, &line)) {
		const char *nx = p < end ? p : NULL;
		size_t nn = nx ? strcspn(nx, "\n") : 0;
		if (nx && (size_t)(end - nx) < nn)
			nn = (size_t)(end - nx);
		if (!heading(s, n, nx, nn, &setext))
			continue;
		if (sec) {
			sec_end = s;
			break;
		}
		if (licence_heading(s, n)) {
			sec = setext ? nx + nn : s + n;
			sec_line = line;
			if (setext) {
				const char *skip_s;
				size_t skip_n;
				next_line(&skip_s, &skip_n, &p, end, &line);
			}
		}
	}
	if (!sec || sec >= sec_end)
		return -ENOENT;
	names_in(&f, sec, (size_t)(sec_end - sec));
	{
		char *low = xstrndup(sec, (size_t)(sec_end - sec));
		for (char *q = low; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		later = strstr(low, "any later version") || strstr(low, "or later") ||
		        strstr(low, "ult\xc3\xa9rieure") || strstr(low, "-or-later");
		choice = strstr(low, "dual") || strstr(low, "either") ||
		         strstr(low, " au choix") || strstr(low, "double licen");
		free(low);
	}
	for (size_t i = 0; i < f.n; i++) {
		char *id = f.ids[i];
		size_t l;
		if (b.len)
			buf_adds(&b, choice ? " OR " : " AND ");
		l = strlen(id);
		/* "either version 3 ... or any later version" */
		if (later && l > 5 && !strcmp(id + l - 5, "-only"))
			buf_addf(&b, "%.*s-or-later", (int)(l - 5), id);
		else
			buf_adds(&b, id);
		free(id);
	}
	if (!b.len)
		return -ENOENT;
	v = buf_detach(&b);
	set(out, name, v, sec_line);
	free(v);
	return 0;
}

void license_declared_clear(struct license_declared *d)
{
	free(d->source);
	free(d->raw);
	spdx_free(d->expr);
	memset(d, 0, sizeof(*d));
}
