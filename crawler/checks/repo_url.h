/*
 * repo_url.h - a repository's own URL, as the checks compare it.
 *
 * The checks compare what a repository says about itself (publiccode.yml
 * `url`) with where it is. The crawl knows the forge's web URL; `inventaire
 * check` knows the clone's `origin`, a CI variable, or the URL it was given.
 * All of them go through repo_url_web(), so that one repository gives one
 * URL whichever way it is checked.
 */
#ifndef INVENTAIRE_REPO_URL_H
#define INVENTAIRE_REPO_URL_H

/*
 * The web URL a forge shows for the git remote URL REMOTE: credentials,
 * a trailing ".git" and "/" dropped; "git@host:a/b.git",
 * "ssh://git@host:22/a/b" and "git://host/a/b" become "https://host/a/b".
 * Other URLs (http, https, file) keep their scheme, host and port. The
 * case is kept. NULL for NULL, "" and a path on disk (a clone of a clone
 * has no address of its own).
 */
char *repo_url_web(const char *remote);

/*
 * What identifies a repository URL when two are compared: no scheme, no
 * user, no query or fragment, no trailing ".git" or "/", lower case
 * (forges match host and path case-insensitively). "git@host:a/b" and
 * "https://host/a/b" give the same key.
 */
char *repo_url_key(const char *url);

#endif
