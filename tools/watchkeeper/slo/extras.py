"""What the catalog generates beyond Sloth: a no-data alert per SLO and each SLO's error budget.

Sloth's burn-rate alerts compare a ratio with a threshold; when the SLI's metrics disappear
(exporter down, metric renamed, query broken) the ratio has no series and the alerts stay
silent. The no-data alert fires when the 5-minute SLI recording has had no series for 30
minutes. The budget summary (minutes of budget per period, burn factors, windows and thresholds)
feeds the merge-request summary and the SLO dashboards.
"""

from __future__ import annotations

from dataclasses import dataclass

from .goformat import format_duration_ms
from .model import SLO
from .rules import RuleGroup, id_filter
from .windows import PeriodWindows, Window

NO_DATA_FOR = "30m"  # long enough that a quiet night on a low-traffic service is not "no data"


def nodata_rule(slo: SLO, windows: PeriodWindows) -> dict | None:
    meta = slo.ticket if not slo.ticket.disable else slo.page
    if meta.disable:
        return None
    short = format_duration_ms(windows.page_quick.short_ms)
    labels = {**meta.labels, "severity": meta.labels.get("severity", "warning") if meta is slo.ticket else "warning"}
    annotations = {
        "summary": f"No data for the {slo.service} {slo.name} SLO: its burn-rate alerts cannot fire.",
        "description": (f"slo:sli_error:ratio_rate{short} of {slo.id} has had no series for {NO_DATA_FOR}: the SLI's "
                        "metrics are missing (exporter down, metric renamed or query broken)."),
        **{k: v for k, v in meta.annotations.items() if k in ("runbook_url", "dashboard_url")},
    }
    return {
        "alert": f"{meta.name}NoData",
        "expr": f"absent(slo:sli_error:ratio_rate{short}{id_filter(slo)})",
        "for": NO_DATA_FOR,
        "labels": dict(sorted(labels.items())),
        "annotations": dict(sorted(annotations.items())),
    }


def nodata_group(service: str, slos: list[tuple[SLO, PeriodWindows]]) -> RuleGroup | None:
    rules = [rule for slo, windows in slos if (rule := nodata_rule(slo, windows))]
    return RuleGroup(f"watchkeeper-slo-nodata-{service}", rules) if rules else None


@dataclass(frozen=True)
class BurnWindow:
    alert: str  # page | ticket
    speed: str  # quick | slow
    short: str
    long: str
    budget_percent: float  # of the period's budget consumed when the alert fires
    factor: float  # burn rate
    error_ratio: float  # the error ratio that burns at that rate


@dataclass(frozen=True)
class BudgetSummary:
    slo_id: str
    service: str
    name: str
    objective: float
    period: str
    budget_ratio: float
    budget_minutes: float
    windows: tuple[BurnWindow, ...]

    def as_dict(self) -> dict:
        return {**self.__dict__, "windows": [w.__dict__ for w in self.windows]}


def summarize(slo: SLO, windows: PeriodWindows) -> BudgetSummary:
    budget = (100 - slo.objective) / 100
    burns = []
    for alert, speed, window in (("page", "quick", windows.page_quick), ("page", "slow", windows.page_slow),
                                 ("ticket", "quick", windows.ticket_quick), ("ticket", "slow", windows.ticket_slow)):
        factor = windows.factor(window)
        burns.append(_burn(alert, speed, window, factor, budget))
    return BudgetSummary(slo.id, slo.service, slo.name, slo.objective, format_duration_ms(windows.period_ms), budget,
                         round(budget * windows.period_ms / 60_000, 1), tuple(burns))


def _burn(alert: str, speed: str, window: Window, factor: float, budget: float) -> BurnWindow:
    return BurnWindow(alert, speed, format_duration_ms(window.short_ms), format_duration_ms(window.long_ms),
                      window.budget_percent, round(factor, 4), round(factor * budget, 6))
