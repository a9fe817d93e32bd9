"""PromQL checks on hand-written rules, against the metric inventory: each code, failing and passing."""

from __future__ import annotations

import pytest
from conftest import SETTINGS

PATH = "alerts/monitoring/prometheus.rules.yaml"
INVENTORY = """\
exporter: prometheus
title: Prometheus server self-metrics
version: "3.14.0"
source: https://github.com/prometheus/prometheus/tree/v3.14.0
metrics:
  - name: prometheus_notifications_errors_total
    type: counter
    help: Notifications that failed.
    labels: [alertmanager]
  - name: prometheus_notifications_queue_length
    type: gauge
    help: Notifications waiting in the queue.
    labels: [alertmanager]
  - name: prometheus_rule_evaluation_duration_histogram_seconds
    type: histogram
    help: Time to evaluate one rule.
    buckets: [0.01, 0.1, 1, 10]
"""
RULES = """\
groups:
  - name: prometheus
    rules:
      - record: instance:prometheus_notifications_errors:rate5m
        expr: sum by (job, instance) (rate(prometheus_notifications_errors_total{job="prometheus"}[5m]))
      - alert: PrometheusNotificationsFailing
        expr: instance:prometheus_notifications_errors:rate5m > 0
        for: 15m
      - alert: PrometheusNotificationQueueFilling
        expr: max_over_time(prometheus_notifications_queue_length{alertmanager=~".+"}[10m]) > 100
        for: 15m
      - alert: PrometheusSlowRules
        expr: histogram_quantile(0.99, sum by (le) (rate(prometheus_rule_evaluation_duration_histogram_seconds_bucket[5m]))) > 1
        for: 15m
      - alert: PrometheusTargetDown
        expr: up{job="prometheus"} == 0 or absent(up{job="prometheus"})
        for: 5m
"""


@pytest.fixture
def stack(repo):
    repo.write("metrics/prometheus.yaml", INVENTORY)
    return repo


ONLY = ("parsing", "promql-rules")  # these fixtures are about PromQL, not alert conventions


def test_good_rules_pass(stack):
    stack.write(PATH, RULES)
    assert stack.findings(only=ONLY) == []


@pytest.mark.parametrize(("old", "new", "code", "line"), [
    pytest.param("sum by (job, instance) (rate(", "sum by (job, instance) (rate((", "WK201", 5, id="syntax"),
    pytest.param("rate(prometheus_notifications_errors_total{", "rate(prometheus_notification_errors_total{", "WK202", 5,
                 id="unknown-series"),
    pytest.param("instance:prometheus_notifications_errors:rate5m > 0", "prometheus_notifications_errors_total > 0", "WK203", 7,
                 id="counter-as-value"),
    pytest.param("max_over_time(prometheus_notifications_queue_length", "rate(prometheus_notifications_queue_length", "WK204", 10,
                 id="rate-of-gauge"),
    pytest.param('queue_length{alertmanager=~".+"}', 'queue_length{am=~".+"}', "WK205", 10, id="unknown-label"),
    pytest.param('errors_total{job="prometheus"}', 'errors_total{job=~"prometheus"}', "WK207", 5, id="plain-regex"),
    pytest.param("sum by (le) (rate(", "sum by (job) (rate(", "WK209", 13, id="quantile-drops-le"),
    pytest.param("duration_histogram_seconds_bucket[5m]", "duration_histogram_seconds_count[5m]", ("WK205", "WK209"), 13,
                 id="quantile-of-count"),  # _count has no le to group by, and is not a bucket
    pytest.param("sum by (job, instance) (rate(", "sum by (job, instnace) (rate(", "WK205", 5, id="unknown-by-label"),
    pytest.param("sum by (le) (rate(", "sum without (am) (rate(", "WK205", 13, id="unknown-without-label"),
    pytest.param("errors_total{job=\"prometheus\"}[5m]", "errors_total{job=\"prometheus\"}[45s]", "WK213", 5,
                 id="rate-range-under-two-scrapes"),
    pytest.param('rate(prometheus_notifications_errors_total{job="prometheus"}',
                 'rate({__name__=~"prometheus_notifications_errors_total|prometheus_notifications_sent_total", job="prometheus"}',
                 "WK215", 5, id="rate-drops-the-name-of-a-name-regex"),
    pytest.param("instance:prometheus_notifications_errors:rate5m > 0", "instance:prometheus_notifications_errors:rate5m", "WK210", 7,
                 id="alert-without-condition"),
])
def test_promql_checks_catch(stack, old, new, code, line):
    assert old in RULES
    stack.write(PATH, RULES.replace(old, new, 1))
    codes = code if isinstance(code, tuple) else (code,)
    assert stack.findings(only=ONLY) == [(c, PATH, line) for c in codes]


