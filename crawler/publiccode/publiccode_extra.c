/*
 * publiccode_extra.c - the parser's extra checks (italia/publiccode-parser-go
 * v5, validations.go: validateFieldsV0), in its code order: logos,
 * screenshots, videos, deprecated keys, country codes, the Italian section.
 * Checks that need the network run only with opts->network; files are
 * looked up through
 * publiccode_files.c (inside the repository tree, or beside the file).
 */
#include "crawler/publiccode/publiccode_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawler/publiccode/publiccode_values.h"
#include "lib/alloc.h"

static const char deprecated_drop[] =
	"This key is DEPRECATED and will be removed in the future. "
	"It's safe to drop it";

static const char *ptr_of(const struct pcy_node *n)
{
	return n && n->kind < PCY_SEQ && n->kind != PCY_NULL ? n->str : NULL;
}

/* An absolute URL (Go url.ParseRequestURI accepts it): "scheme:..." */
static bool is_abs_url(const char *s)
{
	const char *c = s;

	if (!isalpha((unsigned char)*c))
		return false;
	while (isalnum((unsigned char)*c) || *c == '+' || *c == '-' || *c == '.')
		c++;
	return *c == ':' && c[1] != '\0';
}

/* isRelativePathOrURL (validations.go). */
static bool relative_or_url(struct pc_run *run, const char *key,
                            const char *v)
{
	if (v[0] == '/') {
		pc_add(run, PC_ERROR, key, "is an absolute path. Only relative "
		       "paths or HTTP(s) URLs allowed");
		return false;
	}
	if (!strncmp(v, "file:", 5)) {
		pc_add(run, PC_ERROR, key, "is a file:// URL. Only relative paths "
		       "or HTTP(s) URLs allowed");
		return false;
	}
	return true;
}

static bool has_ext(const char *path, const char *const *exts)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');

	if (!exts)
		return true;
	if (!dot)
		return false;
	for (size_t i = 0; exts[i]; i++)
		if (!strcasecmp(dot, exts[i]))
			return true;
	return false;
}

/*
 * Find V (a relative path, or an absolute URL when the network is on).
 * 1 and *WHY set when something is wrong, 0 when fine, -1 when the check
 * does not run (offline URL, or nowhere to look files up).
 */
static int file_check(char **why, struct pc_run *run, const char *v,
                      const char *const *exts, bool png_decode)
{
	unsigned char head[8];
	size_t nhead = 0;
	char *shown = NULL;

	*why = NULL;
	if (is_abs_url(v)) {
		if (!run->opts->network)
			return -1;
		if (!has_ext(v, exts)) {
			*why = xasprintf("invalid file extension for: %s", v);
			return 1;
		}
		if (pc_net_reachable(v) < 0) {
			*why = xasprintf("HTTP GET failed for %s: %s", v, error_last());
			return 1;
		}
		return 0;
	}
	switch (pc_file_lookup(&shown, head, &nhead, run->opts, v)) {
	case PC_FILE_SKIPPED:
		return -1;
	case PC_FILE_MISSING:
		if (!has_ext(shown, exts))
			*why = xasprintf("invalid file extension for: %s", shown);
		else
			*why = xasprintf("no such file: %s", shown);
		free(shown);
		return 1;
	case PC_FILE_OK:
		break;
	}
	if (!has_ext(shown, exts))
		*why = xasprintf("invalid file extension for: %s", shown);
	else if (png_decode && has_ext(shown, (const char *const[]){ ".png", NULL }) &&
	         (nhead < 8 || memcmp(head, "\x89PNG\r\n\x1a\n", 8)))
		*why = xstrdup("image: unknown format");
	free(shown);
	return *why ? 1 : 0;
}

/* validateLogoField (validations.go). */
static void logo(struct pc_run *run, const char *key, const char *v)
{
	static const char *const exts[] = { ".svg", ".svgz", ".png", NULL };
	char *why;

	if (!v || !*v || !relative_or_url(run, key, v))
		return;
	if (file_check(&why, run, v, exts, true) == 1) {
		pc_add(run, PC_ERROR, key, "%s", why);
		free(why);
	}
}

static void reachable(struct pc_run *run, const char *key,
                      const struct pcy_node *n)
{
	const char *v = ptr_of(n);

	if (!v || !run->opts->network)
		return;
	if (!is_abs_url(v))
		pc_add(run, PC_ERROR, key, "'%s' not reachable: missing URL scheme",
		       v);
	else if (pc_net_reachable(v) < 0)
		pc_add(run, PC_ERROR, key, "'%s' not reachable: HTTP GET failed for "
		       "%s: %s", v, v, error_last());
}

/* go-vcsurl IsRepo, for the forges it knows: host/owner/name. */
static bool is_repo_url(const char *v)
{
	static const char *const hosts[] = {
		"https://github.com/", "https://gitlab.com/",
		"https://bitbucket.org/", "http://github.com/", "http://gitlab.com/",
		"http://bitbucket.org/", NULL,
	};

	for (size_t i = 0; hosts[i]; i++) {
		size_t n = strlen(hosts[i]);
		const char *rest = v + n, *slash;

		if (strncasecmp(v, hosts[i], n))
			continue;
		slash = strchr(rest, '/');
		return slash && slash > rest && slash[1] && slash[1] != '/';
	}
	return false;
}

static void countries(struct pc_run *run, const char *prefix,
                      const struct pcy_node *list)
{
	if (!list || list->kind != PCY_SEQ)
		return;
	for (size_t i = 0; i < list->n; i++) {
		const char *c = list->kids[i]->str;
		char *key;

		if (!pc_is_country(c) || !islower((unsigned char)c[0]))
			continue;
		key = xasprintf("%s[%zu]", prefix, i);
		pc_add(run, PC_WARNING, key, "Lowercase country codes are DEPRECATED. "
		       "Use uppercase instead ('%c%c')", toupper((unsigned char)c[0]),
		       toupper((unsigned char)c[1]));
		free(key);
	}
}

