"""The report, the history and the changes of real crawls. The fake forge
serves six accounts of three actors on four forge kinds, each repository a
git repository with a planted licence, README and publiccode.yml; two
crawls run, the second after a change of every kind (a rename and a
transfer among them) and with one forge down.

Every table of the report is checked against what was planted, in French
and in English; `inventaire report` writes the same bytes again;
changes.json, changes.atom and `inventaire diff` say every planted change
once; a missing or damaged input is a clear error. The folder of the second
crawl is kept in $ARTEFACTS_DIR/crawl/, from which
docs/screenshot.py makes the README's screenshot."""
import json
import os
import re
import shutil
import sys
import tempfile
import time
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import FakeForge, TESTS_DIR, clean_env, main, run  # noqa: E402
from rapport_checks import Tables, atom_problems  # noqa: E402
from crawl import make_bare  # noqa: E402

ARTEFACTS = os.environ.get("ARTEFACTS_DIR") or tempfile.gettempdir()
TEXTS = os.path.join(TESTS_DIR, "..", "data", "licences", "texts")
NNBSP = "\u202f"


def licence(spdx):
    with open(os.path.join(TEXTS, spdx + ".txt"), encoding="utf-8") as f:
        return "Copyright (c) 2024 Ministère\n\n" + f.read()


README = ("# Outil\n\nCet outil publie chaque semaine les données de santé "
          "de l'inventaire ministériel.\n")
PUBLICCODE_OK = open(os.path.join(TESTS_DIR, "publiccode", "valid.yml"),
                     encoding="utf-8").read()
PUBLICCODE_BAD = "publiccodeYmlVersion: '0.4'\nname: [broken\n"
JUNK = "Tous droits réservés. Aucune copie n'est permise.\n"

DREES = "929f8575-51b3-4977-8dcb-147b756de677"
CNAM = "ff0017f1-00fd-4ac6-a423-f3cb0a99836e"
MSP = "Ministère de la Santé et de la Prévention"
MTRAV = "Ministère du Travail, du Plein emploi et de l'Insertion"

# The actors: FabNum has no pso_id and claims its accounts; HAS, ARS
# Bretagne and the two ministries have no account at all.
ACTORS = """\
ministere-sante:
  name: %(msp)s
  acronym: MSP
  group: ministry
  ministry: %(msp)s
  pso_id: null
ministere-travail:
  name: %(mtrav)s
  acronym: MTPEI
  group: ministry
  ministry: %(mtrav)s
  pso_id: null
drees:
  name: Direction de la recherche, des études, de l'évaluation et des statistiques
  acronym: DREES
  group: central
  parent: ministere-sante
  pso_id: %(drees)s
fabnum:
  name: Fabrique numérique des ministères sociaux
  acronym: FabNum
  group: central
  parent: ministere-travail
  pso_id: null
  accounts: [github.com/socialgouv, github.com/dnum-sandbox, codeberg.org/fabrique]
cnam:
  name: Caisse nationale de l'assurance maladie
  acronym: CNAM
  group: social-security
  parent: ministere-sante
  pso_id: %(cnam)s
has:
  name: Haute Autorité de santé
  acronym: HAS
  group: agency
  parent: ministere-sante
  pso_id: null
ars-bretagne:
  name: Agence régionale de santé Bretagne
  acronym: ARS Bretagne
  group: ars
  parent: ministere-sante
  pso_id: null
""" % {"msp": MSP, "mtrav": MTRAV, "drees": DREES, "cnam": CNAM}

# (host, forge kind of the fake forge, owner, owner type, actor, API path)
ACCOUNTS = [
    ("github.com", "github", "socialgouv", "org", "FabNum", "/github"),
    ("github.com", "github", "drees-labs", "org", "DREES", "/github"),
    ("github.com", "github", "dnum-sandbox", "org", "FabNum", "/github"),
    ("gitlab.com", "gitlab", "drees", "group", "DREES", "/gitlab/api/v4"),
    ("codeberg.org", "gitea", "fabrique", "org", "FabNum", "/forgejo/api/v1"),
    ("bitbucket.org", "bitbucket", "cnam", "org", "CNAM", "/bitbucket/2.0"),
]


