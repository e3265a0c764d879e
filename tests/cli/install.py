"""`meson install` into a DESTDIR: exactly the files an operator gets, file
by file, and that each one works where it lands (the binary runs, the man
pages render, the systemd units verify and are hardened, the completion
loads, the default configuration is the built-in one)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import main  # noqa: E402

BUILD_ROOT = os.environ.get("BUILD_ROOT", "")
SOURCE_ROOT = os.environ.get("SOURCE_ROOT", "")
COMMANDS = ["check", "crawl", "diff", "discover", "license", "list",
            "merge", "report", "validate"]


def build_options():
    out = subprocess.run(["meson", "introspect", "--buildoptions", BUILD_ROOT],
                         check=True, capture_output=True, text=True).stdout
    return {o["name"]: o["value"] for o in json.loads(out)}


class Install(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.opts = build_options()
        cls.destdir = tempfile.mkdtemp(prefix="inventaire-install-")
        p = subprocess.run(["meson", "install", "-C", BUILD_ROOT, "--no-rebuild",
                            "--quiet", "--destdir", cls.destdir],
                           capture_output=True, text=True)
        if p.returncode:
            raise AssertionError("meson install failed:\n" + p.stdout + p.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.destdir, ignore_errors=True)

    def dir(self, name):
        """An installation folder, absolute, as meson computed it."""
        prefix = self.opts["prefix"]
        if name == "systemdunitdir":
            return self.opts[name] or os.path.join(prefix, "lib", "systemd", "system")
        if name == "bashcompletiondir":
            return self.opts[name] or os.path.join(
                prefix, self.opts["datadir"], "bash-completion", "completions")
        return os.path.join(prefix, self.opts[name])

    def staged(self, path):
        """Where PATH (absolute, as installed) is in the DESTDIR."""
        return os.path.join(self.destdir, path.lstrip("/"))

    def expected(self):
        files = [os.path.join(self.dir("bindir"), "inventaire"),
                 os.path.join(self.dir("bindir"), "inventaire-shards"),
                 os.path.join(self.dir("datadir"), "inventaire", "kubernetes",
                              "inventaire.yaml"),
                 os.path.join(self.dir("datadir"), "inventaire", "accounts.yml"),
                 os.path.join(self.dir("datadir"), "inventaire", "actors.yml"),
                 os.path.join(self.dir("bashcompletiondir"), "inventaire"),
                 os.path.join(self.dir("systemdunitdir"), "inventaire.service"),
                 os.path.join(self.dir("systemdunitdir"), "inventaire.timer")]
        with open(os.path.join(SOURCE_ROOT, "po", "LINGUAS")) as f:
            for lang in f.read().split():
                files.append(os.path.join(self.dir("localedir"), lang,
                                          "LC_MESSAGES", "inventaire.mo"))
        if self.opts["man"] != "disabled":
            for page in ["inventaire"] + ["inventaire-" + c for c in COMMANDS]:
                files.append(os.path.join(self.dir("mandir"), "man1", page + ".1"))
        return sorted(files)

    def test_install_puts_exactly_the_listed_files(self):
        found = sorted("/" + os.path.relpath(os.path.join(d, f), self.destdir)
                       for d, _, names in os.walk(self.destdir) for f in names)
        self.assertEqual(found, self.expected())

    def test_the_installed_binary_runs(self):
        exe = self.staged(os.path.join(self.dir("bindir"), "inventaire"))
        self.assertTrue(os.access(exe, os.X_OK))
        p = subprocess.run([exe, "--version"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, r"^inventaire \d+\.\d+\.\d+\n")

    def test_the_default_configuration_is_the_built_in_one(self):
        for name in ("accounts.yml", "actors.yml"):
            with open(os.path.join(SOURCE_ROOT, "config", name), "rb") as f:
                source = f.read()
            with open(self.staged(os.path.join(self.dir("datadir"), "inventaire",
                                               name)), "rb") as f:
                self.assertEqual(f.read(), source, name)
        # It is a list `crawl --config` reads as it is.
        accounts = self.staged(os.path.join(self.dir("datadir"), "inventaire",
                                            "accounts.yml"))
        actors = self.staged(os.path.join(self.dir("datadir"), "inventaire",
                                          "actors.yml"))
        p = subprocess.run([os.environ["INVENTAIRE"], "crawl", "--dry-run",
                            "--config", accounts, "--actors", actors],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("github.com", p.stdout)

    def test_man_pages_are_roff_with_every_placeholder_filled(self):
        if self.opts["man"] == "disabled":
            self.skipTest("configured with -Dman=disabled")
        for page in ["inventaire"] + ["inventaire-" + c for c in COMMANDS]:
            path = self.staged(os.path.join(self.dir("mandir"), "man1", page + ".1"))
            with open(path, encoding="utf-8") as f:
                roff = f.read()
            self.assertIn('.TH "%s" "1"' % page, roff)
            self.assertNotRegex(roff, r"@[A-Z]+@", page)
            self.assertIn("inventaire " + self.version(), roff)
            if shutil.which("man"):
                p = subprocess.run(["man", "-l", path], capture_output=True,
                                   text=True, env=dict(os.environ, MANPAGER="cat",
                                                       MANWIDTH="80"))
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertIn("SYNOPSIS", p.stdout)

    def version(self):
        p = subprocess.run([os.environ["INVENTAIRE"], "--version"],
                           capture_output=True, text=True)
        return p.stdout.split()[1]

    def unit(self, name):
        with open(self.staged(os.path.join(self.dir("systemdunitdir"), name))) as f:
            return f.read()

    def directives(self, text):
        return [l.split("=", 1)[0] for l in text.splitlines()
                if l and not l.startswith(("#", "[")) and "=" in l]

    def test_the_service_runs_the_installed_binary_with_tokens_from_a_file(self):
        service = self.unit("inventaire.service")
        exe = os.path.join(self.dir("bindir"), "inventaire")
        self.assertRegex(service, r"(?m)^ExecStart=%s crawl .*--out %%S/inventaire$"
                         % re.escape(exe))
        # Tokens never in the unit, which `systemctl show` prints to anyone.
        self.assertNotIn("Environment", self.directives(service))
        self.assertIn("EnvironmentFile=-%E/inventaire/tokens.env", service)
        # A bad night must fail the unit: past --max-failed, exit 5; only a
        # partial night within it (exit 3) passes.
        self.assertRegex(service, r"(?m)^ExecStart=.* crawl .*--max-failed \d+ ")
        self.assertEqual([l for l in service.splitlines()
                          if l.startswith("SuccessExitStatus")],
                         ["SuccessExitStatus=3"])
        for line in ("DynamicUser=yes", "StateDirectory=inventaire",
                     "ProtectSystem=strict", "NoNewPrivileges=yes",
                     "ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet="):
            self.assertRegex(service, "(?m)^%s$" % re.escape(line))

    def test_the_timer_is_nightly_persistent_and_spread(self):
        timer = self.unit("inventaire.timer")
        self.assertRegex(timer, r"(?m)^OnCalendar=\*-\*-\* 0[0-5]:\d\d:00$")
        self.assertRegex(timer, r"(?m)^Persistent=true$")
        self.assertRegex(timer, r"(?m)^RandomizedDelaySec=\S+$")
        self.assertRegex(timer, r"(?m)^WantedBy=timers.target$")

    def test_systemd_accepts_the_units_and_rates_the_service_safe(self):
        if not shutil.which("systemd-analyze"):
            self.skipTest("no systemd-analyze (.ci/deps test installs systemd)")
        # systemd-analyze checks that ExecStart= exists: point it at the
        # staged binary, in a copy.
        tmp = tempfile.mkdtemp(prefix="inventaire-units-")
        try:
            exe = os.path.join(self.dir("bindir"), "inventaire")
            service = self.unit("inventaire.service").replace(
                "ExecStart=" + exe, "ExecStart=" + self.staged(exe))
            for name, text in (("inventaire.service", service),
                               ("inventaire.timer", self.unit("inventaire.timer"))):
                with open(os.path.join(tmp, name), "w") as f:
                    f.write(text)
            units = [os.path.join(tmp, n) for n in ("inventaire.service",
                                                    "inventaire.timer")]
            p = subprocess.run(["systemd-analyze", "verify", "--man=no", *units],
                               capture_output=True, text=True, cwd=tmp)
            self.assertEqual((p.returncode, p.stderr), (0, ""))
            # Exposure 2.0 at most, out of 10 ("OK" starts below 5.0).
            p = subprocess.run(["systemd-analyze", "security", "--offline=yes",
                                "--threshold=20", units[0]],
                               capture_output=True, text=True, cwd=tmp)
            self.assertEqual(p.returncode, 0, p.stdout[-2000:] + p.stderr)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_the_completion_loads_and_registers_inventaire(self):
        path = self.staged(os.path.join(self.dir("bashcompletiondir"), "inventaire"))
        p = subprocess.run(["bash", "-c", 'source "$1" && complete -p inventaire',
                            "bash", path], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.strip(), "complete -F _inventaire inventaire")


if __name__ == "__main__":
    main()
