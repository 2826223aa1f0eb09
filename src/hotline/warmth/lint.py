"""Lint any operator text: vague words, buck-passing, impatience, and which of the four moves it makes.

`lint(text)` returns a `LintResult`; offsets are character positions in the text as given,
`end` exclusive (Python slicing). `ok` means nothing forbidden was found; `score` (0–100) adds
credit for each of the four moves and takes it away for each problem (see docs/warmth.md).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any, TypeVar

from hotline.errors import InputError
from hotline.text import MAX_CHARS, prepare
from hotline.warmth.lexicon import UNIT_GROUP, Lexicon, VagueEntry, lexicon
from hotline.warmth.rewrite import rewrite_clause

MOVES = ("restatement", "acceptance", "responsibility", "commitment")
MOVE_ZH = {
    "restatement": "复述确认",
    "acceptance": "情绪承接",
    "responsibility": "责任表态",
    "commitment": "行动承诺",
}

# Score: each move present earns 25; each problem costs the points below (floored at 0).
MOVE_POINTS = 25
PENALTY = {"vague": 15, "buck_passing": 30, "impatience": 30}

_SENTENCE_MARK_RX = re.compile(r"[。！？!?；;\n]")
_CLAUSE_MARK_RX = re.compile(r"[，,、。！？!?；;：:\n…]")
# Fast path: text needing no normalisation skips the (slower) character-by-character conversion.
# (Full-width ，：；！？（） stay as they are in `prepare`, so they do not need it.)
_NEEDS_PREPARE = re.compile(
    r"[\uff02-\uff07\uff0a\uff0b\uff0d-\uff19\uff1c-\uff1e\uff20-\uff5e\u3000\ufffd\x00-\x08\x0b-\x1f\x7f]"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_BAD_UNIT = re.compile(r"别|其他|其它|相关|有关|上级|他们|人家|别人|一下|这个|那个|哪")
_UNIT_TAIL = re.compile(r"(?:问问|看看|问一下|一下|吧|去|啊|呀)+$")

T = TypeVar("T")


@dataclass(frozen=True)
class VagueHit:
    word: str  # the words as they appear in the text
    start: int
    end: int
    suggestion: str  # the clause rewritten without the vague word(s); 〔…〕 marks what to fill in
    type: str  # hedge | time | extent | approx | unit
    label: str  # the type in Chinese
    advice: str  # why the word is a problem and how to say it instead


@dataclass(frozen=True)
class PhraseHit:
    text: str
    start: int
    end: int
    suggestion: str
    rule: str  # name of the lexicon entry that matched


@dataclass(frozen=True)
class Moves:
    restatement: bool = False
    acceptance: bool = False
    responsibility: bool = False
    commitment: bool = False

    def present(self) -> list[str]:
        return [m for m in MOVES if getattr(self, m)]


@dataclass(frozen=True)
class LintResult:
    vague: list[VagueHit] = field(default_factory=list)
    buck_passing: list[PhraseHit] = field(default_factory=list)
    impatience: list[PhraseHit] = field(default_factory=list)
    moves: Moves = field(default_factory=Moves)
    notes: list[str] = field(default_factory=list)  # input warnings: traditional script, no Chinese…

    @property
    def ok(self) -> bool:
        """No vague word, no buck-passing, no impatience."""
        return not (self.vague or self.buck_passing or self.impatience)

    @property
    def score(self) -> int:
        gained = MOVE_POINTS * len(self.moves.present())
        lost = (
            PENALTY["vague"] * len(self.vague)
            + PENALTY["buck_passing"] * len(self.buck_passing)
            + PENALTY["impatience"] * len(self.impatience)
        )
        return max(0, min(100, gained - lost))

    def to_dict(self) -> dict[str, Any]:
        return {
            "vague": [asdict(v) for v in self.vague],
            "buck_passing": [asdict(b) for b in self.buck_passing],
            "impatience": [asdict(i) for i in self.impatience],
            "moves": asdict(self.moves),
            "ok": self.ok,
            "score": self.score,
            "notes": list(self.notes),
        }


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    import zhconv.zhconv as impl

    import hotline.text  # noqa: F401  (loads zhconv's dictionary with a closed file handle)

    return frozenset(k for k, v in impl.getdict("zh-cn").items() if len(k) == 1 and v != k)


def _normalise(text: str) -> tuple[str, list[str]]:
    """Same checks, offsets and notes as `hotline.text.prepare`, without its cost on clean Chinese text."""
    if (
        isinstance(text, str)
        and text.strip()
        and len(text) <= MAX_CHARS
        and not _NEEDS_PREPARE.search(text)
        and _HAN.search(text)
        and not _LATIN.search(text)
        and _traditional_chars().isdisjoint(text)
    ):
        return text, []
    try:
        prepared = prepare(text)
    except InputError as err:
        if err.code == "empty_text":
            raise InputError("empty_text", "文本为空：请输入要检查的坐席答复") from err
        raise
    return prepared.text, prepared.notes


class _Splits:
    """Positions of sentence and clause marks in one text, to find the span around any offset."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.sentence_marks = [m.start() for m in _SENTENCE_MARK_RX.finditer(text)]
        self.clause_marks = [m.start() for m in _CLAUSE_MARK_RX.finditer(text)]

    @staticmethod
    def _around(marks: list[int], pos: int, length: int) -> tuple[int, int]:
        k = bisect_right(marks, pos)
        start = marks[k - 1] + 1 if k else 0
        end = marks[k] if k < len(marks) else length
        return start, end

    def sentence(self, pos: int) -> tuple[int, int]:
        return self._around(self.sentence_marks, pos, self.length)

    def clause(self, pos: int) -> tuple[int, int]:
        return self._around(self.clause_marks, pos, self.length)

    def sentences(self) -> list[tuple[int, int]]:
        bounds = [-1, *self.sentence_marks, self.length]
        return [(a + 1, b) for a, b in pairwise(bounds) if b > a + 1]


