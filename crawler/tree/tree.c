/*
 * tree.c - the backend-independent part of the probed tree: caching of
 * directory listings, path lookup, and symlink resolution inside the tree.
 */
#include "crawler/tree/tree.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/str.h"

/* At most this many links are followed in a row (like Linux's 40, but a
 * repository has no reason to chain more than a couple). */
#define TREE_MAX_HOPS 8

struct dir_cache {
	char *dir;
	struct tree_entry *entries;
	size_t n;
};

struct tree {
	const struct tree_ops *ops;
	void *backend;
	struct dir_cache *dirs;
	size_t ndirs;
};

int tree_new(struct tree **out, const struct tree_ops *ops, void *backend)
{
	struct tree *t = xcalloc(1, sizeof(*t));

	t->ops = ops;
	t->backend = backend;
	*out = t;
	return 0;
}

void *tree_backend(const struct tree *t)
{
	return t->backend;
}

static void entries_free(struct tree_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)v[i].path);
	free(v);
}

void tree_free(struct tree *t)
{
	if (!t)
		return;
	if (t->ops->free)
		t->ops->free(t);
	for (size_t i = 0; i < t->ndirs; i++) {
		free(t->dirs[i].dir);
		entries_free(t->dirs[i].entries, t->dirs[i].n);
	}
	free(t->dirs);
	free(t);
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct tree_entry *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

/*
 * One order for every backend. Git trees are already sorted but for
 * directories, which git compares as if suffixed by '/' ("a.c" < "a/"): an
 * insertion sort fixes those few in linear time, where qsort costs 16
 * comparisons per entry of a 50,000-entry root. Disk listings come in hash
 * order: past a few moves per entry, give up and qsort.
 */
static void sort_entries(struct tree_entry *v, size_t n)
{
	size_t moves = 0;

	for (size_t i = 1; i < n; i++) {
		struct tree_entry key = v[i];
		size_t j = i;

		while (j > 0 && strcmp(v[j - 1].name, key.name) > 0) {
			v[j] = v[j - 1];
			j--;
			if (++moves > 4 * n) {
				v[j] = key;
				qsort(v, n, sizeof(*v), entry_cmp);
				return;
			}
		}
		v[j] = key;
	}
}

/* Entries of DIR, which the caller has checked is a directory. */
static int list_cached(const struct tree_entry **out, size_t *n,
                       struct tree *t, const char *dir)
{
	struct tree_entry *v = NULL;
	size_t nv = 0;
	int err;

	for (size_t i = 0; i < t->ndirs; i++)
		if (!strcmp(t->dirs[i].dir, dir)) {
			*out = t->dirs[i].entries;
			*n = t->dirs[i].n;
			return 0;
		}
	if ((err = t->ops->list(&v, &nv, t, dir)) < 0)
		return err;
	sort_entries(v, nv);
	t->dirs = xrealloc(t->dirs, (t->ndirs + 1) * sizeof(*t->dirs));
	t->dirs[t->ndirs].dir = xstrdup(dir);
	t->dirs[t->ndirs].entries = v;
	t->dirs[t->ndirs].n = nv;
	t->ndirs++;
	*out = v;
	*n = nv;
	return 0;
}

int tree_list(const struct tree_entry **out, size_t *n, struct tree *t,
              const char *dir)
{
	if (*dir) {
		const struct tree_entry *e;
		int err = tree_lookup(&e, t, dir);
		if (err < 0)
			return err;
		if (e->kind != TREE_DIR)
			return error_set(ERROR_NOTDIR, "%s is not a directory", dir);
	}
	return list_cached(out, n, t, dir);
}

int tree_lookup(const struct tree_entry **out, struct tree *t,
                const char *path)
{
	const char *slash = strrchr(path, '/');
	const struct tree_entry *v, *hit;
	struct tree_entry key;
	size_t n;
	char *dir;
	int err;

	if (!*path || path[0] == '/')
		return error_set(ERROR_NOTFOUND, "invalid path '%s'", path);
	dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
	err = tree_list(&v, &n, t, dir);
	free(dir);
	if (err < 0)
		return err == ERROR_NOTDIR ? ERROR_NOTFOUND : err;
	key.name = slash ? slash + 1 : path;
	hit = n ? bsearch(&key, v, n, sizeof(*v), entry_cmp) : NULL;
	if (!hit)
		return error_set(ERROR_NOTFOUND, "%s: not found", path);
	*out = hit;
	return 0;
}

/*
 * Join the link's directory and its TARGET, resolving "." and "..".
 * NULL when the result leaves the tree (absolute, or above the root).
 */
static char *link_join(const char *link_path, const char *target, size_t len)
{
	const char *slash = strrchr(link_path, '/');
	struct buf b = BUF_INIT;
	const char *p, *end = target + len;

	if (len == 0 || target[0] == '/' || memchr(target, '\0', len))
		return NULL;
	if (slash)
		buf_add(&b, link_path, (size_t)(slash - link_path));
	for (p = target; p < end;) {
		const char *q = memchr(p, '/', (size_t)(end - p));
		size_t n = q ? (size_t)(q - p) : (size_t)(end - p);

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* "a//b" or "./": nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *up;
			if (b.len == 0) {
				buf_free(&b);
				return NULL;
			}
			up = strrchr(b.data, '/');
			b.len = up ? (size_t)(up - b.data) : 0;
			b.data[b.len] = '\0';
		} else {
			if (b.len)
				buf_addc(&b, '/');
			buf_add(&b, p, n);
		}
		p += n + (q != NULL);
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;  /* the root itself is not a file */
	}
	return buf_detach(&b);
}

