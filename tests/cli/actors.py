#!/usr/bin/env python3
"""actors.py - the actors of config/actors.yml as `inventaire crawl` uses
them: each account shown with its actor (the one that claims it, else the
one with its pso_id), `--only` by an actor's acronym, an actors file in the
older format keyed by pso_id, and a wrong actors file refused with its file,
line and key. No network: `--dry-run` stops before any request.

Environment (set by tests/meson.build): INVENTAIRE (the binary).
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import TempRepoCase, clean_env, main, run  # noqa: E402

ACCOUNTS = """\
gitlab.com:
  forge: gitlab
  owners:
    healthdatahub:
      pso_id: 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db
    drees_code:
      pso_id: 929f8575-51b3-4977-8dcb-147b756de677
"""


def dry_run_actors(out):
    """{account key: the actor shown after the API root} from --dry-run."""
    return {line.split()[0]: line.split("  ")[-1].strip()
            for line in out.splitlines() if line.strip()}


class EmbeddedActors(unittest.TestCase):
    def test_dry_run_shows_the_actor_that_claims_an_account(self):
        code, out, err = run("crawl", "--dry-run", env=clean_env())
        self.assertEqual(code, 0, err)
        actors = dry_run_actors(out)
        # Filed under the ministry's pso_id by code.gouv.fr; the Health Data
        # Hub's in actors.yml.
        self.assertEqual(actors["gitlab.com/healthdatahub"], "HDH")
        self.assertEqual(actors["github.com/indsante"], "HDH")
        self.assertEqual(actors["github.com/delegation-numerique-en-sante"], "DNS")
        # Not claimed: the actor of its pso_id.
        self.assertEqual(actors["github.com/e-pshad"], "MSP")
        self.assertEqual(actors["gitlab.has-sante.fr"], "HAS")

    def test_only_selects_the_accounts_of_an_actor_by_its_acronym(self):
        code, out, err = run("crawl", "--dry-run", "--only", "HDH", env=clean_env())
        self.assertEqual(code, 0, err)
        self.assertEqual(sorted(dry_run_actors(out)),
                         ["github.com/indsante", "gitlab.com/healthdatahub"])


class ActorsFiles(TempRepoCase):
    def crawl(self, actors_text):
        accounts = self.write("accounts.yml", ACCOUNTS, base=self.tmp)
        actors = self.write("actors.yml", actors_text, base=self.tmp)
        return run("crawl", "--config", accounts, "--actors", actors,
                   "--dry-run", env=clean_env()), actors

    def test_the_older_format_keyed_by_pso_id_still_works(self):
        (code, out, err), _ = self.crawl(
            "163a8b8e-8ebc-4fb7-8ed4-44fbb78110db:\n  name: Santé\n"
            "  acronym: MSP\n  ministry: Ministère de la Santé\n"
            "929f8575-51b3-4977-8dcb-147b756de677:\n  name: DREES\n"
            "  acronym: DREES\n  parent: 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\n")
        self.assertEqual(code, 0, err)
        self.assertEqual(dry_run_actors(out), {
            "gitlab.com/healthdatahub": "MSP", "gitlab.com/drees_code": "DREES"})

    def test_a_claim_in_the_new_format_wins_over_the_pso_id(self):
        (code, out, err), _ = self.crawl(
            "sante:\n  name: Santé\n  acronym: MSP\n  ministry: M\n"
            "  pso_id: 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\n"
            "  domains: [sante.gouv.fr]\n"
            "drees:\n  name: DREES\n  acronym: DREES\n  parent: sante\n"
            "  pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n"
            "hdh:\n  name: Health Data Hub\n  acronym: HDH\n  parent: sante\n"
            "  pso_id: null\n  accounts: [gitlab.com/healthdatahub]\n")
        self.assertEqual(code, 0, err)
        self.assertEqual(dry_run_actors(out), {
            "gitlab.com/healthdatahub": "HDH", "gitlab.com/drees_code": "DREES"})

    def test_a_wrong_actors_file_is_refused_with_its_file_line_and_key(self):
        cases = [
            # A pso_id nobody gave: null is the honest value.
            ("sante:\n  name: Santé\n  ministry: M\n",
             ":1: sante: 'pso_id' is missing"),
            ("sante:\n  name: Santé\n  ministry: M\n  pso_id: null\n"
             "  domains: [https://sante.gouv.fr]\n",
             ":5: sante: domains: 'https://sante.gouv.fr'"),
            # An account of the list whose pso_id no actor has.
            ("sante:\n  name: Santé\n  ministry: M\n"
             "  pso_id: 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\n",
             "accounts.yml:6: gitlab.com/drees_code: unknown pso_id "
             "929f8575-51b3-4977-8dcb-147b756de677"),
            # A claim of an account the list does not have.
            ("sante:\n  name: Santé\n  ministry: M\n"
             "  pso_id: 163a8b8e-8ebc-4fb7-8ed4-44fbb78110db\n"
             "drees:\n  name: DREES\n  parent: sante\n"
             "  pso_id: 929f8575-51b3-4977-8dcb-147b756de677\n"
             "  accounts: [gitlab.com/drees]\n",
             ":5: drees: accounts: gitlab.com/drees is not in"),
        ]
        for text, message in cases:
            with self.subTest(message=message):
                (code, out, err), path = self.crawl(text)
                self.assertEqual(code, 2, err)
                self.assertEqual(out, "")
                self.assertIn(message, err)
                if not message.startswith("accounts.yml"):
                    self.assertIn(path + message, err)


if __name__ == "__main__":
    main()
