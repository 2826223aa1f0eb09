"""Find many fixed Chinese phrases in a text in one pass.

Catalogue keywords, place names, legal-channel and escalation cues are all plain phrases.
A dictionary keyed by each phrase's first two characters keeps the scan linear in the text
(a 300-character text costs a few dozen microseconds), and longest-match-first means
"加装电梯" is read as one phrase rather than also as "电梯".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    phrase: str


class PhraseMatcher:
    """Leftmost-longest, non-overlapping matching of phrases of two or more characters."""

    def __init__(self, phrases: Iterable[str]) -> None:
        index: dict[str, list[str]] = {}
        for phrase in set(phrases):
            if len(phrase) < 2:
                raise ValueError(f"短语至少两个字：{phrase!r}")
            index.setdefault(phrase[:2], []).append(phrase)
        for bucket in index.values():
            bucket.sort(key=len, reverse=True)
        self._index = index

    def __bool__(self) -> bool:
        return bool(self._index)

    def find(self, text: str) -> list[Match]:
        out: list[Match] = []
        index = self._index
        i, n = 0, len(text) - 1
        while i < n:
            bucket = index.get(text[i : i + 2])
            if bucket is not None:
                for phrase in bucket:
                    if text.startswith(phrase, i):
                        out.append(Match(i, i + len(phrase), phrase))
                        i += len(phrase)
                        break
                else:
                    i += 1
            else:
                i += 1
        return out

    def phrases_in(self, text: str) -> list[str]:
        """Distinct phrases found, in order of first appearance."""
        seen: dict[str, None] = {}
        for m in self.find(text):
            seen.setdefault(m.phrase, None)
        return list(seen)
