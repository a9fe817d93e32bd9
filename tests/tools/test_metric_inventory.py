"""The inventory's own checks: version pins (WK022) and families listed twice (WK023)."""

from __future__ import annotations

from conftest import SETTINGS

ONLY = {"only": ("parsing", "metric-inventory"), "skip": ()}
VLLM = """\
exporter: vllm
title: vLLM
version: "0.33.0"
source: https://github.com/vllm-project/vllm/blob/v0.33.0/vllm/v1/metrics/loggers.py
metrics:
  - name: vllm:num_requests_waiting
    type: gauge
    help: Requests waiting in the scheduler queue.
  - name: vllm:kv_cache_usage_perc
    type: gauge
    help: Fraction of the KV cache in use.
"""
PINNED = SETTINGS + 'exporters:\n  vllm: "0.33.0"\n'


def test_pinned_inventory_passes(repo):
    repo.write("watchkeeper.yaml", PINNED)
    repo.write("metrics/vllm.yaml", VLLM)
    assert repo.findings(**ONLY) == []


def test_inventory_of_another_version_than_the_pin(repo):
    repo.write("watchkeeper.yaml", PINNED.replace('"0.33.0"', '"0.34.0"'))
    repo.write("metrics/vllm.yaml", VLLM)
    (finding,) = repo.run(**ONLY).findings
    assert (finding.code, finding.path, finding.line) == ("WK022", "metrics/vllm.yaml", 3)
    assert finding.message == "inventory describes vllm 0.33.0, but watchkeeper.yaml pins 0.34.0"


def test_unpinned_inventory_and_pin_without_inventory(repo):
    repo.write("watchkeeper.yaml", SETTINGS + 'exporters:\n  qdrant: "1.19.0"\n')
    repo.write("metrics/vllm.yaml", VLLM)
    assert repo.findings(**ONLY) == [("WK022", "metrics/vllm.yaml", 1), ("WK022", "watchkeeper.yaml", 15)]


def test_family_listed_twice(repo):
    repo.write("watchkeeper.yaml", PINNED + '  vllm-fork: "1.0.0"\n')
    repo.write("metrics/vllm.yaml", VLLM)
    repo.write("metrics/vllm-fork.yaml", VLLM.replace("exporter: vllm", "exporter: vllm-fork").replace('"0.33.0"', '"1.0.0"'))
    findings = repo.run(**ONLY).findings
    assert [(f.code, f.path, f.line) for f in findings] == [("WK023", "metrics/vllm.yaml", 6), ("WK023", "metrics/vllm.yaml", 9)]
    assert findings[0].message == "'vllm:num_requests_waiting' is already listed in metrics/vllm-fork.yaml:6"
