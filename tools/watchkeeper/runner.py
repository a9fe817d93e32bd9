"""Run the checks of a command over a repository, apply waivers, and collect the result."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .check import Check, Context
from .checks import REGISTRY, tooling, waivers
from .findings import Finding, Severity
from .repository import Repository
from .settings import SETTINGS_FILE
from .toolbox import Toolbox

COMMAND_STAGES = {"lint": ("lint",), "gate": ("lint", "gate")}


@dataclass
class CheckRun:
    check: Check
    seconds: float = 0.0
    engine: str = "watchkeeper"
    ran: bool = True
    examined: list[str] = field(default_factory=list)  # files the check looked at
    findings: list[Finding] = field(default_factory=list)


@dataclass
class RunResult:
    command: str
    root: Path
    files: int
    checks: list[CheckRun]
    findings: list[Finding]
    waived: list[Finding]
    seconds: float

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def exit_code(self) -> int:
        return 1 if self.count(Severity.ERROR) else 0


def run(root: str | Path, command: str = "lint", *, today: date | None = None, tools: Toolbox | None = None,
        only: tuple[str, ...] | None = None, skip: tuple[str, ...] = ()) -> RunResult:
    """Run `command`'s checks; `only` and `skip` name checks to limit the run to or leave out."""
    started = time.perf_counter()
    repo = Repository.load(root)
    ctx = Context(repo, tools or Toolbox(repo.root, repo.settings.tools), today or date.today())
    stages = COMMAND_STAGES[command]
    runs: list[CheckRun] = []
    blocking = {rule.code for check in REGISTRY for rule in check.rules if rule.blocks}
    for check in REGISTRY:
        if check.stage not in stages or check.run is None or check.name in skip or (only is not None and check.name not in only):
            continue
        runs.append(_run_check(check, ctx))
        ctx.paths_with_errors |= {f.path for f in runs[-1].findings if f.code in blocking}
    needed = [t for r in runs for t in r.check.tools]
    if needed:
        runs.append(CheckRun(tooling.CHECK, findings=list(tooling.version_findings(ctx, needed)), examined=[SETTINGS_FILE]))

    everything = [f for r in runs for f in r.findings]
    kept, waived, own = waivers.apply(everything, ctx)
    kept_ids = {id(f) for f in kept}
    for r in runs:
        r.findings = sorted((f for f in r.findings if id(f) in kept_ids), key=Finding.sort_key)
    waiver_files = [waivers.WAIVERS_FILE] if repo.get(waivers.WAIVERS_FILE) else []
    runs.append(CheckRun(waivers.CHECK, findings=sorted(own, key=Finding.sort_key), examined=waiver_files))
    findings = sorted(kept + own, key=Finding.sort_key)
    return RunResult(command, repo.root, len(repo.files), runs, findings, waived, time.perf_counter() - started)


def _run_check(check: Check, ctx: Context) -> CheckRun:
    examined = [f.path for f in ctx.repo.of_kind(*check.kinds)]
    missing = [t for t in check.tools if not ctx.tools.get(t).found]
    if missing:
        return CheckRun(check, engine="none", ran=False, examined=examined,
                        findings=[tooling.missing(ctx, t, check.name) for t in missing])
    started = time.perf_counter()
    try:
        findings = list(check.run(ctx))
    except Exception as exc:  # noqa: BLE001 - one broken check must not hide the others' findings
        findings = [tooling.CHECK_CRASHED.at(SETTINGS_FILE, 1, f"check {check.name!r} failed: {type(exc).__name__}: {exc}")]
    return CheckRun(check, time.perf_counter() - started, ctx.engines.get(check.name, "watchkeeper"), True, examined, findings)
