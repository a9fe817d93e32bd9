"""yamllint with the repository's .yamllint: style findings at their line, level from the config."""

from __future__ import annotations

from watchkeeper.checks import yamllint_check

VALUES = "replicas: 2\nserviceMonitor:\n  enabled: true\n"


def test_clean_file_passes(repo):
    repo.write("helm-values/loki/values.yaml", VALUES)
    assert repo.findings() == []


def test_style_problem_at_line_and_column(repo):
    repo.write("helm-values/loki/values.yaml", VALUES.replace("  enabled: true", "  enabled:   true"))
    (finding,) = repo.run().findings
    assert (finding.code, finding.path, finding.line, finding.column) == ("WK010", "helm-values/loki/values.yaml", 3, 13)
    assert finding.message == "too many spaces after colon (colons)"
    assert finding.severity.value == "error"


def test_level_comes_from_the_config(repo):
    repo.write(".yamllint", "extends: default\nrules:\n  document-start: disable\n  line-length: {max: 160}\n  truthy:\n    level: warning\n")
    repo.write("helm-values/loki/values.yaml", VALUES.replace("true", "yes"))
    (finding,) = repo.run().findings
    assert (finding.code, finding.severity.value, finding.line) == ("WK010", "warning", 3)


def test_ignored_paths_and_disable_file(repo):
    repo.write(".yamllint", "extends: default\nignore: |\n  vendor/\nrules:\n  document-start: disable\n  line-length: {max: 160}\n")
    repo.write("vendor/chart/values.yaml", "a:    1\n")
    repo.write("helm-values/loki/values.yaml", "# yamllint disable-file\na:    1\n")
    assert repo.findings() == []


def test_broken_config_is_reported(repo):
    repo.write(".yamllint", "extends: no-such-preset\n")
    (finding,) = repo.run().findings
    assert (finding.code, finding.path) == ("WK011", ".yamllint")


def test_loader_problems_are_not_repeated(repo):
    repo.write("helm-values/loki/values.yaml", "a: 1\na: 2\n")
    assert repo.findings() == [("WK002", "helm-values/loki/values.yaml", 2)]


def test_large_repositories_are_linted_in_parallel_with_the_same_result(repo):
    padded = VALUES + "# a comment line that makes the repository big enough for the process pool\n" * 50
    count = yamllint_check.PARALLEL_FROM_BYTES // len(padded) + 10
    for i in range(count):
        repo.write(f"helm-values/component-{i:03d}/values.yaml", padded)
    repo.write("helm-values/component-007/values.yaml", VALUES + "extra:   1\n")
    assert repo.findings() == [("WK010", "helm-values/component-007/values.yaml", 4)]
