"""`watchkeeper test`: every promtool unit test file in one batched call, reported per test case.

promtool 2.42 prints text only, per file: `Unit Testing:  <file>` then `SUCCESS`, or `FAILED:`
with the failing cases on stderr (`alertname: X, time: 10m,` or `expr: "...", time: 10m,`, after
the test group's `name:` when it has one). The cases are read from the parsed test files, and
each is marked failed when promtool names it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from .repository import Repository
from .slo.goformat import format_duration_ms, parse_duration_ms
from .toolbox import Tool, run_tool

_FILE = re.compile(r"^Unit Testing:\s+(?P<path>\S+)\s*$")
_CASE = re.compile(r"^\s*(?:alertname: (?P<alert>[^,]+)|expr: (?P<expr>.+)), time: (?P<time>[^,\s]+),?\s*$")
_NAME = re.compile(r"^\s*name: (?P<name>.*),\s*$")


@dataclass
class Case:
    file: str
    group: str
    what: str  # alert name or expression
    time: str  # Prometheus-formatted evaluation time, as promtool prints it
    failure: str | None = None

    @property
    def title(self) -> str:
        return f"{self.group}: {self.what} at {self.time}"


@dataclass
class Outcome:
    files: list[str]
    cases: list[Case] = field(default_factory=list)
    failed_files: set[str] = field(default_factory=set)
    output: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed_files and all(c.failure is None for c in self.cases)


def collect(repo: Repository) -> tuple[list[str], list[Case]]:
    files, cases = [], []
    for source in repo.of_kind("rule-test"):
        if not source.loaded:
            continue
        files.append(source.path)
        for i, group in enumerate(source.data.get("tests") or []):
            if not isinstance(group, dict):
                continue
            name = str(group.get("name") or f"test {i + 1}")
            for test in group.get("alert_rule_test") or []:
                cases.append(Case(source.path, name, str(test.get("alertname")), _time(test.get("eval_time"))))
            for test in group.get("promql_expr_test") or []:
                cases.append(Case(source.path, name, str(test.get("expr")), _time(test.get("eval_time"))))
    return files, cases


def _time(value: object) -> str:
    try:
        return format_duration_ms(parse_duration_ms(str(value)))
    except ValueError:
        return str(value)


def run(repo: Repository, promtool: Tool, timeout: float = 1800) -> Outcome:
    import time

    files, cases = collect(repo)
    outcome = Outcome(files, cases)
    if not files:
        return outcome
    started = time.perf_counter()
    result = run_tool(promtool, ["test", "rules", *files], cwd=repo.root, timeout=timeout)
    outcome.seconds = time.perf_counter() - started
    outcome.output = result.stdout + result.stderr
    outcome.failed_files = _failed_files(result.stdout)
    _mark_failures(outcome, result.stderr)
    if result.returncode != 0 and not outcome.failed_files:
        outcome.failed_files = set(files)  # promtool failed without saying where: fail them all
    return outcome


def _failed_files(stdout: str) -> set[str]:
    failed, current, passed = set(), None, False
    for line in stdout.splitlines() + ["Unit Testing:  <end>"]:
        match = _FILE.match(line)
        if match:
            if current is not None and not passed:
                failed.add(current)
            current, passed = match.group("path"), False
        elif line.strip() == "SUCCESS":
            passed = True
    return failed


def _mark_failures(outcome: Outcome, stderr: str) -> None:
    """stderr lists failing cases of the failing files in order; match them by group, name and time."""
    group = None
    lines = stderr.splitlines()
    for number, line in enumerate(lines):
        if match := _NAME.match(line):
            group = match.group("name")
            continue
        if not (match := _CASE.match(line)):
            continue
        what = match.group("alert") or match.group("expr").strip().strip('"')
        detail = "\n".join(lines[number:number + 12])
        for case in outcome.cases:
            if (case.file in outcome.failed_files and case.failure is None and case.what == what
                    and case.time == match.group("time") and (group is None or case.group == group)):
                case.failure = detail
                break


def junit(outcome: Outcome) -> str:
    root = ET.Element("testsuites", name="watchkeeper test", time=f"{outcome.seconds:.3f}")
    for path in outcome.files:
        cases = [c for c in outcome.cases if c.file == path]
        suite = ET.SubElement(root, "testsuite", name=path)
        failures = 0
        for case in cases:
            element = ET.SubElement(suite, "testcase", classname=path, name=case.title)
            if case.failure is not None:
                failures += 1
                ET.SubElement(element, "failure", message=f"{case.what} at {case.time}").text = case.failure
        if path in outcome.failed_files and failures == 0:
            failures += 1
            element = ET.SubElement(suite, "testcase", classname=path, name="promtool")
            ET.SubElement(element, "failure", message="promtool reported a failure it did not place").text = outcome.output
        suite.set("tests", str(len(suite)))
        suite.set("failures", str(failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def text(outcome: Outcome) -> str:
    lines = []
    for case in outcome.cases:
        if case.failure is not None:
            lines += [f"FAIL {case.file}: {case.title}", *("  " + line for line in case.failure.splitlines())]
    failed = sum(1 for c in outcome.cases if c.failure is not None)
    lines.append(f"watchkeeper test: {len(outcome.cases) - failed} of {len(outcome.cases)} cases passed in "
                 f"{len(outcome.files)} files ({len(outcome.failed_files)} failing); {outcome.seconds:.2f}s")
    return "\n".join(lines) + "\n"
