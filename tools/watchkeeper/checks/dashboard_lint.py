"""Dashboards, linted as Grafana will load them: over the generated JSON, reported at the
dashboard module's line.

Every rule of Grafana's dashboard-linter, adapted to a multi-cluster Mimir (a `cluster` variable
and matcher where dashboard-linter asks for `job`/`instance`), plus what it cannot know: series
and labels checked against the metric inventory and the recording rules, counters by their real
type rather than a `_total` suffix, duplicate uids across the repository, overlapping panels, and
links to dashboards and runbooks that do not exist. Grafana variables (`$cluster`,
`${__rate_interval}`, `[$__range]`, ...) are expanded before parsing, so valid dashboards raise
nothing. Findings point at the module line that sets the panel's title (or the dashboard's uid).
"""

from __future__ import annotations

import re
from typing import Iterable

from ..check import Check, Context
from ..dashboard_gen import normalise, render_all
from ..durations import parse_ms
from ..findings import Finding, Rule, Severity
from ..inventory import Inventory, implicit_labels
from ..inventory import build as build_inventory
from ..promql import analyse, parse
from ..promql_labels import labels_of
from ..suggest import NameIndex

DATASOURCE_VARIABLE = Rule(
    "WK410", "dashboard-datasource-variable", Severity.ERROR, "The dashboard lacks its `datasource` variable.",
    "One variable named `datasource`, of type datasource, for Prometheus: every panel reads it, so the "
    "same dashboard works against each cluster's Prometheus and against Mimir.",
)
CLUSTER_VARIABLE = Rule(
    "WK411", "dashboard-cluster-variable", Severity.ERROR, "The dashboard lacks a `cluster` variable.",
    "Mimir holds every cluster's series; without a `cluster` variable a panel adds them all up. "
    "(dashboard-linter asks for `job` and `instance` variables; in a multi-cluster Mimir the cluster "
    "is the one that matters everywhere.)",
)
VARIABLE_QUERY = Rule(
    "WK412", "dashboard-variable-query", Severity.ERROR, "A query variable is not a valid, reloading Prometheus variable query.",
    "Query variables use `label_values()`, `label_names()`, `metrics()` or `query_result()` over valid "
    "PromQL, read `$datasource`, and refresh on time-range change (`refresh: 2`) so new values appear.",
)
PANEL_DATASOURCE = Rule(
    "WK413", "panel-datasource", Severity.ERROR, "A panel does not read the `$datasource` variable.",
    "A hard-coded data source ties the dashboard to one Prometheus.",
)
PANEL_TEXT = Rule(
    "WK414", "panel-title-description", Severity.WARNING, "A panel has no title or no description.",
    "The description is the panel's (i) tooltip: what it shows and what good looks like.",
)
PANEL_UNIT = Rule(
    "WK415", "panel-unit", Severity.WARNING, "A panel has no unit, or one Grafana does not know.",
    "Without a unit, 0.05 could be 5 %, 50 ms or 0.05 requests a second.",
)
PANEL_TARGETS = Rule(
    "WK416", "panel-no-targets", Severity.ERROR, "A panel has no query.",
    "An empty panel shows nothing and hides that it does.",
)
TARGET_PROMQL = Rule(
    "WK417", "target-promql", Severity.ERROR, "A panel query is not valid PromQL.",
    "Checked after Grafana's variables are replaced by sample values, as Grafana would send it.",
)
RATE_INTERVAL = Rule(
    "WK418", "target-rate-interval", Severity.WARNING, "A rate is taken over a short fixed range instead of `$__rate_interval`.",
    "`$__rate_interval` grows with the zoom and never drops below four scrape intervals. A fixed range of "
    "an hour or more is fine when the window is the point of the panel (`increase(x[1d])`).",
)
CLUSTER_MATCHER = Rule(
    "WK419", "target-cluster-matcher", Severity.ERROR, "A selector does not filter on `$cluster`.",
    "Every series selector carries `cluster=~\"$cluster\"`; one that does not mixes the clusters.",
)
VARIABLE_MATCHER = Rule(
    "WK420", "target-variable-matcher", Severity.WARNING, "A selector ignores the dashboard's `job` or `instance` variable.",
    "When a dashboard offers `$job` or `$instance`, every series that carries the label filters on it, "
    "or the picker silently does nothing for that panel.",
)
COUNTER = Rule(
    "WK421", "target-counter-rate", Severity.WARNING, "A counter is shown without `rate()` or `increase()`.",
    "Decided by the inventory's type, not by a `_total` suffix (LiteLLM, Temporal and DCGM counters have none).",
)
UNKNOWN_SERIES = Rule(
    "WK422", "target-unknown-series", Severity.ERROR, "A panel reads a series no exporter or recording rule provides.",
    "The panel stays empty. The hint names the closest series of the inventory.",
)
UNKNOWN_LABEL = Rule(
    "WK423", "target-unknown-label", Severity.ERROR, "A panel query uses a label its series does not have, or one aggregated away.",
    "Same analysis as WK205/WK212 for rules: matchers, `by`, `without` and joins against the inventory.",
)
DUPLICATE_UID = Rule(
    "WK424", "dashboard-duplicate-uid", Severity.ERROR, "Two dashboards share a uid.",
    "Grafana keeps one of them, and links and alerts open whichever it kept.",
)
OVERLAP = Rule(
    "WK425", "panel-overlap", Severity.WARNING, "Two panels overlap on the grid.",
    "Grafana pushes one down, so the layout differs from the source's intent.",
)
DEAD_LINK = Rule(
    "WK426", "dashboard-link-dead", Severity.ERROR, "A dashboard or panel link opens a dashboard or runbook that does not exist.",
    "Links to `<grafana_url>/d/<uid>` must name a dashboard of the repository, links under "
    "`runbook_base_url` a runbook file or folder.",
)
METADATA = Rule(
    "WK427", "dashboard-metadata", Severity.WARNING, "A dashboard lacks a description, a `team:` tag or links.",
    "The description says what question the dashboard answers, the `team:<team>` tag who owns it, and the "
    "links where to go next (its runbooks, the SLO dashboards, related dashboards).",
)
RULES = (DATASOURCE_VARIABLE, CLUSTER_VARIABLE, VARIABLE_QUERY, PANEL_DATASOURCE, PANEL_TEXT, PANEL_UNIT, PANEL_TARGETS,
         TARGET_PROMQL, RATE_INTERVAL, CLUSTER_MATCHER, VARIABLE_MATCHER, COUNTER, UNKNOWN_SERIES, UNKNOWN_LABEL,
         DUPLICATE_UID, OVERLAP, DEAD_LINK, METADATA)

