/*
 * spdx.c - parse and print SPDX licence expressions (SPDX specification
 * v2.3, annex D "SPDX License Expressions"):
 *
 *   expr     = and-expr *("OR" and-expr)
 *   and-expr = with-expr *("AND" with-expr)
 *   with-expr= primary ["WITH" exception-id]
 *   primary  = "(" expr ")" / license-id ["+"] / LicenseRef-... / DocumentRef-...
 *
 * Operators are accepted in any case: manifests in the wild write "and"
 * and "or". A recursive descent parser, depth bounded.
 */
#include "crawler/license/spdx.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/i18n.h"

/* Ids whose canonical case we restore: data/licences/texts/INDEX.json, the
 * French list (data/licences/france.md) and ids common in manifests. */
static const char *const known_ids[] = {
	"0BSD", "AFL-3.0", "AGPL-1.0-only", "AGPL-1.0-or-later", "AGPL-3.0-only",
	"AGPL-3.0-or-later", "Apache-1.0", "Apache-1.1", "Apache-2.0",
	"Artistic-1.0", "Artistic-2.0", "BSD-1-Clause", "BSD-2-Clause",
	"BSD-2-Clause-Patent", "BSD-3-Clause", "BSD-3-Clause-Clear",
	"BSD-4-Clause", "BSL-1.0", "BlueOak-1.0.0", "CC-BY-3.0", "CC-BY-4.0",
	"CC-BY-NC-4.0", "CC-BY-NC-ND-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0",
	"CC-BY-SA-3.0", "CC-BY-SA-4.0", "CC0-1.0", "CECILL-1.0", "CECILL-1.1",
	"CECILL-2.0", "CECILL-2.1", "CECILL-B", "CECILL-C", "ECL-2.0",
	"EPL-1.0", "EPL-2.0", "EUPL-1.0", "EUPL-1.1", "EUPL-1.2",
	"GFDL-1.1-only", "GFDL-1.1-or-later", "GFDL-1.2-only",
	"GFDL-1.2-or-later", "GFDL-1.3-only", "GFDL-1.3-or-later",
	"GPL-1.0-only", "GPL-1.0-or-later", "GPL-2.0-only", "GPL-2.0-or-later",
	"GPL-3.0-only", "GPL-3.0-or-later", "ISC", "LGPL-2.0-only",
	"LGPL-2.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later",
	"LGPL-3.0-only", "LGPL-3.0-or-later", "LPPL-1.3c", "MIT", "MIT-0",
	"MPL-1.1", "MPL-2.0", "MPL-2.0-no-copyleft-exception", "MS-PL", "MS-RL",
	"NCSA", "ODbL-1.0", "OFL-1.1", "OSL-3.0", "PostgreSQL", "Python-2.0",
	"UPL-1.0", "Unlicense", "Vim", "WTFPL", "Zlib", "etalab-2.0",
	"NOASSERTION", "NONE",
	/* exceptions */
	"Classpath-exception-2.0", "GCC-exception-3.1", "LLVM-exception",
	"OpenJDK-assembly-exception-1.0", "Autoconf-exception-3.0",
	"Bison-exception-2.2", "Font-exception-2.0", "Qt-LGPL-exception-1.1",
};

/* Deprecated ids (SPDX license list, "deprecated"): the bare GNU ids mean
 * -only, with "+" -or-later. */
static const char *const gnu_bare[] = {
	"GPL-1.0", "GPL-2.0", "GPL-3.0", "LGPL-2.0", "LGPL-2.1", "LGPL-3.0",
	"AGPL-1.0", "AGPL-3.0", "GFDL-1.1", "GFDL-1.2", "GFDL-1.3",
};

char *spdx_canonical_id(const char *id, bool plus)
{
	size_t n = strlen(id);

	for (size_t i = 0; i < sizeof(gnu_bare) / sizeof(*gnu_bare); i++) {
		size_t k = strlen(gnu_bare[i]);
		if (strncasecmp(id, gnu_bare[i], k))
			continue;
		if (n == k)
			return xasprintf("%s-%s", gnu_bare[i], plus ? "or-later" : "only");
		if (!strcasecmp(id + k, "-only") || !strcasecmp(id + k, "-or-later"))
			return xasprintf("%s-%s", gnu_bare[i],
			                 plus || !strcasecmp(id + k, "-or-later") ?
			                 "or-later" : "only");
	}
	for (size_t i = 0; i < sizeof(known_ids) / sizeof(*known_ids); i++)
		if (!strcasecmp(id, known_ids[i]))
			return xstrdup(known_ids[i]);
	return xstrdup(id);
}

