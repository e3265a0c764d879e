"""Turns inventaire's SARIF report into GitLab's code quality report:
sarif_to_codequality.py SARIF_FILE OUTPUT_FILE.

GitLab reads no SARIF report artifact (its CI/CD "artifacts:reports" page
lists none for SARIF), but every tier shows the code quality report in the
merge request. Its format is a JSON array of issues with description,
check_name, fingerprint, severity and location.path / location.lines.begin
(GitLab's "Code Quality" page, "Code Quality report format"). Standard
library only."""
import hashlib
import json
import os
import sys
import urllib.parse

# SARIF levels (SARIF 2.1.0, §3.27.10) to GitLab's severities.
SEVERITY = {"error": "major", "warning": "minor", "note": "info", "none": "info"}


def suppressed(result):
    """A finding the team silenced on purpose (SARIF 2.1.0, §3.27.23: a
    suppression whose status is absent or "accepted") is not an issue of
    the merge request; one still under review or rejected is."""
    return any(s.get("status", "accepted") == "accepted"
               for s in result.get("suppressions") or [])


def issues(sarif):
    for run in sarif.get("runs", []):
        for result in run.get("results", []):
            if suppressed(result):
                continue
            rule = result.get("ruleId", "inventaire")
            message = result.get("message", {}).get("text", rule)
            loc = (result.get("locations") or [{}])[0].get("physicalLocation", {})
            # SARIF URIs are percent-encoded URI references (SARIF 2.1.0
            # §3.10); GitLab wants the file path itself.
            path = urllib.parse.unquote(
                loc.get("artifactLocation", {}).get("uri", "."))
            line = loc.get("region", {}).get("startLine", 1)
            # The same finding keeps the same fingerprint from one pipeline
            # to the next, so GitLab can tell new findings from old ones.
            prints = result.get("partialFingerprints") or {}
            key = json.dumps(prints, sort_keys=True) if prints else \
                "\0".join((rule, path, str(line), message))
            yield {
                "description": message,
                "check_name": rule,
                "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
                "severity": SEVERITY.get(result.get("level", "warning"), "minor"),
                "location": {"path": path, "lines": {"begin": line}},
            }


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: sarif_to_codequality.py SARIF_FILE OUTPUT_FILE")
    with open(sys.argv[1], encoding="utf-8") as f:
        sarif = json.load(f)
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(list(issues(sarif)), f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, sys.argv[2])


if __name__ == "__main__":
    main()
