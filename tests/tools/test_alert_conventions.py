"""Alert conventions: each code with a failing and a passing alert, at the exact line."""

from __future__ import annotations

import pytest
from conftest import RUNBOOK_URL

PATH = "alerts/node/node.rules.yaml"
GOOD = f"""\
groups:
  - name: node
    rules:
      - alert: NodeExporterDown
        expr: up{{job="node-exporter"}} == 0
        for: 5m
        labels:
          severity: critical
          team: sre
        annotations:
          summary: A node exporter is down.
          description: Prometheus has not scraped {{{{ $labels.instance }}}} for five minutes.
          runbook_url: {RUNBOOK_URL}
"""


def test_good_alert_passes(repo):
    repo.write(PATH, GOOD)
    assert repo.findings() == []


@pytest.mark.parametrize(("old", "new", "code", "line"), [
    pytest.param("alert: NodeExporterDown", "alert: node_exporter_down", "WK120", 4, id="snake-case-name"),
    pytest.param("severity: critical", "severity: page", "WK121", 7, id="unknown-severity"),
    pytest.param("          severity: critical\n", "", "WK121", 7, id="no-severity"),
    pytest.param("team: sre", "team: platform", "WK122", 7, id="unknown-team"),
    pytest.param("          description: Prometheus has not scraped {{ $labels.instance }} for five minutes.\n", "", "WK123", 4,
                 id="no-description"),
    pytest.param("runbooks/tiny.md", "runbooks/node/NodeExporterDown.md", "WK124", 13, id="runbook-missing"),
    pytest.param(RUNBOOK_URL, "https://wiki.example.org/NodeExporterDown", "WK124", 13, id="runbook-elsewhere"),
    pytest.param("runbooks/tiny.md", "runbooks/tiny.md#nodeexporterdown", "WK124", 13, id="runbook-anchor-missing"),
    pytest.param("for: 5m", "for: 30s", "WK125", 6, id="pages-too-fast"),
])
def test_conventions_catch(repo, old, new, code, line):
    assert old in GOOD
    repo.write(PATH, GOOD.replace(old, new, 1))
    assert repo.findings() == [(code, PATH, line)]


def test_runbook_anchor_that_exists_passes(repo):
    repo.write(PATH, GOOD.replace("runbooks/tiny.md", "runbooks/tiny.md#meaning"))
    assert repo.findings() == []


def test_warnings_may_fire_at_once(repo):
    repo.write(PATH, GOOD.replace("for: 5m", "for: 0s").replace("severity: critical", "severity: warning"))
    assert repo.findings() == []


def test_hint_names_the_closest_team(repo):
    repo.write(PATH, GOOD.replace("team: sre", "team: sres"))
    (finding,) = repo.run().findings
    assert finding.hint == "did you mean 'sre'?"


GRAFANA = "https://grafana.platform.internal"
WITH_DASHBOARD = GOOD + f"          dashboard_url: {GRAFANA}/d/nodes\n"


@pytest.fixture
def dashboards(repo):
    from conftest import SETTINGS
    repo.write("watchkeeper.yaml", SETTINGS + f"grafana_url: {GRAFANA}\n")
    repo.write("dashboards/platform/nodes.py", 'dashboard = Dashboard(title="Nodes", uid="nodes")\n')
    return repo


@pytest.mark.parametrize("url", [f"{GRAFANA}/d/nodes", f"{GRAFANA}/d/nodes/node-overview?var-instance=a"])
def test_dashboard_url_of_an_existing_dashboard_passes(dashboards, url):
    dashboards.write(PATH, WITH_DASHBOARD.replace(f"{GRAFANA}/d/nodes", url))
    assert dashboards.findings() == []


def test_dashboard_generated_into_generated_dashboards_counts(dashboards):
    dashboards.write("generated/dashboards/slo/slo-node.json", '{"uid": "slo-node", "title": "SLO: node"}\n')
    dashboards.write(PATH, WITH_DASHBOARD.replace("/d/nodes", "/d/slo-node"))
    assert dashboards.findings() == []


@pytest.mark.parametrize(("url", "message"), [
    (f"{GRAFANA}/d/node", "alert 'NodeExporterDown': no dashboard has uid 'node'"),
    ("https://grafana.example.org/d/nodes",
     f"alert 'NodeExporterDown': dashboard_url 'https://grafana.example.org/d/nodes' is not {GRAFANA}/d/<uid>"),
])
def test_dashboard_url_that_opens_nothing(dashboards, url, message):
    dashboards.write(PATH, WITH_DASHBOARD.replace(f"{GRAFANA}/d/nodes", url))
    findings = dashboards.run().findings
    assert [(f.code, f.path, f.line) for f in findings] == [("WK126", PATH, 14)]
    assert findings[0].message == message
