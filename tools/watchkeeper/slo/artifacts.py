"""The SLO catalog's generated rules: one Prometheus rule file and one PrometheusRule per service.

Each `slo-catalog/<service>.yaml` becomes `generated/prometheus/slo/<service>.yaml` (what
promtool checks and tests) and `generated/kubernetes/prometheus-rules/slo-<service>.yaml` (what
ArgoCD syncs), through the built-in Sloth engine with the period from `watchkeeper.yaml`, plus a
no-data alert per SLO (`slo/extras.py`) in a last group of its own.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..findings import Finding, Rule, Severity
from ..generation import Artifact, Generator, Output, header
from ..repository import Repository, SourceFile
from ..rule_manifests import OUT_DIR as MANIFEST_DIR
from ..rule_manifests import artifact as manifest_artifact
from ..settings import SETTINGS_FILE
from .engine import Generator as SlothGenerator
from .engine import Options
from .extras import nodata_group
from .model import SlothError
from .output import dump, prometheus_rule_file

OUT_DIR = "generated/prometheus/slo"
SLO_GENERATION = Rule(
    "WK301", "slo-generation", Severity.ERROR, "An SLO spec cannot be turned into rules.",
    "The message is the one Sloth itself gives for the same spec (validation errors, unsupported "
    "periods, unknown spec types), placed at the SLO it is about.",
)
_SLO_ID = re.compile(r'(?:invalid slo|SLO ID) "([^"]+)"')


def build(repo: Repository, skip: frozenset[str]) -> Output:
    out = Output([], [], set())
    try:
        engine = SlothGenerator(Options(default_period=repo.settings.slo_period))
    except SlothError as exc:  # the period is not in the windows catalogue
        settings = repo.get(SETTINGS_FILE)
        line = settings.document.line_of(("slo", "period")) if settings is not None and settings.document else 1
        out.findings.append(SLO_GENERATION.at(SETTINGS_FILE, line, str(exc), hint="the catalogue has 30d and 28d"))
        engine = None
    for source in repo.of_kind("slo"):
        service = PurePosixPath(source.path).stem
        rules_path, manifest_name = f"{OUT_DIR}/{service}.yaml", f"slo-{service}"
        if engine is None or not source.loaded or source.path in skip:
            out.kept |= {rules_path, f"{MANIFEST_DIR}/{manifest_name}.yaml"}
            continue
        try:
            spec, groups = engine.build(source.text)
        except SlothError as exc:
            out.findings.append(_finding(source, str(exc)))
            out.kept |= {rules_path, f"{MANIFEST_DIR}/{manifest_name}.yaml"}
            continue
        nodata = nodata_group(service, [(slo, engine.windows_for(slo.period_ms)) for slo in spec.slos
                                        if not (slo.page.disable and slo.ticket.disable)])
        rule_file = prometheus_rule_file(groups + ([nodata] if nodata else []))
        out.artifacts.append(Artifact(rules_path, header(source.path) + dump(rule_file), source.path))
        if repo.settings.operator_manifests:
            out.artifacts.append(manifest_artifact(manifest_name, rule_file["groups"], source.path, repo.settings))
    return out


def _finding(source: SourceFile, message: str) -> Finding:
    line = 1
    match = _SLO_ID.search(message)
    slos = source.data.get("slos") if isinstance(source.data, dict) else None
    service = source.data.get("service") if isinstance(source.data, dict) else None
    if match and isinstance(slos, list):
        for i, slo in enumerate(slos):
            if isinstance(slo, dict) and f"{service}-{slo.get('name')}" == match.group(1):
                line = source.document.line_of(("slos", i))
    return SLO_GENERATION.at(source.path, line, message)


GENERATOR = Generator("slo-rules", (OUT_DIR,), build)
