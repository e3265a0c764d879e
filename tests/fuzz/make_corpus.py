#!/usr/bin/env python3
"""make_corpus.py - write the seed corpus of each fuzz target, by hand:
small inputs of each kind the parsers meet, valid and broken, and the
attacks of the hardening issue (delta bombs, deep nesting, amplifying
JSON). Deterministic; run it again after changing a seed:

    python3 tests/fuzz/make_corpus.py [tests/fuzz/corpus]

Crashes a fuzzer finds go in corpus/TARGET/ too, as crash-NAME: the
replay tests (tests/fuzz/meson.build) run them in every build.
Standard library only.
"""
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fakeforge"))
import fakeforge  # noqa: E402

PUBLICCODE = """publiccodeYmlVersion: "0.4"
name: Outil
url: https://git.example.org/outil.git
platforms:
  - web
categories:
  - it-development
developmentStatus: stable
softwareType: standalone/web
description:
  fr:
    shortDescription: Un outil de démonstration.
    longDescription: >
      Cet outil recense les dépôts publics du ministère et vérifie leur
      licence chaque nuit.
    features:
      - recense
legal:
  license: EUPL-1.2
maintenance:
  type: internal
  contacts:
    - name: Équipe
localisation:
  localisationReady: true
  availableLanguages:
    - fr
"""


def seeds_publiccode():
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 8):
        laughs += "%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s]\n" % (
            chr(97 + i), chr(97 + i), *[chr(96 + i)] * 6)
    return {
        "valid.yml": PUBLICCODE,
        "invalid.yml": "publiccodeYmlVersion: '0.4'\nname: [broken\n",
        "wrong-types.yml": PUBLICCODE.replace("name: Outil", "name: [1, 2]")
                                     .replace("stable", "{a: b}"),
        "laughs.yml": laughs,
        "deep.yml": "a: " + "[" * 200 + "\n",
        "tabs.yml": "name:\tx\n\tbad: 1\n",
        "bom.yml": "\ufeff" + PUBLICCODE,
        "empty.yml": "",
    }


def page(index, body, link="", xnext="", kind=0, status=0):
    """A forge_pages input: plug-in INDEX, account KIND, status, two
    header lines, then BODY."""
    return bytes([index, kind, status]) + (link + "\n" + xnext + "\n").encode() + \
        (body if isinstance(body, bytes) else body.encode())


def seeds_forge_pages():
    fx = fakeforge.builtin_fixture()
    forges = fakeforge.normalize_fixture(fx)
    gh = forges["github"]["socialgouv"]
    gl = forges["gitlab"]["drees"]
    ge = forges["gitea"]["fabrique"]
    bb = forges["bitbucket"]["cnam"]
    sh = forges["sourcehut"]["carol"]
    link = ('<https://example.org/api/orgs/owner/repos?page=2>; rel="next", '
            '<https://example.org/api/orgs/owner/repos?page=5>; rel="last"')
    out = {}
    # forge_registry order: github, gitlab, gitea, forgejo, gogs, bitbucket,
    # sourcehut
    out["github.json"] = page(0, json.dumps([fakeforge.gh_repo(gh, r)
                                             for r in gh["repos"][:3]]), link)
    out["github-owner.json"] = page(0, json.dumps(fakeforge.gh_account(gh)), kind=1)
    out["gitlab.json"] = page(1, json.dumps([fakeforge.gl_project(gl, r)
                                             for r in gl["repos"][:3]]), link, "2")
    out["gitlab-instance.json"] = page(1, json.dumps([fakeforge.gl_project(gl, r)
                                                      for r in gl["repos"][3:5]]),
                                       "", "", kind=2)
    for i, kind in ((2, "gitea"), (3, "forgejo"), (4, "gogs")):
        out["%s.json" % kind] = page(i, json.dumps([fakeforge.gitea_repo(kind, ge, r)
                                                    for r in ge["repos"][:3]]), link)
    out["gitea-search.json"] = page(2, json.dumps(
        {"ok": True, "data": [fakeforge.gitea_repo("gitea", ge, ge["repos"][0])]}),
        "", "", kind=2)
    out["bitbucket.json"] = page(5, json.dumps(
        {"pagelen": 2, "page": 1, "size": 25, "next": "https://example.org/api/x?page=2",
         "values": [fakeforge.bb_repo(bb, r) for r in bb["repos"][:2]]}))
    out["sourcehut.json"] = page(6, json.dumps(
        {"data": {"user": {"canonicalName": "~carol", "username": "carol",
                           "repositories": {"results": [fakeforge.srht_repo(sh, r)
                                                        for r in sh["repos"][:3]],
                                            "cursor": "MjA="}}}}))
    out["sourcehut-error.json"] = page(6, json.dumps(
        {"data": {"user": None}, "errors": [{"message": "no such user"}]}))
    out["not-found.json"] = page(0, '{"message": "Not Found"}', status=4)
    out["html.json"] = page(1, "<!DOCTYPE html><html>maintenance</html>")
    out["amplifying.json"] = page(0, "[" + "{}," * 2000 + "{}]")
    out["deep.json"] = page(2, "[" * 3000 + "]" * 3000)
    out["truncated.json"] = page(5, json.dumps({"values": [fakeforge.bb_repo(
        bb, bb["repos"][0])]})[:200])
    return out


