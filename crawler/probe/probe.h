/*
 * probe.h - get the tree the checks read, and the facts about it.
 *
 * Local: a git repository (work tree, any subdirectory of one, or bare) is
 * read at HEAD with libgit2, never checked out; --worktree reads the files
 * on disk; a plain directory is read from disk. Remote: the default
 * branch's tip is fetched into a cache repository, and the same struct
 * tree reads it.
 *
 * A probe records facts in the report's "repository" section (lib/report.h:
 * where, which commit, which branch, no commits, HEAD naming a missing
 * branch, how the objects came); it never reports findings: the checks do
 * (crawler/checks/repository.c).
 */
#ifndef INVENTAIRE_PROBE_H
#define INVENTAIRE_PROBE_H

#include <stdbool.h>

#include "lib/report.h"
#include "crawler/tree/tree.h"

struct net_allow;

struct probe {
	struct tree *tree;            /* NULL when unchanged (remote) */
	struct git_repository *repo;  /* NULL for a plain directory */
	char head[41];                /* the commit checked, "" when none */
	char *origin;                 /* local: the URL of remote "origin" as
	                                 configured, or NULL */
	bool unchanged;               /* remote: the tip is KNOWN_HEAD, not fetched */
	const char *method;           /* remote: how the objects came, for crawl.json */
	unsigned long long bytes;     /* remote: bytes received */
};

/*
 * Open PATH and fill FACTS ("path", "head", "branch", "source"; no_commits
 * or head_missing when HEAD has nothing to check: the tree is then empty).
 * 0, or ERROR_NOTFOUND, ERROR_ACCESS, ERROR_USAGE (--worktree on a bare
 * repository) or ERROR_GIT, with error_last() naming PATH and what to do.
 */
int probe_local(struct probe *out, struct report_repository *facts,
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
	/* What the reader of the tree will read, fetched ahead in one round
	 * trip per tree level (crawler/checks/checks.h declares the checks'):
	 * paths ("dir/" for a folder), NULL-terminated, and the root files it
	 * reads when they are there. Both may be NULL. */
	const char *const *prefetch;
	bool (*prefetch_root)(const char *name);
	/* Where URL, its redirects and libgit2's connections may lead
	 * (crawler/net/net_allow.h), or NULL: anywhere (`check URL`). */
	const struct net_allow *allow;
};
#define PROBE_REMOTE_OPTS_INIT { NULL, NULL, NULL, NULL, "inventaire", \
                                 512ull << 20, 300, NULL, NULL, NULL }

/*
 * Fetch the default branch's tip of URL into a bare repository under
 * O->cache_dir (fetching into the existing one on later runs), open its
 * tree, and fill FACTS ("url", "head", "branch", "source": "remote",
 * "fetch"; no_commits for an empty repository or a missing branch: the
 * tree is then empty). Over HTTP(S) only what is read is fetched, on demand
 * while the tree is read (probe_remote.c), and FACTS->fetch counts those
 * fetches too: FACTS must outlive the tree. 0, or a negative lib/error.h
 * code with error_last() naming URL: ERROR_REFUSED when O->allow refuses
 * URL, ERROR_TIMEOUT past O->timeout_s (every request, git's included).
 */
int probe_remote(struct probe *out, struct report_repository *facts,
                 const char *url, const struct probe_remote_opts *o);

/* The calling thread's connections, kept from one probe to the next
 * (crawler/transport/smart_http.c), are closed: call it before a thread
 * that probed ends, and before curl_global_cleanup(). */
void probe_thread_end(void);

/* At most N git requests in flight at once over every thread's probes (0:
 * no limit); a libgit2 fetch counts as one throughout. */
void probe_limit(unsigned n);

#endif
