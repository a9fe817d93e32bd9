"""The real `conftest`, when it is on PATH (as in the CI image): one `conftest test` per data kind
over all its files, its JSON output turned into the same outcomes as the embedded engine's.

Namespaces are passed per kind (`<kind>`, `<kind>.*` and `main`) so a values policy never judges
an alert file; the data both engines see is one document written for the run
(`data.watchkeeper.settings`, `data.<name>` of `policies/data/`). conftest's JSON is an array
with one object per file and namespace: `filename`, `namespace`, `successes`, and `failures`,
`warnings`, `exceptions` lists of `{msg, metadata, loc?}`.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from .embedded import Input, PolicyError
from .model import Outcome, Policy

KINDS_TO_RUN = ("alerts", "slo", "values", "argocd", "kubernetes")


def evaluate(binary: str, root: Path, policies: list[Policy], inputs: list[Input], data: dict,
             timeout: float = 600) -> list[Outcome]:
    by_package = {p.package: p for p in policies}
    documents = {}
    for item in inputs:
        documents.setdefault(item.path, item.document)
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="watchkeeper-conftest-") as tmp:
        data_file = Path(tmp, "data.json")
        data_file.write_text(json.dumps(data), encoding="utf-8")
        for kind in KINDS_TO_RUN:
            files = sorted({i.path for i in inputs if i.kind == kind})
            if not files:
                continue
            command = [binary, "test", "--output", "json", "--no-fail", "--policy", "policies", "--data", str(data_file),
                       "--namespace", kind, "--namespace", f"{kind}.*", "--namespace", "main", *files]
            done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
            if done.returncode not in (0, 1):
                raise PolicyError(f"conftest failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
            outcomes += parse_output(done.stdout, by_package, documents)
    return outcomes


def parse_output(stdout: str, by_package: dict[str, Policy], documents: dict) -> list[Outcome]:
    """conftest's `--output json` as outcomes: one per failure, warning and exception."""
    try:
        results = json.loads(stdout or "[]")
    except ValueError as exc:
        raise PolicyError(f"conftest printed something that is not JSON: {exc}") from None
    outcomes = []
    for result in results:
        path = result.get("filename", "")
        policy = by_package.get(result.get("namespace", ""))
        if policy is None:
            continue
        for key, excepted in (("failures", False), ("warnings", False), ("exceptions", True)):
            for item in result.get(key) or []:
                metadata = item.get("metadata") or {}
                query = str(metadata.get("query", ""))
                rule = query.rsplit(".", 1)[-1] if query else ("warn" if key == "warnings" else "deny")
                loc = item.get("loc") or {}
                outcomes.append(Outcome(policy, path, rule, str(item.get("msg", "")), tuple(metadata.get("path") or ()),
                                        loc.get("line") if isinstance(loc.get("line"), int) else None, excepted,
                                        documents.get(path)))
    return outcomes
