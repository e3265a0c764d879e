/*
 * probe_remote_libgit2.c - the remote probe's last resort: fetch the default
 * branch's tip into the cache repository with libgit2, then read it like a
 * local repository. Used for non-HTTP URLs (file://, ssh) and for servers
 * without protocol v2, nor a shallow v0 fetch (probe_remote.c).
 *
 * Debian 12's libgit2 (1.5) has no shallow or partial fetch, so this fetches
 * the branch's whole history the first time and only what is new afterwards.
 * When the tip has not moved since the last run, nothing but the ref
 * advertisement is read.
 *
 * libgit2's connections go through stream_curl.c: the deadline holds on
 * every read, and every connection (a redirect's too) must fit the
 * account's host policy.
 */
#include "crawler/probe/probe_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <git2.h>

#include "crawler/transport/stream_curl.h"
#include "lib/alloc.h"
#include "lib/error.h"

struct transfer {
	const struct probe_remote_opts *o;
	time_t deadline;
	unsigned long long bytes;
	const char *host;
	char *why;           /* why we aborted, for the message */
	int why_code;        /* and its lib/error.h code */
	bool token_used;
};

static int on_progress(const git_indexer_progress *stats, void *payload)
{
	struct transfer *t = payload;

	t->bytes = stats->received_bytes;
	if (t->o->max_bytes && stats->received_bytes > t->o->max_bytes) {
		t->why = xasprintf("the pack is larger than %llu bytes",
		                   t->o->max_bytes);
		t->why_code = ERROR_TOOBIG;
		return -1;
	}
	if (time(NULL) > t->deadline) {
		t->why = xasprintf("the transfer took more than %u s", t->o->timeout_s);
		t->why_code = ERROR_TIMEOUT;
		return -1;
	}
	return 0;
}

/* The token goes only to the repository's own host, and only once. */
static int on_credentials(git_credential **out, const char *url,
                          const char *user, unsigned int allowed, void *payload)
{
	struct transfer *t = payload;
	char *host = probe_url_host(url);
	bool same = host && t->host && !strcmp(host, t->host);

	free(host);
	if (!t->o->token || !same || t->token_used ||
	    !(allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT))
		return GIT_PASSTHROUGH;
	t->token_used = true;
	return git_credential_userpass_plaintext_new(out, t->o->token_user,
	                                             t->o->token);
}

/* The tip of BRANCH (or HEAD's branch) among the advertised refs. */
static int find_tip(git_oid *oid, char **branch, git_remote *remote,
                    const char *want)
{
	const git_remote_head **heads;
	git_buf def = { 0 };
	char *ref;
	size_t n;

	if (git_remote_ls(&heads, &n, remote) < 0)
		return -1;
	if (want)
		ref = xasprintf("refs/heads/%s", want);
	else if (git_remote_default_branch(&def, remote) == 0)
		ref = xstrdup(def.ptr);
	else
		ref = NULL;
	git_buf_dispose(&def);
	for (size_t i = 0; ref && i < n; i++)
		if (!strcmp(heads[i]->name, ref)) {
			git_oid_cpy(oid, &heads[i]->oid);
			*branch = xstrdup(ref + (strncmp(ref, "refs/heads/", 11) ? 0 : 11));
			free(ref);
			return 0;
		}
	free(ref);
	return GIT_ENOTFOUND;
}

/* Fetch the tip TIP of BRANCH into REPO, then open its tree. */
static int fetch_tip(struct probe *out, git_remote *remote, git_repository *repo,
                     struct transfer *t, git_remote_callbacks *cb,
                     const char *url, const git_oid *tip, const char *branch)
{
	git_fetch_options fo;
	git_commit *commit = NULL;
	git_tree *root = NULL;
	char *spec = xasprintf("+refs/heads/%s:refs/heads/%s", branch, branch);
	git_strarray specs = { &spec, 1 };
	int rc = 0;

	/* The _INIT macros leave fields to zero, which -Wextra dislikes. */
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.callbacks = *cb;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.update_fetchhead = 0;
	if (git_remote_fetch(remote, &specs, &fo, NULL) < 0) {
		if (t->why)
			rc = error_set(t->why_code, "%s: fetch failed: %s", url, t->why);
		else
			rc = error_git("%s: fetch failed", url);
	} else if (git_commit_lookup(&commit, repo, tip) < 0 ||
	           git_commit_tree(&root, commit) < 0) {
		rc = error_git("%s: cannot read commit %s", url, out->head);
	} else if (tree_open_git(&out->tree, repo, root) < 0) {
		rc = error_wrap("%s: cannot read the tree of %s", url, out->head);
	}
	out->bytes = t->bytes;
	git_tree_free(root);
	git_commit_free(commit);
	free(spec);
	return rc;
}

int probe_remote_libgit2(struct probe *out, struct report_repository *facts,
                         const char *url, const struct probe_remote_opts *o)
{
	git_remote_callbacks cb;
	git_remote_create_options ro;
	struct transfer t = { .o = o };
	git_remote *remote = NULL;
	git_repository *repo = NULL;
	char *path, *branch = NULL;
	bool streams = false;
	git_oid tip;
	int rc;

	memset(out, 0, sizeof(*out));
	git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	out->method = "libgit2-fetch";
	t.deadline = time(NULL) + (time_t)o->timeout_s;
	t.host = probe_url_host(url);
	probe_facts_start(facts, url);

	path = probe_cache_path(o->cache_dir, url);
	if ((rc = probe_cache_open(&repo, path)) < 0)
		goto done;
	if ((rc = stream_curl_begin(t.deadline, o->allow)) < 0)
		goto done;
	streams = true;
	cb.transfer_progress = on_progress;
	cb.credentials = on_credentials;
	cb.payload = &t;
	/* Not git_remote_create_anonymous(): its url.*.insteadOf lookup
	 * runs PCRE2 over every config key, and Debian's libgit2 1.5 leaks
	 * ~20 KiB of match data per key that does not match (lsan.supp):
	 * 240 KiB per repository, 490 MB for 2,000 (bench_crawl.py). The URL
	 * comes from the forge and is fetched as given. */
	ro.repository = repo;
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	if (git_remote_create_with_opts(&remote, url, &ro) < 0 ||
	    git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, NULL, NULL) < 0) {
		rc = error_git("%s: cannot reach the repository", url);
		goto done;
	}
	rc = find_tip(&tip, &branch, remote, o->branch);
	if (rc == GIT_ENOTFOUND) {
		/* No branch to read: an empty repository, or a default branch
		 * that does not exist. Check an empty tree, as check does. */
		facts->no_commits = true;
		rc = tree_open_empty(&out->tree);
		goto done;
	}
	if (rc < 0) {
		rc = error_git("%s: cannot list its branches", url);
		goto done;
	}
	git_oid_tostr(out->head, sizeof(out->head), &tip);
	report_set(&facts->head, out->head);
	report_set(&facts->branch, branch);
	if (o->known_head && !strcmp(o->known_head, out->head)) {
		out->unchanged = true;
		rc = 0;
		goto done;
	}
	rc = fetch_tip(out, remote, repo, &t, &cb, url, &tip, branch);
done:
	git_remote_free(remote);
	/* A stream that failed (deadline, policy) says why better than
	 * libgit2, which only knows that it failed. */
	if (streams && stream_curl_end() < 0 && rc < 0)
		rc = error_wrap("%s", url);
	if (rc < 0 || !out->tree) {
		tree_free(out->tree);
		out->tree = NULL;
		git_repository_free(repo);
	} else {
		out->repo = repo;
	}
	free(t.why);
	free((char *)t.host);
	free(branch);
	free(path);
	return rc;
}
