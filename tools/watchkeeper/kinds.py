"""File kinds: which files of the repository hold what, decided by path alone.

The first kind whose pattern matches a path wins, so specific kinds come before the catch-all
`yaml` kind. A new data kind is one more entry here (and, if it has one, a schema file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Kind:
    name: str
    patterns: tuple[str, ...]
    description: str
    format: str = "yaml"  # yaml | text
    schema: str | None = None  # file name under watchkeeper/schemas/ without .schema.json
    top: type | None = dict  # required type of each document's top level
    multi_document: bool = False

    def matches(self, path: str) -> bool:
        return any(_compile(p).fullmatch(path) for p in self.patterns)


KINDS: tuple[Kind, ...] = (
    Kind("settings", ("watchkeeper.yaml",), "repository settings", schema="settings"),
    Kind("waivers", ("waivers.yaml",), "dated, owned waivers of findings", schema="waivers"),
    Kind("rule-test", ("alerts/**/*.test.yaml", "tests/slo/*.test.yaml"), "promtool unit tests of rule files",
         schema="promtool-test"),
    Kind(
        "rules",
        ("alerts/**/*.rules.yaml", "generated/prometheus/**/*.yaml"),
        "Prometheus alerting and recording rule files",
        schema="prometheus-rules",
        multi_document=True,  # several PrometheusRule manifests may share a file; rule_basics checks the rest
    ),
    Kind("slo", ("slo-catalog/**/*.yaml",), "SLO specs in Sloth prometheus/v1 form", schema="sloth-prometheus-v1"),
    Kind("metrics", ("metrics/**/*.yaml",), "metric inventory of one exporter or service", schema="metric-inventory"),
    Kind("yaml", ("**/*.yaml", "**/*.yml", ".yamllint"), "other YAML (values, manifests, CI)", top=None, multi_document=True),
    Kind("dashboard", ("dashboards/**/*.py",), "Grafana dashboards as Python", format="text", top=None),
    Kind("policy", ("policies/**/*.rego",), "Rego policies and their tests", format="text", top=None),
    Kind("runbook", ("runbooks/**/*.md",), "one runbook per alert", format="text", top=None),
)

# Never descended into: tool caches, virtual environments and VCS metadata.
SKIPPED_DIRS = frozenset({".git", ".venv", ".tools", "node_modules", "__pycache__", ".pytest_cache", ".gitlab-ci-local"})


def kind_of(path: str) -> Kind | None:
    for kind in KINDS:
        if kind.matches(path):
            return kind
    return None


@lru_cache(maxsize=None)
def _compile(pattern: str) -> re.Pattern[str]:
    """Glob to regex: `**/` spans directories, `*` and `?` stay inside one path segment."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def glob_match(pattern: str, path: str) -> bool:
    return _compile(pattern).fullmatch(path) is not None
