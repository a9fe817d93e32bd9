"""The SLO catalog: objectives that fit their tier, queries that work, owners, and alerts that route.

Checked on every `slo-catalog/` file (Sloth `prometheus/v1` form): each query contains the
`{{.window}}` placeholder and parses as PromQL once rendered; it only uses series the metric
inventory (`metrics/`) or a recording rule provides (while the inventory is empty this part is
off); the objective lies in the range `watchkeeper.yaml` gives the SLO's tier; every SLO carries
`team` and `tier` labels naming a known team and tier; SLO ids are unique across the catalog; a
page alert carries a `severity` that pages and a ticket alert a known severity.
"""

from __future__ import annotations

from typing import Iterable

import promql_parser

from ..check import Check, Context
from ..dashboard_index import known_uids, uid_of
from ..findings import Finding, Rule, Severity
from ..inventory import build as build_inventory
from ..promql import analyse
from ..slo.model import WINDOW_TEMPLATE, render
from ..slo.specs import expand_latency
from ..suggest import NameIndex, did_you_mean
from .alert_conventions import DASHBOARD as ALERT_DASHBOARD
from .promql_rules import NAME_COLLISION

OBJECTIVE_TIER = Rule(
    "WK302", "slo-objective-tier", Severity.ERROR, "An objective is implausible for the SLO's tier.",
    "Tier ranges live under `slo.tiers` in `watchkeeper.yaml`. 100 % leaves no error budget: every "
    "single failed request would burn it, so the alerts can only ever page.",
)
WINDOW_MISSING = Rule(
    "WK303", "slo-window-missing", Severity.ERROR, "An SLI query lacks the `{{.window}}` placeholder.",
    "Without it every window's recording rule computes the same range, and the multi-window alerts "
    "compare a ratio with itself.\n\nBad: `sum(rate(x_total[5m]))`. Good: `sum(rate(x_total[{{.window}}]))`.",
)
QUERY_INVALID = Rule(
    "WK304", "slo-query-invalid", Severity.ERROR, "An SLI query is not valid PromQL once its window is filled in.",
    "The query is rendered with `{{.window}}` = `5m` and parsed; the message is the parser's.",
)
UNKNOWN_METRIC = Rule(
    "WK305", "slo-unknown-metric", Severity.ERROR, "An SLI query uses a series the metric inventory does not know.",
    "Add the metric family to `metrics/` (with its exporter) or fix the name; the hint names the closest known series.",
)
DUPLICATE_SLO = Rule(
    "WK306", "slo-duplicate-id", Severity.ERROR, "Two SLOs of the catalog share a `<service>-<name>` id.",
    "Their recording rules would write the same series (`sloth_id` is the same), and each would overwrite the other.",
)
OWNERSHIP = Rule(
    "WK307", "slo-ownership", Severity.ERROR, "An SLO lacks a `team` or `tier` label, or names one that does not exist.",
    "Labels can be set for the whole service (`labels:`) or per SLO. Teams and tiers are defined in `watchkeeper.yaml`.",
)
UNROUTED_ALERT = Rule(
    "WK308", "slo-alert-unrouted", Severity.ERROR, "A page alert has no paging `severity`, or a ticket alert no known severity.",
    "Alertmanager routes on `severity`: a page alert without `severity: critical` (or another paging severity) "
    "reaches nobody's pager.",
)
LATENCY_BUCKET = Rule(
    "WK309", "slo-latency-bucket", Severity.ERROR, "A latency SLI's `le` is not a bucket boundary of its histogram.",
    "The `latency` shorthand counts requests above `le` as errors, which only works when `le` is one of the "
    "histogram's bucket boundaries (`metrics/` lists them): otherwise the `le` series does not exist and "
    "every request counts as an error.\n\nBad: `le: \"20\"` for buckets `[10.0, 30.0, 60.0]`. Good: `le: \"30.0\"`.",
)
RULES = (OBJECTIVE_TIER, WINDOW_MISSING, QUERY_INVALID, UNKNOWN_METRIC, DUPLICATE_SLO, OWNERSHIP, UNROUTED_ALERT,
         LATENCY_BUCKET)


