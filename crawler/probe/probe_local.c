/* probe_local.c - open a local repository or directory for the checks. */
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

static const char *git_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown git error";
}

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

/* HEAD cannot be peeled to a commit: say why, check an empty tree. */
static int unborn_head(struct probe *out, struct report *r,
                       git_repository *repo)
{
	char *target = head_target(repo);
	char *branches = branch_names(repo);
	const char *branch = target && !strncmp(target, "refs/heads/", 11)
	                     ? target + 11 : target;

	report_set(&r->repository.branch, branch);
	if (!branches) {
		report_add(r, "repository.no-commits", LEVEL_ERROR, NULL, 0, 0,
		           "Commit the files (git add -A && git commit), or run "
		           "`inventaire check --worktree` to check the files on disk.",
		           "The repository has no commits yet: there is nothing at "
		           "HEAD to check.");
	} else {
		report_add(r, "repository.head-missing", LEVEL_ERROR, NULL, 0, 0,
		           "Point HEAD at an existing branch: git symbolic-ref HEAD "
		           "refs/heads/BRANCH.",
		           "HEAD points to %s, which does not exist (branches: %s).",
		           target ? target : "nothing", branches);
	}
	free(target);
	free(branches);
	return tree_open_empty(&out->tree);
}

static int open_git(struct probe *out, char **err, struct report *r,
                    git_repository *repo, const char *path, bool worktree)
{
	const char *workdir = git_repository_workdir(repo);
	git_reference *head = NULL;
	git_commit *commit = NULL;
	git_tree *root = NULL;
	char *top = dir_name(workdir ? workdir : git_repository_path(repo));
	char oid[GIT_OID_HEXSZ + 1];
	int rc;

	report_set(&r->repository.path, top);
	if (worktree) {
		if (!workdir) {
			*err = xasprintf("%s: a bare repository has no files on disk; "
			                 "run without --worktree to check HEAD", path);
			free(top);
			return PROBE_EUSAGE;
		}
		report_set(&r->repository.source, "worktree");
		rc = tree_open_dir(&out->tree, top);
		free(top);
		/* Still say which commit the work tree sits on. */
		if (rc == 0 && git_repository_head(&head, repo) == 0) {
			const git_oid *id = git_reference_target(head);
			if (id)
				report_set(&r->repository.head,
				           git_oid_tostr(oid, sizeof(oid), id));
			if (git_reference_is_branch(head))
				report_set(&r->repository.branch,
				           git_reference_shorthand(head));
			git_reference_free(head);
		}
		return rc;
	}
	free(top);
	report_set(&r->repository.source, workdir ? "git" : "git-bare");

	rc = git_repository_head(&head, repo);
	if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND)
		return unborn_head(out, r, repo);
	if (rc < 0 ||
	    git_reference_peel((git_object **)&commit, head, GIT_OBJECT_COMMIT) < 0 ||
	    git_commit_tree(&root, commit) < 0) {
		*err = xasprintf("%s: cannot read HEAD: %s", path, git_msg());
		git_commit_free(commit);
		git_reference_free(head);
		return PROBE_EGIT;
	}
	report_set(&r->repository.head,
	           git_oid_tostr(oid, sizeof(oid), git_commit_id(commit)));
	if (git_reference_is_branch(head))
		report_set(&r->repository.branch, git_reference_shorthand(head));
	rc = tree_open_git(&out->tree, repo, root);
	if (rc < 0)
		*err = xasprintf("%s: cannot read the tree of HEAD: %s", path, git_msg());
	git_tree_free(root);
	git_commit_free(commit);
	git_reference_free(head);
	return rc < 0 ? PROBE_EGIT : 0;
}

int probe_local(struct probe *out, char **err, struct report *r,
                const char *path, bool worktree)
{
	git_repository *repo = NULL;
	struct stat st;
	int rc;

	memset(out, 0, sizeof(*out));
	*err = NULL;
	if (stat(path, &st) < 0) {
		*err = xasprintf("%s: %s; give the path of a repository or directory",
		                 path, strerror(errno));
		return errno == ENOENT || errno == ENOTDIR ? PROBE_ENOENT : PROBE_EACCES;
	}
	if (!S_ISDIR(st.st_mode)) {
		*err = xasprintf("%s: not a directory; give the path of a "
		                 "repository or directory", path);
		return PROBE_ENOENT;
	}
	if (access(path, R_OK | X_OK) < 0) {
		*err = xasprintf("%s: %s; check its permissions", path, strerror(errno));
		return PROBE_EACCES;
	}

	rc = git_repository_open_ext(&repo, path, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		/* Not in a repository: a plain directory. */
		char *top = abspath(path);
		report_set(&r->repository.path, top);
		report_set(&r->repository.source, "directory");
		rc = tree_open_dir(&out->tree, top);
		free(top);
		return rc;
	}
	if (rc < 0) {
		*err = xasprintf("%s: not a readable git repository: %s", path, git_msg());
		return PROBE_EGIT;
	}
	rc = open_git(out, err, r, repo, path, worktree);
	if (rc < 0) {
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
	memset(p, 0, sizeof(*p));
}
