"""The man pages and the bash completion keep up with the program: every
command has a page; every option, exit status and environment variable
that `inventaire COMMAND --help` prints is in that page; every variable the
program reads is in inventaire(1); every rule is in inventaire-check(1); and
the completion offers every command, option and fixed value."""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import INVENTAIRE, main, run  # noqa: E402

SOURCE_ROOT = os.environ.get("SOURCE_ROOT", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", ".."))
MAN = os.path.join(SOURCE_ROOT, "dist", "man")
COMPLETION = os.path.join(SOURCE_ROOT, "dist", "completion", "inventaire.bash")


def commands():
    """The commands `inventaire --help` lists."""
    out = run("--help")[1]
    block = out.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    return [l.split()[0] for l in block.splitlines() if l.strip()]


def help_text(command):
    code, out, err = run(command, "--help") if command else run("--help")
    assert code == 0, err
    return out


def options(text):
    """The options a help text offers: its usage lines and option table."""
    found = set()
    for line in text.splitlines():
        if line.startswith(("usage:", "       inventaire")) or \
                re.match(r"\s+-", line):
            found.update(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", line))
    return found


def man_page(command):
    name = "inventaire-%s.1.scd" % command if command else "inventaire.1.scd"
    with open(os.path.join(MAN, name), encoding="utf-8") as f:
        return f.read()


def section(page, title):
    m = re.search(r"(?ms)^# %s\n(.*?)(?=^# |\Z)" % re.escape(title), page)
    return m.group(1) if m else ""


def complete(*words):
    """What the completion offers for `inventaire WORDS...`, the last word
    being typed (the built binary stands for inventaire: --explain runs it)."""
    script = ('source "$1"; shift; COMP_WORDS=("$@"); '
              'COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _inventaire; '
              'printf "%s\\n" "${COMPREPLY[@]}"')
    p = subprocess.run(["bash", "-c", script, "bash", COMPLETION, INVENTAIRE,
                        *words], capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    return set(p.stdout.split())


class ManPages(unittest.TestCase):
    def test_every_command_has_a_man_page_linked_from_inventaire_1(self):
        top = man_page(None)
        for c in commands():
            self.assertTrue(os.path.exists(os.path.join(
                MAN, "inventaire-%s.1.scd" % c)), "no dist/man/inventaire-%s.1.scd" % c)
            self.assertIn("*%s*" % c, section(top, "COMMANDS"), c)
            self.assertIn("*inventaire-%s*(1)" % c, section(top, "SEE ALSO"), c)
        with open(os.path.join(SOURCE_ROOT, "dist", "meson.build")) as f:
            build = f.read()
        for c in commands():
            self.assertIn("'inventaire-%s.1'" % c, build, "%s is not installed" % c)

    def test_every_option_of_help_is_in_the_man_page(self):
        for c in [None] + commands():
            page = man_page(c)
            opts = options(help_text(c))
            self.assertTrue(opts, c)
            for o in sorted(opts):
                self.assertIn("*%s*" % o, page,
                              "%s is in `inventaire %s --help` but not in its "
                              "man page" % (o, c or ""))

    def test_every_exit_status_of_help_is_in_the_man_page(self):
        for c in [None] + commands():
            text = help_text(c)
            m = re.search(r"(?s)Exit (?:codes|status): (.*?)(?:\n\n|\Z)", text)
            self.assertIsNotNone(m, c)
            codes = set(re.findall(r"(?<![\w-])(\d)(?=[ ;])", m.group(1)))
            self.assertTrue(codes, c)
            status = section(man_page(c), "EXIT STATUS")
            for code in sorted(codes):
                self.assertRegex(status, r"(?m)^\*%s\*$" % code,
                                 "exit status %s of %s" % (code, c))

    def test_every_variable_of_help_is_in_the_man_page(self):
        for c in [None] + commands():
            page = man_page(c)
            for var in set(re.findall(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]*(?:<HOST>)?",
                                      help_text(c))):
                self.assertIn(var, page, "%s (inventaire %s --help)" % (var, c))

    def test_every_variable_the_program_reads_is_in_inventaire_1(self):
        env = section(man_page(None), "ENVIRONMENT")
        read = set()
        for top in ("lib", "config", "forges", "crawler", "output"):
            for d, _, names in os.walk(os.path.join(SOURCE_ROOT, top)):
                for n in names:
                    if n.endswith((".c", ".h")):
                        with open(os.path.join(d, n), encoding="utf-8") as f:
                            # getenv("X"), or a wrapper's env("X")
                            read.update(re.findall(r'\b\w*env\("([A-Z][A-Z0-9_]*)"\)',
                                                   f.read()))
        self.assertLessEqual({"NO_COLOR", "XDG_CACHE_HOME"}, read)  # the scan works
        for var in sorted(read):
            self.assertRegex(env, r"\b%s\b" % re.escape(var), var)

    def test_every_rule_is_in_inventaire_check_1(self):
        code, out, _ = run("check", "--explain", "list")
        self.assertEqual(code, 0)
        rules = [l.split()[0] for l in out.splitlines() if l.strip()]
        self.assertGreater(len(rules), 15)
        page = section(man_page("check"), "RULES")
        for rule in rules:
            self.assertRegex(page, r"(?m)^\*%s\* \(" % re.escape(rule), rule)


class Completion(unittest.TestCase):
    def test_every_command_is_offered(self):
        self.assertLessEqual(set(commands()) | {"--help", "--version"},
                             complete(""))

    def test_every_option_of_help_is_offered(self):
        for c in commands():
            self.assertLessEqual(options(help_text(c)), complete(c, "-"),
                                 c)

    def test_fixed_values_are_offered(self):
        self.assertEqual(complete("check", "--format", ""),
                         {"text", "json", "sarif", "junit"})
        self.assertEqual(complete("list", "--format", ""),
                         {"text", "json", "csv"})
        self.assertEqual(complete("validate", "--format", ""),
                         {"text", "json"})
        self.assertEqual(complete("check", "--fail-on", ""),
                         {"error", "warning", "never"})
        self.assertEqual(complete("crawl", "--log-format", ""),
                         {"text", "json"})
        self.assertEqual(complete("diff", "--format", ""),
                         {"text", "json", "atom"})
        self.assertEqual(complete("report", "--lang", ""), {"fr", "en"})
        self.assertEqual(complete("discover", "--format", ""),
                         {"yaml", "json", "text"})
        self.assertEqual(complete("discover", "--forge", ""),
                         {"github", "gitlab", "gitea", "forgejo"})
        self.assertEqual(complete("check", "--format", "=", "s"),
                         {"sarif"})
        self.assertIn("github", complete("list", "--forge", ""))
        self.assertIn("crawl", complete("help", ""))

    def test_rules_are_offered_after_explain(self):
        offered = complete("check", "--explain", "readme.")
        self.assertIn("readme.missing", offered)
        self.assertTrue(all(r.startswith("readme.") for r in offered))

    def test_files_and_folders_are_offered_where_they_go(self):
        root = os.path.realpath(SOURCE_ROOT) + "/"
        self.assertIn(root + "README.md", complete("validate", root + "REA"))
        self.assertIn(root + "dist", complete("crawl", "--out", root + "dis"))
        self.assertNotIn(root + "README.md", complete("check", root + "REA"))
        self.assertIn(root + "README.md", complete("check", "-o", root + "REA"))


if __name__ == "__main__":
    main()