# Grafana's unit ids this repository uses or may reasonably use (its value formats).
UNITS = {
    "none", "short", "percent", "percentunit", "humidity", "dB", "hex0x", "hex", "sci", "locale",
    "ns", "µs", "us", "ms", "s", "m", "h", "d", "dtdurationms", "dtdurations", "dthms", "dtdhms", "clockms", "clocks",
    "bytes", "decbytes", "bits", "decbits", "kbytes", "mbytes", "gbytes", "Bps", "bps", "KBs", "MBs", "GBs",
    "ops", "reqps", "rps", "wps", "iops", "opm", "rpm", "wpm", "cps", "eps", "mps", "pps",
    "currencyUSD", "currencyEUR", "currencyGBP", "celsius", "fahrenheit", "watt", "kwatt", "voltamp", "volt",
    "amp", "hertz", "rothz", "dateTimeAsIso", "dateTimeAsUS", "dateTimeFromNow", "timeticks", "bool", "bool_yes_no",
    "bool_on_off", "string", "joule", "watth", "kwatth", "mwatt", "lengthm", "massg", "pressurebar",
}
PANEL_TYPES = {"timeseries", "stat", "gauge", "bargauge", "table", "graph", "singlestat", "heatmap", "piechart", "state-timeline"}
_VARIABLE = re.compile(r"\$\{(\w+)(?::[\w]+)?\}|\$(\w+)")
_SAMPLES = {"__rate_interval": "5m", "__interval": "1m", "__range": "1d", "__auto": "5m", "__range_s": "86400",
            "__range_ms": "86400000", "__interval_ms": "60000"}
_RANGE = re.compile(r"\[([^\]:]+)(?::[^\]]*)?\]")
_QUERY_FUNCTION = re.compile(r"^\s*(label_values|label_names|metrics|query_result)\s*\((.*)\)\s*$", re.S)
LONG_RANGE_MS = 3_600_000


def expand(expr: str) -> str:
    """The expression with Grafana's variables replaced by sample values PromQL accepts."""
    return _VARIABLE.sub(lambda m: _SAMPLES.get(m.group(1) or m.group(2), "sample"), expr)


def run(ctx: Context) -> Iterable[Finding]:
    inventory = build_inventory(ctx.repo)
    index = NameIndex(inventory.series) if inventory else None
    known = _known_uids(ctx)
    seen: dict[str, str] = {}
    from ..slo.dashboards import slo_dashboards

    dashboards = [(r.module, r.dashboard) for r in render_all(ctx.repo) if r.dashboard is not None]  # else WK400
    dashboards += [(source, dashboard) for _, dashboard, source in slo_dashboards(ctx.repo, frozenset(ctx.paths_with_errors))
                   if dashboard is not None]
    for path, raw in dashboards:
        dashboard = normalise(raw)
        source = ctx.repo.get(path)
        where = _Locator((source.text if source is not None else "") or "")
        uid = str(dashboard.get("uid") or "")
        if uid in seen:
            yield DUPLICATE_UID.at(path, where.line(f'"{uid}"'), f"uid {uid!r} is also the uid of {seen[uid]}")
        seen.setdefault(uid, path)
        yield from _lint(ctx, path, dashboard, where, inventory, index, known)


