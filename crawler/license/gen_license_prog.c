/*
 * gen_license_prog.c - build-time only: compile template trees into word
 * programs (gen_license_prog.h), the way a regular expression compiles to
 * a Thompson NFA: a word per literal word, a split per <optional>, a chain
 * of splits per <alt> choice, a bounded run of "any word" per variable
 * part.
 */
#include "crawler/license/gen_license_prog.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/license/license_text.h"
#include "lib/alloc.h"

/* A <placeholder> left in a template's literal text stands for a name. */
#define GAP_FIELD 10
/* A copyright notice inside a text: a year and a few names. */
#define GAP_COPYRIGHT 30

struct compiler {
	struct gen_prog *p;
	struct gen_names *names;
	enum gen_part part;
	bool line_start;    /* the next text starts a paragraph or line */
	bool cut;           /* nothing more is compiled */
	unsigned depth;     /* inside so many <optional> or choices */
	bool anchored;      /* a word that must be there was compiled */
	uint32_t *fixups;   /* JMPs to the final MATCH */
	size_t nfixups, capfixups;
	uint64_t tail[6];   /* the last words, for END OF TERMS */
	int failed;
};

static uint32_t emit(struct compiler *c, uint32_t code, uint64_t word,
                     uint32_t x)
{
	struct gen_prog *p = c->p;

	if (p->nops == p->cap)
		p->ops = xrealloc(p->ops, (p->cap = p->cap ? 2 * p->cap : 256) *
		                  sizeof(*p->ops));
	p->ops[p->nops] = (struct license_op){ word, code, x };
	p->nwords += code == LICENSE_OP_WORD;
	return (uint32_t)p->nops++;
}

static void name_add(struct gen_names *n, uint64_t h, const char *w, size_t len)
{
	if (n->n == n->cap)
		n->v = xrealloc(n->v, (n->cap = n->cap ? 2 * n->cap : 1024) *
		                sizeof(*n->v));
	n->v[n->n++] = (struct license_word_name){ h, xstrndup(w, len) };
}

static void jump_to_end(struct compiler *c)
{
	if (c->nfixups == c->capfixups)
		c->fixups = xrealloc(c->fixups, (c->capfixups = c->capfixups ?
		                     2 * c->capfixups : 16) * sizeof(*c->fixups));
	c->fixups[c->nfixups++] = emit(c, LICENSE_OP_JMP, 0, 0);
}

static uint64_t h(const char *w)
{
	return license_word_hash(w, strlen(w));
}

/* Do the last words read "end of (the) terms and conditions"? How many. */
static size_t end_of_terms(const struct compiler *c)
{
	static const char *const a[] = { "end", "of", "terms", "and", "conditions" };
	static const char *const b[] = { "end", "of", "the", "terms", "and",
	                                 "conditions" };
	bool ok = true;

	for (size_t i = 0; i < 5; i++)
		ok &= c->tail[1 + i] == h(a[i]);
	if (ok)
		return 5;
	for (size_t i = 0; i < 6; i++)
		if (c->tail[i] != h(b[i]))
			return 0;
	return 6;
}

/* The SPDX matching guidelines ("Extraneous text at the end of a
 * license"): what follows END OF TERMS AND CONDITIONS is not compared; the
 * normaliser cuts candidates there too. */
static void maybe_cut(struct compiler *c)
{
	size_t k = end_of_terms(c);

	if (!k || c->part != GEN_TEXT)
		return;
	for (size_t i = 0; i < k && c->p->nops &&
	     c->p->ops[c->p->nops - 1].code == LICENSE_OP_WORD; i++) {
		c->p->nops--;
		c->p->nwords--;
	}
	jump_to_end(c);
	c->cut = true;
}

static void gap(struct compiler *c, size_t words)
{
	uint32_t *splits = xmalloc(words * sizeof(*splits));

	for (size_t i = 0; i < words; i++) {
		splits[i] = emit(c, LICENSE_OP_SPLIT, 0, 0);
		emit(c, LICENSE_OP_ANY, 0, 0);
	}
	for (size_t i = 0; i < words; i++)
		c->p->ops[splits[i]].x = (uint32_t)c->p->nops;
	free(splits);
}

static void on_word(const char *w, size_t n, bool marker, void *payload)
{
	struct compiler *c = payload;
	uint32_t s = 0;
	uint64_t hw;

	if (c->cut)
		return;
	if (!w) {
		if (c->anchored || c->part == GEN_TEXT)
			gap(c, GAP_FIELD);
		return;
	}
	hw = license_word_hash(w, n);
	/* A list marker inside a paragraph may start a line of a copy,
	 * where the normaliser drops it: optional. */
	if (marker)
		s = emit(c, LICENSE_OP_SPLIT, 0, 0);
	emit(c, LICENSE_OP_WORD, hw, 0);
	c->anchored |= !marker && c->depth == 0;
	if (marker)
		c->p->ops[s].x = (uint32_t)c->p->nops;
	name_add(c->names, hw, w, n);
	memmove(c->tail, c->tail + 1, sizeof(c->tail) - sizeof(*c->tail));
	c->tail[5] = hw;
	maybe_cut(c);
}

