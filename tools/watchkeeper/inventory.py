"""The metric inventory: every series name the stack exposes, from `metrics/` and recording rules.

Histogram and summary families expand to the series a scrape returns (`_bucket`, `_sum`,
`_count`); recording rules add the series they record. Built once per run from the parsed
repository.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .repository import Repository
from .rulefiles import group_sets

_SERIES_SUFFIXES = {
    "histogram": ("_bucket", "_sum", "_count"),
    "gaugehistogram": ("_bucket", "_gsum", "_gcount"),
    "summary": ("", "_sum", "_count"),
    "info": ("_info",),
}


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


@dataclass
class Inventory:
    families: dict[str, Family] = field(default_factory=dict)
    series: dict[str, Family | None] = field(default_factory=dict)  # series name -> family (None: a recording)

    def __bool__(self) -> bool:
        return bool(self.families)

    def knows(self, series: str) -> bool:
        return series in self.series


def build(repo: Repository) -> Inventory:
    inventory = Inventory()
    inventory.series.update(dict.fromkeys(SYNTHETIC))
    for source in repo.of_kind("metrics"):
        if not source.loaded or not isinstance(source.data.get("metrics"), list):
            continue
        for entry in source.data["metrics"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                continue
            family = Family(entry["name"], str(entry.get("type", "unknown")), tuple(entry.get("labels") or ()),
                            tuple(entry.get("buckets") or ()), source.path)
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
    return inventory
