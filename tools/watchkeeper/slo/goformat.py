"""Numbers and durations exactly as Sloth (Go) prints them.

Sloth's output is compared byte for byte, so its Go formatting is reproduced here: `%g`-style
shortest floats, `strconv.FormatFloat(x, 'f', -1, 64)`, Prometheus' duration printer and Go's
time.Duration. The YAML side is in `output.py`.
"""

from __future__ import annotations

from decimal import Decimal

from ..durations import UNITS as _DURATION_UNITS
from ..durations import parse_ms as parse_duration_ms  # noqa: F401 - Prometheus' model.ParseDuration


def format_duration_ms(ms: int) -> str:
    """Prometheus' model.Duration.String(): years and weeks only on exact multiples."""
    if ms == 0:
        return "0s"
    out = []
    for unit, size in _DURATION_UNITS:
        if unit in ("y", "w") and ms % size != 0:
            continue
        if ms >= size:
            out.append(f"{ms // size}{unit}")
            ms %= size
    return "".join(out)


def go_duration(ms: int) -> str:
    """Go's time.Duration.String() for whole milliseconds (e.g. 720h0m0s), used in Sloth's errors."""
    if ms == 0:
        return "0s"
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds = Decimal(rest) / 1000
    sec = format(seconds.normalize(), "f") if rest % 1000 else str(rest // 1000)
    if hours:
        return f"{hours}h{minutes}m{sec}s"
    if minutes:
        return f"{minutes}m{sec}s"
    return f"{sec}s"


def hours(ms: int) -> float:
    """Go's Duration.Hours(): whole hours plus the remainder as a fraction, in that order."""
    whole, rest = divmod(ms * 1_000_000, 3_600_000_000_000)
    return whole + rest / 3.6e12


def _digits(x: float) -> tuple[str, int]:
    """Shortest round-trip digits of x and its decimal exponent (d.ddd x 10^exp)."""
    sign, digits, exponent = Decimal(repr(x)).as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    exp = len(digits) + exponent - 1
    return text, exp


def format_g(x: float) -> str:
    """Go's strconv.FormatFloat(x, 'g', -1, 64), which is also what %v prints."""
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    digits, exp = _digits(abs(x))
    if exp < -4 or exp >= 6:  # Go uses precision 6 for this decision when printing the shortest form
        return sign + _format_e(digits, exp)
    return sign + _format_fixed(digits, exp)


def format_f(x: float) -> str:
    """Go's strconv.FormatFloat(x, 'f', -1, 64)."""
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    digits, exp = _digits(abs(x))
    return sign + _format_fixed(digits, exp)


def _format_e(digits: str, exp: int) -> str:
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


def _format_fixed(digits: str, exp: int) -> str:
    if exp < 0:
        return "0." + "0" * (-exp - 1) + digits
    if exp + 1 >= len(digits):
        return digits + "0" * (exp + 1 - len(digits))
    return digits[: exp + 1] + "." + digits[exp + 1:]
