"""`inventaire crawl --shard K/N` and `inventaire merge`: N shard crawls of
the fake forge, merged, give byte for byte the files one crawl of the whole
list gives, for N = 1, 3 and 7; a whole forge is split between the shards;
the folders of another crawl are refused. The Kubernetes manifest's and
the ssh loop's command lines (dist/) run here as local processes."""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import INVENTAIRE, FakeForge, clean_env, main, run  # noqa: E402
from crawl import README, make_bare  # noqa: E402

SOURCE_ROOT = os.environ.get("SOURCE_ROOT", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", ".."))
NOW = "2030-01-15T02:00:00Z"
PSO = "929f8575-51b3-4977-8dcb-147b756de677"
FOLLOWERS = 20

# (kind, owner, account type, number of repositories); every account is
# on one fake host per forge kind, and "forge1" is a whole GitLab forge.
ACCOUNTS = [("github", "org-%d" % i, "org", 2 + i % 3) for i in range(9)] + [
    ("gitlab", "drees", "group", 4), ("gitlab", "cnam", "group", 3),
    ("gitea", "fabrique", "org", 4), ("bitbucket", "ans", "org", 3),
]
WHOLE = [("gitlab", "group-%d" % i, "group", 3) for i in range(6)]
API = {"github": ("github.com", "github", "/github"),
       "gitlab": ("gitlab.com", "gitlab", "/gitlab/api/v4"),
       "gitea": ("codeberg.org", "forgejo", "/forgejo/api/v1"),
       "bitbucket": ("bitbucket.org", "bitbucket", "/bitbucket/2.0")}
# What a merge writes that a crawl writes too, and must be the same bytes:
# everything but crawl.json (times, and a whole forge's listing requests,
# counted by every shard) and the caches.
SKIP = re.compile(r"^(crawl\.json|state/(git|http|lock|journal\.jsonl|previous/crawl\.json)"
                  r"(/|$))")


def plant(i):
    files = {"README.md": README}
    if i % 2:
        files["LICENSE"] = "MIT License\n"
    return files


def unstamped(data):
    """A state's lines without the bytes each fetch took: the git server's
    progress messages make them differ from one crawl to the next, sharded
    or not (the feeds do not print them)."""
    lines = []
    for line in data.decode().splitlines():
        v = json.loads(line)
        fetch = (((v.get("repository") or {}).get("check") or {})
                 .get("repository") or {}).get("fetch")
        if fetch:
            fetch.pop("bytes", None)
        lines.append(json.dumps(v))
    return "\n".join(lines).encode()


def tree(folder):
    """{relative path: bytes} of every file the comparison covers."""
    out = {}
    for d, _, names in os.walk(folder):
        for n in names:
            rel = os.path.relpath(os.path.join(d, n), folder)
            if not SKIP.match(rel):
                with open(os.path.join(d, n), "rb") as f:
                    out[rel] = f.read()
                if rel.endswith("inventory.jsonl"):
                    out[rel] = unstamped(out[rel])
    return out


class Shards(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-crawl-shard-")
        git_root = os.path.join(cls.tmp, "git")
        fixture = {"accounts": []}
        for kind, owner, typ, n in ACCOUNTS + WHOLE:
            repos = []
            for i in range(n):
                name = "%s-%d" % (owner, i)
                make_bare(os.path.join(git_root, kind, name + ".git"), plant(i))
                repo = {"name": name, "clone_url": "{git}/%s/%s.git" % (kind, name),
                        "pushed_at": "{git}", "updated_at": "{git}"}
                # GitHub's GraphQL listing gives no clone URL: the crawler
                # adds ".git" to the web page's. Served here too, no crawl
                # needs a name resolved (a resolver's pace is not ours).
                repo["html_url"] = "{git}/%s/%s" % (kind, name)
                repos.append(repo)
            a = {"kind": kind, "owner": owner, "type": typ, "repos": repos}
            if kind == "github":
                # Read apart from the GraphQL listing, on their own rhythm
                # (crawler/crawl/crawl_followers.c): kept in the state.
                a["followers"] = FOLLOWERS + len(fixture["accounts"])
            if (kind, owner, typ, n) in WHOLE:
                a["instance"] = "forge1"
            fixture["accounts"].append(a)
        cls.ff = FakeForge.serving(fixture, cls.tmp, "--git-root", git_root)
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        with open(cls.config, "w", encoding="utf-8") as f:
            for kind, (host, forge, api) in API.items():
                f.write("%s:\n  forge: %s\n  api_url: %s%s\n  allow_http: true\n  owners:\n"
                        % (host, forge, cls.ff.base, api))
                for k, owner, _, _ in ACCOUNTS:
                    if k == kind:
                        f.write("    %s:\n      pso_id: %s\n" % (owner, PSO))
            f.write("git.forge1.fr:\n  forge: gitlab\n  api_url: %s/i/forge1/gitlab/api/v4\n  allow_http: true\n"
                    % cls.ff.base)
        # The national list, short of everything but org-0: every crawl
        # writes what it lacks, and a merge the first shard's.
        cls.upstream = os.path.join(cls.tmp, "upstream.yml")
        with open(cls.upstream, "w", encoding="utf-8") as f:
            f.write("github.com:\n  forge: github\n  owners:\n    org-0:\n"
                    "      pso_id: %s\n" % PSO)
        cls.actors = os.path.join(cls.tmp, "actors.yml")
        with open(cls.actors, "w", encoding="utf-8") as f:
            f.write("%s:\n  name: DREES\n  acronym: DREES\n"
                    "  ministry: Ministère de la Santé\n" % PSO)
        cls.whole = cls.crawl("whole")

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def env(cls):
        # A token: GitHub's subscribers are then all asked (README.md, "how
        # to scale out": without one, each shard has its own budget).
        return clean_env(INVENTAIRE_NOW=NOW, NO_COLOR="1", INVENTAIRE_TOKEN_127_0_0_1="t1")

    @classmethod
    def crawl(cls, name, *extra):
        out = os.path.join(cls.tmp, name)
        shutil.rmtree(out, ignore_errors=True)
        code, _, err = run("crawl", "--config", cls.config, "--actors", cls.actors,
                           "--upstream", cls.upstream,
                           "--out", out, "--max-time", "5", *extra, env=cls.env(),
                           timeout=300)
        # Every repository is served: the night is complete.
        if code != 0:
            raise AssertionError("crawl %s: exit %d\n%s" % (extra, code, err))
        return out

    def merge(self, name, shards, *extra):
        out = os.path.join(self.tmp, name)
        shutil.rmtree(out, ignore_errors=True)
        code, _, err = run("merge", *shards, "--out", out, "--config", self.config,
                           "--actors", self.actors, *extra, env=self.env(),
                           timeout=300)
        return code, out, err

    def load(self, out, name):
        with open(os.path.join(out, name), encoding="utf-8") as f:
            return json.load(f)

    def assert_same_as_one_crawl(self, merged, upstream=True):
        want, got = tree(self.whole), tree(merged)
        additions = want.pop("comptes-organismes-publics.additions.yml").decode()
        self.assertIn("org-1", additions)
        self.assertNotIn("org-0:", additions)
        if upstream:
            want["comptes-organismes-publics.additions.yml"] = additions.encode()
        self.assertEqual(sorted(got), sorted(want))
        for rel in sorted(want):
            self.assertEqual(got[rel], want[rel], "%s differs" % rel)
        # crawl.json: the same accounts and counts; the times and a whole
        # forge's listing requests are the shards'.
        a, b = self.load(self.whole, "crawl.json"), self.load(merged, "crawl.json")
        for cov in (a, b):
            for acc in cov["accounts"]:
                acc.pop("requests")
            cov["totals"].pop("requests")
        self.assertEqual([x["key"] for x in b["accounts"]],
                         [x["key"] for x in a["accounts"]])
        self.assertEqual(b["accounts"], a["accounts"])
        self.assertEqual(b["totals"], a["totals"])
        self.assertEqual(b["hosts"], a["hosts"])
        self.assertEqual(b["started_at"], a["started_at"])

    def check_n_shards(self, n):
        shards = [self.crawl("shard-%d-of-%d" % (k, n), "--shard", "%d/%d" % (k, n))
                  for k in range(n)]
        code, merged, err = self.merge("merged-%d" % n, shards[::-1])
        self.assertEqual(code, 0, err)
        self.assert_same_as_one_crawl(merged)
        followers = {o["login"]: o["followers"] for o in
                     self.load(merged, "codegouvfr-organizations.json")}
        for i in range(9):
            self.assertEqual(followers["org-%d" % i], FOLLOWERS + i)
        return shards

    def test_one_shard_merged_is_the_crawl(self):
        self.check_n_shards(1)

    def test_three_shards_merged_are_the_crawl(self):
        shards = self.check_n_shards(3)
        # Each owner's account is in one shard; the whole forge in all,
        # each with its share of its repositories.
        owners = [set(a["key"] for a in self.load(s, "crawl.json")["accounts"]
                      if a["owner"]) for s in shards]
        self.assertEqual(sum(len(o) for o in owners), len(set().union(*owners)))
        forge = [[a for a in self.load(s, "crawl.json")["accounts"]
                  if a["key"] == "git.forge1.fr"][0]["repositories"] for s in shards]
        self.assertEqual(sum(forge), sum(n for _, _, _, n in WHOLE))
        self.assertGreater(min(forge), 0)
        self.assertEqual(self.load(shards[1], "crawl.json")["shard"], "1/3")

    def test_seven_shards_merged_are_the_crawl(self):
        self.check_n_shards(7)

    def test_folders_that_are_not_the_shards_of_one_crawl_are_refused(self):
        shards = [self.crawl("r-%d" % k, "--shard", "%d/3" % k) for k in range(3)]
        for dirs, message in (
                (shards[:2], "give every shard's folder, once"),
                ([shards[0], shards[0], shards[2]], "the same shard twice"),
                ([self.whole, shards[0]], "give every shard's folder"),
                ([os.path.join(self.tmp, "nowhere")], "no inventory")):
            code, out, err = self.merge("refused", dirs)
            self.assertEqual(code, 2, (dirs, err))
            self.assertIn(message, err)
            self.assertFalse(os.path.exists(os.path.join(out, "crawl.json")))
        self.assertEqual(run("merge", shards[0])[0], 2)
        self.assertEqual(run("crawl", "--shard", "3/3", "--dry-run")[0], 2)
        self.assertEqual(run("crawl", "--shard", "1", "--dry-run")[0], 2)

    # -- dist/: the Kubernetes Job and the ssh loop, run here ------------

    def scripts(self):
        """The shell scripts of the manifest's crawl and merge containers."""
        with open(os.path.join(SOURCE_ROOT, "dist", "kubernetes",
                               "inventaire.yaml"), encoding="utf-8") as f:
            text = f.read()
        found = {}
        # "- name: crawl" ... "args:" / "- |" then the indented block.
        for m in re.finditer(r"(?m)^(\s*)- name: (crawl|merge)\n(?:\1  .*\n)*?"
                             r"\1  args:\n\1    - \|\n((?:\1      .*\n|\s*\n)+)", text):
            indent = len(m.group(1)) + 6
            found[m.group(2)] = "".join(l[indent:] + "\n" for l in
                                        m.group(3).rstrip("\n").split("\n"))
        self.assertEqual(set(found), {"crawl", "merge"}, text)
        return found

    def local_env(self, data, shards):
        """The containers' environment, on this machine: the manifest's
        /data is DATA, its lists are ours, `inventaire` is the build's."""
        bindir = os.path.join(self.tmp, "bin")
        os.makedirs(bindir, exist_ok=True)
        link = os.path.join(bindir, "inventaire")
        if not os.path.exists(link):
            os.symlink(os.path.abspath(INVENTAIRE), link)
        env = self.env()
        env.update(PATH=bindir + os.pathsep + env.get("PATH", ""),
                   DATA=data, SHARDS=str(shards), ACCOUNTS_FILE=self.config,
                   ACTORS_FILE=self.actors)
        return env

    def test_the_kubernetes_jobs_commands_give_the_crawl(self):
        scripts = self.scripts()
        data = os.path.join(self.tmp, "k8s")
        shutil.rmtree(data, ignore_errors=True)
        for k in range(3):        # the Indexed Job's pods, one per index
            env = self.local_env(data, 3)
            env["JOB_COMPLETION_INDEX"] = str(k)
            p = subprocess.run(["sh", "-c", scripts["crawl"]], env=env,
                               capture_output=True, timeout=300)
            self.assertEqual(p.returncode, 0, p.stderr)
        p = subprocess.run(["sh", "-c", scripts["merge"]],
                           env=self.local_env(data, 3), capture_output=True,
                           timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        # dist/'s command lines give no --upstream
        self.assert_same_as_one_crawl(os.path.join(data, "out"), upstream=False)

    def test_the_ssh_loop_gives_the_crawl(self):
        # ssh to "machines" that are this one: run the command here.
        bindir = os.path.join(self.tmp, "fake-ssh")
        os.makedirs(bindir, exist_ok=True)
        fake = os.path.join(bindir, "ssh")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\nshift\nexec sh -c \"$*\"\n")
        os.chmod(fake, stat.S_IRWXU)
        data = os.path.join(self.tmp, "ssh")
        shutil.rmtree(data, ignore_errors=True)
        env = self.local_env(data, 3)
        env["PATH"] = bindir + os.pathsep + env["PATH"]
        script = os.path.join(SOURCE_ROOT, "dist", "ssh", "inventaire-shards")
        p = subprocess.run(["sh", script, "--config", self.config, "--actors",
                            self.actors, "--remote-dir", os.path.join(data, "remote"),
                            "--out", os.path.join(data, "out"),
                            "m1", "m2", "m3"], env=env, capture_output=True,
                           timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        # dist/'s command lines give no --upstream
        self.assert_same_as_one_crawl(os.path.join(data, "out"), upstream=False)


if __name__ == "__main__":
    main()
