/*
 * report_text.c - the report for people: a verdict first, then each finding
 * with its fix, then what was found. Colour only when asked (a terminal,
 * NO_COLOR unset), decided by the caller.
 */
#include "output/report_out.h"

#include <string.h>

#include "lib/i18n.h"

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


static void print_found(FILE *f, const struct report *r)
{
	const struct report_license *lic = &r->license;
	const struct report_publiccode *pc = &r->publiccode;
	const struct report_community *com = &r->community;

	fputs(_("\nFound:\n"), f);
	fprintf(f, _("  licence      %s"), or(lic->spdx, _("(not identified)")));
	for (size_t i = 0; i < lic->nfiles; i++)
		fprintf(f, "%s%s", i ? ", " : _("  files: "),
		        or(lic->files[i].path, "?"));
	fputc('\n', f);
	fprintf(f, _("  README       %s\n"), or(r->readme.path, _("none")));
	fprintf(f, _("  publiccode   %s%s\n"), or(pc->path, _("none")),
	        pc->valid == TRI_TRUE ? _(" (valid)") :
	        pc->valid == TRI_FALSE ? _(" (invalid)") : "");
	if (com->present)
		fprintf(f, _("  community    contributing: %s, changelog: %s, "
		             "code_of_conduct: %s, security: %s\n"),
		        or(com->contributing, _("none")),
		        or(com->changelog, _("none")),
		        or(com->code_of_conduct, _("none")),
		        or(com->security, _("none")));
}

/* What a setting did to X, on a line of its own. */
static void setting_line(FILE *f, const struct finding *x, bool color)
{
	const struct finding_setting *s = x->setting;

	fprintf(f, "        %s", color ? DIM : "");
	if (s->off)
		fprintf(f, _("silenced by %s:%u: %s"), s->path ? s->path : "?",
		        s->line, or(s->reason, ""));
	else
		fprintf(f, _("level set by %s:%u (was %s): %s"),
		        s->path ? s->path : "?", s->line, level_name(s->from),
		        or(s->reason, ""));
	if (s->until)
		fprintf(f, _(" (until %s)"), s->until);
	fprintf(f, "%s\n", color ? RESET : "");
}

static void print_finding(FILE *f, const struct finding *x, bool color)
{
	fprintf(f, "%s%-7s%s %s", color ? level_color(x->level) : "",
	        level_name(x->level), color ? RESET : "", x->rule);
	if (x->path) {
		fprintf(f, "  %s", x->path);
		if (x->line)
			fprintf(f, ":%u:%u", x->line, x->column);
	}
	fprintf(f, "\n        %s\n", finding_message(x));
	if (x->fix && !finding_suppressed(x))
		fprintf(f, "        %s%s%s %s\n", color ? DIM : "", _("fix:"),
		        color ? RESET : "", finding_fix(x));
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
	        color ? (fail ? RED : GREEN) : "", fail ? _("FAIL") : _("PASS"));
	if (color)
		fputs(RESET, f);
	fprintf(f, P_("%zu error", "%zu errors", count[LEVEL_ERROR]),
	        count[LEVEL_ERROR]);
	fputs(", ", f);
	fprintf(f, P_("%zu warning", "%zu warnings", count[LEVEL_WARNING]),
	        count[LEVEL_WARNING]);
	fputs(", ", f);
	fprintf(f, P_("%zu note", "%zu notes", count[LEVEL_INFO]),
	        count[LEVEL_INFO]);
	if (silenced)
		fprintf(f, P_(", %zu silenced", ", %zu silenced", silenced),
		        silenced);
	fprintf(f, _(" in %s"), path);
	if (branch || head)
		fprintf(f, " (%s%s%.7s)", branch ? branch : _("detached HEAD"),
		        head ? _(" at ") : "", head ? head : "");
	fputc('\n', f);

	if (r->nfindings)
		fputc('\n', f);
	/* Silenced findings come last (report_sort), under their heading. */
	for (size_t i = 0; i < r->nfindings; i++) {
		if (finding_suppressed(&r->findings[i]) && !header) {
			fputs(i ? "\n" : "", f);
			fputs(_("Silenced by the repository's settings:\n"), f);
			header = true;
		}
		print_finding(f, &r->findings[i], color);
	}
	print_found(f, r);
	if (r->nfindings)
		fputs(_("\nRun 'inventaire check --explain RULE' for what a rule "
		        "means.\n"), f);
	return ferror(f) ? -1 : 0;
}
