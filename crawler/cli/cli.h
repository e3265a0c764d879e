/*
 * cli.h - what every subcommand shares: exit codes, usage errors, colour,
 * logging to stderr, and writing data to stdout or -o FILE.
 */
#ifndef INVENTAIRE_CLI_H
#define INVENTAIRE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "config/config.h"
#include "lib/file.h"

/* Exit codes (README.md, "Exit codes"). */
enum {
	EXIT_OK = 0,
	EXIT_FINDINGS = 1,   /* findings at or above --fail-on */
	EXIT_USAGE = 2,      /* usage or configuration error */
	EXIT_PARTIAL = 3,    /* partial crawl */
	EXIT_FATAL = 4,      /* nothing could be done / written */
	EXIT_TOO_MANY_FAILED = 5,  /* crawl: more accounts failed than
	                              --max-failed allows */
};

/*
 * Print "inventaire CMD: MESSAGE (see 'inventaire CMD --help')", one line,
 * to stderr.
 * Returns EXIT_USAGE, so callers write `return cli_usage(...)`.
 */
int cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "inventaire: " + message on stderr, for errors and warnings. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Colour on F only when it is a terminal, NO_COLOR is unset or empty
 * (https://no-color.org), and TERM is not "dumb". */
bool cli_color(FILE *f);

/*
 * Where data goes: stdout (PATH NULL or "-"), or PATH replaced atomically
 * (lib/file.h: the folder is synced too), so a failure never leaves a
 * half-written file. Write to OUT->f.
 */
struct cli_output {
	FILE *f;
	struct atomic_file file;
};
/* 0, or a negative code (lib/error.h) after printing what failed. */
int cli_output_open(struct cli_output *out, const char *path);
/* 0, or a negative code after printing what failed. DISCARD drops the
 * file (the old one, if any, stays). */
int cli_output_close(struct cli_output *out, bool discard);

/*
 * The lists a crawl read, loaded as `inventaire crawl` loads them: CONFIG
 * (NULL: the embedded accounts list) and ACTORS (NULL: the embedded ones
 * with the embedded list, none with CONFIG; *HAVE_ACTORS says). 0, or -1
 * after printing what is wrong (exit with EXIT_USAGE). For the commands
 * that read a crawl's output folder back (report, merge).
 */
int cli_load_lists(struct accounts *accounts, struct actors *actors,
                   bool *have_actors, const char *config,
                   const char *actors_path);

#endif
