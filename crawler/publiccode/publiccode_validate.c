/*
 * publiccode_validate.c - the validation pipeline of the reference parser
 * (italia/publiccode-parser-go v5, parser.go: ParseStream) and its
 * decoder's type rules (goccy/go-yaml, strict, as parser.go calls it).
 *
 * The decoder is emulated on the node tree rather than into C structs: the
 * schema below lists every key in the v0 struct's declaration order, which
 * is the order "first decode error" follows. A top-level key whose value
 * fails to decode is dropped (the decoder leaves it unset), and the struct
 * validator then sees it as absent.
 */
#include "crawler/publiccode/publiccode_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/str.h"

/* Supported versions, in the order parser.go's message lists them. */
static const char *const versions[] = {
	"0", "0.2", "0.2.0", "0.2.1", "0.2.2", "0.3", "0.3.0", "0.4", "0.4.0",
	"0.5.0", "0.5", "0.7.0", "0.7", NULL,
};

/* How a field decodes (goccy/go-yaml into the v0 struct). */
enum fkind {
	F_STR,      /* any scalar */
	F_BOOL,     /* a YAML bool (or null) */
	F_STRS,     /* a sequence of scalars */
	F_STR_OR_STRS, /* isBasedOn */
	F_STRUCT,   /* a mapping with known keys */
	F_STRUCTS,  /* a sequence of such mappings */
	F_MAP,      /* a mapping of name -> struct (description) */
};

struct field {
	const char *name;
	enum fkind kind;
	const struct field *sub;  /* F_STRUCT, F_STRUCTS, F_MAP */
};

#define END { NULL, F_STR, NULL }

static const struct field org_f[] = {
	{ "name", F_STR, NULL }, { "uri", F_STR, NULL }, END,
};
static const struct field supports_f[] = { { "id", F_STR, NULL }, END };
static const struct field audience_f[] = {
	{ "scope", F_STRS, NULL }, { "countries", F_STRS, NULL },
	{ "unsupportedCountries", F_STRS, NULL }, END,
};
static const struct field desc_f[] = {
	{ "localisedName", F_STR, NULL }, { "genericName", F_STR, NULL },
	{ "shortDescription", F_STR, NULL }, { "longDescription", F_STR, NULL },
	{ "documentation", F_STR, NULL }, { "apiDocumentation", F_STR, NULL },
	{ "features", F_STRS, NULL }, { "screenshots", F_STRS, NULL },
	{ "videos", F_STRS, NULL }, { "awards", F_STRS, NULL }, END,
};
static const struct field legal_f[] = {
	{ "license", F_STR, NULL }, { "mainCopyrightOwner", F_STR, NULL },
	{ "repoOwner", F_STR, NULL }, { "authorsFile", F_STR, NULL }, END,
};
static const struct field contractor_f[] = {
	{ "name", F_STR, NULL }, { "email", F_STR, NULL },
	{ "website", F_STR, NULL }, { "until", F_STR, NULL }, END,
};
static const struct field contact_f[] = {
	{ "name", F_STR, NULL }, { "email", F_STR, NULL },
	{ "affiliation", F_STR, NULL }, { "phone", F_STR, NULL }, END,
};
static const struct field maintenance_f[] = {
	{ "type", F_STR, NULL }, { "contractors", F_STRUCTS, contractor_f },
	{ "contacts", F_STRUCTS, contact_f }, END,
};
static const struct field localisation_f[] = {
	{ "localisationReady", F_BOOL, NULL },
	{ "availableLanguages", F_STRS, NULL }, END,
};
static const struct field dependency_f[] = {
	{ "name", F_STR, NULL }, { "versionMin", F_STR, NULL },
	{ "versionMax", F_STR, NULL }, { "optional", F_BOOL, NULL },
	{ "version", F_STR, NULL }, END,
};
static const struct field depends_f[] = {
	{ "open", F_STRUCTS, dependency_f },
	{ "proprietary", F_STRUCTS, dependency_f },
	{ "hardware", F_STRUCTS, dependency_f }, END,
};
static const struct field conforme_f[] = {
	{ "lineeGuidaDesign", F_BOOL, NULL },
	{ "modelloInteroperabilita", F_BOOL, NULL },
	{ "misureMinimeSicurezza", F_BOOL, NULL }, { "gdpr", F_BOOL, NULL },
	END,
};
static const struct field riuso_f[] = { { "codiceIPA", F_STR, NULL }, END };
static const struct field piattaforme_f[] = {
	{ "spid", F_BOOL, NULL }, { "pagopa", F_BOOL, NULL },
	{ "cie", F_BOOL, NULL }, { "anpr", F_BOOL, NULL },
	{ "io", F_BOOL, NULL }, END,
};
static const struct field it_f[] = {
	{ "countryExtensionVersion", F_STR, NULL },
	{ "conforme", F_STRUCT, conforme_f }, { "riuso", F_STRUCT, riuso_f },
	{ "piattaforme", F_STRUCT, piattaforme_f }, END,
};