static void compile(struct compiler *c, json_t *node);

/*
 * <copyrightText>: the guidelines ignore copyright notices. One is
 * "Copyright", "(c)" or "Portions Copyright", then a year and names: at
 * most GAP_COPYRIGHT words, never any text at all (a sentence of terms
 * there would go unseen).
 */
static void copyright_notice(struct compiler *c)
{
	static const char *const first[] = { "copyright", "c", "portions" };
	uint32_t skip = emit(c, LICENSE_OP_SPLIT, 0, 0), jumps[2];

	for (size_t i = 0; i < 3; i++) {
		uint32_t s = i < 2 ? emit(c, LICENSE_OP_SPLIT, 0, 0) : 0;
		emit(c, LICENSE_OP_WORD, h(first[i]), 0);
		if (i < 2) {
			jumps[i] = emit(c, LICENSE_OP_JMP, 0, 0);
			c->p->ops[s].x = (uint32_t)c->p->nops;
		}
	}
	c->p->ops[jumps[0]].x = c->p->ops[jumps[1]].x = (uint32_t)c->p->nops;
	gap(c, GAP_COPYRIGHT);
	c->p->ops[skip].x = (uint32_t)c->p->nops;
}

static void compile_opt(struct compiler *c, json_t *child)
{
	uint32_t s = emit(c, LICENSE_OP_SPLIT, 0, 0);

	c->depth++;
	compile(c, child);
	c->depth--;
	c->p->ops[s].x = (uint32_t)c->p->nops;
}

/*
 * <bullet>: the guidelines ignore bullets and numbering at the start of a
 * line, where the normaliser drops them. A copy whose lines were joined
 * again keeps the marker inside a line ("... Without Distribution (1) You
 * are permitted"): there, its words are optional.
 */
static void compile_bullet(struct compiler *c, const char *s)
{
	uint32_t split = emit(c, LICENSE_OP_SPLIT, 0, 0);

	c->depth++;
	license_text_words(s, strlen(s), false, on_word, c);
	c->depth--;
	c->p->ops[split].x = (uint32_t)c->p->nops;
	c->line_start = false;
}

static void compile_choice(struct compiler *c, json_t *node)
{
	size_t n = json_array_size(node) - 1;
	uint32_t *jumps = xmalloc(n * sizeof(*jumps));

	c->depth += n > 1;
	for (size_t i = 0; i < n; i++) {
		uint32_t s = 0;
		if (i + 1 < n)
			s = emit(c, LICENSE_OP_SPLIT, 0, 0);
		compile(c, json_array_get(node, i + 1));
		if (i + 1 < n) {
			jumps[i] = emit(c, LICENSE_OP_JMP, 0, 0);
			c->p->ops[s].x = (uint32_t)c->p->nops;
		}
	}
	c->depth -= n > 1;
	for (size_t i = 0; i + 1 < n; i++)
		c->p->ops[jumps[i]].x = (uint32_t)c->p->nops;
	free(jumps);
}

static void compile_text(struct compiler *c, const char *s)
{
	size_t n = strlen(s);

	if (!s[strspn(s, " \t\n")])
		return;  /* spacing between tags: the paragraph has not begun */
	license_text_words(s, n, c->line_start, on_word, c);
	c->line_start = false;
}

static void compile(struct compiler *c, json_t *node)
{
	const char *kind = json_string_value(json_array_get(node, 0));
	json_t *arg = json_array_get(node, 1);
	/* Nothing that must be there was compiled yet: a text matched from
	 * here may start anywhere in its leading lines. */
	bool before_words = !c->anchored;

	if (c->cut || c->failed || !kind)
		return;
	if (!strcmp(kind, "seq")) {
		for (size_t i = 1; i < json_array_size(node); i++)
			compile(c, json_array_get(node, i));
	} else if (!strcmp(kind, "text")) {
		compile_text(c, json_string_value(arg));
	} else if (!strcmp(kind, "para")) {
		c->line_start = true;
	} else if (!strcmp(kind, "opt")) {
		/* A notice is found inside other text: nothing variable may
		 * come before its first word. */
		if (!before_words || c->part == GEN_TEXT)
			compile_opt(c, arg);
	} else if (!strcmp(kind, "bullet")) {
		if (!before_words || c->part == GEN_TEXT)
			compile_bullet(c, json_string_value(arg));
	} else if (!strcmp(kind, "choice")) {
		compile_choice(c, node);
	} else if (!strcmp(kind, "gap")) {
		if (!before_words || c->part == GEN_TEXT)
			gap(c, (size_t)json_integer_value(arg));
	} else if (!strcmp(kind, "title")) {
		/* The guidelines ignore the title: present or not, it matches.
		 * (A title the normaliser knows is skipped before, too.) */
		compile_opt(c, arg);
	} else if (!strcmp(kind, "copyright")) {
		copyright_notice(c);
	} else {
		fprintf(stderr, "gen_license_data: unknown template node \"%s\"\n",
		        kind);
		c->failed = -1;
	}
}

