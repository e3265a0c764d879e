"""When `inventaire crawl` trusts the listing (crawler/crawl/crawl_fresh.c):
an unchanged night makes no git request, every repository is still asked
for its tip once a week on its own day, and a push the listing's date does
not show, or a new default branch, is not missed. The clock is faked with
INVENTAIRE_NOW, which only tests set, so that a week of nights takes
seconds."""
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

# kind -> (owner, account type, config host, forge, API path)
FORGES = {
    "github": ("socialgouv", "org", "github.com", "github", "/github"),
    "gitlab": ("drees", "group", "gitlab.com", "gitlab", "/gitlab/api/v4"),
    "gitea": ("fabrique", "org", "codeberg.org", "forgejo", "/forgejo/api/v1"),
}
PER_FORGE = 7
FROZEN = "2024-01-02T03:04:05Z"   # a date the forge never moves
DAY = 86400


def stamp(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def weekday_of(host, full_name):
    """The day of the week a repository is verified on: FNV-1a (64 bits)
    of "host/full_name" in lower case, modulo 7 (crawl_shard.c)."""
    h = 0xcbf29ce484222325
    for c in ("%s/%s" % (host, full_name)).lower().encode():
        h = ((h ^ c) * 0x100000001b3) & 0xffffffffffffffff
    return h % 7


class Fresh(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-crawl-fresh-")
        cls.git_root = os.path.join(cls.tmp, "git")
        fixture = {"accounts": []}
        cls.repos = []          # (host, full_name, bare path)
        for kind, (owner, typ, host, _, _) in FORGES.items():
            repos = []
            for i in range(PER_FORGE):
                name = "%s-%d" % (kind, i)
                bare = os.path.join(cls.git_root, kind, name + ".git")
                make_bare(bare, {"README.md": README})
                # The last of each forge has a date that never moves: a
                # forge whose timestamp lags, or lost the update.
                date = FROZEN if i == PER_FORGE - 1 else "{git}"
                repos.append({"name": name, "clone_url": "{git}/%s/%s.git" % (kind, name),
                              "pushed_at": date, "updated_at": date})
                cls.repos.append((host, "%s/%s" % (owner, name), bare))
            fixture["accounts"].append({"kind": kind, "owner": owner, "type": typ,
                                        "repos": repos})
        cls.ff = FakeForge.serving(fixture, cls.tmp, "--git-root", cls.git_root)
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        with open(cls.config, "w", encoding="utf-8") as f:
            for kind, (owner, _, host, forge, api) in FORGES.items():
                f.write("%s:\n  forge: %s\n  api_url: %s%s\n  allow_http: true\n  owners:\n    %s: {}\n"
                        % (host, forge, cls.ff.base, api, owner))
        # Three hours after the pushes above, at 02:00 UTC: a night.
        t = time.time() + 3 * 3600
        cls.t0 = t - t % DAY + 2 * 3600 + (DAY if t % DAY > 2 * 3600 else 0)

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def crawl(self, out, when):
        self.ff.control("/_control/reset", {})
        code, _, err = run("crawl", "--config", self.config, "--out", out,
                           "--max-time", "5",
                           env=clean_env(INVENTAIRE_NOW=stamp(when)), timeout=120)
        self.assertEqual(code, 0, err)
        return [l for l in self.ff.log() if l["path"].startswith("/git/")]

    def out(self, name):
        d = os.path.join(self.tmp, name)
        shutil.rmtree(d, ignore_errors=True)
        return d

    def load(self, out, name):
        with open(os.path.join(out, name), encoding="utf-8") as f:
            return json.load(f)

    def heads(self, out):
        return {r["full_name"]: r["head"]
                for r in self.load(out, "codegouvfr-repositories.json")}

    @staticmethod
    def asked(git_log):
        """The repositories the log's git requests were about."""
        return {l["path"][len("/git/"):-len("/git-upload-pack")] for l in git_log}

    def test_an_unchanged_recrawl_makes_no_git_request(self):
        out = self.out("unchanged")
        self.assertTrue(self.crawl(out, self.t0))
        with open(os.path.join(out, "codegouvfr-repositories.json"), "rb") as f:
            first = f.read()
        # An hour later: nothing moved, nothing is due.
        self.assertEqual(self.crawl(out, self.t0 + 3600), [])
        with open(os.path.join(out, "codegouvfr-repositories.json"), "rb") as f:
            self.assertEqual(f.read(), first)
        cov = self.load(out, "crawl.json")
        n = len(self.repos)
        self.assertEqual(cov["totals"]["trusted"], n)
        self.assertEqual(cov["totals"]["unchanged"], n)
        self.assertEqual({p for a in cov["accounts"]
                          for p in a["probe_paths"].values()}, {"listing"})
        # The listing itself was still read; GitHub's subscribers, which it
        # omits, were not asked again: the listing had not changed
        # (crawler/crawl/crawl_extra.c).
        self.assertTrue([l for l in self.ff.log() if l["path"].startswith("/github/")])
        self.assertFalse([l for l in self.ff.log() if "watchers" in l])
        self.assertEqual(cov["totals"]["subscribers_requests"], 0)
        self.assertEqual(cov["totals"]["subscribers_reused"], PER_FORGE)

    def test_each_repository_is_asked_for_its_tip_once_a_week_on_its_day(self):
        out = self.out("weekly")
        self.crawl(out, self.t0)
        # A push whose listing date does not move (the forge lags): only
        # the weekly verification can see it.
        host, lagging, bare = [r for r in self.repos if r[1].endswith("gitea-6")][0]
        old = self.heads(out)[lagging]
        make_bare(bare, {"README.md": README, "LICENSE": "MIT\n"}, message="late")
        seen = {}
        for night in range(1, 8):
            when = self.t0 + night * DAY
            asked = self.asked(self.crawl(out, when))
            day = (when // DAY) % 7
            want = {"%s/%s.git" % (kind_path(h), name.split("/")[1])
                    for h, name, _ in self.repos if weekday_of(h, name) == day}
            self.assertEqual(asked, want, "night %d" % night)
            for name in asked:
                self.assertNotIn(name, seen, "asked twice in a week")
                seen[name] = night
            head = self.heads(out)[lagging]
            if weekday_of(host, lagging) == day:
                self.assertNotEqual(head, old, "the weekly look found the push")
            elif lagging_not_yet(seen, host, lagging):
                self.assertEqual(head, old, "night %d" % night)
        self.assertEqual(len(seen), len(self.repos))
        # About a seventh a night, never all on the eighth day.
        self.assertEqual(self.asked(self.crawl(out, self.t0 + 8 * DAY)),
                         {n for n, d in seen.items() if d == 1})

    def test_a_push_moves_the_listing_and_is_checked_the_next_night(self):
        out = self.out("pushed")
        self.crawl(out, self.t0)
        _, name, bare = [r for r in self.repos if r[1].endswith("github-0")][0]
        old = self.heads(out)[name]
        make_bare(bare, {"README.md": README, "LICENSE": "MIT\n"}, message="push")
        asked = self.asked(self.crawl(out, self.t0 + 3600))
        self.assertEqual(asked, {"github/github-0.git"})
        self.assertNotEqual(self.heads(out)[name], old)
        cov = self.load(out, "crawl.json")
        self.assertEqual(cov["totals"]["checked"], 1)
        # Its listing moved: its subscribers are asked again, the others'
        # kept.
        self.assertEqual([l["path"] for l in self.ff.log() if "watchers" in l],
                         ["/github/repos/socialgouv/github-0"])
        self.assertEqual(cov["totals"]["subscribers_reused"], PER_FORGE - 1)

    def test_a_new_default_branch_under_an_unmoved_date_is_probed_again(self):
        out = self.out("branch")
        _, name, bare = [r for r in self.repos if r[1].endswith("gitlab-6")][0]
        self.crawl(out, self.t0)
        old = self.heads(out)[name]
        # A branch "dev" with other files; the listing's date stays.
        head = run_git(bare, "rev-parse", "refs/heads/main")
        lines = ["commit refs/heads/dev", "committer t <t@t> 1700000000 +0000",
                 "data 3", "dev", "from %s" % head,
                 "M 100644 inline LICENSE", "data 4", "MIT", ""]
        run_git(bare, "fast-import", "--quiet", input="\n".join(lines) + "\n")
        self.ff.control("/_control/repos", [{"kind": "gitlab", "owner": "drees",
                                             "name": "gitlab-6",
                                             "set": {"default_branch": "dev"}}])
        try:
            asked = self.asked(self.crawl(out, self.t0 + 3600))
            self.assertEqual(asked, {"gitlab/gitlab-6.git"})
            self.assertNotEqual(self.heads(out)[name], old)
            self.assertEqual(self.heads(out)[name],
                             run_git(bare, "rev-parse", "refs/heads/dev"))
        finally:
            self.ff.control("/_control/repos", [{"kind": "gitlab", "owner": "drees",
                                                 "name": "gitlab-6",
                                                 "set": {"default_branch": "main"}}])

    def test_an_accounts_metadata_is_read_once_a_week_on_its_day(self):
        # Each forge's own metadata request, apart from its listing; the
        # Forgejo organization gives no created_at, so what counts is that
        # the forge gave something (crawl_list.c). A GitLab group's comes
        # with its GraphQL listing every night, for no request of its own
        # (forges/gitlab_graphql.c): never asked apart.
        meta = {"codeberg.org": "/forgejo/api/v1/orgs/fabrique",
                "github.com": "/github/orgs/socialgouv"}
        gitlab_meta = {"gitlab.com": "/gitlab/api/v4/groups/drees"}
        owners = {h: o for _, (o, _, h, _, _) in FORGES.items()}
        out = self.out("owners")
        self.crawl(out, self.t0)
        self.assertEqual(self.metadata_asked(meta), set(meta), "the first crawl")
        self.assertEqual(self.metadata_asked(gitlab_meta), set(), "the first crawl")
        with open(os.path.join(out, "codegouvfr-organizations.json"), "rb") as f:
            first = f.read()
        for night in range(1, 8):
            when = self.t0 + night * DAY
            self.crawl(out, when)
            day = (when // DAY) % 7
            self.assertEqual(self.metadata_asked(meta),
                             {h for h in meta if weekday_of(h, owners[h]) == day},
                             "night %d" % night)
            self.assertEqual(self.metadata_asked(gitlab_meta), set(), "night %d" % night)
            with open(os.path.join(out, "codegouvfr-organizations.json"), "rb") as f:
                self.assertEqual(f.read(), first, "night %d" % night)

    def metadata_asked(self, meta):
        paths = {l["path"] for l in self.ff.log()}
        return {h for h, p in meta.items() if p in paths}


def kind_path(host):
    return {h: k for k, (_, _, h, _, _) in FORGES.items()}[host]


def lagging_not_yet(seen, host, name):
    """NAME's weekly look has not come yet."""
    return "%s/%s.git" % (kind_path(host), name.split("/")[1]) not in seen


def run_git(bare, *args, input=None):
    import subprocess
    from harness import GIT_ENV
    return subprocess.run(["git", "-C", bare, *args], env=GIT_ENV, check=True,
                          capture_output=True, input=input and input.encode()
                          ).stdout.decode().strip()


if __name__ == "__main__":
    main()
