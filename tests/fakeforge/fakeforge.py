#!/usr/bin/env python3
"""fakeforge.py - a local fake forge for inventaire's tests (Python 3 stdlib only).

It serves, on loopback only, the listing APIs of every forge kind inventaire
speaks (apis.md), from fixture data with real pagination, ETags and 304s,
injectable faults, real git repositories over smart HTTP (git http-backend),
and a request log that tests assert on.

Run:
    python3 tests/fakeforge/fakeforge.py [--fixture FILE.json] [--log FILE.jsonl]
        [--port-file FILE] [--git-root DIR] [--git-sample] [--no-git-filter]
        [--no-any-sha1] [--no-tree-filter] [--no-git-v2] [--git-cache]
        [--gitea-max-page 50] [--timeout SECONDS] [--faults JSON]

It prints one line on stdout once listening:
    fakeforge 127.0.0.1 PORT 127.0.0.2 PORT2
(and writes {"host", "port", "host2", "port2"} as JSON to --port-file). The
second listener is the "other host" that redirect faults point to; it serves
the same content. It stops by itself when its stdin reaches end of file (start
it with stdin=PIPE: it dies with its parent), after --timeout seconds (default
600), or on SIGTERM/SIGINT.

API roots (what to pass to `inventaire list --api-url`):
    github      http://127.0.0.1:PORT/github
    gitlab      http://127.0.0.1:PORT/gitlab/api/v4
    gitea       http://127.0.0.1:PORT/gitea/api/v1      (also /forgejo/api/v1, /gogs/api/v1)
    bitbucket   http://127.0.0.1:PORT/bitbucket/2.0
    sourcehut   http://127.0.0.1:PORT/sourcehut         (GraphQL: POST /sourcehut/query)
    git         http://127.0.0.1:PORT/git/NAME.git      (smart HTTP, protocol v2)

Built-in fixture (when no --fixture is given), see builtin_fixture():
    github     user alice (250 repos: 3 pages of 100), org socialgouv (12)
    gitlab     group drees (250 projects over nested subgroups), user jdupont (5)
    gitea      org fabrique (120 repos; pages capped at --gitea-max-page), user bob (3)
    bitbucket  workspace cnam (25)
    sourcehut  user ~carol (30, of which 5 not public); a token is required

A --fixture file is JSON: {"accounts": [{"kind": "github"|"gitlab"|"gitea"|
"bitbucket"|"sourcehut", "owner": NAME, "type": "user"|"org", "repos": [REPO]}]}
where REPO is {"name", "namespace" (GitLab subgroup path, default owner),
"description", "fork", "archived", "mirror", "empty", "private", "visibility"
(SourceHut: PUBLIC/UNLISTED/PRIVATE), "stars", "forks", "open_issues",
"language", "topics", "license", "default_branch", "created_at", "updated_at",
"pushed_at", "clone_url" and "html_url" ("{git}/NAME.git" and "{git}/NAME":
this server's git endpoint; "{git2}": the same on the second listener),
"template" and "subscribers" (watchers: only GitHub's single-repository
answer and its GraphQL API give them, and Gitea's watchers_count)}; each
forge's JSON is rendered from it. An account may also give "followers"
(GitHub accounts, GitLab and Gitea users). "gitea" accounts are served
under /gitea, /forgejo and /gogs alike. GitHub also answers GET
/repos/OWNER/NAME, and POST /graphql (a token is required) both for the
listing ("aN: repositoryOwner(login: $lN)", below) and for subscribers
(repository(owner, name) { nameWithOwner watchers { totalCount } } per
alias, with $oN / $nN variables). A date "{git}" ("updated_at",
"pushed_at") is the time of the last push to the repository its clone_url
names under --git-root (the latest change to its refs), as a forge records
pushes. GitLab also answers POST /gitlab/api/graphql for groups
("gN: group(fullPath: $pN) { [...G] projects(includeSubgroups:,
first:, after: $cN) {...} }" per alias, forges/gitlab_graphql.c), from the
same fixture as REST: null for a group that does not exist, pages by
cursor, and the query's complexity as GitLab counts it (in the log's
"complexity"), refused over 200 (250 with a token) with GitLab's "Query
has complexity of N, which exceeds max complexity of 200".
An account with "instance": NAME is served only under /i/NAME/ (e.g.
/i/NAME/gitlab/api/v4): another forge of the same kind, for whole-forge
listings; the others only without the prefix.

Control endpoints (tests use them between cases):
    POST /_control/faults   body: JSON list of faults; replaces the current ones
    POST /_control/reset    clears the faults and the request log
    POST /_control/fixture  body: a fixture as --fixture takes; replaces the
                            served accounts (a repository renamed, moved,
                            archived or gone between two crawls)
    GET  /_control/log      the request log, one JSON object per line
    POST /_control/repos    body: JSON list of {"kind", "owner", "name", "set":
                            {field: value}}: change fixture repositories (a new
                            default branch, a date) while serving

Account search (`inventaire discover`), from the same fixture:
    github     GET /github/search/users?q=WORDS in:login,name: accounts whose
               login or name has every word (accents and case aside), with
               x-ratelimit-* headers of a search window (x-ratelimit-resource:
               search) of "search_limit": {"limit": 30, "window": 60} at the
               fixture's top level; past it, 403 as GitHub answers.
               /github/repos/O/R/readme and /contents/PATH: the raw text of
               the repository's "files" (404 when it has none)
    gitlab     GET /gitlab/api/v4/groups?search=WORDS: the groups that match;
               /projects/ENC/repository/files/ENC/raw: a file's text
    gitea      GET /gitea/api/v1/repos/search?q=WORDS&includeDesc=true: the
               repositories whose name or description match; /users/search?q=
               the people; /repos/O/R/raw/PATH: a file's text
An account may give "profile": {"name", "blog" (GitHub) or "website",
"email", "location", "description", "is_verified"}, which its profile
answers carry instead of the defaults, and a repository "files": {PATH: TEXT}.

A fault is {"kind": K, "path": REGEX, "skip": N, "count": N, "arg": X,
"auth": REGEX, "server": 1|2, "method": M, "nth": [N...], "delay": S}. It applies to
requests whose number (the log's "n", counted from 1 since the last reset,
both listeners together) is in "nth" when given, whose
"path?query" matches REGEX (re.search; default any), whose Authorization
header matches "auth" (when given), on the given server (default both); the
first "skip" matching requests pass untouched, then it applies "count" times
(default: always), after "delay" seconds when given. Kinds:
    ratelimit         403, x-ratelimit-remaining: 0, x-ratelimit-reset now+arg (1 s)
    ratelimit429      429, same headers
    secondary         403, Retry-After: arg (1 s), "secondary rate limit" message
    gitlab_ratelimit  429, RateLimit-Remaining: 0, RateLimit-Reset now+arg, Retry-After
    gitlab_403        403, RateLimit-Remaining: 0, RateLimit-Reset now+arg
    retry_after       429, Retry-After: arg seconds (1)
    retry_after_date  429, Retry-After: an HTTP date arg seconds ahead
    forbidden         403 permission error, no rate-limit signal; its JSON
                      "message" is the fault's "message" when it has one
    status            HTTP arg (500) with an HTML body
    truncate          Content-Length of the full body, half of it sent, then close
    truncated_json    a complete response whose JSON body is cut in half
    html              200 with an HTML page
    wrong_json        200 with JSON of the wrong shape ({"unexpected": true})
    slow              sleep arg seconds (2; fractions too: 0.05), then answer normally
    redirect          302 (or arg) to the same path on the second listener, or
                      to "location" when the fault has one ("{path}" in it is
                      the request's path and query)
    huge              200 with a JSON body of arg bytes (8 MiB): an array of
                      spaces, or of the fault's "fill" repeated ("{},")
    close             close the connection without answering
    pack_truncate     git: the answer's pack data cut in half, the pkt-line
                      framing kept valid (flush at the end): a truncated pack
    pack_corrupt      git: bytes in the middle of the pack data flipped
    run               run the shell command arg in --git-root, then answer
                      normally (e.g. move a branch between two requests)
    dribble           answer normally, but send the body arg bytes per second
                      (2): a server that holds a client without stalling
    delta_bomb        git: the fetch answer's pack replaced by a blob of 64 KiB
                      and "chain" (1) ofs-deltas, each copying the one before
                      until the last expands to arg bytes (1 GiB): a pack of
                      a few hundred bytes that a naive indexer expands whole
    graphql_error     GitLab GraphQL: 200 with {"errors": [{"message"}]} and no
                      data, as a GitLab without a field answers ("message",
                      default: forkedFrom does not exist on Project); with
                      "group": PATH, only that group's alias is null, with
                      an error whose path names it
    gitlab_complexity GitLab GraphQL: the complexity limit is arg (200)
(truncate also applies to git answers: the server closes mid-stream.)
An unknown kind is refused: POST /_control/faults answers 400 (and
--faults exits), so that a typo in a test fails it instead of becoming a
500 that the client's retries absorb.

Git options: --no-git-filter turns uploadpack.allowFilter off;
--no-tree-filter keeps filters but refuses "tree:<depth>"
(uploadpackfilter.tree.allow false); --no-any-sha1 turns
uploadpack.allowAnySHA1InWant off (protocol v0 only: v2 serves any object);
--no-git-v2 ignores the client's Git-Protocol header (a v0-only server).
--git-cache answers a request made before to the same repository (by real
path: symlinks to one repository share it) from memory, without git: for
benchmarks, whose repositories do not change under one path.

Request log lines: {"n", "server", "method", "path", "query", "headers" (all,
Authorization included), "status", "bytes", "fault"}; git requests add "git":
the protocol v2 command ("ls-refs", "fetch") or "advertisement", and "pack":
the pack bytes in the answer (side-band channel 1); GitLab GraphQL queries
add "complexity" (as GitLab counts it).

Single repositories (`inventaire check` asks its repository's forge): GitHub
GET /github/repos/O/N, GitLab GET /gitlab/api/v4/projects/ENC[?license=true],
Gitea GET /{gitea,forgejo,gogs}/api/v1/repos/O/N, Bitbucket GET
/bitbucket/2.0/repositories/W/S: the listing's object for that repository.
"""

import argparse
import base64
import email.parser
import email.utils
import gzip
import hashlib
import http.client
import http.server
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.parse
import zlib

# --------------------------------------------------------------------------
# Fixture


