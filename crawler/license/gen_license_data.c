/*
 * gen_license_data.c - build-time tool: turn data/licences/ into
 * license_data.c: the reference texts of texts/ (described by its
 * INDEX.json) normalised and hashed for the Dice matcher, the SPDX
 * templates (the XML files of templates/, read by gen_license_templates.py
 * into TEMPLATES.json) compiled into word programs, the standard licence
 * headers, and the licence titles the normaliser strips.
 *
 * Usage: gen_license_data INDEX.json TEMPLATES.json OUTPUT.c
 *
 * It is C rather than a script so that references, templates and
 * candidates go through the very same normaliser (license_text.c): a
 * second implementation would drift. Loading them at run time then costs
 * nothing.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/license/gen_license_prog.h"
#include "crawler/license/license_text.h"
#include "lib/alloc.h"
#include "lib/file.h"

/* Titles that are not a licence's English name (licensee's title_regex
 * knows nicknames too): the French titles and common nicknames. */
static const char *const extra_titles[] = {
	"contrat de licence de logiciel libre cecill",
	"licence ouverte", "open licence", "open license",
	"licence publique de l'union européenne",
	"gnu gplv2", "gnu gplv3", "gnu lgplv3", "gnu agplv3", "gnu lgplv2.1",
	"gplv2", "gplv3", "lgplv3", "agplv3", "the mit license", "bsd license",
	"the bsd license", "simplified bsd license", "new bsd license",
	"modified bsd license", "isc license", "the unlicense",
	"mozilla public license", "eclipse public license",
};

struct titles {
	char **v;
	size_t n, cap;
};

/* What the generator reads. */
struct input {
	json_t *index, *texts, *templates;
	char *dir;                 /* of INDEX.json, with its '/' */
	const char **keys;         /* INDEX.json keys, sorted */
	size_t nkeys;
	struct titles titles;
	struct license_norm_opts opts;
	struct gen_names names;
};

