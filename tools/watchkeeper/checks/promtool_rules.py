"""`promtool check rules` over every rule file, in one batched call.

promtool is Prometheus' own loader, so this is the final word on whether Prometheus will accept a
rule file: PromQL syntax, template syntax in annotations, recording-rule names. Its errors carry
file, line and column. It runs in `gate` only, with `--lint=none` because duplicate rules are
reported with their line by WK105.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..check import Check, Context
from ..findings import Finding, Rule, Severity
from ..toolbox import ToolError, run_tool
from .tooling import TOOL_FAILED

PROMTOOL_RULES = Rule(
    "WK110", "promtool-check-rules", Severity.ERROR, "`promtool check rules` rejects a rule file.",
    "Bad:\n\n```yaml\n- alert: NodeExporterDown\n  expr: sum(up by (job) == 0\n```\n\n"
    "promtool reports `could not parse expression: 1:8: parse error: unexpected <by> in aggregation` "
    "at the `expr` line and column.",
)
_ERROR_LINE = re.compile(r"^(?P<path>.+?): (?:(?P<line>\d+):(?P<col>\d+): )?(?P<message>.+)$")
_YAML_LINE = re.compile(r"\byaml: line (\d+):")


def run(ctx: Context) -> Iterable[Finding]:
    tool = ctx.tools.get("promtool")
    ctx.used_engine(CHECK.name, tool.engine)
    files = [f.path for f in ctx.repo.of_kind("rules") if f.loaded]
    if not files:
        return []
    try:
        result = run_tool(tool, ["check", "rules", "--lint=none", *files], cwd=ctx.repo.root)
    except ToolError as exc:
        return [TOOL_FAILED.at(files[0], 1, str(exc))]
    findings = parse_output(result.stderr, set(files))
    if result.returncode != 0 and not findings:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        findings.append(TOOL_FAILED.at(files[0], 1, f"promtool exited {result.returncode}: {detail[0]}"))
    return findings


def parse_output(stderr: str, files: set[str]) -> list[Finding]:
    """Turn promtool 2.42's `FAILED:` blocks (`path: line:col: message`) into findings."""
    findings = []
    for raw in stderr.splitlines():
        match = _ERROR_LINE.match(raw.strip())
        if not match or match.group("path") not in files:
            continue
        line = int(match.group("line") or 0)
        message = match.group("message")
        if not line and (yaml_line := _YAML_LINE.search(message)):
            line = int(yaml_line.group(1))
        column = int(match.group("col")) if match.group("col") else None
        findings.append(PROMTOOL_RULES.at(match.group("path"), line or 1, message, column=column))
    return findings


CHECK = Check("promtool-rules", (PROMTOOL_RULES,), run, kinds=("rules",), stage="gate", tools=("promtool",), doc=__doc__)
