/*
 * probe_cache.c - the remote probe's cache of bare repositories, one per
 * URL, and the facts every fetch path records alike.
 */
#define _XOPEN_SOURCE 700   /* nftw(3) */
#include "crawler/probe/probe_int.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crawler/transport/pack.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/str.h"
#include "lib/url.h"

char *probe_url_host(const char *url)
{
	struct url u;
	char *host;

	if (url_parse(&u, url) < 0) {
		error_clear();
		return NULL;
	}
	host = u.port ? xasprintf("%s:%s", u.host, u.port) : xstrdup(u.host);
	url_clear(&u);
	return host;
}

/*
 * HOST/NAME-HASH.git. The readable part is sanitized; the FNV-1a hash of
 * the whole URL keeps two URLs apart. No component can be "." or "..": the
 * cache never writes outside itself.
 */
char *probe_cache_path(const char *cache_dir, const char *url)
{
	char *host = probe_url_host(url);
	const char *name = strrchr(url, '/');
	uint64_t h = 1469598103934665603ull;
	struct buf b = BUF_INIT;

	for (const char *p = url; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	buf_addf(&b, "%s/", cache_dir);
	for (const char *p = host ? host : "unknown"; *p; p++)
		buf_addc(&b, (isalnum_ascii(*p) || *p == '.' || *p == '-') && !(p == host && *p == '.') ? *p : '_');
	buf_addc(&b, '/');
	for (const char *p = name ? name + 1 : "repo"; *p && b.len < 4000; p++)
		buf_addc(&b, isalnum_ascii(*p) || *p == '-' || *p == '_' ? *p : '_');
	buf_addf(&b, "-%016llx.git", (unsigned long long)h);
	free(host);
	return buf_detach(&b);
}

/* The folders above PATH; 0, or the code of the first that fails. */
static int mkdirs(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; *s && rc == 0; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST)
				rc = error_errno(errno, "%s: cannot create the cache "
				                 "repository", path);
			*s = '/';
		}
	free(p);
	return rc;
}

/* PATH is there, as a file or a folder (not following a link). */
static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static int remove_all(const char *path);

/* DIR/NAME holding TEXT; 0 or the code of the failure. */
static int put_file(const char *dir, const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "wx");
	int rc = 0;

	if (!f || fputs(text, f) == EOF)
		rc = error_errno(errno ? errno : EIO, "%s: cannot create the cache "
		                 "repository", p);
	if (f && fclose(f) != 0 && rc == 0)
		rc = error_errno(errno, "%s: cannot create the cache repository",
		                 p);
	free(p);
	return rc;
}

/*
 * A bare repository at PATH, with only what git and libgit2 need to open
 * it (gitrepository-layout(5): HEAD, objects/ and refs/; libgit2's
 * is_valid_repository_path() checks those three) and the objects/pack/
 * folder the fetched packs go to. Not git_repository_init(): its
 * template (hooks/, info/exclude, description), its config written three
 * times (a lock file and a rename each) and its file system probes
 * (symlink, chmod) made 19 files and folders per repository, whose
 * creation was most of a first crawl's CPU (tests/bench/bench_crawl.py).
 * HEAD comes last: a folder killed before it is not a repository, and
 * probe_cache_open() removes and remakes it.
 */
static int cache_init(const char *path)
{
	const char *const dirs[] = { "", "/objects", "/objects/pack", "/refs" };
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sizeof(dirs) / sizeof(*dirs); i++) {
		char *d = xasprintf("%s%s", path, dirs[i]);

		if (mkdir(d, 0755) < 0 && errno != EEXIST)
			rc = error_errno(errno, "%s: cannot create the cache "
			                 "repository", d);
		free(d);
	}
	if (rc == 0)
		rc = put_file(path, "config", "[core]\n\trepositoryformatversion = 0"
		              "\n\tbare = true\n");
	if (rc == 0)
		rc = put_file(path, "HEAD", "ref: refs/heads/main\n");
	return rc;
}

/*
 * A folder at PATH that libgit2 cannot open is a cache repository left
 * half-made: kill -9 during git_repository_init() leaves `config` and an
 * empty `config.lock` but no HEAD, and every later init fails on the lock.
 * It is ours (PATH comes from probe_cache_path) and only a cache: remove
 * it and start afresh, so that the next fetch heals it.
 */
