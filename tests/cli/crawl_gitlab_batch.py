"""`inventaire crawl` lists GitLab groups through GitLab's GraphQL API, three
to a query, each group's next pages from its own cursor
(forges/gitlab_graphql.c, crawler/net/http_batch.c): the published files
are the REST listing's, byte for byte, in fewer requests. Whatever GraphQL
cannot answer (no GraphQL at all, an older GitLab without a field, a query
over the complexity limit, an error for one group, a name that may be a
user's) is listed through REST: no account and no repository is lost."""
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import FakeForge, clean_env, main, run  # noqa: E402
from crawl import README, make_bare  # noqa: E402

NOW = "2030-01-15T02:00:00Z"
SMALL = 5             # groups of 1 to 3 projects
BIG = 230             # three pages of 100, over four subgroups
SPACES = ["big", "big/a", "big/a/b", "big/c"]
FEEDS = ["codegouvfr-repositories.json", "codegouvfr-repositories.csv",
         "codegouvfr-organizations.json", "codegouvfr-organizations.csv",
         "repos_preprod.json", "owners.json"]
GRAPHQL = "/gitlab/api/graphql"
# In the order of the accounts file: the groups, a name that is nothing
# ("ghost": no group, so perhaps a user, which REST tells), a group that
# does not exist ("nogroup", `kind: org`), and a user.
OWNERS = ["big"] + ["g-%02d" % i for i in range(SMALL)] + ["ghost", "nogroup",
                                                          "jdupont"]


