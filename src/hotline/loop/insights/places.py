"""Place names in a message: city/district codes, streets, villages, estates, roads, institutions.

Hotspots are "the same problem at the same place", so clustering needs the places a message
names. Shared data is anonymised ("A市", "A2区", "A7县") and real messages name estates, roads
and schools by a suffix ("丽发新城小区", "黄兴路", "师大附中"); this extractor finds a suffix and
walks left to the start of the name, stopping at verbs and function words ("投诉", "关于", "的").
It is rule-based and fast (about 20 µs per title), so a corpus of thousands is read in well under
a second; it will miss some names and keep some noise, which cluster-level voting evens out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from hotline.loop.insights.lexicon import insight_lexicon

# Anonymised codes: A市, A市A5区, A7县, K9县 (one letter, optional digits, then the level).
_ADMIN = re.compile(r"(?<![A-Za-z0-9])([A-Z][0-9]{0,2})(市|区|县)")


@dataclass(frozen=True)
class Place:
    kind: str  # city, district, street, village, estate, road, institution
    name: str  # as written, with its suffix ("丽发新城小区")
    stem: str  # the name without generic suffixes, for matching ("丽发新城")

    @property
    def key(self) -> str:
        """A short key that two spellings of one place share ("丽发新城" and "丽发小区" → "丽发").

        Estates go by their first two characters (people shorten them), institutions by three
        ("泉塘中学" is not "泉塘酒店"), roads and villages by the whole name. Streets and towns
        get no key: a whole street is too wide to make two messages one problem.
        """
        if self.kind == "estate":
            return self.stem[:2]
        if self.kind == "institution":
            return self.stem[:3]
        if self.kind == "street":
            return ""
        return self.stem


@dataclass
class Places:
    city: str | None = None
    district: str | None = None  # the most specific admin code: "A5区" (city prefix dropped)
    named: list[Place] = field(default_factory=list)  # streets, villages, estates, roads, institutions
    # Places read from the body rather than the title: weaker evidence, used only to agree.
    nearby: list[Place] = field(default_factory=list)

    def keys(self) -> set[str]:
        return {p.key for p in self.named if len(p.key) >= 2}

    def all_keys(self) -> set[str]:
        return self.keys() | {p.key for p in self.nearby if len(p.key) >= 2}

    @property
    def street(self) -> str | None:
        for p in self.named:
            if p.kind == "street":
                return p.stem
        return None

    def best(self) -> Place | None:
        """The place a title would be filed under: an estate or institution before a road or street."""
        order = {"estate": 0, "institution": 1, "village": 2, "road": 3, "street": 4}
        ranked = sorted(self.named, key=lambda p: order.get(p.kind, 9))
        return ranked[0] if ranked else None


@dataclass(frozen=True)
class _Rules:
    suffix: re.Pattern[str]
    kind_of: dict[str, str]
    boundary: re.Pattern[str]
    generic: tuple[str, ...]
    not_names: frozenset[str]
    not_endings: tuple[str, ...]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    lex = insight_lexicon()
    kinds: dict[str, str] = {}
    for kind, suffixes in lex.place_suffixes.items():
        for s in suffixes:
            kinds[s] = kind
    # Longest suffix first so "新村" wins over "村" and "大道" over "道".
    alts = "|".join(re.escape(s) for s in sorted(kinds, key=len, reverse=True))
    name_chars = r"[\u4e00-\u9fa5A-Za-z0-9·]"
    # A run of suffixes belongs to one name: "魅力之城小区", "丽发新城二期".
    suffix = re.compile(rf"({name_chars}{{1,10}}?)((?:{alts})+)")
    words = sorted(lex.place_boundaries, key=len, reverse=True)
    boundary = re.compile("|".join(re.escape(w) for w in words) + r"|[A-Z][0-9]{0,2}[市区县]|[0-9]+")
    return _Rules(
        suffix=suffix,
        kind_of=kinds,
        boundary=boundary,
        generic=tuple(sorted(lex.generic_place_suffixes, key=len, reverse=True)),
        not_names=frozenset(lex.not_place_names),
        not_endings=tuple(lex.not_place_endings),
    )


def _trim_left(name: str, rules: _Rules) -> str:
    """Cut everything up to the last verb, function word or admin code inside the span."""
    cut = 0
    for m in rules.boundary.finditer(name):
        cut = m.end()
    return name[cut:]


def _kind(run: str, rules: _Rules) -> str:
    """The kind of a run of suffixes is the kind of its first one ("城小区" is an estate)."""
    for size in range(len(run), 0, -1):
        if run[:size] in rules.kind_of:
            return rules.kind_of[run[:size]]
    return "estate"


def _stem(name: str, rules: _Rules) -> str:
    stem = name
    changed = True
    while changed:
        changed = False
        for g in rules.generic:
            if stem.endswith(g) and len(stem) - len(g) >= 2:
                stem = stem[: -len(g)]
                changed = True
                break
    return stem


def extract(text: str) -> Places:
    """Find the places named in one text (title, or title and detail)."""
    rules = _rules()
    out = Places()
    for m in _ADMIN.finditer(text):
        code = m.group(1) + m.group(2)
        if m.group(2) == "市":
            out.city = out.city or code
        elif out.district is None:
            out.district = code
    seen: set[str] = set()
    for m in rules.suffix.finditer(text):
        head, suf = m.group(1), m.group(2)
        head = _trim_left(head, rules)
        kind = _kind(suf, rules)
        if len(head) < 2 and kind != "road":
            continue
        if not head:
            continue
        name = head + suf
        if name in seen or head in rules.not_names or name in rules.not_names:
            continue
        if name.endswith(rules.not_endings):
            continue
        seen.add(name)
        out.named.append(Place(kind=kind, name=name, stem=_stem(name, rules)))
    return out
