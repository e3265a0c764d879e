"""A test that cannot run says so: meson's SKIP (exit status 77), never OK.
The rule itself (harness.main for the Python tests, tests/run_unit.sh for
the cmocka ones), then every test that reads ../shared/data, run without
it."""
import ast
import os
import re
import subprocess
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import SHARED_DATA, TempRepoCase, main  # noqa: E402

SOURCE_ROOT = os.environ.get("SOURCE_ROOT", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD_ROOT = os.environ.get("BUILD_ROOT", "")
CLI = os.path.join(SOURCE_ROOT, "tests", "cli")
RUN_UNIT = os.path.join(SOURCE_ROOT, "tests", "run_unit.sh")
SKIP = 77


def without_shared_data():
    return dict(os.environ, SHARED_DATA=os.path.join(os.sep, "nonexistent",
                                                     "shared", "data"))


class PythonHarness(TempRepoCase):
    def run_file(self, body, env=None):
        path = self.write("t.py", textwrap.dedent("""\
            import sys, unittest
            sys.path.insert(0, %r)
            from harness import main, shared_data
            class T(unittest.TestCase):
            """ % CLI) + textwrap.indent(textwrap.dedent(body), "    ") +
            "\nmain()\n", base=self.tmp)
        p = subprocess.run([sys.executable, path], capture_output=True,
                           text=True, env=env or os.environ, timeout=60)
        return p.returncode, p.stdout + p.stderr

    def test_a_skipped_test_makes_the_file_skip(self):
        code, out = self.run_file("""
            def test_runs(self): pass
            def test_cannot(self): self.skipTest("no such tool")
            """)
        self.assertEqual(code, SKIP, out)
        self.assertIn("1 passed, 0 failed, 1 skipped", out)
        self.assertIn("skipped: __main__.T.test_cannot: no such tool", out)

    def test_a_failure_wins_over_a_skip(self):
        code, out = self.run_file("""
            def test_fails(self): self.fail("no")
            def test_cannot(self): self.skipTest("no such tool")
            """)
        self.assertEqual(code, 1, out)

    def test_all_passing_is_ok(self):
        code, out = self.run_file("""
            def test_runs(self): pass
            """)
        self.assertEqual(code, 0, out)
        self.assertIn("1 passed, 0 failed, 0 skipped", out)

    def test_missing_shared_data_skips_and_names_what_is_missing(self):
        code, out = self.run_file("""
            def test_reads(self): shared_data(self, "forges", "x.json")
            """, env=without_shared_data())
        self.assertEqual(code, SKIP, out)
        self.assertIn("/nonexistent/shared/data/forges/x.json is missing", out)


class UnitWrapper(TempRepoCase):
    def program(self, stderr, status):
        """A stand-in for a cmocka program: prints STDERR, exits STATUS."""
        return self.write("prog", "#!/bin/sh\nprintf '%%s\\n' '%s' >&2\n%s\n"
                          % (stderr, status), base=self.tmp)

    def run_unit(self, prog, env=None):
        p = subprocess.run(["sh", RUN_UNIT] + prog, capture_output=True,
                           text=True, env=env or os.environ, timeout=300)
        return p.returncode, p.stdout + p.stderr

    def test_skipped_cases_make_the_program_skip(self):
        prog = self.program("[  SKIPPED ] 2 test(s), listed below:", "exit 0")
        self.assertEqual(self.run_unit(["sh", prog])[0], SKIP)

    def test_a_failure_keeps_its_status(self):
        prog = self.program("[  SKIPPED ] 2 test(s), listed below:", "exit 1")
        self.assertEqual(self.run_unit(["sh", prog])[0], 1)

    def test_a_crash_is_a_failure(self):
        prog = self.program("[  SKIPPED ] 2 test(s), listed below:", "kill -SEGV $$")
        code = self.run_unit(["sh", prog])[0]
        self.assertNotIn(code, (0, SKIP))

    def test_passing_without_skips_is_ok_and_output_passes_through(self):
        prog = self.program("[  PASSED  ] 3 test(s).", "echo out; exit 0")
        code, out = self.run_unit(["sh", prog])
        self.assertEqual(code, 0)
        self.assertIn("out", out)
        self.assertIn("[  PASSED  ] 3 test(s).", out)


def unit_programs_reading_shared_data():
    """tests/test_NAME.c that read $SHARED_DATA, directly or through the
    recorded responses of tests/forge_test.h."""
    names = []
    tests = os.path.join(SOURCE_ROOT, "tests")
    for n in sorted(os.listdir(tests)):
        m = re.match(r"^test_(\w+)\.c$", n)
        if m:
            with open(os.path.join(tests, n), encoding="utf-8") as f:
                text = f.read()
            if 'getenv("SHARED_DATA")' in text or \
                    re.search(r"\bfx_(recorded|replay)\(", text):
                names.append(m.group(1))
    return names


def cli_tests_reading_shared_data():
    """(file, test name) of the tests/cli/*.py tests that call shared_data()."""
    found = []
    for n in sorted(os.listdir(CLI)):
        if not n.endswith(".py") or n in ("harness.py", "skip.py"):
            continue
        with open(os.path.join(CLI, n), encoding="utf-8") as f:
            tree = ast.parse(f.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                for call in ast.walk(node):
                    if isinstance(call, ast.Call) and \
                            getattr(call.func, "id", "") == "shared_data":
                        found.append((n, node.name))
                        break
    return found


class EveryTestThatReadsSharedData(TempRepoCase):
    def test_the_scans_find_the_known_ones(self):
        self.assertLessEqual({"accounts", "feed", "publiccode", "forge_github"},
                             set(unit_programs_reading_shared_data()))
        self.assertIn(("validate.py", "test_the_reference_example_is_valid"),
                      cli_tests_reading_shared_data())

    def test_unit_programs_skip_without_it_and_pass_with_it(self):
        # Leaks stay reported under the sanitizers: a test skips before it
        # allocates (fx_need_shared_data(), tests/forge_test.h).
        env = without_shared_data()
        for name in unit_programs_reading_shared_data():
            prog = os.path.join(BUILD_ROOT, "tests", "test_" + name)
            code, out = UnitWrapper.run_unit(self, [prog], env=env)
            self.assertEqual(code, SKIP, "%s without shared data:\n%s" % (name, out))
        if not SHARED_DATA or not os.path.isdir(SHARED_DATA):
            self.skipTest("no shared data here to run them with")
        for name in unit_programs_reading_shared_data():
            prog = os.path.join(BUILD_ROOT, "tests", "test_" + name)
            code, out = UnitWrapper.run_unit(self, [prog])
            self.assertEqual(code, 0, "%s with shared data:\n%s" % (name, out))

    def test_cli_tests_skip_without_it(self):
        for file, name in cli_tests_reading_shared_data():
            p = subprocess.run([sys.executable, os.path.join(CLI, file), "-k", name],
                               capture_output=True, text=True, timeout=300,
                               env=without_shared_data())
            self.assertEqual(p.returncode, SKIP, "%s %s:\n%s%s" % (
                file, name, p.stdout, p.stderr))
            self.assertIn("0 passed, 0 failed, 1 skipped", p.stdout)


if __name__ == "__main__":
    main()
