"""An organization's followers, whichever way it was listed: with a token,
GitHub accounts are listed through GraphQL, whose Organization has no
followers count, so the crawl reads it from GET /orgs/NAME
(crawler/crawl/crawl_followers.c): at once when the state has none, then
on the account's day of the week, a week at most after the last read; in
between the state keeps the count and when it was read. A read that fails
keeps the last count. The clock is faked with INVENTAIRE_NOW."""
import calendar
import json
import os
import shutil
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import FakeForge, clean_env, main, run  # noqa: E402
from crawl import README, make_bare  # noqa: E402

T0 = calendar.timegm((2030, 1, 15, 2, 0, 0))
HOUR, DAY = 3600, 86400
# owner -> (account type, followers, repositories)
ACCOUNTS = {"acme": ("org", 42, 2), "beta": ("org", 25, 1),
            "alice": ("user", 7, 1)}
ORGS = sorted(o for o, (t, _, _) in ACCOUNTS.items() if t == "org")
TOKEN = {"INVENTAIRE_TOKEN_127_0_0_1": "t1"}
# GET /orgs/acme, not its repositories (a fault's path is "path?query").
FAIL = {"kind": "status", "arg": 503, "path": r"^/github/orgs/acme(\?.*)?$"}
FEEDS = ["codegouvfr-organizations.json", "codegouvfr-organizations.csv",
         "owners.json", "stats_preprod.json"]


