"""CLI tests of `inventaire check` on throw-away repositories."""
import json
import os
import pty
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (README_TEXT, TESTS_DIR, TempRepoCase, git, main,  # noqa: E402
                     run, run_json)

BASIC = {"README.md": README_TEXT, "LICENSE": "MIT License\n",
         "CONTRIBUTING.md": "Open an issue.\n"}
SVG = "{http://www.w3.org/2000/svg}"

# A publiccode.yml with several errors, some at a line of their own.
BAD_PUBLICCODE = ("publiccodeYmlVersion: '0.4'\nname: demo\n"
                  "url: https://example.org/demo\nplatforms: []\n"
                  "softwareType: nonsense\n")


def mit(edit=None):
    """The MIT licence text, with EDIT = (old, new) applied."""
    with open(os.path.join(TESTS_DIR, "..", "data", "licences", "texts",
                           "MIT.txt"), encoding="utf-8") as f:
        text = f.read()
    return text.replace(*edit) if edit else text


class CheckOutput(TempRepoCase):
    def test_fresh_repository_prints_the_documented_object(self):
        d = self.repo(BASIC)
        code, r, _ = run_json("check", cwd=d)
        head = git(d, "rev-parse", "HEAD").strip()
        self.assertEqual(code, 0)
        self.assertEqual(r["repository"]["path"], os.path.realpath(d))
        self.assertEqual(r["repository"]["head"], head)
        self.assertEqual(r["repository"]["branch"], "main")
        # "MIT License" alone is a title, not a licence text
        self.assertEqual(r["license"]["spdx"], "NOASSERTION")
        self.assertIn("LICENSE", [f["path"] for f in r["license"]["files"]])
        self.assertEqual(r["readme"]["path"], "README.md")
        self.assertEqual(r["publiccode"], {"path": None, "valid": None,
                                           "results": []} | {
            k: v for k, v in r["publiccode"].items()
            if k not in ("path", "valid", "results")})
        self.assertEqual(r["community"], {"contributing": "CONTRIBUTING.md",
                                          "changelog": None,
                                          "code_of_conduct": None,
                                          "security": None})
        for f in r["findings"]:
            self.assertEqual(set(f), {"rule", "level", "path", "line",
                                      "column", "message", "fix"})
            self.assertIn(f["level"], ("error", "warning", "info"))
        self.assertNotIn("readme.missing", self.rules(r))
        self.assertNotIn("license.missing", self.rules(r))

    def test_missing_readme_exits_1_with_readme_missing(self):
        d = self.repo({"LICENSE": "MIT License\n"})
        code, r, _ = run_json("check", d)
        self.assertEqual(code, 1)
        f = [f for f in r["findings"] if f["rule"] == "readme.missing"]
        self.assertEqual(len(f), 1)
        self.assertEqual(f[0]["level"], "error")
        self.assertTrue(f[0]["fix"])

    def test_empty_readme_and_title_only_readme_are_reported(self):
        d = self.repo({"README.md": "\ufeff \n\n", "LICENSE": "x"})
        self.assertIn("readme.empty", self.rules(run_json("check", d)[1]))
        d = self.repo({"README.rst": "Demo\n====\n", "LICENSE": "x"},
                      name="title")
        code, r, _ = run_json("check", d)
        self.assertEqual(r["readme"]["path"], "README.rst")
        self.assertIn("readme.too-short", self.rules(r))
        self.assertEqual(code, 0, "a short README is a warning, not an error")

    def test_readme_with_any_extension_and_case_is_found(self):
        d = self.repo({"readme.fr.txt": README_TEXT, "LICENSE": "x"})
        self.assertEqual(run_json("check", d)[1]["readme"]["path"],
                         "readme.fr.txt")

    def test_licence_files_in_any_spelling_case_and_suffix_are_found(self):
        names = ["LICENCE.fr.txt", "Licence_CeCILL_V2.1-fr.txt", "COPYING",
                 "license.md", "UNLICENSE", "COPYRIGHT", "LICENSES/MIT.txt"]
        d = self.repo({**{n: "text\n" for n in names},
                       "LICENSESX": "not a licence", "README.md": README_TEXT})
        paths = [f["path"] for f in run_json("check", d)[1]["license"]["files"]]
        self.assertEqual(sorted(paths), sorted(names))

    def test_missing_licence_is_an_error(self):
        d = self.repo({"README.md": README_TEXT})
        code, r, _ = run_json("check", d)
        self.assertEqual(code, 1)
        self.assertIn("license.missing", self.rules(r))

    def test_community_files_are_found_in_github_gitlab_and_docs(self):
        d = self.repo({"README.md": README_TEXT, "LICENSE": "x",
                       ".github/CONTRIBUTING.md": "c", "docs/HISTORY.rst": "h",
                       ".gitlab/CODE_OF_CONDUCT.md": "c", "SECURITY": "s"})
        r = run_json("check", d)[1]
        self.assertEqual(r["community"], {
            "contributing": ".github/CONTRIBUTING.md",
            "changelog": "docs/HISTORY.rst",
            "code_of_conduct": ".gitlab/CODE_OF_CONDUCT.md",
            "security": "SECURITY"})
        self.assertFalse([x for x in self.rules(r) if x.startswith("community")])

    def test_publiccode_yaml_is_found_with_a_warning(self):
        d = self.repo({**BASIC, "publiccode.yaml": "publiccodeYmlVersion: '0.4'\n"})
        r = run_json("check", d)[1]
        self.assertEqual(r["publiccode"]["path"], "publiccode.yaml")
        self.assertIn("publiccode.yaml-extension", self.rules(r))
        d = self.repo(BASIC, name="none")
        r = run_json("check", d)[1]
        f = [f for f in r["findings"] if f["rule"] == "publiccode.missing"]
        self.assertEqual(f[0]["level"], "info")


