/*
 * probe_remote.c - the crawl's probe: fetch only what the checks read
 * (issue 7; DESIGN.md "The probe reads only what the checks need").
 *
 * Over smart HTTP with protocol v2: `ls-refs` for the branch's tip (alone
 * when the tip has not moved: one small request, no pack), then `fetch`
 * of the tip with "deepen 1" and the narrowest filter the server accepts
 * ("tree:1": the commit and its root tree), then the few subtrees and
 * blobs the checks look at, by id, through tree_remote.c. Every pack is
 * indexed into the cache repository with libgit2, so the checks read it
 * as they read a local clone.
 *
 * Fallbacks, recorded in probe->method: "v2-filter-tree", else
 * "v2-filter-blob" (no tree filter), else "v2-depth1" (no filter); a
 * server without v2 gets a v0 depth-1 fetch ("v0-depth1",
 * smart_http_v0.c); one without shallow fetches either, dumb HTTP, and
 * non-HTTP URLs go through libgit2 ("libgit2-fetch",
 * probe_remote_libgit2.c). "v2-ls-refs"/"v0-refs": nothing to fetch (an
 * unchanged tip, no branch); "v2-cached"/"v0-cached": the tip was in the
 * cache already.
 */
#include "crawler/probe/probe_int.h"

#include <stdlib.h>
#include <string.h>

#include "crawler/transport/smart_http.h"
#include "crawler/transport/pack.h"
#include "crawler/probe/tree_remote.h"
#include "crawler/checks/checks.h"
#include "lib/alloc.h"

/* The first fetch wants the commit and its root tree: 2 objects. Packs
 * by id hold what was asked; the unfiltered fallbacks hold a whole tree. */
#define FIRST_MAX_OBJECTS 16ul
#define FULL_MAX_OBJECTS 2000000ul
/* A cache repository with more packs than this starts over (probe_cache.c). */
#define MAX_PACKS 64u

/* The folders the checks list (license: LICENSES/; community: .github/,
 * .gitlab/, docs/) and the file they always read when present: asked for
 * in the same round trip on a first probe. Later probes also ask for
 * what the checks read last time (tree_remote.h "memory"). */
static const char *const seed[] = {
	"LICENSES/", ".github/", ".gitlab/", "docs/", "publiccode.yml",
	"README.md",   /* the README the readme check prefers when present */
};

/* Not an error: the server does not speak v2 (or not enough of it); use
 * libgit2. */
#define PROBE_FALLBACK 1

enum mode { MODE_TREE, MODE_BLOB, MODE_DEPTH1 };

static const char *const mode_name[] = {
	"v2-filter-tree", "v2-filter-blob", "v2-depth1",
};
/* The filter of the first fetch, and of fetches by id. "tree:0" sends
 * exactly the objects wanted (gitprotocol-v2 "filter", rev-list
 * --filter=tree:<depth>); "blob:none" also sends a wanted tree's subtrees. */
static const char *const first_filter[] = { "tree:1", "blob:none", NULL };
static const char *const byid_filter[] = { "tree:0", "blob:none", NULL };

/* What fetches by id need; owned by the tree once it is open. */
struct session {
	struct smart_http *http;
	git_odb *odb;
	char *url;
	unsigned long long max_bytes;
	bool v0;                   /* the server speaks protocol v0 only */
	struct git_v0_caps v0caps;
	enum mode mode;
	/* The report's repository: fetches by id made while the checks run
	 * add their bytes to it (the report outlives the tree). */
	struct report_repository *report;
};

static void session_free(void *payload)
{
	struct session *s = payload;

	if (!s)
		return;
	smart_http_free(s->http);
	git_odb_free(s->odb);
	free(s->url);
	free(s);
}

/* The server refused the mode's filter (or deepen): try the next one. No
 * capability advertisement is read first: it would cost a request on
 * every probe to save one on the rare server without filters. */
static bool refused(int rc)
{
	return rc == SMART_HTTP_EFILTER || rc == SMART_HTTP_EREFUSED;
}

