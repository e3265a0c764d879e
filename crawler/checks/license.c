/*
 * license.c - the licence check: find the licence files of a repository,
 * identify each, read what manifests, publiccode.yml and the README declare,
 * and say whether the result is on the list the French administration may
 * use (data/licences/france.md, after decree D.323-2-1 of the code des
 * relations entre le public et l'administration).
 *
 * Licence files are LICENSE, LICENCE (the French and British spelling that
 * code.gouv.fr's current crawler misses), COPYING, UNLICENSE and COPYRIGHT,
 * in any case, alone or with any extension or suffix (LICENSE.md,
 * LICENCE.fr.txt, Licence_CeCILL_V2.1-fr.txt) or after a word
 * (MIT-LICENSE, as licensee's license_file.rb reads them), plus every file
 * of a REUSE `LICENSES/` folder (https://reuse.software/spec/). A PATENTS
 * file adds terms to the licence.
 *
 * The verdict follows licensee's model (one licence per file; the project
 * has a licence when all files agree, NOASSERTION otherwise), extended: a
 * declared SPDX expression consistent with the files is reported as is
 * ("CECILL-C OR CECILL-2.1"), French and English copies of one licence
 * count once, and a REUSE repository's licences combine by AND, as each of
 * its files declares one of them. A licence that is modified, or has
 * other terms beside it, is never reported as the plain licence.
 */
#include "crawler/checks/checks.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crawler/license/license_declared.h"
#include "crawler/license/license_france.h"
#include "crawler/license/license_match.h"
#include "crawler/license/spdx.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/repo.h"
#include "lib/i18n.h"

static const char *const bases[] = {
	"LICENSE", "LICENCE", "COPYING", "UNLICENSE", "COPYRIGHT",
};

static const struct rule license_rules[] = {
	{ "license.missing", LEVEL_ERROR,
	  N_("No licence file"),
	  N_("Without a licence, nobody may reuse the code: source code "
	     "published by the administration must carry a licence from "
	     "the list of decree D.323-2-1 of the code des relations entre "
	     "le public et l'administration. Add a LICENSE file with the "
	     "full text of one of them (EUPL-1.2, CeCILL-2.1, MIT, "
	     "Apache-2.0, ...).") },
	{ "license.not-a-file", LEVEL_WARNING,
	  N_("A licence path is not a readable file"),
	  N_("A path named like a licence file is a directory, a "
	     "submodule, or a symbolic link that leaves the repository or "
	     "leads nowhere; forges and inventaire cannot read a licence "
	     "from it. Put the licence text in a regular file.") },
	{ "license.unidentified", LEVEL_WARNING,
	  N_("A licence file is not a known licence text"),
	  /* xgettext:no-c-format (a text, never a format) */
	  N_("The text matches no licence of the SPDX list, not even with a "
	     "few words changed: it differs from every one by more than "
	     "formatting (98% similarity at least, as for GitHub's licensee, "
	     "or the licence's template but for a few words). Nobody can "
	     "tell what it allows without a lawyer, and forges show it as "
	     "\"other\". Use the unmodified text of a licence, and put "
	     "notices and copyright lines in a separate file or the README.") },
	{ "license.modified", LEVEL_WARNING,
	  N_("A licence with changed or added terms"),
	  N_("The licence file is a known licence with words changed, added "
	     "or removed outside the parts its SPDX template lets vary (the "
	     "holder's name, optional sentences), or with other text around "
	     "it, or a PATENTS file adds terms beside it. A licence with other "
	     "terms is another licence: the list of decree D.323-2-1 names "
	     "unmodified licences, and nobody can tell what this one allows "
	     "without reading it whole. The finding lists the words that "
	     "differ. Use the unmodified text of the licence, and put notices "
	     "and copyright lines in the README or a NOTICE file.") },
	{ "license.not-authorized", LEVEL_WARNING,
	  N_("The licence is not on the list the administration may use"),
	  N_("Article D.323-2-1 of the code des relations entre le public "
	     "et l'administration lists the licences an administration may "
	     "choose for the source code it publishes: Apache-2.0, "
	     "BSD-2-Clause, BSD-3-Clause, CECILL-B, MIT (permissive); "
	     "CECILL-2.1, CECILL-C, GPL-3.0, LGPL-3.0, AGPL-3.0, MPL-2.0, "
	     "EPL-2.0, EUPL-1.2 (reciprocal); etalab-2.0 and ODbL-1.0 for "
	     "public information. A fork, or a contribution to a project "
	     "under another licence, may keep that licence: this is a "
	     "warning, not an error.") },
	{ "license.mismatch", LEVEL_WARNING,
	  N_("Licence files and declarations disagree"),
	  N_("The licence file, the package manifest, publiccode.yml "
	     "(legal.license) or the forge say different things. Reusers, "
	     "package registries and code.gouv.fr each read a different "
	     "one. Make them all name the same licence, as an SPDX "
	     "expression.") },
	{ "license.multiple", LEVEL_INFO,
	  N_("Several licences"),
	  N_("The repository ships several different licence texts. That "
	     "is legitimate (dual licensing, third-party code), but say "
	     "how they combine with an SPDX expression in publiccode.yml "
	     "legal.license or the package manifest, e.g. \"MIT OR "
	     "Apache-2.0\".") },
	{ NULL, 0, NULL, NULL },
};