class CheckSources(TempRepoCase):
    def test_subdirectory_of_a_work_tree_checks_the_whole_repository(self):
        d = self.repo({**BASIC, "src/main.c": "int main;\n"})
        code, r, _ = run_json("check", os.path.join(d, "src"))
        self.assertEqual(code, 0)
        self.assertEqual(r["repository"]["path"], os.path.realpath(d))
        self.assertEqual(r["readme"]["path"], "README.md")

    def test_head_is_read_not_the_work_tree_unless_worktree_is_given(self):
        d = self.repo(BASIC)
        os.remove(os.path.join(d, "README.md"))
        self.write("LICENSE", "changed\n", base=d)
        self.assertEqual(run_json("check", d)[1]["readme"]["path"], "README.md")
        code, r, _ = run_json("check", "--worktree", d)
        self.assertEqual(code, 1)
        self.assertEqual(r["repository"]["source"], "worktree")
        self.assertIn("readme.missing", self.rules(r))
        # Nothing was written: the deletion is still pending in git.
        self.assertIn("D README.md", git(d, "status", "--short"))

    def test_bare_repository_is_read_at_head(self):
        d = self.repo(BASIC)
        bare = self.path("bare.git")
        git(self.tmp, "clone", "-q", "--bare", d, bare)
        code, r, _ = run_json("check", bare)
        self.assertEqual(code, 0)
        self.assertEqual(r["repository"]["source"], "git-bare")
        self.assertEqual(r["readme"]["path"], "README.md")
        code, _, err = run("check", "--worktree", bare)
        self.assertEqual(code, 2)
        self.assertIn("bare", err)

    def test_plain_directory_without_git_is_read_from_disk(self):
        d = self.path("plain")
        for rel, c in BASIC.items():
            self.write(rel, c, base=d)
        code, r, _ = run_json("check", d)
        self.assertEqual(code, 0)
        self.assertEqual(r["repository"]["source"], "directory")
        self.assertIsNone(r["repository"]["head"])
        self.assertEqual(r["readme"]["path"], "README.md")

    def test_path_defaults_to_the_current_directory(self):
        d = self.repo(BASIC)
        self.assertEqual(run_json("check", cwd=d)[1]["repository"]["path"],
                         os.path.realpath(d))


    def test_url_is_fetched_into_the_cache_and_checked_like_a_clone(self):
        d = self.repo(BASIC)
        bare = self.path("served.git")
        git(self.tmp, "clone", "-q", "--bare", d, bare)
        cache = self.path("cache")
        code, r, _ = run_json("check", "--cache", cache, "file://" + bare)
        self.assertEqual(code, 0)
        self.assertEqual(r["repository"]["source"], "remote")
        self.assertEqual(r["repository"]["url"], "file://" + bare)
        self.assertEqual(r["repository"]["head"],
                         git(d, "rev-parse", "HEAD").strip())
        self.assertEqual(r["readme"]["path"], "README.md")
        self.assertTrue(os.listdir(cache))
        local = run_json("check", d)[1]
        self.assertEqual(r["findings"], local["findings"])
        code, _, err = run("check", "--cache", cache, "file://" + self.path("nope.git"))
        self.assertEqual(code, 4)
        self.assertIn("nope.git", err)


