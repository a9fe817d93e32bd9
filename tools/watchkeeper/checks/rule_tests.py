"""Every hand-written alert has a promtool unit test, and every test file loads rule files that exist.

A test file's `rule_files` are resolved relative to the test file, as promtool resolves them; an
alert counts as tested when an `alert_rule_test` of a test file that loads its rule file names
it. A test whose groups read each other's recordings must fix the groups' order, or promtool
2.42 runs them in random order and the test is flaky. The tests themselves run with promtool
(`watchkeeper test`, `make test`); this check only finds what is missing.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Iterable

from ..check import Check, Context
from ..findings import Finding, Rule, Severity
from ..promql import analyse
from ..rulefiles import group_sets

UNTESTED = Rule(
    "WK130", "alert-untested", Severity.ERROR, "An alert has no promtool unit test.",
    "Each alert needs at least one `alert_rule_test` in a test file that loads its rule file: one case "
    "where it fires after its `for` window with its exact labels and annotations, one where it must not.",
)
MISSING_RULE_FILE = Rule(
    "WK131", "test-rule-file-missing", Severity.ERROR, "A promtool test file loads a rule file that does not exist.",
    "Paths in `rule_files` are relative to the test file. promtool would stop at this file.",
)
GROUP_ORDER = Rule(
    "WK132", "test-group-order", Severity.ERROR,
    "A test file loads groups that read each other's recordings without fixing their order.",
    "Prometheus evaluates a group's rules in order, but promtool 2.42 evaluates the groups of a test in "
    "random order unless `group_eval_order` lists them. When one group reads a series another group "
    "records, the test's values then depend on which ran first, and it fails now and then. List the "
    "recording groups before the groups that read them:\n\n```yaml\ngroup_eval_order:\n"
    "  - minio-recording\n  - minio-alerts\n```",
)
RULES = (UNTESTED, MISSING_RULE_FILE, GROUP_ORDER)


def run(ctx: Context) -> Iterable[Finding]:
    tested: dict[str, set[str]] = {}
    for test in ctx.repo.of_kind("rule-test"):
        if not test.loaded or test.path in ctx.paths_with_errors:
            continue
        folder = PurePosixPath(test.path).parent
        loaded = []
        for i, rule_file in enumerate(test.data.get("rule_files") or []):
            path = _normalise(folder / str(rule_file))
            if path is None or ctx.repo.get(path) is None:
                yield MISSING_RULE_FILE.at(test.path, test.document.line_of(("rule_files", i)),
                                           f"rule file {rule_file!r} does not exist (resolved to {path or 'outside the repository'})")
            else:
                loaded.append(path)
        yield from _group_order(ctx, test, loaded)
        names = {str(case.get("alertname")) for group in test.data.get("tests") or [] if isinstance(group, dict)
                 for case in group.get("alert_rule_test") or [] if isinstance(case, dict)}
        for path in loaded:
            tested.setdefault(path, set()).update(names)
    for source in ctx.repo.of_kind("rules"):
        if not source.loaded or source.generated or source.path in ctx.paths_with_errors:
            continue
        for found in group_sets(source):
            for g, _, r, rule in found.rules():
                name = rule.get("alert")
                if isinstance(name, str) and name not in tested.get(source.path, set()):
                    yield UNTESTED.at(source.path, found.document.line_of(found.path(g, "rules", r)),
                                      f"alert {name!r} is named by no alert_rule_test of a test file loading this file")


def _group_order(ctx: Context, test, loaded: list[str]) -> Iterable[Finding]:
    """Pairs (recording group, reading group) whose order the test leaves to chance."""
    records: dict[str, str] = {}  # series -> the group recording it
    reads: list[tuple[str, set[str]]] = []  # (group, series its rules read)
    for path in loaded:
        source = ctx.repo.get(path)
        for found in group_sets(source) if source is not None and source.loaded else ():
            for group in found.groups:
                if not isinstance(group, dict) or not isinstance(group.get("rules"), list):
                    continue
                name, read = str(group.get("name")), set()
                for rule in group["rules"]:
                    if not isinstance(rule, dict):
                        continue
                    if isinstance(rule.get("record"), str):
                        records.setdefault(rule["record"], name)
                    if isinstance(rule.get("expr"), str) and not analyse(rule["expr"]).error:
                        read |= {s.name for s in analyse(rule["expr"]).selectors if s.name}
                reads.append((name, read))
    order = test.data.get("group_eval_order")
    position = {str(g): i for i, g in enumerate(order)} if isinstance(order, list) else {}
    at = test.document.line_of(("group_eval_order",)) if position else 1
    for group, read in reads:
        for recorder in sorted({records[s] for s in read if s in records} - {group}):
            if recorder not in position or group not in position:
                yield GROUP_ORDER.at(test.path, at, f"group {group!r} reads recordings of {recorder!r}, and "
                                                    f"group_eval_order does not {'exist' if not position else 'list both'}",
                                     hint=f"add group_eval_order: [{recorder}, {group}, ...]")
            elif position[recorder] > position[group]:
                yield GROUP_ORDER.at(test.path, at, f"group_eval_order runs {group!r}, which reads recordings of "
                                                    f"{recorder!r}, before it")


def _normalise(path: PurePosixPath) -> str | None:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


CHECK = Check("rule-tests", RULES, run, kinds=("rules", "rule-test"), doc=__doc__)
