/*
 * publiccode_files.c - the files publiccode.yml points at (logo,
 * screenshots, authorsFile), looked up relative to the publiccode.yml:
 * inside the repository tree for the check (read through tree.h, so the
 * same in a clone, a directory or a remote probe), beside the file on disk
 * for `inventaire validate FILE` (as the reference's parser.go does, the
 * base is the file's folder).
 */
#include "crawler/publiccode/publiccode_int.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crawler/tree/tree.h"
#include "lib/alloc.h"
#include "lib/buf.h"

/* "a/./b/../c" -> "a/c"; NULL when ".." leaves the root. */
static char *clean_path(const char *path)
{
	struct buf b = BUF_INIT;
	const char *p = path;

	buf_adds(&b, "");
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash;
			if (b.len == 0) {
				buf_free(&b);
				return NULL;
			}
			slash = strrchr(b.data, '/');
			b.len = slash ? (size_t)(slash - b.data) : 0;
			b.data[b.len] = '\0';
		} else {
			if (b.len)
				buf_addc(&b, '/');
			buf_add(&b, p, n);
		}
		p += n + (p[n] == '/');
	}
	return buf_detach(&b);
}

static enum pc_file_status in_tree(char **shown, unsigned char head[8],
                                   size_t *nhead, struct tree *t,
                                   const char *path)
{
	const struct tree_entry *e;
	struct blob b;
	char *clean = clean_path(path);

	if (!clean) {
		*shown = xstrdup(path);
		return PC_FILE_MISSING;
	}
	*shown = clean;
	if (!*clean || tree_lookup(&e, t, clean) < 0 ||
	    tree_read(&b, t, e, 8) < 0)
		return PC_FILE_MISSING;
	*nhead = b.len < 8 ? b.len : 8;
	memcpy(head, b.data, *nhead);
	blob_free(&b);
	return PC_FILE_OK;
}

static enum pc_file_status on_disk(char **shown, unsigned char head[8],
                                   size_t *nhead, const char *dir,
                                   const char *path)
{
	char *abs = realpath(dir, NULL);
	char *clean = clean_path(path);
	int fd;
	ssize_t n;

	if (clean)
		*shown = xasprintf("%s/%s", abs ? abs : dir, clean);
	else
		*shown = xasprintf("%s/%s", abs ? abs : dir, path);
	free(abs);
	free(clean);
	fd = open(*shown, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return PC_FILE_MISSING;
	n = read(fd, head, 8);
	close(fd);
	if (n < 0)
		return PC_FILE_MISSING;  /* a directory, for one */
	*nhead = (size_t)n;
	return PC_FILE_OK;
}

enum pc_file_status pc_file_lookup(char **shown, unsigned char head[8],
                                   size_t *nhead, const struct pc_opts *opts,
                                   const char *path)
{
	*nhead = 0;
	*shown = NULL;
	if (opts->tree)
		return in_tree(shown, head, nhead, opts->tree, path);
	if (opts->base_dir)
		return on_disk(shown, head, nhead, opts->base_dir, path);
	return PC_FILE_SKIPPED;
}