/* One licence file and what it is. */
struct lfile {
	const struct tree_entry *e;
	struct license_match m;
	char *spdx;          /* final id ("GPL-3.0-or-later"), or NULL */
	char *declared_id;   /* SPDX-License-Identifier line, or REUSE name */
	bool dropped;        /* a COPYRIGHT file with only a copyright notice */
	bool patents;        /* a PATENTS file: terms beside the licence */
};

/* A set of strings (licence ids or families): as many as the files
 * name, none dropped, since a REUSE repository is under all of them. */
struct idset {
	char **v;
	size_t n, cap;
};

#define IDSET_INIT { NULL, 0, 0 }

static void idset_add(struct idset *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], id))
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = xstrdup(id);
}

static bool idset_has(const struct idset *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], id))
			return true;
	return false;
}

static bool idset_equal(const struct idset *a, const struct idset *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!idset_has(b, a->v[i]))
			return false;
	return true;
}

static void idset_clear(struct idset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	*s = (struct idset)IDSET_INIT;
}

static void add_family(const char *id, bool plus, void *payload)
{
	char fam[128];

	(void)plus;
	if (strcmp(id, "NONE") && strcmp(id, "NOASSERTION"))
		idset_add(payload, spdx_family(fam, sizeof(fam), id));
}

static void add_id(const char *id, bool plus, void *payload)
{
	(void)plus;
	idset_add(payload, id);
}

/* Source and configuration files named like a licence ("license.go",
 * "LICENSE.json") are code about licences, not licence texts (licensee,
 * lib/licensee/project_files/license_file.rb). */
static const char *const code_exts[] = {
	".xml", ".sh", ".go", ".gemspec", ".c", ".h", ".py", ".js", ".ts",
	".json", ".yml", ".yaml", ".toml", ".rb", ".java", ".php", ".cs", ".rs",
};

/* "MIT-LICENSE", "apache_licence.txt", "GPL-COPYING": a licence file
 * name after a word and '-' or '_' (licensee's license_file.rb,
 * \w+[-_]LICENSE). */
static bool prefixed_name(const char *name)
{
	for (size_t k = 1; name[k]; k++) {
		if (name[k] != '-' && name[k] != '_')
			continue;
		for (size_t i = 0; i < sizeof(bases) / sizeof(*bases); i++)
			if (check_name_is(name + k + 1, bases[i]))
				return true;
	}
	return false;
}

static bool code_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof(code_exts) / sizeof(*code_exts); i++)
		if (!strcasecmp(dot, code_exts[i]))
			return true;
	return false;
}

static bool is_license_name(const char *name)
{
	if (code_name(name))
		return false;
	for (size_t i = 0; i < sizeof(bases) / sizeof(*bases); i++)
		if (check_name_is(name, bases[i]))
			return true;
	return prefixed_name(name);
}

/* PATENTS, PATENTS.md: a patent grant beside the licence, with terms of
 * its own (licensee reads it as a licence file too). */
static bool is_patents_name(const char *name)
{
	return !code_name(name) && check_name_is(name, "PATENTS");
}

bool check_is_license_name(const char *name)
{
	return is_license_name(name);
}

