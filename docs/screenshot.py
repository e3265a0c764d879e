#!/usr/bin/env python3
"""Make docs/rapport.png, the README's screenshot of the report, from the
report of a real crawl: the fake-forge crawl of tests/cli/rapport_crawl.py,
which keeps its output folder in build/tests/artefacts/crawl/.

    meson test -C build rapport_crawl
    python3 docs/screenshot.py [--report FILE] [--out FILE]

Headless Chromium (Debian's `chromium`) draws the top of rapport.html, 1000
CSS pixels wide: the summary, the chart per actor, the indicators over time
and the licences. Standard library only."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDTH, HEIGHT = 1000, 2650


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--report", default=os.path.join(
        ROOT, "build", "tests", "artefacts", "crawl", "rapport.html"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "rapport.png"))
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("screenshot.py: chromium is not installed "
                 "(apt-get install -y chromium)")
    if not os.path.exists(args.report):
        sys.exit("screenshot.py: %s: not found; run 'meson test -C build "
                 "rapport_crawl' first" % args.report)
    with tempfile.TemporaryDirectory(prefix="inventaire-shot-") as tmp:
        shot = os.path.join(tmp, "shot.png")
        p = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--force-device-scale-factor=1",
             "--user-data-dir=" + os.path.join(tmp, "profile"),
             "--window-size=%d,%d" % (WIDTH, HEIGHT),
             "--screenshot=" + shot,
             "file://" + os.path.abspath(args.report)],
            capture_output=True, text=True, timeout=120)
        if p.returncode or not os.path.exists(shot):
            sys.exit("screenshot.py: chromium failed:\n" + p.stderr)
        with open(shot, "rb") as f:
            png = f.read()
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("screenshot.py: chromium did not write a PNG")
    tmp_out = args.out + ".tmp"
    with open(tmp_out, "wb") as f:
        f.write(png)
    os.replace(tmp_out, args.out)
    print("wrote %s (%d bytes) from %s" % (args.out, len(png), args.report))


if __name__ == "__main__":
    main()
