#!/usr/bin/env python3
"""discover.py - `inventaire discover` against the fake forge's search
endpoints, with planted organisations: a true match found through its
e-mail domain, a look-alike with the same acronym on a foreign website, a
person's account, an account already in the accounts list; a search that
meets the rate limit halfway and resumes from the cache; searches paced on
the forge's search window; and the status every actor gets in discover.json
and in the crawl's crawl.json.

Environment (set by tests/meson.build): INVENTAIRE (the binary).
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (INVENTAIRE, TESTS_DIR, FakeForge, clean_env,  # noqa: E402
                     main, run)

sys.path.insert(0, TESTS_DIR)
import jsonschema_lite  # noqa: E402

MINISTRY = "163a8b8e-8ebc-4fb7-8ed4-44fbb78110db"

ACTORS = """\
ministere:
  name: Ministère de la Santé
  acronym: MSP
  group: ministry
  ministry: Ministère de la Santé
  pso_id: %s
  domains: [sante.gouv.fr]
ars-bretagne:
  name: Agence régionale de santé Bretagne
  acronym: ARS Bretagne
  group: ars
  parent: ministere
  pso_id: null
  domains: [bretagne.ars.sante.fr]
cnsa:
  name: Caisse nationale de solidarité pour l'autonomie
  acronym: CNSA
  group: social-security
  parent: ministere
  pso_id: null
  domains: [cnsa.fr]
""" % MINISTRY

README = ("# Outil de suivi\n\nPublié par l'Agence régionale de santé "
          "Bretagne, sous licence EUPL.\n")


def fixture():
    return {"accounts": [
        # The true match: its e-mail is on the actor's domain, and a README
        # of its names the actor.
        {"kind": "github", "owner": "ars-bretagne-officiel", "type": "org",
         "profile": {"name": "ARS Bretagne", "blog": "",
                     "email": "contact@bretagne.ars.sante.fr",
                     "location": "Rennes, France"},
         "repos": [{"name": "suivi", "files": {"README.md": README}}]},
        # A look-alike: the same acronym, on a website that is not the
        # actor's.
        {"kind": "github", "owner": "arsbretagne", "type": "org",
         "profile": {"name": "ARS Bretagne",
                     "blog": "https://ars-bretagne.example.com",
                     "location": "Brest, France"},
         "repos": []},
        # A person, whose e-mail is on the actor's domain.
        {"kind": "github", "owner": "jdupont-ars", "type": "user",
         "profile": {"name": "Jean Dupont ARS Bretagne",
                     "email": "jean.dupont@bretagne.ars.sante.fr",
                     "blog": "", "location": "Rennes"},
         "repos": []},
        # Already in the accounts list (under the ministry).
        {"kind": "github", "owner": "ars-bzh", "type": "org",
         "profile": {"name": "ARS Bretagne",
                     "email": "dsi@bretagne.ars.sante.fr"},
         "repos": []},
        # On GitLab: a group whose description names the actor.
        {"kind": "gitlab", "owner": "ars-bretagne", "type": "group",
         "profile": {"name": "ARS Bretagne", "description":
                     "Les projets de l'Agence régionale de santé Bretagne"},
         "repos": []},
    ]}


CONFIG = """\
github.com:
  forge: github
  api_url: {base}/github
  owners:
    ars-bzh:
      pso_id: {ministry}
gitlab.com:
  forge: gitlab
  api_url: {base}/gitlab/api/v4
  owners:
    ministere-sante:
      pso_id: {ministry}
codeberg.org:
  forge: forgejo
  api_url: {base}/forgejo/api/v1
  owners:
    ministere:
      pso_id: {ministry}
