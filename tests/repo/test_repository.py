"""Tests over the repository's own content: it passes its own gate, and its pieces agree."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from watchkeeper import runner
from watchkeeper.toolbox import Toolbox

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("slo-catalog", "alerts", "metrics", "dashboards", "policies", "helm-values", "runbooks", "argocd", "generated", "tools", "tests")


@pytest.fixture(scope="module")
def gate() -> runner.RunResult:
    return runner.run(ROOT, "gate")


def test_repository_passes_its_own_gate(gate):
    problems = [f"{f.location()} {f.code} {f.message}" for f in gate.findings]
    assert problems == []
    assert all(r.ran for r in gate.checks)


def test_every_file_kind_is_present(gate):
    kinds = {f.kind.name for f in runner.Repository.load(ROOT).files}
    assert kinds >= {"settings", "rules", "rule-test", "slo", "metrics", "yaml", "dashboard", "policy", "runbook"}


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_folder_explains_itself(folder):
    readme = ROOT / folder / "README.md"
    assert readme.is_file()
    assert len(readme.read_text("utf-8").splitlines()) >= 5


@pytest.mark.parametrize("pattern", ["alerts/**/*.test.yaml", "tests/slo/*.test.yaml"])
def test_promtool_unit_tests_pass(pattern):
    """The alert catalog's tests and the SLO burn-rate scenarios (which load generated/ rules),
    one promtool process per file so the slow SLO scenarios run side by side."""
    tests = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(pattern))
    assert tests, f"no promtool tests match {pattern}"
    promtool = Toolbox(ROOT, {}).get("promtool")

    def run(path: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([promtool.path, "test", "rules", path], cwd=ROOT, capture_output=True, text=True, timeout=600)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(run, tests))
    failures = [r.stdout + r.stderr for r in results if r.returncode != 0 or "SUCCESS" not in r.stdout]
    assert failures == []


def test_debian_pins_match_watchkeeper_yaml():
    pins = yaml.safe_load((ROOT / "watchkeeper.yaml").read_text())["tools"]
    packages = dict(
        line.split("=", 1) for line in (ROOT / "tools/bootstrap/debian-packages.txt").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert packages["prometheus"].split("+")[0] == pins["promtool"]
    assert packages["prometheus-alertmanager"].split("-")[0] == pins["amtool"]


def test_readme_opens_with_the_two_commands_and_ci_runs_the_tests():
    head = (ROOT / "README.md").read_text().split("\n## ")[0]
    assert "make gate" in head and "make test" in head
    assert re.search(r"^make test$", (ROOT / ".ci/run").read_text(), re.M)


def test_runbook_urls_point_at_files_in_the_repository():
    base = yaml.safe_load((ROOT / "watchkeeper.yaml").read_text())["runbook_base_url"]
    for path in [*ROOT.glob("alerts/**/*.rules.yaml"), *ROOT.glob("generated/prometheus/**/*.yaml")]:
        for group in yaml.safe_load(path.read_text())["groups"]:
            for rule in group["rules"]:
                url = rule.get("annotations", {}).get("runbook_url")
                if "alert" in rule:
                    assert url and url.startswith(base), (path, rule["alert"])
                    page, _, anchor = url[len(base):].partition("#")
                    assert (ROOT / "runbooks" / page).is_file(), url
                    if anchor:  # a section of a per-service runbook: `## <AlertName>`
                        headings = re.findall(r"^#+ (\S+)", (ROOT / "runbooks" / page).read_text(), re.M)
                        assert anchor in {h.lower() for h in headings}, url


def test_rego_policy_tests_pass():
    import regorus

    for test_file in sorted(ROOT.glob("policies/**/*_test.rego")):
        engine = regorus.Engine()
        for policy in sorted(test_file.parent.glob("*.rego")):
            engine.add_policy_from_file(str(policy))
        package = re.search(r"^package (\S+)", test_file.read_text(), re.M).group(1)
        tests = re.findall(r"^(test_\w+) if", test_file.read_text(), re.M)
        assert tests, test_file
        for name in tests:
            result = engine.eval_query(f"data.{package}.{name}")["result"]
            assert result and result[0]["expressions"][0]["value"] is True, f"{test_file}: {name}"


def test_generated_dashboards_load_have_unique_uids_and_parse():
    """Every dashboard Grafana will load: JSON, a uid of its own, each query valid PromQL."""
    from watchkeeper.checks.dashboard_lint import expand
    from watchkeeper.promql import parse

    uids: dict[str, Path] = {}
    queries = 0
    for path in sorted((ROOT / "generated" / "dashboards").rglob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        assert data["uid"] not in uids, f"{path} repeats the uid of {uids.get(data['uid'])}"
        uids[data["uid"]] = path
        assert path.name == f"{data['uid']}.json" and data["schemaVersion"] == 39 and data["editable"] is False
        for panel in data["panels"]:
            for target in panel.get("targets") or []:
                queries += 1
                assert parse(expand(target["expr"])) is not None, f"{path}: {panel['title']}: {target['expr']}"
    assert len(uids) >= 28 and queries > 500


def test_generating_twice_gives_identical_bytes(tmp_path):
    from watchkeeper import dashboard_gen, generation
    from watchkeeper.repository import Repository

    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".tools", ".git", "reports", "__pycache__"))
    shutil.rmtree(copy / "generated")
    for _ in range(2):
        dashboard_gen._CACHE.clear()
        loaded = Repository.load(copy)
        generation.write(loaded, generation.plan(loaded))
    fresh = {p.relative_to(copy): p.read_bytes() for p in (copy / "generated").rglob("*") if p.is_file()}
    committed = {p.relative_to(ROOT): p.read_bytes() for p in (ROOT / "generated").rglob("*")
                 if p.is_file() and p.name != "README.md"}
    assert fresh == committed


def test_policy_verify_passes_and_reaches_every_rule():
    """`watchkeeper policy verify` over the repository: every test passes, every deny/warn/exception
    rule of every policy is reached by a test, coverage reported."""
    from watchkeeper.policy.verify import text, verify
    from watchkeeper.repository import Repository

    result = verify(Repository.load(ROOT))
    assert result.ok, text(result)
    assert len(result.cases) >= 7 and result.percent() >= 90, text(result)
