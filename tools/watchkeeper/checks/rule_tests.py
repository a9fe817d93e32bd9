"""Every hand-written alert has a promtool unit test, and every test file loads rule files that exist.

A test file's `rule_files` are resolved relative to the test file, as promtool resolves them; an
alert counts as tested when an `alert_rule_test` of a test file that loads its rule file names
it. The tests themselves run with promtool (`make test`); this check only finds what is missing.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Iterable

from ..check import Check, Context
from ..findings import Finding, Rule, Severity
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
RULES = (UNTESTED, MISSING_RULE_FILE)


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