class CheckBadInput(TempRepoCase):
    def test_repository_with_no_commits_is_reported_not_crashed(self):
        d = self.repo({"README.md": README_TEXT}, commit=False)
        code, r, _ = run_json("check", d)
        self.assertEqual(code, 1)
        self.assertIn("repository.no-commits", self.rules(r))
        self.assertIsNone(r["repository"]["head"])
        self.assertEqual(r["repository"]["branch"], "main")
        # --worktree checks the files anyway.
        code, r, _ = run_json("check", "--worktree", d)
        self.assertEqual(r["readme"]["path"], "README.md")

    def test_detached_head_is_checked_with_no_branch(self):
        d = self.repo(BASIC)
        git(d, "checkout", "-q", "--detach")
        code, r, _ = run_json("check", d)
        self.assertEqual(code, 0)
        self.assertIsNone(r["repository"]["branch"])
        self.assertEqual(r["repository"]["head"], git(d, "rev-parse", "HEAD").strip())

    def test_head_pointing_to_a_missing_branch_is_reported(self):
        d = self.repo(BASIC)
        git(d, "symbolic-ref", "HEAD", "refs/heads/gone")
        code, r, _ = run_json("check", d)
        self.assertEqual(code, 1)
        f = [f for f in r["findings"] if f["rule"] == "repository.head-missing"]
        self.assertEqual(len(f), 1)
        self.assertIn("refs/heads/gone", f[0]["message"])
        self.assertIn("main", f[0]["message"])

    def test_readme_symlink_inside_the_tree_is_followed(self):
        d = self.repo({"docs/intro.md": README_TEXT, "LICENSE": "x"})
        os.symlink("docs/intro.md", os.path.join(d, "README.md"))
        git(d, "add", "-A")
        git(d, "commit", "-q", "-m", "link")
        code, r, _ = run_json("check", d)
        self.assertEqual(code, 0)
        self.assertEqual(r["readme"]["path"], "README.md")
        self.assertNotIn("readme.too-short", self.rules(r))

    def test_readme_symlink_outside_the_repository_is_never_followed(self):
        secret = self.write("secret.txt", README_TEXT, base=self.tmp)
        d = self.repo({"LICENSE": "x"})
        os.symlink(secret, os.path.join(d, "README.md"))
        os.symlink("../secret.txt", os.path.join(d, "README"))
        git(d, "add", "-A")
        git(d, "commit", "-q", "-m", "links")
        for args in (["check", d], ["check", "--worktree", d]):
            code, r, _ = run_json(*args)
            self.assertEqual(code, 1, args)
            f = [f for f in r["findings"] if f["rule"] == "readme.unreadable"]
            self.assertEqual(len(f), 1, args)
            self.assertIn("outside the repository", f[0]["message"])
            self.assertNotIn("bytes", r["readme"])

    def test_licence_that_is_a_directory_or_a_submodule_is_not_a_licence(self):
        d = self.repo({"README.md": README_TEXT, "LICENSE/README": "x"})
        code, r, _ = run_json("check", d)
        self.assertEqual(code, 1)
        self.assertIn("license.not-a-file", self.rules(r))
        self.assertIn("license.missing", self.rules(r))
        head = git(d, "rev-parse", "HEAD").strip()
        git(d, "rm", "-rq", "LICENSE")
        git(d, "update-index", "--add", "--cacheinfo", f"160000,{head},COPYING")
        git(d, "commit", "-q", "-m", "submodule")
        r = run_json("check", d)[1]
        f = [f for f in r["findings"] if f["rule"] == "license.not-a-file"]
        self.assertEqual(f[0]["path"], "COPYING")
        self.assertIn("submodule", f[0]["message"])

    def test_huge_blob_is_not_read_and_the_cap_is_reported(self):
        d = self.repo({"LICENSE": "x"})
        big = os.path.join(d, "README.md")
        with open(big, "wb") as f:
            f.truncate(1 << 30)  # 1 GiB, sparse on disk
        git(d, "add", "-A")
        git(d, "commit", "-q", "-m", "big")
        os.truncate(big, 0)
        code, r, _ = run_json("check", d, timeout=30)
        f = [f for f in r["findings"] if f["rule"] == "file.too-large"]
        self.assertEqual(len(f), 1)
        self.assertIn(str(1 << 30), f[0]["message"])
        self.assertEqual(r["readme"]["bytes"], 1 << 30)

    def test_file_names_that_are_not_utf8_give_valid_json(self):
        d = self.repo(BASIC)
        with open(os.path.join(d.encode(), b"LICENSE-\xff.txt"), "w") as f:
            f.write("x")
        git(d, "add", "-A")
        git(d, "commit", "-q", "-m", "latin1 name")
        code, r, _ = run_json("check", d)
        self.assertIn("LICENSE-\\xff.txt",
                      [f["path"] for f in r["license"]["files"]])

    def test_path_that_does_not_exist_exits_4_naming_it(self):
        code, out, err = run("check", self.path("nope"))
        self.assertEqual(code, 4)
        self.assertIn(self.path("nope"), err)
        self.assertEqual(out, "")

    def test_path_without_read_permission_exits_4(self):
        d = self.repo(BASIC)
        os.chmod(d, 0)
        try:
            cmd = ["check", d]
            if os.geteuid() == 0:
                # root reads anything: drop to nobody for this test.
                if not shutil.which("setpriv"):
                    self.skipTest("no setpriv to drop root")
                p = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup",
                                    "--clear-groups", os.environ["INVENTAIRE"],
                                    *cmd], capture_output=True, timeout=30)
                code, err = p.returncode, p.stderr.decode()
            else:
                code, _, err = run(*cmd)
        finally:
            os.chmod(d, 0o755)
        self.assertEqual(code, 4, err)
        self.assertIn("Permission denied", err)


