"""Waivers: visible, owned and dated exceptions to findings.

Two forms. A `waivers.yaml` entry at the repository root waives one code on the files its glob
matches, and names an owner, a reason and an expiry date:

```yaml
waivers:
  - code: WK105
    path: alerts/legacy/*.rules.yaml
    owner: sre
    reason: The legacy exporter emits both series until it is retired in Q1.
    expires: "2027-03-31"
```

An inline comment waives codes on one line: at the end of the line itself, or alone on the line
before it, optionally with an expiry date:

```yaml
# watchkeeper: ignore WK106 until 2027-01-31
- alert: Watchdog
```

An expired waiver no longer waives anything and is itself an error; a waiver that matched no
finding is a warning, so stale waivers get cleaned up. Waiver findings cannot be waived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..check import Check, Context
from ..findings import Finding, Rule, Severity
from ..kinds import glob_match

WAIVER_EXPIRED = Rule(
    "WK030", "waiver-expired", Severity.ERROR, "A waiver's expiry date has passed.",
    "The finding it covered is reported again. Fix the finding, or renew the waiver with a new date and reason.",
)
WAIVER_UNUSED = Rule(
    "WK031", "waiver-unused", Severity.WARNING, "A waiver matches no finding.",
    "The problem was fixed or the path moved; delete the waiver so it cannot hide a future finding.",
)
INLINE_MALFORMED = Rule(
    "WK032", "inline-waiver-malformed", Severity.ERROR, "A `# watchkeeper:` comment cannot be read.",
    "The form is `# watchkeeper: ignore WK101[,WK102] [until YYYY-MM-DD]`.",
)
RULES = (WAIVER_EXPIRED, WAIVER_UNUSED, INLINE_MALFORMED)
UNWAIVABLE = {r.code for r in RULES} | {"WK090", "WK091"}
WAIVERS_FILE = "waivers.yaml"

_MARKER = "watchkeeper:"
_INLINE = re.compile(
    r"#\s*watchkeeper:\s*ignore\s+(?P<codes>WK\d{3}(?:\s*,\s*WK\d{3})*)(?:\s+until\s+(?P<until>\d{4}-\d{2}-\d{2}))?\s*(?:--.*)?$"
)
_COMMENT_START = re.compile(r"#\s*watchkeeper:")


@dataclass
class Waiver:
    codes: frozenset[str]
    path: str  # a glob for file waivers, an exact path for inline ones
    line: int | None  # the waived line (inline only)
    source: str  # where the waiver is written
    source_line: int
    expires: date | None
    description: str
    used: int = 0

    def covers(self, finding: Finding) -> bool:
        if finding.code not in self.codes or finding.code in UNWAIVABLE:
            return False
        if self.line is not None:
            return finding.path == self.path and finding.line == self.line
        return glob_match(self.path, finding.path)


def collect(ctx: Context) -> tuple[list[Waiver], list[Finding]]:
    waivers: list[Waiver] = []
    problems: list[Finding] = []
    source = ctx.repo.get(WAIVERS_FILE)
    if source is not None and source.loaded:
        entries = source.data.get("waivers")
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("code", "path", "expires")):
                continue  # the schema check reports the malformed entry
            try:
                expires = date.fromisoformat(entry["expires"])
            except ValueError:
                continue
            waivers.append(Waiver(
                frozenset({entry["code"]}), entry["path"], None, WAIVERS_FILE, source.document.line_of(("waivers", i)),
                expires, f"waiver of {entry['code']} on {entry['path']} (owner {entry.get('owner', '?')})",
            ))
    for f in ctx.repo.files:
        if f.text is None or _MARKER not in f.text:
            continue
        waivers_in_file, found = _inline(f.path, f.text)
        waivers.extend(waivers_in_file)
        problems.extend(found)
    return waivers, problems


def _inline(path: str, text: str) -> tuple[list[Waiver], list[Finding]]:
    waivers, problems = [], []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        start = _COMMENT_START.search(line)
        if not start:
            continue
        match = _INLINE.match(line, start.start())
        if not match:
            problems.append(INLINE_MALFORMED.at(path, number, f"cannot read waiver comment {line[start.start():].strip()!r}",
                                                column=start.start() + 1))
            continue
        target = number
        if not line[: start.start()].strip():  # a comment on its own line waives the next content line
            target = next((n for n in range(number + 1, len(lines) + 1)
                           if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), number)
        codes = frozenset(c.strip() for c in match.group("codes").split(","))
        until = date.fromisoformat(match.group("until")) if match.group("until") else None
        waivers.append(Waiver(codes, path, target, path, number, until, f"inline waiver of {', '.join(sorted(codes))}"))
    return waivers, problems


def apply(findings: list[Finding], ctx: Context) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """Split `findings` into (kept, waived) and return the waivers' own findings as a third list."""
    waivers, own = collect(ctx)
    active = [w for w in waivers if w.expires is None or w.expires >= ctx.today]
    kept, waived = [], []
    for finding in findings:
        waiver = next((w for w in active if w.covers(finding)), None)
        if waiver is None:
            kept.append(finding)
        else:
            waiver.used += 1
            waived.append(finding)
    for w in waivers:
        if w.expires is not None and w.expires < ctx.today:
            own.append(WAIVER_EXPIRED.at(w.source, w.source_line, f"{w.description} expired on {w.expires.isoformat()}"))
        elif w.used == 0:
            own.append(WAIVER_UNUSED.at(w.source, w.source_line, f"{w.description} matches no finding"))
    return kept, waived, own


# No `run`: the runner calls `apply` once every other check has reported.
CHECK = Check("waivers", RULES, None, kinds=("waivers",), doc=__doc__)
