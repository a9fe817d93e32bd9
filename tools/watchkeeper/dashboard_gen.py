"""Dashboards as Python, generated to Grafana JSON and to the ConfigMaps Grafana's sidecar loads.

Each module under `dashboards/` (the library in `dashboards/lib/` aside) is rendered in a process
of its own with a time limit, so a module that raises, loops or prints is a finding at its line,
never a crashed run. The JSON is then made deterministic and modern: data sources as objects
pointing at the `$datasource` variable, the current `schemaVersion`, panel ids in order, keys
sorted. One ConfigMap per dashboard, labelled for the sidecar and annotated with its folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import PurePosixPath

from .findings import Finding, Rule, Severity
from .generation import Artifact, Generator, Output
from .repository import Repository
from .slo.output import dump

JSON_DIR = "generated/dashboards"
CONFIGMAP_DIR = "generated/kubernetes/dashboards"
LIBRARY = "dashboards/lib/"
SCHEMA_VERSION = 39  # Grafana 11
RENDER_SECONDS = 30
CONFIGMAP_LIMIT = 1_048_576  # bytes, the Kubernetes limit of one ConfigMap
APPLY_ANNOTATION_LIMIT = 262_144  # bytes of annotations: client-side apply copies the object into one
SIDECAR_LABEL = {"grafana_dashboard": "1"}
FOLDER_ANNOTATION = "grafana_folder"
FOLDER_TITLES = {"ai": "AI", "slo": "SLOs", "llm": "LLM"}

RENDER = Rule(
    "WK400", "dashboard-render", Severity.ERROR, "A dashboard module does not render.",
    "The module is run on its own with a time limit; an exception (reported at the module's line), "
    "a missing module-level `dashboard`, or a run longer than the limit (a loop) is this finding, and "
    "the last generated JSON is kept until the module is fixed.",
)
TOO_LARGE = Rule(
    "WK401", "dashboard-configmap-size", Severity.ERROR, "A dashboard's ConfigMap would exceed the Kubernetes size limit.",
    "A ConfigMap holds at most 1 MiB. Split the dashboard, or move rarely used rows into a linked dashboard.",
)
APPLY_SIZE = Rule(
    "WK402", "dashboard-apply-annotation", Severity.WARNING, "A dashboard's ConfigMap is too large for client-side apply.",
    "`kubectl apply` and ArgoCD's default sync copy the object into the `last-applied-configuration` "
    "annotation, and annotations hold at most 256 KiB: the sync fails. Use `ServerSideApply=true` for "
    "it, or make the dashboard smaller.",
)
RULES = (RENDER, TOO_LARGE, APPLY_SIZE)


@dataclass(frozen=True)
class Rendered:
    module: str
    dashboard: dict | None
    finding: Finding | None = None


_CACHE: dict[tuple[str, str], Rendered] = {}


def modules(repo: Repository) -> list[str]:
    return sorted(f.path for f in repo.of_kind("dashboard") if not f.path.startswith(LIBRARY) and f.text is not None)


def render_all(repo: Repository) -> list[Rendered]:
    """Every dashboard module rendered (in parallel, each in its own process); cached per content."""
    library = "".join(f.text or "" for f in repo.of_kind("dashboard") if f.path.startswith(LIBRARY))
    todo = []
    for path in modules(repo):
        key = (str(repo.root / path), hashlib.sha256((library + (repo.get(path).text or "")).encode()).hexdigest())
        todo.append((path, key))
    missing = [(path, key) for path, key in todo if key not in _CACHE]
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1) * 2) as pool:
        for (path, key), result in zip(missing, pool.map(lambda item: _render(repo, item[0]), missing)):
            _CACHE[key] = result
    return [_CACHE[key] for _, key in todo]


def _render(repo: Repository, path: str) -> Rendered:
    try:
        done = subprocess.run([sys.executable, "-m", "watchkeeper.dashboard_render", str(repo.root), path],
                              capture_output=True, text=True, timeout=RENDER_SECONDS, stdin=subprocess.DEVNULL,
                              env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    except subprocess.TimeoutExpired:
        return Rendered(path, None, RENDER.at(path, 1, f"rendering took longer than {RENDER_SECONDS}s (a loop?)"))
    if done.returncode != 0:
        line, message = _error_at(path, done.stderr)
        return Rendered(path, None, RENDER.at(path, line, message))
    try:
        data = json.loads(done.stdout)
    except ValueError as exc:
        return Rendered(path, None, RENDER.at(path, 1, f"the rendered dashboard is not JSON: {exc}"))
    return Rendered(path, data)


def _error_at(path: str, stderr: str) -> tuple[int, str]:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    last = lines[-1].strip() if lines else "the module failed without a message"
    if last.startswith("watchkeeper: "):
        return 1, last.removeprefix("watchkeeper: ")
    frames = re.findall(r'File "([^"]+)", line (\d+)', stderr)
    inside = [int(n) for file, n in frames if file.endswith(path)]
    return (inside[-1] if inside else 1), last


def folder_of(path: str) -> str:
    parts = PurePosixPath(path).parts
    return parts[1] if len(parts) > 2 else "general"


def folder_title(folder: str) -> str:
    return FOLDER_TITLES.get(folder, folder.replace("-", " ").title())


def normalise(raw: dict) -> dict:
    """Deterministic, modern JSON: what Grafana would save, minus what changes between saves."""
    dashboard = {k: v for k, v in raw.items() if k not in ("__inputs", "rows", "gnetId", "hideControls",
                                                              "sharedCrosshair", "style", "version")}
    dashboard.update(id=None, schemaVersion=SCHEMA_VERSION, editable=False)
    for number, panel in enumerate(_panels(dashboard.get("panels") or []), start=1):
        panel["id"] = number
        if "datasource" in panel and panel.get("type") != "row":
            panel["datasource"] = _source(panel["datasource"])
        for target in panel.get("targets") or []:
            target["datasource"] = _source(target.get("datasource") or panel.get("datasource"))
    for variable in (dashboard.get("templating") or {}).get("list") or []:
        if variable.get("type") == "query":
            variable["datasource"] = _source(variable.get("datasource"))
    return dashboard


def _panels(panels: list) -> list:
    flat = []
    for panel in panels:
        flat.append(panel)
        flat += _panels(panel.get("panels") or [])
    return flat


def _source(value) -> dict | None:
    if isinstance(value, dict) or value is None:
        return value
    return {"type": "prometheus", "uid": str(value)}


def to_text(dashboard: dict) -> str:
    return json.dumps(dashboard, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def configmap(uid: str, folder: str, text: str, namespace: str, source: str) -> str:
    manifest = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": f"grafana-dashboard-{uid}",
            "namespace": namespace,
            "labels": {**SIDECAR_LABEL, "app.kubernetes.io/managed-by": "watchkeeper", "app.kubernetes.io/part-of": "monitoring"},
            "annotations": {FOLDER_ANNOTATION: folder_title(folder)},
        },
        "data": {f"{uid}.json": text},
    }
    return f"# Generated by `watchkeeper generate` from {source}. Do not edit: change the source and regenerate.\n" + dump(manifest)


def artifacts_for(uid: str, folder: str, dashboard: dict, source: str, namespace: str) -> tuple[list[Artifact], list[Finding]]:
    text = to_text(dashboard)
    manifest = configmap(uid, folder, text, namespace, source)
    findings = []
    size = len(manifest.encode("utf-8"))
    if size > CONFIGMAP_LIMIT:
        findings.append(TOO_LARGE.at(source, 1, f"the ConfigMap of {uid} would be {size:,} bytes (limit {CONFIGMAP_LIMIT:,})"))
    elif size > APPLY_ANNOTATION_LIMIT:
        findings.append(APPLY_SIZE.at(source, 1, f"the ConfigMap of {uid} is {size:,} bytes, over the {APPLY_ANNOTATION_LIMIT:,} "
                                                 "bytes client-side apply can annotate"))
    return [Artifact(f"{JSON_DIR}/{folder}/{uid}.json", text, source),
            Artifact(f"{CONFIGMAP_DIR}/{uid}.yaml", manifest, source)], findings


def build(repo: Repository, skip: frozenset[str]) -> Output:
    from .slo.dashboards import slo_dashboards

    out = Output([], [], set())
    seen: dict[str, str] = {}
    for rendered in render_all(repo):
        if rendered.finding is not None or rendered.module in skip:
            if rendered.finding is not None:
                out.findings.append(rendered.finding)
            out.kept |= _previous_files(repo, rendered.module)
            continue
        dashboard = normalise(rendered.dashboard)
        uid = str(dashboard.get("uid") or "")
        if not uid or uid in seen:
            reason = "has no uid" if not uid else f"has uid {uid!r}, already used by {seen[uid]}"
            out.findings.append(RENDER.at(rendered.module, 1, f"the dashboard {reason}"))
            continue
        seen[uid] = rendered.module
        made, findings = artifacts_for(uid, folder_of(rendered.module), dashboard, rendered.module, repo.settings.namespace)
        out.artifacts += made
        out.findings += findings
    for uid, dashboard, source in slo_dashboards(repo, skip):
        if dashboard is None:  # a spec that does not build keeps its last dashboard
            out.kept |= {f"{JSON_DIR}/slo/{uid}.json", f"{CONFIGMAP_DIR}/{uid}.yaml"}
            continue
        made, findings = artifacts_for(uid, "slo", normalise(dashboard), source, repo.settings.namespace)
        out.artifacts += made
        out.findings += findings
    return out


def _previous_files(repo: Repository, module: str) -> set[str]:
    """The files a module generated last time: its ConfigMap names it in its header, and the
    ConfigMap's name gives the JSON's."""
    kept, folder = set(), folder_of(module)
    directory = repo.root / CONFIGMAP_DIR
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else ():
        if f"from {module}." in path.read_text("utf-8", errors="replace")[:300]:
            kept |= {f"{CONFIGMAP_DIR}/{path.name}", f"{JSON_DIR}/{folder}/{path.stem}.json"}
    return kept


GENERATOR = Generator("dashboards", (JSON_DIR, CONFIGMAP_DIR), build)
