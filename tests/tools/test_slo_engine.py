"""The built-in Sloth engine, case by case from the tables of Sloth's behaviour.

Expected values are written from Sloth's documented output (numbers, names, expressions, label
precedence, YAML form), not produced by the engine itself.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from watchkeeper.slo.engine import Generator, Options
from watchkeeper.slo.goformat import format_duration_ms, format_f, format_g, go_duration, hours, parse_duration_ms
from watchkeeper.slo.model import SlothError
from watchkeeper.slo.specs import split_documents
from watchkeeper.slo.windows import DAY, DEFAULT_CATALOGUE, load_catalogue

SHOP = """\
version: "prometheus/v1"
service: shop
labels:
  owner: team-a
slos:
  - name: checkout
    objective: 99.5
    description: Checkout requests succeed.
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
    alerting:
      name: CheckoutBudgetBurn
      labels:
        category: availability
      annotations:
        runbook: https://runbooks.platform.internal/shop/checkout
      page_alert:
        labels:
          severity: critical
      ticket_alert:
        labels:
          severity: warning
"""
F = '{sloth_id="shop-checkout", sloth_service="shop", sloth_slo="checkout"}'


def generate(text: str, **options) -> str:
    return Generator(Options(version="v0.16.0", **options)).generate(textwrap.dedent(text))


def rules_of(output: str) -> dict[str, list[dict]]:
    """Group name -> rules, over every document of the output."""
    groups = {}
    for doc in yaml.safe_load_all(output):
        for group in (doc.get("spec", doc))["groups"]:
            groups[group["name"]] = group["rules"]
    return groups


def error_of(text: str, **options) -> str:
    with pytest.raises(SlothError) as caught:
        generate(text, **options)
    return str(caught.value)


# --- formatting ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "g", "f"), [
    (30.0, "30", "30"), (6.0, "6", "6"), (14.4, "14.4", "14.4"), (0.9990000000000001, "0.9990000000000001", "0.9990000000000001"),
    (1e-05, "1e-05", "0.00001"), (1234567.0, "1.234567e+06", "1234567"), (99.9, "99.9", "99.9"), (95.0, "95", "95"),
])
def test_go_float_formats(value, g, f):
    assert (format_g(value), format_f(value)) == (g, f)


@pytest.mark.parametrize(("objective", "printed"), [
    (99.9, "0.0009999999999999432"), (99.99, "0.00010000000000005117"), (95, "0.05"), (99, "0.01"), (99.5, "0.005"),
    (99.999, "1.0000000000047748e-05"),
])
def test_error_budget_ratio_digits(objective, printed):
    assert format_g((100 - objective) / 100) == printed


@pytest.mark.parametrize(("text", "printed"), [
    ("30d", "30d"), ("28d", "4w"), ("7d", "1w"), ("14d", "2w"), ("90d", "90d"), ("365d", "1y"), ("24h", "1d"),
    ("72h", "3d"), ("36h", "1d12h"), ("90m", "1h30m"), ("0", "0s"),
])
def test_prometheus_duration_printing(text, printed):
    assert format_duration_ms(parse_duration_ms(text)) == printed


def test_go_duration_in_errors():
    assert go_duration(7 * DAY) == "168h0m0s" and go_duration(90 * 60_000) == "1h30m0s"


@pytest.mark.parametrize(("period", "factors"), [
    ("30d", ["14.4", "6", "3", "1"]),
    ("28d", ["13.44", "5.6000000000000005", "2.8000000000000003", "0.9333333333333333"]),
])
def test_burn_rate_factors(period, factors):
    windows = DEFAULT_CATALOGUE[parse_duration_ms(period)]
    got = [format_g(windows.factor(w)) for w in (windows.page_quick, windows.page_slow, windows.ticket_quick, windows.ticket_slow)]
    assert got == factors


def test_hours_like_go():
    assert hours(30 * DAY) == 720.0 and hours(90 * 60_000) == 1.5


# --- custom windows -------------------------------------------------------------------------------

SEVEN_DAYS = """\
apiVersion: sloth.slok.dev/v1
kind: AlertWindows
spec:
  sloPeriod: 7d
  page:
    quick: {errorBudgetPercent: 8, shortWindow: 5m, longWindow: 1h}
    slow: {errorBudgetPercent: 12.5, shortWindow: 30m, longWindow: 6h}
  ticket:
    quick: {errorBudgetPercent: 20, shortWindow: 2h, longWindow: 1d}
    slow: {errorBudgetPercent: 42, shortWindow: 6h, longWindow: 3d}
