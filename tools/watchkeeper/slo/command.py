"""`watchkeeper slo generate`: Sloth's `generate` command, with Sloth's flags and messages.

With `--engine auto` the real `sloth` binary runs when it is on PATH (one call over the whole
input), otherwise the built-in engine. Unlike Sloth, the built-in engine writes nothing when any
input fails, and writes each output file atomically.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ..atomic import write_atomic
from ..repository import Repository
from ..toolbox import Toolbox, ToolError, run_tool
from .engine import Generator, Options
from .extras import BudgetSummary, summarize
from .model import SlothError


def _labels(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    labels = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep:
            raise click.BadParameter(f"expected KEY=VALUE, got {value!r}")
        labels[key] = val
    return labels


@click.group(name="slo")
def slo_group() -> None:
    """SLO rule generation (Sloth-compatible)."""


@slo_group.command(name="generate")
@click.option("-i", "--input", "input_path", required=True, type=click.Path(exists=True, path_type=Path),
              help="SLO spec file, or a directory walked for *.yaml/*.yml.")
@click.option("-o", "--out", default="-", show_default=True, help="Output file, directory (for a directory input) or - for stdout.")
@click.option("-l", "--extra-labels", multiple=True, callback=_labels, help="KEY=VALUE added to every SLO (repeatable).")
@click.option("--default-slo-period", default="30d", show_default=True, help="SLO period; must be in the windows catalogue.")
@click.option("--slo-period-windows-path", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Directory of AlertWindows specs; replaces the built-in 30d/28d catalogue.")
@click.option("--disable-recordings", is_flag=True, help="Do not generate the recording rules.")
@click.option("--disable-alerts", is_flag=True, help="Do not generate the alert rules.")
@click.option("--disable-optimizations", is_flag=True, help="Compute the period SLI from the raw query, not the 5m recordings.")
@click.option("--engine", type=click.Choice(["auto", "sloth", "builtin"]), default="auto", show_default=True)
def generate_command(input_path: Path, out: str, extra_labels: dict[str, str], default_slo_period: str,
                     slo_period_windows_path: Path | None, disable_recordings: bool, disable_alerts: bool,
                     disable_optimizations: bool, engine: str) -> None:
    """Generate multi-window multi-burn-rate rules from SLO specs."""
    options = Options(default_slo_period, slo_period_windows_path, extra_labels, disable_recordings, disable_alerts,
                      disable_optimizations)
    sloth = Toolbox(Path.cwd(), {}).get("sloth")
    if engine == "sloth" or (engine == "auto" and sloth.found):
        sys.exit(_run_sloth(sloth, input_path, out, options))
    click.echo("slo generate: engine builtin" + ("" if engine == "builtin" else " (sloth is not on PATH)"), err=True)
    try:
        outputs = _generate(input_path, out, Generator(options))
    except SlothError as exc:
        click.echo(f'error: "generate" command failed: {exc}', err=True, nl=False)
        sys.exit(1)
    for target, text in outputs:
        if target is None:
            click.echo(text, nl=False)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, text)


def _generate(input_path: Path, out: str, generator: Generator) -> list[tuple[Path | None, str]]:
    """Everything is generated before anything is written, so a failure leaves no partial output."""
    if input_path.is_file():
        return [(None if out == "-" else Path(out), generator.generate(input_path.read_text("utf-8")))]
    out_dir = Path(out)
    if out == "-" or not out_dir.is_dir():
        raise SlothError("when the input is a directory, the output must be an existing directory")
    if out_dir.resolve() == input_path.resolve():
        raise SlothError("the output directory can't be the same as the input directory")
    specs = sorted(p for p in input_path.rglob("*") if p.is_file() and p.suffix.lower() in (".yaml", ".yml"))
    if not specs:
        raise SlothError("0 slo specs have been discovered")
    results = []
    for spec in specs:
        try:
            text = generator.generate(spec.read_text("utf-8"))
        except SlothError as exc:
            raise SlothError(f"could not generate {spec}: {exc}") from None
        results.append((out_dir / spec.relative_to(input_path), text))
    return results


def _run_sloth(sloth, input_path: Path, out: str, options: Options) -> int:
    if not sloth.found:
        click.echo("slo generate: --engine sloth, but sloth is not on PATH", err=True)
        return 2
    if options.disable_optimizations:
        click.echo("slo generate: sloth >= 0.13 has no flag to disable optimised rules; use --engine builtin", err=True)
        return 2
    args = ["generate", "-i", str(input_path), "-o", out, "--default-slo-period", options.default_period]
    for key, value in options.extra_labels.items():
        args += ["-l", f"{key}={value}"]
    if options.windows_path:
        args += ["--slo-period-windows-path", str(options.windows_path)]
    args += ["--disable-recordings"] * options.disable_recordings + ["--disable-alerts"] * options.disable_alerts
    click.echo(f"slo generate: engine {sloth.engine} ({sloth.path})", err=True)
    try:
        result = run_tool(sloth, args, cwd=Path(os.getcwd()), timeout=300)
    except ToolError as exc:
        click.echo(f"slo generate: {exc}", err=True)
        return 2
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


@slo_group.command(name="budget")
@click.option("--repo", default=".", show_default=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def budget_command(repo: Path, fmt: str) -> None:
    """Each catalog SLO's error budget: minutes per period, burn factors, windows, thresholds."""
    summaries, problems = budgets(Repository.load(repo))
    for problem in problems:
        click.echo(problem, err=True)
    if fmt == "json":
        click.echo(json.dumps([s.as_dict() for s in summaries], indent=2))
    else:
        for s in summaries:
            click.echo(f"{s.slo_id}: objective {s.objective} % over {s.period}, budget {s.budget_minutes} min")
            for w in s.windows:
                click.echo(f"  {w.alert:<6} {w.speed:<5} {w.short:>4}/{w.long:<4} burn {w.factor:>7g}x "
                           f"({w.budget_percent:g} % of budget) when error ratio > {w.error_ratio:g}")
    sys.exit(1 if problems else 0)


def budgets(repo: Repository) -> tuple[list[BudgetSummary], list[str]]:
    """Budget summaries of every catalog SLO that generates; problems name the file that does not."""
    engine = Generator(Options(default_period=repo.settings.slo_period))
    summaries, problems = [], []
    for source in repo.of_kind("slo"):
        if not source.loaded:
            problems.append(f"{source.path}: not loaded (run watchkeeper lint)")
            continue
        try:
            spec, _ = engine.build(source.text)
        except SlothError as exc:
            problems.append(f"{source.path}: {exc}")
            continue
        summaries += [summarize(slo, engine.windows_for(slo.period_ms)) for slo in spec.slos]
    return summaries, problems
