"""The panel library: dashboards read as intent (what to show), not as Grafana JSON.

A dashboard module builds rows of panels with the helpers here and hands them to `golden()`,
which adds the standard variables, links, tags and a stable grid layout:

    dashboard = golden(
        uid="platform-nodes", title="Platform / Nodes", team="sre",
        description="CPU, memory, disk and network of every node.",
        variables=[cluster("node_uname_info"), label("instance", "node_uname_info{cluster=~\"$cluster\"}")],
        rows=[row("CPU", timeseries("CPU busy", "...", unit=PERCENT_UNIT))],
    )

Every query reads the `$datasource` variable, rates use `$__rate_interval`, and each panel that
backs an alert names the alert in its description and links its runbook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from grafanalib.core import (
    Dashboard,
    DashboardLink,
    GridPos,
    RowPanel,
    Stat,
    Target,
    Template,
    Templating,
    Time,
    TimeSeries,
)

DATASOURCE = "${datasource}"
GRAFANA = "https://grafana.platform.internal"
RUNBOOKS = "https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/"

# Grafana units (the ids of its unit picker).
PERCENT_UNIT = "percentunit"  # 0-1
PERCENT = "percent"  # 0-100
SECONDS = "s"
BYTES = "bytes"
BYTES_PER_SECOND = "Bps"
OPS = "ops"  # per second
REQUESTS = "reqps"
COUNT = "short"
USD = "currencyUSD"
CELSIUS = "celsius"
WATTS = "watt"
DATE = "dateTimeFromNow"

WIDTH = 24  # Grafana's grid width
CATALOG = Path(__file__).resolve().parents[2] / "slo-catalog"


# Variables ---------------------------------------------------------------------------------------

def datasource_variable() -> Template:
    return Template(name="datasource", type="datasource", query="prometheus", label="Data source")


def label(name: str, series: str, *, title: str | None = None, multi: bool = True, all_values: bool = True,
          source_label: str | None = None) -> Template:
    """A variable holding the values of `source_label` (default: `name`) on `series`."""
    return Template(name=name, label=title or name.replace("_", " ").capitalize(), dataSource=DATASOURCE,
                    query=f"label_values({series}, {source_label or name})", multi=multi, includeAll=all_values,
                    refresh=2, sort=1)


def cluster(series: str) -> Template:
    """The cluster variable every dashboard starts with (one Prometheus per cluster, remote-writing to Mimir)."""
    return label("cluster", series, multi=False, all_values=False)


# Panels ------------------------------------------------------------------------------------------

@dataclass
class Sized:
    panel: object
    width: int
    height: int


def _targets(queries) -> list[Target]:
    if isinstance(queries, str):
        queries = [(queries, "")]
    return [Target(expr=expr, legendFormat=legend, refId=chr(ord("A") + i)) for i, (expr, legend) in enumerate(queries)]


def timeseries(title: str, queries, *, unit: str, description: str, width: int = 12, height: int = 8,
               stack: bool = False, minimum: float | None = None, maximum: float | None = None) -> Sized:
    """A time series of one query (`"expr"`) or several (`[("expr", "{{legend}}"), ...]`)."""
    panel = TimeSeries(title=title, description=description, dataSource=DATASOURCE, targets=_targets(queries),
                       unit=unit, stacking={"mode": "normal", "group": "A"} if stack else {"mode": "none"},
                       axisSoftMin=minimum, axisSoftMax=maximum, legendDisplayMode="table",
                       legendPlacement="bottom", tooltipMode="multi")
    return Sized(panel, width, height)


def stat(title: str, query: str, *, unit: str, description: str, width: int = 6, height: int = 5,
         thresholds: list[tuple[float | None, str]] | None = None, decimals: int | None = None) -> Sized:
    """One number, coloured by `thresholds` ([(None, "green"), (0.9, "red")]: from the lowest step up)."""
    steps = [{"color": color, "value": value} for value, color in (thresholds or [(None, "green")])]
    panel = Stat(title=title, description=description, dataSource=DATASOURCE, targets=_targets(query), format=unit,
                 reduceCalc="lastNotNull", thresholdType="absolute", thresholds=steps, decimals=decimals,
                 graphMode="area", textMode="value_and_name" if "{{" in query else "auto")
    return Sized(panel, width, height)


@dataclass
class Row:
    title: str
    panels: list[Sized] = field(default_factory=list)


def row(title: str, *panels: Sized) -> Row:
    return Row(title, list(panels))


def runbook(path: str) -> str:
    """The URL of a runbook: `runbook("gpu/GpuXidFatalError.md")`."""
    return RUNBOOKS + path


def link_to(uid: str, title: str) -> DashboardLink:
    return DashboardLink(title=title, type="link", uri=f"{GRAFANA}/d/{uid}", targetBlank=False, keepTime=True,
                         includeVars=True)


def runbooks_link(folder: str) -> DashboardLink:
    return DashboardLink(title="Runbooks", type="link", uri=RUNBOOKS + folder, targetBlank=True)


# The dashboard -----------------------------------------------------------------------------------

def layout(rows: list[Row]) -> list:
    """Rows and their panels on Grafana's 24-column grid, left to right, wrapping, row after row."""
    placed, y = [], 0
    for current in rows:
        placed.append(RowPanel(title=current.title, gridPos=GridPos(h=1, w=WIDTH, x=0, y=y)))
        y += 1
        x, line_height = 0, 0
        for sized in current.panels:
            if x + sized.width > WIDTH:
                x, y, line_height = 0, y + line_height, 0
            sized.panel.gridPos = GridPos(h=sized.height, w=sized.width, x=x, y=y)
            placed.append(sized.panel)
            x += sized.width
            line_height = max(line_height, sized.height)
        y += line_height
    return placed


