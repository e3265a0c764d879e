#!/usr/bin/env python3
"""Benchmark: licence identification, inventaire against Debian's
ruby-licensee, side by side in the same run on the same corpus.

usage: bench_license.py INVENTAIRE BENCH_LICENSE TEXTS_DIR [--no-licensee]

1. runs BENCH_LICENSE (tests/bench/bench_license.c): time to identify each
   reference text in process, and the reference loading cost;
2. builds a corpus of small repositories (plain directories) under a
   temporary folder: every reference text as LICENSE, real-world variants
   (title and copyright line, Markdown, CRLF, BOM, Latin-1, French names,
   REUSE, bilingual pairs) and traps (modified licences, non-licences,
   several licences), each with the answer expected;
3. runs `inventaire check --format json DIR` and `licensee detect --json
   DIR` on each, start-up included, and prints time per repository and
   accuracy for both.

Expected answers compare licence *families* (GPL-3.0-only, GPL-3.0-or-later
and licensee's GPL-3.0 are one family: the texts are identical).
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def family(spdx_id):
    if not spdx_id:
        return None
    for suffix in ("-only", "-or-later", "+"):
        if spdx_id.endswith(suffix):
            return spdx_id[: -len(suffix)]
    return spdx_id


def read(texts, name):
    with open(os.path.join(texts, name), encoding="utf-8") as f:
        return f.read()


def corpus(texts):
    """[(name, {path: str|bytes}, expected family or None or 'NOASSERTION')]"""
    with open(os.path.join(texts, "INDEX.json"), encoding="utf-8") as f:
        index = json.load(f)["texts"]
    out = []
    for key, e in index.items():
        t = read(texts, e["file"])
        out.append((f"ref/{key}", {"LICENSE": t}, family(e["spdx"])))
        out.append((f"titled/{key}", {
            "LICENSE": f"{e['name']}\n\nCopyright (c) 2019-2024 Ministère des "
                       f"Solidarités et de la Santé\n\n{t}"}, family(e["spdx"])))
    mit = read(texts, "MIT.txt")
    body = mit.split("\n\n", 2)[2]
    apache = read(texts, "Apache-2.0.txt")
    cecill_b = read(texts, "CECILL-B.fr.txt")
    out += [
        ("mit-markdown", {"LICENSE.md": "# The MIT License (MIT)\n\nCopyright © "
                          "2023 DREES\n\n" + body.replace("THE SOFTWARE IS",
                                                          "**THE SOFTWARE IS")},
         "MIT"),
        ("mit-crlf-bom", {"LICENSE": b"\xef\xbb\xbf" +
                          mit.replace("\n", "\r\n").encode()}, "MIT"),
        ("licence-spelling", {"LICENCE": read(texts, "EUPL-1.2.txt")}, "EUPL-1.2"),
        ("cecill-b-latin1", {"Licence_CeCILL-B_V1-fr.txt":
                             cecill_b.replace("\n", "\r\n").encode("latin-1")},
         "CECILL-B"),
        ("cecill-bilingual", {"Licence_CeCILL_V2.1-fr.txt":
                              read(texts, "CECILL-2.1.fr.txt"),
                              "Licence_CeCILL_V2.1-en.txt":
                              read(texts, "CECILL-2.1.txt")}, "CECILL-2.1"),
        ("reuse", {"LICENSES/EUPL-1.2.txt": read(texts, "EUPL-1.2.txt")},
         "EUPL-1.2"),
        ("lgpl-pair", {"COPYING.LESSER": read(texts,
                                              "LGPL-3.0-only.lesser-part.txt"),
                       "COPYING": read(texts, "GPL-3.0-only.txt")}, "LGPL-3.0"),
        ("mit-restricted", {"LICENSE": mit.replace(
            "following conditions:", "following conditions:\n\nThe Software "
            "shall not be used by any military organisation.\n")},
         "NOASSERTION"),
        ("apache-no-patent", {"LICENSE": apache[:apache.index(
            "3. Grant of Patent License")] + "3. No Patent License. No patent "
            "license is granted by any Contributor.\n\n" +
            apache[apache.index("4. Redistribution"):]}, "NOASSERTION"),
        ("not-a-licence", {"LICENSE": "See the website for the terms of use of "
                           "this software. Contact the DSI for any question.\n"},
         "NOASSERTION"),
        ("no-licence", {"README.md": "# Tool\n"}, None),
        ("dual-files", {"LICENSE-MIT": mit, "LICENSE-APACHE": apache},
         "NOASSERTION"),
    ]
    return out


def build(root, files):
    os.makedirs(root)
    for rel, content in files.items():
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb" if isinstance(content, bytes) else "w",
                  **({} if isinstance(content, bytes) else
                     {"encoding": "utf-8"})) as f:
            f.write(content)


def timed(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True)
    return time.perf_counter() - t, p


def ours(inventaire, d):
    dt, p = timed([inventaire, "check", "--format", "json", "--fail-on",
                   "never", d])
    return dt, json.loads(p.stdout)["license"]["spdx"]


def theirs(d):
    dt, p = timed(["licensee", "detect", "--json", d])
    try:
        r = json.loads(p.stdout)
    except json.JSONDecodeError:
        return dt, "error"
    ids = [x["spdx_id"] for x in r.get("licenses", [])]
    if not ids:
        return dt, None
    if len(ids) > 1:
        return dt, "NOASSERTION"
    return dt, ids[0]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        sys.exit(__doc__)
    inventaire, bench, texts = args
    use_licensee = "--no-licensee" not in sys.argv and shutil.which("licensee")

    print("== in-process identification (bench_license)")
    sys.stdout.flush()
    # exits 1 when a text takes 1 ms or more: said in its output
    subprocess.run([bench, texts], check=False)

    cases = corpus(texts)
    tmp = tempfile.mkdtemp(prefix="inventaire-bench-license-")
    try:
        rows = []
        for i, (name, files, want) in enumerate(cases):
            d = os.path.join(tmp, f"r{i:03d}")
            build(d, files)
            t_ours, got_ours = ours(inventaire, d)
            t_theirs, got_theirs = theirs(d) if use_licensee else (None, None)
            rows.append((name, want, got_ours, t_ours, got_theirs, t_theirs))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def ok(want, got):
        if want == "NOASSERTION":
            return got in ("NOASSERTION", "other")
        return family(got) == want

    print(f"\n== per repository, start-up included ({len(rows)} repositories)")
    print(f"{'case':34} {'expected':14} {'inventaire':18} "
          f"{'licensee' if use_licensee else '':18}")
    for name, want, go, to, gt, tt in rows:
        if ok(want, go) and (not use_licensee or ok(want, gt)):
            continue  # print only where someone is wrong
        print(f"{name[:34]:34} {str(want):14} {str(go)[:17]:18} "
              f"{str(gt)[:17] if use_licensee else '':18}")
    acc_o = sum(ok(r[1], r[2]) for r in rows)
    med_o = statistics.median(r[3] for r in rows) * 1000
    print(f"\ninventaire: {acc_o}/{len(rows)} correct, median "
          f"{med_o:.1f} ms per repository, total "
          f"{sum(r[3] for r in rows):.2f} s")
    if use_licensee:
        acc_t = sum(ok(r[1], r[4]) for r in rows)
        med_t = statistics.median(r[5] for r in rows) * 1000
        print(f"licensee:   {acc_t}/{len(rows)} correct, median "
              f"{med_t:.1f} ms per repository, total "
              f"{sum(r[5] for r in rows):.2f} s")
        print(f"inventaire is {med_t / med_o:.0f}x faster per repository")
    else:
        print("licensee: not run (not installed, or --no-licensee)")


if __name__ == "__main__":
    main()
