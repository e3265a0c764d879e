/*
 * report_junit.c - the report as JUnit XML, which GitLab CI
 * (artifacts:reports:junit), Jenkins and most CI dashboards read: one test
 * case per rule, failing when the rule has a finding at or above --fail-on,
 * skipped (with the reason) when the repository's settings silenced it.
 */
#include "output/report_out.h"

#include <string.h>

#include "lib/i18n.h"

static void xml_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			/* XML 1.0 forbids most control characters even escaped. */
			if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
				fputc('?', f);
			else
				fputc(c, f);
		}
	}
}

static void finding_line(FILE *f, const struct finding *x)
{
	fprintf(f, "%s: ", level_name(x->level));
	if (x->path) {
		xml_escaped(f, x->path);
		if (x->line)
			fprintf(f, ":%u:%u", x->line, x->column);
		fputs(": ", f);
	}
	xml_escaped(f, finding_message(x));
	if (x->fix) {
		fputs(" (", f);
		xml_escaped(f, _("fix:"));
		fputc(' ', f);
		xml_escaped(f, finding_fix(x));
		fputc(')', f);
	}
	if (x->setting && !x->setting->off) {
		fputs(" (", f);
		xml_escaped(f, _("level set by"));
		fprintf(f, " %s, ", x->setting->path ? x->setting->path : "?");
		xml_escaped(f, _("was"));
		fprintf(f, " %s: ", level_name(x->setting->from));
		xml_escaped(f, x->setting->reason ? x->setting->reason : "");
		fputc(')', f);
	}
	fputc('\n', f);
}

/* The first finding of rule ID that is at or above FAIL_ON and not
 * silenced, or NULL. */
static const struct finding *first_failure(const struct report *r,
                                           const char *id, int fail_on)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule, id) &&
		    !finding_suppressed(&r->findings[i]) &&
		    (int)r->findings[i].level >= fail_on)
			return &r->findings[i];
	return NULL;
}

/* The finding of rule ID when all of the rule's findings are silenced
 * (a setting is per rule), or NULL. */
static const struct finding *all_silenced(const struct report *r,
                                          const char *id)
{
	const struct finding *first = NULL;

	for (size_t i = 0; i < r->nfindings; i++) {
		if (strcmp(r->findings[i].rule, id))
			continue;
		if (!finding_suppressed(&r->findings[i]))
			return NULL;
		if (!first)
			first = &r->findings[i];
	}
	return first;
}

static void skipped(FILE *f, const struct finding_setting *s)
{
	fputs("      <skipped message=\"", f);
	xml_escaped(f, _("silenced by"));
	fputc(' ', f);
	xml_escaped(f, s->path ? s->path : "?");
	fputs(": ", f);
	xml_escaped(f, s->reason ? s->reason : "");
	if (s->until) {
		fputs(" (", f);
		xml_escaped(f, _("until"));
		fputc(' ', f);
		xml_escaped(f, s->until);
		fputc(')', f);
	}
	fputs("\"/>\n", f);
}

static void testcase(FILE *f, const struct report *r, const char *id,
                     int fail_on)
{
	const struct finding *first_fail = first_failure(r, id, fail_on);
	const struct finding *silenced = all_silenced(r, id);
	const char *dot = strchr(id, '.');
	bool any = false;

	for (size_t i = 0; i < r->nfindings; i++)
		any = any || !strcmp(r->findings[i].rule, id);
	fprintf(f, "    <testcase classname=\"inventaire.%.*s\" name=\"",
	        dot ? (int)(dot - id) : (int)strlen(id), id);
	xml_escaped(f, id);
	fputs("\"", f);
	if (!any) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n", f);
	if (silenced)
		skipped(f, silenced->setting);
	if (first_fail) {
		fputs("      <failure message=\"", f);
		xml_escaped(f, finding_message(first_fail));
		fprintf(f, "\" type=\"%s\">", level_name(first_fail->level));
	} else {
		fputs("      <system-out>", f);
	}
	for (size_t i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule, id))
			finding_line(f, &r->findings[i]);
	fputs(first_fail ? "</failure>\n" : "</system-out>\n", f);
	fputs("    </testcase>\n", f);
}

/* A finding whose rule is not in the table, and the first of its rule. */
static bool unknown_first(const struct rule_set *rules, const struct report *r,
                          size_t i)
{
	for (size_t j = 0; j < rules->n; j++)
		if (!strcmp(rules->v[j]->id, r->findings[i].rule))
			return false;
	for (size_t k = 0; k < i; k++)
		if (!strcmp(r->findings[k].rule, r->findings[i].rule))
			return false;
	return true;
}

/* Test cases that fail (FAILED) and that are skipped (SKIPPED), among the
 * rules of the table and the others. */
static void totals(size_t *failed, size_t *skipped_n, const struct report *r,
                   const struct rule_set *rules, int fail_on)
{
	*failed = *skipped_n = 0;
	for (size_t j = 0; j < rules->n; j++) {
		*failed += first_failure(r, rules->v[j]->id, fail_on) != NULL;
		*skipped_n += all_silenced(r, rules->v[j]->id) != NULL;
	}
	for (size_t i = 0; i < r->nfindings; i++)
		if (unknown_first(rules, r, i)) {
			*failed += first_failure(r, r->findings[i].rule, fail_on) != NULL;
			*skipped_n += all_silenced(r, r->findings[i].rule) != NULL;
		}
}

int report_write_junit(FILE *f, const struct report *r,
                       const struct rule_set *rules, int fail_on)
{
	const char *path = r->repository.path;
	size_t tests = rules->n, failures, skips;

	for (size_t i = 0; i < r->nfindings; i++)
		if (unknown_first(rules, r, i))
			tests++;
	totals(&failures, &skips, r, rules, fail_on);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"inventaire\" tests=\"%zu\" failures=\"%zu\" "
	        "skipped=\"%zu\">\n", tests, failures, skips);
	fputs("  <testsuite name=\"", f);
	xml_escaped(f, path ? path : "inventaire check");
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n",
	        tests, failures, skips);
	for (size_t j = 0; j < rules->n; j++)
		testcase(f, r, rules->v[j]->id, fail_on);
	/* A finding whose rule is not in the table still gets its case. */
	for (size_t i = 0; i < r->nfindings; i++)
		if (unknown_first(rules, r, i))
			testcase(f, r, r->findings[i].rule, fail_on);
	fputs("  </testsuite>\n</testsuites>\n", f);
	return ferror(f) ? -1 : 0;
}
