"""The loader turns every kind of bad input into one finding with its file and line."""

from __future__ import annotations

import pytest
from conftest import alert_meta
from watchkeeper.repository import Repository
from watchkeeper.yamlsource import YamlProblem, parse_documents

GOOD_RULES = """\
groups:
  - name: prometheus
    rules:
      - alert: PrometheusRuleEvaluationFailures
        expr: increase(prometheus_rule_evaluation_failures_total[5m]) > 0
        for: 15m
""" + alert_meta()

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


def test_good_file_loads_with_positions(repo):
    repo.write("alerts/monitoring/prometheus.rules.yaml", GOOD_RULES)
    loaded = Repository.load(repo.root)
    source = loaded.get("alerts/monitoring/prometheus.rules.yaml")
    assert source.loaded and source.kind.name == "rules"
    assert source.document.line_of(("groups", 0, "rules", 0, "for")) == 6
    assert source.document.locate(("groups", 0, "rules", 0, "expr")) == (5, 9)
    assert repo.findings() == []


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        pytest.param("groups:\n  - name: a\n    rules: [\n", "WK001", 4, id="broken-yaml"),
        pytest.param("groups:\n  - name: a\n   rules: []\n", "WK001", 3, id="bad-indentation"),
        pytest.param("groups:\n  - name: a\n    name: b\n    rules: []\n", "WK002", 3, id="duplicate-key"),
        pytest.param(BILLION_LAUGHS, "WK003", 5, id="alias-bomb"),
        pytest.param("a: &a\n  b: *a\n", "WK003", 2, id="recursive-alias"),
        pytest.param("", "WK006", 1, id="empty"),
        pytest.param("# only a comment\n", "WK006", 1, id="only-comments"),
        pytest.param("- name: a\n  rules: []\n", "WK007", 1, id="list-at-top"),
        pytest.param("version: prometheus/v1\n---\nversion: prometheus/v1\n", "WK007", 3, id="two-documents"),
        pytest.param("groups:\n  - name: \x07bell\n", "WK005", 2, id="control-character"),
        pytest.param("groups: " + "[" * 3000 + "]" * 3000 + "\n", "WK001", 1, id="nested-too-deeply"),
    ],
)
def test_bad_yaml_is_one_finding(repo, content, code, line):
    path = "slo-catalog/shop.yaml" if content.startswith("version") else "alerts/node/node.rules.yaml"
    repo.write(path, content)
    assert repo.findings() == [(code, path, line)]


def test_duplicate_key_hint_names_first_line(repo):
    repo.write("alerts/node/node.rules.yaml", "groups:\n  - name: a\n    rules: []\n    name: b\n")
    (finding,) = repo.run().findings
    assert finding.column == 5
    assert finding.hint == "the key is first defined on line 2"


def test_non_utf8_names_line_and_column(repo):
    repo.write("slo-catalog/litellm-gateway.yaml", b"version: prometheus/v1\nservice: caf\xe9\n")
    (finding,) = repo.run().findings
    assert (finding.code, finding.path, finding.line, finding.column) == ("WK005", "slo-catalog/litellm-gateway.yaml", 2, 13)
    assert "0xe9" in finding.message


def test_oversize_file_is_not_read(repo):
    repo.write("metrics/prometheus.yaml", "metrics:\n" + "  - name: up\n" * 100_000)
    (finding,) = repo.run().findings
    assert (finding.code, finding.path, finding.line) == ("WK004", "metrics/prometheus.yaml", 1)
    assert "over the limit of 1048576" in finding.message


def test_size_limit_comes_from_settings(repo):
    repo.write("watchkeeper.yaml", repo.root.joinpath("watchkeeper.yaml").read_text() + "limits:\n  max_file_bytes: 2048\n")
    repo.write("metrics/prometheus.yaml", "# " + "x" * 3000 + "\n")
    assert repo.findings() == [("WK004", "metrics/prometheus.yaml", 1)]


def test_generic_yaml_may_hold_several_documents_and_custom_tags(repo):
    repo.write("argocd/apps.yaml", "kind: A\n---\nkind: B\n")
    repo.write(".gitlab-ci.yml", "test:\n  script:\n    - !reference [.setup, script]\n")
    assert repo.findings() == []


def test_merge_keys_are_not_duplicates():
    (doc,) = parse_documents("base: &base {a: 1, b: 2}\nderived:\n  <<: *base\n  b: 3\n")
    assert doc.data["derived"] == {"a": 1, "b": 3}


def test_dates_stay_text_and_scalars_keep_types():
    (doc,) = parse_documents("expires: 2027-03-31\ncount: 3\nratio: 0.5\nenabled: true\nnothing: null\n")
    assert doc.data == {"expires": "2027-03-31", "count": 3, "ratio": 0.5, "enabled": True, "nothing": None}


def test_alias_limit_is_a_setting():
    text = "a: &a [1, 2]\nb: [*a, *a, *a]\n"
    assert parse_documents(text, max_alias_nodes=9)[0].data["b"] == [[1, 2]] * 3
    with pytest.raises(YamlProblem) as caught:
        parse_documents(text, max_alias_nodes=8)
    assert caught.value.kind == "alias" and caught.value.line == 2