/* The value of an "SPDX-License-Identifier:" line in DATA, or NULL. */
static char *spdx_identifier_line(const char *data, size_t len)
{
	static const char tag[] = "SPDX-License-Identifier:";
	const char *p = data, *end = data + len;

	while ((p = memchr(p, 'S', (size_t)(end - p)))) {
		if ((size_t)(end - p) > sizeof(tag) &&
		    !memcmp(p, tag, sizeof(tag) - 1)) {
			const char *v = p + sizeof(tag) - 1;
			size_t n = 0;
			while (v + n < end && v[n] != '\n' && v[n] != '\r' && n < 200)
				n++;
			return xstrndup(v, n);
		}
		p++;
	}
	return NULL;
}

/* Is E a path the check can read? Reports license.not-a-file otherwise. */
static bool readable(struct check_ctx *ctx, const struct tree_entry *e)
{
	const struct tree_entry *target = e;

	if (e->kind == TREE_LINK && tree_resolve(&target, ctx->tree, e) < 0) {
		report_add(ctx->report, "license.not-a-file", LEVEL_WARNING, e->path,
		           0, 0, "Put the licence text in a regular file.", "%s",
		           error_last());
		return false;
	}
	/* One whole sentence per kind, each translated whole. */
	if (target->kind == TREE_DIR)
		report_add(ctx->report, "license.not-a-file", LEVEL_WARNING, e->path,
		           0, 0, "Put the licence text in a regular file.",
		           "%s is a directory, not a file.", e->path);
	else if (target->kind == TREE_SUBMODULE)
		report_add(ctx->report, "license.not-a-file", LEVEL_WARNING, e->path,
		           0, 0, "Put the licence text in a regular file.",
		           "%s is a submodule, not a file.", e->path);
	else if (target->kind != TREE_FILE)
		report_add(ctx->report, "license.not-a-file", LEVEL_WARNING, e->path,
		           0, 0, "Put the licence text in a regular file.",
		           "%s is a special file, not a file.", e->path);
	return target->kind == TREE_FILE;
	return true;
}

static void identify_file(struct lfile *f, struct check_ctx *ctx)
{
	struct blob b;
	const char *name = f->e->name;

	if (check_read(&b, ctx, f->e, TREE_BLOB_CAP) < 0) {
		report_add(ctx->report, "license.not-a-file", LEVEL_WARNING,
		           f->e->path, 0, 0, "Put the licence text in a regular file.",
		           "%s", error_last());
		return;
	}
	if (license_match(&f->m, b.data, b.len, name) < 0)
		memset(&f->m, 0, sizeof(f->m));
	f->declared_id = spdx_identifier_line(b.data, b.len);
	/* REUSE: LICENSES/<SPDX id>.<ext> names the licence. */
	if (!f->declared_id && !strncmp(f->e->path, "LICENSES/", 9)) {
		const char *dot = strrchr(name, '.');
		f->declared_id = dot ? xstrndup(name, (size_t)(dot - name))
		                     : xstrdup(name);
	}
	blob_free(&b);
}

/* Read a file for a declaration (manifest, README): no findings of its
 * own, the other checks own those files. */
static int read_quiet(struct blob *b, struct check_ctx *ctx,
                      const struct tree_entry *e)
{
	return tree_read(b, ctx->tree, e, TREE_BLOB_CAP);
}


struct decls {
	struct license_declared v[16];
	size_t n;
};

