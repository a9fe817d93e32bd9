"""GitLab Code Quality JSON (a subset of Code Climate's issue format).

GitLab needs `description`, `check_name`, `fingerprint`, `severity`, `location.path` and
`location.lines.begin`. The fingerprint hashes the code, path and message (plus an occurrence
number for identical findings), not the line, so a finding keeps its identity when lines above it
move and GitLab can tell new findings from old ones. Errors map to `critical` and warnings to
`minor`, so the widget keeps them apart.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from ..findings import Severity
from ..runner import RunResult

SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(result: RunResult) -> str:
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for f in result.findings:
        key = (f.code, f.path, f.message)
        seen[key] += 1
        fingerprint = hashlib.sha256("\0".join((*key, str(seen[key]))).encode()).hexdigest()
        issues.append(
            {
                "type": "issue",
                "check_name": f.code,
                "description": f"{f.code} {f.name}: {f.message}" + (f" ({f.hint})" if f.hint else ""),
                "categories": ["Style"] if f.code == "WK010" else ["Bug Risk"],
                "severity": SEVERITY[f.severity],
                "fingerprint": fingerprint,
                "location": {"path": f.path, "lines": {"begin": f.line}},
            }
        )
    return json.dumps(issues, indent=2) + "\n"