static void one_description(struct pc_run *run, const char *lang,
                            const struct pcy_node *d)
{
	static const char *const img[] = { ".jpg", ".png", NULL };
	const struct pcy_node *list;
	const char *gn = ptr_of(pc_field(d, "genericName"));
	char *key;

	if (gn && *gn) {
		key = xasprintf("description.%s.genericName", lang);
		pc_add(run, PC_WARNING, key, deprecated_drop);
		free(key);
	}
	key = xasprintf("description.%s.documentation", lang);
	reachable(run, key, pc_field(d, "documentation"));
	free(key);
	key = xasprintf("description.%s.apiDocumentation", lang);
	reachable(run, key, pc_field(d, "apiDocumentation"));
	free(key);
	if ((list = pc_field(d, "screenshots")) && list->kind == PCY_SEQ)
		for (size_t i = 0; i < list->n; i++) {
			const char *v = list->kids[i]->str;
			char *why;

			key = xasprintf("description.%s.screenshots[%zu]", lang, i);
			if (relative_or_url(run, key, v) &&
			    file_check(&why, run, v, img, false) == 1) {
				pc_add(run, PC_ERROR, key, "'%s' is not an image: %s", v, why);
				free(why);
			}
			free(key);
		}
	if ((list = pc_field(d, "videos")) && list->kind == PCY_SEQ)
		for (size_t i = 0; i < list->n; i++) {
			const char *v = ptr_of(list->kids[i]);

			if (!v || pc_is_oembed(v))
				continue;
			key = xasprintf("description.%s.videos[%zu]", lang, i);
			pc_add(run, PC_ERROR, key, "'%s' is not a valid video URL "
			       "supporting oEmbed: invalid oEmbed link: %s", v, v);
			free(key);
		}
}

static void it_section(struct pc_run *run, const struct pcy_node *it)
{
	const char *ipa;

	if (!it)
		return;
	if (pc_field(it, "conforme"))
		pc_add(run, PC_WARNING, "IT.conforme", deprecated_drop);
	ipa = ptr_of(pc_field(pc_field(it, "riuso"), "codiceIPA"));
	if (ipa && *ipa && pc_is_ipa(ipa))
		pc_add(run, PC_WARNING, "IT.riuso.codiceIPA", "This key is DEPRECATED "
		       "and will be removed in the future. Use 'organisation.uri' "
		       "and set it to 'urn:x-italian-pa:%s' instead", ipa);
}

void pc_validate_extra(struct pc_run *run)
{
	const struct pcy_node *n, *legal, *IT, *it;
	const char *v;

	reachable(run, "url", pc_top(run, "url"));
	if (run->opts->network && (v = ptr_of(pc_top(run, "url"))) &&
	    !is_repo_url(v))
		pc_add(run, PC_ERROR, "url", "is not a valid code repository");
	reachable(run, "landingURL", pc_top(run, "landingURL"));
	reachable(run, "roadmap", pc_top(run, "roadmap"));
	logo(run, "logo", ptr_of(pc_top(run, "logo")));
	if ((v = ptr_of(pc_top(run, "monochromeLogo"))) && *v) {
		pc_add(run, PC_WARNING, "monochromeLogo", "This key is DEPRECATED and "
		       "will be removed in the future. Use 'logo' instead");
		logo(run, "monochromeLogo", v);
	}
	if ((n = pc_top(run, "intendedAudience"))) {
		countries(run, "intendedAudience.countries",
		          pc_field(n, "countries"));
		countries(run, "intendedAudience.unsupportedCountries",
		          pc_field(n, "unsupportedCountries"));
	}
	legal = pc_top(run, "legal");
	if ((v = ptr_of(pc_field(legal, "authorsFile")))) {
		pc_add(run, PC_WARNING, "legal.authorsFile", deprecated_drop);
		if (relative_or_url(run, "legal.authorsFile", v)) {
			char *why;
			/* existence only: any extension will do */
			if (file_check(&why, run, v, NULL, false) == 1) {
				const char *p = strstr(why, ": ");
				pc_add(run, PC_ERROR, "legal.authorsFile", "'%s' does not "
				       "exist: %s", p ? p + 2 : v, why);
				free(why);
			}
		}
	}
	if (ptr_of(pc_field(legal, "repoOwner")))
		pc_add(run, PC_WARNING, "legal.repoOwner", "This key is DEPRECATED "
		       "and will be removed in the future. Use 'organisation.name' "
		       "instead");
	if (pc_top(run, "inputTypes"))
		pc_add(run, PC_WARNING, "inputTypes", deprecated_drop);
	if (pc_top(run, "outputTypes"))
		pc_add(run, PC_WARNING, "outputTypes", deprecated_drop);
	if ((n = pc_top(run, "description")) && n->kind == PCY_MAP)
		for (size_t i = 0; i + 1 < n->n; i += 2)
			one_description(run, n->kids[i]->str, n->kids[i + 1]);
	IT = pc_top(run, "IT");
	it = pc_top(run, "it");
	if (it)
		pc_add(run, PC_WARNING, "it", "Lowercase country codes are "
		       "DEPRECATED and will be removed in the future. Use 'IT' "
		       "instead");
	if (IT && it)
		pc_add(run, PC_ERROR, "it", "'IT' key already present. Remove this "
		       "key");
	it_section(run, IT ? IT : it);
}
