#!/usr/bin/env python3
"""bench_probe.py - what a remote probe costs, side by side against git clone.

For the same test repositories, served by the fake forge (git http-backend,
protocol v2, filters allowed), prints the bytes the server sent and the wall
time of:
    probe       inventaire check --cache DIR URL (a first probe: empty cache)
    blob:none   git clone --depth 1 --filter=blob:none --no-checkout
    depth 1     git clone --depth 1 --no-checkout
    full        git clone --bare
and the floor: the summed compressed size (zlib, plus the pack entry header)
of the objects the checks read (the commit, its root tree, the folders
listed and the blobs read, as the probe's cache remembers them).
Then an unchanged re-probe of N repositories (default 1000): requests and
pack bytes.

Run: python3 tests/bench/bench_probe.py [--inventaire build/inventaire] [-n 1000]
Standard library only. Bytes are response bodies as the fake forge counts them.
"""
import argparse
import concurrent.futures
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TESTS, "fakeforge"))
import gitrepos  # noqa: E402

REPOS = ["small", "trunk", "mono", "big"]


class Forge:
    def __init__(self, root):
        self.p = subprocess.Popen([sys.executable, os.path.join(TESTS, "fakeforge", "fakeforge.py"),
                                   "--git-root", root, "--timeout", "3600"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.base = "http://127.0.0.1:%s" % self.p.stdout.readline().split()[2]

    def ctl(self, path, body=None):
        with urllib.request.urlopen(self.base + path, data=body, timeout=30) as r:
            return r.read().decode()

    def reset(self):
        self.ctl("/_control/reset", b"{}")

    def log(self):
        return [json.loads(l) for l in self.ctl("/_control/log").splitlines() if l]

    def stop(self):
        self.p.stdin.close()
        self.p.terminate()
        self.p.wait()


def measure(forge, cmd):
    forge.reset()
    t = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0"))
    dt = time.monotonic() - t
    log = forge.log()
    return sum(e["bytes"] for e in log), dt, len(log)


def entry_header_len(size):
    n = 1
    size >>= 4
    while size:
        n += 1
        size >>= 7
    return n


def floor(bare, cache_repo):
    """Compressed size of the commit, root tree, and what the checks read."""
    paths = []
    mem = os.path.join(cache_repo, "inventaire-paths")
    if os.path.exists(mem):
        paths = [l.rstrip("\n") for l in open(mem, encoding="utf-8") if l.strip()]
    specs = ["HEAD", "HEAD^{tree}"] + ["HEAD:" + p.rstrip("/") for p in paths]
    out = subprocess.run(["git", "--git-dir", bare, "cat-file", "--batch"],
                         input="\n".join(specs).encode() + b"\n",
                         capture_output=True, check=True).stdout
    total, i = 0, 0
    while i < len(out):
        nl = out.index(b"\n", i)
        head = out[i:nl].split()
        i = nl + 1
        if len(head) < 3 or head[1] == b"missing":
            continue
        size = int(head[2])
        total += len(zlib.compress(out[i:i + size])) + entry_header_len(size)
        i += size + 1
    return total


def human(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return ("%d %s" % (n, unit)) if unit == "B" else ("%.1f %s" % (n, unit))
        n /= 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inventaire", default=os.environ.get("INVENTAIRE", "build/inventaire"))
    ap.add_argument("-n", type=int, default=1000, help="repositories re-probed unchanged")
    ap.add_argument("--keep", help="folder for the repositories (kept between runs)")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-probe-")
    root = a.keep or os.path.join(tmp, "repos")
    gitrepos.make(root, REPOS)
    forge = Forge(root)
    try:
        print("%-7s | %-19s | %-19s | %-19s | %-19s | %-9s | %s" %
              ("repo", "probe", "clone blob:none d1", "clone depth 1", "clone full",
               "floor", "probe/floor, depth1/probe"))
        for name in REPOS:
            url = "%s/git/%s.git" % (forge.base, name)
            cache = os.path.join(tmp, "cache-" + name)
            probe = measure(forge, [a.inventaire, "check", "--cache", cache, "--format",
                                    "json", url])
            cols = [probe]
            for extra in (["--depth", "1", "--filter=blob:none", "--no-checkout"],
                          ["--depth", "1", "--no-checkout"], ["--bare"]):
                dst = os.path.join(tmp, "clone")
                shutil.rmtree(dst, ignore_errors=True)
                cols.append(measure(forge, ["git", "-c", "protocol.version=2", "clone", "-q",
                                            *extra, url, dst]))
            cache_repo = glob.glob(os.path.join(cache, "*", name + "_git-*.git"))[0]
            fl = floor(os.path.join(root, name + ".git"), cache_repo)
            print("%-7s | %s | %-9s | %4.2fx, %.0fx" % (
                name, " | ".join("%9s %5.2fs %2dr" % (human(b), t, n) for b, t, n in cols),
                human(fl), probe[0] / fl, cols[2][0] / probe[0]))

        # An unchanged re-probe: the same repository behind N names (symlinks).
        for i in range(a.n):
            link = os.path.join(root, "u%04d.git" % i)
            if not os.path.exists(link):
                os.symlink(os.path.join(root, "small.git"), link)
        cache = os.path.join(tmp, "cache-many")

        def probe_one(i):
            url = "%s/git/u%04d.git" % (forge.base, i)
            subprocess.run([a.inventaire, "check", "--cache", cache, url],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        for label in ("first probe", "unchanged re-probe"):
            forge.reset()
            t = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(8) as ex:
                list(ex.map(probe_one, range(a.n)))
            dt = time.monotonic() - t
            log = forge.log()
            print("%d repositories, %-18s: %5d requests, %9s sent, %9s of pack data, %.1f s"
                  % (a.n, label, len(log), human(sum(e["bytes"] for e in log)),
                     human(sum(e.get("pack") or 0 for e in log)), dt))
    finally:
        forge.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
