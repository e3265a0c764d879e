/*
 * tree_remote.c - a tree backend over a partial cache repository that
 * fetches missing subtrees and blobs by id (gitprotocol-v2 "fetch" with
 * "want <oid>": v2 upload-pack serves any object it has).
 */
#include "crawler/probe/tree_remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/tree/tree_git.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/file.h"

/* Paths remembered per repository, and their length: the checks read a
 * dozen; more is a hostile or broken memory file. */
#define MAX_MEMORY 256
#define MAX_PATH_LEN 1024
/* Tree levels walked by one prefetch (LICENSES/x is 2). */
#define MAX_ROUNDS 8

struct remote_backend {
	git_repository *repo;
	git_tree *root;
	git_odb *odb;
	struct tree_remote_opts o;
	char *memory_path;
	char **read;            /* paths read, for the memory */
	size_t nread;
};


static void remember(struct remote_backend *b, const char *path)
{
	for (size_t i = 0; i < b->nread; i++)
		if (!strcmp(b->read[i], path))
			return;
	if (b->nread == MAX_MEMORY || strlen(path) > MAX_PATH_LEN)
		return;
	b->read = xrealloc(b->read, (b->nread + 1) * sizeof(*b->read));
	b->read[b->nread++] = xstrdup(path);
}

/* Make ID present in the odb, fetching it when it is not. */
static int ensure(struct tree *t, const git_oid *id, const char *path)
{
	struct remote_backend *b = tree_backend(t);

	if (git_odb_exists(b->odb, id))
		return 0;
	if (b->o.fetch(id, 1, b->o.payload) < 0)
		return error_wrap("%s: cannot fetch it", path);
	if (!git_odb_exists(b->odb, id))
		return error_set(ERROR_NOREF, "%s: cannot fetch it: the server did "
		                 "not send it", path);
	return 0;
}


static int remote_list(struct tree_entry **out, size_t *n, struct tree *t,
                       const char *dir)
{
	struct remote_backend *b = tree_backend(t);
	git_tree *sub = NULL;
	const git_tree *tree = b->root;
	struct tree_entry *v;
	size_t count;

	if (*dir) {
		git_tree_entry *te;
		git_oid id;
		char *key;
		int err;

		/* tree.c lists the parents first: they are in the odb already. */
		if (git_tree_entry_bypath(&te, b->root, dir) < 0)
			return tree_git_error(ERROR_NOTFOUND, dir);
		git_oid_cpy(&id, git_tree_entry_id(te));
		git_tree_entry_free(te);
		key = xasprintf("%s/", dir);
		remember(b, key);
		free(key);
		if ((err = ensure(t, &id, dir)) < 0)
			return err;
		if (git_tree_lookup(&sub, b->repo, &id) < 0)
			return tree_git_error(ERROR_IO, dir);
		tree = sub;
	}
	v = tree_git_entries(&count, tree, dir);
	git_tree_free(sub);
	*out = v;
	*n = count;
	return 0;
}

static int remote_read(struct blob *out, struct tree *t,
                       const struct tree_entry *e, size_t cap)
{
	struct remote_backend *b = tree_backend(t);
	git_oid oid;
	int err;

	memset(out, 0, sizeof(*out));
	if (git_oid_fromstr(&oid, e->oid) < 0)
		return tree_git_error(ERROR_IO, e->path);
	remember(b, e->path);
	if ((err = ensure(t, &oid, e->path)) < 0)
		return err;
	return tree_git_read_blob(out, b->odb, e, cap);
}

/*
 * Walk PATH ("a/b" a file, "a/b/" a directory) through the trees present.
 * 1 and *MISSING when an object on the way (or the target) is not in the
 * odb yet; 0 when all are; -1 when the path does not exist (or is a
 * submodule): nothing to fetch.
 */
static int walk(git_oid *missing, struct remote_backend *b, const char *path)
{
	git_tree *tree = NULL;
	const git_tree *cur = b->root;
	const char *p = path;
	int rc = -1;

	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		char *name = xstrndup(p, n);
		const git_tree_entry *te = git_tree_entry_byname(cur, name);
		git_tree *next = NULL;

		free(name);
		if (!te || n == 0)
			break;
		if (!git_odb_exists(b->odb, git_tree_entry_id(te))) {
			if (git_tree_entry_type(te) != GIT_OBJECT_TREE &&
			    git_tree_entry_type(te) != GIT_OBJECT_BLOB)
				break;
			git_oid_cpy(missing, git_tree_entry_id(te));
			rc = 1;
			break;
		}
		p += n + (slash != NULL);
		if (!*p) {
			rc = 0;
			break;
		}
		if (git_tree_entry_type(te) != GIT_OBJECT_TREE ||
		    git_tree_lookup(&next, b->repo, git_tree_entry_id(te)) < 0)
			break;
		git_tree_free(tree);
		tree = next;
		cur = tree;
	}
	git_tree_free(tree);
	return rc;
}

