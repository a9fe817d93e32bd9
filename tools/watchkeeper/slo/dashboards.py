"""One SLO dashboard per catalog service, made from the same specs as its rules.

For every SLO of `slo-catalog/<service>.yaml`: the objective, the budget left over the period,
the SLI (error ratio) against the error budget, the burn rate over each alert window against the
threshold that pages or tickets, and the state of its alerts. The queries read Sloth's standard
recordings (`slo:sli_error:ratio_rate<window>`, `slo:period_error_budget_remaining:ratio`, ...),
selected by `sloth_id`, so the dashboard shows exactly what the alerts see. uid: `slo-<service>`.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Iterator

from grafanalib._gen import DashboardEncoder
from grafanalib.core import Dashboard, DashboardLink, GridPos, RowPanel, Stat, Target, Template, Templating, Time, TimeSeries

from ..durations import format_ms
from ..repository import Repository
from .engine import Generator as SlothGenerator
from .engine import Options
from .model import SlothError

DATASOURCE = "${datasource}"


def slo_dashboards(repo: Repository, skip: frozenset[str]) -> Iterator[tuple[str, dict | None, str]]:
    """(uid, dashboard JSON, source) for every catalog file; None when the spec does not build
    (the SLO rules generator reports why)."""
    try:
        engine = SlothGenerator(Options(default_period=repo.settings.slo_period))
    except SlothError:
        engine = None
    for source in repo.of_kind("slo"):
        service = PurePosixPath(source.path).stem
        if engine is None or not source.loaded or source.path in skip:
            yield f"slo-{service}", None, source.path
            continue
        try:
            spec, _ = engine.build(source.text)
        except SlothError:
            yield f"slo-{service}", None, source.path
            continue
        panels, y = [], 0
        for slo in spec.slos:
            windows = engine.windows_for(slo.period_ms)
            added, y = _slo_panels(slo, windows, y)
            panels += added
        runbooks = sorted({str(meta.annotations.get("runbook_url", "")).split("#")[0] for slo in spec.slos
                           for meta in (slo.page, slo.ticket) if meta.annotations.get("runbook_url")})
        dashboard = Dashboard(
            title=f"SLOs / {service}", uid=f"slo-{service}",
            description=f"Objectives, error budget and burn rates of {service}, generated from {source.path}.",
            tags=sorted({"slo", "watchkeeper", f"team:{spec.slos[0].labels.get('team', 'sre')}" if spec.slos else "slo"}),
            timezone="utc", refresh="1m", editable=False, graphTooltip=1, time=Time("now-7d", "now"),
            templating=Templating(list=[
                Template(name="datasource", type="datasource", query="prometheus", label="Data source"),
                Template(name="cluster", label="Cluster", dataSource=DATASOURCE, refresh=2, sort=1,
                         query=f'label_values(slo:objective:ratio{{sloth_service="{service}"}}, cluster)'),
            ]),
            panels=panels,
            links=[DashboardLink(title="SLOs", type="dashboards", tags=["slo"], asDropdown=True, keepTime=True),
                   *(DashboardLink(title="Runbook", type="link", uri=url, targetBlank=True) for url in runbooks)],
        )
        yield f"slo-{service}", json.loads(json.dumps(dashboard.to_json_data(), cls=DashboardEncoder)), source.path


def _slo_panels(slo, windows, y: int) -> tuple[list, int]:
    by_id = f'cluster=~"$cluster", sloth_id="{slo.id}"'
    budget = round(100 - slo.objective, 6)
    period = format_ms(slo.period_ms)
    alerting = (("page", windows.page_quick), ("page", windows.page_slow),
                ("ticket", windows.ticket_quick), ("ticket", windows.ticket_slow))
    description = slo.description or f"{slo.name} of {slo.service}"
    panels = [
        RowPanel(title=f"{slo.name}: {slo.objective:g} % over {period}", gridPos=GridPos(h=1, w=24, x=0, y=y)),
        _stat("Objective", f"slo:objective:ratio{{{by_id}}}", "percentunit", f"{description} Target share of good events.",
              GridPos(h=5, w=4, x=0, y=y + 1), decimals=3),
        _stat("Error budget left", f"slo:period_error_budget_remaining:ratio{{{by_id}}}", "percentunit",
              f"Share of the {period} error budget ({budget:g} % of events) not yet spent; below 0 the SLO is missed.",
              GridPos(h=5, w=5, x=4, y=y + 1),
              thresholds=[(None, "red"), (0, "orange"), (0.25, "green")]),
        _stat("Burn rate over the period", f"slo:period_burn_rate:ratio{{{by_id}}}", "short",
              "How fast the budget is spent, averaged over the period: 1 spends it exactly.",
              GridPos(h=5, w=5, x=9, y=y + 1), thresholds=[(None, "green"), (1, "red")]),
        _stat("Firing alerts", f'count(ALERTS{{alertstate="firing", {by_id}}}) or vector(0)', "short",
              f"Burn-rate alerts of this SLO firing now ({slo.page.name or 'alerts'}).",
              GridPos(h=5, w=10, x=14, y=y + 1), thresholds=[(None, "green"), (1, "red")]),
        TimeSeries(
            title="SLI: error ratio", dataSource=DATASOURCE, unit="percentunit",
            description=f"Share of bad events over 5 minutes and over 1 hour, against the budget ({budget:g} %).",
            targets=[Target(expr=f"slo:sli_error:ratio_rate5m{{{by_id}}}", legendFormat="5m", refId="A"),
                     Target(expr=f"slo:sli_error:ratio_rate1h{{{by_id}}}", legendFormat="1h", refId="B"),
                     Target(expr=f"slo:error_budget:ratio{{{by_id}}}", legendFormat="budget", refId="C")],
            gridPos=GridPos(h=8, w=12, x=0, y=y + 6),
        ),
        TimeSeries(
            title="Burn rate per alert window", dataSource=DATASOURCE, unit="short",
            description="Error ratio over each long window divided by the budget; the page alert fires when both of "
                        "a pair's windows exceed its factor (" + ", ".join(
                            f"{kind} {format_ms(w.short_ms)}/{format_ms(w.long_ms)} > {windows.factor(w):g}"
                            for kind, w in alerting) + ").",
            targets=[Target(expr=f"slo:sli_error:ratio_rate{format_ms(w.long_ms)}{{{by_id}}} / on (cluster, sloth_id) "
                                 f"slo:error_budget:ratio{{{by_id}}}",
                            legendFormat=f"{kind} {format_ms(w.long_ms)} (alert above {windows.factor(w):g})",
                            refId=chr(ord("A") + i))
                     for i, (kind, w) in enumerate(alerting)],
            gridPos=GridPos(h=8, w=12, x=12, y=y + 6),
        ),
    ]
    return panels, y + 14


def _stat(title, expr, unit, description, grid, thresholds=None, decimals=None) -> Stat:
    steps = [{"color": color, "value": value} for value, color in (thresholds or [(None, "blue")])]
    return Stat(title=title, description=description, dataSource=DATASOURCE, format=unit, decimals=decimals,
                targets=[Target(expr=expr, refId="A")], reduceCalc="lastNotNull", thresholdType="absolute",
                thresholds=steps, gridPos=grid, graphMode="area")