@pytest.mark.parametrize("expr", [
    "min by (job) (max_over_time(prometheus_notifications_queue_length[5m]) == 0)",
    'label_replace(prometheus_notifications_queue_length > 100, "am", "$1", "alertmanager", "(.*)")',
])
def test_conditions_inside_aggregations_and_functions_count(stack, expr):
    stack.write(PATH, RULES.replace("instance:prometheus_notifications_errors:rate5m > 0", expr))
    assert stack.findings(only=ONLY) == []


ALERT_EXPR = "instance:prometheus_notifications_errors:rate5m > 0"  # line 7


@pytest.mark.parametrize(("expr", "code"), [
    pytest.param("prometheus_notifications_queue_length * on (instance) group_left (alertmanger) "
                 "prometheus_notifications_queue_length > 0", "WK205", id="unknown-group-left-label"),
    pytest.param("prometheus_notifications_queue_length * on (instance) group_left (alertmanager) "
                 "prometheus_notifications_queue_length > 0", None, id="known-group-left-label"),
    pytest.param("instance:prometheus_notifications_errors:rate5m / on (alertmanager) "
                 "sum by (alertmanager) (prometheus_notifications_queue_length) > 0", "WK212",
                 id="join-on-label-the-recording-dropped"),
    pytest.param("instance:prometheus_notifications_errors:rate5m / on (instance) "
                 "sum by (instance) (prometheus_notifications_queue_length) > 0", None, id="join-on-label-the-recording-kept"),
    pytest.param("sum by (job) (instance:prometheus_notifications_errors:rate5m) "
                 "/ sum by (instance) (prometheus_notifications_queue_length) > 0", "WK212",
                 id="sides-aggregated-by-different-labels"),
    pytest.param("sum by (job) (instance:prometheus_notifications_errors:rate5m) "
                 "/ sum by (job) (prometheus_notifications_queue_length) > 0", None, id="sides-aggregated-alike"),
    pytest.param("sum by (alertmanager) (sum by (job) (prometheus_notifications_queue_length)) > 0", "WK212",
                 id="group-by-label-aggregated-away"),
    pytest.param("sum by (am) (instance:prometheus_notifications_errors:rate5m) > 0", "WK205",
                 id="by-label-the-recording-never-had"),
    pytest.param('label_replace(prometheus_notifications_queue_length, "am", "$1", "alertmanager", "(.*)") '
                 "* on (am) group_left () sum by (am) (label_replace(prometheus_notifications_queue_length, "
                 '"am", "$1", "alertmanager", "(.*)")) > 0', None, id="label-written-by-label-replace"),
])
def test_labels_through_aggregations_and_joins(stack, expr, code):
    stack.write(PATH, RULES.replace(ALERT_EXPR, expr))
    assert stack.findings(only=ONLY) == ([(code, PATH, 7)] if code else [])


def test_open_label_families_are_not_checked(stack):
    stack.write("metrics/prometheus.yaml", INVENTORY.replace(
        "    labels: [alertmanager]\n", "    labels: [alertmanager]\n    open_labels: set at the call site\n", 1))
    stack.write(PATH, RULES.replace(ALERT_EXPR, "sum by (reason) (rate(prometheus_notifications_errors_total[5m])) > 0"))
    assert stack.findings(only=ONLY) == []
    stack.write("metrics/prometheus.yaml", INVENTORY)
    assert stack.findings(only=ONLY) == [("WK205", PATH, 7)]


def test_range_is_measured_against_the_configured_scrape_interval(stack):
    rules = RULES.replace('errors_total{job="prometheus"}[5m]', 'errors_total{job="prometheus"}[1m]')
    stack.write(PATH, rules)
    assert stack.findings(only=ONLY) == []  # 1m = 2 x the default 30s
    stack.write("watchkeeper.yaml", SETTINGS + "prometheus:\n  scrape_interval: 1m\n")
    findings = stack.run(only=ONLY).findings
    assert [(f.code, f.line) for f in findings] == [("WK213", 5)]
    assert findings[0].message == "rate() over 1m sees fewer than two samples at a 1m scrape interval"
    assert findings[0].hint == "use at least [4m]"


def test_recording_read_before_the_group_records_it(stack):
    moved = RULES.replace("""      - record: instance:prometheus_notifications_errors:rate5m
        expr: sum by (job, instance) (rate(prometheus_notifications_errors_total{job="prometheus"}[5m]))
""", "").replace("""        for: 5m
""", """        for: 5m
      - record: instance:prometheus_notifications_errors:rate5m
        expr: sum by (job, instance) (rate(prometheus_notifications_errors_total{job="prometheus"}[5m]))
""")
    stack.write(PATH, moved)
    findings = stack.run(only=ONLY).findings
    assert [(f.code, f.line) for f in findings] == [("WK214", 5)]
    assert "records further down (line 16)" in findings[0].message
    stack.write(PATH, RULES)
    assert stack.findings(only=ONLY) == []


