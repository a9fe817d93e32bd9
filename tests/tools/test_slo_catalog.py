"""SLO catalog checks: each code with a failing and a passing input, at the exact line."""

from __future__ import annotations

import pytest
from conftest import LITELLM_SLO

PATH = "slo-catalog/litellm-gateway.yaml"
TIERS = """\
slo:
  period: 30d
  tiers:
    "2":
      min_objective: 99
      max_objective: 99.95
"""
INVENTORY = """\
exporter: litellm
title: LiteLLM proxy
version: "1.109.1"
source: https://github.com/BerriAI/litellm/blob/v1.109.1/litellm/integrations/prometheus.py
metrics:
  - name: litellm_proxy_failed_requests_metric_total
    type: counter
    help: Requests the proxy answered with an error.
    labels: [team, requested_model, exception_status]
  - name: litellm_proxy_total_requests_metric_total
    type: counter
    help: Requests the proxy received.
    labels: [team, requested_model, status_code]
  - name: litellm_request_total_latency_metric
    type: histogram
    help: End-to-end request latency.
    unit: seconds
    labels: [team, requested_model]
    buckets: [0.5, 1.0, 30.0, 60.0]
"""
GOOD = """\
version: "prometheus/v1"
service: litellm-gateway
labels:
  team: sre
  tier: "2"
slos:
  - name: requests-availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(litellm_proxy_failed_requests_metric_total[{{.window}}]))
        total_query: sum(rate(litellm_proxy_total_requests_metric_total[{{.window}}]))
    alerting:
      name: LiteLLMGatewayAvailabilityBudgetBurn
      page_alert:
        labels:
          severity: critical
      ticket_alert:
        labels:
          severity: warning
  - name: requests-latency
    objective: 99
    sli:
      events:
        error_query: >-
          sum(rate(litellm_request_total_latency_metric_count[{{.window}}]))
          - sum(rate(litellm_request_total_latency_metric_bucket{le="30.0"}[{{.window}}]))
        total_query: sum(rate(litellm_request_total_latency_metric_count[{{.window}}]))
    alerting:
      name: LiteLLMGatewayLatencyBudgetBurn
      page_alert:
        labels:
          severity: critical
      ticket_alert:
        labels:
          severity: warning
"""


@pytest.fixture
def catalog(repo):
    repo.write("watchkeeper.yaml", (repo.root / "watchkeeper.yaml").read_text() + TIERS)
    repo.write("metrics/litellm.yaml", INVENTORY)
    return repo


def test_good_catalog_passes(catalog):
    catalog.write(PATH, GOOD)
    assert catalog.findings() == []


@pytest.mark.parametrize(("old", "new", "code", "lines"), [
    pytest.param("objective: 99.9", "objective: 95", "WK302", [8], id="below-tier"),
    pytest.param("objective: 99.9", "objective: 100", "WK302", [8], id="no-budget"),
    pytest.param("_total[{{.window}}]))\n        total", "_total[5m]))\n        total", "WK303", [11], id="window-missing"),
    pytest.param("sum(rate(litellm_proxy_total_requests_metric_total[{{.window}}]))",
                 "sum(rate(litellm_proxy_total_requests_metric_total[{{.window}}])", "WK304", [12], id="unparsable"),
    pytest.param("rate(litellm_proxy_failed_requests_metric_total[", "rate(litellm_proxy_failed_requests_metric[", "WK305", [11],
                 id="unknown-metric"),
    pytest.param("sum(rate(litellm_proxy_failed_requests_metric_total[",
                 'sum(rate({__name__=~"litellm_proxy_failed_requests_metric_total|litellm_deployment_failure_responses_total"}[',
                 "WK215", [11], id="name-regex-under-rate"),
    pytest.param("  - name: requests-latency", "  - name: requests-availability", "WK306", [21], id="duplicate-id"),
    pytest.param('  tier: "2"\n', "", "WK307", [6, 20], id="missing-tier"),
    pytest.param("  team: sre", "  team: platform", "WK307", [7, 21], id="unknown-team"),
    pytest.param("      page_alert:\n        labels:\n          severity: critical\n",
                 "      page_alert:\n        labels:\n          severity: warning\n", "WK308", [15], id="page-does-not-page"),
    pytest.param("      ticket_alert:\n        labels:\n          severity: warning\n", "", "WK308", [13], id="ticket-without-severity"),
])
def test_catalog_checks_catch(catalog, old, new, code, lines):
    assert old in GOOD
    catalog.write(PATH, GOOD.replace(old, new, 1 if code != "WK307" else -1))
    assert catalog.findings() == [(code, PATH, line) for line in lines]


