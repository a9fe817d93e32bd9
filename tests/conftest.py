"""Shared fixtures: tiny repositories written into a temporary folder, and helpers to run checks on them."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from watchkeeper import runner

SETTINGS = """\
version: 1
environments:
  - name: prod
teams:
  - name: sre
severities:
  - name: critical
    pages: true
  - name: warning
    pages: false
runbook_base_url: https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/
tools:
  promtool: 2.42.0
"""

TODAY = date(2026, 11, 24)
RUNBOOK_URL = "https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/tiny.md"


def alert_meta(severity: str = "warning", indent: int = 8) -> str:
    """Labels and annotations that satisfy the alert conventions, for rule fixtures."""
    pad = " " * indent
    return (f"{pad}labels:\n{pad}  severity: {severity}\n{pad}  team: sre\n"
            f"{pad}annotations:\n{pad}  summary: The exporter is down.\n"
            f"{pad}  description: Prometheus has not scraped it for five minutes.\n"
            f"{pad}  runbook_url: {RUNBOOK_URL}\n")

# One SLO of the LiteLLM gateway in Sloth's prometheus/v1 form, valid for the settings above.
LITELLM_SLO = """\
version: "prometheus/v1"
service: litellm-gateway
labels:
  team: sre
  tier: "2"
slos:
  - name: requests-availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(litellm_proxy_failed_requests_metric_total[{{.window}}]))
        total_query: sum(rate(litellm_proxy_total_requests_metric_total[{{.window}}]))
    alerting:
      name: LiteLLMGatewayAvailabilityBudgetBurn
      page_alert:
        labels:
          severity: critical
      ticket_alert:
        labels:
          severity: warning
"""



class TinyRepo:
    def __init__(self, root: Path):
        self.root = root
        self.write("watchkeeper.yaml", SETTINGS)
        self.write(".yamllint", "extends: default\nrules:\n  document-start: disable\n  line-length: {max: 160}\n")
        self.write("runbooks/tiny.md", "# Tiny runbook\n\nOwner: sre\n\n## Meaning\n\nThe exporter is down.\n")

    def write(self, path: str, content: str | bytes) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content), encoding="utf-8")
        return target

    def run(self, command: str = "lint", **kwargs) -> runner.RunResult:
        kwargs.setdefault("today", TODAY)
        # Tiny fixtures are single rule files without test files or runbooks of their own, and
        # inventories without version pins; the tests of those checks opt back in.
        kwargs.setdefault("skip", ("rule-tests", "metric-inventory", "runbooks"))
        return runner.run(self.root, command, **kwargs)

    def findings(self, command: str = "lint", **kwargs) -> list[tuple[str, str, int]]:
        """`only=("check", ...)` limits the run to the checks a test is about."""
        """(code, path, line) of every finding, sorted."""
        return [(f.code, f.path, f.line) for f in self.run(command, **kwargs).findings]


@pytest.fixture
def repo(tmp_path: Path) -> TinyRepo:
    return TinyRepo(tmp_path)
