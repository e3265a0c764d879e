"""`inventaire check` gives the nightly verdict: the same repositories,
served by the fake forge, checked by `crawl`, by `check URL` and by `check`
on a clone whose origin is that URL, give the same findings, rule by rule
(rule, level, path, line, column, message).

The one input `check` cannot have is the forge's own metadata: a licence
the forge reports that the files contradict is a `license.mismatch` of the
crawl only, and the test says so."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import GIT_ENV, TESTS_DIR, FakeForge, clean_env, main, run  # noqa: E402

with open(os.path.join(TESTS_DIR, "..", "data", "licences", "texts", "MIT.txt"),
          encoding="utf-8") as _f:
    MIT = "Copyright (c) 2024 Ministère des Solidarités\n\n" + _f.read()
README = ("# Outil\n\nCet outil publie chaque semaine les données de santé "
          "de la DREES, pour les chercheurs et le public.\n")
OWNER = "socialgouv"
PUBLICCODE = "publiccodeYmlVersion: '0.4'\nname: outil\nurl: %s\n"

# name -> (files, the licence the forge reports); "{url}" in a file is the
# repository's own (web) URL, known once the fake forge listens.
REPOS = {
    # publiccode.yml names this repository: no url-mismatch anywhere
    "url-match": ({"LICENSE": MIT, "README.md": README,
                   "publiccode.yml": PUBLICCODE % "{url}"}, "MIT"),
    # publiccode.yml copied from another project
    "url-mismatch": ({"LICENSE": MIT, "README.md": README,
                      "publiccode.yml": PUBLICCODE % "https://github.com/ailleurs/autre.git"},
                     "MIT"),
    # the package manifest and the licence file disagree
    "declared-mismatch": ({"LICENSE": MIT, "README.md": README,
                           "package.json": '{"name": "outil", "license": "Apache-2.0"}\n'},
                          "MIT"),
    # the forge says Apache-2.0, the files say MIT
    "forge-mismatch": ({"LICENSE": MIT, "README.md": README}, "Apache-2.0"),
    "no-readme": ({"LICENSE": MIT, "CONTRIBUTING.md": "Ouvrez un ticket.\n"}, "MIT"),
    "title-only": ({"LICENCE.txt": "Tous droits réservés.\n", "README.md": "# Outil\n",
                    "publiccode.yaml": "publiccodeYmlVersion: '0.4'\n",
                    "docs/CHANGELOG.md": "1.0\n"}, None),
    # the repository's own settings: one rule silenced, one re-levelled
    "settings": ({"LICENSE": MIT, "README.md": README,
                  ".inventaire.yml": "rules:\n"
                  "  community.changelog-missing:\n"
                  "    level: off\n    reason: \"pas encore de version\"\n"
                  "    until: 2999-12-31\n"
                  "  community.security-missing:\n"
                  "    level: warning\n    reason: \"à écrire\"\n"}, "MIT"),
    "no-commits": (None, None),
}


def make_bare(path, files):
    """A bare repository with FILES on main (none: no commit at all)."""
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", path],
                   check=True, env=GIT_ENV)
    if files is None:
        return
    lines = ["commit refs/heads/main", "committer t <t@t> %d +0000" % int(time.time()),
             "data 4", "init"]
    for name, text in files.items():
        data = text.encode()
        lines += ["M 100644 inline %s" % name, "data %d" % len(data), text]
    subprocess.run(["git", "-C", path, "fast-import", "--quiet"],
                   input="\n".join(lines).encode() + b"\n", check=True, env=GIT_ENV)


def findings(report_findings):
    return [(f["rule"], f["level"], f["path"], f["line"], f["column"], f["message"],
             json.dumps(f.get("suppressed")), json.dumps(f.get("level_changed")))
            for f in report_findings]


def env():
    """No CI variables: the repository's URL comes from what is checked."""
    e = clean_env(NO_COLOR="1")
    for k in ("CI_PROJECT_URL", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY"):
        e.pop(k, None)
    return e


class Agreement(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-agreement-")
        cls.git_root = os.path.join(cls.tmp, "git")
        os.makedirs(os.path.join(cls.git_root, "agree"))
        fixture = {"accounts": [{"kind": "github", "owner": OWNER, "type": "org", "repos": [
            {"name": name, "clone_url": "{git}/agree/%s.git" % name,
             "html_url": "{git}/agree/%s" % name, "license": lic,
             "empty": files is None}
            for name, (files, lic) in REPOS.items()]}]}
        path = os.path.join(cls.tmp, "fixture.json")
        with open(path, "w") as f:
            json.dump(fixture, f)
        cls.ff = FakeForge("--fixture", path, "--git-root", cls.git_root)
        for name, (files, _) in REPOS.items():
            if files is not None:
                files = {k: v.replace("{url}", cls.web(name)) for k, v in files.items()}
            make_bare(os.path.join(cls.git_root, "agree", name + ".git"), files)
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        with open(cls.config, "w") as f:
            f.write("github.com:\n  forge: github\n  api_url: %s/github\n  owners:\n"
                    "    %s:\n      pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n"
                    % (cls.ff.base, OWNER))
        cls.crawled = cls.crawl()

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def web(cls, name):
        return "%s/git/agree/%s" % (cls.ff.base, name)

    @classmethod
    def crawl(cls):
        out = os.path.join(cls.tmp, "out")
        code, _, err = run("crawl", "--config", cls.config, "--out", out,
                           "--max-time", "5", env=env(), timeout=120)
        if code != 0:
            raise AssertionError("crawl exited %d: %s" % (code, err))
        with open(os.path.join(out, "codegouvfr-repositories.json"), encoding="utf-8") as f:
            repos = json.load(f)
        return {r["repo_name"]: findings(r["findings"]) for r in repos}

    def check(self, *args):
        code, out, err = run("check", "--format", "json", *args, env=env(), timeout=120)
        self.assertIn(code, (0, 1), err)
        return findings(json.loads(out)["findings"])

    def check_url(self, name):
        return self.check("--cache", os.path.join(self.tmp, "cache"),
                          self.web(name) + ".git")

    def check_clone(self, name):
        clone = os.path.join(self.tmp, "clones", name)
        shutil.rmtree(clone, ignore_errors=True)
        subprocess.run(["git", "clone", "-q", self.web(name) + ".git", clone],
                       check=True, env=GIT_ENV, capture_output=True)
        return self.check(clone)

    def assert_agree(self, name):
        crawled = self.crawled[name]
        self.assertEqual(self.check_url(name), crawled, name)
        self.assertEqual(self.check_clone(name), crawled, name)
        return crawled

    def rules(self, name):
        return [f[0] for f in self.crawled[name]]

    def test_every_repository_is_crawled(self):
        self.assertEqual(sorted(self.crawled), sorted(REPOS))

    def test_publiccode_url_naming_this_repository_is_no_mismatch(self):
        rules = [f[0] for f in self.assert_agree("url-match")]
        self.assertNotIn("publiccode.url-mismatch", rules)
        self.assertIn("publiccode.invalid", rules)

    def test_publiccode_url_of_another_repository_is_a_mismatch_everywhere(self):
        found = [f for f in self.assert_agree("url-mismatch")
                 if f[0] == "publiccode.url-mismatch"]
        self.assertEqual(len(found), 1)
        self.assertIn(self.web("url-mismatch"), found[0][5])

    def test_manifest_and_licence_file_disagreeing_is_a_mismatch_everywhere(self):
        found = [f for f in self.assert_agree("declared-mismatch")
                 if f[0] == "license.mismatch"]
        self.assertEqual(len(found), 1)
        self.assertEqual(found[0][2], "package.json")

    def test_forge_licence_is_known_to_the_crawl_only(self):
        crawled = self.crawled["forge-mismatch"]
        forge = [f for f in crawled if f[0] == "license.mismatch"]
        self.assertEqual(len(forge), 1)
        self.assertIn("The forge reports Apache-2.0", forge[0][5])
        rest = [f for f in crawled if f not in forge]
        self.assertEqual(self.check_url("forge-mismatch"), rest)
        self.assertEqual(self.check_clone("forge-mismatch"), rest)

    def test_missing_readme_is_reported_everywhere(self):
        self.assertIn("readme.missing", [f[0] for f in self.assert_agree("no-readme")])

    def test_title_only_readme_and_unknown_licence_are_reported_everywhere(self):
        rules = [f[0] for f in self.assert_agree("title-only")]
        for rule in ("readme.too-short", "license.unidentified",
                     "publiccode.yaml-extension"):
            self.assertIn(rule, rules)

    def test_the_repository_settings_are_honoured_everywhere(self):
        found = {f[0]: f for f in self.assert_agree("settings")}
        suppressed = json.loads(found["community.changelog-missing"][6])
        self.assertEqual(suppressed["reason"], "pas encore de version")
        self.assertEqual(found["community.security-missing"][1], "warning")
        self.assertEqual(json.loads(found["community.security-missing"][7])["from"], "info")
        self.assertEqual(found["community.contributing-missing"][6:], ("null", "null"))

    def test_a_kept_verdict_loses_a_setting_past_its_date(self):
        # The next night, the tip is unchanged and the last verdict is
        # kept; a setting that has expired since no longer holds in it.
        out = os.path.join(self.tmp, "out-expired")
        shutil.copytree(os.path.join(self.tmp, "out"), out)
        inventory = os.path.join(out, "state", "inventory.jsonl")
        with open(inventory, encoding="utf-8") as f:
            text = f.read()
        self.assertIn('"until":"2999-12-31"', text)
        with open(inventory, "w", encoding="utf-8") as f:
            f.write(text.replace('"until":"2999-12-31"', '"until":"2000-01-01"'))
        code, _, err = run("crawl", "--config", self.config, "--out", out,
                           "--max-time", "5", env=env(), timeout=120)
        self.assertEqual(code, 0, err)
        with open(os.path.join(out, "crawl.json"), encoding="utf-8") as f:
            self.assertIn("unchanged", f.read())
        with open(os.path.join(out, "codegouvfr-repositories.json"), encoding="utf-8") as f:
            repo = [r for r in json.load(f) if r["repo_name"] == "settings"][0]
        found = [f for f in repo["findings"] if f["rule"] == "community.changelog-missing"]
        self.assertEqual(len(found), 1)
        self.assertNotIn("suppressed", found[0])
        before = {f[0]: f for f in self.crawled["settings"]}
        self.assertNotEqual(before["community.changelog-missing"][6], "null")

    def test_repository_without_commits_is_reported_everywhere_alike(self):
        found = [f for f in self.assert_agree("no-commits")
                 if f[0].startswith("repository.")]
        self.assertEqual([f[0] for f in found], ["repository.no-commits"])


if __name__ == "__main__":
    main()
