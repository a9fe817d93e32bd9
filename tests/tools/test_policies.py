"""The policy gate with conftest's semantics, on the embedded engine and through a conftest that
replays conftest's documented JSON output: both must give the same findings."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest
from watchkeeper.policy import conftest as conftest_engine
from watchkeeper.policy.gate import inputs_of, load_policies
from watchkeeper.policy.verify import junit, verify
from watchkeeper.repository import Repository

ONLY = {"only": ("parsing", "policies"), "skip": ()}
VALUES = "helm-values/loki/values.yaml"
VALUES_TEXT = """\
loki:
  image:
    repository: grafana/loki
    tag: latest
  auth_enabled: true
"""
IMAGES = """\
# METADATA
# title: Images are pinned
# description: A moving tag deploys something nobody reviewed.
# custom:
#   id: WKP901
#   severity: error
package values.images

deny_latest contains result if {
	some key, block in input
	block.image.tag == "latest"
	result := {"msg": sprintf("WKP901: %s.image.tag is latest", [key]), "path": [key, "image", "tag"]}
}

warn contains result if {
	some key, block in input
	not block.auth_enabled
	result := {"msg": sprintf("WKP901: %s has auth disabled", [key]), "path": [key]}
}

# Loki in dev follows its nightly build on purpose.
exception contains "latest" if {
	data.conftest.file.name == "helm-values/loki/values-dev.yaml"
}
"""


@pytest.fixture
def gate(repo):
    (repo.root / "runbooks/tiny.md").unlink()
    repo.write("policies/values/images.rego", IMAGES)
    repo.write(VALUES, VALUES_TEXT)
    return repo


def test_deny_is_an_error_at_the_offending_line_with_the_policy_id(gate):
    (finding,) = gate.run("gate", **ONLY).findings
    assert (finding.code, finding.path, finding.line, finding.severity.value) == ("WKP901", VALUES, 4, "error")
    assert finding.message == "WKP901: loki.image.tag is latest"
    assert finding.hint == "policy policies/values/images.rego (deny_latest)"
    gate.write(VALUES, VALUES_TEXT.replace("tag: latest", "tag: 3.7.6"))
    assert gate.findings("gate", **ONLY) == []


def test_warn_is_a_warning(gate):
    gate.write(VALUES, VALUES_TEXT.replace("tag: latest", "tag: 3.7.6").replace("auth_enabled: true", "auth_enabled: false"))
    (finding,) = gate.run("gate", **ONLY).findings
    assert (finding.code, finding.line, finding.severity.value) == ("WKP901", 1, "warning")


def test_exceptions_waive_the_named_rule_and_are_counted(gate):
    gate.write("helm-values/loki/values-dev.yaml", VALUES_TEXT)
    result = gate.run("gate", **ONLY)
    assert [(f.path, f.line) for f in result.findings] == [(VALUES, 4)]  # values-dev.yaml is excepted
    (ran,) = [c for c in result.checks if c.check.name == "policies"]
    assert ran.engine.endswith("1 policies, 1 exceptions")


def test_policies_judge_only_their_kind_and_main_judges_all(gate):
    gate.write("alerts/node/node.rules.yaml", "groups:\n  - name: node\n    rules: []\n")
    gate.write("policies/main/files.rego", """\
# METADATA
# title: Every file says where it is
# custom:
#   id: WKP902
package main

deny contains msg if {
	msg := sprintf("WKP902: judged %s", [data.conftest.file.name])
}
""")
    messages = sorted(f.message for f in gate.run("gate", **ONLY).findings)
    assert messages == ["WKP901: loki.image.tag is latest", "WKP902: judged alerts/node/node.rules.yaml",
                        f"WKP902: judged {VALUES}"]


def test_data_documents_and_settings(gate):
    gate.write("policies/data/registries.yaml", "allowed: [docker.io/grafana]\n")
    gate.write("policies/values/registry.rego", """\
# METADATA
# title: Images come from allowed registries
# custom:
#   id: WKP903
package values.registry

