"""CLI tests of `inventaire validate` and of publiccode.yml inside
`inventaire check`."""
import http.server
import json
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (INVENTAIRE, README_TEXT, TempRepoCase,  # noqa: E402
                     main, run, run_json, shared_data)

TESTS_DIR = os.environ.get("TESTS_DIR", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), ".."))
VALID = os.path.join(TESTS_DIR, "publiccode", "valid.yml")


def valid_text():
    with open(VALID, encoding="utf-8") as f:
        return f.read()


class ValidateOutput(TempRepoCase):
    def test_a_valid_file_prints_nothing_and_exits_0(self):
        code, out, err = run("validate", VALID)
        self.assertEqual((code, out, err), (0, "", ""))
        code, r, _ = run_json("validate", VALID)
        self.assertEqual((code, r), (0, []))

    def test_errors_are_printed_as_errorformat_lines_and_exit_1(self):
        p = self.write("publiccode.yml",
                       valid_text().replace("developmentStatus: stable",
                                            "developmentStatus: done"))
        code, out, _ = run("validate", p)
        self.assertEqual(code, 1)
        self.assertEqual(out, p + ":10:1: error: developmentStatus: "
                         "developmentStatus must be one of the following: "
                         "\"concept\", \"development\", \"beta\", \"stable\" "
                         "or \"obsolete\"\n")

    def test_json_is_the_list_of_results_with_the_same_exit_code(self):
        p = self.write("publiccode.yml", valid_text().replace(
            'publiccodeYmlVersion: "0"', 'publiccodeYmlVersion: "0.4"')
            .replace("  license: EUPL-1.2", "  license: Licence Ouverte"))
        code, r, _ = run_json("validate", p)
        self.assertEqual(code, 1)
        self.assertEqual(r, [
            {"type": "warning", "key": "publiccodeYmlVersion",
             "description": "v0.4 is not the latest version, use '0'. "
                            "Parsing this file as v0.7.",
             "line": 1, "column": 1},
            {"type": "error", "key": "legal.license",
             "description": "license must be a valid license (see "
                            "https://spdx.org/licenses)",
             "line": 22, "column": 3}])

    def test_warnings_alone_exit_0(self):
        p = self.write("publiccode.yml", valid_text().replace(
            "  license: EUPL-1.2", "  license: EUPL-1.2\n  repoOwner: DREES"))
        code, out, _ = run("validate", p)
        self.assertEqual(code, 0)
        self.assertIn(":23:3: warning: legal.repoOwner: This key is "
                      "DEPRECATED", out)

    def test_dash_reads_standard_input(self):
        code, out, _ = run("validate", "-",
                           input=valid_text().replace("name: Rendez-vous "
                                                      "santé\n", "").encode())
        self.assertEqual(code, 1)
        self.assertEqual(out, "-:1:1: error: name: name is a required "
                              "field\n")

    def test_several_files_in_json_are_keyed_by_file(self):
        bad = self.write("bad.yml", "publiccodeYmlVersion: 0.2\n")
        code, r, _ = run_json("validate", VALID, bad)
        self.assertEqual(code, 1)
        self.assertEqual(r[VALID], [])
        self.assertEqual(r[bad], [{"type": "error",
                                   "key": "publiccodeYmlVersion",
                                   "description": "wrong type for this field",
                                   "line": 1, "column": 1}])

    def test_relative_logo_is_looked_up_beside_the_file(self):
        p = self.write("publiccode.yml", valid_text() + "logo: img/logo.svg\n")
        code, out, _ = run("validate", p)
        self.assertEqual(code, 1)
        self.assertIn("error: logo: no such file: " +
                      os.path.realpath(self.path("repo")) + "/img/logo.svg",
                      out)
        self.write("img/logo.svg", "<svg/>")
        self.assertEqual(run("validate", p)[:2], (0, ""))

    def test_the_reference_example_is_valid(self):
        ex = shared_data(self, "publiccode", "parser", "publiccode.yml")
        code, out, _ = run("validate", ex)
        self.assertEqual(code, 0)
        self.assertEqual(out.count("\n"), 1)
        self.assertIn(": warning: publiccodeYmlVersion: v0.5 is not the "
                      "latest version", out)


