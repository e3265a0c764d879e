#!/usr/bin/env python3
"""Benchmark: `inventaire crawl` of 2,000 repositories on the fake forge with
50 ms of injected latency per request (target: within 1.5x of the
floor, requests / concurrency x latency, and under 200 MB).

It builds a fixture of four forge kinds (GitHub, GitLab, Forgejo, Bitbucket)
with N/4 repositories each, all served over smart HTTP by git http-backend
from bare repositories that share one object store (alternates), starts the
fake forge with a `slow` fault on every request, and runs:

  1. a first crawl (everything listed, fetched and checked), with latency;
  2. a second, unchanged crawl on the same --out (must fetch no pack data);
  3. the first crawl again on a fresh --out with no latency: what this
     machine and this test server can do at all (the fake forge is a Python
     ThreadingHTTPServer and each git request is a git http-backend process,
     so it competes with the crawler for the CPUs).

For each it prints the requests the fake forge saw (API and git apart), the
floor, the wall time, its ratio to the floor, the crawler's peak RSS, and the
CPU seconds of the crawler and of the fake forge (git processes included).

The floor: the crawl lists first, then probes, so it is the sum of
  listing:  max(API requests / --jobs, longest pagination chain) x latency
  probing:  git requests / --probe-jobs x latency
(--jobs is per host; the fake forge is one host for the four forges).
Every git request also costs the test server 5-8 ms of CPU (Python, then
git http-backend, upload-pack and pack-objects processes): on a small
machine the server, not the latency, sets the pace at high --probe-jobs,
which the "server-bound floor" line shows.

usage: bench_crawl.py [INVENTAIRE] [--repos N] [--latency S] [--jobs N]
                      [--probe-jobs N] [--no-baseline] [--keep]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
FAKEFORGE = os.path.join(TESTS, "fakeforge", "fakeforge.py")
MIT_PATH = os.path.join(TESTS, "..", "data", "licences", "texts", "MIT.txt")

GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@b",
               GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@b",
               GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")

# kind -> (fixture owner, account type, config host, forge kind, API path)
FORGES = {
    "github": ("socialgouv", "org", "github.com", "github", "/github"),
    "gitlab": ("drees", "group", "gitlab.com", "gitlab", "/gitlab/api/v4"),
    "gitea": ("fabrique", "org", "codeberg.org", "forgejo", "/forgejo/api/v1"),
    "bitbucket": ("cnam", "org", "bitbucket.org", "bitbucket", "/bitbucket/2.0"),
}
PSO = "929f8575-51b3-4977-8dcb-147b756de677"


def plant(i):
    """Which files repository I holds (marks of the shared blobs)."""
    files = {}
    if i % 3:
        files["LICENSE" if i % 2 else "LICENCE.txt"] = ":1"
    if i % 4 != 1:
        files["README.md"] = ":2"
    if i % 5 == 2:
        files["publiccode.yml"] = ":3"
    if i % 6 == 0:
        files["CONTRIBUTING.md"] = ":4"
    files["src/main.c"] = ":5"
    return files


def make_repositories(git_root, names):
    """One bare repository per NAME ("kind/name"), each with its own commit
    on main; the objects live once in _shared.git (fast-import, one stream)
    and every repository borrows them through objects/info/alternates."""
    shared = os.path.join(git_root, "_shared.git")
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", shared],
                   check=True, env=GIT_ENV)
    with open(MIT_PATH, encoding="utf-8") as f:
        mit = "Copyright (c) 2024 Ministère de la Santé\n\n" + f.read()
    blobs = [mit, "# Outil\n\nCet outil publie les données de santé chaque semaine.\n",
             "publiccodeYmlVersion: '0.4'\nname: [broken\n",
             "Ouvrez un ticket.\n", "int main(void) { return 0; }\n"]
    out = []
    for mark, text in enumerate(blobs, 1):
        data = text.encode()
        out += [b"blob", b"mark :%d" % mark, b"data %d" % len(data), data]
    for i, name in enumerate(names):
        msg = ("init %s" % name).encode()
        out += [b"commit refs/heads/r%05d" % i,
                b"committer b <b@b> %d +0000" % (1700000000 + i),
                b"data %d" % len(msg), msg]
        for path, mark in sorted(plant(i).items()):
            out.append(("M 100644 %s %s" % (mark, path)).encode())
    subprocess.run(["git", "fast-import", "--quiet"], cwd=shared,
                   input=b"\n".join(out) + b"\n", check=True, env=GIT_ENV)
    refs = subprocess.run(["git", "for-each-ref", "--format=%(refname) %(objectname)",
                           "refs/heads/"], cwd=shared, check=True, env=GIT_ENV,
                          capture_output=True).stdout.decode().split("\n")
    tips = dict(line.split() for line in refs if line)
    objects = os.path.join(os.path.abspath(shared), "objects")
    for i, name in enumerate(names):
        repo = os.path.join(git_root, name + ".git")
        for d in ("objects/info", "objects/pack", "refs/heads", "refs/tags"):
            os.makedirs(os.path.join(repo, d))
        files = {"HEAD": "ref: refs/heads/main\n",
                 "config": "[core]\n\trepositoryformatversion = 0\n\tbare = true\n",
                 "objects/info/alternates": objects + "\n",
                 "refs/heads/main": tips["refs/heads/r%05d" % i] + "\n"}
        for rel, text in files.items():
            with open(os.path.join(repo, rel), "w", encoding="utf-8") as f:
                f.write(text)


class FakeForge:
    def __init__(self, *args):
        self.proc = subprocess.Popen([sys.executable, FAKEFORGE, "--timeout", "3600",
                                      *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        if len(line) != 5 or line[0] != "fakeforge":
            self.stop()
            sys.exit("the fake forge did not start: %r" % line)
        self.base = "http://127.0.0.1:%s" % line[2]

    def control(self, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        with urllib.request.urlopen(self.base + path, data=data, timeout=60) as r:
            return r.read().decode()

    def log(self):
        return [json.loads(l) for l in self.control("/_control/log").splitlines() if l]

    def cpu_seconds(self):
        """(CPU of the Python server itself, CPU of the git processes it
        has waited for): /proc/PID/stat utime + stime, cutime + cstime."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = [int(x) for x in f.read().rsplit(")", 1)[1].split()[11:15]]
        tck = os.sysconf("SC_CLK_TCK")
        return (fields[0] + fields[1]) / tck, (fields[2] + fields[3]) / tck

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


