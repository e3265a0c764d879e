"""End-to-end tests of `inventaire crawl` against the fake forge:
four forge kinds, 48 repositories served over smart HTTP by git
http-backend, each with planted licences, READMEs and publiccode files."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (GIT_ENV, INVENTAIRE, TESTS_DIR, FakeForge,  # noqa: E402
                     clean_env, main, make_bare, run)

sys.path.insert(0, TESTS_DIR)
import jsonschema_lite  # noqa: E402

with open(os.path.join(TESTS_DIR, "..", "data", "licences", "texts", "MIT.txt"),
          encoding="utf-8") as _f:
    MIT = "Copyright (c) 2024 Ministère de la Santé\n\n" + _f.read()
README = "# Outil\n\nCet outil publie les données de santé de la DREES chaque semaine.\n"

# kind -> (fixture owner, account type, config host, API path, namespace)
FORGES = {
    "github": ("socialgouv", "org", "github.com", "/github"),
    "gitlab": ("drees", "group", "gitlab.com", "/gitlab/api/v4"),
    "gitea": ("fabrique", "org", "codeberg.org", "/forgejo/api/v1"),
    "bitbucket": ("cnam", "org", "bitbucket.org", "/bitbucket/2.0"),
}
PER_FORGE = 12


def plant(i):
    """What repository I holds: a licence, a README, a publiccode.yml."""
    files = {}
    if i % 3 != 0:
        files["LICENSE" if i % 2 else "LICENCE.txt"] = MIT
    if i % 4 != 1:
        files["README.md"] = README
    if i % 5 == 2:
        files["publiccode.yml"] = "publiccodeYmlVersion: '0.4'\nname: [broken\n"
    if i % 6 == 0:
        files["CONTRIBUTING.md"] = "Ouvrez un ticket.\n"
    return files




class Crawl(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-crawl-")
        cls.git_root = os.path.join(cls.tmp, "git")
        fixture = {"accounts": []}
        for kind, (owner, typ, _, _) in FORGES.items():
            repos = []
            for i in range(PER_FORGE):
                name = "%s-%02d" % (kind, i)
                # Dates "{git}": the fake forge's listing moves when the
                # repository is pushed to, as a forge's does.
                repos.append({"name": name, "clone_url": "{git}/%s/%s.git" % (kind, name),
                              "pushed_at": "{git}", "updated_at": "{git}",
                              "description": "Dépôt %d" % i if i % 7 else None,
                              "archived": i == 5, "fork": i == 6,
                              "license": "MIT" if i % 3 else None})
                make_bare(os.path.join(cls.git_root, kind, name + ".git"), plant(i))
            fixture["accounts"].append({"kind": kind, "owner": owner, "type": typ,
                                        "repos": repos})
        cls.ff = FakeForge.serving(fixture, cls.tmp, "--git-root", cls.git_root)
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        with open(cls.config, "w") as f:
            for kind, (owner, _, host, api) in FORGES.items():
                f.write("%s:\n  forge: %s\n  api_url: %s%s\n  allow_http: true\n  owners:\n    %s:\n"
                        "      pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n"
                        % (host, "forgejo" if kind == "gitea" else kind,
                           cls.ff.base, api, owner))
        cls.actors = os.path.join(cls.tmp, "actors.yml")
        with open(cls.actors, "w") as f:
            f.write("929f8575-51b3-4977-8dcb-147b756de677:\n  name: DREES\n"
                    "  acronym: DREES\n  ministry: Ministère de la Santé\n")

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.ff.control("/_control/reset", {})

    def crawl(self, out, *extra, timeout=120):
        return run("crawl", "--config", self.config, "--actors", self.actors,
                   "--out", out, "--max-time", "5", *extra,
                   env=clean_env(NO_COLOR="1"), timeout=timeout)

    def out(self, name):
        d = os.path.join(self.tmp, name)
        shutil.rmtree(d, ignore_errors=True)
        return d

    def load(self, out, name):
        with open(os.path.join(out, name), encoding="utf-8") as f:
            return json.load(f)

    def test_crawl_writes_every_file_with_the_planted_results(self):
        out = self.out("full")
        code, _, err = self.crawl(out)
        self.assertEqual(code, 0, err)
        repos = self.load(out, "codegouvfr-repositories.json")
        self.assertEqual(len(repos), 4 * PER_FORGE)
        by = {r["repo_name"]: r for r in repos}
        for kind in FORGES:
            for i in range(PER_FORGE):
                r = by["%s-%02d" % (kind, i)]
                planted = plant(i)
                self.assertEqual(r["readme"], "README.md" in planted, r)
                self.assertEqual(r["contributing"], "CONTRIBUTING.md" in planted)
                self.assertEqual(r["publiccode_status"],
                                 "invalid" if "publiccode.yml" in planted else "absent")
                # Bitbucket Cloud has no archived flag (forges/bitbucket.c).
                self.assertEqual(r["archived"], i == 5 and kind != "bitbucket")
                self.assertEqual(r["fork"], i == 6)
                self.assertFalse(r["stale"])
                self.assertEqual(len(r["head"]), 40)
                self.assertEqual(r["actor"], "DREES")
                rules = [f["rule"] for f in r["findings"]]
                self.assertEqual("license.missing" in rules, i % 3 == 0, (kind, i))
                self.assertEqual(r["license_spdx"], None if i % 3 == 0 else "MIT")
                self.assertEqual(r["license_authorized"], None if i % 3 == 0 else True)
                self.assertEqual("readme.missing" in rules, i % 4 == 1, (kind, i))
        for name in ("codegouvfr-repositories.csv", "codegouvfr-organizations.json",
                     "codegouvfr-organizations.csv", "repos_preprod.json",
                     "owners.json", "comptes-organismes-publics.yml"):
            self.assertTrue(os.path.getsize(os.path.join(out, name)) > 0, name)
        orgs = self.load(out, "codegouvfr-organizations.json")
        self.assertEqual(sorted(o["login"].lower() for o in orgs),
                         sorted(v[0] for v in FORGES.values()))
        cov = self.load(out, "crawl.json")
        self.assertEqual(cov["totals"]["listed"], 4)
        # crawl.json says which path each repository's probe took.
        for a in cov["accounts"]:
            self.assertEqual(len(a["probe_paths"]), PER_FORGE, a["key"])
            self.assertEqual(set(a["probe_paths"].values()), {"v2-filter-tree"},
                             a["key"])
        self.assertEqual(cov["totals"]["repositories"], 4 * PER_FORGE)
        self.assertEqual(cov["totals"]["checked"], 4 * PER_FORGE)
        self.assertTrue(all(h["reachable"] for h in cov["hosts"]))
        self.assert_requests_match_the_log(cov)
        with open(os.path.join(out, "comptes-organismes-publics.yml")) as f:
            self.assertIn("github.com:\n  forge: github\n", f.read())

    def assert_requests_match_the_log(self, cov):
        """crawl.json's requests per account are the API requests the fake
        forge saw under that account's API root (one account per forge)."""
        log = self.ff.log()
        by_host = {a["host"]: a for a in cov["accounts"]}
        for kind, (_, _, host, api) in FORGES.items():
            # A GitLab group is listed through GitLab's GraphQL endpoint,
            # beside /api/v4 (forges/gitlab_graphql.c).
            seen = [l for l in log if l["path"].startswith(api + "/") or
                    (kind == "gitlab" and l["path"] == "/gitlab/api/graphql")]
            self.assertTrue(seen, kind)
            self.assertEqual(by_host[host]["requests"], len(seen), (kind, seen))
        self.assertEqual(cov["totals"]["requests"],
                         sum(a["requests"] for a in cov["accounts"]))

    def test_every_json_output_is_valid_against_its_schema(self):
        out = self.out("schemas")
        self.assertEqual(self.crawl(out)[0], 0)
        for name in ("codegouvfr-repositories", "codegouvfr-organizations",
                     "repos_preprod", "owners", "crawl"):
            schema = self.load(out, "schema/%s.schema.json" % name)
            doc = self.load(out, name + ".json")
            errors = jsonschema_lite.validate(doc, schema)
            self.assertEqual(errors, [], name)

    def test_second_unchanged_run_is_identical_and_fetches_no_pack(self):
        out = self.out("twice")
        self.assertEqual(self.crawl(out)[0], 0)
        with open(os.path.join(out, "codegouvfr-repositories.json"), "rb") as f:
            first = f.read()
        self.ff.control("/_control/reset", {})
        code, _, err = self.crawl(out)
        self.assertEqual(code, 0, err)
        with open(os.path.join(out, "codegouvfr-repositories.json"), "rb") as f:
            self.assertEqual(f.read(), first)
        # The probe asks for the tip (ls-refs) and nothing more: no fetch
        # command, no pack byte (the fake forge logs both per request).
        log = self.ff.log()
        self.assertTrue([l for l in log if l.get("git") == "ls-refs"])
        self.assertEqual([l for l in log if l.get("git") == "fetch"], [])
        self.assertEqual(sum(l.get("pack") or 0 for l in log), 0)
        cov = self.load(out, "crawl.json")
        self.assertEqual(cov["totals"]["unchanged"], 4 * PER_FORGE)
        self.assertEqual({p for a in cov["accounts"] for p in a["probe_paths"].values()},
                         {"v2-ls-refs"})
        self.assertEqual(cov["totals"]["checked"], 0)

    def test_a_moved_tip_is_checked_again(self):
        # A forge and a repository of its own: the shared fixture stays
        # as it is. The tip moves to a tree with another verdict (the
        # licence is gone), so a crawler that kept the old results under
        # the new head would fail here.
        root = os.path.join(self.tmp, "moved-git")
        bare = os.path.join(root, "moving.git")
        make_bare(bare, {"README.md": README, "LICENSE": MIT})
        fixture = os.path.join(self.tmp, "moved.json")
        with open(fixture, "w") as f:
            json.dump({"accounts": [{"kind": "github", "owner": "mover", "type": "org",
                                     # The push date follows the repository's
                                     # refs, as a forge records pushes: the
                                     # listing shows the move.
                                     "repos": [{"name": "moving",
                                                "pushed_at": "{git}",
                                                "updated_at": "{git}",
                                                "clone_url": "{git}/moving.git"}]}]}, f)
        ff = FakeForge("--fixture", fixture, "--git-root", root)
        self.addCleanup(ff.stop)
        config = os.path.join(self.tmp, "moved.yml")
        with open(config, "w") as f:
            f.write("github.com:\n  forge: github\n  api_url: %s/github\n"
                    "  allow_http: true\n  owners:\n    mover:\n"
                    "      pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n" % ff.base)
        out = self.out("moved")
        args = ("crawl", "--config", config, "--actors", self.actors, "--out", out,
                "--max-time", "5")
        code, _, err = run(*args, env=clean_env(), timeout=120)
        self.assertEqual(code, 0, err)
        before = self.load(out, "codegouvfr-repositories.json")[0]
        self.assertEqual(before["license_spdx"], "MIT")
        # A new commit whose tree has no licence.
        stream = ("commit refs/heads/main\ncommitter t <t@t> %d +0000\ndata 7\n"
                  "no lic\nfrom %s\ndeleteall\nM 100644 inline README.md\n"
                  "data %d\n%s\n" % (int(time.time()), before["head"],
                                      len(README.encode()), README))
        subprocess.run(["git", "-C", bare, "fast-import", "--quiet"],
                       input=stream.encode(), check=True, env=GIT_ENV)
        tip = subprocess.run(["git", "-C", bare, "rev-parse", "main"],
                             capture_output=True, check=True).stdout.decode().strip()
        code, _, err = run(*args, env=clean_env(), timeout=120)
        self.assertEqual(code, 0, err)
        after = self.load(out, "codegouvfr-repositories.json")[0]
        self.assertEqual(after["head"], tip)
        self.assertNotEqual(after["head"], before["head"])
        self.assertIsNone(after["license_spdx"])
        self.assertIn("license.missing", [x["rule"] for x in after["findings"]])
        self.assertTrue(after["readme"])
        cov = self.load(out, "crawl.json")
        self.assertEqual(cov["totals"]["checked"], 1)
        self.assertEqual(cov["totals"]["unchanged"], 0)

    def test_a_host_down_keeps_its_repositories_stale_and_exits_3(self):
        out = self.out("down")
        self.assertEqual(self.crawl(out)[0], 0)
        self.ff.control("/_control/reset", {})
        self.ff.faults([{"kind": "status", "arg": 503, "path": "^/bitbucket/"}])
        code, _, err = self.crawl(out)
        self.assertEqual(code, 3, err)
        repos = self.load(out, "codegouvfr-repositories.json")
        self.assertEqual(len(repos), 4 * PER_FORGE)
        stale = [r for r in repos if r["stale"]]
        self.assertEqual(sorted(r["repo_name"] for r in stale),
                         ["bitbucket-%02d" % i for i in range(PER_FORGE)])
        self.assertTrue(all(r["last_seen"] for r in stale))
        self.assertTrue(all(r["head"] for r in stale))
        cov = self.load(out, "crawl.json")
        host = {h["host"]: h for h in cov["hosts"]}
        self.assertFalse(host["bitbucket.org"]["reachable"])
        self.assertTrue(host["github.com"]["reachable"])
        self.assertEqual(cov["totals"]["stale"], PER_FORGE)
        # The 503s were retried: every attempt counts.
        self.assert_requests_match_the_log(cov)
        account = {a["host"]: a for a in cov["accounts"]}
        self.assertGreater(account["bitbucket.org"]["requests"], 2)
        # Back up: fresh again.
        self.ff.faults([])
        self.assertEqual(self.crawl(out)[0], 0)
        self.assertFalse(any(r["stale"] for r in
                             self.load(out, "codegouvfr-repositories.json")))

    def test_kill_9_mid_crawl_resumes_without_redoing_finished_accounts(self):
        out = self.out("killed")
        # Slow down one account's listing so that the others finish first.
        self.ff.faults([{"kind": "slow", "arg": 30, "path": "^/bitbucket/"}])
        p = subprocess.Popen([INVENTAIRE, "crawl", "--config", self.config,
                              "--actors", self.actors, "--out", out,
                              "--max-time", "60"], env=clean_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        journal = os.path.join(out, "state", "journal.jsonl")
        deadline = time.time() + 60
        while time.time() < deadline:
            if os.path.exists(journal):
                with open(journal) as f:
                    if sum(1 for _ in f) >= 4:  # the header + 3 accounts
                        break
            time.sleep(0.2)
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        self.assertFalse(os.path.exists(os.path.join(out, "codegouvfr-repositories.json")))
        self.ff.faults([])
        self.ff.control("/_control/reset", {})
        code, _, err = self.crawl(out)
        self.assertEqual(code, 0, err)
        paths = [l["path"] for l in self.ff.log()]
        self.assertFalse([x for x in paths if x.startswith("/github/")], paths)
        self.assertTrue([x for x in paths if x.startswith("/bitbucket/")])
        self.assertEqual(len(self.load(out, "codegouvfr-repositories.json")),
                         4 * PER_FORGE)
        self.assertFalse(os.path.exists(journal))
        # Resumed accounts made no request this run.
        for a in self.load(out, "crawl.json")["accounts"]:
            if a["resumed"]:
                self.assertEqual(a["requests"], 0, a)
            else:
                self.assertGreater(a["requests"], 0, a)

    def test_a_second_crawl_on_the_same_folder_is_refused(self):
        out = self.out("locked")
        self.ff.faults([{"kind": "slow", "arg": 3, "path": "^/github/"}])
        p = subprocess.Popen([INVENTAIRE, "crawl", "--config", self.config,
                              "--actors", self.actors, "--out", out],
                             env=clean_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        try:
            lock = os.path.join(out, "state", "lock")
            deadline = time.time() + 10
            while not os.path.exists(lock) and time.time() < deadline:
                time.sleep(0.05)
            time.sleep(0.3)
            code, _, err = self.crawl(out)
            self.assertEqual(code, 4)
            self.assertIn("another crawl is running", err)
        finally:
            p.wait(60)
        self.assertEqual(p.returncode, 0)

    def test_sigterm_stops_cleanly_and_keeps_the_published_files(self):
        out = self.out("term")
        self.assertEqual(self.crawl(out)[0], 0)
        with open(os.path.join(out, "codegouvfr-repositories.json"), "rb") as f:
            before = f.read()
        # A listing that would take a minute: the signal must not wait for it.
        self.ff.faults([{"kind": "slow", "arg": 60, "path": "^/gitlab/"}])
        p = subprocess.Popen([INVENTAIRE, "crawl", "--config", self.config,
                              "--actors", self.actors, "--out", out],
                             env=clean_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        time.sleep(1)
        start = time.time()
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=60)
        self.assertLess(time.time() - start, 10)
        self.assertEqual(p.returncode, 3, err)
        self.assertIn(b"interrupted", err)
        with open(os.path.join(out, "codegouvfr-repositories.json"), "rb") as f:
            self.assertEqual(f.read(), before)
        # The lock went with the process: the next crawl runs.
        self.ff.faults([])
        self.assertEqual(self.crawl(out)[0], 0)

    def test_unreachable_hosts_give_valid_empty_outputs_and_exit_3(self):
        config = os.path.join(self.tmp, "dead.yml")
        with open(config, "w") as f:
            # Port 9 (discard) on loopback: nothing listens, refused at once.
            f.write("github.com:\n  forge: github\n  api_url: http://127.0.0.1:9\n"
                    "  owners:\n    a:\n    b:\n"
                    "git.example.fr:\n  forge: gitlab\n"
                    "  api_url: http://127.0.0.1:9/api/v4\n")
        out = self.out("dead")
        start = time.time()
        code, _, err = run("crawl", "--config", config, "--out", out,
                           "--max-time", "2", env=clean_env(), timeout=120)
        self.assertEqual(code, 3, err)
        self.assertLess(time.time() - start, 60)
        self.assertEqual(self.load(out, "codegouvfr-repositories.json"), [])
        self.assertEqual(self.load(out, "repos_preprod.json"), [])
        cov = self.load(out, "crawl.json")
        self.assertEqual(sorted(h["host"] for h in cov["hosts"]),
                         ["git.example.fr", "github.com"])
        self.assertFalse(any(h["reachable"] for h in cov["hosts"]))
        self.assertTrue(all(a["error"] for a in cov["accounts"]))
        for name in ("codegouvfr-repositories", "codegouvfr-organizations",
                     "repos_preprod", "owners", "crawl"):
            self.assertEqual(jsonschema_lite.validate(
                self.load(out, name + ".json"),
                self.load(out, "schema/%s.schema.json" % name)), [], name)

    def test_quiet_and_json_logs_are_for_cron(self):
        out = self.out("logs")
        code, _, err = self.crawl(out, "--quiet")
        self.assertEqual(code, 0, err)
        # Quiet: no line per account, the summary only.
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("4 of 4 accounts listed", err)
        code, _, err = self.crawl(out, "--log-format", "json")
        self.assertEqual(code, 0, err)
        lines = [json.loads(l) for l in err.strip().splitlines()]
        self.assertTrue(all(set(l) == {"time", "level", "elapsed", "account",
                                       "message"}
                            for l in lines), lines)
        accounts = {l["account"] for l in lines if l["account"]}
        self.assertEqual(accounts, {"github.com/socialgouv", "gitlab.com/drees",
                                    "codeberg.org/fabrique", "bitbucket.org/cnam"})

    def test_dry_run_only_and_config_errors(self):
        code, out, _ = run("crawl", "--dry-run")
        self.assertEqual(code, 0)
        self.assertIn("github.com/socialgouv", out)
        self.assertIn("gitlab.has-sante.fr", out)
        self.assertNotIn("gitlab.factory.social.gouv.fr", out)
        code, out, _ = run("crawl", "--dry-run", "--only", "HAS")
        self.assertEqual(sorted(l.split()[0] for l in out.splitlines()),
                         ["gitlab.com/has-sante", "gitlab.has-sante.fr"])
        code, _, err = run("crawl", "--dry-run", "--only", "nobody")
        self.assertEqual(code, 2)
        bad = os.path.join(self.tmp, "bad.yml")
        with open(bad, "w") as f:
            f.write("github.com:\n  forge: github\n  owners:\n    a:\n      pso: x\n")
        code, _, err = run("crawl", "--config", bad, "--out", self.out("bad"))
        self.assertEqual(code, 2)
        self.assertIn(bad + ":5:", err)
        self.assertEqual(run("crawl", "--bogus")[0], 2)


if __name__ == "__main__":
    main()
