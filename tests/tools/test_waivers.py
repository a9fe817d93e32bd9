"""Waivers: a waived finding disappears and is counted; expired and unused waivers are findings."""

from __future__ import annotations

from conftest import alert_meta

RULES = "alerts/legacy/exporter.rules.yaml"
NO_FOR = """\
groups:
  - name: legacy
    rules:
      - alert: LegacyExporterDown
        expr: up{job="legacy-exporter"} == 0
""" + alert_meta()


def waiver(expires: str, code: str = "WK106", path: str = "alerts/legacy/*.rules.yaml") -> str:
    return f"""\
waivers:
  - code: {code}
    path: {path}
    owner: sre
    reason: The legacy exporter is retired next quarter; its alert stays as it is until then.
    expires: "{expires}"
"""


def test_without_waiver_the_finding_stands(repo):
    repo.write(RULES, NO_FOR)
    assert repo.findings() == [("WK106", RULES, 4)]


def test_active_waiver_waives_and_is_counted(repo):
    repo.write(RULES, NO_FOR)
    repo.write("waivers.yaml", waiver("2027-03-31"))
    result = repo.run()
    assert result.findings == []
    assert [(f.code, f.path) for f in result.waived] == [("WK106", RULES)]
    assert result.exit_code == 0


def test_waiver_on_its_last_day_still_applies(repo):
    repo.write(RULES, NO_FOR)
    repo.write("waivers.yaml", waiver("2026-11-24"))
    assert repo.findings() == []


def test_expired_waiver_is_an_error_and_waives_nothing(repo):
    repo.write(RULES, NO_FOR)
    repo.write("waivers.yaml", waiver("2026-11-23"))
    result = repo.run()
    assert [(f.code, f.path, f.line) for f in result.findings] == [("WK106", RULES, 4), ("WK030", "waivers.yaml", 2)]
    assert "expired on 2026-11-23" in result.findings[1].message


def test_unused_waiver_is_a_warning(repo):
    repo.write(RULES, NO_FOR.replace('== 0\n', '== 0\n        for: 10m\n'))
    repo.write("waivers.yaml", waiver("2027-03-31"))
    (finding,) = repo.run().findings
    assert (finding.code, finding.severity.value, finding.path, finding.line) == ("WK031", "warning", "waivers.yaml", 2)


def test_waiver_glob_must_match_the_path(repo):
    repo.write(RULES, NO_FOR)
    repo.write("waivers.yaml", waiver("2027-03-31", path="alerts/node/*.rules.yaml"))
    assert repo.findings() == [("WK106", RULES, 4), ("WK031", "waivers.yaml", 2)]


def test_inline_waiver_on_the_line_before(repo):
    repo.write(RULES, NO_FOR.replace("      - alert:", "      # watchkeeper: ignore WK106 until 2027-01-31 -- retired in January\n      - alert:"))
    result = repo.run()
    assert result.findings == [] and len(result.waived) == 1


def test_inline_waiver_at_end_of_line(repo):
    repo.write(RULES, NO_FOR.replace("- alert: LegacyExporterDown", "- alert: LegacyExporterDown  # watchkeeper: ignore WK106"))
    assert repo.findings() == []


def test_inline_waiver_for_another_code_does_not_apply(repo):
    repo.write(RULES, NO_FOR.replace("- alert: LegacyExporterDown", "- alert: LegacyExporterDown  # watchkeeper: ignore WK105"))
    assert repo.findings() == [("WK031", RULES, 4), ("WK106", RULES, 4)]


def test_inline_waiver_expired(repo):
    repo.write(RULES, NO_FOR.replace("- alert: LegacyExporterDown", "- alert: LegacyExporterDown  # watchkeeper: ignore WK106 until 2026-01-01"))
    assert repo.findings() == [("WK030", RULES, 4), ("WK106", RULES, 4)]


def test_malformed_inline_waiver(repo):
    repo.write(RULES, NO_FOR.replace("- alert: LegacyExporterDown", "- alert: LegacyExporterDown  # watchkeeper: ignore everything"))
    result = repo.run()
    assert [(f.code, f.line, f.column) for f in result.findings] == [("WK106", 4, None), ("WK032", 4, 36)]


def test_waiver_findings_cannot_be_waived(repo):
    repo.write("waivers.yaml", waiver("2027-03-31", code="WK031", path="waivers.yaml"))
    assert repo.findings() == [("WK031", "waivers.yaml", 2)]
