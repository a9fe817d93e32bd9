"""PromQL in hand-written rules, checked offline against the metric inventory.

Every `expr` of the rule files under `alerts/` is parsed (Prometheus' grammar) and each series
selector is compared with `metrics/` and the recording rules: does the series exist, is a counter
read through `rate()`/`increase()`, is `rate()` given a counter, do the label matchers name labels
the series has? Target labels Prometheus adds at scrape time (`job`, `instance`, and the
Kubernetes ones the Prometheus Operator adds) are always allowed. With an empty inventory only
the syntax is checked. Generated rule files are left to promtool and the drift check.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..check import Check, Context
from ..durations import format_ms
from ..findings import Finding, Rule, Severity
from ..inventory import Family, Inventory, implicit_labels
from ..inventory import build as build_inventory
from ..promql import Selector, analyse, parse
from ..promql_labels import labels_of
from ..rulefiles import group_sets
from ..suggest import NameIndex, did_you_mean

SYNTAX = Rule(
    "WK201", "promql-syntax", Severity.ERROR, "An expression is not valid PromQL.",
    "Found without promtool, so `lint` catches it too; `gate` adds promtool's line and column.\n\n"
    "Bad: `sum(rate(x_total[5m])`. Good: `sum(rate(x_total[5m]))`.",
    blocks=True,
)
UNKNOWN_SERIES = Rule(
    "WK202", "promql-unknown-series", Severity.ERROR, "An expression reads a series no exporter or recording rule provides.",
    "A misspelt or renamed metric makes an alert silently never fire: the selector matches nothing. "
    "The hint names the closest series of the inventory.\n\n"
    "Bad: `rate(litellm_proxy_failed_requests_metric[5m])` (the scraped name ends in `_total`).",
)
COUNTER_WITHOUT_RATE = Rule(
    "WK203", "promql-counter-without-rate", Severity.WARNING, "A counter is used as a value, not through `rate()` or `increase()`.",
    "A counter's raw value only says how much happened since the process started; it resets on "
    "restart. Compare its rate instead.\n\nBad: `prometheus_notifications_errors_total > 0`. "
    "Good: `rate(prometheus_notifications_errors_total[5m]) > 0`.",
)
RATE_ON_NON_COUNTER = Rule(
    "WK204", "promql-rate-on-gauge", Severity.WARNING, "`rate()`, `irate()` or `increase()` is applied to a gauge.",
    "These functions assume a counter: every decrease of a gauge is taken for a counter reset and "
    "the result is nonsense. Use `deriv()` or `delta()` for gauges.",
)
UNKNOWN_LABEL = Rule(
    "WK205", "promql-unknown-label", Severity.ERROR, "A matcher, `by`/`without` clause or join names a label the series does not have.",
    "A matcher on a missing label matches nothing (`=`) or everything (`!=`); `sum by (team_id)` "
    "collapses every series into one with an empty label; `on (node)` against a side without `node` "
    "matches nothing. Exporters rename labels (LiteLLM's team label is `team`, not `team_id`). Families "
    "whose inventory entry has `open_labels` are not checked.\n\n"
    "Bad: `sum by (team_id) (rate(litellm_spend_metric_total[1h]))`. Good: `sum by (team) (...)`.",
)
RECORD_NAME = Rule(
    "WK206", "recording-rule-name", Severity.WARNING, "A recording rule's name is not of the `level:metric:operations` form.",
    "The form says what a recorded series holds and where it comes from, and keeps recordings apart from "
    "scraped metrics.\n\nBad: `notification_error_ratio`. Good: `instance:prometheus_notifications_errors:ratio_rate5m`.",
)
PLAIN_REGEX = Rule(
    "WK207", "promql-plain-regex", Severity.WARNING, "A regex matcher matches a plain string.",
    "`job=~\"node-exporter\"` is `job=\"node-exporter\"` written slower and with a trap: a `.` in the "
    "value matches any character. Use `=` (or `!=`).",
)
VALUE_IN_LABELS = Rule(
    "WK208", "alert-value-in-labels", Severity.ERROR, "An alert label uses `$value` or a template.",
    "Labels identify an alert: a label that changes with the value makes every evaluation a new alert, "
    "which resolves the previous one and floods the receivers. Put the value in an annotation.",
)
QUANTILE = Rule(
    "WK209", "promql-histogram-quantile", Severity.ERROR, "`histogram_quantile()` is given something other than buckets by `le`.",
    "Its input must be `_bucket` series with the `le` label kept through any aggregation: "
    "`histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))`. `sum by (job)` drops `le` and the result is empty.",
)
NO_CONDITION = Rule(
    "WK210", "alert-without-condition", Severity.ERROR, "An alert's expression has no condition: it fires for every series.",
    "An alert fires for each series its expression returns. Without a comparison (`> 0.05`), `and`/`unless` "
    "or `absent()` at the top, every series with any value is an alert.\n\nBad: `rate(errors_total[5m])`. "
    "Good: `rate(errors_total[5m]) > 0`.",
)
DROPPED_LABEL = Rule(
    "WK211", "alert-template-dropped-label", Severity.ERROR, "An alert's template uses a label its expression aggregates away.",
    "After `sum by (job) (...)` only `job` is left: `{{ $labels.instance }}` renders empty in the notification "
    "and in any label built from it.\n\nBad: `sum by (job) (rate(errors_total[5m])) > 1` with "
    "`summary: {{ $labels.instance }} fails`. Good: keep `instance` in `by`, or drop it from the text.",
)
IMPOSSIBLE_JOIN = Rule(
    "WK212", "promql-impossible-join", Severity.ERROR, "A join or grouping uses a label an aggregation already removed.",
    "Once `sum by (job)` has run, only `job` is left: `on (instance)` then matches nothing, `by (instance)` "
    "yields one series with an empty label, and two sides aggregated by different labels never pair up. "
    "The rule returns nothing and its alert can never fire.\n\n"
    "Bad: `sum by (job) (rate(errors_total[5m])) / on (instance) sum by (instance) (rate(requests_total[5m]))`. "
    "Good: aggregate both sides by the same labels.",
)
SHORT_RANGE = Rule(
    "WK213", "promql-range-too-short", Severity.WARNING, "A `rate()`-like range covers fewer than two scrape intervals.",
    "`rate()`, `irate()`, `increase()`, `delta()`, `idelta()` and `deriv()` need two samples in the range; "
    "with a 30s scrape interval `rate(x[45s])` is often empty, and a single missed scrape empties it for sure. "
    "The interval is `prometheus.scrape_interval` in `watchkeeper.yaml` (30s when unset); make ranges at "
    "least twice it, four times to survive a missed scrape.\n\nBad: `rate(x_total[30s])`. Good: `rate(x_total[2m])`.",
)
RECORDED_LATER = Rule(
    "WK214", "recording-used-before-defined", Severity.WARNING, "A rule reads a recording that its group records only further down.",
    "Rules of a group are evaluated in order, so a rule that reads a series recorded later in the same group "
    "always sees the previous evaluation's value: one interval late, and nothing at all on the first run. "
    "Move the recording above its users (or into an earlier group of its own).",
)
NAME_COLLISION = Rule(
    "WK215", "promql-name-collision", Severity.ERROR,
    "A function drops the metric name of a selector that matches several names.",
    "`rate({__name__=~\"workflow_failed|workflow_timeout\"}[5m])` returns one series per input with the name "
    "removed; two counters with the same labels then have the same label set and Prometheus fails the whole "
    "evaluation with \"vector cannot contain metrics with the same labelset\". Sum each name on its own: "
    "`sum(rate(workflow_failed[5m])) + sum(rate(workflow_timeout[5m]))`. Also checked in SLI queries.",
)
RULES = (SYNTAX, UNKNOWN_SERIES, COUNTER_WITHOUT_RATE, RATE_ON_NON_COUNTER, UNKNOWN_LABEL, RECORD_NAME, PLAIN_REGEX,
         VALUE_IN_LABELS, QUANTILE, NO_CONDITION, DROPPED_LABEL, IMPOSSIBLE_JOIN, SHORT_RANGE, RECORDED_LATER,
         NAME_COLLISION)
_TEMPLATE_LABEL = re.compile(r"(?:\$labels|\.Labels)\.([a-zA-Z_][a-zA-Z0-9_]*)")
_RECORD_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_]+:[a-zA-Z0-9_:]+$")

RATE_FUNCTIONS = {"rate", "irate", "increase"}
TWO_SAMPLE_FUNCTIONS = RATE_FUNCTIONS | {"delta", "idelta", "deriv"}
# Functions that read a counter's samples sensibly without turning them into a rate.
COUNTER_SAFE_FUNCTIONS = RATE_FUNCTIONS | {"resets", "changes", "absent", "absent_over_time", "present_over_time",
                                           "count_over_time", "timestamp"}
COUNTER_SAFE_AGGREGATIONS = {"count", "count_values", "group"}


def run(ctx: Context) -> Iterable[Finding]:
    inventory = build_inventory(ctx.repo)
    suggestions = NameIndex(inventory.series) if inventory else None
    scrape_ms = ctx.repo.settings.scrape_interval_ms
    for source in ctx.repo.of_kind("rules"):
        if not source.loaded or source.generated or source.path in ctx.paths_with_errors:
            continue
        for found in group_sets(source):
            for g, group, r, rule in found.rules():
                at = found.path(g, "rules", r)
                if isinstance(rule.get("expr"), str) and rule["expr"].strip():  # a missing expr is WK102
                    line = found.document.line_of(at + ("expr",))
                    place = _placer(source.text, found.document.values.get(at + ("expr",)), rule["expr"], line)
                    yield from _expression(source.path, place, rule["expr"], inventory, suggestions, scrape_ms)
                    if isinstance(rule.get("alert"), str) and not analyse(rule["expr"]).error:
                        yield from _alert_expression(source.path, found.document, at, rule, analyse(rule["expr"]))
                    yield from _recorded_later(source.path, line, rule, group["rules"][r + 1:], found, g, r)
                yield from _naming(source.path, found.document, at, rule)


def _recorded_later(path: str, line: int, rule: dict, later: list, found, g: int, r: int) -> Iterable[Finding]:
    analysis = analyse(rule["expr"])
    if analysis.error:
        return
    read = {s.name for s in analysis.selectors if s.name}
    for offset, other in enumerate(later, start=r + 1):
        record = other.get("record") if isinstance(other, dict) else None
        if isinstance(record, str) and record in read and record != rule.get("record"):
            read.discard(record)
            yield RECORDED_LATER.at(path, line, f"reads {record!r}, which this group records further down "
                                                f"(line {found.document.line_of(found.path(g, 'rules', offset))})",
                                    hint="move the recording rule above the rules that read it")


def _alert_expression(path: str, doc, at: tuple, rule: dict, analysis) -> Iterable[Finding]:
    if not analysis.has_condition:
        yield NO_CONDITION.at(path, doc.line_of(at + ("expr",)), f"alert {rule['alert']!r} has no comparison, and/unless or absent()")
    if analysis.output_labels is None:
        return
    for kind in ("annotations", "labels"):
        texts = rule.get(kind) if isinstance(rule.get(kind), dict) else {}
        for key, text in texts.items():
            for label in sorted(set(_TEMPLATE_LABEL.findall(str(text))) - analysis.output_labels):
                yield DROPPED_LABEL.at(path, doc.line_of(at + (kind, key)),
                                       f"{kind[:-1]} {key!r} uses $labels.{label}, which the expression aggregates away "
                                       f"(left: {', '.join(sorted(analysis.output_labels)) or 'none'})")


def _naming(path: str, doc, at: tuple, rule: dict) -> Iterable[Finding]:
    record = rule.get("record")
    if isinstance(record, str) and not _RECORD_NAME.match(record):
        yield RECORD_NAME.at(path, doc.line_of(at), f"recording rule {record!r} is not named level:metric:operations")
    labels = rule.get("labels") if isinstance(rule.get("alert"), str) and isinstance(rule.get("labels"), dict) else {}
    for key, value in labels.items():
        if isinstance(value, str) and ("$value" in value or "{{" in value):
            yield VALUE_IN_LABELS.at(path, doc.line_of(at + ("labels", key)), f"label {key!r} of alert {rule['alert']!r} is a template")


def _placer(text: str | None, value_at: tuple[int, int] | None, expr: str, line: int):
    """A function from a piece of the expression to its line in the file. In a literal block
    (`expr: |`) each line of the expression is a line of the file; elsewhere YAML folds lines,
    so everything is reported at the expression's first line."""
    lines = (text or "").split("\n")
    if value_at is None or not 0 < value_at[0] <= len(lines) or not lines[value_at[0] - 1][value_at[1] - 1:].startswith("|"):
        return lambda token=None, pattern=None: line
    first = value_at[0] + 1

    def place(token: str | None = None, pattern: str | None = None) -> int:
        if pattern is not None:
            found = re.search(pattern, expr)
            index = found.start() if found else -1
        else:
            index = expr.find(token) if token else -1
        return first + expr.count("\n", 0, index) if index >= 0 else line
    return place