class Repo:
    """One planted repository: where it is, what it holds, its flags; and
    the verdicts the checks must give."""

    def __init__(self, owner, name, lic=None, readme=True, pc=None,
                 archived=False, fork=False, created=None, git=None,
                 forge_id=None):
        self.owner, self.name, self.lic, self.readme = owner, name, lic, readme
        self.pc, self.archived, self.fork = pc, archived, fork
        # Forges give each repository its creation time; two created in
        # the same second would read as one moved (output/changes.h).
        t = zlib.crc32(name.encode()) % 86400
        self.created = created or "2020-01-01T%02d:%02d:%02dZ" % (
            t // 3600, t // 60 % 60, t % 60)
        self.git = git or name          # the bare repository it serves
        # The forge's id, which a rename or a transfer keeps; the others
        # differ (the fake forge would number them by position).
        self.forge_id = forge_id or 1000 + zlib.crc32(name.encode()) % 10**6
        self.stale = False

    def account(self):
        return next(a for a in ACCOUNTS if a[2] == self.owner)

    @property
    def host(self):
        return self.account()[0]

    @property
    def actor(self):
        return self.account()[4]

    @property
    def checked(self):
        return self.git != "missing"

    @property
    def license_ok(self):
        return {"MIT": True, "EUPL-1.2": True, "etalab-2.0": True,
                "GPL-2.0-only": False}.get(self.lic)

    @property
    def conforme(self):
        return (self.checked and self.license_ok is True and self.readme
                and self.pc != "invalid")

    def files(self):
        f = {}
        if self.lic == "junk":
            f["LICENSE"] = JUNK
        elif self.lic:
            f["LICENSE"] = licence(self.lic)
        if self.readme:
            f["README.md"] = README
        if self.pc == "valid":
            f["publiccode.yml"] = PUBLICCODE_OK
        elif self.pc == "invalid":
            f["publiccode.yml"] = PUBLICCODE_BAD
        return f

    def fixture(self):
        # "{git}" dates move when the repository is pushed to, as a forge's
        # do: the crawl probes only what its listing says moved.
        return {"name": self.name, "archived": self.archived,
                "fork": self.fork, "clone_url": "{git}/%s.git" % self.git,
                "pushed_at": "{git}", "updated_at": "{git}",
                "license": None, "created_at": self.created,
                "description": "Dépôt %s" % self.name, "id": self.forge_id}


def first_crawl():
    return [
        Repo("socialgouv", "sg-conforme", "MIT", pc="valid"),
        Repo("socialgouv", "sg-gpl2", "GPL-2.0-only"),
        Repo("socialgouv", "sg-nolicence", archived=True),
        Repo("socialgouv", "sg-transfer", "MIT", created="2021-03-04T05:06:07Z"),
        Repo("socialgouv", "sg-fork", "MIT", readme=False, fork=True),
        Repo("drees", "drees-etalab", "etalab-2.0"),
        Repo("drees", "drees-pc", "MIT", pc="valid"),
        Repo("drees", "drees-old-name", "EUPL-1.2", created="2022-01-02T03:04:05Z"),
        Repo("drees", "drees-gone", "MIT"),
        Repo("fabrique", "fab-junk", "junk"),
        Repo("fabrique", "fab-pc-broken", "MIT", pc="invalid"),
        Repo("fabrique", "fab-unfetchable", git="missing"),
        Repo("cnam", "cnam-a", "MIT"),
        Repo("cnam", "cnam-b", readme=False),
        Repo("cnam", "cnam-c", "EUPL-1.2", pc="valid"),
    ]


def second_crawl():
    """Every kind of change, once; Bitbucket is down."""
    repos = {r.name: r for r in first_crawl()}
    repos["sg-gpl2"].lic = "EUPL-1.2"                  # licence changed
    repos["sg-nolicence"].archived = False             # unarchived
    repos["sg-transfer"].owner = "drees-labs"          # transferred
    repos["sg-fork"].archived = True                   # archived
    repos["drees-etalab"].pc = "valid"                 # publiccode added
    repos["drees-pc"].pc = "invalid"                   # turned invalid
    old = repos.pop("drees-old-name")                  # renamed
    repos["drees-new-name"] = Repo("drees", "drees-new-name", "EUPL-1.2",
                                   created=old.created, git=old.git,
                                   forge_id=old.forge_id)
    del repos["drees-gone"]                            # removed
    repos["drees-brand-new"] = Repo("drees", "drees-brand-new", "MIT")
    for r in repos.values():                           # kept, stale
        if r.owner == "cnam":
            r.stale = True
    return list(repos.values())


class Crawls(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-rapport-crawl-")
        cls.git_root = os.path.join(cls.tmp, "git")
        cls.first, cls.second = first_crawl(), second_crawl()
        for r in cls.first:
            if r.checked:
                make_bare(os.path.join(cls.git_root, r.git + ".git"), r.files())
        cls.ff = FakeForge("--fixture", cls.fixture_file(cls.first),
                           "--git-root", cls.git_root)
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        with open(cls.config, "w", encoding="utf-8") as f:
            hosts = {}
            for host, kind, owner, _, actor, api in ACCOUNTS:
                hosts.setdefault((host, kind, api), []).append((owner, actor))
            for (host, kind, api), owners in hosts.items():
                f.write("%s:\n  forge: %s\n  api_url: %s%s\n  allow_http: true\n"
                        "  owners:\n"
                        % (host, "forgejo" if kind == "gitea" else kind,
                           cls.ff.base, api))
                for owner, actor in owners:
                    pso = {"DREES": DREES, "CNAM": CNAM}.get(actor)
                    f.write("    %s:%s\n" % (owner, "\n      pso_id: " + pso
                                            if pso else " {}"))
        cls.actors = os.path.join(cls.tmp, "actors.yml")
        with open(cls.actors, "w", encoding="utf-8") as f:
            f.write(ACTORS)
        cls.out = os.path.join(cls.tmp, "out")
        cls.crawl1 = os.path.join(cls.tmp, "crawl1")
        os.makedirs(cls.out)
        with open(os.path.join(cls.out, "history.jsonl"), "w") as f:
            f.write(seeded_history())
        code, _, err = cls.crawl(cls.out)
        # Partial: fab-unfetchable cannot be fetched, a failure of the night.
        if code != 3 or "1 repository could not be fetched" not in err:
            raise AssertionError("first crawl: exit %d\n%s" % (code, err))
        shutil.copytree(cls.out, cls.crawl1, symlinks=True)
        cls.plant_second()
        # The history keys a crawl's lines by its start, to the second (a
        # resumed run replaces its own lines): the second crawl must not
        # start in the first one's second, which a fast crawl can.
        with open(os.path.join(cls.out, "crawl.json"), encoding="utf-8") as f:
            started = json.load(f)["started_at"]
        while time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()) <= started:
            time.sleep(0.05)
        code, _, err = cls.crawl(cls.out)
        if code != 3:
            raise AssertionError("second crawl: exit %d\n%s" % (code, err))
        kept = os.path.join(ARTEFACTS, "crawl")
        shutil.rmtree(kept, ignore_errors=True)
        os.makedirs(ARTEFACTS, exist_ok=True)
        shutil.copytree(cls.out, kept, ignore=shutil.ignore_patterns("state"))

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def fixture_file(cls, repos, name="fixture.json"):
        accounts = []
        for host, kind, owner, typ, _, _ in ACCOUNTS:
            accounts.append({"kind": kind, "owner": owner, "type": typ,
                             "repos": [r.fixture() for r in repos
                                       if r.owner == owner]})
        path = os.path.join(cls.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"accounts": accounts}, f)
        return path

    @classmethod
    def plant_second(cls):
        for r in cls.second:
            if r.checked and not r.stale:
                make_bare(os.path.join(cls.git_root, r.git + ".git"),
                          r.files(), message="second")
        with open(cls.fixture_file(cls.second, "fixture2.json"), "rb") as f:
            cls.ff.control("/_control/fixture", json.load(f))
        cls.ff.faults([{"kind": "status", "arg": 503, "path": "^/bitbucket/"}])

    @classmethod
    def crawl(cls, out, *extra):
        return run("crawl", "--config", cls.config, "--actors", cls.actors,
                   "--out", out, "--max-time", "3", *extra,
                   env=clean_env(NO_COLOR="1"), timeout=300)

    def report(self, out, *extra):
        return run("report", "--out", out, "--config", self.config,
                   "--actors", self.actors, *extra, env=clean_env())

    def read(self, out, name, mode="r"):
        with open(os.path.join(out, name), mode,
                  **({} if "b" in mode else {"encoding": "utf-8"})) as f:
            return f.read()

    # -- what the report must say, worked out from what was planted --

    def expected(self, lang):
        return Expected(lang, self.first, self.second, self.crawl1)

    def tables(self, out, name="rapport.html"):
        return Tables(self.read(out, name))

    def check_tables(self, out, lang):
        t = self.tables(out)
        x = self.expected(lang)
        for caption, rows in x.tables():
            with self.subTest(table=caption):
                got = t.table(caption)["rows"]
                self.assertEqual(got, rows)
        for caption, rows in x.actor_tables():
            with self.subTest(table=caption):
                got = t.table(caption)["rows"]
                self.assertEqual([r[:5] for r in got], rows)
                # Worst first: the rows with an error to fix come first.
                errors = [r[5].startswith(x.s("error")) for r in got]
                self.assertEqual(errors, sorted(errors, reverse=True), got)
        # Every table is one of the above.
        self.assertEqual(len(t.tables), len(x.tables()) + len(x.actor_tables()))

    def test_every_table_of_the_crawls_report_has_the_planted_figures(self):
        self.check_tables(self.out, "fr")
        self.assertIn("Crawl du %s%s: 15 dépôts de 3 acteurs sur 4 forges. "
                      "8 dépôts conformes, soit 57,1%s%%" % (
                          self.day(self.out), NNBSP, NNBSP),
                      self.read(self.out, "rapport.html"))

    def test_the_report_in_english_has_the_same_figures(self):
        out = self.copy()
        code, _, err = self.report(out, "--lang", "en")
        self.assertEqual(code, 0, err)
        self.check_tables(out, "en")
        self.assertIn('<html lang="en">', self.read(out, "rapport.html"))
        self.assertIn("15 repositories of 3 actors on 4 forges. 8 compliant "
                      "repositories, 57.1% of those checked.",
                      self.read(out, "rapport.html"))

    def test_the_markdown_has_the_same_rows_as_the_html(self):
        html = self.tables(self.out)
        md = self.read(self.out, "rapport.md")
        for caption in ("Par acteur", "Par forge",
                        "Indicateurs de l'ensemble des dépôts"):
            for row in html.table(caption)["rows"]:
                self.assertIn("| " + " | ".join(row) + " |", md, caption)

    def test_report_writes_the_crawls_report_again_byte_for_byte(self):
        out = self.copy()
        for name in ("rapport.html", "rapport.md"):
            os.remove(os.path.join(out, name))
        code, _, err = self.report(out)
        self.assertEqual(code, 0, err)
        self.assertIn("wrote %s/rapport.html" % out, err)
        for name in ("rapport.html", "rapport.md"):
            self.assertEqual(self.read(out, name, "rb"),
                             self.read(self.out, name, "rb"), name)
        # English, then French again: the crawl's bytes once more.
        self.assertEqual(self.report(out, "--lang", "en")[0], 0)
        self.assertNotEqual(self.read(out, "rapport.md", "rb"),
                            self.read(self.out, "rapport.md", "rb"))
        self.assertEqual(self.report(out, "--lang", "fr")[0], 0)
        self.assertEqual(self.read(out, "rapport.html", "rb"),
                         self.read(self.out, "rapport.html", "rb"))
        # Only the report was written: no history line, no changes.
        for name in ("history.jsonl", "changes.json", "changes.atom"):
            self.assertEqual(self.read(out, name, "rb"),
                             self.read(self.out, name, "rb"), name)

    def test_the_history_has_a_line_per_actor_per_crawl(self):
        lines = [json.loads(l) for l in
                 self.read(self.out, "history.jsonl").splitlines()]
        dates = sorted({l["date"] for l in lines})
        self.assertEqual(dates, [d for d, _ in SEEDED] + [
            self.started(self.crawl1), self.started(self.out)])
        last = {l["actor"]: l for l in lines
                if l["date"] == self.started(self.out)}
        self.assertEqual(sorted(last), ["CNAM", "DREES", "FabNum"])
        x = self.expected("fr")
        for label, line in last.items():
            c = x.counts([r for r in self.second if r.actor == label])
            self.assertEqual({k: line[k] for k in c}, c, label)
        self.assertEqual(last["FabNum"]["id"], "fabnum")
        self.assertIsNone(last["FabNum"]["pso_id"])
        self.assertEqual(last["DREES"]["pso_id"], DREES)
        self.assertEqual(last["DREES"]["rates"]["conforme"], 80.0)

    # -- the changes --

    def changes(self, out):
        return json.loads(self.read(out, "changes.json"))

    def test_the_first_crawl_finds_every_repository_new(self):
        c = self.changes(self.crawl1)
        self.assertIsNone(c["from"])
        self.assertEqual(c["to"], self.started(self.crawl1))
        self.assertEqual(c["counts"]["added"], len(self.first))
        self.assertEqual(sum(c["counts"].values()), len(self.first))

    def test_the_second_crawl_says_each_planted_change_once(self):
        c = self.changes(self.out)
        self.assertEqual(c["from"], self.started(self.crawl1))
        self.assertEqual(c["to"], self.started(self.out))
        got = [(e["kind"], e["host"], e["full_name"], e["previous"],
                e["before"], e["after"], e["actor"]) for e in c["changes"]]
        self.assertEqual(got[:-1], [
            ("added", "gitlab.com", "drees/drees-brand-new", None, None, None,
             "DREES"),
            ("removed", "gitlab.com", "drees/drees-gone", None, None, None,
             "DREES"),
            ("renamed", "gitlab.com", "drees/drees-new-name",
             "drees/drees-old-name", None, None, "DREES"),
            ("transferred", "github.com", "drees-labs/sg-transfer",
             "socialgouv/sg-transfer", None, None, "DREES"),
            ("archived", "github.com", "socialgouv/sg-fork", None, None, None,
             "FabNum"),
            ("unarchived", "github.com", "socialgouv/sg-nolicence", None,
             None, None, "FabNum"),
            ("license_changed", "github.com", "socialgouv/sg-gpl2", None,
             "GPL-2.0-only", "EUPL-1.2", "FabNum"),
            ("publiccode_added", "gitlab.com", "drees/drees-etalab", None,
             None, "valid", "DREES"),
            ("publiccode_invalid", "gitlab.com", "drees/drees-pc", None, None,
             None, "DREES"),
        ])
        kind, host, owner, _, _, error, actor = got[-1]
        self.assertEqual((kind, host, owner, actor),
                         ("account_unreachable", "bitbucket.org", "cnam",
                          "CNAM"))
        self.assertIn("HTTP 503", error)
        self.assertEqual(set(c["counts"].values()), {1})
        self.assertEqual(c["changes"][0]["url"],
                         "https://gitlab.com/drees/drees-brand-new")

    def test_the_atom_feed_is_atom_1_0_with_an_entry_per_change(self):
        atom = self.read(self.out, "changes.atom")
        self.assertEqual(atom_problems(atom), [])
        self.assertEqual(atom.count("<entry>"), 10)
        self.assertIn('xml:lang="fr"', atom)
        self.assertIn("<title>Dépôt renommé%s: gitlab.com/drees/drees-old-name "
                      "→ gitlab.com/drees/drees-new-name</title>" % NNBSP, atom)
        self.assertEqual(atom_problems(self.read(self.crawl1, "changes.atom")),
                         [])

    def test_diff_of_the_two_folders_is_the_crawls_own_comparison(self):
        for fmt, name in (("json", "changes.json"), ("atom", "changes.atom")):
            code, out, err = run("diff", "--format", fmt, self.crawl1, self.out)
            self.assertEqual(code, 0, err)
            self.assertEqual(out, self.read(self.out, name), fmt)
        code, out, err = run("diff", self.crawl1, self.out)
        self.assertEqual(code, 0, err)
        self.assertIn("10 changes from %s to %s\n" % (
            self.started(self.crawl1), self.started(self.out)), out)
        self.assertIn("renamed              gitlab.com/drees/drees-new-name "
                      "(was drees/drees-old-name)\n", out)
        self.assertIn("license_changed      github.com/socialgouv/sg-gpl2: "
                      "GPL-2.0-only -> EUPL-1.2\n", out)
        code, out, err = run("diff", "--format", "atom", "--lang", "en",
                             self.crawl1, self.out)
        self.assertEqual(atom_problems(out), [])
        self.assertIn("<title>Repository transferred: github.com/socialgouv/"
                      "sg-transfer → github.com/drees-labs/sg-transfer</title>",
                      out)
        # The other way round, every change turns over.
        code, out, err = run("diff", "--format", "json", self.out, self.crawl1)
        back = json.loads(out)["counts"]
        self.assertEqual((back["added"], back["removed"], back["renamed"],
                          back["archived"], back["unarchived"],
                          back["account_unreachable"]), (1, 1, 1, 1, 1, 0))
        # -o writes a file, and nothing changed between a folder and itself.
        dest = os.path.join(self.tmp, "same.json")
        self.assertEqual(run("diff", "--format", "json", "-o", dest, self.out,
                             self.out)[0], 0)
        with open(dest, encoding="utf-8") as f:
            self.assertEqual(json.load(f)["changes"], [])

    def test_the_state_keeps_the_files_the_next_changes_start_from(self):
        for name in ("inventory.jsonl",):
            self.assertEqual(self.read(self.out, "state/previous/" + name, "rb"),
                             self.read(self.out, "state/" + name, "rb"))
        self.assertEqual(self.read(self.out, "state/previous/crawl.json", "rb"),
                         self.read(self.out, "crawl.json", "rb"))

    def test_a_folder_from_before_the_changes_compares_with_its_last_crawl(self):
        # A folder written by a version without state/previous/: its next
        # crawl compares with the last crawl it holds, so nothing that was
        # already there is reported as added.
        out = self.copy()
        shutil.rmtree(os.path.join(out, "state", "previous"))
        code, _, err = self.crawl(out)
        self.assertEqual(code, 3, err)
        c = self.changes(out)
        self.assertEqual(c["from"], self.started(self.out))
        self.assertEqual(c["counts"]["added"], 0)

    # -- errors --

    def test_report_on_a_folder_that_no_crawl_wrote_says_to_crawl_first(self):
        empty = tempfile.mkdtemp(dir=self.tmp)
        code, _, err = self.report(empty)
        self.assertEqual(code, 4)
        self.assertIn("%s/crawl.json: not found: %s is not the output folder "
                      "of a crawl (run 'inventaire crawl --out %s' first)"
                      % (empty, empty, empty), err)
        self.assertEqual(os.listdir(empty), [])
        code, _, err = self.report(os.path.join(self.tmp, "nowhere"))
        self.assertEqual(code, 4, err)
        code, _, err = run("diff", empty, self.out)
        self.assertEqual(code, 4)
        self.assertIn("crawl.json: not found", err)
        out = self.copy()
        os.remove(os.path.join(out, "state", "inventory.jsonl"))
        code, _, err = self.report(out)
        self.assertEqual(code, 4)
        self.assertIn("state/inventory.jsonl: not found", err)

    def test_a_damaged_input_is_named_with_what_to_do(self):
        cases = [
            ("crawl.json", '{"accounts": [', "crawl.json:1: "),
            ("crawl.json", '{"accounts": 3, "started_at": "x"}',
             'crawl.json: "accounts" is missing or not an array'),
            ("state/inventory.jsonl", "[1, 2]",
             "state/inventory.jsonl:1: not a JSON object; the last inventory "
             "is unreadable"),
            ("history.jsonl", '{"date": "2025-01-01T00:00:00Z"}\nnot json\n',
             "history.jsonl:2: not a JSON object"),
        ]
        for name, text, message in cases:
            with self.subTest(name=name, text=text):
                out = self.copy()
                with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                    f.write(text)
                before = self.read(out, "rapport.html", "rb")
                code, _, err = self.report(out)
                self.assertEqual(code, 4, err)
                self.assertIn(message, err)
                self.assertEqual(err.count("\n"), 1, err)
                self.assertEqual(self.read(out, "rapport.html", "rb"), before)

    def test_usage_and_configuration_errors_exit_2(self):
        for args, message in (
                (["report", "--lang", "de"], "unknown language 'de'"),
                (["report", "extra"], "unexpected argument 'extra'"),
                (["report", "--config", os.path.join(self.tmp, "none.yml")],
                 "none.yml"),
                (["diff", self.out], "give two output folders"),
                (["diff", "--format", "csv", self.out, self.out],
                 "unknown format 'csv'"),
                (["diff", "--bogus", self.out, self.out],
                 "unknown option '--bogus'")):
            with self.subTest(args=args):
                code, out, err = run(*args)
                self.assertEqual(code, 2, err)
                self.assertIn(message, err)
                self.assertEqual(out, "")

    def test_report_warns_when_the_lists_are_not_the_crawls(self):
        out = self.copy()
        code, _, err = run("report", "--out", out, env=clean_env())
        self.assertEqual(code, 0, err)
        self.assertIn("warning: %s/crawl.json says the crawl read %s, and "
                      "this report reads embedded accounts.yml" % (out,
                                                                   self.config),
                      err)

    def test_a_damaged_history_is_said_and_kept_and_the_rest_is_written(self):
        out = self.copy()
        with open(os.path.join(out, "history.jsonl"), "w") as f:
            f.write("damaged\n")
        os.remove(os.path.join(out, "rapport.html"))
        os.remove(os.path.join(out, "changes.json"))
        code, _, err = self.crawl(out)
        # The feeds are published: a report that cannot be completed makes
        # the night partial (3), never fatal (4, "nothing written").
        self.assertEqual(code, 3, err)
        self.assertIn("history.jsonl:1: not a JSON object", err)
        self.assertEqual(self.read(out, "history.jsonl"), "damaged\n")
        self.assertTrue(os.path.exists(os.path.join(out, "rapport.html")))
        # Nothing changed since the last crawl but the account that was
        # already unreachable.
        self.assertEqual(self.changes(out)["changes"], [])

    # -- the search for accounts (inventaire discover) --

    def plant_discover(self, out):
        """discover.json as `inventaire discover` writes it: HAS has two
        candidates, ARS Bretagne was searched everywhere and none was
        found, the health ministry's search was cut short by a rate limit
        (not searched yet), the labour ministry is not in the file, and
        DREES, listed, was searched for more."""
        def search(date, complete=True):
            return {"host": "github.com", "forge": "github",
                    "searched_at": date, "complete": complete,
                    "not_searched": None if complete else "rate limited",
                    "queries": 2}

        def candidate(login, score):
            return {"host": "github.com", "forge": "github", "login": login,
                    "url": "https://github.com/" + login, "name": None,
                    "personal": False, "score": score,
                    "confidence": "medium", "evidence": []}

        doc = {"updated_at": "2026-01-12T09:00:00Z", "actors": [
            {"id": "has", "searches": [search("2026-01-10T08:00:00Z")],
             "candidates": [candidate("has-sante", 70),
                            candidate("has-lab", 40)]},
            {"id": "ars-bretagne",
             "searches": [search("2026-01-11T08:00:00Z"),
                          dict(search("2026-01-09T08:00:00Z"),
                               host="gitlab.com", forge="gitlab")],
             "candidates": []},
            {"id": "ministere-sante",
             "searches": [search("2026-01-12T08:00:00Z", complete=False)],
             "candidates": []},
            {"id": "drees", "searches": [search("2026-01-12T08:00:00Z")],
             "candidates": [candidate("drees-stats", 65)]}]}
        with open(os.path.join(out, "discover.json"), "w",
                  encoding="utf-8") as f:
            json.dump(doc, f)

    PLANTED = {"HAS": ("candidates", 2),
               "ARS Bretagne": ("none-found", "2026-01-11"),
               "MSP": ("not-searched", None),
               "MTPEI": ("not-searched", None)}

    def check_searches(self, out, lang, statuses):
        t, x = self.tables(out), self.expected(lang)
        self.assertEqual(t.table(x.s("no-account"))["rows"],
                         x.no_account(statuses))
        self.assertEqual(t.table(x.s("searches"))["rows"],
                         x.searches(statuses))

    def test_a_crawl_shows_each_actors_search_for_accounts(self):
        out = self.copy()
        self.plant_discover(out)
        os.remove(os.path.join(out, "rapport.html"))
        code, _, err = self.crawl(out)
        self.assertEqual(code, 3, err)
        self.assertNotIn("discover.json", err)
        self.check_searches(out, "fr", self.PLANTED)
        md = self.read(out, "rapport.md")
        self.assertIn("| Ministères | %s (MTPEI) | %s | pas encore recherché |"
                      % (MTRAV, MTRAV), md)
        self.assertIn("| Agences régionales de santé | Agence régionale de "
                      "santé Bretagne (ARS Bretagne) | %s | recherché le "
                      "2026-01-11%s: aucun compte trouvé |" % (MSP, NNBSP), md)
        self.assertIn("| Recherchés, candidats à examiner | 1 | 14,3%s%% |"
                      % NNBSP, md)
        # crawl.json says the same, actor by actor.
        got = {a["acronym"]: (a["discovery"], a["candidates"]) for a in
               json.loads(self.read(out, "crawl.json"))["actors"]}
        self.assertEqual(got, {"MSP": ("not-searched", 0),
                               "MTPEI": ("not-searched", 0),
                               "DREES": ("listed", 1), "FabNum": ("listed", 0),
                               "CNAM": ("listed", 0), "HAS": ("candidates", 2),
                               "ARS Bretagne": ("none-found", 0)})
        # And in English, from the same folder.
        code, _, err = self.report(out, "--lang", "en")
        self.assertEqual(code, 0, err)
        self.check_searches(out, "en", self.PLANTED)

    def test_a_damaged_discover_json_is_said_and_the_report_written(self):
        out = self.copy()
        with open(os.path.join(out, "discover.json"), "w") as f:
            f.write('{"actors": [{"id": "has", "searches": 3}]}')
        os.remove(os.path.join(out, "rapport.html"))
        code, _, err = self.crawl(out)
        self.assertEqual(code, 3, err)
        self.assertIn("%s/discover.json: actors[0].\"searches\" is missing or "
                      "not an array" % out, err)
        self.assertIn("fix it, or remove it to search again from scratch", err)
        self.assertNotIn("is not written", err)
        self.check_searches(out, "fr", NOT_SEARCHED)
        # `report` says it too, once, and writes the report.
        os.remove(os.path.join(out, "rapport.html"))
        code, _, err = self.report(out, "--lang", "en")
        self.assertEqual(code, 0, err)
        self.assertIn("warning: the report shows every actor as not searched "
                      "for accounts: %s/discover.json: " % out, err)
        self.assertEqual(err.count("discover.json"), 1, err)
        self.check_searches(out, "en", NOT_SEARCHED)

    # -- helpers --

    def copy(self):
        dest = tempfile.mkdtemp(dir=self.tmp)
        os.rmdir(dest)
        shutil.copytree(self.out, dest, symlinks=True,
                        ignore=shutil.ignore_patterns("git", "http"))
        return dest

    def started(self, out):
        return json.loads(self.read(out, "crawl.json"))["started_at"]

    def day(self, out):
        return self.started(out)[:10]


