/*
 * license_resolve.c - free-text licence values to SPDX expressions: the
 * names manifests and READMEs use ("Apache License, Version 2.0", "GPL
 * (>= 2)", "MIT OR Apache-2.0", a licence URL), as licensee's package
 * manager matchers and reference matcher read them (lib/licensee/
 * matchers, reimplemented).
 */
#include "crawler/license/license_declared.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawler/license/license_text.h"
#include "lib/alloc.h"


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

const char *license_alias_id(const char *squashed)
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

/* Licence pages whose address names the licence: the id is the last path
 * component (NuGet's <licenseUrl>, SPDX's and OSI's pages, choosealicense). */
static const char *const id_hosts[] = {
	"licenses.nuget.org/", "opensource.org/licenses/",
	"opensource.org/license/", "spdx.org/licenses/",
	"choosealicense.com/licenses/",
};

/* Licence pages of the licence stewards. */
static const struct { const char *url, *id; } steward_urls[] = {
	{ "apache.org/licenses/LICENSE-2.0", "Apache-2.0" },
	{ "gnu.org/licenses/agpl-3.0", "AGPL-3.0-only" },
	{ "gnu.org/licenses/lgpl-3.0", "LGPL-3.0-only" },
	{ "gnu.org/licenses/gpl-3.0", "GPL-3.0-only" },
	{ "gnu.org/licenses/old-licenses/lgpl-2.1", "LGPL-2.1-only" },
	{ "gnu.org/licenses/old-licenses/gpl-2.0", "GPL-2.0-only" },
	{ "gnu.org/licenses/lgpl.html", "LGPL-3.0-only" },
	{ "gnu.org/licenses/agpl.html", "AGPL-3.0-only" },
	{ "gnu.org/licenses/gpl.html", "GPL-3.0-only" },
	{ "mozilla.org/MPL/2.0", "MPL-2.0" },
	{ "eclipse.org/legal/epl-2.0", "EPL-2.0" },
	{ "eclipse.org/legal/epl-v20", "EPL-2.0" },
	{ "creativecommons.org/licenses/by/4.0", "CC-BY-4.0" },
	{ "creativecommons.org/licenses/by-sa/4.0", "CC-BY-SA-4.0" },
	{ "creativecommons.org/publicdomain/zero/1.0", "CC0-1.0" },
	{ "cecill.info/licences/Licence_CeCILL-B", "CECILL-B" },
	{ "cecill.info/licences/Licence_CeCILL-C", "CECILL-C" },
	{ "cecill.info/licences/Licence_CeCILL_V2.1", "CECILL-2.1" },
	{ "eupl.eu/1.2", "EUPL-1.2" },
	{ "unlicense.org", "Unlicense" },
	{ "etalab.gouv.fr/licence-ouverte", "etalab-2.0" },
};

/* Does H contain N, ignoring ASCII case? */
static bool icontains(const char *h, const char *n)
{
	size_t k = strlen(n);

	for (; *h; h++)
		if (!strncasecmp(h, n, k))
			return true;
	return false;
}

char *license_url_id(const char *url)
{
	const char *p;

	for (size_t i = 0; i < sizeof(steward_urls) / sizeof(*steward_urls); i++)
		if (icontains(url, steward_urls[i].url))
			return xstrdup(steward_urls[i].id);
	for (size_t i = 0; i < sizeof(id_hosts) / sizeof(*id_hosts); i++)
		if ((p = strstr(url, id_hosts[i]))) {
			char *id = xstrdup(p + strlen(id_hosts[i])), *dot, *c;
			id[strcspn(id, "/?#")] = '\0';
			if ((dot = strrchr(id, '.')) &&
			    (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".txt") ||
			     !strcasecmp(dot, ".php") || !strcasecmp(dot, ".json")))
				*dot = '\0';
			c = spdx_canonical_id(id, false);
			free(id);
			return c;
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
	if ((t = license_url_id(v))) {
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
	if (spdx_parse(&e, t) == 0 && all_known(e)) {
		free(t);
		free(v);
		return e;
	}
	spdx_free(e);
	e = NULL;
	free(t);
	sq = license_title_squash(v);
	if ((id = license_alias_id(sq)) ||
	    (!strncmp(sq, "the", 3) && (id = license_alias_id(sq + 3))))
		spdx_parse(&e, id);
	free(sq);
	free(v);
	return e;
}

/* ---- small readers ---- */

