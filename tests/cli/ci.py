"""The CI integrations, run here: the steps of the GitHub Action (action.yml)
and of the GitLab CI template (dist/ci/inventaire.gitlab-ci.yml), through
their shared script dist/ci/inventaire-ci, on throw-away repositories. The
reports must exist and parse (SARIF and code quality as JSON, JUnit as
XML), and the exit status must follow --fail-on."""
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (GIT_ENV, INVENTAIRE, README_TEXT, TempRepoCase,  # noqa: E402
                     clean_env, git, main)

SOURCE_ROOT = os.path.realpath(os.environ.get("SOURCE_ROOT", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..")))
SCRIPT = os.path.join(SOURCE_ROOT, "dist", "ci", "inventaire-ci")
ACTION = os.path.join(SOURCE_ROOT, "action.yml")
GITLAB = os.path.join(SOURCE_ROOT, "dist", "ci", "inventaire.gitlab-ci.yml")

# A README and a licence file that matches no licence: one warning.
WARNING_ONLY = {"README.md": README_TEXT, "LICENSE": "Do what you like.\n"}
# No licence at all: an error.
WITH_ERROR = {"README.md": README_TEXT}


def load_yaml(path):
    """The block YAML our two CI files use (mappings, lists, plain, quoted
    and folded scalars); the standard library has no YAML reader."""
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    rows = []   # (indent, text), comments and blank lines dropped
    i = 0
    while i < len(lines):
        l = lines[i]
        i += 1
        if not l.strip() or l.lstrip().startswith("#"):
            continue
        ind = len(l) - len(l.lstrip())
        text = l.strip()
        m = re.match(r"^(- )?([\w.-]+):\s*([>|])-?$", text)
        if m:   # a block scalar: the more indented lines that follow
            body = []
            while i < len(lines) and (not lines[i].strip() or
                                      len(lines[i]) - len(lines[i].lstrip()) > ind):
                body.append(lines[i].strip())
                i += 1
            sep = " " if m.group(3) == ">" else "\n"
            text = "%s%s: %s" % (m.group(1) or "", m.group(2),
                                 json.dumps(sep.join(b for b in body if b)))
        rows.append((ind, text))

    def scalar(s):
        s = s.strip()
        if s.startswith('"'):
            return json.loads(s)
        if s.startswith("'") and s.endswith("'"):
            return s[1:-1].replace("''", "'")
        if s.startswith("{") or s.startswith("["):
            raise ValueError("flow collections are not read here: " + s)
        return s

    def block(pos, ind):
        if rows[pos][1].startswith("- "):
            out = []
            while pos < len(rows) and rows[pos][0] == ind and rows[pos][1].startswith("- "):
                rest = rows[pos][1][2:]
                if re.match(r"^[\w.-]+:(\s|$)", rest):
                    # a mapping item: its first key is on the dash's line
                    rows[pos] = (ind + 2, rest)
                    item, pos = block(pos, ind + 2)
                else:
                    item, pos = scalar(rest), pos + 1
                out.append(item)
            return out, pos
        out = {}
        while pos < len(rows) and rows[pos][0] == ind:
            key, _, val = rows[pos][1].partition(":")
            pos += 1
            if val.strip():
                out[key] = scalar(val)
            elif pos < len(rows) and rows[pos][0] > ind:
                out[key], pos = block(pos, rows[pos][0])
            else:
                out[key] = ""
        return out, pos

    doc, pos = block(0, 0)
    assert pos == len(rows), "not read: %r" % (rows[pos],)
    return doc


class Reports:
    """Asserts on the folder of reports inventaire-ci wrote."""

    def __init__(self, case, folder):
        self.case, self.folder = case, folder

    def sarif(self):
        with open(os.path.join(self.folder, "inventaire.sarif")) as f:
            d = json.load(f)
        self.case.assertEqual(d["version"], "2.1.0")
        return d["runs"][0]["results"]

    def junit(self):
        root = ET.parse(os.path.join(self.folder, "inventaire.xml")).getroot()
        self.case.assertEqual(root.tag, "testsuites")
        return root

    def codequality(self):
        with open(os.path.join(self.folder, "gl-code-quality-report.json")) as f:
            issues = json.load(f)
        for i in issues:
            self.case.assertEqual(set(i), {"description", "check_name", "fingerprint",
                                           "severity", "location"})
            self.case.assertIn(i["severity"], ("info", "minor", "major",
                                               "critical", "blocker"))
            self.case.assertIsInstance(i["location"]["lines"]["begin"], int)
        self.case.assertEqual(len({i["fingerprint"] for i in issues}), len(issues))
        return issues

    def check_all(self):
        rules = {r["ruleId"] for r in self.sarif()}
        self.junit()
        self.case.assertEqual({i["check_name"] for i in self.codequality()}, rules)
        self.case.assertTrue(os.path.getsize(os.path.join(self.folder,
                                                          "inventaire.txt")))
        return rules


class Script(TempRepoCase):
    def ci(self, command, repo, shell="sh", **env):
        env = clean_env(**dict({"INVENTAIRE": INVENTAIRE, "INVENTAIRE_PATH": repo,
                                "INVENTAIRE_REPORTS": self.path("reports")}, **env))
        for k in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV"):
            env.setdefault(k, "")
        p = subprocess.run([shell, SCRIPT, command], cwd=self.tmp, env=env,
                           capture_output=True, text=True, timeout=120)
        return p.returncode, p.stdout, p.stderr

    def test_exit_status_follows_fail_on_and_every_report_parses(self):
        warn = self.repo(WARNING_ONLY, name="warn")
        err = self.repo(WITH_ERROR, name="err")
        # dash (Debian's sh, the GitLab job's) for each case, bash (the
        # GitHub Action's) for one.
        for repo, fail_on, status, shells in (
                (warn, "error", 0, ("sh", "bash")), (warn, "warning", 1, ("sh",)),
                (warn, "never", 0, ("sh",)), (err, "error", 1, ("sh", "bash")),
                (err, "warning", 1, ("sh",)), (err, "never", 0, ("sh",))):
            for shell in shells:
                shutil.rmtree(self.path("reports"), ignore_errors=True)
                code, out, errout = self.ci("check", repo, shell=shell,
                                            INVENTAIRE_FAIL_ON=fail_on)
                self.assertEqual(code, status, (repo, fail_on, shell, out, errout))
                rules = Reports(self, self.path("reports")).check_all()
                self.assertIn("license.unidentified" if repo == warn
                              else "license.missing", rules)
                # The text report, with its verdict, is in the log.
                self.assertIn("license.", out)

    def test_on_github_it_fills_the_outputs_and_the_summary(self):
        d = self.repo(WITH_ERROR)
        out_file, summary = self.path("output"), self.path("summary")
        code, _, _ = self.ci("check", d, GITHUB_OUTPUT=out_file,
                             GITHUB_STEP_SUMMARY=summary)
        self.assertEqual(code, 1)
        with open(out_file) as f:
            outputs = dict(l.rstrip("\n").split("=", 1) for l in f)
        self.assertEqual(outputs["exit-code"], "1")
        self.assertEqual(outputs["sarif"], self.path("reports", "inventaire.sarif"))
        self.assertEqual(outputs["junit"], self.path("reports", "inventaire.xml"))
        with open(summary) as f:
            text = f.read()
        self.assertIn("### inventaire check: findings at or above `error`", text)
        self.assertIn("license.missing", text)

    def test_build_uses_the_given_binary_and_passes_it_on(self):
        env_file = self.path("env")
        code, _, err = self.ci("build", ".", GITHUB_ENV=env_file)
        self.assertEqual(code, 0, err)
        self.assertIn("using " + INVENTAIRE, err)
        with open(env_file) as f:
            self.assertEqual(f.read(), "INVENTAIRE=%s\n" % INVENTAIRE)

    def test_build_builds_the_checkout_it_belongs_to_when_there_is_no_binary(self):
        # A stand-in for this repository, with its .ci/ and dist/ci/, whose
        # program prints a version; a library of the same name, as ours has.
        src = self.path("src")
        for rel in ("dist/ci", ".ci"):
            shutil.copytree(os.path.join(SOURCE_ROOT, rel), os.path.join(src, rel))
        self.write("meson.build", "project('inventaire', 'c')\n"
                   "lib = static_library('inventaire', 'lib.c')\n"
                   "executable('inventaire', 'main.c', link_with : lib)\n", base=src)
        self.write("meson_options.txt", "option('man', type : 'feature')\n", base=src)
        self.write("lib.c", "int answer(void) { return 0; }\n", base=src)
        self.write("main.c", "#include <stdio.h>\nint answer(void);\n"
                   "int main(void) { puts(\"inventaire 9.9.9\"); return answer(); }\n",
                   base=src)
        env = clean_env(TMPDIR=self.tmp, GITHUB_ENV=self.path("env"),
                        PATH="/usr/bin:/bin")
        env.pop("INVENTAIRE", None)
        p = subprocess.run(["sh", os.path.join(src, "dist", "ci", "inventaire-ci"),
                            "build"], cwd=self.tmp, env=env, capture_output=True,
                           text=True, timeout=300)
        built = self.path("inventaire-build", "inventaire")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("built %s (inventaire 9.9.9)" % built, p.stderr)
        with open(self.path("env")) as f:
            self.assertEqual(f.read(), "INVENTAIRE=%s\n" % built)

    def test_errors_stop_with_check_s_own_status_and_message(self):
        code, _, err = self.ci("check", self.path("nowhere"))
        self.assertEqual(code, 4)
        self.assertIn(self.path("nowhere"), err)
        d = self.repo(WITH_ERROR)
        code, _, err = self.ci("check", d, INVENTAIRE_ARGS="--bogus")
        self.assertEqual(code, 2)
        self.assertIn("--bogus", err)
        code, _, err = self.ci("check", d, INVENTAIRE_FAIL_ON="often")
        self.assertEqual(code, 2)
        self.assertIn("INVENTAIRE_FAIL_ON=often", err)
        code, _, err = self.ci("check", ".", INVENTAIRE=self.path("missing-binary"))
        self.assertEqual(code, 2)
        self.assertIn("missing-binary", err)
        code, _, err = self.ci("deploy", ".")
        self.assertEqual(code, 2)
        self.assertIn("usage: inventaire-ci build|check", err)

    def test_extra_arguments_reach_check(self):
        d = self.repo(WITH_ERROR, commit=False)   # no commit: --worktree
        code, _, _ = self.ci("check", d)
        self.assertEqual(code, 1)
        self.assertIn("repository.no-commits",
                      {r["ruleId"] for r in Reports(self, self.path("reports")).sarif()})
        code, _, _ = self.ci("check", d, INVENTAIRE_ARGS="--worktree")
        self.assertEqual(code, 1)
        rules = {r["ruleId"] for r in Reports(self, self.path("reports")).sarif()}
        self.assertIn("license.missing", rules)
        self.assertNotIn("repository.no-commits", rules)


class CodeQuality(TempRepoCase):
    """dist/ci/sarif_to_codequality.py on SARIF written by hand: what check
    does not write yet (regions, fingerprints, suppressions) included."""

    def convert(self, results):
        src, dst = self.path("in.sarif"), self.path("out.json")
        with open(src, "w") as f:
            json.dump({"version": "2.1.0", "runs": [{"tool": {"driver": {
                "name": "inventaire"}}, "results": results}]}, f)
        p = subprocess.run([sys.executable, os.path.join(SOURCE_ROOT, "dist", "ci",
                                                         "sarif_to_codequality.py"),
                            src, dst], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(dst) as f:
            return json.load(f)

    def result(self, rule, level="error", line=None, **extra):
        loc = {"artifactLocation": {"uri": "publiccode.yml"}}
        if line:
            loc["region"] = {"startLine": line}
        return dict({"ruleId": rule, "level": level,
                     "message": {"text": rule + " here"},
                     "locations": [{"physicalLocation": loc}]}, **extra)

    def test_levels_lines_and_fingerprints(self):
        out = self.convert([self.result("a", "error", 12), self.result("b", "warning"),
                            self.result("c", "note")])
        self.assertEqual([(i["check_name"], i["severity"], i["location"]["lines"]["begin"])
                          for i in out], [("a", "major", 12), ("b", "minor", 1),
                                          ("c", "info", 1)])
        self.assertEqual(out[0]["location"]["path"], "publiccode.yml")
        # Two errors of one rule in one file differ by line: two issues.
        out = self.convert([self.result("a", line=3), self.result("a", line=4)])
        self.assertNotEqual(out[0]["fingerprint"], out[1]["fingerprint"])
        # The same finding keeps its fingerprint from one run to the next.
        self.assertEqual(out, self.convert([self.result("a", line=3),
                                            self.result("a", line=4)]))
        # SARIF's own fingerprints win over the line, which moves.
        fp = {"partialFingerprints": {"inventaire/v1": "abc"}}
        self.assertEqual(self.convert([self.result("a", line=3, **fp)])[0]["fingerprint"],
                         self.convert([self.result("a", line=9, **fp)])[0]["fingerprint"])

    def test_accepted_suppressions_are_left_out(self):
        out = self.convert([
            self.result("kept"),
            self.result("silenced", suppressions=[{"kind": "external"}]),
            self.result("accepted", suppressions=[{"kind": "external",
                                                   "status": "accepted"}]),
            self.result("in-review", suppressions=[{"kind": "external",
                                                    "status": "underReview"}])])
        self.assertEqual([i["check_name"] for i in out], ["kept", "in-review"])


def expand(value, ctx):
    """GitHub's ${{ ... }} expressions, the few our action uses."""
    def one(m):
        expr = m.group(1).strip()
        if expr in ctx:
            return ctx[expr]
        raise AssertionError("expression not known to the test: " + expr)
    return re.sub(r"\$\{\{(.*?)\}\}", one, value)


def condition(expr, ctx):
    """Evaluates the `if:` of a step: && of !cancelled(), == and != tests."""
    expr = re.sub(r"^\$\{\{(.*)\}\}$", r"\1", expr.strip()).strip()
    for part in expr.split("&&"):
        part = part.strip()
        if part == "!cancelled()":
            continue
        m = re.match(r"^([\w.-]+) (==|!=) '([^']*)'$", part)
        assert m, "condition not known to the test: " + part
        value = ctx.get(m.group(1), "")
        if (value == m.group(3)) != (m.group(2) == "=="):
            return False
    return True


class GitHubAction(TempRepoCase):
    def setUp(self):
        super().setUp()
        self.action = load_yaml(ACTION)

    def test_action_yml_declares_what_its_steps_use(self):
        a = self.action
        self.assertEqual(a["runs"]["using"], "composite")
        with open(ACTION) as f:
            text = f.read()
        for name in re.findall(r"inputs\.([\w-]+)", text):
            self.assertIn(name, a["inputs"])
        uses = [s["uses"] for s in a["runs"]["steps"] if "uses" in s]
        self.assertIn("github/codeql-action/upload-sarif@v4", uses)
        self.assertIn("actions/upload-artifact@v6", uses)
        self.assertIn("security-events: write", text)
        for s in a["runs"]["steps"]:
            if "run" in s:
                self.assertEqual(s["shell"], "bash")
                # Inputs go through env:, never into the shell text.
                self.assertNotIn("${{", s["run"])

    def run_action(self, workspace, **inputs):
        """The action's steps as a runner would run them; returns the exit
        status of the first failing run step (or 0) and the context."""
        temp = self.path("runner-temp")
        os.makedirs(temp, exist_ok=True)
        files = {k: self.path(k.lower()) for k in
                 ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY")}
        ctx = {"runner.temp": temp, "github.workspace": workspace}
        for name, spec in self.action["inputs"].items():
            ctx["inputs." + name] = inputs.get(name, spec.get("default", ""))
        env = clean_env(GITHUB_ACTION_PATH=SOURCE_ROOT, GITHUB_WORKSPACE=workspace,
                        RUNNER_TEMP=temp, **files)
        env.pop("INVENTAIRE", None)
        status, uploads = 0, []
        for step in self.action["runs"]["steps"]:
            if "if" in step and not condition(step["if"], ctx):
                continue
            if "uses" in step:
                uploads.append((step["uses"], {k: expand(v, ctx) for k, v in
                                               step.get("with", {}).items()}))
                continue
            if status:
                continue
            open(files["GITHUB_OUTPUT"], "w").close()
            # What earlier steps wrote to GITHUB_ENV, then the step's env:.
            step_env = dict(env)
            if os.path.exists(files["GITHUB_ENV"]):
                with open(files["GITHUB_ENV"]) as f:
                    step_env.update(l.rstrip("\n").split("=", 1) for l in f if "=" in l)
            step_env.update({k: expand(v, ctx) for k, v in step.get("env", {}).items()})
            p = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workspace,
                               env=step_env, capture_output=True, text=True,
                               timeout=300)
            with open(files["GITHUB_OUTPUT"]) as f:
                for l in f:
                    k, v = l.rstrip("\n").split("=", 1)
                    ctx["steps.%s.outputs.%s" % (step.get("id"), k)] = v
            status = p.returncode
        return status, ctx, uploads

    def test_the_steps_check_and_upload_whatever_the_verdict(self):
        d = self.repo(WARNING_ONLY)
        for fail_on, status in (("error", 0), ("warning", 1)):
            code, ctx, uploads = self.run_action(d, inventaire=INVENTAIRE,
                                                 **{"fail-on": fail_on})
            self.assertEqual(code, status, fail_on)
            self.assertEqual(ctx["steps.check.outputs.exit-code"], str(status))
            # Both uploads run, failing check or not, on files that exist.
            sarif = dict(uploads)["github/codeql-action/upload-sarif@v4"]
            Reports(self, os.path.dirname(sarif["sarif_file"])).check_all()
            self.assertEqual(sarif["category"], "inventaire")
            art = dict(uploads)["actions/upload-artifact@v6"]
            self.assertTrue(os.path.isfile(os.path.join(art["path"], "inventaire.xml")))
            self.assertEqual(art["name"], "inventaire-reports")

    def test_upload_sarif_can_be_turned_off(self):
        d = self.repo(WARNING_ONLY)
        _, _, uploads = self.run_action(d, inventaire=INVENTAIRE,
                                        **{"upload-sarif": "false"})
        self.assertEqual([u for u, _ in uploads], ["actions/upload-artifact@v6"])

    def test_a_usage_error_fails_before_any_upload(self):
        d = self.repo(WARNING_ONLY)
        code, _, uploads = self.run_action(d, inventaire=INVENTAIRE, args="--bogus")
        self.assertEqual((code, uploads), (2, []))


class GitLabTemplate(TempRepoCase):
    def inventaire_source(self):
        """A repository that serves as INVENTAIRE_REPO: the files the
        template's job clones and runs."""
        d = self.path("inventaire-src")
        for rel in ("dist/ci", ".ci"):
            shutil.copytree(os.path.join(SOURCE_ROOT, rel), os.path.join(d, rel))
        git(d, "init", "-q", "-b", "main")
        git(d, "add", "-A")
        git(d, "commit", "-q", "-m", "ci")
        return d

    def run_job(self, project, **variables):
        t = load_yaml(GITLAB)
        job = t["inventaire"]
        base = t[job["extends"]]
        self.assertEqual(job["stage"], "test")
        env = clean_env(CI_PROJECT_DIR=project, TMPDIR=self.tmp, **variables)
        env.pop("INVENTAIRE", None)
        for scope in (t["variables"], base["variables"]):
            for k, v in scope.items():
                if k not in variables:
                    env[k] = re.sub(r"\$(\w+)", lambda m: env.get(m.group(1), ""), v)
        env.update(variables)
        # GitLab runs before_script and script as one shell script, which
        # stops at the first failing line.
        script = "set -e\n" + "\n".join(base["before_script"] + base["script"])
        p = subprocess.run(["sh", "-c", script], cwd=project, env=env,
                           capture_output=True, text=True, timeout=300)
        return p.returncode, base["artifacts"], p.stdout + p.stderr

    def test_the_job_clones_checks_and_leaves_the_reports_gitlab_reads(self):
        src = self.inventaire_source()
        project = self.repo(WITH_ERROR, name="project")
        for fail_on, status in (("error", 1), ("never", 0)):
            shutil.rmtree(os.path.join(project, "inventaire-reports"),
                          ignore_errors=True)
            code, artifacts, log = self.run_job(
                project, INVENTAIRE_REPO=src, INVENTAIRE=INVENTAIRE,
                INVENTAIRE_FAIL_ON=fail_on)
            self.assertEqual(code, status, log)
            self.assertEqual(artifacts["when"], "always")
            reports = artifacts["reports"]
            self.assertEqual(set(reports), {"junit", "codequality"})
            Reports(self, os.path.join(project, "inventaire-reports")).check_all()
            for path in list(reports.values()) + artifacts["paths"]:
                self.assertTrue(os.path.exists(os.path.join(project, path)), path)
        # The clone stayed out of the checked work tree.
        self.assertEqual(git(project, "status", "--porcelain", "--ignored"),
                         "?? inventaire-reports/\n")


class BuildScript(TempRepoCase):
    """.ci/build, on a small project of its own: quiet when the build works,
    meson's or the compiler's own words when it does not."""

    def build(self, meson_build, source):
        d = self.path("project")
        shutil.copytree(os.path.join(SOURCE_ROOT, ".ci"), os.path.join(d, ".ci"))
        self.write("meson.build", meson_build, base=d)
        self.write("x.c", source, base=d)
        p = subprocess.run(["sh", os.path.join(d, ".ci", "build")], cwd=d,
                           capture_output=True, text=True, timeout=300)
        return p.returncode, p.stdout, p.stderr

    def test_a_good_build_is_quiet(self):
        code, out, err = self.build("project('x', 'c')\nexecutable('x', 'x.c')\n",
                                    "int main(void) { return 0; }\n")
        self.assertEqual((code, out, err), (0, "", ""))

    def test_a_compiler_error_is_shown(self):
        code, _, err = self.build("project('x', 'c')\nexecutable('x', 'x.c')\n",
                                  "int main(void) { return undeclared_name; }\n")
        self.assertEqual(code, 1)
        self.assertIn("undeclared_name", err)
        self.assertIn("error:", err)
        self.assertIn(".ci/build: 'ninja -C build' failed", err)

    def test_a_meson_error_is_shown(self):
        code, _, err = self.build("project('x', 'c')\nexecutable('x', 'nowhere.c')\n",
                                  "")
        self.assertEqual(code, 1)
        self.assertIn("nowhere.c", err)
        self.assertIn(".ci/build: 'meson setup build' failed", err)


if __name__ == "__main__":
    main()