def _date(i, base_year=2020):
    day = i % 28 + 1
    month = (i // 28) % 12 + 1
    return "%04d-%02d-%02dT12:00:%02dZ" % (base_year + i // 336, month, day, i % 60)


def _repo(i, name, **kw):
    r = {
        "name": name,
        "description": "Dépôt %s" % name,
        "fork": False, "archived": False, "mirror": False, "empty": False,
        "private": False, "stars": i % 17, "forks": i % 5, "open_issues": i % 3,
        "language": ["Python", "C", "JavaScript", "R"][i % 4],
        "topics": ["sante", "open-data"] if i % 2 else [],
        "license": ["MIT", "EUPL-1.2", "Apache-2.0", None][i % 4],
        "default_branch": "main",
        "created_at": _date(i), "updated_at": _date(i + 40, 2023),
        "pushed_at": _date(i + 50, 2024),
    }
    r.update(kw)
    return r


def builtin_fixture():
    acc = []
    acc.append({"kind": "github", "owner": "alice", "type": "user",
                "repos": [_repo(i, "projet-%03d" % i, fork=(i == 7), archived=(i == 8))
                          for i in range(250)]})
    acc.append({"kind": "github", "owner": "socialgouv", "type": "org",
                "repos": [_repo(i, "outil-%02d" % i) for i in range(12)]})
    # 250 projects spread over nested subgroups.
    spaces = ["drees", "drees/sante", "drees/sante/etudes", "drees/social",
              "drees/social/a/b"]
    glr = []
    for i in range(250):
        ns = spaces[i % len(spaces)]
        glr.append(_repo(i, "p%03d" % i, namespace=ns, archived=(i == 3),
                         fork=(i == 4), mirror=(i == 5), empty=(i == 6),
                         default_branch=None if i == 6 else "main"))
    acc.append({"kind": "gitlab", "owner": "drees", "type": "group", "repos": glr})
    acc.append({"kind": "gitlab", "owner": "jdupont", "type": "user",
                "repos": [_repo(i, "perso-%d" % i) for i in range(5)]})
    acc.append({"kind": "gitea", "owner": "fabrique", "type": "org",
                "repos": [_repo(i, "app-%03d" % i) for i in range(120)]})
    acc.append({"kind": "gitea", "owner": "bob", "type": "user",
                "repos": [_repo(i, "bob-%d" % i) for i in range(3)]})
    acc.append({"kind": "bitbucket", "owner": "cnam", "type": "org",
                "repos": [_repo(i, "bb-%02d" % i) for i in range(25)]})
    acc.append({"kind": "sourcehut", "owner": "carol", "type": "user",
                "repos": [_repo(i, "srht-%02d" % i,
                                visibility="UNLISTED" if i == 5
                                else ("PRIVATE" if i >= 26 else "PUBLIC"))
                          for i in range(30)]})
    return {"accounts": acc}


def normalize_fixture(fx):
    """Give every repo an id and a namespace; index accounts by instance
    (None: served without /i/NAME/), then kind, then lower-case owner."""
    by_kind = {}
    next_id = 1000
    for a in fx.get("accounts", []):
        kinds = [a["kind"]]
        if a["kind"] == "gitea":
            kinds = ["gitea", "forgejo", "gogs"]
        for i, r in enumerate(a.get("repos", [])):
            # A fixture gives what it tests; the rest takes _repo's values.
            for k, v in _repo(i, r["name"]).items():
                r.setdefault(k, v)
            r.setdefault("namespace", a["owner"])
            next_id += 1
            r.setdefault("id", next_id)
            r.setdefault("visibility", "PRIVATE" if r.get("private") else "PUBLIC")
            if r["visibility"] != "PUBLIC":
                r["private"] = True
        for k in kinds:
            by_kind.setdefault(a.get("instance"), {}).setdefault(k, {})[
                a["owner"].lower()] = a
    return by_kind


def _h(s):
    """A stable small id for a name (Python's hash() changes per process)."""
    return zlib.crc32(s.encode()) % 100000 + 1


# --------------------------------------------------------------------------
# Forge renderers: the generic fixture repo into each API's JSON


# Where "{git}" in a fixture repo's "clone_url" points: this server's git
# endpoint, known once listening (main() sets it). A fixture that gives
# "clone_url": "{git}/NAME.git" makes the crawl fetch NAME.git from here.
GIT_BASE = "http://127.0.0.1:0/git"
# "{git2}": the same endpoint on the second listener (another host).
GIT_BASE2 = "http://127.0.0.2:0/git"


def _clone(r, host, full):
    c = r.get("clone_url")
    if not c:
        return "https://%s/%s.git" % (host, full)
    return c.replace("{git2}", GIT_BASE2).replace("{git}", GIT_BASE)


def _web(r, host, full):
    """The repository's web page: "html_url" of the fixture ("{git}" as in
    clone_url), else https://HOST/FULL."""
    w = r.get("html_url")
    return w.replace("{git}", GIT_BASE) if w else "https://%s/%s" % (host, full)


# --git-root, for "{git}" dates (main() sets it).
GIT_ROOT = None


def _stamp(r, key):
    """R's date KEY; "{git}": when its repository under --git-root last
    changed refs (a push), in the forges' UTC format."""
    v = r.get(key)
    if v != "{git}":
        return v
    c = r.get("clone_url") or ""
    latest = 0.0
    if GIT_ROOT and c.startswith("{git}/"):
        repo = os.path.join(GIT_ROOT, c[len("{git}/"):])
        for sub in ("refs/heads", "packed-refs", "HEAD"):
            path = os.path.join(repo, sub)
            try:
                latest = max(latest, os.stat(path).st_mtime)
                if os.path.isdir(path):
                    for n in os.listdir(path):
                        latest = max(latest, os.stat(os.path.join(path, n)).st_mtime)
            except OSError:
                pass
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(latest))


HOSTS = {"github": "github.com", "gitlab": "gitlab.com", "gitea": "codeberg.org",
         "forgejo": "codeberg.org", "gogs": "gogs.example.org",
         "bitbucket": "bitbucket.org", "sourcehut": "git.sr.ht"}


def gh_repo(a, r):
    host = HOSTS["github"]
    full = "%s/%s" % (a["owner"], r["name"])
    lic = r.get("license")
    return {
        "id": r["id"], "node_id": "R_%d" % r["id"], "name": r["name"],
        "full_name": full, "private": r["private"],
        "owner": {"login": a["owner"], "id": _h(a["owner"]),
                  "type": "User" if a["type"] == "user" else "Organization"},
        "html_url": _web(r, host, full),
        "description": r.get("description"), "fork": r["fork"],
        "url": "https://api.github.com/repos/%s" % full,
        "created_at": r["created_at"], "updated_at": _stamp(r, "updated_at"),
        "pushed_at": _stamp(r, "pushed_at"),
        "git_url": "git://%s/%s.git" % (host, full),
        "ssh_url": "git@%s:%s.git" % (host, full),
        "clone_url": _clone(r, host, full),
        "homepage": None, "size": 0 if r["empty"] else 1234,
        "stargazers_count": r["stars"], "watchers_count": r["stars"],
        "language": r.get("language"), "forks_count": r["forks"],
        "archived": r["archived"], "disabled": False,
        "open_issues_count": r["open_issues"],
        "license": None if not lic else {"key": lic.lower(), "name": lic,
                                         "spdx_id": lic, "url": None},
        "topics": r.get("topics", []),
        "visibility": "private" if r["private"] else "public",
        "mirror_url": "https://example.org/upstream.git" if r["mirror"] else None,
        "default_branch": r.get("default_branch") or "main",
        "is_template": bool(r.get("template")),
    }


def gh_account(a):
    t = "User" if a["type"] == "user" else "Organization"
    d = {"login": a["owner"], "id": _h(a["owner"]), "type": t,
         "name": a["owner"].capitalize(), "html_url": "https://github.com/%s" % a["owner"],
         "avatar_url": "https://avatars.example/%s" % a["owner"],
         "blog": "https://%s.example.org" % a["owner"], "location": "Paris",
         "email": None, "bio": "Compte de test", "description": "Compte de test",
         "public_repos": sum(1 for r in a["repos"] if not r["private"]),
         "followers": a.get("followers", 0),
         "created_at": "2019-01-01T00:00:00Z"}
    if t == "Organization":
        d["is_verified"] = False
    d.update(a.get("profile", {}))
    return d


def _fold(text):
    """TEXT lower-cased, accents off, punctuation as spaces (for search)."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def _matches(words, *fields):
    """Every one of WORDS is in one of FIELDS, as a substring."""
    hay = " ".join(_fold(f) for f in fields if f)
    return all(w in hay for w in words)


def _words(query):
    """The search words of QUERY, qualifiers (in:..., type:...) left out."""
    return [w for w in _fold(" ".join(t for t in (query or "").split()
                                      if ":" not in t)).split() if w]


def _display_name(a):
    return a.get("profile", {}).get("name") or a["owner"].capitalize()


def _file_of(accounts, owner, name, path):
    """The text of PATH in repository OWNER/NAME of ACCOUNTS, or None."""
    a = accounts.get(owner.lower())
    for r in (a or {}).get("repos", []):
        if r["name"].lower() == name.lower() and not r["private"]:
            return r.get("files", {}).get(path)
    return None


def gh_graphql_repo(a, r):
    """gh_repo()'s repository as GitHub's GraphQL API gives it."""
    rest = gh_repo(a, r)
    return {
        "nameWithOwner": rest["full_name"], "name": rest["name"],
        "url": rest["html_url"], "description": rest["description"],
        "isFork": rest["fork"], "isArchived": rest["archived"],
        "isPrivate": rest["private"], "visibility": rest["visibility"].upper(),
        "mirrorUrl": rest["mirror_url"], "diskUsage": rest["size"],
        "createdAt": rest["created_at"], "updatedAt": rest["updated_at"],
        "pushedAt": rest["pushed_at"], "stargazerCount": rest["stargazers_count"],
        "forkCount": rest["forks_count"],
        "primaryLanguage": {"name": rest["language"]} if rest["language"] else None,
        "licenseInfo": {"spdxId": rest["license"]["spdx_id"],
                        "key": rest["license"]["key"]} if rest["license"] else None,
        "defaultBranchRef": {"name": rest["default_branch"]},
        "databaseId": rest["id"], "isTemplate": rest["is_template"],
        "owner": {"__typename": rest["owner"]["type"]},
    }


def gh_graphql_owner(a):
    """gh_account()'s owner as GitHub's GraphQL API gives it."""
    rest = gh_account(a)
    o = {"__typename": rest["type"], "login": rest["login"],
         "url": rest["html_url"], "avatarUrl": rest["avatar_url"],
         "name": rest["name"], "websiteUrl": rest["blog"], "email": rest["email"],
         "location": rest["location"], "createdAt": rest["created_at"]}
    o["bio" if rest["type"] == "User" else "description"] = rest["description"]
    if rest["type"] == "User":
        o["followers"] = {"totalCount": rest["followers"]}
    return o


def gl_project(a, r):
    host = HOSTS["gitlab"]
    ns = r["namespace"]
    full = "%s/%s" % (ns, r["name"])
    p = {
        "id": r["id"], "name": r["name"], "path": r["name"],
        "path_with_namespace": full,
        "name_with_namespace": " / ".join(ns.split("/") + [r["name"]]),
        "namespace": {"id": _h(ns), "name": ns.split("/")[-1],
                      "path": ns.split("/")[-1],
                      "kind": "user" if a["type"] == "user" else "group",
                      "full_path": ns},
        "description": r.get("description"),
        "default_branch": r.get("default_branch"),
        "visibility": "private" if r["private"] else "public",
        "web_url": _web(r, host, full),
        "http_url_to_repo": _clone(r, host, full),
        "ssh_url_to_repo": "git@%s:%s.git" % (host, full),
        "readme_url": None if r["empty"] else "https://%s/%s/-/blob/main/README.md" % (host, full),
        "topics": r.get("topics", []), "tag_list": r.get("topics", []),
        "star_count": r["stars"], "forks_count": r["forks"],
        "open_issues_count": r["open_issues"], "archived": r["archived"],
        "empty_repo": r["empty"], "mirror": r["mirror"],
        "created_at": r["created_at"], "last_activity_at": _stamp(r, "pushed_at"),
        "updated_at": _stamp(r, "updated_at"),
    }
    if r["fork"]:
        p["forked_from_project"] = {"id": 1, "path_with_namespace": "upstream/%s" % r["name"]}
    return p


def gl_group(a, gpath):
    """GET /groups/PATH's answer for group GPATH (A: the account named so,
    or None for a subgroup)."""
    d = {"id": _h(gpath), "name": gpath.split("/")[-1],
         "path": gpath.split("/")[-1], "full_path": gpath,
         "web_url": "https://gitlab.com/groups/%s" % gpath,
         "description": "Groupe %s" % gpath,
         "avatar_url": "https://gitlab.example/uploads/group/%s.png" % gpath,
         "visibility": "public"}
    return d


def gl_graphql_project(a, r):
    """gl_project()'s project as GitLab's GraphQL API gives it (Project:
    docs.gitlab.com/api/graphql/reference). No "mirror": the type has
    none."""
    rest = gl_project(a, r)
    return {
        "id": "gid://gitlab/Project/%d" % rest["id"], "path": rest["path"],
        "fullPath": rest["path_with_namespace"], "webUrl": rest["web_url"],
        "httpUrlToRepo": rest["http_url_to_repo"],
        "description": rest["description"], "visibility": rest["visibility"],
        "archived": rest["archived"], "createdAt": rest["created_at"],
        "lastActivityAt": rest["last_activity_at"],
        "updatedAt": rest["updated_at"], "starCount": rest["star_count"],
        "forksCount": rest["forks_count"],
        "openIssuesCount": rest["open_issues_count"], "topics": rest["topics"],
        "forkedFrom": {"id": "gid://gitlab/Project/1"}
        if "forked_from_project" in rest else None,
        "repository": {"rootRef": rest["default_branch"],
                       "empty": rest["empty_repo"]},
    }


def gl_graphql_group(gpath):
    """gl_group()'s group as the GraphQL API gives it (Group)."""
    rest = gl_group(None, gpath)
    return {"fullPath": rest["full_path"], "name": rest["name"],
            "description": rest["description"], "webUrl": rest["web_url"],
            "avatarUrl": rest["avatar_url"], "createdAt": rest.get("created_at")}


