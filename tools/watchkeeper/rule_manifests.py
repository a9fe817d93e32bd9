"""PrometheusRule manifests for the clusters: every rule file wrapped for the Prometheus Operator.

ArgoCD syncs `generated/kubernetes/prometheus-rules/` to every cluster; the manifests are made
when `watchkeeper.yaml` has a `kubernetes:` section. Each object carries the
labels `kubernetes.rule_labels` in `watchkeeper.yaml` names, because kube-prometheus-stack's
Prometheus only loads PrometheusRules its rule selector matches.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .generation import Artifact, Generator, Output, header
from .repository import Repository
from .rulefiles import group_sets
from .settings import Settings
from .slo.output import dump

OUT_DIR = "generated/kubernetes/prometheus-rules"


def manifest(name: str, groups: list, settings: Settings) -> dict:
    labels = {**settings.rule_labels, "app.kubernetes.io/managed-by": "watchkeeper", "app.kubernetes.io/part-of": "monitoring"}
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {"name": name, "namespace": settings.namespace, "labels": dict(sorted(labels.items()))},
        "spec": {"groups": groups},
    }


def artifact(name: str, groups: list, source: str, settings: Settings) -> Artifact:
    content = header(source) + dump(manifest(name, groups, settings))
    return Artifact(f"{OUT_DIR}/{name}.yaml", content, source)


def build(repo: Repository, skip: frozenset[str]) -> Output:
    out = Output([], [], set())
    if not repo.settings.operator_manifests:
        return out
    for source in repo.of_kind("rules"):
        if not source.path.startswith("alerts/"):
            continue  # generated rule files get their manifest from their own generator
        parts = PurePosixPath(source.path).parts[1:]
        name = "alerts-" + "-".join(parts[:-1] + (parts[-1].removesuffix(".rules.yaml"),))
        found = list(group_sets(source)) if source.loaded and source.path not in skip else []
        if len(found) == 1 and found[0].base == ():
            out.artifacts.append(artifact(name, found[0].groups, source.path, repo.settings))
        else:
            out.kept.add(f"{OUT_DIR}/{name}.yaml")
    return out


GENERATOR = Generator("rule-manifests", (OUT_DIR,), build)
