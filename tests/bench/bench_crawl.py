#!/usr/bin/env python3
"""Benchmark: `inventaire crawl` of a list shaped like code.gouv.fr's national
one, on the fake forge with 50 ms of latency injected in every request.

The list: about 400 accounts on 5 forge kinds, as the national
comptes-organismes-publics.yml has them (250 GitHub organizations, 50
GitLab groups, 86 whole GitLab forges, a few Forgejo, Bitbucket and
SourceHut accounts); at --repos 20000, a GitHub organization, a GitLab group
and a whole forge hold 2,000 repositories each and the others a few to a
few dozen; smaller --repos scale every account down.

The repositories are 60 distinct ones (each a commit of its own with a
licence, a README, a publiccode.yml... or not), each served under many
names (symlinks), and the fake forge answers a git request it has seen for
the same repository from memory (--git-cache): the crawler does all of its
work for every name, the test server little. Without that, git
http-backend's processes took 70 of the 88 CPU seconds of a 2,000-repository
crawl, on a machine of 2 CPUs.

It runs, on one output folder, with the clock faked (INVENTAIRE_NOW):
  1. a first crawl: list, fetch and check everything;
  2. an unchanged crawl an hour later: the listings only, no git request;
  3. a crawl where 5% of the repositories moved (a new commit, and the
     listing's date with it): their pack bytes against the floor of what
     the checks read that the cache does not have;
  4. the next night's crawl: a seventh of the repositories asked for their
     tip (the weekly verification, crawler/crawl/crawl_fresh.c).
For each: the requests the fake forge saw (API and git apart), the floor,
the wall time and its ratio to the floor, where it goes (the crawler's own
work before the first request and after the last; git requests in flight
while probing), the crawler's peak memory (RSS)
and the CPU seconds of the crawler and of the fake forge; and what one
GitHub token (5,000 requests an hour) lets a crawl of this shape cover.

The floor of a crawl: the listings' requests over --jobs (per host: the
fake forge is one host for every forge) or their longest chain of pages,
plus the git requests over --probe-jobs, times the latency.

--curve 2000,5000,10000,20000 runs instead a first and an unchanged crawl
at each size, and prints the peak memory of each (no latency: memory does
not depend on it).

With --offline, it only times a crawl of the embedded accounts list with
no network at all (every proxy variable points at a closed port, so no
forge answers whatever the machine can reach): the wall time, exit code
and peak RSS of what an operator sees when the network is down.

usage: bench_crawl.py [INVENTAIRE] [--repos N] [--latency S] [--jobs N]
                      [--probe-jobs N] [--curve N,N...] [--keep] [--offline]
"""
import argparse
import calendar
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
FAKEFORGE = os.path.join(TESTS, "fakeforge", "fakeforge.py")
MIT_PATH = os.path.join(TESTS, "..", "data", "licences", "texts", "MIT.txt")
GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@b",
               GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@b",
               GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")
TEMPLATES = 60
PSO = "929f8575-51b3-4977-8dcb-147b756de677"
DATE = "2024-05-01T00:00:00Z"        # every listing's last push, at first
T0 = calendar.timegm((2030, 1, 15, 2, 0, 0))
HOUR, DAY = 3600, 86400
GITHUB_RATE = 5000                   # requests (REST) or points (GraphQL) an hour