static void collect_declared(struct decls *d, struct check_ctx *ctx,
                             const struct tree_entry *root, size_t n)
{
	const struct tree_entry *readme = NULL;
	struct blob b;

	/* publiccode.yml first: it is the one code.gouv.fr reads. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n && d->n < 15; i++) {
			const struct tree_entry *e = &root[i];
			bool pc = !strncmp(e->name, "publiccode.", 11);
			if ((pass == 0) != pc || !license_declared_is_manifest(e->name) ||
			    e->kind != TREE_FILE || read_quiet(&b, ctx, e) < 0)
				continue;
			if (license_declared_from_file(&d->v[d->n], e->name, b.data,
			                               b.len) == 0)
				d->n++;
			blob_free(&b);
		}
	readme = readme_find(root, n);
	if (readme && read_quiet(&b, ctx, readme) == 0) {
		if (license_declared_from_readme(&d->v[d->n], readme->path, b.data,
		                                 b.len) == 0)
			d->n++;
		blob_free(&b);
	}
}

/*
 * The id to report for file F. Licence texts cannot tell GPL-3.0-only from
 * GPL-3.0-or-later (the SPDX licence list keeps both ids for one text):
 * the file's SPDX-License-Identifier, its REUSE name, or a declaration of
 * the same family decides; without any, the text's id stands (-only: what
 * the deprecated bare "GPL-3.0" that licensee reports means).
 */
static char *final_id(const struct lfile *f, const struct decls *d)
{
	const char *id = f->m.spdx;
	char fam[128], fam2[128];
	size_t n = strlen(id);
	struct idset ev = IDSET_INIT;
	char *out = NULL;

	if (n <= 5 || strcmp(id + n - 5, "-only"))
		return xstrdup(id);
	spdx_family(fam, sizeof(fam), id);
	if (f->declared_id) {
		struct spdx_expr *e = license_declared_resolve(f->declared_id);
		spdx_each_id(e, add_id, &ev);
		spdx_free(e);
	}
	for (size_t i = 0; i < d->n; i++)
		spdx_each_id(d->v[i].expr, add_id, &ev);
	for (size_t i = 0; i < ev.n && !out; i++)
		if (!strcmp(spdx_family(fam2, sizeof(fam2), ev.v[i]), fam) &&
		    strcmp(ev.v[i], id))
			out = xstrdup(ev.v[i]);
	idset_clear(&ev);
	return out ? out : xstrdup(id);
}

static void report_unidentified(struct check_ctx *ctx, const struct lfile *f)
{
	if (f->m.spdx && !strcmp(f->m.spdx, "NONE")) {
		report_add(ctx->report, "license.unidentified", LEVEL_WARNING,
		           f->e->path, 0, 0,
		           "Add the full text of a licence; keep the copyright "
		           "notice above it or in the README.",
		           "%s holds a copyright notice but no licence.", f->e->path);
	} else if (f->m.guess && f->m.guess_confidence >= 50) {
		report_add(ctx->report, "license.unidentified", LEVEL_WARNING,
		           f->e->path, 0, 0, NULL,
		           "%s is not a known licence text; closest: %s, %.1f%% "
		           "similar (%.0f%% needed).", f->e->path, f->m.guess->spdx,
		           /* never rounded up to the threshold */
		           (double)(long)(f->m.guess_confidence * 10) / 10,
		           LICENSE_THRESHOLD);
		report_set_fix(ctx->report, "Use the unmodified text of the licence "
		               "(for example https://spdx.org/licenses/%s.html); a "
		               "modified licence is another licence.",
		               f->m.guess->spdx);
	} else {
		report_add(ctx->report, "license.unidentified", LEVEL_WARNING,
		           f->e->path, 0, 0,
		           "Put the full, unmodified text of the licence in this file.",
		           "%s is not a known licence text.", f->e->path);
	}
}

/*
 * license.modified for a licence with changes, or held with other text
 * (the SPDX matching guidelines: "no additional text"). Each case is a
 * whole sentence, the words that differ quoted in it, so that it reads
 * right once translated (README.md, "Languages").
 */
static void report_modified(struct check_ctx *ctx, const struct lfile *f)
{
	struct report *r = ctx->report;
	const struct license_diff *d = &f->m.diff;
	const char *path = f->e->path, *id = f->m.ref->spdx;
	const char *rule = "license.modified";

	bool around = !strcmp(f->m.matcher, "template") && !d->nremoved;

	if (around && !d->known) {
		report_add(r, rule, LEVEL_WARNING, path, 0, 0, NULL,
		           "%s holds %s with other words around it (more words "
		           "differ than can be listed): not the plain licence.",
		           path, id);
	} else if (around && d->nadded) {
		report_add(r, rule, LEVEL_WARNING, path, 0, 0, NULL,
		           "%s holds %s with other words around it (added \"%s\"): "
		           "not the plain licence.", path, id, d->added);
	} else if (!d->known) {
		report_add(r, rule, LEVEL_WARNING, path, 0, 0, NULL,
		           "%s is %s with changes (more words differ than can be "
		           "listed): a modified licence is another licence.",
		           path, id);
	} else if (d->nadded && d->nremoved) {
		report_add(r, rule, LEVEL_WARNING, path, 0, 0, NULL,
		           "%s is %s with changes (added \"%s\", removed \"%s\"): "
		           "a modified licence is another licence.", path, id,
		           d->added, d->removed);
	} else if (d->nadded) {
		report_add(r, rule, LEVEL_WARNING, path, 0, 0, NULL,
		           "%s is %s with changes (added \"%s\"): a modified "
		           "licence is another licence.", path, id, d->added);
	} else if (d->nremoved) {
		report_add(r, rule, LEVEL_WARNING, path, 0, 0, NULL,
		           "%s is %s with changes (removed \"%s\"): a modified "
		           "licence is another licence.", path, id, d->removed);
	} else {
		/* changes the word diff does not see (line breaks, markup) */
		report_add(r, rule, LEVEL_WARNING, path, 0, 0, NULL,
		           "%s is %s with changes: a modified licence is another "
		           "licence.", path, id);
	}
	report_set_fix(r, "Use the unmodified text of %s "
	               "(https://spdx.org/licenses/%s.html) alone in the file; "
	               "put notices and copyright lines in the README or a "
	               "NOTICE file.", id, id);
}

/* license.modified for a PATENTS file beside the licence. */
static void report_patents(struct check_ctx *ctx, const struct lfile *f)
{
	report_add(ctx->report, "license.modified", LEVEL_WARNING, f->e->path, 0, 0,
	           "Publish the code under a licence whose terms are all in its "
	           "text (Apache-2.0 grants patent rights itself), or remove the "
	           "separate grant.",
	           "%s adds patent terms beside the licence: the repository's "
	           "licence is not the plain licence of its licence file.",
	           f->e->path);
}

/* licensee's LGPL pair (project.rb): COPYING.LESSER with the LGPL plus
 * COPYING with the GPL it builds on is the LGPL. */
static const char *lgpl_pair(const struct idset *ids)
{
	if (ids->n != 2)
		return NULL;
	for (int i = 0; i < 2; i++) {
		const char *a = ids->v[i], *b = ids->v[1 - i];
		if (!strncmp(a, "LGPL-3.0", 8) && !strncmp(b, "GPL-3.0", 7))
			return a;
		if (!strncmp(a, "LGPL-2.1", 8) && !strncmp(b, "GPL-2.0", 7))
			return a;
	}
	return NULL;
}

static void file_fill(struct report_license_file *out, const struct lfile *f)
{
	out->path = report_strdup(f->e->path);
	out->spdx = f->spdx ? report_strdup(f->spdx) : NULL;
	/* One decimal, as licensee shows it, never rounded up: 97.96 is not
	 * the 98 a match needs. */
	out->confidence = f->m.matcher ?
	                  (double)(long)(f->m.confidence * 10) / 10 : -1;
	out->matcher = report_strdup(f->m.matcher);
	if (!f->m.modified)
		return;
	out->modified = report_strdup(f->m.ref->spdx);
	out->more = !f->m.diff.known;
	out->added = f->m.diff.nadded ? report_strdup(f->m.diff.added) : NULL;
	out->removed = f->m.diff.nremoved ? report_strdup(f->m.diff.removed) : NULL;
}

static char *set_text(const struct idset *s)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < s->n; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", s->v[i]);
	return b.len ? buf_detach(&b) : xstrdup("nothing");
}

