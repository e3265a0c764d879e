/*
 * tree_dir.c - a directory on disk as a tree: a plain directory without git,
 * or a work tree with --worktree. The `.git` entry is not part of the tree.
 * Links are listed as links and resolved by tree.c inside the tree, so a
 * README linking to /etc/passwd is never followed.
 */
#include "crawler/tree/tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/error.h"

struct dir_backend {
	char *root;
};

static enum tree_kind kind_of_mode(mode_t mode)
{
	if (S_ISREG(mode))
		return TREE_FILE;
	if (S_ISDIR(mode))
		return TREE_DIR;
	if (S_ISLNK(mode))
		return TREE_LINK;
	return TREE_OTHER;
}

static int dir_list(struct tree_entry **out, size_t *n, struct tree *t,
                    const char *dir)
{
	struct dir_backend *b = tree_backend(t);
	char *full = *dir ? xasprintf("%s/%s", b->root, dir) : xstrdup(b->root);
	struct tree_entry *v = NULL;
	size_t nv = 0, cap = 0, dlen = strlen(dir);
	struct dirent *d;
	DIR *dp;

	if (!(dp = opendir(full))) {
		int e = errno;

		error_errno(e, "%s", full);
		free(full);
		return e == ENOENT ? ERROR_NOTFOUND : ERROR_IO;
	}
	while ((d = readdir(dp))) {
		struct tree_entry *e;
		enum tree_kind kind;

		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..") ||
		    (!*dir && !strcmp(d->d_name, ".git")))
			continue;
		/* d_type avoids one lstat per entry: 50,000-file roots. */
		switch (d->d_type) {
		case DT_REG: kind = TREE_FILE; break;
		case DT_DIR: kind = TREE_DIR; break;
		case DT_LNK: kind = TREE_LINK; break;
		case DT_UNKNOWN: {
			struct stat st;
			char *p = xasprintf("%s/%s", full, d->d_name);
			kind = lstat(p, &st) == 0 ? kind_of_mode(st.st_mode) : TREE_OTHER;
			free(p);
			break;
		}
		default: kind = TREE_OTHER; break;
		}
		if (nv == cap) {
			cap = cap ? 2 * cap : 64;
			v = xrealloc(v, cap * sizeof(*v));
		}
		e = &v[nv++];
		memset(e, 0, sizeof(*e));
		e->path = dlen ? xasprintf("%s/%s", dir, d->d_name) : xstrdup(d->d_name);
		e->name = e->path + (dlen ? dlen + 1 : 0);
		e->kind = kind;
	}
	closedir(dp);
	free(full);
	*out = v;
	*n = nv;
	return 0;
}

static int dir_read(struct blob *out, struct tree *t,
                    const struct tree_entry *e, size_t cap)
{
	struct dir_backend *b = tree_backend(t);
	char *full = xasprintf("%s/%s", b->root, e->path);
	struct stat st;
	size_t want, got = 0;
	int fd, err = 0;

	memset(out, 0, sizeof(*out));
	if (e->kind == TREE_LINK) {
		char *target = xmalloc(cap + 1);
		ssize_t n = readlink(full, target, cap + 1);
		if (n < 0) {
			error_errno(errno, "%s", full);
			free(target);
			free(full);
			return ERROR_IO;
		}
		out->truncated = (size_t)n > cap;
		out->len = out->truncated ? cap : (size_t)n;
		out->size = (uint64_t)n;
		target[out->len] = '\0';
		out->data = target;
		free(full);
		return 0;
	}
	/* O_NOFOLLOW: the entry was listed as a file; if it became a link
	 * since, refuse rather than follow it out of the tree. O_NONBLOCK: a
	 * FIFO swapped in must not hang us. */
	fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		error_set(ERROR_IO, "%s: %s", full,
		          fd < 0 ? strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		free(full);
		return ERROR_IO;
	}
	out->size = (uint64_t)st.st_size;
	want = (uint64_t)st.st_size > cap ? cap : (size_t)st.st_size;
	out->data = xmalloc(want + 1);
	while (got < want) {
		ssize_t n = read(fd, out->data + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_errno(errno, "%s", full);
			err = ERROR_IO;
			break;
		}
		if (n == 0)
			break;  /* shrank while we read it */
		got += (size_t)n;
	}
	close(fd);
	free(full);
	if (err) {
		blob_free(out);
		return err;
	}
	out->data[got] = '\0';
	out->len = got;
	out->truncated = (uint64_t)st.st_size > cap;
	return 0;
}

static void dir_backend_free(struct tree *t)
{
	struct dir_backend *b = tree_backend(t);

	free(b->root);
	free(b);
}

static const struct tree_ops dir_ops = {
	.list = dir_list,
	.read = dir_read,
	.free = dir_backend_free,
};

int tree_open_dir(struct tree **out, const char *dir)
{
	struct dir_backend *b = xcalloc(1, sizeof(*b));
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	b->root = xstrndup(dir, n);
	return tree_new(out, &dir_ops, b);
}
