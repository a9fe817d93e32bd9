"""`watchkeeper new alert`: the rule, its promtool test and its runbook, from templates.

The three files land together or not at all, never over an existing file. They hold
`<FILL IN: ...>` markers where only a person knows the answer; the gate reports every marker left
(WK127), so a half-filled scaffold cannot be merged, and a filled-in one passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .atomic import write_atomic
from .repository import Repository
from .rulefiles import group_sets

MARKER = "<FILL IN"
_CAMEL = re.compile(r"^[A-Z][a-zA-Z0-9]*$")
_FOR_BY_PAGING = ("5m", "15m")  # a paging alert reacts faster; others wait out short blips


class ScaffoldError(Exception):
    """Something the user has to fix: a bad name, an unknown team, an existing file."""


@dataclass(frozen=True)
class Scaffold:
    files: dict[str, str]  # path -> content


def family_of(name: str) -> str:
    """The first word of a CamelCase name, lower case: `GPUMemoryAlmostFull` -> `gpu`."""
    match = re.match(r"[A-Z]+(?=[A-Z][a-z])|[A-Z][a-z0-9]*", name)
    return match.group(0).lower() if match else name.lower()


def kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", name).lower()


def plan(repo: Repository, name: str, team: str, severity: str, family: str | None = None) -> Scaffold:
    settings = repo.settings
    if not _CAMEL.match(name):
        raise ScaffoldError(f"alert name {name!r} is not CamelCase (e.g. GPUMemoryAlmostFull)")
    if team not in settings.teams:
        raise ScaffoldError(f"team {team!r} is not a team of watchkeeper.yaml ({', '.join(settings.teams)})")
    if severity not in settings.severities:
        raise ScaffoldError(f"severity {severity!r} is not one of watchkeeper.yaml ({', '.join(settings.severities)})")
    family = family or family_of(name)
    if not re.match(r"^[a-z][a-z0-9-]*$", family):
        raise ScaffoldError(f"family {family!r} must be lower case letters, digits and dashes")
    stem = kebab(name)
    rule_file = f"alerts/{family}/{stem}.rules.yaml"
    test_file = f"alerts/tests/{family}/{stem}.test.yaml"
    runbook = f"runbooks/{family}/{name}.md"
    teams = _team_details(repo, team)
    pages = severity in settings.paging
    values = {
        "name": name, "team": team, "severity": severity, "group": f"{family}-{stem}",
        "for_": _FOR_BY_PAGING[0] if pages else _FOR_BY_PAGING[1],
        "runbook_url": f"{settings.runbook_base_url}{family}/{name}.md",
        "rule_file": rule_file, "rule_file_from_test": f"../../{family}/{stem}.rules.yaml",
        "pages": pages, "oncall": teams.get("oncall", ""), "channel": teams.get("slack_channel", ""),
    }
    env = jinja2.Environment(loader=jinja2.PackageLoader("watchkeeper", "templates"), keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    files = {
        rule_file: env.get_template("alert.rules.yaml.j2").render(values),
        test_file: env.get_template("alert.test.yaml.j2").render(values),
        runbook: env.get_template("runbook.md.j2").render(values),
    }
    existing = [path for path in files if (repo.root / path).exists()]
    if existing:
        raise ScaffoldError(f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; nothing was written")
    if name in _defined_alerts(repo):
        raise ScaffoldError(f"an alert named {name} already exists; nothing was written")
    return Scaffold(files)


def _defined_alerts(repo: Repository) -> set[str]:
    return {rule["alert"] for source in repo.of_kind("rules") if source.loaded
            for found in group_sets(source) for _, _, _, rule in found.rules() if isinstance(rule.get("alert"), str)}


def plan_dashboard(repo: Repository, name: str, folder: str, team: str) -> Scaffold:
    """A dashboard module that generates and lints clean, to grow from."""
    from .dashboard_gen import folder_title, render_all
    from .dashboard_index import known_uids

    if not re.match(r"^[a-z][a-z0-9-]*$", name) or not re.match(r"^[a-z][a-z0-9-]*$", folder):
        raise ScaffoldError("dashboard and folder names are lower case letters, digits and dashes (e.g. llm-serving, ai)")
    if team not in repo.settings.teams:
        raise ScaffoldError(f"team {team!r} is not a team of watchkeeper.yaml ({', '.join(repo.settings.teams)})")
    path, uid = f"dashboards/{folder}/{name}.py", f"{folder}-{name}"
    if (repo.root / path).exists():
        raise ScaffoldError(f"{path} already exists; nothing was written")
    rendered = {r.dashboard.get("uid") for r in render_all(repo) if r.dashboard}
    if uid in known_uids(repo) | rendered:
        raise ScaffoldError(f"a dashboard with uid {uid!r} already exists; nothing was written")
    title = f"{folder_title(folder)} / {name.replace('-', ' ').capitalize()}"
    env = jinja2.Environment(loader=jinja2.PackageLoader("watchkeeper", "templates"), keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    runbook_folder = f"{folder}/" if (repo.root / "runbooks" / folder).is_dir() else ""
    text = env.get_template("dashboard.py.j2").render(uid=uid, title=title, team=team, runbook_folder=runbook_folder)
    return Scaffold({path: text})


def write(root: Path, scaffold: Scaffold) -> list[str]:
    written = []
    for path, content in scaffold.files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, content)
        written.append(path)
    return written


def _team_details(repo: Repository, team: str) -> dict:
    source = repo.get("watchkeeper.yaml")
    data = source.data if source is not None and source.loaded and isinstance(source.data, dict) else {}
    for entry in data.get("teams") or []:
        if isinstance(entry, dict) and entry.get("name") == team:
            return {k: str(v) for k, v in entry.items()}
    return {}