deny contains msg if {
	some key, block in input
	not strings.any_prefix_match(sprintf("docker.io/%s", [block.image.repository]), data.registries.allowed)
	msg := sprintf("WKP903: %s pulls from %s", [key, block.image.repository])
}

deny contains msg if {
	count(data.watchkeeper.settings.teams) == 0
	msg := "WKP903: no teams"
}
""")
    gate.write(VALUES, VALUES_TEXT.replace("tag: latest", "tag: 3.7.6"))
    assert gate.findings("gate", **ONLY) == []
    gate.write(VALUES, VALUES_TEXT.replace("tag: latest", "tag: 3.7.6").replace("grafana/loki", "acme/loki"))
    assert [f.message for f in gate.run("gate", **ONLY).findings] == ["WKP903: loki pulls from acme/loki"]


def test_combined_policies_see_every_input_at_once(gate):
    gate.write(VALUES, VALUES_TEXT.replace("tag: latest", "tag: 3.7.6"))
    gate.write("helm-values/tempo/values.yaml", VALUES_TEXT.replace("loki", "tempo").replace("tag: latest", "tag: 2.10.8"))
    gate.write("policies/combined/versions.rego", """\
# METADATA
# title: One entry per component
# custom:
#   id: WKP904
package combined.versions

deny contains msg if {
	count(input) < 3
	msg := sprintf("WKP904: only %d inputs: %s", [count(input), concat(", ", sort([i.path | some i in input]))])
}
""")
    (finding,) = gate.run("gate", **ONLY).findings
    assert (finding.code, finding.path) == ("WKP904", "policies/combined/versions.rego")
    assert finding.message == "WKP904: only 2 inputs: helm-values/loki/values.yaml, helm-values/tempo/values.yaml"


def test_a_broken_policy_fails_the_gate_at_its_line(gate):
    gate.write("policies/values/images.rego", IMAGES.replace('block.image.tag == "latest"', 'block.image.tag == "latest'))
    (finding,) = gate.run("gate", **ONLY).findings
    assert (finding.code, finding.path, finding.line) == ("WK500", "policies/values/images.rego", 11)


def test_conftest_asked_for_but_missing_fails_loudly(gate, monkeypatch):
    monkeypatch.setenv("WATCHKEEPER_POLICY_ENGINE", "conftest")
    monkeypatch.setenv("PATH", "/nonexistent")
    from watchkeeper import toolbox
    monkeypatch.setattr(toolbox, "_INSTALL_ROOT", gate.root / "nowhere", raising=False)
    (finding,) = gate.run("gate", **ONLY).findings
    assert (finding.code, finding.message) == ("WK500", "--engine conftest: conftest is not on PATH")


# conftest's `test --output json` for the fixture, as conftest 0.69 prints it: one object per file
# and namespace, results with msg and metadata (the rule's query and the object's other keys).
RECORDED = [
    {"filename": VALUES, "namespace": "values.images", "successes": 1,
     "failures": [{"msg": "WKP901: loki.image.tag is latest",
                   "metadata": {"path": ["loki", "image", "tag"], "query": "data.values.images.deny_latest"}}]},
]


def test_conftest_output_gives_the_embedded_engine_findings(gate, tmp_path, monkeypatch):
    """A conftest on PATH that replays the recorded output: the gate parses it into the same findings."""
    binary = tmp_path / "bin" / "conftest"
    binary.parent.mkdir()
    binary.write_text(f"#!{sys.executable}\nimport json, sys\n"
                      f"if sys.argv[1:2] == ['--version']:\n    print('Conftest: 0.69.0'); sys.exit(0)\n"
                      f"print(json.dumps({RECORDED!r} if 'values' in sys.argv else []))\n")
    binary.chmod(binary.stat().st_mode | stat.S_IEXEC)
    embedded = [(f.code, f.path, f.line, f.message, f.hint) for f in gate.run("gate", **ONLY).findings]
    monkeypatch.setenv("PATH", f"{binary.parent}{os.pathsep}{os.environ['PATH']}")
    result = gate.run("gate", **ONLY)
    replayed = [(f.code, f.path, f.line, f.message, f.hint) for f in result.findings]
    assert replayed == embedded
    (ran,) = [c for c in result.checks if c.check.name == "policies"]
    assert ran.engine.startswith("conftest 0.69.0")


def test_conftest_exceptions_and_warnings_are_read(gate):
    loaded = Repository.load(gate.root)
    policies = {p.package: p for p in load_policies(loaded)}
    recorded = json.dumps([{"filename": VALUES, "namespace": "values.images", "successes": 0,
                            "warnings": [{"msg": "WKP901: loki has auth disabled", "metadata": {"query": "data.values.images.warn"}}],
                            "exceptions": [{"msg": "WKP901: loki.image.tag is latest",
                                            "metadata": {"query": "data.values.images.deny_latest"}}]}])
    outcomes = conftest_engine.parse_output(recorded, policies, {i.path: i.document for i in inputs_of(loaded)})
    assert [(o.rule, o.is_warning, o.excepted) for o in outcomes] == [("warn", True, False), ("deny_latest", False, True)]


TESTS = """\
package values.images_test

