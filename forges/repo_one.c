/*
 * repo_one.c - one repository's metadata (repo_one.h). The endpoints:
 *   GitHub     repos/repos#get-a-repository (docs.github.com/en/rest)
 *   GitLab     api/projects.html, "Get a single project"
 *              (docs.gitlab.com/ee/api), without license=true: a listing
 *              cannot ask for the licence, so the crawl has none, and
 *              `check` must not have one either to give the crawl's
 *              verdict
 *   Gitea      repoGet, GET /repos/{owner}/{repo} (gitea.com/api/swagger);
 *              Forgejo the same, Gogs too (gogs/docs-api, Repositories)
 *   Bitbucket  api-group-repositories/#api-repositories-workspace-repo-slug-get
 *              (developer.atlassian.com/cloud/bitbucket/rest)
 * Each answer is the object a listing page holds one of per repository,
 * read by the listing's parser (github_repo() and the others,
 * forge_int.h).
 */
#include "forges/repo_one.h"

#include <stdlib.h>
#include <string.h>

#include "forges/forge_int.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/str.h"
#include "lib/url.h"

enum { ONE_STEP = 1 };

/* "OWNER/NAME" as its two segments, each encoded for a URL path. */
static int split_two(char **o, char **n, const struct account *acct)
{
	const char *p = acct->owner, *slash = p ? strchr(p, '/') : NULL;
	char *left;

	*o = *n = NULL;
	if (!slash || slash == p || !slash[1] || strchr(slash + 1, '/'))
		return error_set(ERROR_INVALID, "%s: '%s' is not OWNER/NAME",
		                 acct->host ? acct->host : "?", p ? p : "");
	left = xstrndup(p, (size_t)(slash - p));
	*o = forge_url_encode(left);
	*n = forge_url_encode(slash + 1);
	free(left);
	return 0;
}

static int github_one_first(struct http_req **out, const struct account *acct)
{
	char *o, *n, *url;
	int rc;

	*out = NULL;
	if ((rc = split_two(&o, &n, acct)) < 0)
		return rc;
	url = xasprintf("%s/repos/%s/%s", acct->api_url, o, n);
	http_req_new(out, "GET", url, ONE_STEP);
	/* The media type and version of a listing (github.c). */
	http_req_add_header(*out, "Accept", "application/vnd.github+json");
	http_req_add_header(*out, "X-GitHub-Api-Version", "2022-11-28");
	free(url);
	free(o);
	free(n);
	return 0;
}

static int gitlab_one_first(struct http_req **out, const struct account *acct)
{
	char *p;

	*out = NULL;
	if (!acct->owner || !strchr(acct->owner, '/'))
		return error_set(ERROR_INVALID, "%s: '%s' is not a project path "
		                 "(GROUP/NAME)", acct->host ? acct->host : "?",
		                 acct->owner ? acct->owner : "");
	/* rest/index.html, "Namespaced paths": group%2Fsub%2Fname */
	p = forge_url_encode(acct->owner);
	forge_get(out, ONE_STEP, "%s/projects/%s", acct->api_url, p);
	free(p);
	return 0;
}

/* GET API/PREFIX/OWNER/NAME: Gitea's /repos, Bitbucket's /repositories. */
static int two_first(struct http_req **out, const struct account *acct,
                     const char *prefix)
{
	char *o, *n;
	int rc;

	*out = NULL;
	if ((rc = split_two(&o, &n, acct)) < 0)
		return rc;
	forge_get(out, ONE_STEP, "%s/%s/%s/%s", acct->api_url, prefix, o, n);
	free(o);
	free(n);
	return 0;
}

static int gitea_one_first(struct http_req **out, const struct account *acct)
{
	return two_first(out, acct, "repos");
}

static int bitbucket_one_first(struct http_req **out,
                               const struct account *acct)
{
	return two_first(out, acct, "repositories");
}

/* The answer as one repository, through the listing's parser MAP. */
static int parse_one(struct repo *out, forge_repo_map map,
                     const struct account *acct, const struct http_req *req,
                     const struct http_resp *resp)
{
	json_t *root;
	int rc, k;

	repo_init(out);
	if ((rc = forge_check_status(acct, req, resp)))
		return rc;
	if ((rc = forge_json_parse(&root, acct, req, resp)))
		return rc;
	if (!json_is_object(root))
		rc = forge_fail(ERROR_PARSE, acct, req, resp,
		                "expected a repository object");
	else if ((k = map(out, root, acct)) < 0)
		rc = forge_fail(ERROR_PARSE, acct, req, resp,
		                "the repository object has no owner/name");
	else if (k == 0)
		rc = forge_fail(ERROR_NOTFOUND, acct, req, resp,
		                "the forge says the repository is not public");
	json_decref(root);
	if (rc) {
		repo_clear(out);
		repo_init(out);
	}
	return rc;
}

/* One kind's request and parser, and how its paths read. */
struct one {
	const char *kind;
	int (*first)(struct http_req **out, const struct account *acct);
	forge_repo_map map;
	int (*list)(struct repo_list *repos, struct http_req **next,
	            const struct account *acct, const struct http_req *req,
	            const struct http_resp *resp);
	bool whole_path;          /* GitLab: group/sub/name */
};

/* A listing of the one repository (forge_repo_plugin). */
static int list_one(struct repo_list *repos, struct http_req **next,
                    const struct account *acct, const struct http_req *req,
                    const struct http_resp *resp, forge_repo_map map)
{
	struct repo r;
	int rc;

	*next = NULL;
	if ((rc = parse_one(&r, map, acct, req, resp)) < 0)
		return rc;
	repo_list_push(repos, &r);
	return 0;
}

