/*
 * tree_remote.h - the tree of a commit in a partial cache repository:
 * objects the checks touch are fetched by id when first needed, so a
 * monorepo's thousands of trees and blobs are never downloaded.
 *
 * Reads go through libgit2 exactly as tree_git.c does; a missing subtree
 * or blob is fetched through FETCH first. prefetch() batches the objects
 * of several paths into one round trip per tree level. The paths the
 * checks read are remembered in the cache repository, so that the next
 * run asks for them all at once (and only for those that changed).
 */
#ifndef INVENTAIRE_TREE_REMOTE_H
#define INVENTAIRE_TREE_REMOTE_H

#include <stddef.h>
#include <git2.h>

#include "crawler/tree/tree.h"

/* Fetch objects IDS into the repository's odb: 0, or a negative
 * lib/error.h code with error_last() saying why. */
typedef int (*tree_remote_fetch_fn)(const git_oid *ids, size_t n,
                                    void *payload);

struct tree_remote_opts {
	tree_remote_fetch_fn fetch;
	void *payload;
	void (*payload_free)(void *payload);  /* at tree_free, may be NULL */
	/* Where to remember the paths read (inside the cache), or NULL. */
	const char *memory_path;
};

/* REPO must outlive the tree; ROOT is duplicated; the payload is owned. */
int tree_open_remote(struct tree **out, git_repository *repo,
                     const git_tree *root, const struct tree_remote_opts *o);

/* The paths remembered at MEMORY_PATH ("dir/" for directories), for
 * tree_prefetch; *N is 0 when there is none. Free with tree_remote_paths_free. */
char **tree_remote_paths_load(size_t *n, const char *memory_path);
void tree_remote_paths_free(char **paths, size_t n);

#endif