test_latest_is_denied if {
	count(data.values.images.deny_latest) == 1 with input as {"loki": {"image": {"tag": "latest"}, "auth_enabled": true}}
}

test_pinned_is_allowed if {
	count(data.values.images.deny_latest) == 0 with input as {"loki": {"image": {"tag": "3.7.6"}, "auth_enabled": true}}
}
"""


def test_verify_runs_tests_with_coverage_and_finds_untested_rules(gate):
    gate.write("policies/values/images_test.rego", TESTS)
    result = verify(Repository.load(gate.root))
    assert [(c.name, c.passed) for c in result.cases] == [("test_latest_is_denied", True), ("test_pinned_is_allowed", True)]
    # The warn and exception rules are reached by no test: each is a finding at its line.
    assert [(f.code, f.line) for f in result.findings] == [("WK501", 15), ("WK501", 22)]
    assert 0 < result.percent() < 100
    gate.write("policies/values/images_test.rego", TESTS + """
test_auth_disabled_warns if {
	count(data.values.images.warn) == 1 with input as {"loki": {"image": {"tag": "3"}, "auth_enabled": false}}
}

test_dev_overlay_is_excepted if {
	"latest" in data.values.images.exception with data.conftest.file.name as "helm-values/loki/values-dev.yaml"
}

