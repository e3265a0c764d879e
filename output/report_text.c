/*
 * report_text.c - the report for people: a verdict first, then each finding
 * with its fix, then what was found. Colour only when asked (a terminal,
 * NO_COLOR unset), decided by the caller.
 */
#include "output/report_out.h"

#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
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

/* Escaped copies of untrusted text (lib/str.h): file names, forge answers
 * and finding messages must not clear the reader's screen or forge a line.
 * Each printing function keeps its copies here and frees them at its end. */
struct esc {
	char *s[8];
	size_t n;
};

static const char *esc(struct esc *e, const char *s)
{
	if (e->n == sizeof e->s / sizeof *e->s)
		return "?";
	return e->s[e->n++] = str_printable(s, strlen(s));
}

static void esc_free(struct esc *e)
{
	while (e->n)
		free(e->s[--e->n]);
}

static void print_found(FILE *f, const struct report *r)
{
	const struct report_license *lic = &r->license;
	const struct report_publiccode *pc = &r->publiccode;
	const struct report_community *com = &r->community;
	struct esc e = { .n = 0 };

	fputs(_("\nFound:\n"), f);
	fprintf(f, _("  licence      %s"),
	        esc(&e, or(lic->spdx, _("(not identified)"))));
	for (size_t i = 0; i < lic->nfiles; i++) {
		fprintf(f, "%s%s", i ? ", " : _("  files: "),
		        esc(&e, or(lic->files[i].path, "?")));
		esc_free(&e);
	}
	fputc('\n', f);
	fprintf(f, _("  README       %s\n"), esc(&e, or(r->readme.path, _("none"))));
	fprintf(f, _("  publiccode   %s%s\n"), esc(&e, or(pc->path, _("none"))),
	        pc->valid == TRI_TRUE ? _(" (valid)") :
	        pc->valid == TRI_FALSE ? _(" (invalid)") : "");
	if (com->present)
		fprintf(f, _("  community    contributing: %s, changelog: %s, "
		             "code_of_conduct: %s, security: %s\n"),
		        esc(&e, or(com->contributing, _("none"))),
		        esc(&e, or(com->changelog, _("none"))),
		        esc(&e, or(com->code_of_conduct, _("none"))),
		        esc(&e, or(com->security, _("none"))));
	esc_free(&e);
}

/* What a setting did to X, on a line of its own. */
static void setting_line(FILE *f, const struct finding *x, bool color)
{
	const struct finding_setting *s = x->setting;
	struct esc e = { .n = 0 };

	fprintf(f, "        %s", color ? DIM : "");
	if (s->off)
		fprintf(f, _("silenced by %s:%u: %s"), esc(&e, or(s->path, "?")),
		        s->line, esc(&e, or(s->reason, "")));
	else
		fprintf(f, _("level set by %s:%u (was %s): %s"),
		        esc(&e, or(s->path, "?")), s->line, level_name(s->from),
		        esc(&e, or(s->reason, "")));
	if (s->until)
		fprintf(f, _(" (until %s)"), esc(&e, s->until));
	fprintf(f, "%s\n", color ? RESET : "");
	esc_free(&e);
}

static void print_finding(FILE *f, const struct finding *x, bool color)
{
	struct esc e = { .n = 0 };

	fprintf(f, "%s%-7s%s %s", color ? level_color(x->level) : "",
	        level_name(x->level), color ? RESET : "", esc(&e, x->rule));
	if (x->path) {
		fprintf(f, "  %s", esc(&e, x->path));
		if (x->line)
			fprintf(f, ":%u:%u", x->line, x->column);
	}
	fprintf(f, "\n        %s\n", esc(&e, finding_message(x)));
	if (x->fix && !finding_suppressed(x))
		fprintf(f, "        %s%s%s %s\n", color ? DIM : "", _("fix:"),
		        color ? RESET : "", esc(&e, finding_fix(x)));
	esc_free(&e);
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
	struct esc e = { .n = 0 };

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
	fprintf(f, _(" in %s"), esc(&e, path));
	if (branch || head)
		fprintf(f, " (%s%s%.7s)", branch ? esc(&e, branch) : _("detached HEAD"),
		        head ? _(" at ") : "", head ? esc(&e, head) : "");
	esc_free(&e);
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
