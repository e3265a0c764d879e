/*
 * probe.h - get the tree the checks read.
 *
 * Local: a git repository (work tree, any subdirectory of one, or bare) is
 * read at HEAD with libgit2, never checked out; --worktree reads the files on
 * disk; a plain directory is read from disk. The crawl's remote probe will
 * produce the same struct tree from a cache object database.
 */
#ifndef INVENTAIRE_PROBE_H
#define INVENTAIRE_PROBE_H

#include <stdbool.h>

#include "report.h"
#include "tree.h"

struct probe {
	struct tree *tree;
	struct git_repository *repo;  /* NULL for a plain directory */
};

#define PROBE_ENOENT  (-2)    /* the path does not exist */
#define PROBE_EACCES  (-13)   /* the path cannot be read */
#define PROBE_EUSAGE  (-22)   /* e.g. --worktree on a bare repository */
#define PROBE_EGIT    (-5)    /* git could not read the repository */

/*
 * Open PATH. Fills R's "repository" object ({"path", "head", "branch",
 * "source"}) and adds findings for repositories with nothing to check at
 * HEAD (no commits, HEAD to a missing branch); the tree is then empty.
 * On failure, *ERR is a malloc'd message naming PATH and what to do.
 */
int probe_local(struct probe *out, char **err, struct report *r,
                const char *path, bool worktree);
void probe_close(struct probe *p);

#endif
