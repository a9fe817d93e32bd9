"""SLO period windows: which burn-rate windows and budget percentages each SLO period uses.

The built-in catalogue is the Google SRE workbook's, for 30d and 28d. A directory of Sloth
`AlertWindows` specs replaces it entirely (`--slo-period-windows-path`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .goformat import hours, parse_duration_ms
from .model import SlothError

DAY = 86_400_000
HOUR = 3_600_000
MINUTE = 60_000


@dataclass(frozen=True)
class Window:
    budget_percent: float
    short_ms: int
    long_ms: int


@dataclass(frozen=True)
class PeriodWindows:
    period_ms: int
    page_quick: Window
    page_slow: Window
    ticket_quick: Window
    ticket_slow: Window

    def factor(self, window: Window) -> float:
        # Same operation order as Sloth: the printed digits depend on it.
        return (window.budget_percent * hours(self.period_ms) / 100) / hours(window.long_ms)

    def sli_windows(self) -> list[int]:
        """Every alert window once, ascending, then the period itself."""
        alert = {w for pair in (self.page_quick, self.page_slow, self.ticket_quick, self.ticket_slow)
                 for w in (pair.short_ms, pair.long_ms)}
        return sorted(alert) + [self.period_ms]


def _workbook(period_ms: int) -> PeriodWindows:
    return PeriodWindows(
        period_ms,
        page_quick=Window(2, 5 * MINUTE, HOUR),
        page_slow=Window(5, 30 * MINUTE, 6 * HOUR),
        ticket_quick=Window(10, 2 * HOUR, DAY),
        ticket_slow=Window(10, 6 * HOUR, 3 * DAY),
    )


DEFAULT_CATALOGUE: dict[int, PeriodWindows] = {30 * DAY: _workbook(30 * DAY), 28 * DAY: _workbook(28 * DAY)}


def load_catalogue(directory: Path) -> dict[int, PeriodWindows]:
    catalogue: dict[int, PeriodWindows] = {}
    for path in sorted(p for p in directory.rglob("*") if p.suffix.lower() in (".yaml", ".yml") and p.is_file()):
        windows = _parse(yaml.safe_load(path.read_text("utf-8")))
        existing = catalogue.get(windows.period_ms)
        if existing is not None and existing != windows:
            raise SlothError(f"could not load SLO period windows repository: {path}: slo period windows already loaded")
        catalogue[windows.period_ms] = windows
    return catalogue


def _parse(data: object) -> PeriodWindows:
    if not isinstance(data, dict) or data.get("apiVersion") != "sloth.slok.dev/v1" or data.get("kind") != "AlertWindows":
        raise SlothError("could not load SLO period windows repository: invalid spec version")
    spec = data.get("spec") or {}
    period = _duration(spec.get("sloPeriod"))
    if not period:
        raise SlothError("could not load SLO period windows repository: slo period is required")

    def window(severity: str, speed: str) -> Window:
        raw = ((spec.get(severity) or {}).get(speed)) or {}
        where = f"invalid {severity} {speed}"
        percent = float(raw.get("errorBudgetPercent") or 0)
        short, long = _duration(raw.get("shortWindow")), _duration(raw.get("longWindow"))
        if not percent:
            raise SlothError(f"could not load SLO period windows repository: {where}: error budget percent is required")
        if not short:
            raise SlothError(f"could not load SLO period windows repository: {where}: short window is required")
        if not long:
            raise SlothError(f"could not load SLO period windows repository: {where}: long window is required")
        return Window(percent, short, long)

    return PeriodWindows(period, window("page", "quick"), window("page", "slow"), window("ticket", "quick"), window("ticket", "slow"))


def _duration(value: object) -> int:
    if value in (None, ""):
        return 0
    try:
        return parse_duration_ms(str(value))
    except ValueError as exc:
        raise SlothError(f"could not load SLO period windows repository: {exc}") from None
