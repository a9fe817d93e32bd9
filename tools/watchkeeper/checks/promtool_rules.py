"""`promtool check rules` over every rule file, in one batched call.

promtool is Prometheus' own loader, so this is the final word on whether Prometheus will accept a
rule file: PromQL syntax, template syntax in annotations, recording-rule names. Its errors carry
file, line and column. It runs in `gate` only, over the files earlier checks found no error in
(a PromQL syntax error is already WK201), with `--lint=none` because duplicate rules are
reported with their line by WK105.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Iterable

import yaml

from ..check import Check, Context
from ..findings import Finding, Rule, Severity
from ..rulefiles import group_sets, is_manifest
from ..toolbox import ToolError, run_tool
from .tooling import TOOL_FAILED

PROMTOOL_RULES = Rule(
    "WK110", "promtool-check-rules", Severity.ERROR, "`promtool check rules` rejects a rule file.",
    "What the offline checks cannot see, such as Go template errors in annotations.\n\nBad:\n\n"
    "```yaml\nannotations:\n  summary: \"{{ $labels.instance } is down\"\n```\n\n"
    "promtool reports `template: __alert_NodeExporterDown:1: unexpected \"}\" in operand` at the annotation.",
)
_ERROR_LINE = re.compile(r"^(?P<path>.+?): (?:(?P<line>\d+):(?P<col>\d+): )?(?P<message>.+)$")
_YAML_LINE = re.compile(r"\byaml: line (\d+):")
_RULE_REF = re.compile(r'group "(?P<group>[^"]*)", rule (?P<rule>\d+), "[^"]*": (?:annotation "(?P<annotation>[^"]+)": )?')


def run(ctx: Context) -> Iterable[Finding]:
    tool = ctx.tools.get("promtool")
    ctx.used_engine(CHECK.name, tool.engine)
    sources = {f.path: f for f in ctx.repo.of_kind("rules") if f.loaded and f.path not in ctx.paths_with_errors}
    if not sources:
        return []
    with tempfile.TemporaryDirectory(prefix="watchkeeper-promtool-") as extracted:
        return _check(ctx, tool, sources, Path(extracted))


def _check(ctx: Context, tool, sources: dict, extracted: Path) -> list[Finding]:
    """promtool reads plain rule files only: each PrometheusRule manifest's groups go to a
    temporary file, and promtool's findings on it are put back at the manifest's rules."""
    files, names = [], {}
    for path, source in sources.items():
        if any(is_manifest(d.data) for d in source.documents):
            temporary = extracted / f"{len(names)}.rules.yaml"
            temporary.write_text(yaml.safe_dump({"groups": [g for s in group_sets(source) for g in s.groups]}, sort_keys=False))
            names[str(temporary)] = path
            files.append(str(temporary))
        else:
            files.append(path)
    try:
        result = run_tool(tool, ["check", "rules", "--lint=none", *files], cwd=ctx.repo.root)
    except ToolError as exc:
        return [TOOL_FAILED.at(next(iter(sources)), 1, str(exc))]
    findings = parse_output(_rename(result.stderr, names), sources)
    if result.returncode != 0 and not findings:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        findings.append(TOOL_FAILED.at(next(iter(sources)), 1, f"promtool exited {result.returncode}: {detail[0]}"))
    return findings


def _rename(stderr: str, names: dict[str, str]) -> str:
    for temporary, path in names.items():
        stderr = stderr.replace(temporary, path)
    return stderr


def parse_output(stderr: str, sources: dict) -> list[Finding]:
    """Turn promtool 2.42's `FAILED:` blocks into findings. Errors come as `path: line:col: message`,
    or without a position (template errors) as `path: group "g", rule n, "name": ...`, which is
    placed at that rule (or its annotation) in the parsed file."""
    findings = []
    for raw in stderr.splitlines():
        match = _ERROR_LINE.match(raw.strip())
        if not match or match.group("path") not in sources:
            continue
        line = int(match.group("line") or 0)
        message = match.group("message")
        if not line and (yaml_line := _YAML_LINE.search(message)):
            line = int(yaml_line.group(1))
        if not line:
            line = _rule_line(sources[match.group("path")], message)
        column = int(match.group("col")) if match.group("col") else None
        findings.append(PROMTOOL_RULES.at(match.group("path"), line or 1, message, column=column))
    return findings


def _rule_line(source, message: str) -> int:
    where = _RULE_REF.match(message)
    if not where or source is None:
        return 0
    for found in group_sets(source):
        for g, group in enumerate(found.groups):
            if isinstance(group, dict) and group.get("name") == where.group("group"):
                path = found.path(g, "rules", int(where.group("rule")) - 1)
                if where.group("annotation"):
                    path += ("annotations", where.group("annotation"))
                return found.document.line_of(path)
    return 0


CHECK = Check("promtool-rules", (PROMTOOL_RULES,), run, kinds=("rules",), stage="gate", tools=("promtool",), doc=__doc__)
