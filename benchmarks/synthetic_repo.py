"""Build a scaled synthetic repository for benchmarks: N alert families, N SLO files, N inventories.

Usage: python benchmarks/synthetic_repo.py DEST [--scale N]

Each family gets a rule file (4 alerts, 2 recording rules), a promtool test file, a runbook per
alert; each SLO file two SLOs; each inventory 40 metric families; plus Helm values files. The
repository's own watchkeeper.yaml and .yamllint are copied so the same settings apply.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from watchkeeper import generation
from watchkeeper.repository import Repository

ROOT = Path(__file__).resolve().parents[1]

RULES = """\
# Alerts of synthetic family {i}.
groups:
  - name: family-{i}-recording
    interval: 1m
    rules:
      - record: job:family_{i}_requests:rate5m
        expr: sum by (job) (rate(family_{i}_requests_total[5m]))
      - record: job:family_{i}_errors:rate5m
        expr: sum by (job) (rate(family_{i}_requests_total{{code=~"5.."}}[5m]))
  - name: family-{i}-alerts
    rules:
      - alert: Family{i}Down
        expr: up{{job="family-{i}"}} == 0
        for: 5m
        labels:
          severity: critical
          team: sre
        annotations:
          summary: Family {i} exporter is down.
          description: "{{{{ $labels.instance }}}} has not been scraped for 5 minutes."
          runbook_url: https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/family{i}/Family{i}Down.md
      - alert: Family{i}HighErrorRate
        expr: job:family_{i}_errors:rate5m / job:family_{i}_requests:rate5m > 0.05
        for: 10m
        labels:
          severity: warning
          team: sre
        annotations:
          summary: Family {i} answers more than 5 % errors.
          description: "Error ratio is {{{{ $value | humanizePercentage }}}}."
          runbook_url: https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/family{i}/Family{i}HighErrorRate.md
      - alert: Family{i}NoTraffic
        expr: job:family_{i}_requests:rate5m == 0
        for: 30m
        labels:
          severity: info
          team: sre
        annotations:
          summary: Family {i} receives no requests.
          description: No request reached family {i} for 30 minutes.
          runbook_url: https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/family{i}/Family{i}NoTraffic.md
      - alert: Family{i}Restarting
        expr: changes(process_start_time_seconds{{job="family-{i}"}}[15m]) > 0
        for: 0s
        labels:
          severity: warning
          team: sre
        annotations:
          summary: Family {i} restarted.
          description: "{{{{ $labels.instance }}}} restarted in the last 15 minutes."
          runbook_url: https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/family{i}/Family{i}Restarting.md
"""

TEST = """\
rule_files:
  - family{i}.rules.yaml
evaluation_interval: 1m
group_eval_order:
  - family-{i}-recording
  - family-{i}-alerts
tests:
  - interval: 1m
    input_series:
      - series: up{{job="family-{i}", instance="10.0.0.{j}:9100"}}
        values: 1 1 0 0 0 0 0 0 0
    alert_rule_test:
      - eval_time: 3m
        alertname: Family{i}Down
        exp_alerts: []
      - eval_time: 3m
        alertname: Family{i}HighErrorRate
        exp_alerts: []
      - eval_time: 3m
        alertname: Family{i}NoTraffic
        exp_alerts: []
      - eval_time: 3m
        alertname: Family{i}Restarting
        exp_alerts: []
      - eval_time: 8m
        alertname: Family{i}Down
        exp_alerts:
          - exp_labels:
              severity: critical
              team: sre
              job: family-{i}
              instance: 10.0.0.{j}:9100
            exp_annotations:
              summary: Family {i} exporter is down.
              description: 10.0.0.{j}:9100 has not been scraped for 5 minutes.
              runbook_url: https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/family{i}/Family{i}Down.md
"""

SLO = """\
version: "prometheus/v1"
service: service-{i}
labels:
  team: sre
  tier: "2"
