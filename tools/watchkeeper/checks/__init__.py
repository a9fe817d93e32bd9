"""The registry of checks, in the order they run. A new check is a module here plus one line below."""

from __future__ import annotations

from ..check import Check
from . import (
    alert_conventions,
    dashboard_lint,
    generated,
    metric_inventory,
    parsing,
    policies,
    promql_rules,
    promtool_rules,
    rule_basics,
    rule_tests,
    runbooks,
    scaffolds,
    schemas,
    slo_catalog,
    tooling,
    values_contracts,
    waivers,
    yamllint_check,
)

REGISTRY: tuple[Check, ...] = (
    parsing.CHECK,
    yamllint_check.CHECK,
    schemas.CHECK,
    metric_inventory.CHECK,
    rule_basics.CHECK,
    promql_rules.CHECK,
    alert_conventions.CHECK,
    rule_tests.CHECK,
    runbooks.CHECK,
    scaffolds.CHECK,
    slo_catalog.CHECK,
    values_contracts.CHECK,
    generated.CHECK,
    dashboard_lint.CHECK,
    promtool_rules.CHECK,
    policies.CHECK,
    tooling.CHECK,
    waivers.CHECK,
)


def all_rules():
    return [rule for check in REGISTRY for rule in check.rules]