def _known_uids(ctx: Context) -> set[str]:
    from ..dashboard_index import known_uids
    from ..slo.dashboards import slo_dashboards

    uids = known_uids(ctx.repo)
    uids |= {uid for uid, dashboard, _ in slo_dashboards(ctx.repo, frozenset()) if dashboard is not None}
    return uids


class _Locator:
    """Lines of the module source, to place a finding at the line that sets a title or a query."""

    def __init__(self, text: str):
        self.text = text

    def line(self, *needles: str, default: int = 1) -> int:
        for needle in needles:
            index = self.text.find(needle) if needle else -1
            if index >= 0:
                return self.text.count("\n", 0, index) + 1
        return default


def _lint(ctx, path, dashboard, where, inventory: Inventory, index, known) -> Iterable[Finding]:
    top = where.line("uid=", "uid =", "golden(")
    missing = [what for what, present in (("a description", dashboard.get("description")),
                                          ("a team: tag", any(str(t).startswith("team:") for t in dashboard.get("tags") or ())),
                                          ("links", dashboard.get("links"))) if not present]
    if missing:
        yield METADATA.at(path, top, f"the dashboard has no {', no '.join(missing)}")
    variables = {v.get("name"): v for v in (dashboard.get("templating") or {}).get("list") or []}
    source = variables.get("datasource")
    if not source or source.get("type") != "datasource" or source.get("query") != "prometheus":
        yield DATASOURCE_VARIABLE.at(path, top, "no `datasource` variable of type datasource for prometheus")
    if "cluster" not in variables:
        yield CLUSTER_VARIABLE.at(path, top, "no `cluster` variable", hint="add cluster(<series>) first in variables")
    for name, variable in variables.items():
        if variable.get("type") == "query":
            yield from _variable(path, where, name, variable)
    filters = [label for label in ("job", "instance") if label in variables]
    for link in dashboard.get("links") or []:
        yield from _link(ctx, path, where.line(f'"{link.get("title")}"', default=top), link.get("url") or "", known)
    panels = [p for p in dashboard.get("panels") or [] if p.get("type") != "row"]
    yield from _overlaps(path, where, panels)
    for panel in panels:
        title = str(panel.get("title") or "")
        line = where.line(f'"{title}"', f"'{title}'", default=top) if title else top
        yield from _panel(path, line, panel, "cluster" in variables, filters, inventory, index,
                          frozenset(ctx.repo.settings.external_labels))


def _variable(path, where, name, variable) -> Iterable[Finding]:
    line = where.line(f'"{name}"')
    query = variable.get("query")
    query = query.get("query") if isinstance(query, dict) else query
    match = _QUERY_FUNCTION.match(str(query or ""))
    if not match:
        yield VARIABLE_QUERY.at(path, line, f"variable {name!r} does not use label_values(), label_names(), metrics() "
                                            "or query_result()")
    else:
        inner = match.group(2)
        expr = inner.rsplit(",", 1)[0] if match.group(1) == "label_values" and "," in inner else inner
        if expr.strip() and match.group(1) != "metrics" and parse(expand(expr)) is None:
            yield VARIABLE_QUERY.at(path, line, f"variable {name!r}: {expr.strip()!r} is not valid PromQL")
    if variable.get("refresh") != 2:
        yield VARIABLE_QUERY.at(path, line, f"variable {name!r} does not refresh on time-range change", hint="refresh=2")
    source = variable.get("datasource")
    if not isinstance(source, dict) or source.get("uid") not in ("${datasource}", "$datasource"):
        yield VARIABLE_QUERY.at(path, line, f"variable {name!r} does not read $datasource")


def _link(ctx, path, line, url, known) -> Iterable[Finding]:
    settings = ctx.repo.settings
    grafana = settings.grafana_url.rstrip("/")
    if grafana and url.startswith(grafana + "/d/"):
        uid = re.split(r"[/?#]", url[len(grafana) + 3:], maxsplit=1)[0]
        if uid not in known:
            yield DEAD_LINK.at(path, line, f"link to dashboard {uid!r}, which does not exist")
    elif settings.runbook_base_url and url.startswith(settings.runbook_base_url):
        target = "runbooks/" + url[len(settings.runbook_base_url):].split("#")[0]
        if not (ctx.repo.root / target).exists():
            yield DEAD_LINK.at(path, line, f"link to {target}, which does not exist")


