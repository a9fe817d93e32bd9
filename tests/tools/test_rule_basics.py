"""Rule-file basics: each code with a failing and a passing input, at the exact line."""

from __future__ import annotations

import pytest

PATH = "alerts/monitoring/prometheus.rules.yaml"

GOOD = """\
groups:
  - name: prometheus-rules
    interval: 1m
    rules:
      - record: job:prometheus_rule_evaluation_failures:rate5m
        expr: sum by (job) (rate(prometheus_rule_evaluation_failures_total[5m]))
      - alert: PrometheusRuleEvaluationFailures
        expr: job:prometheus_rule_evaluation_failures:rate5m > 0
        for: 15m
        keep_firing_for: 5m
        labels:
          severity: critical
          team: sre
        annotations:
          summary: Prometheus fails to evaluate rules.
          description: Rules of some groups fail to evaluate.
          runbook_url: https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/tiny.md
  - name: prometheus-notifications
    rules:
      - alert: PrometheusNotificationsFailing
        expr: rate(prometheus_notifications_errors_total[5m]) > 0
        for: 1m
        labels:
          severity: critical
          team: sre
        annotations:
          summary: Prometheus cannot reach Alertmanager.
          description: Notifications fail.
          runbook_url: https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/tiny.md
"""


def test_good_rule_file_passes(repo):
    repo.write(PATH, GOOD)
    assert repo.findings() == []


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [
        pytest.param("name: prometheus-notifications", "name: prometheus-rules", "WK101", 18, id="duplicate-group"),
        pytest.param("        expr: rate(prometheus_notifications_errors_total[5m]) > 0\n", "", "WK102", 20, id="missing-expr"),
        pytest.param("expr: rate(prometheus_notifications_errors_total[5m]) > 0", 'expr: "  "', "WK102", 20, id="empty-expr"),
        pytest.param("for: 15m", "for: 1.5h", "WK103", 9, id="decimal-for"),
        pytest.param("keep_firing_for: 5m", "keep_firing_for: 5 m", "WK103", 10, id="spaced-keep-firing"),
        pytest.param("interval: 1m", "interval: 1m30", "WK103", 3, id="group-interval"),
        pytest.param("- alert: PrometheusNotificationsFailing", "- name: PrometheusNotificationsFailing", "WK104", 20,
                     id="neither-alert-nor-record"),
        pytest.param("        expr: sum by (job)", "        for: 5m\n        expr: sum by (job)", "WK104", 6, id="record-with-for"),
        pytest.param("- alert: PrometheusNotificationsFailing", "- alert: PrometheusRuleEvaluationFailures", "WK105", 20,
                     id="duplicate-alert"),
        pytest.param("        for: 1m\n", "", "WK106", 20, id="alert-without-for"),
    ],
)
def test_rule_basics_catch(repo, old, new, code, line):
    assert old in GOOD
    repo.write(PATH, GOOD.replace(old, new, 1))
    found = [(c, ln) for c, p, ln in repo.findings() if c != "WK021"]
    assert found == [(code, line)]


def test_duplicate_with_other_labels_is_fine(repo):
    repo.write(PATH, GOOD.replace("- alert: PrometheusNotificationsFailing", "- alert: PrometheusRuleEvaluationFailures"))
    assert [f.code for f in repo.run().findings] == ["WK105"]
    distinct = GOOD.replace("- alert: PrometheusNotificationsFailing", "- alert: PrometheusRuleEvaluationFailures").replace(
        "for: 1m\n        labels:\n          severity: critical", "for: 1m\n        labels:\n          severity: warning"
    )
    repo.write(PATH, distinct)
    assert repo.findings() == []


def test_duplicates_across_files(repo):
    repo.write(PATH, GOOD)
    repo.write("alerts/monitoring/prometheus-copy.rules.yaml", GOOD.replace("name: prometheus-rules", "name: prometheus-copy"))
    findings = repo.run().findings
    assert [(f.code, f.path, f.line) for f in findings] == [
        ("WK108", "alerts/monitoring/prometheus.rules.yaml", 5),
        ("WK108", "alerts/monitoring/prometheus.rules.yaml", 7),
        ("WK108", "alerts/monitoring/prometheus.rules.yaml", 20),
    ]
    assert findings[0].message.endswith("is also defined in alerts/monitoring/prometheus-copy.rules.yaml")


def test_several_documents_only_for_manifests(repo):
    repo.write(PATH, GOOD + "---\n" + GOOD)
    assert repo.findings() == [("WK107", PATH, 31)]
    manifest = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: prometheus\nspec:\n" + "".join(
        "  " + line + "\n" for line in GOOD.splitlines())
    repo.write(PATH, manifest + "---\n" + manifest.replace("name: prometheus\n", "name: prometheus-2\n"))
    assert repo.findings() == []


def test_manifest_rules_are_checked_at_their_lines(repo):
    manifest = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: prometheus\nspec:\n" + "".join(
        "  " + line + "\n" for line in GOOD.replace("        for: 15m\n", "").splitlines())
    repo.write(PATH, manifest)
    assert repo.findings() == [("WK106", PATH, 12)]


def test_invalid_duration_message_matches_prometheus(repo):
    repo.write(PATH, GOOD.replace("for: 15m", "for: 1.5h"))
    (finding,) = repo.run().findings
    assert finding.message == 'for: not a valid duration string: "1.5h"'
