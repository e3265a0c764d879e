/*
 * cmd_license.c - `inventaire license FILE...`: identify the licence of
 * single text files, for people who want to know "what licence is this
 * text?". The same identification as `inventaire check`.
 */
#include "crawler/cli/commands.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crawler/cli/cli.h"
#include "crawler/license/license_france.h"
#include "crawler/license/license_match.h"
#include "lib/report.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/i18n.h"

static const char usage[] = N_(
/* xgettext:no-c-format (printed with fputs, never as a format) */
"usage: inventaire license [--format text|json] FILE...\n"
"\n"
"Identify the licence of each FILE: the SPDX id of the licence whose SPDX\n"
"template it matches, as the SPDX License List Matching Guidelines define\n"
"a match (matcher \"template\"), or of a standard licence notice in it\n"
"(\"notice\"), or of the licence a README's \"License\" section names\n"
"(\"reference\"); and whether the French administration may use that\n"
"licence (code des relations entre le public et l'administration,\n"
"art. D.323-2-1). A text at least 98% similar to a licence (as GitHub's\n"
"licensee requires) but not matching it, or holding it with other text,\n"
"is reported as modified, with the words that differ. Reads UTF-8,\n"
"UTF-16 with a BOM, and Latin-1; '-' is standard input. To check a whole\n"
"repository, use 'inventaire check'.\n"
"\n"
"GPL, LGPL, AGPL and GFDL texts are the same for -only and -or-later: a\n"
"text alone gives -only unless the file has an SPDX-License-Identifier\n"
"line saying otherwise.\n"
"\n"
"Options:\n"
"  --format FORMAT  text (default) or json\n"
"  -h, --help       print this help\n"
"\n"
"Exit codes: 0 every file identified; 1 some file is not a known licence\n"
"as it is (unknown or modified); 2 usage error; 4 some file cannot be read.\n");

/* Files bigger than this are read only up to it: licence texts are far
 * smaller, and the identification reads LICENSE_TEXT_MAX at most. */
#define READ_CAP (1024 * 1024)

/* Errno E's code, with only its reason as the message: the path is
 * shown beside it ("error" in JSON, "PATH: REASON" on stderr). */
static int read_error(int e)
{
	return error_set(error_errno(e, "%s", ""), "%s", strerror(e));
}

