"""The rules Sloth generates for one SLO: SLI recordings, metadata recordings, MWMB alerts."""

from __future__ import annotations

from dataclasses import dataclass

from .goformat import format_duration_ms, format_f, format_g, hours
from .model import SLO, AlertMeta, render
from .windows import PeriodWindows, Window


@dataclass
class RuleGroup:
    name: str
    rules: list[dict]


def id_filter(slo: SLO) -> str:
    return f'{{sloth_id="{slo.id}", sloth_service="{slo.service}", sloth_slo="{slo.name}"}}'


def _sorted(labels: dict[str, str]) -> dict[str, str]:
    return dict(sorted(labels.items()))


def sli_rules(slo: SLO, windows: PeriodWindows, optimized: bool = True) -> list[dict]:
    ids = {"sloth_id": slo.id, "sloth_service": slo.service, "sloth_slo": slo.name}
    rules = []
    for window_ms in windows.sli_windows():
        window = format_duration_ms(window_ms)
        if optimized and window_ms == windows.period_ms:
            short = format_duration_ms(windows.page_quick.short_ms)
            series = f"slo:sli_error:ratio_rate{short}{id_filter(slo)}"
            expr = (f"sum_over_time({series}[{window}])\n/ ignoring (sloth_window)\n"
                    f"count_over_time({series}[{window}])\n")
        elif slo.sli.is_events:
            expr = render(f"({slo.sli.error_query})\n/\n({slo.sli.total_query})\n", window)
        else:
            expr = render(f"({slo.sli.error_ratio_query})", window)
        labels = _sorted({**ids, "sloth_window": window, **slo.labels})
        rules.append({"record": f"slo:sli_error:ratio_rate{window}", "expr": expr, "labels": labels})
    return rules


def metadata_rules(slo: SLO, windows: PeriodWindows, version: str, mode: str, spec: str) -> list[dict]:
    f = id_filter(slo)
    ratio = format_g(slo.objective / 100)
    short = format_duration_ms(windows.page_quick.short_ms)
    period = format_duration_ms(windows.period_ms)
    labels = _sorted({"sloth_id": slo.id, "sloth_service": slo.service, "sloth_slo": slo.name, **slo.labels})
    burn = "\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio" + f + "\n"
    info = _sorted({**labels, "sloth_version": version, "sloth_mode": mode, "sloth_spec": spec,
                    "sloth_objective": format_f(slo.objective)})
    return [
        {"record": "slo:objective:ratio", "expr": f"vector({ratio})", "labels": labels},
        {"record": "slo:error_budget:ratio", "expr": f"vector(1-{ratio})", "labels": labels},
        {"record": "slo:time_period:days", "expr": f"vector({format_g(hours(windows.period_ms) / 24)})", "labels": labels},
        {"record": "slo:current_burn_rate:ratio", "expr": f"slo:sli_error:ratio_rate{short}{f}{burn}", "labels": labels},
        {"record": "slo:period_burn_rate:ratio", "expr": f"slo:sli_error:ratio_rate{period}{f}{burn}", "labels": labels},
        {"record": "slo:period_error_budget_remaining:ratio", "expr": f"1 - slo:period_burn_rate:ratio{f}", "labels": labels},
        {"record": "sloth_slo_info", "expr": "vector(1)", "labels": info},
    ]


def _condition(slo: SLO, windows: PeriodWindows, pair: Window, budget: str) -> tuple[str, str]:
    factor = format_g(windows.factor(pair))
    f = id_filter(slo)
    short, long = format_duration_ms(pair.short_ms), format_duration_ms(pair.long_ms)
    return (f"max(slo:sli_error:ratio_rate{short}{f} > ({factor} * {budget})) without (sloth_window)",
            f"max(slo:sli_error:ratio_rate{long}{f} > ({factor} * {budget})) without (sloth_window)")


def alert_rules(slo: SLO, windows: PeriodWindows) -> list[dict]:
    budget = format_g((100 - slo.objective) / 100)
    rules = []
    for severity, meta, quick, slow in (("page", slo.page, windows.page_quick, windows.page_slow),
                                        ("ticket", slo.ticket, windows.ticket_quick, windows.ticket_slow)):
        if meta.disable:
            continue
        q_short, q_long = _condition(slo, windows, quick, budget)
        s_short, s_long = _condition(slo, windows, slow, budget)
        expr = (f"(\n    {q_short}\n    and\n    {q_long}\n)\nor\n"
                f"(\n    {s_short}\n    and\n    {s_long}\n)\n")
        rules.append({"alert": meta.name, "expr": expr, "labels": _sorted({"sloth_severity": severity, **meta.labels}),
                      "annotations": _sorted(_annotations(severity, meta))})
    return rules


def _annotations(severity: str, meta: AlertMeta) -> dict[str, str]:
    return {
        "title": f"({severity}) {{{{$labels.sloth_service}}}} {{{{$labels.sloth_slo}}}} SLO error budget burn rate is too fast.",
        "summary": "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.",
        **meta.annotations,
    }
