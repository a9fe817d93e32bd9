"""The metric inventory: every series name the stack exposes, from `metrics/` and recording rules.

Histogram and summary families expand to the series a scrape returns (`_bucket`, `_sum`,
`_count`); recording rules add the series they record, with the labels their expression leaves
(worked out from the inventory itself, so a recording of a recording is known too). Built once
per run from the parsed repository.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .promql import parse
from .promql_labels import labels_of
from .repository import Repository
from .rulefiles import group_sets

_SERIES_SUFFIXES = {
    "histogram": ("_bucket", "_sum", "_count"),
    "gaugehistogram": ("_bucket", "_gsum", "_gcount"),
    "summary": ("", "_sum", "_count"),
    "info": ("_info",),
}


# Labels Prometheus (and the Prometheus Operator's ServiceMonitors) attach at scrape time, unless
# `prometheus.target_labels` in watchkeeper.yaml lists them.
TARGET_LABELS = frozenset({"job", "instance", "namespace", "pod", "container", "service", "endpoint", "node", "cluster",
                           "prometheus", "prometheus_replica"})

# Series Prometheus writes itself for every target and alert, whatever the exporters.
SYNTHETIC = ("up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
             "scrape_series_added", "ALERTS", "ALERTS_FOR_STATE")


@dataclass(frozen=True)
class Family:
    name: str
    type: str
    labels: tuple[str, ...]
    buckets: tuple[float, ...]
    source: str
    open: bool = False  # the label list is not exhaustive (labels set at the call site, allowlists)


@dataclass
class Inventory:
    families: dict[str, Family] = field(default_factory=dict)
    series: dict[str, Family | None] = field(default_factory=dict)  # series name -> family (None: a recording)
    recordings: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)  # name -> (expr, rule labels)
    target_labels: frozenset[str] = TARGET_LABELS
    _recorded: dict[str, tuple[frozenset[str], bool, frozenset[str]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.families)

    def knows(self, series: str) -> bool:
        return series in self.series

    def labels(self, series: str) -> tuple[frozenset[str], bool, frozenset[str]] | None:
        """The labels a series can carry, whether more may exist, and the labels a recording rule
        aggregated away; None when the series is unknown."""
        if series not in self.series:
            return None
        family = self.series[series]
        if family is not None:
            return frozenset(family.labels) | self.target_labels | implicit_labels(series, family), family.open, frozenset()
        if series in SYNTHETIC:
            return self.target_labels | ({"alertname", "alertstate"} if series.startswith("ALERTS") else set()), True, frozenset()
        if series not in self._recorded:
            self._recorded[series] = (frozenset(), True, frozenset())  # a recording that reads itself stays open
            known: set[str] = set()
            dropped: set[str] = set()
            is_open = False
            for expr, rule_labels in self.recordings.get(series, ()):
                tree = parse(expr)
                if tree is None:
                    is_open = True
                    continue
                result, _ = labels_of(tree, self.labels)
                known |= result.known | rule_labels
                dropped |= result.dropped
                is_open = is_open or result.open
            self._recorded[series] = (frozenset(known), is_open, frozenset(dropped - known))
        return self._recorded[series]


def implicit_labels(series: str, family: Family) -> set[str]:
    if series.endswith("_bucket") and family.type in ("histogram", "gaugehistogram"):
        return {"le"}
    if family.type == "summary" and series == family.name:
        return {"quantile"}
    return set()


def build(repo: Repository) -> Inventory:
    inventory = Inventory(target_labels=frozenset(repo.settings.target_labels) or TARGET_LABELS)
    inventory.series.update(dict.fromkeys(SYNTHETIC))
    for source in repo.of_kind("metrics"):
        if not source.loaded or not isinstance(source.data.get("metrics"), list):
            continue
        for entry in source.data["metrics"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                continue
            family = Family(entry["name"], str(entry.get("type", "unknown")), tuple(entry.get("labels") or ()),
                            tuple(entry.get("buckets") or ()), source.path, bool(entry.get("open_labels")))
            inventory.families[family.name] = family
            names = [family.name + s for s in _SERIES_SUFFIXES.get(family.type, ("",))]
            if family.type == "info" and family.name.endswith("_info"):
                names = [family.name]
            for name in names:
                inventory.series[name] = family
    for source in repo.of_kind("rules"):
        for found in group_sets(source) if source.loaded else ():
            for _, _, _, rule in found.rules():
                if isinstance(rule.get("record"), str):
                    inventory.series.setdefault(rule["record"], None)
                    labels = rule.get("labels") if isinstance(rule.get("labels"), dict) else {}
                    inventory.recordings.setdefault(rule["record"], []).append(
                        (str(rule.get("expr") or ""), frozenset(str(k) for k in labels)))
    return inventory