def golden(*, uid: str, title: str, team: str, description: str, rows: list[Row], variables: list[Template],
           tags: list[str] = (), links: list[DashboardLink] = (), refresh: str = "1m", time_from: str = "now-6h") -> Dashboard:
    return Dashboard(
        title=title, uid=uid, description=description, tags=sorted({*tags, f"team:{team}", "watchkeeper"}),
        timezone="utc", refresh=refresh, editable=False, graphTooltip=1, time=Time(time_from, "now"),
        links=list(links), templating=Templating(list=[datasource_variable(), *variables]), panels=layout(rows),
    )


# Standard rows -----------------------------------------------------------------------------------

def red(title: str, *, requests: str, errors: str, buckets: str, by: str, description: str) -> Row:
    """Rate, errors and duration of a service, one line per `by` label:
    `red("API", requests='http_requests_total{cluster=~"$cluster"}', errors='...{code=~"5.."}',
    buckets='http_request_duration_seconds_bucket{cluster=~"$cluster"}', by="route", description="...")`."""
    window = "[$__rate_interval]"
    return row(
        title,
        timeseries("Requests", f"sum by ({by}) (rate({requests}{window}))", unit=REQUESTS, width=8,
                   description=f"Requests per second, per {by}. {description}"),
        timeseries("Error ratio", f"sum by ({by}) (rate({errors}{window})) / sum by ({by}) (rate({requests}{window}))",
                   unit=PERCENT_UNIT, width=8, description=f"Share of requests that failed, per {by}."),
        timeseries("Duration p99", f"histogram_quantile(0.99, sum by (le, {by}) (rate({buckets}{window})))",
                   unit=SECONDS, width=8, description=f"99th percentile of request duration, per {by}."),
    )


def use(title: str, *, utilisation: str, saturation: str, errors: str, unit: str, description: str) -> Row:
    """Utilisation, saturation and errors of a resource, each given as a full query."""
    return row(
        title,
        timeseries("Utilisation", utilisation, unit=PERCENT_UNIT, width=8, description=f"Share in use. {description}"),
        timeseries("Saturation", saturation, unit=unit, width=8, description="Work waiting for the resource."),
        timeseries("Errors", errors, unit=OPS, width=8, description="Errors per second of the resource."),
    )


def slo_row(service: str, description: str) -> Row:
    """The service's SLOs as the alerts see them (Sloth's recordings), linking to `slo-<service>`."""
    scope = f'cluster=~"$cluster", sloth_service="{service}"'
    return row(
        f"Service levels ({service})",
        stat("Error budget left", f"min by (sloth_slo) (slo:period_error_budget_remaining:ratio{{{scope}}})",
             unit=PERCENT_UNIT, width=8, thresholds=[(None, "red"), (0, "orange"), (0.25, "green")],
             description=f"Share of each SLO's error budget left over the period. {description}"),
        stat("Burn rate now", f"max by (sloth_slo) (slo:current_burn_rate:ratio{{{scope}}})", unit=COUNT, width=8,
             thresholds=[(None, "green"), (1, "orange"), (6, "red")],
             description="How fast each SLO spends its budget now: 1 spends it exactly over the period."),
        stat("Burn-rate alerts firing", f'count(ALERTS{{alertstate="firing", {scope}}}) or vector(0)', unit=COUNT,
             width=8, thresholds=[(None, "green"), (1, "red")],
             description=f"Burn-rate alerts of {service} firing now; details on the SLO dashboard slo-{service}."),
    )


# Panel helpers -----------------------------------------------------------------------------------

def with_runbooks(sized: Sized, *alerts: tuple[str, str]) -> Sized:
    """Link the runbook of each alert a panel backs: `with_runbooks(panel, ("gpu/GpuXidError.md", "GpuXidError"))`."""
    sized.panel.links = [{"title": f"Runbook: {name}", "url": runbook(path), "targetBlank": True} for path, name in alerts]
    return sized


def so_far(sized: Sized, period: str) -> Sized:
    """A panel over the calendar period so far (`now/d`: today, `now/M`: this month, UTC): its time
    range is overridden and its queries are instant, so `[$__range]` spans exactly the period."""
    sized.panel.timeFrom = period
    for target in sized.panel.targets:
        target.instant = True
    return sized


def slo_objective(service: str, name: str) -> tuple[float, str]:
    """(objective as a ratio, burn-rate alert name) of one SLO of `slo-catalog/`, so thresholds
    follow the catalog when it changes."""
    import yaml  # only dashboards that show SLO thresholds need it

    spec = yaml.safe_load((CATALOG / f"{service}.yaml").read_text(encoding="utf-8"))
    for slo in spec["slos"]:
        if slo["name"] == name:
            return round(float(slo["objective"]) / 100, 6), slo["alerting"]["name"]
    raise LookupError(f"slo-catalog/{service}.yaml has no SLO {name!r}")
