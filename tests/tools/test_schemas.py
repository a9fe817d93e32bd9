"""JSON Schema validation of each data kind, with errors at the offending line."""

from __future__ import annotations

import pytest
from conftest import LITELLM_SLO

GOOD_SLO = LITELLM_SLO

GOOD_INVENTORY = """\
exporter: prometheus
title: Prometheus server self-metrics
version: "3.14.0"
source: https://github.com/prometheus/prometheus/tree/v3.14.0
metrics:
  - name: prometheus_rule_evaluation_failures_total
    type: counter
    help: Rule evaluations that failed.
    labels: [rule_group]
"""

GOOD_TEST = """\
rule_files:
  - prometheus.rules.yaml
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: prometheus_rule_evaluation_failures_total{rule_group="a"}
        values: 0+1x30
    alert_rule_test:
      - eval_time: 20m
        alertname: PrometheusRuleEvaluationFailures
        exp_alerts: []
"""

GOOD_WAIVERS = """\
waivers:
  - code: WK105
    path: alerts/**/*.rules.yaml
    owner: sre
    reason: Both series are kept until the legacy exporter is retired.
    expires: "2027-03-31"
"""


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("slo-catalog/litellm-gateway.yaml", GOOD_SLO),
        ("metrics/prometheus.yaml", GOOD_INVENTORY),
        ("alerts/monitoring/prometheus.test.yaml", GOOD_TEST),
    ],
)
def test_good_files_pass(repo, path, content):
    repo.write(path, content)
    assert repo.findings() == []


@pytest.mark.parametrize(
    ("path", "content", "old", "new", "line", "message"),
    [
        ("slo-catalog/litellm-gateway.yaml", GOOD_SLO, "objective: 99.9", "objective: 120", 8,
         "slos[0].objective: 120 is greater than the maximum of 100"),
        ("metrics/prometheus.yaml", GOOD_INVENTORY, "type: counter", "type: countr", 7,
         "metrics[0].type: 'countr' is not one of"),
        ("metrics/prometheus.yaml", GOOD_INVENTORY, "source: https://github.com/prometheus/prometheus/tree/v3.14.0",
         "source: not a url", 4, "source: 'not a url' is not a 'uri'"),
        ("alerts/monitoring/prometheus.test.yaml", GOOD_TEST, "eval_time: 20m", "eval_time: 20 minutes", 10,
         "tests[0].alert_rule_test[0].eval_time: '20 minutes' does not match"),
        ("waivers.yaml", GOOD_WAIVERS, 'expires: "2027-03-31"', "expires: next spring", 6,
         "waivers[0].expires: 'next spring' is not a 'date'"),
        ("watchkeeper.yaml", None, "pages: true", "pages: sometimes", 8,
         "severities[0].pages: 'sometimes' is not of type 'boolean'"),
    ],
)
def test_schema_violation_at_its_line(repo, path, content, old, new, line, message):
    content = content if content is not None else (repo.root / path).read_text()
    assert old in content
    repo.write(path, content.replace(old, new, 1))
    (finding,) = repo.run().findings
    assert (finding.code, finding.path, finding.line) == ("WK020", path, line)
    assert finding.message.startswith(message)


def test_missing_required_key_points_at_its_mapping(repo):
    repo.write("metrics/prometheus.yaml", GOOD_INVENTORY.replace("    help: Rule evaluations that failed.\n", ""))
    (finding,) = repo.run().findings
    assert (finding.code, finding.line, finding.message) == ("WK020", 6, "metrics[0]: 'help' is a required property")


def test_unknown_key_points_at_key_with_suggestion(repo):
    repo.write("slo-catalog/litellm-gateway.yaml", GOOD_SLO.replace("page_alert:", "pageAlert:"))
    (finding,) = repo.run().findings
    assert (finding.code, finding.path, finding.line, finding.column) == ("WK021", "slo-catalog/litellm-gateway.yaml", 15, 7)
    assert finding.message == "unknown key 'pageAlert' in slos[0].alerting"
    assert finding.hint == "did you mean 'page_alert'?"


def test_unknown_key_in_rule_file(repo):
    repo.write(
        "alerts/node/node.rules.yaml",
        """\
        groups:
          - name: node
            rules:
              - alert: NodeDown
                expr: up{job="node-exporter"} == 0
                for: 5m
                annotation:
                  summary: Node exporter is down.
        """,
    )
    assert repo.findings() == [("WK021", "alerts/node/node.rules.yaml", 7)]
    assert repo.run().findings[0].hint == "did you mean 'annotations'?"
