/*
 * repo_one.h - one repository's own metadata, asked of its forge in one
 * request: what `inventaire check` compares with the files (the licence
 * the forge reports), in the same struct repo fields a listing fills.
 *
 * Pure, like every plug-in (forge.h): these build the request and read the
 * answer; the HTTP engine (crawler/net/http.h) sends it, with the tokens,
 * headers and timeouts of a listing. A single-repository answer has the
 * shape of a listing item on every forge here, and is read by the
 * listing's own per-item parser.
 */
#ifndef INVENTAIRE_REPO_ONE_H
#define INVENTAIRE_REPO_ONE_H

#include <stdbool.h>

#include "forges/forge.h"

/*
 * FORGE answers for one repository. False for SourceHut: git.sr.ht's
 * GraphQL Repository type (api-reference/git, schema.graphqls) has no
 * licence, nor anything else the checks read, so there is nothing to ask.
 */
bool forge_repo_supported(const struct forge *forge);

/*
 * The repository that the web or git URL path PATH ("/owner/name.git")
 * names on FORGE, whose API root is API_URL, in the form the request
 * takes: GitLab's whole namespaced path ("group/sub/name"), less the
 * relative root its API root shows ("https://host/gitlab/api/v4": a path
 * under "/gitlab"); elsewhere the last two segments, owner and name
 * (Bitbucket's workspace and slug), which also holds for a Gitea or
 * Forgejo served under a sub-path. A trailing ".git" or "/" is dropped.
 * 0 with *OUT malloc'd, or ERROR_INVALID (*OUT NULL) when PATH names no
 * repository there, with a message quoting it.
 */
int forge_repo_path(char **out, const struct forge *forge,
                    const char *api_url, const char *path);

/*
 * The request for the repository ACCT->owner names (forge_repo_path) on
 * ACCT's forge:
 *   GitHub        GET /repos/OWNER/NAME
 *   GitLab        GET /projects/URL-ENCODED-PATH (not ?license=true: the
 *                 crawl's listing has no licence, and the two must agree)
 *   Gitea, Forgejo, Gogs  GET /repos/OWNER/NAME
 *   Bitbucket     GET /repositories/WORKSPACE/SLUG
 * ERROR_INVALID when FORGE is not supported or ACCT->owner is no
 * repository path.
 */
int forge_repo_first(struct http_req **out, const struct forge *forge,
                     const struct account *acct);

/*
 * Read the answer to forge_repo_first's request into *OUT (initialised
 * here). 0, or a listing's errors (forge.h): ERROR_NOTFOUND for a 404 and
 * for a repository the answer says is not public, ERROR_AUTH, ERROR_STATUS,
 * ERROR_PARSE; *OUT is then empty.
 */
int forge_repo_parse(struct repo *out, const struct forge *forge,
                     const struct account *acct, const struct http_req *req,
                     const struct http_resp *resp);

/*
 * FORGE as a plug-in whose listing of an account is the one repository
 * ACCT->owner names, for the engine's listing job: *OUT is a copy of FORGE
 * (its API root and token header) whose list_first and list_parse are the
 * two above; it has no owner flow and no search. ERROR_INVALID when FORGE
 * is not supported.
 */
int forge_repo_plugin(struct forge *out, const struct forge *forge);

#endif
