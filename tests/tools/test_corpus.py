"""The linter over rules no one here wrote: kube-prometheus's PrometheusRule manifests.

The corpus is read from the shared folder next to the repository at test time and never copied
in; where it is absent the test is skipped with that reason.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "kube-prometheus"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the kube-prometheus corpus is not at {CORPUS}")
def test_kube_prometheus_manifests_lint_without_a_crash(repo):
    target = repo.root / "alerts" / "kube-prometheus"
    target.mkdir(parents=True)
    for manifest in sorted(CORPUS.glob("*.yaml")):
        shutil.copy(manifest, target / f"{manifest.stem}.rules.yaml")
    shutil.copytree(ROOT / "metrics", repo.root / "metrics")
    shutil.copy(ROOT / "watchkeeper.yaml", repo.root / "watchkeeper.yaml")  # scrape interval, target labels, pins
    result = repo.run("gate", skip=("rule-tests", "runbooks"))
    codes = Counter(f.code for f in result.findings)
    # Valid PromQL and valid manifests: nothing structural, promtool (fed the extracted groups) agrees.
    assert not {"WK001", "WK020", "WK021", "WK091", "WK110", "WK201"} & set(codes)
    assert all(r.ran for r in result.checks)
    # kube-prometheus alerts that fire at once (Watchdog, InfoInhibitor, ...) and its repeated rules.
    assert codes["WK106"] == 10 and codes["WK105"] == 3
    # Its alerts carry no team label and link runbooks.prometheus-operator.dev, by design.
    assert codes["WK122"] == codes["WK124"] > 100
    # The PromQL label, join, range and name checks find nothing false in rules this widely used;
    # what they do find is real: three descriptions naming `job` after `min by (namespace, service,
    # integration)`, and a burn-rate recording read one group position before it is recorded.
    assert codes["WK205"] == codes["WK212"] == codes["WK213"] == codes["WK215"] == codes["WK209"] == 0
    assert codes["WK211"] == 3 and codes["WK214"] == 1
    # Series of components the inventory does not describe (Prometheus Operator, kube-scheduler,
    # the apiserver aggregator, the systemd collector): a bounded list, reported by name.
    unknown = {f.message.split("'")[1] for f in result.findings if f.code == "WK202"}
    assert len(unknown) <= 30 and all(not name.startswith(("node_filesystem", "container_", "kube_pod")) for name in unknown)