slos:
  - name: requests-availability
    objective: 99.9
    description: Requests of service {i} succeed.
    sli:
      events:
        error_query: sum(rate(family_{i}_requests_total{{code=~"5.."}}[{{{{.window}}}}]))
        total_query: sum(rate(family_{i}_requests_total[{{{{.window}}}}]))
    alerting:
      name: Service{i}AvailabilityBudgetBurn
      page_alert:
        labels:
          severity: critical
      ticket_alert:
        labels:
          severity: warning
  - name: requests-latency
    objective: 99
    description: Requests of service {i} finish within 500 ms.
    sli:
      events:
        error_query: >-
          sum(rate(family_{i}_request_duration_seconds_count[{{{{.window}}}}]))
          - sum(rate(family_{i}_request_duration_seconds_bucket{{le="0.5"}}[{{{{.window}}}}]))
        total_query: sum(rate(family_{i}_request_duration_seconds_count[{{{{.window}}}}]))
    alerting:
      name: Service{i}LatencyBudgetBurn
      page_alert:
        labels:
          severity: critical
      ticket_alert:
        labels:
          severity: warning
"""

VALUES = """\
replicas: 2
resources:
  requests:
    cpu: 100m
    memory: 128Mi
  limits:
    memory: 256Mi
serviceMonitor:
  enabled: true
  interval: 30s
"""


RUNBOOK = "---\nalert: {name}\nteam: sre\ndashboards: []\n---\n# {name}\n" + "".join(
    f"\n## {section}\n\nSynthetic.\n" for section in ("Meaning", "Impact", "Diagnosis", "Mitigation", "Escalation"))


def inventory(i: int) -> str:
    lines = [
        f"exporter: family-{i}",
        f"title: Synthetic exporter {i}",
        'version: "1.0.0"',
        f"source: https://gitlab.platform.internal/synthetic/family-{i}",
        "metrics:",
        f"  - name: family_{i}_requests_total",
        "    type: counter",
        f"    help: Requests served by family {i}.",
        "    labels: [instance, job, code]",
        f"  - name: family_{i}_request_duration_seconds",
        "    type: histogram",
        f"    help: Request latency of family {i}.",
        "    labels: [instance, job]",
        "    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]",
    ]
    for m in range(40):
        kind = ("counter", "gauge", "histogram")[m % 3]
        suffix = {"counter": "_total", "gauge": "", "histogram": "_seconds"}[kind]
        lines += [
            f"  - name: family_{i}_metric_{m}{suffix}",
            f"    type: {kind}",
            f"    help: Synthetic metric {m} of family {i}.",
            "    labels: [instance, job, code]",
        ]
        if kind == "histogram":
            lines.append("    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]")
    return "\n".join(lines) + "\n"


def build(dest: Path, scale: int) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy(ROOT / ".yamllint", dest / ".yamllint")
    shutil.copytree(ROOT / "metrics", dest / "metrics")  # the real inventory (about 3,000 families) as well
    pins = "".join(f'  family-{i}: "1.0.0"\n' for i in range(scale))
    settings = (ROOT / "watchkeeper.yaml").read_text().replace("\nexporters:\n", "\nexporters:\n" + pins, 1)
    (dest / "watchkeeper.yaml").write_text(settings)
    for i in range(scale):
        family = dest / "alerts" / f"family{i}"
        family.mkdir(parents=True)
        (family / f"family{i}.rules.yaml").write_text(RULES.format(i=i))
        (family / f"family{i}.test.yaml").write_text(TEST.format(i=i, j=i % 250 + 1))
        runbooks = dest / "runbooks" / f"family{i}"
        runbooks.mkdir(parents=True)
        for alert in ("Down", "HighErrorRate", "NoTraffic", "Restarting"):
            (runbooks / f"Family{i}{alert}.md").write_text(RUNBOOK.format(name=f"Family{i}{alert}"))
        (dest / "slo-catalog").mkdir(exist_ok=True)
        (dest / "slo-catalog" / f"service-{i}.yaml").write_text(SLO.format(i=i))
        (dest / "metrics").mkdir(exist_ok=True)
        (dest / "metrics" / f"family-{i}.yaml").write_text(inventory(i))
        values = dest / "helm-values" / f"component-{i}"
        values.mkdir(parents=True)
        (values / "values.yaml").write_text(VALUES)
    loaded = Repository.load(dest)
    generation.write(loaded, generation.plan(loaded))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--scale", type=int, default=200)
    args = parser.parse_args()
    build(args.dest, args.scale)


if __name__ == "__main__":
    main()
