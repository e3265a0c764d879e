/*
 * probe_remote.c - the remote probe: fetch only what the checks read.
 *
 * Over smart HTTP with protocol v2 (gitprotocol-v2(5)): `ls-refs` for the
 * branch's tip (alone when the tip has not moved: one small request, no
 * pack), then `fetch` of the tip with "deepen 1" and the narrowest filter
 * the server accepts ("tree:1": the commit and its root tree), then the
 * few subtrees and blobs the checks look at, by id, through tree_remote.c.
 * Every pack is indexed into the cache folder with libgit2, so the
 * checks read it as they read a local clone.
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/net/net_allow.h"
#include "crawler/probe/tree_remote.h"
#include "crawler/transport/pack.h"
#include "crawler/transport/smart_http.h"
#include "lib/alloc.h"
#include "lib/error.h"

/* The first fetch wants the commit and its root tree: 2 objects. Packs
 * by id hold what was asked; the unfiltered fallbacks hold a whole tree. */
#define FIRST_MAX_OBJECTS 16ul
#define FULL_MAX_OBJECTS 2000000ul
/* A cache with more packs than this starts over (probe_cache.c). */
#define MAX_PACKS 64u

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
	char *dir;                 /* the cache folder new packs go to */
	char *url;
	unsigned long long max_bytes;
	bool v0;                   /* the server speaks protocol v0 only */
	struct git_v0_caps v0caps;
	enum mode mode;
	/* The facts' fetch counters: fetches by id made while the tree is
	 * read add to them (the facts outlive the tree, probe.h). */
	struct report_repository *facts;
};

static void session_free(void *payload)
{
	struct session *s = payload;

	if (!s)
		return;
	smart_http_free(s->http);
	git_odb_free(s->odb);
	free(s->dir);
	free(s->url);
	free(s);
}

/* The server refused the mode's filter (or deepen): try the next one. No
 * capability advertisement is read first: it would cost a request on
 * every probe to save one on the rare server without filters. */
static bool refused(int rc)
{
	return rc == ERROR_FILTER || rc == ERROR_REFUSED;
}

/* One fetch into the odb: 0 or a negative code, the pack's error or the
 * transfer's. */
static int fetch_into(struct session *s, const char *const *wants,
                      size_t n, bool deepen, const char *filter,
                      unsigned long max_objects)
{
	struct pack *pack;
	int rc;

	if ((rc = pack_new(&pack, s->odb, s->dir, s->max_bytes, max_objects,
	                   s->url)) < 0)
		return rc;
	rc = smart_http_fetch(s->http, wants, n, deepen, filter, pack_append, pack);
	if (rc == 0)
		rc = pack_commit(pack);
	pack_free(pack);
	if (s->facts) {
		s->facts->fetch.bytes = smart_http_bytes(s->http);
		s->facts->fetch.requests = smart_http_requests(s->http);
	}
	return rc;
}

static int fetch_ids(const git_oid *ids, size_t n, void *payload)
{
	struct session *s = payload;
	char **hex;
	int rc;

	if (s->v0)   /* not reached after a complete depth-1 fetch */
		return error_set(ERROR_REFUSED, "%s: a protocol v0 server cannot "
		                 "send single objects", s->url);
	hex = xcalloc(n, sizeof(*hex));
	for (size_t i = 0; i < n; i++) {
		hex[i] = xmalloc(GIT_OID_HEXSZ + 1);
		git_oid_tostr(hex[i], GIT_OID_HEXSZ + 1, &ids[i]);
	}
	for (;;) {
		rc = fetch_into(s, (const char *const *)hex, n, false,
		                byid_filter[s->mode], s->mode == MODE_TREE ?
		                n + FIRST_MAX_OBJECTS : FULL_MAX_OBJECTS);
		if (!refused(rc) || s->mode == MODE_DEPTH1)
			break;
		s->mode++;
	}
	for (size_t i = 0; i < n; i++)
		free(hex[i]);
	free(hex);
	return rc;
}

/* A v0 server: the tip at depth 1, every tree and blob of it; a server
 * that cannot do even that goes to libgit2. */
static int fetch_v0(struct session *s, const char *tip)
{
	struct pack *pack;
	int rc;

	if ((rc = pack_new(&pack, s->odb, s->dir, s->max_bytes,
	                   FULL_MAX_OBJECTS, s->url)) < 0)
		return rc;
	rc = smart_http_fetch_v0(s->http, tip, &s->v0caps, pack_append, pack);
	if (rc == 0)
		rc = pack_commit(pack);
	if (rc == ERROR_REFUSED || rc == ERROR_REMOTE)
		rc = PROBE_FALLBACK;
	pack_free(pack);
	return rc;
}

