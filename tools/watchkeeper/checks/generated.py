"""`generated/` must be exactly what `watchkeeper generate` makes from the sources.

Every generator runs in memory (over the sources that passed the earlier checks) and its output is compared with the committed files: a file that
differs (stale, or edited by hand), a file that is missing, and a file no source produces any
more are findings, each naming the source to change. Fix them with `watchkeeper generate`
(or `make generate`), never by editing `generated/`.
"""

from __future__ import annotations

from typing import Iterable

from ..check import Check, Context
from ..dashboard_gen import RULES as DASHBOARD_GENERATION
from ..findings import Finding, Rule, Severity
from ..generation import existing_files, plan
from ..slo.artifacts import SLO_GENERATION

GENERATED_STALE = Rule(
    "WK050", "generated-stale", Severity.ERROR, "A generated file differs from what its source generates.",
    "Either the source changed and `watchkeeper generate` was not run, or the file was edited by hand "
    "(the edit would be lost at the next generation). The finding points at the first differing line.",
)
GENERATED_MISSING = Rule(
    "WK051", "generated-missing", Severity.ERROR, "A source's generated file is not committed.",
    "Run `watchkeeper generate` and commit the result; ArgoCD only deploys what is in `generated/`.",
)
GENERATED_ORPHAN = Rule(
    "WK052", "generated-orphan", Severity.ERROR, "A file under a generated folder has no source.",
    "Its source was deleted or renamed, or the file was added by hand. `watchkeeper generate` deletes it.",
)


def run(ctx: Context) -> Iterable[Finding]:
    current = plan(ctx.repo, frozenset(ctx.paths_with_errors))
    yield from current.findings
    expected = {a.path for a in current.artifacts}
    for artifact in current.artifacts:
        committed = ctx.repo.root / artifact.path
        if not committed.is_file():
            yield GENERATED_MISSING.at(artifact.source, 1, f"{artifact.path} is not generated yet",
                                       hint="run `watchkeeper generate`")
            continue
        text = committed.read_text("utf-8", errors="replace")
        if text != artifact.content:
            yield GENERATED_STALE.at(artifact.path, _first_difference(text, artifact.content),
                                     f"out of date with {artifact.source}", hint="run `watchkeeper generate`; edit the source, not this file")
    for path in sorted(existing_files(ctx.repo.root, current.owned) - expected - current.kept):
        yield GENERATED_ORPHAN.at(path, 1, "no source generates this file", hint="run `watchkeeper generate` to delete it")


def _first_difference(old: str, new: str) -> int:
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines()), start=1):
        if a != b:
            return number
    return min(len(old.splitlines()), len(new.splitlines())) + 1


CHECK = Check("generated", (GENERATED_STALE, GENERATED_MISSING, GENERATED_ORPHAN, SLO_GENERATION, *DASHBOARD_GENERATION),
              run, kinds=("slo", "rules", "dashboard"), stage="gate", doc=__doc__)
