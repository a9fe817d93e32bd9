"""External tools that a stage needs: present, runnable, and at the version `watchkeeper.yaml` pins.

A stage whose tool is missing does not pass quietly: it reports WK090 and fails the run. The pins
live under `tools:` in `watchkeeper.yaml`; `watchkeeper doctor` shows what was found where.
"""

from __future__ import annotations

from typing import Iterable

from ..check import Check, Context
from ..findings import Finding, Rule, Severity
from ..settings import SETTINGS_FILE

TOOL_MISSING = Rule(
    "WK090", "tool-missing", Severity.ERROR, "A tool that a stage needs is not installed.",
    "Run `make tools` (promtool, amtool) or use a CI image that has the tool on PATH. "
    "The stage did not run, so nothing it checks has been checked.",
)
TOOL_FAILED = Rule(
    "WK091", "tool-failed", Severity.ERROR, "An external tool crashed, timed out or printed output that cannot be read.",
    "The message carries the tool's last words. Run the tool by hand with the same arguments to see more.",
)
TOOL_VERSION = Rule(
    "WK092", "tool-version", Severity.WARNING, "An external tool's version differs from the pin in `watchkeeper.yaml`.",
    "Different promtool versions accept different rule syntax; align the CI image or the pin.",
)
CHECK_CRASHED = Rule(
    "WK093", "check-crashed", Severity.ERROR, "A check stopped on an unexpected error; the others ran.",
    "A bug in watchkeeper, not in the repository: the message names the check and the error. The run fails, "
    "because what that check would have found is unknown. Please report it with the input that caused it.",
)
RULES = (TOOL_MISSING, TOOL_FAILED, TOOL_VERSION, CHECK_CRASHED)


def pin_line(ctx: Context, tool: str) -> int:
    settings = ctx.repo.get(SETTINGS_FILE)
    if settings is None or settings.document is None:
        return 1
    return settings.document.line_of(("tools", tool))


def missing(ctx: Context, tool: str, stage: str) -> Finding:
    return TOOL_MISSING.at(SETTINGS_FILE, pin_line(ctx, tool), f"{tool} is not installed, so stage {stage!r} did not run",
                           hint="run `make tools`, or put the tool on PATH")


def version_findings(ctx: Context, tools: Iterable[str]) -> Iterable[Finding]:
    for name in sorted(set(tools)):
        tool = ctx.tools.get(name)
        if tool.found and not tool.version_matches:
            yield TOOL_VERSION.at(SETTINGS_FILE, pin_line(ctx, name),
                                  f"{tool.describe()} differs from the pinned {tool.pinned}")


# No `run`: the runner reports these for the checks that declare `tools`.
CHECK = Check("tooling", RULES, None, doc=__doc__)
