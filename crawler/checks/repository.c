/*
 * repository.c - rules about the repository itself, reported by the probe
 * when HEAD has nothing to check (crawler/probe_local.c).
 */
#include "crawler/checks/checks.h"

static const struct rule repository_rules[] = {
	{ "repository.no-commits", LEVEL_ERROR,
	  "The repository has no commits",
	  "Le dépôt n'a aucun commit",
	  "`inventaire check` reads the tree of HEAD, as a forge shows it, and "
	  "there is none yet. Commit your files, or run `inventaire check "
	  "--worktree` to check the files on disk before committing.",
	  "`inventaire check` lit l'arbre de HEAD, tel que la forge le montre, "
	  "et il n'y en a pas encore. Committez vos fichiers, ou lancez "
	  "`inventaire check --worktree` pour vérifier les fichiers sur disque "
	  "avant de committer." },
	{ "repository.head-missing", LEVEL_ERROR,
	  "HEAD points to a branch that does not exist",
	  "HEAD désigne une branche qui n'existe pas",
	  "A forge would show no default branch. Point HEAD at an existing "
	  "branch with `git symbolic-ref HEAD refs/heads/BRANCH` (for a bare "
	  "repository on a server, set its default branch).",
	  "Une forge n'afficherait aucune branche par défaut. Faites pointer "
	  "HEAD vers une branche existante avec `git symbolic-ref HEAD "
	  "refs/heads/BRANCHE` (pour un dépôt nu sur un serveur, réglez sa "
	  "branche par défaut)." },
	{ NULL, 0, NULL, NULL, NULL, NULL },
};

const struct check check_repository = {
	.name = "repository",
	.run = NULL,
	.rules = repository_rules,
};
