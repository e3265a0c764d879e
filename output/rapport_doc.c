/*
 * rapport_doc.c - the report as a list of blocks, built once from the
 * model and printed by each writer (HTML, Markdown): one place decides
 * what the report says, the writers only how it looks.
 */
#include "output/rapport_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

static struct rblock *add(struct rdoc *d, enum rblock_kind kind)
{
	struct rblock *b;

	d->v = xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
	b = &d->v[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

void rdoc_heading(struct rdoc *d, int level, const char *id,
                  const char *text)
{
	struct rblock *b = add(d, RB_HEADING);

	b->level = level;
	b->id = id ? xstrdup(id) : NULL;
	b->text = xstrdup(text);
}

void rdoc_para_take(struct rdoc *d, char *text)
{
	add(d, RB_PARA)->text = text;
}

void rdoc_para(struct rdoc *d, const char *text)
{
	rdoc_para_take(d, xstrdup(text));
}

struct rblock *rdoc_list(struct rdoc *d)
{
	return add(d, RB_LIST);
}

void rdoc_item(struct ritem **v, size_t *n, int level, const char *text,
               const char *href)
{
	struct ritem *it;

	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	it = &(*v)[(*n)++];
	it->level = level;
	it->text = xstrdup(text);
	it->href = href ? xstrdup(href) : NULL;
}

struct rtable *rdoc_table(struct rdoc *d, const char *caption, size_t ncols,
                          const char *const *head, const bool *num)
{
	struct rtable *t = &add(d, RB_TABLE)->table;

	t->caption = caption ? xstrdup(caption) : NULL;
	t->ncols = ncols;
	t->head = xcalloc(ncols, sizeof(*t->head));
	t->num = xcalloc(ncols, sizeof(*t->num));
	for (size_t i = 0; i < ncols; i++) {
		t->head[i] = xstrdup(head[i]);
		t->num[i] = num && num[i];
	}
	return t;
}

struct rcell *rtable_row(struct rtable *t)
{
	struct rcell *row;

	t->cells = xrealloc(t->cells, (t->nrows + 1) * t->ncols *
	                    sizeof(*t->cells));
	row = &t->cells[t->nrows++ * t->ncols];
	memset(row, 0, t->ncols * sizeof(*row));
	return row;
}

void rcell_take(struct rcell *c, char *text)
{
	free(c->text);
	c->text = text;
}

void rcell_set(struct rcell *c, const char *text, const char *href)
{
	rcell_take(c, xstrdup(text ? text : ""));
	free(c->href);
	c->href = href ? xstrdup(href) : NULL;
}

void rdoc_figure_take(struct rdoc *d, char *svg, const char *caption)
{
	struct rblock *b = add(d, RB_FIGURE);

	b->svg = svg;
	b->text = xstrdup(caption);
}

static void items_free(struct ritem *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].href);
	}
	free(v);
}

static void table_free(struct rtable *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++) {
		free(t->cells[i].text);
		free(t->cells[i].href);
		items_free(t->cells[i].items, t->cells[i].nitems);
	}
	free(t->cells);
	for (size_t i = 0; i < t->ncols; i++)
		free(t->head[i]);
	free(t->head);
	free(t->num);
	free(t->caption);
}

void rdoc_free(struct rdoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct rblock *b = &d->v[i];

		free(b->id);
		free(b->text);
		free(b->svg);
		items_free(b->items, b->nitems);
		if (b->kind == RB_TABLE)
			table_free(&b->table);
	}
	free(d->v);
	d->v = NULL;
	d->n = 0;
}