/*
 * The tip commit and its root tree, with the narrowest filter the server
 * takes; *MODE is what worked. A tip gone since ls-refs (force push, then
 * gc) is listed again once: *TIP then changes.
 */
static int fetch_tip(struct session *s, char tip[41], char **branch,
                     const char *want_branch)
{
	bool relisted = false;

	for (;;) {
		const char *wants[1] = { tip };
		int rc = fetch_into(s, wants, 1, true, first_filter[s->mode],
		                    s->mode == MODE_TREE ? FIRST_MAX_OBJECTS
		                                         : FULL_MAX_OBJECTS);

		if (refused(rc) && s->mode != MODE_DEPTH1) {
			s->mode++;   /* tree:1 refused: blob:none; refused: none */
		} else if (rc == ERROR_REFUSED) {
			return PROBE_FALLBACK;   /* not even deepen: libgit2 */
		} else if (rc == ERROR_NOREF && !relisted) {
			free(*branch);
			*branch = NULL;
			relisted = true;
			if ((rc = smart_http_ls_refs(tip, branch, s->http,
			                             want_branch)) < 0)
				return rc;
		} else {
			return rc;
		}
	}
}

/*
 * The tip: ls-refs, sent without the capability advertisement first (a v2
 * server answers it; an unchanged tip then costs this one request). When
 * it fails, the ref advertisement tells a v0-only server (its refs serve,
 * then a depth-1 fetch) from a v2 server that failed. 0, ERROR_NOTFOUND
 * (no such branch), PROBE_FALLBACK (not a smart server: libgit2), or the
 * error of ls-refs (or, for a v0 server, of its refs).
 */
static int list_tip(struct session *s, struct probe *out, char **branch,
                    const char *want)
{
	int rc = smart_http_ls_refs(out->head, branch, s->http, want), v0;
	char why[ERROR_MSG_MAX];

	out->method = "v2-ls-refs";
	if (rc == 0 || rc == ERROR_NOTFOUND)
		return rc;
	if (rc != ERROR_PROTOCOL && rc != ERROR_REMOTE && rc != ERROR_STATUS &&
	    rc != ERROR_NOREPO)
		return rc;
	snprintf(why, sizeof(why), "%s", error_last());
	v0 = smart_http_refs_v0(out->head, branch, &s->v0caps, s->http, want);
	if (v0 == 0 || v0 == ERROR_NOTFOUND) {
		s->v0 = true;
		out->method = "v0-refs";
		return v0;
	}
	if (!s->v0caps.v2 && (v0 == ERROR_PROTOCOL || v0 == ERROR_REMOTE))
		return PROBE_FALLBACK;   /* dumb HTTP, or not git at all */
	if (!s->v0caps.v2)
		return v0;
	return error_set(rc, "%s", why);   /* a v2 server: what ls-refs said */
}

/* repository.fetch: {"method", "bytes"[, "requests"]}, for crawl.json. */
static void facts_fetch(struct report_repository *facts, const struct probe *p)
{
	facts->fetched = true;
	report_set(&facts->fetch.method, p->method);
	facts->fetch.bytes = p->bytes;
}

/* Ask in one round trip per tree level for what the reader will read:
 * O's paths, the root files it reads (the root tree is here already), and
 * what it read last time (tree_remote.h "memory"). */
static int prefetch(struct tree *t, const char *mem_path,
                    const struct probe_remote_opts *o)
{
	const struct tree_entry *root_v = NULL;
	size_t n, nseed = 0, nroot = 0, nwant = 0;
	char **memory = tree_remote_paths_load(&n, mem_path);
	const char **want;
	int rc;

	while (o->prefetch && o->prefetch[nseed])
		nseed++;
	if (!o->prefetch_root || tree_list(&root_v, &nroot, t, "") < 0)
		nroot = 0;
	want = xcalloc(n + nseed + nroot + 1, sizeof(*want));
	for (size_t i = 0; i < nseed; i++)
		want[nwant++] = o->prefetch[i];
	for (size_t i = 0; i < nroot; i++)
		if (root_v[i].kind == TREE_FILE && o->prefetch_root(root_v[i].name))
			want[nwant++] = root_v[i].path;
	for (size_t i = 0; i < n; i++)
		want[nwant++] = memory[i];
	rc = tree_prefetch(t, want, nwant);
	free(want);
	tree_remote_paths_free(memory, n);
	return rc;
}

