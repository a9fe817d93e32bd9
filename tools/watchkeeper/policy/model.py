"""Policies as conftest sees them: packages, their metadata, and what a rule returned.

A policy is one `.rego` file under `policies/` with one package, `<kind>.<name>` (the data kind
it judges: `alerts`, `slo`, `values`, `argocd`, `kubernetes`; `main` for every input;
`combined` for all inputs at once). Its `# METADATA` block (OPA's rich metadata) gives the
stable id, title, severity and description every finding and `docs/policies.md` carry; a
`__rego_metadata__` rule is read as well, for policies written for conftest's older convention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

KINDS = ("alerts", "slo", "values", "argocd", "kubernetes", "main", "combined")
_METADATA = re.compile(r"^# METADATA\n((?:#.*\n)+)", re.M)
_PACKAGE = re.compile(r"^package\s+([\w.]+)", re.M)
_RULE = re.compile(r"^(deny|violation|warn)(_\w+)?$")


@dataclass(frozen=True)
class Policy:
    path: str
    package: str
    id: str
    title: str
    severity: str
    description: str
    source: str = field(repr=False, default="")

    @property
    def kind(self) -> str:
        return self.package.split(".")[0]


@dataclass(frozen=True)
class Outcome:
    """One result of one rule for one input, in conftest's terms."""

    policy: Policy
    input_path: str
    rule: str  # deny, deny_<suffix>, violation..., warn...
    message: str
    path: tuple = ()  # where in the input the offending node is (keys and indexes), when the rule says
    line: int | None = None  # a `_loc.line` the rule gave
    excepted: bool = False
    document: object = field(default=None, compare=False, repr=False)  # the input's parsed document

    @property
    def is_warning(self) -> bool:
        return self.rule.startswith("warn")


def read_policy(path: str, source: str) -> Policy | None:
    """The policy of a `.rego` file; None for tests (`*_test.rego`) and files without a package."""
    package = _PACKAGE.search(source)
    if path.endswith("_test.rego") or package is None:
        return None
    meta: dict = {}
    block = _METADATA.search(source)
    if block:
        try:
            meta = yaml.safe_load("".join(line[2:] if line.startswith("# ") else line[1:]
                                          for line in block.group(1).splitlines(keepends=True))) or {}
        except yaml.YAMLError:
            meta = {}
    custom = meta.get("custom") if isinstance(meta.get("custom"), dict) else {}
    return Policy(path, package.group(1), str(custom.get("id") or ""), str(meta.get("title") or ""),
                  str(custom.get("severity") or "error"), " ".join(str(meta.get("description") or "").split()), source)


def rule_kind(name: str) -> str | None:
    """`failure`, `warning` or None for a rule name conftest does not query."""
    match = _RULE.match(name)
    if not match:
        return None
    return "warning" if match.group(1) == "warn" else "failure"


def exception_name(rule: str) -> str:
    """conftest names exceptions by the rule without its `deny_`/`violation_`/`warn_` prefix."""
    return rule.split("_", 1)[1] if "_" in rule else ""