def test_unknown_metric_hint(catalog):
    catalog.write(PATH, GOOD.replace("rate(litellm_proxy_failed_requests_metric_total[", "rate(litellm_proxy_failed_requests_metric["))
    (finding,) = catalog.run().findings
    assert finding.hint == "did you mean 'litellm_proxy_failed_requests_metric_total'?"


def test_duplicate_across_files_names_the_first(catalog):
    catalog.write(PATH, GOOD)
    catalog.write("slo-catalog/litellm-gateway-copy.yaml", GOOD)
    findings = catalog.run().findings
    assert {(f.code, f.path) for f in findings} == {("WK306", PATH)}
    assert "already defined in slo-catalog/litellm-gateway-copy.yaml" in findings[0].message


def test_disabled_alerts_need_no_severity(catalog):
    catalog.write(PATH, GOOD.replace("      ticket_alert:\n        labels:\n          severity: warning\n",
                                     "      ticket_alert:\n        disable: true\n"))
    assert catalog.findings() == []


def test_without_inventory_metric_names_are_not_checked(repo):
    repo.write(PATH, GOOD.replace("litellm_proxy_failed_requests_metric_total", "anything_total"))
    assert repo.findings() == []


def test_recording_rules_extend_the_inventory(catalog):
    catalog.write("alerts/ai/litellm.rules.yaml", "groups:\n  - name: litellm\n    rules:\n"
                  "      - record: team:litellm_failed_requests:rate5m\n"
                  "        expr: sum by (team) (rate(litellm_proxy_failed_requests_metric_total[5m]))\n")
    catalog.write(PATH, GOOD.replace("sum(rate(litellm_proxy_failed_requests_metric_total[{{.window}}]))",
                                     "sum(team:litellm_failed_requests:rate5m{team=\"x\"} offset {{.window}})"))
    assert catalog.findings() == []


LATENCY = GOOD.replace(
    """      events:
        error_query: >-
          sum(rate(litellm_request_total_latency_metric_count[{{.window}}]))
          - sum(rate(litellm_request_total_latency_metric_bucket{le="30.0"}[{{.window}}]))
        total_query: sum(rate(litellm_request_total_latency_metric_count[{{.window}}]))
""",
    """      latency:
        bucket: litellm_request_total_latency_metric_bucket
        le: "30.0"
        selector: route="/chat/completions"
""")


def test_latency_shorthand_passes_with_a_real_bucket(catalog):
    assert "latency:" in LATENCY
    catalog.write(PATH, LATENCY)
    assert catalog.findings() == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('le: "30.0"', 'le: "20"', [("WK309", "le 20 is not a bucket of litellm_request_total_latency_metric (0.5, 1.0, 30.0, 60.0)")]),
    ("bucket: litellm_request_total_latency_metric_bucket", "bucket: litellm_request_latency_bucket",
     [("WK305", "series 'litellm_request_latency_bucket' is not in the metric inventory"),
      ("WK305", "series 'litellm_request_latency_count' is not in the metric inventory")]),
])
def test_latency_shorthand_checks(catalog, old, new, expected):
    catalog.write(PATH, LATENCY.replace(old, new))
    findings = catalog.run().findings
    assert [(f.code, f.message) for f in findings] == expected
    assert {(f.path, f.line) for f in findings} == {(PATH, 24)}



def test_alert_dashboard_links_open_a_generated_dashboard(catalog):
    catalog.write("watchkeeper.yaml", (catalog.root / "watchkeeper.yaml").read_text() + "grafana_url: https://grafana.platform.internal\n")
    catalog.write("generated/dashboards/slo/slo-litellm-gateway.json", '{"uid": "slo-litellm-gateway"}\n')
    linked = LITELLM_SLO.replace("    alerting:\n      name: LiteLLMGatewayAvailabilityBudgetBurn\n",
                                 "    alerting:\n      name: LiteLLMGatewayAvailabilityBudgetBurn\n      annotations:\n"
                                 "        dashboard_url: https://grafana.platform.internal/d/slo-litellm-gateway\n")
    catalog.write("slo-catalog/litellm-gateway.yaml", linked)
    assert catalog.findings() == []
    catalog.write("slo-catalog/litellm-gateway.yaml", linked.replace("/d/slo-litellm-gateway", "/d/slo-litellm"))
    assert catalog.findings() == [("WK126", "slo-catalog/litellm-gateway.yaml", 16)]
