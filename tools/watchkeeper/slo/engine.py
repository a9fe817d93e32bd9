"""The built-in Sloth engine: spec text in, Sloth's rule-file text out, byte for byte.

Errors carry Sloth's own message chain; the CLI prints them as Sloth does
(`error: "generate" command failed: ...`, exit status 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from .goformat import go_duration, parse_duration_ms
from .model import SLOGroup, SlothError, validate
from .output import dump, header, prometheus_rule_file, prometheus_rule_manifest
from .rules import RuleGroup, alert_rules, metadata_rules, sli_rules
from .specs import check_plugins, load, split_documents, unsupported_period
from .windows import DEFAULT_CATALOGUE, PeriodWindows, load_catalogue

BUILTIN_VERSION = f"watchkeeper-{__version__}"


@dataclass
class Options:
    default_period: str = "30d"
    windows_path: Path | None = None
    extra_labels: dict[str, str] = field(default_factory=dict)
    disable_recordings: bool = False
    disable_alerts: bool = False
    disable_optimizations: bool = False
    version: str = BUILTIN_VERSION


class Generator:
    def __init__(self, options: Options):
        self.options = options
        self.catalogue = load_catalogue(options.windows_path) if options.windows_path else DEFAULT_CATALOGUE
        try:
            self.default_period_ms = parse_duration_ms(options.default_period)
        except ValueError as exc:
            raise SlothError(f"invalid default slo period: {exc}") from None
        if self.default_period_ms not in self.catalogue:
            raise SlothError(f"invalid default slo period: window period {go_duration(self.default_period_ms)} missing")

    def generate(self, text: str) -> str:
        """All documents of one input file, each with its own header, in input order."""
        return "".join(self.generate_document(piece) for piece in split_documents(text))

    def build(self, piece: str) -> tuple[SLOGroup, list[RuleGroup]]:
        group = load(piece, self.default_period_ms, self.options.extra_labels)
        return group, self.rule_groups(group)

    def generate_document(self, piece: str) -> str:
        group, groups = self.build(piece)
        if group.mode == "cli-gen-k8s":
            return header(self.options.version) + dump(prometheus_rule_manifest(groups, group.k8s_meta))
        if not groups:
            raise SlothError("could not store SLOS: 0 SLO Prometheus rules generated")
        return header(self.options.version) + dump(prometheus_rule_file(groups))

    def rule_groups(self, group: SLOGroup) -> list[RuleGroup]:
        seen: set[str] = set()
        for slo in group.slos:
            if slo.id in seen:
                raise _wrap(f'SLO ID "{slo.id}" is repeated')
            seen.add(slo.id)
        out: list[RuleGroup] = []
        for slo in group.slos:
            windows = self.windows_for(slo.period_ms)
            try:
                validate(slo)
            except SlothError as exc:
                raise _wrap(f'could not generate "{slo.id}" slo: slo processor failed: {exc}') from None
            check_plugins(group)
            if not self.options.disable_recordings:
                out.append(RuleGroup(f"sloth-slo-sli-recordings-{slo.id}",
                                     sli_rules(slo, windows, optimized=not self.options.disable_optimizations)))
                out.append(RuleGroup(f"sloth-slo-meta-recordings-{slo.id}",
                                     metadata_rules(slo, windows, self.options.version, group.mode, group.spec)))
            alerts = [] if self.options.disable_alerts else alert_rules(slo, windows)
            if alerts:
                out.append(RuleGroup(f"sloth-slo-alerts-{slo.id}", alerts))
        return [g for g in out if g.rules]

    def windows_for(self, period_ms: int) -> PeriodWindows:
        if period_ms not in self.catalogue:
            raise _wrap(str(unsupported_period(period_ms)))
        return self.catalogue[period_ms]


def _wrap(reason: str) -> SlothError:
    return SlothError(f"could not generate SLOs: could not generate Prometheus SLO rules: {reason}")