/* The v0 struct, in declaration order (the reference's v0.go). */
static const struct field top_f[] = {
	{ "publiccodeYmlVersion", F_STR, NULL },
	{ "name", F_STR, NULL },
	{ "applicationSuite", F_STR, NULL },
	{ "url", F_STR, NULL },
	{ "landingURL", F_STR, NULL },
	{ "isBasedOn", F_STR_OR_STRS, NULL },
	{ "softwareVersion", F_STR, NULL },
	{ "releaseDate", F_STR, NULL },
	{ "logo", F_STR, NULL },
	{ "monochromeLogo", F_STR, NULL },
	{ "organisation", F_STRUCT, org_f },
	{ "inputTypes", F_STRS, NULL },
	{ "outputTypes", F_STRS, NULL },
	{ "platforms", F_STRS, NULL },
	{ "categories", F_STRS, NULL },
	{ "usedBy", F_STRS, NULL },
	{ "fundedBy", F_STRUCTS, org_f },
	{ "roadmap", F_STR, NULL },
	{ "developmentStatus", F_STR, NULL },
	{ "softwareType", F_STR, NULL },
	{ "supports", F_STRUCTS, supports_f },
	{ "intendedAudience", F_STRUCT, audience_f },
	{ "description", F_MAP, desc_f },
	{ "legal", F_STRUCT, legal_f },
	{ "maintenance", F_STRUCT, maintenance_f },
	{ "localisation", F_STRUCT, localisation_f },
	{ "dependsOn", F_STRUCT, depends_f },
	{ "IT", F_STRUCT, it_f },
	{ "it", F_STRUCT, it_f },
	END,
};

/* The first decode error: the offending node's line, or an unknown key. */
struct derr {
	unsigned line;
	const char *unknown;  /* the unknown key, or NULL for "wrong type" */
};

static bool decode(struct derr *e, const struct pcy_node *n,
                   const struct field *f);

static bool decode_struct(struct derr *e, const struct pcy_node *m,
                          const struct field *fields)
{
	bool ok = true;

	/* Every field in declaration order; the first error wins, the other
	 * fields still decode (goccy decodeStruct). */
	for (const struct field *f = fields; f->name; f++) {
		const struct pcy_node *v = pcy_get(m, f->name);
		struct derr tmp;

		if (v && !decode(&tmp, v, f) && ok) {
			*e = tmp;
			ok = false;
		}
	}
	if (!ok)
		return false;
	/* Then unknown keys, in mapping order. */
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct field *f = fields;
		while (f->name && strcmp(f->name, m->kids[i]->str))
			f++;
		if (!f->name) {
			e->line = m->kids[i]->line;
			e->unknown = m->kids[i]->str;
			return false;
		}
	}
	return true;
}

/* A type error at node N; the line is the offending token's: a block
 * mapping's first key, else the node's first token (goccy/go-yaml's
 * error position). */
static bool wrong(struct derr *e, const struct pcy_node *n)
{
	e->line = n->kind == PCY_MAP && !n->flow && n->n ? n->kids[0]->line
	                                                : n->line;
	e->unknown = NULL;
	return false;
}

static bool decode(struct derr *e, const struct pcy_node *n,
                   const struct field *f)
{
	bool scalar = n->kind < PCY_SEQ;

	switch (f->kind) {
	case F_STR:
		return scalar ? true : wrong(e, n);
	case F_BOOL:
		return n->kind == PCY_BOOL || n->kind == PCY_NULL ? true
		                                                    : wrong(e, n);
	case F_STR_OR_STRS:
		if (scalar)
			return true;
		/* fall through */
	case F_STRS:
		if (n->kind == PCY_NULL)
			return true;
		if (n->kind != PCY_SEQ)
			return wrong(e, n);
		for (size_t i = 0; i < n->n; i++)
			if (n->kids[i]->kind >= PCY_SEQ)
				return wrong(e, n->kids[i]);
		return true;
	case F_STRUCT:
		if (n->kind == PCY_NULL)
			return true;
		return n->kind == PCY_MAP ? decode_struct(e, n, f->sub)
		                          : wrong(e, n);
	case F_STRUCTS:
		if (n->kind == PCY_NULL)
			return true;
		if (n->kind != PCY_SEQ)
			return wrong(e, n);
		for (size_t i = 0; i < n->n; i++) {
			const struct pcy_node *it = n->kids[i];
			if (it->kind == PCY_NULL)
				continue;
			if (it->kind != PCY_MAP)
				return wrong(e, it);
			if (!decode_struct(e, it, f->sub))
				return false;
		}
		return true;
	case F_MAP:
		if (n->kind == PCY_NULL)
			return true;
		if (n->kind != PCY_MAP)
			return wrong(e, n);
		for (size_t i = 0; i + 1 < n->n; i += 2) {
			const struct pcy_node *v = n->kids[i + 1];
			if (v->kind == PCY_NULL)
				continue;
			if (v->kind != PCY_MAP)
				return wrong(e, v);
			if (!decode_struct(e, v, f->sub))
				return false;
		}
		return true;
	}
	return true;
}