static int read_input(struct buf *b, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[65536];
	struct stat st;
	size_t n;

	if (!f)
		return read_error(errno);
	if (f != stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return error_set(ERROR_ISDIR, "a directory; use 'inventaire check' "
		                 "for a repository");
	}
	while (b->len < READ_CAP && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	if (ferror(f)) {
		int e = errno ? errno : EIO;

		if (f != stdin)
			fclose(f);
		return read_error(e);
	}
	if (f != stdin)
		fclose(f);
	buf_addc(b, '\0');
	b->len--;
	return 0;
}

/* The id of an SPDX-License-Identifier line when it names the same family
 * as ID (GPL-3.0-only vs -or-later), else ID. */
static char *refine(const char *id, const char *data, size_t len)
{
	static const char tag[] = "SPDX-License-Identifier:";
	const char *p = data, *end = data + len;
	char fam[128], fam2[128];

	spdx_family(fam, sizeof(fam), id);
	while ((p = memchr(p, 'S', (size_t)(end - p)))) {
		if ((size_t)(end - p) > sizeof(tag) && !memcmp(p, tag, sizeof(tag) - 1)) {
			size_t n = strcspn(p + sizeof(tag) - 1, "\r\n");
			char *v = xstrndup(p + sizeof(tag) - 1, n < 200 ? n : 200);
			struct spdx_expr *e = NULL;
			char *out = NULL;
			if (spdx_parse(&e, v) == 0 && e->kind == SPDX_LICENSE &&
			    !strcmp(spdx_family(fam2, sizeof(fam2), e->id), fam))
				out = xstrdup(e->id);
			spdx_free(e);
			free(v);
			if (out)
				return out;
		}
		p++;
	}
	return xstrdup(id);
}

struct result {
	const char *path;
	char *error;          /* why it could not be read, or NULL */
	struct license_match m;
	char *spdx;
	struct france_verdict fr;
};

static void identify(struct result *r)
{
	struct buf b = BUF_INIT;
	struct spdx_expr *e = NULL;

	if (read_input(&b, r->path) < 0) {
		r->error = xstrdup(error_last());
		buf_free(&b);
		return;
	}
	if (license_match(&r->m, b.data ? b.data : "", b.len, r->path) < 0)
		r->error = xstrdup("binary data, not a text");
	else if (r->m.spdx && strcmp(r->m.spdx, "NONE"))
		r->spdx = refine(r->m.spdx, b.data, b.len);
	if (r->spdx)
		spdx_parse(&e, r->spdx);
	license_france_judge(&r->fr, e);
	spdx_free(e);
	buf_free(&b);
}

/* X to one decimal, never rounded up: 97.96% is not "98.0%" when 98% is
 * needed. */
static double truncated(double x)
{
	return (double)(long)(x * 10) / 10;
}

/* A modified licence's line: what changed, each case a whole sentence
 * so that it reads right once translated (README.md, "Languages"). */
static void print_modified(const struct result *r)
{
	const struct license_diff *d = &r->m.diff;
	const char *id = r->m.ref->spdx, *how = r->m.matcher;
	double c = truncated(r->m.confidence);

	if (!d->known)
		printf(_("%s: %s, modified (%s, %.1f%%): more than a few words "
		         "differ; not the plain licence, so not on the "
		         "administration's list as such\n"), r->path, id, how, c);
	else if (d->nadded && d->nremoved)
		printf(_("%s: %s, modified (%s, %.1f%%): added \"%s\", removed "
		         "\"%s\"; not the plain licence, so not on the "
		         "administration's list as such\n"), r->path, id, how, c,
		       d->added, d->removed);
	else if (d->nadded)
		printf(_("%s: %s, modified (%s, %.1f%%): added \"%s\"; not the "
		         "plain licence, so not on the administration's list as "
		         "such\n"), r->path, id, how, c, d->added);
	else if (d->nremoved)
		printf(_("%s: %s, modified (%s, %.1f%%): removed \"%s\"; not the "
		         "plain licence, so not on the administration's list as "
		         "such\n"), r->path, id, how, c, d->removed);
	else  /* changes the word diff does not see (line breaks, markup) */
		printf(_("%s: %s, modified (%s, %.1f%%); not the plain licence, so "
		         "not on the administration's list as such\n"), r->path,
		       id, how, c);
}

static void print_text(const struct result *r)
{
	if (r->error)
		return;  /* said on standard error */
	if (r->m.spdx && !strcmp(r->m.spdx, "NONE")) {
		printf(_("%s: no licence, only a copyright notice\n"), r->path);
	} else if (r->m.modified) {
		print_modified(r);
	} else if (!r->spdx && r->m.guess && r->m.guess_confidence >= 50) {
		printf(_("%s: not a known licence text (closest: %s, %.1f%% "
		         "similar, %.0f%% needed)\n"), r->path, r->m.guess->spdx,
		       truncated(r->m.guess_confidence), LICENSE_THRESHOLD);
	} else if (!r->spdx) {
		printf(_("%s: not a known licence text\n"), r->path);
	} else {
		printf("%s: %s (%s, %.1f%%); %s%s%s%s%s\n", r->path, r->spdx,
		       r->m.matcher, truncated(r->m.confidence),
		       r->fr.authorized ? _("authorised for the administration") :
		                          _("not on the administration's list"),
		       r->fr.category ? ", " : "", r->fr.category ? r->fr.category : "",
		       r->fr.note ? "; " : "", r->fr.note ? r->fr.note : "");
	}
}

/* A modified licence: {"spdx": the licence it is based on, "added":
 * [...], "removed": [...]}, "more": true when too many words differ to
 * list them. */
static json_t *modified_json(const struct license_match *m)
{
	const struct license_diff *d = &m->diff;
	json_t *o = json_pack("{s:s}", "spdx", m->ref->spdx);
	const char *lists[2] = { d->added, d->removed };
	const char *keys[2] = { "added", "removed" };

	if (!d->known) {
		json_object_set_new(o, "more", json_true());
		return o;
	}
	for (int k = 0; k < 2; k++) {
		json_t *a = json_array();
		char *copy = xstrdup(lists[k]), *save = NULL;
		for (char *w = strtok_r(copy, " ", &save); w;
		     w = strtok_r(NULL, " ", &save)) {
			if (!strcmp(w, "..."))
				json_object_set_new(o, "more", json_true());
			else
				json_array_append_new(a, json_string(w));
		}
		free(copy);
		json_object_set_new(o, keys[k], a);
	}
	return o;
}

static json_t *result_json(const struct result *r)
{
	json_t *o = json_pack("{s:o}", "path", report_string(r->path));

	if (r->error) {
		json_object_set_new(o, "error", json_string(r->error));
		return o;
	}
	json_object_set_new(o, "spdx", r->spdx ? json_string(r->spdx) :
	                    r->m.spdx ? json_string(r->m.spdx) : json_null());
	json_object_set_new(o, "confidence", r->m.matcher ?
	                    json_real(truncated(r->m.confidence)) : json_null());
	json_object_set_new(o, "matcher", r->m.matcher ? json_string(r->m.matcher)
	                                               : json_null());
	json_object_set_new(o, "authorized", r->fr.authorized < 0 ? json_null() :
	                    json_boolean(r->fr.authorized));
	json_object_set_new(o, "category", r->fr.category ?
	                    json_string(r->fr.category) : json_null());
	if (r->fr.note)
		json_object_set_new(o, "note", json_string(r->fr.note));
	if (r->m.modified)
		json_object_set_new(o, "modified", modified_json(&r->m));
	else if (!r->spdx && r->m.guess)
		json_object_set_new(o, "closest", json_pack("{s:s,s:f}",
		                    "spdx", r->m.guess->spdx, "similarity",
		                    truncated(r->m.guess_confidence)));
	return o;
}

int cmd_license(int argc, char **argv)
{
	enum { OPT_FORMAT = 256 };
	static const struct option options[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	int c, rc = EXIT_OK;
	struct result *res;
	json_t *all;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(_(usage), stdout);
			return EXIT_OK;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return cli_usage("license", "unknown format '%s'; use text "
				                 "or json", optarg);
			json = !strcmp(optarg, "json");
			break;
		case ':':
			return cli_usage("license", "option '%s' needs a value",
			                 argv[optind - 1]);
		default:
			return cli_usage("license", "unknown option '%s'",
			                 argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage("license", "which file? give one or more FILEs");
	res = xcalloc((size_t)(argc - optind), sizeof(*res));
	all = json_array();
	for (int i = optind; i < argc; i++) {
		struct result *r = &res[i - optind];
		r->path = argv[i];
		identify(r);
		if (r->error) {
			cli_error("%s: %s", r->path, r->error);
			rc = EXIT_FATAL;
		} else if (!r->spdx && rc == EXIT_OK) {
			rc = EXIT_FINDINGS;
		}
		if (json)
			json_array_append_new(all, result_json(r));
		else
			print_text(r);
		free(r->spdx);
		free(r->error);
	}
	if (json) {
		json_dumpf(all, stdout, JSON_INDENT(2) | REPORT_REAL_PRECISION);
		fputc('\n', stdout);
	}
	json_decref(all);
	free(res);
	return rc;
}