def stamp(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


# -- the list ---------------------------------------------------------------

def shape(total):
    """The accounts, as (kind, owner, type, instance, repositories), summing
    to TOTAL: the national list's counts per kind, 2,000-repository accounts
    scaled to TOTAL / 20,000, the rest shared out by fixed weights."""
    s = total / 20000.0
    big = max(1, round(2000 * s))
    accounts = [("github", "gh-big-%d" % i, "org", None, big) for i in range(2)]
    accounts.append(("gitlab", "gl-big", "group", None, big))
    accounts.append(("gitlab", "grp-big", "group", "big", big))
    small = [("github", "gh-%03d" % i, "org", None) for i in range(248)]
    small += [("gitlab", "gl-%02d" % i, "group", None) for i in range(49)]
    small += [("gitlab", "grp-%02d" % i, "group", "f%02d" % i) for i in range(85)]
    small += [("gitea", "fj-%d" % i, "org", None) for i in range(8)]
    small += [("bitbucket", "bb-%d" % i, "org", None) for i in range(4)]
    small += [("sourcehut", "sh-%d" % i, "user", None) for i in range(3)]
    weights = []
    for i, (kind, _, _, _) in enumerate(small):
        w = 1 + (i * 37) % 40                      # 1 to 40
        weights.append(w * {"gitea": 5, "bitbucket": 4}.get(kind, 1))
    left = max(len(small), total - 4 * big)
    sizes = [max(1, int(left * w / sum(weights))) for w in weights]
    i = 0
    while sum(sizes) < left:                     # the rounding's remainder
        sizes[i % len(sizes)] += 1
        i += 7
    return accounts + [a + (n,) for a, n in zip(small, sizes)]


def plant(i):
    """Which files template I holds (marks of the shared blobs)."""
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


def make_templates(root):
    """TEMPLATES repositories in _t/v1, and their next commit (a new README)
    in _t/v2: what a push to one of them looks like."""
    with open(MIT_PATH, encoding="utf-8") as f:
        mit = "Copyright (c) 2024 Ministère de la Santé\n\n" + f.read()
    blobs = [mit, "# Outil\n\nCet outil publie les données de santé chaque semaine.\n",
             "publiccodeYmlVersion: '0.4'\nname: [broken\n",
             "Ouvrez un ticket.\n", "int main(void) { return 0; }\n",
             "# Outil\n\nCet outil publie les données de santé chaque jour.\n"]
    shared = os.path.join(root, "_t", "objects.git")
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", shared], check=True,
                   env=GIT_ENV)
    out = []
    for mark, text in enumerate(blobs, 1):
        data = text.encode()
        out += [b"blob", b"mark :%d" % mark, b"data %d" % len(data), data]
    for i in range(TEMPLATES):
        for v in (1, 2):
            files = plant(i)
            if v == 2:
                files["README.md"] = ":6"
            msg = ("template %d v%d" % (i, v)).encode()
            out += [b"commit refs/heads/v%d-%02d" % (v, i),
                    b"mark :%d" % (1000 * v + i),
                    b"committer b <b@b> %d +0000" % (1700000000 + i + v),
                    b"data %d" % len(msg), msg]
            if v == 2:
                out.append(b"from :%d" % (1000 + i))
            out += [("M 100644 %s %s" % (m, p)).encode() for p, m in sorted(files.items())]
    subprocess.run(["git", "fast-import", "--quiet"], cwd=shared,
                   input=b"\n".join(out) + b"\n", check=True, env=GIT_ENV)
    refs = subprocess.run(["git", "for-each-ref", "--format=%(refname) %(objectname)"],
                          cwd=shared, check=True, env=GIT_ENV,
                          capture_output=True).stdout.decode().split("\n")
    tips = dict(l.split() for l in refs if l)
    objects = os.path.join(os.path.abspath(shared), "objects")
    for i in range(TEMPLATES):
        for v in (1, 2):
            repo = os.path.join(root, "_t", "v%d" % v, "t%02d.git" % i)
            for d in ("objects/info", "objects/pack", "refs/heads", "refs/tags"):
                os.makedirs(os.path.join(repo, d))
            for rel, text in {"HEAD": "ref: refs/heads/main\n",
                              "config": "[core]\n\trepositoryformatversion = 0\n"
                                        "\tbare = true\n",
                              "objects/info/alternates": objects + "\n",
                              "refs/heads/main": tips["refs/heads/v%d-%02d" % (v, i)]
                              + "\n"}.items():
                with open(os.path.join(repo, rel), "w", encoding="utf-8") as f:
                    f.write(text)
    return shared


def point(root, rel, version, template):
    """GIT_ROOT/REL.git (a repository's name) serves the template."""
    link = os.path.join(root, rel + ".git")
    target = os.path.relpath(os.path.join(root, "_t", "v%d" % version,
                                          "t%02d.git" % template),
                             os.path.dirname(link))
    os.makedirs(os.path.dirname(link), exist_ok=True)
    tmp = link + ".new"
    os.symlink(target, tmp)
    os.replace(tmp, link)


