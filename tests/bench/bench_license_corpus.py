#!/usr/bin/env python3
"""Benchmark: licence identification on the labelled real-world corpora
of tests/cli/license_corpus.py (ScanCode's data-driven licence tests and
askalono's real project licences, read from the SHARED_DATA folder),
inventaire and Debian's licensee (ruby-licensee) side by side, in the same
run, on the same files.

usage: bench_license_corpus.py INVENTAIRE [--no-licensee]

Each file is identified alone: by `inventaire license`, and by licensee as
the file named LICENSE of a folder of its own (Licensee.project(dir), what
`licensee detect DIR` prints), all folders in one Ruby process so that
Ruby's start-up is not counted 751 times. Scoring is that of
tests/cli/license_corpus.py: the labelled licence named (GNU licences by
family; for inventaire, also as the licence a modified text is based on),
or no licence named for a file labelled with none. Prints both scores per
source, the time per file of each tool (licensee's start-up excluded,
inventaire's shared by each batch of files), and
inventaire's misses by kind.
"""
import collections
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "cli"))
import license_corpus as lc  # noqa: E402

RUBY = r"""
require 'json'
require 'licensee'
out = {}
times = []
ARGV.each do |dir|
  t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  project = Licensee.project(dir)
  lic = project.license
  id = lic ? lic.spdx_id : (project.licenses.empty? ? nil : 'NOASSERTION')
  times << Process.clock_gettime(Process::CLOCK_MONOTONIC) - t
  out[dir] = id
end
puts JSON.dump({ 'ids' => out, 'times' => times })
"""


def licensee(paths):
    """({path: spdx id or None}, [seconds per file]) from licensee."""
    tmp = tempfile.mkdtemp(prefix="inventaire-bench-licensee-")
    try:
        dirs = {}
        for i, p in enumerate(paths):
            d = os.path.join(tmp, f"f{i:04d}")
            os.mkdir(d)
            shutil.copyfile(p, os.path.join(d, "LICENSE"))
            dirs[d] = p
        script = os.path.join(tmp, "detect.rb")
        with open(script, "w", encoding="utf-8") as f:
            f.write(RUBY)
        r = subprocess.run(["ruby", script, *dirs], capture_output=True,
                           check=True)
        got = json.loads(r.stdout)
        return {dirs[d]: v for d, v in got["ids"].items()}, got["times"]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ours(inventaire, paths):
    t = time.perf_counter()
    results = lc.identify(inventaire, paths)
    return results, (time.perf_counter() - t) / max(len(paths), 1)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    if not os.path.isdir(lc.CORPUS):
        sys.exit(f"no corpora in {lc.CORPUS}")
    use_licensee = "--no-licensee" not in sys.argv and shutil.which("ruby") \
        and shutil.which("licensee")
    rows, kinds, t_ours, t_theirs = [], collections.Counter(), [], []
    for source, items in lc.cases().items():
        paths = [p for p, _, _ in items]
        results, per_file = ours(args[0], paths)
        t_ours.append(per_file)
        hits, misses = lc.score(results, items)
        kinds.update(k for _, _, _, k in misses)
        theirs = None
        if use_licensee:
            ids, times = licensee(paths)
            t_theirs += times
            theirs = sum(lc.family(ids[p]) == lc.family(label)
                         for p, label, _ in items)
        rows.append((source, len(items), hits, theirs))
    print(f"{'corpus':12} {'files':>6} {'inventaire':>11} {'licensee':>9}")
    for source, n, hits, theirs in rows:
        print(f"{source:12} {n:6} {hits:11} "
              f"{theirs if theirs is not None else '-':>9}")
    print(f"\ninventaire: {statistics.mean(t_ours) * 1000:.2f} ms per file "
          f"(mean, one start-up per {lc.BATCH} files)")
    if t_theirs:
        print(f"licensee 9.15: {statistics.median(t_theirs) * 1000:.2f} ms per "
              f"file (median, start-up excluded)")
    else:
        print("licensee: not run (ruby-licensee not installed, or "
              "--no-licensee)")
    print("\ninventaire's misses by kind:")
    for kind, n in kinds.most_common():
        print(f"  {n:4}  {kind}")


if __name__ == "__main__":
    main()