def _overlaps(path, where, panels) -> Iterable[Finding]:
    boxes = []
    for panel in panels:
        grid = panel.get("gridPos") or {}
        box = (grid.get("x", 0), grid.get("y", 0), grid.get("w", 0), grid.get("h", 0))
        for other, title in boxes:
            if box[0] < other[0] + other[2] and other[0] < box[0] + box[2] and box[1] < other[1] + other[3] \
                    and other[1] < box[1] + box[3]:
                yield OVERLAP.at(path, where.line(f'"{panel.get("title")}"'), f"panel {panel.get('title')!r} overlaps {title!r}")
        boxes.append((box, panel.get("title")))


def _panel(path, line, panel, has_cluster, filters, inventory, index, external) -> Iterable[Finding]:
    title = panel.get("title")
    kind = panel.get("type")
    source = panel.get("datasource")
    if not isinstance(source, dict) or source.get("uid") not in ("${datasource}", "$datasource"):
        yield PANEL_DATASOURCE.at(path, line, f"panel {title!r} reads {source!r}")
    if not title or not panel.get("description"):
        yield PANEL_TEXT.at(path, line, f"panel {title or '(untitled)'!r} has no {'title' if not title else 'description'}")
    if kind in PANEL_TYPES:
        unit = ((panel.get("fieldConfig") or {}).get("defaults") or {}).get("unit") or panel.get("format")
        if not unit or unit not in UNITS:
            yield PANEL_UNIT.at(path, line, f"panel {title!r} has {'no unit' if not unit else f'unknown unit {unit!r}'}")
    targets = [t for t in panel.get("targets") or [] if t.get("expr")]
    if kind in PANEL_TYPES and not targets:
        yield PANEL_TARGETS.at(path, line, f"panel {title!r} has no query")
    for target in targets:
        yield from _target(path, line, title, str(target["expr"]), has_cluster, filters, inventory, index, external)


def _with_external(inventory: Inventory, external: frozenset[str]):
    """The inventory's label lookup as Mimir sees series: with the external labels on every one."""
    def lookup(series: str):
        found = inventory.labels(series)
        return None if found is None else (found[0] | external, found[1], found[2] - external)
    return lookup


def _target(path, line, title, expr, has_cluster, filters, inventory: Inventory, index, external) -> Iterable[Finding]:
    expanded = expand(expr)
    tree = parse(expanded)
    if tree is None:
        yield TARGET_PROMQL.at(path, line, f"panel {title!r}: {analyse(expanded).error}")
        return
    analysis = analyse(expanded)
    for raw in _RANGE.findall(expr):
        if raw.strip() in ("$__rate_interval", "${__rate_interval}", "$__range", "${__range}", "$__auto", "${__auto}"):
            continue
        try:
            fixed = parse_ms(raw.strip())
        except ValueError:
            continue
        if fixed < LONG_RANGE_MS and re.search(r"\b(rate|irate|increase)\s*\(", expr):
            yield RATE_INTERVAL.at(path, line, f"panel {title!r}: [{raw}] is a fixed short range", hint="use [$__rate_interval]")
    for selector in analysis.selectors:
        if has_cluster and "cluster" not in selector.labels:
            yield CLUSTER_MATCHER.at(path, line, f"panel {title!r}: {selector.name or 'a selector'} has no cluster matcher")
        if not inventory or selector.name is None:
            continue
        if not inventory.knows(selector.name):
            yield UNKNOWN_SERIES.at(path, line, f"panel {title!r}: series {selector.name!r} is in neither metrics/ nor a "
                                                "recording rule", hint=index.did_you_mean(selector.name) if index else None)
            continue
        found = inventory.labels(selector.name)
        for label in filters:
            if found and label in found[0] and label not in selector.labels:
                yield VARIABLE_MATCHER.at(path, line, f"panel {title!r}: {selector.name} does not filter on ${label}")
        family = inventory.series[selector.name]
        if family is not None:
            is_counter = family.type == "counter" or (family.type in ("histogram", "summary") and selector.name != family.name)
            if is_counter and not (set(selector.functions) & {"rate", "irate", "increase", "resets", "changes", "absent"}) \
                    and not (set(selector.aggregations) & {"count", "group"}):
                yield COUNTER.at(path, line, f"panel {title!r}: counter {selector.name!r} without rate() or increase()")
            allowed = set(family.labels) | inventory.target_labels | implicit_labels(selector.name, family)
            for label in selector.labels:
                if not family.open and label not in allowed:
                    yield UNKNOWN_LABEL.at(path, line, f"panel {title!r}: {selector.name!r} has no label {label!r}")
    _, problems = labels_of(tree, _with_external(inventory, external)) if inventory else (None, [])
    for problem in dict.fromkeys(problems):
        yield UNKNOWN_LABEL.at(path, line, f"panel {title!r}: {problem.message}")


CHECK = Check("dashboard-lint", RULES, run, kinds=("dashboard",), stage="gate", doc=__doc__)
