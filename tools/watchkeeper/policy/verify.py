"""`watchkeeper policy verify`: every `test_` rule of every `*_test.rego`, like `opa test` and
`conftest verify`, with line coverage of the policies; a policy rule no test reaches is a finding.

All policies and tests load into one engine (tests may import any package and read any data,
as in `opa test`); each test is evaluated on its own, and passes when it is `true` (undefined or
false fails, a runtime error fails with its message). Coverage comes from the engine's own
report: covered and uncovered lines per policy file.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from ..findings import Finding, Severity
from ..repository import Repository
from .embedded import PolicyError, build_engine, engine_version, package_of, rule_head
from .gate import data_of, load_policies
from .model import Policy, rule_kind

UNTESTED = ("WK501", "policy-rule-untested")


@dataclass
class TestCase:
    file: str
    line: int
    package: str
    name: str
    passed: bool
    message: str = ""
    seconds: float = 0.0


@dataclass
class Verification:
    engine: str
    cases: list[TestCase] = field(default_factory=list)
    coverage: dict[str, tuple[set[int], set[int]]] = field(default_factory=dict)  # file -> (covered, not covered)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(c.passed for c in self.cases) and not self.findings and bool(self.cases)

    def percent(self, path: str | None = None) -> float:
        files = [path] if path else list(self.coverage)
        covered = sum(len(self.coverage[f][0]) for f in files)
        total = covered + sum(len(self.coverage[f][1]) for f in files)
        return 100.0 * covered / total if total else 100.0


def verify(repo: Repository) -> Verification:
    started = time.perf_counter()
    policies = load_policies(repo)
    tests = [Policy(f.path, "", "", "", "", "", f.text) for f in repo.of_kind("policy")
             if f.path.endswith("_test.rego") and f.text is not None]
    result = Verification(f"embedded {engine_version()}")
    try:
        engine = build_engine(policies + tests, data_of(repo))
    except PolicyError as exc:
        result.findings.append(Finding("WK500", "policy-error", Severity.ERROR, "policies", 1, str(exc).splitlines()[0]))
        return result
    engine.set_enable_coverage(True)
    modules = json.loads(engine.get_ast_as_json())
    for module in modules:
        path = module["source"]["file"]
        if not path.endswith("_test.rego"):
            continue
        package = package_of(module["ast"])
        for rule in module["ast"].get("rules", []):
            name, line = rule_head(rule)
            if not name or not name.startswith("test_"):
                continue
            one = time.perf_counter()
            try:
                value = engine.eval_rule(f"data.{package}.{name}")
                case = TestCase(path, line, package, name, value is True,
                                "" if value is True else f"evaluated to {json.dumps(value) if value is not None else 'undefined'}")
            except RuntimeError as exc:
                case = TestCase(path, line, package, name, False, str(exc).strip().splitlines()[0])
            case.seconds = time.perf_counter() - one
            result.cases.append(case)
    report = json.loads(engine.get_coverage_report_as_json())
    for entry in report.get("files", []):
        if entry["path"].endswith("_test.rego"):
            continue
        result.coverage[entry["path"]] = (set(entry.get("covered", [])), set(entry.get("not_covered", [])))
    result.findings += _untested_rules(modules, result.coverage)
    result.seconds = time.perf_counter() - started
    return result


def _untested_rules(modules: list, coverage: dict) -> list[Finding]:
    """A rule of a policy none of whose body lines any test reached."""
    found = []
    for module in modules:
        path = module["source"]["file"]
        if path.endswith("_test.rego") or path not in coverage:
            continue
        covered, _ = coverage[path]
        for rule in module["ast"].get("rules", []):
            name, line = rule_head(rule)
            span = rule.get("Spec", {}).get("span", {})
            end = line + module["source"]["contents"][span.get("start", 0):span.get("end", 0)].count("\n")
            queried = name is not None and (rule_kind(name) is not None or name == "exception")
            if queried and not any(line <= n <= end for n in covered):
                found.append(Finding(UNTESTED[0], UNTESTED[1], Severity.ERROR, path, line,
                                     f"no test reaches rule {name!r} (lines {line}-{end})",
                                     hint="add a test_ rule with an input it judges"))
    return found


def text(result: Verification) -> str:
    lines = [f"{'PASS' if c.passed else 'FAIL'}: {c.file}:{c.line} data.{c.package}.{c.name}"
             + (f"\n  {c.message}" if c.message else "") for c in result.cases]
    for path, (covered, missed) in sorted(result.coverage.items()):
        lines.append(f"coverage {path}: {result.percent(path):.1f}% ({len(covered)}/{len(covered) + len(missed)} lines)")
    for finding in result.findings:
        lines.append(f"{finding.location()} {finding.code} {finding.name}: {finding.message}")
    failed = sum(1 for c in result.cases if not c.passed)
    lines.append(f"watchkeeper policy verify: {len(result.cases) - failed} passed, {failed} failed, "
                 f"coverage {result.percent():.1f}% of {len(result.coverage)} policies, {len(result.findings)} findings; "
                 f"{result.seconds:.2f}s ({result.engine})")
    return "\n".join(lines) + "\n"


def junit(result: Verification) -> str:
    failed = sum(1 for c in result.cases if not c.passed)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="watchkeeper policy verify" tests="{len(result.cases)}" failures="{failed}">']
    by_file: dict[str, list[TestCase]] = {}
    for case in result.cases:
        by_file.setdefault(case.file, []).append(case)
    for path, cases in sorted(by_file.items()):
        bad = sum(1 for c in cases if not c.passed)
        out.append(f'  <testsuite name={quoteattr(path)} tests="{len(cases)}" failures="{bad}">')
        for case in cases:
            attrs = f'name={quoteattr(case.name)} classname={quoteattr("data." + case.package)} time="{case.seconds:.4f}"'
            if case.passed:
                out.append(f"    <testcase {attrs}/>")
            else:
                out.append(f"    <testcase {attrs}><failure message={quoteattr(case.message)}>"
                           f"{escape(case.file)}:{case.line}</failure></testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"
