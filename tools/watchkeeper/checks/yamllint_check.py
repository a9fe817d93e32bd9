"""yamllint, in-process, with the repository's own `.yamllint` configuration.

Every YAML file is linted for style (indentation, trailing spaces, truthy values, line length).
Files the loader rejected (WK001-WK007) are not linted for style until they load, and yamllint's
duplicate-key problem is left out because the loader reports it as WK002. yamllint's own syntax
pass is skipped for the same reason: every file linted here has already parsed. Files under
`generated/` are not linted for style: they are written by `watchkeeper generate` in the style
Sloth and go-yaml use, and the drift check guards them. The finding's
severity is the level the configuration gives the rule (`error` or `warning`). Large repositories
are linted on every CPU core.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from importlib.metadata import version
from multiprocessing import get_context
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
YAML_KINDS = ("settings", "waivers", "rule-test", "rules", "slo", "metrics", "yaml")
PARALLEL_FROM_BYTES = 200_000  # below this much YAML a process pool costs more than it saves
_COVERED_BY_LOADER = {None, "key-duplicates"}
_DISABLE_FILE = re.compile(r"^#\s*yamllint disable-file\s*$")

Problem = tuple[int, int, str, str | None, str]  # line, column, level, rule, description


@lru_cache(maxsize=4)
def load_config(path: str | None) -> YamlLintConfig:
    return YamlLintConfig(file=path) if path else YamlLintConfig("extends: default")


def lint_text(task: tuple[str | None, str, str]) -> list[Problem]:
    config_path, path, text = task
    if _DISABLE_FILE.match(text.split("\n", 1)[0]):
        return []
    return [(p.line, p.column, p.level, p.rule, p.desc)
            for p in linter.get_cosmetic_problems(text, load_config(config_path), path)
            if p.rule not in _COVERED_BY_LOADER]


def run(ctx: Context) -> Iterable[Finding]:
    ctx.used_engine(CHECK.name, f"yamllint {version('yamllint')}")
    config_file = ctx.repo.root / ".yamllint"
    config_path = str(config_file) if config_file.is_file() else None
    try:
        config = load_config(config_path)
    except (YamlLintConfigError, OSError) as exc:
        yield YAMLLINT_CONFIG.at(".yamllint", 1, str(exc).removeprefix("invalid config: "))
        return
    tasks = [(config_path, f.path, f.text) for f in ctx.repo.of_kind(*YAML_KINDS)
             if f.loaded and not f.generated and not config.is_file_ignored(f.path)]
    workers = min(os.cpu_count() or 1, 8)
    if sum(len(t[2]) for t in tasks) >= PARALLEL_FROM_BYTES and workers > 1:
        tasks.sort(key=lambda t: -len(t[2]))  # largest first, so one big inventory does not finish last
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            results = list(pool.map(lint_text, tasks, chunksize=max(1, len(tasks) // (workers * 8))))
    else:
        results = [lint_text(task) for task in tasks]
    for (_, path, _), problems in zip(tasks, results):
        for line, column, level, rule, desc in problems:
            severity = Severity.WARNING if level == "warning" else Severity.ERROR
            yield YAMLLINT.at(path, line, f"{desc} ({rule})", column=column, severity=severity)


CHECK = Check("yamllint", (YAMLLINT, YAMLLINT_CONFIG), run, kinds=YAML_KINDS, doc=__doc__)
