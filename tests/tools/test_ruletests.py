"""`watchkeeper test`: one promtool call over every test file, each test case reported."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

from conftest import alert_meta
from watchkeeper import ruletests
from watchkeeper.repository import Repository
from watchkeeper.toolbox import Toolbox

RULES = """\
groups:
  - name: node
    rules:
      - alert: NodeExporterDown
        expr: up{job="node-exporter"} == 0
        for: 5m
""" + alert_meta()
TESTS = """\
rule_files:
  - node.rules.yaml
evaluation_interval: 1m
tests:
  - name: exporter down
    interval: 1m
    input_series:
      - series: up{job="node-exporter", instance="10.0.0.1:9100"}
        values: 0x10
    alert_rule_test:
      - eval_time: 4m
        alertname: NodeExporterDown
        exp_alerts: []
      - eval_time: 90m
        alertname: NodeExporterDown
        exp_alerts: []
    promql_expr_test:
      - expr: up
        eval_time: 1m
        exp_samples:
          - labels: up{job="node-exporter", instance="10.0.0.1:9100"}
            value: 0
"""


def outcome(repo):
    loaded = Repository.load(repo.root)
    return ruletests.run(loaded, Toolbox(loaded.root, {}).get("promtool"))


def test_each_case_is_reported_and_failures_are_placed(repo):
    repo.write("alerts/node/node.rules.yaml", RULES)
    repo.write("alerts/node/node.test.yaml", TESTS.replace("eval_time: 90m", "eval_time: 8m"))
    result = outcome(repo)
    assert [(c.title, c.failure is None) for c in result.cases] == [
        ("exporter down: NodeExporterDown at 4m", True),
        ("exporter down: NodeExporterDown at 8m", False),  # it fires at 8m; the test expects silence
        ("exporter down: up at 1m", True),
    ]
    assert result.failed_files == {"alerts/node/node.test.yaml"} and not result.ok
    suite = ET.fromstring(ruletests.junit(result)).find("testsuite")
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == ("alerts/node/node.test.yaml", "3", "1")
    failing = [c for c in suite.findall("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failing] == ["exporter down: NodeExporterDown at 8m"]


def test_passing_files_in_one_call(repo, monkeypatch):
    calls = []
    real = ruletests.run_tool
    monkeypatch.setattr(ruletests, "run_tool", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    for family in ("node", "gpu"):
        repo.write(f"alerts/{family}/{family}.rules.yaml", RULES.replace("name: node", f"name: {family}").replace(
            "NodeExporterDown", f"{family.title()}ExporterDown"))
        repo.write(f"alerts/{family}/{family}.test.yaml", TESTS.replace("node.rules.yaml", f"{family}.rules.yaml").replace(
            "NodeExporterDown", f"{family.title()}ExporterDown"))
    result = outcome(repo)
    assert result.ok and len(result.cases) == 6
    assert calls == [["test", "rules", "alerts/gpu/gpu.test.yaml", "alerts/node/node.test.yaml"]]


def test_command_exit_codes(repo):
    repo.write("alerts/node/node.rules.yaml", RULES)
    repo.write("alerts/node/node.test.yaml", TESTS)
    ok = subprocess.run([sys.executable, "-m", "watchkeeper", "test", "--repo", str(repo.root)], capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.startswith("watchkeeper test: 3 of 3 cases passed in 1 files (0 failing)")
    repo.write("alerts/node/node.test.yaml", TESTS.replace("eval_time: 90m", "eval_time: 8m"))
    failed = subprocess.run([sys.executable, "-m", "watchkeeper", "test", "--repo", str(repo.root)], capture_output=True, text=True)
    assert failed.returncode == 1 and "FAIL alerts/node/node.test.yaml: exporter down: NodeExporterDown at 8m" in failed.stdout