static void check_mismatch(struct check_ctx *ctx, const struct decls *d,
                           const struct idset *file_fams, const char *files_txt)
{
	for (size_t i = 0; i < d->n; i++) {
		struct idset fams = IDSET_INIT;
		char *f;
		if (!d->v[i].expr)
			continue;
		spdx_each_id(d->v[i].expr, add_family, &fams);
		f = spdx_format(d->v[i].expr);
		if (file_fams->n && !idset_equal(&fams, file_fams))
			report_add(ctx->report, "license.mismatch", LEVEL_WARNING,
			           d->v[i].source, d->v[i].line, 0,
			           "Make the licence files and the declarations name the "
			           "same licence.",
			           "%s declares %s, but the licence files are %s.",
			           d->v[i].source, f, files_txt);
		else if (!file_fams->n && i > 0 && d->v[0].expr) {
			struct idset first = IDSET_INIT;
			spdx_each_id(d->v[0].expr, add_family, &first);
			if (!idset_equal(&first, &fams)) {
				char *f0 = spdx_format(d->v[0].expr);
				report_add(ctx->report, "license.mismatch", LEVEL_WARNING,
				           d->v[i].source, d->v[i].line, 0,
				           "Make every declaration name the same licence.",
				           "%s declares %s, but %s declares %s.",
				           d->v[i].source, f, d->v[0].source, f0);
				free(f0);
			}
			idset_clear(&first);
		}
		free(f);
		idset_clear(&fams);
	}
	/* The forge's own detection (GitHub's is licensee; "other" and
	 * NOASSERTION say nothing). */
	if (ctx->repo && ctx->repo->license && file_fams->n &&
	    strcasecmp(ctx->repo->license, "NOASSERTION") &&
	    strcasecmp(ctx->repo->license, "other") && ctx->repo->license[0]) {
		struct spdx_expr *e = license_declared_resolve(ctx->repo->license);
		struct idset fams = IDSET_INIT;
		spdx_each_id(e, add_family, &fams);
		if (e && !idset_equal(&fams, file_fams))
			report_add(ctx->report, "license.mismatch", LEVEL_WARNING, NULL,
			           0, 0, "Check the forge's licence setting and the "
			           "licence files.",
			           "The forge reports %s, but the licence files are %s.",
			           ctx->repo->license, files_txt);
		idset_clear(&fams);
		spdx_free(e);
	}
}

