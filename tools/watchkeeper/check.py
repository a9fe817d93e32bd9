"""What a check is, and what it gets to look at.

A check is a module with a `CHECK` object: a name, the rules (codes) it can report, the file kinds
it examines and a `run` function that takes the `Context` and yields findings. The module's
docstring is its documentation. Checks are listed in `watchkeeper.checks.REGISTRY`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable

from .findings import Finding, Rule
from .repository import Repository
from .toolbox import Toolbox


@dataclass
class Context:
    repo: Repository
    tools: Toolbox
    today: date
    engines: dict[str, str] = field(default_factory=dict)  # check name -> what ran it
    paths_with_errors: set[str] = field(default_factory=set)  # files an earlier check found structurally broken

    def used_engine(self, check: str, engine: str) -> None:
        self.engines[check] = engine


@dataclass(frozen=True)
class Check:
    name: str
    rules: tuple[Rule, ...]
    run: Callable[[Context], Iterable[Finding]] | None  # None: the runner reports these itself
    kinds: tuple[str, ...] = ()  # file kinds examined: one JUnit testcase per such file
    stage: str = "lint"  # "lint" checks run in `lint` and `gate`; "gate" checks only in `gate`
    tools: tuple[str, ...] = ()  # external tools the check cannot run without
    doc: str = ""