static int remote_prefetch(struct tree *t, const char *const *paths, size_t n)
{
	struct remote_backend *b = tree_backend(t);
	git_oid *ids = xcalloc(n ? n : 1, sizeof(*ids));
	int rc = 0;

	for (int round = 0; round < MAX_ROUNDS; round++) {
		size_t nids = 0;

		for (size_t i = 0; i < n; i++) {
			git_oid id;
			bool dup = false;

			if (walk(&id, b, paths[i]) != 1)
				continue;
			for (size_t k = 0; k < nids && !dup; k++)
				dup = git_oid_equal(&ids[k], &id);
			if (!dup)
				git_oid_cpy(&ids[nids++], &id);
		}
		if (nids == 0)
			break;
		if ((rc = b->o.fetch(ids, nids, b->o.payload)) < 0) {
			error_wrap("prefetch");
			break;
		}
	}
	free(ids);
	return rc;
}

/* PATH holds exactly B. Plain stdio, no error_set(): this runs as the
 * tree is freed, maybe on a failure whose message the caller reads. */
static bool same_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char *old = xmalloc(b->len + 1);
	bool same = f && fread(old, 1, b->len + 1, f) == b->len &&
	            !memcmp(old, b->data, b->len);

	if (f)
		fclose(f);
	free(old);
	return same;
}

/* Write the memory inside the cache, atomically: a crash leaves the old
 * list or the new one. Losing it only costs round trips on the next
 * probe, so it is not synced (lib/file.h cache_file_write()) and a
 * failure is not reported. The same list as the file's is not written
 * again: a file created per repository and probe is a cost of its own. */
static void memory_save(struct remote_backend *b)
{
	struct buf out = BUF_INIT;

	if (!b->memory_path || b->nread == 0)
		return;
	for (size_t i = 0; i < b->nread; i++)
		buf_addf(&out, "%s\n", b->read[i]);
	if (!same_file(b->memory_path, &out))
		cache_file_write(b->memory_path, out.data, out.len);
	buf_free(&out);
}

static void remote_free(struct tree *t)
{
	struct remote_backend *b = tree_backend(t);

	memory_save(b);
	if (b->o.payload_free)
		b->o.payload_free(b->o.payload);
	for (size_t i = 0; i < b->nread; i++)
		free(b->read[i]);
	free(b->read);
	free(b->memory_path);
	git_tree_free(b->root);
	git_odb_free(b->odb);
	free(b);
}

static const struct tree_ops remote_ops = {
	.list = remote_list,
	.read = remote_read,
	.prefetch = remote_prefetch,
	.free = remote_free,
};

int tree_open_remote(struct tree **out, git_repository *repo,
                     const git_tree *root, const struct tree_remote_opts *o)
{
	struct remote_backend *b = xcalloc(1, sizeof(*b));

	b->repo = repo;
	b->o = *o;
	b->memory_path = o->memory_path ? xstrdup(o->memory_path) : NULL;
	b->o.memory_path = NULL;
	if (git_repository_odb(&b->odb, repo) < 0 ||
	    git_tree_dup(&b->root, (git_tree *)root) < 0) {
		git_odb_free(b->odb);
		if (o->payload_free)
			o->payload_free(o->payload);
		free(b->memory_path);
		free(b);
		return tree_git_error(ERROR_GIT, "cannot open the tree of a commit");
	}
	return tree_new(out, &remote_ops, b);
}

/* A remembered path must look like one the checks read: relative, no
 * "." or ".." component, printable. The file lives in our cache, but a
 * cache is not trusted more than it must be. */
static bool path_ok(const char *s)
{
	if (!*s || *s == '/' || strlen(s) > MAX_PATH_LEN)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return false;
	return !strstr(s, "//") && strncmp(s, "../", 3) && strcmp(s, "..") &&
	       !strstr(s, "/../") && strncmp(s, "./", 2) && !strstr(s, "/./");
}

char **tree_remote_paths_load(size_t *n, const char *memory_path)
{
	char line[MAX_PATH_LEN + 2];
	char **v = NULL;
	FILE *f = fopen(memory_path, "r");

	*n = 0;
	if (!f)
		return NULL;
	while (*n < MAX_MEMORY && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!path_ok(line))
			continue;
		v = xrealloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = xstrdup(line);
	}
	fclose(f);
	return v;
}

void tree_remote_paths_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
