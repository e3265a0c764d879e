/* report.c - findings and per-check sections of one repository's report. */
#include "lib/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/str.h"

int report_new(struct report **out)
{
	struct report *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->repository = json_object();
	r->sections = json_object();
	if (!r->repository || !r->sections) {
		report_free(r);
		return -ENOMEM;
	}
	*out = r;
	return 0;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nfindings; i++) {
		struct finding *f = &r->findings[i];
		free(f->rule);
		free(f->path);
		free(f->message);
		free(f->fix);
	}
	free(r->findings);
	json_decref(r->repository);
	json_decref(r->sections);
	free(r);
}

json_t *report_section(struct report *r, const char *name)
{
	json_t *s = json_object_get(r->sections, name);

	if (!s) {
		s = json_object();
		json_object_set_new(r->sections, name, s);
	}
	return s;
}

int report_add(struct report *r, const char *rule, enum level level,
               const char *path, unsigned line, unsigned column,
               const char *fix, const char *fmt, ...)
{
	struct finding *f;
	va_list ap;

	if (r->nfindings == r->findings_cap) {
		size_t cap = r->findings_cap ? 2 * r->findings_cap : 8;
		struct finding *v = realloc(r->findings, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		r->findings = v;
		r->findings_cap = cap;
	}
	f = &r->findings[r->nfindings];
	memset(f, 0, sizeof(*f));
	va_start(ap, fmt);
	f->message = xvasprintf(fmt, ap);
	va_end(ap);
	if (!utf8_valid(f->message, strlen(f->message))) {
		char *m = str_printable(f->message, strlen(f->message));
		free(f->message);
		f->message = m;
	}
	f->rule = xstrdup(rule);
	f->path = path ? str_printable(path, strlen(path)) : NULL;
	f->fix = fix ? xstrdup(fix) : NULL;
	f->level = level;
	f->line = line;
	f->column = column;
	r->nfindings++;
	return 0;
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c;

	if (a->level != b->level)
		return (int)b->level - (int)a->level;
	if ((c = strcmp(a->rule, b->rule)))
		return c;
	if ((c = strcmp_null(a->path, b->path)))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return strcmp(a->message, b->message);
}

void report_sort(struct report *r)
{
	/* qsort is not stable; finding_cmp is total, so the order is. */
	if (r->nfindings > 1)
		qsort(r->findings, r->nfindings, sizeof(*r->findings), finding_cmp);
}

int report_max_level(const struct report *r)
{
	int max = -1;

	for (size_t i = 0; i < r->nfindings; i++)
		if ((int)r->findings[i].level > max)
			max = (int)r->findings[i].level;
	return max;
}

static const char *const level_names[] = { "info", "warning", "error" };

const char *level_name(enum level level)
{
	return level_names[level];
}

int level_parse(enum level *out, const char *name)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(name, level_names[i])) {
			*out = (enum level)i;
			return 0;
		}
	return -EINVAL;
}

json_t *report_string(const char *s)
{
	json_t *j;
	char *p;

	if (!s)
		return json_null();
	if (utf8_valid(s, strlen(s)))
		return json_string(s);
	p = str_printable(s, strlen(s));
	j = json_string(p);
	free(p);
	return j;
}