/* Licence files read per repository: repository contents are untrusted,
 * and a LICENSES/ folder of thousands of files must not make one check
 * take seconds. Past it, the verdict is NOASSERTION, never the licences
 * of the files that happened to come first. */
#define LICENSE_FILES_MAX 64

/* What the check learns about one repository, step by step. */
struct lcheck {
	struct check_ctx *ctx;
	struct lfile fl[LICENSE_FILES_MAX];  /* the licence files */
	size_t nf;
	const char *unread;        /* the first licence file past the limit */
	struct decls d;            /* what manifests and the README declare */
	struct idset ids;          /* the distinct ids of the files */
	struct idset fams;         /* and their families */
	/* a file is no known licence as it is: unidentified, modified, or
	 * terms beside the licence (PATENTS) */
	bool unidentified;
	bool reuse;                /* REUSE's LICENSES/ folder is there */
	char *spdx;                /* the verdict, or NULL */
	struct france_verdict fr;
};

static void lfile_add(struct lcheck *l, const struct tree_entry *e,
                      bool patents)
{
	if (l->nf < LICENSE_FILES_MAX)
		l->fl[l->nf++] = (struct lfile){ .e = e, .patents = patents };
	else if (!l->unread)
		l->unread = e->path;
}

/* The licence files: at the root, and every file of REUSE's LICENSES/
 * (https://reuse.software/spec/), one per licence used. */
static void collect_files(struct lcheck *l, const struct tree_entry *root,
                          size_t nroot)
{
	const struct tree_entry *v;
	size_t n;

	for (size_t i = 0; i < nroot; i++)
		if ((is_license_name(root[i].name) ||
		     is_patents_name(root[i].name)) && readable(l->ctx, &root[i]))
			lfile_add(l, &root[i], is_patents_name(root[i].name));
	if (tree_list(&v, &n, l->ctx->tree, "LICENSES") == 0)
		for (size_t i = 0; i < n; i++)
			if (readable(l->ctx, &v[i])) {
				lfile_add(l, &v[i], false);
				l->reuse = true;
			}
	if (l->unread) {
		l->unidentified = true;
		report_add(l->ctx->report, "license.unidentified", LEVEL_WARNING,
		           l->unread, 0, 0,
		           "Keep one file per licence the repository uses.",
		           "More than %d licence files: %s and the files after it "
		           "were not read, so the licence is not known.",
		           LICENSE_FILES_MAX, l->unread);
	}
}

