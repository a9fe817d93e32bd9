"""Prometheus durations (`5m`, `1h30m`, `30d`), parsed exactly as Prometheus' model.ParseDuration does."""

from __future__ import annotations

import re

UNITS = (("y", 365 * 86400_000), ("w", 7 * 86400_000), ("d", 86400_000), ("h", 3600_000), ("m", 60_000), ("s", 1000), ("ms", 1))
_PATTERN = re.compile("^" + "".join(rf"(?:(\d+){u})?" for u, _ in UNITS) + "$")


def parse_ms(text: str) -> int:
    """Milliseconds in `text`; raises ValueError with Prometheus' wording."""
    if text == "0":
        return 0
    if text == "":
        raise ValueError("empty duration string")
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f'not a valid duration string: "{text}"')
    return sum(int(n) * ms for n, (_, ms) in zip(match.groups(), UNITS) if n)


def format_ms(ms: int) -> str:
    """The shortest Prometheus duration for `ms` (90000 -> `1m30s`), as Prometheus prints them."""
    if ms == 0:
        return "0s"
    parts = []
    for unit, size in UNITS:
        if ms >= size:
            parts.append(f"{ms // size}{unit}")
            ms %= size
    return "".join(parts)
