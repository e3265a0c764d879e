"""A whole forge's groups: their metadata (name, avatar, description) is
asked once a week, on each group's own day, like an account's own
(crawler/crawl/crawl_extra.c); the other nights, and when the forge fails
to answer, last run's is published. The clock is faked with INVENTAIRE_NOW,
which only tests set."""
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import FakeForge, clean_env, main, make_bare, run  # noqa: E402
from crawl_fresh import DAY, stamp, weekday_of  # noqa: E402

HOST = "git.forge1.fr"
API = "/i/forge1/gitlab/api/v4"
GROUPS = ["sante", "solidarites", "travail", "drees", "cnam"]


class WholeForgeOwners(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-whole-owners-")
        git = os.path.join(cls.tmp, "git")
        accounts = []
        for g in GROUPS:
            repos = []
            for i in range(2):
                name = "%s-%d" % (g, i)
                make_bare(os.path.join(git, g, name + ".git"), {"README.md": "# %s\n" % name})
                repos.append({"name": name, "clone_url": "{git}/%s/%s.git" % (g, name),
                              "pushed_at": "{git}", "updated_at": "{git}"})
            accounts.append({"kind": "gitlab", "owner": g, "type": "group",
                             "instance": "forge1", "description": "Groupe %s" % g,
                             "repos": repos})
        # A person's namespace: not published, never asked.
        make_bare(os.path.join(git, "alice", "notes.git"), {"README.md": "# notes\n"})
        accounts.append({"kind": "gitlab", "owner": "alice", "type": "user",
                         "instance": "forge1",
                         "repos": [{"name": "notes", "clone_url": "{git}/alice/notes.git",
                                    "pushed_at": "{git}", "updated_at": "{git}"}]})
        fixture = os.path.join(cls.tmp, "fixture.json")
        with open(fixture, "w", encoding="utf-8") as f:
            json.dump({"accounts": accounts}, f)
        cls.ff = FakeForge("--fixture", fixture, "--git-root", git)
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        with open(cls.config, "w", encoding="utf-8") as f:
            f.write("%s:\n  forge: gitlab\n  api_url: %s%s\n  allow_http: true\n"
                    % (HOST, cls.ff.base, API))
        # 02:00 UTC, a day from now: the repositories' dates are behind it.
        t = int(__import__("time").time()) + DAY
        cls.t0 = t - t % DAY + 2 * 3600

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def crawl(self, out, when, faults=()):
        self.ff.control("/_control/reset", {})
        self.ff.faults(list(faults))
        code, _, err = run("crawl", "--config", self.config, "--out", out,
                           "--max-time", "3",
                           env=clean_env(INVENTAIRE_NOW=stamp(when)), timeout=120)
        self.assertEqual(code, 0, err)
        paths = {l["path"] for l in self.ff.log()}
        return {g for g in GROUPS + ["alice"] if "%s/groups/%s" % (API, g) in paths}

    def orgs(self, out):
        with open(os.path.join(out, "codegouvfr-organizations.json"), "rb") as f:
            return f.read()

    def test_each_group_is_asked_once_a_week_on_its_day(self):
        out = os.path.join(self.tmp, "weekly")
        self.assertEqual(self.crawl(out, self.t0), set(GROUPS), "the first crawl")
        first = self.orgs(out)
        for g in GROUPS:
            self.assertIn(b"Groupe " + g.encode(), first)
        self.assertEqual(self.crawl(out, self.t0 + 3600), set(), "an hour later")
        self.assertEqual(self.orgs(out), first, "an hour later")
        for night in range(1, 8):
            when = self.t0 + night * DAY
            day = (when // DAY) % 7
            self.assertEqual(self.crawl(out, when),
                             {g for g in GROUPS if weekday_of(HOST, g) == day},
                             "night %d" % night)
            self.assertEqual(self.orgs(out), first, "night %d" % night)

    def test_a_group_whose_request_fails_keeps_last_runs_metadata(self):
        out = os.path.join(self.tmp, "failing")
        self.crawl(out, self.t0)
        first = self.orgs(out)
        # Eight days on, every group is due; the forge fails them all.
        asked = self.crawl(out, self.t0 + 8 * DAY, faults=[
            {"kind": "status", "arg": 503, "path": "^%s/groups/[a-z]+[?]" % API}])
        self.assertEqual(asked, set(GROUPS))
        self.assertEqual(self.orgs(out), first)
        # Still due the next night, since no read succeeded.
        self.assertEqual(self.crawl(out, self.t0 + 9 * DAY), set(GROUPS))


if __name__ == "__main__":
    main()
