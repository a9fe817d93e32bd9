"""Every finding code is documented from its module, and docs/checks.md is current."""

from __future__ import annotations

import re
from pathlib import Path

from watchkeeper import docs
from watchkeeper.checks import REGISTRY, all_rules

ROOT = Path(__file__).resolve().parents[2]


def test_docs_checks_md_is_up_to_date():
    current = (ROOT / docs.DOC_PATH).read_text("utf-8")
    assert current == docs.render(), "docs/checks.md is stale: run `make docs`"


def test_codes_are_unique_and_well_formed():
    codes = [r.code for r in all_rules()]
    names = [r.name for r in all_rules()]
    assert len(codes) == len(set(codes)) and len(names) == len(set(names))
    assert all(re.fullmatch(r"WK\d{3}", c) for c in codes)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in names)


def test_every_check_and_rule_is_documented():
    for check in REGISTRY:
        assert check.doc and check.doc.strip(), check.name
        for rule in check.rules:
            assert rule.summary.endswith("."), rule.code
            assert f"### {rule.code}" in docs.render()


def test_check_names_are_unique():
    names = [c.name for c in REGISTRY]
    assert len(names) == len(set(names))


def test_docs_policies_md_is_up_to_date():
    from watchkeeper.policy import docs as policy_docs
    from watchkeeper.repository import Repository

    current = (ROOT / policy_docs.DOC_PATH).read_text("utf-8")
    assert current == policy_docs.render(Repository.load(ROOT)), "docs/policies.md is stale: run `watchkeeper docs`"
