"""Reports: text, JSON, JUnit and GitLab Code Quality, checked against their documented shapes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from jsonschema import Draft202012Validator
from watchkeeper import reports

# GitLab's documented Code Quality report format (docs.gitlab.com, "Code Quality report format").
CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/]"},
                    "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}

BROKEN = {
    "alerts/node/node.rules.yaml": "groups:\n  - name: node\n    rules:\n      - alert: NodeDown\n        expr: up == 0\n",
    "alerts/node/disk.rules.yaml": "groups:\n  - name: disk\n    rules:\n      - alert: DiskFull\n        expr: up == 0\n",
    "metrics/node.yaml": "exporter: node\nmetrics: []\n",
    "slo-catalog/api.yaml": "version: prometheus/v1\nservice: api\nslos: []\nextra: 1\n",
    "argocd/clusters.yaml": "clusters:\n  - name: prod-a\n    name: prod-b\n",
    "helm-values/loki/values.yaml": "loki:\n  enabled: yes\n",
}


def broken(repo):
    for path, content in BROKEN.items():
        repo.write(path, content)
    return repo.run()


def test_code_quality_matches_gitlab_format_and_fingerprints_are_stable(repo):
    first = json.loads(reports.render(broken(repo), "codequality"))
    second = json.loads(reports.render(repo.run(), "codequality"))
    assert list(Draft202012Validator(CODE_QUALITY_SCHEMA).iter_errors(first)) == []
    assert first == second
    fingerprints = [issue["fingerprint"] for issue in first]
    assert len(fingerprints) == len(set(fingerprints)) == len(repo.run().findings)
    by_check = {(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]): i["severity"] for i in first}
    assert by_check[("WK106", "alerts/node/node.rules.yaml", 4)] == "critical"
    assert by_check[("WK010", "helm-values/loki/values.yaml", 2)] == "minor"


def test_fingerprint_survives_moved_lines(repo):
    broken(repo)
    before = {i["check_name"]: i["fingerprint"] for i in json.loads(reports.render(repo.run(), "codequality"))
              if i["location"]["path"] == "alerts/node/node.rules.yaml"}
    repo.write("alerts/node/node.rules.yaml", "# Node alerts.\n\n" + BROKEN["alerts/node/node.rules.yaml"])
    after = {i["check_name"]: i["fingerprint"] for i in json.loads(reports.render(repo.run(), "codequality"))
             if i["location"]["path"] == "alerts/node/node.rules.yaml"}
    assert before == after and before


def test_junit_has_one_testcase_per_check_and_file(repo):
    result = broken(repo)
    root = ET.fromstring(reports.render(result, "junit"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) >= {"parsing", "yamllint", "schemas", "rule-basics"}
    for suite in suites.values():
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == len([c for c in cases if c.find("failure") is not None])
        names = [c.get("name") for c in cases]
        assert len(names) == len(set(names))
        assert all(c.get("classname") == f"watchkeeper.{suite.get('name')}" for c in cases)
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites.values())

    rules = {c.get("name"): c for c in suites["rule-basics"].findall("testcase")}
    assert set(rules) == {"alerts/node/node.rules.yaml", "alerts/node/disk.rules.yaml"}
    failure = rules["alerts/node/node.rules.yaml"].find("failure")
    assert failure.get("type") == "WK106"
    assert "alerts/node/node.rules.yaml:4 error WK106 alert-missing-for" in failure.text
    parsing = {c.get("name"): c for c in suites["parsing"].findall("testcase")}
    assert parsing["argocd/clusters.yaml"].find("failure").get("type") == "WK002"
    assert parsing["watchkeeper.yaml"].find("failure") is None
    lint = {c.get("name"): c for c in suites["yamllint"].findall("testcase")}
    loki = lint["helm-values/loki/values.yaml"]
    assert loki.find("failure") is None and "WK010" in loki.find("system-out").text


def test_junit_names_are_stable_across_runs(repo):
    broken(repo)
    names = [[(c.get("classname"), c.get("name")) for c in ET.fromstring(reports.render(repo.run(), "junit")).iter("testcase")]
             for _ in range(2)]
    assert names[0] == names[1]


def test_json_report_lists_findings(repo):
    result = broken(repo)
    data = json.loads(reports.render(result, "json"))
    assert data["summary"]["error"] == result.count(result.findings[0].severity.__class__.ERROR)
    assert data["summary"]["exit_code"] == 1
    for finding in data["findings"]:
        assert {"code", "severity", "path", "line", "message"} <= set(finding)
    assert {"code": "WK002", "path": "argocd/clusters.yaml", "line": 3} in [
        {k: f[k] for k in ("code", "path", "line")} for f in data["findings"]
    ]
    assert {c["name"] for c in data["checks"]} >= {"parsing", "yamllint", "schemas", "rule-basics", "waivers"}


def test_text_report_groups_by_file_and_ends_with_summary_and_engines(repo):
    text = reports.render(broken(repo), "text")
    lines = text.splitlines()
    assert "argocd/clusters.yaml" in lines
    assert any(line.startswith("  3:5") and "WK002 duplicate-key" in line for line in lines)
    assert lines[-2].startswith("watchkeeper lint: ")
    assert " errors, 1 warning, 0 info in 6 of 9 files" in lines[-2]
    assert lines[-1].startswith("engines: yamllint: yamllint ")  # which tool ran each stage that used one


def test_report_dir_gets_every_format(repo, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports") / "nested"
    written = reports.write_all(broken(repo), out)
    assert sorted(p.name for p in written) == ["gl-code-quality-report.json", "junit.xml", "watchkeeper.json", "watchkeeper.txt"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)  # no temporary files left