"""


def test_custom_catalogue_replaces_the_defaults(tmp_path: Path):
    (tmp_path / "7d.yaml").write_text(SEVEN_DAYS)
    catalogue = load_catalogue(tmp_path)
    windows = catalogue[7 * DAY]
    assert list(catalogue) == [7 * DAY]
    assert [format_g(windows.factor(w)) for w in (windows.page_quick, windows.page_slow, windows.ticket_quick, windows.ticket_slow)] \
        == ["13.44", "3.5", "1.4000000000000001", "0.98"]
    output = generate(SHOP, default_period="7d", windows_path=tmp_path)
    sli = rules_of(output)["sloth-slo-sli-recordings-shop-checkout"]
    assert [r["record"] for r in sli][-1] == "slo:sli_error:ratio_rate1w"
    assert "vector(7)" in output
    assert error_of(SHOP, windows_path=tmp_path) == "invalid default slo period: window period 720h0m0s missing"


@pytest.mark.parametrize(("change", "message"), [
    (("kind: AlertWindows", "kind: Windows"), "invalid spec version"),
    (("sloPeriod: 7d", "sloPeriod: 0"), "slo period is required"),
    (("longWindow: 3d}", "longWindow: 0}"), "invalid ticket slow: long window is required"),
])
def test_custom_catalogue_errors(tmp_path: Path, change, message):
    (tmp_path / "7d.yaml").write_text(SEVEN_DAYS.replace(*change))
    with pytest.raises(SlothError, match=message):
        load_catalogue(tmp_path)


# --- prometheus/v1 generation ----------------------------------------------------------------------

def test_header_and_group_order():
    output = generate(SHOP)
    assert output.startswith("\n---\n# Code generated by Sloth (v0.16.0): https://github.com/slok/sloth.\n# DO NOT EDIT.\n\ngroups:\n- name: ")
    assert list(rules_of(output)) == ["sloth-slo-sli-recordings-shop-checkout", "sloth-slo-meta-recordings-shop-checkout",
                                      "sloth-slo-alerts-shop-checkout"]


def test_sli_recordings_for_every_window_then_the_period():
    sli = rules_of(generate(SHOP))["sloth-slo-sli-recordings-shop-checkout"]
    assert [r["labels"]["sloth_window"] for r in sli] == ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"]
    assert sli[0]["expr"] == ('(sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m])))\n/\n'
                              '(sum(rate(http_requests_total{job="checkout"}[5m])))\n')
    assert sli[-1]["expr"] == (f"sum_over_time(slo:sli_error:ratio_rate5m{F}[30d])\n/ ignoring (sloth_window)\n"
                               f"count_over_time(slo:sli_error:ratio_rate5m{F}[30d])\n")
    assert sli[0]["labels"] == {"owner": "team-a", "sloth_id": "shop-checkout", "sloth_service": "shop",
                                "sloth_slo": "checkout", "sloth_window": "5m"}


def test_disable_optimizations_uses_the_query_for_the_period():
    sli = rules_of(generate(SHOP, disable_optimizations=True))["sloth-slo-sli-recordings-shop-checkout"]
    assert sli[-1]["expr"].startswith('(sum(rate(http_requests_total{job="checkout",code=~"5.."}[30d])))\n/\n')


def test_metadata_recordings():
    meta = {r["record"]: r for r in rules_of(generate(SHOP))["sloth-slo-meta-recordings-shop-checkout"]}
    assert list(meta) == ["slo:objective:ratio", "slo:error_budget:ratio", "slo:time_period:days", "slo:current_burn_rate:ratio",
                          "slo:period_burn_rate:ratio", "slo:period_error_budget_remaining:ratio", "sloth_slo_info"]
    assert meta["slo:objective:ratio"]["expr"] == "vector(0.995)"
    assert meta["slo:error_budget:ratio"]["expr"] == "vector(1-0.995)"
    assert meta["slo:time_period:days"]["expr"] == "vector(30)"
    assert meta["slo:current_burn_rate:ratio"]["expr"] == (
        f"slo:sli_error:ratio_rate5m{F}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio{F}\n")
    assert meta["slo:period_burn_rate:ratio"]["expr"].startswith(f"slo:sli_error:ratio_rate30d{F}\n")
    assert meta["slo:period_error_budget_remaining:ratio"]["expr"] == f"1 - slo:period_burn_rate:ratio{F}"
    assert meta["sloth_slo_info"]["labels"] == {
        "owner": "team-a", "sloth_id": "shop-checkout", "sloth_service": "shop", "sloth_slo": "checkout",
        "sloth_mode": "cli-gen-prom", "sloth_spec": "prometheus/v1", "sloth_version": "v0.16.0", "sloth_objective": "99.5"}


def test_page_and_ticket_alerts():
    page, ticket = rules_of(generate(SHOP))["sloth-slo-alerts-shop-checkout"]
    assert page["alert"] == ticket["alert"] == "CheckoutBudgetBurn"
    assert "for" not in page
    assert page["expr"] == (
        "(\n"
        f"    max(slo:sli_error:ratio_rate5m{F} > (14.4 * 0.005)) without (sloth_window)\n    and\n"
        f"    max(slo:sli_error:ratio_rate1h{F} > (14.4 * 0.005)) without (sloth_window)\n"
        ")\nor\n(\n"
        f"    max(slo:sli_error:ratio_rate30m{F} > (6 * 0.005)) without (sloth_window)\n    and\n"
        f"    max(slo:sli_error:ratio_rate6h{F} > (6 * 0.005)) without (sloth_window)\n"
        ")\n")
    assert "ratio_rate2h" in ticket["expr"] and "(3 * 0.005)" in ticket["expr"] and "(1 * 0.005)" in ticket["expr"]
    assert page["labels"] == {"category": "availability", "severity": "critical", "sloth_severity": "page"}
    assert ticket["labels"] == {"category": "availability", "severity": "warning", "sloth_severity": "ticket"}
    assert page["annotations"] == {
        "runbook": "https://runbooks.platform.internal/shop/checkout",
        "summary": "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.",
        "title": "(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast."}


def test_yaml_form_matches_go_yaml():
    output = generate(SHOP.replace("owner: team-a", "owner: team-a\n  tier: 2"))
    assert "\n  - record: slo:sli_error:ratio_rate5m\n    expr: |\n      (sum(rate(" in output
    assert '      tier: "2"\n' in output  # a number in a string field is stringified, then double-quoted
    assert "    expr: 1 - slo:period_burn_rate:ratio{sloth_id=\"shop-checkout\", sloth_service=\"shop\",\n      sloth_slo=\"checkout\"}\n" in output
    assert "      title: (page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget\n        burn rate is too fast.\n" in output
    assert '      sloth_objective: "99.5"\n' in output


def test_28d_period_prints_as_weeks():
    output = generate(SHOP, default_period="28d")
    groups = rules_of(output)
    assert groups["sloth-slo-sli-recordings-shop-checkout"][-1]["record"] == "slo:sli_error:ratio_rate4w"
    assert "vector(28)" in output and "(13.44 * 0.005)" in output and "(5.6000000000000005 * 0.005)" in output
    assert "(2.8000000000000003 * 0.005)" in output and "(0.9333333333333333 * 0.005)" in output


def test_raw_sli_is_wrapped_without_newline():
    raw = SHOP.replace(
        "      events:\n        error_query: sum(rate(http_requests_total{job=\"checkout\",code=~\"5..\"}[{{.window}}]))\n"
        "        total_query: sum(rate(http_requests_total{job=\"checkout\"}[{{.window}}]))\n",
        "      raw:\n        error_ratio_query: 1 - avg_over_time(probe_success{job=\"checkout\"}[{{ .window }}])\n")
    sli = rules_of(generate(raw))["sloth-slo-sli-recordings-shop-checkout"]
    assert sli[1]["expr"] == '(1 - avg_over_time(probe_success{job="checkout"}[30m]))'


def test_label_precedence():
    text = SHOP.replace("owner: team-a", "owner: team-a\n  sloth_id: custom\n  team: shop").replace(
        "    description:", "    labels:\n      team: checkout\n    description:")
    output = generate(text, extra_labels={"team": "from-cli", "cluster": "prod-a"})
    groups = rules_of(output)
    sli = groups["sloth-slo-sli-recordings-shop-checkout"][0]
    assert sli["labels"]["sloth_id"] == "custom" and sli["labels"]["team"] == "from-cli" and sli["labels"]["cluster"] == "prod-a"
    assert 'sloth_id="shop-checkout"' in groups["sloth-slo-meta-recordings-shop-checkout"][3]["expr"]
    assert groups["sloth-slo-meta-recordings-shop-checkout"][-1]["labels"]["sloth_mode"] == "cli-gen-prom"
    page = groups["sloth-slo-alerts-shop-checkout"][0]
    assert "cluster" not in page["labels"] and "team" not in page["labels"]


def test_user_labels_can_override_sloth_severity_and_annotations():
    text = SHOP.replace("          severity: critical", "          severity: critical\n          sloth_severity: urgent\n"
                        "        annotations:\n          title: Checkout is failing")
    page = rules_of(generate(text))["sloth-slo-alerts-shop-checkout"][0]
    assert page["labels"]["sloth_severity"] == "urgent" and page["annotations"]["title"] == "Checkout is failing"


def test_prometheus_v1_keys_are_case_insensitive_and_unknown_keys_ignored():
    text = SHOP.replace("    objective: 99.5", "    Objective: 99.5").replace("page_alert:", "pageAlert:")
    page, ticket = rules_of(generate(text))["sloth-slo-alerts-shop-checkout"]
    assert "severity" not in page["labels"] and ticket["labels"]["severity"] == "warning"


@pytest.mark.parametrize(("change", "groups"), [
    ({"disable_alerts": True}, ["sloth-slo-sli-recordings-shop-checkout", "sloth-slo-meta-recordings-shop-checkout"]),
    ({"disable_recordings": True}, ["sloth-slo-alerts-shop-checkout"]),
])
def test_disable_flags(change, groups):
    assert list(rules_of(generate(SHOP, **change))) == groups


def test_disabled_page_alert_leaves_the_ticket():
    text = SHOP.replace("      page_alert:\n        labels:\n          severity: critical\n", "      page_alert:\n        disable: true\n")
    (ticket,) = rules_of(generate(text))["sloth-slo-alerts-shop-checkout"]
    assert ticket["labels"]["sloth_severity"] == "ticket"


def test_both_alerts_disabled_omits_the_group_and_nothing_at_all_is_an_error():
    text = SHOP.replace("      page_alert:\n        labels:\n          severity: critical\n", "      page_alert:\n        disable: true\n")
    text = text.replace("      ticket_alert:\n        labels:\n          severity: warning\n", "      ticket_alert:\n        disable: true\n")
    text = text.replace("      name: CheckoutBudgetBurn\n", "")  # the name is not required when both are disabled
    assert "sloth-slo-alerts-shop-checkout" not in rules_of(generate(text))
    assert error_of(text, disable_recordings=True) == "could not store SLOS: 0 SLO Prometheus rules generated"


def test_multi_document_input_gives_one_header_per_document():
    text = "# Shop SLOs\n" + SHOP + "---\n" + SHOP.replace("service: shop", "service: cart")
    output = generate(text)
    assert output.count("# Code generated by Sloth") == 2
    assert "sloth-slo-alerts-cart-checkout" in rules_of(output)


def test_split_documents_is_textual():
    assert split_documents("# comment\nversion: a\n  # kept\n---\n\n---x\nversion: b\n") == ["version: a\n  # kept", "version: b"]


# --- validation ----------------------------------------------------------------------------------

PREFIX = 'could not generate SLOs: could not generate Prometheus SLO rules: could not generate "shop-checkout" slo: slo processor failed: invalid slo "shop-checkout": '


@pytest.mark.parametrize(("old", "new", "reason"), [
    ("objective: 99.5", "objective: 0", "objective must >0 and <=100"),
    ("objective: 99.5", "objective: 100.1", "objective must >0 and <=100"),
    ("{{.window}}]))\n        total", "5m]))\n        total", "invalid SLI: sli error query template: template must contain the {{ .window }} variable"),
    ("total_query: sum(rate(http_requests_total{job=\"checkout\"}[{{.window}}]))",
     "total_query: sum(rate(http_requests_total{job=\"checkout\",code=~\"5..\"}[{{.window}}]))",
     "invalid SLI: both error and total queries can't be the same"),
    ("      name: CheckoutBudgetBurn\n", "", "invalid alert: page alert: alert name is required"),
    ("owner: team-a", "__name__: x", 'invalid SLO label key "__name__": the label key "__name__" is not allowed'),
    ("owner: team-a", 'owner: ""', 'invalid SLO label value "": the label value is required'),
    ("        runbook: https://runbooks.platform.internal/shop/checkout", '        runbook: ""',
     'invalid alert: page alert: invalid alert annotation value "": the annotation value is required'),
    ("      events:\n", "      raw:\n        error_ratio_query: x[{{.window}}]\n      events:\n",
     "invalid SLI: only one SLI type is allowed"),
    ("sum(rate(http_requests_total{job=\"checkout\"}[{{.window}}]))", "sum(rate(http_requests_total{job=\"checkout\"}[{{.window}}])",
     "invalid SLI: sli total query expression: unclosed left parenthesis"),
])
def test_validation_errors(old, new, reason):
    assert old in SHOP
    assert error_of(SHOP.replace(old, new, 1)) == PREFIX + reason


@pytest.mark.parametrize(("old", "new", "reason"), [
    ("service: shop", "service: s", 'invalid slo "s-checkout": invalid SLO service: name must start and end with an alphanumeric '
     "and can only contain alphanumeric, '.', '_', and '-'"),
    ("  - name: checkout", "  - name: check out", 'invalid slo "shop-check out": invalid SLO ID: name must start and end with an '
     "alphanumeric and can only contain alphanumeric, '.', '_', and '-'"),
])
def test_name_validation(old, new, reason):
    assert error_of(SHOP.replace(old, new)).endswith(reason)


def test_sli_missing_and_repeated_ids():
    no_sli = SHOP.split("    sli:")[0] + "    alerting:\n      name: X\n"
    assert error_of(no_sli).endswith("invalid SLI: at least one SLI type is required")
    twice = SHOP + SHOP.split("slos:\n")[1]
    assert error_of(twice) == 'could not generate SLOs: could not generate Prometheus SLO rules: SLO ID "shop-checkout" is repeated'


def test_unknown_spec_and_period():
    assert error_of('version: "prometheus/v999"\nservice: a\n') == "invalid spec, could not load with any of the supported spec types"
    assert error_of(SHOP, default_period="7d") == "invalid default slo period: window period 168h0m0s missing"
    assert error_of('version: "prometheus/v1"\nservice: shop\nslos: []\n') == "at least one SLO is required"


# --- Kubernetes ----------------------------------------------------------------------------------

K8S = """\
apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: shop
  namespace: monitoring
  labels:
    prometheus: platform
