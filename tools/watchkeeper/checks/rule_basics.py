"""Rule-file basics that Prometheus would refuse at load time, or that make alerts unreliable.

Checked on every hand-written Prometheus rule file (generated ones are Sloth's multi-window
alerts, which deliberately have no `for`; promtool and the drift check guard them): group names
are unique in a file, every rule is either an alert or a recording rule, every rule has an
expression, every alert states `for`, durations parse, and no two rules produce the same series.
"""

from __future__ import annotations

from typing import Iterable

from ..check import Check, Context
from ..durations import parse_ms
from ..findings import Finding, Rule, Severity
from ..rulefiles import group_sets, is_manifest

DUPLICATE_GROUP = Rule(
    "WK101", "duplicate-group", Severity.ERROR, "Two groups in one rule file share a name.",
    "Prometheus refuses to load such a file (`groupname is repeated in the same file`).",
)
MISSING_EXPR = Rule(
    "WK102", "rule-missing-expr", Severity.ERROR, "A rule has no `expr`, or an empty one.",
    "Bad:\n\n```yaml\n- alert: PrometheusNotificationsFailing\n  for: 15m\n```\n\n"
    "Good:\n\n```yaml\n- alert: PrometheusNotificationsFailing\n"
    "  expr: rate(prometheus_notifications_errors_total[5m]) > 0\n  for: 15m\n```",
)
INVALID_DURATION = Rule(
    "WK103", "invalid-duration", Severity.ERROR, "`for`, `keep_firing_for` or a group `interval` is not a Prometheus duration.",
    "Durations are integers with units `ms s m h d w y`, largest first, without spaces or decimals: "
    "`1h30m`, not `1.5h` or `90 m`.",
)
RULE_TYPE = Rule(
    "WK104", "rule-type", Severity.ERROR, "A rule is not exactly one of alert or recording rule, or mixes their fields.",
    "A rule has either `alert:` or `record:`. Recording rules take no `for`, `keep_firing_for` or `annotations`.",
)
DUPLICATE_RULE = Rule(
    "WK105", "duplicate-rule", Severity.WARNING, "Two rules in one file produce the same name with the same labels.",
    "For recording rules the two write the same series and overwrite each other; for alerts the two "
    "are indistinguishable to Alertmanager. Give them different labels or remove one.",
)
ALERT_MISSING_FOR = Rule(
    "WK106", "alert-missing-for", Severity.ERROR, "An alert does not say how long its condition must hold (`for`).",
    "Without `for` an alert fires on the first evaluation that matches, so a single bad scrape pages "
    "someone. State the intent: `for: 0s` for alerts that must fire at once, a window otherwise.",
)
DOCUMENTS = Rule(
    "WK107", "rule-file-documents", Severity.ERROR, "A plain rule file holds more than one YAML document.",
    "Prometheus reads only the first document of a rule file; the rest would be silently ignored. "
    "Only PrometheusRule manifests may share a file.",
)
DUPLICATE_ACROSS_FILES = Rule(
    "WK108", "duplicate-rule-across-files", Severity.ERROR, "Two rule files define the same alert or recording rule with the same labels.",
    "Both are loaded into the same Prometheus: two recording rules write the same series and fight over it; "
    "two identical alerts notify twice. The finding names the file that defines it first.",
)
RULES = (DUPLICATE_GROUP, MISSING_EXPR, INVALID_DURATION, RULE_TYPE, DUPLICATE_RULE, ALERT_MISSING_FOR, DOCUMENTS,
         DUPLICATE_ACROSS_FILES)


def run(ctx: Context) -> Iterable[Finding]:
    first_file: dict[tuple, str] = {}  # (name, labels) -> the file that defines it first
    for source in ctx.repo.of_kind("rules"):
        if not source.loaded or source.generated:
            continue
        if len(source.documents) > 1 and not all(is_manifest(d.data) for d in source.documents):
            yield DOCUMENTS.at(source.path, source.documents[1].line,
                               f"{len(source.documents)} documents; only PrometheusRule manifests may share a file")
            continue
        for found in group_sets(source):
            doc = found.document
            group_names: set[str] = set()
            produced: set[tuple] = set()
            for g, group in enumerate(found.groups):
                if not isinstance(group, dict):
                    continue
                name = group.get("name")
                if isinstance(name, str):
                    if name in group_names:
                        yield DUPLICATE_GROUP.at(source.path, doc.line_of(found.path(g, "name")),
                                                 f"group name {name!r} is repeated in this file")
                    group_names.add(name)
                interval = group.get("interval")
                if isinstance(interval, str):
                    yield from _duration(source.path, doc, found.path(g, "interval"), interval)
            for g, _, r, rule in found.rules():
                yield from _rule(source.path, doc, found.path(g, "rules", r), rule, produced)
            for key in sorted(produced):
                where = first_file.setdefault(key, source.path)
                if where != source.path:
                    yield DUPLICATE_ACROSS_FILES.at(source.path, _line_of_rule(found, key),
                                                    f"{key[0]!r} with the same labels is also defined in {where}")


def _rule(path: str, doc, where: tuple, rule: dict, produced: set) -> Iterable[Finding]:
    line = doc.line_of(where)
    alert, record = rule.get("alert"), rule.get("record")
    name = alert or record
    if (alert is None) == (record is None):
        what = "both `alert` and `record`" if alert is not None else "neither `alert` nor `record`"
        yield RULE_TYPE.at(path, line, f"rule has {what}")
    elif record is not None:
        for key in ("for", "keep_firing_for", "annotations"):
            if key in rule:
                yield RULE_TYPE.at(path, doc.line_of(where + (key,)), f"recording rule {record!r} cannot have `{key}`")
    expr = rule.get("expr")
    if expr is None or (isinstance(expr, str) and not expr.strip()):
        yield MISSING_EXPR.at(path, line, f"rule {name!r} has no expression" if name else "rule has no expression")
    if alert is not None and "for" not in rule:
        yield ALERT_MISSING_FOR.at(path, line, f"alert {alert!r} has no `for`", hint="add `for: 0s` if it must fire at once")
    for key in ("for", "keep_firing_for"):
        if isinstance(rule.get(key), str):
            yield from _duration(path, doc, where + (key,), rule[key])
    if isinstance(name, str):
        key = _identity(rule)
        if key in produced:
            yield DUPLICATE_RULE.at(path, line, f"another rule in this file already produces {name!r} with the same labels")
        produced.add(key)


def _identity(rule: dict) -> tuple:
    """What makes two rules write the same series or raise the same alert: name and labels."""
    labels = rule.get("labels") if isinstance(rule.get("labels"), dict) else {}
    return (rule.get("alert") or rule.get("record"), tuple(sorted((str(k), str(v)) for k, v in labels.items())))


def _line_of_rule(found, key: tuple) -> int:
    for g, _, r, rule in found.rules():
        if _identity(rule) == key:
            return found.document.line_of(found.path(g, "rules", r))
    return found.document.line


def _duration(path: str, doc, where: tuple, value: str) -> Iterable[Finding]:
    try:
        parse_ms(value)
    except ValueError as exc:
        line, column = doc.locate(where)
        yield INVALID_DURATION.at(path, line, f"{where[-1]}: {exc}", column=column, hint="for example 5m, 1h30m or 2d")


CHECK = Check("rule-basics", RULES, run, kinds=("rules",), doc=__doc__)
