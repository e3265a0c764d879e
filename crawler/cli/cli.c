/* cli.c - shared command-line helpers. */
#include "crawler/cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/alloc.h"

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "inventaire %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'inventaire %s --help')\n", cmd);
	return EXIT_USAGE;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("inventaire: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
	int fd;

	memset(out, 0, sizeof(*out));
	if (!path || !strcmp(path, "-")) {
		out->f = stdout;
		return 0;
	}
	out->path = xstrdup(path);
	out->tmp = xasprintf("%s.tmp.XXXXXX", path);
	fd = mkstemp(out->tmp);
	if (fd < 0 || !(out->f = fdopen(fd, "w"))) {
		cli_error("%s: cannot write: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(out->path);
		free(out->tmp);
		memset(out, 0, sizeof(*out));
		return -errno;
	}
	return 0;
}

int cli_output_close(struct cli_output *out, bool discard)
{
	int err = 0;

	if (!out->f)
		return 0;
	if (!out->path) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			cli_error("standard output: %s", strerror(errno));
			err = -EIO;
		}
		out->f = NULL;
		return err;
	}
	if (fflush(out->f) != 0 || ferror(out->f) || fsync(fileno(out->f)) != 0)
		err = -errno ? -errno : -EIO;
	if (fclose(out->f) != 0 && !err)
		err = -errno;
	if (!err && !discard && rename(out->tmp, out->path) != 0)
		err = -errno;
	if (err)
		cli_error("%s: cannot write: %s", out->path, strerror(-err));
	if (err || discard)
		unlink(out->tmp);
	free(out->path);
	free(out->tmp);
	memset(out, 0, sizeof(*out));
	return err;
}