const char *spdx_known_id(const char *id)
{
	for (size_t i = 0; i < sizeof(known_ids) / sizeof(*known_ids); i++)
		if (!strcmp(id, known_ids[i]))
			return known_ids[i];
	return NULL;
}

bool spdx_id_known(const char *id)
{
	if (!strncmp(id, "LicenseRef-", 11) || !strncmp(id, "DocumentRef-", 12))
		return true;
	return spdx_known_id(id) != NULL;
}

const char *spdx_family(char *buf, size_t n, const char *id)
{
	size_t len = strlen(id);

	if (len >= 9 && !strcmp(id + len - 9, "-or-later"))
		len -= 9;
	else if (len >= 5 && !strcmp(id + len - 5, "-only"))
		len -= 5;
	else if (len >= 1 && id[len - 1] == '+')
		len -= 1;
	if (len >= n)
		len = n - 1;
	memcpy(buf, id, len);
	buf[len] = '\0';
	return buf;
}

/* ---- parser ---- */

struct parser {
	const char *s;
	size_t pos;
	int depth;
	const char *what;  /* the first failure, NULL while there is none */
	size_t at;         /* where it happened */
};

static void skip_space(struct parser *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
	       p->s[p->pos] == '\n' || p->s[p->pos] == '\r')
		p->pos++;
}

static bool id_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '.' || c == ':' ||
	       c == '_';
}

/* Is the next word the operator OP (any case)? Consumes it if so. */
static bool accept_op(struct parser *p, const char *op)
{
	size_t n = strlen(op);

	skip_space(p);
	if (strncasecmp(p->s + p->pos, op, n) || id_char(p->s[p->pos + n]))
		return false;
	p->pos += n;
	return true;
}

/* Remembers the first failure: spdx_parse() reports it, WHAT in the
 * user's language (po/update_po.py extracts fail()'s second argument). */
static int fail(struct parser *p, const char *what)
{
	if (!p->what) {
		p->what = what;
		p->at = p->pos;
	}
	return ERROR_PARSE;
}

static struct spdx_expr *node(enum spdx_kind kind, char *id,
                              struct spdx_expr *l, struct spdx_expr *r)
{
	struct spdx_expr *e = xcalloc(1, sizeof(*e));

	e->kind = kind;
	e->id = id;
	e->left = l;
	e->right = r;
	return e;
}

static int parse_or(struct spdx_expr **out, struct parser *p);

static int parse_id(char **out, struct parser *p)
{
	size_t start;

	skip_space(p);
	start = p->pos;
	while (id_char(p->s[p->pos]))
		p->pos++;
	if (p->pos == start)
		return fail(p, "expected a licence id");
	*out = xstrndup(p->s + start, p->pos - start);
	if (!strcasecmp(*out, "AND") || !strcasecmp(*out, "OR") ||
	    !strcasecmp(*out, "WITH")) {
		p->pos = start;
		free(*out);
		return fail(p, "expected a licence id");
	}
	return 0;
}

static int parse_primary(struct spdx_expr **out, struct parser *p)
{
	char *id;
	bool plus;
	int err;

	skip_space(p);
	if (p->s[p->pos] == '(') {
		if (++p->depth > SPDX_MAX_DEPTH)
			return fail(p, "too deeply nested");
		p->pos++;
		if ((err = parse_or(out, p)) < 0)
			return err;
		skip_space(p);
		if (p->s[p->pos] != ')') {
			spdx_free(*out);
			return fail(p, "missing ')'");
		}
		p->pos++;
		p->depth--;
		return 0;
	}
	if ((err = parse_id(&id, p)) < 0)
		return err;
	plus = p->s[p->pos] == '+';
	if (plus)
		p->pos++;
	*out = node(SPDX_LICENSE, spdx_canonical_id(id, plus), NULL, NULL);
	/* GPL-3.0+ became GPL-3.0-or-later; other ids keep their "+". */
	(*out)->plus = plus && !strstr((*out)->id, "-or-later");
	free(id);
	return 0;
}

static int parse_with(struct spdx_expr **out, struct parser *p)
{
	char *exc;
	int err;

	if ((err = parse_primary(out, p)) < 0)
		return err;
	if (!accept_op(p, "WITH"))
		return 0;
	if ((err = parse_id(&exc, p)) < 0) {
		spdx_free(*out);
		return err;
	}
	*out = node(SPDX_WITH, spdx_canonical_id(exc, false), *out, NULL);
	free(exc);
	return 0;
}

static int parse_and(struct spdx_expr **out, struct parser *p)
{
	struct spdx_expr *r;
	int err;

	if ((err = parse_with(out, p)) < 0)
		return err;
	while (accept_op(p, "AND")) {
		if ((err = parse_with(&r, p)) < 0) {
			spdx_free(*out);
			return err;
		}
		*out = node(SPDX_AND, NULL, *out, r);
	}
	return 0;
}

