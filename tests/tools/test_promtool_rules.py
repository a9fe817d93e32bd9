"""`promtool check rules` in the gate: the real promtool, one call, errors at file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import alert_meta
from watchkeeper.checks.promtool_rules import parse_output
from watchkeeper.toolbox import Toolbox

GOOD = """\
groups:
  - name: node
    rules:
      - alert: NodeExporterDown
        expr: up{job="node-exporter"} == 0
        for: 5m
""" + alert_meta()
BAD_TEMPLATE = GOOD.replace("summary: The exporter is down.", 'summary: "{{ $labels.instance } is down"')


def test_gate_passes_good_rules(repo):
    repo.write("alerts/node/node.rules.yaml", GOOD)
    result = repo.run("gate")
    assert result.findings == []
    (promtool,) = [r for r in result.checks if r.check.name == "promtool-rules"]
    assert promtool.ran and promtool.engine.startswith("promtool 2.42")


def test_gate_reports_what_only_promtool_sees_at_its_line(repo):
    repo.write("alerts/node/node.rules.yaml", GOOD.replace("NodeExporterDown", "NodeExporterMissing"))
    repo.write("alerts/kubernetes/pods.rules.yaml", BAD_TEMPLATE)
    result = repo.run("gate")
    assert [(f.code, f.path, f.line) for f in result.findings] == [("WK110", "alerts/kubernetes/pods.rules.yaml", 11)]
    assert result.findings[0].message == (
        'group "node", rule 1, "NodeExporterDown": annotation "summary": template: __alert_NodeExporterDown:1: '
        'unexpected "}" in operand'
    )
    assert result.exit_code == 1


def test_syntax_errors_are_reported_once_by_the_offline_check(repo):
    repo.write("alerts/kubernetes/pods.rules.yaml", GOOD.replace('up{job="node-exporter"} == 0', "sum(up by (job) == 0"))
    result = repo.run("gate")
    assert [(f.code, f.line) for f in result.findings] == [("WK201", 5)]
    (promtool,) = [r for r in result.checks if r.check.name == "promtool-rules"]
    assert promtool.findings == []


def test_lint_does_not_run_promtool(repo):
    repo.write("alerts/kubernetes/pods.rules.yaml", BAD_TEMPLATE)
    assert repo.findings("lint") == []


def test_missing_promtool_fails_loudly(repo, tmp_path_factory):
    repo.write("alerts/node/node.rules.yaml", GOOD)
    empty = tmp_path_factory.mktemp("empty")
    tools = Toolbox(repo.root, {"promtool": "2.42.0"}, dirs=[], search_path=str(empty))
    result = repo.run("gate", tools=tools)
    assert [(f.code, f.path, f.line) for f in result.findings] == [("WK090", "watchkeeper.yaml", 13)]
    (promtool,) = [r for r in result.checks if r.check.name == "promtool-rules"]
    assert not promtool.ran and promtool.engine == "none"
    assert result.exit_code == 1


def test_version_differing_from_pin_is_a_warning(repo):
    repo.write("watchkeeper.yaml", (repo.root / "watchkeeper.yaml").read_text().replace("promtool: 2.42.0", "promtool: 3.5.0"))
    result = repo.run("gate")
    assert [(f.code, f.severity.value, f.line) for f in result.findings] == [("WK092", "warning", 13)]


def test_parse_output_reads_real_promtool_text():
    stderr = (
        "  FAILED:\n"
        'alerts/a.rules.yaml: 5:15: group "bad", rule 1, "Broken": could not parse expression: 1:17: parse error: '
        "unexpected <by> in aggregation\n"
        "  FAILED:\n"
        "alerts/b.rules.yaml: yaml: line 3: did not find expected key\n"
    )
    findings = parse_output(stderr, {"alerts/a.rules.yaml": None, "alerts/b.rules.yaml": None})
    assert [(f.path, f.line, f.column) for f in findings] == [("alerts/a.rules.yaml", 5, 15), ("alerts/b.rules.yaml", 3, None)]


@pytest.mark.parametrize("count", [25])
def test_many_files_one_call(repo, count, monkeypatch):
    calls = []
    import watchkeeper.checks.promtool_rules as module

    real = module.run_tool

    def counting(tool, args, **kwargs):
        calls.append(args)
        return real(tool, args, **kwargs)

    monkeypatch.setattr(module, "run_tool", counting)
    for i in range(count):
        repo.write(f"alerts/family{i}/family{i}.rules.yaml",
                   GOOD.replace("name: node", f"name: node-{i}").replace("NodeExporterDown", f"Family{i}ExporterDown"))
    assert repo.run("gate").findings == []
    assert len(calls) == 1 and len([a for a in calls[0] if a.endswith(".rules.yaml")]) == count


def test_tool_dirs_are_searched_before_path(tmp_path: Path):
    bin_dir = tmp_path / ".tools" / "bin"
    bin_dir.mkdir(parents=True)
    fake = bin_dir / "kubeconform"
    fake.write_text("#!/bin/sh\necho v0.7.0\n")
    fake.chmod(0o755)
    tool = Toolbox(tmp_path, {"kubeconform": "0.7.0"}, search_path="").get("kubeconform")
    assert (tool.path, tool.version, tool.version_matches) == (str(fake), "0.7.0", True)