@pytest.mark.parametrize("expr", [
    'sum({__name__=~"prometheus_notifications_errors_total|prometheus_notifications_queue_length"}) > 0',
    'last_over_time({__name__=~"prometheus_notifications_errors_total|prometheus_notifications_queue_length"}[5m]) > 0',
    'rate({__name__="prometheus_notifications_errors_total"}[5m]) > 0',
])
def test_name_regexes_that_keep_their_names_are_fine(stack, expr):
    stack.write(PATH, RULES.replace(ALERT_EXPR, expr))
    assert [f for f in stack.findings(only=ONLY) if f[0] == "WK215"] == []


def test_quantile_of_joined_buckets_is_fine(stack):
    stack.write(PATH, RULES.replace(
        "sum by (le) (rate(prometheus_rule_evaluation_duration_histogram_seconds_bucket[5m]))",
        "sum by (le, instance) (rate(prometheus_rule_evaluation_duration_histogram_seconds_bucket[5m]))"
        " * on (instance) group_left (alertmanager) prometheus_notifications_queue_length"))
    assert stack.findings(only=ONLY) == []


def test_template_label_dropped_by_aggregation(stack):
    rules = RULES.replace("""      - alert: PrometheusNotificationQueueFilling
        expr: max_over_time(prometheus_notifications_queue_length{alertmanager=~".+"}[10m]) > 100
        for: 15m
""", """      - alert: PrometheusNotificationQueueFilling
        expr: max by (job) (max_over_time(prometheus_notifications_queue_length[10m])) > 100
        for: 15m
        annotations:
          summary: "{{ $labels.job }}: the queue to {{ $labels.alertmanager }} is filling."
""")
    stack.write(PATH, rules)
    findings = stack.run(only=ONLY).findings
    assert [(f.code, f.line) for f in findings] == [("WK211", 13)]
    assert findings[0].message == "annotation 'summary' uses $labels.alertmanager, which the expression aggregates away (left: job)"
    stack.write(PATH, rules.replace("max by (job)", "max by (job, alertmanager)"))
    assert stack.findings(only=ONLY) == []


def test_recording_rule_name_form(stack):
    stack.write(PATH, RULES.replace("instance:prometheus_notifications_errors:rate5m", "notification_errors_rate"))
    assert stack.findings(only=ONLY) == [("WK206", PATH, 4)]


def test_value_in_alert_labels(stack):
    stack.write(PATH, RULES.replace("        for: 15m\n", "        for: 15m\n        labels:\n          ratio: '{{ $value }}'\n", 1))
    assert stack.findings(only=ONLY) == [("WK208", PATH, 10)]


def test_real_regexes_are_fine(stack):
    stack.write(PATH, RULES.replace('errors_total{job="prometheus"}', 'errors_total{job=~"prometheus|prometheus-k8s"}'))
    assert stack.findings(only=ONLY) == []


def test_unknown_series_suggests_the_inventory_name(stack):
    stack.write(PATH, RULES.replace("rate(prometheus_notifications_errors_total{", "rate(prometheus_notifications_errors{"))
    (finding,) = stack.run(only=ONLY).findings
    assert finding.hint == "did you mean 'prometheus_notifications_errors_total'?"


def test_counting_counter_series_is_fine(stack):
    stack.write(PATH, RULES.replace("instance:prometheus_notifications_errors:rate5m > 0",
                                    "count(prometheus_notifications_errors_total) > 0"))
    assert stack.findings(only=ONLY) == []


def test_without_inventory_only_syntax_is_checked(repo):
    repo.write(PATH, RULES.replace("rate(prometheus_notifications_errors_total{", "rate(anything_total{"))
    assert repo.findings(only=ONLY) == []
    repo.write(PATH, RULES.replace("sum by (job, instance) (rate(", "sum by (job, instance) (rate(("))
    assert repo.findings(only=ONLY) == [("WK201", PATH, 5)]


BLOCK = """\
groups:
  - name: prometheus
    rules:
      - alert: PrometheusNotificationErrorsHigh
        expr: |
          sum by (job, instance) (rate(prometheus_notifications_errors_total[5m]))
          /
          sum by (job, instance) (rate(prometheus_notifications_queue_length[5m]))
          > 0.01
        for: 15m
"""


def test_findings_inside_a_literal_block_point_at_their_own_line(stack):
    stack.write(PATH, BLOCK)
    assert stack.findings(only=ONLY) == [("WK204", PATH, 8)]  # rate() of the gauge, third line of the block
    stack.write(PATH, BLOCK.replace("(job, instance) (rate(prometheus_notifications_queue_length", "(job, instnace) (rate("
                                    "prometheus_notifications_queue_length").replace("rate(prometheus_notifications_queue_length",
                                                                                    "max_over_time(prometheus_notifications_queue_length"))
    # the misspelt label, on its line; and the division, whose sides now keep different labels
    assert stack.findings(only=ONLY) == [("WK212", PATH, 5), ("WK205", PATH, 8)]


def test_folded_expressions_are_reported_at_their_first_line(stack):
    stack.write(PATH, BLOCK.replace("expr: |", "expr: >-"))
    assert stack.findings(only=ONLY) == [("WK204", PATH, 5)]
