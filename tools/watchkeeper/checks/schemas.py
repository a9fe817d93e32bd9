"""JSON Schema (Draft 2020-12) validation of every data kind, with errors mapped back to file:line.

Each kind with a schema (settings, waivers, rule files, promtool tests, SLO specs, metric
inventories) is validated with format checks on (`uri`, `date` and others are enforced). The
schemas live in `tools/watchkeeper/schemas/`. An unknown key gets its own code, WK021, pointing at
the key itself with a "did you mean" hint, because a misspelt key is silently ignored by
Prometheus, Sloth and Helm alike.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

from jsonschema import Draft202012Validator

from ..check import Check, Context
from ..findings import Finding, Rule, Severity
from ..kinds import KINDS
from ..rulefiles import is_manifest
from ..suggest import did_you_mean, dotted

SCHEMA_VIOLATION = Rule(
    "WK020", "schema", Severity.ERROR, "A value breaks its kind's JSON Schema.",
    "Wrong types, missing required keys, values outside their allowed set or format.\n\n"
    "Bad (waivers.yaml):\n\n```yaml\nwaivers:\n  - code: WK105\n    expires: next spring\n```\n\n"
    "Good:\n\n```yaml\nwaivers:\n  - code: WK105\n    path: alerts/legacy/*.rules.yaml\n    owner: sre\n"
    "    reason: Duplicates kept until the legacy exporter is retired.\n    expires: \"2027-03-31\"\n```",
    blocks=True,
)
UNKNOWN_KEY = Rule(
    "WK021", "unknown-key", Severity.ERROR, "A mapping has a key its kind does not define.",
    "Prometheus, Sloth and Helm ignore keys they do not know, so a typo ships silently.\n\n"
    "Bad:\n\n```yaml\n- alert: PrometheusRuleEvaluationFailures\n  expr: ...\n  annotation:\n    summary: ...\n```\n\n"
    "Good: `annotations:` (the hint names the closest known key).",
    blocks=True,
)
SCHEMA_KINDS = tuple(k.name for k in KINDS if k.schema)
_MAX_MESSAGE = 240


@lru_cache(maxsize=None)
def validator(schema_name: str) -> Draft202012Validator:
    text = resources.files("watchkeeper.schemas").joinpath(f"{schema_name}.schema.json").read_text("utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def run(ctx: Context) -> Iterable[Finding]:
    for source in ctx.repo.of_kind(*SCHEMA_KINDS):
        if not source.loaded or source.generated:
            continue  # generated files are guarded by the drift check, not re-validated
        check = validator(source.kind.schema)
        for document in source.documents:
            data, base = document.data, ()
            if source.kind.name == "rules" and is_manifest(data):
                data, base = data.get("spec"), ("spec",)  # the Prometheus Operator's wrapper around the same groups
            for error in check.iter_errors(data):
                yield from _findings(source.path, document, error, base)


def _findings(path: str, document, error, base: tuple = ()) -> Iterable[Finding]:
    where = base + tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        patterns = [re.compile(p) for p in error.schema.get("patternProperties", {})]
        for key in error.instance:
            if key in known or any(p.search(str(key)) for p in patterns):
                continue
            line, column = document.locate(where + (key,))
            yield UNKNOWN_KEY.at(
                path, line, f"unknown key {key!r} in {dotted(where)}", column=column, hint=did_you_mean(str(key), known)
            )
        return
    line, column = document.locate(where)
    message = error.message if len(error.message) <= _MAX_MESSAGE else error.message[: _MAX_MESSAGE - 1] + "…"
    yield SCHEMA_VIOLATION.at(path, line, f"{dotted(where)}: {message}", column=column)


CHECK = Check("schemas", (SCHEMA_VIOLATION, UNKNOWN_KEY), run, kinds=SCHEMA_KINDS, doc=__doc__)
