"""What the operator of a nightly crawl sees, against the fake forge: the
exit status of a bad night (--max-failed), repositories that cannot be
fetched counted as failures, the progress line on a terminal, messages that
name the path and the step, JSON logs with a time, short decimals in every
JSON file, and the list of files the crawl writes in its help and man
page."""
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import tty
import unittest
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import INVENTAIRE, FakeForge, clean_env, main, run  # noqa: E402
from crawl import MIT, README, make_bare  # noqa: E402

SOURCE_ROOT = os.environ.get("SOURCE_ROOT", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# kind -> (owner, account type, config host, API path)
FORGES = {
    "github": ("socialgouv", "org", "github.com", "/github"),
    "gitlab": ("drees", "group", "gitlab.com", "/gitlab/api/v4"),
    "gitea": ("fabrique", "org", "codeberg.org", "/forgejo/api/v1"),
    "bitbucket": ("cnam", "org", "bitbucket.org", "/bitbucket/2.0"),
}
PER_FORGE = 3
# The MIT text with one word added: similar to MIT at one decimal under
# 100 % (a decimal that binary floating point cannot hold exactly).
NEAR_MIT = MIT.replace("merge, publish", "merge, print, publish")
# More than 15 significant digits after the point: a float printed long.
LONG_FLOAT = re.compile(r"(?<![\w.])-?\d+\.\d{15,}")


def as_nobody():
    """Run a child as an unprivileged user when we are root (root writes
    anywhere, so a read-only folder would not refuse it)."""
    if os.geteuid() == 0:
        os.setgid(65534)
        os.setgroups([])
        os.setuid(65534)


class CrawlOperator(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-operator-")
        os.chmod(cls.tmp, 0o755)
        git_root = os.path.join(cls.tmp, "git")
        fixture = {"accounts": []}
        for kind, (owner, typ, _, _) in FORGES.items():
            repos = []
            for i in range(PER_FORGE):
                name = "%s-%02d" % (kind, i)
                repos.append({"name": name,
                              "clone_url": "{git}/%s/%s.git" % (kind, name)})
                make_bare(os.path.join(git_root, kind, name + ".git"),
                          {"LICENSE": NEAR_MIT if i == 0 else MIT,
                           "README.md": README})
            fixture["accounts"].append({"kind": kind, "owner": owner,
                                        "type": typ, "repos": repos})
        cls.ff = FakeForge.serving(fixture, cls.tmp, "--git-root", git_root)
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        with open(cls.config, "w") as f:
            for kind, (owner, _, host, api) in FORGES.items():
                f.write("%s:\n  forge: %s\n  api_url: %s%s\n  allow_http: true\n  owners:\n"
                        "    %s:\n" % (host, "forgejo" if kind == "gitea"
                                       else kind, cls.ff.base, api, owner))

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.ff.control("/_control/reset", {})

    # --max-time covers every fetch too: a night meant to succeed gets
    # room on a loaded machine; one with a fault is cut short (FAULTY).
    FAULTY = "2"

    def args(self, out, *extra, max_time="30"):
        return ["crawl", "--config", self.config, "--out", out,
                "--max-time", max_time, *extra]

    def crawl(self, out, *extra, max_time="30"):
        return run(*self.args(out, *extra, max_time=max_time),
                   env=clean_env(NO_COLOR="1"), timeout=120)

    def out(self, name):
        d = os.path.join(self.tmp, name)
        shutil.rmtree(d, ignore_errors=True)
        return d

    def load(self, out, name):
        with open(os.path.join(out, name), encoding="utf-8") as f:
            return json.load(f)

    # --max-failed

    def test_more_failed_accounts_than_max_failed_allows_exit_5(self):
        out = self.out("max-failed")
        code, _, err = self.crawl(out, "--max-failed", "0")
        self.assertEqual(code, 0, err)
        # One forge of four down: 25 % of the accounts are stale.
        self.ff.faults([{"kind": "status", "arg": 503, "path": "^/bitbucket/"}])
        code, _, err = self.crawl(out, "--max-failed", "30", max_time=self.FAULTY)
        self.assertEqual(code, 3, err)
        code, _, err = self.crawl(out, "--max-failed", "20%", max_time=self.FAULTY)
        self.assertEqual(code, 5, err)
        self.assertIn("1 of 4 accounts could not be listed (25.0%), more than "
                      "--max-failed 20%", err)
        # A bad night still publishes what it has: the stale records kept.
        repos = self.load(out, "codegouvfr-repositories.json")
        self.assertEqual(len(repos), 4 * PER_FORGE)
        self.assertEqual(sum(r["stale"] for r in repos), PER_FORGE)
        self.assertEqual(self.load(out, "crawl.json")["totals"]["failed"], 1)
        # Without --max-failed, the same night is partial, as before.
        self.assertEqual(self.crawl(out, max_time=self.FAULTY)[0], 3)

    def test_max_failed_takes_a_percentage_from_0_to_100(self):
        for bad in ("101", "-1", "ten", "", "5%%", "nan"):
            code, _, err = run("crawl", "--dry-run", "--max-failed", bad)
            self.assertEqual(code, 2, bad)
            self.assertIn("--max-failed takes a percentage", err, bad)
        for good in ("0", "12.5", "100%"):
            code, _, err = run("crawl", "--dry-run", "--max-failed", good)
            self.assertEqual(code, 0, (good, err))

    # A repository that cannot be fetched

    def test_a_repository_that_cannot_be_fetched_is_a_failure(self):
        out = self.out("probe-error")
        self.ff.faults([{"kind": "status", "arg": 500,
                         "path": "^/git/gitea/gitea-01"}])
        code, _, err = self.crawl(out, "--quiet", max_time=self.FAULTY)
        self.assertEqual(code, 3, err)
        summary = err.strip().splitlines()[-1]
        self.assertIn("4 of 4 accounts listed", summary)
        self.assertIn("1 repository could not be fetched", summary)
        self.assertIn("warning", summary)
        # The failure names the repository's URL.
        self.assertIn("gitea-01.git", err)
        cov = self.load(out, "crawl.json")
        self.assertEqual(cov["totals"]["probe_errors"], 1)
        by = {a["forge"]: a for a in cov["accounts"]}
        self.assertEqual(by["forgejo"]["probe_errors"], 1)
        self.assertEqual(by["forgejo"]["probe_paths"]["fabrique/gitea-01"],
                         "error")

    def test_a_resumed_run_still_counts_the_repositories_not_fetched(self):
        out = self.out("resumed")
        # GitHub's account ends (one repository failing) while Bitbucket's
        # listing is slow; the run is killed, the next one resumes.
        self.ff.faults([{"kind": "slow", "arg": 30, "path": "^/bitbucket/"},
                        {"kind": "status", "arg": 500,
                         "path": "^/git/github/github-01"}])
        p = subprocess.Popen([INVENTAIRE, *self.args(out, max_time=self.FAULTY)],
                             env=clean_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        journal = os.path.join(out, "state", "journal.jsonl")
        deadline = time.time() + 60
        done = False
        while not done and time.time() < deadline:
            if os.path.exists(journal):
                with open(journal) as f:
                    done = '"key":"github.com/socialgouv"' in f.read()
            time.sleep(0.1)
        p.kill()
        p.wait()
        self.assertTrue(done, "GitHub's account was never journaled")
        self.ff.faults([])
        code, _, err = self.crawl(out, "--quiet")
        self.assertEqual(code, 3, err)
        self.assertIn("1 repository could not be fetched", err)
        cov = self.load(out, "crawl.json")
        github = [a for a in cov["accounts"] if a["forge"] == "github"][0]
        self.assertTrue(github["resumed"], github)
        self.assertEqual((github["probe_errors"], github["checked"]),
                         (1, PER_FORGE - 1))
        self.assertEqual(cov["totals"]["probe_errors"], 1)

    # The progress line

    def run_on_a_terminal(self, out, max_time="30"):
        """Run the crawl with its stderr on a pseudo-terminal; its output
        as the terminal got it (raw: no \\n to \\r\\n)."""
        master, slave = pty.openpty()
        tty.setraw(slave)
        p = subprocess.Popen([INVENTAIRE, *self.args(out, max_time=max_time)],
                             stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=slave,
                             env=clean_env(TERM="xterm"))
        os.close(slave)
        chunks = []
        deadline = time.time() + 120
        while time.time() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                if p.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        p.wait(30)
        return p.returncode, b"".join(chunks).decode("utf-8", "replace")

    def test_the_progress_line_shows_waits_counts_failures_and_ends(self):
        out = self.out("tty")
        self.ff.faults([
            # One 429 with Retry-After on GitLab's listing: a wait.
            {"kind": "retry_after", "arg": 1, "path": "^/gitlab/", "count": 1},
            # One repository that cannot be fetched: an error.
            {"kind": "status", "arg": 500, "path": "^/git/github/github-02"},
        ])
        code, text = self.run_on_a_terminal(out, max_time=self.FAULTY)
        self.assertEqual(code, 3, text)
        # It said what it waited for, and for which host.
        self.assertRegex(text, r"accounts \d/4 [^\r\n]*  waiting for "
                               r"127\.0\.0\.1 \(rate limited \(HTTP 429\)\)")
        summary = text.index("of 4 accounts listed")
        last = text.rindex("\r\033[K", 0, summary)
        line, rest = text[last + 4:].split("\n", 1)
        # The last progress line: the final counts, with the failure, and
        # a newline.
        self.assertEqual(line, "accounts 4/4  repositories %d/%d  errors 1"
                         % (4 * PER_FORGE, 4 * PER_FORGE))
        # Then plain lines only: the progress line is never drawn again.
        self.assertNotIn("\r", rest)
        self.assertNotIn("accounts 4/4", rest)
        self.assertTrue(rest.endswith("\n"), repr(rest))
        self.assertIn("1 repository could not be fetched", rest)

    # Messages and logs

    def test_an_output_folder_that_cannot_be_written_is_named_with_the_step(self):
        missing = os.path.join(self.tmp, "no", "such", "folder")
        code, _, err = run("crawl", "--config", self.config, "--out", missing)
        self.assertEqual(code, 4, err)
        self.assertIn("cannot create the output folder %s: No such file or "
                      "directory" % missing, err)
        # A folder it may not write in (as an unprivileged user: root
        # writes anywhere).
        locked = os.path.join(self.tmp, "read-only")
        os.makedirs(locked, exist_ok=True)
        os.chmod(locked, 0o555)
        p = subprocess.run([INVENTAIRE, "crawl", "--config", self.config,
                            "--out", locked], capture_output=True, text=True,
                           env=clean_env(), preexec_fn=as_nobody, timeout=60)
        self.assertEqual(p.returncode, 4, p.stderr)
        self.assertIn("cannot write in the output folder %s: Permission "
                      "denied" % locked, p.stderr)
        new = os.path.join(locked, "new")
        p = subprocess.run([INVENTAIRE, "crawl", "--config", self.config,
                            "--out", new], capture_output=True, text=True,
                           env=clean_env(), preexec_fn=as_nobody, timeout=60)
        self.assertEqual(p.returncode, 4, p.stderr)
        self.assertIn("cannot create the output folder %s: Permission denied"
                      % new, p.stderr)

    def test_json_logs_carry_an_rfc3339_utc_time(self):
        before = datetime.now(timezone.utc).replace(microsecond=0)
        code, _, err = self.crawl(self.out("json-logs"), "--log-format", "json")
        after = datetime.now(timezone.utc)
        self.assertEqual(code, 0, err)
        lines = [json.loads(l) for l in err.strip().splitlines()]
        self.assertTrue(lines)
        for l in lines:
            self.assertEqual(list(l), ["time", "level", "elapsed", "account",
                                       "message"], l)
            self.assertRegex(l["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"
                                        r"\.\d{3}Z$")
            t = datetime.strptime(l["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
                tzinfo=timezone.utc)
            self.assertTrue(before <= t <= after, (before, t, after))
        # Seconds to the millisecond, printed short.
        self.assertNotRegex(err, LONG_FLOAT)
        self.assertTrue(all(round(l["elapsed"], 3) == l["elapsed"]
                            for l in lines))

    # Floats

    def test_every_json_file_prints_its_decimals_short(self):
        out = self.out("floats")
        code, _, err = self.crawl(out)
        self.assertEqual(code, 0, err)
        seen = []
        for d, _, names in os.walk(out):
            for n in names:
                if n.endswith((".json", ".jsonl")):
                    with open(os.path.join(d, n), encoding="utf-8") as f:
                        text = f.read()
                    self.assertNotRegex(text, LONG_FLOAT, os.path.join(d, n))
                    seen.append(os.path.relpath(os.path.join(d, n), out))
        self.assertIn("crawl.json", seen)
        self.assertIn("history.jsonl", seen)
        # The state keeps each check, with the licence's similarity (98.6 %:
        # binary floating point cannot hold it exactly).
        with open(os.path.join(out, "state", "inventory.jsonl")) as f:
            self.assertRegex(f.read(), r'"confidence":9\d\.\d,')
        with open(os.path.join(out, "history.jsonl")) as f:
            # 8 of 12 (the modified licences are not authorized): 66.7.
            self.assertIn('"license_authorized":66.7', f.read())
        # The report of `check`, in JSON and SARIF.
        repo = os.path.join(self.tmp, "near-mit")
        shutil.rmtree(repo, ignore_errors=True)
        subprocess.run(["git", "clone", "-q", os.path.join(
            self.tmp, "git", "github", "github-00.git"), repo], check=True,
            capture_output=True)
        code, text, err = run("check", "--format", "json", repo)
        self.assertRegex(text, r'"confidence": 9\d\.\d,', err)
        self.assertNotRegex(text, LONG_FLOAT)
        code, text, err = run("check", "--format", "sarif", repo)
        self.assertEqual(json.loads(text)["version"], "2.1.0", err)
        self.assertNotRegex(text, LONG_FLOAT)

    # What the crawl writes

    def test_help_and_man_page_list_every_file_the_crawl_writes(self):
        out = self.out("files")
        code, _, err = self.crawl(out)
        self.assertEqual(code, 0, err)
        written = sorted(os.listdir(out))
        self.assertIn("rapport.html", written)
        help_text = run("crawl", "--help")[1]
        listed = help_text.split("Output folder:", 1)[1].split("\n\n", 1)[0]
        # "codegouvfr-repositories.{json,csv}" stands for both files.
        names = set(re.findall(r"[\w-]+(?:\.[\w]+)+/?|[\w-]+/", listed))
        for stem, exts in re.findall(r"([\w-]+)\.\{([\w.,]+)\}", listed):
            names.update("%s.%s" % (stem, e) for e in exts.split(","))
        with open(os.path.join(SOURCE_ROOT, "dist", "man",
                               "inventaire-crawl.1.scd"), encoding="utf-8") as f:
            page = f.read()
        output = re.search(r"(?ms)^# OUTPUT\n(.*?)(?=^# )", page).group(1)
        for name in written:
            shown = name + "/" if os.path.isdir(os.path.join(out, name)) else name
            self.assertIn(shown, names, "%s is not in `crawl --help`" % shown)
            self.assertIn("*%s*" % shown, output,
                          "%s is not in inventaire-crawl(1), OUTPUT" % shown)


if __name__ == "__main__":
    main()
