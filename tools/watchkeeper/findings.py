"""Findings: what a check reports, and the rules (codes) that describe them."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: Severity
    path: str
    line: int
    message: str
    column: int | None = None
    hint: str | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column or 0, self.code, self.message)

    def location(self) -> str:
        col = f":{self.column}" if self.column else ""
        return f"{self.path}:{self.line}{col}"

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class Rule:
    """A finding code: stable `WK` number, short kebab name, default severity and its documentation.

    `doc` is Markdown shown in docs/checks.md; it explains why the rule exists and shows a failing
    and a passing example.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str = ""
    blocks: bool = False  # the file is structurally broken: later checks and generation leave it alone

    def at(
        self,
        path: str,
        line: int,
        message: str,
        *,
        column: int | None = None,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            path=path,
            line=max(line, 1),
            message=message,
            column=column,
            hint=hint,
        )
