"""reliability.py - the crawler against a hostile or broken forge.

Each test plays one attack or failure (tests/RELIABILITY.md lists them
with what happens) on loopback, with the fake forge (tests/fakeforge/):
delta bombs, forged clone URLs, a git server that dribbles, a dead forge,
kill -9 during a first crawl, a cache repository half-made, amplifying
listing pages, terminal escapes, a deep accounts file. Tests print the
figures RELIABILITY.md quotes ("figure: ...") on stderr.

Environment (set by tests/meson.build): INVENTAIRE (the binary), TESTS_DIR.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (INVENTAIRE, TESTS_DIR, FakeForge,  # noqa: E402
                     TempRepoCase, clean_env, git, main, run)
from harness import make_bare as harness_make_bare  # noqa: E402

with open(os.path.join(TESTS_DIR, "..", "data", "licences", "texts", "MIT.txt"),
          encoding="utf-8") as _f:
    MIT = "Copyright (c) 2024 Ministère\n\n" + _f.read()
README = "# Outil\n\nCet outil publie chaque semaine les données de la DREES.\n"
PSO = "929f8575-51b3-4977-8dcb-147b756de677"
MIB = 1 << 20
NOW = "2026-01-15T03:00:00Z"

# kind -> (owner, account type, host, API path, forge name in the accounts file)
FORGES = {
    "github": ("fleet", "org", "github.com", "/github", "github"),
    "gitlab": ("hostile", "group", "gitlab.com", "/gitlab/api/v4", "gitlab"),
    "gitea": ("bombs", "org", "codeberg.org", "/forgejo/api/v1", "forgejo"),
    "bitbucket": ("slow", "org", "bitbucket.org", "/bitbucket/2.0", "bitbucket"),
}


def figure(text):
    """A measured figure, for tests/RELIABILITY.md."""
    print("figure: " + text, file=sys.stderr, flush=True)


def make_bare(path, files, message="init"):
    """harness.make_bare() at a fixed time, each commit's tree FILES alone:
    a moved tip has exactly the files named."""
    harness_make_bare(path, files, message, when=1700000000, replace=True)


def run_measured(args, env, timeout):
    """Run ARGS; (exit code, stderr text, seconds, peak RSS in MiB)."""
    start = time.monotonic()
    p = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    deadline = start + timeout
    err = b""
    os.set_blocking(p.stderr.fileno(), False)
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        chunk = p.stderr.read()
        if chunk:
            err += chunk
        if pid:
            break
        if time.monotonic() > deadline:
            p.kill()
            pid, status, usage = os.wait4(p.pid, 0)
            err += b"\n(killed: over the test's time limit)"
            break
        time.sleep(0.05)
    rest = p.stderr.read()
    err += rest or b""
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    return (p.returncode, err.decode("utf-8", "replace"),
            time.monotonic() - start, usage.ru_maxrss / 1024)


class Reliability(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-reliability-")
        cls.git_root = os.path.join(cls.tmp, "git")
        # A repository of the crawling machine that no forge may make us read.
        cls.secret = os.path.join(cls.tmp, "secret.git")
        make_bare(cls.secret, {"README.md": "SECRET-CONTENT of the crawler's host\n",
                               "LICENSE": MIT})
        fixture = {"accounts": []}
        fleet = []
        for i in range(6):
            name = "f-%02d" % i
            fleet.append({"name": name, "clone_url": "{git}/fleet/%s.git" % name})
            make_bare(os.path.join(cls.git_root, "fleet", name + ".git"),
                      {"README.md": README, "LICENSE": MIT} if i % 2 else
                      {"README.md": README})
        fixture["accounts"].append({"kind": "github", "owner": "fleet",
                                    "type": "org", "repos": fleet})
        hostile = [
            {"name": "local-file", "clone_url": "file://" + cls.secret},
            {"name": "bare-path", "clone_url": cls.secret},
            {"name": "ssh", "clone_url": "ssh://127.0.0.1/secret.git"},
            {"name": "other-host", "clone_url": "{git2}/fleet/f-01.git"},
            {"name": "outside", "clone_url": "https://intranet.example/x.git"},
            # a C1 control (CSI) in a URL: it ends up in a log line
            {"name": "c1-name", "clone_url": "{git}/fleet/evil\u009b2J.git"},
        ]
        fixture["accounts"].append({"kind": "gitlab", "owner": "hostile",
                                    "type": "group", "repos": hostile})
        bombs = []
        for i in range(4):
            name = "bomb-%d" % i
            bombs.append({"name": name, "clone_url": "{git}/bombs/%s.git" % name})
            make_bare(os.path.join(cls.git_root, "bombs", name + ".git"),
                      {"README.md": README})
        fixture["accounts"].append({"kind": "gitea", "owner": "bombs",
                                    "type": "org", "repos": bombs})
        make_bare(os.path.join(cls.git_root, "slow", "dribble.git"),
                  {"README.md": README, "LICENSE": MIT})
        fixture["accounts"].append({"kind": "bitbucket", "owner": "slow", "type": "org",
                                    "repos": [{"name": "dribble",
                                               "clone_url": "{git}/slow/dribble.git"}]})
        cls.ff = FakeForge.serving(fixture, cls.tmp, "--git-root", cls.git_root)
        cls.actors = os.path.join(cls.tmp, "actors.yml")
        with open(cls.actors, "w") as f:
            f.write("%s:\n  name: DREES\n  acronym: DREES\n"
                    "  ministry: Ministère de la Santé\n" % PSO)

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.ff.control("/_control/reset", {})

    # -- helpers ----------------------------------------------------------

    def config(self, name, kinds, allow_http=True, extra=None):
        """An accounts file with the accounts of KINDS on the fake forge;
        EXTRA maps a kind to its API root instead."""
        path = os.path.join(self.tmp, name + ".yml")
        with open(path, "w") as f:
            for kind in kinds:
                owner, _, host, api, forge = FORGES[kind]
                root = (extra or {}).get(kind, self.ff.base + api)
                f.write("%s:\n  forge: %s\n  api_url: %s\n%s  owners:\n"
                        "    %s:\n      pso_id: %s\n"
                        % (host, forge, root, "  allow_http: true\n" if allow_http
                           else "", owner, PSO))
        return path

    def out(self, name):
        d = os.path.join(self.tmp, name)
        shutil.rmtree(d, ignore_errors=True)
        return d

    def crawl_args(self, config, out, *extra):
        return [INVENTAIRE, "crawl", "--config", config, "--actors", self.actors,
                "--out", out, "--now", NOW, *extra]

    def crawl(self, config, out, *extra, timeout=180):
        return run_measured(self.crawl_args(config, out, *extra),
                            clean_env(NO_COLOR="1"), timeout)

    def repos(self, out):
        with open(os.path.join(out, "codegouvfr-repositories.json")) as f:
            return {r["repo_name"]: r for r in json.load(f)}

    # -- 1. memory from a tiny pack ----------------------------------------

    def test_delta_bombs_from_four_repositories_cost_under_512_mb(self):
        # Each first fetch is answered with a pack of a few hundred bytes
        # that expands to 512 MiB: two with one delta, two with a chain of
        # four. libgit2 alone allocated every result; four at once, GBs.
        self.ff.faults([{"kind": "delta_bomb", "path": "^/git/bombs/bomb-[01]",
                         "arg": 512 * MIB},
                        {"kind": "delta_bomb", "path": "^/git/bombs/bomb-[23]",
                         "arg": 512 * MIB, "chain": 4}])
        out = self.out("bombs")
        code, err, secs, rss = self.crawl(self.config("bombs", ["gitea"]), out,
                                          "--probe-jobs", "4", "--max-time", "60")
        figure("4 delta-bomb repositories at --probe-jobs 4: peak RSS %.0f MiB, %.1f s"
               % (rss, secs))
        # Repositories that cannot be fetched are failures: a partial night.
        self.assertEqual(code, 3, err)
        self.assertLess(rss, 512, err)
        repos = self.repos(out)
        for i in range(4):
            r = repos["bomb-%d" % i]
            self.assertIn("delta that expands to", r["probe_error"] or "", r)
            self.assertIsNone(r["head"])
        log = self.ff.log()
        self.assertTrue(all(e.get("pack", 0) < 4096 for e in log))

    # -- 2. kill -9 and half-made caches ----------------------------------

    def test_a_half_made_cache_is_healed(self):
        config = self.config("heal", ["github"])
        out = self.out("heal")
        code, err, _, _ = self.crawl(config, out, "--max-time", "30")
        self.assertEqual(code, 0, err)
        # What kill -9 inside git_indexer_commit() leaves: the index
        # written, its pack not yet renamed from the temporary name.
        cache = os.path.join(out, "state", "git")
        broken = [os.path.join(d, n) for d, dirs, _ in os.walk(cache)
                  for n in dirs if n.startswith("f-05_git-") and n.endswith(".git")]
        self.assertEqual(len(broken), 1, broken)
        packs = [n for n in os.listdir(broken[0]) if n.endswith(".pack")]
        self.assertTrue(packs)
        for n in packs:
            os.rename(os.path.join(broken[0], n),
                      os.path.join(broken[0], "pack_git2_" + n[5:13]))
        # The tip moves to a tree with another verdict: the probe must fetch.
        bare = os.path.join(self.git_root, "fleet", "f-05.git")
        make_bare(bare, {"README.md": README}, message="licence removed")
        try:
            code, err, _, _ = self.crawl(config, out, "--max-time", "30")
            self.assertEqual(code, 0, err)
            r = self.repos(out)["f-05"]
            self.assertIsNone(r["probe_error"], r)
            self.assertEqual(r["license_spdx"], None)
            tip = git(bare, "rev-parse", "main").strip()
            self.assertEqual(r["head"], tip)
            self.assertTrue([n for n in os.listdir(broken[0]) if n.endswith(".pack")])
        finally:
            make_bare(bare, {"README.md": README, "LICENSE": MIT}, message="back")

    # What a crawl writes after its state (crawler/crawl/outputs.c): a run
    # killed once its report was written has finished its crawl, and the
    # next run is a second crawl, whose report and changes say so.
    AFTER_STATE = ("rapport.html", "rapport.md", "history.jsonl",
                   "changes.json", "changes.atom")

    def feeds(self, out, report=True):
        """The published files, byte for byte (not crawl.json, whose times
        change, nor the state; nor the report when REPORT is false)."""
        files = {}
        for d, dirs, names in os.walk(out):
            dirs[:] = [x for x in dirs if x != "state"]
            for n in names:
                rel = os.path.relpath(os.path.join(d, n), out)
                if rel == "crawl.json" or (not report and rel in self.AFTER_STATE):
                    continue
                with open(os.path.join(d, n), "rb") as f:
                    files[rel] = f.read()
        return files

    def test_kill_9_during_a_first_crawl_twenty_times_resumes_to_the_same_files(self):
        config = self.config("kill", ["github", "bitbucket"])
        ref = self.out("kill-ref")
        start = time.monotonic()
        code, err, secs, _ = self.crawl(config, ref, "--max-time", "30")
        self.assertEqual(code, 0, err)
        expected = self.feeds(ref)
        feeds_only = self.feeds(ref, report=False)
        self.assertIn("codegouvfr-repositories.json", expected)
        rng = random.Random(17)
        resumed = finished = run_no = 0
        # Twenty kills that land inside a crawl. The machine's load moves
        # a crawl's length: a run that ended before its kill shortens the
        # next delays, and is checked too (a second crawl's feeds).
        hi = max(0.2, secs)
        while resumed < 20 and run_no < 60:
            run_no += 1
            out = self.out("kill-%02d" % run_no)
            p = subprocess.Popen(self.crawl_args(config, out, "--max-time", "30"),
                                 env=clean_env(), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            delay = rng.uniform(0.05, hi)
            time.sleep(delay)
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
            p.wait()
            # Ended: its state is written and its journal gone. The run
            # after it is a second crawl, whose report and changes differ;
            # any earlier kill resumes to the very files of one crawl.
            state = os.path.join(out, "state")
            saved = (os.path.exists(os.path.join(state, "inventory.jsonl"))
                     and not os.path.exists(os.path.join(state, "journal.jsonl")))
            code, err, _, _ = self.crawl(config, out, "--max-time", "30")
            self.assertEqual(code, 0, "run %d, killed after %.2f s: %s"
                             % (run_no, delay, err))
            got = self.feeds(out, report=not saved)
            self.assertEqual(got, expected if not saved else feeds_only,
                             "run %d, killed after %.2f s: %s differ" % (
                                 run_no, delay, sorted(
                                     k for k in set(got) | set(expected)
                                     if got.get(k) != expected.get(k))))
            resumed += not saved
            finished += saved
            if saved:
                hi = max(0.1, hi * 0.7)
            shutil.rmtree(out, ignore_errors=True)
        figure("kill -9 during a first crawl, %d runs: %d resumed an unfinished "
               "crawl to byte-identical files (report included), %d had ended "
               "before the kill and re-crawled to identical feeds; %.0f s in all"
               % (run_no, resumed, finished, time.monotonic() - start))
        self.assertEqual(resumed, 20)

    # -- 3. deadlines -------------------------------------------------------

    def test_a_dribbling_git_server_is_cut_at_max_time_and_the_verdict_kept(self):
        config = self.config("dribble", ["bitbucket"])
        out = self.out("dribble")
        code, err, _, _ = self.crawl(config, out, "--max-time", "8")
        self.assertEqual(code, 0, err)
        before = self.repos(out)["dribble"]
        self.assertEqual(before["license_spdx"], "MIT")
        # 2 bytes a second: never a stall, so only a deadline ends it.
        self.ff.faults([{"kind": "dribble", "arg": 2, "path": "^/git/slow/"}])
        code, err, secs, _ = self.crawl(config, out, "--max-time", "8")
        figure("git server dribbling 2 bytes/s, --max-time 8: crawl over in %.1f s"
               % secs)
        # Repositories that cannot be fetched are failures: a partial night.
        self.assertEqual(code, 3, err)
        self.assertLess(secs, 30, err)
        after = self.repos(out)["dribble"]
        self.assertIn("more than 8 s", after["probe_error"] or "", after)
        for key in ("license_spdx", "readme", "head", "checked_at"):
            self.assertEqual(after[key], before[key], key)

    # -- 4. forge-supplied clone URLs --------------------------------------

    def test_clone_urls_outside_the_account_are_never_fetched(self):
        out = self.out("hostile")
        code, err, _, _ = self.crawl(self.config("hostile", ["gitlab"]), out,
                                     "--max-time", "20")
        # Repositories that cannot be fetched are failures: a partial night.
        self.assertEqual(code, 3, err)
        repos = self.repos(out)
        for name, why in (("local-file", "not a URL inventaire fetches"),
                          ("bare-path", "not a URL inventaire fetches"),
                          ("ssh", "only https:// URLs are fetched"),
                          ("other-host", "the host is not one of the account's"),
                          ("outside", "the host is not one of the account's")):
            r = repos[name]
            self.assertIn(why, r["probe_error"] or "", (name, r))
            self.assertIsNone(r["head"], name)
            self.assertFalse(r["readme"], name)
        for d, _, names in os.walk(out):
            for n in names:
                with open(os.path.join(d, n), "rb") as f:
                    self.assertNotIn(b"SECRET-CONTENT", f.read(), n)
        # Nothing was asked of the other host.
        self.assertFalse([e for e in self.ff.log() if e["server"] == 2])

    def test_http_clone_urls_need_allow_http(self):
        out = self.out("nohttp")
        code, err, _, _ = self.crawl(self.config("nohttp", ["github"], allow_http=False),
                                     out, "--max-time", "20")
        # Repositories that cannot be fetched are failures: a partial night.
        self.assertEqual(code, 3, err)
        for r in self.repos(out).values():
            self.assertIn("http:// is refused", r["probe_error"] or "", r)
        self.assertFalse([e for e in self.ff.log() if e["path"].startswith("/git/")])

    # -- 5. JSON amplification ----------------------------------------------

    def test_an_amplifying_listing_page_costs_little_memory(self):
        # 60 MiB of `{},{},...`: 4.8 GB once parsed by jansson.
        self.ff.faults([{"kind": "huge", "arg": 60 * MIB, "fill": "{},",
                         "path": "^/github/"}])
        code, err, secs, rss = run_measured(
            [INVENTAIRE, "list", "--api-url", self.ff.base + "/github",
             "--max-time", "20", "https://github.com/fleet"], clean_env(), 120)
        figure("60 MiB listing page of {}: refused in %.1f s, peak RSS %.0f MiB"
               % (secs, rss))
        self.assertEqual(code, 3, err)
        self.assertIn("larger than 8388608 bytes", err)
        self.assertLess(rss, 200)

    # -- 6. terminal escapes -------------------------------------------------

    def test_control_characters_never_reach_the_log_raw(self):
        out = self.out("escapes")
        code, err, _, _ = self.crawl(self.config("escapes", ["gitlab"]), out,
                                     "--max-time", "20")
        # Repositories that cannot be fetched are failures: a partial night.
        self.assertEqual(code, 3, err)
        self.assertIn("evil\\u009b2J", err)
        self.assertNotIn("\u009b", err)
        self.assertNotIn("\x1b", err)
        code, err2, _, _ = self.crawl(self.config("escapes", ["gitlab"]), out,
                                      "--max-time", "20", "--log-format", "json")
        for line in err2.splitlines():
            self.assertNotIn("\u009b", json.loads(line)["message"])

    # -- 7. a dead forge ---------------------------------------------------

    def test_a_dead_forge_costs_seconds_and_the_rest_goes_on(self):
        out = self.out("dead")
        live = self.config("dead", ["github", "bitbucket"])
        code, err, _, _ = self.crawl(live, out, "--max-time", "30")
        self.assertEqual(code, 0, err)
        # Bitbucket now closes every connection without a word, and GitLab
        # is on a port where nothing listens; the retry budget is 10 min.
        self.ff.faults([{"kind": "close", "path": "^/bitbucket/"}])
        dead = self.config("dead2", ["github", "bitbucket", "gitlab"],
                           extra={"gitlab": "http://127.0.0.1:9/api/v4"})
        code, err, secs, _ = self.crawl(dead, out, "--max-time", "600", timeout=240)
        figure("a forge closing every connection and one refusing them, "
               "--max-time 600: crawl over in %.1f s" % secs)
        self.assertEqual(code, 3, err)
        self.assertLess(secs, 90, err)
        self.assertIn("the host is down", err)
        repos = self.repos(out)
        self.assertTrue(repos["dribble"]["stale"])
        self.assertFalse(repos["f-00"]["stale"])
        self.assertIsNone(repos["f-00"]["probe_error"])

    # -- 9. the accounts file ----------------------------------------------

    def test_a_deeply_nested_accounts_file_is_refused_at_once(self):
        path = os.path.join(self.tmp, "deep.yml")
        with open(path, "w") as f:
            f.write("[" * 100000 + "\n")
        code, err, secs, _ = run_measured([INVENTAIRE, "crawl", "--config", path,
                                           "--dry-run"], clean_env(), 120)
        figure("accounts file of 100,000 nested '[': refused in %.2f s" % secs)
        self.assertEqual(code, 2, err)
        self.assertIn("nested more than 64 levels", err)
        self.assertLess(secs, 5)

    # -- the fake forge itself ---------------------------------------------

    def test_a_typo_in_a_fault_kind_is_refused(self):
        with self.assertRaises(urllib.error.HTTPError) as e:
            self.ff.faults([{"kind": "ratelimt", "path": "^/github/"}])
        self.assertEqual(e.exception.code, 400)
        self.assertIn(b"unknown fault kind 'ratelimt'", e.exception.read())


class TextReport(TempRepoCase):
    def test_a_file_name_with_escapes_is_shown_escaped(self):
        # git stores any byte in a name; check's text report shows it.
        d = self.repo({"README.md": README, "LICENCE.\x1b]0;pwned\x07": MIT})
        code, out, _ = run("check", "--format", "text", d, env=clean_env(NO_COLOR="1"))
        self.assertIn("LICENCE.\\x1b]0;pwned\\x07", out)
        self.assertNotIn("\x1b", out)
        self.assertNotIn("\x07", out)


if __name__ == "__main__":
    main()
