"""Shared helpers for the CLI tests: run the binary, build throw-away git
repositories, and finish with the 'N passed, N failed' line CI reads.
Standard library only."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

INVENTAIRE = os.environ.get("INVENTAIRE", "inventaire")
SHARED_DATA = os.environ.get("SHARED_DATA", "")

GIT_ENV = dict(os.environ,
               GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.org",
               GIT_CONFIG_NOSYSTEM="1", HOME=tempfile.gettempdir())

README_TEXT = ("# Demo\n\nThis tool lists the public repositories of the "
               "ministry and checks their licences every night.\n")


def run(*args, cwd=None, env=None, input=None, timeout=60):
    """Run inventaire; return (exit code, stdout, stderr) as text."""
    p = subprocess.run([INVENTAIRE, *args], cwd=cwd, env=env, input=input,
                       capture_output=True, timeout=timeout)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def run_json(*args, **kw):
    code, out, err = run(*args, "--format", "json", **kw)
    try:
        return code, json.loads(out), err
    except json.JSONDecodeError as e:
        raise AssertionError(f"not JSON ({e}): {out!r}\nstderr: {err}")


def git(cwd, *args, check=True):
    return subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, check=check,
                          capture_output=True).stdout.decode()


class TempRepoCase(unittest.TestCase):
    """Each test gets a fresh temporary folder, removed afterwards."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="inventaire-test-")
        os.chmod(self.tmp, 0o755)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def write(self, rel, content, base=None):
        p = os.path.join(base or self.path("repo"), rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(p, mode) as f:
            f.write(content)
        return p

    def repo(self, files=None, commit=True, name="repo", branch="main"):
        """A work tree with FILES ({path: content}), committed on BRANCH."""
        d = self.path(name)
        os.makedirs(d, exist_ok=True)
        git(d, "init", "-q", "-b", branch)
        for rel, content in (files or {}).items():
            self.write(rel, content, base=d)
        if commit and files:
            git(d, "add", "-A")
            git(d, "commit", "-q", "-m", "init")
        return d

    def rules(self, report):
        return [f["rule"] for f in report["findings"]]


def main():
    """unittest.main, then the plain closing line CI counts."""
    prog = unittest.main(exit=False, verbosity=2)
    r = prog.result
    failed = len(r.failures) + len(r.errors)
    print(f"{r.testsRun - failed - len(r.skipped)} passed, {failed} failed, "
          f"{len(r.skipped)} skipped")
    sys.exit(1 if failed else 0)
