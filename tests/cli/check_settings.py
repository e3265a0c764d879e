"""A repository's own settings, `.inventaire.yml` at its root: a rule turned
off or given another level, for a reason, possibly until a date. Silenced
findings stay listed, marked, in every format, and count for nothing; a
settings file that is not right is a finding, never a crash."""
import json
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import README_TEXT, TempRepoCase, main, run, run_json  # noqa: E402

# No licence (an error), no changelog (a note).
FILES = {"README.md": README_TEXT, "CONTRIBUTING.md": "Open an issue.\n"}


def settings(**rules):
    """.inventaire.yml text: RULE=(level, reason, until or None)."""
    lines = ["rules:"]
    for rule, (level, reason, until) in rules.items():
        lines += [f"  {rule.replace('_', '.', 1).replace('_', '-')}:",
                  f"    level: {level}", f"    reason: \"{reason}\""]
        if until:
            lines.append(f"    until: {until}")
    return "\n".join(lines) + "\n"


class Silencing(TempRepoCase):
    def check(self, text, *args):
        d = self.repo({**FILES, ".inventaire.yml": text})
        return run_json("check", *args, d)

    def finding(self, report, rule):
        found = [f for f in report["findings"] if f["rule"] == rule]
        self.assertEqual(len(found), 1, report["findings"])
        return found[0]

    def test_a_silenced_error_is_listed_marked_and_counts_for_nothing(self):
        code, r, _ = self.check(settings(license_missing=(
            "off", "licence being chosen", "2999-12-31")))
        self.assertEqual(code, 0, "a silenced error does not fail the check")
        f = self.finding(r, "license.missing")
        self.assertEqual(f["level"], "error")
        self.assertEqual(f["suppressed"], {
            "reason": "licence being chosen", "until": "2999-12-31",
            "path": ".inventaire.yml", "line": 2, "column": 3})
        self.assertEqual(r["summary"]["errors"], 0)
        self.assertEqual(r["summary"]["suppressed"], 1)
        self.assertEqual(r["findings"][-1]["rule"], "license.missing",
                         "silenced findings come last")
        self.assertEqual(self.check(settings(license_missing=(
            "off", "x", None)), "--fail-on", "warning")[0], 0)

    def test_without_settings_the_same_repository_fails(self):
        d = self.repo(FILES)
        code, r, _ = run_json("check", d)
        self.assertEqual(code, 1)
        self.assertEqual(r["summary"]["suppressed"], 0)
        self.assertFalse([f for f in r["findings"]
                          if "suppressed" in f or "level_changed" in f])

    def test_a_changed_level_applies_to_fail_on(self):
        code, r, _ = self.check(settings(license_missing=(
            "warning", "a licence is on its way", None)))
        f = self.finding(r, "license.missing")
        self.assertEqual(f["level"], "warning")
        self.assertEqual(f["level_changed"]["from"], "error")
        self.assertEqual(f["level_changed"]["reason"], "a licence is on its way")
        self.assertNotIn("suppressed", f)
        self.assertEqual((code, r["summary"]["errors"], r["summary"]["warnings"]),
                         (0, 0, 1))
        code, _, _ = self.check(settings(license_missing=("warning", "x", None)),
                                "--fail-on", "warning")
        self.assertEqual(code, 1)
        # Raised: a note the team wants as an error fails the check.
        code, r, _ = self.check(settings(
            license_missing=("off", "x", None),
            community_changelog_missing=("error", "we release weekly", None)))
        self.assertEqual(code, 1)
        self.assertEqual(self.finding(r, "community.changelog-missing")["level"], "error")

    def test_a_setting_past_its_date_no_longer_applies(self):
        code, r, _ = self.check(settings(license_missing=(
            "off", "licence being chosen", "2020-01-31")))
        self.assertEqual(code, 1)
        f = self.finding(r, "license.missing")
        self.assertNotIn("suppressed", f)
        self.assertEqual(r["summary"]["errors"], 1)

    def test_text_says_what_was_silenced_and_why(self):
        d = self.repo({**FILES, ".inventaire.yml": settings(
            license_missing=("off", "licence being chosen", "2999-12-31"),
            community_changelog_missing=("warning", "we should have one", None))})
        code, out, _ = run("check", d)
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith("PASS  0 errors, 1 warning, "), out)
        self.assertIn(", 1 silenced in ", out.splitlines()[0])
        head, _, silenced = out.partition("Silenced by the repository's settings:")
        self.assertIn("license.missing", silenced)
        self.assertNotIn("license.missing", head)
        self.assertIn("silenced by .inventaire.yml:2: licence being chosen "
                      "(until 2999-12-31)", silenced)
        self.assertIn("level set by .inventaire.yml:6 (was info): we should "
                      "have one", head)

    def test_junit_skips_a_silenced_rule_with_the_reason(self):
        d = self.repo({**FILES, ".inventaire.yml": settings(
            license_missing=("off", "licence being chosen", None))})
        code, out, _ = run("check", "--format", "junit", d)
        self.assertEqual(code, 0)
        root = ET.fromstring(out)
        cases = {c.get("name"): c for c in root.iter("testcase")}
        skipped = cases["license.missing"].find("skipped")
        self.assertIsNotNone(skipped)
        self.assertIn("licence being chosen", skipped.get("message"))
        self.assertIsNone(cases["license.missing"].find("failure"))
        self.assertEqual(root.find("testsuite").get("skipped"), "1")
        self.assertEqual(root.find("testsuite").get("failures"), "0")

    def test_an_empty_file_or_an_empty_rules_map_sets_nothing(self):
        for text in ("", "rules:\n", "# nothing yet\n", "rules: {}\n"):
            code, r, _ = self.check(text)
            self.assertEqual(code, 1, text)
            self.assertFalse([f for f in r["findings"]
                              if f["rule"] == "settings.invalid"], text)

    def test_explain_documents_the_file(self):
        # In English here; tests/cli/i18n.py runs it in French.
        code, out, _ = run("check", "--explain", "settings.invalid")
        self.assertEqual(code, 0)
        for words in ("reason:", "until:", "level:", "YYYY-MM-DD"):
            self.assertIn(words, out)


