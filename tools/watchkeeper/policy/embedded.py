"""The embedded Rego engine (regorus, Rego v1) with conftest's semantics.

For every input (one parsed YAML document of the repository) the packages of its kind and
`main` are queried for `deny`, `violation` and `warn` rules (and their `_<suffix>` variants);
`exception` rules of the same package waive named rules, and waived results are kept and
counted, as conftest counts them. `data.conftest.file` names the input's file, as in conftest;
`data.watchkeeper.settings` is `watchkeeper.yaml` and the documents of `policies/data/` are
`data.<name>` (conftest's `--data`). Packages under `combined` get all inputs at once, as an
array of `{path, contents}` (conftest's `--combine`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import PurePosixPath

os.environ.setdefault("RUST_LIB_BACKTRACE", "0")  # regorus would add a backtrace to every message

import regorus  # noqa: E402 - needs the environment above

from .model import Outcome, Policy, exception_name, rule_kind  # noqa: E402


@dataclass(frozen=True)
class Input:
    kind: str  # the namespace whose packages judge it
    path: str
    contents: object
    document: object = None  # yamlsource.Document, to place findings


class PolicyError(Exception):
    """A policy that does not parse or evaluate: message with file and line from the engine."""


def engine_version() -> str:
    from importlib.metadata import version

    return f"regorus {version('gordon-to-regorus')}"


def build_engine(policies: list[Policy], data: dict) -> regorus.Engine:
    engine = regorus.Engine()
    for policy in policies:
        try:
            engine.add_policy(policy.path, policy.source)
        except RuntimeError as exc:
            raise PolicyError(str(exc)) from None
    engine.add_data(data)
    return engine


def queried_rules(engine: regorus.Engine) -> dict[str, list[str]]:
    """Every package's conftest-queried rule names, from one read of the engine's syntax trees."""
    import json

    names: dict[str, set[str]] = {}
    for module in json.loads(engine.get_ast_as_json()):
        ast = module["ast"]
        found = names.setdefault(package_of(ast), set())
        for rule in ast.get("rules", []):
            name, _ = rule_head(rule)
            if name and rule_kind(name):
                found.add(name)
    return {package: sorted(rules) for package, rules in names.items()}


def package_of(ast: dict) -> str:
    """The dotted package name of a module's syntax tree (`values.images`)."""
    parts, node = [], ast["package"]["refr"]
    while "RefDot" in node:
        parts.append(node["RefDot"]["field"][1])
        node = node["RefDot"]["refr"]
    parts.append(node["Var"]["value"])
    return ".".join(reversed(parts))


def rule_head(rule: dict) -> tuple[str | None, int]:
    """(name, line) of a rule's head; (None, 0) for what is not a rule."""
    spec = rule.get("Spec")
    if not spec:
        return None, 0
    head = next(iter(spec["head"].values()))
    return head.get("refr", {}).get("Var", {}).get("value"), spec["span"]["line"]


def evaluate(policies: list[Policy], inputs: list[Input], data: dict) -> list[Outcome]:
    base = build_engine(policies, data)
    by_kind: dict[str, list[Policy]] = {}
    for policy in policies:
        by_kind.setdefault(policy.kind, []).append(policy)
    rules = queried_rules(base)
    outcomes: list[Outcome] = []
    for item in inputs:
        outcomes += _judge(base, by_kind.get(item.kind, []) + by_kind.get("main", []), rules, item, item.contents)
    combined = [p for p in by_kind.get("combined", [])]
    if combined:
        everything = [{"path": i.path, "contents": i.contents} for i in inputs]
        outcomes += _judge(base, combined, rules, Input("combined", "(combined)", everything), everything)
    return outcomes


def _judge(base: regorus.Engine, policies: list[Policy], rules: dict[str, list[str]], item: Input, contents) -> list[Outcome]:
    """Every policy judging one input, in one engine holding that input and its file name."""
    policies = [p for p in policies if rules.get(p.package)]
    if not policies:
        return []
    engine = base.clone()
    path = PurePosixPath(item.path)
    engine.add_data({"conftest": {"file": {"name": item.path, "dir": str(path.parent)}}})
    engine.set_input(contents)
    found = []
    for policy in policies:
        found += _package(engine, policy, rules[policy.package], item)
    return found


def _package(engine: regorus.Engine, policy: Policy, rules: list[str], item: Input) -> list[Outcome]:
    try:
        excepted = {str(x) for x in _as_list(_eval(engine, f"data.{policy.package}.exception"))}
    except RuntimeError:
        excepted = set()  # no exception rule in this package
    found = []
    for rule in rules:
        try:
            results = _eval(engine, f"data.{policy.package}.{rule}")
        except RuntimeError as exc:
            raise PolicyError(f"{policy.path}: {rule}: {exc}") from None
        waived = "" in excepted or exception_name(rule) in excepted or rule in excepted
        for result in _as_list(results):
            message, where, line = _result(result)
            found.append(Outcome(policy, item.path, rule, message, where, line, waived, item.document))
    return found


def _eval(engine: regorus.Engine, rule: str):
    """A rule's value as JSON data: Rego sets of objects have no Python set to become."""
    import json

    text = engine.eval_rule_as_json(rule)
    return json.loads(text) if text else None


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (set, frozenset, list, tuple)):
        return sorted(value, key=str)
    return [value]


def _result(result) -> tuple[str, tuple, int | None]:
    """conftest lets a rule return a string or an object with `msg` (plus any metadata); an object
    may say where the offending node is: `path` (keys and indexes) or `_loc` {file, line}."""
    if isinstance(result, dict):
        loc = result.get("_loc") if isinstance(result.get("_loc"), dict) else {}
        where = tuple(result.get("path") or ())
        return str(result.get("msg", result)), where, loc.get("line") if isinstance(loc.get("line"), int) else None
    return str(result), (), None
