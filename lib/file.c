/*
 * file.c - reading a file whole, and replacing one whole or not at all (a
 * crash never leaves a half-written feed or state file). The classic
 * recipe: a temporary in the same folder (rename(2) is atomic only within
 * one file system), fsync the data, rename over the target, fsync the
 * folder so that the new name itself survives a power cut.
 */
#include "lib/file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/buf.h"

int file_read(char **out, size_t *len, const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	int err = 0;

	if (!f)
		return -errno;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(&b, chunk, n);
		if (max && b.len > max) {
			err = -EFBIG;
			break;
		}
	}
	if (!err && ferror(f))
		err = errno ? -errno : -EIO;
	fclose(f);
	if (err) {
		buf_free(&b);
		return err;
	}
	if (len)
		*len = b.len;
	*out = buf_detach(&b);
	return 0;
}

static int fail(char **err, int e, const char *path, const char *what)
{
	if (err)
		*err = xasprintf("cannot write %s: %s: %s; the previous file, if "
		                 "any, is unchanged; check that the folder exists "
		                 "and is writable", path, what, strerror(e));
	return -e;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
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

int atomic_file_write(char **err, const char *path, const void *data,
                      size_t len)
{
	char *tmp;
	int fd, e;

	if (err)
		*err = NULL;
	if (!path || !*path)
		return fail(err, EINVAL, "(empty path)", "no file name");
	tmp = xasprintf("%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		free(tmp);
		return fail(err, e, path, "creating a temporary file");
	}
	/* mkstemp makes 0600; feeds are public files. */
	if (fchmod(fd, 0644) < 0) {
		e = errno;
		goto fail_fd;
	}
	if ((e = -write_all(fd, data, len)) != 0)
		goto fail_fd;
	if (fsync(fd) < 0) {
		e = errno;
		goto fail_fd;
	}
	if (close(fd) < 0) {
		e = errno;
		unlink(tmp);
		free(tmp);
		return fail(err, e, path, "closing the temporary file");
	}
	if (rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		free(tmp);
		return fail(err, e, path, "renaming the temporary file into place");
	}
	free(tmp);
	sync_dir(path);
	return 0;

fail_fd:
	close(fd);
	unlink(tmp);
	free(tmp);
	return fail(err, e, path, "writing the temporary file");
}