int tree_resolve(const struct tree_entry **out, struct tree *t,
                 const struct tree_entry *link)
{
	const struct tree_entry *e = link;

	for (int hop = 0; e->kind == TREE_LINK; hop++) {
		struct blob target;
		char *path;
		int err;

		if (hop == TREE_MAX_HOPS)
			return error_set(ERROR_LOOP, "%s: more than %d symbolic links "
			                 "in a row", link->path, TREE_MAX_HOPS);
		if ((err = t->ops->read(&target, t, e, 4096)) < 0)
			return err;
		path = target.truncated ? NULL
		                        : link_join(e->path, target.data, target.len);
		if (!path) {
			char *shown = str_printable(target.data, target.len);
			error_set(ERROR_LOOP, "%s is a symbolic link to '%s', outside "
			          "the repository; it is not followed", e->path, shown);
			free(shown);
			blob_free(&target);
			return ERROR_LOOP;
		}
		blob_free(&target);
		err = tree_lookup(&e, t, path);
		if (err < 0) {
			error_set(err, "%s is a symbolic link to %s, which does not "
			          "exist", link->path, path);
			free(path);
			return err;
		}
		free(path);
	}
	*out = e;
	return 0;
}

int tree_read(struct blob *out, struct tree *t, const struct tree_entry *e,
              size_t cap)
{
	int err;

	memset(out, 0, sizeof(*out));
	if (e->kind == TREE_LINK && (err = tree_resolve(&e, t, e)) < 0)
		return err;
	if (e->kind != TREE_FILE)
		return error_set(ERROR_ISDIR, "%s is a %s, not a file", e->path,
		                 e->kind == TREE_DIR ? "directory" :
		                 e->kind == TREE_SUBMODULE ? "submodule" :
		                 "special file");
	return t->ops->read(out, t, e, cap);
}

int tree_prefetch(struct tree *t, const char *const *paths, size_t n)
{
	return t->ops->prefetch ? t->ops->prefetch(t, paths, n) : 0;
}

void blob_free(struct blob *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

static int empty_list(struct tree_entry **out, size_t *n, struct tree *t,
                      const char *dir)
{
	*out = NULL;
	*n = 0;
	return 0;
}

static int empty_read(struct blob *out, struct tree *t,
                      const struct tree_entry *e, size_t cap)
{
	return error_set(ERROR_NOTFOUND, "%s: not found", e->path);
}

static const struct tree_ops empty_ops = {
	.list = empty_list,
	.read = empty_read,
};

int tree_open_empty(struct tree **out)
{
	return tree_new(out, &empty_ops, NULL);
}
