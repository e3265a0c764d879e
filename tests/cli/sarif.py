"""`inventaire check --format sarif` is SARIF 2.1.0 that GitHub code scanning
takes: valid against the standard's schema (tests/sarif_check.py, our own
check of it), every result in a real file of the repository with a region,
fingerprints that stay the same from run to run, rules with their help,
and silenced findings as suppressions."""
import copy
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from harness import (README_TEXT, TESTS_DIR, TempRepoCase, git, main,  # noqa: E402
                     run)
from sarif_check import check as sarif_errors  # noqa: E402

# Three errors, each at its own line.
BAD_PUBLICCODE = ("publiccodeYmlVersion: '0.4'\nname: demo\n"
                  "url: https://example.org/demo\nplatforms: []\n"
                  "softwareType: nonsense\n")
SETTINGS = ("rules:\n"
            "  community.changelog-missing:\n"
            "    level: off\n"
            "    reason: \"no release yet\"\n"
            "    until: 2999-06-30\n"
            "  bogus.rule:\n"
            "    level: off\n"
            "    reason: x\n")


def sarif(*args, **kw):
    code, out, err = run("check", "--format", "sarif", *args, **kw)
    if code not in (0, 1):
        raise AssertionError(f"exit {code}: {err}")
    return json.loads(out)


def results(log, rule=None):
    return [r for r in log["runs"][0]["results"]
            if rule is None or r["ruleId"] == rule]


def uri(result):
    return result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


def region(result):
    return result["locations"][0]["physicalLocation"]["region"]


class TheCheckerCanFail(TempRepoCase):
    """The schema check finds what is wrong, or its passing means nothing."""

    def test_each_broken_log_is_refused(self):
        d = self.repo({"README.md": README_TEXT, ".inventaire.yml": SETTINGS})
        good = sarif(d)
        self.assertEqual(sarif_errors(good), [])

        def broken(edit):
            log = copy.deepcopy(good)
            edit(log)
            return sarif_errors(log)

        run0 = lambda log: log["runs"][0]  # noqa: E731
        res0 = lambda log: run0(log)["results"][0]  # noqa: E731
        phys0 = lambda log: res0(log)["locations"][0]["physicalLocation"]  # noqa: E731
        silenced = lambda log: [r for r in run0(log)["results"]  # noqa: E731
                                if "suppressions" in r][0]
        cases = {
            "no version": lambda log: log.pop("version"),
            "another version": lambda log: log.update(version="2.0.0"),
            "no runs": lambda log: log.pop("runs"),
            "no driver name": lambda log: run0(log)["tool"]["driver"].pop("name"),
            "a message without text": lambda log: res0(log)["message"].pop("text"),
            "a level SARIF lacks": lambda log: res0(log).update(level="info"),
            "line 0": lambda log: phys0(log)["region"].update(startLine=0),
            "a line as text": lambda log: phys0(log)["region"].update(startLine="1"),
            "a misspelt key": lambda log: res0(log).update(ruleID="x"),
            "a rule that is not in the table": lambda log: res0(log).update(ruleId="no.such"),
            "a rule index elsewhere": lambda log: res0(log).update(ruleIndex=0)
            if res0(log)["ruleIndex"] else res0(log).update(ruleIndex=1),
            "no location": lambda log: res0(log).pop("locations"),
            "no region": lambda log: phys0(log).pop("region"),
            "a path with a space": lambda log: phys0(log)["artifactLocation"].update(uri="a b"),
            "a suppression of no kind": lambda log: silenced(log)["suppressions"][0].pop("kind"),
            "a suppression of another kind": lambda log:
                silenced(log)["suppressions"][0].update(kind="inline"),
            "a help without text": lambda log: run0(log)["tool"]["driver"]["rules"][0]["help"].pop("text"),
            "a relative help URI": lambda log: run0(log)["tool"]["driver"]["rules"][0].update(helpUri="README.md#rules"),
            "a fingerprint that is a number": lambda log: res0(log).update(partialFingerprints={"x": 1}),
            "rules twice": lambda log: run0(log)["tool"]["driver"]["rules"].append(
                run0(log)["tool"]["driver"]["rules"][0]),
        }
        for name, edit in cases.items():
            self.assertTrue(broken(edit), name)


