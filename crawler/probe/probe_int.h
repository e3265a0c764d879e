/*
 * probe_int.h - what the remote probe's files share: the cache layout and
 * the facts every fetch path records the same way.
 */
#ifndef INVENTAIRE_PROBE_INT_H
#define INVENTAIRE_PROBE_INT_H

#include <git2.h>

#include "crawler/probe/probe.h"

/* "https://host[:port]/..." -> host[:port] (no user info), or NULL. */
char *probe_url_host(const char *url);
/* The cache folder of URL under CACHE_DIR: HOST/NAME-HASH.git, sanitized. */
char *probe_cache_path(const char *cache_dir, const char *url);
/* The object database of the cache at PATH (a folder of packs, created
 * when missing), its packs read; a cache of more than MAX_PACKS packs
 * (each moved tip adds some) starts over empty. 0, ERROR_IO or ERROR_GIT.
 * New packs go to PATH (pack_new()). */
int probe_cache_odb(git_odb **odb, const char *path, unsigned max_packs);
/* Open (or create) the bare cache repository at PATH, for libgit2's own
 * fetch; 0 or ERROR_GIT. probe_cache_odb() reads its packs too. */
int probe_cache_open(git_repository **repo, const char *path);
/* {"url", "head": null, "branch": null, "source": "remote"} */
void probe_facts_start(struct report_repository *facts, const char *url);

/* Not an error: the server does not speak smart HTTP v2 (or not enough
 * of it); probe_remote() goes on with libgit2. */
#define PROBE_FALLBACK 1

/* The libgit2 fetch path: non-HTTP URLs, and servers without v2. */
int probe_remote_libgit2(struct probe *out, struct report_repository *facts,
                         const char *url, const struct probe_remote_opts *o);

#endif