# -- GitLab GraphQL: a query's complexity as GitLab computes it --------------

# Fields that call Gitaly cost one more (calls_gitaly: true in GitLab's
# app/graphql/types/project_type.rb and repository_type.rb).
GL_GITALY_FIELDS = {"forksCount", "rootRef", "empty"}
# Fields resolved by a resolver: their children plus one, times 1 + 1% per
# item for a connection (app/graphql/types/base_field.rb,
# app/graphql/resolvers/base_resolver.rb).
GL_RESOLVER_FIELDS = {"group", "project", "projects"}
GL_CONNECTIONS = {"projects"}


def _gql_tokens(text):
    return re.findall(r'\.\.\.|"(?:[^"\\]|\\.)*"|[A-Za-z_$][A-Za-z0-9_]*|-?\d+|[{}()\[\]:!,=@]',
                      text)


def _gql_parse(text):
    """TEXT as (operation selection set, {fragment name: selection set});
    a selection set is a list of ("field", name, args, children) and
    ("spread", name). Only what the plug-ins send: no directives."""
    toks = _gql_tokens(text)
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def take(want=None):
        t = peek()
        if t is None or (want is not None and t != want):
            raise ValueError("syntax error near %r" % t)
        pos[0] += 1
        return t

    def skip_parens():
        depth = 0
        args = {}
        key = None
        while True:
            t = take()
            if t == "(":
                depth += 1
            elif t == ")":
                depth -= 1
                if depth == 0:
                    return args
            elif depth == 1 and peek() == ":" and key is None:
                key = t
                take(":")
                args[key] = take()
                key = None

    def selection_set():
        take("{")
        out = []
        while peek() != "}":
            if peek() == "...":
                take("...")
                if peek() == "on":
                    take("on")
                    take()
                    out.append(("inline", None, {}, selection_set()))
                else:
                    out.append(("spread", take(), {}, None))
                continue
            name = take()
            if peek() == ":":
                take(":")
                name = take()
            args = skip_parens() if peek() == "(" else {}
            children = selection_set() if peek() == "{" else None
            out.append(("field", name, args, children))
            if peek() == ",":
                take(",")
        take("}")
        return out

    operation, fragments = None, {}
    while peek() is not None:
        t = peek()
        if t == "fragment":
            take("fragment")
            name = take()
            take("on")
            take()
            fragments[name] = selection_set()
        elif t == "{":
            operation = selection_set()
        else:
            take()
            if peek() == "(":
                skip_parens()
    if operation is None:
        raise ValueError("no operation")
    return operation, fragments


def gl_graphql_complexity(text):
    """The complexity GitLab gives query TEXT; ValueError when it is not
    a query this server reads."""
    operation, fragments = _gql_parse(text)

    def cost(sel, depth=0):
        if depth > 20:
            raise ValueError("fragment cycle")
        total = 0
        for kind, name, args, children in sel:
            if kind == "spread":
                if name not in fragments:
                    raise ValueError("Fragment %s was used, but not defined" % name)
                total += cost(fragments[name], depth + 1)
            elif kind == "inline":
                total += cost(children, depth + 1)
            else:
                child = cost(children, depth + 1) if children else 0
                if name in GL_RESOLVER_FIELDS:
                    c = child + 1
                    if name in GL_CONNECTIONS:
                        first = min(int(args.get("first", "100")), 100)
                        c = int(c + c * first * 0.01)
                    total += c
                else:
                    total += 1 + (name in GL_GITALY_FIELDS) + child
        return total

    return cost(operation)


def gitea_repo(kind, a, r):
    host = HOSTS[kind]
    full = "%s/%s" % (a["owner"], r["name"])
    lic = r.get("license")
    return {
        "id": r["id"], "owner": {"id": 1, "login": a["owner"], "username": a["owner"]},
        "name": r["name"], "full_name": full, "description": r.get("description") or "",
        "empty": r["empty"], "private": r["private"], "fork": r["fork"],
        "parent": {"full_name": "up/%s" % r["name"]} if r["fork"] else None,
        "mirror": r["mirror"], "size": 0 if r["empty"] else 100,
        "language": r.get("language") or "", "html_url": _web(r, host, full),
        "clone_url": _clone(r, host, full),
        "ssh_url": "git@%s:%s.git" % (host, full), "website": "",
        "stars_count": r["stars"], "forks_count": r["forks"],
        "watchers_count": r.get("subscribers", 1), "template": bool(r.get("template")),
        "open_issues_count": r["open_issues"], "default_branch": r.get("default_branch") or "main",
        "archived": r["archived"], "created_at": r["created_at"],
        "updated_at": _stamp(r, "updated_at"), "topics": r.get("topics", []),
        "licenses": [lic] if lic else [], "internal": False,
    }


def bb_repo(a, r):
    full = "%s/%s" % (a["owner"], r["name"])
    d = {
        "type": "repository", "full_name": full, "name": r["name"], "slug": r["name"],
        "description": r.get("description") or "", "is_private": r["private"],
        "fork_policy": "allow_forks", "language": (r.get("language") or "").lower(),
        "created_on": r["created_at"].replace("Z", ".000000+00:00"),
        "updated_on": _stamp(r, "updated_at").replace("Z", ".000000+00:00"),
        "mainbranch": {"type": "branch", "name": r.get("default_branch") or "main"},
        "uuid": "{%08d-0000-0000-0000-000000000000}" % r["id"], "scm": "git",
        "size": 100, "has_issues": True, "has_wiki": False,
        "workspace": {"type": "workspace", "slug": a["owner"], "name": a["owner"]},
        "owner": {"type": "team", "username": a["owner"], "display_name": a["owner"]},
        "project": {"type": "project", "key": "PRJ"},
        "links": {"html": {"href": _web(r, "bitbucket.org", full)},
                  "clone": [{"name": "https", "href": _clone(r, "bitbucket.org", full)},
                            {"name": "ssh", "href": "git@bitbucket.org:%s.git" % full}]},
    }
    if r["fork"]:
        d["parent"] = {"full_name": "up/%s" % r["name"], "type": "repository"}
    return d


def srht_repo(a, r):
    return {"id": r["id"], "rid": "rid-%d" % r["id"], "name": r["name"],
            "description": r.get("description"), "visibility": r["visibility"],
            "created": r["created_at"], "updated": _stamp(r, "updated_at"),
            "HEAD": None if r["empty"] else {"name": "refs/heads/%s" % (r.get("default_branch") or "main")},
            "owner": {"canonicalName": "~" + a["owner"]}}


# --------------------------------------------------------------------------
# The server


FAULT_KINDS = {
    "ratelimit", "ratelimit429", "secondary", "gitlab_ratelimit", "gitlab_403",
    "retry_after", "retry_after_date", "forbidden", "status", "truncate",
    "truncated_json", "html", "wrong_json", "slow", "redirect", "huge", "close",
    "pack_truncate", "pack_corrupt", "run", "dribble", "delta_bomb",
    "graphql_error", "gitlab_complexity",
}


