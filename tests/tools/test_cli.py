"""The command line, run as users run it: `python -m watchkeeper`, exit codes 0, 1 and 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import alert_meta

GOOD_RULES = """\
groups:
  - name: node
    rules:
      - alert: NodeExporterDown
        expr: up{job="node-exporter"} == 0
        for: 5m
""" + alert_meta()
BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


def watchkeeper(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "watchkeeper", *args], capture_output=True, text=True, cwd=cwd,
                          stdin=subprocess.DEVNULL, timeout=120)


TEST_FILE = """\
rule_files:
  - node.rules.yaml
tests:
  - interval: 1m
    input_series:
      - series: up{job="node-exporter", instance="10.0.0.1:9100"}
        values: 0x10
    alert_rule_test:
      - eval_time: 10m
        alertname: NodeExporterDown
        exp_alerts:
          - exp_labels: {severity: warning, team: sre, job: node-exporter, instance: "10.0.0.1:9100"}
"""


RUNBOOK = """\
---
alert: NodeExporterDown
team: sre
dashboards: []
---
# NodeExporterDown
""" + "".join(f"\n## {section}\n\nWhat to know.\n" for section in ("Meaning", "Impact", "Diagnosis", "Mitigation", "Escalation"))


def write_good(repo):
    repo.write("alerts/node/node.rules.yaml", GOOD_RULES)
    repo.write("alerts/node/node.test.yaml", TEST_FILE)
    repo.write("runbooks/tiny.md", RUNBOOK)


def test_clean_repository_exits_0(repo):
    write_good(repo)
    result = watchkeeper("gate", "--repo", str(repo.root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("watchkeeper gate: 0 errors, 0 warnings, 0 info in 0 of 5 files")


@pytest.mark.parametrize(
    ("path", "content", "code", "line"),
    [
        pytest.param("alerts/node/node.rules.yaml", "groups:\n  - name: node\n    rules: [\n", "WK001", 4, id="broken-yaml"),
        pytest.param("alerts/node/node.rules.yaml", GOOD_RULES.replace("    rules:", "    name: node-2\n    rules:"), "WK002", 3,
                     id="duplicate-key"),
        pytest.param("helm-values/loki/values.yaml", BOMB, "WK003", 5, id="alias-bomb"),
        pytest.param("metrics/node.yaml", "metrics:\n" + "  - name: node_cpu_seconds_total\n" * 40_000, "WK004", 1, id="oversize"),
        pytest.param("slo-catalog/litellm-gateway.yaml", 'version: "prometheus/v1"\nservice: litellm-gateway\nslos: {}\n', "WK020", 3,
                     id="bad-schema-value"),
        pytest.param("runbooks/node/NodeExporterDown.md", b"# NodeExporterDown\n\nOwner: sre\n\xff\xfe\n", "WK005", 4, id="non-utf8"),
    ],
)
def test_bad_input_makes_gate_exit_1(repo, path, content, code, line):
    write_good(repo)
    repo.write(path, content)
    result = watchkeeper("gate", "--repo", str(repo.root), "--format", "json")
    assert result.returncode == 1, result.stderr
    findings = [(f["code"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert findings == [(code, path, line)]


def test_warnings_alone_exit_0(repo):
    (repo.root / "runbooks/tiny.md").unlink()  # no alert here to link to it
    repo.write("helm-values/loki/values.yaml", "loki:\n  enabled: yes\n")
    result = watchkeeper("lint", "--repo", str(repo.root))
    assert result.returncode == 0
    assert "WK010 yamllint: truthy value should be one of [false, true] (truthy)" in result.stdout


def test_usage_errors_exit_2(repo, tmp_path):
    assert watchkeeper("lint", "--no-such-flag").returncode == 2
    assert watchkeeper("lint", "--repo", str(tmp_path / "missing")).returncode == 2
    assert watchkeeper("lint", "--format", "xml", "--repo", str(repo.root)).returncode == 2


def test_report_dir_and_nothing_else_is_written(repo, tmp_path_factory):
    repo.write("alerts/node/node.rules.yaml", GOOD_RULES.replace("        for: 5m\n", ""))
    before = sorted(p.relative_to(repo.root) for p in repo.root.rglob("*"))
    out = tmp_path_factory.mktemp("out")
    result = watchkeeper("gate", "--repo", str(repo.root), "--report-dir", str(out), "--format", "codequality")
    assert result.returncode == 1
    assert json.loads(result.stdout)[0]["check_name"] == "WK106"
    assert sorted(p.name for p in out.iterdir()) == ["gl-code-quality-report.json", "junit.xml", "watchkeeper.json", "watchkeeper.txt"]
    assert sorted(p.relative_to(repo.root) for p in repo.root.rglob("*")) == before


def test_doctor_lists_every_tool(repo):
    result = watchkeeper("doctor", "--repo", str(repo.root))
    assert result.returncode == 0, result.stdout
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert set(rows) == {"promtool", "amtool", "sloth", "conftest", "opa", "helm", "kubeconform"}
    assert rows["promtool"].split()[1:4] == ["ok", "2.42.0", "2.42.0"]
    assert "/.tools/bin/promtool" in rows["promtool"]
    assert rows["sloth"].split()[1:3] == ["missing", "(fallback)"] and "builtin Sloth-compatible engine" in rows["sloth"]


def test_doctor_fails_when_a_required_tool_is_missing(repo, tmp_path_factory):
    empty = tmp_path_factory.mktemp("empty")
    result = subprocess.run(
        [sys.executable, "-c", "import watchkeeper.toolbox as t; t._INSTALL_ROOT = t.Path('/nonexistent');"
         "from watchkeeper.cli import main; main()", "doctor", "--repo", str(repo.root)],
        capture_output=True, text=True, env={"PATH": str(empty)}, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    promtool = next(line for line in result.stdout.splitlines() if line.startswith("promtool"))
    assert promtool.split()[1] == "missing" and "none: promtool-rules fail" in promtool


def test_version():
    result = watchkeeper("--version")
    assert result.returncode == 0 and result.stdout.startswith("watchkeeper, version ")


def test_a_crashing_check_is_a_finding_and_the_others_still_run(repo, monkeypatch):
    from dataclasses import replace

    from watchkeeper import checks, runner

    def explode(ctx):
        raise RuntimeError("boom")

    broken = tuple(replace(c, run=explode) if c.name == "rule-basics" else c for c in checks.REGISTRY)
    monkeypatch.setattr(runner, "REGISTRY", broken)
    repo.write("helm-values/loki/values.yaml", "loki:\n  enabled: yes\n")
    result = repo.run()
    assert [(f.code, f.path) for f in result.findings] == [("WK010", "helm-values/loki/values.yaml"), ("WK093", "watchkeeper.yaml")]
    assert result.findings[1].message == "check 'rule-basics' failed: RuntimeError: boom"
    assert result.exit_code == 1
