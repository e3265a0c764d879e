"""The files of a fake-forge crawl as code.gouv.fr's front end reads them
(codegouvfr/codegouvfr-sources, src/codegouvfr/core.cljs), its rules
replayed here as facts: an organisation's "repositories" are the
repositories whose `o` is its `id`; repos_preprod.json holds a >= 0 only;
owners.json holds organisations with repositories. The crawl covers the
five forge kinds, a GitLab group with subgroups, a whole GitLab instance
with a person's namespace, a `kind: user` account, templates and
subscribers; then an unchanged crawl must not ask the subscribers again,
and `--upstream` must write only what the national list lacks."""
import json
import os
import shutil
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import TESTS_DIR, FakeForge, clean_env, main, make_bare, run  # noqa: E402

sys.path.insert(0, TESTS_DIR)
import jsonschema_lite  # noqa: E402

README = "# Outil\n\nCet outil publie les données de santé de la DREES chaque semaine.\n"
with open(os.path.join(TESTS_DIR, "..", "data", "licences", "texts", "MIT.txt"),
          encoding="utf-8") as _f:
    MIT = "Copyright (c) 2024 Ministère de la Santé\n\n" + _f.read()
PSO = "929f8575-51b3-4977-8dcb-147b756de677"




class FrontEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-cgf-")
        git = os.path.join(cls.tmp, "git")
        accounts = []

        def account(kind, owner, typ, repos, **extra):
            for r in repos:
                name = r["name"]
                r.setdefault("forks", 0)
                r.setdefault("clone_url", "{git}/%s/%s.git" % (kind, name))
                make_bare(os.path.join(git, kind, name + ".git"), r.pop("files", {}))
            accounts.append(dict(kind=kind, owner=owner, type=typ, repos=repos, **extra))

        account("github", "SocialGouv", "org", [
            {"name": "tpl", "template": True, "subscribers": 101,
             "files": {"README.md": README, "LICENSE": MIT}},
            {"name": "old", "archived": True, "fork": True, "description": None,
             "files": {"README.md": README}},
            {"name": "docs-only", "subscribers": 3,
             "files": {"docs/README.md": README, "CHANGELOG.md": "# 1.0\n"}},
        ], followers=42)
        account("github", "jdoe", "user", [{"name": "perso", "files": {"README.md": README}}])
        # a group with subgroups: the top-level group owns them all
        account("gitlab", "drees", "group", [
            {"name": "etudes", "files": {"README.md": README}},
            {"name": "panorama", "namespace": "drees/stats",
             "files": {"LICENCE": MIT}},
            {"name": "deep", "namespace": "drees/stats/2024", "files": {}},
        ])
        # a person's namespace, seen only through the whole instance
        account("gitlab", "alice", "user", [{"name": "notes", "files": {}}])
        account("gitea", "fabrique", "org", [
            {"name": "app", "template": True, "subscribers": 12,
             "files": {"README.md": README}}])
        account("bitbucket", "cnam", "org", [{"name": "ameli", "files": {"NEWS": "x\n"}}])
        account("sourcehut", "dinum", "user", [{"name": "srht", "files": {}}])
        fixture = os.path.join(cls.tmp, "fixture.json")
        with open(fixture, "w") as f:
            json.dump({"accounts": accounts}, f)
        cls.ff = FakeForge("--fixture", fixture, "--git-root", git)
        b = cls.ff.base
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        # The fake forge speaks http (allow_http). SourceHut's API needs a
        # token, and INVENTAIRE_TOKEN_<HOST> goes only to HOST's API
        # (crawler/net/token_scope.h): SourceHut's is reached as localhost,
        # so that its token goes to it alone.
        with open(cls.config, "w") as f:
            f.write(f"""github.com:
  forge: github
  api_url: {b}/github
  allow_http: true
  owners:
    socialgouv:
      pso_id: {PSO}
    jdoe:
      kind: user
gitlab.com:
  forge: gitlab
  api_url: {b}/gitlab/api/v4
  allow_http: true
  owners:
    drees:
      pso_id: {PSO}
git.drees.example:
  forge: gitlab
  api_url: {b}/gitlab/api/v4
  allow_http: true
  pso_id: {PSO}
codeberg.org:
  forge: forgejo
  api_url: {b}/forgejo/api/v1
  allow_http: true
  owners:
    fabrique:
bitbucket.org:
  forge: bitbucket
  api_url: {b}/bitbucket/2.0
  allow_http: true
  owners:
    cnam:
git.sr.ht:
  forge: sourcehut
  api_url: {b.replace("127.0.0.1", "localhost")}/sourcehut
  allow_http: true
  owners:
    dinum:
""")
        # code.gouv.fr's list, which has some of ours
        cls.upstream = os.path.join(cls.tmp, "national.yml")
        with open(cls.upstream, "w") as f:
            f.write("github.com:\n  forge: github\n  owners:\n    socialgouv:\n"
                    "      pso_id: %s\ngitlab.com:\n  forge: gitlab\n  owners:\n"
                    "    drees:\n      pso_id: %s\n" % (PSO, PSO))
        cls.out = os.path.join(cls.tmp, "out")
        cls.code, _, cls.err = cls.crawl()
        cls.first = cls.load("crawl.json")

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def crawl(cls):
        return run("crawl", "--config", cls.config, "--out", cls.out,
                   "--upstream", cls.upstream, "--max-time", "5",
                   env=clean_env(NO_COLOR="1", INVENTAIRE_TOKEN_LOCALHOST="t"),
                   timeout=300)

    @classmethod
    def load(cls, name):
        with open(os.path.join(cls.out, name), encoding="utf-8") as f:
            return json.load(f)

    def setUp(self):
        # SourceHut's clone URL is git.sr.ht's own (its API gives none),
        # which no test reaches: its repository cannot be fetched, a
        # partial night (exit 3) that says so.
        self.assertEqual(self.code, 3, self.err)
        self.assertIn("1 repository could not be fetched", self.err)
        self.repos = self.load("repos_preprod.json")
        self.owners = self.load("owners.json")
        self.full = self.load("codegouvfr-repositories.json")
        self.orgs = self.load("codegouvfr-organizations.json")

    # -- the front end's rules, as facts ----------------------------------

    def test_every_organisation_shows_the_repositories_that_point_to_it(self):
        for org in self.owners:
            with self.subTest(org=org["id"]):
                # (rfe/push-state :repos nil {:group id}), (= (:o %) group)
                shown = [r for r in self.repos if r["o"] == org["id"]]
                every = [r for r in self.full if r["owner"] == org["id"]]
                self.assertEqual(org["r"], len(every))
                self.assertEqual(len(shown), sum(r["awesome-score"] >= 0 for r in every))
        for org in self.orgs:
            every = [r for r in self.full if r["owner"] == org["id"]]
            self.assertEqual(org["repositories_count"], len(every), org["id"])
        # and every repository has its organisation
        ids = {o["id"] for o in self.owners}
        for r in self.repos:
            self.assertIn(r["o"], ids, r["fn"])

    def test_repos_preprod_keeps_the_scores_of_zero_or_more(self):
        # (filter #(>= (:a %) 0) repos)
        self.assertTrue(all(r["a"] >= 0 for r in self.repos))
        self.assertEqual(sorted(r["fn"] for r in self.repos),
                         sorted(r["full_name"] for r in self.full if r["awesome-score"] >= 0))
        self.assertIn("SocialGouv/old", [r["full_name"] for r in self.full])
        self.assertNotIn("SocialGouv/old", [r["fn"] for r in self.repos])

    def test_owners_json_keeps_organisations_with_repositories(self):
        for org in self.owners:
            self.assertGreater(org["r"], 0)
            self.assertTrue(org["id"].startswith("https://"))
        logins = {o["l"] for o in self.owners}
        # a person's account and a person's namespace are in no file
        self.assertNotIn("jdoe", logins)
        self.assertNotIn("alice", logins)
        for name in ("jdoe/perso", "alice/notes"):
            self.assertNotIn(name, [r["full_name"] for r in self.full])

    def test_a_gitlab_group_owns_its_subgroups_repositories(self):
        drees = [o for o in self.owners if o["id"] == "https://gitlab.com/drees"]
        self.assertEqual(len(drees), 1)
        shown = sorted(r["fn"] for r in self.repos if r["o"] == "https://gitlab.com/drees")
        self.assertIn("drees/stats/panorama", shown)
        self.assertEqual(drees[0]["r"], 3)

    def test_the_five_forge_kinds_are_published(self):
        with open(os.path.join(self.out, "codegouvfr-forges.csv"), encoding="utf-8") as f:
            forges = dict(line.split(",") for line in f.read().splitlines())
        self.assertEqual(forges, {"bitbucket.org": "bitbucket", "codeberg.org": "forgejo",
                                  "git.drees.example": "gitlab", "git.sr.ht": "sourcehut",
                                  "github.com": "github", "gitlab.com": "gitlab"})
        self.assertEqual({r["p"] for r in self.repos} | {r["platform"] for r in self.full},
                         set(forges))

    def test_a_whole_forge_s_organisations_have_their_metadata(self):
        org = [o for o in self.orgs if o["id"] == "https://git.drees.example/drees"]
        self.assertEqual(len(org), 1)
        self.assertEqual(org[0]["description"], "Groupe drees")
        self.assertEqual(org[0]["name"], "drees")
        self.assertEqual(org[0]["icon_url"], "https://gitlab.example/uploads/group/drees.png")
        au = [o["au"] for o in self.owners if o["id"] == "https://git.drees.example/drees"]
        self.assertEqual(au, [org[0]["icon_url"]])
        self.assertGreater(self.first["totals"]["owners_requests"], 0)

    # -- the score's inputs ---------------------------------------------------

    def test_templates_subscribers_and_ecosystems_files_score(self):
        by = {r["full_name"]: r for r in self.full}
        # licence file +1000, template +1000, README +100, 101 subscribers
        # +1000 = 3100
        self.assertEqual(by["SocialGouv/tpl"]["awesome-score"], 3100)
        self.assertTrue(by["SocialGouv/tpl"]["template"])
        # docs/README.md (ecosyste.ms's rule) +100, CHANGELOG.md +10, 3
        # subscribers +10 = 120
        self.assertEqual(by["SocialGouv/docs-only"]["awesome-score"], 120)
        # Gitea's template and watchers: +1000 +100 (README) +100 (12) = 1200
        self.assertEqual(by["fabrique/app"]["awesome-score"], 1200)
        # our French LICENCE counts: +1000; no README: 1000
        self.assertEqual(by["drees/stats/panorama"]["awesome-score"], 1000)
        self.assertEqual(by["drees/stats/panorama"]["license"], "mit")
        self.assertEqual({o["l"]: o["s"] for o in self.owners}["SocialGouv"], 42)

    def test_an_unchanged_crawl_does_not_ask_the_subscribers_again(self):
        gh = [a for a in self.first["accounts"] if a["key"] == "github.com/socialgouv"][0]
        # no token: one REST request per repository
        self.assertEqual(gh["subscribers_requests"], 3)
        self.assertEqual(gh["subscribers_reused"], 0)
        before = self.load("codegouvfr-repositories.json")
        code, _, err = self.crawl()
        self.assertEqual(code, 3, err)  # SourceHut's repository, as above
        again = self.load("crawl.json")
        gh = [a for a in again["accounts"] if a["key"] == "github.com/socialgouv"][0]
        self.assertEqual(gh["subscribers_requests"], 0)
        self.assertEqual(gh["subscribers_reused"], 3)
        self.assertEqual(again["totals"]["subscribers_requests"], 0)
        self.assertEqual(self.load("codegouvfr-repositories.json"), before)

    # -- the other files --------------------------------------------------------

    def test_every_json_file_is_valid_against_its_schema(self):
        for name in ("repos_preprod", "owners", "stats_preprod", "crawl",
                     "codegouvfr-repositories", "codegouvfr-organizations"):
            with self.subTest(name=name):
                doc = self.load(name + ".json")
                schema = self.load("schema/%s.schema.json" % name)
                self.assertEqual(jsonschema_lite.validate(doc, schema), [])

    def test_stats_count_what_is_published(self):
        stats = self.load("stats_preprod.json")
        self.assertEqual(stats["repos_cnt"], str(len(self.full)))
        self.assertEqual(sum(n for _, n in stats["top_repos_by_score_range"]),
                         len(self.repos))

    def test_the_rss_lists_the_newest_repositories(self):
        rss = ET.parse(os.path.join(self.out, "latest-repositories.xml")).getroot()
        items = rss.findall("./channel/item")
        self.assertEqual(len(items), min(10, len(self.full)))
        links = {r["id"] for r in self.full}
        for item in items:
            self.assertIn(item.find("link").text, links)
            self.assertTrue(item.find("title").text.startswith(
                "Nouveau dépôt de code source dans code.gouv.fr : "))

    def test_the_additions_hold_what_the_national_list_lacks(self):
        path = os.path.join(self.out, "comptes-organismes-publics.additions.yml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn("jdoe", text)        # a person's account
        self.assertNotIn("socialgouv", text)  # upstream has it
        self.assertNotIn("gitlab.com", text)  # upstream has its owner
        code, out, err = run("crawl", "--config", path, "--dry-run",
                             env=clean_env(NO_COLOR="1"))
        self.assertEqual(code, 0, err)
        keys = sorted(line.split()[0] for line in out.splitlines())
        self.assertEqual(keys, ["bitbucket.org/cnam", "codeberg.org/fabrique",
                                "git.drees.example", "git.sr.ht/dinum"])


if __name__ == "__main__":
    main()
