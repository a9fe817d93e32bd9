"""External tools: where each binary is, which version it is, and running it with a time limit.

A binary is looked for in the repository's `.tools/bin` (filled by `make tools`), then in the
`.tools/bin` of the checkout watchkeeper itself runs from, then on PATH. Versions are read once
per run and cached.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

_INSTALL_ROOT = Path(__file__).resolve().parents[2]
_VERSION = re.compile(r"v?(\d+\.\d+\.\d+)")


@dataclass(frozen=True)
class ToolSpec:
    name: str
    version_args: tuple[str, ...]
    purpose: str
    fallback: str | None = None  # the embedded engine used when the binary is missing


TOOL_SPECS: tuple[ToolSpec, ...] = (
    ToolSpec("promtool", ("--version",), "checks and unit-tests Prometheus rule files"),
    ToolSpec("amtool", ("--version",), "checks Alertmanager configuration and routing"),
    ToolSpec("sloth", ("version",), "generates SLO recording and alerting rules", fallback="builtin Sloth-compatible engine"),
    ToolSpec("conftest", ("--version",), "runs the Rego policy gate", fallback="embedded Rego engine (regorus)"),
    ToolSpec("opa", ("version",), "runs Rego policy unit tests", fallback="embedded Rego engine (regorus)"),
    ToolSpec("helm", ("version", "--short"), "renders and lints the stack's charts"),
    ToolSpec("kubeconform", ("-v",), "validates rendered Kubernetes manifests"),
)


@dataclass(frozen=True)
class Tool:
    spec: ToolSpec
    path: str | None
    version: str | None
    pinned: str | None

    @property
    def found(self) -> bool:
        return self.path is not None

    @property
    def version_matches(self) -> bool:
        return self.pinned is None or (self.version is not None and _numeric(self.version) == _numeric(self.pinned))

    @property
    def engine(self) -> str:
        if self.found:
            return f"{self.spec.name} {self.version or '?'}"
        return self.spec.fallback or "none"

    def describe(self) -> str:
        return f"{self.spec.name} {self.version or '(unknown version)'} at {self.path}"


class ToolError(Exception):
    """A tool could not be run, timed out, or printed something we cannot read."""


class Toolbox:
    def __init__(self, repo_root: Path, pins: dict[str, str], *, dirs: list[Path] | None = None, search_path: str | None = None):
        self.dirs = [repo_root / ".tools" / "bin", _INSTALL_ROOT / ".tools" / "bin"] if dirs is None else dirs
        self.search_path = os.environ.get("PATH", "") if search_path is None else search_path
        self.pins = pins
        self._cache: dict[str, Tool] = {}

    def get(self, name: str) -> Tool:
        if name not in self._cache:
            spec = next(s for s in TOOL_SPECS if s.name == name)
            path = self._which(name)
            version = _read_version(path, spec) if path else None
            self._cache[name] = Tool(spec, path, version, self.pins.get(name))
        return self._cache[name]

    def all(self) -> list[Tool]:
        return [self.get(spec.name) for spec in TOOL_SPECS]

    def _which(self, name: str) -> str | None:
        for directory in self.dirs:
            candidate = directory / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
        return shutil.which(name, path=self.search_path)


def run_tool(tool: Tool, args: list[str], *, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    if tool.path is None:
        raise ToolError(f"{tool.spec.name} is not installed")
    try:
        return subprocess.run(
            [tool.path, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise ToolError(f"{tool.spec.name} did not finish within {timeout:.0f} s") from None
    except OSError as exc:
        raise ToolError(f"{tool.spec.name} could not be started: {exc}") from None


def _read_version(path: str, spec: ToolSpec) -> str | None:
    try:
        out = subprocess.run(
            [path, *spec.version_args], capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.search(out.stdout + out.stderr)
    return match.group(1) if match else None


def _numeric(version: str) -> str | None:
    match = _VERSION.search(version)
    return match.group(1) if match else None