def run_crawl(a, ff, config, actors, out, latency):
    """One crawl; the figures of the run as a dict."""
    ff.control("/_control/reset", {})
    if latency > 0:
        ff.control("/_control/faults", [{"kind": "slow", "arg": latency}])
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_TOKEN", "GITLAB_TOKEN")
           and not k.startswith("INVENTAIRE_TOKEN_")}
    cmd = [a.inventaire, "crawl", "--config", config, "--actors", actors,
           "--out", out, "--jobs", str(a.jobs), "--probe-jobs", str(a.probe_jobs),
           "--quiet"]
    cpu0 = ff.cpu_seconds()
    t0 = time.perf_counter()
    with open(os.path.join(out + ".stderr"), "wb") as err:
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    cpu1 = ff.cpu_seconds()
    python_cpu, git_cpu = cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]
    if p.returncode != 0:
        with open(out + ".stderr", encoding="utf-8", errors="replace") as f:
            sys.exit("crawl exited %d:\n%s" % (p.returncode, f.read()[-4000:]))
    log = ff.log()
    with open(os.path.join(out, "crawl.json"), encoding="utf-8") as f:
        cov = json.load(f)
    api = [l for l in log if not l["path"].startswith("/git/")]
    git = [l for l in log if l["path"].startswith("/git/")]
    # The fake forge tags each git request with its command and the pack
    # bytes it sent: an ls-refs (is the tip still there?) is not a fetch.
    packs = [l for l in git if l.get("git") == "fetch" or l.get("pack")]
    # Pages of one listing follow one another; the owner request runs beside.
    chain = max((x["requests"] - 1 for x in cov["accounts"]), default=0)
    floor_api = max(len(api) / a.jobs, chain) * latency
    floor_git = len(git) / a.probe_jobs * latency
    return {
        "repos": cov["totals"]["repositories"],
        "checked": cov["totals"]["checked"],
        "unchanged": cov["totals"]["unchanged"],
        "api": len(api), "api_reported": cov["totals"]["requests"],
        "git": len(git), "packs": len(packs),
        "pack_bytes": sum(l.get("pack") or 0 for l in packs),
        "chain": chain, "floor_api": floor_api, "floor_git": floor_git,
        "floor": floor_api + floor_git, "wall": wall,
        "rss_mb": ru.ru_maxrss / 1024.0,
        "cpu": ru.ru_utime + ru.ru_stime, "server_cpu": python_cpu + git_cpu,
        "python_cpu": python_cpu, "git_cpu": git_cpu,
    }