def _expression(path: str, place, expr: str, inventory: Inventory, suggestions, scrape_ms: int) -> Iterable[Finding]:
    line = place()
    analysis = analyse(expr)
    if analysis.error:
        yield SYNTAX.at(path, line, f"expression does not parse: {analysis.error}")
        return
    for problem in analysis.quantile_problems:
        yield QUANTILE.at(path, place("histogram_quantile"), problem)
    for problem in analysis.name_collisions:
        yield NAME_COLLISION.at(path, place("__name__"), f"{problem}: series of different names with equal labels collide",
                                hint="sum each metric name separately and add the sums")
    for matcher in sorted({m for selector in analysis.selectors for m in selector.plain_regexes}):
        yield PLAIN_REGEX.at(path, place(matcher.split("=~" if "=~" in matcher else "!~", 1)[1]), f"{matcher} uses a regex for a plain string", hint="use = or != instead")
    for function, range_ms in sorted(set(analysis.ranges)):
        if function in TWO_SAMPLE_FUNCTIONS and range_ms < 2 * scrape_ms:
            yield SHORT_RANGE.at(path, place(f"{function}("), f"{function}() over {format_ms(range_ms)} sees fewer than two samples at a "
                                             f"{format_ms(scrape_ms)} scrape interval",
                                 hint=f"use at least [{format_ms(4 * scrape_ms)}]")
    if not inventory:
        return
    _, problems = labels_of(parse(expr), inventory.labels)
    for problem in dict.fromkeys(problems):
        rule = IMPOSSIBLE_JOIN if problem.kind == "dropped" else UNKNOWN_LABEL
        where = place(pattern=rf"\b{problem.clause}\s*\([^)]*\b{re.escape(problem.label)}\b") if problem.clause else line
        yield rule.at(path, where, problem.message)
    reported: set[str] = set()
    for selector in analysis.selectors:
        if selector.name is None or selector.name in reported:
            continue
        if not inventory.knows(selector.name):
            reported.add(selector.name)
            yield UNKNOWN_SERIES.at(path, place(selector.name), f"series {selector.name!r} is in neither metrics/ nor a recording rule",
                                    hint=suggestions.did_you_mean(selector.name))
            continue
        family = inventory.series[selector.name]
        if family is not None:
            yield from _usage(path, place(selector.name), selector, family, inventory.target_labels)