static int open_tree(struct probe *out, struct session **sp,
                     git_repository *repo, const char *path,
                     const struct probe_remote_opts *o)
{
	struct tree_remote_opts to = { fetch_ids, *sp, session_free, NULL };
	char *mem_path = xasprintf("%s/inventaire-paths", path);
	git_commit *commit = NULL;
	git_tree *root = NULL;
	git_oid oid;
	int rc;

	git_oid_fromstr(&oid, out->head);
	if (git_commit_lookup(&commit, repo, &oid) < 0 ||
	    git_commit_tree(&root, commit) < 0) {
		rc = error_git("%s: cannot read commit %s", (*sp)->url, out->head);
		git_commit_free(commit);
		free(mem_path);
		return rc;
	}
	to.memory_path = mem_path;
	rc = tree_open_remote(&out->tree, repo, root, &to);
	*sp = NULL;   /* the tree owns the session now, even on failure */
	git_tree_free(root);
	git_commit_free(commit);
	if (rc < 0)
		rc = error_wrap("%s: cannot read the tree of %s", path, out->head);
	else
		rc = prefetch(out->tree, mem_path, o);
	free(mem_path);
	return rc;
}

/* The tip's objects into the cache at PATH, unless they are there
 * already; P->method says how they came. *REPO reads the cache's objects
 * (git_repository_wrap_odb(): no folder of its own, probe_cache.c). */
static int fetch_first(struct probe *out, struct session *s,
                       git_repository **repo, char **branch, const char *path,
                       const struct probe_remote_opts *o)
{
	git_oid oid;
	int rc;

	if ((rc = probe_cache_odb(&s->odb, path, MAX_PACKS)) < 0)
		return rc;
	if (git_repository_wrap_odb(repo, s->odb) < 0)
		return error_git("%s: cannot open its object database", path);
	s->dir = xstrdup(path);
	git_oid_fromstr(&oid, out->head);
	if (git_odb_exists(s->odb, &oid)) {
		/* Fetched before (the cache outlived the crawl state): only
		 * what is missing will be asked for. */
		out->method = s->v0 ? "v0-cached" : "v2-cached";
		return 0;
	}
	if (s->v0) {
		if ((rc = fetch_v0(s, out->head)) == 0)
			out->method = "v0-depth1";
		return rc;
	}
	if ((rc = fetch_tip(s, out->head, branch, o->branch)) == 0)
		out->method = mode_name[s->mode];
	return rc;
}

static int probe_v2(struct probe *out, struct report_repository *facts,
                    const char *url, const struct probe_remote_opts *o)
{
	struct smart_http_opts ho = { url, o->token, o->token_user, o->max_bytes,
	                              o->timeout_s, o->allow };
	struct session *s = xcalloc(1, sizeof(*s));
	struct smart_http *http;
	git_repository *repo = NULL;
	char *branch = NULL, *path = NULL;
	int rc;

	s->url = xstrdup(url);
	s->max_bytes = o->max_bytes;
	if ((rc = smart_http_open(&s->http, &ho)) < 0) {
		session_free(s);
		return rc;
	}
	http = s->http;
	s->facts = facts;
	rc = list_tip(s, out, &branch, o->branch);
	if (rc == ERROR_NOTFOUND) {
		/* No branch to read: an empty repository, or a default branch
		 * that does not exist. Check an empty tree, as check does. */
		facts->no_commits = true;
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
	if ((rc = fetch_first(out, s, &repo, &branch, path, o)) != 0 ||
	    (rc = open_tree(out, &s, repo, path, o)) < 0)
		goto done;
found:
	report_set(&facts->head, out->head);
	report_set(&facts->branch, branch);
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

void probe_thread_end(void)
{
	smart_http_thread_end();
}

void probe_limit(unsigned n)
{
	smart_http_limit(n);
}

int probe_remote(struct probe *out, struct report_repository *facts,
                 const char *url, const struct probe_remote_opts *o)
{
	int rc = PROBE_FALLBACK;

	memset(out, 0, sizeof(*out));
	/* A forge-supplied URL: only where the account's policy allows. */
	if (net_allow_url(o->allow, url) < 0) {
		probe_facts_start(facts, url);
		return error_last_code();
	}
	if (!strncmp(url, "http://", 7) || !strncmp(url, "https://", 8)) {
		probe_facts_start(facts, url);
		rc = probe_v2(out, facts, url, o);
	}
	if (rc == PROBE_FALLBACK) {
		unsigned long long before = out->bytes;

		facts->fetched = false;
		facts->fetch.requests = 0;
		smart_http_slot_take();
		rc = probe_remote_libgit2(out, facts, url, o);
		smart_http_slot_give();
		out->bytes += before;
	}
	if (rc == 0)
		facts_fetch(facts, out);
	return rc;
}
