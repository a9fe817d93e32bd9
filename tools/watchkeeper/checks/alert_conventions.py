"""Alert conventions: every hand-written alert can be routed, understood and acted on at 3 a.m.

Checked on the alerts of `alerts/`: a CamelCase name; a `severity` from `watchkeeper.yaml`; a
`team` that exists there; `summary` and `description` annotations; a `runbook_url` under the
repository's `runbook_base_url` that resolves to a file in `runbooks/` (and to a heading of it
when the URL has an anchor); a `dashboard_url`, when given, that opens a dashboard of the
repository; and a `for` that suits the severity: an alert that pages waits at least a minute,
so one bad scrape never wakes anyone. Generated SLO alerts are checked where they come from,
by the SLO catalog checks.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..check import Check, Context
from ..dashboard_index import known_uids, uid_of
from ..durations import parse_ms
from ..findings import Finding, Rule, Severity
from ..rulefiles import group_sets
from ..suggest import did_you_mean

NAME = Rule(
    "WK120", "alert-name", Severity.ERROR, "An alert name is not CamelCase.",
    "Names start with the component and read as a condition: `PrometheusNotificationsFailing`, "
    "not `prometheus_notifications_failing` or `high error rate`.",
)
SEVERITY = Rule(
    "WK121", "alert-severity", Severity.ERROR, "An alert has no `severity` label, or one `watchkeeper.yaml` does not define.",
    "Alertmanager routes on `severity`; an unknown value falls through to the default route and reaches nobody.",
)
TEAM = Rule(
    "WK122", "alert-team", Severity.ERROR, "An alert has no `team` label, or names a team `watchkeeper.yaml` does not define.",
    "The team label chooses the channel and the on-call rotation.",
)
ANNOTATIONS = Rule(
    "WK123", "alert-annotations", Severity.ERROR, "An alert lacks a `summary` or `description` annotation.",
    "The summary is the notification's title; the description says what is wrong, where, and how badly.",
)
RUNBOOK = Rule(
    "WK124", "alert-runbook", Severity.ERROR, "An alert's `runbook_url` is missing or does not resolve to a runbook in the repository.",
    "The URL is `runbook_base_url` followed by a path under `runbooks/` (and an optional `#anchor` naming a "
    "heading). Links to pages that do not exist are worse than none.",
)
FOR_SEVERITY = Rule(
    "WK125", "alert-for-severity", Severity.WARNING, "A paging alert fires on a condition shorter than a minute.",
    "An alert that pages should hold for at least `for: 1m`, so a single failed scrape or evaluation "
    "does not wake anyone. Waive it for alerts that must page at once (a dead man's switch).",
)
DASHBOARD = Rule(
    "WK126", "alert-dashboard", Severity.ERROR, "An alert's `dashboard_url` does not open a dashboard of the repository.",
    "`dashboard_url` is `grafana_url` (from `watchkeeper.yaml`) followed by `/d/<uid>`, and the uid belongs to a "
    "dashboard under `dashboards/` or generated into `generated/dashboards/`. A renamed dashboard otherwise leaves "
    "every notification with a dead link.",
)
RULES = (NAME, SEVERITY, TEAM, ANNOTATIONS, RUNBOOK, FOR_SEVERITY, DASHBOARD)

_CAMEL = re.compile(r"^[A-Z][a-z0-9]*(?:[A-Z][a-z0-9]*)*[A-Za-z0-9]*$")
_HEADING = re.compile(r"^#+\s+(\S+)", re.M)
MIN_PAGING_FOR_MS = 60_000


def run(ctx: Context) -> Iterable[Finding]:
    settings = ctx.repo.settings
    paging = set(settings.paging)
    headings: dict[str, set[str]] = {}
    dashboards: set[str] | None = None  # read on the first alert with a dashboard_url
    for source in ctx.repo.of_kind("rules"):
        if not source.loaded or source.generated or source.path in ctx.paths_with_errors:
            continue
        for found in group_sets(source):
            for g, _, r, rule in found.rules():
                if isinstance(rule.get("alert"), str):
                    at = found.path(g, "rules", r)
                    line = found.document.line_of(at)
                    yield from _alert(ctx, source.path, line, found.document, at, rule, settings, paging, headings)
                    annotations = rule.get("annotations") if isinstance(rule.get("annotations"), dict) else {}
                    if "dashboard_url" in annotations:
                        dashboards = known_uids(ctx.repo) if dashboards is None else dashboards
                        yield from _dashboard(source.path, found.document.line_of(at + ("annotations", "dashboard_url")),
                                              rule["alert"], str(annotations["dashboard_url"]), settings.grafana_url, dashboards)


def _alert(ctx, path, line, doc, at, rule, settings, paging, headings) -> Iterable[Finding]:
    name = rule["alert"]
    labels = rule.get("labels") if isinstance(rule.get("labels"), dict) else {}
    annotations = rule.get("annotations") if isinstance(rule.get("annotations"), dict) else {}
    if not _CAMEL.match(name):
        yield NAME.at(path, line, f"alert {name!r} is not CamelCase")
    severity = labels.get("severity")
    if severity not in settings.severities:
        shown = "no severity label" if severity is None else f"severity {severity!r}"
        yield SEVERITY.at(path, doc.line_of(at + ("labels",)), f"alert {name!r} has {shown}; severities are "
                          f"{', '.join(settings.severities)}", hint=did_you_mean(str(severity), settings.severities) if severity else None)
    team = labels.get("team")
    if team is None or (settings.teams and team not in settings.teams):
        shown = "no team label" if team is None else f"unknown team {team!r}"
        yield TEAM.at(path, doc.line_of(at + ("labels",)), f"alert {name!r} has {shown}",
                      hint=did_you_mean(str(team), settings.teams) if team else None)
    missing = [key for key in ("summary", "description") if not annotations.get(key)]
    if missing:
        yield ANNOTATIONS.at(path, line, f"alert {name!r} has no {' or '.join(missing)} annotation")
    problem = _runbook_problem(ctx, str(annotations.get("runbook_url") or ""), settings.runbook_base_url, headings)
    if problem:
        yield RUNBOOK.at(path, doc.line_of(at + ("annotations", "runbook_url")) if "runbook_url" in annotations else line,
                         f"alert {name!r}: {problem}")
    if severity in paging and isinstance(rule.get("for"), str):
        try:
            waits = parse_ms(rule["for"])
        except ValueError:
            return  # WK103 reports it
        if waits < MIN_PAGING_FOR_MS:
            yield FOR_SEVERITY.at(path, doc.line_of(at + ("for",)), f"alert {name!r} pages after only {rule['for']}",
                                  hint="use for: 1m or longer, or waive it for a dead man's switch")


def _dashboard(path: str, line: int, name: str, url: str, grafana_url: str, dashboards: set[str]) -> Iterable[Finding]:
    uid = uid_of(url, grafana_url)
    if uid is None:
        yield DASHBOARD.at(path, line, f"alert {name!r}: dashboard_url {url!r} is not {grafana_url or '<grafana_url>'}/d/<uid>")
    elif uid not in dashboards:
        yield DASHBOARD.at(path, line, f"alert {name!r}: no dashboard has uid {uid!r}", hint=did_you_mean(uid, sorted(dashboards)))


def _runbook_problem(ctx: Context, url: str, base: str, headings: dict[str, set[str]]) -> str | None:
    if not url:
        return "no runbook_url annotation"
    if not base or not url.startswith(base):
        return f"runbook_url {url!r} is not under runbook_base_url {base!r}"
    page, _, anchor = url[len(base):].partition("#")
    runbook = ctx.repo.get(f"runbooks/{page}") if page else None
    if runbook is None:
        return f"runbook runbooks/{page} does not exist"
    if anchor:
        if page not in headings:
            headings[page] = {h.lower() for h in _HEADING.findall(runbook.text or "")}
        if anchor.lower() not in headings[page]:
            return f"runbooks/{page} has no heading for #{anchor}"
    return None


CHECK = Check("alert-conventions", RULES, run, kinds=("rules",), doc=__doc__)
