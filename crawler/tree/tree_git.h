/*
 * tree_git.h - what the git-backed trees share (tree_git.c reads a local
 * repository, tree_remote.c the remote probe's partial cache): turning a
 * git tree into entries, and reading a blob with the cap.
 */
#ifndef INVENTAIRE_TREE_GIT_H
#define INVENTAIRE_TREE_GIT_H

#include <git2.h>

#include "crawler/tree/tree.h"

/* Set error CODE with the message "WHAT: <libgit2's last message>";
 * returns CODE. */
int tree_git_error(int code, const char *what);

/* The entries of TREE, found at DIR ("" for the root); *N of them. */
struct tree_entry *tree_git_entries(size_t *n, const git_tree *tree,
                                    const char *dir);

/*
 * Read the blob of E from ODB, at most CAP bytes: a bigger blob is not
 * inflated (*OUT is empty and truncated), since git cannot give the head of
 * a packed object without inflating all of it.
 */
int tree_git_read_blob(struct blob *out, git_odb *odb,
                       const struct tree_entry *e, size_t cap);

#endif
