"""`watchkeeper doctor`: each external tool, found or not, where, which version, and what will run."""

from __future__ import annotations

from dataclasses import dataclass

from .checks import REGISTRY
from .toolbox import Tool, Toolbox


@dataclass(frozen=True)
class ToolReport:
    tool: Tool
    required_by: tuple[str, ...]  # checks that cannot run without it

    @property
    def status(self) -> str:
        if not self.tool.found:
            return "missing" if self.required_by or not self.tool.spec.fallback else "missing (fallback)"
        return "ok" if self.tool.version_matches else "version differs"

    @property
    def problem(self) -> bool:
        return bool(self.required_by) and not self.tool.found


def examine(tools: Toolbox) -> list[ToolReport]:
    reports = []
    for tool in tools.all():
        needing = tuple(c.name for c in REGISTRY if tool.spec.name in c.tools)
        reports.append(ToolReport(tool, needing))
    return reports


def render(reports: list[ToolReport]) -> str:
    header = ("tool", "status", "version", "pinned", "engine", "path", "used for")
    rows = [header]
    for r in reports:
        t = r.tool
        engine = t.engine if t.found else (t.spec.fallback or ("none: " + ", ".join(r.required_by) + " fail" if r.required_by else "none"))
        rows.append((t.spec.name, r.status, t.version or "-", t.pinned or "-", engine, t.path or "-", t.spec.purpose))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1] for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"
