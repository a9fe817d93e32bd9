"""Runbook checks: front matter (WK140), sections (WK141), orphans (WK142), links both ways
(WK143) and dashboards (WK144)."""

from __future__ import annotations

import pytest

ONLY = {"only": ("parsing", "runbooks"), "skip": ()}
BASE = "https://gitlab.platform.internal/sre/watchkeeper/-/blob/main/runbooks/"
RULES = f"""\
groups:
  - name: node
    rules:
      - alert: NodeFilesystemAlmostFull
        expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05
        for: 30m
        labels:
          severity: warning
          team: sre
        annotations:
          summary: A filesystem is almost full.
          description: Less than 5 % is left.
          runbook_url: {BASE}node/NodeFilesystemAlmostFull.md
"""
RUNBOOK = """\
---
alert: NodeFilesystemAlmostFull
team: sre
dashboards: [nodes]
---
# NodeFilesystemAlmostFull

## Meaning

Less than 5 % of a filesystem is free.

## Impact

Writes fail once it is full.

## Diagnosis

`df -h` on the node.

## Mitigation

Delete or grow.

## Escalation

SRE on-call.
"""
DASHBOARD = 'dashboard = Dashboard(title="Nodes", uid="nodes")\n'
PATH = "runbooks/node/NodeFilesystemAlmostFull.md"


@pytest.fixture
def book(repo):
    repo.write("alerts/node/node.rules.yaml", RULES)
    repo.write("dashboards/platform/nodes.py", DASHBOARD)
    repo.write("runbooks/tiny.md", "")  # the harness's shared runbook is not part of these fixtures
    (repo.root / "runbooks/tiny.md").unlink()
    return repo


def test_good_runbook_passes(book):
    book.write(PATH, RUNBOOK)
    assert book.findings(**ONLY) == []


@pytest.mark.parametrize(("old", "new", "code", "line"), [
    pytest.param("---\nalert: NodeFilesystemAlmostFull\nteam: sre\ndashboards: [nodes]\n---\n", "", "WK140", 1,
                 id="no-front-matter"),
    pytest.param("team: sre", "team: storage", "WK140", 3, id="unknown-team"),
    pytest.param("dashboards: [nodes]", "dashboards: nodes", "WK140", 4, id="dashboards-not-a-list"),
    pytest.param("alert: NodeFilesystemAlmostFull\n", "", "WK140", 1, id="no-alert"),
    pytest.param("## Escalation\n\nSRE on-call.\n", "", "WK141", 6, id="no-escalation"),
    pytest.param("## Diagnosis", "## Debugging", "WK141", 6, id="section-renamed"),
    pytest.param("dashboards: [nodes]", "dashboards: [node]", "WK144", 4, id="unknown-dashboard"),
])
def test_runbook_problems(book, old, new, code, line):
    assert old in RUNBOOK
    book.write(PATH, RUNBOOK.replace(old, new, 1))
    assert book.findings(**ONLY) == [(code, PATH, line)]


def test_runbook_naming_another_alert(book):
    book.write(PATH, RUNBOOK.replace("alert: NodeFilesystemAlmostFull", "alert: NodeFilesystemFull"))
    findings = book.run(**ONLY).findings
    assert [(f.code, f.path, f.line) for f in findings] == [
        ("WK143", "alerts/node/node.rules.yaml", 13),  # the alert links to a page about another alert
        ("WK143", PATH, 2),  # and the page names an alert that does not exist
    ]
    assert findings[1].hint == "did you mean 'NodeFilesystemAlmostFull'?"


def test_runbook_no_alert_links_to(book):
    book.write(PATH, RUNBOOK)
    book.write("runbooks/node/NodeDiskSlow.md", RUNBOOK.replace("NodeFilesystemAlmostFull", "NodeDiskSlow"))
    assert book.findings(**ONLY) == [("WK142", "runbooks/node/NodeDiskSlow.md", 1),
                                     ("WK143", "runbooks/node/NodeDiskSlow.md", 2)]


SERVICE = """\
---
alerts:
  - NodeFilesystemAlmostFull
  - NodeDiskSlow
team: sre
dashboards: []
---
# Node storage

## NodeFilesystemAlmostFull

### Meaning
Full.
### Impact
Writes fail.
### Diagnosis
df.
### Mitigation
Grow.

## NodeDiskSlow

### Meaning
Slow.
### Impact
Latency.
### Diagnosis
iostat.
### Mitigation
Move load.

## Escalation

SRE on-call for both.
"""


def test_runbook_of_several_alerts_shares_sections(book):
    rules = RULES + RULES.split("rules:\n", 1)[1].replace("NodeFilesystemAlmostFull", "NodeDiskSlow")
    book.write("alerts/node/node.rules.yaml", rules.replace("node/NodeFilesystemAlmostFull.md", "node/storage.md#nodefilesystemalmostfull")
               .replace("node/NodeDiskSlow.md", "node/storage.md#nodediskslow"))
    book.write("runbooks/node/storage.md", SERVICE)
    assert book.findings(**ONLY) == []
    book.write("runbooks/node/storage.md", SERVICE.replace("### Diagnosis\niostat.\n", ""))
    findings = book.run(**ONLY).findings
    assert [(f.code, f.line) for f in findings] == [("WK141", 21)]
    assert findings[0].message == "section '## NodeDiskSlow' lacks ### Diagnosis, and no shared '## ' section has them"
