#!/usr/bin/env python3
"""list.py - `inventaire list` against the fake forge (tests/fakeforge).

What the README promises: every repository of a GitLab group of 250 projects over
nested subgroups, of a Gitea org whose server caps pages at 50, of a GitHub
user with 3 pages; each injected fault gives the right result or a clear
error and exit code; the token never reaches the second host of a redirect.

Environment (set by tests/meson.build): INVENTAIRE (the binary), TESTS_DIR.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import FakeForge, clean_env  # noqa: E402

INVENTAIRE = os.environ.get("INVENTAIRE", "inventaire")
TESTS_DIR = os.environ.get("TESTS_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

JSON_KEYS = ["host", "owner", "full_name", "name", "html_url", "clone_url",
             "description", "default_branch", "fork", "archived", "mirror",
             "empty", "created_at", "updated_at", "pushed_at", "stars", "forks",
             "open_issues", "language", "topics", "license"]


class ListTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ff = FakeForge()

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()

    def setUp(self):
        self.ff.control("/_control/reset", {})

    def api(self, kind):
        return self.ff.base + {"github": "/github", "gitlab": "/gitlab/api/v4",
                               "gitea": "/gitea/api/v1", "forgejo": "/forgejo/api/v1",
                               "bitbucket": "/bitbucket/2.0", "sourcehut": "/sourcehut"}[kind]

    def run_list(self, *args, env=None):
        p = subprocess.run([INVENTAIRE, "list", "--max-time", "5", *args],
                           capture_output=True, timeout=90, env=env or clean_env())
        # Decode by hand: text mode would hide the CSV's CRLF line ends.
        p.stdout = p.stdout.decode("utf-8")
        p.stderr = p.stderr.decode("utf-8", errors="replace")
        return p

    def list_json(self, kind, *urls, env=None, extra=()):
        p = self.run_list("--api-url", self.api(kind), "--format", "json", *extra, *urls, env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout)

    # -- acceptance: complete listings ----------------------------------

    def test_gitlab_group_of_250_projects_over_nested_subgroups_is_complete(self):
        repos = self.list_json("gitlab", "https://gitlab.com/drees")
        names = {r["full_name"] for r in repos}
        spaces = ["drees", "drees/sante", "drees/sante/etudes", "drees/social",
                  "drees/social/a/b"]
        self.assertEqual(names, {"%s/p%03d" % (spaces[i % 5], i) for i in range(250)})
        by = {r["full_name"]: r for r in repos}
        self.assertTrue(by["drees/social/p003"]["archived"])
        self.assertTrue(by["drees/social/a/b/p004"]["fork"])
        self.assertTrue(by["drees/p005"]["mirror"])
        self.assertFalse(by["drees/p000"]["archived"])

    def test_gitea_org_whose_server_caps_pages_at_50_is_complete(self):
        repos = self.list_json("gitea", "https://git.example.org/fabrique",
                               extra=("--forge", "gitea"))
        self.assertEqual(sorted(r["name"] for r in repos),
                         ["app-%03d" % i for i in range(120)])
        pages = [e for e in self.ff.log() if e["path"].endswith("/orgs/fabrique/repos")]
        self.assertEqual(len(pages), 3)

    def test_github_user_with_3_pages_is_complete(self):
        repos = self.list_json("github", "https://github.com/alice")
        self.assertEqual(len(repos), 250)
        self.assertEqual(len({r["full_name"] for r in repos}), 250)
        pages = [e for e in self.ff.log() if e["path"] == "/github/users/alice/repos"]
        self.assertEqual(len(pages), 3)

    def test_other_forge_kinds_list_every_public_repository(self):
        self.assertEqual(len(self.list_json("bitbucket", "https://bitbucket.org/cnam")), 25)
        self.assertEqual(len(self.list_json("github", "https://github.com/socialgouv")), 12)
        self.assertEqual(len(self.list_json("gitlab", "https://gitlab.com/jdupont")), 5)
        # A whole instance: every public project of every namespace.
        whole = self.list_json("gitlab", "https://git.example.org/", extra=("--forge", "gitlab"))
        self.assertEqual(len(whole), 255)
        srht = self.list_json("sourcehut", "https://git.sr.ht/~carol",
                              env=clean_env(INVENTAIRE_TOKEN_127_0_0_1="srht-test-token"))
        self.assertEqual(len(srht), 25)    # 5 unlisted or private left out

    def test_sourcehut_without_a_token_says_which_variable_to_set(self):
        p = self.run_list("--api-url", self.api("sourcehut"), "https://git.sr.ht/~carol")
        self.assertEqual(p.returncode, 3)
        self.assertIn("INVENTAIRE_TOKEN_GIT_SR_HT", p.stderr)

    # -- output -----------------------------------------------------------

    def test_json_has_the_documented_keys_and_is_sorted_by_full_name(self):
        repos = self.list_json("github", "https://github.com/socialgouv",
                               "https://github.com/alice")
        self.assertEqual(len(repos), 262)
        for r in repos:
            self.assertEqual(list(r.keys()), JSON_KEYS)
        names = [r["full_name"] for r in repos]
        self.assertEqual(names, sorted(names))
        r = repos[0]
        self.assertEqual(r["host"], "github.com")
        self.assertIsInstance(r["topics"], list)
        self.assertIsInstance(r["stars"], int)

    def test_repositories_come_by_host_then_name_as_in_the_feeds(self):
        # The crawl's feeds and `list` share one order (lib/repo.h): by
        # host, then full name without case first; each repository once.
        repos = self.list_json("github", "https://zz.example.org/alice",
                               "https://github.com/socialgouv",
                               "https://github.com/SocialGouv",
                               extra=("--forge", "github"))
        keys = [(r["host"], r["full_name"]) for r in repos]
        self.assertEqual(len(keys), 12 + 250)
        self.assertEqual(len(set(keys)), len(keys))
        self.assertEqual(keys, sorted(keys, key=lambda k: (k[0].lower(), k[0],
                                                           k[1].lower(), k[1])))
        self.assertEqual(keys[0][0], "github.com")
        self.assertEqual(keys[-1][0], "zz.example.org")

    def test_the_same_account_twice_is_listed_once(self):
        repos = self.list_json("github", "https://github.com/socialgouv",
                               "https://github.com/socialgouv")
        self.assertEqual(len(repos), 12)

    def test_csv_and_text_and_output_file(self):
        p = self.run_list("--api-url", self.api("github"), "--format", "csv",
                          "https://github.com/socialgouv")
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.split("\r\n")
        self.assertEqual(lines[0], ",".join(JSON_KEYS))
        self.assertEqual(len([l for l in lines if l]), 13)
        p = self.run_list("--api-url", self.api("github"), "https://github.com/socialgouv")
        self.assertEqual(p.stdout.splitlines()[0], "github.com/socialgouv/outil-00")
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "repos.json")
            p = self.run_list("--api-url", self.api("github"), "--format", "json",
                              "-o", out, "https://github.com/socialgouv")
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(p.stdout, "")
            with open(out, encoding="utf-8") as f:
                self.assertEqual(len(json.load(f)), 12)
            self.assertEqual(os.listdir(d), ["repos.json"])

    def test_csv_defuses_formulas_and_quotes_commas(self):
        fixture = {"accounts": [{"kind": "github", "owner": "evil", "type": "org", "repos": [
            {"name": "a", "description": "=HYPERLINK(\"http://x\",\"y\")", "fork": False,
             "archived": False, "mirror": False, "empty": False, "private": False,
             "stars": 1, "forks": 0, "open_issues": 0, "language": "C", "topics": [],
             "license": None, "default_branch": "main", "created_at": "2020-01-01T00:00:00Z",
             "updated_at": "2020-01-01T00:00:00Z", "pushed_at": "2020-01-01T00:00:00Z"},
            {"name": "b", "description": "-1, or +1", "fork": False,
             "archived": False, "mirror": False, "empty": False, "private": False,
             "stars": 1, "forks": 0, "open_issues": 0, "language": "C", "topics": [],
             "license": None, "default_branch": "main", "created_at": "2020-01-01T00:00:00Z",
             "updated_at": "2020-01-01T00:00:00Z", "pushed_at": "2020-01-01T00:00:00Z"}]}]}
        with tempfile.TemporaryDirectory() as d:
            fx = os.path.join(d, "fx.json")
            with open(fx, "w", encoding="utf-8") as f:
                json.dump(fixture, f)
            ff = FakeForge("--fixture", fx)
            try:
                p = subprocess.run([INVENTAIRE, "list", "--api-url", ff.base + "/github",
                                    "--format", "csv", "https://github.com/evil"],
                                   capture_output=True, timeout=60, env=clean_env())
            finally:
                ff.stop()
        self.assertEqual(p.returncode, 0, p.stderr)
        rows = p.stdout.decode("utf-8").split("\r\n")
        self.assertIn(',"\'=HYPERLINK(""http://x"",""y"")",', rows[1])
        self.assertIn(',"\'-1, or +1",', rows[2])

    # -- faults -----------------------------------------------------------

    def test_server_errors_are_retried(self):
        self.ff.faults([{"path": "alice/repos.*page=2", "kind": "status", "arg": 500, "count": 2}])
        repos = self.list_json("github", "https://github.com/alice")
        self.assertEqual(len(repos), 250)
        self.assertEqual(len([e for e in self.ff.log() if e["status"] == 500]), 2)

    def test_a_persistent_error_fails_that_account_only(self):
        self.ff.faults([{"path": "alice/repos", "kind": "status", "arg": 503}])
        p = self.run_list("--api-url", self.api("github"), "--max-time", "2", "--format", "json",
                          "https://github.com/alice", "https://github.com/socialgouv")
        self.assertEqual(p.returncode, 3)
        self.assertIn("HTTP 503", p.stderr)
        self.assertIn("alice", p.stderr)
        self.assertEqual(len(json.loads(p.stdout)), 12)

    def test_rate_limits_are_waited_out(self):
        for fault in ({"kind": "ratelimit", "arg": 1}, {"kind": "retry_after", "arg": 1},
                      {"kind": "secondary", "arg": 1}, {"kind": "ratelimit429", "arg": 1}):
            with self.subTest(fault=fault["kind"]):
                self.ff.control("/_control/reset", {})
                self.ff.faults([dict(fault, path="alice/repos.*page=2", count=1)])
                self.assertEqual(len(self.list_json("github", "https://github.com/alice")), 250)

    def test_gitlab_rate_limit_headers_are_honoured(self):
        self.ff.faults([{"path": "projects", "kind": "gitlab_ratelimit", "arg": 1, "count": 1}])
        self.assertEqual(len(self.list_json("gitlab", "https://gitlab.com/drees")), 250)

    def test_a_rate_limit_past_the_time_budget_is_a_clear_error(self):
        self.ff.faults([{"kind": "ratelimit", "arg": 3600}])
        p = self.run_list("--api-url", self.api("github"), "https://github.com/alice")
        self.assertEqual(p.returncode, 3)
        self.assertIn("rate limited", p.stderr)
        # The API is not on github.com: its own variable is the one to set.
        self.assertIn("INVENTAIRE_TOKEN_127_0_0_1", p.stderr)

    def test_a_403_that_is_not_a_rate_limit_is_not_retried(self):
        self.ff.faults([{"path": "alice/repos", "kind": "forbidden"}])
        p = self.run_list("--api-url", self.api("github"), "https://github.com/alice")
        self.assertEqual(p.returncode, 3)
        self.assertIn("403", p.stderr)
        self.assertEqual(len([e for e in self.ff.log() if e["status"] == 403]), 1)

    def test_broken_bodies_give_a_clear_error_not_a_crash(self):
        for kind in ("html", "truncated_json", "wrong_json"):
            with self.subTest(kind=kind):
                self.ff.faults([{"path": "fabrique/repos", "kind": kind}])
                p = self.run_list("--api-url", self.api("gitea"), "--forge", "gitea",
                                  "https://git.example.org/fabrique")
                self.assertEqual(p.returncode, 3, p.stderr)
                self.assertIn("fabrique", p.stderr)
                self.assertEqual(p.stdout, "")

    def test_a_truncated_transfer_is_retried(self):
        self.ff.faults([{"path": "page=2", "kind": "truncate", "count": 1}])
        self.assertEqual(len(self.list_json("github", "https://github.com/alice")), 250)

    def test_a_connection_closed_on_one_request_number_is_retried(self):
        self.ff.faults([{"nth": [2], "kind": "close"}])
        self.assertEqual(len(self.list_json("github", "https://github.com/alice")), 250)
        log = self.ff.log()
        self.assertEqual([e["n"] for e in log if e["fault"] == "close"], [2])
        self.assertEqual(len([e for e in log if e["status"] == 200]), 4)  # /users/alice + 3 pages

    def test_a_slow_answer_is_waited_for(self):
        self.ff.faults([{"path": "page=2", "kind": "slow", "arg": 1, "count": 1}])
        self.assertEqual(len(self.list_json("bitbucket", "https://bitbucket.org/cnam")), 25)

    def test_the_token_never_reaches_the_second_host_of_a_redirect(self):
        env = clean_env(INVENTAIRE_TOKEN_127_0_0_1="ghp_secret_for_tests")
        self.ff.faults([{"server": 1, "path": "alice/repos.*page=3", "kind": "redirect"}])
        repos = self.list_json("github", "https://github.com/alice", env=env)
        self.assertEqual(len(repos), 250)
        log = self.ff.log()
        first = [e for e in log if e["server"] == 1]
        second = [e for e in log if e["server"] == 2]
        self.assertTrue(second, "the redirect was not followed")
        for e in first:
            self.assertIn("ghp_secret_for_tests", e["headers"].get("Authorization", ""))
        for e in second:
            self.assertNotIn("Authorization", e["headers"])
            self.assertNotIn("ghp_secret_for_tests", json.dumps(e))

    def test_github_token_is_not_sent_to_an_api_url_on_another_domain(self):
        # The accounts file is edited upstream: an api_url elsewhere must
        # not receive GITHUB_TOKEN; the run says so, and lists without it.
        env = clean_env(GITHUB_TOKEN="ghp_not_for_you")
        p = self.run_list("--api-url", self.api("github"), "https://github.com/alice",
                          env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("is not on github.com's domain: GITHUB_TOKEN is not sent "
                      "there (set INVENTAIRE_TOKEN_127_0_0_1", p.stderr)
        for e in self.ff.log():
            self.assertNotIn("Authorization", e["headers"])
        # Authorised explicitly: sent.
        self.ff.control("/_control/reset", {})
        env = clean_env(GITHUB_TOKEN="ghp_not_for_you", INVENTAIRE_TOKEN_127_0_0_1="ok")
        p = self.run_list("--api-url", self.api("github"), "https://github.com/alice",
                          env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn("warning", p.stderr)
        log = self.ff.log()
        self.assertTrue(log)
        self.assertTrue(all(e["headers"].get("Authorization") == "token ok" for e in log))

    def test_a_token_is_read_from_systemd_credentials(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "INVENTAIRE_TOKEN_127_0_0_1"), "w") as f:
                f.write("from-a-credential\n")
            env = clean_env(CREDENTIALS_DIRECTORY=d)
            p = self.run_list("--api-url", self.api("github"), "https://github.com/alice",
                              env=env)
            self.assertEqual(p.returncode, 0, p.stderr)
            log = self.ff.log()
            self.assertTrue(all(e["headers"].get("Authorization") == "token from-a-credential"
                                for e in log))
            # The variable, when set, wins over the file.
            self.ff.control("/_control/reset", {})
            env["INVENTAIRE_TOKEN_127_0_0_1"] = "from-the-environment"
            p = self.run_list("--api-url", self.api("github"), "https://github.com/alice",
                              env=env)
            self.assertTrue(all(e["headers"].get("Authorization") == "token from-the-environment"
                                for e in self.ff.log()))
            # An unreadable one is named; a missing one is no error.
            os.chmod(os.path.join(d, "INVENTAIRE_TOKEN_127_0_0_1"), 0)
            del env["INVENTAIRE_TOKEN_127_0_0_1"]
            p = self.run_list("--api-url", self.api("github"), "https://github.com/alice",
                              env=env)
            if os.geteuid() != 0:   # root reads it anyway
                self.assertIn(os.path.join(d, "INVENTAIRE_TOKEN_127_0_0_1"), p.stderr)
            os.remove(os.path.join(d, "INVENTAIRE_TOKEN_127_0_0_1"))
            p = self.run_list("--api-url", self.api("github"), "https://github.com/alice",
                              env=env)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertNotIn("warning", p.stderr)

    def test_the_token_is_never_printed(self):
        env = clean_env(INVENTAIRE_TOKEN_127_0_0_1="ghp_do_not_print")
        self.ff.faults([{"kind": "ratelimit", "arg": 3600}])
        p = self.run_list("--api-url", self.api("github"), "-v", "https://github.com/alice", env=env)
        self.assertEqual(p.returncode, 3)
        self.assertNotIn("ghp_do_not_print", p.stdout + p.stderr)

    def test_etags_turn_a_second_listing_into_304s(self):
        with tempfile.TemporaryDirectory() as d:
            first = self.list_json("github", "https://github.com/alice", extra=("--cache", d))
            self.ff.control("/_control/reset", {})
            second = self.list_json("github", "https://github.com/alice", extra=("--cache", d))
        self.assertEqual(first, second)
        log = self.ff.log()
        self.assertTrue(log)
        self.assertTrue(all(e["status"] == 304 for e in log if "repos" in e["path"]))

    # -- usage ----------------------------------------------------------------

    def test_usage_errors_exit_2_with_a_one_line_hint(self):
        for args in ([], ["--format", "yaml", "https://github.com/a"], ["--bogus"],
                     ["--jobs", "0", "https://github.com/a"], ["https://example.org/x"],
                     ["not a url"]):
            with self.subTest(args=args):
                p = subprocess.run([INVENTAIRE, "list", *args], capture_output=True,
                                   text=True, timeout=30, env=clean_env())
                self.assertEqual(p.returncode, 2)
                self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
                self.assertIn("--help", p.stderr)

    def test_help_prints_the_usage_and_exits_0(self):
        p = subprocess.run([INVENTAIRE, "list", "--help"], capture_output=True, text=True,
                           timeout=30)
        self.assertEqual(p.returncode, 0)
        self.assertTrue(p.stdout.startswith("usage: inventaire list"))
        self.assertIn("--api-url", p.stdout)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
