"""The `watchkeeper` command line: a thin layer over the library (runner, reports, doctor, docs).

Exit codes: 0 clean (warnings allowed), 1 findings at error level, 2 usage or internal error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__, docs, doctor, generation, reports, ruletests, runner, scaffold
from .atomic import write_atomic
from .repository import Repository
from .slo.command import slo_group
from .toolbox import Toolbox

_repo_option = click.option(
    "--repo", "repo", default=".", show_default=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path), help="Repository root.",
)


def _run_options(command):
    command = click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path),
                           help="Also write every report format (text, JSON, JUnit, Code Quality) into this directory.")(command)
    command = click.option("--format", "fmt", type=click.Choice(list(reports.FORMATS)), default="text", show_default=True,
                           help="Format printed on standard output.")(command)
    return _repo_option(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="watchkeeper")
def cli() -> None:
    """Lint, test and gate the monitoring monorepo."""


def _execute(command: str, repo: Path, fmt: str, report_dir: Path | None) -> None:
    result = runner.run(repo, command)
    color = fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    click.echo(reports.render(result, fmt, color=color), nl=False)
    if report_dir is not None:
        for path in reports.write_all(result, report_dir):
            click.echo(f"wrote {path}", err=True)
    sys.exit(result.exit_code)


@cli.command()
@_run_options
def lint(repo: Path, fmt: str, report_dir: Path | None) -> None:
    """Check every file of the repository (no external tools)."""
    _execute("lint", repo, fmt, report_dir)


@cli.command()
@_run_options
def gate(repo: Path, fmt: str, report_dir: Path | None) -> None:
    """The merge gate: lint plus the external tools (promtool check rules)."""
    _execute("gate", repo, fmt, report_dir)


@cli.command(name="doctor")
@_repo_option
def doctor_command(repo: Path) -> None:
    """Show each external tool: found or not, path, version, and the engine that will run."""
    settings = Repository.load(repo).settings
    found = doctor.examine(Toolbox(repo.resolve(), settings.tools))
    click.echo(doctor.render(found), nl=False)
    sys.exit(1 if any(r.problem for r in found) else 0)


@cli.command(name="test")
@_repo_option
@click.option("--format", "fmt", type=click.Choice(["text", "junit"]), default="text", show_default=True)
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), help="Also write rule-tests.xml (JUnit) here.")
def test_command(repo: Path, fmt: str, report_dir: Path | None) -> None:
    """Run every promtool unit test file in one call and report each test case."""
    loaded = Repository.load(repo)
    promtool = Toolbox(loaded.root, loaded.settings.tools).get("promtool")
    if not promtool.found:
        click.echo("watchkeeper test: promtool is not installed (run `make tools`); no test ran", err=True)
        sys.exit(2)
    outcome = ruletests.run(loaded, promtool)
    click.echo(ruletests.junit(outcome) if fmt == "junit" else ruletests.text(outcome), nl=False)
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        click.echo(f"wrote {write_atomic(report_dir / 'rule-tests.xml', ruletests.junit(outcome))}", err=True)
    sys.exit(0 if outcome.ok else 1)


@cli.command(name="generate")
@_repo_option
@click.option("--check", is_flag=True, help="Only report whether generated/ is up to date (exit 1 if not).")
def generate_command(repo: Path, check: bool) -> None:
    """Write generated/ from the sources: SLO rules, PrometheusRule manifests."""
    loaded = Repository.load(repo)
    current = generation.plan(loaded)
    for finding in current.findings:
        click.echo(f"{finding.location()} {finding.code} {finding.name}: {finding.message}", err=True)
    if check:
        result = runner.run(repo, "gate", only=("generated",))
        click.echo(reports.render(result, "text"), nl=False)
        sys.exit(result.exit_code)
    written, deleted = generation.write(loaded, current)
    for path in written:
        click.echo(f"wrote {path}", err=True)
    for path in deleted:
        click.echo(f"deleted {path}", err=True)
    click.echo(f"generate: {len(current.artifacts)} files, {len(written)} written, {len(deleted)} deleted", err=True)
    sys.exit(1 if current.findings else 0)


@cli.command(name="docs")
@_repo_option
@click.option("--check", is_flag=True, help="Only report whether docs/checks.md and docs/policies.md are up to date.")
def docs_command(repo: Path, check: bool) -> None:
    """Write docs/checks.md from the check modules and docs/policies.md from the policies."""
    from .policy import docs as policy_docs

    stale = False
    for path, content in ((docs.DOC_PATH, docs.render()), (policy_docs.DOC_PATH, policy_docs.render(Repository.load(repo)))):
        target = repo / path
        if check:
            if (target.read_text("utf-8") if target.is_file() else "") != content:
                click.echo(f"{path} is out of date: run `watchkeeper docs`", err=True)
                stale = True
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, content)
        click.echo(f"wrote {path}", err=True)
    sys.exit(1 if stale else 0)


@cli.group(name="new")
def new_group() -> None:
    """Scaffold new repository content from templates."""


@new_group.command(name="alert")
@_repo_option
@click.argument("name")
@click.option("--team", required=True, help="Owning team (a team of watchkeeper.yaml).")
@click.option("--severity", required=True, help="Severity (one of watchkeeper.yaml's severities).")
@click.option("--family", help="Folder under alerts/ and runbooks/ (default: the name's first word, lower case).")
def new_alert(repo: Path, name: str, team: str, severity: str, family: str | None) -> None:
    """Write an alert's rule file, promtool test and runbook, to be filled in."""
    try:
        planned = scaffold.plan(Repository.load(repo), name, team, severity, family)
    except scaffold.ScaffoldError as exc:
        click.echo(f"watchkeeper new alert: {exc}", err=True)
        sys.exit(2)
    for path in scaffold.write(repo, planned):
        click.echo(f"wrote {path}", err=True)
    click.echo(f"fill in every {scaffold.MARKER} marker; `watchkeeper gate` lists the ones left (WK127)", err=True)