"""


class Discover(unittest.TestCase):
    search_limit = None
    planted = []    # accounts added to the fixture's

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-discover-")
        fx = fixture()
        fx["accounts"] += cls.planted
        if cls.search_limit:
            fx["search_limit"] = cls.search_limit
        cls.fixture = os.path.join(cls.tmp, "fixture.json")
        with open(cls.fixture, "w", encoding="utf-8") as f:
            json.dump(fx, f)
        cls.ff = FakeForge("--fixture", cls.fixture)
        cls.config = os.path.join(cls.tmp, "accounts.yml")
        with open(cls.config, "w", encoding="utf-8") as f:
            f.write(CONFIG.format(base=cls.ff.base, ministry=MINISTRY))
        cls.actors = os.path.join(cls.tmp, "actors.yml")
        with open(cls.actors, "w", encoding="utf-8") as f:
            f.write(ACTORS)

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.ff.control("/_control/reset", {})

    def out(self, name):
        d = os.path.join(self.tmp, name)
        shutil.rmtree(d, ignore_errors=True)
        return d

    def discover(self, out, *extra, timeout=120):
        return run("discover", "--config", self.config, "--actors", self.actors,
                   "--out", out, "--max-time", "5", *extra,
                   env=clean_env(NO_COLOR="1"), timeout=timeout)

    def discover_json(self, out, *extra):
        code, text, err = self.discover(out, "--format", "json", *extra)
        try:
            return code, json.loads(text), err
        except json.JSONDecodeError as e:
            raise AssertionError("not JSON (%s): %r\n%s" % (e, text, err))

    def record(self, out):
        with open(os.path.join(out, "discover.json"), encoding="utf-8") as f:
            return json.load(f)

    def searches(self, prefix="/github/search/"):
        return [e["query"] for e in self.ff.log() if e["path"].startswith(prefix)]


class Candidates(Discover):
    def candidates(self, doc, actor="ars-bretagne"):
        a = next(a for a in doc["actors"] if a["id"] == actor)
        return a["candidates"]

    def test_the_true_match_is_found_through_its_e_mail_domain_and_ranked_first(self):
        code, doc, err = self.discover_json(self.out("true"))
        self.assertEqual(code, 0, err)
        cands = self.candidates(doc)
        first = cands[0]
        self.assertEqual((first["host"], first["login"]),
                         ("github.com", "ars-bretagne-officiel"), cands)
        kinds = {e["kind"]: e for e in first["evidence"]}
        self.assertIn("email-domain", kinds)
        self.assertIn("contact@bretagne.ars.sante.fr", kinds["email-domain"]["detail"])
        # Its README names the actor: read through the forge, bounded.
        self.assertIn("repository", kinds)
        self.assertIn("suivi", kinds["repository"]["detail"])
        self.assertEqual(first["confidence"], "high")
        self.assertFalse(first["personal"])

    def test_a_look_alike_on_a_foreign_website_ranks_low(self):
        code, doc, err = self.discover_json(self.out("lookalike"))
        self.assertEqual(code, 0, err)
        cands = self.candidates(doc)
        logins = [c["login"] for c in cands]
        self.assertIn("arsbretagne", logins, cands)
        look = cands[logins.index("arsbretagne")]
        self.assertGreater(logins.index("arsbretagne"),
                           logins.index("ars-bretagne-officiel"))
        self.assertEqual(look["confidence"], "low")
        self.assertIn("foreign-domain", [e["kind"] for e in look["evidence"]])
        self.assertLess(look["score"], cands[0]["score"] - 40)

    def test_a_personal_account_is_flagged_and_ranked_down(self):
        code, doc, err = self.discover_json(self.out("personal"))
        self.assertEqual(code, 0, err)
        cands = self.candidates(doc)
        person = next(c for c in cands if c["login"] == "jdupont-ars")
        self.assertTrue(person["personal"])
        self.assertEqual(person["confidence"], "low")
        self.assertIn("personal", [e["kind"] for e in person["evidence"]])
        # Its e-mail is on the actor's domain too, yet it comes after the
        # organisation.
        self.assertIn("email-domain", [e["kind"] for e in person["evidence"]])
        self.assertLess(cands.index(cands[0]), cands.index(person))

    def test_an_account_already_listed_is_never_proposed(self):
        code, doc, err = self.discover_json(self.out("listed"))
        self.assertEqual(code, 0, err)
        self.assertNotIn("ars-bzh", [c["login"] for c in self.candidates(doc)])
        # The forge did return it: it was left out, not missed.
        self.assertTrue(any("ars" in q.lower() for q in self.searches()))
        with open(os.path.join(self.tmp, "listed", "discover.json")) as f:
            self.assertNotIn("ars-bzh", f.read())

    def test_gitlab_groups_and_an_actor_with_nothing_are_recorded(self):
        out = self.out("record")
        code, doc, err = self.discover_json(out)
        self.assertEqual(code, 0, err)
        gl = [c for c in self.candidates(doc) if c["host"] == "gitlab.com"]
        self.assertEqual([c["login"] for c in gl], ["ars-bretagne"])
        self.assertIn("description", [e["kind"] for e in gl[0]["evidence"]])
        rec = {a["id"]: a for a in self.record(out)["actors"]}
        self.assertEqual(rec["ars-bretagne"]["status"], "candidates")
        # Searched everywhere, nothing found: recorded as such.
        self.assertEqual(rec["cnsa"]["status"], "none-found")
        self.assertEqual(sorted(s["host"] for s in rec["cnsa"]["searches"]),
                         ["codeberg.org", "github.com", "gitlab.com"])
        self.assertTrue(all(s["complete"] and s["searched_at"]
                            for s in rec["cnsa"]["searches"]))
        self.assertEqual(rec["cnsa"]["candidates"], [])
        # The ministry has accounts: not searched by default.
        self.assertNotIn("ministere", rec)
        self.assertEqual(doc["not_searched"], [])

    def test_the_yaml_fragment_loads_as_an_accounts_list_and_says_it_only_proposes(self):
        out = self.out("yaml")
        code, text, err = self.discover(out)
        self.assertEqual(code, 0, err)
        self.assertIn("discover only proposes", text)
        self.assertIn("ars-bretagne-officiel:", text)
        self.assertIn("contact@bretagne.ars.sante.fr is on the actor's domain", text)
        self.assertIn("kind: user", text)
        self.assertNotIn("ars-bzh", text)
        lines = text.splitlines()
        self.assertLess(lines.index("    ars-bretagne-officiel:"),
                        lines.index("    arsbretagne:"))
        frag = os.path.join(self.tmp, "fragment.yml")
        with open(frag, "w", encoding="utf-8") as f:
            f.write(text)
        code, dry, err = run("crawl", "--config", frag, "--dry-run",
                             env=clean_env())
        self.assertEqual(code, 0, err)
        self.assertIn("github.com/ars-bretagne-officiel", dry)
        self.assertIn("gitlab.com/ars-bretagne", dry)

    def test_text_names_each_actor_and_its_candidates(self):
        code, text, err = self.discover(self.out("text"), "--format", "text",
                                        "--actor", "ars-bretagne")
        self.assertEqual(code, 0, err)
        self.assertIn("Agence régionale de santé Bretagne (ars-bretagne)", text)
        self.assertIn("github.com/jdupont-ars", text)
        self.assertIn("a person's account", text)
        self.assertIn("discover only proposes", text)

    def test_forge_restricts_the_searches_to_one_kind(self):
        code, doc, err = self.discover_json(self.out("forge"), "--forge", "gitlab")
        self.assertEqual(code, 0, err)
        self.assertEqual(self.searches(), [])
        self.assertTrue(self.searches("/gitlab/api/v4/groups"))
        self.assertEqual({c["host"] for c in self.candidates(doc)}, {"gitlab.com"})

    def test_the_summary_takes_the_plural_each_count_asks_for(self):
        # One forge, one actor: singular in English and in French, each
        # count its own ngettext() form (README.md, "Languages").
        e = clean_env(NO_COLOR="1", LANG="fr_FR.UTF-8", INVENTAIRE_LOCALEDIR=
                      os.path.join(os.environ.get("BUILD_ROOT", ""), "po"))
        for k in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
            e.pop(k, None)
        args = ("--forge", "gitlab", "--actor", "cnsa", "--max-time", "5")
        code, _, err = self.discover(self.out("plural-en"), *args[:4])
        self.assertEqual(code, 0, err)
        self.assertIn("1 actor searched for on 1 forge: ", err)
        self.assertRegex(err, r"; 0 searches not complete; [0-9]+ requests?\. ")
        p = subprocess.run(["locale", "-a"], capture_output=True, text=True)
        if "fr_FR.utf8" not in p.stdout.replace("UTF-8", "utf8"):
            self.skipTest("the fr_FR.UTF-8 locale is not generated")
        code, _, err = run("discover", "--config", self.config, "--actors",
                           self.actors, "--out", self.out("plural-fr"), *args,
                           env=e, timeout=120)
        self.assertEqual(code, 0, err)
        self.assertIn("recherche de 1 acteur sur 1 forge : ", err)
        self.assertIn(" ; 0 recherche incomplète ; ", err)
        self.assertNotIn("(s)", err)

    def test_usage_errors_exit_2(self):
        out = self.out("usage")
        for args, what in ((("--actor", "nobody"), "nobody"),
                           (("--forge", "bitbucket"), "bitbucket"),
                           (("--format", "xml"), "xml"),
                           (("--actor", "cnsa", "--all"), "--all")):
            code, _, err = self.discover(out, *args)
            self.assertEqual(code, 2, (args, err))
            self.assertIn(what, err)
        code, _, err = run("discover", "--config", self.config, "--out", out,
                           env=clean_env())
        self.assertEqual(code, 2)
        self.assertIn("--actors", err)

    def test_a_damaged_discover_json_is_named_and_kept(self):
        out = self.out("damaged")
        os.makedirs(out)
        with open(os.path.join(out, "discover.json"), "w") as f:
            f.write('{"actors": [{"id": 3}]}')
        code, _, err = self.discover(out)
        self.assertEqual(code, 4, err)
        self.assertIn("discover.json", err)
        self.assertIn('"id"', err)
        with open(os.path.join(out, "discover.json")) as f:
            self.assertEqual(f.read(), '{"actors": [{"id": 3}]}')


class RateLimit(Discover):
    def test_a_search_rate_limited_halfway_resumes_from_the_cache(self):
        out = self.out("resume")
        # The third GitHub search meets a limit that lasts an hour.
        self.ff.faults([{"kind": "ratelimit", "path": "^/github/search/",
                         "skip": 2, "arg": 3600}])
        code, doc, err = self.discover_json(out)
        self.assertEqual(code, 3, err)
        self.assertIn("rate limited", err)
        first = self.searches()
        self.assertEqual(len(first), 3)    # two answered, one refused
        # Said in the proposal and recorded, per actor and forge.
        self.assertTrue(any(n["host"] == "github.com" and "rate limited" in n["reason"]
                            for n in doc["not_searched"]), doc["not_searched"])
        rec = {a["id"]: a for a in self.record(out)["actors"]}
        gh = next(s for s in rec["cnsa"]["searches"] if s["host"] == "github.com")
        self.assertFalse(gh["complete"])
        self.assertIn("rate limited", gh["not_searched"])
        self.assertEqual(rec["cnsa"]["status"], "not-searched")

        # Later: the limit is gone; only what was not answered is asked.
        self.ff.control("/_control/reset", {})
        code, doc, err = self.discover_json(out)
        self.assertEqual(code, 0, err)
        second = self.searches()
        self.assertEqual(len(second), 2, second)
        self.assertEqual(set(first[:2]) & set(second), set())
        self.assertEqual(len(set(first) | set(second)), 4)
        rec = {a["id"]: a for a in self.record(out)["actors"]}
        self.assertEqual(rec["cnsa"]["status"], "none-found")
        self.assertEqual(rec["ars-bretagne"]["candidates"][0]["login"],
                         "ars-bretagne-officiel")
        # A third run asks nothing at all.
        self.ff.control("/_control/reset", {})
        self.assertEqual(self.discover_json(out)[0], 0)
        self.assertEqual([e for e in self.ff.log()
                          if "/search" in e["path"] or e["path"].endswith("/groups")], [])


    def test_profiles_rate_limited_leave_the_search_incomplete_and_unhammered(self):
        out = self.out("profiles")
        # Profiles: the first one meets an hour-long limit.
        self.ff.faults([{"kind": "ratelimit", "arg": 3600,
                         "path": "^/github/(orgs|users)/[^/]+$"}])
        code, doc, err = self.discover_json(out, "--forge", "github", "-j", "1")
        self.assertEqual(code, 3, err)
        profiles = [e for e in self.ff.log()
                    if e["path"].count("/") == 3 and "/search/" not in e["path"]]
        self.assertEqual(len(profiles), 1, profiles)    # then no more
        rec = {a["id"]: a for a in self.record(out)["actors"]}
        gh = rec["ars-bretagne"]["searches"][0]
        self.assertFalse(gh["complete"])
        self.assertIn("profiles not read", gh["not_searched"])
        self.assertEqual(rec["ars-bretagne"]["status"], "candidates")
        # The searches are cached; the profiles are read on the next run.
        self.ff.control("/_control/reset", {})
        code, doc, err = self.discover_json(out, "--forge", "github")
        self.assertEqual(code, 0, err)
        self.assertEqual(self.searches(), [])
        first = next(a for a in doc["actors"] if a["id"] == "ars-bretagne")["candidates"][0]
        self.assertEqual(first["login"], "ars-bretagne-officiel")
        self.assertEqual(first["confidence"], "high")

    def test_a_signal_stops_the_run_and_keeps_what_was_answered(self):
        out = self.out("signal")
        self.ff.faults([{"kind": "slow", "arg": 3, "path": "^/github/search/",
                         "skip": 1}])
        p = subprocess.Popen([INVENTAIRE, "discover", "--config", self.config,
                              "--actors", self.actors, "--out", out,
                              "--forge", "github", "--format", "json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=clean_env(), text=True)
        # The log has a request once it is answered: the first, then the
        # second is in flight, slowed down.
        deadline = time.time() + 30
        while len(self.searches()) < 1 and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        p.send_signal(signal.SIGTERM)
        text, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 3, err)
        doc = json.loads(text)
        self.assertTrue(doc["not_searched"])
        self.assertTrue(all("interrupted" in n["reason"] for n in doc["not_searched"]))
        rec = {a["id"]: a for a in self.record(out)["actors"]}
        self.assertEqual(rec["cnsa"]["status"], "not-searched")
        # The fake forge answers the interrupted request once its sleep is
        # over; let it, so that it does not land in the next log.
        deadline = time.time() + 30
        while len(self.searches()) < 2 and time.time() < deadline:
            time.sleep(0.1)
        # The first search was answered and cached: not asked again.
        self.ff.control("/_control/reset", {})
        self.assertEqual(self.discover(out, "--forge", "github")[0], 0)
        self.assertEqual(len(self.searches()), 3)


class Pacing(Discover):
    # Two searches every three seconds: the run waits for the next window
    # instead of being refused.
    search_limit = {"limit": 2, "window": 3}

    def test_searches_wait_for_the_next_window_instead_of_being_refused(self):
        start = time.time()
        code, doc, err = self.discover_json(self.out("pacing"), "--forge", "github")
        self.assertEqual(code, 0, err)
        log = [e for e in self.ff.log() if e["path"].startswith("/github/search/")]
        self.assertEqual(len(log), 4)
        self.assertEqual([e["status"] for e in log], [200] * 4)
        self.assertGreaterEqual(time.time() - start, 1.5)
        self.assertIn("waiting", err)


class HostileNames(Discover):
    # A forge's search answer is anyone's text: an organisation named with
    # terminal escape sequences (set the window title, clear the screen,
    # ring the bell), and a GitLab path with one, as the search answers.
    planted = [
        {"kind": "gitlab", "owner": "ars-bretagne-\x1b[31mrouge", "type": "group",
         "profile": {"name": "ARS Bretagne \x1b]0;pwned\x07\x1b[2J",
                     "description": "Agence régionale de santé Bretagne"},
         "repos": []},
    ]
    RAW = ("\x1b", "\x07", "\x9b")  # ESC, BEL, CSI (C1)

    def assert_no_raw_control(self, what, text):
        for c in self.RAW:
            self.assertNotIn(c, text, "%s: %r" % (what, text))

    def test_an_escape_sequence_in_a_forge_name_reaches_the_output_escaped(self):
        for fmt in ("text", "yaml", "json"):
            with self.subTest(format=fmt):
                out = self.out("hostile-" + fmt)
                code, text, err = self.discover(out, "--format", fmt,
                                                "--actor", "ars-bretagne",
                                                "--forge", "gitlab")
                self.assertEqual(code, 0, err)
                self.assert_no_raw_control("stdout", text)
                self.assert_no_raw_control("stderr", err)
                # The candidate is there, only defused.
                self.assertIn("pwned", text)
                self.assertIn("rouge", text)
                if fmt == "text":
                    # the login escaped visibly, the name on one line
                    self.assertIn("gitlab.com/ars-bretagne-\\x1b[31mrouge", text)
                    self.assertIn("ARS Bretagne  ]0;pwned  [2J", text)
                with open(os.path.join(out, "discover.json"), encoding="utf-8") as f:
                    record = f.read()
                self.assertIn("pwned", record)
                self.assert_no_raw_control("discover.json", record)

    def test_a_forge_message_with_an_escape_sequence_is_logged_escaped(self):
        # The log line of a refused search quotes the forge's own message.
        self.ff.faults([{"kind": "forbidden",
                         "message": "Forbidden\x1b]0;pwned\x07\x1b[2J\u009b2J",
                         "path": "^/gitlab/api/v4/groups"}])
        try:
            code, text, err = self.discover(self.out("hostile-log"),
                                            "--actor", "ars-bretagne",
                                            "--forge", "gitlab",
                                            "--format", "text")
        finally:
            self.ff.faults([])
        self.assertIn("Forbidden\\x1b]0;pwned\\x07\\x1b[2J\\u009b2J", err)
        self.assert_no_raw_control("stdout", text)
        self.assert_no_raw_control("stderr", err)


class Coverage(Discover):
    def test_crawl_json_shows_every_actor_listed_searched_or_not(self):
        out = self.out("coverage")
        code, _, err = self.discover(out, "--actor", "ars-bretagne")
        self.assertEqual(code, 0, err)
        code, _, err = run("crawl", "--config", self.config, "--actors",
                           self.actors, "--out", out, "--only", "github.com",
                           "--max-time", "5", env=clean_env(), timeout=120)
        self.assertIn(code, (0, 3), err)
        with open(os.path.join(out, "crawl.json"), encoding="utf-8") as f:
            cov = json.load(f)
        status = {a["id"]: a["discovery"] for a in cov["actors"]}
        self.assertEqual(status, {"ministere": "listed",
                                  "ars-bretagne": "candidates",
                                  "cnsa": "not-searched"})
        ars = next(a for a in cov["actors"] if a["id"] == "ars-bretagne")
        self.assertEqual(sorted(ars["searched_on"]),
                         ["codeberg.org", "github.com", "gitlab.com"])
        self.assertGreater(ars["candidates"], 0)
        with open(os.path.join(out, "schema", "crawl.schema.json")) as f:
            schema = json.load(f)
        self.assertEqual(jsonschema_lite.validate(cov, schema), [])
        # Then CNSA is searched: nothing anywhere.
        self.assertEqual(self.discover(out, "--actor", "cnsa")[0], 0)
        run("crawl", "--config", self.config, "--actors", self.actors,
            "--out", out, "--only", "github.com", "--max-time", "5",
            env=clean_env(), timeout=120)
        with open(os.path.join(out, "crawl.json"), encoding="utf-8") as f:
            cov = json.load(f)
        status = {a["id"]: a["discovery"] for a in cov["actors"]}
        self.assertEqual(status["cnsa"], "none-found")
        self.assertEqual(status["ars-bretagne"], "candidates")


if __name__ == "__main__":
    main()
