"""The SLO model shared by the three input specs, and Sloth's validation of it (same order, same words)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import promql_parser

NAME = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$")
WINDOW_TEMPLATE = re.compile(r"{{ *\.window *}}")


class SlothError(Exception):
    """An error with Sloth's own message text."""


@dataclass
class AlertMeta:
    disable: bool = False
    name: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)


@dataclass
class SLI:
    error_query: str | None = None  # events
    total_query: str | None = None  # events
    error_ratio_query: str | None = None  # raw

    @property
    def is_events(self) -> bool:
        return self.error_query is not None or self.total_query is not None


@dataclass
class Plugin:
    id: str = ""
    priority: int = 0
    config: object = None


@dataclass
class SLO:
    id: str
    name: str
    service: str
    objective: float
    period_ms: int
    sli: SLI | None
    labels: dict[str, str] = field(default_factory=dict)
    description: str = ""
    page: AlertMeta = field(default_factory=AlertMeta)
    ticket: AlertMeta = field(default_factory=AlertMeta)
    plugins_override: bool = False
    plugins: list[Plugin] = field(default_factory=list)


@dataclass
class SLOGroup:
    slos: list[SLO]
    spec: str  # prometheus/v1 | sloth.slok.dev/v1 | openslo/v1alpha
    mode: str  # cli-gen-prom | cli-gen-k8s | cli-gen-openslo
    k8s_meta: dict = field(default_factory=dict)


def _name_error(value: str) -> str | None:
    if value == "":
        return "required"
    if not NAME.match(value):
        return "name must start and end with an alphanumeric and can only contain alphanumeric, '.', '_', and '-'"
    return None


def _label_error(kind: str, labels: dict[str, str]) -> str | None:
    # Prometheus 3 label names: any non-empty UTF-8 string except __name__.
    for key, value in labels.items():
        if key == "__name__":
            return f'invalid {kind} key "{key}": the label key "__name__" is not allowed'
        if key == "":
            return f'invalid {kind} key "": the label key "" is not valid'
        if value == "":
            return f'invalid {kind} value "": the label value is required'
    return None


def _template_error(query: str) -> str | None:
    if query == "":
        return "query template is required: required"
    if not WINDOW_TEMPLATE.search(query):
        return "template must contain the {{ .window }} variable"
    return None


def validate(slo: SLO) -> None:
    """Raise SlothError(`invalid slo "<id>": <reason>`) at the first problem, in Sloth's order."""
    reason = _reason(slo)
    if reason:
        raise SlothError(f'invalid slo "{slo.id}": {reason}')


def _reason(slo: SLO) -> str | None:
    for what, value in (("ID", slo.id), ("name", slo.name), ("service", slo.service)):
        if problem := _name_error(value):
            return f"invalid SLO {what}: {problem}"
    if slo.period_ms == 0:
        return "time window is required"
    if not 0 < slo.objective <= 100:
        return "objective must >0 and <=100"
    if problem := _label_error("SLO label", slo.labels):
        return problem
    if problem := _sli_reason(slo.sli):
        return f"invalid SLI: {problem}"
    for which, alert in (("page", slo.page), ("ticket", slo.ticket)):
        if problem := _alert_reason(alert):
            return f"invalid alert: {which} alert: {problem}"
    if slo.plugins_override and not slo.plugins:
        return "invalid plugins: override default plugins is set but no plugins are defined"
    if any(p.id == "" for p in slo.plugins):
        return "invalid plugins: plugin ID is required"
    return None


def _sli_reason(sli: SLI | None) -> str | None:
    if sli is None or (not sli.is_events and sli.error_ratio_query is None):
        return "at least one SLI type is required"
    if sli.is_events and sli.error_ratio_query is not None:
        return "only one SLI type is allowed"
    if sli.is_events:
        if sli.error_query == sli.total_query:
            return "both error and total queries can't be the same"
        queries = (("error", sli.error_query or ""), ("total", sli.total_query or ""))
    else:
        queries = (("raw", sli.error_ratio_query or ""),)
    for which, query in queries:
        if problem := _template_error(query):
            return f"sli {which} query template: {problem}"
    for which, query in queries:
        if problem := expression_error(query):
            return f"sli {which} query expression: {problem}"
    return None


def render(query: str, window: str) -> str:
    return WINDOW_TEMPLATE.sub(window, query)


def expression_error(query: str) -> str | None:
    """The query rendered with a 1m window must be PromQL. Sloth uses Prometheus' Go parser, whose
    messages this parser (promql-parser, Rust) does not share word for word."""
    rendered = render(query, "1m")
    if "{{" in rendered:
        return f"template: expr: unsupported template action in {query.strip()!r}"
    try:
        promql_parser.parse(rendered)
    except ValueError as exc:
        return str(exc)
    return None


def _alert_reason(alert: AlertMeta) -> str | None:
    if alert.disable:
        return None
    if alert.name == "":
        return "alert name is required"
    if problem := _label_error("alert label", alert.labels):
        return problem
    for key, value in alert.annotations.items():
        if key == "":
            return 'invalid alert annotation key "": the annotation key "" is not valid'
        if value == "":
            return 'invalid alert annotation value "": the annotation value is required'
    return None