@new_group.command(name="dashboard")
@_repo_option
@click.argument("name")
@click.option("--folder", required=True, help="Grafana folder: the folder under dashboards/ (e.g. ai, platform).")
@click.option("--team", default="sre", show_default=True, help="Owning team (a team of watchkeeper.yaml).")
def new_dashboard(repo: Path, name: str, folder: str, team: str) -> None:
    """Write a dashboard module that generates and lints clean, to grow from."""
    try:
        planned = scaffold.plan_dashboard(Repository.load(repo), name, folder, team)
    except scaffold.ScaffoldError as exc:
        click.echo(f"watchkeeper new dashboard: {exc}", err=True)
        sys.exit(2)
    for path in scaffold.write(repo, planned):
        click.echo(f"wrote {path}", err=True)
    click.echo("then `watchkeeper generate` and `watchkeeper gate`", err=True)


@cli.group(name="policy")
def policy_group() -> None:
    """The Rego policy gate (conftest semantics) and its tests."""


@policy_group.command(name="test")
@_run_options
@click.option("--engine", type=click.Choice(["auto", "conftest", "embedded"]), default="auto", show_default=True,
              help="conftest when on PATH (auto), or the embedded Rego engine.")
def policy_test(repo: Path, fmt: str, report_dir: Path | None, engine: str) -> None:
    """Run every policy over the repository, like `conftest test`: findings, exceptions, engine."""
    os.environ["WATCHKEEPER_POLICY_ENGINE"] = engine
    result = runner.run(repo, "gate", only=("parsing", "policies"))
    color = fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    click.echo(reports.render(result, fmt, color=color), nl=False)
    if report_dir is not None:
        for path in reports.write_all(result, report_dir):
            click.echo(f"wrote {path}", err=True)
    for ran in result.checks:
        if ran.check.name == "policies":
            click.echo(f"policy engine: {ran.engine}", err=True)
    sys.exit(result.exit_code)


@policy_group.command(name="verify")
@_repo_option
@click.option("--format", "fmt", type=click.Choice(["text", "junit"]), default="text", show_default=True)
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), help="Also write policy-tests.xml (JUnit) here.")
def policy_verify(repo: Path, fmt: str, report_dir: Path | None) -> None:
    """Run every test_ rule of the policies' tests with coverage, like `opa test --coverage`."""
    from .policy import verify as verifier

    result = verifier.verify(Repository.load(repo))
    click.echo(verifier.junit(result) if fmt == "junit" else verifier.text(result), nl=False)
    if report_dir is not None:
        report_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(report_dir / "policy-tests.xml", verifier.junit(result))
    sys.exit(0 if result.ok else 1)


cli.add_command(slo_group)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into exit code 2
        click.echo(f"watchkeeper: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(2)