def run(ctx: Context) -> Iterable[Finding]:
    settings = ctx.repo.settings
    inventory = build_inventory(ctx.repo)
    suggestions = NameIndex(inventory.series)
    paging = set(settings.paging)
    seen: dict[str, str] = {}
    dashboards = known_uids(ctx.repo)
    for source in ctx.repo.of_kind("slo"):
        if not source.loaded or source.path in ctx.paths_with_errors or source.data.get("version") != "prometheus/v1":
            continue
        doc, data = source.document, source.data
        service = str(data.get("service", ""))
        service_labels = data.get("labels") if isinstance(data.get("labels"), dict) else {}
        for i, slo in enumerate(data.get("slos") or []):
            at = ("slos", i)
            slo_id = f"{service}-{slo.get('name')}"
            if slo_id in seen:
                yield DUPLICATE_SLO.at(source.path, doc.line_of(at), f"SLO id {slo_id!r} is already defined in {seen[slo_id]}")
            seen.setdefault(slo_id, source.path)
            labels = {**service_labels, **(slo.get("labels") or {})}
            yield from _ownership(source.path, doc.line_of(at), slo_id, labels, settings)
            yield from _objective(source.path, doc.line_of(at + ("objective",)), slo.get("objective"), labels.get("tier"), settings)
            sli = slo.get("sli") or {}
            if isinstance(sli.get("latency"), dict):
                yield from _latency(source.path, doc.locate(at + ("sli", "latency")), sli["latency"], inventory)
                sli = expand_latency(sli)
            reported: set[tuple[int, str]] = set()  # the shorthand's two queries share a line and metrics
            for key, query in _queries(sli):
                where = at + ("sli",) + (("latency",) if "latency" in (slo.get("sli") or {}) else key)
                for finding in _query(source.path, doc.locate(where), query, inventory, suggestions):
                    if (finding.line, finding.message) not in reported:
                        reported.add((finding.line, finding.message))
                        yield finding
            yield from _alerts(source.path, doc, at, slo.get("alerting") or {}, paging, set(settings.severities))
            yield from _dashboard_links(ctx, source.path, doc, at, slo.get("alerting") or {}, dashboards)


def _latency(path: str, where: tuple[int, int], latency: dict, inventory) -> Iterable[Finding]:
    line, column = where
    bucket = str(latency.get("bucket", ""))
    family = inventory.families.get(bucket.removesuffix("_bucket")) if inventory else None
    if family is None or not family.buckets:
        return  # unknown series are reported as WK305; histograms without fixed buckets cannot be checked
    try:
        le = float(latency.get("le"))
    except (TypeError, ValueError):
        yield LATENCY_BUCKET.at(path, line, f"le {latency.get('le')!r} is not a number", column=column)
        return
    if le not in family.buckets:
        bounds = ", ".join(str(b) for b in family.buckets)
        yield LATENCY_BUCKET.at(path, line, f"le {latency.get('le')} is not a bucket of {family.name} ({bounds})",
                                column=column, hint=f"{family.source} lists the buckets")


def _queries(sli: dict) -> Iterable[tuple[tuple, str]]:
    for kind, keys in (("events", ("error_query", "total_query")), ("raw", ("error_ratio_query",))):
        block = sli.get(kind)
        if isinstance(block, dict):
            for key in keys:
                if isinstance(block.get(key), str):
                    yield (kind, key), block[key]


def _query(path: str, where: tuple[int, int], query: str, inventory, suggestions: NameIndex) -> Iterable[Finding]:
    line, column = where
    if not WINDOW_TEMPLATE.search(query):
        yield WINDOW_MISSING.at(path, line, "query has no {{.window}} placeholder", column=column)
        return
    try:
        expr = promql_parser.parse(render(query, "5m"))
    except ValueError as exc:
        yield QUERY_INVALID.at(path, line, f"query does not parse: {exc}", column=column)
        return
    for problem in analyse(render(query, "5m")).name_collisions:
        yield NAME_COLLISION.at(path, line, f"{problem}: series of different names with equal labels collide", column=column,
                                hint="sum each metric name separately and add the sums")
    if not inventory:
        return
    for name in sorted(_metric_names(expr)):
        if not inventory.knows(name):
            yield UNKNOWN_METRIC.at(path, line, f"series {name!r} is not in the metric inventory", column=column,
                                    hint=suggestions.did_you_mean(name))


