"""Every hand-written alert has a promtool test; test files load rule files that exist."""

from __future__ import annotations

from conftest import alert_meta

RULES = """\
groups:
  - name: node
    rules:
      - alert: NodeExporterDown
        expr: up{job="node-exporter"} == 0
        for: 5m
""" + alert_meta() + """\
      - alert: NodeFilesystemAlmostFull
        expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05
        for: 30m
""" + alert_meta()
TESTS = """\
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
      - eval_time: 10m
        alertname: NodeFilesystemAlmostFull
        exp_alerts: []
"""


def run(repo):
    return [(f.code, f.path, f.line) for f in repo.run(skip=("runbooks", "metric-inventory")).findings]


def test_every_alert_tested(repo):
    repo.write("alerts/node/node.rules.yaml", RULES)
    repo.write("alerts/node/node.test.yaml", TESTS)
    assert run(repo) == []


def test_untested_alert_is_found_at_its_line(repo):
    repo.write("alerts/node/node.rules.yaml", RULES)
    repo.write("alerts/node/node.test.yaml", TESTS.replace("alertname: NodeFilesystemAlmostFull", "alertname: NodeExporterDown"))
    assert run(repo) == [("WK130", "alerts/node/node.rules.yaml", 14)]


def test_a_test_of_another_rule_file_does_not_count(repo):
    repo.write("alerts/node/node.rules.yaml", RULES)
    repo.write("alerts/node/other.rules.yaml", RULES.replace("name: node\n", "name: other\n"))
    repo.write("alerts/node/node.test.yaml", TESTS.replace("  - node.rules.yaml", "  - other.rules.yaml"))
    # node.rules.yaml's alerts are untested; other.rules.yaml repeats them (WK108) and is the tested one.
    assert [(c, p) for c, p, line in run(repo)] == [("WK130", "alerts/node/node.rules.yaml")] * 2 + [
        ("WK108", "alerts/node/other.rules.yaml")] * 2


def test_missing_rule_file(repo):
    repo.write("alerts/node/node.rules.yaml", RULES)
    repo.write("alerts/node/node.test.yaml", TESTS.replace("  - node.rules.yaml", "  - node.rules.yaml\n  - ../gpu/gpu.rules.yaml"))
    assert run(repo) == [("WK131", "alerts/node/node.test.yaml", 3)]


def test_relative_paths_resolve_from_the_test_file(repo):
    repo.write("alerts/node/node.rules.yaml", RULES)
    repo.write("alerts/tests/node.test.yaml", TESTS.replace("  - node.rules.yaml", "  - ../node/node.rules.yaml"))
    assert run(repo) == []


SPLIT = """\
groups:
  - name: node-recording
    rules:
      - record: instance:node_filesystem_avail:ratio
        expr: node_filesystem_avail_bytes / node_filesystem_size_bytes
  - name: node-alerts
    rules:
      - alert: NodeFilesystemAlmostFull
        expr: instance:node_filesystem_avail:ratio < 0.05
        for: 30m
""" + alert_meta()
SPLIT_TESTS = """\
rule_files:
  - node.rules.yaml
group_eval_order:
  - node-recording
  - node-alerts
tests:
  - interval: 1m
    input_series:
      - series: node_filesystem_avail_bytes{instance="a"}
        values: 1x40
      - series: node_filesystem_size_bytes{instance="a"}
        values: 100x40
    alert_rule_test:
      - eval_time: 40m
        alertname: NodeFilesystemAlmostFull
        exp_alerts: []
"""


def test_groups_reading_each_others_recordings_in_a_fixed_order_pass(repo):
    repo.write("alerts/node/node.rules.yaml", SPLIT)
    repo.write("alerts/node/node.test.yaml", SPLIT_TESTS)
    assert run(repo) == []


def test_groups_left_in_random_order(repo):
    repo.write("alerts/node/node.rules.yaml", SPLIT)
    repo.write("alerts/node/node.test.yaml", SPLIT_TESTS.replace("group_eval_order:\n  - node-recording\n  - node-alerts\n", ""))
    findings = repo.run(skip=("runbooks", "metric-inventory")).findings
    assert [(f.code, f.path, f.line) for f in findings] == [("WK132", "alerts/node/node.test.yaml", 1)]
    assert findings[0].message == "group 'node-alerts' reads recordings of 'node-recording', and group_eval_order does not exist"


def test_groups_in_the_wrong_order(repo):
    repo.write("alerts/node/node.rules.yaml", SPLIT)
    repo.write("alerts/node/node.test.yaml", SPLIT_TESTS.replace("  - node-recording\n  - node-alerts\n",
                                                                 "  - node-alerts\n  - node-recording\n"))
    assert run(repo) == [("WK132", "alerts/node/node.test.yaml", 3)]


def test_independent_groups_need_no_order(repo):
    repo.write("alerts/node/node.rules.yaml", SPLIT.replace("expr: instance:node_filesystem_avail:ratio < 0.05",
                                                            "expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05"))
    repo.write("alerts/node/node.test.yaml", SPLIT_TESTS.replace("group_eval_order:\n  - node-recording\n  - node-alerts\n", ""))
    assert run(repo) == []
