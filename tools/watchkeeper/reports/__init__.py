"""Report formats. Each is a pure function from a RunResult to text."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..atomic import write_atomic
from ..runner import RunResult
from . import codequality, json_report, junit, text

Renderer = Callable[[RunResult], str]

FORMATS: dict[str, tuple[Renderer, str]] = {
    "text": (text.render, "watchkeeper.txt"),
    "json": (json_report.render, "watchkeeper.json"),
    "junit": (junit.render, "junit.xml"),
    "codequality": (codequality.render, "gl-code-quality-report.json"),
}


def render(result: RunResult, fmt: str, *, color: bool = False) -> str:
    if fmt == "text":
        return text.render(result, color=color)
    return FORMATS[fmt][0](result)


def write_all(result: RunResult, directory: Path) -> list[Path]:
    """Write every format into `directory`, each file atomically (no half-written report)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt, (renderer, name) in FORMATS.items():
        written.append(write_atomic(directory / name, renderer(result)))
    return written
