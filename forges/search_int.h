/*
 * search_int.h - helpers the search plug-ins share (search.c), as
 * forge_int.h is for the listing plug-ins. Nothing outside forges/ (and
 * the forge tests) needs this file.
 */
#ifndef INVENTAIRE_SEARCH_INT_H
#define INVENTAIRE_SEARCH_INT_H

#include <jansson.h>

#include "forges/forge_int.h"
#include "forges/search.h"

/* QUERY as plain search words: control characters, and the characters a
 * forge's query syntax gives a meaning (':' and '"' on GitHub), become
 * spaces. Malloc'd. */
char *search_words(const char *query);

/* PATH's '/'-separated segments, each percent-encoded (forge_url_encode),
 * joined by '/' again: "a b/c" -> "a%20b/c". Malloc'd. */
char *search_encode_path(const char *path);

/*
 * A forge's answer holding an array of repository objects as GitHub and
 * Gitea write them (full_name, default_branch, fork, archived), appended
 * to REPOS: the repos_parse of both plug-ins (search.h). ERROR_PARSE
 * naming the element without a "full_name" owner/name.
 */
int search_repos_parse(struct search_repos *repos, const struct account *acct,
                       const struct http_req *req,
                       const struct http_resp *resp);

/* The owner part of FULL_NAME ("a/b/c" -> "a/b"), or NULL without '/'. */
char *search_repo_owner(const char *full_name);

#endif
