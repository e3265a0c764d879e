/*
 * tree.h - the probed tree of one repository: what the checks read.
 *
 * A tree is one snapshot (the tree of a commit, or a directory on disk).
 * Checks list directories and read blobs through it, never through the file
 * system or libgit2 directly, so that `check` on a clone, `check --worktree`,
 * and the crawl's remote probe give the same verdict from the same code.
 *
 * Directories are listed lazily: a check that never looks into `src/` costs
 * nothing for it, and a remote tree fetches only what the checks read.
 * Every blob read is capped; repository contents are untrusted.
 */
#ifndef INVENTAIRE_TREE_H
#define INVENTAIRE_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tree_kind {
	TREE_FILE,       /* a regular (or executable) file */
	TREE_DIR,        /* a directory / subtree */
	TREE_LINK,       /* a symbolic link; its target is read with tree_read */
	TREE_SUBMODULE,  /* a gitlink: a commit of another repository */
	TREE_OTHER,      /* a device, FIFO, socket... on disk */
};

struct tree_entry {
	const char *path;   /* repository-relative, '/'-separated, as stored */
	const char *name;   /* last component of path */
	enum tree_kind kind;
	/* Bytes when the listing gives it cheaply, else 0: a listing never
	 * costs one stat or object header per entry (50,000-file roots). */
	uint64_t size;
	char oid[41];       /* hex object id in git, "" on disk */
};

/* What tree_read returns. DATA is NUL-terminated and owned by the caller. */
struct blob {
	char *data;
	size_t len;
	uint64_t size;      /* the entry's full size */
	/* The entry is bigger than the cap. DATA then holds at most its head,
	 * possibly nothing: git cannot give the head of a packed object without
	 * inflating all of it, which is what the cap is there to avoid. */
	bool truncated;
};

struct tree;

/* Backend operations; a backend may leave prefetch NULL. */
struct tree_ops {
	/* Fill *OUT with the entries of directory DIR ("" for the root). */
	int (*list)(struct tree_entry **out, size_t *n, struct tree *t,
	            const char *dir);
	/* Read at most CAP bytes of E. */
	int (*read)(struct blob *out, struct tree *t, const struct tree_entry *e,
	            size_t cap);
	/* Hint: these paths are about to be read (a remote probe batches). */
	int (*prefetch)(struct tree *t, const char *const *paths, size_t n);
	void (*free)(struct tree *t);
};

/*
 * Errors are lib/error.h codes, with a message naming the path
 * (error_last()): ERROR_NOTFOUND no such entry or directory, ERROR_IO the
 * backend could not read, ERROR_NOTDIR listing what is not a directory,
 * ERROR_LOOP too many links or a link leaving the tree, ERROR_ISDIR
 * reading what is not a file; a remote tree passes on its fetch's error.
 */

/* Default cap for one blob read: licence texts and READMEs are far below. */
#define TREE_BLOB_CAP (1024 * 1024)

int tree_new(struct tree **out, const struct tree_ops *ops, void *backend);
void *tree_backend(const struct tree *t);
void tree_free(struct tree *t);

/*
 * Entries of directory DIR ("" is the root), sorted by name (bytewise).
 * The array is owned by the tree and stays valid until tree_free.
 */
int tree_list(const struct tree_entry **out, size_t *n, struct tree *t,
              const char *dir);

/* The entry at PATH, or ERROR_NOTFOUND. Lists the parents as needed. */
int tree_lookup(const struct tree_entry **out, struct tree *t,
                const char *path);

/*
 * Read at most CAP bytes of file E. A link is followed (within the tree only,
 * at most 8 hops: ERROR_LOOP otherwise); a directory, a submodule or
 * anything but a file gives ERROR_ISDIR.
 */
int tree_read(struct blob *out, struct tree *t, const struct tree_entry *e,
              size_t cap);

/*
 * Resolve a link entry inside the tree: *OUT is the final non-link entry.
 * A target that leaves the tree (absolute, or too many "..") is ERROR_LOOP.
 */
int tree_resolve(const struct tree_entry **out, struct tree *t,
                 const struct tree_entry *link);

int tree_prefetch(struct tree *t, const char *const *paths, size_t n);

void blob_free(struct blob *b);

/* Open the tree of a directory on disk (no git); never follows links out. */
int tree_open_dir(struct tree **out, const char *dir);

/* The tree of a commit in REPO. REPO must outlive the tree; ROOT is
 * duplicated. Both are libgit2 types (git_repository, git_tree). */
struct git_repository;
struct git_tree;
int tree_open_git(struct tree **out, struct git_repository *repo,
                  const struct git_tree *root);
/* An empty tree: a repository with no commits still gets checked. */
int tree_open_empty(struct tree **out);

#endif
