"""Repository settings from `watchkeeper.yaml`, read leniently: the schema check reports problems,
and anything unusable falls back to a default so the other checks can still run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SETTINGS_FILE = "watchkeeper.yaml"


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 1_048_576
    max_yaml_nodes: int = 100_000


@dataclass(frozen=True)
class Settings:
    environments: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    severities: tuple[str, ...] = ("critical", "warning", "info")
    runbook_base_url: str = ""
    tools: dict[str, str] = field(default_factory=dict)
    limits: Limits = Limits()

    @classmethod
    def from_data(cls, data: Any) -> "Settings":
        if not isinstance(data, dict):
            return cls()

        def names(key: str) -> tuple[str, ...]:
            items = data.get(key)
            if not isinstance(items, list):
                return ()
            return tuple(str(i["name"]) for i in items if isinstance(i, dict) and "name" in i)

        limits = data.get("limits") if isinstance(data.get("limits"), dict) else {}
        default = Limits()
        tools = data.get("tools") if isinstance(data.get("tools"), dict) else {}
        return cls(
            environments=names("environments"),
            teams=names("teams"),
            severities=names("severities") or cls.severities,
            runbook_base_url=str(data.get("runbook_base_url") or ""),
            tools={str(k): str(v) for k, v in tools.items()},
            limits=Limits(
                max_file_bytes=_positive_int(limits.get("max_file_bytes"), default.max_file_bytes),
                max_yaml_nodes=_positive_int(limits.get("max_yaml_nodes"), default.max_yaml_nodes),
            ),
        )


def _positive_int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default
