"""The policy gate over the repository: which file goes to which namespace, which engine runs,
and the findings, each carrying its policy's id and placed at the offending node's line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..findings import Finding, Severity
from ..repository import Repository
from .embedded import Input, PolicyError, engine_version, evaluate
from .model import Outcome, Policy, read_policy

POLICY_DIR = "policies"
DATA_DIR = "policies/data"
_PREFIXES = (("helm-values/", "values"), ("argocd/", "argocd"), ("generated/kubernetes/", "kubernetes"))


@dataclass
class Run:
    engine: str
    policies: list[Policy]
    outcomes: list[Outcome] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def exceptions(self) -> int:
        return sum(1 for o in self.outcomes if o.excepted)


def load_policies(repo: Repository) -> list[Policy]:
    found = []
    for source in repo.of_kind("policy"):
        if source.text is not None and not source.path.startswith(DATA_DIR):
            policy = read_policy(source.path, source.text)
            if policy is not None:
                found.append(policy if policy.id or "__rego_metadata__" not in policy.source else _rego_metadata(policy))
    return sorted(found, key=lambda p: p.path)


def _rego_metadata(policy: Policy) -> Policy:
    """conftest's older convention: `__rego_metadata__ := {"id": ..., "title": ..., ...}` in the package."""
    import json
    from dataclasses import replace

    from .embedded import build_engine

    try:
        engine = build_engine([policy], {})
        text = engine.eval_rule_as_json(f"data.{policy.package}.__rego_metadata__")
        meta = json.loads(text) if text else {}
    except (PolicyError, RuntimeError, ValueError):
        return policy  # a broken policy is reported when it runs
    if not isinstance(meta, dict):
        return policy
    return replace(policy, id=str(meta.get("id") or ""), title=str(meta.get("title") or policy.title),
                   severity=str(meta.get("severity") or policy.severity),
                   description=" ".join(str(meta.get("description") or policy.description).split()))


def inputs_of(repo: Repository) -> list[Input]:
    """Every parsed YAML document the policies judge, with its namespace (the data kind)."""
    items = []
    for source in repo.files:
        kind = _kind_of(source)
        if kind is None or not source.loaded:
            continue
        for document in source.documents:
            if document.data is not None:
                items.append(Input(kind, source.path, document.data, document))
    return items


def _kind_of(source) -> str | None:
    if source.kind.name == "rules":
        return "alerts"
    if source.kind.name == "slo":
        return "slo"
    if source.kind.name == "yaml":
        return next((kind for prefix, kind in _PREFIXES if source.path.startswith(prefix)), None)
    return None


def data_of(repo: Repository) -> dict:
    """conftest's `--data`: `policies/data/<name>.yaml` as `data.<name>`, and the settings."""
    data: dict = {}
    for source in repo.files:
        if source.path.startswith(DATA_DIR + "/") and source.loaded and source.path.endswith((".yaml", ".yml")):
            data[PurePosixPath(source.path).stem.replace("-", "_")] = source.data
    settings = repo.get("watchkeeper.yaml")
    data["watchkeeper"] = {"settings": settings.data if settings is not None and settings.loaded else {}}
    return data


ENGINES = ("auto", "conftest", "embedded")


def run(repo: Repository, engine: str = "auto", conftest: str | None = None, conftest_version: str = "") -> Run:
    """`engine`: `embedded`, `conftest` (needs `conftest`, the binary's path) or `auto` (conftest
    when there is one, the embedded engine otherwise)."""
    policies = load_policies(repo)
    use_conftest = engine == "conftest" or (engine == "auto" and conftest is not None)
    if use_conftest and conftest is None:
        raise PolicyError("--engine conftest: conftest is not on PATH")
    result = Run(f"conftest {conftest_version}".strip() if use_conftest else f"embedded {engine_version()}", policies)
    try:
        if use_conftest:
            from .conftest import evaluate as conftest_evaluate

            result.outcomes = conftest_evaluate(conftest, repo.root, policies, inputs_of(repo), data_of(repo))
        else:
            result.outcomes = evaluate(policies, inputs_of(repo), data_of(repo))
    except PolicyError as exc:
        result.findings.append(_engine_error(str(exc)))
        return result
    for outcome in result.outcomes:
        if outcome.excepted:
            continue
        document = outcome.document
        line = outcome.line or (document.line_of(outcome.path) if document is not None and outcome.path else 1)
        severity = Severity.WARNING if outcome.is_warning or outcome.policy.severity == "warning" else Severity.ERROR
        result.findings.append(Finding(outcome.policy.id or "WKP000", _slug(outcome.policy.title), severity,
                                       outcome.input_path if outcome.input_path != "(combined)" else outcome.policy.path,
                                       line, outcome.message, hint=f"policy {outcome.policy.path} ({outcome.rule})"))
    return result


def _engine_error(message: str) -> Finding:
    where = re.search(r"-->\s*([^:\s]+):(\d+):(\d+)", message)
    path, line = (where.group(1), int(where.group(2))) if where else (POLICY_DIR, 1)
    first = message.strip().splitlines()[0] if message.strip() else "policy engine error"
    return Finding("WK500", "policy-error", Severity.ERROR, path, line, first)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "policy"