spec:
  service: shop
  labels:
    owner: team-a
  slos:
    - name: checkout
      objective: 99.5
      sli:
        events:
          errorQuery: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
          totalQuery: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
      alerting:
        name: CheckoutBudgetBurn
        pageAlert:
          labels:
            severity: critical
        page_alert:
          labels:
            ignored: "yes"
        ticketAlert:
          disable: true
"""


def test_kubernetes_spec_gives_a_prometheus_rule():
    output = generate(K8S)
    (manifest,) = yaml.safe_load_all(output)
    assert list(manifest) == ["apiVersion", "kind", "metadata", "spec"]
    assert manifest["kind"] == "PrometheusRule" and manifest["apiVersion"] == "monitoring.coreos.com/v1"
    assert manifest["metadata"] == {"labels": {"app.kubernetes.io/component": "SLO", "app.kubernetes.io/managed-by": "sloth",
                                               "prometheus": "platform"}, "name": "shop", "namespace": "monitoring"}
    groups = {g["name"]: g["rules"] for g in manifest["spec"]["groups"]}
    (page,) = groups["sloth-slo-alerts-shop-checkout"]
    assert list(page) == ["alert", "annotations", "expr", "labels"]
    assert page["labels"] == {"severity": "critical", "sloth_severity": "page"}
    assert groups["sloth-slo-meta-recordings-shop-checkout"][-1]["labels"]["sloth_spec"] == "sloth.slok.dev/v1"
    assert groups["sloth-slo-meta-recordings-shop-checkout"][-1]["labels"]["sloth_mode"] == "cli-gen-k8s"
    assert "  groups:\n  - name: sloth-slo-sli-recordings-shop-checkout\n    rules:\n    - expr: |\n" in output


def test_kubernetes_label_values_must_be_strings():
    assert "must be strings" in error_of(K8S.replace("owner: team-a", "owner: 2"))


# --- OpenSLO -------------------------------------------------------------------------------------

OPENSLO = """\
apiVersion: openslo/v1alpha
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: shop
  description: Checkout requests succeed.
  budgetingMethod: Occurrences
  timeWindows:
    - count: 28
      unit: Day
      isRolling: true
  objectives:
    - target: 0.999
      ratioMetrics:
        good:
          source: prometheus
          queryType: promql
          query: sum(rate(http_requests_total{job="checkout",code!~"5.."}[{{.window}}]))
        total:
          source: prometheus
          queryType: promql
          query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