def _non_overlapping(spans: list[tuple[int, int, T]]) -> list[tuple[int, int, T]]:
    """Leftmost first, then longest; drop any span overlapping one already kept."""
    kept: list[tuple[int, int, T]] = []
    last_end = -1
    for span in sorted(spans, key=lambda h: (h[0], h[0] - h[1])):
        if span[0] >= last_end:
            kept.append(span)
            last_end = span[1]
    return kept


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start <= s < end for s, _ in spans)


def _find_vague(
    text: str, chars: set[str], lex: Lexicon, times: list[tuple[int, int]], splits: _Splits
) -> list[tuple[int, int, VagueEntry]]:
    found: list[tuple[int, int, VagueEntry]] = []
    for i, m in lex.vague_set.findall(text, chars):
        entry = lex.vague[i]
        start, end = m.span()
        if any(start >= off and text.startswith(phrase, start - off) for off, phrase in entry.exclude):
            continue
        if entry.skip_if_time:
            s, e = splits.sentence(start)
            if _within(times, s, e):
                continue
        found.append((start, end, entry))
    return _non_overlapping(found)


def _vague_hits(text: str, found: list[tuple[int, int, VagueEntry]], splits: _Splits) -> list[VagueHit]:
    hits: list[VagueHit] = []
    rewritten: dict[tuple[int, int], str] = {}
    for start, end, entry in found:
        c_start, c_end = splits.clause(start)
        key = (c_start, c_end)
        if key not in rewritten:
            inside = [(s - c_start, e - c_start, en) for s, e, en in found if c_start <= s < c_end]
            rewritten[key] = rewrite_clause(text[c_start:c_end], inside)
        suggestion = rewritten[key]
        if not suggestion or suggestion == text[c_start:c_end].strip():
            suggestion = entry.advice
        hits.append(VagueHit(text[start:end], start, end, suggestion, entry.type, entry.label, entry.advice))
    return hits


def _buck_suggestion(m: re.Match[str], index: int, lex: Lexicon) -> str:
    if lex.buck[index].suggestion:
        return lex.buck[index].suggestion
    unit = lex.buck_set.group(index, m, UNIT_GROUP) or ""
    unit = _UNIT_TAIL.sub("", unit)
    if len(unit) >= 2 and not _BAD_UNIT.search(unit) and not lex.vague_set.search(unit, set(unit)):
        return lex.buck_with_unit.format(unit=unit)
    return lex.buck_without_unit


def _phrases(text: str, chars: set[str], lex: Lexicon, *, buck: bool) -> list[PhraseHit]:
    entries = lex.buck if buck else lex.impatience
    patterns = lex.buck_set if buck else lex.impatience_set
    spans: list[tuple[int, int, PhraseHit]] = []
    for i, m in patterns.findall(text, chars):
        if m.start() == m.end():
            continue
        suggestion = _buck_suggestion(m, i, lex) if buck else entries[i].suggestion
        spans.append(
            (m.start(), m.end(), PhraseHit(m.group(), m.start(), m.end(), suggestion, entries[i].name))
        )
    return [hit for _, _, hit in _non_overlapping(spans)]


def _commitment(
    text: str,
    chars: set[str],
    lex: Lexicon,
    times: list[tuple[int, int]],
    vague: list[tuple[int, int, VagueEntry]],
    splits: _Splits,
) -> bool:
    """A sentence that names a concrete time and an action, with no vague word in it."""
    if not times:
        return False
    actions = lex.actions.spans(text)
    for s, e in splits.sentences():
        if _within(times, s, e) and _within(actions, s, e) and not any(s <= v[0] < e for v in vague):
            return True
    return False


def lint(text: str) -> LintResult:
    """Check one operator reply; raise `InputError` for text that cannot be checked (empty, too long…)."""
    text, notes = _normalise(text)
    lex = lexicon()
    chars = set(text)
    times = lex.times.spans(text)
    splits = _Splits(text)
    found = _find_vague(text, chars, lex, times, splits)
    moves = Moves(
        restatement=lex.moves["restatement"].search(text),
        acceptance=lex.moves["acceptance"].search(text),
        responsibility=lex.moves["responsibility"].search(text),
        commitment=_commitment(text, chars, lex, times, found, splits),
    )
    return LintResult(
        vague=_vague_hits(text, found, splits),
        buck_passing=_phrases(text, chars, lex, buck=True),
        impatience=_phrases(text, chars, lex, buck=False),
        moves=moves,
        notes=notes,
    )
