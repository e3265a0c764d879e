"""`inventaire check` gives the nightly verdict: the same repositories,
served by the fake forge, checked by `crawl`, by `check URL` and by `check`
on a clone whose origin is that URL, give the same findings, rule by rule
(rule, level, path, line, column, message).

The forge's own metadata reaches both: the crawl from its listing, `check`
by asking the forge for the one repository, whose host the accounts list
names. A licence the forge reports that the files contradict is a
`license.mismatch` everywhere; `check --no-forge`, or a forge that does not
answer (a note on stderr), leaves it out."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import GIT_ENV, TESTS_DIR, FakeForge, clean_env, main, make_bare, run  # noqa: E402

with open(os.path.join(TESTS_DIR, "..", "data", "licences", "texts", "MIT.txt"),
          encoding="utf-8") as _f:
    MIT = "Copyright (c) 2024 Ministère des Solidarités\n\n" + _f.read()
README = ("# Outil\n\nCet outil publie chaque semaine les données de santé "
          "de la DREES, pour les chercheurs et le public.\n")
# The owner is the folder the fake forge serves the repositories from, so
# that their URLs (http://HOST/git/agree/NAME) end in OWNER/NAME as on a
# forge.
OWNER = "agree"
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
        # The same repository on the other kinds of forge, for `check`:
        # its URL ends in agree/forge-mismatch, GitLab's whole path is
        # git/agree/forge-mismatch.
        one = [{"name": "forge-mismatch", "license": "Apache-2.0"}]
        fixture["accounts"] += [
            {"kind": "gitlab", "owner": "git", "type": "org",
             "repos": [dict(one[0], namespace="git/agree")]},
            {"kind": "gitea", "owner": OWNER, "type": "org", "repos": one},
            {"kind": "bitbucket", "owner": OWNER, "type": "org", "repos": one}]
        cls.ff = FakeForge.serving(fixture, cls.tmp, "--git-root", cls.git_root)
        for name, (files, _) in REPOS.items():
            if files is not None:
                files = {k: v.replace("{url}", cls.web(name)) for k, v in files.items()}
            make_bare(os.path.join(cls.git_root, "agree", name + ".git"), files)
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        with open(cls.config, "w") as f:
            # The host of the repositories' URLs is the fake forge's own:
            # the list says it runs GitHub's API, for the crawl and check;
            # the fake forge speaks http, which a real forge never may.
            f.write("%s:\n  forge: github\n  api_url: %s/github\n  allow_http: true\n  owners:\n"
                    "    %s:\n      pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n"
                    % (cls.ff.base[len("http://"):], cls.ff.base, OWNER))
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

    def check(self, *args, stderr=None):
        code, out, err = run("check", "--format", "json", "--config", self.config,
                             *args, env=env(), timeout=120)
        self.assertIn(code, (0, 1), err)
        if stderr is not None:
            stderr.append(err)
        return findings(json.loads(out)["findings"])

    def check_url(self, name, *args, **kw):
        return self.check("--cache", os.path.join(self.tmp, "cache"), *args,
                          self.web(name) + ".git", **kw)

    def check_clone(self, name, *args, **kw):
        clone = os.path.join(self.tmp, "clones", name)
        shutil.rmtree(clone, ignore_errors=True)
        subprocess.run(["git", "clone", "-q", self.web(name) + ".git", clone],
                       check=True, env=GIT_ENV, capture_output=True)
        return self.check(*args, clone, **kw)

    def forge_asked(self, name):
        """How many times the fake forge was asked for repository NAME."""
        return sum(1 for e in self.ff.log()
                   if e["path"] == "/github/repos/%s/%s" % (OWNER, name))

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

    def forge_finding(self):
        """The crawl's findings of forge-mismatch: the one that compares
        the files with the forge's licence, and the others."""
        crawled = self.crawled["forge-mismatch"]
        forge = [f for f in crawled if f[0] == "license.mismatch"]
        self.assertEqual(len(forge), 1)
        self.assertIn("The forge reports Apache-2.0", forge[0][5])
        return forge, [f for f in crawled if f not in forge]

    def test_forge_licence_contradicted_by_the_files_is_a_mismatch_everywhere(self):
        self.forge_finding()
        before = self.forge_asked("forge-mismatch")
        self.assert_agree("forge-mismatch")
        # check URL and check on the clone: one request each.
        self.assertEqual(self.forge_asked("forge-mismatch") - before, 2)

    def test_no_forge_leaves_the_forge_licence_out_and_asks_nothing(self):
        _, rest = self.forge_finding()
        before = self.forge_asked("forge-mismatch")
        self.assertEqual(self.check_url("forge-mismatch", "--no-forge"), rest)
        self.assertEqual(self.check_clone("forge-mismatch", "--no-forge"), rest)
        self.assertEqual(self.forge_asked("forge-mismatch"), before)

    def test_a_forge_that_does_not_answer_is_a_note_and_the_check_goes_on(self):
        _, rest = self.forge_finding()
        self.ff.faults([{"kind": "forbidden", "path": "^/github/repos/"}])
        try:
            errs = []
            self.assertEqual(self.check_clone("forge-mismatch", stderr=errs), rest)
        finally:
            self.ff.faults([])
        self.assertIn("note: %s: cannot read the forge's metadata" % self.web("forge-mismatch"),
                      errs[0])
        self.assertIn("HTTP 403", errs[0])
        self.assertIn("/github/repos/%s/forge-mismatch" % OWNER, errs[0])

    def test_a_host_the_accounts_list_does_not_name_is_not_asked(self):
        _, rest = self.forge_finding()
        other = os.path.join(self.tmp, "other.yml")
        with open(other, "w") as f:
            f.write("git.example.fr:\n  forge: gitlab\n")
        before = self.forge_asked("forge-mismatch")
        errs = []
        self.assertEqual(self.check_url("forge-mismatch", "--config", other,
                                        stderr=errs), rest)
        self.assertEqual(self.forge_asked("forge-mismatch"), before)
        self.assertEqual(errs[0], "")

    def test_every_kind_of_forge_is_asked_at_its_own_endpoint(self):
        host = self.ff.base[len("http://"):]
        kinds = {"gitlab": ("/gitlab/api/v4", "/gitlab/api/v4/projects/git%2Fagree%2Fforge-mismatch"),
                 "gitea": ("/gitea/api/v1", "/gitea/api/v1/repos/agree/forge-mismatch"),
                 "forgejo": ("/forgejo/api/v1", "/forgejo/api/v1/repos/agree/forge-mismatch"),
                 "gogs": ("/gogs/api/v1", "/gogs/api/v1/repos/agree/forge-mismatch"),
                 "bitbucket": ("/bitbucket/2.0", "/bitbucket/2.0/repositories/agree/forge-mismatch")}
        for kind, (root, path) in kinds.items():
            with self.subTest(kind=kind):
                config = os.path.join(self.tmp, kind + ".yml")
                with open(config, "w") as f:
                    f.write("%s:\n  forge: %s\n  api_url: %s%s\n"
                            % (host, kind, self.ff.base, root))
                errs = []
                found = self.check_url("forge-mismatch", "--config", config, stderr=errs)
                self.assertEqual(errs[0], "")
                asked = [e for e in self.ff.log() if e["path"] == path.replace("%2F", "/")
                         or e["path"] == path]
                self.assertEqual([e["status"] for e in asked][-1:], [200])
                mismatch = [f for f in found if f[0] == "license.mismatch"]
                # Neither gives a licence in a listing (the crawl's) nor in
                # the answer `check` reads.
                if kind in ("gitlab", "bitbucket"):
                    self.assertEqual(mismatch, [])
                else:
                    self.assertEqual(len(mismatch), 1)
                    self.assertIn("Apache-2.0".lower(), mismatch[0][5].lower())

    def test_check_keeps_github_token_from_an_api_url_on_another_domain(self):
        # check asks the forge through the crawl's HTTP engine, so the
        # crawl's token rule holds: an accounts list edited upstream that
        # points github.com's api_url elsewhere gets no GITHUB_TOKEN.
        config = os.path.join(self.tmp, "elsewhere.yml")
        with open(config, "w") as f:
            f.write("github.com:\n  forge: github\n  api_url: %s/github\n"
                    % self.ff.base)
        clone = os.path.join(self.tmp, "clones", "on-github")
        shutil.rmtree(clone, ignore_errors=True)
        subprocess.run(["git", "clone", "-q", self.web("forge-mismatch") + ".git", clone],
                       check=True, env=GIT_ENV, capture_output=True)
        subprocess.run(["git", "-C", clone, "remote", "set-url", "origin",
                        "https://github.com/%s/forge-mismatch.git" % OWNER],
                       check=True, env=GIT_ENV, capture_output=True)
        path = "/github/repos/%s/forge-mismatch" % OWNER
        for token_env, sent in (({"GITHUB_TOKEN": "ghp_not_for_you"}, None),
                                ({"GITHUB_TOKEN": "ghp_not_for_you",
                                  "INVENTAIRE_TOKEN_127_0_0_1": "ok"}, "token ok")):
            with self.subTest(env=sorted(token_env)):
                self.ff.control("/_control/reset", {})
                code, out, err = run("check", "--format", "json", "--config", config,
                                     clone, env=dict(env(), **token_env), timeout=120)
                self.assertIn(code, (0, 1), err)
                asked = [e for e in self.ff.log() if e["path"] == path]
                self.assertEqual([e["status"] for e in asked], [200], err)
                self.assertEqual(asked[0]["headers"].get("Authorization"), sent)
                for e in self.ff.log():
                    self.assertNotIn("ghp_not_for_you", json.dumps(e))
                if sent is None:
                    self.assertIn("GITHUB_TOKEN is not sent there", err)
                else:
                    self.assertNotIn("warning", err)

    def test_an_accounts_list_that_cannot_be_read_is_a_usage_error(self):
        bad = os.path.join(self.tmp, "bad.yml")
        with open(bad, "w") as f:
            f.write("not a host/:\n  forge: github\n")
        for config in (bad, os.path.join(self.tmp, "missing.yml")):
            code, out, err = run("check", "--config", config, self.web("forge-mismatch") + ".git",
                                 env=env(), timeout=60)
            self.assertEqual(code, 2, err)
            self.assertIn(os.path.basename(config), err)
            self.assertEqual(out, "")

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