def make_fixture(tmp, total):
    """The fixture, the git folder and the list of repositories, as
    (kind, owner, name, git path, template)."""
    git_root = os.path.join(tmp, "git")
    make_templates(git_root)
    fixture = {"accounts": []}
    repos = []
    n = 0
    for kind, owner, typ, inst, count in shape(total):
        rs = []
        for j in range(count):
            name = "%s-%04d" % (owner, j)
            rel = "%s/%s/%s" % (kind, owner, name)
            t = n % TEMPLATES
            point(git_root, rel, 1, t)
            # The clone URL is the web URL and ".git", as on GitHub (whose
            # GraphQL API gives only the web URL).
            rs.append({"name": name, "default_branch": "main", "pushed_at": DATE,
                       "updated_at": DATE, "clone_url": "{git}/%s.git" % rel,
                       "html_url": "{git}/%s" % rel})
            repos.append((kind, owner, name, rel, t))
            n += 1
        a = {"kind": kind, "owner": owner, "type": typ, "repos": rs}
        if inst:
            a["instance"] = inst
        fixture["accounts"].append(a)
    path = os.path.join(tmp, "fixture.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fixture, f)
    return path, git_root, repos


def write_config(tmp, base, accounts):
    hosts = {"github": ("github.com", "github", "/github"),
             "gitlab": ("gitlab.com", "gitlab", "/gitlab/api/v4"),
             "gitea": ("codeberg.org", "forgejo", "/forgejo/api/v1"),
             "bitbucket": ("bitbucket.org", "bitbucket", "/bitbucket/2.0"),
             "sourcehut": ("git.sr.ht", "sourcehut", "/sourcehut")}
    lines = []
    for kind, (host, forge, api) in hosts.items():
        owners = [o for k, o, _, inst, _ in accounts if k == kind and not inst]
        # allow_http: the fake forge and its git answers are plain http on
        # loopback (the accounts file's opt-in, config/accounts.c).
        lines.append("%s:\n  forge: %s\n  api_url: %s%s\n  allow_http: true\n  owners:"
                     % (host, forge, base, api))
        lines += ["    %s:\n      pso_id: %s" % (o, PSO) for o in owners]
    for _, _, _, inst, _ in accounts:
        if inst:
            lines.append("gitlab.%s.example.org:\n  forge: gitlab\n"
                         "  api_url: %s/i/%s/gitlab/api/v4\n  allow_http: true"
                         % (inst, base, inst))
    config = os.path.join(tmp, "accounts.yml")
    with open(config, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    actors = os.path.join(tmp, "actors.yml")
    with open(actors, "w", encoding="utf-8") as f:
        f.write("%s:\n  name: DREES\n  acronym: DREES\n"
                "  ministry: Ministère de la Santé\n" % PSO)
    return config, actors


# -- the fake forge and one crawl -------------------------------------------

class FakeForge:
    def __init__(self, *args):
        self.proc = subprocess.Popen([sys.executable, FAKEFORGE, "--timeout", "7200",
                                      *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        if len(line) != 5 or line[0] != "fakeforge":
            self.stop()
            sys.exit("the fake forge did not start: %r" % line)
        self.base = "http://127.0.0.1:%s" % line[2]

    def control(self, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        with urllib.request.urlopen(self.base + path, data=data, timeout=300) as r:
            return r.read().decode()

    def log(self):
        return [json.loads(l) for l in self.control("/_control/log").splitlines() if l]

    def cpu_seconds(self):
        """The server's own CPU and its git processes' (/proc/PID/stat)."""
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


def run_offline(a, tmp):
    """A crawl of the embedded list, every host unreachable: its figures."""
    dead = "http://127.0.0.1:9"
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_TOKEN", "GITLAB_TOKEN", "NO_PROXY", "no_proxy")
           and not k.startswith("INVENTAIRE_TOKEN_")}
    env.update(http_proxy=dead, https_proxy=dead, HTTPS_PROXY=dead, ALL_PROXY=dead)
    t0 = time.perf_counter()
    p = subprocess.Popen([a.inventaire, "crawl", "--out", os.path.join(tmp, "offline"),
                          "--quiet"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    print("crawl of the embedded list with no network: %.1f s, exit %d, "
          "peak memory %.1f MB RSS" % (time.perf_counter() - t0,
                                       os.waitstatus_to_exitcode(status),
                                       ru.ru_maxrss / 1024))


def run_crawl(a, ff, config, actors, out, latency, when):
    """One crawl at time WHEN; its figures as a dict."""
    ff.control("/_control/reset", {})
    if latency > 0:
        ff.control("/_control/faults", [{"kind": "slow", "arg": latency}])
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_TOKEN", "GITLAB_TOKEN")
           and not k.startswith("INVENTAIRE_TOKEN_")}
    # Every API is the fake forge's, on 127.0.0.1: a token goes there only
    # under that host's own variable (crawler/net/token_scope.h). SourceHut
    # needs one; GitHub lists through GraphQL with one.
    env.update(INVENTAIRE_NOW=stamp(when),
               INVENTAIRE_TOKEN_127_0_0_1=a.token or "bench")
    # Nothing but the fake forge is reached: every other host (git.sr.ht,
    # below) goes to a closed port and fails at once. Through the
    # machine's resolver instead, its lookups failed after 5 s each on a
    # machine with no network, 32 probes at a time: 10 s of a crawl where
    # no probe ran (the fake forge's log, bench figures of 2026-11-30).
    dead = "http://127.0.0.1:9"
    env.update(http_proxy=dead, https_proxy=dead, HTTPS_PROXY=dead,
               ALL_PROXY=dead, no_proxy="127.0.0.1", NO_PROXY="127.0.0.1")
    cmd = [a.inventaire, "crawl", "--config", config, "--actors", actors,
           "--out", out, "--jobs", str(a.jobs), "--probe-jobs", str(a.probe_jobs),
           "--quiet"]
    cpu0 = ff.cpu_seconds()
    m0 = time.monotonic()
    t0 = time.perf_counter()
    with open(out + ".stderr", "wb") as err:
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    m1 = time.monotonic()
    load = os.getloadavg()[0]
    cpu1 = ff.cpu_seconds()
    code = os.waitstatus_to_exitcode(status)
    with open(out + ".stderr", encoding="utf-8", errors="replace") as f:
        err = f.read()
    # SourceHut's clone URLs are git.sr.ht's own (its API gives none, so
    # forges/sourcehut.c builds them), which no bench reaches: those
    # repositories cannot be fetched, a partial night (exit 3). Any other
    # failure stops the bench.
    errors = [l for l in err.splitlines() if l.startswith("inventaire: error:")]
    if code != 0 and not (code == 3 and errors and all(
            l.startswith("inventaire: error: git.sr.ht/") for l in errors)):
        sys.exit("crawl exited %d:\n%s" % (code, err[-4000:]))
    log = ff.log()
    with open(os.path.join(out, "crawl.json"), encoding="utf-8") as f:
        cov = json.load(f)
    api = [l for l in log if not l["path"].startswith("/git/")]
    git = [l for l in log if l["path"].startswith("/git/")]
    chain = max((x["requests"] - 1 for x in cov["accounts"]), default=0)
    floor_api = max(len(api) / a.jobs, chain) * latency
    floor_git = len(git) / a.probe_jobs * latency
    # Where the wall time goes, from the fake forge's times (t0, t1: the
    # same monotonic clock as ours): the crawler's own work before the
    # first request and after the last (the state, the outputs), and how
    # many git requests were in flight on average while probing.
    before = min(l["t0"] for l in log) - m0 if log else 0.0
    after = m1 - max(l["t1"] for l in log) if log else 0.0
    gspan = (max(l["t1"] for l in git) - min(l["t0"] for l in git)) if git else 0.0
    inflight = sum(l["t1"] - l["t0"] for l in git) / gspan if gspan > 0 else 0.0
    gh_rest = [l for l in api if l["path"].startswith("/github/")
               and l["path"] != "/github/graphql" and l["status"] != 304]
    return {
        "totals": cov["totals"], "api": len(api), "git": len(git), "log": log,
        "ls_refs": sum(1 for l in git if l.get("git") == "ls-refs"),
        "fetches": sum(1 for l in git if l.get("git") == "fetch"),
        "pack_bytes": sum(l.get("pack") or 0 for l in git),
        "not_modified": sum(1 for l in api if l["status"] == 304),
        "gh_rest": len(gh_rest),
        "gh_points": sum(l.get("cost") or 0 for l in api
                         if l["path"] == "/github/graphql"),
        "gh_graphql": sum(1 for l in api if l["path"] == "/github/graphql"),
        "chain": chain, "floor_api": floor_api, "floor_git": floor_git,
        "floor": floor_api + floor_git, "wall": wall,
        "before": before, "after": after, "inflight": inflight,
        "rss_mb": ru.ru_maxrss / 1024.0, "cpu": ru.ru_utime + ru.ru_stime,
        "server_cpu": (cpu1[0] - cpu0[0]) + (cpu1[1] - cpu0[1]),
        "git_cpu": cpu1[1] - cpu0[1], "load": load,
    }


def report(title, r, a, latency, n):
    t = r["totals"]
    print("\n== %s" % title)
    print("repositories        %d (checked %d, unchanged %d, of which %d with no git"
          " request)" % (t["repositories"], t["checked"], t["unchanged"],
                         t.get("trusted", 0)))
    print("requests            %d API (%d answered 304), %d git (%d ls-refs, %d "
          "fetches, %.1f MB of packs): %.2f per 100 repositories"
          % (r["api"], r["not_modified"], r["git"], r["ls_refs"], r["fetches"],
             r["pack_bytes"] / 1e6, 100.0 * (r["api"] + r["git"]) / max(1, n)))
    if latency > 0:
        print("floor               %.2f s = listing %.2f s (max(%d/%d, chain %d) x %.3f)"
              " + probing %.2f s (%d/%d x %.3f)"
              % (r["floor"], r["floor_api"], r["api"], a.jobs, r["chain"], latency,
                 r["floor_git"], r["git"], a.probe_jobs, latency))
    print("wall time           %.2f s%s" % (r["wall"], " = %.2fx the floor" % (
        r["wall"] / r["floor"]) if latency > 0 and r["floor"] > 0 else ""))
    print("outside requests    %.2f s before the first request, %.2f s after the last"
          " (the crawler's own work: the state, the outputs)" % (r["before"], r["after"]))
    if r["git"]:
        print("git in flight       %.1f on average while probing (--probe-jobs %d)"
              % (r["inflight"], a.probe_jobs))
    print("peak memory         %.1f MB RSS" % r["rss_mb"])
    ncpu = os.cpu_count() or 1
    server_floor = r["server_cpu"] / ncpu
    print("CPU                 crawler %.1f s; fake forge %.1f s (git processes "
          "%.1f s); the fake forge's CPU over %d CPUs alone is %.2f s"
          % (r["cpu"], r["server_cpu"], r["git_cpu"], ncpu, server_floor))
    if latency > 0 and server_floor > r["floor"]:
        print("                    the test server, not the latency, sets the pace:"
              " wall / its CPU floor = %.2fx" % (r["wall"] / server_floor))
    # Both programs' CPU over the CPUs: when it is above the floor, the
    # machine, not the latency, sets the pace.
    cpu_floor = (r["cpu"] + r["server_cpu"]) / ncpu
    print("                    both over %d CPUs: %.2f s%s" % (
        ncpu, cpu_floor, " = %.2fx the floor" % (cpu_floor / r["floor"])
        if latency > 0 and r["floor"] > 0 else ""))
    print("load average        %.1f at the end of the crawl (other programs on "
          "the machine slow it)" % r["load"])


def rate(title, r, n):
    """Repositories one GitHub token covers in an hour, at this crawl's
    cost per GitHub repository (REST requests, 304s excluded, and GraphQL
    points each have 5,000 an hour)."""
    gh = r["gh_repos"]
    if not gh:
        return
    per = max(r["gh_rest"], r["gh_points"])
    print("%-19s %d REST requests (304s are free) and %d GraphQL points (%d queries)"
          " for %d GitHub repositories: %s repositories an hour with one token"
          % (title, r["gh_rest"], r["gh_points"], r["gh_graphql"], gh,
             "{:,}".format(int(gh * GITHUB_RATE / per)) if per else "no limit"))


def floor_changed(shared, changed):
    """What the checks read of each changed repository that its cache does
    not have: the new commit, its root tree and the new README (zlib size
    plus the pack entry header), summed."""
    total = 0
    for t in changed:
        specs = ["refs/heads/v2-%02d" % t, "refs/heads/v2-%02d^{tree}" % t]
        if "README.md" in plant(t):
            specs.append("refs/heads/v2-%02d:README.md" % t)
        out = subprocess.run(["git", "--git-dir", shared, "cat-file", "--batch"],
                             input="\n".join(specs).encode() + b"\n",
                             capture_output=True, check=True).stdout
        i = 0
        while i < len(out):
            nl = out.index(b"\n", i)
            size = int(out[i:nl].split()[2])
            i = nl + 1
            hdr, s = 1, size >> 4
            while s:
                hdr, s = hdr + 1, s >> 7
            total += len(zlib.compress(out[i:i + size])) + hdr
            i += size + 1
    return total


def one_size(a, total, latency, full):
    tmp = tempfile.mkdtemp(prefix="inventaire-bench-crawl-")
    ff = None
    try:
        t = time.perf_counter()
        fixture, git_root, repos = make_fixture(tmp, total)
        accounts = shape(total)
        print("\nfixture: %d repositories, %d accounts, built in %.1f s"
              % (len(repos), len(accounts), time.perf_counter() - t))
        ff = FakeForge("--fixture", fixture, "--git-root", git_root, "--git-cache")
        config, actors = write_config(tmp, ff.base, accounts)
        out = os.path.join(tmp, "out")
        gh = sum(1 for r in repos if r[0] == "github")
        first = run_crawl(a, ff, config, actors, out, latency, T0)
        first["gh_repos"] = gh
        report("first crawl (list, fetch and check everything)", first, a, latency, total)
        again = run_crawl(a, ff, config, actors, out, latency, T0 + HOUR)
        again["gh_repos"] = gh
        report("unchanged, an hour later", again, a, latency, total)
        if not full:
            return first, again
        # 5% move: a new commit, and the listing's date with it.
        moved = repos[::20]
        changes = []
        for kind, owner, name, rel, tpl in moved:
            point(git_root, rel, 2, tpl)
            changes.append({"kind": kind, "owner": owner, "name": name,
                            "set": {"pushed_at": stamp(T0 + HOUR + 60),
                                    "updated_at": stamp(T0 + HOUR + 60)}})
        ff.control("/_control/repos", changes)
        changed = run_crawl(a, ff, config, actors, out, latency, T0 + 4 * HOUR)
        report("5%% of the repositories moved (%d)" % len(moved), changed, a, latency,
               total)
        fl = floor_changed(os.path.join(git_root, "_t", "objects.git"),
                           [r[4] for r in moved])
        print("pack bytes          %d for the %d moved repositories; floor %d: %.2fx"
              % (changed["pack_bytes"], len(moved), fl, changed["pack_bytes"] / fl))
        night = run_crawl(a, ff, config, actors, out, latency, T0 + DAY)
        night["gh_repos"] = gh
        report("the next night (the weekly verification of a seventh)", night, a,
               latency, total)
        print("\n== one GitHub token (%d requests an hour)" % GITHUB_RATE)
        rate("first crawl", first, total)
        rate("unchanged crawl", again, total)
        rate("nightly crawl", night, total)
        return first, again
    finally:
        if ff:
            ff.stop()
        if a.keep:
            print("kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inventaire", nargs="?",
                    default=os.environ.get("INVENTAIRE", "build/inventaire"))
    ap.add_argument("--repos", type=int, default=2000)
    ap.add_argument("--latency", type=float, default=0.05, help="seconds (0.05)")
    ap.add_argument("--jobs", type=int, default=16)
    ap.add_argument("--probe-jobs", type=int, default=32)
    ap.add_argument("--token", default="bench-token",
                    help="the token the fake forge's APIs get (all on 127.0.0.1, so "
                         "GitHub lists through GraphQL)")
    ap.add_argument("--curve", help="sizes: first and unchanged crawls only, no "
                                    "latency, for the memory curve")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folders")
    ap.add_argument("--offline", action="store_true",
                    help="only the crawl of the embedded list with no network")
    a = ap.parse_args()
    a.inventaire = os.path.abspath(a.inventaire)
    if a.offline:
        tmp = tempfile.mkdtemp(prefix="inventaire-bench-crawl-")
        try:
            run_offline(a, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return 0
    if a.curve:
        rows = []
        for n in [int(x) for x in a.curve.split(",")]:
            first, again = one_size(a, n, 0, False)
            rows.append((n, first["rss_mb"], again["rss_mb"], first["wall"], again["wall"]))
        print("\n== peak memory (RSS) against repositories")
        print("%12s %14s %14s %10s %10s" % ("repositories", "first crawl", "unchanged",
                                             "first s", "unch. s"))
        for n, f, u, wf, wu in rows:
            print("%12d %11.1f MB %11.1f MB %10.1f %10.1f" % (n, f, u, wf, wu))
        return 0
    one_size(a, a.repos, a.latency, True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
