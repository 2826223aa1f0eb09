"""Run many small regexes over a text fast, by skipping those that cannot match.

Hotline lexicons are long alternations ("晕倒|昏倒|(叫|喊).{0,3}没反应|…"). Python's regex
engine tries every alternative at every position, which costs about a millisecond per text
for a few hundred alternatives. Here each top-level alternative is compiled on its own,
together with the characters it needs: a literal outside any group ("没反应" needs 没, 反,
应), or one of the first characters of a group it cannot skip ("(煤气|燃气)味" needs 煤 or
燃, and 味). An alternative runs only when the text contains what it needs, which leaves
a handful per text. Matches of different alternatives may overlap; all are reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K")

# Characters too common to be worth indexing on when a rarer requirement exists.
_COMMON = frozenset("的了是在我有人他她不一这那个们你就也都和到说要会着来去上下大小")


def split_top(pattern: str) -> list[str]:
    """Top-level alternatives of a pattern ("a|(b|c)d" → ["a", "(b|c)d"])."""
    parts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _skip_quantifier(pattern: str, i: int) -> tuple[int, bool]:
    """Position after a quantifier at `i` (if any) and whether the atom is still required."""
    if i >= len(pattern):
        return i, True
    ch = pattern[i]
    if ch in "?*":
        i += 1
        if i < len(pattern) and pattern[i] in "?+":
            i += 1
        return i, False
    if ch == "+":
        return i + 1, True
    if ch == "{":
        end = pattern.find("}", i)
        if end > 0:
            low = pattern[i + 1 : end].split(",")[0].strip()
            return end + 1, low.isdigit() and int(low) >= 1
    return i, True


def _group_end(pattern: str, i: int) -> int:
    depth, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(pattern) - 1


def _first_chars(alternative: str) -> frozenset[str] | None:
    """The characters an alternative can start with, or None when that is not simple."""
    if not alternative:
        return None
    ch = alternative[0]
    if ch in "\\[(.^$" or not "\u4e00" <= ch <= "\u9fff":
        if ch == "(" and not alternative.startswith("(?"):
            inner = alternative[1 : _group_end(alternative, 0)]
            _, required = _skip_quantifier(alternative, _group_end(alternative, 0) + 1)
            if not required:
                return None
            sets = [_first_chars(a) for a in split_top(inner)]
            if any(s is None for s in sets):
                return None
            return frozenset().union(*(s for s in sets if s is not None))
        return None
    _, required = _skip_quantifier(alternative, 1)
    return frozenset(ch) if required else None


def requirements(branch: str) -> list[frozenset[str]]:
    """Sets of characters of which the text must contain at least one each."""
    needs: list[frozenset[str]] = []
    i = 0
    while i < len(branch):
        ch = branch[i]
        if ch == "\\":
            i, _ = _skip_quantifier(branch, i + 2)
            continue
        if ch == "[":
            end = branch.index("]", i + 1)
            i, _ = _skip_quantifier(branch, end + 1)
            continue
        if ch == "(":
            end = _group_end(branch, i)
            after, required = _skip_quantifier(branch, end + 1)
            if (required and not branch.startswith("(?", i)) or branch.startswith("(?:", i):
                inner = branch[i + (3 if branch.startswith("(?:", i) else 1) : end]
                sets = [_first_chars(a) for a in split_top(inner)]
                if required and sets and all(s is not None for s in sets):
                    needs.append(frozenset().union(*(s for s in sets if s is not None)))
            i = after
            continue
        after, required = _skip_quantifier(branch, i + 1)
        if required and "\u4e00" <= ch <= "\u9fff":
            needs.append(frozenset(ch))
        i = after
    return needs


@dataclass(frozen=True)
class _Branch(Generic[K]):
    key: K
    regex: re.Pattern[str]
    needs: tuple[frozenset[str], ...]


class BranchIndex(Generic[K]):
    """Alternatives of many keyed patterns, indexed by a character each one needs."""

    def __init__(self, patterns: list[tuple[K, str]]) -> None:
        self._by_char: dict[str, list[_Branch[K]]] = {}
        self._always: list[_Branch[K]] = []
        for key, pattern in patterns:
            for alternative in split_top(pattern):
                needs = tuple(requirements(alternative))
                branch = _Branch(key, re.compile(alternative), needs)
                if not needs:
                    self._always.append(branch)
                    continue
                # Index on the rarest-looking requirement: the smallest set, uncommon characters first.
                best = min(needs, key=lambda s: (len(s & _COMMON) > 0, len(s)))
                for c in best:
                    self._by_char.setdefault(c, []).append(branch)

    def candidates(self, text: str) -> list[_Branch[K]]:
        chars = set(text)
        seen: set[int] = set()
        out: list[_Branch[K]] = list(self._always)
        for c in chars.intersection(self._by_char):
            for branch in self._by_char[c]:
                if id(branch) in seen:
                    continue
                seen.add(id(branch))
                if all(not chars.isdisjoint(need) for need in branch.needs):
                    out.append(branch)
        return out

    def finditer(self, text: str) -> Iterator[tuple[K, re.Match[str]]]:
        """Every match of every alternative that can match, in no particular order."""
        for branch in self.candidates(text):
            for m in branch.regex.finditer(text):
                yield branch.key, m
