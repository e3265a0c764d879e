#!/usr/bin/env python3
"""probe_http.py - the remote probe against git http-backend.

`inventaire check --cache DIR URL` on repositories served by the fake forge
with protocol v2 and filters on, with the tree filter off, with no filter,
and without v2; the findings must not depend on the path taken, and the
bytes the fake forge counts must stay near what the checks read.

Environment (set by tests/meson.build): INVENTAIRE (the binary), TESTS_DIR.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import main, run  # noqa: E402

TESTS_DIR = os.environ.get("TESTS_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TESTS_DIR, "fakeforge"))
import gitrepos  # noqa: E402

FAKEFORGE = os.path.join(TESTS_DIR, "fakeforge", "fakeforge.py")


class FakeForge:
    """A fake forge serving ROOT's repositories; dies with us (stdin pipe)."""

    def __init__(self, root, *args):
        self.proc = subprocess.Popen([sys.executable, FAKEFORGE, "--timeout", "600",
                                      "--git-root", root, *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        line = self.proc.stdout.readline().split()
        if len(line) != 5 or line[0] != "fakeforge":
            self.stop()
            raise RuntimeError("the fake forge did not start: %r" % line)
        self.base = "http://127.0.0.1:%s" % line[2]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.terminate()
            self.proc.wait(10)
        self.proc.stdout.close()

    def control(self, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        with urllib.request.urlopen(self.base + path, data=data, timeout=10) as r:
            return r.read().decode()

    def reset(self, faults=None):
        self.control("/_control/reset", {})
        if faults:
            self.control("/_control/faults", faults)

    def log(self):
        return [json.loads(l) for l in self.control("/_control/log").splitlines() if l]

    def url(self, name):
        return "%s/git/%s.git" % (self.base, name)


def total(log):
    return sum(e["bytes"] for e in log)


def pack(log):
    return sum(e.get("pack") or 0 for e in log)


class ProbeHttp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-probe-")
        cls.root = os.path.join(cls.tmp, "repos")
        gitrepos.make(cls.root, ["small", "big", "trunk", "nohead", "empty"])
        cls.servers = {}
        for name, opts in (("full", []), ("notree", ["--no-tree-filter"]),
                           ("nofilter", ["--no-git-filter", "--no-any-sha1"]),
                           ("v0", ["--no-git-v2"])):
            cls.servers[name] = FakeForge(cls.root, *opts)

    @classmethod
    def tearDownClass(cls):
        for s in cls.servers.values():
            s.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.cache = tempfile.mkdtemp(prefix="cache-", dir=self.tmp)

    def check(self, server, name, cache=None):
        """(exit code, report or None, stderr, fake forge log)."""
        ff = self.servers[server]
        code, out, err = run("check", "--cache", cache or self.cache, "--format",
                             "json", ff.url(name), timeout=120)
        log = ff.log()
        return code, json.loads(out) if out.strip() else None, err, log

    def assert_basic_findings(self, r):
        self.assertEqual(r["readme"]["path"], "README.md")
        self.assertEqual([f["path"] for f in r["license"]["files"]], ["LICENSE"])
        self.assertEqual(r["publiccode"]["path"], "publiccode.yml")
        self.assertEqual(r["community"]["contributing"], "docs/CONTRIBUTING.md")
        rules = [f["rule"] for f in r["findings"]]
        self.assertNotIn("readme.missing", rules)
        self.assertNotIn("license.missing", rules)
        # publiccode.yml's logo is read from docs/: found, so no "no such
        # file" error (every error is a finding, its format's too)
        self.assertFalse([f for f in r["findings"] if "logo" in f["message"]
                          and "no such file" in f["message"]], r["findings"])

    # -- the 2,000-commit repository with a 50 MB blob ---------------------

    def test_big_repository_costs_a_few_kilobytes_with_the_tree_filter(self):
        self.servers["full"].reset()
        code, r, err, log = self.check("full", "big")
        self.assertEqual(code, 1, err)   # publiccode.yml has errors
        self.assert_basic_findings(r)
        self.assertEqual(r["repository"]["fetch"]["method"], "v2-filter-tree")
        self.assertLess(total(log), 8000, log)
        self.assertLess(pack(log), 6000)
        # ls-refs; the commit and its root tree; docs/, publiccode.yml and
        # README.md in one batch; the logo publiccode.yml names
        self.assertEqual([e.get("git") for e in log],
                         ["ls-refs", "fetch", "fetch", "fetch"])
        # What the report says was received is what the server sent,
        # fetches by id made while the checks ran included.
        self.assertEqual(r["repository"]["fetch"]["bytes"], total(log))
        self.assertEqual(r["repository"]["fetch"]["requests"], len(log))

    def test_big_repository_without_tree_filter_fetches_trees_not_blobs(self):
        self.servers["notree"].reset()
        code, r, err, log = self.check("notree", "big")
        self.assert_basic_findings(r)
        self.assertEqual(r["repository"]["fetch"]["method"], "v2-filter-blob")
        # every tree (200 folders of src/) but no blob outside those read
        self.assertGreater(total(log), 20000)
        self.assertLess(total(log), 200000)

    def test_big_repository_without_filters_fetches_depth_1(self):
        self.servers["nofilter"].reset()
        code, r, err, log = self.check("nofilter", "big")
        self.assert_basic_findings(r)
        self.assertEqual(r["repository"]["fetch"]["method"], "v2-depth1")
        # tree:1 and blob:none are tried first; upload-pack dies on them
        self.assertEqual([e.get("git") for e in log], ["ls-refs", "fetch", "fetch", "fetch"])
        self.assertGreater(pack(log), 50 << 20)     # the big blob is at the tip
        self.assertLess(total(log), 53 << 20)       # but no history

    def test_server_without_v2_gets_a_v0_depth_1_fetch(self):
        self.servers["v0"].reset()
        code, r, err, log = self.check("v0", "big")
        self.assertEqual(code, 1, err)
        self.assert_basic_findings(r)
        self.assertEqual(r["repository"]["fetch"]["method"], "v0-depth1")
        # the failed ls-refs, the v0 ref advertisement, one fetch
        self.assertEqual([e.get("git") for e in log], ["ls-refs", "advertisement", None])
        self.assertLess(total(log), 53 << 20)   # the tip only: no history
        self.servers["v0"].reset()
        code, r, err, log = self.check("v0", "big")
        self.assertEqual(r["repository"]["fetch"]["method"], "v0-cached")
        self.assertEqual(pack(log), 0)
        self.assertEqual(len(log), 2)

    def test_server_that_is_not_smart_git_goes_to_libgit2_and_fails_clearly(self):
        self.servers["full"].reset([{"kind": "html", "path": "small.git"}])
        code, r, err, log = self.check("full", "small")
        self.assertEqual(code, 4)
        self.assertIn(self.servers["full"].url("small"), err)
        # ls-refs, the ref advertisement, then libgit2's own request
        self.assertGreaterEqual(len(log), 3)
        self.servers["full"].reset()

    def test_findings_do_not_depend_on_the_path_taken(self):
        reports = {}
        for server in self.servers:
            self.servers[server].reset()
            cache = tempfile.mkdtemp(prefix="cache-", dir=self.tmp)
            code, r, err, _ = self.check(server, "small", cache)
            self.assertEqual(code, 1, err)
            url = self.servers[server].url("small")
            for f in r["findings"]:   # names the server's own (web) URL
                f["message"] = f["message"].replace(url[:-len(".git")], "URL")
            reports[server] = (r["findings"], r["readme"], r["license"],
                               r["community"], r["publiccode"])
        self.assertEqual(len(set(json.dumps(v, sort_keys=True)
                                 for v in reports.values())), 1, reports)

    # -- special repositories ------------------------------------------------

    def test_empty_repository_is_one_request_and_a_finding(self):
        for server in ("full", "v0"):
            self.servers[server].reset()
            code, r, err, log = self.check(server, "empty")
            self.assertEqual(code, 1, err)
            self.assertIn("repository.no-commits", [f["rule"] for f in r["findings"]])
            self.assertIsNone(r["repository"]["head"])
            self.assertEqual(pack(log), 0)
        self.assertEqual(len(self.servers["full"].log()), 1)

    def test_default_branch_other_than_main_is_followed(self):
        self.servers["full"].reset()
        code, r, err, log = self.check("full", "trunk")
        self.assertEqual(code, 0, err)
        self.assertEqual(r["repository"]["branch"], "trunk")
        self.assertEqual([f["path"] for f in r["license"]["files"]], ["COPYING"])

    def test_head_pointing_nowhere_is_no_commits(self):
        self.servers["full"].reset()
        code, r, err, log = self.check("full", "nohead")
        self.assertIn("repository.no-commits", [f["rule"] for f in r["findings"]])
        self.assertEqual(pack(log), 0)

    # -- incremental ----------------------------------------------------------

    def moving_copy(self, name="moving"):
        dst = os.path.join(self.root, name + ".git")
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(os.path.join(self.root, "small.git"), dst)
        return dst

    MOVE = ("export GIT_DIR={repo} GIT_INDEX_FILE={repo}/tmp-index && "
            "git read-tree main && "
            "b=$(printf '{text}' | git hash-object -w --stdin) && "
            "git update-index --add --cacheinfo 100644,$b,README.md && "
            "t=$(git write-tree) && rm -f $GIT_INDEX_FILE && "
            "c=$(git -c user.name=t -c user.email=t@t commit-tree $t {parent}-m moved) && "
            "git update-ref refs/heads/main $c")

    def test_unchanged_tip_costs_one_request_and_no_pack(self):
        self.servers["full"].reset()
        self.check("full", "small")
        self.servers["full"].reset()
        code, r, err, log = self.check("full", "small")
        self.assert_basic_findings(r)
        self.assertEqual(r["repository"]["fetch"]["method"], "v2-cached")
        self.assertEqual([e.get("git") for e in log], ["ls-refs"])
        self.assertEqual(pack(log), 0)
        self.assertLess(total(log), 200)

    def cache_folder(self):
        return [os.path.join(dp, d) for dp, ds, _ in os.walk(self.cache)
                for d in ds if d.endswith(".git")][0]

    def test_cache_with_too_many_packs_starts_over(self):
        self.servers["full"].reset()
        self.check("full", "small")
        folder = self.cache_folder()
        # A cache is a folder of packs and the paths read last time,
        # nothing else (probe_cache.c): no HEAD, config, objects/, refs/.
        names = os.listdir(folder)
        self.assertEqual([n for n in names if n != "inventaire-paths" and not
                          re.fullmatch(r"pack-[0-9a-f]{40}\.(pack|idx)", n)], [])
        self.assertEqual(len([n for n in names if n.endswith(".pack")]),
                         len([n for n in names if n.endswith(".idx")]))
        for i in range(65):
            open(os.path.join(folder, "pack-%040d.pack" % i), "w").close()
        self.servers["full"].reset()
        code, r, err, log = self.check("full", "small")
        self.assert_basic_findings(r)
        self.assertEqual(r["repository"]["fetch"]["method"], "v2-filter-tree")
        packs = os.listdir(folder)
        self.assertLess(len([p for p in packs if p.endswith(".pack")]), 5)

    def test_cache_repository_of_an_earlier_version_is_read(self):
        # Earlier versions kept a bare repository: packs in objects/pack.
        self.servers["full"].reset()
        self.check("full", "small")
        folder = self.cache_folder()
        old = os.path.join(folder, "objects", "pack")
        os.makedirs(old)
        for f in os.listdir(folder):
            if f.startswith("pack-"):
                os.rename(os.path.join(folder, f), os.path.join(old, f))
        self.servers["full"].reset()
        code, r, err, log = self.check("full", "small")
        self.assert_basic_findings(r)
        self.assertEqual(r["repository"]["fetch"]["method"], "v2-cached")
        self.assertEqual([e.get("git") for e in log], ["ls-refs"])

    def test_moved_tip_fetches_only_the_new_trees_and_changed_blobs(self):
        repo = self.moving_copy()
        self.servers["full"].reset()
        self.check("full", "moving")
        subprocess.run(["sh", "-c", self.MOVE.format(repo=repo, parent="-p main ",
                                                     text="# Moved\\n\\n" + "word " * 20)],
                       check=True, capture_output=True)
        self.servers["full"].reset()
        code, r, err, log = self.check("full", "moving")
        self.assert_basic_findings(r)
        self.assertEqual(r["readme"]["bytes"], len("# Moved\n\n" + "word " * 20))
        # ls-refs, the commit and its root tree, then the one blob that
        # changed (remembered paths, one batch); docs/, the logo and
        # publiccode.yml are not sent again.
        self.assertEqual([e.get("git") for e in log], ["ls-refs", "fetch", "fetch"])
        self.assertLess(pack(log), 700)

    def test_tip_moved_between_ls_refs_and_fetch_is_listed_again(self):
        repo = self.moving_copy("racing")
        cmd = (self.MOVE.format(repo=repo, parent="", text="# Racing\\n") +
               " && git reflog expire --expire=now --all && git gc -q --prune=now")
        self.servers["full"].reset([{"kind": "run", "path": "racing.git/git-upload-pack$",
                                     "skip": 1, "count": 1, "arg": cmd}])
        code, r, err, log = self.check("full", "racing")
        self.assertIsNotNone(r, err)
        new_tip = subprocess.run(["git", "--git-dir", repo, "rev-parse", "main"],
                                 capture_output=True, text=True).stdout.strip()
        self.assertEqual(r["repository"]["head"], new_tip)
        self.assertEqual(r["readme"]["bytes"], len("# Racing\n"))
        self.assertEqual([e.get("git") for e in log][:4],
                         ["ls-refs", "fetch", "ls-refs", "fetch"])

    # -- hostile or broken servers -------------------------------------------

    def assert_fails_then_recovers(self, fault, words):
        self.servers["full"].reset([{"kind": fault, "path": "small.git/git-upload-pack$",
                                     "skip": 1, "count": 1}])
        code, r, err, log = self.check("full", "small")
        self.assertEqual(code, 4, err)
        self.assertIsNone(r)
        self.assertIn(self.servers["full"].url("small"), err)
        self.assertTrue(any(w in err for w in words), err)
        # Nothing half-written stays in the cache: the next run succeeds.
        self.servers["full"].reset()
        code, r, err, log = self.check("full", "small")
        self.assertEqual(code, 1, err)
        self.assert_basic_findings(r)

    def test_truncated_pack_is_a_clear_error(self):
        self.assert_fails_then_recovers("pack_truncate", ["truncated", "corrupt"])

    def test_corrupt_pack_is_a_clear_error(self):
        self.assert_fails_then_recovers("pack_corrupt", ["corrupt"])

    def test_server_closing_mid_stream_is_a_clear_error(self):
        self.assert_fails_then_recovers("truncate", ["mid-stream"])

    def test_v2_server_failing_ls_refs_is_an_error_not_an_empty_repository(self):
        self.servers["full"].reset([{"kind": "status", "arg": 500, "count": 1,
                                     "path": "small.git/git-upload-pack$"}])
        code, r, err, log = self.check("full", "small")
        self.assertEqual(code, 4, err)
        self.assertIn("HTTP 500", err)
        self.assertIn("ls-refs", err)

    def test_missing_repository_is_a_clear_error(self):
        self.servers["full"].reset()
        code, r, err, log = self.check("full", "nope")
        self.assertEqual(code, 4)
        self.assertIn("nope.git", err)
        self.assertIn("404", err)


if __name__ == "__main__":
    main()
