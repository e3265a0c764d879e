/*
 * publiccode_results.c - the results of one validation: adding them where
 * the reference parser puts them, reading the decoded document around
 * them, and the public helpers on struct pc_results (publiccode.h). The
 * pipeline (publiccode_validate.c), the struct validator
 * (publiccode_struct.c) and the extra checks (publiccode_extra.c) all add
 * results here; none of them calls another back.
 */
#include "crawler/publiccode/publiccode_results.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

static void add_v(struct pc_results *r, enum pc_type type, const char *key,
                  unsigned line, unsigned col, const char *fmt, va_list ap)
{
	struct pc_result *x;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	x = &r->v[r->n++];
	x->type = type;
	x->key = xstrdup(key);
	x->description = xvasprintf(fmt, ap);
	x->line = line;
	x->column = col;
}

void pc_add_at(struct pc_run *run, enum pc_type type, const char *key,
               unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_v(run->out, type, key, line, col, fmt, ap);
	va_end(ap);
}

void pc_add(struct pc_run *run, enum pc_type type, const char *key,
            const char *fmt, ...)
{
	unsigned line, col;
	va_list ap;

	pcy_position(&line, &col, run->root, key);
	va_start(ap, fmt);
	add_v(run->out, type, key, line, col, fmt, ap);
	va_end(ap);
}

void pc_results_add(struct pc_results *r, enum pc_type type, const char *key,
                    unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_v(r, type, key, line, col, fmt, ap);
	va_end(ap);
}

const struct pcy_node *pc_field(const struct pcy_node *m, const char *key)
{
	const struct pcy_node *v = pcy_get(m, key);

	return v && v->kind != PCY_NULL ? v : NULL;
}

const struct pcy_node *pc_top(const struct pc_run *run, const char *key)
{
	for (size_t i = 0; i < run->ndropped; i++)
		if (!strcmp(run->dropped[i], key))
			return NULL;
	return pc_field(run->root, key);
}

bool pc_results_valid(const struct pc_results *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].type == PC_ERROR)
			return false;
	return true;
}

void pc_results_free(struct pc_results *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].key);
		free(r->v[i].description);
	}
	free(r->v);
	free(r->version);
	free(r->url);
	memset(r, 0, sizeof(*r));
}

char *pc_result_format(const struct pc_result *r, const char *file)
{
	/* The reference CLI's errorformat (publiccode-parser/
	 * publiccode_parser.go): "KEY: " left out when the key is "" */
	return xasprintf("%s:%u:%u: %s: %s%s%s", file, r->line, r->column,
	                 r->type == PC_ERROR ? "error" : "warning", r->key,
	                 r->key[0] ? ": " : "", r->description);
}
