"""Licence identification on labelled files nobody here wrote: the SPDX
generator tests (spdx/license-list-XML, test/simpleTestForGenerator/ and
test/fullTestForGenerator/) and two labelled real-world corpora:
ScanCode's data-driven licence tests (nexB/scancode-toolkit,
tests/licensedcode/data/datadriven/, the full texts of 500 bytes or more)
and askalono's real project licences (jpeddicord/askalono,
tests/data/real-licenses/). They are reference data kept outside the
repository, so that they stay a fair test, in the folder SHARED_DATA
names (licences/corpus/ and licences/spdx-tests/); the test exits 77
(meson's SKIP) when they are absent.

Each file is identified alone with `inventaire license`. A file counts as
identified when inventaire names its labelled licence, as it is or as the
licence a modified text is based on or holds (the "modified" answer), GNU
licences compared by family (a text cannot tell -only from -or-later); a
file labelled with no licence counts when inventaire names none. Every
miss is printed; the scores per source are floors that only rise.

Also used by tests/bench/bench_license_corpus.py, which puts Debian's
licensee beside these figures.
"""
import collections
import json
import os
import subprocess
import sys
import unittest

SHARED = os.environ.get("SHARED_DATA", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared",
    "data"))
LICENCES = os.path.join(SHARED, "licences")
CORPUS = os.path.join(LICENCES, "corpus")

# ScanCode's files of 500 bytes or more: the smaller ones are mostly
# one-line references, which a text matcher is not asked to read.
SCANCODE_MIN_BYTES = 500

# Files per `inventaire license` run.
BATCH = 200

# The floors, per source: raise them when the figures rise, never lower
# them.
FLOORS = {
    "scancode": 551,
    "askalono": 15,
}


def family(spdx_id):
    if not spdx_id or spdx_id in ("NONE", "NOASSERTION"):
        return None
    for suffix in ("-only", "-or-later", "+"):
        if spdx_id.endswith(suffix):
            return spdx_id[: -len(suffix)]
    return spdx_id


def cases():
    """{source: [(path, label or None, origin)]}"""
    out = {}
    with open(os.path.join(CORPUS, "scancode", "cases.json"),
              encoding="utf-8") as f:
        sc = json.load(f)
    out["scancode"] = sorted(
        (os.path.join(CORPUS, "scancode", k), v["spdx"],
         k.split("/")[1] if k.startswith("external/") else k.split("/")[0])
        for k, v in sc.items()
        if v["set"] == "text" and v["bytes"] >= SCANCODE_MIN_BYTES)
    with open(os.path.join(CORPUS, "askalono", "labels.json"),
              encoding="utf-8") as f:
        ak = json.load(f)
    out["askalono"] = sorted((os.path.join(CORPUS, "askalono", k), v,
                              k.split("/")[0]) for k, v in ak.items())
    return out


def identify(inventaire, paths):
    """{path: the result of `inventaire license --format json`}"""
    out = {}
    for i in range(0, len(paths), BATCH):
        batch = paths[i:i + BATCH]
        p = subprocess.run([inventaire, "license", "--format", "json"] + batch,
                           capture_output=True, check=False)
        got = json.loads(p.stdout)
        out.update(zip(batch, got if isinstance(got, list) else [got]))
    return out


def answer(r):
    """The licence inventaire names: as it is, or as a modified text's."""
    return r.get("spdx") or (r.get("modified") or {}).get("spdx")


def kind_of_miss(label, r):
    """Why a file was missed, in a few words."""
    got = family(answer(r))
    closest = (r.get("closest") or {}).get("similarity", 0)
    if label is None:
        return "a licence named where none is labelled"
    if got:
        return "another licence named"
    if closest >= 90:
        return "a licence text with changed words (90% or more similar)"
    if closest >= 50:
        return "a variant of a licence text (50 to 90% similar)"
    return ("no licence text: a notice, source header, README or mention "
            "(under 50% similar)")


def score(results, items):
    """(hits, [(path, label, answer, kind)])"""
    hits, misses = 0, []
    for path, label, _ in items:
        r = results[path]
        if family(answer(r)) == family(label):
            hits += 1
        else:
            misses.append((path, label, answer(r), kind_of_miss(label, r)))
    return hits, misses


class LicenceCorpora(unittest.TestCase):
    inventaire = os.environ.get("INVENTAIRE", "build/inventaire")

    def test_every_spdx_test_text_is_identified_through_its_template(self):
        d = os.path.join(LICENCES, "spdx-tests")
        files = sorted(f for f in os.listdir(d) if f.endswith(".txt"))
        got = identify(self.inventaire, [os.path.join(d, f) for f in files])
        self.assertGreaterEqual(len(files), 64)
        for f in files:
            r = got[os.path.join(d, f)]
            # X-only and X-or-later share one text (the notice differs)
            self.assertEqual((family(r["spdx"]), r["matcher"],
                              r["confidence"]),
                             (family(f[:-4]), "template", 100.0), f)

    def test_the_generator_test_texts_good_and_bad(self):
        d = os.path.join(LICENCES, "spdx-tests", "fullTestForGenerator",
                         "BSD-3-Clause", "license")
        good = [os.path.join(d, "good", f) for f in
                ("original.txt", "changed-copyright.txt")]
        bad = os.path.join(d, "bad", "must-not-reproduce.txt")
        got = identify(self.inventaire, good + [bad])
        for f in good:
            self.assertEqual(got[f]["spdx"], "BSD-3-Clause", f)
        self.assertIsNone(got[bad]["spdx"])
        self.assertEqual(got[bad]["modified"],
                         {"spdx": "BSD-3-Clause", "added": ["not"],
                          "removed": []})

    def test_each_corpus_scores_at_least_its_floor(self):
        low = []
        for source, items in cases().items():
            results = identify(self.inventaire, [p for p, _, _ in items])
            hits, misses = score(results, items)
            print(f"\n{source}: {hits}/{len(items)} (floor {FLOORS[source]})",
                  file=sys.stderr)
            for origin in sorted({o for _, _, o in items}):
                sub = [c for c in items if c[2] == origin]
                print(f"  {origin}: {score(results, sub)[0]}/{len(sub)}",
                      file=sys.stderr)
            for kind, n in collections.Counter(
                    k for _, _, _, k in misses).most_common():
                print(f"  {n:4} missed: {kind}", file=sys.stderr)
            for path, label, got, kind in misses:
                print(f"  miss {os.path.relpath(path, CORPUS)}: labelled "
                      f"{label}, got {got}: {kind}", file=sys.stderr)
            if hits < FLOORS[source]:
                low.append(f"{source}: {hits} < {FLOORS[source]}")
        self.assertEqual(low, [])


if __name__ == "__main__":
    if not os.path.isdir(CORPUS) or not os.path.isdir(
            os.path.join(LICENCES, "spdx-tests")):
        print(f"skip: no licence corpora in {LICENCES}", file=sys.stderr)
        sys.exit(77)
    unittest.main()
