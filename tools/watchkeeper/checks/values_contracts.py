"""Helm values against their chart's contract: Helm ignores a key the chart does not read, so a
typo ships silently.

Every component of `helm-values/stack.yaml` has values for each environment it runs in
(`helm-values/<component>/values.yaml` and `values-<env>.yaml`). For each environment the
effective values are computed the way Helm merges them (maps merge key by key, an overlay's list
replaces the base's, `null` deletes a key) and walked against the contract of the chart,
`helm-values/contracts/<chart>.schema.json`: a JSON Schema of every key of the chart's default
values at the pinned version plus the keys its templates read, where subtrees the chart passes
through unvalidated (resources, annotations, config blobs) accept anything. An unknown key is
reported at the file and line that set it, with the closest key the chart does have.
"""

from __future__ import annotations

import json
from typing import Iterable

from ..check import Check, Context
from ..findings import Finding, Rule, Severity
from ..suggest import did_you_mean

STACK = "helm-values/stack.yaml"
CONTRACTS = "helm-values/contracts"

UNKNOWN_KEY = Rule(
    "WK600", "values-unknown-key", Severity.ERROR, "A Helm values key is not a key of the chart.",
    "Helm passes unknown keys through without a word, so `replica: 3` instead of `replicas: 3` deploys one "
    "replica. The contract lists every key of the chart's default values at the pinned version and the "
    "keys its templates read; the hint names the closest one.",
)
MISSING = Rule(
    "WK601", "values-missing", Severity.ERROR, "A component has no values, or none for an environment it runs in.",
    "`helm-values/<component>/values.yaml` holds the base and `values-<env>.yaml` each environment's "
    "overlay, for every environment `stack.yaml` lists for the component (even when empty).",
)
NO_CONTRACT = Rule(
    "WK602", "values-contract-missing", Severity.ERROR, "A chart of `stack.yaml` has no values contract.",
    "Without `helm-values/contracts/<chart>.schema.json` nothing checks the component's keys.",
)
RULES = (UNKNOWN_KEY, MISSING, NO_CONTRACT)
_DELETED = object()


def run(ctx: Context) -> Iterable[Finding]:
    stack = ctx.repo.get(STACK)
    if stack is None or not stack.loaded or not isinstance(stack.data, list):
        return
    contracts: dict[str, dict | None] = {}  # chart -> contract, each file read once per run
    for index, entry in enumerate(stack.data):
        if not isinstance(entry, dict) or not isinstance(entry.get("component"), str):
            continue
        component, chart = entry["component"], str(entry.get("chart", ""))
        line = stack.document.line_of((index,))
        if chart not in contracts:
            contracts[chart] = _contract(ctx, chart)
        contract = contracts[chart]
        if contract is None:
            yield NO_CONTRACT.at(STACK, line, f"no {CONTRACTS}/{chart}.schema.json for component {component!r}")
        base = ctx.repo.get(f"helm-values/{component}/values.yaml")
        if base is None:
            yield MISSING.at(STACK, line, f"component {component!r} has no helm-values/{component}/values.yaml")
            continue
        for env in entry.get("environments") or []:
            overlay = ctx.repo.get(f"helm-values/{component}/values-{env}.yaml")
            if overlay is None:
                yield MISSING.at(STACK, line, f"component {component!r} runs in {env} but has no "
                                              f"helm-values/{component}/values-{env}.yaml")
            if contract is None or not base.loaded or (overlay is not None and not overlay.loaded):
                continue
            merged = _merge(_sourced(base), _sourced(overlay) if overlay is not None else {})
            yield from _walk(merged, contract, (), chart, env)


def _contract(ctx: Context, chart: str) -> dict | None:
    path = ctx.repo.root / CONTRACTS / f"{chart}.schema.json"
    return json.loads(path.read_text("utf-8")) if path.is_file() else None


def _sourced(source) -> dict:
    """The file's values with, for every key, where it was written: {key: (value, path, line)}."""
    def walk(value, at):
        if isinstance(value, dict):
            return {k: (walk(v, at + (k,)), source.path, source.document.line_of(at + (k,))) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, at + (i,)) for i, v in enumerate(value)]
        return _DELETED if value is None else value
    data = source.data if isinstance(source.data, dict) else {}
    return walk(data, ())


def _merge(base: dict, overlay: dict) -> dict:
    """Helm's merge of an overlay onto the base values: maps by key, lists replaced, null deletes."""
    merged = dict(base)
    for key, (value, path, line) in overlay.items():
        if value is _DELETED:
            merged.pop(key, None)
        elif isinstance(value, dict) and key in merged and isinstance(merged[key][0], dict):
            merged[key] = (_merge(merged[key][0], value), path, line)
        else:
            merged[key] = (value, path, line)
    return merged


def _walk(values: dict, schema: dict, at: tuple, chart: str, env: str) -> Iterable[Finding]:
    properties = schema.get("properties")
    if properties is None:
        return  # a free-form subtree: the chart passes it through
    for key, (value, path, line) in sorted(values.items(), key=lambda item: (item[1][1], item[1][2])):
        if value is _DELETED:
            continue
        if key not in properties:
            if schema.get("additionalProperties") is False:
                dotted = ".".join(str(p) for p in at + (key,))
                yield UNKNOWN_KEY.at(path, line, f"{dotted} is not a key of {chart} (effective values of {env})",
                                     hint=did_you_mean(str(key), sorted(properties)))
            continue
        child = properties[key]
        if isinstance(value, dict):
            yield from _walk(value, child, at + (key,), chart, env)
        elif isinstance(value, list) and "items" in child:
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _walk(item, child["items"], at + (key, i), chart, env)


def checked(ctx: Context) -> Iterable[Finding]:
    """The same key set in the base is reported once, not once per environment."""
    seen = set()
    for finding in run(ctx):
        key = (finding.code, finding.path, finding.line, finding.message.split(" (effective")[0])
        if key not in seen:
            seen.add(key)
            yield finding


CHECK = Check("values-contracts", RULES, checked, kinds=("yaml",), doc=__doc__)
