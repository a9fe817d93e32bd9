"""The JSON report: every finding, the waived ones, and what each check ran with and how long it took."""

from __future__ import annotations

import json

from ..findings import Severity
from ..runner import RunResult


def render(result: RunResult) -> str:
    return json.dumps(
        {
            "command": result.command,
            "summary": {
                "files": result.files,
                **{s.value: result.count(s) for s in Severity},
                "waived": len(result.waived),
                "exit_code": result.exit_code,
            },
            "findings": [f.as_dict() for f in result.findings],
            "waived": [f.as_dict() for f in result.waived],
            "checks": [
                {
                    "name": r.check.name,
                    "ran": r.ran,
                    "engine": r.engine,
                    "seconds": round(r.seconds, 4),
                    "files": len(r.examined),
                    "findings": len(r.findings),
                }
                for r in result.checks
            ],
        },
        indent=2,
        sort_keys=False,
    ) + "\n"