class ValidateUsage(TempRepoCase):
    def test_help_prints_usage_and_exits_0(self):
        code, out, _ = run("validate", "--help")
        self.assertEqual(code, 0)
        self.assertIn("usage: inventaire validate", out)
        self.assertEqual(run("help", "validate")[1], out)
        self.assertEqual(run("validate", "-h")[1], out)

    def test_usage_errors_exit_2_with_a_hint(self):
        for args in (["validate"], ["validate", "--format", "xml", VALID],
                     ["validate", "--bogus", VALID],
                     ["validate", VALID, "--format"]):
            code, out, err = run(*args)
            self.assertEqual(code, 2, args)
            self.assertEqual(out, "")
            self.assertIn("(see 'inventaire validate --help')", err)

    def test_an_unreadable_file_exits_4_and_names_it(self):
        code, _, err = run("validate", self.path("nope.yml"))
        self.assertEqual(code, 4)
        self.assertIn("nope.yml", err)
        code, _, err = run("validate", self.tmp)
        self.assertEqual(code, 4)
        self.assertIn("is a directory", err)


class ValidateHostileInput(TempRepoCase):
    def one_error(self, data, needle, via_stdin=False):
        p = self.write("publiccode.yml", data)
        t0 = time.monotonic()
        if via_stdin:
            with open(p, "rb") as f:
                proc = subprocess.run([INVENTAIRE, "validate", "--format",
                                       "json", "-"], stdin=f,
                                      capture_output=True, timeout=60)
            code, out = proc.returncode, proc.stdout.decode()
        else:
            code, out, _ = run("validate", "--format", "json", p)
        self.assertLess(time.monotonic() - t0, 5)
        self.assertEqual(code, 1)
        r = json.loads(out)
        self.assertEqual(len(r), 1, r)
        self.assertEqual(r[0]["type"], "error")
        self.assertIn(needle, r[0]["description"])

    def test_billion_laughs(self):
        doc = 'publiccodeYmlVersion: "0"\na0: &a0 ["lol","lol","lol"]\n'
        for i in range(1, 12):
            doc += "a%d: &a%d [%s]\n" % (i, i, ",".join(["*a%d" % (i - 1)] * 9))
        self.one_error(doc, "expands to more than")

    def test_ten_thousand_levels(self):
        self.one_error('publiccodeYmlVersion: "0"\nname: ' + "[" * 10000 +
                       "]" * 10000 + "\n", "nesting deeper than")

    def test_non_utf8(self):
        self.one_error(b'publiccodeYmlVersion: "0"\nname: \xff\xfe\n',
                       "Invalid UTF-8")

    def test_several_documents(self):
        self.one_error('publiccodeYmlVersion: "0"\n---\nname: x\n',
                       "multiple YAML documents")

    def test_a_100_mb_file_is_refused_in_bounded_memory(self):
        big = 'publiccodeYmlVersion: "0"\nname: "' + "x" * (100 << 20) + '"\n'
        self.one_error(big, "more than 1048576 bytes")
        # the same through a pipe, which is read and capped, not stat'ed;
        # peak memory measured in a child of a fresh interpreter
        p = self.path("repo", "publiccode.yml")
        probe = ("import resource,subprocess,sys\n"
                 "with open(sys.argv[2],'rb') as f:\n"
                 "    r=subprocess.run([sys.argv[1],'validate','-'],stdin=f,"
                 "capture_output=True)\n"
                 "print(r.returncode, resource.getrusage("
                 "resource.RUSAGE_CHILDREN).ru_maxrss)\n")
        out = subprocess.run([sys.executable, "-c", probe, INVENTAIRE, p],
                             capture_output=True, timeout=60).stdout.split()
        self.assertEqual(out[0], b"1")
        asan = "asan" in os.path.basename(os.path.dirname(INVENTAIRE)) or \
            os.environ.get("ASAN_OPTIONS") is not None
        if not asan:
            self.assertLess(int(out[1]), 20 * 1024)  # KiB