def seeds_link():
    return {
        "next-last.txt": '<https://example.org/api?page=2>; rel="next", '
                         '<https://example.org/api?page=9>; rel="last"',
        "relative.txt": '</api/v4/groups/x/projects?page=3>; rel="next"',
        "params.txt": '<https://e.org/a>; title="a, b; c"; rel="prev next"',
        "quoted.txt": '<https://e.org/a?x=<>>; rel=next; anchor="#x"',
        "empty.txt": "",
        "garbage.txt": '<<<;;;rel="next",,,<',
        "many.txt": ", ".join('<https://e.org/%d>; rel="n%d"' % (i, i)
                              for i in range(200)),
    }


def seeds_license():
    mit_like = ("Permission is hereby granted, free of charge, to any person "
                "obtaining a copy of this software, to deal in the Software "
                "without restriction.\n")
    return {
        # byte 0 picks the name: 0 LICENSE, 1 LICENSE.md, 2 LICENCE.html,
        # 3 COPYING.txt, 4 README.md, 5 package.json, 6 Cargo.toml,
        # 7 pyproject.toml
        "plain.txt": b"\x00Copyright (c) 2024 Minist\xc3\xa8re\n\n" + mit_like.encode(),
        "markdown.txt": b"\x01# Licence\n\n**Copyright** 2024\n\n" + mit_like.encode(),
        "html.txt": b"\x02<html><body><h1>Licence</h1><p>" + mit_like.encode() +
                    b"</p><br/><a href='x'>x</a></body></html>",
        "latin1.txt": b"\x03Copyright \xa9 2024 Minist\xe8re\r\n" + mit_like.encode(),
        "readme.txt": b"\x04# Outil\n\nDu texte.\n\n## Licence\n\nCe projet est sous "
                      b"licence EUPL-1.2 (voir LICENSE).\n\n## Contribuer\n\nx\n",
        "readme-setext.txt": b"\x04Outil\n=====\n\nLicense\n-------\nMIT",
        "package.txt": b'\x05{"name": "x", "license": "(MIT OR Apache-2.0) AND CC0-1.0"}',
        "cargo.txt": b'\x06[package]\nname = "x"\nlicense = "MIT/Apache-2.0"\n',
        "pyproject.txt": b'\x07[project]\nname = "x"\nlicense = {text = "EUPL 1.2"}\n',
        "binary.txt": b"\x00\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)),
        "bom-utf16.txt": b"\x00\xff\xfeL\x00I\x00C\x00",
    }


def seeds_spdx():
    return {
        "simple.txt": "MIT",
        "or.txt": "MIT OR Apache-2.0",
        "and-or.txt": "(MIT OR Apache-2.0) AND CC0-1.0",
        "with.txt": "GPL-2.0-or-later WITH Classpath-exception-2.0",
        "plus.txt": "LGPL-2.1+ OR EUPL-1.2",
        "ref.txt": "LicenseRef-ministere AND DocumentRef-x:LicenseRef-y",
        "deep.txt": "(" * 40 + "MIT" + ")" * 40,
        "broken.txt": "MIT OR (Apache-2.0 AND",
        "lower.txt": "gpl-3.0 or mit",
    }