class CheckFormatsAndCli(TempRepoCase):
    def test_exit_codes_follow_fail_on_in_every_format(self):
        d = self.repo({"README.md": "# T\n", "LICENSE": "x"})  # a warning
        for fmt in ("text", "json", "sarif", "junit"):
            self.assertEqual(run("check", "--format", fmt, d)[0], 0, fmt)
            self.assertEqual(run("check", "--format", fmt, "--fail-on",
                                 "warning", d)[0], 1, fmt)
        d = self.repo({"LICENSE": "x"}, name="noreadme")
        for fmt in ("text", "json", "sarif", "junit"):
            self.assertEqual(run("check", "--format", fmt, d)[0], 1, fmt)
            self.assertEqual(run("check", "--format", fmt, "--fail-on",
                                 "never", d)[0], 0, fmt)

    def test_sarif_is_2_1_0_with_a_location_for_every_result(self):
        d = self.repo({"README.md": "# T\n"})
        code, out, _ = run("check", "--format", "sarif", d)
        s = json.loads(out)
        self.assertEqual(s["version"], "2.1.0")
        run0 = s["runs"][0]
        rules = [r["id"] for r in run0["tool"]["driver"]["rules"]]
        self.assertIn("readme.too-short", rules)
        by_rule = {r["ruleId"]: r for r in run0["results"]}
        self.assertEqual(by_rule["license.missing"]["level"], "error")
        for res in run0["results"]:
            self.assertEqual(rules[res["ruleIndex"]], res["ruleId"])
            loc = res["locations"][0]["physicalLocation"]
            self.assertTrue(loc["artifactLocation"]["uri"])
        # A missing file's finding points at a real file: the README.
        self.assertEqual(by_rule["license.missing"]["locations"][0]
                         ["physicalLocation"]["artifactLocation"]["uri"], "README.md")
        self.assertEqual(by_rule["readme.too-short"]["locations"][0]
                         ["physicalLocation"]["region"]["startLine"], 1)

    def test_junit_has_one_test_case_per_rule_failing_at_fail_on(self):
        d = self.repo({"README.md": "# T\n"})
        code, out, _ = run("check", "--format", "junit", d)
        root = ET.fromstring(out)
        cases = {c.get("name"): c for c in root.iter("testcase")}
        _, rules, _ = run("check", "--explain", "list")
        self.assertEqual(len(cases), len(rules.splitlines()))
        self.assertIsNotNone(cases["license.missing"].find("failure"))
        self.assertIsNone(cases["readme.too-short"].find("failure"))
        self.assertIsNotNone(cases["readme.too-short"].find("system-out"))
        self.assertEqual(root.find("testsuite").get("failures"), "1")
        out = run("check", "--format", "junit", "--fail-on", "warning", d)[1]
        cases = {c.get("name"): c for c in ET.fromstring(out).iter("testcase")}
        self.assertIsNotNone(cases["readme.too-short"].find("failure"))

    def test_text_starts_with_the_verdict_and_gives_each_fix(self):
        d = self.repo({"LICENSE": "x"})
        code, out, _ = run("check", d)
        self.assertTrue(out.startswith("FAIL  1 error"), out)
        self.assertIn("readme.missing", out)
        self.assertIn("fix: Add a README.md", out)
        self.assertNotIn("\033[", out)

    def test_colour_only_on_a_terminal_and_never_with_no_color(self):
        d = self.repo({"LICENSE": "x"})

        def on_tty(env):
            pid, fd = pty.fork()
            if pid == 0:
                os.execve(os.environ["INVENTAIRE"],
                          ["inventaire", "check", d], env)
            chunks = []
            while True:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    break
                if not data:
                    break
                chunks.append(data)
            os.waitpid(pid, 0)
            return b"".join(chunks).decode()

        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env["TERM"] = "xterm"
        self.assertIn("\033[", on_tty(env))
        self.assertNotIn("\033[", on_tty(dict(env, NO_COLOR="1")))

    def test_output_file_gets_the_data_and_stdout_stays_empty(self):
        d = self.repo(BASIC)
        out_file = self.path("report.json")
        code, out, _ = run("check", "--format", "json", "-o", out_file, d)
        self.assertEqual((code, out), (0, ""))
        with open(out_file) as f:
            self.assertEqual(json.load(f)["readme"]["path"], "README.md")
        self.assertEqual([n for n in os.listdir(self.tmp) if ".tmp." in n], [])

    def test_usage_errors_exit_2_with_a_one_line_hint(self):
        for args in (["check", "--format", "yaml"], ["check", "--bogus"],
                     ["check", "a", "b"], ["check", "--fail-on", "info"],
                     ["check", "--format"], ["frobnicate"], []):
            code, out, err = run(*args)
            self.assertEqual(code, 2, args)
            self.assertIn("--help", err, args)
            self.assertEqual(len(err.splitlines()), 1, err)

    def test_help_version_and_help_command(self):
        code, out, _ = run("--help")
        self.assertEqual(code, 0)
        self.assertIn("check", out)
        code, out, _ = run("--version")
        self.assertEqual(code, 0)
        self.assertRegex(out, r"^inventaire \d+\.\d+\.\d+")
        code, out, _ = run("help", "check")
        self.assertEqual(code, 0)
        self.assertIn("usage: inventaire check", out)
        self.assertEqual(run("check", "-h")[1], out)

    def test_explain_prints_what_a_rule_means(self):
        # In English here; tests/cli/i18n.py runs it in French.
        code, out, _ = run("check", "--explain", "readme.missing")
        self.assertEqual(code, 0)
        self.assertIn("No README at the root", out)
        self.assertEqual(run("check", "--explain", "no.such")[0], 2)

    def test_the_same_repository_gives_the_same_bytes(self):
        d = self.repo(BASIC)
        a = run("check", "--format", "json", d)[1]
        self.assertEqual(a, run("check", "--format", "json", d)[1])


