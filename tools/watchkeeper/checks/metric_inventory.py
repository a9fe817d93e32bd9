"""The metric inventory itself: pinned to the versions it describes, and each family listed once.

An inventory file describes one release of an exporter: its `version` must be the one pinned
under `exporters:` in `watchkeeper.yaml`, so upgrading an exporter without re-checking its metric
names shows up as a finding. A family listed twice (in one file or two) would make the linter's
answer depend on file order.
"""

from __future__ import annotations

from typing import Iterable

from ..check import Check, Context
from ..findings import Finding, Rule, Severity
from ..settings import SETTINGS_FILE

VERSION_PIN = Rule(
    "WK022", "inventory-version-pin", Severity.ERROR,
    "An inventory's `version` differs from its pin in `watchkeeper.yaml`, or is not pinned there.",
    "`exporters: {vllm: \"0.33.0\"}` in `watchkeeper.yaml` is the version the platform runs; "
    "`metrics/vllm.yaml` must describe that version. When the pin moves, check the names against the "
    "new release (vLLM's V1 engine renamed several) and then move the inventory's `version`.",
)
DUPLICATE_FAMILY = Rule(
    "WK023", "inventory-duplicate-family", Severity.ERROR, "A metric family is listed twice in the inventory.",
    "Each family belongs to the exporter that exposes it. When two exporters really do expose the "
    "same name, keep it in one file and say so in that file's `notes`.",
)
RULES = (VERSION_PIN, DUPLICATE_FAMILY)


def run(ctx: Context) -> Iterable[Finding]:
    pins = ctx.repo.settings.exporters
    seen: dict[str, tuple[str, int]] = {}
    described: set[str] = set()
    for source in ctx.repo.of_kind("metrics"):
        data = source.data if source.loaded and isinstance(source.data, dict) else None
        if data is None or source.path in ctx.paths_with_errors:
            continue
        doc = source.document
        exporter, version = str(data.get("exporter", "")), str(data.get("version", ""))
        described.add(exporter)
        if exporter not in pins:
            yield VERSION_PIN.at(source.path, doc.line_of(("exporter",)),
                                 f"exporter {exporter!r} has no version pin under exporters: in {SETTINGS_FILE}",
                                 hint=f'add `{exporter}: "{version}"`')
        elif pins[exporter] != version:
            yield VERSION_PIN.at(source.path, doc.line_of(("version",)),
                                 f"inventory describes {exporter} {version}, but {SETTINGS_FILE} pins {pins[exporter]}")
        for i, entry in enumerate(data.get("metrics") or []):
            name = entry.get("name") if isinstance(entry, dict) else None
            if not isinstance(name, str):
                continue
            line = doc.line_of(("metrics", i, "name"))
            if name in seen:
                first, first_line = seen[name]
                yield DUPLICATE_FAMILY.at(source.path, line, f"{name!r} is already listed in {first}:{first_line}")
            else:
                seen[name] = (source.path, line)
    settings = ctx.repo.get(SETTINGS_FILE)
    for exporter in sorted(set(pins) - described):
        line = settings.document.line_of(("exporters", exporter)) if settings and settings.loaded else 1
        yield VERSION_PIN.at(SETTINGS_FILE, line, f"exporters: pins {exporter!r}, but metrics/ has no inventory for it")


CHECK = Check("metric-inventory", RULES, run, kinds=("metrics",), doc=__doc__)