/* One fetch into the odb; *ERR says why it failed. */
static int fetch_into(char **err, struct session *s, const char *const *wants,
                      size_t n, bool deepen, const char *filter,
                      unsigned long max_objects)
{
	struct pack *pack;
	int rc;

	if ((rc = pack_new(&pack, s->odb, s->max_bytes, max_objects, s->url)) < 0) {
		*err = xasprintf("%s: cannot write to the cache repository", s->url);
		return rc;
	}
	rc = smart_http_fetch(s->http, wants, n, deepen, filter, pack_append, pack);
	if (rc == 0)
		rc = pack_commit(pack);
	if (rc < 0)
		*err = xstrdup(*pack_error(pack) ? pack_error(pack)
		                                     : smart_http_error(s->http));
	pack_free(pack);
	if (s->report) {
		s->report->fetch.bytes = smart_http_bytes(s->http);
		s->report->fetch.requests = smart_http_requests(s->http);
	}
	return rc;
}

static int fetch_ids(char **err, const git_oid *ids, size_t n, void *payload)
{
	struct session *s = payload;
	char **hex;
	int rc;

	if (s->v0) {
		/* Not reached after a complete depth-1 fetch. */
		*err = xasprintf("%s: a protocol v0 server cannot send single "
		                 "objects", s->url);
		return SMART_HTTP_EREFUSED;
	}
	hex = xcalloc(n, sizeof(*hex));
	for (size_t i = 0; i < n; i++) {
		hex[i] = xmalloc(GIT_OID_HEXSZ + 1);
		git_oid_tostr(hex[i], GIT_OID_HEXSZ + 1, &ids[i]);
	}
	for (;;) {
		rc = fetch_into(err, s, (const char *const *)hex, n, false,
		                byid_filter[s->mode], s->mode == MODE_TREE ?
		                n + FIRST_MAX_OBJECTS : FULL_MAX_OBJECTS);
		if (!refused(rc) || s->mode == MODE_DEPTH1)
			break;
		s->mode++;
		free(*err);
		*err = NULL;
	}
	for (size_t i = 0; i < n; i++)
		free(hex[i]);
	free(hex);
	return rc;
}

/* A v0 server: the tip at depth 1, every tree and blob of it; a server
 * that cannot do even that goes to libgit2. */
static int fetch_v0(char **err, struct session *s, const char *tip)
{
	struct pack *pack;
	int rc;

	if ((rc = pack_new(&pack, s->odb, s->max_bytes, FULL_MAX_OBJECTS,
	                       s->url)) < 0) {
		*err = xasprintf("%s: cannot write to the cache repository", s->url);
		return rc;
	}
	rc = smart_http_fetch_v0(s->http, tip, &s->v0caps, pack_append, pack);
	if (rc == 0)
		rc = pack_commit(pack);
	if (rc == SMART_HTTP_EREFUSED || rc == SMART_HTTP_EREMOTE)
		rc = PROBE_FALLBACK;
	else if (rc < 0)
		*err = xstrdup(*pack_error(pack) ? pack_error(pack)
		                                     : smart_http_error(s->http));
	pack_free(pack);
	return rc;
}

/*
 * The tip commit and its root tree, with the narrowest filter the server
 * takes; *MODE is what worked. A tip gone since ls-refs (force push, then
 * gc) is listed again once: *TIP then changes.
 */
static int fetch_tip(char **err, struct session *s, char tip[41],
                     char **branch, const char *want_branch)
{
	bool relisted = false;

	for (;;) {
		const char *wants[1] = { tip };
		int rc = fetch_into(err, s, wants, 1, true,
		                    first_filter[s->mode],
		                    s->mode == MODE_TREE ? FIRST_MAX_OBJECTS
		                                         : FULL_MAX_OBJECTS);

		if (refused(rc) && s->mode != MODE_DEPTH1) {
			s->mode++;   /* tree:1 refused: blob:none; refused: none */
		} else if (rc == SMART_HTTP_EREFUSED) {
			return PROBE_FALLBACK;   /* not even deepen: libgit2 */
		} else if (rc == SMART_HTTP_ENOREF && !relisted) {
			free(*branch);
			*branch = NULL;
			relisted = true;
			if ((rc = smart_http_ls_refs(tip, branch, s->http, want_branch)) < 0) {
				free(*err);
				*err = xstrdup(smart_http_error(s->http));
				return rc;
			}
		} else {
			return rc;
		}
		free(*err);
		*err = NULL;
	}
}

