#!/usr/bin/env python3
"""Extract the translatable strings and keep the catalogues in step.

    update_po.py --update SOURCE_ROOT   rewrite po/POTFILES, po/inventaire.pot
                                        and merge it into each po/LANG.po
    update_po.py --check SOURCE_ROOT    exit 1, saying why, when POTFILES
                                        misses a source file, a string has
                                        no translation (or a fuzzy one), or
                                        msgfmt --check finds a fault (a
                                        format that does not match)

Strings are marked at the boundary, not at every call site (lib/i18n.h):
the functions below take an English printf format and translate it, so
xgettext is told their argument numbers. It takes one string per call, and
report_add() has two (the fix, then the message): a second pass takes the
fixes.
"""
import os
import subprocess
import sys
import tempfile

# NAME:ARG, and the format arguments xgettext checks against msgfmt's.
FORMATS = [
    "error_set:2", "error_setv:2", "error_wrap:1", "error_errno:2",
    "error_git:1", "report_add:8", "report_addv:8", "cli_usage:2",
    "cli_error:1", "crawl_log:4", "discover_log:3", "xfer_fail:3",
    "forge_fail:5", "problem:4", "report_set_fix:2",
    # private wrappers named fail(): (url, fmt) in forges/account.c,
    # (parser, node, fmt) in config/ and (pack, code, fmt) in transport/;
    # xgettext tries the specs in order.
    "fail:2", "fail:3",
]
# failed:3: the step a crawl's last writes name (crawler/crawl/outputs.c).
PLAIN = ["_", "N_", "P_:1,2", "failed:3"]
FIXES = ["report_add:7", "report_addv:7"]

# Folders whose sources hold messages, and files left out: a build-time
# generator, and the publiccode.yml loader whose messages are the
# reference parser's own words (README.md, "inventaire validate").
FOLDERS = ["lib", "config", "forges", "crawler", "output"]
EXCLUDE = {
    "crawler/license/gen_license_data.c",
    "crawler/publiccode/publiccode_yaml.c",
}


def sources(root):
    out = []
    for folder in FOLDERS:
        for d, _, files in os.walk(os.path.join(root, folder)):
            for f in files:
                rel = os.path.relpath(os.path.join(d, f), root)
                if f.endswith(".c") and rel not in EXCLUDE:
                    out.append(rel)
    return sorted(out)


def run(*cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, **kw)


def make_pot(root, files, out):
    common = ["xgettext", "--language=C", "--from-code=UTF-8",
              "--package-name=inventaire", "--sort-by-file",
              "--add-comments=TRANSLATORS:", "--directory=" + root]
    with tempfile.TemporaryDirectory() as tmp:
        one, two = os.path.join(tmp, "1.pot"), os.path.join(tmp, "2.pot")
        args = [f"--keyword={k}" for k in PLAIN + FORMATS]
        args += [f"--flag={k}:c-format" for k in FORMATS]
        run(*common, *args, "-o", one, *files)
        run(*common, *[f"--keyword={k}" for k in FIXES], "-o", two, *files)
        run("msgcat", "--use-first", "--sort-by-file", "-o", out, one, two)


def languages(root):
    with open(os.path.join(root, "po", "LINGUAS")) as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def update(root):
    files = sources(root)
    with open(os.path.join(root, "po", "POTFILES"), "w") as f:
        f.write("".join(p + "\n" for p in files))
    pot = os.path.join(root, "po", "inventaire.pot")
    make_pot(root, files, pot)
    for lang in languages(root):
        po = os.path.join(root, "po", lang + ".po")
        run("msgmerge", "--quiet", "--update", "--backup=none",
            "--no-fuzzy-matching", po, pot)
        # Strings gone from the sources leave the catalogue too.
        run("msgattrib", "--no-obsolete", "-o", po, po)


def count(po, *flags):
    """The msgids msgattrib FLAGS keeps, each on one line, header aside."""
    r = run("msgattrib", *flags, "--no-obsolete", "--no-wrap", po,
            capture_output=True)
    ids, cur = [], None
    for line in r.stdout.splitlines() + [""]:
        if line.startswith("msgid "):
            cur = line[6:]
        elif cur is not None and line.startswith('"'):
            cur = cur[:-1] + line[1:] if cur.endswith('"') else cur + line
        elif cur is not None:
            ids.append("msgid " + cur)
            cur = None
    return [i for i in ids if i != 'msgid ""']


def check(root):
    problems = []
    with open(os.path.join(root, "po", "POTFILES")) as f:
        listed = [l.strip() for l in f if l.strip()]
    files = sources(root)
    for p in sorted(set(files) - set(listed)):
        problems.append(f"po/POTFILES: {p} is missing")
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "inventaire.pot")
        make_pot(root, files, pot)
        for lang in languages(root):
            po = os.path.join(root, "po", lang + ".po")
            r = subprocess.run(["msgfmt", "--check", "--check-format",
                                "-o", "/dev/null", po],
                               text=True, capture_output=True)
            if r.returncode:
                problems.append(f"msgfmt --check {po}:\n{r.stderr}")
            merged = os.path.join(tmp, lang + ".po")
            run("msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged,
                po, pot)
            for m in count(merged, "--untranslated"):
                problems.append(f"po/{lang}.po: no translation for {m}")
            for m in count(merged, "--only-fuzzy"):
                problems.append(f"po/{lang}.po: fuzzy translation for {m}")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s); run `ninja -C build update-po`, "
              "then translate what po/LANG.po lacks")
    return 1 if problems else 0


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("--update", "--check"):
        print(__doc__, file=sys.stderr)
        return 2
    root = os.path.abspath(sys.argv[2])
    if sys.argv[1] == "--update":
        update(root)
        return 0
    return check(root)


if __name__ == "__main__":
    sys.exit(main())