def seeds_accounts():
    return {
        "accounts.yml": "github.com:\n  forge: github\n  owners:\n    socialgouv:\n"
                        "      pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n"
                        "git.example.fr:\n  forge: gitlab\n  api_url: https://git.example.fr/api/v4\n"
                        "  clone_hosts: [git2.example.fr]\n  allow_http: false\n"
                        "  ignored_since: 2030-01-01\n",
        "actors.yml": "drees:\n  name: DREES\n  acronym: DREES\n  pso_id: null\n"
                      "  group: central\n  domains: [drees.solidarites-sante.gouv.fr]\n"
                      "  aliases: [Direction de la recherche]\n  accounts: [github.com/x]\n",
        "duplicate.yml": "a.fr:\n  forge: gitlab\n  pso_id: x\n  pso_id: y\n",
        "deep.yml": "a.fr: " + "[" * 5000 + "\n",
        "alias.yml": "a.fr: &a\n  forge: gitlab\nb.fr: *a\n",
        "two-docs.yml": "a.fr:\n  forge: gitlab\n---\nb.fr:\n  forge: gitea\n",
        "bad-utf8.yml": b"a.fr:\n  forge: gitlab\n  pso_id: \xe9t\xe9\n",
    }


def pkt(data):
    return b"%04x" % (len(data) + 4) + data


def small_pack():
    """A valid pack: a blob and a delta that doubles it."""
    blob = b"# Outil\n" * 8
    body = fakeforge._pack_object(3, len(blob)) + __import__("zlib").compress(blob)
    delta = (fakeforge._pack_varint(len(blob)) + fakeforge._pack_varint(2 * len(blob)) +
             fakeforge._copy_op(0, len(blob)) * 2)
    here = 12 + len(body)
    body += fakeforge._pack_object(6, len(delta)) + fakeforge._pack_offset(here - 12)
    body += __import__("zlib").compress(delta)
    pack = b"PACK" + struct.pack(">II", 2, 2) + body
    return pack + __import__("hashlib").sha1(pack).digest()


def seeds_pktline():
    pack = small_pack()
    answer = pkt(b"shallow-info\n") + pkt(b"shallow " + b"a" * 40 + b"\n") + b"0001"
    answer += pkt(b"packfile\n") + pkt(b"\x02Enumerating objects\n")
    answer += pkt(b"\x01" + pack[:30]) + pkt(b"\x01" + pack[30:]) + b"0000"
    return {
        "fetch.bin": b"\x07" + answer,
        "fetch-one-byte-at-a-time.bin": b"\x01" + answer,
        "error.bin": b"\x10" + pkt(b"packfile\n") + pkt(b"\x03fatal: not our ref\n"),
        "ls-refs.bin": b"\x00" + pkt(b"a" * 40 + b" HEAD symref-target:refs/heads/main\n")
                       + b"0000",
        "bad-length.bin": b"\x03" + b"zzzz" + b"fff0" + b"x" * 10,
        "bomb.bin": b"\x40" + pkt(b"packfile\n") + b"".join(
            pkt(b"\x01" + c) for c in [fakeforge.bomb_pack()[i:i + 1000]
                                       for i in range(0, 4000, 1000)] if len(c)),
    }


def seeds_pack():
    good = small_pack()
    bomb = fakeforge.bomb_pack(1 << 30, 1)
    chain = fakeforge.bomb_pack(1 << 30, 4)
    corrupt = bytearray(good)
    corrupt[40] ^= 0x55
    return {
        "small.pack": b"\x00" + good,
        "small-split.pack": b"\x01" + good,
        "bomb-1-delta.pack": b"\x00" + bomb,
        "bomb-chain-of-4.pack": b"\x00" + chain,
        "under-the-cap.pack": b"\x00" + fakeforge.bomb_pack(1 << 20, 2),
        "corrupt.pack": b"\x00" + bytes(corrupt),
        "truncated.pack": b"\x00" + good[:len(good) // 2],
        "not-a-pack.pack": b"\x00<html>maintenance</html>",
    }


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    for name, make in (("publiccode", seeds_publiccode),
                       ("forge_pages", seeds_forge_pages),
                       ("link", seeds_link), ("license", seeds_license),
                       ("spdx", seeds_spdx), ("accounts", seeds_accounts),
                       ("pktline", seeds_pktline), ("pack", seeds_pack)):
        d = os.path.join(root, name)
        os.makedirs(d, exist_ok=True)
        for file, data in make().items():
            with open(os.path.join(d, "seed-" + file), "wb") as f:
                f.write(data if isinstance(data, bytes) else data.encode())
    print("seeds written to %s" % root)


if __name__ == "__main__":
    main()