class BadSettings(TempRepoCase):
    """Each bad file: one finding with its line and column, never a crash,
    and the entries that are right still apply."""

    def bad(self, text, line, column=None, words=""):
        d = self.repo({**FILES, ".inventaire.yml": text}, name="r%d" % len(os.listdir(self.tmp)))
        code, r, err = run_json("check", d)
        self.assertIn(code, (0, 1), err)
        found = [f for f in r["findings"] if f["rule"] == "settings.invalid"]
        self.assertTrue(found, text)
        f = found[0]
        self.assertEqual((f["level"], f["path"]), ("warning", ".inventaire.yml"))
        self.assertEqual(f["line"], line, (text, f))
        if column is not None:
            self.assertEqual(f["column"], column, (text, f))
        self.assertIn(words, f["message"])
        return r

    def test_bad_yaml(self):
        self.bad("rules:\n  a: [1, 2\n", 3, words="Not valid YAML")
        self.bad("rules:\n\tlicense.missing: x\n", 2, words="Not valid YAML")

    def test_an_unknown_rule_id(self):
        self.bad(settings(license_mising=("off", "typo", None)), 2, 3,
                 "unknown rule `license.mising`")

    def test_a_missing_reason_a_missing_level_and_an_empty_reason(self):
        self.bad("rules:\n  license.missing:\n    level: off\n", 2, 3, "reason is missing")
        self.bad("rules:\n  license.missing:\n    reason: x\n", 2, 3, "level is missing")
        self.bad("rules:\n  license.missing:\n    level: off\n    reason: \"  \"\n",
                 4, 13, "reason must say")
        self.bad("rules:\n  license.missing:\n    level: off\n    reason:\n", 4,
                 words="reason must say")

    def test_bad_dates(self):
        for date in ("2027-02-29", "2027-13-01", "27-06-30", "2027-6-30", "tomorrow",
                     "2027-06-30T00:00:00"):
            self.bad(settings(license_missing=("off", "x", date)), 5, 12, "until must be a date")
        # 2028 is a leap year.
        code, r, _ = run_json("check", self.repo({**FILES, ".inventaire.yml": settings(
            license_missing=("off", "x", "2028-02-29"))}, name="leap"))
        self.assertFalse([f for f in r["findings"] if f["rule"] == "settings.invalid"])

    def test_a_bad_level(self):
        self.bad(settings(license_missing=("fatal", "x", None)), 3, 12,
                 "level must be off, info, warning or error, not `fatal`")

    def test_unknown_keys(self):
        self.bad("rules:\n  license.missing:\n    level: off\n    reason: x\n"
                 "    untill: 2027-01-01\n", 5, 5, "unknown key `untill`")
        self.bad("rule:\n  license.missing:\n    level: off\n", 1, 1, "Unknown key `rule`")
        self.bad("rules:\n  license.missing:\n    level: off\n    reason: x\n"
                 "  license.missing:\n    level: off\n    reason: y\n", 5, 3, "given twice")

    def test_the_wrong_shapes(self):
        self.bad("- rules\n", 1, 1, "must be a mapping")
        self.bad("rules: [license.missing]\n", 1, 8, "rules must map")
        self.bad("rules:\n  license.missing: off\n", 2, 20, "give level and reason")
        self.bad("rules:\n  settings.invalid:\n    level: off\n    reason: x\n", 2, 3,
                 "cannot be set")
        self.bad("rules: {}\n---\nrules: {}\n", 2, 1, "several YAML documents")

    def test_aliases_are_refused(self):
        self.bad("a: &x {level: off, reason: r}\nrules:\n  license.missing: *x\n", 3, 20,
                 "Aliases")

    def test_deep_nesting_is_a_finding_not_a_crash(self):
        self.bad("rules: " + "[" * 30000 + "]" * 30000 + "\n", 1,
                 words="Nested too deep")
        self.bad("rules:\n" + "".join("  " * i + "k%d:\n" % i for i in range(1, 60)), 9,
                 words="Nested too deep")

    def test_a_file_too_big_is_not_read(self):
        r = self.bad("# " + "x" * (64 * 1024) + "\n", 1, 1, "at most 64 KiB")
        self.assertEqual(r["summary"]["suppressed"], 0)

    def test_bytes_that_are_not_text(self):
        self.bad(b"rules:\n  \xff\xfe: x\n", 2, 3, "Not valid YAML")
        d = self.repo(FILES, name="binary")
        with open(os.path.join(d, ".inventaire.yml"), "wb") as f:
            f.write(b"rules:\n  \xc3\x28: x\n\x00\x01")
        code, r, err = run_json("check", "--worktree", d)
        self.assertIn(code, (0, 1), err)
        self.assertIn("settings.invalid", [f["rule"] for f in r["findings"]])

    def test_a_folder_or_a_link_out_of_the_repository(self):
        d = self.repo(FILES, name="folder")
        os.makedirs(os.path.join(d, ".inventaire.yml"))
        self.write(".inventaire.yml/x", "x", base=d)
        code, r, err = run_json("check", "--worktree", d)
        self.assertIn(code, (0, 1), err)
        self.assertIn("settings.invalid", [f["rule"] for f in r["findings"]])
        secret = self.write("secret.yml", settings(license_missing=("off", "x", None)),
                            base=self.tmp)
        d = self.repo(FILES, name="link")
        os.symlink(secret, os.path.join(d, ".inventaire.yml"))
        code, r, err = run_json("check", "--worktree", d)
        self.assertEqual(code, 1, "a link out of the tree silences nothing")
        self.assertIn("settings.invalid", [f["rule"] for f in r["findings"]])

    def test_the_right_entries_apply_beside_the_wrong_ones(self):
        r = self.bad(settings(license_missing=("off", "chosen soon", None),
                              community_changelog_missing=("loud", "x", None)), 6, 12)
        f = [f for f in r["findings"] if f["rule"] == "license.missing"][0]
        self.assertEqual(f["suppressed"]["reason"], "chosen soon")
        f = [f for f in r["findings"] if f["rule"] == "community.changelog-missing"][0]
        self.assertNotIn("level_changed", f)

    def test_many_problems_give_a_bounded_number_of_findings(self):
        text = "rules:\n" + "".join("  no.such-%d: {level: off, reason: x}\n" % i
                                    for i in range(500))
        r = self.bad(text, 2, 3, "unknown rule")
        found = [f for f in r["findings"] if f["rule"] == "settings.invalid"]
        self.assertEqual(len(found), 21)
        self.assertIn("480 more problems", " ".join(f["message"] for f in found))


class CostsNothingWithoutIt(TempRepoCase):
    def test_a_repository_without_settings_gives_the_report_it_always_did(self):
        d = self.repo(FILES)
        code, r, _ = run_json("check", d)
        for f in r["findings"]:
            self.assertEqual(set(f), {"rule", "level", "path", "line", "column",
                                      "message", "fix"})
        self.assertEqual(r["summary"], {"errors": 1, "warnings": 0,
                                        "info": r["summary"]["info"], "suppressed": 0})
        # Same bytes on every run.
        self.assertEqual(run("check", "--format", "json", d)[1],
                         run("check", "--format", "json", d)[1])


if __name__ == "__main__":
    main()