class CheckForTeams(TempRepoCase):
    def test_lisezmoi_is_a_readme_and_a_readme_comes_first(self):
        for name in ("LISEZMOI.md", "LISEZ-MOI", "lisezmoi.txt", "LISEZMOI.fr.md",
                     "Lisez-Moi.rst"):
            d = self.repo({name: README_TEXT, "LICENSE": "x"},
                          name=name.replace(".", "_"))
            code, r, _ = run_json("check", d)
            self.assertEqual(r["readme"]["path"], name)
            self.assertNotIn("readme.missing", self.rules(r))
        for i, (files, chosen) in enumerate((
                ({"LISEZMOI.md": README_TEXT, "README.md": "# T\n"}, "README.md"),
                ({"LISEZMOI.md": README_TEXT, "readme.txt": README_TEXT}, "readme.txt"),
                ({"LISEZMOI.txt": README_TEXT, "LISEZMOI.md": README_TEXT},
                 "LISEZMOI.md"))):
            d = self.repo({**files, "LICENSE": "x"}, name="both%d" % i)
            self.assertEqual(run_json("check", d)[1]["readme"]["path"], chosen, files)
        # Fetched the way the crawl fetches it, too.
        d = self.repo({"LISEZMOI.md": README_TEXT, "LICENSE": "x"}, name="remote")
        bare = self.path("remote.git")
        git(self.tmp, "clone", "-q", "--bare", d, bare)
        r = run_json("check", "--cache", self.path("cache"), "file://" + bare)[1]
        self.assertEqual(r["readme"]["path"], "LISEZMOI.md")

    def test_every_publiccode_error_is_a_finding_in_every_format(self):
        d = self.repo({**BASIC, "publiccode.yml": BAD_PUBLICCODE})
        code, r, _ = run_json("check", d)
        errors = [e for e in r["publiccode"]["results"] if e["type"] == "error"]
        found = [f for f in r["findings"] if f["rule"] == "publiccode.invalid"]
        self.assertGreaterEqual(len(errors), 3)
        self.assertEqual(sorted((f["line"], f["column"]) for f in found),
                         sorted((e["line"], e["column"]) for e in errors))
        for e in errors:
            self.assertIn(f"{e['key']}: {e['description']}",
                          [f["message"] for f in found])
        self.assertFalse([f for f in found if "in all" in f["message"]])
        text = run("check", d)[1]
        for e in errors:
            self.assertIn(e["description"], text)
        self.assertNotIn("errors in all", text)
        sarif = json.loads(run("check", "--format", "sarif", d)[1])
        self.assertEqual(len([x for x in sarif["runs"][0]["results"]
                              if x["ruleId"] == "publiccode.invalid"]), len(errors))
        junit = ET.fromstring(run("check", "--format", "junit", d)[1])
        case = [c for c in junit.iter("testcase")
                if c.get("name") == "publiccode.invalid"][0]
        body = case.find("failure").text
        self.assertEqual(len(body.strip().splitlines()), len(errors))
        for e in errors:
            self.assertIn(e["description"], body)

    def test_a_licence_in_the_work_tree_but_not_committed_is_named(self):
        d = self.repo({"README.md": README_TEXT})
        self.write("LICENCE.md", mit(), base=d)
        code, r, _ = run_json("check", d)
        self.assertEqual(code, 1)
        f = [f for f in r["findings"] if f["rule"] == "license.missing"][0]
        self.assertIn("LICENCE.md is in the work tree but not committed",
                      f["message"])
        self.assertIn("--worktree", f["fix"])
        code, r, _ = run_json("check", "--worktree", d)
        self.assertNotIn("license.missing", self.rules(r))
        # Committed: nothing missing. Missing everywhere: nothing to say.
        git(d, "add", "-A")
        git(d, "commit", "-qm", "licence")
        self.assertNotIn("license.missing", self.rules(run_json("check", d)[1]))
        d = self.repo({"README.md": README_TEXT}, name="none")
        f = [f for f in run_json("check", d)[1]["findings"]
             if f["rule"] == "license.missing"][0]
        self.assertNotIn("work tree", f["message"])

    def badge(self, d, *args):
        path = self.path("badge.svg")
        code, out, err = run("check", "--badge", path, *args, d)
        self.assertIn(code, (0, 1), err)
        svg = ET.parse(path).getroot()
        return code, svg, svg.find(SVG + "title").text

    def test_the_badge_says_conforme_when_no_finding_is_an_error(self):
        code, svg, title = self.badge(self.repo(BASIC))
        self.assertEqual((code, title), (0, "code.gouv.fr : conforme"))
        self.assertEqual(svg.get("role"), "img")
        self.assertEqual(svg.get("aria-label"), title)
        self.assertEqual([t.text for t in svg.iter(SVG + "text")][1::2],
                         ["code.gouv.fr", "conforme"])
        self.assertIn('fill="#1a7f37"', ET.tostring(svg, encoding="unicode"))
        # A warning fails --fail-on warning but leaves the badge conforme.
        d = self.repo({"README.md": "# T\n", "LICENSE": "x"}, name="warning")
        code, _, title = self.badge(d, "--fail-on", "warning", "--format", "json")
        self.assertEqual((code, title), (1, "code.gouv.fr : conforme"))

    def test_the_badge_says_non_conforme_on_an_error_unless_it_is_silenced(self):
        d = self.repo({"README.md": README_TEXT}, name="nolicence")
        code, svg, title = self.badge(d)
        self.assertEqual((code, title), (1, "code.gouv.fr : non conforme"))
        self.assertIn('fill="#cf222e"', ET.tostring(svg, encoding="unicode"))
        green = self.badge(self.repo(BASIC))[1]
        self.assertGreater(int(svg.get("width")), int(green.get("width")))
        self.write(".inventaire.yml", "rules:\n  license.missing:\n    level: off\n"
                   "    reason: \"licence being chosen\"\n", base=d)
        code, _, title = self.badge(d, "--worktree")
        self.assertEqual((code, title), (0, "code.gouv.fr : conforme"))

    def test_the_badge_is_written_whole_or_not_at_all(self):
        d = self.repo(BASIC)
        self.badge(d)
        self.assertEqual([n for n in os.listdir(self.tmp) if ".tmp." in n], [])
        bad = self.path("no", "such", "badge.svg")
        code, _, err = run("check", "--badge", bad, d)
        self.assertEqual(code, 4)
        self.assertIn(bad, err)
        self.assertEqual(run("check", "--badge")[0], 2)

    def test_reals_are_printed_as_short_decimals(self):
        # A licence text with one word changed: 99.3% similar.
        d = self.repo({"README.md": README_TEXT,
                       "LICENSE": mit(("furnished", "provided"))})
        out = run("check", "--format", "json", d)[1]
        self.assertIn('"confidence": 99.3,', out)
        self.assertNotIn("99.29999", out)
        out = run("license", "--format", "json", os.path.join(d, "LICENSE"))[1]
        self.assertIn('"confidence": 99.3,', out)


if __name__ == "__main__":
    main()
