"""Repository settings from `watchkeeper.yaml`, read leniently: the schema check reports problems,
and anything unusable falls back to a default so the other checks can still run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .durations import parse_ms

SETTINGS_FILE = "watchkeeper.yaml"


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 1_048_576
    max_yaml_nodes: int = 100_000


@dataclass(frozen=True)
class Tier:
    min_objective: float
    max_objective: float


@dataclass(frozen=True)
class Settings:
    environments: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    severities: tuple[str, ...] = ("critical", "warning", "info")
    paging: tuple[str, ...] = ("critical",)  # severities marked `pages: true`
    runbook_base_url: str = ""
    grafana_url: str = ""
    tools: dict[str, str] = field(default_factory=dict)
    limits: Limits = Limits()
    slo_period: str = "30d"
    tiers: dict[str, Tier] = field(default_factory=dict)
    operator_manifests: bool = False  # a `kubernetes:` section asks for PrometheusRule manifests
    namespace: str = "monitoring"
    rule_labels: dict[str, str] = field(default_factory=dict)
    scrape_interval_ms: int = 30_000  # kube-prometheus-stack's default
    exporters: dict[str, str] = field(default_factory=dict)  # inventory file's exporter -> pinned version
    target_labels: tuple[str, ...] = ()  # labels every series gets at scrape time; () keeps the built-in list
    external_labels: tuple[str, ...] = ()  # labels Prometheus adds when it remote-writes (what dashboards on Mimir see)

    @classmethod
    def from_data(cls, data: Any) -> "Settings":
        if not isinstance(data, dict):
            return cls()

        def names(key: str) -> tuple[str, ...]:
            items = data.get(key)
            if not isinstance(items, list):
                return ()
            return tuple(str(i["name"]) for i in items if isinstance(i, dict) and "name" in i)

        limits = data.get("limits") if isinstance(data.get("limits"), dict) else {}
        default = Limits()
        tools = _mapping(data, "tools")
        slo = _mapping(data, "slo")
        kubernetes = _mapping(data, "kubernetes")
        tiers = {}
        for name, tier in _mapping(slo, "tiers").items():
            try:
                tiers[str(name)] = Tier(float(tier["min_objective"]), float(tier["max_objective"]))
            except (KeyError, TypeError, ValueError):
                continue  # reported by the schema check
        return cls(
            environments=names("environments"),
            teams=names("teams"),
            severities=names("severities") or cls.severities,
            paging=tuple(str(s["name"]) for s in data.get("severities") or []
                         if isinstance(s, dict) and "name" in s and s.get("pages") is True) or cls.paging,
            runbook_base_url=str(data.get("runbook_base_url") or ""),
            grafana_url=str(data.get("grafana_url") or ""),
            tools={str(k): str(v) for k, v in tools.items()},
            limits=Limits(
                max_file_bytes=_positive_int(limits.get("max_file_bytes"), default.max_file_bytes),
                max_yaml_nodes=_positive_int(limits.get("max_yaml_nodes"), default.max_yaml_nodes),
            ),
            slo_period=str(slo.get("period") or "30d"),
            tiers=tiers,
            operator_manifests="kubernetes" in data,
            namespace=str(kubernetes.get("namespace") or "monitoring"),
            rule_labels={str(k): str(v) for k, v in _mapping(kubernetes, "rule_labels").items()},
            scrape_interval_ms=_duration_ms(_mapping(data, "prometheus").get("scrape_interval"), cls.scrape_interval_ms),
            exporters={str(k): str(v) for k, v in _mapping(data, "exporters").items()},
            target_labels=tuple(str(label) for label in _mapping(data, "prometheus").get("target_labels") or ()
                                if isinstance(label, str)),
            external_labels=tuple(str(label) for label in _mapping(data, "prometheus").get("external_labels") or ()
                                  if isinstance(label, str)),
        )


def _mapping(data: Any, key: str) -> dict:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _duration_ms(value: Any, default: int) -> int:
    try:
        return parse_ms(value) or default if isinstance(value, str) else default
    except ValueError:
        return default  # reported by the schema check


def _positive_int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default
