"""The policy gate: every Rego policy of `policies/` over the repository's data, with conftest's
semantics (namespaces per data kind, `deny`/`violation`/`warn`, exceptions, `--data`,
`--combine`), run by `conftest` when it is on PATH and by the embedded engine (regorus) otherwise; the report
names which. A finding's code is the policy's own id (`WKP...`,
documented in `docs/policies.md`) and its line the offending node's, when the policy names it.
"""

from __future__ import annotations

import os
from typing import Iterable

from ..check import Check, Context
from ..findings import Finding, Rule, Severity
from ..policy.embedded import PolicyError
from ..policy.gate import run as run_policies

POLICY_ERROR = Rule(
    "WK500", "policy-error", Severity.ERROR, "A policy does not parse or cannot be evaluated.",
    "The engine's message names the policy file and line. A broken policy judges nothing, so it "
    "fails the gate rather than letting everything through.",
)
RULES = (POLICY_ERROR,)


def run(ctx: Context) -> Iterable[Finding]:
    conftest = ctx.tools.get("conftest") if ctx.tools is not None else None
    found = conftest is not None and conftest.found
    engine = os.environ.get("WATCHKEEPER_POLICY_ENGINE", "auto")  # set by `watchkeeper policy test --engine`
    try:
        result = run_policies(ctx.repo, engine, conftest.path if found else None, conftest.version or "" if found else "")
    except PolicyError as exc:  # conftest asked for and missing: fail loudly
        yield POLICY_ERROR.at("policies", 1, str(exc), hint="install conftest, or use --engine embedded")
        return
    ctx.used_engine(CHECK.name, f"{result.engine}, {len(result.policies)} policies, {result.exceptions} exceptions")
    yield from result.findings


CHECK = Check("policies", RULES, run, kinds=("policy",), stage="gate", doc=__doc__)
