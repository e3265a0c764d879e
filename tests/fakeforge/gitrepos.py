#!/usr/bin/env python3
"""gitrepos.py - bare test repositories for the remote probe's tests and
benchmark, written with `git fast-import` (fast: no work tree, no hooks).

    python3 tests/fakeforge/gitrepos.py ROOT [NAME...]

writes ROOT/NAME.git for each NAME (all when none is given):
    small     README, LICENSE, publiccode.yml (logo in docs/), docs/CONTRIBUTING.md
    big       the same files, 2,000 commits, a 50 MB blob (data/big.bin) and
              2,000 files in 200 folders under src/, all outside what the checks read
    mono      a monorepo root: 20,000 files in 2,000 folders, README and LICENSES/
    trunk     default branch "trunk" (there is no main)
    nohead    HEAD points to refs/heads/nowhere; main exists
    empty     no commits at all
Standard library only.
"""
import os
import random
import subprocess
import sys

ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")

README = ("# Outil de démonstration\n\nCet outil recense les dépôts publics du "
          "ministère et vérifie chaque nuit leur licence, leur README et leur "
          "fichier publiccode.yml.\n\n## Installation\n\n    make && make install\n")
MIT = ("MIT License\n\nCopyright (c) 2024 Ministère\n\nPermission is hereby granted, "
       "free of charge, to any person obtaining a copy of this software and associated "
       "documentation files (the \"Software\"), to deal in the Software without "
       "restriction, including without limitation the rights to use, copy, modify, "
       "merge, publish, distribute, sublicense, and/or sell copies of the Software, and "
       "to permit persons to whom the Software is furnished to do so, subject to the "
       "following conditions:\n\nThe above copyright notice and this permission notice "
       "shall be included in all copies or substantial portions of the Software.\n\n"
       "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.\n")
PUBLICCODE = ("publiccodeYmlVersion: \"0.4\"\nname: Demo\nurl: https://example.org/demo.git\n"
              "logo: docs/logo.png\nplatforms:\n  - web\ncategories:\n  - it-development\n"
              "developmentStatus: stable\nsoftwareType: standalone/web\n")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


class Stream:
    """A fast-import stream, written to git fast-import as it is built."""

    def __init__(self, bare):
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", bare], env=ENV,
                       check=True)
        self.p = subprocess.Popen(["git", "-C", bare, "fast-import", "--quiet"],
                                  stdin=subprocess.PIPE, env=ENV)
        self.mark = 0
        self.t = 1700000000

    def w(self, b):
        self.p.stdin.write(b if isinstance(b, bytes) else b.encode())

    def blob(self, data):
        data = data.encode() if isinstance(data, str) else data
        self.mark += 1
        self.w("blob\nmark :%d\ndata %d\n" % (self.mark, len(data)))
        self.w(data)
        self.w("\n")
        return self.mark

    def commit(self, ref, files, msg="change", parent=None, deleteall=False):
        """FILES: {path: mark}. Returns the commit's mark."""
        self.mark += 1
        self.t += 60
        msg = msg.encode()
        self.w("commit %s\nmark :%d\ncommitter T <t@example.org> %d +0000\ndata %d\n"
               % (ref, self.mark, self.t, len(msg)))
        self.w(msg + b"\n")
        if parent:
            self.w("from :%d\n" % parent)
        if deleteall:
            self.w("deleteall\n")
        for path, mark in files.items():
            self.w("M 100644 :%d %s\n" % (mark, path))
        self.w("\n")
        return self.mark

    def done(self):
        self.p.stdin.close()
        if self.p.wait() != 0:
            raise RuntimeError("git fast-import failed")


def basic_files(s):
    return {"README.md": s.blob(README), "LICENSE": s.blob(MIT),
            "publiccode.yml": s.blob(PUBLICCODE), "docs/logo.png": s.blob(PNG),
            "docs/CONTRIBUTING.md": s.blob("Ouvrez un ticket.\n")}


def make_small(root):
    s = Stream(os.path.join(root, "small.git"))
    s.commit("refs/heads/main", basic_files(s), "init")
    s.done()


def make_big(root):
    rnd = random.Random(7)
    s = Stream(os.path.join(root, "big.git"))
    files = basic_files(s)
    for i in range(2000):
        files["src/m%03d/f%d.c" % (i % 200, i)] = s.blob("int f%d(void) { return %d; }\n" % (i, i))
    files["data/big.bin"] = s.blob(rnd.randbytes(50 << 20))
    last = s.commit("refs/heads/main", files, "init")
    for i in range(1, 2000):
        path = "src/m%03d/f%d.c" % (i % 200, i)
        last = s.commit("refs/heads/main",
                        {path: s.blob("int f%d(void) { return %d; }\n" % (i, i * 7))},
                        "commit %d" % i, parent=last)
    s.done()


def make_mono(root):
    s = Stream(os.path.join(root, "mono.git"))
    files = {"README.md": s.blob(README), "LICENSES/EUPL-1.2.txt": s.blob("EUPL v1.2\n" * 40),
             "LICENSES/MIT.txt": s.blob(MIT)}
    for i in range(20000):
        files["pkg/p%04d/m%d.py" % (i % 2000, i)] = s.blob("X = %d\n" % i)
    s.commit("refs/heads/main", files, "init")
    s.done()


def make_trunk(root):
    s = Stream(os.path.join(root, "trunk.git"))
    s.commit("refs/heads/trunk", {"README.md": s.blob(README),
                                  "COPYING": s.blob(MIT)}, "init")
    s.done()
    subprocess.run(["git", "-C", os.path.join(root, "trunk.git"), "symbolic-ref",
                    "HEAD", "refs/heads/trunk"], env=ENV, check=True)


def make_nohead(root):
    s = Stream(os.path.join(root, "nohead.git"))
    s.commit("refs/heads/main", {"README.md": s.blob(README)}, "init")
    s.done()
    subprocess.run(["git", "-C", os.path.join(root, "nohead.git"), "symbolic-ref",
                    "HEAD", "refs/heads/nowhere"], env=ENV, check=True)


def make_empty(root):
    subprocess.run(["git", "init", "-q", "--bare", os.path.join(root, "empty.git")],
                   env=ENV, check=True)


MAKERS = {"small": make_small, "big": make_big, "mono": make_mono,
          "trunk": make_trunk, "nohead": make_nohead, "empty": make_empty}


def make(root, names=None):
    os.makedirs(root, exist_ok=True)
    for n in names or MAKERS:
        if not os.path.exists(os.path.join(root, n + ".git")):
            MAKERS[n](root)


if __name__ == "__main__":
    make(sys.argv[1], sys.argv[2:] or None)