static int parse_or(struct spdx_expr **out, struct parser *p)
{
	struct spdx_expr *r;
	int err;

	if ((err = parse_and(out, p)) < 0)
		return err;
	while (accept_op(p, "OR")) {
		if ((err = parse_and(&r, p)) < 0) {
			spdx_free(*out);
			return err;
		}
		*out = node(SPDX_OR, NULL, *out, r);
	}
	return 0;
}

/* The canonical text of an expression can be longer than the text read
 * ("LGPL-2.1+OR MIT" is "LGPL-2.1-or-later OR MIT"): one is accepted only
 * when its canonical text fits too, so that what we write (a feed, a
 * report, the state) is always read back. */
static int canonical_fits(struct spdx_expr **e)
{
	char *text = spdx_format(*e);
	size_t len = strlen(text);

	free(text);
	if (len <= SPDX_MAX_LEN)
		return 0;
	spdx_free(*e);
	*e = NULL;
	return error_set(ERROR_TOOBIG, "SPDX expression longer than %d "
	                 "characters once its ids are written in full (%zu): "
	                 "name the licences with fewer words", SPDX_MAX_LEN, len);
}

int spdx_parse(struct spdx_expr **out, const char *s)
{
	struct parser p = { s, 0, 0, NULL, 0 };
	int rc;

	*out = NULL;
	if (strlen(s) > SPDX_MAX_LEN)
		return error_set(ERROR_TOOBIG, "SPDX expression longer than %d "
		                 "characters: name the licences with fewer words",
		                 SPDX_MAX_LEN);
	skip_space(&p);
	if (!s[p.pos])
		rc = fail(&p, "empty expression");
	else if ((rc = parse_or(out, &p)) == 0) {
		skip_space(&p);
		if (s[p.pos]) {
			spdx_free(*out);
			rc = fail(&p, "unexpected text");
		} else if ((rc = canonical_fits(out)) < 0) {
			return rc;   /* its own message: not a syntax error */
		}
	}
	if (rc < 0) {
		*out = NULL;  /* the parser freed what it had built */
		if (s[p.at])
			error_set(ERROR_PARSE, "SPDX expression \"%.*s\": %s at "
			          "'%.10s' (character %zu); write it as the SPDX "
			          "specification says (annex D), e.g. \"MIT OR "
			          "Apache-2.0\"", 200, s, _(p.what), s + p.at, p.at + 1);
		else
			error_set(ERROR_PARSE, "SPDX expression \"%.*s\": %s at the "
			          "end; write it as the SPDX specification says "
			          "(annex D), e.g. \"MIT OR Apache-2.0\"", 200, s,
			          _(p.what));
	}
	return rc;
}

void spdx_free(struct spdx_expr *e)
{
	if (!e)
		return;
	spdx_free(e->left);
	spdx_free(e->right);
	free(e->id);
	free(e);
}

/* Binding strength: OR < AND < WITH < id. */
static int strength(const struct spdx_expr *e)
{
	return e->kind == SPDX_OR ? 0 : e->kind == SPDX_AND ? 1 :
	       e->kind == SPDX_WITH ? 2 : 3;
}

static void format(struct buf *b, const struct spdx_expr *e, int min)
{
	bool paren = strength(e) < min;

	if (paren)
		buf_addc(b, '(');
	switch (e->kind) {
	case SPDX_LICENSE:
		buf_adds(b, e->id);
		if (e->plus)
			buf_addc(b, '+');
		break;
	case SPDX_WITH:
		format(b, e->left, 3);
		buf_addf(b, " WITH %s", e->id);
		break;
	case SPDX_AND:
	case SPDX_OR:
		format(b, e->left, strength(e));
		buf_adds(b, e->kind == SPDX_AND ? " AND " : " OR ");
		format(b, e->right, strength(e) + 1);
		break;
	}
	if (paren)
		buf_addc(b, ')');
}

char *spdx_format(const struct spdx_expr *e)
{
	struct buf b = BUF_INIT;

	format(&b, e, 0);
	return buf_detach(&b);
}

void spdx_each_id(const struct spdx_expr *e,
                  void (*fn)(const char *id, bool plus, void *payload),
                  void *payload)
{
	if (!e)
		return;
	if (e->kind == SPDX_LICENSE) {
		fn(e->id, e->plus, payload);
		return;
	}
	spdx_each_id(e->left, fn, payload);
	if (e->kind != SPDX_WITH)
		spdx_each_id(e->right, fn, payload);
}