def _usage(path: str, line: int, selector: Selector, family: Family, target_labels: frozenset[str]) -> Iterable[Finding]:
    kind = _series_type(selector.name, family)
    if kind == "counter" and not (set(selector.functions) & COUNTER_SAFE_FUNCTIONS
                                  or set(selector.aggregations) & COUNTER_SAFE_AGGREGATIONS):
        yield COUNTER_WITHOUT_RATE.at(path, line, f"counter {selector.name!r} is used without rate() or increase()")
    if kind == "gauge" and selector.functions and selector.functions[0] in RATE_FUNCTIONS:
        yield RATE_ON_NON_COUNTER.at(path, line, f"{selector.functions[0]}() of gauge {selector.name!r}",
                                     hint="use deriv() or delta() for gauges")
    if family.open:
        return
    allowed = set(family.labels) | target_labels | implicit_labels(selector.name, family)
    for label in selector.labels:
        if label not in allowed:
            yield UNKNOWN_LABEL.at(path, line, f"{selector.name!r} has no label {label!r} ({family.source})",
                                   hint=did_you_mean(label, sorted(set(family.labels) | implicit_labels(selector.name, family))))


def _series_type(series: str, family: Family) -> str:
    if family.type in ("histogram", "gaugehistogram"):
        return "counter" if family.type == "histogram" else "gauge"
    if family.type == "summary":
        return "counter" if series != family.name else "gauge"
    return family.type


CHECK = Check("promql-rules", RULES, run, kinds=("rules",), doc=__doc__)
