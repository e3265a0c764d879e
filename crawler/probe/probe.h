/*
 * probe.h - get the tree the checks read.
 *
 * Local: a git repository (work tree, any subdirectory of one, or bare) is
 * read at HEAD with libgit2, never checked out; --worktree reads the files on
 * disk; a plain directory is read from disk. The crawl's remote probe
 * produces the same struct tree from a cache object database.
 */
#ifndef INVENTAIRE_PROBE_H
#define INVENTAIRE_PROBE_H

#include <stdbool.h>

#include "lib/report.h"
#include "crawler/tree/tree.h"

struct probe {
	struct tree *tree;            /* NULL when unchanged (remote) */
	struct git_repository *repo;  /* NULL for a plain directory */
	char head[41];                /* the commit checked, "" when none */
	bool unchanged;               /* remote: the tip is KNOWN_HEAD, not fetched */
	const char *method;           /* remote: how the objects came, for crawl.json */
	unsigned long long bytes;     /* remote: bytes received */
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

/* Remote probe options (PROBE_REMOTE_OPTS_INIT for defaults). */
struct probe_remote_opts {
	const char *cache_dir;     /* bare repositories live below it */
	const char *branch;        /* the default branch, or NULL: HEAD's */
	const char *known_head;    /* last run's tip: unchanged -> no fetch */
	const char *token;         /* sent only when the server asks (401) */
	const char *token_user;    /* user name that goes with the token */
	unsigned long long max_bytes;  /* abort a transfer past this */
	unsigned timeout_s;        /* abort a transfer that runs longer */
};
#define PROBE_REMOTE_OPTS_INIT { NULL, NULL, NULL, NULL, "inventaire", \
                                 512ull << 20, 300 }

/*
 * Fetch the default branch's tip of URL into a bare repository under
 * O->cache_dir (fetching into the existing one on later runs), and open its
 * tree. Fills R's "repository" ({"url", "head", "branch", "source":
 * "remote", "fetch": {"method", "bytes", "requests"}}). An empty
 * repository gives a finding and an empty tree. Over HTTP(S) only what the
 * checks read is fetched, on demand while they run (probe_remote.c);
 * P->method says how (crawl.json records it).
 */
int probe_remote(struct probe *out, char **err, struct report *r,
                 const char *url, const struct probe_remote_opts *o);

#endif