# Two crawls before the test's own, as history.jsonl holds them.
SEEDED = [("2025-06-02T02:00:00Z", {"DREES": (4, 4, 1, 2, 0, 0),
                                    "FabNum": (6, 5, 1, 3, 0, 0),
                                    "CNAM": (3, 3, 1, 1, 0, 0)}),
          ("2025-12-01T02:00:00Z", {"DREES": (5, 5, 3, 4, 1, 2),
                                    "FabNum": (7, 6, 3, 4, 1, 1),
                                    "CNAM": (3, 3, 2, 2, 1, 1)})]


def seeded_history():
    """history.jsonl's lines of SEEDED: repositories, checked, licence,
    README, publiccode.yml, conformes for each actor."""
    lines = []
    for date, actors in SEEDED:
        for actor, (n, checked, lic, readme, pc, conf) in actors.items():
            lines.append(json.dumps({
                "date": date, "id": actor.lower(), "pso_id": None,
                "actor": actor, "repositories": n, "checked": checked,
                "license_authorized": lic, "readme": readme,
                "publiccode_valid": pc, "conforme": conf, "archived": 0,
                "forked": 0, "stale": 0}))
    return "\n".join(lines) + "\n"


STRINGS = {
    "fr": {"key": "Indicateurs de l'ensemble des dépôts",
           "ministry": "Par ministère", "forge": "Par forge",
           "actor": "Par acteur", "history": "Indicateurs au fil des crawls",
           "licences": "Dépôts par famille de licence",
           "no-account": "Acteurs sans compte",
           "searches": "Acteurs par recherche de comptes",
           "search-rows": ["Comptes listés", "Recherchés, candidats à examiner",
                           "Recherchés, aucun compte trouvé",
                           "Pas encore recherchés"],
           "candidates": "%d candidats à examiner (inventaire discover)",
           "none-found": "recherché le %s" + NNBSP + ": aucun compte trouvé",
           "not-searched": "pas encore recherché",
           "accounts": "Comptes injoignables ou vides",
           "stale": "Dépôts conservés d'un crawl précédent",
           "unchecked": "Dépôts non vérifiés",
           "rows": ["Dépôts", "Dépôts vérifiés", "Licence autorisée", "README",
                    "publiccode.yml valide", "Conformes", "Archivés", "Forks",
                    "Conservés d'un crawl précédent"],
           "families": ["Autorisée, permissive", "Autorisée, avec réciprocité",
                        "Autorisée, informations publiques", "Hors de la liste",
                        "Non identifiée", "Sans licence", "Non vérifié"],
           "groups": {"central": "Administration centrale",
                      "social-security": "Sécurité sociale",
                      "ministry": "Ministères",
                      "agency": "Agences et opérateurs",
                      "ars": "Agences régionales de santé"},
           "actor-table": "%s — dépôts" + NNBSP + ": %d, conformes" + NNBSP + ": %d",
           "unreachable": "injoignable", "empty": "vide", "error": "erreur",
           "yes": "oui", "no": "non", "none": "aucune", "valid": "valide",
           "invalid": "invalide", "absent": "absent", "archived": "archivé",
           "fork": "fork", "kept": "conservé (vu le %s)",
           "not-checked": "non vérifié", "na": "n/d"},
    "en": {"key": "Indicators over all repositories",
           "ministry": "By ministry", "forge": "By forge", "actor": "By actor",
           "history": "Indicators crawl after crawl",
           "licences": "Repositories by licence family",
           "no-account": "Actors with no account",
           "searches": "Actors by search for accounts",
           "search-rows": ["Accounts listed", "Searched, candidates to review",
                           "Searched, none found", "Not searched yet"],
           "candidates": "%d candidates to review (inventaire discover)",
           "none-found": "searched on %s: no account found",
           "not-searched": "not searched yet",
           "accounts": "Unreachable or empty accounts",
           "stale": "Repositories kept from an earlier crawl",
           "unchecked": "Repositories not checked",
           "rows": ["Repositories", "Checked repositories", "Authorised licence",
                    "README", "Valid publiccode.yml", "Compliant", "Archived",
                    "Forks", "Kept from an earlier crawl"],
           "families": ["Authorised, permissive", "Authorised, reciprocal",
                        "Authorised, public information", "Not on the list",
                        "Unidentified", "No licence", "Not checked"],
           "groups": {"central": "Central administration",
                      "social-security": "Social security",
                      "ministry": "Ministries",
                      "agency": "Agencies and operators",
                      "ars": "Regional health agencies"},
           "actor-table": "%s — repositories: %d, compliant: %d",
           "unreachable": "unreachable", "empty": "empty", "error": "error",
           "yes": "yes", "no": "no", "none": "none", "valid": "valid",
           "invalid": "invalid", "absent": "absent", "archived": "archived",
           "fork": "fork", "kept": "kept (seen %s)",
           "not-checked": "not checked", "na": "n/a"},
}