def stamp(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def weekday_of(host, name):
    """The day of the week "host/name" is looked at again: FNV-1a (64
    bits) of it in lower case, modulo 7 (crawler/crawl/crawl_shard.c)."""
    h = 0xcbf29ce484222325
    for c in ("%s/%s" % (host, name)).lower().encode():
        h = ((h ^ c) * 0x100000001b3) & 0xffffffffffffffff
    return h % 7


class Followers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-crawl-followers-")
        git_root = os.path.join(cls.tmp, "git")
        make_bare(os.path.join(git_root, "_r.git"), {"README.md": README})
        fixture = {"accounts": []}
        for owner, (typ, followers, n) in sorted(ACCOUNTS.items()):
            repos = []
            for j in range(n):
                name = "%s-r%d" % (owner, j)
                os.symlink("_r.git", os.path.join(git_root, name + ".git"))
                repos.append({"name": name, "clone_url": "{git}/%s.git" % name,
                              "html_url": "{git}/%s" % name,
                              "pushed_at": "2029-06-01T00:00:00Z",
                              "updated_at": "2029-06-01T00:00:00Z"})
            fixture["accounts"].append({"kind": "github", "owner": owner,
                                        "type": typ, "followers": followers,
                                        "repos": repos})
        cls.ff = FakeForge.serving(fixture, cls.tmp, "--git-root", git_root)
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        with open(cls.config, "w", encoding="utf-8") as f:
            f.write("github.com:\n  forge: github\n  api_url: %s/github\n"
                    "  allow_http: true\n  owners:\n" % cls.ff.base)
            for owner in sorted(ACCOUNTS):
                f.write("    %s: {}\n" % owner)

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def out(self, name):
        d = os.path.join(self.tmp, name)
        shutil.rmtree(d, ignore_errors=True)
        return d

    def crawl(self, out, when, faults=(), **env):
        """Crawl at WHEN, the fake forge's FAULTS on; the stderr, and the
        owner requests the fake forge saw (GET /orgs/NAME and
        /users/NAME)."""
        self.ff.control("/_control/reset", {})
        self.ff.faults(list(faults))
        code, _, err = run("crawl", "--config", self.config, "--out", out,
                           "--max-time", "3",
                           env=clean_env(INVENTAIRE_NOW=stamp(when), **env),
                           timeout=120)
        self.assertEqual(code, 0, err)
        asked = [l["path"] for l in self.ff.log()
                 if l["path"].startswith(("/github/orgs/", "/github/users/"))
                 and not l["path"].endswith("/repos")]
        return err, asked

    def followers(self, out):
        with open(os.path.join(out, "codegouvfr-organizations.json"),
                  encoding="utf-8") as f:
            return {o["login"]: o["followers"] for o in json.load(f)}

    def state_owners(self, out):
        with open(os.path.join(out, "state", "inventory.jsonl"),
                  encoding="utf-8") as f:
            recs = [json.loads(l) for l in f]
        return {r["owner"]["owner"]["login"]: r["owner"]
                for r in recs if "owner" in r}

    def test_a_crawl_with_a_token_publishes_the_followers_one_without_does(self):
        rest, gql = self.out("rest"), self.out("graphql")
        _, rest_asked = self.crawl(rest, T0)
        _, gql_asked = self.crawl(gql, T0, **TOKEN)
        # A person's account is not published (output/feed_view.c); the
        # state has its followers, GraphQL's.
        want = {o: ACCOUNTS[o][1] for o in ORGS}
        self.assertEqual(self.followers(rest), want)
        self.assertEqual(self.followers(gql), want)
        self.assertEqual(self.state_owners(gql)["alice"]["owner"]["followers"], 7)
        for name in FEEDS:
            with open(os.path.join(rest, name), "rb") as a, \
                    open(os.path.join(gql, name), "rb") as b:
                self.assertEqual(b.read(), a.read(), name)
        with open(os.path.join(gql, "stats_preprod.json"), encoding="utf-8") as f:
            top = json.load(f)["top_orgs_repos_followers"]
        self.assertEqual([(o["owner"], o["followers"]) for o in top], [("Acme", 42)])
        # GraphQL gives a user's followers: only the organizations are
        # asked, one request each.
        self.assertEqual(sorted(gql_asked), ["/github/orgs/%s" % o for o in ORGS])
        owners = self.state_owners(gql)
        for o in ACCOUNTS:
            self.assertEqual(owners[o]["followers_at"], stamp(T0), o)

    def test_the_followers_are_read_again_only_once_a_week(self):
        out = self.out("weekly")
        _, asked = self.crawl(out, T0, **TOKEN)
        self.assertEqual(sorted(asked), ["/github/orgs/%s" % o for o in ORGS])
        # An hour later: read less than a week ago, nobody is asked; the
        # state's count and date are kept.
        _, asked = self.crawl(out, T0 + HOUR, **TOKEN)
        self.assertEqual(asked, [])
        self.assertEqual(self.followers(out)["acme"], 42)
        self.assertEqual(self.state_owners(out)["acme"]["followers_at"], stamp(T0))
        # Each night of the week, the organizations of that day only.
        seen = []
        for night in range(1, 8):
            when = T0 + night * DAY
            _, asked = self.crawl(out, when, **TOKEN)
            day = (when // DAY) % 7
            self.assertEqual(sorted(asked), ["/github/orgs/%s" % o for o in ORGS
                                             if weekday_of("github.com", o) == day],
                             "night %d" % night)
            seen += asked
            self.assertEqual(self.followers(out)["acme"], 42, "night %d" % night)
        self.assertEqual(sorted(seen), ["/github/orgs/%s" % o for o in ORGS])

    def test_eight_days_later_the_followers_are_read_again(self):
        out = self.out("later")
        self.crawl(out, T0, **TOKEN)
        _, asked = self.crawl(out, T0 + 8 * DAY, **TOKEN)
        self.assertEqual(sorted(asked), ["/github/orgs/%s" % o for o in ORGS])
        self.assertEqual(self.state_owners(out)["acme"]["followers_at"],
                         stamp(T0 + 8 * DAY))

    def test_a_failing_read_keeps_the_last_count(self):
        out = self.out("failing")
        self.crawl(out, T0, **TOKEN)
        err, asked = self.crawl(out, T0 + 8 * DAY, faults=[FAIL], **TOKEN)
        self.assertIn("/github/orgs/acme", asked)
        self.assertEqual(self.followers(out), {o: ACCOUNTS[o][1] for o in ORGS})
        self.assertIn("followers not read", err)
        self.assertIn("the last count, 42 (read %s), is kept" % stamp(T0), err)
        # Still the first read's date: it is asked again the next night.
        self.assertEqual(self.state_owners(out)["acme"]["followers_at"], stamp(T0))
        _, asked = self.crawl(out, T0 + 9 * DAY, **TOKEN)
        self.assertIn("/github/orgs/acme", asked)
        self.assertEqual(self.state_owners(out)["acme"]["followers_at"],
                         stamp(T0 + 9 * DAY))

    def test_without_a_token_a_failing_owner_request_keeps_last_run_s_metadata(self):
        out = self.out("failing-rest")
        self.crawl(out, T0)
        with open(os.path.join(out, "codegouvfr-organizations.json"), "rb") as f:
            first = f.read()
        err, asked = self.crawl(out, T0 + 8 * DAY, faults=[FAIL])
        self.assertIn("/github/orgs/acme", asked)
        self.assertIn("last run's metadata is kept", err)
        with open(os.path.join(out, "codegouvfr-organizations.json"), "rb") as f:
            self.assertEqual(f.read(), first)

    def test_a_first_read_that_fails_says_none_is_known(self):
        out = self.out("failing-first")
        err, _ = self.crawl(out, T0, faults=[FAIL], **TOKEN)
        self.assertIn("none known yet", err)
        self.assertEqual(self.followers(out)["acme"], 0)
        self.assertIsNone(self.state_owners(out)["acme"]["owner"]["followers"])


if __name__ == "__main__":
    main()