/*
 * The tip: ls-refs, sent without the capability advertisement first (a v2
 * server answers it; an unchanged tip then costs this one request). When
 * it fails, the ref advertisement tells a v0-only server (its refs serve,
 * then a depth-1 fetch) from a v2 server that failed. 0, SMART_HTTP_ENOTFOUND
 * (no such branch), PROBE_FALLBACK (not a smart server: libgit2), or
 * PROBE_EGIT with *ERR.
 */
static int list_tip(char **err, struct session *s, struct probe *out,
                    char **branch, const char *want)
{
	int rc = smart_http_ls_refs(out->head, branch, s->http, want);
	char *why;

	out->method = "v2-ls-refs";
	if (rc == 0 || rc == SMART_HTTP_ENOTFOUND)
		return rc;
	why = xstrdup(smart_http_error(s->http));
	if (rc == SMART_HTTP_EPROTO || rc == SMART_HTTP_EREMOTE ||
	    rc == SMART_HTTP_ESTATUS || rc == SMART_HTTP_ENOREPO) {
		rc = smart_http_refs_v0(out->head, branch, &s->v0caps, s->http, want);
		if (rc == 0 || rc == SMART_HTTP_ENOTFOUND) {
			s->v0 = true;
			out->method = "v0-refs";
			free(why);
			return rc;
		}
		if (!s->v0caps.v2 && (rc == SMART_HTTP_EPROTO || rc == SMART_HTTP_EREMOTE)) {
			free(why);
			return PROBE_FALLBACK;   /* dumb HTTP, or not git at all */
		}
		if (!s->v0caps.v2) {
			free(why);
			why = xstrdup(smart_http_error(s->http));
		}
	}
	*err = why;   /* what ls-refs (or, for a v0 server, its refs) said */
	return PROBE_EGIT;
}

/* repository.fetch: {"method", "bytes"[, "requests"]}, for crawl.json. */
static void report_fetch(struct report *r, const struct probe *p)
{
	r->repository.fetched = true;
	report_set(&r->repository.fetch.method, p->method);
	r->repository.fetch.bytes = p->bytes;
}

static int open_tree(struct probe *out, char **err, struct session **sp,
                     git_repository *repo, const char *path)
{
	struct tree_remote_opts to = { fetch_ids, *sp, session_free, NULL };
	const char **want;
	char **memory, *mem_path = xasprintf("%s/inventaire-paths", path);
	git_commit *commit = NULL;
	git_tree *root = NULL;
	git_oid oid;
	size_t n, nseed = sizeof(seed) / sizeof(*seed), nroot = 0, nwant = 0;
	const struct tree_entry *root_v = NULL;
	int rc;

	git_oid_fromstr(&oid, out->head);
	if (git_commit_lookup(&commit, repo, &oid) < 0 ||
	    git_commit_tree(&root, commit) < 0) {
		const git_error *e = git_error_last();
		*err = xasprintf("%s: cannot read commit %s: %s", (*sp)->url,
		                 out->head, e && e->message ? e->message : "git error");
		git_commit_free(commit);
		free(mem_path);
		return PROBE_EGIT;
	}
	to.memory_path = mem_path;
	rc = tree_open_remote(&out->tree, repo, root, &to);
	*sp = NULL;   /* the tree owns the session now, even on failure */
	git_tree_free(root);
	git_commit_free(commit);
	if (rc < 0) {
		*err = xasprintf("%s: cannot read the tree of %s", path, out->head);
		free(mem_path);
		return PROBE_EGIT;
	}
	/* One round trip per tree level for what the checks will read: the
	 * seed, the root files they read (the root tree is here already),
	 * and what they read last time. */
	memory = tree_remote_paths_load(&n, mem_path);
	if (tree_list(&root_v, &nroot, out->tree, "") < 0)
		nroot = 0;
	want = xcalloc(n + nseed + nroot, sizeof(*want));
	for (size_t i = 0; i < nseed; i++)
		want[nwant++] = seed[i];
	for (size_t i = 0; i < nroot; i++)
		if (root_v[i].kind == TREE_FILE && checks_read_root_file(root_v[i].name))
			want[nwant++] = root_v[i].path;
	for (size_t i = 0; i < n; i++)
		want[nwant++] = memory[i];
	rc = tree_prefetch(out->tree, want, nwant);
	if (rc < 0)
		*err = xstrdup(tree_error(out->tree));
	free(want);
	tree_remote_paths_free(memory, n);
	free(mem_path);
	return rc < 0 ? PROBE_EGIT : 0;
}

