#!/usr/bin/env python3
"""Make tests/feeds/state-0.1.0/: the state and feeds a crawl leaves, for
tests/test_record_json.c ("an inventory written by an earlier version
still loads, and gives the same feeds").

    INVENTAIRE=/path/to/inventaire python3 tests/feeds/make_state_fixture.py DIR

It crawls the fake forge (tests/fakeforge/) twice: once with every host up,
then with Bitbucket down and one repository gone from the git server, so
that the state holds fresh, stale and failed-probe records (one never
checked), owners with and without the forge's metadata, and a whole-forge
account. DIR receives
inventory.json (state/inventory.json after the second run) and the feed
files of that run. state-0.1.0/inventory.json was made this way by
inventaire 0.1.0 as of commit 1ce743e, before the records were typed.

    FEED_FIXTURE_WRITER=build/tests/feed_fixture_writer \
        python3 tests/feeds/make_state_fixture.py --feeds-only DIR

writes into DIR the feed files this version makes from DIR/inventory.json:
the feeds beside state-0.1.0's inventory are those (test_record_json.c
checks them byte for byte), so that a change of the feeds shows file by
file."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
from harness import GIT_ENV, INVENTAIRE, FakeForge, clean_env  # noqa: E402
import json  # noqa: E402

FEEDS = ["codegouvfr-repositories.json", "codegouvfr-repositories.csv",
         "codegouvfr-organizations.json", "codegouvfr-organizations.csv",
         "repos_preprod.json", "owners.json"]

MIT = ("MIT License\n\nCopyright (c) 2024 DREES\n\n" + open(os.path.join(
    HERE, "..", "..", "data", "licences", "texts", "MIT.txt"),
    encoding="utf-8").read())
README = "# Outil\n\nCet outil publie les données de santé de la DREES chaque semaine.\n"
FILES = [
    {"LICENSE": MIT, "README.md": README, "CONTRIBUTING.md": "Ouvrez un ticket.\n",
     "CHANGELOG.md": "# 1.0\n", "publiccode.yml":
     "publiccodeYmlVersion: '0.4'\nname: [broken\n"},
    {"README.md": README},
    {"LICENCE.txt": MIT},
]


def bare(path, files):
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", path],
                   check=True, env=GIT_ENV)
    lines = ["commit refs/heads/main", "committer t <t@t> 1700000000 +0000",
             "data 4", "init"]
    for name, text in files.items():
        data = text.encode()
        lines += ["M 100644 inline %s" % name, "data %d" % len(data), text]
    subprocess.run(["git", "-C", path, "fast-import", "--quiet"],
                   input="\n".join(lines).encode() + b"\n", check=True,
                   env=GIT_ENV)


def main(dest):
    tmp = tempfile.mkdtemp(prefix="inventaire-state-fixture-")
    git = os.path.join(tmp, "git")
    accounts = []
    for kind, owner, typ, names in (
            ("github", "SocialGouv", "org", ["Outil-B", "alpha", "zeta", "ghost"]),
            ("gitlab", "drees", "group", ["etudes", "Panorama"]),
            ("bitbucket", "cnam", "org", ["ameli", "sniiram"])):
        repos = []
        for i, name in enumerate(names):
            repos.append({"name": name, "clone_url": "{git}/%s/%s.git" % (kind, name),
                          "description": "Dépôt %s" % name if i != 1 else None,
                          "fork": i == 2, "forks": 12 * i,
                          "license": "MIT" if i != 1 else None})
            if name != "ghost":  # never fetched: never checked
                bare(os.path.join(git, kind, name + ".git"), FILES[i % len(FILES)])
        accounts.append({"kind": kind, "owner": owner, "type": typ, "repos": repos})
    fixture = os.path.join(tmp, "fixture.json")
    with open(fixture, "w") as f:
        json.dump({"accounts": accounts}, f)
    ff = FakeForge("--fixture", fixture, "--git-root", git)
    config = os.path.join(tmp, "accounts.yml")
    with open(config, "w") as f:
        for host, kind, api, owner in (
                ("github.com", "github", "/github", "socialgouv"),
                ("gitlab.com", "gitlab", "/gitlab/api/v4", "drees"),
                ("bitbucket.org", "bitbucket", "/bitbucket/2.0", "cnam")):
            f.write("%s:\n  forge: %s\n  api_url: %s%s\n  owners:\n    %s:\n"
                    "      pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n"
                    % (host, kind, ff.base, api, owner))
        f.write("git.example.fr:\n  forge: gitlab\n  api_url: %s/gitlab/api/v4\n"
                "  pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n" % ff.base)
    actors = os.path.join(tmp, "actors.yml")
    with open(actors, "w") as f:
        f.write("929f8575-51b3-4977-8dcb-147b756de677:\n  name: DREES\n"
                "  acronym: DREES\n  ministry: Ministère de la Santé\n")
    out = os.path.join(tmp, "out")
    cmd = [INVENTAIRE, "crawl", "--config", config, "--actors", actors,
           "--out", out, "--max-time", "3"]
    try:
        subprocess.run(cmd, check=True, env=clean_env(), capture_output=True)
        ff.faults([{"kind": "status", "arg": 503, "path": "^/bitbucket/"}])
        shutil.rmtree(os.path.join(git, "github", "zeta.git"))
        p = subprocess.run(cmd, env=clean_env(), capture_output=True)
        assert p.returncode == 3, p.stderr
        os.makedirs(dest, exist_ok=True)
        shutil.copy(os.path.join(out, "state", "inventory.json"), dest)
        for name in FEEDS:
            shutil.copy(os.path.join(out, name), dest)
    finally:
        ff.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def feeds_only(dest):
    """The feeds of DEST/inventory.json, written by this version."""
    with open(os.path.join(dest, "inventory.json"), encoding="utf-8") as f:
        inv = json.load(f)
    tmp = tempfile.mkdtemp(prefix="inventaire-state-feeds-")
    try:
        records = os.path.join(tmp, "records.json")
        with open(records, "w", encoding="utf-8") as f:
            json.dump({"repositories": inv["repos"], "owners": inv["owners"],
                       "accounts": []}, f)
        subprocess.run([os.environ.get("FEED_FIXTURE_WRITER", "feed_fixture_writer"),
                        records, tmp], check=True)
        for name in FEEDS:
            shutil.copy(os.path.join(tmp, name), dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--feeds-only"]:
        feeds_only(sys.argv[2])
    else:
        main(sys.argv[1])
