"""Messages in the user's language: the French catalogue is complete and
its formats match the English ones, `check` speaks French under
LANG=fr_FR.UTF-8 and English under LANG=C, and what machines read (JSON,
rule ids) stays English."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import TempRepoCase, clean_env, main, run  # noqa: E402

SOURCE_ROOT = os.environ.get("SOURCE_ROOT", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD_ROOT = os.environ.get("BUILD_ROOT", "")


def french_locale_missing():
    p = subprocess.run(["locale", "-a"], capture_output=True, text=True)
    names = [l.strip().lower().replace("-", "") for l in p.stdout.split()]
    return "fr_fr.utf8" not in names


def env(lang):
    """The environment of a user whose language is LANG, with the build
    tree's catalogues."""
    e = clean_env(LANG=lang, INVENTAIRE_LOCALEDIR=os.path.join(BUILD_ROOT,
                                                               "po"))
    for k in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        e.pop(k, None)
    return e


class Catalogue(TempRepoCase):
    def test_every_string_has_a_french_translation_with_the_same_formats(self):
        # po/update_po.py extracts the strings as `ninja update-po` does,
        # then checks po/POTFILES, the translations and msgfmt --check.
        p = subprocess.run([sys.executable,
                            os.path.join(SOURCE_ROOT, "po", "update_po.py"),
                            "--check", SOURCE_ROOT],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)


class French(TempRepoCase):
    def setUp(self):
        super().setUp()
        if french_locale_missing():
            self.skipTest("the fr_FR.UTF-8 locale is not generated: run the "
                          "README's set-up command (.ci/deps build, as root)")
        self.dir = self.repo({"README.md": "# Titre\n"})

    def test_check_speaks_french_under_a_french_lang(self):
        code, out, err = run("check", self.dir, env=env("fr_FR.UTF-8"))
        self.assertEqual(code, 1, err)
        self.assertIn("NON CONFORME", out)
        self.assertIn("Pas de fichier de licence", out)
        self.assertIn("correction :", out)
        # Rule ids never change.
        self.assertIn("license.missing", out)
        self.assertNotIn("No licence file", out)

    def test_an_error_message_is_in_french(self):
        code, out, err = run("check", self.path("nowhere"),
                             env=env("fr_FR.UTF-8"))
        self.assertEqual(code, 4, err)
        self.assertIn("donnez le chemin d'un dépôt", err)
        self.assertNotIn("give the path", err)

    def test_a_usage_error_and_the_help_are_in_french(self):
        code, out, err = run("check", "--format", "xml",
                             env=env("fr_FR.UTF-8"))
        self.assertEqual(code, 2)
        self.assertIn("voir « inventaire check --help »", err)
        code, out, err = run("check", "--help", env=env("fr_FR.UTF-8"))
        self.assertEqual(code, 0)
        self.assertIn("Vérifie un dépôt", out)

    def test_explain_uses_the_same_catalogue(self):
        code, out, err = run("check", "--explain", "readme.missing",
                             env=env("fr_FR.UTF-8"))
        self.assertEqual(code, 0, err)
        self.assertIn("Pas de README à la racine du dépôt", out)
        code, out, err = run("check", "--explain", "readme.missing",
                             env=env("C"))
        self.assertIn("No README at the root of the repository", out)
        self.assertNotIn("racine", out)

    def test_explain_documents_the_settings_file_in_french(self):
        code, out, err = run("check", "--explain", "settings.invalid",
                             env=env("fr_FR.UTF-8"))
        for words in ("reason:", "until:", "raison", "AAAA-MM-JJ"):
            self.assertIn(words, out)

    def test_json_stays_english_for_machines(self):
        code, out, err = run("check", self.dir, "--format", "json",
                             env=env("fr_FR.UTF-8"))
        report = json.loads(out)
        messages = [f["message"] for f in report["findings"]]
        self.assertTrue(any(m.startswith("No licence file") for m in messages),
                        messages)

    def test_sarif_is_for_people_but_keeps_its_fingerprints(self):
        runs = {}
        for lang in ("C", "fr_FR.UTF-8"):
            code, out, err = run("check", self.dir, "--format", "sarif",
                                 env=env(lang))
            runs[lang] = json.loads(out)["runs"][0]["results"]
        fr = [r["message"]["text"] for r in runs["fr_FR.UTF-8"]]
        self.assertTrue(any("Pas de fichier de licence" in m for m in fr), fr)
        self.assertEqual([r["partialFingerprints"] for r in runs["C"]],
                         [r["partialFingerprints"]
                          for r in runs["fr_FR.UTF-8"]])


class LanguageVariable(TempRepoCase):
    def test_language_fr_works_under_c_utf8_without_a_french_locale(self):
        # gettext reads LANGUAGE under any locale but plain C: a CI runner
        # with only C.UTF-8 gets French without generating fr_FR.UTF-8.
        d = self.repo({"README.md": "# Titre\n"})
        e = env("C.UTF-8")
        e["LANGUAGE"] = "fr"
        code, out, err = run("check", d, env=e)
        self.assertIn("Pas de fichier de licence", out)
        e["LANG"] = "C"
        code, out, err = run("check", d, env=e)
        self.assertIn("No licence file", out)


class English(TempRepoCase):
    def test_check_speaks_english_under_lang_c(self):
        d = self.repo({"README.md": "# Title\n"})
        code, out, err = run("check", d, env=env("C"))
        self.assertEqual(code, 1, err)
        self.assertIn("FAIL", out)
        self.assertIn("No licence file", out)
        code, out, err = run("check", self.path("nowhere"), env=env("C"))
        self.assertIn("give the path", err)


main()
