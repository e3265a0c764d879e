"""With a GitHub token, `inventaire crawl` lists GitHub accounts through the
GraphQL API, 25 to a request, the next pages of several accounts in one
request too (forges/github_graphql.c, crawler/net/http_batch.c): the
published files are the REST listing's, byte for byte, in a few requests;
an account that does not exist fails alone. GraphQL gives no
organization's followers: they are read from GET /orgs/NAME, once for a
first crawl (crawler/crawl/crawl_followers.c)."""
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
ORGS = 30            # two requests of 25
BIG = 201            # three pages of 100
FEEDS = ["codegouvfr-repositories.json", "codegouvfr-repositories.csv",
         "codegouvfr-organizations.json", "codegouvfr-organizations.csv",
         "repos_preprod.json", "owners.json", "stats_preprod.json"]


class Batch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-crawl-batch-")
        git_root = os.path.join(cls.tmp, "git")
        # Three real repositories, served under every name (symlinks).
        for k in range(3):
            files = {"README.md": README} if k else {}
            if k == 2:
                files["LICENSE"] = "MIT License\n"
            make_bare(os.path.join(git_root, "_r%d.git" % k), files)
        accounts = [("org-%02d" % i, "org", 1 + i % 3) for i in range(ORGS)]
        accounts += [("big-org", "org", BIG), ("alice", "user", 2)]
        fixture = {"accounts": []}
        for owner, typ, n in accounts:
            repos = []
            for j in range(n):
                name = "%s-r%03d" % (owner, j)
                os.symlink("_r%d.git" % (j % 3), os.path.join(git_root, name + ".git"))
                # On GitHub the clone URL is the web URL and ".git".
                repos.append({"name": name, "clone_url": "{git}/%s.git" % name,
                              "html_url": "{git}/%s" % name, "fork": j == 1,
                              "stars": j, "license": "MIT" if j % 2 else None})
            # Followers code.gouv.fr ranks by, some above the 20 of
            # stats_preprod.json's top_orgs_repos_followers.
            fixture["accounts"].append({"kind": "github", "owner": owner,
                                        "type": typ, "repos": repos,
                                        "followers": 3 * len(fixture["accounts"]) + 1})
        cls.n = sum(n for _, _, n in accounts)
        # Every name is one of three repositories: the fake forge answers a
        # git request it has seen for one from memory.
        cls.ff = FakeForge.serving(fixture, cls.tmp, "--git-root", git_root, "--git-cache")
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        with open(cls.config, "w", encoding="utf-8") as f:
            f.write("github.com:\n  forge: github\n  api_url: %s/github\n  allow_http: true\n  owners:\n"
                    % cls.ff.base)
            for owner, _, _ in accounts + [("ghost", None, 0)]:
                f.write("    %s: {}\n" % owner)
        cls.rest, cls.rest_api, _ = cls.crawl("rest")
        cls.gql, cls.gql_api, cls.cov = cls.crawl("graphql", INVENTAIRE_TOKEN_127_0_0_1="t1")
        # The listing's requests; the others read subscribers
        # (crawler/crawl/crawl_extra.c), "watchers" in the fake forge's log.
        cls.gql_orgs = [l for l in cls.gql_api
                        if l["path"].startswith(("/github/orgs/", "/github/users/"))]
        cls.gql_list = [l for l in cls.gql_api
                        if "watchers" not in l and l not in cls.gql_orgs]
        cls.gql_watch = [l for l in cls.gql_api if "watchers" in l]
        cls.gql_log = [l for l in cls.gql_list if l["path"] == "/github/graphql"]

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def crawl(cls, name, **env):
        out = os.path.join(cls.tmp, name)
        shutil.rmtree(out, ignore_errors=True)
        cls.ff.control("/_control/reset", {})
        code, _, err = run("crawl", "--config", cls.config, "--out", out,
                           "--max-time", "5", "--probe-jobs", "8",
                           env=clean_env(INVENTAIRE_NOW=NOW, **env), timeout=300)
        # "ghost" does not exist: a partial night either way.
        if code != 3:
            raise AssertionError("crawl: exit %d\n%s" % (code, err))
        api = [l for l in cls.ff.log() if not l["path"].startswith("/git/")]
        with open(os.path.join(out, "crawl.json"), encoding="utf-8") as f:
            return out, api, json.load(f)

    def test_graphql_publishes_what_rest_does_in_a_few_requests(self):
        rest, gql, cov = self.rest, self.gql, self.cov
        for name in FEEDS:
            with open(os.path.join(rest, name), "rb") as a, \
                    open(os.path.join(gql, name), "rb") as b:
                self.assertEqual(b.read(), a.read(), name)
        with open(os.path.join(gql, "codegouvfr-repositories.json")) as f:
            self.assertEqual(len(json.load(f)), self.n)
        # 33 accounts: two queries of 25 and 8, then big-org's pages 2 and
        # 3, one query each; no REST listing request at all.
        self.assertEqual([l["path"] for l in self.gql_list], ["/github/graphql"] * 4)
        self.assertGreater(len(self.rest_api), 2 * (ORGS + 2))
        # The subscribers the listing does not give: an account's at once,
        # a hundred to a GraphQL query (big-org: 3), one REST request for
        # an account of one repository; every repository once.
        self.assertEqual(sum(l["watchers"] for l in self.gql_watch), self.n)
        self.assertEqual(len(self.gql_watch), ORGS + 1 + 3)
        self.assertEqual(cov["totals"]["subscribers_requests"], len(self.gql_watch))
        # Each organization's followers, which GraphQL does not give: one
        # GET /orgs/NAME each (a first crawl), none for the user, whose
        # followers GraphQL gives.
        orgs = ["org-%02d" % i for i in range(ORGS)] + ["big-org"]
        self.assertEqual(sorted(l["path"] for l in self.gql_orgs),
                         sorted("/github/orgs/%s" % o for o in orgs))
        self.assertEqual(cov["totals"]["owners_requests"], len(orgs))
        self.assertEqual(cov["totals"]["requests"],
                         4 + len(self.gql_watch) + len(orgs))
        self.assertEqual(cov["totals"]["listed"], ORGS + 2)
        # One point each, as GitHub counts them.
        self.assertEqual([l["cost"] for l in self.gql_log], [1] * 4)

    def test_graphql_keeps_the_rest_listing_s_id_licence_key_and_owner_kind(self):
        # The forge's id is how a rename is told from a removal and an
        # addition (output/changes.h): a night with a token and one without
        # must give the same.
        def repos(out):
            with open(os.path.join(out, "state", "inventory.jsonl"),
                      encoding="utf-8") as f:
                recs = [json.loads(l) for l in f][1:]
            return {r["repository"]["repo"]["full_name"]: r["repository"]["repo"]
                    for r in recs if "repository" in r}
        rest, gql = repos(self.rest), repos(self.gql)
        self.assertEqual(len(gql), self.n)
        self.assertEqual(set(gql), set(rest))
        for name, r in rest.items():
            for key in ("forge_id", "license_key", "template", "owner_is_user"):
                self.assertEqual(gql[name][key], r[key], (name, key))
        self.assertTrue(all(r["forge_id"] for r in gql.values()))
        self.assertTrue(gql["alice/alice-r000"]["owner_is_user"])
        self.assertEqual(gql["org-01/org-01-r001"]["license_key"], "mit")

    def test_an_account_that_does_not_exist_fails_alone(self):
        by = {a["owner"]: a for a in self.cov["accounts"]}
        self.assertFalse(by["ghost"]["listed"])
        self.assertIn("no such account", by["ghost"]["error"])
        self.assertIn("ghost", by["ghost"]["error"])
        self.assertTrue(all(a["listed"] for o, a in by.items() if o != "ghost"))
        self.assertEqual(by["big-org"]["repositories"], BIG)

    def test_without_a_token_nothing_goes_to_graphql(self):
        self.assertFalse([l for l in self.rest_api if l["path"] == "/github/graphql"])
        self.assertTrue(all(l["headers"].get("Authorization") is None
                            for l in self.rest_api))


if __name__ == "__main__":
    main()
