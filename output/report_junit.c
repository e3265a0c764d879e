/*
 * report_junit.c - the report as JUnit XML, which GitLab CI
 * (artifacts:reports:junit), Jenkins and most CI dashboards read: one test
 * case per rule, failing when the rule has a finding at or above --fail-on.
 */
#include "output/report_out.h"

#include <string.h>

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
	xml_escaped(f, x->message);
	if (x->fix) {
		fputs(" (fix: ", f);
		xml_escaped(f, x->fix);
		fputc(')', f);
	}
	fputc('\n', f);
}

static void testcase(FILE *f, const struct report *r, const char *id,
                     int fail_on)
{
	const struct finding *first_fail = NULL;
	const char *dot = strchr(id, '.');
	bool any = false;

	for (size_t i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule, id)) {
			any = true;
			if (!first_fail && (int)r->findings[i].level >= fail_on)
				first_fail = &r->findings[i];
		}
	fprintf(f, "    <testcase classname=\"inventaire.%.*s\" name=\"",
	        dot ? (int)(dot - id) : (int)strlen(id), id);
	xml_escaped(f, id);
	fputs("\"", f);
	if (!any) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n", f);
	if (first_fail) {
		fputs("      <failure message=\"", f);
		xml_escaped(f, first_fail->message);
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

int report_write_junit(FILE *f, const struct report *r,
                       const struct rule_set *rules, int fail_on)
{
	const char *path = r->repository.path;
	size_t tests = rules->n, failures = 0;

	for (size_t i = 0; i < r->nfindings; i++)
		if (unknown_first(rules, r, i))
			tests++;
	for (size_t j = 0; j < rules->n; j++)
		for (size_t i = 0; i < r->nfindings; i++)
			if (!strcmp(r->findings[i].rule, rules->v[j]->id) &&
			    (int)r->findings[i].level >= fail_on) {
				failures++;
				break;
			}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"inventaire\" tests=\"%zu\" failures=\"%zu\">\n",
	        tests, failures);
	fputs("  <testsuite name=\"", f);
	xml_escaped(f, path ? path : "inventaire check");
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
	        tests, failures);
	for (size_t j = 0; j < rules->n; j++)
		testcase(f, r, rules->v[j]->id, fail_on);
	/* A finding whose rule is not in the table still gets its case. */
	for (size_t i = 0; i < r->nfindings; i++)
		if (unknown_first(rules, r, i))
			testcase(f, r, r->findings[i].rule, fail_on);
	fputs("  </testsuite>\n</testsuites>\n", f);
	return ferror(f) ? -1 : 0;
}
