/*
 * file.c - reading a file whole, and replacing one whole or not at all (a
 * crash never leaves a half-written feed, state or report). The classic
 * recipe: a temporary in the same folder (rename(2) is atomic only within
 * one file system), fsync the data, rename over the target, fsync the
 * folder so that the new name itself survives a power cut.
 */
#include "lib/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/i18n.h"

int file_read(char **out, size_t *len, const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	int e = 0;

	if (!f)
		return error_errno(errno, "%s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(&b, chunk, n);
		if (max && b.len > max) {
			e = EFBIG;
			break;
		}
	}
	if (!e && ferror(f))
		e = errno ? errno : EIO;
	fclose(f);
	if (e) {
		buf_free(&b);
		if (e == EFBIG)
			return error_set(ERROR_TOOBIG, "%s: larger than %zu bytes",
			                 path, max);
		return error_errno(e, "%s", path);
	}
	if (len)
		*len = b.len;
	*out = buf_detach(&b);
	return 0;
}

static int fail(int e, const char *path, const char *what)
{
	/* error_errno() picks the code errno E maps to; the message is ours. */
	int code = error_errno(e, "%s", path);

	return error_set(code, "cannot write %s: %s: %s; the previous file, if "
	                 "any, is unchanged; check that the folder exists and is "
	                 "writable", path, _(what), strerror(e));
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			return EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Best effort: some file systems cannot fsync a folder (EINVAL); the file
 * is in place either way. */
static void sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

static void release(struct atomic_file *af)
{
	free(af->path);
	free(af->tmp);
	memset(af, 0, sizeof(*af));
}

int atomic_file_open(struct atomic_file *af, const char *path)
{
	int fd, e;

	memset(af, 0, sizeof(*af));
	if (!path || !*path)
		return fail(EINVAL, _("(empty path)"), "no file name");
	af->tmp = xasprintf("%s.tmp.XXXXXX", path);
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		e = errno;
		release(af);
		return fail(e, path, "creating a temporary file");
	}
	/* mkstemp makes 0600; feeds and reports are public files. */
	if (fchmod(fd, 0644) < 0 || !(af->f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		unlink(af->tmp);
		release(af);
		return fail(e, path, "writing the temporary file");
	}
	af->path = xstrdup(path);
	return 0;
}

void atomic_file_abort(struct atomic_file *af)
{
	if (!af->f)
		return;
	fclose(af->f);
	unlink(af->tmp);
	release(af);
}

int atomic_file_commit(struct atomic_file *af)
{
	char *path = af->path;
	const char *what = "writing the temporary file";
	int e = af->err;

	if (!af->f)
		return error_set(ERROR_INVALID, "atomic_file_commit: no file open");
	errno = 0;
	if (!e && (fflush(af->f) != 0 || ferror(af->f) ||
	           fsync(fileno(af->f)) != 0))
		e = errno ? errno : EIO;
	errno = 0;
	if (fclose(af->f) != 0 && !e) {
		e = errno ? errno : EIO;
		what = "closing the temporary file";
	}
	af->f = NULL;
	if (!e && rename(af->tmp, path) != 0) {
		e = errno;
		what = "renaming the temporary file into place";
	}
	if (e) {
		unlink(af->tmp);
		af->path = NULL;
		release(af);
		e = fail(e, path, what);
		free(path);
		return e;
	}
	sync_dir(path);
	release(af);
	return 0;
}

int atomic_file_write(const char *path, const void *data, size_t len)
{
	struct atomic_file af;
	int rc;

	if ((rc = atomic_file_open(&af, path)) < 0)
		return rc;
	/* Straight to the descriptor: nothing is buffered in af.f yet, and
	 * write(2)'s errno is the one to report. */
	af.err = write_all(fileno(af.f), data, len);
	return atomic_file_commit(&af);
}

/* atomic_file_write() without its two fsync(2)s, which a cache written
 * for each repository of a crawl (crawler/probe/tree_remote.c) paid for
 * nothing: its loss costs round trips, not data. */
int cache_file_write(const char *path, const void *data, size_t len)
{
	struct atomic_file af;
	int rc, e;

	if ((rc = atomic_file_open(&af, path)) < 0)
		return rc;
	e = write_all(fileno(af.f), data, len);
	if (fclose(af.f) != 0 && !e)
		e = errno ? errno : EIO;
	af.f = NULL;
	if (!e && rename(af.tmp, af.path) != 0)
		e = errno;
	if (e) {
		unlink(af.tmp);
		rc = fail(e, path, "writing the temporary file");
	}
	release(&af);
	return rc;
}

/* NAME is one of atomic_file_open()'s temporaries: "X.tmp." then the six
 * characters mkstemp(3) puts for XXXXXX. */
static bool is_temporary(const char *name)
{
	size_t n = strlen(name);

	if (n < 12 || strncmp(name + n - 11, ".tmp.", 5))
		return false;
	for (size_t i = n - 6; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return false;
	return true;
}

int atomic_file_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return errno == ENOENT ? 0 : error_errno(errno, "%s", dir);
	while ((e = readdir(d))) {
		struct stat st;
		char *path;

		if (!is_temporary(e->d_name))
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    unlink(path) < 0 && errno != ENOENT && rc == 0)
			rc = error_errno(errno, "%s: cannot remove a temporary left "
			                 "by an interrupted write", path);
		free(path);
	}
	closedir(d);
	return rc;
}
