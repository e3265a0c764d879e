/*
 * report_text.c - the report for people: a verdict first, then each finding
 * with its fix, then what was found. Colour only when asked (a terminal,
 * NO_COLOR unset), decided by the caller.
 */
#include "output/report_out.h"

#include <stdlib.h>
#include <string.h>

#include "lib/str.h"

#define RED    "\033[31m"
#define YELLOW "\033[33m"
#define BLUE   "\033[34m"
#define GREEN  "\033[32m"
#define BOLD   "\033[1m"
#define DIM    "\033[2m"
#define RESET  "\033[0m"

static const char *level_color(enum level l)
{
	return l == LEVEL_ERROR ? RED : l == LEVEL_WARNING ? YELLOW : BLUE;
}

static const char *or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

/* S, from the repository or a forge, with its control characters escaped:
 * a file name must not clear the reader's screen or forge a line. */
static void put(FILE *f, const char *s)
{
	char *p = str_printable(s, strlen(s));

	fputs(p, f);
	free(p);
}

static void plural(FILE *f, size_t n, const char *one, const char *many)
{
	fprintf(f, "%zu %s", n, n == 1 ? one : many);
}

static void print_found(FILE *f, const struct report *r)
{
	const struct report_license *lic = &r->license;
	const struct report_publiccode *pc = &r->publiccode;
	const struct report_community *com = &r->community;

	fputs("\nFound:\n  licence      ", f);
	put(f, or(lic->spdx, "(not identified)"));
	for (size_t i = 0; i < lic->nfiles; i++) {
		fputs(i ? ", " : "  files: ", f);
		put(f, or(lic->files[i].path, "?"));
	}
	fputs("\n  README       ", f);
	put(f, or(r->readme.path, "none"));
	fputs("\n  publiccode   ", f);
	put(f, or(pc->path, "none"));
	fprintf(f, "%s\n", pc->valid == TRI_TRUE ? " (valid)" :
	        pc->valid == TRI_FALSE ? " (invalid)" : "");
	if (com->present) {
		fputs("  community    contributing: ", f);
		put(f, or(com->contributing, "none"));
		fputs(", changelog: ", f);
		put(f, or(com->changelog, "none"));
		fputs(", code_of_conduct: ", f);
		put(f, or(com->code_of_conduct, "none"));
		fputs(", security: ", f);
		put(f, or(com->security, "none"));
		fputc('\n', f);
	}
}

/* What a setting did to X, on a line of its own. */
static void setting_line(FILE *f, const struct finding *x, bool color)
{
	const struct finding_setting *s = x->setting;

	fprintf(f, "        %s%s", color ? DIM : "",
	        s->off ? "silenced by " : "level set by ");
	put(f, or(s->path, "?"));
	if (s->off)
		fprintf(f, ":%u: ", s->line);
	else
		fprintf(f, ":%u (was %s): ", s->line, level_name(s->from));
	put(f, or(s->reason, ""));
	if (s->until) {
		fputs(" (until ", f);
		put(f, s->until);
		fputc(')', f);
	}
	fprintf(f, "%s\n", color ? RESET : "");
}

static void print_finding(FILE *f, const struct finding *x, bool color)
{
	fprintf(f, "%s%-7s%s %s", color ? level_color(x->level) : "",
	        level_name(x->level), color ? RESET : "", x->rule);
	if (x->path) {
		fputs("  ", f);
		put(f, x->path);
		if (x->line)
			fprintf(f, ":%u:%u", x->line, x->column);
	}
	fputs("\n        ", f);
	put(f, or(x->message, ""));
	fputc('\n', f);
	if (x->fix && !finding_suppressed(x)) {
		fprintf(f, "        %sfix:%s ", color ? DIM : "", color ? RESET : "");
		put(f, x->fix);
		fputc('\n', f);
	}
	if (x->setting)
		setting_line(f, x, color);
}

int report_write_text(FILE *f, const struct report *r, int fail_on, bool color)
{
	const char *path = or(r->repository.path, or(r->repository.url, "."));
	const char *branch = r->repository.branch;
	const char *head = r->repository.head;
	size_t count[3] = { 0, 0, 0 }, silenced = report_count_suppressed(r);
	bool fail = report_max_level(r) >= fail_on, header = false;

	for (size_t i = 0; i < r->nfindings; i++)
		if (!finding_suppressed(&r->findings[i]))
			count[r->findings[i].level]++;
	fprintf(f, "%s%s%s  ", color ? BOLD : "",
	        color ? (fail ? RED : GREEN) : "", fail ? "FAIL" : "PASS");
	if (color)
		fputs(RESET, f);
	plural(f, count[LEVEL_ERROR], "error", "errors");
	fputs(", ", f);
	plural(f, count[LEVEL_WARNING], "warning", "warnings");
	fputs(", ", f);
	plural(f, count[LEVEL_INFO], "note", "notes");
	if (silenced)
		fprintf(f, ", %zu silenced", silenced);
	fputs(" in ", f);
	put(f, path);
	if (branch || head) {
		fputs(" (", f);
		put(f, branch ? branch : "detached HEAD");
		fprintf(f, "%s%.7s)", head ? " at " : "", head ? head : "");
	}
	fputc('\n', f);

	if (r->nfindings)
		fputc('\n', f);
	/* Silenced findings come last (report_sort), under their heading. */
	for (size_t i = 0; i < r->nfindings; i++) {
		if (finding_suppressed(&r->findings[i]) && !header) {
			fputs(i ? "\nSilenced by the repository's settings:\n"
			        : "Silenced by the repository's settings:\n", f);
			header = true;
		}
		print_finding(f, &r->findings[i], color);
	}
	print_found(f, r);
	if (r->nfindings)
		fputs("\nRun 'inventaire check --explain RULE' for what a rule means.\n", f);
	return ferror(f) ? -1 : 0;
}
