"""Runbooks: one per alert, in the shape an on-call engineer expects at three in the morning.

Each runbook under `runbooks/` opens with a front matter naming the alert (or, for a per-service
SLO runbook, the alerts) it covers, the owning team and the dashboards to open first, and has the
sections Meaning, Impact, Diagnosis, Mitigation and Escalation. The links run both ways: every
runbook is the `runbook_url` of some alert (hand-written or generated), every alert it names
exists, and an alert linking to a runbook is named by it. Dashboards are the `uid`s of the
dashboards under `dashboards/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

import yaml

from ..check import Check, Context
from ..dashboard_index import known_uids
from ..findings import Finding, Rule, Severity
from ..repository import SourceFile
from ..rulefiles import group_sets
from ..suggest import did_you_mean

SECTIONS = ("Meaning", "Impact", "Diagnosis", "Mitigation", "Escalation")

FRONT_MATTER = Rule(
    "WK140", "runbook-front-matter", Severity.ERROR, "A runbook's front matter is missing or incomplete.",
    "The front matter is what tools read: which alert the page explains, who owns it, which dashboards "
    "to open.\n\n```markdown\n---\nalert: PrometheusNotificationsFailing\nteam: sre\n"
    "dashboards: [monitoring-prometheus]\n---\n```\n\n`alerts: [A, B]` instead of `alert:` for a runbook "
    "that covers several alerts; `team` must be a team of `watchkeeper.yaml`.",
)
SECTION = Rule(
    "WK141", "runbook-section-missing", Severity.ERROR, "A runbook lacks one of the sections an alert needs.",
    "Every alert's runbook says what fired (Meaning), who suffers (Impact), how to find the cause "
    "(Diagnosis), what to do (Mitigation) and whom to call (Escalation), as `##` sections. A runbook of "
    "several alerts has a `## <AlertName>` section per alert with `###` subsections, or shares a "
    "top-level `## <Section>` between them.",
)
ORPHAN = Rule(
    "WK142", "runbook-orphan", Severity.ERROR, "No alert links to this runbook.",
    "A runbook no alert's `runbook_url` points at is either for an alert that was renamed or removed "
    "(the link now leads elsewhere) or was never wired up. Link it or delete it.",
)
MISMATCH = Rule(
    "WK143", "runbook-alert-mismatch", Severity.ERROR, "A runbook and the alerts linking to it disagree.",
    "The front matter names an alert no rule file defines, or an alert's `runbook_url` points at a runbook "
    "whose front matter does not name it (a copied URL: the page explains another alert).",
)
DASHBOARD = Rule(
    "WK144", "runbook-dashboard-unknown", Severity.ERROR, "A runbook names a dashboard that does not exist.",
    "`dashboards:` lists dashboard `uid`s of `dashboards/`; a wrong uid is a dead link in the middle of an incident.",
)
RULES = (FRONT_MATTER, SECTION, ORPHAN, MISMATCH, DASHBOARD)

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Runbook:
    source: SourceFile
    meta: dict = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)  # front matter key or list item -> line
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # (line, level, text)

    def alerts(self) -> list[str]:
        names = self.meta.get("alerts") if "alerts" in self.meta else [self.meta.get("alert")]
        return [n for n in names or () if isinstance(n, str)]


@dataclass(frozen=True)
class Link:
    alert: str
    path: str
    line: int
    anchor: str


def run(ctx: Context) -> Iterable[Finding]:
    settings = ctx.repo.settings
    base = settings.runbook_base_url
    links: dict[str, list[Link]] = {}  # runbook path -> alerts linking to it
    defined: set[str] = set()
    for source in ctx.repo.of_kind("rules"):
        for found in group_sets(source) if source.loaded else ():
            for g, _, r, rule in found.rules():
                if not isinstance(rule.get("alert"), str):
                    continue
                defined.add(rule["alert"])
                annotations = rule.get("annotations") if isinstance(rule.get("annotations"), dict) else {}
                url = str(annotations.get("runbook_url") or "")
                if base and url.startswith(base):
                    page, _, anchor = url[len(base):].partition("#")
                    at = found.path(g, "rules", r, "annotations", "runbook_url")
                    links.setdefault(f"runbooks/{page}", []).append(
                        Link(rule["alert"], source.path, found.document.line_of(at), anchor))
    dashboards = known_uids(ctx.repo)
    # With a rule file that does not load, who links where is unknown: no orphan or link findings then.
    links_known = not any(not f.loaded or f.path in ctx.paths_with_errors for f in ctx.repo.of_kind("rules"))
    for source in ctx.repo.of_kind("runbook"):
        if source.path.endswith("README.md") or source.text is None:
            continue
        runbook, problems = _parse(source)
        yield from problems
        if runbook is None:
            continue
        yield from _front_matter(runbook, settings.teams, dashboards)
        yield from _sections(runbook)
        if links_known:
            yield from _links(runbook, links.get(source.path, []), defined)


def _parse(source: SourceFile) -> tuple[Runbook | None, list[Finding]]:
    lines = source.text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, [FRONT_MATTER.at(source.path, 1, "the runbook has no front matter (a --- block naming alert, team, dashboards)")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return None, [FRONT_MATTER.at(source.path, 1, "the front matter is not closed by a --- line")]
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        return None, [FRONT_MATTER.at(source.path, line, f"the front matter is not valid YAML: {getattr(exc, 'problem', exc)}")]
    if not isinstance(meta, dict):
        return None, [FRONT_MATTER.at(source.path, 1, "the front matter is not a mapping")]
    runbook = Runbook(source, meta)
    for i in range(1, end):
        key = re.match(r"^([A-Za-z_]+):\s*([^\s\[#]*)", lines[i])
        item = re.match(r"^\s*-\s*(\S+)\s*$", lines[i])
        if key:
            runbook.meta_lines.setdefault(key.group(1), i + 1)
            if key.group(2):
                runbook.meta_lines.setdefault(key.group(2), i + 1)
        elif item:
            runbook.meta_lines.setdefault(item.group(1), i + 1)
    for name in re.findall(r"\[([^\]]*)\]", "\n".join(lines[1:end])):  # flow lists: `dashboards: [a, b]`
        for value in name.split(","):
            row = next((i for i in range(1, end) if value.strip() and value.strip() in lines[i]), 0)
            runbook.meta_lines.setdefault(value.strip(), row + 1)
    fenced = False
    for number, line in enumerate(lines[end + 1:], start=end + 2):
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(line)
        if heading:
            runbook.headings.append((number, len(heading.group(1)), heading.group(2)))
    return runbook, []


def _front_matter(runbook: Runbook, teams: tuple[str, ...], dashboards: set[str]) -> Iterable[Finding]:
    path, meta = runbook.source.path, runbook.meta
    if ("alert" in meta) == ("alerts" in meta):
        yield FRONT_MATTER.at(path, 1, "the front matter must name `alert` (one) or `alerts` (several), not both or neither")
    elif not runbook.alerts() or ("alerts" in meta and not isinstance(meta["alerts"], list)):
        yield FRONT_MATTER.at(path, runbook.meta_lines.get("alert", runbook.meta_lines.get("alerts", 1)),
                              "`alert` must be an alert name, `alerts` a list of them")
    team = meta.get("team")
    if not isinstance(team, str):
        yield FRONT_MATTER.at(path, 1, "the front matter has no `team`")
    elif teams and team not in teams:
        yield FRONT_MATTER.at(path, runbook.meta_lines.get("team", 1), f"team {team!r} is not a team of watchkeeper.yaml",
                              hint=did_you_mean(team, teams))
    listed = meta.get("dashboards")
    if not isinstance(listed, list) or not all(isinstance(d, str) for d in listed):
        yield FRONT_MATTER.at(path, runbook.meta_lines.get("dashboards", 1), "`dashboards` must be a list of dashboard uids ([] for none)")
        return
    for uid in listed:
        if uid not in dashboards:
            yield DASHBOARD.at(path, runbook.meta_lines.get(uid, runbook.meta_lines.get("dashboards", 1)),
                               f"no dashboard under dashboards/ has uid {uid!r}", hint=did_you_mean(uid, sorted(dashboards)))


def _sections(runbook: Runbook) -> Iterable[Finding]:
    path = runbook.source.path
    top = {text for _, level, text in runbook.headings if level == 2}
    if "alerts" not in runbook.meta:
        missing = [s for s in SECTIONS if s not in top]
        if missing:
            yield SECTION.at(path, _title_line(runbook), f"the runbook lacks the section{'s' if len(missing) > 1 else ''} "
                                                         f"{', '.join('## ' + s for s in missing)}")
        return
    for alert in runbook.alerts():
        start = next((i for i, (_, level, text) in enumerate(runbook.headings) if level == 2 and text == alert), None)
        if start is None:
            yield SECTION.at(path, runbook.meta_lines.get(alert, 1), f"the runbook names {alert} but has no '## {alert}' section")
            continue
        inner = set()
        for _, level, text in runbook.headings[start + 1:]:
            if level <= 2:
                break
            if level == 3:
                inner.add(text)
        missing = [s for s in SECTIONS if s not in inner and s not in top]
        if missing:
            yield SECTION.at(path, runbook.headings[start][0], f"section '## {alert}' lacks "
                                                               f"{', '.join('### ' + s for s in missing)}, and no shared '## ' section has them")


def _links(runbook: Runbook, links: list[Link], defined: set[str]) -> Iterable[Finding]:
    path = runbook.source.path
    if not links:
        yield ORPHAN.at(path, 1, "no alert's runbook_url points at this runbook")
    named = runbook.alerts()
    for alert in named:
        if alert not in defined:
            yield MISMATCH.at(path, runbook.meta_lines.get(alert, 1), f"the front matter names {alert}, which no rule file defines",
                              hint=did_you_mean(alert, sorted(defined)))
    for link in links if named else ():  # a runbook naming no alert is WK140 already
        if not link.anchor and link.alert not in named:
            yield MISMATCH.at(link.path, link.line, f"{link.alert} links to {path}, whose front matter names "
                                                    f"{', '.join(named) or 'no alert'}")


def _title_line(runbook: Runbook) -> int:
    return next((line for line, level, _ in runbook.headings if level == 1), 1)


CHECK = Check("runbooks", RULES, run, kinds=("runbook",), doc=__doc__)
