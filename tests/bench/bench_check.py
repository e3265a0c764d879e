#!/usr/bin/env python3
"""Benchmark: `inventaire check` on a 50,000-file repository (target:
under 50 ms). Prints the median and the spread of wall times over several
runs, start-up included, for HEAD (libgit2), --worktree and a bare clone, and
for 50,000 files in the root tree versus spread over 500 directories; then
what libgit2's start-up (git_libgit2_init) costs of each run.

usage: bench_check.py [INVENTAIRE] [--files N] [--runs N]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ENV = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@b",
           GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@b")


def make_repo(path, nfiles, flat):
    """A repository of NFILES small files, written with git fast-import."""
    subprocess.run(["git", "init", "-q", "-b", "main", path], check=True)
    lines = ["commit refs/heads/main", "committer b <b@b> 0 +0000",
             "data 5", "bench"]
    special = {"README.md": "# Bench\n\n" + "Some words about it. " * 20 + "\n",
               "LICENSE": "MIT License\n", "CONTRIBUTING.md": "Open an issue.\n"}
    for name, text in special.items():
        data = text.encode()
        lines += [f"M 100644 inline {name}", f"data {len(data)}", data.decode()]
    for i in range(nfiles):
        name = f"f{i:05d}.c" if flat else f"src/d{i % 500:03d}/f{i:05d}.c"
        data = f"int f{i};\n"
        lines += [f"M 100644 inline {name}", f"data {len(data)}", data]
    stream = ("\n".join(lines) + "\n").encode()
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=stream,
                   check=True, env=ENV)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=path, check=True)


def time_runs(cmd, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append((time.perf_counter() - t) * 1000)
        if p.returncode not in (0, 1):
            sys.exit(f"{cmd}: exit {p.returncode}: {p.stderr.decode()}")
    return times


# One process: load libgit2, time git_libgit2_init() (Debian's libgit2,
# built with mbedTLS, parses the whole CA bundle there) and print it in ms.
INIT = """
import ctypes, ctypes.util, time
lib = ctypes.CDLL(ctypes.util.find_library("git2"))
t = time.perf_counter()
lib.git_libgit2_init()
print((time.perf_counter() - t) * 1000)
"""


def libgit2_start_up(runs):
    """Milliseconds of git_libgit2_init() in a fresh process, RUNS times."""
    return [float(subprocess.run([sys.executable, "-c", INIT], check=True,
                                 capture_output=True).stdout)
            for _ in range(runs)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inventaire", nargs="?",
                    default=os.environ.get("INVENTAIRE", "build/inventaire"))
    ap.add_argument("--files", type=int, default=50000)
    ap.add_argument("--runs", type=int, default=15)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="inventaire-bench-")
    try:
        print(f"inventaire check on a {a.files:,}-file repository, "
              f"{a.runs} runs each, wall time start-up included (ms)")
        print(f"{'layout':<10} {'mode':<12} {'median':>8} {'min':>8} {'max':>8}")
        for flat in (True, False):
            layout = "flat" if flat else "500 dirs"
            repo = os.path.join(tmp, "flat" if flat else "dirs")
            make_repo(repo, a.files, flat)
            bare = repo + ".git"
            subprocess.run(["git", "clone", "-q", "--bare", repo, bare], check=True)
            for mode, cmd in (("HEAD", [a.inventaire, "check", repo]),
                              ("--worktree", [a.inventaire, "check",
                                              "--worktree", repo]),
                              ("bare", [a.inventaire, "check", bare])):
                t = time_runs(cmd + ["--format", "json"], a.runs)
                print(f"{layout:<10} {mode:<12} {statistics.median(t):8.1f} "
                      f"{min(t):8.1f} {max(t):8.1f}")
        t = libgit2_start_up(a.runs)
        print(f"of each run, libgit2's start-up (git_libgit2_init): median "
              f"{statistics.median(t):.1f}, min {min(t):.1f}, max {max(t):.1f}")
        print("target: under 50 ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
