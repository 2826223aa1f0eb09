"""Fast matching of many small regexes over short texts.

Python's regex engine cannot skip ahead in a big alternation whose branches start with
look-behinds, so a 60-branch union costs ~250 µs on 200 characters. Instead each pattern is
compiled on its own, and we work out the set of characters a match can start with: a pattern
runs only when one of those characters occurs in the text. Typical replies then run a handful
of regexes, not sixty.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any

_c: Any = None
_p: Any = None
try:  # CPython 3.11+ internals; without them every pattern simply runs on every text.
    _c = importlib.import_module("re._constants")
    _p = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover
    _c = _p = None

_MAX_RANGE = 256  # wider classes (e.g. every Han character) are not worth a set


def _class_chars(items: Any) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(chr(av))
        elif op is _c.RANGE:
            lo, hi = av
            if hi - lo > _MAX_RANGE:
                return None
            out.update(chr(x) for x in range(lo, hi + 1))
        elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            out.update("0123456789")  # texts are normalised to half-width digits first
        else:  # NEGATE, other categories: could be almost anything
            return None
    return out


def _first(items: Any) -> tuple[set[str] | None, bool]:
    """(characters a match can start with, or None for "any"; whether the sequence can match empty)."""
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(chr(av))
            return out, False
        if op is _c.IN or op is _c.CATEGORY:
            chars = _class_chars(av if op is _c.IN else [(op, av)])
            if chars is None:
                return None, False
            return out | chars, False
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # zero-width: the match starts at the next item
        if op is _c.BRANCH:
            nullable = False
            for alt in av[1]:
                chars, empty = _first(alt)
                if chars is None:
                    return None, False
                out |= chars
                nullable = nullable or empty
            if not nullable:
                return out, False
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = av
            chars, empty = _first(sub)
            if chars is None:
                return None, False
            out |= chars
            if low > 0 and not empty:
                return out, False
            continue
        if op is _c.SUBPATTERN:
            sub = av[-1]
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            sub = av
        else:  # ANY, NOT_LITERAL, GROUPREF...: give up, always run
            return None, False
        chars, empty = _first(sub)
        if chars is None:
            return None, False
        out |= chars
        if not empty:
            return out, False
    return out, True


def first_chars(pattern: str) -> frozenset[str] | None:
    """Characters any match of `pattern` must start with, or None when that cannot be told."""
    if _p is None:
        return None
    try:
        chars, empty = _first(_p.parse(pattern))
    except Exception:  # an internal-API surprise must never break loading
        return None
    if chars is None or empty:
        return None
    return frozenset(chars)


def _skips_ahead(pattern: str) -> bool:
    """Whether the regex engine itself can jump to where a match may start.

    CPython's engine only does so when the pattern opens with a literal, a character class, or
    a branch of single literals; otherwise it tries the whole pattern at every position.
    """
    if _p is None:
        return True
    try:
        items = list(_p.parse(pattern))
    except Exception:
        return True
    while items and items[0][0] is _c.SUBPATTERN:
        items = list(items[0][1][-1])
    if not items:
        return False
    op, av = items[0]
    if op is _c.LITERAL or op is _c.IN:
        return True
    if op is _c.BRANCH:
        return all(alt and alt[0][0] is _c.LITERAL for alt in av[1])
    return False


def _starter(chars: frozenset[str] | None) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars or ())) + "]")


@dataclass(frozen=True)
class PatternSet:
    """Several regexes, each run only when the text holds a character it can start with.

    Patterns the engine can skip through on its own (they open with a literal) run one by one.
    The others are joined into one union with a named group per pattern, tried only at the
    positions a small character-class regex finds; `m.lastgroup` tells which pattern matched.
    """

    regexes: tuple[re.Pattern[str], ...]
    always: frozenset[int]  # first character unknown: run on every text
    index: dict[str, frozenset[int]]  # first character → patterns run alone that can start with it
    keys: frozenset[str]
    union: re.Pattern[str] | None
    union_starter: re.Pattern[str] | None
    union_keys: frozenset[str]

    @classmethod
    def build(cls, patterns: list[str]) -> PatternSet:
        always: set[int] = set()
        index: dict[str, set[int]] = {}
        joined: list[str] = []
        joined_keys: set[str] = set()
        for i, p in enumerate(patterns):
            starts = first_chars(p)
            if starts is None:
                always.add(i)
            elif _skips_ahead(p):
                for ch in starts:
                    index.setdefault(ch, set()).add(i)
            else:
                # Group names must be unique across the union: suffix each pattern's own.
                renamed = re.sub(r"\(\?P<(\w+)>", rf"(?P<\1_{i}>", p)
                joined.append(f"(?P<g{i}>{renamed})")
                joined_keys.update(starts)
        return cls(
            regexes=tuple(re.compile(p) for p in patterns),
            always=frozenset(always),
            index={k: frozenset(v) for k, v in index.items()},
            keys=frozenset(index),
            union=re.compile("|".join(joined)) if joined else None,
            union_starter=_starter(frozenset(joined_keys)) if joined else None,
            union_keys=frozenset(joined_keys),
        )

    def _alone(self, chars: set[str]) -> set[int]:
        found = set(self.always)
        for ch in self.keys.intersection(chars):
            found.update(self.index[ch])
        return found

    def findall(self, text: str, chars: set[str]) -> list[tuple[int, re.Match[str]]]:
        """(pattern index, match) for the matches of every pattern; not in text order.

        Matches of different patterns may overlap; callers keep the ones they want.
        """
        rx = self.regexes
        out = [(i, m) for i in self._alone(chars) for m in rx[i].finditer(text)]
        if (
            self.union is not None
            and self.union_starter is not None
            and not self.union_keys.isdisjoint(chars)
        ):
            match = self.union.match
            for s in self.union_starter.finditer(text):
                m = match(text, s.start())
                if m is not None and m.end() > m.start() and m.lastgroup:
                    out.append((int(m.lastgroup[1:]), m))
        return out

    @staticmethod
    def group(i: int, m: re.Match[str], name: str) -> str | None:
        """A named group of pattern i, whether it matched alone or inside the union."""
        groups = m.groupdict()
        value = groups.get(f"{name}_{i}", groups.get(name))
        return value if isinstance(value, str) else None

    def search(self, text: str, chars: set[str]) -> bool:
        return bool(self.findall(text, chars))


@dataclass(frozen=True)
class AnyOf:
    """One union regex for when only *where* something matches counts, not which pattern did."""

    regex: re.Pattern[str]
    starter: re.Pattern[str] | None

    @classmethod
    def build(cls, patterns: list[str]) -> AnyOf:
        union = "|".join(f"(?:{p})" for p in patterns)
        starts = first_chars(union)
        fast = starts is None or _skips_ahead(union)
        return cls(re.compile(union), None if fast else _starter(starts))

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self.starter is None:
            return [m.span() for m in self.regex.finditer(text)]
        out: list[tuple[int, int]] = []
        last = 0
        for s in self.starter.finditer(text):
            pos = s.start()
            if pos < last:
                continue
            m = self.regex.match(text, pos)
            if m is not None and m.end() > pos:
                out.append(m.span())
                last = m.end()
        return out

    def search(self, text: str) -> bool:
        if self.starter is None:
            return self.regex.search(text) is not None
        match = self.regex.match
        return any(match(text, s.start()) for s in self.starter.finditer(text))
