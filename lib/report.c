/* report.c - one repository's report: its typed sections and findings. */
#include "lib/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "lib/str.h"

int report_new(struct report **out)
{
	struct report *r = xcalloc(1, sizeof(*r));

	r->license.authorized = TRI_UNKNOWN;
	r->readme.bytes = -1;
	r->publiccode.valid = TRI_UNKNOWN;
	*out = r;
	return 0;
}

static void repository_clear(struct report_repository *x)
{
	free(x->path);
	free(x->url);
	free(x->head);
	free(x->branch);
	free(x->source);
	free(x->head_missing);
	free(x->branches);
	free(x->anchor);
	free(x->fetch.method);
}

static void license_clear(struct report_license *x)
{
	free(x->spdx);
	free(x->category);
	free(x->note);
	for (size_t i = 0; i < x->nfiles; i++) {
		free(x->files[i].path);
		free(x->files[i].spdx);
		free(x->files[i].matcher);
		free(x->files[i].modified);
		free(x->files[i].added);
		free(x->files[i].removed);
	}
	free(x->files);
	for (size_t i = 0; i < x->ndeclared; i++) {
		free(x->declared[i].source);
		free(x->declared[i].expression);
		free(x->declared[i].value);
	}
	free(x->declared);
	for (size_t i = 0; i < x->nlicenses; i++)
		free(x->licenses[i]);
	free(x->licenses);
}

static void publiccode_clear(struct report_publiccode *x)
{
	free(x->path);
	free(x->version);
	for (size_t i = 0; i < x->nresults; i++) {
		free(x->results[i].key);
		free(x->results[i].description);
	}
	free(x->results);
}

static void community_clear(struct report_community *x)
{
	free(x->contributing);
	free(x->changelog);
	free(x->code_of_conduct);
	free(x->security);
}

static void codegouvfr_clear(struct report_codegouvfr *x)
{
	free(x->license);
	free(x->readme);
	free(x->contributing);
	free(x->changelog);
	free(x->publiccode);
}

static void setting_free(struct finding_setting *s)
{
	if (!s)
		return;
	free(s->reason);
	free(s->until);
	free(s->path);
	free(s);
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
		free(f->message_l10n);
		free(f->fix_l10n);
		setting_free(f->setting);
	}
	free(r->findings);
	repository_clear(&r->repository);
	license_clear(&r->license);
	free(r->readme.path);
	publiccode_clear(&r->publiccode);
	community_clear(&r->community);
	codegouvfr_clear(&r->codegouvfr);
	free(r);
}

/* S, or its \xNN-escaped copy when it is not UTF-8 (a file name). */
static char *printable(char *s)
{
	char *m;

	if (utf8_valid(s, strlen(s)))
		return s;
	m = str_printable(s, strlen(s));
	free(s);
	return m;
}

int report_addv(struct report *r, const char *rule, enum level level,
                const char *path, unsigned line, unsigned column,
                const char *fix, const char *fmt, va_list ap)
{
	struct finding *f;
	va_list again;

	if (r->nfindings == r->findings_cap) {
		size_t cap = r->findings_cap ? 2 * r->findings_cap : 8;
		r->findings = xrealloc(r->findings, cap * sizeof(*r->findings));
		r->findings_cap = cap;
	}
	f = &r->findings[r->nfindings];
	memset(f, 0, sizeof(*f));
	va_copy(again, ap);
	f->message = printable(xvasprintf(fmt, ap));
	if (_(fmt) != fmt)
		f->message_l10n = printable(xvasprintf(_(fmt), again));
	va_end(again);
	f->rule = xstrdup(rule);
	f->path = path ? str_printable(path, strlen(path)) : NULL;
	f->fix = fix ? xstrdup(fix) : NULL;
	f->fix_l10n = fix && _(fix) != fix ? xstrdup(_(fix)) : NULL;
	f->level = level;
	f->line = line;
	f->column = column;
	r->nfindings++;
	return 0;
}

void report_set_fix(struct report *r, const char *fmt, ...)
{
	struct finding *f;
	va_list ap;

	if (!r->nfindings)
		return;
	f = &r->findings[r->nfindings - 1];
	free(f->fix);
	free(f->fix_l10n);
	va_start(ap, fmt);
	f->fix = xvasprintf(fmt, ap);
	va_end(ap);
	f->fix_l10n = NULL;
	if (_(fmt) != fmt) {
		va_start(ap, fmt);
		f->fix_l10n = xvasprintf(_(fmt), ap);
		va_end(ap);
	}
}

int report_add(struct report *r, const char *rule, enum level level,
               const char *path, unsigned line, unsigned column,
               const char *fix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_addv(r, rule, level, path, line, column, fix, fmt, ap);
	va_end(ap);
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

	if (finding_suppressed(a) != finding_suppressed(b))
		return finding_suppressed(a) ? 1 : -1;
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

size_t report_count(const struct report *r, const char *prefix,
                    enum level level)
{
	size_t n = 0, len = strlen(prefix);

	for (size_t i = 0; i < r->nfindings; i++)
		n += r->findings[i].level == level &&
		     !finding_suppressed(&r->findings[i]) &&
		     !strncmp(r->findings[i].rule, prefix, len);
	return n;
}

size_t report_count_suppressed(const struct report *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nfindings; i++)
		n += finding_suppressed(&r->findings[i]);
	return n;
}

int report_max_level(const struct report *r)
{
	int max = -1;

	for (size_t i = 0; i < r->nfindings; i++)
		if (!finding_suppressed(&r->findings[i]) &&
		    (int)r->findings[i].level > max)
			max = (int)r->findings[i].level;
	return max;
}

void report_expire_settings(struct report *r, const char *today)
{
	bool changed = false;

	for (size_t i = 0; i < r->nfindings; i++) {
		struct finding *f = &r->findings[i];

		/* "YYYY-MM-DD" strings compare as the dates do. */
		if (!f->setting || !f->setting->until ||
		    strcmp(f->setting->until, today) >= 0)
			continue;
		if (!f->setting->off)
			f->level = f->setting->from;
		setting_free(f->setting);
		f->setting = NULL;
		changed = true;
	}
	if (changed)
		report_sort(r);
}

void report_today(char out[11], long long now)
{
	time_t t = (time_t)now;
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		memcpy(out, "1970-01-01", 11);
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
	return error_set(ERROR_INVALID, "unknown level '%s': use info, warning "
	                 "or error", name);
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

char *report_strdup(const char *s)
{
	if (!s)
		return NULL;
	if (utf8_valid(s, strlen(s)))
		return xstrdup(s);
	return str_printable(s, strlen(s));
}

void report_set(char **field, const char *s)
{
	char *v = report_strdup(s);

	free(*field);
	*field = v;
}