"""


def test_openslo_objective_becomes_a_raw_slo_without_alerts():
    output = generate(OPENSLO)
    groups = rules_of(output)
    assert list(groups) == ["sloth-slo-sli-recordings-shop-checkout-availability-0", "sloth-slo-meta-recordings-shop-checkout-availability-0"]
    sli = groups["sloth-slo-sli-recordings-shop-checkout-availability-0"]
    assert sli[-1]["record"] == "slo:sli_error:ratio_rate4w"
    assert sli[0]["expr"] == ('(\n  1 - (\n    (\n      sum(rate(http_requests_total{job="checkout",code!~"5.."}[5m]))\n    )\n'
                              '    /\n    (\n      sum(rate(http_requests_total{job="checkout"}[5m]))\n    )\n  )\n)')
    info = groups["sloth-slo-meta-recordings-shop-checkout-availability-0"][-1]["labels"]
    assert info["sloth_objective"] == "99.9" and info["sloth_spec"] == "openslo/v1alpha" and info["sloth_mode"] == "cli-gen-openslo"


@pytest.mark.parametrize(("old", "new", "message"), [
    ("unit: Day", "unit: Week", "only days based time windows are supported"),
    ("count: 28", "count: 7", "could not generate SLOs: could not generate Prometheus SLO rules: the 168h0m0s SLO period time window is not supported"),
    ("      ratioMetrics:", "      ratios:", "missing ratioMetrics"),
    ("          source: prometheus\n          queryType: promql\n          query: sum(rate(http_requests_total{job=\"checkout\",code",
     "          source: graphite\n          queryType: promql\n          query: sum(rate(http_requests_total{job=\"checkout\",code",
     "prometheus or sloth query ratio 'good' source is required"),
    ("queryType: promql", "queryType: graphite", "unsupported 'good' indicator query type: graphite"),
])
def test_openslo_errors(old, new, message):
    assert old in OPENSLO
    assert error_of(OPENSLO.replace(old, new, 1)) == message


def test_libyaml_emitter_prints_what_the_python_emitter_prints(tmp_path: Path):
    """Output goes through libyaml for speed; it must stay byte-identical to PyYAML's own emitter."""
    from watchkeeper.slo import output

    class PythonDumper(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True

    PythonDumper.add_representer(str, output._represent_str)
    (tmp_path / "7d.yaml").write_text(SEVEN_DAYS)
    cases = [SHOP, SHOP.replace("owner: team-a", "owner: team-a\n  tier: 2\n  note: \"{{ $labels.x }} ok\""), OPENSLO]
    for text in cases:
        for options in ({}, {"default_period": "28d"}):
            generator = Generator(Options(version="v0.16.0", **options))
            for piece in split_documents(text):
                _, groups = generator.build(piece)
                data = output.prometheus_rule_file(groups)
                assert output.dump(data) == output.dump(data, PythonDumper)
    _, groups = Generator(Options()).build(K8S)
    manifest = output.prometheus_rule_manifest(groups, {"name": "shop", "namespace": "monitoring"})
    assert output.dump(manifest) == output.dump(manifest, PythonDumper)


def test_latency_shorthand_expands_to_events_queries():
    text = SHOP.replace(
        "      events:\n        error_query: sum(rate(http_requests_total{job=\"checkout\",code=~\"5..\"}[{{.window}}]))\n"
        "        total_query: sum(rate(http_requests_total{job=\"checkout\"}[{{.window}}]))\n",
        "      latency:\n        bucket: http_request_duration_seconds_bucket\n        le: 0.5\n        selector: job=\"checkout\"\n")
    sli = rules_of(generate(text))["sloth-slo-sli-recordings-shop-checkout"]
    assert sli[0]["expr"] == ('(sum(rate(http_request_duration_seconds_count{job="checkout"}[5m])) - '
                              '(sum(rate(http_request_duration_seconds_bucket{job="checkout", le="0.5"}[5m])) or vector(0)))\n'
                              '/\n(sum(rate(http_request_duration_seconds_count{job="checkout"}[5m])))\n')
    assert "latency SLI: bucket" in error_of(text.replace("http_request_duration_seconds_bucket", "http_request_duration_seconds"))


@pytest.mark.parametrize(("plugins", "reason"), [
    ("    plugins:\n      overridePrevious: true\n", "invalid plugins: override default plugins is set but no plugins are defined"),
    ("    plugins:\n      chain:\n        - priority: 10\n", "invalid plugins: plugin ID is required"),
])
def test_plugin_validation(plugins, reason):
    text = SHOP.replace("    sli:\n", plugins + "    sli:\n", 1)
    assert error_of(text) == PREFIX + reason


def test_slo_plugins_need_the_real_sloth():
    text = SHOP.replace("    sli:\n", "    plugins:\n      chain:\n        - id: sloth.dev/contrib/alert_for/v1\n    sli:\n", 1)
    assert error_of(text) == "SLO plugins cannot run in the built-in engine; use --engine sloth"
    noop = SHOP.replace("    sli:\n", "    plugins:\n      chain:\n        - id: sloth.dev/core/noop/v1\n    sli:\n", 1)
    assert generate(noop) == generate(SHOP)


def test_sli_plugins_need_the_real_sloth():
    text = SHOP.split("    sli:")[0] + "    sli:\n      plugin:\n        id: sloth-common/availability\n    alerting:\n      name: X\n"
    assert error_of(text) == "SLI plugins cannot run in the built-in engine; use --engine sloth"


def test_kubernetes_metadata_annotations_and_empty_namespace():
    text = K8S.replace("  namespace: monitoring\n", "  annotations:\n    owner: team-a\n")
    (manifest,) = yaml.safe_load_all(generate(text))
    assert list(manifest["metadata"]) == ["annotations", "labels", "name"]
    assert manifest["metadata"]["annotations"] == {"owner": "team-a"}


def test_openslo_rejects_several_windows_and_checks_total_source():
    two = OPENSLO.replace("  timeWindows:\n", "  timeWindows:\n    - count: 7\n      unit: Day\n")
    assert error_of(two) == "only 1 time window is supported"
    bad_total = OPENSLO[::-1].replace("suehtemorp :ecruos", "etihparg :ecruos", 1)[::-1]
    assert error_of(bad_total) == "prometheus or sloth query ratio 'total' source is required"
    # Sloth only checks the total's source when the good query's source is not `sloth`.
    sloth_good = bad_total.replace("source: prometheus", "source: sloth", 1)
    assert "sloth-slo-sli-recordings-shop-checkout-availability-0" in rules_of(generate(sloth_good))


def test_openslo_without_time_window_uses_the_default_period():
    text = OPENSLO.replace("  timeWindows:\n    - count: 28\n      unit: Day\n      isRolling: true\n", "")
    sli = rules_of(generate(text))["sloth-slo-sli-recordings-shop-checkout-availability-0"]
    assert sli[-1]["record"] == "slo:sli_error:ratio_rate30d"
