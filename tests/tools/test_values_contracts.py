"""Helm values against their chart's contract (WK600-WK602), over the effective values per
environment as Helm merges them."""

from __future__ import annotations

import json

import pytest

ONLY = {"only": ("parsing", "values-contracts"), "skip": ()}
STACK = """\
- component: loki
  repository: https://grafana-community.github.io/helm-charts
  chart: loki
  version: 18.11.0
  namespace: loki
  environments: [dev, prod]
"""
CONTRACT = {
    "type": ["object", "null"], "additionalProperties": False,
    "properties": {
        "loki": {"type": ["object", "null"], "additionalProperties": False, "properties": {
            "auth_enabled": {}, "structuredConfig": {},  # structuredConfig: free-form
            "storage": {"type": ["object", "null"], "additionalProperties": False, "properties": {"type": {}, "bucketNames": {}}},
        }},
        "singleBinary": {"type": ["object", "null"], "additionalProperties": False, "properties": {
            "replicas": {}, "resources": {},
            "extraVolumes": {"type": ["array", "null"], "items": {
                "type": ["object", "null"], "additionalProperties": False, "properties": {"name": {}, "emptyDir": {}}}},
        }},
    },
}
BASE = """\
loki:
  auth_enabled: false
  structuredConfig:
    limits_config:
      retention_period: 30d
singleBinary:
  replicas: 1
  extraVolumes:
    - name: scratch
      emptyDir: {}
"""


@pytest.fixture
def values(repo):
    repo.write("helm-values/stack.yaml", STACK)
    repo.write("helm-values/contracts/loki.schema.json", json.dumps(CONTRACT))
    repo.write("helm-values/loki/values.yaml", BASE)
    repo.write("helm-values/loki/values-dev.yaml", "singleBinary:\n  replicas: 1\n")
    repo.write("helm-values/loki/values-prod.yaml", "singleBinary:\n  replicas: 3\n")
    return repo


def test_values_within_the_contract_pass(values):
    assert values.findings(**ONLY) == []


def test_misspelt_key_in_an_overlay_is_found_at_its_line_with_a_hint(values):
    values.write("helm-values/loki/values-prod.yaml", "singleBinary:\n  replica: 3\n")
    (finding,) = values.run(**ONLY).findings
    assert (finding.code, finding.path, finding.line) == ("WK600", "helm-values/loki/values-prod.yaml", 2)
    assert finding.message == "singleBinary.replica is not a key of loki (effective values of prod)"
    assert finding.hint == "did you mean 'replicas'?"


def test_a_base_key_is_reported_once_not_per_environment(values):
    values.write("helm-values/loki/values.yaml", BASE.replace("  auth_enabled: false", "  auth_enable: false"))
    assert values.findings(**ONLY) == [("WK600", "helm-values/loki/values.yaml", 2)]


def test_list_items_and_free_form_subtrees(values):
    values.write("helm-values/loki/values.yaml", BASE.replace("      emptyDir: {}", "      emptydir: {}"))
    assert values.findings(**ONLY) == [("WK600", "helm-values/loki/values.yaml", 10)]
    values.write("helm-values/loki/values.yaml", BASE.replace("      retention_period: 30d", "      anything_goes: here"))
    assert values.findings(**ONLY) == []


def test_null_in_an_overlay_deletes_the_base_key(values):
    values.write("helm-values/loki/values.yaml", BASE + "  replicaz: 2\n")
    values.write("helm-values/loki/values-dev.yaml", "singleBinary:\n  replicaz: null\n")
    # dev deletes the typo, prod still has it: one finding, from the base, for prod
    findings = values.run(**ONLY).findings
    assert [(f.code, f.path, f.line) for f in findings] == [("WK600", "helm-values/loki/values.yaml", 11)]
    assert findings[0].message.endswith("(effective values of prod)")


def test_missing_overlay_and_missing_contract(values):
    (values.root / "helm-values/loki/values-prod.yaml").unlink()
    assert values.findings(**ONLY) == [("WK601", "helm-values/stack.yaml", 1)]
    (values.root / "helm-values/contracts/loki.schema.json").unlink()
    assert ("WK602", "helm-values/stack.yaml", 1) in values.findings(**ONLY)
