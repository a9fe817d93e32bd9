"""Rule groups wherever they live: a Prometheus rule file (`groups:` at the top) or a Prometheus
Operator PrometheusRule manifest (`spec.groups`), one or several documents per file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .repository import SourceFile
from .yamlsource import Document


@dataclass(frozen=True)
class GroupSet:
    document: Document
    base: tuple  # path of the object holding `groups`: () or ("spec",)
    groups: list

    def path(self, *parts) -> tuple:
        """Path of `groups[...]...` inside the document."""
        return self.base + ("groups",) + parts

    def rules(self) -> Iterator[tuple[int, dict, int, dict]]:
        """(group index, group, rule index, rule) for every well-formed rule."""
        for g, group in enumerate(self.groups):
            if not isinstance(group, dict) or not isinstance(group.get("rules"), list):
                continue
            for r, rule in enumerate(group["rules"]):
                if isinstance(rule, dict):
                    yield g, group, r, rule


def is_manifest(data: object) -> bool:
    return isinstance(data, dict) and data.get("kind") == "PrometheusRule"


def group_sets(source: SourceFile) -> Iterator[GroupSet]:
    for document in source.documents:
        data = document.data
        holder, base = (data.get("spec"), ("spec",)) if is_manifest(data) else (data, ())
        groups = holder.get("groups") if isinstance(holder, dict) else None
        if isinstance(groups, list):
            yield GroupSet(document, base, groups)
