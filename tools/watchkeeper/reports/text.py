"""The terminal report: findings grouped by file, then one summary line."""

from __future__ import annotations

from itertools import groupby

from ..findings import Severity
from ..runner import RunResult

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET, _BOLD = "\033[0m", "\033[1m"


def render(result: RunResult, *, color: bool = False) -> str:
    lines = []
    for path, group in groupby(result.findings, key=lambda f: f.path):
        lines.append(f"{_BOLD}{path}{_RESET}" if color else path)
        for f in group:
            where = f"{f.line}:{f.column}" if f.column else f"{f.line}"
            severity = f"{_COLORS[f.severity]}{f.severity.value}{_RESET}" if color else f.severity.value
            lines.append(f"  {where:<8} {severity:<7} {f.code} {f.name}: {f.message}")
            if f.hint:
                lines.append(f"  {'':<8} {'':<7} hint: {f.hint}")
        lines.append("")
    lines.append(summary(result))
    engines = [f"{r.check.name}: {r.engine}" for r in result.checks if r.ran and r.engine != "watchkeeper"]
    if engines:
        lines.append("engines: " + "; ".join(engines))
    return "\n".join(lines) + "\n"


def summary(result: RunResult) -> str:
    counts = ", ".join(f"{result.count(s)} {s.value}{'s' if result.count(s) != 1 and s is not Severity.INFO else ''}" for s in Severity)
    files = len({f.path for f in result.findings})
    skipped = [r.check.name for r in result.checks if not r.ran]
    parts = [f"watchkeeper {result.command}: {counts} in {files} of {result.files} files"]
    if result.waived:
        parts.append(f"{len(result.waived)} waived")
    if skipped:
        parts.append(f"did not run: {', '.join(skipped)}")
    parts.append(f"{result.seconds:.2f}s")
    return "; ".join(parts)