static void title_add(const char *sq, void *payload)
{
	struct titles *t = payload;

	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i], sq))
			return;
	if (t->n == t->cap)
		t->v = xrealloc(t->v, (t->cap = t->cap ? 2 * t->cap : 64) *
		                sizeof(char *));
	t->v[t->n++] = xstrdup(sq);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void put_cstring(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			fprintf(out, "\\%03o", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void put_array(FILE *out, const char *name, size_t i,
                      const uint64_t *v, size_t n)
{
	fprintf(out, "static const uint64_t %s%zu[] = {", name, i);
	for (size_t k = 0; k < n; k++)
		fprintf(out, "%s0x%" PRIx64 "u", !k ? "\n\t" : k % 6 ? ", " : ",\n\t", v[k]);
	fprintf(out, "%s};\n", n ? "\n" : "0");
}

static int load(struct input *in, const char *index, const char *templates)
{
	json_error_t jerr;
	char *slash;
	const char *key;
	json_t *e;

	if (!(in->index = json_load_file(index, 0, &jerr)) ||
	    !json_is_object(in->texts = json_object_get(in->index, "texts"))) {
		fprintf(stderr, "gen_license_data: %s: %s\n", index,
		        in->index ? "no \"texts\" object" : jerr.text);
		return -1;
	}
	if (!(in->templates = json_load_file(templates, 0, &jerr))) {
		fprintf(stderr, "gen_license_data: %s: %s\n", templates, jerr.text);
		return -1;
	}
	in->dir = xstrdup(index);
	slash = strrchr(in->dir, '/');
	*(slash ? slash + 1 : in->dir) = '\0';
	/* Titles first: every reference is normalised with all of them. */
	for (size_t i = 0; i < sizeof(extra_titles) / sizeof(*extra_titles); i++) {
		char *sq = license_title_squash(extra_titles[i]);
		title_add(sq, &in->titles);
		free(sq);
	}
	in->keys = xmalloc(json_object_size(in->texts) * sizeof(char *));
	json_object_foreach(in->texts, key, e) {
		license_title_variants(str(e, "name"), str(e, "spdx"), title_add,
		                       &in->titles);
		in->keys[in->nkeys++] = key;
	}
	qsort(in->titles.v, in->titles.n, sizeof(char *), cmp_str);
	qsort(in->keys, in->nkeys, sizeof(char *), cmp_str);
	in->opts.titles = (const char *const *)in->titles.v;
	in->opts.ntitles = in->titles.n;
	in->opts.reference = true;
	return 0;
}

/* Is key I's text the same as an earlier key's (X-only, X-or-later)? */
static bool duplicate(const struct input *in, size_t i)
{
	const char *sha = str(json_object_get(in->texts, in->keys[i]), "sha256");

	for (size_t k = 0; k < i && sha; k++) {
		const char *s2 = str(json_object_get(in->texts, in->keys[k]), "sha256");
		if (s2 && !strcmp(s2, sha))
			return true;
	}
	return false;
}

/* The template of reference I: its SPDX template when the key is an SPDX
 * id (not "CECILL-B.fr"), else its own text. */
static int ref_template(struct input *in, size_t i, const char *text,
                        size_t len, FILE *out, bool *spdx)
{
	json_t *t = json_object_get(in->templates, in->keys[i]);
	struct gen_prog p;
	char name[32];

	*spdx = t != NULL;
	if (t && gen_prog_compile(&p, &in->names, json_object_get(t, "text"),
	                          GEN_TEXT) < 0)
		return -1;
	if (!t)
		gen_prog_from_text(&p, &in->names, text, len, &in->opts);
	snprintf(name, sizeof(name), "t%zu", i);
	gen_prog_write(out, name, &p);
	gen_prog_free(&p);
	return 0;
}

/* Reference I's arrays; false when it is skipped. */
static int write_ref_data(struct input *in, size_t i, FILE *out,
                          struct license_text *t, bool *spdx)
{
	json_t *ent = json_object_get(in->texts, in->keys[i]);
	const char *file = str(ent, "file");
	char *path, *data;
	size_t len;
	int rc;

	if (duplicate(in, i) || !file)
		return 1;
	path = xasprintf("%s%s", in->dir, file);
	if (file_read(&data, &len, path, 0) < 0 ||
	    license_text_analyze(t, data, len, &in->opts) < 0) {
		fprintf(stderr, "gen_license_data: %s: cannot read it as text\n", path);
		free(path);
		return -1;
	}
	license_text_bigrams(t);
	put_array(out, "w", i, t->words, t->nwords);
	put_array(out, "b", i, t->bigrams, t->nbigrams);
	rc = ref_template(in, i, data, len, out, spdx);
	free(data);
	free(path);
	return rc;
}

static int write_refs(struct input *in, FILE *out)
{
	struct license_text *t = xcalloc(in->nkeys, sizeof(*t));
	bool *spdx = xcalloc(in->nkeys, sizeof(*spdx));
	size_t kept = 0;
	int rc = 0;

	for (size_t i = 0; i < in->nkeys && rc >= 0; i++)
		rc = write_ref_data(in, i, out, &t[i], &spdx[i]);
	fprintf(out, "\nconst struct license_ref license_refs[] = {\n");
	for (size_t i = 0; i < in->nkeys && rc >= 0; i++) {
		json_t *ent = json_object_get(in->texts, in->keys[i]);
		if (!t[i].seq)
			continue;
		fputs("\t{ ", out);
		put_cstring(out, in->keys[i]);
		fputs(", ", out);
		put_cstring(out, str(ent, "spdx"));
		fputs(", ", out);
		put_cstring(out, str(ent, "name"));
		fputs(", ", out);
		put_cstring(out, str(ent, "lang"));
		fprintf(out, ",\n\t  w%zu, %zu, b%zu, %zu, %zu, %u, &t%zu_prog, %s },\n",
		        i, t[i].nwords, i, t[i].nbigrams, t[i].length, t[i].fields, i,
		        spdx[i] ? "true" : "false");
		kept++;
	}
	for (size_t i = 0; i < in->nkeys; i++)
		license_text_free(&t[i]);
	fprintf(out, "};\nconst size_t license_nrefs = %zu;\n\n", kept);
	free(t);
	free(spdx);
	return rc;
}

/* Notice programs need this many words: a shorter one (a bare URL) would
 * be found in any text that mentions it. */
#define NOTICE_MIN_WORDS 6

/* The header programs of template ID, as h<K>/g<K>; false if none. */
static int write_notice(struct input *in, const char *id, json_t *t,
                        size_t k, FILE *out)
{
	struct gen_prog full, grant;
	uint64_t *words;
	size_t nwords;
	char name[32];
	bool kept;

	if (!json_is_array(json_object_get(t, "grant")))
		return 0;
	if (gen_prog_compile(&full, &in->names, json_object_get(t, "header"),
	                     GEN_HEADER) < 0 ||
	    gen_prog_compile(&grant, &in->names, json_object_get(t, "grant"),
	                     GEN_GRANT) < 0)
		return -1;
	if ((kept = grant.nwords >= NOTICE_MIN_WORDS)) {
		snprintf(name, sizeof(name), "h%zu", k);
		gen_prog_write(out, name, &full);
		snprintf(name, sizeof(name), "g%zu", k);
		gen_prog_write(out, name, &grant);
		words = gen_prog_words(&grant, &nwords);
		put_array(out, "n", k, words, nwords);
		fprintf(out, "#define NOTICE%zu { \"%s\", &h%zu_prog, &g%zu_prog, "
		        "n%zu, %zu }\n", k, id, k, k, k, nwords);
		free(words);
	}
	gen_prog_free(&full);
	gen_prog_free(&grant);
	return kept;
}

static int write_notices(struct input *in, FILE *out)
{
	const char *id;
	json_t *t;
	size_t k = 0;
	int rc;

	json_object_foreach(in->templates, id, t) {
		if ((rc = write_notice(in, id, t, k, out)) < 0)
			return -1;
		k += (size_t)rc;
	}
	fprintf(out, "\nconst struct license_notice license_notices[] = {\n");
	for (size_t i = 0; i < k; i++)
		fprintf(out, "\tNOTICE%zu,\n", i);
	fprintf(out, "};\nconst size_t license_nnotices = %zu;\n\n", k);
	return 0;
}

static int write_names(struct input *in, FILE *out)
{
	if (gen_names_finish(&in->names) < 0)
		return -1;
	fprintf(out, "const struct license_word_name license_word_names[] = {\n");
	for (size_t i = 0; i < in->names.n; i++) {
		fprintf(out, "\t{ 0x%" PRIx64 "u, ", in->names.v[i].hash);
		put_cstring(out, in->names.v[i].name);
		fputs(" },\n", out);
		free((char *)in->names.v[i].name);
	}
	fprintf(out, "};\nconst size_t license_nword_names = %zu;\n\n",
	        in->names.n);
	fprintf(out, "const char *const license_titles[] = {\n");
	for (size_t i = 0; i < in->titles.n; i++) {
		fputc('\t', out);
		put_cstring(out, in->titles.v[i]);
		fputs(",\n", out);
		free(in->titles.v[i]);
	}
	fprintf(out, "};\nconst size_t license_ntitles = %zu;\n", in->titles.n);
	return 0;
}

int main(int argc, char **argv)
{
	struct input in = { 0 };
	FILE *out;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: gen_license_data INDEX.json TEMPLATES.json "
		        "OUTPUT.c\n");
		return 2;
	}
	if (load(&in, argv[1], argv[2]) < 0)
		return 1;
	if (!(out = fopen(argv[3], "w"))) {
		perror(argv[3]);
		return 1;
	}
	fprintf(out, "/* Generated by gen_license_data.c from data/licences/; "
	        "do not edit. */\n#include \"crawler/license/license_match.h\"\n\n"
	        "#define W LICENSE_OP_WORD\n#define A LICENSE_OP_ANY\n"
	        "#define S LICENSE_OP_SPLIT\n#define J LICENSE_OP_JMP\n"
	        "#define M LICENSE_OP_MATCH\n\n");
	rc = write_refs(&in, out);
	if (rc >= 0)
		rc = write_notices(&in, out);
	if (rc >= 0)
		rc = write_names(&in, out);
	free(in.names.v);
	free(in.titles.v);
	free(in.keys);
	free(in.dir);
	json_decref(in.index);
	json_decref(in.templates);
	if (fclose(out) != 0 || rc < 0) {
		remove(argv[3]);
		return 1;
	}
	return 0;
}
