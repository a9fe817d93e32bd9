"""yamllint, in-process, with the repository's own `.yamllint` configuration.

Every YAML file is linted for style (indentation, trailing spaces, truthy values, line length).
Files the loader rejected (WK001-WK007) are not linted for style until they load, and yamllint's
duplicate-key problem is left out because the loader reports it as WK002. The finding's severity is the level yamllint's
configuration gives the rule (`error` or `warning`).
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Iterable

from yamllint import linter
from yamllint.config import YamlLintConfig, YamlLintConfigError

from ..check import Check, Context
from ..findings import Finding, Rule, Severity

YAMLLINT = Rule(
    "WK010", "yamllint", Severity.ERROR, "A yamllint rule of the repository's `.yamllint` fails.",
    "The message names the yamllint rule (for example `indentation` or `truthy`); its level in "
    "`.yamllint` decides whether the finding is an error or a warning.\n\n"
    "Bad (`truthy`):\n\n```yaml\nenabled: yes\n```\n\nGood:\n\n```yaml\nenabled: true\n```",
)
YAMLLINT_CONFIG = Rule(
    "WK011", "yamllint-config", Severity.ERROR, "The repository's `.yamllint` cannot be used.",
    "yamllint refused the configuration; no file was linted for style.",
)
_COVERED_BY_LOADER = {None, "key-duplicates"}
YAML_KINDS = ("settings", "waivers", "rule-test", "rules", "slo", "metrics", "yaml")


def load_config(ctx: Context) -> YamlLintConfig:
    path = ctx.repo.root / ".yamllint"
    if path.is_file():
        return YamlLintConfig(file=str(path))
    return YamlLintConfig("extends: default")


def run(ctx: Context) -> Iterable[Finding]:
    ctx.used_engine(CHECK.name, f"yamllint {version('yamllint')}")
    try:
        config = load_config(ctx)
    except YamlLintConfigError as exc:
        yield YAMLLINT_CONFIG.at(".yamllint", 1, str(exc).removeprefix("invalid config: "))
        return
    for source in ctx.repo.of_kind(*YAML_KINDS):
        if not source.loaded or config.is_file_ignored(source.path):
            continue
        for problem in linter.run(source.text, config, source.path):
            if problem.rule in _COVERED_BY_LOADER:
                continue
            severity = Severity.WARNING if problem.level == "warning" else Severity.ERROR
            yield YAMLLINT.at(
                source.path, problem.line, f"{problem.desc} ({problem.rule})", column=problem.column, severity=severity
            )


CHECK = Check("yamllint", (YAMLLINT, YAMLLINT_CONFIG), run, kinds=YAML_KINDS, doc=__doc__)