class Handler(http.server.BaseHTTPRequestHandler):
    """/ok answers 200, anything else 404."""

    def do_GET(self):
        self.send_response(200 if self.path == "/ok" else 404)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


class ValidateNetwork(TempRepoCase):
    """--network against a local server: no internet involved."""

    def setUp(self):
        super().setUp()
        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever,
                         daemon=True).start()
        self.base = "http://127.0.0.1:%d" % self.server.server_port

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        super().tearDown()

    def test_unreachable_urls_are_errors_only_with_network(self):
        # url: a closed local port, refused at once
        text = valid_text().replace(
            "https://git.example.org/sante/rendez-vous",
            "http://127.0.0.1:1/sante/rendez-vous").replace(
            'landingURL: "https://rendez-vous.example.org"',
            'landingURL: "%s/ok"' % self.base) + \
            'roadmap: "%s/missing"\n' % self.base
        p = self.write("publiccode.yml", text)
        self.assertEqual(run("validate", p)[0], 0)
        self.assertEqual(run("validate", "--no-network", p)[0], 0)
        env = {k: v for k, v in os.environ.items()
               if "proxy" not in k.lower()}
        # As in the reference's internal/safehttp.go: loopback targets are
        # refused unless allowed.
        code, r, _ = run_json("validate", "--network", p, env=env)
        self.assertEqual(code, 1)
        self.assertTrue(all("private, loopback or link-local" in x["description"]
                            for x in r if x["key"] in ("url", "landingURL",
                                                       "roadmap")
                            and "reachable" in x["description"]), r)
        self.assertIn("landingURL", [x["key"] for x in r])
        env["INVENTAIRE_NETWORK_ALLOW_PRIVATE"] = "1"
        code, r, _ = run_json("validate", "--network", p, env=env)
        self.assertEqual(code, 1)
        keys = [(x["key"], x["description"]) for x in r]
        self.assertEqual(keys[0][0], "url")
        self.assertIn("not reachable", keys[0][1])
        self.assertEqual(keys[1], ("url", "is not a valid code repository"))
        self.assertEqual(keys[2], ("roadmap", "'%s/missing' not reachable: "
                                   "HTTP GET failed for %s/missing: not found"
                                   % (self.base, self.base)))
        self.assertEqual(len(r), 3)


class CheckPubliccode(TempRepoCase):
    def test_check_reports_the_section_and_the_first_error(self):
        text = valid_text().replace("  type: internal", "  type: contract")
        d = self.repo({"README.md": README_TEXT, "LICENSE": "MIT License\n",
                       "publiccode.yml": text})
        code, r, _ = run_json("check", d)
        pc = r["publiccode"]
        self.assertEqual(set(pc), {"path", "valid", "version", "results"})
        self.assertEqual(pc["path"], "publiccode.yml")
        self.assertIs(pc["valid"], False)
        self.assertEqual(pc["version"], "0")
        self.assertEqual(pc["results"], [
            {"type": "error", "key": "maintenance.contractors",
             "description": "contractors is a required field when \"type\" "
                            "is \"contract\"", "line": 24, "column": 3}])
        f = [f for f in r["findings"] if f["rule"] == "publiccode.invalid"]
        self.assertEqual(len(f), 1)
        self.assertEqual((f[0]["level"], f[0]["path"], f[0]["line"],
                          f[0]["column"]), ("error", "publiccode.yml", 24, 3))
        self.assertEqual(code, 1)

    def test_a_valid_file_reads_valid_with_its_version(self):
        d = self.repo({"README.md": README_TEXT, "LICENSE": "MIT License\n",
                       "publiccode.yml": valid_text(),
                       "logo.svg": "<svg/>"})
        code, r, _ = run_json("check", d)
        self.assertEqual(r["publiccode"], {"path": "publiccode.yml",
                                           "valid": True, "version": "0",
                                           "results": []})
        self.assertNotIn("publiccode.invalid", self.rules(r))

    def test_explain_knows_the_new_rules(self):
        for rule in ("publiccode.invalid", "publiccode.url-mismatch"):
            code, out, _ = run("check", "--explain", rule)
            self.assertEqual(code, 0)
            self.assertIn(rule, out)


if __name__ == "__main__":
    main()