class GitLabBatch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-crawl-gitlab-batch-")
        git_root = os.path.join(cls.tmp, "git")
        for k in range(3):
            files = {"README.md": README} if k else {}
            if k == 2:
                files["LICENSE"] = "MIT License\n"
            make_bare(os.path.join(git_root, "_r%d.git" % k), files)
        fixture = {"accounts": []}

        def repo(owner, ns, j, **kw):
            name = "%s-p%03d" % (owner.replace("/", "-"), j)
            os.symlink("_r%d.git" % (j % 3), os.path.join(git_root, name + ".git"))
            r = {"name": name, "namespace": ns, "clone_url": "{git}/%s.git" % name,
                 "html_url": "{git}/%s" % name, "stars": j % 7, "forks": j % 3,
                 "fork": j % 11 == 1, "archived": j % 13 == 2,
                 "topics": ["sante"] if j % 2 else [], "mirror": False}
            r.update(kw)
            cls.public += not r.get("private")
            return r

        cls.public = 0
        big = [repo("big", SPACES[j % len(SPACES)], j,
                    private=(j % 50 == 7),
                    empty=(j == 4), default_branch=None if j == 4 else "main")
               for j in range(BIG)]
        cls.big = cls.public
        fixture["accounts"].append({"kind": "gitlab", "owner": "big", "type": "group",
                                    "repos": big})
        for i in range(SMALL):
            owner = "g-%02d" % i
            fixture["accounts"].append({
                "kind": "gitlab", "owner": owner, "type": "group",
                "repos": [repo(owner, owner, j) for j in range(1 + i % 3)]})
        fixture["accounts"].append({"kind": "gitlab", "owner": "jdupont", "type": "user",
                                    "repos": [repo("jdupont", "jdupont", j)
                                              for j in range(2)]})
        cls.ff = FakeForge.serving(fixture, cls.tmp, "--git-root", git_root, "--git-cache")
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        with open(cls.config, "w", encoding="utf-8") as f:
            f.write("gitlab.com:\n  forge: gitlab\n  api_url: %s/gitlab/api/v4\n"
                    "  allow_http: true\n  owners:\n" % cls.ff.base)
            for owner in OWNERS:
                f.write("    %s: {%s}\n" % (owner, "kind: org" if owner == "nogroup" else ""))
        # GraphQL missing (a 404 page): every account through REST.
        cls.rest = cls.crawl("rest", [{"kind": "status", "arg": 404,
                                       "path": "^/gitlab/api/graphql"}])
        cls.gql = cls.crawl("graphql", [])

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def crawl(cls, name, faults, **env):
        """Crawl with FAULTS: (output folder, API requests, crawl.json)."""
        out = os.path.join(cls.tmp, name)
        shutil.rmtree(out, ignore_errors=True)
        cls.ff.control("/_control/reset", {})
        cls.ff.faults(faults)
        code, _, err = run("crawl", "--config", cls.config, "--out", out,
                           "--max-time", "5", "--probe-jobs", "8",
                           env=clean_env(INVENTAIRE_NOW=NOW, **env), timeout=300)
        # "ghost" and "nogroup" do not exist: a partial night either way.
        if code != 3:
            raise AssertionError("crawl %s: exit %d\n%s" % (name, code, err))
        api = [l for l in cls.ff.log() if not l["path"].startswith("/git/")]
        with open(os.path.join(out, "crawl.json"), encoding="utf-8") as f:
            return out, api, json.load(f)

    def assertSameFeeds(self, got, what):
        for name in FEEDS:
            with open(os.path.join(self.rest[0], name), "rb") as a, \
                    open(os.path.join(got[0], name), "rb") as b:
                self.assertEqual(b.read(), a.read(), "%s: %s" % (what, name))
        with open(os.path.join(got[0], "codegouvfr-repositories.json")) as f:
            self.assertEqual(len(json.load(f)), self.public, what)
        by = {a["owner"]: a for a in got[2]["accounts"]}
        self.assertEqual(set(by), set(OWNERS), what)
        for owner in OWNERS:
            self.assertEqual(by[owner]["listed"], owner not in ("ghost", "nogroup"),
                             (what, owner))

    def test_graphql_publishes_what_rest_does(self):
        self.assertSameFeeds(self.gql, "GraphQL")

    def test_a_batch_of_groups_costs_a_query_for_three(self):
        api = self.gql[1]
        gql = [l for l in api if l["path"] == GRAPHQL]
        # Nine accounts, three to a query (3), then big's pages 2 and 3 on
        # their own (2): five queries, each under GitLab's anonymous limit.
        self.assertEqual(len(gql), 5)
        self.assertTrue(all(l["status"] == 200 for l in gql))
        self.assertEqual(sorted(l["complexity"] for l in gql), [57, 57, 189, 189, 189])
        # REST only for what GraphQL cannot tell: "ghost" and the user
        # (their group 404s, then the user's answers), nothing for a group.
        rest = sorted(l["path"] + "?" + l["query"] for l in api if l["path"] != GRAPHQL)
        v4 = "/gitlab/api/v4/"
        want = [v4 + "groups/%s?with_projects=false",
                v4 + "groups/%s/projects?include_subgroups=true&with_shared=false"
                "&visibility=public&per_page=100",
                v4 + "users/%s/projects?visibility=public&per_page=100",
                v4 + "users?username=%s"]
        self.assertEqual(rest, sorted(w % o for w in want for o in ("ghost", "jdupont")))
        # No token here, none needed.
        self.assertTrue(all(l["headers"].get("PRIVATE-TOKEN") is None for l in api))
        # The REST crawl paid at least a listing and an owner per group.
        self.assertGreater(len(self.rest[1]) - 3, 2 * (1 + SMALL) + 2)
        self.assertLess(len(api), len(self.rest[1]) - 3)
        # crawl.json counts them: every request once.
        self.assertEqual(self.gql[2]["totals"]["requests"], len(api))

    def test_a_group_that_does_not_exist_fails_as_with_rest(self):
        for got in (self.gql, self.rest):
            by = {a["owner"]: a for a in got[2]["accounts"]}
            self.assertIn("nogroup", by["nogroup"]["error"])
            self.assertIn("ghost", by["ghost"]["error"])
        gql = {a["owner"]: a for a in self.gql[2]["accounts"]}
        self.assertIn("no such group", gql["nogroup"]["error"])
        self.assertEqual(gql["big"]["repositories"], self.big)
        self.assertEqual(gql["jdupont"]["repositories"], 2)

    def test_an_older_gitlab_without_forked_from_is_listed_through_rest(self):
        got = self.crawl("old", [{"kind": "graphql_error", "path": "^/gitlab/api/graphql"}])
        self.assertSameFeeds(got, "no forkedFrom")
        self.assertEqual(len([l for l in got[1] if l["path"] == GRAPHQL]), 3)

    def test_a_query_over_the_complexity_limit_is_listed_through_rest(self):
        got = self.crawl("complex", [{"kind": "gitlab_complexity", "arg": 150}])
        self.assertSameFeeds(got, "complexity")
        gql = [l for l in got[1] if l["path"] == GRAPHQL]
        self.assertEqual(len(gql), 3)
        self.assertTrue(all(l["complexity"] == 189 for l in gql))

    def test_an_error_for_one_group_sends_it_alone_to_rest(self):
        # "g-00" fails in every query; the groups beside it do not.
        got = self.crawl("one", [{"kind": "graphql_error", "group": "g-00"}])
        self.assertSameFeeds(got, "one group")
        rest = [l["path"] for l in got[1] if l["path"] != GRAPHQL]
        self.assertIn("/gitlab/api/v4/groups/g-00/projects", rest)
        self.assertIn("/gitlab/api/v4/groups/g-00", rest)
        self.assertFalse([p for p in rest if "/groups/big" in p or "/groups/g-01" in p])

    def test_a_graphql_server_error_loses_no_account(self):
        got = self.crawl("down", [{"kind": "status", "arg": 502,
                                   "path": "^/gitlab/api/graphql"}])
        self.assertSameFeeds(got, "HTTP 502")


if __name__ == "__main__":
    main()