#define LIST_ONE(name, map)                                                  \
	static int name(struct repo_list *repos, struct http_req **next,     \
	                const struct account *acct,                          \
	                const struct http_req *req,                          \
	                const struct http_resp *resp)                        \
	{                                                                    \
		return list_one(repos, next, acct, req, resp, map);          \
	}
LIST_ONE(github_one_list, github_repo)
LIST_ONE(gitlab_one_list, gitlab_repo)
LIST_ONE(gitea_one_list, gitea_repo)
LIST_ONE(bitbucket_one_list, bitbucket_repo)

static const struct one ones[] = {
	{ "github", github_one_first, github_repo, github_one_list, false },
	{ "gitlab", gitlab_one_first, gitlab_repo, gitlab_one_list, true },
	{ "gitea", gitea_one_first, gitea_repo, gitea_one_list, false },
	{ "forgejo", gitea_one_first, gitea_repo, gitea_one_list, false },
	{ "gogs", gitea_one_first, gitea_repo, gitea_one_list, false },
	{ "bitbucket", bitbucket_one_first, bitbucket_repo, bitbucket_one_list,
	  false },
};

static const struct one *one_of(const struct forge *forge)
{
	for (size_t i = 0; forge && i < sizeof(ones) / sizeof(*ones); i++)
		if (!strcmp(ones[i].kind, forge->kind))
			return &ones[i];
	return NULL;
}

static int unsupported(const struct forge *forge)
{
	if (!forge)
		return error_set(ERROR_INVALID, "no forge plug-in to ask for one "
		                 "repository's metadata");
	return error_set(ERROR_INVALID, "the %s plug-in cannot ask for one "
	                 "repository's metadata (its API gives no licence)",
	                 forge->kind);
}

bool forge_repo_supported(const struct forge *forge)
{
	return one_of(forge) != NULL;
}

/* The path of API_URL less "/api/v4": where GitLab is installed under a
 * relative URL root ("/gitlab"), or "" at the root. */
static char *gitlab_root(const char *api_url)
{
	struct url u;
	char *root;
	size_t n;

	if (!api_url || url_parse(&u, api_url) < 0) {
		error_clear();
		return xstrdup("");
	}
	n = strlen(u.path);
	while (n && u.path[n - 1] == '/')
		n--;
	if (n >= 7 && !strncmp(u.path + n - 7, "/api/v4", 7))
		n -= 7;
	else
		n = 0;
	root = xstrndup(u.path, n);
	url_clear(&u);
	return root;
}

/* PATH without the leading and trailing '/' and a trailing ".git". */
static char *trim_path(const char *path)
{
	size_t n;
	char *s;

	while (*path == '/')
		path++;
	s = xstrdup(path);
	n = strlen(s);
	for (;;) {
		if (n && s[n - 1] == '/')
			s[--n] = '\0';
		else if (n >= 4 && !strcmp(s + n - 4, ".git"))
			s[n -= 4] = '\0';
		else
			break;
	}
	return s;
}

static int no_repository(const struct forge *forge, const char *path,
                         const char *want)
{
	char *p = str_printable(path, strlen(path));
	int rc = error_set(ERROR_INVALID, "'%s' names no repository on a %s "
	                   "forge (expected %s)", p, forge->kind, want);

	free(p);
	return rc;
}

/* The number of '/'-separated segments of S; 0 when one is empty. */
static size_t segments(const char *s)
{
	size_t n = 0;

	for (const char *c = s;; c++) {
		const char *e = strchr(c, '/');

		if (e == c || !*c)
			return 0;
		n++;
		if (!e)
			return n;
		c = e;
	}
}

int forge_repo_path(char **out, const struct forge *forge,
                    const char *api_url, const char *path)
{
	const struct one *k = one_of(forge);
	const char *p = path ? path : "", *last;
	char *root, *s;

	*out = NULL;
	if (!k)
		return unsupported(forge);
	root = k->whole_path ? gitlab_root(api_url) : xstrdup("");
	if (*root && !strncmp(p, root, strlen(root)) && p[strlen(root)] == '/')
		p += strlen(root);
	free(root);
	s = trim_path(p);
	if (segments(s) < 2) {
		free(s);
		return no_repository(forge, path ? path : "",
		                     k->whole_path ? "GROUP/NAME" : "OWNER/NAME");
	}
	if (k->whole_path) {
		*out = s;
		return 0;
	}
	/* The last two segments: OWNER/NAME. */
	last = strrchr(s, '/');
	while (last > s && last[-1] != '/')
		last--;
	*out = xstrdup(last);
	free(s);
	return 0;
}

int forge_repo_first(struct http_req **out, const struct forge *forge,
                     const struct account *acct)
{
	const struct one *k = one_of(forge);

	*out = NULL;
	if (!k)
		return unsupported(forge);
	return k->first(out, acct);
}

int forge_repo_parse(struct repo *out, const struct forge *forge,
                     const struct account *acct, const struct http_req *req,
                     const struct http_resp *resp)
{
	const struct one *k = one_of(forge);

	repo_init(out);
	if (!k)
		return unsupported(forge);
	return parse_one(out, k->map, acct, req, resp);
}

int forge_repo_plugin(struct forge *out, const struct forge *forge)
{
	const struct one *k = one_of(forge);

	memset(out, 0, sizeof(*out));
	if (!k)
		return unsupported(forge);
	out->kind = forge->kind;
	out->api_root = forge->api_root;
	out->auth_header = forge->auth_header;
	out->list_first = k->first;
	out->list_parse = k->list;
	return 0;
}
