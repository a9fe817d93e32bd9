"""Dashboards: generation (isolated rendering, deterministic JSON, ConfigMaps) and the linter,
each code with a module that breaks it and the good module that passes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SETTINGS
from watchkeeper import dashboard_gen, generation
from watchkeeper.repository import Repository

ROOT = Path(__file__).resolve().parents[2]
MODULE = "dashboards/platform/nodes.py"
INVENTORY = """\
exporter: node-exporter
title: node-exporter
version: "1.12.1"
source: https://github.com/prometheus/node_exporter/tree/v1.12.1/collector
metrics:
  - name: node_cpu_seconds_total
    type: counter
    help: Seconds the CPUs spent in each mode.
    labels: [cpu, mode]
  - name: node_load1
    type: gauge
    help: 1m load average.
"""
GOOD = '''\
"""Nodes: CPU and load of every node."""

from dashboards.lib import COUNT, PERCENT_UNIT, cluster, golden, label, row, runbooks_link, stat, timeseries

BUSY = 'sum by (instance) (rate(node_cpu_seconds_total{cluster=~"$cluster", instance=~"$instance", mode!="idle"}[$__rate_interval]))'

dashboard = golden(
    uid="platform-nodes",
    title="Platform / Nodes",
    team="sre",
    description=__doc__.splitlines()[0], links=[runbooks_link("")],
    variables=[cluster("node_load1"), label("instance", 'node_load1{cluster=~"$cluster"}')],
    rows=[
        row(
            "CPU",
            stat("Busiest node", f"max({BUSY})", unit=PERCENT_UNIT, description="CPU busy share of the busiest node."),
            timeseries("CPU busy", BUSY, unit=PERCENT_UNIT, description="Share of CPU time not idle, per node."),
            timeseries("Load", 'max by (instance) (node_load1{cluster=~"$cluster", instance=~"$instance"})',
                       unit=COUNT, description="1-minute load average per node."),
        ),
    ],
)
'''
ONLY = {"only": ("parsing", "generated", "dashboard-lint"), "skip": ()}


@pytest.fixture
def board(repo):
    shutil.copytree(ROOT / "dashboards" / "lib", repo.root / "dashboards" / "lib")
    repo.write("watchkeeper.yaml", SETTINGS + "grafana_url: https://grafana.platform.internal\n")
    repo.write("metrics/node-exporter.yaml", INVENTORY)
    (repo.root / "runbooks/tiny.md").unlink()
    return repo


def generate(repo) -> generation.Plan:
    loaded = Repository.load(repo.root)
    current = generation.plan(loaded)
    generation.write(loaded, current)
    return current


def findings(repo):
    generate(repo)  # the linter reads what generation renders; committed files keep WK051 out of the way
    return [(f.code, f.path, f.line) for f in repo.run("gate", **ONLY).findings]


def test_good_dashboard_generates_deterministic_modern_json_and_a_configmap(board):
    board.write(MODULE, GOOD)
    first = generate(board)
    assert first.findings == []
    data = json.loads((board.root / "generated/dashboards/platform/platform-nodes.json").read_text())
    assert data["schemaVersion"] == 39 and data["editable"] is False and data["uid"] == "platform-nodes"
    panels = data["panels"]
    assert [p["id"] for p in panels] == [1, 2, 3, 4]
    assert panels[1]["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
    assert panels[1]["targets"][0]["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
    assert [(p["gridPos"]["x"], p["gridPos"]["y"]) for p in panels] == [(0, 0), (0, 1), (6, 1), (0, 9)]
    configmap = (board.root / "generated/kubernetes/dashboards/platform-nodes.yaml").read_text()
    assert 'grafana_dashboard: "1"' in configmap and "grafana_folder: Platform" in configmap
    before = {p: p.read_bytes() for p in (board.root / "generated").rglob("*") if p.is_file()}
    dashboard_gen._CACHE.clear()
    generate(board)
    assert {p: p.read_bytes() for p in (board.root / "generated").rglob("*") if p.is_file()} == before
    assert findings(board) == []


@pytest.mark.parametrize(("body", "line", "message"), [
    pytest.param(GOOD.replace("dashboard = golden(", "raise RuntimeError('no such panel')\ndashboard = golden("), 7,
                 "RuntimeError: no such panel", id="raises"),
    pytest.param(GOOD.replace("dashboard = golden(", "board = golden("), 1,
                 "dashboards/platform/nodes.py defines no module-level `dashboard` (a grafanalib Dashboard)", id="no-dashboard"),
    pytest.param(GOOD.replace("unit=COUNT,", "unit=COUNT, colour='red',"), 18,
                 "TypeError: timeseries() got an unexpected keyword argument 'colour'", id="bad-call"),
])
def test_a_module_that_does_not_render_is_a_finding_at_its_line(board, body, line, message):
    board.write(MODULE, body)
    result = board.run("gate", **ONLY)
    (finding,) = [f for f in result.findings if f.code == "WK400"]
    assert (finding.path, finding.line, finding.message) == (MODULE, line, message)


def test_a_module_that_loops_is_stopped(board, monkeypatch):
    monkeypatch.setattr(dashboard_gen, "RENDER_SECONDS", 2)
    board.write(MODULE, GOOD.replace("dashboard = golden(", "while True:\n    pass\ndashboard = golden("))
    (finding,) = board.run("gate", **ONLY).findings
    assert (finding.code, finding.line, finding.message) == ("WK400", 1, "rendering took longer than 2s (a loop?)")


def test_a_module_that_prints_does_not_corrupt_the_json(board):
    board.write(MODULE, GOOD.replace("\nfrom dashboards.lib", "\nprint('hello {')\nfrom dashboards.lib", 1))
    assert generate(board).findings == []
    assert json.loads((board.root / "generated/dashboards/platform/platform-nodes.json").read_text())["uid"] == "platform-nodes"


def test_a_failing_module_keeps_its_last_generated_files(board):
    board.write(MODULE, GOOD)
    generate(board)
    board.write(MODULE, GOOD.replace("dashboard = golden(", "raise RuntimeError('oops')\ndashboard = golden("))
    generate(board)
    assert (board.root / "generated/dashboards/platform/platform-nodes.json").is_file()
    assert (board.root / "generated/kubernetes/dashboards/platform-nodes.yaml").is_file()


@pytest.mark.parametrize(("repeat", "code"), [(150, "WK402"), (600, "WK401")])
def test_configmap_size_limits(board, repeat, code):
    long = "x" * 1500
    board.write(MODULE, GOOD.replace('description="CPU busy share of the busiest node."',
                                     f'description="{long}"').replace(
        '            stat("Busiest node",', f'            *[stat(f"Busiest node {{i}}", f"max({{BUSY}})", unit=PERCENT_UNIT, '
                                           f'description="{long}") for i in range({repeat})],\n            stat("Busiest node",'))
    (finding,) = [f for f in board.run("gate", **ONLY).findings if f.code in ("WK401", "WK402")]
    assert (finding.code, finding.path, finding.line) == (code, MODULE, 1)
    assert finding.message.startswith("the ConfigMap of platform-nodes ")


# The linter: the good module with one thing broken, and the code and line it must report.
@pytest.mark.parametrize(("old", "new", "code", "line"), [
    pytest.param('variables=[cluster("node_load1"), ', "variables=[", "WK411", 8, id="no-cluster-variable"),
    pytest.param("""label("instance", 'node_load1{cluster=~"$cluster"}')""", """label("instance", 'node_load1{cluster=~"$cluster"')""",
                 "WK412", 12, id="variable-query"),
    pytest.param('description="1-minute load average per node."', 'description=""', "WK414", 18, id="no-description"),
    pytest.param("unit=COUNT, description", 'unit="furlongs", description', "WK415", 18, id="unknown-unit"),
    pytest.param('max by (instance) (node_load1{', 'max by (instance) ((node_load1{', "WK417", 18, id="invalid-promql"),
    pytest.param("[$__rate_interval]", "[5m]", "WK418", 17, id="fixed-short-range"),
    pytest.param('node_load1{cluster=~"$cluster", instance=~"$instance"}', 'node_load1{instance=~"$instance"}', "WK419", 18,
                 id="no-cluster-matcher"),
    pytest.param('node_load1{cluster=~"$cluster", instance=~"$instance"}', 'node_load1{cluster=~"$cluster"}', "WK420", 18,
                 id="ignores-instance-variable"),
    pytest.param('rate(node_cpu_seconds_total{cluster=~"$cluster", instance=~"$instance", mode!="idle"}[$__rate_interval])',
                 'node_cpu_seconds_total{cluster=~"$cluster", instance=~"$instance", mode!="idle"}', "WK421", 17,
                 id="counter-without-rate"),
    pytest.param("(node_load1{cluster", "(node_load5{cluster", "WK422", 18, id="unknown-series"),
    pytest.param("max by (instance) (node_load1", "max by (instnace) (node_load1", "WK423", 18, id="unknown-label"),
])
def test_linter_catches(board, old, new, code, line):
    assert old in GOOD
    board.write(MODULE, GOOD.replace(old, new, 1))
    assert (code, MODULE, line) in findings(board)
    assert {c for c, _, _ in findings(board)} - {"WK400"} == {code}


RAW = '''\
"""Raw grafanalib, for what the library would never produce."""
from grafanalib.core import Dashboard, DashboardLink, GridPos, Target, Template, Templating, TimeSeries

dashboard = Dashboard(
    title="Platform / Raw", uid="platform-raw", description="Raw.", editable=False, tags=["team:sre"],
    links=[DashboardLink(title="Nodes", type="link", uri="https://grafana.platform.internal/d/platform-nodes")],
    templating=Templating(list=[
        Template(name="datasource", type="datasource", query="prometheus"),
        Template(name="cluster", dataSource="${datasource}", query="label_values(node_load1, cluster)", refresh=2),
    ]),
    panels=[
        TimeSeries(title="Load", description="Load.", unit="short", dataSource="${datasource}",
                   targets=[Target(expr='node_load1{cluster=~"$cluster"}', refId="A")], gridPos=GridPos(h=8, w=12, x=0, y=0)),
        TimeSeries(title="Load again", description="Load.", unit="short", dataSource="${datasource}",
                   targets=[Target(expr='node_load1{cluster=~"$cluster"}', refId="A")], gridPos=GridPos(h=8, w=12, x=12, y=0)),
    ],
)
'''


@pytest.mark.parametrize(("old", "new", "code", "line"), [
    pytest.param('Template(name="datasource", type="datasource", query="prometheus"),\n', "", "WK410", 5, id="no-datasource"),
    pytest.param('title="Load again", description="Load.", unit="short", dataSource="${datasource}"',
                 'title="Load again", description="Load.", unit="short", dataSource="Prometheus"', "WK413", 14, id="fixed-datasource"),
    pytest.param('targets=[Target(expr=\'node_load1{cluster=~"$cluster"}\', refId="A")], gridPos=GridPos(h=8, w=12, x=12',
                 'targets=[], gridPos=GridPos(h=8, w=12, x=12', "WK416", 14, id="no-targets"),
    pytest.param("x=12, y=0", "x=6, y=0", "WK425", 14, id="overlap"),
    pytest.param("/d/platform-nodes", "/d/platform-node", "WK426", 6, id="dead-dashboard-link"),
    pytest.param('uid="platform-raw"', 'uid="platform-nodes"', "WK424", 5, id="duplicate-uid"),
    pytest.param('tags=["team:sre"],', "tags=[],", "WK427", 5, id="no-team-tag"),
])
def test_linter_catches_in_raw_grafanalib(board, old, new, code, line):
    board.write(MODULE, GOOD)
    board.write("dashboards/platform/raw.py", RAW)
    assert findings(board) == []
    assert old in RAW
    board.write("dashboards/platform/raw.py", RAW.replace(old, new, 1))
    assert ("WK424" if code == "WK424" else code, "dashboards/platform/raw.py", line) in findings(board)


def test_new_dashboard_scaffold_generates_and_lints_clean(board):
    from click.testing import CliRunner
    from watchkeeper.cli import cli

    made = CliRunner().invoke(cli, ["new", "dashboard", "llm-serving", "--folder", "ai", "--team", "sre", "--repo", str(board.root)])
    assert made.exit_code == 0, made.output
    text = (board.root / "dashboards/ai/llm-serving.py").read_text()
    assert 'uid="ai-llm-serving"' in text and 'title="AI / Llm serving"' in text
    assert findings(board) == []
    again = CliRunner().invoke(cli, ["new", "dashboard", "llm-serving", "--folder", "ai", "--repo", str(board.root)])
    assert again.exit_code == 2 and "already exists" in again.output


STANDARD_ROWS = '''\
"""Library rows: RED, USE and an SLO row, as a dashboard would use them."""

from dashboards.lib import BYTES, cluster, golden, red, runbooks_link, slo_row, use

SCOPE = 'cluster=~"$cluster"'
dashboard = golden(
    uid="platform-rows", title="Platform / Rows", team="sre", description="Library rows.", links=[runbooks_link("")],
    variables=[cluster("node_load1")],
    rows=[
        red("Ingress", requests=f'nginx_ingress_controller_requests{{{SCOPE}}}',
            errors=f'nginx_ingress_controller_requests{{{SCOPE}, status=~"5.."}}',
            buckets=f'nginx_ingress_controller_request_duration_seconds_bucket{{{SCOPE}}}', by="host",
            description="Every request through the ingress."),
        use("Memory", utilisation=f"1 - avg(node_memory_MemAvailable_bytes{{{SCOPE}}} / node_memory_MemTotal_bytes{{{SCOPE}}})",
            saturation=f"sum(rate(node_vmstat_pgmajfault{{{SCOPE}}}[$__rate_interval]))",
            errors=f"sum(rate(node_vmstat_oom_kill{{{SCOPE}}}[$__rate_interval]))", unit=BYTES,
            description="Node memory."),
        slo_row("litellm-gateway", "The gateway every AI feature goes through."),
    ],
)
'''


def test_standard_rows_of_the_library_lint_clean(board):
    shutil.copy(ROOT / "metrics" / "ingress-nginx.yaml", board.root / "metrics" / "ingress-nginx.yaml")
    board.write("metrics/node-exporter.yaml", INVENTORY + "".join(
        f"  - name: {name}\n    type: {kind}\n    help: {name}.\n" for name, kind in (
            ("node_memory_MemAvailable_bytes", "gauge"), ("node_memory_MemTotal_bytes", "gauge"),
            ("node_vmstat_pgmajfault", "counter"), ("node_vmstat_oom_kill", "counter"))))
    board.write("alerts/slo/recordings.rules.yaml", "groups:\n  - name: slo\n    rules:\n" + "".join(
        f"      - record: {name}\n        expr: vector(1)\n        labels: {{sloth_service: litellm-gateway, sloth_slo: a}}\n"
        for name in (
            "slo:period_error_budget_remaining:ratio", "slo:current_burn_rate:ratio")))
    board.write("dashboards/platform/rows.py", STANDARD_ROWS)
    assert [f for f in findings(board) if f[1] == "dashboards/platform/rows.py"] == []
    data = json.loads((board.root / "generated/dashboards/platform/platform-rows.json").read_text())
    assert [p["title"] for p in data["panels"]] == [
        "Ingress", "Requests", "Error ratio", "Duration p99", "Memory", "Utilisation", "Saturation", "Errors",
        "Service levels (litellm-gateway)", "Error budget left", "Burn rate now", "Burn-rate alerts firing"]
