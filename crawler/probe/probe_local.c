/* probe_local.c - open a local repository or directory for the checks,
 * and record what it is (probe.h). */
#include "crawler/probe/probe.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <git2.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"

static char *abspath(const char *path)
{
	char resolved[PATH_MAX];

	return realpath(path, resolved) ? xstrdup(resolved) : xstrdup(path);
}

/* Strip the trailing '/' libgit2 puts on directories. */
static char *dir_name(const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return xstrndup(dir, n);
}

/* The branch HEAD names, for a message, or NULL when HEAD is detached. */
static char *head_target(git_repository *repo)
{
	git_reference *head;
	char *name = NULL;

	if (git_reference_lookup(&head, repo, "HEAD") < 0)
		return NULL;
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		name = xstrdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	return name;
}

/* Comma-separated local branches, or NULL when there are none. */
static char *branch_names(git_repository *repo)
{
	git_branch_iterator *it;
	git_reference *ref;
	git_branch_t type;
	struct buf b = BUF_INIT;
	int count = 0;

	if (git_branch_iterator_new(&it, repo, GIT_BRANCH_LOCAL) < 0)
		return NULL;
	while (count < 10 && git_branch_next(&ref, &type, it) == 0) {
		const char *name;
		if (git_branch_name(&name, ref) == 0)
			buf_addf(&b, "%s%s", count++ ? ", " : "", name);
		git_reference_free(ref);
	}
	git_branch_iterator_free(it);
	return b.len ? buf_detach(&b) : NULL;
}

/* HEAD cannot be peeled to a commit: record why, check an empty tree. */
static int unborn_head(struct probe *out, struct report_repository *facts,
                       git_repository *repo)
{
	char *target = head_target(repo);
	char *branches = branch_names(repo);
	const char *branch = target && !strncmp(target, "refs/heads/", 11)
	                     ? target + 11 : target;

	report_set(&facts->branch, branch);
	if (!branches) {
		facts->no_commits = true;
	} else {
		report_set(&facts->head_missing, target ? target : "nothing");
		report_set(&facts->branches, branches);
	}
	free(target);
	free(branches);
	return tree_open_empty(&out->tree);
}

/* The URL of remote "origin", as configured, or NULL. */
static char *origin_url(git_repository *repo)
{
	git_remote *remote;
	char *url = NULL;

	if (git_remote_lookup(&remote, repo, "origin") < 0)
		return NULL;
	if (git_remote_url(remote))
		url = xstrdup(git_remote_url(remote));
	git_remote_free(remote);
	return url;
}

/* --worktree: the files on disk, and the commit they sit on. */
static int open_worktree(struct probe *out, struct report_repository *facts,
                         git_repository *repo, const char *top)
{
	git_reference *head = NULL;
	char oid[GIT_OID_HEXSZ + 1];
	int rc;

	report_set(&facts->source, "worktree");
	if ((rc = tree_open_dir(&out->tree, top)) < 0)
		return rc;
	if (git_repository_head(&head, repo) == 0) {
		const git_oid *id = git_reference_target(head);
		if (id)
			report_set(&facts->head, git_oid_tostr(oid, sizeof(oid), id));
		if (git_reference_is_branch(head))
			report_set(&facts->branch, git_reference_shorthand(head));
		git_reference_free(head);
	}
	return 0;
}

static int open_git(struct probe *out, struct report_repository *facts,
                    git_repository *repo, const char *path, bool worktree)
{
	const char *workdir = git_repository_workdir(repo);
	git_reference *head = NULL;
	git_commit *commit = NULL;
	git_tree *root = NULL;
	char *top = dir_name(workdir ? workdir : git_repository_path(repo));
	char oid[GIT_OID_HEXSZ + 1];
	int rc;

	report_set(&facts->path, top);
	out->origin = origin_url(repo);
	if (worktree) {
		if (!workdir)
			rc = error_set(ERROR_USAGE, "%s: a bare repository has no "
			               "files on disk; run without --worktree to check "
			               "HEAD", path);
		else
			rc = open_worktree(out, facts, repo, top);
		free(top);
		return rc;
	}
	free(top);
	report_set(&facts->source, workdir ? "git" : "git-bare");

	rc = git_repository_head(&head, repo);
	if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND)
		return unborn_head(out, facts, repo);
	if (rc < 0 ||
	    git_reference_peel((git_object **)&commit, head, GIT_OBJECT_COMMIT) < 0 ||
	    git_commit_tree(&root, commit) < 0) {
		rc = error_git("%s: cannot read HEAD", path);
		git_commit_free(commit);
		git_reference_free(head);
		return rc;
	}
	report_set(&facts->head,
	           git_oid_tostr(oid, sizeof(oid), git_commit_id(commit)));
	if (git_reference_is_branch(head))
		report_set(&facts->branch, git_reference_shorthand(head));
	if ((rc = tree_open_git(&out->tree, repo, root)) < 0)
		rc = error_wrap("%s: cannot read the tree of HEAD", path);
	git_tree_free(root);
	git_commit_free(commit);
	git_reference_free(head);
	return rc;
}

/* PATH must be a folder we can read. */
static int check_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		int e = errno;
		error_set(e == ENOENT || e == ENOTDIR ? ERROR_NOTFOUND : ERROR_ACCESS,
		          "%s: %s; give the path of a repository or directory", path,
		          strerror(e));
		return error_last_code();
	}
	if (!S_ISDIR(st.st_mode))
		return error_set(ERROR_NOTDIR, "%s: not a directory; give the path "
		                 "of a repository or directory", path);
	if (access(path, R_OK | X_OK) < 0)
		return error_set(ERROR_ACCESS, "%s: %s; check its permissions", path,
		                 strerror(errno));
	return 0;
}

int probe_local(struct probe *out, struct report_repository *facts,
                const char *path, bool worktree)
{
	git_repository *repo = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = check_path(path)) < 0)
		return rc;
	rc = git_repository_open_ext(&repo, path, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		/* Not in a repository: a plain directory. */
		char *top = abspath(path);
		report_set(&facts->path, top);
		report_set(&facts->source, "directory");
		rc = tree_open_dir(&out->tree, top);
		free(top);
		return rc;
	}
	if (rc < 0)
		return error_git("%s: not a readable git repository", path);
	if ((rc = open_git(out, facts, repo, path, worktree)) < 0) {
		probe_close(out);
		git_repository_free(repo);
		return rc;
	}
	out->repo = repo;
	return 0;
}

void probe_close(struct probe *p)
{
	tree_free(p->tree);
	git_repository_free(p->repo);
	free(p->origin);
	memset(p, 0, sizeof(*p));
}