class State:
    def __init__(self, args):
        self.args = args
        fx = builtin_fixture()
        if args.fixture:
            with open(args.fixture, encoding="utf-8") as f:
                fx = json.load(f)
        self.instances = normalize_fixture(fx)
        self.git_answers = {}   # --git-cache
        self.real_paths = {}    # --git-cache: real_repo()
        lim = fx.get("search_limit", {})
        self.search_limit = int(lim.get("limit", 30))
        self.search_window = float(lim.get("window", 60))
        self.search_start = time.time()
        self.search_used = 0
        self.lock = threading.Lock()
        self.faults = []
        self.log = []
        self.n = 0
        self.logf = open(args.log, "a", encoding="utf-8") if args.log else None
        self.host2 = "127.0.0.1"
        self.port2 = 0
        if args.faults:
            self.set_faults(json.loads(args.faults))

    def set_faults(self, faults):
        for f in faults:
            if not isinstance(f, dict) or f.get("kind") not in FAULT_KINDS:
                raise ValueError("unknown fault kind %r (known: %s)"
                                 % (f.get("kind") if isinstance(f, dict) else f,
                                    ", ".join(sorted(FAULT_KINDS))))
        with self.lock:
            self.faults = []
            for f in faults:
                f = dict(f)
                f["_seen"] = 0
                f["_applied"] = 0
                self.faults.append(f)

    def search_take(self):
        """One search of the window: (allowed, remaining, reset epoch)."""
        with self.lock:
            now = time.time()
            if now >= self.search_start + self.search_window:
                self.search_start, self.search_used = now, 0
            reset = int(self.search_start + self.search_window + 0.999)
            if self.search_used >= self.search_limit:
                return False, 0, reset
            self.search_used += 1
            return True, self.search_limit - self.search_used, reset

    def next_seq(self):
        with self.lock:
            self.n += 1
            return self.n

    def pick_fault(self, seq, server, method, target, auth):
        with self.lock:
            for f in self.faults:
                if "nth" in f and seq not in f["nth"]:
                    continue
                if f.get("server") and int(f["server"]) != server:
                    continue
                if f.get("method") and f["method"] != method:
                    continue
                if f.get("path") and not re.search(f["path"], target):
                    continue
                if "auth" in f and not re.search(f["auth"], auth or ""):
                    continue
                f["_seen"] += 1
                if f["_seen"] <= int(f.get("skip", 0)):
                    continue
                count = int(f.get("count", -1))
                if 0 <= count <= f["_applied"]:
                    continue
                f["_applied"] += 1
                return f
        return None

    def change_repos(self, changes):
        """POST /_control/repos: (status, body)."""
        with self.lock:
            for c in changes:
                found = None
                for forges in self.instances.values():
                    a = forges.get(c["kind"], {}).get(c["owner"].lower())
                    for r in (a or {}).get("repos", []):
                        if r["name"] == c["name"]:
                            found = r
                if found is None:
                    return 404, json.dumps({"message": "no repository %s/%s/%s"
                                            % (c["kind"], c["owner"], c["name"])})
                found.update(c.get("set") or {})
        return 200, "{}"

    def record(self, entry):
        with self.lock:
            self.log.append(entry)
            if self.logf:
                self.logf.write(json.dumps(entry) + "\n")
                self.logf.flush()


def paginate(items, page, per_page):
    start = (page - 1) * per_page
    return items[start:start + per_page], start + per_page < len(items)


def intarg(q, name, default, lo=1, hi=None):
    try:
        v = int(q.get(name, [default])[0])
    except (TypeError, ValueError):
        v = default
    v = max(v, lo)
    if hi is not None:
        v = min(v, hi)
    return v


