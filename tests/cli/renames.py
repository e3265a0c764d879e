"""A repository renamed on its forge is one rename in the changes, on each
of the five forge kinds: the listing gives the forge's own id of every
repository (GitHub's, Gitea's and GitLab's `id`, Bitbucket's `uuid`,
SourceHut's `id`), the state keeps it, and the next crawl pairs the
repository gone with the one new by it (output/changes.h). The planted
repositories are all made in the same second, so that the creation time
cannot tell them apart: only the id can, and two ids that differ keep a
removal and an addition apart."""
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import FakeForge, clean_env, main, make_bare, run  # noqa: E402

CREATED = "2024-03-01T10:00:00Z"
# kind, owner, account type, host, the owner as full names spell it
FORGES = [
    ("github", "SocialGouv", "org", "github.com", "SocialGouv"),
    ("gitlab", "drees", "group", "gitlab.com", "drees"),
    ("gitea", "fabrique", "org", "codeberg.org", "fabrique"),
    ("bitbucket", "cnam", "org", "bitbucket.org", "cnam"),
    ("sourcehut", "dinum", "user", "git.sr.ht", "~dinum"),
]




def fixture(names):
    """Every forge's account with NAMES: (name, id) pairs."""
    accounts = []
    for kind, owner, typ, _, _ in FORGES:
        accounts.append({"kind": kind, "owner": owner, "type": typ, "repos": [
            {"name": name, "id": 100 + rid, "created_at": CREATED,
             "updated_at": CREATED, "pushed_at": CREATED, "forks": 0,
             "description": "Dépôt %s" % name,
             "clone_url": "{git}/%s/%s.git" % (kind, name)}
            for name, rid in names]})
    return {"accounts": accounts}


class Renames(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-renames-")
        git = os.path.join(cls.tmp, "git")
        for kind, *_ in FORGES:
            for name in ("a", "b", "a-renamed", "c"):
                make_bare(os.path.join(git, kind, name + ".git"),
                          {"README.md": "# %s\n" % name})
        first = os.path.join(cls.tmp, "fixture.json")
        with open(first, "w") as f:
            json.dump(fixture([("a", 1), ("b", 2)]), f)
        cls.ff = FakeForge("--fixture", first, "--git-root", git)
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
gitlab.com:
  forge: gitlab
  api_url: {b}/gitlab/api/v4
  allow_http: true
  owners:
    drees:
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
        cls.out = os.path.join(cls.tmp, "out")
        cls.code1, _, cls.err1 = cls.crawl()
        cls.first_state = cls.load_state()
        # On every forge: a renamed (same id), b deleted, c made in the
        # same second.
        cls.ff.control("/_control/fixture",
                       fixture([("a-renamed", 1), ("c", 3)]))
        cls.code2, _, cls.err2 = cls.crawl()

    @classmethod
    def tearDownClass(cls):
        cls.ff.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def crawl(cls):
        return run("crawl", "--config", cls.config, "--out", cls.out,
                   "--max-time", "5",
                   env=clean_env(NO_COLOR="1", INVENTAIRE_TOKEN_LOCALHOST="t"),
                   timeout=300)

    @classmethod
    def load(cls, name):
        with open(os.path.join(cls.out, name), encoding="utf-8") as f:
            return json.load(f)

    @classmethod
    def load_state(cls):
        """The state's records: a header line, then one {"repository": ...}
        or {"owner": ...} a line (crawler/crawl/crawl_inventory.c)."""
        state = {"repos": [], "owners": []}
        path = os.path.join(cls.out, "state", "inventory.jsonl")
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f):
                rec = json.loads(line)
                if n and "repository" in rec:
                    state["repos"].append(rec["repository"])
                elif n:
                    state["owners"].append(rec["owner"])
        return state

    def setUp(self):
        # SourceHut's clone URLs are git.sr.ht's own (its API gives none),
        # which no test reaches: its two repositories cannot be fetched, a
        # partial night (exit 3) that says so.
        for code, err in ((self.code1, self.err1), (self.code2, self.err2)):
            self.assertEqual(code, 3, err)
            self.assertIn("2 repositories could not be fetched", err)

    def test_the_state_keeps_each_forge_s_id_of_its_repositories(self):
        ids = {(r["repo"]["host"], r["repo"]["full_name"]): r["repo"]["forge_id"]
               for r in self.first_state["repos"]}
        want = {}
        for kind, _, _, host, owner in FORGES:
            for name, rid in (("a", 101), ("b", 102)):
                # Bitbucket's uuid, as the fake forge writes it
                want[(host, "%s/%s" % (owner, name))] = (
                    "{%08d-0000-0000-0000-000000000000}" % rid
                    if kind == "bitbucket" else str(rid))
        self.assertEqual(ids, want)

    def test_a_repository_renamed_on_its_forge_is_one_rename(self):
        changes = self.load("changes.json")
        got = sorted((c["kind"], c["host"], c["full_name"], c["previous"])
                     for c in changes["changes"])
        want = []
        for _, _, _, host, owner in FORGES:
            want += [("added", host, owner + "/c", None),
                     ("removed", host, owner + "/b", None),
                     ("renamed", host, owner + "/a-renamed", owner + "/a")]
        self.assertEqual(got, sorted(want))
        self.assertEqual(changes["counts"]["renamed"], len(FORGES))
        self.assertEqual(changes["counts"]["added"], len(FORGES))
        self.assertEqual(changes["counts"]["removed"], len(FORGES))

    def test_the_atom_feed_says_the_renames(self):
        with open(os.path.join(self.out, "changes.atom"), encoding="utf-8") as f:
            atom = f.read()
        for _, _, _, host, owner in FORGES:
            self.assertIn("%s/a-renamed" % owner, atom)


if __name__ == "__main__":
    main()