test_a_failing_test_fails if {
	count(data.values.images.deny_latest) == 1 with input as {"loki": {"image": {"tag": "3.7.6"}}}
}
""")
    result = verify(Repository.load(gate.root))
    assert result.findings == [] and result.percent() == 100.0
    failed = [c for c in result.cases if not c.passed]
    assert [(c.name, c.message) for c in failed] == [("test_a_failing_test_fails", "evaluated to undefined")]
    assert not result.ok
    xml = junit(result)
    assert 'tests="5" failures="1"' in xml and '<testcase name="test_a_failing_test_fails"' in xml


def both_engines(root) -> tuple[list, list]:
    """(real OPA's results, the embedded engine's) for every input and policy of a repository."""
    opa = pytest.importorskip("opa_bindings", reason="the OPA oracle wheel is installed by `make`")
    from pathlib import Path

    from watchkeeper.policy.embedded import evaluate
    from watchkeeper.policy.gate import data_of

    loaded = Repository.load(root)
    policies, inputs, data = load_policies(loaded), inputs_of(loaded), data_of(loaded)
    embedded = sorted((o.policy.package, o.input_path, o.rule, o.message, o.excepted) for o in evaluate(policies, inputs, data)
                      if o.policy.kind != "combined")
    from watchkeeper.policy.embedded import build_engine, queried_rules

    rules = queried_rules(build_engine(policies, data))
    oracle = []
    engine = opa.OpaEngine()
    for policy in policies:
        engine.add_policy(policy.path, policy.source)
    engine.add_data(data)
    for item in inputs:
        # One query per input for every queried rule of its kind and of main (OPA compiles each query).
        judged = [p for p in policies if p.kind in (item.kind, "main")]
        refs = [(p, rule) for p in judged for rule in rules.get(p.package, [])]
        refs += [(p, "exception") for p in judged if "exception contains" in p.source]
        if not refs:
            continue
        file = (f"with data.conftest.file.name as {json.dumps(item.path)} "
                f"with data.conftest.file.dir as {json.dumps(str(Path(item.path).parent))}")
        query = "v := [" + ", ".join(f"data.{p.package}.{rule}" for p, rule in refs) + f"] {file}"
        found = engine.eval_query(query, item.contents)
        values = dict(zip([(p.package, rule) for p, rule in refs], found[0]["v"] if found else [[]] * len(refs)))
        for policy in judged:
            excepted = {str(x) for x in values.get((policy.package, "exception"), [])}
            for rule in rules.get(policy.package, []):
                waived = "" in excepted or rule.split("_", 1)[-1] in excepted or rule in excepted
                for value in values.get((policy.package, rule), []):
                    message = value.get("msg", str(value)) if isinstance(value, dict) else str(value)
                    oracle.append((policy.package, item.path, rule, str(message), waived))
    return sorted(oracle), embedded


def test_embedded_engine_agrees_with_real_opa_on_the_repository():
    """The real OPA (its Go library) judges every input of the repository with every policy."""
    from pathlib import Path

    oracle, embedded = both_engines(Path(__file__).resolve().parents[2])
    assert oracle == embedded


def test_embedded_engine_agrees_with_real_opa_on_violations(gate):
    gate.write("helm-values/loki/values-dev.yaml", VALUES_TEXT)
    gate.write("helm-values/tempo/values.yaml", VALUES_TEXT.replace("loki", "tempo").replace("auth_enabled: true", "x: 1"))
    oracle, embedded = both_engines(gate.root)
    assert oracle == embedded and len(embedded) == 4 and sum(1 for *_, waived in embedded if waived) == 1


def test_rego_metadata_rule_gives_the_id_when_there_is_no_metadata_block(gate):
    gate.write("policies/values/images.rego", IMAGES.split("package values.images\n", 1)[1].join((
        "package values.images\n\n__rego_metadata__ := {\"id\": \"WKP905\", \"title\": \"Pinned images\", "
        "\"severity\": \"error\", \"description\": \"Old style.\"}\n", "")))
    (finding,) = gate.run("gate", **ONLY).findings
    assert (finding.code, finding.name) == ("WKP905", "pinned-images")


def test_every_policy_test_of_the_repository_passes_under_real_opa_too():
    """`policy verify` on the embedded engine and the same test_ rules on real OPA agree: a policy
    whose verdict depends on the engine (undefined-value subtleties) fails here."""
    opa = pytest.importorskip("opa_bindings", reason="the OPA oracle wheel is installed by `make`")
    from pathlib import Path

    from watchkeeper.policy.gate import data_of

    loaded = Repository.load(Path(__file__).resolve().parents[2])
    result = verify(loaded)
    engine = opa.OpaEngine()
    for source in loaded.of_kind("policy"):
        if source.text is not None:
            engine.add_policy(source.path, source.text)
    engine.add_data(data_of(loaded))
    disagree = []
    values: dict[str, dict] = {}
    for case in result.cases:
        if case.package not in values:  # one query per test package
            found = engine.eval_query(f"v := data.{case.package}", {})
            values[case.package] = found[0]["v"] if found else {}
        opa_passed = values[case.package].get(case.name) is True
        if opa_passed != case.passed:
            disagree.append(f"{case.file}:{case.line} {case.name}: embedded {case.passed}, OPA {opa_passed}")
    assert disagree == [] and len(result.cases) >= 7
