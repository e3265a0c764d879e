"""CLI tests of licence identification: `inventaire license FILE...`
and the `license` section of `inventaire check --format json`, on
throw-away files and repositories built from data/licences/texts/."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import README_TEXT, TempRepoCase, main, run, run_json  # noqa: E402

TEXTS = os.path.join(os.environ.get("TESTS_DIR", "tests"), "..", "data",
                     "licences", "texts")


def text(name):
    with open(os.path.join(TEXTS, name), encoding="utf-8") as f:
        return f.read()


def index():
    with open(os.path.join(TEXTS, "INDEX.json"), encoding="utf-8") as f:
        return json.load(f)["texts"]


def family(spdx_id):
    for suffix in ("-only", "-or-later", "+"):
        if spdx_id and spdx_id.endswith(suffix):
            return spdx_id[: -len(suffix)]
    return spdx_id


def latin1_crlf(s):
    return s.replace("\n", "\r\n").encode("latin-1")


class LicenseCommand(TempRepoCase):
    def test_help_prints_usage_and_exits_0(self):
        code, out, _ = run("license", "--help")
        self.assertEqual(code, 0)
        self.assertIn("usage: inventaire license", out)
        code, out, _ = run("help", "license")
        self.assertEqual(code, 0)
        self.assertIn("--format", out)

    def test_usage_errors_exit_2_with_a_hint(self):
        for args in (("license",), ("license", "--bogus", "x"),
                     ("license", "--format", "xml", "x"),
                     ("license", "--format")):
            code, out, err = run(*args)
            self.assertEqual(code, 2, args)
            self.assertIn("inventaire license --help", err)
            self.assertEqual(out, "")

    def test_every_reference_text_is_identified(self):
        entries = index()
        files = [os.path.join(TEXTS, e["file"]) for e in entries.values()]
        code, out, _ = run("license", "--format", "json", *files)
        self.assertEqual(code, 0)
        got = json.loads(out)
        self.assertEqual(len(got), len(entries))
        for (key, e), r in zip(entries.items(), got):
            want = {e["spdx"], *e.get("same_text_as", [])}
            self.assertIn(r["spdx"], want | {family(e["spdx"]) + "-only"}, key)
            self.assertEqual(r["confidence"], 100, key)
            self.assertEqual(r["matcher"], "template", key)

    def test_latin1_french_cecill_b_is_cecill_b(self):
        p = self.write("Licence_CeCILL-B_V1-fr.txt",
                       latin1_crlf(text("CECILL-B.fr.txt")), base=self.tmp)
        code, out, _ = run("license", "--format", "json", p)
        self.assertEqual(code, 0)
        r = json.loads(out)[0]
        self.assertEqual(r["spdx"], "CECILL-B")
        self.assertIs(r["authorized"], True)
        self.assertEqual(r["category"], "permissive")

    def test_text_output_names_the_licence_and_the_verdict(self):
        p = self.write("COPYING", text("GPL-2.0-only.txt"), base=self.tmp)
        code, out, _ = run("license", p)
        self.assertEqual(code, 0)
        self.assertIn("GPL-2.0-only", out)
        self.assertIn("not on the administration's list", out)

    def test_spdx_identifier_line_tells_or_later(self):
        p = self.write("COPYING", "SPDX-License-Identifier: GPL-3.0-or-later\n\n"
                       + text("GPL-3.0-only.txt"), base=self.tmp)
        code, out, _ = run("license", "--format", "json", p)
        r = json.loads(out)[0]
        self.assertEqual(r["spdx"], "GPL-3.0-or-later")
        self.assertNotIn("note", r)

    def test_a_modified_licence_exits_1_with_the_words_added(self):
        mit = text("MIT.txt").replace(
            "following conditions:",
            "following conditions:\n\nNo military use is allowed.\n")
        p = self.write("LICENSE", mit, base=self.tmp)
        code, out, _ = run("license", "--format", "json", p)
        self.assertEqual(code, 1)
        r = json.loads(out)[0]
        self.assertIsNone(r["spdx"])
        self.assertIsNone(r["authorized"])
        # the template but for five words
        self.assertEqual(r["matcher"], "template")
        self.assertEqual(r["modified"], {
            "spdx": "MIT", "added": ["no", "military", "use", "is", "allowed"],
            "removed": []})
        code, out, _ = run("license", p)
        self.assertIn("MIT, modified (template", out)
        self.assertIn('added "no military use is allowed"', out)

    def test_a_distant_text_exits_1_with_the_closest(self):
        mit = text("MIT.txt").replace(
            "following conditions:",
            "following conditions:\n\nThe Software shall not be used by any "
            "military organisation, nor by any of its suppliers, nor for "
            "any purpose that the authors would not approve of.\n")
        p = self.write("LICENSE", mit, base=self.tmp)
        code, out, _ = run("license", "--format", "json", p)
        self.assertEqual(code, 1)
        r = json.loads(out)[0]
        self.assertIsNone(r["spdx"])
        self.assertNotIn("modified", r)
        self.assertEqual(r["closest"]["spdx"], "MIT")
        self.assertLess(r["closest"]["similarity"], 98)

    def test_a_similarity_just_under_98_is_printed_under_98(self):
        # the AGPL-3.0 with 13 made-up words and 9 repeated ones in its
        # middle: 97.99% similar (tests/test_license_text.c finds it so)
        agpl = text("AGPL-3.0-only.txt")
        mid = agpl.index("\n\n", len(agpl) // 2)
        junk = "".join(" qzx" + chr(ord("a") + i) for i in range(13))
        p = self.write("LICENSE", agpl[:mid] + "\n\n" + junk + " the" * 9 +
                       agpl[mid:], base=self.tmp)
        code, out, _ = run("license", "--format", "json", p)
        self.assertEqual(code, 1)
        r = json.loads(out)[0]
        self.assertIsNone(r["spdx"])
        self.assertEqual(r["closest"],
                         {"spdx": "AGPL-3.0-only", "similarity": 97.9})
        code, out, _ = run("license", p)
        self.assertIn("97.9% similar, 98% needed", out)

    def test_standard_input_is_read(self):
        code, out, _ = run("license", "--format", "json", "-",
                           input=text("EUPL-1.2.txt").encode())
        self.assertEqual(code, 0)
        self.assertEqual(json.loads(out)[0]["spdx"], "EUPL-1.2")

    def test_unreadable_files_exit_4_naming_them(self):
        code, out, err = run("license", self.path("nope.txt"), self.tmp)
        self.assertEqual(code, 4)
        self.assertIn("nope.txt", err)
        self.assertIn("directory", err)


class LicenseSection(TempRepoCase):
    def check(self, files):
        d = self.repo({"README.md": README_TEXT, **files})
        code, r, err = run_json("check", d)
        return code, r["license"], r

    def test_section_has_the_documented_shape(self):
        code, lic, _ = self.check({"LICENSE": text("MIT.txt"),
                                   "package.json": '{"license": "MIT"}'})
        self.assertEqual(
            {k: lic[k] for k in ("spdx", "authorized", "category")},
            {"spdx": "MIT", "authorized": True, "category": "permissive"})
        self.assertEqual(lic["files"], [{"path": "LICENSE", "spdx": "MIT",
                                         "confidence": 100.0,
                                         "matcher": "template"}])
        self.assertEqual(lic["declared"], [{"source": "package.json",
                                            "expression": "MIT"}])
        self.assertEqual(lic["licenses"], ["MIT"])

    def test_latin1_cecill_b_file_in_a_repository_is_cecill_b(self):
        code, lic, r = self.check({"Licence_CeCILL-B_V1-fr.txt":
                                   latin1_crlf(text("CECILL-B.fr.txt"))})
        self.assertEqual(lic["spdx"], "CECILL-B")
        self.assertIs(lic["authorized"], True)
        self.assertEqual(code, 0)

    def test_gpl2_is_not_authorised(self):
        code, lic, r = self.check({"COPYING": text("GPL-2.0-only.txt")})
        self.assertEqual(lic["spdx"], "GPL-2.0-only")
        self.assertIs(lic["authorized"], False)
        self.assertIsNone(lic["category"])
        rules = self.rules(r)
        self.assertIn("license.not-authorized", rules)
        f = [f for f in r["findings"] if f["rule"] == "license.not-authorized"]
        self.assertEqual(f[0]["level"], "warning")

    def test_each_reference_text_in_a_repository_is_identified(self):
        for key, e in index().items():
            with self.subTest(key):
                d = self.repo({"LICENSE": text(e["file"])}, name=key)
                code, r, _ = run_json("check", d)
                self.assertEqual(family(r["license"]["spdx"]),
                                 family(e["spdx"]), key)

    def test_bilingual_cecill_with_publiccode_expression(self):
        code, lic, r = self.check({
            "LICENCE.fr.txt": text("CECILL-C.fr.txt"),
            "LICENSE.en.txt": text("CECILL-2.1.txt"),
            "publiccode.yml": "legal:\n  license: CECILL-C OR CECILL-2.1\n"})
        self.assertEqual(lic["spdx"], "CECILL-C OR CECILL-2.1")
        self.assertIs(lic["authorized"], True)
        # the expression says how the two combine: nothing to add
        self.assertNotIn("license.multiple", self.rules(r))
        self.assertNotIn("license.mismatch", self.rules(r))
        self.assertEqual(len(lic["files"]), 2)

    def test_rules_are_explained_in_both_languages(self):
        for rule in ("license.unidentified", "license.not-authorized",
                     "license.mismatch", "license.multiple"):
            code, out, _ = run("check", "--explain", rule)
            self.assertEqual(code, 0, rule)
            self.assertIn(rule, out)
            self.assertRegex(out, "[ée]")


def spdx_header(licence, comment="#"):
    return (f"{comment} SPDX-FileCopyrightText: 2024 DREES\n"
            f"{comment} SPDX-License-Identifier: {licence}\n")


class Reuse(TempRepoCase):
    """A repository REUSE calls compliant (https://reuse.software/spec/):
    Debian's `reuse lint` is the reference when it is installed."""

    def reuse_repo(self, licences, per_file):
        files = {f"LICENSES/{lic}.txt": text(f"{lic}.txt") for lic in licences}
        files["README.md"] = "<!--\n" + spdx_header(licences[0], "") + \
            "-->\n" + README_TEXT
        for path, lic in per_file.items():
            files[path] = spdx_header(lic) + "print('ok')\n"
        d = self.repo(files)
        if shutil.which("reuse"):
            p = subprocess.run(["reuse", "--root", d, "lint"],
                               capture_output=True, text=True, check=False)
            self.assertEqual(p.returncode, 0, p.stdout)
        return d

    def test_a_compliant_repository_is_under_all_its_licences(self):
        d = self.reuse_repo(["MIT", "Apache-2.0"],
                            {"src/tool.py": "MIT", "src/vendored.py": "Apache-2.0"})
        code, r, _ = run_json("check", d)
        self.assertEqual(r["license"]["spdx"], "Apache-2.0 AND MIT")
        self.assertIs(r["license"]["authorized"], True)
        self.assertNotIn("license.multiple", self.rules(r))

    def test_one_licence_off_the_list_makes_it_not_authorised(self):
        d = self.reuse_repo(["MIT", "CC0-1.0"],
                            {"src/tool.py": "MIT", "data/config.py": "CC0-1.0"})
        code, r, _ = run_json("check", d)
        self.assertEqual(r["license"]["spdx"], "CC0-1.0 AND MIT")
        self.assertIs(r["license"]["authorized"], False)
        self.assertIn("license.not-authorized", self.rules(r))
        for f in r["findings"]:
            self.assertNotIn(" OR ", f["fix"] or "", f["rule"])


class Modified(TempRepoCase):
    def test_check_reports_the_words_of_a_modified_licence(self):
        mit = text("MIT.txt").replace("Permission is hereby granted",
                                      "Permission is NOT granted")
        d = self.repo({"README.md": README_TEXT, "LICENSE": mit})
        code, r, _ = run_json("check", d)
        self.assertEqual(r["license"]["spdx"], "NOASSERTION")
        self.assertIsNone(r["license"]["authorized"])
        f = [x for x in r["findings"] if x["rule"] == "license.modified"]
        self.assertEqual(len(f), 1)
        self.assertIn('added "not", removed "hereby"', f[0]["message"])
        self.assertEqual(r["license"]["files"][0]["modified"],
                         {"spdx": "MIT", "added": ["not"],
                          "removed": ["hereby"]})
        # French through LANGUAGE, read under C.UTF-8 (README.md,
        # "Languages").
        code, out, _ = run("check", "--explain", "license.modified",
                           env=dict(os.environ, LC_ALL="C.UTF-8",
                                    LANGUAGE="fr"))
        self.assertEqual(code, 0)
        self.assertIn("modifiée", out)


if __name__ == "__main__":
    main()