def _metric_names(expr) -> set[str]:
    names: set[str] = set()

    def visit(node) -> bool:
        if isinstance(node, promql_parser.VectorSelector) and node.name:
            names.add(node.name)
        return True

    promql_parser.walk(expr, visit, None)
    return names


def _dashboard_links(ctx: Context, path: str, doc, at: tuple, alerting: dict, dashboards: set[str]) -> Iterable[Finding]:
    """The alerts' `dashboard_url` opens a dashboard (WK126), as for hand-written alerts."""
    grafana = ctx.repo.settings.grafana_url
    for where in (("annotations",), ("page_alert", "annotations"), ("ticket_alert", "annotations")):
        block = alerting
        for key in where:
            block = block.get(key) if isinstance(block, dict) else None
        url = block.get("dashboard_url") if isinstance(block, dict) else None
        if not isinstance(url, str) or not grafana:
            continue
        uid = uid_of(url, grafana)
        line = doc.line_of(at + ("alerting",) + where + ("dashboard_url",))
        if uid is None:
            yield ALERT_DASHBOARD.at(path, line, f"dashboard_url {url!r} is not {grafana}/d/<uid>")
        elif uid not in dashboards:
            yield ALERT_DASHBOARD.at(path, line, f"no dashboard has uid {uid!r}", hint="run `watchkeeper generate`")


def _ownership(path: str, line: int, slo_id: str, labels: dict, settings) -> Iterable[Finding]:
    team, tier = labels.get("team"), labels.get("tier")
    if team is None or tier is None:
        missing = " and ".join(k for k in ("team", "tier") if labels.get(k) is None)
        yield OWNERSHIP.at(path, line, f"SLO {slo_id!r} has no {missing} label")
    if team is not None and settings.teams and str(team) not in settings.teams:
        yield OWNERSHIP.at(path, line, f"SLO {slo_id!r} names unknown team {team!r}", hint=did_you_mean(str(team), settings.teams))
    if tier is not None and settings.tiers and str(tier) not in settings.tiers:
        yield OWNERSHIP.at(path, line, f"SLO {slo_id!r} names unknown tier {tier!r}; tiers are {', '.join(sorted(settings.tiers))}")


def _objective(path: str, line: int, objective, tier, settings) -> Iterable[Finding]:
    if not isinstance(objective, (int, float)) or isinstance(objective, bool):
        return
    if objective == 100:
        yield OBJECTIVE_TIER.at(path, line, "objective 100 leaves no error budget")
        return
    bounds = settings.tiers.get(str(tier)) if tier is not None else None
    if bounds and not bounds.min_objective <= objective <= bounds.max_objective:
        yield OBJECTIVE_TIER.at(path, line, f"objective {objective} is outside tier {tier}'s range "
                                            f"{bounds.min_objective}-{bounds.max_objective}")


def _alerts(path: str, doc, at: tuple, alerting: dict, paging: set[str], known: set[str]) -> Iterable[Finding]:
    common = alerting.get("labels") if isinstance(alerting.get("labels"), dict) else {}
    for key, allowed, what in (("page_alert", paging, "a paging severity"), ("ticket_alert", known, "a known severity")):
        alert = alerting.get(key) if isinstance(alerting.get(key), dict) else {}
        if alert.get("disable") is True:
            continue
        severity = {**common, **(alert.get("labels") or {})}.get("severity")
        if severity not in allowed:
            where = at + ("alerting", key) if key in alerting else at + ("alerting",)
            shown = "no severity" if severity is None else f"severity {severity!r}"
            yield UNROUTED_ALERT.at(path, doc.line_of(where), f"{key} has {shown}; it needs {what} "
                                                                 f"({', '.join(sorted(allowed))})")


CHECK = Check("slo-catalog", RULES, run, kinds=("slo",), doc=__doc__)