/* ---- the pipeline, parser.go's ParseStream ---- */

static void run_decode(struct pc_run *run)
{
	struct derr first = { 0, NULL };
	bool failed = false;
	const struct pcy_node *root = run->root;

	for (const struct field *f = top_f; f->name; f++) {
		const struct pcy_node *v = pcy_get(root, f->name);
		struct derr e;

		if (!v || decode(&e, v, f))
			continue;
		if (run->ndropped < sizeof(run->dropped) / sizeof(*run->dropped))
			run->dropped[run->ndropped++] = f->name;
		if (!failed)
			first = e;
		failed = true;
	}
	if (!failed) {
		for (size_t i = 0; i + 1 < root->n; i += 2) {
			const struct field *f = top_f;
			while (f->name && strcmp(f->name, root->kids[i]->str))
				f++;
			if (!f->name) {
				first.line = root->kids[i]->line;
				first.unknown = root->kids[i]->str;
				failed = true;
				break;
			}
		}
	}
	if (failed) {
		char *key = pcy_key_at_line(root, first.line);

		if (first.unknown)
			pc_add_at(run, PC_ERROR, key, first.line, 1,
			          "unknown field \"%s\"", first.unknown);
		else
			pc_add_at(run, PC_ERROR, key, first.line, 1,
			          "wrong type for this field");
		free(key);
	}
}

int publiccode_validate(struct pc_results *out, const char *buf, size_t len,
                        const struct pc_opts *opts)
{
	static const struct pc_opts none = { false, NULL, NULL };
	struct pcy_doc doc;
	struct pcy_error err;
	struct pc_run run = { .out = out, .opts = opts ? opts : &none };
	const struct pcy_node *vkey, *v;
	const char *version;
	size_t i;

	if (len > PUBLICCODE_MAX_BYTES) {
		pc_results_add(out, PC_ERROR, "", 0, 0, "the file has more than %d "
		          "bytes, the most a publiccode.yml may have here: is it "
		          "the right file?", PUBLICCODE_MAX_BYTES);
		return 0;
	}
	/* The file must be UTF-8. */
	if (!utf8_valid(buf, len)) {
		pc_results_add(out, PC_ERROR, "", 0, 0, "Invalid UTF-8");
		return 0;
	}
	/* It must parse as YAML. */
	if (pcy_load(&doc, &err, buf, len) < 0) {
		pc_results_add(out, PC_ERROR, "", err.line, err.line ? 1 : 0, "%s",
		          err.msg);
		pcy_free(&doc);
		return 0;
	}
	/* One document, not empty. */
	if (doc.ndocs > 1) {
		pc_results_add(out, PC_ERROR, "", 0, 0,
		          "multiple YAML documents in one file are not supported");
		goto out;
	}
	run.root = doc.root;
	/* publiccodeYmlVersion: present, and a string. */
	if (!doc.root || doc.root->kind != PCY_MAP ||
	    !(vkey = pcy_get_key(doc.root, "publiccodeYmlVersion"))) {
		pc_results_add(out, PC_ERROR, "publiccodeYmlVersion", 0, 0,
		          "publiccodeYmlVersion is a required field");
		goto out;
	}
	v = pcy_get(doc.root, "publiccodeYmlVersion");
	if (v->kind != PCY_STR) {
		pc_results_add(out, PC_ERROR, "publiccodeYmlVersion", vkey->line,
		          vkey->col, "wrong type for this field");
		goto out;
	}
	version = v->str;
	out->version = xstrdup(version);
	/* A version the reference supports... */
	for (i = 0; versions[i] && strcmp(versions[i], version); i++)
		;
	if (!versions[i]) {
		pc_results_add(out, PC_ERROR, "publiccodeYmlVersion", 0, 0,
		          "unsupported version: '%s'. Supported versions: 0, 0.2, "
		          "0.2.0, 0.2.1, 0.2.2, 0.3, 0.3.0, 0.4, 0.4.0, 0.5.0, 0.5, "
		          "0.7.0, 0.7", version);
		goto out;
	}
	/* ...warned about when it is not the latest. */
	if (strcmp(version, "0") && strncmp(version, "0.7", 3))
		pc_results_add(out, PC_WARNING, "publiccodeYmlVersion", vkey->line,
		          vkey->col, "v%s is not the latest version, use '0'. "
		          "Parsing this file as v0.7.", version);
	/* Decode, then the struct validator, then the extra checks. */
	run_decode(&run);
	if ((v = pc_top(&run, "url")) && v->kind < PCY_SEQ)
		out->url = xstrdup(v->str);
	pc_validate_struct(&run);
	pc_validate_extra(&run);
out:
	pcy_free(&doc);
	return 0;
}