/* Identify each file; the unidentified ones get their finding. */
static void identify_files(struct lcheck *l, struct report_license *section)
{
	section->files = xcalloc(l->nf + 1, sizeof(*section->files));
	for (size_t i = 0; i < l->nf; i++) {
		struct lfile *f = &l->fl[i];

		identify_file(f, l->ctx);
		if (f->patents) {
			/* whatever it holds, it adds terms: not a licence of its
			 * own, and the licence beside it is not plain */
			memset(&f->m, 0, sizeof(f->m));
			l->unidentified = true;
			report_patents(l->ctx, f);
			file_fill(&section->files[section->nfiles++], f);
			continue;
		}
		if (f->m.spdx && strcmp(f->m.spdx, "NONE"))
			f->spdx = final_id(f, &l->d);
		else if (!f->m.spdx && !f->m.modified && f->declared_id &&
		         !strncmp(f->declared_id, "LicenseRef-", 11))
			f->spdx = xstrdup(f->declared_id);  /* REUSE custom licence */
		f->dropped = !f->spdx && f->m.spdx &&
		             check_name_is(f->e->name, "COPYRIGHT");
		if (f->m.modified) {
			l->unidentified = true;
			report_modified(l->ctx, f);
		} else if (!f->spdx && !f->dropped) {
			l->unidentified = true;
			report_unidentified(l->ctx, f);
		}
		if (f->spdx) {
			idset_add(&l->ids, f->spdx);
			add_family(f->spdx, false, &l->fams);
		}
		file_fill(&section->files[section->nfiles++], f);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A REUSE repository (https://reuse.software/spec/): each file declares
 * its licence, and LICENSES/ holds every licence declared, so the
 * repository is under all of them, each for its files: IDS joined by AND,
 * sorted, as `reuse spdx` lists them. Canonical (parsed and formatted).
 */
static char *reuse_expression(const struct idset *ids)
{
	struct buf b = BUF_INIT;
	struct spdx_expr *e;
	char **sorted = xmalloc(ids->n * sizeof(*sorted)), *out;

	memcpy(sorted, ids->v, ids->n * sizeof(*sorted));
	qsort(sorted, ids->n, sizeof(*sorted), cmp_str);
	for (size_t i = 0; i < ids->n; i++)
		buf_addf(&b, "%s%s", i ? " AND " : "", sorted[i]);
	free(sorted);
	if (spdx_parse(&e, b.data) < 0) {
		buf_free(&b);
		return xstrdup("NOASSERTION");
	}
	out = spdx_format(e);
	spdx_free(e);
	buf_free(&b);
	return out;
}

/*
 * The project's licence, after licensee (projects/project.rb): one
 * licence among the files is the licence, an LGPL and the GPL it builds
 * on are the LGPL, the licences of a REUSE repository are combined by
 * AND, anything else is NOASSERTION. Then a declared expression
 * consistent with the files replaces it ("CECILL-C OR CECILL-2.1").
 */
static void decide(struct lcheck *l)
{
	if (l->ids.n == 1 && !l->unidentified)
		l->spdx = xstrdup(l->ids.v[0]);
	else if (l->reuse && !l->unidentified && l->ids.n > 1)
		l->spdx = reuse_expression(&l->ids);
	else if (!l->unidentified && lgpl_pair(&l->ids))
		l->spdx = xstrdup(lgpl_pair(&l->ids));
	else if (l->ids.n || l->unidentified)
		l->spdx = xstrdup("NOASSERTION");
	for (size_t i = 0; i < l->d.n; i++) {
		struct idset dfams = IDSET_INIT;
		bool consistent;

		if (!l->d.v[i].expr)
			continue;
		spdx_each_id(l->d.v[i].expr, add_family, &dfams);
		consistent = l->nf == 0 ? !l->spdx :
		             (!l->unidentified && l->fams.n &&
		              idset_equal(&dfams, &l->fams));
		idset_clear(&dfams);
		if (consistent && (l->nf > 0 || !l->spdx)) {
			free(l->spdx);
			l->spdx = spdx_format(l->d.v[i].expr);
			break;
		}
	}
}

/* The report's "license" section, but the files (identify_files). */
static void fill_section(struct lcheck *l, struct report_license *section)
{
	struct spdx_expr *verdict = NULL;

	section->declared = xcalloc(l->d.n + 1, sizeof(*section->declared));
	for (size_t i = 0; i < l->d.n; i++) {
		struct report_license_declared *x =
			&section->declared[section->ndeclared++];
		char *f = l->d.v[i].expr ? spdx_format(l->d.v[i].expr) : NULL;

		x->source = report_strdup(l->d.v[i].source);
		x->expression = report_strdup(f);
		x->value = f ? NULL : report_strdup(l->d.v[i].raw);
		free(f);
	}
	section->licenses = xcalloc(l->ids.n + 1, sizeof(*section->licenses));
	for (size_t i = 0; i < l->ids.n; i++)
		section->licenses[section->nlicenses++] = report_strdup(l->ids.v[i]);
	if (l->spdx)
		spdx_parse(&verdict, l->spdx);
	license_france_judge(&l->fr, verdict);
	spdx_free(verdict);
	section->spdx = report_strdup(l->spdx);
	section->authorized = l->fr.authorized < 0 ? TRI_UNKNOWN :
	                      l->fr.authorized ? TRI_TRUE : TRI_FALSE;
	section->category = report_strdup(l->fr.category);
	section->note = report_strdup(l->fr.note);
}

/* The findings about the verdict: missing, not authorised, several
 * licences, and declarations that disagree. */
static void report_verdict(struct lcheck *l)
{
	struct report *r = l->ctx->report;
	char *files_txt = set_text(&l->ids);

	if (l->nf == 0 && l->ctx->uncommitted_license)
		report_add(r, "license.missing", LEVEL_ERROR, NULL, 0, 0,
		           "Commit it (git add, git commit), or run `inventaire "
		           "check --worktree` to check the files on disk.",
		           "No licence file in the commit checked: %s is in the "
		           "work tree but not committed.",
		           l->ctx->uncommitted_license);
	else if (l->nf == 0 && l->spdx)
		report_add(r, "license.missing", LEVEL_ERROR, NULL, 0, 0,
		           "Add a LICENSE file with the full text of an authorised "
		           "licence, e.g. EUPL-1.2, CeCILL-2.1, MIT or Apache-2.0.",
		           "No licence file (LICENSE, LICENCE, COPYING...) at the "
		           "root of the repository, nor a LICENSES/ folder; %s is "
		           "declared but its text is not shipped.", l->spdx);
	else if (l->nf == 0)
		report_add(r, "license.missing", LEVEL_ERROR, NULL, 0, 0,
		           "Add a LICENSE file with the full text of an authorised "
		           "licence, e.g. EUPL-1.2, CeCILL-2.1, MIT or Apache-2.0.",
		           "No licence file (LICENSE, LICENCE, COPYING...) at the "
		           "root of the repository, nor a LICENSES/ folder.");
	if (l->fr.authorized == 0) {
		report_add(r, "license.not-authorized", LEVEL_WARNING,
		           l->nf ? l->fl[0].e->path :
		           (l->d.n ? l->d.v[0].source : NULL), 0, 0,
		           NULL, "%s is not on the list of licences the administration "
		           "may use (CRPA art. D.323-2-1).", l->spdx);
		report_set_fix(r, "If the administration chose this licence, pick "
		               "one of: %s. A fork or a contribution may keep its "
		               "upstream licence.", license_france_list());
	}
	/* Several licences and nothing saying how they combine. */
	if (l->ids.n > 1 && l->spdx && !strcmp(l->spdx, "NOASSERTION")) {
		report_add(r, "license.multiple", LEVEL_INFO, NULL, 0, 0, NULL,
		           "The licence files hold %zu licences: %s.", l->ids.n,
		           files_txt);
		/* REUSE combines by AND: each file is under the licence it
		 * declares; never suggest a choice there. */
		report_set_fix(r, "Say how they combine in publiccode.yml "
		               "legal.license or the package manifest, e.g. "
		               "\"%s %s %s\".", l->ids.v[0],
		               l->reuse ? "AND" : "OR", l->ids.v[1]);
	}
	check_mismatch(l->ctx, &l->d, l->unidentified ?
	               &(struct idset)IDSET_INIT : &l->fams, files_txt);
	free(files_txt);
}

static void lcheck_clear(struct lcheck *l)
{
	free(l->spdx);
	idset_clear(&l->ids);
	idset_clear(&l->fams);
	for (size_t i = 0; i < l->nf; i++) {
		free(l->fl[i].spdx);
		free(l->fl[i].declared_id);
	}
	for (size_t i = 0; i < l->d.n; i++)
		license_declared_clear(&l->d.v[i]);
}

static int license_run(struct check_ctx *ctx)
{
	struct report_license *section = &ctx->report->license;
	struct lcheck l = { .ctx = ctx };
	const struct tree_entry *root;
	size_t nroot;
	int err;

	if ((err = tree_list(&root, &nroot, ctx->tree, "")) < 0)
		return err;
	collect_files(&l, root, nroot);
	collect_declared(&l.d, ctx, root, nroot);
	section->present = true;
	identify_files(&l, section);
	decide(&l);
	fill_section(&l, section);
	report_verdict(&l);
	lcheck_clear(&l);
	return 0;
}

const struct check check_license = {
	.name = "license",
	.run = license_run,
	.rules = license_rules,
};