int gen_prog_compile(struct gen_prog *out, struct gen_names *names,
                     json_t *tree, enum gen_part part)
{
	struct compiler c = { .p = out, .names = names, .part = part,
	                      .line_start = true };

	memset(out, 0, sizeof(*out));
	compile(&c, tree);
	for (size_t i = 0; i < c.nfixups; i++)
		out->ops[c.fixups[i]].x = (uint32_t)out->nops;
	emit(&c, LICENSE_OP_MATCH, 0, 0);
	free(c.fixups);
	return c.failed;
}

void gen_prog_from_text(struct gen_prog *out, struct gen_names *names,
                        const char *text, size_t len,
                        const struct license_norm_opts *opts)
{
	struct compiler c = { .p = out, .names = names, .part = GEN_TEXT,
	                      .line_start = true };
	struct license_text t;

	/* The text's own normalisation, leading lines and END OF TERMS
	 * included: the program is its words, a placeholder a gap. */
	memset(out, 0, sizeof(*out));
	license_text_analyze_utf8(&t, text, len, opts);
	for (size_t i = t.start; i < t.nseq; i++) {
		const char *w = t.words_text + t.off[i];
		on_word(w, strlen(w), false, &c);
	}
	license_text_free(&t);
	for (size_t i = 0; i < c.nfixups; i++)
		out->ops[c.fixups[i]].x = (uint32_t)out->nops;
	emit(&c, LICENSE_OP_MATCH, 0, 0);
	free(c.fixups);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

uint64_t *gen_prog_words(const struct gen_prog *p, size_t *n)
{
	uint64_t *v = xmalloc((p->nwords + 1) * sizeof(*v));
	size_t k = 0, u = 0;

	for (size_t i = 0; i < p->nops; i++)
		if (p->ops[i].code == LICENSE_OP_WORD)
			v[k++] = p->ops[i].word;
	qsort(v, k, sizeof(*v), cmp_u64);
	for (size_t i = 0; i < k; i++)
		if (!u || v[u - 1] != v[i])
			v[u++] = v[i];
	*n = u;
	return v;
}

void gen_prog_write(FILE *out, const char *name, const struct gen_prog *p)
{
	static const char *const codes[] = { "W", "A", "S", "J", "M" };

	fprintf(out, "static const struct license_op %s[] = {\n", name);
	for (size_t i = 0; i < p->nops; i++) {
		const struct license_op *op = &p->ops[i];
		if (op->code == LICENSE_OP_WORD)
			fprintf(out, "\t{ 0x%" PRIx64 "u, W, 0 },\n", op->word);
		else
			fprintf(out, "\t{ 0, %s, %" PRIu32 " },\n", codes[op->code], op->x);
	}
	fprintf(out, "};\nstatic const struct license_prog %s_prog = { %s, %zu, %zu };\n",
	        name, name, p->nops, p->nwords);
}

void gen_prog_free(struct gen_prog *p)
{
	free(p->ops);
	memset(p, 0, sizeof(*p));
}

static int cmp_name(const void *a, const void *b)
{
	const struct license_word_name *x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* Are A and B the same word but for hyphens ("on-line", "online")? */
static bool same_word(const char *a, const char *b)
{
	for (;; a++, b++) {
		while (*a == '-')
			a++;
		while (*b == '-')
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
	}
}

int gen_names_finish(struct gen_names *names)
{
	size_t k = 0;

	qsort(names->v, names->n, sizeof(*names->v), cmp_name);
	for (size_t i = 0; i < names->n; i++) {
		if (k && names->v[k - 1].hash == names->v[i].hash) {
			if (!same_word(names->v[k - 1].name, names->v[i].name)) {
				fprintf(stderr, "gen_license_data: \"%s\" and \"%s\" have "
				        "the same hash\n", names->v[k - 1].name,
				        names->v[i].name);
				return -1;
			}
			free((char *)names->v[i].name);
			continue;
		}
		names->v[k++] = names->v[i];
	}
	names->n = k;
	return 0;
}