# The search for accounts of each actor with none, as the coverage says
# it: (status, its argument); with no discover.json, none was searched.
NOT_SEARCHED = {a: ("not-searched", None)
                for a in ("MSP", "MTPEI", "HAS", "ARS Bretagne")}

ACTOR_INFO = {  # label: (group, accounts, ministry, full name)
    "DREES": ("central", 2, MSP, "Direction de la recherche, des études, de "
              "l'évaluation et des statistiques"),
    "FabNum": ("central", 3, MTRAV, "Fabrique numérique des ministères sociaux"),
    "CNAM": ("social-security", 1, MSP, "Caisse nationale de l'assurance maladie"),
}
KINDS = {"github.com": "github", "gitlab.com": "gitlab",
         "codeberg.org": "forgejo", "bitbucket.org": "bitbucket"}
GROUP_ORDER = ["ministry", "central", "agency", "ars", "social-security"]


class Expected:
    """The report's tables, worked out from the planted repositories, in
    the report's own number format."""

    def __init__(self, lang, first, second, crawl1):
        self.lang, self.first, self.second = lang, first, second
        with open(os.path.join(crawl1, "crawl.json"), encoding="utf-8") as f:
            self.first_date = json.load(f)["started_at"]
        with open(os.path.join(os.path.dirname(crawl1), "out", "crawl.json"),
                  encoding="utf-8") as f:
            self.date = json.load(f)["started_at"]

    def s(self, key):
        return STRINGS[self.lang][key]

    def pct(self, n, d):
        if not d:
            return self.s("na")
        p = "%.1f" % (100.0 * n / d)
        return p.replace(".", ",") + NNBSP + "%" if self.lang == "fr" else p + "%"

    def share(self, n, d):
        return "%d (%s)" % (n, self.pct(n, d))

    @staticmethod
    def counts(repos):
        checked = [r for r in repos if r.checked]
        return {"repositories": len(repos), "checked": len(checked),
                "license_authorized": sum(r.license_ok is True for r in checked),
                "readme": sum(r.readme for r in checked),
                "publiccode_valid": sum(r.pc == "valid" for r in checked),
                "conforme": sum(r.conforme for r in checked),
                "archived": sum(r.archived for r in repos),
                "forked": sum(r.fork for r in repos),
                "stale": sum(r.stale for r in repos)}

    def count_cells(self, repos):
        c = self.counts(repos)
        n, k = c["repositories"], c["checked"]
        return [str(n), self.share(c["license_authorized"], k),
                self.share(c["readme"], k), self.share(c["publiccode_valid"], k),
                self.share(c["conforme"], k), self.share(c["archived"], n),
                self.share(c["forked"], n)]

    def tables(self):
        repos = self.second
        c = self.counts(repos)
        n, k = c["repositories"], c["checked"]
        key = [[self.s("rows")[0], str(n), ""]] + [
            [self.s("rows")[i + 1], str(v), self.pct(v, d)] for i, (v, d) in
            enumerate([(k, n), (c["license_authorized"], k), (c["readme"], k),
                       (c["publiccode_valid"], k), (c["conforme"], k),
                       (c["archived"], n), (c["forked"], n), (c["stale"], n)])]
        ministries = sorted({ACTOR_INFO[r.actor][2] for r in repos})
        by_ministry = [[m] + self.count_cells(
            [r for r in repos if ACTOR_INFO[r.actor][2] == m]) for m in ministries]
        hosts = sorted(KINDS, key=lambda h: (-sum(r.host == h for r in repos), h))
        by_forge = [[h, KINDS[h]] + self.count_cells(
            [r for r in repos if r.host == h]) for h in hosts]
        actors = sorted(ACTOR_INFO, key=lambda a: (
            GROUP_ORDER.index(ACTOR_INFO[a][0]), a))
        by_actor = [[self.s("groups")[ACTOR_INFO[a][0]], a,
                     str(ACTOR_INFO[a][1])] + self.count_cells(
            [r for r in repos if r.actor == a]) for a in actors]
        return [(self.s("key"), key),
                (self.s("searches"), self.searches(NOT_SEARCHED)),
                (self.s("ministry"), by_ministry),
                (self.s("forge"), by_forge), (self.s("actor"), by_actor),
                (self.s("history"), self.history()),
                (self.s("licences"), self.licences()),
                (self.s("no-account"), self.no_account()),
                (self.s("accounts"), self.accounts()),
                (self.s("stale"), self.stale()),
                (self.s("unchecked"), self.unchecked())]

    def history(self):
        points = []
        for date, actors in SEEDED:
            t = [sum(v[i] for v in actors.values()) for i in range(6)]
            points.append((date, t[0], t[1], t[2], t[3], t[4], t[5]))
        for date, repos in ((self.first_date, self.first),
                            (self.date, self.second)):
            c = self.counts(repos)
            points.append((date, c["repositories"], c["checked"],
                           c["license_authorized"], c["readme"],
                           c["publiccode_valid"], c["conforme"]))
        return [[d[:10], str(n)] + [self.share(v, k) for v in (lic, rd, pc, cf)]
                for d, n, k, lic, rd, pc, cf in points]

    def family(self, r):
        if not r.checked:
            return 6
        if r.license_ok:
            return {"MIT": 0, "EUPL-1.2": 1, "etalab-2.0": 2}[r.lic]
        return {None: 5, "junk": 4, "GPL-2.0-only": 3}[r.lic]

    def licences(self):
        rows = []
        for f, name in enumerate(self.s("families")):
            repos = [r for r in self.second if self.family(r) == f]
            if not repos:
                continue
            ids = {}
            for r in repos:
                if f < 5:
                    spdx = "NOASSERTION" if r.lic == "junk" else r.lic
                    ids[spdx] = ids.get(spdx, 0) + 1
            rows.append([name, self.share(len(repos), len(self.second)),
                         ", ".join("%s (%d)" % i for i in sorted(
                             ids.items(), key=lambda i: (-i[1], i[0])))])
        return rows

    def search(self, status):
        """The coverage's cell for a STATUS of SEARCHES."""
        kind, arg = status
        if kind == "candidates":
            return self.s("candidates") % arg
        if kind == "none-found":
            return self.s("none-found") % arg
        return self.s("not-searched")

    def searches(self, statuses):
        """The summary's count of actors by search for accounts: the three
        with accounts are listed, the others as STATUSES says."""
        kinds = [s[0] for s in statuses.values()]
        counts = [3] + [kinds.count(k) for k in
                        ("candidates", "none-found", "not-searched")]
        return [[label, str(n), self.pct(n, sum(counts))]
                for label, n in zip(self.s("search-rows"), counts)]

    def no_account(self, statuses=None):
        g, st = self.s("groups"), statuses or NOT_SEARCHED
        return [[g["ministry"], MSP + " (MSP)", MSP, self.search(st["MSP"])],
                [g["ministry"], MTRAV + " (MTPEI)", MTRAV,
                 self.search(st["MTPEI"])],
                [g["agency"], "Haute Autorité de santé (HAS)", MSP,
                 self.search(st["HAS"])],
                [g["ars"], "Agence régionale de santé Bretagne (ARS Bretagne)",
                 MSP, self.search(st["ARS Bretagne"])]]

    def accounts(self):
        return [["bitbucket.org/cnam", "CNAM", self.s("unreachable"),
                 ANY_503],
                ["github.com/dnum-sandbox", "FabNum", self.s("empty"), ""]]

    def stale(self):
        rows = [["bitbucket.org/cnam/" + r.name, "CNAM", self.first_date[:10]]
                for r in self.second if r.stale]
        return Unordered(rows)

    def unchecked(self):
        return [["codeberg.org/fabrique/fab-unfetchable", "FabNum",
                 ANY_MISSING_GIT]]

    def actor_tables(self):
        out = []
        for a in ACTOR_INFO:
            repos = [r for r in self.second if r.actor == a]
            caption = self.s("actor-table") % (
                "%s (%s)" % (a, ACTOR_INFO[a][3]), len(repos),
                sum(r.conforme for r in repos))
            out.append((caption, Unordered([self.row(r) for r in repos])))
        return out

    def row(self, r):
        s = self.s
        if not r.checked:
            lic, readme, pc = "– " + s("not-checked"), "–", "–"
        else:
            spdx = "NOASSERTION" if r.lic == "junk" else r.lic
            lic = ("✗ " + s("none") if not r.lic else
                   "✓ " + spdx if r.license_ok else
                   "✗ " + spdx if r.license_ok is False else "? " + spdx)
            readme = "✓ " + s("yes") if r.readme else "✗ " + s("no")
            pc = {"valid": "✓ " + s("valid"), "invalid": "✗ " + s("invalid"),
                  None: "– " + s("absent")}[r.pc]
        state = ([s("archived")] if r.archived else []) + \
            ([s("fork")] if r.fork else []) + \
            ([s("kept") % self.first_date[:10]] if r.stale else []) + \
            ([s("not-checked")] if not r.checked else [])
        return ["%s/%s/%s" % (r.host, r.owner, r.name), lic, readme, pc,
                ", ".join(state)]


class Pattern(str):
    """A cell compared by a regular expression."""

    def __eq__(self, other):
        return isinstance(other, str) and re.search(str(self), other) is not None

    __hash__ = str.__hash__


ANY_503 = Pattern(r"^bitbucket\.org/cnam: http://127\.0\.0\.1:\d+/bitbucket/"
                  r".*HTTP 503")
ANY_MISSING_GIT = Pattern(r"/git/missing\.git: .*HTTP 404")


class Unordered(list):
    """Rows whose order the test does not decide (the report's own order
    is checked where it matters)."""

    def __eq__(self, other):
        rest = list(other)
        for row in self:
            if row not in rest:
                return False
            rest.remove(row)
        return not rest

    __hash__ = None


if __name__ == "__main__":
    main()
