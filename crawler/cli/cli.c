/* cli.c - shared command-line helpers. */
#include "crawler/cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "lib/str.h"

/* "inventaire[ CMD]: MESSAGE[ TAIL]" on stderr, the message made safe for
 * a terminal: it quotes forge answers, URLs and file names. FMT is
 * translated (lib/i18n.h) before it is formatted. */
static void say(const char *cmd, const char *tail, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void say(const char *cmd, const char *tail, const char *fmt, va_list ap)
{
	char *raw = xvasprintf(_(fmt), ap);
	char *msg = str_printable(raw, strlen(raw));

	fprintf(stderr, "inventaire%s%s: %s%s\n", cmd ? " " : "", cmd ? cmd : "",
	        msg, tail ? tail : "");
	free(msg);
	free(raw);
}

/* Both translate FMT (lib/i18n.h) before they format it. */
int cli_usage(const char *cmd, const char *fmt, ...)
{
	char *tail = xasprintf(_(" (see 'inventaire %s --help')"), cmd);
	va_list ap;

	va_start(ap, fmt);
	say(cmd, tail, fmt, ap);
	va_end(ap);
	free(tail);
	return EXIT_USAGE;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(NULL, NULL, fmt, ap);
	va_end(ap);
}

bool cli_color(FILE *f)
{
	const char *no = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (no && *no)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(f));
}

int cli_output_open(struct cli_output *out, const char *path)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (!path || !strcmp(path, "-")) {
		out->f = stdout;
		return 0;
	}
	if ((rc = atomic_file_open(&out->file, path)) < 0) {
		cli_error("%s", error_last());
		return rc;
	}
	out->f = out->file.f;
	return 0;
}

int cli_output_close(struct cli_output *out, bool discard)
{
	int rc = 0;

	if (!out->f)
		return 0;
	if (out->f == stdout) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			rc = error_errno(errno ? errno : EIO, "standard output");
			cli_error("%s", error_last());
		}
	} else if (discard) {
		atomic_file_abort(&out->file);
	} else if ((rc = atomic_file_commit(&out->file)) < 0) {
		cli_error("%s", error_last());
	}
	memset(out, 0, sizeof(*out));
	return rc;
}

int cli_load_lists(struct accounts *accounts, struct actors *actors,
                   bool *have_actors, const char *config,
                   const char *actors_path)
{
	char today[16];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	*have_actors = false;
	if (accounts_load(accounts, config, today) < 0) {
		cli_error("%s", error_last());
		return -1;
	}
	if (actors_path || !config) {
		if (actors_load(actors, actors_path) < 0) {
			cli_error("%s", error_last());
			accounts_clear(accounts);
			return -1;
		}
		*have_actors = true;
	}
	return 0;
}
