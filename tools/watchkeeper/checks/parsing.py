"""Every file is read once and parsed once; files that cannot be read as their kind are reported here.

These findings come from the repository loader (see `watchkeeper.repository`): a file with one of
them is not examined by any other check, so fix these first.
"""

from __future__ import annotations

from typing import Iterable

from ..check import Check, Context
from ..findings import Finding
from ..kinds import KINDS
from ..repository import LOAD_RULES


def run(ctx: Context) -> Iterable[Finding]:
    return list(ctx.repo.load_findings)


CHECK = Check("parsing", LOAD_RULES, run, kinds=tuple(k.name for k in KINDS), doc=__doc__)
