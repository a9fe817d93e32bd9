"""'Did you mean' suggestions for misspelt names."""

from __future__ import annotations

import difflib
from typing import Iterable


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    choices = [str(c) for c in choices]
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    match = closest(word, choices)
    return f"did you mean {match!r}?" if match else None


def dotted(path: Iterable) -> str:
    """`('groups', 0, 'rules', 2)` -> `groups[0].rules[2]`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


class NameIndex:
    """Suggestions among many names (metric series). Candidates are the names sharing the most
    character trigrams with the word (trigrams common to a fifth of all names are ignored), and
    only those few go through difflib, so a lookup stays fast with tens of thousands of series."""

    SHORTLIST = 12

    def __init__(self, names: Iterable[str]):
        self.names = sorted(set(names))
        postings: dict[str, list[int]] = {}
        for number, name in enumerate(self.names):
            for gram in _trigrams(name):
                postings.setdefault(gram, []).append(number)
        common = max(50, len(self.names) // 5)
        self.postings = {gram: ids for gram, ids in postings.items() if len(ids) <= common}
        self._cache: dict[str, str | None] = {}

    def did_you_mean(self, word: str) -> str | None:
        if word not in self._cache:
            scores: dict[int, int] = {}
            for gram in _trigrams(word):
                for number in self.postings.get(gram, ()):
                    scores[number] = scores.get(number, 0) + 1
            shortlist = sorted(scores, key=lambda n: -scores[n])[: self.SHORTLIST]
            self._cache[word] = closest(word, [self.names[n] for n in shortlist])
        match = self._cache[word]
        return f"did you mean {match!r}?" if match else None


def _trigrams(name: str) -> set[str]:
    padded = f"^{name}$"
    return {padded[i:i + 3] for i in range(len(padded) - 2)}