def report(title, r, a, latency):
    print("\n== %s" % title)
    print("repositories        %d (checked %d, unchanged %d)"
          % (r["repos"], r["checked"], r["unchanged"]))
    print("requests            %d API (crawl.json says %d), %d git "
          "(%d pack fetches, %.1f MB of pack data)"
          % (r["api"], r["api_reported"], r["git"], r["packs"],
             r["pack_bytes"] / 1e6))
    print("concurrency         --jobs %d (API, per host), --probe-jobs %d (git)"
          % (a.jobs, a.probe_jobs))
    print("latency             %.0f ms per request" % (latency * 1000))
    if latency > 0:
        print("floor               %.2f s = listing %.2f s (max(%d/%d, chain %d) x %.3f)"
              " + probing %.2f s (%d/%d x %.3f)"
              % (r["floor"], r["floor_api"], r["api"], a.jobs, r["chain"], latency,
                 r["floor_git"], r["git"], a.probe_jobs, latency))
    print("wall time           %.2f s" % r["wall"])
    if latency > 0 and r["floor"] > 0:
        print("ratio to the floor  %.2fx (target: 1.5x)" % (r["wall"] / r["floor"]))
    print("peak memory         %.1f MB RSS (target: 200 MB)" % r["rss_mb"])
    ncpu = os.cpu_count() or 1
    print("CPU                 crawler %.1f s; fake forge %.1f s = Python %.1f s"
          " + git processes %.1f s (%.1f ms per request)"
          % (r["cpu"], r["server_cpu"], r["python_cpu"], r["git_cpu"],
             1000 * r["server_cpu"] / max(1, r["api"] + r["git"])))
    print("                    %d CPUs %.0f%% busy over the wall time; the Python "
          "server (one GIL) %.0f%% of one CPU"
          % (ncpu, 100 * (r["cpu"] + r["server_cpu"]) / (r["wall"] * ncpu),
             100 * r["python_cpu"] / r["wall"]))
    # The test server's CPU alone, spread over every CPU of the machine:
    # no crawler can finish sooner on this machine with this server.
    server_floor = r["server_cpu"] / ncpu
    bound = max(r["floor"], server_floor)
    print("server-bound floor  %.2f s (fake forge CPU / %d CPUs); wall / max(floor, "
          "that) = %.2fx" % (server_floor, ncpu, r["wall"] / bound if bound else 0))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inventaire", nargs="?",
                    default=os.environ.get("INVENTAIRE", "build/inventaire"))
    ap.add_argument("--repos", type=int, default=2000)
    ap.add_argument("--latency", type=float, default=0.05, help="seconds (0.05)")
    ap.add_argument("--jobs", type=int, default=16)
    ap.add_argument("--probe-jobs", type=int, default=32)
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the crawl without latency")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = ap.parse_args()
    a.inventaire = os.path.abspath(a.inventaire)

    tmp = tempfile.mkdtemp(prefix="inventaire-bench-crawl-")
    ff = None
    try:
        t = time.perf_counter()
        git_root = os.path.join(tmp, "git")
        fixture = {"accounts": []}
        names = []
        kinds = list(FORGES)
        for k, kind in enumerate(kinds):
            owner, typ, _, _, _ = FORGES[kind]
            n = a.repos // len(kinds) + (1 if k < a.repos % len(kinds) else 0)
            repos = []
            for i in range(n):
                name = "%s-%04d" % (kind, i)
                names.append("%s/%s" % (kind, name))
                repos.append({"name": name, "default_branch": "main",
                              "clone_url": "{git}/%s/%s.git" % (kind, name)})
            fixture["accounts"].append({"kind": kind, "owner": owner, "type": typ,
                                        "repos": repos})
        make_repositories(git_root, names)
        fixture_path = os.path.join(tmp, "fixture.json")
        with open(fixture_path, "w", encoding="utf-8") as f:
            json.dump(fixture, f)
        print("fixture: %d repositories over %d forges, built in %.1f s"
              % (len(names), len(kinds), time.perf_counter() - t))

        ff = FakeForge("--fixture", fixture_path, "--git-root", git_root)
        config = os.path.join(tmp, "accounts.yml")
        with open(config, "w", encoding="utf-8") as f:
            for kind, (owner, _, host, forge, api) in FORGES.items():
                f.write("%s:\n  forge: %s\n  api_url: %s%s\n  owners:\n    %s:\n"
                        "      pso_id: %s\n" % (host, forge, ff.base, api, owner, PSO))
        actors = os.path.join(tmp, "actors.yml")
        with open(actors, "w", encoding="utf-8") as f:
            f.write("%s:\n  name: DREES\n  acronym: DREES\n"
                    "  ministry: Ministère de la Santé\n" % PSO)

        out = os.path.join(tmp, "out")
        first = run_crawl(a, ff, config, actors, out, a.latency)
        report("first crawl (list, fetch and check everything)", first, a, a.latency)
        second = run_crawl(a, ff, config, actors, out, a.latency)
        report("second crawl, nothing changed", second, a, a.latency)
        if second["packs"]:
            print("FAIL: the unchanged crawl fetched %d packs" % second["packs"])
        if not a.no_baseline:
            base = run_crawl(a, ff, config, actors, os.path.join(tmp, "out0"), 0)
            report("first crawl again with no latency (this machine and test "
                   "server's own limit)", base, a, 0)
        ncpu = os.cpu_count() or 1
        if first["server_cpu"] / ncpu > first["floor"]:
            print("\nThe first crawl is bound by the test server, not by latency: its "
                  "CPU alone (%.1f s\nover %d CPUs) exceeds the latency floor "
                  "(%.2f s). Lower --probe-jobs (e.g. 8)\nto compare the "
                  "crawler with the latency floor, or run on more CPUs."
                  % (first["server_cpu"], ncpu, first["floor"]))
        return 1 if second["packs"] else 0
    finally:
        if ff:
            ff.stop()
        if a.keep:
            print("kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
