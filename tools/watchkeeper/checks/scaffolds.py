"""Scaffolds left half-filled: `watchkeeper new alert` marks what a person must write with
`<FILL IN: ...>`, and every marker still in a rule file, test or runbook is a finding, so a
scaffold cannot be merged before it says something real."""

from __future__ import annotations

from typing import Iterable

from ..check import Check, Context
from ..findings import Finding, Rule, Severity
from ..scaffold import MARKER

UNFILLED = Rule(
    "WK127", "scaffold-unfilled", Severity.ERROR, "A scaffolded file still has a `<FILL IN: ...>` marker.",
    "`watchkeeper new alert` writes the rule, its test and its runbook with markers where only the author "
    "knows the answer: the condition, the test series, what to do. Replace each marker with the real text.",
)
RULES = (UNFILLED,)


def run(ctx: Context) -> Iterable[Finding]:
    for source in ctx.repo.of_kind("rules", "rule-test", "runbook"):
        if source.generated or source.text is None or MARKER not in source.text:
            continue
        for number, line in enumerate(source.text.split("\n"), start=1):
            if MARKER in line:
                start = line.index(MARKER)
                end = line.find(">", start)
                yield UNFILLED.at(source.path, number, f"unfilled marker {line[start:end + 1 if end > 0 else None]}",
                                  column=start + 1)


CHECK = Check("scaffolds", RULES, run, kinds=("rules", "rule-test", "runbook"), doc=__doc__)
