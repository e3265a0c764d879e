"""The feed files (README.md, "What it writes"): every JSON file the writers
produce is valid against the schema they write beside it, the schemas are
the ones in output/schema/, the CSV files read back as the JSON files, and
the same records give the same bytes. Driven by the feed_fixture_writer
test helper on tests/feeds/records.json, records in the state's JSON that
cover what a crawl of the fake forge does not (formulas, long
descriptions, user accounts)."""
import csv
import io
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness import TempRepoCase, main  # noqa: E402
from jsonschema_lite import SchemaError, validate  # noqa: E402

TESTS_DIR = os.environ.get("TESTS_DIR",
                           os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WRITER = os.environ.get("FEED_FIXTURE_WRITER", "feed_fixture_writer")
RECORDS = os.path.join(TESTS_DIR, "feeds", "records.json")
SCHEMA_SRC = os.path.join(TESTS_DIR, "..", "output", "schema")

JSON_FILES = {
    "codegouvfr-repositories.json": "codegouvfr-repositories.schema.json",
    "codegouvfr-organizations.json": "codegouvfr-organizations.schema.json",
    "repos_preprod.json": "repos_preprod.schema.json",
    "owners.json": "owners.schema.json",
    "stats_preprod.json": "stats_preprod.schema.json",
}


def write_feed(out):
    os.makedirs(out, exist_ok=True)
    p = subprocess.run([WRITER, RECORDS, out], capture_output=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError(f"feed_fixture_writer failed: {p.stderr.decode()}")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class FeedFiles(TempRepoCase):
    def setUp(self):
        super().setUp()
        self.out = self.path("out")
        write_feed(self.out)

    def test_every_json_output_is_valid_against_its_written_schema(self):
        for name, schema in JSON_FILES.items():
            with self.subTest(file=name):
                doc = load(os.path.join(self.out, name))
                errors = validate(doc, load(os.path.join(self.out, "schema", schema)))
                self.assertEqual(errors, [])
                self.assertGreater(len(doc), 0, "the fixture should fill every file")

    def test_written_schemas_are_the_source_schemas(self):
        for schema in JSON_FILES.values():
            with self.subTest(schema=schema):
                with open(os.path.join(self.out, "schema", schema), "rb") as a, \
                        open(os.path.join(SCHEMA_SRC, schema), "rb") as b:
                    self.assertEqual(a.read(), b.read())

    def test_schemas_reject_documents_that_break_them(self):
        schema = load(os.path.join(self.out, "schema", "repos_preprod.schema.json"))
        good = load(os.path.join(self.out, "repos_preprod.json"))
        self.assertEqual(validate(good, schema), [])
        bad = json.loads(json.dumps(good))
        bad[0]["a"] = -100                  # repos_preprod keeps a >= 0 only
        del bad[1]["fn"]                    # required key
        bad[1]["extra"] = 1                 # additionalProperties: false
        bad[0]["a?"] = "false"              # boolean, not a string
        errors = validate(bad, schema)
        self.assertEqual(len(errors), 4, errors)
        orgs = load(os.path.join(self.out, "codegouvfr-organizations.json"))
        oschema = load(os.path.join(self.out, "schema",
                                    "codegouvfr-organizations.schema.json"))
        orgs[0]["kind"] = "group"           # enum
        orgs[0]["pso_id"] = "not-a-uuid"    # pattern
        self.assertEqual(len(validate(orgs, oschema)), 2)

    def test_the_validator_refuses_keywords_outside_its_subset(self):
        with self.assertRaises(SchemaError):
            validate("x", {"type": "string", "maxLength": 3})

    def csv_rows(self, name):
        with open(os.path.join(self.out, name), "rb") as f:
            raw = f.read()
        # LF line ends, as code.gouv.fr's producer writes them
        # (clojure.data.csv); a CR stays only inside quoted cells
        self.assertTrue(raw.endswith(b"\n"))
        self.assertFalse(raw.endswith(b"\r\n"))
        self.assertFalse(raw.split(b"\n", 1)[0].endswith(b"\r"))
        return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))

    def test_csv_files_read_back_as_the_json_files(self):
        for base, dropped in (("codegouvfr-repositories", {"findings"}),
                              ("codegouvfr-organizations", set())):
            doc = load(os.path.join(self.out, base + ".json"))
            header = [k for k in doc[0] if k not in dropped]
            for suffix, safe in ((".csv", False), (".spreadsheet.csv", True)):
                with self.subTest(file=base + suffix):
                    rows = self.csv_rows(base + suffix)
                    self.assertEqual(rows[0], header)
                    self.assertEqual(len(rows), len(doc) + 1)
                    for row, obj in zip(rows[1:], doc):
                        for key, cell in zip(header, row):
                            v = obj[key]
                            want = ("" if v is None else "true" if v is True
                                    else "false" if v is False else str(v))
                            # only the spreadsheet copy defuses formulas
                            if safe and isinstance(v, str) and \
                                    v.lstrip(" \t\r\n")[:1] in ("=", "+", "-", "@"):
                                want = "'" + v
                            self.assertEqual(cell, want, f"{base} {key}")

    def test_the_exact_csv_keeps_formula_like_text_as_it_is(self):
        rows = self.csv_rows("codegouvfr-repositories.csv")
        sheet = self.csv_rows("codegouvfr-repositories.spreadsheet.csv")
        col = rows[0].index("description")
        exact = [r[col] for r in rows[1:] if r[col].startswith("=")]
        self.assertTrue(exact, "the fixture should hold a formula-like description")
        self.assertTrue(all(r[col].startswith("'=") for r in sheet[1:]
                            if r[col].lstrip("'").startswith("=")))

    def test_the_forges_file_is_name_kind_without_header(self):
        with open(os.path.join(self.out, "codegouvfr-forges.csv"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertTrue(lines)
        for line in lines:
            name, kind = line.split(",")
            self.assertNotIn(name, ("name", "GitHub"))
            self.assertIn(kind, ("github", "gitlab", "gitea", "forgejo", "gogs",
                                 "bitbucket", "sourcehut"))
        self.assertEqual(lines, sorted(lines))

    def test_the_same_records_give_byte_identical_files(self):
        again = self.path("again")
        write_feed(again)
        names = sorted(os.listdir(self.out))
        self.assertEqual(names, sorted(os.listdir(again)))
        for name in names + ["schema/" + s for s in JSON_FILES.values()]:
            p = os.path.join(self.out, name)
            if os.path.isdir(p):
                continue
            with open(p, "rb") as a, open(os.path.join(again, name), "rb") as b:
                self.assertEqual(a.read(), b.read(), name)

    def test_every_file_is_written_and_no_temporary_is_left(self):
        names = set(os.listdir(self.out))
        self.assertEqual(names, {
            "codegouvfr-repositories.json", "codegouvfr-repositories.csv",
            "codegouvfr-repositories.spreadsheet.csv",
            "codegouvfr-organizations.json", "codegouvfr-organizations.csv",
            "codegouvfr-organizations.spreadsheet.csv",
            "repos_preprod.json", "owners.json", "codegouvfr-forges.csv",
            "stats_preprod.json", "latest-repositories.xml",
            "comptes-organismes-publics.yml", "schema"})
        # crawl.json's schema comes too: `inventaire crawl` writes crawl.json.
        self.assertEqual(set(os.listdir(os.path.join(self.out, "schema"))),
                         set(JSON_FILES.values()) | {"crawl.schema.json"})

    def test_a_missing_output_folder_is_an_error_naming_the_file(self):
        p = subprocess.run([WRITER, RECORDS, self.path("no", "such")],
                           capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 1)
        self.assertIn(self.path("no", "such", "codegouvfr-repositories.json"),
                      p.stderr.decode())


if __name__ == "__main__":
    main()