static int probe_v2(struct probe *out, char **err, struct report *r,
                    const char *url, const struct probe_remote_opts *o)
{
	struct smart_http_opts ho = { url, o->token, o->token_user, o->max_bytes,
	                            o->timeout_s };
	struct session *s = xcalloc(1, sizeof(*s));
	struct smart_http *http;
	git_repository *repo = NULL;
	char *branch = NULL, *path = NULL;
	int rc;

	s->url = xstrdup(url);
	s->max_bytes = o->max_bytes;
	if (smart_http_open(&s->http, &ho) < 0) {
		*err = xasprintf("%s: cannot start libcurl", url);
		session_free(s);
		return PROBE_EGIT;
	}
	http = s->http;
	s->report = &r->repository;
	rc = list_tip(err, s, out, &branch, o->branch);
	if (rc == SMART_HTTP_ENOTFOUND) {
		probe_report_no_commits(r, o->branch);
		rc = tree_open_empty(&out->tree);
		goto done;
	}
	if (rc != 0)
		goto done;
	if (o->known_head && !strcmp(o->known_head, out->head)) {
		out->unchanged = true;
		goto found;
	}
	path = probe_cache_path(o->cache_dir, url);
	if (probe_cache_trim(path, MAX_PACKS) < 0) {
		*err = xasprintf("%s: cannot clear the cache repository", path);
		rc = PROBE_EGIT;
		goto done;
	}
	if ((rc = probe_cache_open(&repo, err, path)) < 0)
		goto done;
	if (git_repository_odb(&s->odb, repo) < 0) {
		*err = xasprintf("%s: cannot open its object database", path);
		rc = PROBE_EGIT;
		goto done;
	}
	{
		git_oid oid;
		git_oid_fromstr(&oid, out->head);
		if (git_odb_exists(s->odb, &oid)) {
			/* Fetched before (the cache outlived the crawl state):
			 * only what is missing will be asked for. */
			out->method = s->v0 ? "v0-cached" : "v2-cached";
		} else if (s->v0) {
			if ((rc = fetch_v0(err, s, out->head)) != 0) {
				rc = rc < 0 ? PROBE_EGIT : rc;
				goto done;
			}
			out->method = "v0-depth1";
		} else if ((rc = fetch_tip(err, s, out->head, &branch,
		                           o->branch)) != 0) {
			rc = rc < 0 ? PROBE_EGIT : rc;
			goto done;
		} else {
			out->method = mode_name[s->mode];
		}
	}
	if ((rc = open_tree(out, err, &s, repo, path)) < 0)
		goto done;
found:
	report_set(&r->repository.head, out->head);
	report_set(&r->repository.branch, branch);
	rc = 0;
done:
	/* The session lives on in the tree (fetches by id), or here. */
	if (s || out->tree)
		out->bytes = smart_http_bytes(http);
	if (rc < 0 || rc == PROBE_FALLBACK || !out->tree) {
		tree_free(out->tree);
		out->tree = NULL;
		git_repository_free(repo);
	} else {
		out->repo = repo;
	}
	session_free(s);
	free(branch);
	free(path);
	return rc;
}

int probe_remote(struct probe *out, char **err, struct report *r,
                 const char *url, const struct probe_remote_opts *o)
{
	int rc = PROBE_FALLBACK;

	memset(out, 0, sizeof(*out));
	*err = NULL;
	if (!strncmp(url, "http://", 7) || !strncmp(url, "https://", 8)) {
		probe_report_start(r, url);
		rc = probe_v2(out, err, r, url, o);
	}
	if (rc == PROBE_FALLBACK) {
		unsigned long long before = out->bytes;

		r->repository.fetched = false;
		r->repository.fetch.requests = 0;
		rc = probe_remote_libgit2(out, err, r, url, o);
		out->bytes += before;
	}
	if (rc == 0)
		report_fetch(r, out);
	return rc;
}
