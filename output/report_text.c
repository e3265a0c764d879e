/*
 * report_text.c - the report for people: a verdict first, then each finding
 * with its fix, then what was found. Colour only when asked (a terminal,
 * NO_COLOR unset), decided by the caller.
 */
#include "output/report_out.h"

#include <string.h>

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

static const char *str_or(const json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : dflt;
}

static void plural(FILE *f, size_t n, const char *one, const char *many)
{
	fprintf(f, "%zu %s", n, n == 1 ? one : many);
}

static void print_found(FILE *f, const struct report *r)
{
	json_t *lic = json_object_get(r->sections, "license");
	json_t *files = json_object_get(lic, "files");
	json_t *pc = json_object_get(r->sections, "publiccode");
	json_t *com = json_object_get(r->sections, "community");
	json_t *spdx = json_object_get(lic, "spdx");
	json_t *valid = json_object_get(pc, "valid");
	size_t i;
	json_t *v;

	fputs("\nFound:\n", f);
	fprintf(f, "  licence      %s", json_is_string(spdx)
	        ? json_string_value(spdx) : "(not identified)");
	json_array_foreach(files, i, v)
		fprintf(f, "%s%s", i ? ", " : "  files: ",
		        str_or(v, "path", "?"));
	fputc('\n', f);
	fprintf(f, "  README       %s\n",
	        str_or(json_object_get(r->sections, "readme"), "path", "none"));
	fprintf(f, "  publiccode   %s%s\n", str_or(pc, "path", "none"),
	        json_is_true(valid) ? " (valid)" :
	        json_is_false(valid) ? " (invalid)" : "");
	if (com) {
		static const char *const keys[] = {
			"contributing", "changelog", "code_of_conduct", "security",
		};
		fputs("  community    ", f);
		for (i = 0; i < 4; i++)
			fprintf(f, "%s%s: %s", i ? ", " : "", keys[i],
			        str_or(com, keys[i], "none"));
		fputc('\n', f);
	}
}

int report_write_text(FILE *f, const struct report *r, int fail_on, bool color)
{
	const char *path = str_or(r->repository, "path",
	                          str_or(r->repository, "url", "."));
	const char *branch = str_or(r->repository, "branch", NULL);
	const char *head = str_or(r->repository, "head", NULL);
	size_t count[3] = { 0, 0, 0 };
	bool fail = report_max_level(r) >= fail_on;

	for (size_t i = 0; i < r->nfindings; i++)
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
	fprintf(f, " in %s", path);
	if (branch || head)
		fprintf(f, " (%s%s%.7s)", branch ? branch : "detached HEAD",
		        head ? " at " : "", head ? head : "");
	fputc('\n', f);

	if (r->nfindings)
		fputc('\n', f);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *x = &r->findings[i];

		fprintf(f, "%s%-7s%s %s", color ? level_color(x->level) : "",
		        level_name(x->level), color ? RESET : "", x->rule);
		if (x->path) {
			fprintf(f, "  %s", x->path);
			if (x->line)
				fprintf(f, ":%u:%u", x->line, x->column);
		}
		fprintf(f, "\n        %s\n", x->message);
		if (x->fix)
			fprintf(f, "        %sfix:%s %s\n", color ? DIM : "",
			        color ? RESET : "", x->fix);
	}
	print_found(f, r);
	if (r->nfindings)
		fputs("\nRun 'inventaire check --explain RULE' for what a rule means.\n", f);
	return ferror(f) ? -1 : 0;
}