class Sarif(TempRepoCase):
    def assert_valid(self, log):
        self.assertEqual(sarif_errors(log), [])

    def test_every_kind_of_repository_gives_a_valid_log(self):
        repos = {
            "full": {"README.md": README_TEXT, "LICENSE": "MIT License\n",
                     "publiccode.yml": BAD_PUBLICCODE,
                     ".inventaire.yml": SETTINGS},
            "bare-minimum": {"src/main.c": "int main;\n"},
            "odd-names": {"Licence CeCILL é.txt": "x\n", "README #1.md": "# T\n"},
        }
        for name, files in repos.items():
            log = sarif(self.repo(files, name=name))
            self.assertEqual(log["version"], "2.1.0")
            self.assertEqual(sarif_errors(log), [], name)
        # A branch with no commit has no file at all to point at.
        log = sarif(self.repo({"README.md": "x"}, commit=False, name="empty"))
        self.assertEqual(sarif_errors(log), [])
        self.assertIn("repository.no-commits", [r["ruleId"] for r in results(log)])

    def test_file_names_become_uri_references(self):
        d = self.repo({"LISEZMOI-é #1.md": "# T\n"})
        log = sarif(d)
        self.assert_valid(log)
        self.assertIn("LISEZMOI-%C3%A9%20%231.md",
                      [uri(r) for r in results(log, "readme.too-short")])

    def test_a_missing_file_points_at_the_readme_else_the_settings_else_the_first_file(self):
        d = self.repo({"README.md": README_TEXT, "a.txt": "a"}, name="readme")
        r = results(sarif(d), "license.missing")[0]
        self.assertEqual((uri(r), region(r)), ("README.md", {"startLine": 1}))
        d = self.repo({"a.txt": "a", ".inventaire.yml": "rules:\n"}, name="settings")
        r = results(sarif(d), "license.missing")[0]
        self.assertEqual((uri(r), region(r)), (".inventaire.yml", {"startLine": 1}))
        d = self.repo({"b.txt": "b", "a.txt": "a", "src/x.c": "x"}, name="first")
        log = sarif(d)
        for rule in ("license.missing", "readme.missing",
                     "community.changelog-missing", "publiccode.missing"):
            r = results(log, rule)[0]
            self.assertEqual((uri(r), region(r)), ("a.txt", {"startLine": 1}), rule)

    def test_every_result_has_a_region_and_findings_in_a_file_keep_their_place(self):
        d = self.repo({"README.md": README_TEXT, "publiccode.yml": BAD_PUBLICCODE})
        log = sarif(d)
        for r in results(log):
            self.assertGreaterEqual(region(r)["startLine"], 1)
        pc = results(log, "publiccode.invalid")
        _, report, _ = run("check", "--format", "json", d)
        errors = [e for e in json.loads(report)["publiccode"]["results"]
                  if e["type"] == "error"]
        self.assertGreaterEqual(len(pc), 3)
        self.assertEqual(len(pc), len(errors))
        # At each error's line (1 for a missing key, which has none).
        self.assertEqual(sorted(region(r)["startLine"] for r in pc),
                         sorted(max(e["line"], 1) for e in errors))
        for r in pc:
            self.assertEqual(uri(r), "publiccode.yml")

    def test_fingerprints_stay_the_same_when_only_numbers_change(self):
        d = self.repo({"README.md": "# T\n\none two\n", "publiccode.yml": BAD_PUBLICCODE})
        before = sarif(d)
        self.assertEqual(before, sarif(d), "the same repository, the same log")
        self.write("README.md", "# T\n\none two three four\n", base=d)
        git(d, "commit", "-qam", "more words")
        after = sarif(d)

        def prints(log, rule):
            return [r["partialFingerprints"]["inventaire/v1"]
                    for r in results(log, rule)]

        self.assertEqual(prints(before, "readme.too-short"),
                         prints(after, "readme.too-short"))
        self.assertNotEqual([r["message"]["text"] for r in results(before, "readme.too-short")],
                            [r["message"]["text"] for r in results(after, "readme.too-short")])
        every = [p for r in ("readme.too-short", "publiccode.invalid", "license.missing")
                 for p in prints(after, r)]
        self.assertEqual(len(set(every)), len(every), "distinct results, distinct prints")
        for p in every:
            self.assertRegex(p, r"^[0-9a-f]{16}:[0-9]+$")

    def test_rules_have_help_in_both_languages_and_a_link_to_their_section(self):
        # French through LANGUAGE, which gettext reads under C.UTF-8: no
        # locale to generate (README.md, "Languages").
        french_env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="fr")
        log = sarif(self.repo({"README.md": README_TEXT}), env=french_env)
        english = sarif(self.path("repo"))["runs"][0]["tool"]["driver"]
        driver = log["runs"][0]["tool"]["driver"]
        _, listed, _ = run("check", "--explain", "list")
        self.assertEqual([r["id"] for r in driver["rules"]],
                         [line.split()[0] for line in listed.splitlines()])
        with open(os.path.join(TESTS_DIR, "..", "README.md"), encoding="utf-8") as f:
            readme = f.read()
        anchors = {"#" + re.sub(r"[^a-z0-9 -]", "", h.strip().lower()).replace(" ", "-")
                   for h in re.findall(r"^#+ (.*)$", readme, re.M)}
        for r in driver["rules"]:
            base, _, anchor = r["helpUri"].partition("#")
            self.assertEqual(base, driver["informationUri"], r["id"])
            self.assertIn("#" + anchor, anchors, r["id"])
            self.assertIn(r["id"], r["help"]["markdown"])
            _, explained, _ = run("check", "--explain", r["id"],
                                  env=french_env)
            french = explained.split("\n\n")[2].strip()
            self.assertIn(french.rstrip("."), r["help"]["text"])
            self.assertIn(french.rstrip("."), r["help"]["markdown"])
            # English first, in both; English alone under LC_ALL=C.
            en = [x for x in english["rules"] if x["id"] == r["id"]][0]
            self.assertTrue(r["help"]["text"].startswith(en["help"]["text"]))
            self.assertNotIn(french.rstrip("."), en["help"]["text"])
        self.assertEqual(sarif_errors(log), [])

    def test_a_silenced_finding_is_a_suppression_in_the_settings_file(self):
        d = self.repo({"README.md": README_TEXT, ".inventaire.yml": SETTINGS})
        log = sarif(d)
        self.assert_valid(log)
        r = results(log, "community.changelog-missing")[0]
        self.assertEqual(r["suppressions"], [{
            "kind": "inSource", "status": "accepted",
            "justification": "no release yet (until 2999-06-30)",
            "location": {"physicalLocation": {
                "artifactLocation": {"uri": ".inventaire.yml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 2, "startColumn": 3}}}}])
        others = [x for x in results(log) if x is not r]
        self.assertFalse([x for x in others if "suppressions" in x])
        bad = results(log, "settings.invalid")[0]
        self.assertEqual((uri(bad), region(bad)),
                         (".inventaire.yml", {"startLine": 6, "startColumn": 3}))


if __name__ == "__main__":
    main()
