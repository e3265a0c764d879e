"""Shared helpers for the CLI tests: run the binary, build throw-away git
repositories, and finish with the 'N passed, N failed' line CI reads.
Standard library only."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

INVENTAIRE = os.environ.get("INVENTAIRE", "inventaire")
SHARED_DATA = os.environ.get("SHARED_DATA", "")
TESTS_DIR = os.environ.get("TESTS_DIR", os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
FAKEFORGE = os.path.join(TESTS_DIR, "fakeforge", "fakeforge.py")

GIT_ENV = dict(os.environ,
               GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.org",
               GIT_CONFIG_NOSYSTEM="1", HOME=tempfile.gettempdir())

README_TEXT = ("# Demo\n\nThis tool lists the public repositories of the "
               "ministry and checks their licences every night.\n")


def make_bare(path, files, message="init", when=None, replace=False):
    """A bare repository at PATH with FILES (name -> text) on main, written
    by git fast-import: a new commit on top when main exists (REPLACE: its
    tree is FILES alone, not FILES over the old tree); FILES None: no commit
    at all. WHEN: the commit time, else now."""
    if not os.path.exists(path):
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", path],
                       check=True, env=GIT_ENV)
    if files is None:
        return
    parent = subprocess.run(["git", "-C", path, "rev-parse", "-q", "--verify",
                             "refs/heads/main"], capture_output=True,
                            env=GIT_ENV).stdout.decode().strip()
    lines = ["commit refs/heads/main",
             "committer t <t@t> %d +0000" % (time.time() if when is None else when),
             "data %d" % len(message.encode()), message]
    if parent:
        lines.append("from %s" % parent)
        if replace:
            lines.append("deleteall")
    for name, text in files.items():
        lines += ["M 100644 inline %s" % name, "data %d" % len(text.encode()), text]
    subprocess.run(["git", "-C", path, "fast-import", "--quiet"],
                   input="\n".join(lines).encode() + b"\n", check=True, env=GIT_ENV)


class FakeForge:
    """A fake forge process; it dies with us (stdin pipe) or on stop()."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([sys.executable, FAKEFORGE, "--timeout", "300", *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        line = self.proc.stdout.readline().split()
        if len(line) != 5 or line[0] != "fakeforge":
            self.stop()
            raise RuntimeError("the fake forge did not start: %r" % line)
        self.port, self.host2, self.port2 = int(line[2]), line[3], int(line[4])
        self.base = "http://127.0.0.1:%d" % self.port

    @classmethod
    def serving(cls, fixture, folder, *args):
        """A fake forge serving FIXTURE (a dict), written to
        FOLDER/fixture.json, with the options ARGS."""
        path = os.path.join(folder, "fixture.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(fixture, f)
        return cls("--fixture", path, *args)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()

    def control(self, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        with urllib.request.urlopen(self.base + path, data=data, timeout=10) as r:
            return r.read().decode()

    def faults(self, faults):
        self.control("/_control/faults", faults)

    def log(self):
        return [json.loads(l) for l in self.control("/_control/log").splitlines() if l]


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_TOKEN", "GITLAB_TOKEN") and not k.startswith("INVENTAIRE_TOKEN_")}
    env.update(extra)
    return env


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


def shared_data(case, *parts):
    """The path of SHARED_DATA/PARTS, or skip CASE (a TestCase) when it is
    not there: a fresh clone has no ../shared/data beside it. main() then
    reports the whole file as skipped (exit 77), never as passed."""
    path = os.path.join(SHARED_DATA, *parts) if SHARED_DATA else ""
    if not path or not os.path.exists(path):
        case.skipTest("needs the shared reference data: %s is missing "
                      "(put ../shared/data beside the checkout, or configure "
                      "with -Dshared_data=DIR)" % (path or os.path.join(
                          "$SHARED_DATA", *parts)))
    return path


# meson reads exit status 77 as SKIP (meson's "Unit tests" manual, "Skipped
# tests and hard errors").
EXIT_SKIP = 77


def main():
    """unittest.main, then the plain closing line CI counts. Exit 1 when a
    test failed; else 77 (SKIP for meson) when one was skipped, so that a
    test that could not run is never counted as passing; else 0."""
    prog = unittest.main(exit=False, verbosity=2)
    r = prog.result
    failed = len(r.failures) + len(r.errors)
    print(f"{r.testsRun - failed - len(r.skipped)} passed, {failed} failed, "
          f"{len(r.skipped)} skipped")
    for case, reason in r.skipped:
        print(f"skipped: {case.id()}: {reason}")
    sys.exit(1 if failed else EXIT_SKIP if r.skipped else 0)