int probe_cache_open(git_repository **repo, const char *path)
{
	int rc;

	if (git_repository_open_bare(repo, path) == 0)
		return 0;
	if (exists(path) && remove_all(path) < 0)
		return error_errno(errno, "%s: a broken cache repository cannot be "
		                   "removed (remove it by hand)", path);
	if ((rc = mkdirs(path)) < 0 || (rc = cache_init(path)) < 0)
		return rc;
	if (git_repository_open_bare(repo, path) < 0)
		return error_git("%s: cannot create the cache repository", path);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

/* PATH and all below it, without following links; -1 with errno. */
static int remove_all(const char *path)
{
	return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The folders where PATH's packs are: PATH itself (probe_cache_odb()),
 * and objects/pack of a cache repository (probe_cache_open(): the libgit2
 * fetch path, and caches written before the odb-only layout). */
static const char *const pack_dirs[] = { "", "/objects/pack" };

/* FN(INDEX, ARG) for each pack index of the cache at PATH, in one pass
 * that counts its packs in *NPACK and its indexes in *NIDX. */
static void each_pack(const char *path, unsigned *npack, unsigned *nidx,
                      void (*fn)(const char *idx, void *arg), void *arg)
{
	*npack = *nidx = 0;
	for (size_t k = 0; k < sizeof(pack_dirs) / sizeof(*pack_dirs); k++) {
		char *dir = xasprintf("%s%s", path, pack_dirs[k]);
		DIR *d = opendir(dir);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			size_t len = strlen(e->d_name);
			char *idx;

			if (strncmp(e->d_name, "pack-", 5))
				continue;
			if (len > 10 && !strcmp(e->d_name + len - 5, ".pack")) {
				(*npack)++;
			} else if (len > 9 && !strcmp(e->d_name + len - 4, ".idx")) {
				(*nidx)++;
				idx = xasprintf("%s/%s", dir, e->d_name);
				fn(idx, arg);
				free(idx);
			}
		}
		if (d)
			closedir(d);
		free(dir);
	}
}

/*
 * A pack libgit2 cannot read is skipped, not an error: kill -9 during
 * git_indexer_commit() leaves an index whose pack was not renamed yet
 * (the index is written first), and the objects it lacks are fetched
 * again. probe_cache_odb() counts such leftovers, so they do not pile up.
 */
static void add_pack(const char *idx, void *arg)
{
	if (pack_load(arg, idx) < 0) {
		error_clear();
		git_error_clear();
	}
}

/* The folder PATH, and the folders above it when they are missing: one
 * mkdir() but for the first repository of a host. */
static int make_folder(const char *path)
{
	int rc;

	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno == ENOENT) {
		if ((rc = mkdirs(path)) < 0)
			return rc;
		if (mkdir(path, 0755) == 0 || errno == EEXIST)
			return 0;
	}
	return error_errno(errno, "%s: cannot create the cache folder", path);
}

/*
 * The objects of the cache at PATH, created when missing: a folder of
 * packs and nothing else. A bare repository (cache_init()) costs four
 * folders and two files more per repository, and opening it a few dozen
 * file system calls (the repository discovery's stat, access and
 * readlink); on a first crawl of 20,000 repositories those inodes were
 * the crawler's largest CPU cost after the packs themselves
 * (tests/bench/bench_crawl.py, perf). The probe reads the objects through
 * git_repository_wrap_odb(), which needs no folder.
 *
 * Each probe of a moved tip adds one or two small packs; libgit2 looks
 * through every pack for every object. Past MAX_PACKS (an index without
 * its pack counts too) the cache is dropped and starts over: it is a
 * cache, and a fresh probe costs a few kilobytes. Only a folder of ours
 * (PATH comes from probe_cache_path) is removed, without following links.
 */
int probe_cache_odb(git_odb **out, const char *path, unsigned max_packs)
{
	unsigned npack, nidx;
	git_odb *odb;
	int rc;

	*out = NULL;
	if ((rc = make_folder(path)) < 0)
		return rc;
	if (git_odb_new(&odb) < 0)
		return error_git("%s: cannot open the cache", path);
	each_pack(path, &npack, &nidx, add_pack, odb);
	if ((npack > nidx ? npack : nidx) > max_packs) {
		git_odb_free(odb);
		if (remove_all(path) < 0)
			return error_set(ERROR_IO, "%s: cannot clear the cache "
			                 "repository", path);
		if ((rc = make_folder(path)) < 0)
			return rc;
		if (git_odb_new(&odb) < 0)
			return error_git("%s: cannot open the cache", path);
	}
	*out = odb;
	return 0;
}

void probe_facts_start(struct report_repository *facts, const char *url)
{
	report_set(&facts->url, url);
	report_set(&facts->head, NULL);
	report_set(&facts->branch, NULL);
	report_set(&facts->source, "remote");
}