def with_query(base, q, **changes):
    d = {k: v[0] for k, v in q.items()}
    d.update({k: str(v) for k, v in changes.items()})
    return base + "?" + urllib.parse.urlencode(sorted(d.items()))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fakeforge/1"
    # TCP_NODELAY: headers and body go out in two writes; with Nagle the
    # body waited for the client's delayed ACK, 40 ms on every git answer.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet: the JSON log is the record
        pass

    # -- plumbing ---------------------------------------------------------

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = b""
            while True:
                line = self.rfile.readline(1024)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                out += self.rfile.read(size)
                self.rfile.readline(8)
        else:
            n = int(self.headers.get("Content-Length") or 0)
            out = self.rfile.read(n) if n else b""
        if self.headers.get("Content-Encoding", "").lower() == "gzip":
            out = gzip.decompress(out)
        return out

    def send(self, status, body=b"", headers=None, ctype="application/json",
             etag=False, truncate=False):
        if isinstance(body, str):
            body = body.encode()
        headers = dict(headers or {})
        if etag and status == 200 and self.command == "GET":
            tag = '"%s"' % hashlib.sha1(body).hexdigest()[:20]
            headers["ETag"] = tag
            inm = self.headers.get("If-None-Match")
            if inm and tag in [t.strip() for t in inm.split(",")]:
                status, body = 304, b""
        sent = body[:len(body) // 2] if truncate else body
        self._status = status
        self._bytes = len(sent)
        # Log before answering: a client that reads the log right after
        # its last response must find that response there.
        self.record()
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        if truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        rate = getattr(self, "_dribble", 0)
        if self.command != "HEAD" and rate:
            for i in range(0, len(sent), rate):
                self.wfile.write(sent[i:i + rate])
                self.wfile.flush()
                time.sleep(1)
        elif self.command != "HEAD":
            self.wfile.write(sent)
            self.wfile.flush()
        if truncate:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def json(self, status, obj, headers=None):
        h = {"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4999",
             "x-ratelimit-reset": str(int(time.time()) + 3600)}
        h.update(headers or {})
        self.send(status, json.dumps(obj, ensure_ascii=False), h, etag=True)

    def not_found(self):
        self.json(404, {"message": "Not Found"})

    # -- dispatch ---------------------------------------------------------

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def do_HEAD(self):
        self.handle_any()

    def record(self):
        if self._recorded or self._path.startswith("/_control/"):
            return
        self._recorded = True
        self.server.state.record({
            "n": self._seq, "server": self.server.number, "method": self.command,
            "path": self._path, "query": self._query,
            "headers": {k: v for k, v in self.headers.items()},
            "status": self._status, "bytes": self._bytes,
            "fault": self._fault["kind"] if self._fault else None,
            "t0": self._t0, "t1": time.monotonic(), "peer": self.client_address[1],
            **self._extra})

    def handle_any(self):
        st = self.server.state
        self._t0 = time.monotonic()
        self._status, self._bytes, self._fault, self._seq = 0, 0, None, 0
        self._extra = {}
        self._recorded = False
        self._dribble = 0
        self._mangle = None
        self._max_complexity = None     # gitlab_complexity fault
        self._graphql_error = None      # graphql_error fault for one group
        url = urllib.parse.urlsplit(self.path)
        path, query = url.path, url.query
        self._path, self._query = path, query
        body = b""
        try:
            body = self.read_body()
            if path.startswith("/_control/"):
                return self.control(path, body)
            target = path + ("?" + query if query else "")
            self._seq = st.next_seq()
            fault = self._fault = st.pick_fault(self._seq, self.server.number,
                                                self.command, target,
                                                self.headers.get("Authorization"))
            if fault and self.apply_fault(fault, path, query):
                return
            self.route(path, urllib.parse.parse_qs(query), body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self.record()    # answers that never went through send()

    def control(self, path, body):
        st = self.server.state
        if path == "/_control/faults" and self.command == "POST":
            try:
                st.set_faults(json.loads(body or b"[]"))
            except ValueError as e:
                return self.send(400, json.dumps({"error": str(e)}))
            return self.send(200, "{}")
        if path == "/_control/reset" and self.command == "POST":
            st.set_faults([])
            with st.lock:
                st.log = []
                st.n = 0
                st.search_start, st.search_used = time.time(), 0
            return self.send(200, "{}")
        if path == "/_control/repos" and self.command == "POST":
            return self.send(*st.change_repos(json.loads(body or b"[]")))
        if path == "/_control/fixture" and self.command == "POST":
            forges = normalize_fixture(json.loads(body or b"{}"))
            with st.lock:
                st.instances = forges
            return self.send(200, "{}")
        if path == "/_control/log":
            with st.lock:
                text = "".join(json.dumps(e) + "\n" for e in st.log)
            return self.send(200, text, ctype="application/x-ndjson")
        return self.send(404, "{}")

    def apply_fault(self, f, path, query):
        """Answer with the fault; False to go on with the normal answer."""
        kind, arg = f["kind"], f.get("arg")
        if f.get("delay"):
            time.sleep(float(f["delay"]))
        now = int(time.time())
        # "run" takes a command; a fractional arg ("slow": 0.05 or "0.05")
        # must not fail here.
        try:
            wait = int(float(arg)) if arg is not None else 1
        except (TypeError, ValueError):
            wait = 1
        if kind == "ratelimit" or kind == "ratelimit429":
            self.send(403 if kind == "ratelimit" else 429,
                      json.dumps({"message": "API rate limit exceeded for 127.0.0.1.",
                                  "documentation_url": "https://docs.github.com/rest"}),
                      {"x-ratelimit-limit": "60", "x-ratelimit-remaining": "0",
                       "x-ratelimit-used": "60", "x-ratelimit-reset": str(now + wait)})
        elif kind == "secondary":
            self.send(403, json.dumps({"message": "You have exceeded a secondary rate limit. "
                                                  "Please wait a few minutes before you try again."}),
                      {"Retry-After": str(wait), "x-ratelimit-remaining": "4000"})
        elif kind == "gitlab_ratelimit":
            self.send(429, "Retry later\n",
                      {"RateLimit-Limit": "600", "RateLimit-Observed": "601",
                       "RateLimit-Remaining": "0", "RateLimit-Reset": str(now + wait),
                       "RateLimit-ResetTime": email.utils.formatdate(now + wait, usegmt=True),
                       "Retry-After": str(wait)}, ctype="text/plain")
        elif kind == "gitlab_403":
            self.send(403, json.dumps({"message": "403 Forbidden"}),
                      {"RateLimit-Remaining": "0", "RateLimit-Reset": str(now + wait)})
        elif kind == "retry_after":
            self.send(429, json.dumps({"message": "Too Many Requests"}),
                      {"Retry-After": str(wait)})
        elif kind == "retry_after_date":
            self.send(429, json.dumps({"message": "Too Many Requests"}),
                      {"Retry-After": email.utils.formatdate(now + wait, usegmt=True)})
        elif kind == "forbidden":
            self.send(403, json.dumps({"message": f.get("message",
                                                        "Must have admin rights to Repository.")}),
                      {"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4990"})
        elif kind == "status":
            code = int(arg or 500)
            self.send(code, "<html><body><h1>%d</h1>Something broke.</body></html>" % code,
                      ctype="text/html")
        elif kind == "html":
            self.send(200, "<!DOCTYPE html><html><head><title>Maintenance</title></head>"
                           "<body>Back soon.</body></html>", ctype="text/html")
        elif kind == "wrong_json":
            self.send(200, json.dumps({"unexpected": True}))
        elif kind == "close":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif kind == "huge":
            size = int(arg or 8 << 20)
            fill = f.get("fill")
            if fill:
                n = max(0, (size - 4) // len(fill))
                self.send(200, "[" + fill * n + "{}]")
            else:
                self.send(200, "[" + " " * (size - 2) + "]")
        elif kind == "redirect":
            host = "%s:%d" % (self.server.state.host2, self.server.state.port2)
            loc = "http://%s%s%s" % (host, path, "?" + query if query else "")
            if f.get("location"):
                loc = f["location"].replace("{path}", path + ("?" + query if query else ""))
            self.send(int(arg or 302), "", {"Location": loc})
        elif kind == "run":
            subprocess.run(["sh", "-c", str(arg)], cwd=self.server.state.args.git_root or ".",
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=60, check=False)
            return False
        elif kind in ("pack_truncate", "pack_corrupt"):
            self._mangle = kind
            return False
        elif kind == "delta_bomb":
            self._mangle = kind
            self._bomb = (int(arg or 1 << 30), int(f.get("chain", 1)))
            return False
        elif kind == "dribble":
            self._dribble = max(1, int(float(arg or 2)))
            return False
        elif kind == "graphql_error":
            group = f.get("group")
            if group:   # that group only: the GraphQL answer does it
                self._graphql_error = (group, f.get("message", "Internal server error"))
                return False
            self.send(200, json.dumps({"errors": [{
                "message": f.get("message", "Field 'forkedFrom' doesn't exist on type 'Project'"),
                "locations": [{"line": 1, "column": 1}],
                "extensions": {"code": "undefinedField", "typeName": "Project",
                               "fieldName": "forkedFrom"}}]}))
        elif kind == "gitlab_complexity":
            self._max_complexity = int(float(arg if arg is not None else 200))
            return False
        elif kind in ("slow", "truncate", "truncated_json"):
            if kind == "slow":
                time.sleep(float(arg if arg is not None else 2))
                return False
            self._mangle = kind
            return False
        else:  # set_faults refuses unknown kinds: never reached
            raise ValueError("unknown fault kind %r" % kind)
        return True

    def send_mangled(self, status, body, headers, ctype="application/json"):
        kind = getattr(self, "_mangle", None)
        if kind == "truncate":
            return self.send(status, body, headers, ctype=ctype, truncate=True)
        if kind == "truncated_json":
            body = body.encode() if isinstance(body, str) else body
            return self.send(status, body[:len(body) // 2], headers, ctype=ctype)
        return None

    def forges(self, kind):
        """The accounts of KIND this request's instance serves."""
        return self.server.state.instances.get(self._instance, {}).get(kind, {})

    def route(self, path, q, body):
        parts = [urllib.parse.unquote(p) for p in path.split("/")[1:]]
        self._instance = None
        if len(parts) > 2 and parts[0] == "i":
            self._instance = parts[1]
            parts = parts[2:]
            path = "/" + "/".join(path.split("/")[3:])
        if self.one_repository(parts, q):
            return None
        head = parts[0] if parts else ""
        if head == "github" and parts[1:] == ["graphql"] and self.command == "POST":
            return self.github_graphql(body)
        if head == "github":
            return self.github(parts[1:], q)
        if head == "gitlab" and parts[1:] == ["api", "graphql"] and self.command == "POST":
            return self.gitlab_graphql(body)
        if head == "gitlab" and parts[1:3] == ["api", "v4"]:
            return self.gitlab(parts[3:], q, path)
        if head in ("gitea", "forgejo", "gogs") and parts[1:3] == ["api", "v1"]:
            return self.gitea(head, parts[3:], q)
        if head == "bitbucket" and parts[1:2] == ["2.0"]:
            return self.bitbucket(parts[2:], q)
        if head == "sourcehut" and parts[1:] == ["query"]:
            return self.sourcehut(body)
        if head == "git" and self.server.state.args.git_root:
            return self.git(path[len("/git"):], body)
        return self.not_found()

    def one_repository(self, parts, q):
        """Answer a single-repository request, as `inventaire check` asks
        it (forges/repo_one.c); False when PARTS is none:
            github     GET /github/repos/OWNER/NAME
            gitlab     GET /gitlab/api/v4/projects/GROUP%2FNAME[?license=true]
            gitea      GET /{gitea,forgejo,gogs}/api/v1/repos/OWNER/NAME
            bitbucket  GET /bitbucket/2.0/repositories/WORKSPACE/SLUG
        Each answer is the object the listing holds for that repository;
        a private or unknown one is a 404. SourceHut is not asked (its
        API gives no licence)."""
        if self.command != "GET" or not parts:
            return False
        head, n = parts[0], len(parts)
        def find(kind, full):
            for a in self.forges(kind).values():
                for r in a["repos"]:
                    if ("%s/%s" % (r["namespace"], r["name"])).lower() == full.lower() \
                            and not r["private"]:
                        return a, r
            return None, None

        if head == "github" and n == 4 and parts[1] == "repos":
            a, r = find("github", "/".join(parts[2:]))
            render = gh_repo
        elif head == "gitlab" and n == 5 and parts[1:4] == ["api", "v4", "projects"]:
            a, r = find("gitlab", parts[4])
            render = gl_project
        elif (head in ("gitea", "forgejo", "gogs") and n == 6 and
              parts[1:4] == ["api", "v1", "repos"]):
            a, r = find(head, "/".join(parts[4:]))
            render = lambda a, r: gitea_repo(head, a, r)  # noqa: E731
        elif head == "bitbucket" and n == 5 and parts[1:3] == ["2.0", "repositories"]:
            a, r = find("bitbucket", "/".join(parts[3:]))
            render = bb_repo
        else:
            return False
        if r is None:
            if head == "bitbucket":
                self.json(404, {"type": "error", "error": {"message": "Repository not found"}})
            else:
                self.json(404, {"message": "Not Found"})
            return True
        d = render(a, r)
        if head == "github":
            # Only the single-repository object has it
            # (repos/repos#get-a-repository).
            d["subscribers_count"] = r.get("subscribers", 0)
            # The crawl asks it for the subscribers: the log says so.
            self._extra["watchers"] = 1
        if head == "gitlab" and q.get("license", [""])[0] == "true":
            # projects.html, "Get a single project": license=true adds it.
            lic = r.get("license")
            d["license"] = None if not lic else {
                "key": lic.lower(), "name": lic, "nickname": None,
                "html_url": None, "source_url": None}
        self.json(200, d)
        return True

    def paged(self, items, headers, base, q, page, per_page, more, extra=None):
        """Send a JSON page, mangled by a truncate fault when one applies."""
        h = dict(headers)
        h.update(extra or {})
        data = json.dumps(items, ensure_ascii=False)
        if self.send_mangled(200, data, h) is None:
            self.json(200, items, h)

    def link(self, base, q, pages, page, pname="page"):
        links = []
        if page < pages:
            links.append('<%s>; rel="next"' % with_query(base, q, **{pname: page + 1}))
            links.append('<%s>; rel="last"' % with_query(base, q, **{pname: pages}))
        if page > 1:
            links.append('<%s>; rel="prev"' % with_query(base, q, **{pname: page - 1}))
            links.append('<%s>; rel="first"' % with_query(base, q, **{pname: 1}))
        return ", ".join(links)

    def base(self):
        return "http://%s%s" % (self.headers.get("Host", "127.0.0.1"),
                                urllib.parse.urlsplit(self.path).path)

    # -- GitHub REST (apis.md §2) -----------------------------------------

    def github_repo(self, owner, name):
        a = self.forges("github").get(owner.lower())
        for r in (a or {}).get("repos", []):
            if r["name"].lower() == name.lower() and not r["private"]:
                return a, r
        return None, None

    def github_graphql_watchers(self, body):
        """What forges/github.c's subscriber reader asks: an alias per
        repository, "rN: repository(owner: $oN, name: $nN)"."""
        auth = self.headers.get("Authorization", "")
        if not auth.lower().startswith(("token ", "bearer ")):
            return self.json(401, {"message": "This endpoint requires you to be authenticated."})
        try:
            req = json.loads(body or b"{}")
            query, var = req.get("query", ""), req.get("variables") or {}
        except (ValueError, AttributeError):
            return self.json(400, {"message": "Problems parsing JSON"})
        data, errors = {}, []
        for alias, o, n in re.findall(
                r"(r\d+)\s*:\s*repository\s*\(\s*owner\s*:\s*\$(\w+)\s*,\s*name\s*:\s*\$(\w+)",
                query):
            a, r = self.github_repo(str(var.get(o, "")), str(var.get(n, "")))
            if r is None:
                data[alias] = None
                errors.append({"type": "NOT_FOUND", "path": [alias],
                               "message": "Could not resolve to a Repository."})
            else:
                data[alias] = {"nameWithOwner": "%s/%s" % (a["owner"], r["name"]),
                               "watchers": {"totalCount": r.get("subscribers", 0)}}
        # in the log: how many repositories' subscribers were asked
        self._extra["watchers"] = len(data)
        res = {"data": data}
        if errors:
            res["errors"] = errors
        return self.json(200, res)

    def github(self, p, q):
        accounts = self.forges("github")
        if len(p) == 3 and p[0] == "repos":
            a, r = self.github_repo(p[1], p[2])
            if r is None:
                return self.json(404, {"message": "Not Found"})
            d = gh_repo(a, r)
            d["subscribers_count"] = r.get("subscribers", 0)
            self._extra["watchers"] = 1
            return self.json(200, d)
        if len(p) == 2 and p[0] in ("users", "orgs"):
            a = accounts.get(p[1].lower())
            if not a or (p[0] == "orgs" and a["type"] != "org"):
                return self.not_found()
            return self.json(200, gh_account(a))
        if len(p) == 3 and p[0] in ("users", "orgs") and p[2] == "repos":
            a = accounts.get(p[1].lower())
            if not a or (p[0] == "orgs" and a["type"] != "org"):
                return self.not_found()
            repos = [gh_repo(a, r) for r in a["repos"] if not r["private"]]
            per_page = intarg(q, "per_page", 30, 1, 100)
            page = intarg(q, "page", 1)
            items, more = paginate(repos, page, per_page)
            pages = max(1, -(-len(repos) // per_page))
            link = self.link(self.base(), q, pages, page)
            return self.paged(items, {"Link": link} if link else {}, None, q, page,
                              per_page, more)
        if p == ["search", "users"]:
            return self.github_search(accounts, q)
        if len(p) >= 4 and p[0] == "repos" and (p[3] == "readme" or
                                                 (p[3] == "contents" and len(p) > 4)):
            path = "README.md" if p[3] == "readme" else "/".join(p[4:])
            text = _file_of(accounts, p[1], p[2], path)
            if text is None:
                return self.not_found()
            return self.send(200, text, ctype="application/vnd.github.raw+json")
        return self.not_found()

    # -- GitHub GraphQL: what forges/github_graphql.c asks ------------------

    def github_graphql(self, body):
        """An alias per account, "aN: repositoryOwner(login: $lN)", its
        repositories 100 a page after the cursor $cN; the cost as GitHub
        counts it (a connection is a request, 100 requests a point, at
        least one), in rateLimit and in the log's "cost"."""
        if not self.headers.get("Authorization"):
            return self.json(401, {"message": "This endpoint requires you to "
                                              "be authenticated."})
        try:
            req = json.loads(body or b"{}")
            query, var = req["query"], req.get("variables") or {}
        except (ValueError, KeyError, TypeError):
            return self.json(400, {"message": "Problems parsing JSON"})
        if "repositoryOwner(" not in query:
            return self.github_graphql_watchers(body)
        accounts = self.forges("github")
        data, errors, connections = {}, [], 0
        for m in re.finditer(r"(a\d+): repositoryOwner\(login: \$(l\d+)\) \{ "
                             r"(\.\.\.O )?repositories\(first: (\d+), after: \$(c\d+)",
                             query):
            alias, login = m.group(1), var.get(m.group(2)) or ""
            a = accounts.get(login.lower())
            if not a:
                data[alias] = None
                errors.append({"type": "NOT_FOUND", "path": [alias],
                               "message": "Could not resolve to a User with the "
                                          "login of '%s'." % login})
                continue
            connections += 1
            repos = sorted((r for r in a["repos"] if not r["private"]),
                           key=lambda r: r["name"].lower())
            first = min(int(m.group(4)), 100)
            cursor = var.get(m.group(5))
            start = int(base64.b64decode(cursor).decode()) if cursor else 0
            page = repos[start:start + first]
            more = start + first < len(repos)
            o = gh_graphql_owner(a) if m.group(3) else {}
            o["repositories"] = {
                "totalCount": len(repos),
                "pageInfo": {"hasNextPage": more, "endCursor": base64.b64encode(
                    str(start + len(page)).encode()).decode() if page else None},
                "nodes": [gh_graphql_repo(a, r) for r in page]}
            data[alias] = o
        cost = max(1, round(connections / 100))
        self._extra["cost"] = cost
        data["rateLimit"] = {"cost": cost, "remaining": 5000 - cost,
                             "resetAt": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                      time.gmtime(time.time() + 3600))}
        out = {"data": data}
        if errors:
            out["errors"] = errors
        return self.send(200, json.dumps(out, ensure_ascii=False))

    def github_search(self, accounts, q):
        """GET /search/users (docs.github.com/en/rest/search/search), paced
        by the search window: 403 with x-ratelimit-remaining 0 past it."""
        ok, remaining, reset = self.server.state.search_take()
        rate = {"x-ratelimit-limit": str(self.server.state.search_limit),
                "x-ratelimit-remaining": str(remaining),
                "x-ratelimit-used": str(self.server.state.search_limit - remaining),
                "x-ratelimit-reset": str(reset), "x-ratelimit-resource": "search"}
        if not ok:
            return self.send(403, json.dumps({
                "message": "API rate limit exceeded for 127.0.0.1.",
                "documentation_url": "https://docs.github.com/rest/search/search"}),
                rate)
        words = _words(q.get("q", [""])[0])
        per_page = intarg(q, "per_page", 30, 1, 100)
        found = [a for a in sorted(accounts.values(), key=lambda a: a["owner"].lower())
                 if words and _matches(words, a["owner"], _display_name(a))]
        items = [{"login": a["owner"], "id": _h(a["owner"]),
                  "html_url": "https://github.com/%s" % a["owner"],
                  "type": "User" if a["type"] == "user" else "Organization",
                  "score": 1.0} for a in found[:per_page]]
        return self.json(200, {"total_count": len(found), "incomplete_results": False,
                               "items": items}, rate)

    # -- GitLab v4 (apis.md §3) -------------------------------------------

    def gitlab(self, p, q, path):
        accounts = self.forges("gitlab")
        allrepos = sorted(((a, r) for a in accounts.values() for r in a["repos"]
                           if not r["private"]), key=lambda ar: ar[1]["id"])

        def groups():
            out = set()
            for a in accounts.values():
                if a["type"] != "group":
                    continue
                for r in a["repos"]:
                    parts = r["namespace"].split("/")
                    for i in range(1, len(parts) + 1):
                        out.add("/".join(parts[:i]))
            return out

        def offset_page(pairs):
            per_page = intarg(q, "per_page", 20, 1, 100)
            page = intarg(q, "page", 1)
            items, more = paginate(pairs, page, per_page)
            pages = max(1, -(-len(pairs) // per_page))
            h = {"X-Page": str(page), "X-Per-Page": str(per_page),
                 "X-Next-Page": str(page + 1) if more else "",
                 "X-Prev-Page": str(page - 1) if page > 1 else "",
                 "X-Total": str(len(pairs)), "X-Total-Pages": str(pages)}
            link = self.link(self.base(), q, pages, page)
            if link:
                h["Link"] = link
            return self.paged([gl_project(a, r) for a, r in items], h, None, q,
                              page, per_page, more)

        if p == ["groups"]:
            words = _words(q.get("search", [""])[0])
            per_page = intarg(q, "per_page", 20, 1, 100)
            names = {a["owner"]: a for a in accounts.values() if a["type"] == "group"}
            found = []
            for g in sorted(groups() | set(names)):
                a = names.get(g, {})
                name = a.get("profile", {}).get("name") or g.split("/")[-1]
                if words and _matches(words, g, name):
                    found.append({"id": _h(g), "name": name, "path": g.split("/")[-1],
                                  "full_path": g, "full_name": name,
                                  "description": a.get("profile", {}).get(
                                      "description", "Groupe %s" % g),
                                  "web_url": "https://gitlab.com/groups/%s" % g,
                                  "visibility": "public"})
            return self.json(200, found[:per_page])
        if (len(p) == 6 and p[0] == "projects" and p[2:4] == ["repository", "files"]
                and p[5] == "raw"):
            ns, _, name = p[1].rpartition("/")
            text = None
            for a in accounts.values():
                for r in a["repos"]:
                    if (r["namespace"] == ns and r["name"] == name
                            and not r["private"]):
                        text = r.get("files", {}).get(p[4])
            if text is None:
                return self.json(404, {"message": "404 File Not Found"})
            return self.send(200, text, ctype="text/plain")
        if len(p) >= 2 and p[0] == "groups":
            gpath = p[1]
            if gpath not in groups():
                return self.json(404, {"message": "404 Group Not Found"})
            if len(p) == 2:
                return self.json(200, gl_group(None, gpath))
            if len(p) == 3 and p[2] == "projects":
                sub = q.get("include_subgroups", ["false"])[0] == "true"
                pairs = [(a, r) for a, r in allrepos
                         if r["namespace"] == gpath or
                         (sub and r["namespace"].startswith(gpath + "/"))]
                return offset_page(pairs)
            if len(p) == 3 and p[2] in ("subgroups", "descendant_groups"):
                depth = gpath.count("/") + 1
                gs = sorted(g for g in groups() if g.startswith(gpath + "/") and
                            (p[2] == "descendant_groups" or g.count("/") == depth))
                return self.json(200, [{"id": _h(g), "full_path": g,
                                        "path": g.split("/")[-1]} for g in gs])
        if p == ["users"]:
            name = q.get("username", [""])[0].lower()
            a = accounts.get(name)
            if a and a["type"] == "user":
                return self.json(200, [{"id": 42, "username": a["owner"], "name": a["owner"],
                                        "state": "active", "followers": a.get("followers", 0),
                                        "web_url": "https://gitlab.com/%s" % a["owner"]}])
            return self.json(200, [])
        if len(p) == 3 and p[0] == "users" and p[2] == "projects":
            user = accounts.get(p[1].lower())
            if not user or user["type"] != "user":
                return self.json(404, {"message": "404 User Not Found"})
            return offset_page([(a, r) for a, r in allrepos
                                if r["namespace"] == user["owner"]])
        if len(p) == 2 and p[0] == "namespaces":
            ns = p[1]
            a = accounts.get(ns.lower())
            if a and a["type"] == "user":
                return self.json(200, {"id": 42, "kind": "user", "full_path": a["owner"]})
            if ns in groups():
                return self.json(200, {"id": 43, "kind": "group", "full_path": ns})
            return self.json(404, {"message": "404 Namespace Not Found"})
        if p == ["projects"]:
            if q.get("pagination", [""])[0] == "keyset":
                # Keyset: only Link rel="next" with id_after (apis.md §3.2).
                per_page = intarg(q, "per_page", 20, 1, 100)
                after = intarg(q, "id_after", 0, 0)
                rest = [(a, r) for a, r in allrepos if r["id"] > after]
                items = rest[:per_page]
                h = {}
                if len(rest) > per_page:
                    h["Link"] = '<%s>; rel="next"' % with_query(
                        self.base(), q, id_after=items[-1][1]["id"])
                return self.paged([gl_project(a, r) for a, r in items], h, None, q,
                                  1, per_page, len(rest) > per_page)
            return offset_page(allrepos)
        return self.json(404, {"message": "404 Not Found"})

    # -- GitLab GraphQL: what forges/gitlab_graphql.c asks -----------------

    def gitlab_groups(self):
        """The group paths this instance has: every namespace of a group
        account's projects and its parents."""
        out = set()
        for a in self.forges("gitlab").values():
            if a["type"] != "group":
                continue
            for r in a["repos"]:
                parts = r["namespace"].split("/")
                for i in range(1, len(parts) + 1):
                    out.add("/".join(parts[:i]))
        return out

    def gitlab_graphql(self, body):
        """POST /gitlab/api/graphql: an alias per group, "gN: group(fullPath:
        $pN)", its projects (subgroups included) 100 a page after the
        cursor $cN, from the same fixture as REST; null for a group that
        does not exist; the query's complexity counted as GitLab does
        (gl_graphql_complexity, in the log's "complexity"), refused over
        200, 250 with a token, as GitLab refuses it."""
        try:
            req = json.loads(body or b"{}")
            query, var = req["query"], req.get("variables") or {}
            complexity = gl_graphql_complexity(query)
        except (ValueError, KeyError, TypeError) as e:
            return self.json(200, {"errors": [{"message": "Invalid query: %s" % e}]})
        self._extra["complexity"] = complexity
        authed = bool(self.headers.get("Authorization") or self.headers.get("PRIVATE-TOKEN"))
        limit = getattr(self, "_max_complexity", None) or (250 if authed else 200)
        if complexity > limit:
            return self.send(200, json.dumps({"errors": [{
                "message": "Query has complexity of %d, which exceeds max "
                           "complexity of %d" % (complexity, limit)}]}))
        groups = self.gitlab_groups()
        allrepos = sorted(((a, r) for a in self.forges("gitlab").values() for r in a["repos"]
                           if not r["private"]), key=lambda ar: ar[1]["id"])
        data, errors, failing = {}, [], getattr(self, "_graphql_error", None)
        for m in re.finditer(r"(g\d+): group\(fullPath: \$(p\d+)\) \{ (\.\.\.G )?"
                             r"projects\(([^)]*)\)", query):
            alias, gpath = m.group(1), var.get(m.group(2)) or ""
            args = dict(re.findall(r"(\w+): ([^,]+)", m.group(4)))
            if failing and failing[0] == gpath:
                data[alias] = None
                errors.append({"message": failing[1], "path": [alias, "projects"],
                               "locations": [{"line": 1, "column": 1}]})
                continue
            if gpath not in groups:
                data[alias] = None
                continue
            sub = args.get("includeSubgroups", "false").strip() == "true"
            pairs = [(a, r) for a, r in allrepos
                     if r["namespace"] == gpath or
                     (sub and r["namespace"].startswith(gpath + "/"))]
            first = min(int(args.get("first", "100")), 100)
            cursor = var.get(args.get("after", "").strip().lstrip("$"))
            start = int(base64.b64decode(cursor).decode()) if cursor else 0
            page = pairs[start:start + first]
            more = start + first < len(pairs)
            o = gl_graphql_group(gpath) if m.group(3) else {}
            o["projects"] = {
                "pageInfo": {"hasNextPage": more, "endCursor": base64.b64encode(
                    str(start + len(page)).encode()).decode() if page else None},
                "nodes": [gl_graphql_project(a, r) for a, r in page]}
            data[alias] = o
        out = {"data": data}
        if errors:
            out["errors"] = errors
        text = json.dumps(out, ensure_ascii=False)
        if self.send_mangled(200, text, {}) is None:
            self.send(200, text)
        return None

    # -- Gitea / Forgejo / Gogs (apis.md §4) ------------------------------

    def gitea(self, kind, p, q):
        accounts = self.forges(kind)
        cap = self.server.state.args.gitea_max_page

        def page_of(repos_json, wrap=False):
            # The server caps "limit" below what was asked (MAX_RESPONSE_ITEMS).
            limit = intarg(q, "limit", 30, 1, cap)
            page = intarg(q, "page", 1)
            items, more = paginate(repos_json, page, limit)
            pages = max(1, -(-len(repos_json) // limit))
            qq = dict(q)
            qq["limit"] = [str(limit)]
            h = {"X-Total-Count": str(len(repos_json))}
            link = self.link(self.base(), qq, pages, page)
            if link:
                h["Link"] = link
            if wrap:
                return self.json(200, {"ok": True, "data": items}, h)
            return self.paged(items, h, None, q, page, limit, more)

        def user_json(a):
            d = {"id": 7, "username": a["owner"], "login": a["owner"],
                 "full_name": a["owner"].capitalize(),
                 "description": "Compte %s" % a["owner"],
                 "website": "", "location": "Paris", "email": "",
                 "avatar_url": "https://%s/avatars/1" % HOSTS[kind]}
            d.update(a.get("profile", {}))
            return d

        if p == ["users", "search"]:
            words = _words(q.get("q", [""])[0])
            found = [user_json(a) for a in sorted(accounts.values(),
                                                  key=lambda a: a["owner"].lower())
                     if a["type"] == "user" and words and
                     _matches(words, a["owner"], _display_name(a))]
            return self.json(200, {"ok": True, "data": found[:intarg(q, "limit", 30, 1, 50)]})
        if len(p) >= 5 and p[0] == "repos" and p[3] == "raw":
            text = _file_of(accounts, p[1], p[2], "/".join(p[4:]))
            if text is None:
                return self.json(404, {"message": "Not Found"})
            return self.send(200, text, ctype="text/plain")
        if len(p) == 2 and p[0] in ("orgs", "users"):
            a = accounts.get(p[1].lower())
            if not a or (p[0] == "orgs" and a["type"] != "org"):
                return self.json(404, {"message": "Not Found"})
            d = user_json(a)
            if p[0] == "users":   # a User has followers_count, an Organization not
                d["followers_count"] = a.get("followers", 0)
            return self.json(200, d)
        if len(p) == 3 and p[0] in ("orgs", "users") and p[2] == "repos":
            a = accounts.get(p[1].lower())
            if not a or (p[0] == "orgs" and a["type"] != "org"):
                return self.json(404, {"message": "Not Found"})
            return page_of([gitea_repo(kind, a, r) for r in a["repos"] if not r["private"]])
        if p == ["repos", "search"] and "includeDesc" in q:
            # A keyword search (discover): name or description.
            words = _words(q.get("q", [""])[0])
            return page_of([gitea_repo(kind, a, r) for a in accounts.values()
                            for r in a["repos"] if not r["private"] and words and
                            _matches(words, r["name"], r.get("description"))],
                           wrap=True)
        if p == ["repos", "search"]:
            return page_of([gitea_repo(kind, a, r) for a in accounts.values()
                            for r in a["repos"] if not r["private"]], wrap=True)
        return self.json(404, {"message": "Not Found"})

    # -- Bitbucket Cloud (apis.md §5) -------------------------------------

    def bitbucket(self, p, q):
        accounts = self.forges("bitbucket")
        if len(p) == 2 and p[0] in ("repositories", "workspaces"):
            a = accounts.get(p[1].lower())
            if not a:
                return self.json(404, {"type": "error",
                                       "error": {"message": "No workspace with identifier '%s'." % p[1]}})
            if p[0] == "workspaces":
                return self.json(200, {"type": "workspace", "slug": a["owner"],
                                       "name": a["owner"].upper(), "uuid": "{ws}",
                                       "links": {"html": {"href": "https://bitbucket.org/%s/" % a["owner"]}}})
            repos = [bb_repo(a, r) for r in a["repos"] if not r["private"]]
            pagelen = intarg(q, "pagelen", 10, 1, 100)
            page = intarg(q, "page", 1)
            items, more = paginate(repos, page, pagelen)
            body = {"pagelen": pagelen, "size": len(repos), "page": page, "values": items}
            if more:
                body["next"] = with_query(self.base(), q, page=page + 1)
            data = json.dumps(body)
            if self.send_mangled(200, data, {}) is None:
                self.json(200, body)
            return None
        return self.json(404, {"type": "error", "error": {"message": "Resource not found"}})

    # -- SourceHut GraphQL (apis.md §6) -----------------------------------

    def sourcehut(self, body):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or len(auth) <= 7:
            return self.send(401, "Authorization header is required. Expected "
                                  "'Authorization: Bearer [token]'", ctype="text/plain")
        try:
            req = json.loads(body or b"{}")
            query = req.get("query", "")
            var = req.get("variables") or {}
        except (ValueError, AttributeError):
            return self.json(400, {"errors": [{"message": "invalid JSON"}]})
        m = re.search(r'user\s*\(\s*username\s*:\s*"([^"]+)"', query)
        name = m.group(1) if m else None
        for k in ("username", "user", "name", "login"):
            if not name and isinstance(var.get(k), str):
                name = var[k]
        name = (name or "").lstrip("~").lower()
        cursor = None
        for k in ("cursor", "c", "after", "next"):
            if isinstance(var.get(k), str):
                cursor = var[k]
        m = re.search(r'cursor\s*:\s*"([^"]+)"', query)
        if m:
            cursor = m.group(1)
        m = re.search(r'count\s*:\s*(\d+)', query)
        count = min(int(m.group(1)) if m else 20, 100)
        a = self.forges("sourcehut").get(name)
        if not a:
            return self.json(200, {"data": {"user": None},
                                   "errors": [{"message": "no such user", "path": ["user"]}]})
        start = 0
        if cursor:
            try:
                start = int(base64.b64decode(cursor).decode())
            except ValueError:
                return self.json(200, {"errors": [{"message": "invalid cursor"}]})
        repos = [srht_repo(a, r) for r in a["repos"]]
        items = repos[start:start + count]
        nxt = None
        if start + count < len(repos):
            nxt = base64.b64encode(str(start + count).encode()).decode()
        res = {"data": {"user": {"canonicalName": "~" + a["owner"], "username": a["owner"],
                                 "repositories": {"results": items, "cursor": nxt}}}}
        data = json.dumps(res)
        if self.send_mangled(200, data, {}) is None:
            self.send(200, data)
        return None

    # -- git smart HTTP through git http-backend --------------------------

    def git_backend(self, env, body):
        """git http-backend's answer: (status, headers, type, payload), or
        None after answering 500."""
        proc = subprocess.run(["git", "http-backend"], input=body, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=60, check=False)
        out = proc.stdout
        sep = out.find(b"\r\n\r\n")
        sl = 4
        if sep < 0:
            sep, sl = out.find(b"\n\n"), 2
        if sep < 0:
            self.send(500, "git http-backend failed: %s" % proc.stderr.decode(errors="replace"),
                      ctype="text/plain")
            return None
        status, headers, ctype = 200, {}, "application/octet-stream"
        for line in out[:sep].decode("latin-1").splitlines():
            if ":" not in line:
                continue
            k, v = line.split(":", 1)
            k, v = k.strip(), v.strip()
            if k.lower() == "status":
                status = int(v.split()[0])
            elif k.lower() == "content-type":
                ctype = v
            else:
                headers[k] = v
        return status, headers, ctype, out[sep + sl:]

    def git_answer(self, env, body):
        """The backend's answer, from the cache (--git-cache) when the same
        request was made to the same repository: repositories that share a
        real path (symlinks to one repository) share their answers, so that
        20,000 repositories made of 60 cost 60 git processes per request
        kind, not 20,000 (tests/bench/bench_crawl.py)."""
        st = self.server.state
        if not st.args.git_cache:
            hit = self.git_backend(env, body)
            return hit and hit + (None,)
        info = env["PATH_INFO"]
        end = info.find(".git/")
        repo = real_repo(st, os.path.join(env["GIT_PROJECT_ROOT"],
                                          info[1:end + 4] if end > 0 else info[1:]))
        key = (repo, info[end + 4:] if end > 0 else "", env["REQUEST_METHOD"],
               env["QUERY_STRING"], env.get("GIT_PROTOCOL"), bytes(body))
        with st.lock:
            hit = st.git_answers.get(key)
        if hit is None:
            hit = self.git_backend(env, body)
            if hit is None:
                return None
            # The last item: the pack bytes of the answer, once counted
            # (git() logs them for every answer).
            hit = list(hit) + [None]
            with st.lock:
                st.git_answers[key] = hit
        status, headers, ctype, payload, _ = hit
        return status, dict(headers), ctype, payload, hit

    def git(self, path_info, body):
        args = self.server.state.args
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": os.path.abspath(args.git_root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": urllib.parse.unquote(path_info),
            "QUERY_STRING": urllib.parse.urlsplit(self.path).query,
            "REQUEST_METHOD": self.command,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": self.client_address[0],
            "SERVER_PROTOCOL": "HTTP/1.1",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "HOME": os.path.abspath(args.git_root),
        }
        if self.headers.get("Git-Protocol") and not args.no_git_v2:
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        cfg = [("uploadpack.allowAnySHA1InWant", "false" if args.no_any_sha1 else "true"),
               ("protocol.version", "0" if args.no_git_v2 else "2")]
        if not args.no_git_filter:
            cfg.append(("uploadpack.allowFilter", "true"))
        if args.no_tree_filter:
            cfg.append(("uploadpackfilter.tree.allow", "false"))
        m = re.match(rb"[0-9a-f]{4}command=([a-z-]+)", body)
        if self.command == "GET":
            self._extra["git"] = "advertisement"
        elif m:
            self._extra["git"] = m.group(1).decode()
        env["GIT_CONFIG_COUNT"] = str(len(cfg))
        for i, (k, v) in enumerate(cfg):
            env["GIT_CONFIG_KEY_%d" % i] = k
            env["GIT_CONFIG_VALUE_%d" % i] = v
        answer = self.git_answer(env, body)
        if answer is None:
            return None
        status, headers, ctype, payload, cached = answer
        if ctype == "application/x-git-upload-pack-result":
            kind = getattr(self, "_mangle", None)
            if kind in ("pack_truncate", "pack_corrupt"):
                payload = mangle_pack(payload, kind)
            elif kind == "delta_bomb":
                payload = mangle_pack(payload, kind, bomb_pack(*self._bomb))
            elif cached is not None:
                # The same bytes as the cached answer's: counted once.
                if cached[4] is None:
                    cached[4] = pack_bytes(payload)
                self._extra["pack"] = cached[4]
            if "pack" not in self._extra:
                self._extra["pack"] = pack_bytes(payload)
        if getattr(self, "_mangle", None) in ("truncate", "truncated_json"):
            return self.send_mangled(status, payload, headers, ctype=ctype)
        return self.send(status, payload, headers, ctype=ctype)


def real_repo(st, path):
    """os.path.realpath(PATH), remembered by what the link PATH says: a
    benchmark's repository is a symlink to one of a few (bench_crawl.py),
    and realpath's lstat of every component was a sixth of this server's
    CPU per git request. The link's own text is read each time (one
    readlink), so a link replaced since (a repository that moved to
    another commit) is resolved anew; a path that is no link is resolved
    each time."""
    try:
        key = (path, os.readlink(path))
    except OSError:
        return os.path.realpath(path)
    with st.lock:
        real = st.real_paths.get(key)
    if real is None:
        real = os.path.realpath(path)
        with st.lock:
            st.real_paths[key] = real
    return real


def pkt_lines(data):
    """Split a pkt-line stream into (length, payload) pairs; stops at garbage."""
    i = 0
    while i + 4 <= len(data):
        try:
            n = int(data[i:i + 4], 16)
        except ValueError:
            return
        if n < 4:
            yield n, b""
            i += 4
            continue
        yield n, data[i + 4:i + n]
        i += n


def pack_bytes(data):
    """Bytes of side-band channel 1 (the pack) in a fetch answer."""
    in_pack, total = False, 0
    for n, p in pkt_lines(data):
        if n >= 4 and (p.startswith(b"packfile") or p.startswith(b"NAK")
                       or p.startswith(b"ACK")):
            in_pack = True   # v2 "packfile" section; v0 after NAK/ACK
        elif in_pack and n >= 5 and p[:1] == b"\x01":
            total += len(p) - 1
    return total


def mangle_pack(data, kind, replacement=None):
    """Cut (pack_truncate) or flip bytes in (pack_corrupt) the pack data of
    a fetch answer, or put REPLACEMENT in its place (delta_bomb), keeping
    valid pkt-line framing around it."""
    head, pack, in_pack = b"", b"", False
    for n, p in pkt_lines(data):
        if not in_pack:
            head += b"%04x" % n + p if n >= 4 else b"%04x" % n
            in_pack = n >= 4 and p.startswith(b"packfile")
        elif n >= 5 and p[:1] == b"\x01":
            pack += p[1:]
    if replacement is not None:
        pack = replacement
    elif kind == "pack_truncate":
        pack = pack[:len(pack) // 2]
    else:
        mid = len(pack) // 2
        pack = pack[:mid] + bytes(b ^ 0x55 for b in pack[mid:mid + 16]) + pack[mid + 16:]
    out = head
    for i in range(0, len(pack), 65515):
        chunk = b"\x01" + pack[i:i + 65515]
        out += b"%04x" % (len(chunk) + 4) + chunk
    return out + b"0000"


def _pack_varint(n):
    """A delta's sizes: little-endian base-128 (gitformat-pack(5))."""
    out = bytearray()
    while True:
        b = n & 0x7f
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _pack_object(kind, size):
    """An object's header: type and inflated size (gitformat-pack(5))."""
    out = bytearray()
    b = (kind << 4) | (size & 15)
    size >>= 4
    while size:
        out.append(b | 0x80)
        b = size & 0x7f
        size >>= 7
    out.append(b)
    return bytes(out)


def _pack_offset(off):
    """An ofs-delta's distance back to its base ("offset encoding")."""
    out = [off & 0x7f]
    off >>= 7
    while off:
        off -= 1
        out.append(0x80 | (off & 0x7f))
        off >>= 7
    return bytes(reversed(out))


def _copy_op(offset, size):
    """A delta instruction copying SIZE (at most 64 KiB) bytes at OFFSET."""
    op, args = 0x80, bytearray()
    for i in range(4):
        if (offset >> (8 * i)) & 0xff:
            op |= 1 << i
            args.append((offset >> (8 * i)) & 0xff)
    size = 0 if size == 0x10000 else size
    for i in range(3):
        if (size >> (8 * i)) & 0xff:
            op |= 0x10 << i
            args.append((size >> (8 * i)) & 0xff)
    return bytes([op]) + bytes(args)


def bomb_pack(result=1 << 30, chain=1):
    """A valid pack: a 64 KiB blob, then CHAIN ofs-deltas, each copying
    the object before it over and over; the last expands to RESULT bytes,
    the others grow evenly towards it. A few hundred bytes on the wire."""
    base = 1 << 16
    sizes, size = [], base
    for k in range(chain):
        # Grow by the same factor each step; each a multiple of 64 KiB.
        want = result if k == chain - 1 else int(base * (result / base) ** ((k + 1) / chain))
        size = max(base, want // base * base)
        sizes.append(size)
    body = bytearray()
    offsets = []
    blob = b"\0" * base
    offsets.append(12)
    body += _pack_object(3, len(blob)) + zlib.compress(blob, 9)
    prev = base
    for size in sizes:
        # copy the previous object in 64 KiB pieces, again and again
        ops = bytearray()
        done = 0
        while done < size:
            piece = min(0x10000, size - done)
            ops += _copy_op(done % prev if prev % 0x10000 == 0 else 0, piece)
            done += piece
        delta = _pack_varint(prev) + _pack_varint(size) + bytes(ops)
        here = 12 + len(body)
        body += _pack_object(6, len(delta)) + _pack_offset(here - offsets[-1])
        body += zlib.compress(delta, 9)
        offsets.append(here)
        prev = size
    pack = b"PACK" + (2).to_bytes(4, "big") + (1 + chain).to_bytes(4, "big") + bytes(body)
    return pack + hashlib.sha1(pack).digest()


class FastHeaders(http.client.HTTPMessage):
    """The request's headers as http.server's own parser leaves them (an
    email.message.Message: name, then the value after the colon, leading
    blanks and the line end stripped), filled without the email package,
    whose parser was a quarter of this server's CPU per request in the
    crawl benchmark (tests/bench/bench_crawl.py)."""

    def get(self, name, failobj=None):
        name = name.lower()
        for k, v in self._headers:
            if k.lower() == name:
                return v
        return failobj


# A header line Message's parser takes as one "Name: value" (its headerRE
# name characters, then a colon), with nothing it would treat otherwise.
HEADER_LINE = re.compile(r"([\041-\071\073-\176]+):[ \t]*(.*?)\r?\n\Z", re.S)


def fast_parse_headers(fp, _class=http.client.HTTPMessage):
    """http.client.parse_headers(), the same limits and errors, the same
    names and values; any line out of the common form (a continuation, no
    colon) goes to the email package as before."""
    lines = []
    while True:
        line = fp.readline(65537)
        if len(line) > 65536:
            raise http.client.LineTooLong("header line")
        lines.append(line)
        if len(lines) > 100:
            raise http.client.HTTPException("got more than 100 headers")
        if line in (b"\r\n", b"\n", b""):
            break
    text = b"".join(lines).decode("iso-8859-1")
    pairs = []
    for line in lines[:-1] if lines[-1] in (b"\r\n", b"\n") else lines:
        m = HEADER_LINE.match(line.decode("iso-8859-1"))
        if not m or "\r" in m.group(2) or "\n" in m.group(2):
            return email.parser.Parser(_class=_class).parsestr(text)
        pairs.append((m.group(1), m.group(2)))
    msg = FastHeaders()
    msg._headers = pairs
    return msg


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's listen backlog is 5: a client opening more connections
    # at once gets its SYN dropped and retries after 1 s (the crawl benchmark
    # measured those seconds instead of the crawler).
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        # A client that gave up (timeouts are tested on purpose) is normal.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def make_sample_repo(root):
    """A bare repository sample.git with a README, a licence and publiccode.yml."""
    import tempfile
    bare = os.path.join(root, "sample.git")
    if os.path.exists(bare):
        return
    os.makedirs(root, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        files = {"README.md": "# Exemple\n\nUn dépôt de test.\n",
                 "LICENSE": "MIT License\n\nCopyright (c) 2024 Test\n",
                 "publiccode.yml": "publiccodeYmlVersion: \"0.4\"\nname: Exemple\n"}
        for name, text in files.items():
            with open(os.path.join(work, name), "w", encoding="utf-8") as f:
                f.write(text)
        env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org",
                   GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
        for cmd in (["git", "init", "-q", "-b", "main", work],
                    ["git", "-C", work, "add", "."],
                    ["git", "-C", work, "commit", "-q", "-m", "init"],
                    ["git", "clone", "-q", "--bare", work, bare]):
            subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser(description="local fake forge for tests (loopback only)")
    ap.add_argument("--fixture")
    ap.add_argument("--log")
    ap.add_argument("--port-file")
    ap.add_argument("--git-root")
    ap.add_argument("--git-sample", action="store_true")
    ap.add_argument("--no-git-filter", action="store_true")
    ap.add_argument("--no-any-sha1", action="store_true")
    ap.add_argument("--no-tree-filter", action="store_true")
    ap.add_argument("--no-git-v2", action="store_true")
    ap.add_argument("--git-cache", action="store_true")
    ap.add_argument("--gitea-max-page", type=int, default=50)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--faults")
    args = ap.parse_args()

    # The server's headers without the email package (FastHeaders); only
    # here, in the server's own process, not in a program that imports
    # this module.
    http.client.parse_headers = fast_parse_headers

    if args.git_sample:
        if not args.git_root:
            ap.error("--git-sample needs --git-root")
        make_sample_repo(args.git_root)

    try:
        state = State(args)
    except ValueError as e:
        ap.error("--faults: %s" % e)
    # Loopback only: the second listener is another loopback address when
    # the system has it (Linux routes all of 127/8), else another port.
    s1 = Server(("127.0.0.1", 0), Handler)
    try:
        s2 = Server(("127.0.0.2", 0), Handler)
        state.host2 = "127.0.0.2"
    except OSError:
        s2 = Server(("127.0.0.1", 0), Handler)
        state.host2 = "127.0.0.1"
    state.port2 = s2.server_address[1]
    for number, s in ((1, s1), (2, s2)):
        s.state = state
        s.number = number
        threading.Thread(target=s.serve_forever, daemon=True).start()

    port = s1.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"host": "127.0.0.1", "port": port,
                       "host2": state.host2, "port2": state.port2}, f)
        os.replace(tmp, args.port_file)
    global GIT_BASE, GIT_BASE2, GIT_ROOT
    GIT_BASE = "http://127.0.0.1:%d/git" % port
    GIT_BASE2 = "http://%s:%d/git" % (state.host2, state.port2)
    GIT_ROOT = os.path.abspath(args.git_root) if args.git_root else None
    print("fakeforge 127.0.0.1 %d %s %d" % (port, state.host2, state.port2), flush=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())

    def watch_stdin():
        # EOF on stdin: the parent that holds the pipe is gone.
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except (OSError, ValueError):
            return
        done.set()

    if stat.S_ISFIFO(os.fstat(0).st_mode):
        threading.Thread(target=watch_stdin, daemon=True).start()
    done.wait(args.timeout)
    os._exit(0)


if __name__ == "__main__":
    main()
